"""The vocabulary that flows through the assistant: notices, tasks, units with roles, answers.

Every type here is a frozen dataclass or an Enum; this module imports nothing else
of the project, so any module may depend on it.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any, Literal

_ARTICLE = re.compile(r"第[一二三四五六七八九十百零〇两]{1,4}条")  # a task numbered as an article (第三条)

Lang = Literal["zh", "en"]


class Role(StrEnum):
    """What a notice says a unit does for a task."""

    LEAD = "lead"  # 牵头 (牵头单位, X牵头, or first-listed where the notice says so)
    RESPONSIBLE = "responsible"  # 责任/配合/参与/协办单位, 负责部门 …: takes part, does not lead
    SHARED = "shared"  # 按职责分工负责: every listed unit shares the task and no lead is named

    @property
    def zh(self) -> str:
        return {"lead": "牵头单位", "responsible": "责任单位", "shared": "按职责分工负责"}[self.value]


@dataclass(frozen=True, slots=True)  # slots: an index of 100k tasks holds ~300k of these
class UnitRole:
    """One unit named by a task, with its role and the notice's own word for it."""

    name: str
    role: Role
    label: str = ""  # as written: 牵头单位, 配合单位, 责任部门; "" when the clause has no label

    def to_dict(self) -> dict[str, str]:
        return {"name": self.name, "role": self.role.value, "label": self.label}


@dataclass(frozen=True)
class Section:
    """A top-level part of a notice (``一、深入实施创新驱动发展战略``)."""

    number: int
    title: str
    mark: str = ""  # its mark as the notice writes it before the title (五、, 第五部分 ), when the title follows it

    @property
    def written(self) -> str:
        """The heading as the notice writes it (五、深入推进黄河重大国家战略), or its title alone."""
        return f"{self.mark}{self.title}"


@dataclass(frozen=True)
class Heading:
    """A heading below the sections that tasks stand under (``（三）强化知识产权保护``): its path as
    ``Task.path`` writes it (``("二", "（三）")``) and its title as written."""

    path: tuple[str, ...]
    title: str

    def to_dict(self) -> dict[str, Any]:
        return {"path": list(self.path), "title": self.title}


