"""policyqa: cited answers over district key-tasks notices.

Importing ``rag`` is cheap: heavy modules (FAISS, jieba, models) load on first use.

>>> from rag import Assistant          # doctest: +SKIP
>>> Assistant.open().ask("第26项谁牵头？").answer   # doctest: +SKIP
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .errors import (
    CorpusError,
    EmbedderError,
    IndexConflict,
    IndexCorrupt,
    IndexMismatch,
    IndexMissing,
    NoticeError,
    PolicyQAError,
    QuestionError,
)
from .types import Answer, Citation, Hit, Notice, Section, Task

if TYPE_CHECKING:
    from .assistant import Assistant

__all__ = ["Assistant", "Answer", "Citation", "Hit", "Notice", "Section", "Task", "PolicyQAError",
           "NoticeError", "CorpusError", "IndexMissing", "IndexCorrupt", "IndexMismatch", "IndexConflict",
           "EmbedderError", "QuestionError"]


def __getattr__(name: str):
    if name == "Assistant":
        from .assistant import Assistant

        return Assistant
    raise AttributeError(f"module 'rag' has no attribute {name!r}")
