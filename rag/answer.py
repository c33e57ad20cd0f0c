"""Question (and the conversation before it) → answer: read → resolve → execute → compose.

Each step is its own module: :mod:`rag.understand` reads a question into a typed
:class:`~rag.query.Query`, :mod:`rag.conversation` fills a follow-up from the turn
before, :mod:`rag.execute` runs the query over the records, :mod:`rag.compose` writes
the answer. No LLM is involved.
"""

from __future__ import annotations

from collections.abc import Sequence

from .compose import Composer
from .conversation import Turn, resolve
from .errors import QuestionError
from .execute import Executor
from .lexicon import Lexicon
from .memo import Memo, configured_size
from .retrieve import HybridRetriever
from .store import LoadedIndex
from .types import Answer
from .understand import MAX_QUESTION_CHARS, Reader, validate_question

MAX_HISTORY = 8  # earlier turns a follow-up may lean on

__all__ = ["Answerer", "MAX_HISTORY", "MAX_QUESTION_CHARS", "validate_question"]


class Answerer:
    """Answers questions over one loaded index; safe to share between threads."""

    def __init__(self, index: LoadedIndex, retriever: HybridRetriever, lexicon: Lexicon):
        self.index, self.retriever, self.lexicon = index, retriever, lexicon
        self.reader = Reader(lexicon)
        self.memo: Memo[Answer] = Memo(configured_size())  # repeats of a question over this index
        self.executor = Executor(index, retriever, lexicon)
        self.composer = Composer(lexicon)

    def answer(self, question: str, history: Sequence[str] = ()) -> Answer:
        """Answer one question; ``history`` holds the earlier questions of the conversation, oldest first.

        Raises:
            QuestionError: the question is empty, too long, or not text; or history is not a list of questions.
        """
        validate_question(question)
        if isinstance(history, str) or not isinstance(history, Sequence):
            raise QuestionError("history must be a list of earlier questions")
        earlier = tuple(history)
        if not all(isinstance(h, str) for h in earlier):  # an unusable line breaks the thread (see _replay)
            return self._answer(question, list(earlier))
        return self.memo.get_or_make((question, earlier), lambda: self._answer(question, list(earlier)))

    def _answer(self, question: str, history: list[str]) -> Answer:
        turn = self._replay(history[-MAX_HISTORY:], first=max(1, len(history) - MAX_HISTORY + 1))
        query = resolve(self.reader.read(question), turn, self._label, self._number)
        result = self.executor.run(query, turn.result if turn else None)
        return self.composer.answer(result)

    def _replay(self, history: list[str], first: int) -> Turn | None:
        """Read and run the earlier turns, each in the light of the one before."""
        turn = None
        for k, earlier in enumerate(history, start=first):
            try:
                query = resolve(self.reader.read(earlier), turn, self._label, self._number)
            except QuestionError:
                turn = None  # an unusable earlier line breaks the thread; later turns start afresh
                continue
            turn = Turn.after(query, self.executor.run(query, turn.result if turn else None), k, turn, self._lead,
                              self._section)
        return turn

    def _section(self, row: int) -> tuple[str, int]:
        t = self.index.tasks[row]
        return t.doc_id, t.section

    def _lead(self, row: int) -> str:
        units = self.index.tasks[row].lead_units or self.index.tasks[row].unit_names
        return units[0] if units else ""

    def _number(self, row: int) -> int:
        return self.index.tasks[row].number

    def _label(self, row: int) -> str:
        t = self.index.tasks[row]
        return t.key if len(self.lexicon.notices) == 1 else t.id