@dataclass(frozen=True)
class ParseWarning:
    """Something the parser could not read as the genre expects; the notice is still indexed."""

    kind: Literal["numbering_gap", "numbering_repeat", "numbering_restart", "no_units", "unsplit_clause", "truncated",
                  "format", "merged_cell"]
    message: str  # in Chinese, for staff
    line: int = 0
    task: str = ""  # the task's key, when the warning is about one task

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Notice:
    """One published notice: its header facts and where it came from.

    ``doc_id`` is the 文号 (``山政办字〔2023〕28号``) when the text carries one, else
    the title (with the date when there is one); it names the notice in every citation.
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
    lead_convention: str = ""  # the notice's own sentence saying which listed unit leads ("" when none)
    numbering: Literal["continuous", "per-section"] = "continuous"
    original_name: str = ""  # the file name it was uploaded as ("" when it was placed in the folder)
    warnings: tuple[ParseWarning, ...] = ()
    # the notice's own paragraphs outside its tasks (总体目标, 时间安排 …), as written: facts no task states
    passages: tuple[str, ...] = ()
    headings: tuple[Heading, ...] = ()  # the headings below the sections, in order

    @property
    def full_title(self) -> str:
        """The formal title as a 公文 writes it (发文机关 + 事由 + 文种): the issuer before a title that opens with
        关于 and does not name it already."""
        plain = self.title.strip("《》")
        return self.issuer + plain if self.issuer and plain.startswith("关于") else plain

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["warnings"] = [w.to_dict() for w in self.warnings]
        d["headings"] = [h.to_dict() for h in self.headings]
        return d


@dataclass(frozen=True, slots=True)  # slots: ~500 bytes less per task than an instance __dict__
class Task:
    """One task of a notice, with the original text kept for display.

    ``text`` is the task as written without its number mark and unit clause;
    ``units_text`` is the unit clause exactly as written (without brackets), or
    "" when the task names no units; ``units`` are parsed from it, each with a role.
    ``seq`` is the task's position in its notice (1 = first); ``number`` is the
    number in its own mark, which repeats across sections when the notice numbers
    each section afresh (``ref`` then says which section).
    """

    doc_id: str
    seq: int
    number: int
    section: int
    section_title: str
    title: str
    text: str
    units: tuple[UnitRole, ...]
    units_text: str
    line: int  # 1-based line of the task in its source text
    ref: str = ""  # "" when numbers are unique in the notice; else the headings that make them so: 第三部分（二）, 附表1
    deadline: str = ""  # 完成时限 as written in the clause, "" when none
    and_others: bool = False  # the clause ends 等有关部门: the list is not complete
    path: tuple[str, ...] = ()  # the headings above the task: 二 (二、 or 第二部分), （三）, 附 (an attachment or table)
    mark: str = ""  # its own number mark as a question names it: （九）, 9 ("" when not known)

    @property
    def lead_units(self) -> tuple[str, ...]:
        return tuple(u.name for u in self.units if u.role is Role.LEAD)

    @property
    def responsible_units(self) -> tuple[str, ...]:
        return tuple(u.name for u in self.units if u.role is Role.RESPONSIBLE)

    @property
    def shared_units(self) -> tuple[str, ...]:
        return tuple(u.name for u in self.units if u.role is Role.SHARED)

    @property
    def unit_names(self) -> tuple[str, ...]:
        return tuple(u.name for u in self.units)

    def role_of(self, unit: str) -> Role | None:
        return next((u.role for u in self.units if u.name == unit), None)

    @property
    def key(self) -> str:
        """Unique within the notice: ``26``, or ``第三部分.2`` where numbers restart by section."""
        return f"{self.ref}.{self.number}" if self.ref else str(self.number)

    @property
    def id(self) -> str:
        """Stable id from document and number: ``山政办字〔2023〕28号#26``."""
        return f"{self.doc_id}#{self.key}"

    @property
    def label(self) -> str:
        """How staff cite it: ``第26项``, or ``第三部分第2项`` where numbers restart by section; an article by its
        own mark (``第三条``)."""
        if _ARTICLE.fullmatch(self.mark):
            return f"{self.ref}{self.mark}"
        return f"{self.ref}第{self.number}项"

    @property
    def label_en(self) -> str:
        """The label in an English answer: ``task 26``, or ``第三部分 item 2`` where numbers restart by section."""
        if _ARTICLE.fullmatch(self.mark):
            return f"{self.ref}{self.mark}"
        return f"{self.ref} item {self.number}" if self.ref else f"task {self.number}"

    @property
    def label_en_head(self) -> str:
        """``label_en`` opening a sentence: ``Task 26``."""
        return self.label_en[:1].upper() + self.label_en[1:]

    def units_phrase(self) -> str:
        """The units as the notice assigns them: ``牵头单位：A；配合单位：B`` or ``A、B按职责分工负责``.

        >>> Task("D", 50, 50, 6, "", "t", "t", (UnitRole("区司法局", Role.SHARED),), "", 1).units_phrase()
        '区司法局按职责分工负责'
        """
        parts: list[str] = []
        for role in Role:
            group = [u for u in self.units if u.role is role]
            if not group:
                continue
            names = "、".join(u.name for u in group) + ("等" if self.and_others and role is not Role.LEAD else "")
            if role is Role.SHARED:
                parts.append(f"{names}按职责分工负责")
                continue
            labels = list(dict.fromkeys(u.label for u in group if u.label))
            label = labels[0] if len(labels) == 1 and labels[0].endswith(("单位", "部门")) else role.zh
            parts.append(f"{label}：{names}")
        return "；".join(parts)

    def citation(self) -> str:
        """The copy-ready citation for drafts, saying each unit's role as the notice does.

        >>> t = Task("山政办字〔2023〕28号", 26, 26, 3, "", "推进城市更新行动", "", (UnitRole("区住房和城乡建设局", Role.LEAD),), "", 1)
        >>> t.citation()
        '（山政办字〔2023〕28号 第26项，牵头单位：区住房和城乡建设局）'
        """
        if self.lead_units:
            units = f"，牵头单位：{'、'.join(self.lead_units)}"
        elif self.units:
            units = f"，{self.units_phrase()}"
        else:
            units = ""
        return f"（{self.doc_id} {self.label}{units}）"

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["units"] = [u.to_dict() for u in self.units]
        d.update(id=self.id, key=self.key, label=self.label, lead_units=list(self.lead_units),
                 responsible_units=list(self.responsible_units), shared_units=list(self.shared_units))
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any], shared: dict | None = None) -> Task:
        """Inverse of :meth:`to_dict`. ``shared``, a dict kept across calls, makes equal strings, paths and
        unit roles one object each (loading 100k tasks repeats a few hundred of them)."""
        names = cls.__dataclass_fields__
        raw = {k: (tuple(v) if isinstance(v, list) else v) for k, v in d.items() if k in names}
        units = tuple(UnitRole(u["name"], Role(u["role"]), u.get("label", "")) for u in d["units"])
        if shared is not None:
            for k in ("doc_id", "section_title", "ref", "deadline", "path"):
                if k in raw:
                    raw[k] = shared.setdefault(raw[k], raw[k]) if isinstance(raw[k], str | tuple) else raw[k]
            units = shared.setdefault(units, tuple(shared.setdefault(u, u) for u in units))
        raw["units"] = units
        return cls(**raw)


