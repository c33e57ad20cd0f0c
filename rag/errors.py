"""The library's exceptions. Library code raises these; only the CLI and the UI
turn them into messages and exit codes."""

from __future__ import annotations


class PolicyQAError(Exception):
    """Base class: every error the assistant raises on purpose."""


class NoticeError(PolicyQAError):
    """A notice file cannot be read or parsed; names the file and, where known, the line."""

    def __init__(self, source: str, message: str, line: int | None = None):
        self.source, self.line, self.reason = source, line, message
        where = f"{source}, line {line}" if line else source
        super().__init__(f"{where}: {message}")


class CorpusError(PolicyQAError):
    """The corpus folder as a whole is unusable (missing, empty, duplicate notices)."""


class IndexError_(PolicyQAError):
    """Base for index problems; the message says which command fixes it."""


class IndexMissing(IndexError_):
    """No index has been built yet."""


class IndexCorrupt(IndexError_):
    """An index file is damaged, truncated or does not match the manifest."""


class IndexMismatch(IndexError_):
    """The index was built with another embedder or from another version of the corpus."""


class IndexConflict(IndexError_):
    """A build on a shared store started from a generation that another server replaced meanwhile; it was not
    switched to (sync the corpus to the live generation and build again)."""


class EmbedderError(PolicyQAError):
    """The embedding model cannot be loaded or used (missing package, missing model folder)."""


class QuestionError(PolicyQAError, ValueError):
    """The question itself is unusable (empty, too long)."""
