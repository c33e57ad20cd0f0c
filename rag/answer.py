"""Question (and the conversation before it) → answer: read → resolve → execute → compose.

Each step is its own module: :mod:`rag.understand` reads a question into a typed
:class:`~rag.query.Query`, :mod:`rag.conversation` fills a follow-up from the turn
before, :mod:`rag.execute` runs the query over the records, :mod:`rag.compose` writes
the answer. No LLM is involved.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from .compose import Composer
from .conversation import Message, Turn, exchanges, resolve
from .errors import QuestionError
from .execute import Executor
from .lazy_regex import lazy_compile
from .lexicon import Lexicon
from .memo import Memo, configured_size
from .query import Ask, Match, Query, Result, RowsFilter
from .retrieve import HybridRetriever
from .store import LoadedIndex
from .text import norm
from .types import Answer
from .understand import MAX_QUESTION_CHARS, Reader, validate_question

MAX_HISTORY = 8  # earlier turns a follow-up may lean on
_QUESTION_BREAK = lazy_compile(r"[？?]+")
# task numbers a reply cites: 第26项, 第28、52、53项, 第5项和第8项, task 26, tasks 77 and 86
_CITED_NUMBERS = lazy_compile(r"第\d{1,4}(?:\s*[项条]?\s*(?:、|,|，|和|及|与|至|到|-|—|–|~|～)\s*第?\d{1,4})*\s*(?:项|条)"
                            r"|\btasks?\s+\d{1,4}(?:\s*(?:,|and|&|to|-|–)\s*\d{1,4})*\b")
_RANGE = lazy_compile(r"(\d{1,4})\s*[条项]?\s*(?:至|到|-|—|–|~|～|to)\s*第?(\d{1,4})")  # 第1至第8条: every task between
MAX_RANGE = 200

__all__ = ["Answerer", "MAX_HISTORY", "MAX_QUESTION_CHARS", "validate_question"]


def _counted_in(query: Query, turn: Turn | None) -> Result | None:
    """The answer whose items the question's ordinals count: the last turn's, or — when it told fewer than the
    n-th (农业农村局牵头哪些 → 第一个讲啥 → 第二个呢), or told one task, which is no list to count in
    (养老相关的有哪些 → 27那条谁牵头 → 回到第一个) — the most recent list before it."""
    if turn is None:
        return None
    told = len({m.row for m in turn.result.matches})
    wanted = max((k for k in query.ordinals if k > 0), default=0)
    if (wanted > told or told == 1) and len(turn.last_list) >= max(wanted, 2):
        return replace(turn.result, matches=tuple(Match(r, 1.0) for r in turn.last_list))
    return turn.result


class Answerer:
    """Answers questions over one loaded index; safe to share between threads."""

    def __init__(self, index: LoadedIndex, retriever: HybridRetriever, lexicon: Lexicon):
        self.index, self.retriever, self.lexicon = index, retriever, lexicon
        self.reader = Reader(lexicon)
        self.memo: Memo[Answer] = Memo(configured_size())  # repeats of a question over this index
        self.executor = Executor(index, retriever, lexicon)
        self.composer = Composer(lexicon)
        self._labels_of: dict[str, tuple[list[tuple[str, int]], dict[int, list[int]]]] = {}  # _labels, per notice
        self._checker = None  # rag.draft.DraftChecker, made on the first sentence to check
        self._rows: dict[tuple[str, int], int] | None = None

    def answer(self, question: str, history: Sequence[Message] = ()) -> Answer:
        """Answer one question; ``history`` holds the conversation before it, oldest first: the earlier
        questions, or chat messages ``{"role": "user" | "assistant", "content": …}`` (a follow-up then leans
        on the tasks each reply cited, as the user was told them).

        Raises:
            QuestionError: the question is empty, too long, or not text; or history is not a list of questions
            and messages.
        """
        validate_question(question)
        if isinstance(history, str) or not isinstance(history, Sequence):
            raise QuestionError("history must be a list of earlier questions")
        earlier = tuple(exchanges(history))
        if not all(isinstance(q, str) for q, _ in earlier):  # an unusable line breaks the thread (see _replay)
            return self._answer(question, list(earlier))
        return self.memo.get_or_make((question, earlier), lambda: self._answer(question, list(earlier)))

    def _answer(self, question: str, history: list[tuple[object, str]]) -> Answer:
        turn = self._replay(history[-MAX_HISTORY:], first=max(1, len(history) - MAX_HISTORY + 1))
        if two := self._two_questions(question, turn):
            return two
        query = resolve(self._read(question, turn), turn, self._label, self._number, self._holds)
        if query.statement and (checked := self._check(query)):
            return checked
        result = self.executor.run(query, _counted_in(query, turn))
        return self.composer.answer(result)

    def _check(self, query: Query) -> Answer | None:
        """草稿写“…”，对不对: the pasted sentence checked as a draft's is (rag.draft) — what it says against the task
        its words (or, if they are not clear, its cited number) point at — the problems first, then the task with
        its units and the citation to paste. None when the sentence points at no task (then read as asked)."""
        if self._checker is None:
            from .draft import DraftChecker  # the draft checker reads with this answerer's reader and executor

            self._checker = DraftChecker(self)
        check = self._checker.check_sentence(1, query.statement)
        if not check.citations:
            return None
        if self._rows is None:  # (doc id, seq) → row, built once for this index
            self._rows = {(t.doc_id, t.seq): r for r, t in enumerate(self.index.tasks)}
        about = tuple(self._rows[(c.doc, c.seq)] for c in check.citations[:1])
        told = replace(query, filters=(RowsFilter(about),), ask=Ask.BEST, field="units", claim=(), claim_props=(),
                       also=(), cite=True, bare=False)
        answer = self.composer.answer(self.executor.run(told))
        return replace(answer, answer=self.composer.checked(check, query.lang) + "\n" + answer.answer,
                       query={**(answer.query or {}), "check": check.to_dict()})

    def _read(self, question: str, turn: Turn | None) -> Query:
        """The question read; after a question about the notice itself (这个通知文号是多少), one that names
        nothing else (啥时候发的) is about the notice too — read as if it said so."""
        query = self.reader.read(question)
        if (turn is None or turn.query.ask is not Ask.HEADER or query.ask is Ask.HEADER or query.filters
                or (query.topic and (query.topic.terms or query.topic.places))):
            return query
        about = self.reader.read(f"{'the notice: ' if query.lang == 'en' else '这份文件'}{question}")
        return replace(about, question=question) if about.ask is Ask.HEADER else query

    def _two_questions(self, question: str, turn: Turn | None) -> Answer | None:
        """这条归哪个部门？它还牵头了别的吗: two questions in one message, the second a list that leans on the
        first's answer — each answered in turn, as a conversation would (None when the message is not so)."""
        parts = [p for p in _QUESTION_BREAK.split(question) if len(re.findall(r"[\u4e00-\u9fffA-Za-z]", p)) >= 2]
        if len(parts) != 2:
            return None
        later = self.reader.read(parts[1])
        if later.ask not in (Ask.LIST, Ask.COUNT):
            return None
        first = resolve(self.reader.read(parts[0]), turn, self._label, self._number, self._holds)
        if first.ask is not Ask.BEST:
            return None
        result = self.executor.run(first, turn.result if turn else None)
        answered = self.composer.answer(result)
        if answered.abstained or not result.matches:
            return None
        told = Turn.after(first, result, turn.number + 1 if turn else 1, turn, self._leads, self._section)
        second = resolve(later, told, self._label, self._number, self._holds)
        if not second.inherited:  # a question of its own: the message is read whole
            return None
        after = self.executor.run(second, result)
        if {m.row for m in after.matches} <= {m.row for m in result.matches}:
            return None  # 谁牵头？有哪些责任单位？: the same task again, which the message read whole answers
        then = self.composer.answer(after)
        cited = {(c.doc, c.seq) for c in answered.citations}
        return replace(answered, question=question, answer=f"{answered.answer}\n{then.answer}",
                       citations=answered.citations + tuple(c for c in then.citations if (c.doc, c.seq) not in cited),
                       highlights=answered.highlights + then.highlights,
                       query={**(answered.query or {}), "then": then.query})

    def _replay(self, history: list[tuple[object, str]], first: int) -> Turn | None:
        """Read and run the earlier turns, each in the light of the one before; a turn whose reply is given
        is about the tasks that reply cited."""
        turn = None
        for k, (earlier, reply) in enumerate(history, start=first):
            try:
                query = resolve(self.reader.read(earlier), turn, self._label, self._number, self._holds)
            except QuestionError:
                turn = None  # an unusable earlier line breaks the thread; later turns start afresh
                continue
            turn = Turn.after(query, self.executor.run(query, turn.result if turn else None), k, turn, self._leads,
                              self._section)
            if reply:
                turn = turn.told(self._cited(reply, turn), self._leads)
        return turn

    def _cited(self, reply: str, turn: Turn) -> tuple[int, ...]:
        """The rows of the tasks a reply cites, in its order: by their labels as the notice numbers them
        (第二部分（一）第4项, 第26项, 第28、52、53项) or in English (task 26, tasks 77 and 86); within the
        notice of the turn's answer when it has one."""
        parts, by_number = self._labels(turn.doc)
        text = norm(reply)
        found: list[tuple[int, int]] = []  # (position, row)
        taken = [False] * len(text)
        for label, row in parts:
            for m in re.finditer(re.escape(label), text):
                if not any(taken[m.start():m.end()]):
                    taken[m.start():m.end()] = [True] * (m.end() - m.start())
                    found.append((m.start(), row))
        for m in _CITED_NUMBERS.finditer(text):
            if any(taken[m.start():m.end()]):
                continue
            spans = [(k.start(), int(k.group(1)), int(k.group(2))) for k in _RANGE.finditer(m.group(0))]
            ranged = {k.start(2) for k in _RANGE.finditer(m.group(0))}
            numbers = [(k.start(), int(k.group(0)), int(k.group(0))) for k in re.finditer(r"\d+", m.group(0))
                       if not any(a == k.start() for a, _, _ in spans) and k.start() not in ranged]
            for at_, first, last in sorted(spans + numbers):
                for number in range(first, min(last, first + MAX_RANGE) + 1) if first <= last else ():
                    at = by_number.get(number, [])
                    if len(at) == 1:
                        found.append((m.start() + at_, at[0]))
        return tuple(dict.fromkeys(r for _, r in sorted(found)))

    def _labels(self, doc: str) -> tuple[list[tuple[str, int]], dict[int, list[int]]]:
        """One notice's tasks (every notice's for ``doc`` ""): the labels that name a part (第二部分（一）第4项), each
        of one task, longest first, with its row; and the rows by number. Built once per notice for this index
        (a reply is read on every follow-up that carries it)."""
        cached = self._labels_of.get(doc)
        if cached is None:
            by_label: dict[str, list[int]] = {}
            by_number: dict[int, list[int]] = {}
            for r, t in enumerate(self.index.tasks):
                if not doc or t.doc_id == doc:
                    by_label.setdefault(norm(t.label), []).append(r)
                    by_number.setdefault(t.number, []).append(r)
            parts = sorted(((lb, rs[0]) for lb, rs in by_label.items() if len(rs) == 1 and "部分" in lb),
                           key=lambda p: len(p[0]), reverse=True)
            cached = self._labels_of[doc] = (parts, by_number)
        return cached

    def _section(self, row: int) -> tuple[str, int]:
        t = self.index.tasks[row]
        return t.doc_id, t.section

    def _holds(self, row: int, groups: tuple[tuple[str, ...], ...]) -> bool:
        """Whether a task's title or text holds a word of every group (展会, or a kind of it: 博览会)."""
        t = self.index.tasks[row]
        text = norm(f"{t.title} {t.text}")
        return all(any(norm(w) in text for w in group) for group in groups)

    def _leads(self, row: int) -> tuple[str, ...]:
        """A task's units, its leads first (这个局 after it is the first lead; 这两个单位 the first two)."""
        t = self.index.tasks[row]
        return tuple(dict.fromkeys(t.lead_units + t.unit_names))

    def _number(self, row: int) -> int:
        return self.index.tasks[row].number

    def _label(self, row: int) -> str:
        t = self.index.tasks[row]
        return t.key if len(self.lexicon.notices) == 1 else t.id
