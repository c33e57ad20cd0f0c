"""The corpus: a folder of notices as published, one document per file."""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .errors import CorpusError, NoticeError
from .parse import SUFFIXES, ParsedNotice, parse_bytes, read_notice
from .types import Notice, Task


@dataclass(frozen=True)
class Corpus:
    """All notices of a corpus folder, parsed, in file-name order."""

    folder: Path
    documents: tuple[ParsedNotice, ...]

    @property
    def notices(self) -> tuple[Notice, ...]:
        return tuple(d.notice for d in self.documents)

    @property
    def tasks(self) -> tuple[Task, ...]:
        return tuple(t for d in self.documents for t in d.tasks)

    def fingerprint(self) -> dict[str, str]:
        """File name → SHA-256, as recorded in the index manifest."""
        return {d.notice.source: d.notice.sha256 for d in self.documents}


def notice_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in SUFFIXES
                  and not p.name.startswith("."))


def fingerprint_files(folder: str | Path) -> dict[str, str]:
    """File name → SHA-256 for the notice files of a folder, without parsing them."""
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in notice_files(Path(folder))}


def load_corpus(folder: str | Path) -> Corpus:
    """Parse every ``.txt``/``.docx`` notice in a folder.

    Raises:
        CorpusError: the folder is missing or holds no notice, or two files are
            the same notice (same 文号).
        NoticeError: a file cannot be parsed (names the file and line).
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise CorpusError(f"corpus folder {str(folder)!r} does not exist")
    files = notice_files(folder)
    if not files:
        raise CorpusError(f"corpus folder {str(folder)!r} holds no .txt or .docx notice")
    docs = [read_notice(p) for p in files]
    seen: dict[str, str] = {}
    for d in docs:
        other = seen.setdefault(d.notice.doc_id, d.notice.source)
        if other != d.notice.source:
            raise CorpusError(f"{d.notice.source} and {other} are the same notice ({d.notice.doc_id}); remove one")
    return Corpus(folder, tuple(docs))


def check_new_notice(corpus: Corpus, data: bytes, filename: str) -> ParsedNotice:
    """Parse an uploaded notice and check it can join the corpus; nothing is written.

    Raises:
        NoticeError: unreadable, no tasks, bad numbering, or already in the corpus.
    """
    if Path(filename).suffix.lower() not in SUFFIXES:
        raise NoticeError(filename, f"unsupported file type {Path(filename).suffix or '(none)'!r}; use .txt or .docx")
    parsed = parse_bytes(data, filename)
    for d in corpus.documents:
        if d.notice.sha256 == parsed.notice.sha256:
            raise NoticeError(filename, f"this file is already in the corpus as {d.notice.source}")
        if d.notice.doc_id == parsed.notice.doc_id:
            raise NoticeError(filename, f"notice {parsed.notice.doc_id} is already in the corpus as {d.notice.source}")
    return parsed


def add_notice(corpus: Corpus, data: bytes, filename: str) -> Path:
    """Validate a notice and write it into the corpus folder atomically.

    Returns the path written. On any error nothing in the folder changes.
    """
    parsed = check_new_notice(corpus, data, filename)
    suffix = Path(filename).suffix.lower()
    stem = re.sub(r"[^\w〔〕\-]+", "_", parsed.notice.doc_id).strip("_") or "notice"
    target = corpus.folder / f"{stem}{suffix}"
    n = 1
    while target.exists():
        n += 1
        target = corpus.folder / f"{stem}_{n}{suffix}"
    fd, tmp = tempfile.mkstemp(dir=corpus.folder, prefix=".upload-", suffix=suffix)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target
