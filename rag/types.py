"""The vocabulary that flows through the assistant: notices, tasks, hits, answers.

Every type here is a frozen dataclass; this module imports nothing else of the
project, so any module may depend on it.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class Section:
    """A numbered part of a notice (``一、深入实施创新驱动发展战略``)."""

    number: int
    title: str


@dataclass(frozen=True)
class Notice:
    """One published notice: its header facts and where it came from.

    ``doc_id`` is the 文号 (``山政办字〔2023〕28号``) when the text carries one,
    otherwise the file stem; it names the notice in every citation.
    """

    doc_id: str
    title: str
    issuer: str
    date: str  # as written, e.g. "2023年9月22日"; "" when absent
    basis: tuple[str, ...]  # higher-level documents it implements, as written
    sections: tuple[Section, ...]
    recipients: str  # 主送 line, as written; "" when absent
    disclosure: str  # e.g. "此件公开发布"; "" when absent
    source: str  # file name inside the corpus folder
    sha256: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Task:
    """One numbered task of a notice, with the original text kept for display.

    ``text`` is the task as written without its number mark and unit clause;
    ``units_text`` is the unit clause exactly as written (without brackets), or
    "" when the task names no units; ``lead_units``/``responsible_units`` are
    parsed from it.
    """

    doc_id: str
    number: int
    section: int
    section_title: str
    title: str
    text: str
    lead_units: tuple[str, ...]
    responsible_units: tuple[str, ...]
    units_text: str
    line: int  # 1-based line of the task in its source file

    @property
    def id(self) -> str:
        """Stable id from document and number: ``山政办字〔2023〕28号#26``."""
        return f"{self.doc_id}#{self.number}"

    def citation(self) -> str:
        """The copy-ready citation for drafts.

        >>> t = Task("山政办字〔2023〕28号", 26, 3, "", "推进城市更新行动。", "", ("区住房和城乡建设局",), (), "", 1)
        >>> t.citation()
        '（山政办字〔2023〕28号 第26项，牵头单位：区住房和城乡建设局）'
        """
        if self.lead_units:
            units = f"，牵头单位：{'、'.join(self.lead_units)}"
        elif self.responsible_units:
            units = f"，责任单位：{'、'.join(self.responsible_units)}"
        else:
            units = ""
        return f"（{self.doc_id} 第{self.number}项{units}）"

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["id"] = self.id
        return d


@dataclass(frozen=True)
class Hit:
    """A task found for a question, with the score that ranked it."""

    task: Task
    score: float
    source: str  # which route found it: "dense", "bm25", "hybrid", "number", "unit", "section"


@dataclass(frozen=True)
class Citation:
    """A cited task as it leaves the library (CLI JSON, UI chips)."""

    doc: str
    task: int
    title: str
    lead_units: tuple[str, ...]
    responsible_units: tuple[str, ...]
    score: float
    citation: str  # copy-ready text for drafts
    role: str = ""  # for unit lists: "lead" or "responsible"; otherwise ""

    @classmethod
    def of(cls, hit: Hit, role: str = "") -> Citation:
        t = hit.task
        return cls(t.doc_id, t.number, t.title, t.lead_units, t.responsible_units,
                   round(float(hit.score), 4), t.citation(), role)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["lead_units"] = list(self.lead_units)
        d["responsible_units"] = list(self.responsible_units)
        return d


@dataclass(frozen=True)
class Answer:
    """What the assistant says: a short answer first, then its evidence.

    ``kind`` names the route that produced it (``task``, ``unit_list``,
    ``section_list``, ``metadata``, ``search``, ``abstain``, ``invalid``).
    ``highlights`` maps a task id to the sentences of its text that answered.
    """

    question: str
    answer: str
    abstained: bool
    citations: tuple[Citation, ...]
    related: tuple[Citation, ...] = ()
    kind: str = "search"
    lang: str = "zh"
    highlights: tuple[tuple[str, tuple[str, ...]], ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        return {
            "question": self.question,
            "answer": self.answer,
            "abstained": self.abstained,
            "kind": self.kind,
            "lang": self.lang,
            "citations": [c.to_dict() for c in self.citations],
            "related": [c.to_dict() for c in self.related],
        }

    def text_with_citations(self) -> str:
        """The answer followed by one draft citation per line, ready to paste."""
        lines = [self.answer]
        lines += [f"- 第{c.task}项 {c.title} {c.citation}" for c in self.citations]
        return "\n".join(lines)