@dataclass(frozen=True)
class Hit:
    """A task found for a question, with the score that ranked it."""

    task: Task
    score: float
    source: Literal["dense", "bm25", "hybrid", "filter", "number"] = "hybrid"


@dataclass(frozen=True)
class Citation:
    """A cited task as it leaves the library (CLI JSON, UI chips)."""

    doc: str
    task: int  # the number in the task's own mark
    seq: int  # position in its notice
    label: str  # 第26项 / 第三部分第2项
    title: str
    units: tuple[UnitRole, ...]
    score: float
    citation: str  # copy-ready text for drafts
    role: str = ""  # for unit lists: the unit's role in this task ("lead", "responsible", "shared"); else ""
    matched: tuple[str, ...] = ()  # the question's terms found in the task (why it is in a list)

    @classmethod
    def of(cls, task: Task, score: float = 1.0, role: str = "", matched: tuple[str, ...] = ()) -> Citation:
        return cls(task.doc_id, task.number, task.seq, task.label, task.title, task.units,
                   round(float(score), 4), task.citation(), role, matched)

    @property
    def lead_units(self) -> tuple[str, ...]:
        return tuple(u.name for u in self.units if u.role is Role.LEAD)

    @property
    def responsible_units(self) -> tuple[str, ...]:
        return tuple(u.name for u in self.units if u.role is Role.RESPONSIBLE)

    @property
    def shared_units(self) -> tuple[str, ...]:
        return tuple(u.name for u in self.units if u.role is Role.SHARED)

    def to_dict(self) -> dict[str, Any]:
        return {"doc": self.doc, "task": self.task, "seq": self.seq, "label": self.label, "title": self.title,
                "lead_units": list(self.lead_units), "responsible_units": list(self.responsible_units),
                "shared_units": list(self.shared_units), "units": [u.to_dict() for u in self.units],
                "score": self.score, "citation": self.citation, "role": self.role, "matched": list(self.matched)}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Citation:
        """Inverse of :meth:`to_dict` (the lead/responsible/shared lists are read from ``units``)."""
        units = tuple(UnitRole(u["name"], Role(u["role"]), u.get("label", "")) for u in d.get("units", ()))
        return cls(d["doc"], int(d["task"]), int(d.get("seq", d["task"])), d.get("label") or f"第{d['task']}项",
                   d.get("title", ""), units, float(d.get("score", 0.0)), d.get("citation", ""), d.get("role", ""),
                   tuple(d.get("matched", ())))


AnswerKind = Literal["task", "list", "count", "figure", "field", "metadata", "search", "abstain", "clarify"]


@dataclass(frozen=True)
class Context:
    """What a follow-up took over from an earlier turn of the conversation."""

    from_turn: int  # 1-based index into the history
    inherited: tuple[str, ...]  # e.g. ("task 38",), ("unit 区发展和改革局",), ("results of turn 1",)

    def to_dict(self) -> dict[str, Any]:
        return {"from_turn": self.from_turn, "inherited": list(self.inherited)}


@dataclass(frozen=True)
class Answer:
    """What the assistant says: a short answer first, then its evidence.

    ``kind`` names what was asked (a task, a list, a count, a figure, a field of a
    task, the notice's header) or that the notice does not answer it (``abstain``).
    ``highlights`` maps a task id to the sentences of its text that answered.
    """

    question: str
    answer: str
    abstained: bool
    citations: tuple[Citation, ...]
    related: tuple[Citation, ...] = ()
    kind: AnswerKind = "search"
    lang: Lang = "zh"
    highlights: tuple[tuple[str, tuple[str, ...]], ...] = field(default=())
    context: Context | None = None
    query: dict[str, Any] | None = None  # the typed query it was read as, for display and debugging

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "question": self.question,
            "answer": self.answer,
            "abstained": self.abstained,
            "kind": self.kind,
            "lang": self.lang,
            "citations": [c.to_dict() for c in self.citations],
            "related": [c.to_dict() for c in self.related],
        }
        if self.context is not None:
            d["context"] = self.context.to_dict()
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Answer:
        """Inverse of :meth:`to_dict` (highlights and the query are not part of it)."""
        context = d.get("context")
        return cls(d.get("question", ""), d.get("answer", ""), bool(d.get("abstained")),
                   tuple(Citation.from_dict(c) for c in d.get("citations", ())),
                   tuple(Citation.from_dict(c) for c in d.get("related", ())), d.get("kind", "search"),
                   d.get("lang", "zh"),
                   context=Context(int(context["from_turn"]), tuple(context["inherited"])) if context else None)

    def text_with_citations(self) -> str:
        """The answer followed by one draft citation per line, ready to paste."""
        lines = [self.answer]
        lines += [f"- {c.label} {c.title} {c.citation}" for c in self.citations]
        return "\n".join(lines)
