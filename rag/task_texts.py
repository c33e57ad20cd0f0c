"""Every task's normalised text, held once.

The executor weighs evidence in each task's text, the lexicon checks whether a word occurs anywhere in
the corpus, and the unit directory looks for aliases written apart from full unit names. All three read
this one string: at 100k tasks a copy of the corpus text is tens of MB and seconds to build.
"""

from __future__ import annotations

import re
from functools import cached_property

import numpy as np

from .text import char_pairs, norm, pairs_in
from .types import Notice, Task

_BLOCK = 1024  # tasks joined at a time while building


class TaskTexts:
    """The tasks' normalised texts (section title, title, body, units), space-separated in one string, then
    the notices' header fields. ``texts[row]`` is one task's text; ``joined`` is the whole corpus's. Built
    on first use (``warm`` builds it for a server).

    >>> from rag.types import Task
    >>> t = Task("D", 1, 1, 1, "", "推进城市更新行动", "改造老旧小区１１个。", (), "", 1)
    >>> texts = TaskTexts([t, t])
    >>> texts[1]
    ' 推进城市更新行动 改造老旧小区11个. '
    >>> texts.rows_with("11个").tolist()
    [True, True]
    """

    def __init__(self, tasks: list[Task] | tuple[Task, ...], notices: list[Notice] | tuple[Notice, ...] = ()):
        self._tasks, self._notices = tasks, notices

    @cached_property
    def _built(self) -> tuple[str, np.ndarray, np.ndarray]:
        """``norm`` works character by character (NFKC composes nothing across a space), so normalising the
        parts and joining them with spaces gives the text ``norm`` gives of the whole."""
        blocks, parts = [], []  # joined a block of tasks at a time: the tasks' own strings are freed early
        bounds = np.zeros(len(self._tasks) + 1, dtype=np.int64)
        spans = np.zeros((len(self._tasks), 3), dtype=np.int32)
        at = 0
        for row, t in enumerate(self._tasks):
            section, title, body = norm(t.section_title), norm(t.title), norm(t.text)
            text = f"{section} {title} {body} {norm(t.units_text)}"
            parts.append(text)
            start = len(section) + 1
            spans[row] = (start, start + len(title), start + len(title) + 1 + len(body))
            at += len(text) + 1
            bounds[row + 1] = at
            if len(parts) == _BLOCK:
                blocks.append(" ".join(parts))
                parts = []
        blocks.append(" ".join(parts + [norm(f"{n.doc_id} {n.title} {n.issuer} {n.date} {' '.join(n.basis)} "
                                             f"{n.recipients}") for n in self._notices]))
        return " ".join(blocks), bounds, spans

    @property
    def joined(self) -> str:
        return self._built[0]

    @property
    def bounds(self) -> np.ndarray:
        """int64 (n + 1,): task row r is ``joined[bounds[r]:bounds[r + 1] - 1]``."""
        return self._built[1]

    @property
    def spans(self) -> np.ndarray:
        """int32 (n, 3): a task's title start, title end and body end, relative to its own start."""
        return self._built[2]

    def __len__(self) -> int:
        return len(self._tasks)

    def __getitem__(self, row: int) -> str:
        return self.joined[self.bounds[row]:self.bounds[row + 1] - 1]

    @property
    def tasks_end(self) -> int:
        """Where the tasks' texts end in ``joined`` (the notices' header fields follow)."""
        return int(self.bounds[-1])

    @cached_property
    def pairs(self) -> np.ndarray:
        """Every two characters side by side in ``joined`` (``char_pairs``): a word with a pair the text lacks
        is not in it, known without a scan."""
        return char_pairs(self.joined)

    def holds(self, word: str) -> bool:
        """Whether the corpus text holds ``word`` (normalised)."""
        return pairs_in(word, self.pairs) and word in self.joined

    def rows_with(self, term: str) -> np.ndarray:
        """Which tasks' texts hold ``term`` (normalised), as a boolean array over the rows: one scan of the
        joined text in C, each occurrence placed in its task by binary search. An occurrence that runs from
        one task's text into the next counts for neither."""
        hit = np.zeros(len(self), dtype=bool)
        if not term or (len(term) > 1 and not pairs_in(term, self.pairs)):
            return hit
        found = re.compile(re.escape(term)).finditer(self.joined, 0, self.tasks_end)
        at = np.fromiter((m.start() for m in found), dtype=np.int64)
        rows = self.bounds.searchsorted(at, "right") - 1
        inside = at + len(term) < self.bounds[rows + 1]
        hit[rows[inside]] = True
        return hit

    def written_apart(self, alias: str, names: list[str] | tuple[str, ...]) -> bool:
        """Whether ``alias`` occurs somewhere in the text apart from every occurrence of the full ``names``
        (normalised): 住建局 written on its own counts; 住房和城乡建设局 inside 区住房和城乡建设局, or 保障部门
        overlapping 人力资源社会保障部 in 人力资源社会保障部门, does not. An alias holding a full name never counts."""
        alias = norm(alias)
        if len(alias) < 2 or not pairs_in(alias, self.pairs):
            return False
        # an occurrence of the alias ending at E lies in a name's occurrence when the text before E ends with
        # `before` (the alias and the name's part before it) and the text from E starts with `after`
        inside: set[tuple[str, str]] = set()
        for name in names:
            if name == alias:
                continue
            if name in alias:
                return False
            k = name.find(alias)
            while k >= 0:  # the alias within the name
                inside.add((name[:k] + alias, name[k + len(alias):]))
                k = name.find(alias, k + 1)
            for n in range(1, min(len(name), len(alias))):  # the name overlapping either end of the alias
                if name.endswith(alias[:n]):
                    inside.add((name[:-n] + alias, ""))
                if name.startswith(alias[-n:]):
                    inside.add((alias, name[n:]))
        pattern = re.escape(alias) + "".join(
            f"(?!(?<={re.escape(before)}){re.escape(after)})" for before, after in sorted(inside))
        return re.search(pattern, self.joined) is not None
