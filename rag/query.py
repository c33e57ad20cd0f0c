"""One typed query per question: scope and unit filters, a topic, and what is asked.

A question is read (:mod:`rag.understand`) into a :class:`Query`; the executor
(:mod:`rag.execute`) runs it over the records; the composer (:mod:`rag.compose`)
writes the answer. A new shape of question is a new combination of these parts.

Filters are data, as in haystack: each names what a task must satisfy, and one
function (:func:`rag.execute.apply_filters`) evaluates them all.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any, Literal

from .types import Lang, Role


class Ask(StrEnum):
    """What the question wants back."""

    BEST = "best"  # the one task that answers it (who leads X, what is task 26)
    LIST = "list"  # every task that satisfies the query
    COUNT = "count"  # how many tasks satisfy it
    HEADER = "header"  # a fact of the notice itself (文号, date, issuer …)


Field = Literal["units", "lead", "responsible", "text", "figure", "deadline", "section", "title"]
BOTH_SIDES = 2  # Query.step: the tasks printed on either side of the one just answered
HeaderField = Literal["doc_id", "date", "issuer", "title", "recipients", "disclosure", "basis", "count", "sections",
                      "cited"]  # cited: documents the notices cite, described by the question (Query.cited)
Predicate = Literal["no_lead", "several_leads", "shared", "no_units", "no_support", "has_support", "has_figure", "has_date",
                    "has_measure",  # a figure in the measure word asked (以“亩”为单位的指标)
                    "and_others",  # its list of units ends 等有关部门: not every unit is named
                    "has_percent",  # a figure in per cent (百分比形式的目标值)
                    "in_body", "in_annex",  # the notice's own text, or its attachments (附件, 附表)
                    "lead_count", "support_count", "unit_count", "most_leads", "most_support", "most_units"]
CountOp = Literal["eq", "ge", "le"]
# a property of tasks asked of one task (老旧小区改造有配合单位吗 / 它有牵头单位吗) is the field that shows it
PREDICATE_FIELD: dict[str, Field] = {"has_support": "responsible", "no_support": "responsible", "no_lead": "lead",
                                     "several_leads": "lead", "no_units": "units", "shared": "units",
                                     "has_figure": "figure", "has_date": "deadline", "has_measure": "figure",
                                     "has_percent": "figure"}
# support = responsible or shared (takes part, does not lead); cooperate = responsible beside a lead (配合)
RoleScope = Literal["lead", "support", "cooperate", "shared", "any"]


@dataclass(frozen=True)
class DocFilter:
    docs: tuple[str, ...]


@dataclass(frozen=True)
class TaskFilter:
    """Tasks by their own number (``第26项``), optionally under headings (``第三部分第2项`` → ("三",),
    ``（三）第5条`` → ("（三）",), ``附件第10项`` → ("附",)); see ``Task.path``."""

    numbers: tuple[int, ...]
    path: tuple[str, ...] = ()


def in_path(key: str, path: tuple[str, ...]) -> bool:
    """Whether a heading key names a heading of ``path`` (``Task.path``): 附 names any attachment (附3)."""
    return key in path or (key == "附" and any(p.startswith("附") for p in path))


@dataclass(frozen=True)
class HeadingFilter:
    """Every task under a heading below the sections, named by its mark (``主要任务（六）里`` → ("（六）",))
    or by its title (``“强化知识产权保护”部分`` → ("二", "（三）") in that notice); ``Task.path`` keys."""

    path: tuple[str, ...]
    doc: str = ""  # the notice whose heading was named by its title ("" for any)
    title: str = ""  # that heading's title, as written


@dataclass(frozen=True)
class SectionFilter:
    sections: tuple[tuple[str, int], ...]  # (doc id or "" for any, section number)


@dataclass(frozen=True)
class UnitFilter:
    """Tasks that name ``unit`` in one of the roles of ``scope``; ``exclude`` names a role it must not have;
    ``absent``: the tasks that do not name it in those roles (责任单位里没有X的任务)."""

    unit: str
    scope: RoleScope = "any"
    exclude: RoleScope | None = None
    absent: bool = False
    nth: int = 0  # unit "" (one the conversation named): by its place there (1 the first, -1 the last), 0 in order
    partner: bool = False  # unit "": the one acted with (跟发改一起牵头的) — talked about before, or any other
    every: bool = False  # unit "": each of the units talked about, however many (这几个单位, these units)

    def roles(self) -> frozenset[Role]:
        return _SCOPES[self.scope]

    def excluded(self) -> frozenset[Role]:
        return _SCOPES[self.exclude] if self.exclude else frozenset()


_SCOPES: dict[str, frozenset[Role]] = {
    "lead": frozenset({Role.LEAD}),
    "support": frozenset({Role.RESPONSIBLE, Role.SHARED}),
    "cooperate": frozenset({Role.RESPONSIBLE}),
    "shared": frozenset({Role.SHARED}),
    "any": frozenset(Role),
}


def scope_roles(scope: RoleScope) -> frozenset[Role]:
    """The roles a role scope admits."""
    return _SCOPES[scope]


@dataclass(frozen=True)
class PredicateFilter:
    """A property of the record itself: no lead unit named, several (at least ``n``) leads, units shared …;
    ``lead_count`` / ``support_count`` / ``unit_count``: how many units it names in that role, compared to
    ``n`` by ``op``; ``most_…``: the tasks naming the most such units; ``negated``: the tasks without the
    property (联合牵头的去掉, 没写完成时限的)."""

    predicate: Predicate
    n: int = 2
    op: CountOp = "ge"
    measure: str = ""  # has_measure: the measure word its figure is in (亩, 万元); has_figure: its kind (money), "" any
    negated: bool = False


@dataclass(frozen=True)
class RowsFilter:
    """Only these tasks (rows of the loaded index): the results of an earlier turn (其中 / 它);
    with ``exclude``, every task but these (除了这项)."""

    rows: tuple[int, ...]
    exclude: bool = False


@dataclass(frozen=True)
class OthersFilter:
    """Tasks where a unit other than ``unit`` takes one of the roles of ``scope`` (除了科技局还有哪些单位牵头):
    the unit is set aside, not asked about."""

    unit: str
    scope: RoleScope = "any"

    def roles(self) -> frozenset[Role]:
        return _SCOPES[self.scope]


Filter = DocFilter | TaskFilter | HeadingFilter | SectionFilter | UnitFilter | PredicateFilter | RowsFilter | OthersFilter


@dataclass(frozen=True)
class Group:
    """Units or sections are asked for, not tasks: those with the most (``most``) or fewest (``least``) of
    the selected tasks, counting a unit's tasks in the roles of ``role``; or (``all``) every unit whose roles
    across the selected tasks all lie within ``only`` (哪些单位只作为责任单位出现、从没牵头), or every unit or section
    with a count of them (哪几个部分只有3条任务)."""

    by: Literal["unit", "section"]
    rank: Literal["most", "least", "all"] = "most"
    role: RoleScope = "any"
    only: RoleScope | None = None
    # (rank ``all``) those with a count of tasks: exactly (``eq``), more than (``gt``) or fewer than (``lt``) ``count``
    count: int | None = None
    count_op: Literal["eq", "gt", "lt"] = "eq"
    among: tuple[str, ...] = ()  # the units compared, when the question names them (民政局和卫健局谁牵头的多): each listed


@dataclass(frozen=True)
class Topic:
    """What the question is about, in its own words and in the notice's.

    ``terms`` are the content words found in the notices (after synonyms and typo
    repair); ``unknown`` are content words no notice contains — evidence that the notice
    does not answer the question, weighed against what the terms find; ``places`` are places
    the notices never name (薛城区) — the notice does not set their tasks.
    """

    text: str
    terms: tuple[str, ...] = ()
    unknown: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    # where each unknown word stands: in a clause that asks a fact (什么时候通车), in one that asks who or
    # which tasks (氢能产业谁牵头), or in background that asks nothing (有家企业来咨询)
    unknown_asked: tuple[str, ...] = ()
    unknown_in_unit_ask: tuple[str, ...] = ()
    expansions: tuple[str, ...] = ()  # the notices' words for colloquial or English ones
    groups: tuple[tuple[str, ...], ...] = ()  # alternatives for one word of the question (an English word's terms)
    items: tuple[tuple[int, ...], ...] = ()  # an enumeration (修高速、建机场): indices of groups, per item
    mention: bool = False  # 涉及/提到: a task that mentions the topic at all belongs to a list of it
    in_title: bool = False  # 标题里带“养老”: only a task whose title holds the words
    in_text: bool = False  # 任务内容里提到“大数据”: the words in a task's title or text, not in its units' names
    # words the question writes in quotation marks (写了“融资”的) or in brackets after an English word (coal (煤)):
    # the asker's own words for the notice's, which a task of a list must hold as written
    required: tuple[str, ...] = ()

    def term_groups(self) -> tuple[tuple[str, ...], ...]:
        """The topic as groups of alternatives: a task carries a group when it holds any of its terms."""
        return self.groups or tuple((t,) for t in self.terms)


@dataclass(frozen=True)
class Query:
    """A question as the executor runs it."""

    question: str
    lang: Lang
    filters: tuple[Filter, ...] = ()
    unit_mode: Literal["each", "all"] = "each"  # several UnitFilters: each unit's own list, or tasks of all together
    topic: Topic | None = None
    ask: Ask = Ask.BEST
    field: Field | None = None
    figure_kind: str | None = None
    # 谁牵头，什么时候完成，改造多少个？: the fields asked beside ``field``, each answered for the same task
    # ("units" only beside a figure or a deadline: every other field's answer names the units anyway)
    also: tuple[Field, ...] = ()
    # a quantity or time is asked (多少, 几, 什么时候), not only a goal named (有什么目标): a task that states none
    # answers the first with 未写明, the second with what it says
    amount: bool = True
    cite: bool = False  # 帮我出个引用 / 引用怎么写: the copy-ready citation of each task is asked too
    header: tuple[HeaderField, ...] = ()
    ordinals: tuple[int, ...] = ()  # 第二个 / 第一项和第三项: the n-th tasks of an earlier list (-1: the last)
    nth_figures: tuple[int, ...] = ()  # 第三个指标, after one task: the n-th figures it states, in its order
    # 上一项 (-1) / 下一项 (+1): the task printed before or after the one just answered; 前后两条 (BOTH_SIDES): both
    step: int = 0
    steps: int = 1  # 再往后两条: how many tasks on that side (the next two)
    out_of_scope: str = ""  # why the notices cannot answer it, found while reading ("" when they may)
    area: str = ""  # a wider area than the notices' own (全市): only a task that names it answers
    towns: tuple[str, ...] = ()  # places within the notices' own (北庄镇): a figure asked of them must be stated for them
    instance: str = ""  # 哪两所 / 哪家公司 / 哪个水库: which ones are asked; only a task that names one answers
    inherited: tuple[str, ...] = ()  # what a follow-up took over from an earlier turn
    from_turn: int = 0
    background: str = ""  # sentences before the question proper (context, not constraints)
    group: Group | None = None  # units or sections asked for (哪个单位牵头的任务最多), over the selected tasks
    # 是不是住建局牵头的？ / Is the finance bureau a lead unit there?: units in roles the answer confirms or denies
    # for the task asked about (not filters: the task is found without them)
    claim: tuple[UnitFilter, ...] = ()
    claim_props: tuple[PredicateFilter, ...] = ()  # … and what it claims of them (一家牵头: the only lead)
    units_counted: bool = False  # 责任单位有几个: the units asked for are counted too
    # 省委那个先行区三年行动计划是鲁发几号: the documents the notices cite that the question describes, as cited
    # (《title》（文号）); asked with header ("cited",)
    cited: tuple[str, ...] = ()
    # 跨境电商 / RCEP: words alone, asking nothing of them — a search: the best task, then every other holding them
    bare: bool = False
    # 草稿写“…”，对不对: a draft sentence to check against the notice (rag.draft), its problems told before the task
    statement: str = ""
    # 这两项是不是同一个牵头单位 / same lead?: whether the tasks selected share the units of ``field`` — the answer
    # says so before it shows each
    same: bool = False
    every: bool = False  # 全部任务分别是什么 / 这八条措施都有哪些: every task is asked for, with nothing to select by

    def units(self) -> tuple[UnitFilter, ...]:
        return tuple(f for f in self.filters if isinstance(f, UnitFilter))

    def has(self, kind: type) -> bool:
        return any(isinstance(f, kind) for f in self.filters)

    def without(self, kind: type) -> tuple[Filter, ...]:
        return tuple(f for f in self.filters if not isinstance(f, kind))

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["ask"] = self.ask.value
        d["filters"] = [{"type": type(f).__name__, **asdict(f)} for f in self.filters]
        d["claim"] = [asdict(f) for f in self.claim]
        d["claim_props"] = [asdict(f) for f in self.claim_props]
        return d


@dataclass(frozen=True)
class Match:
    """One task the query selected, with the evidence for it."""

    row: int
    score: float
    terms: tuple[str, ...] = ()  # topic terms found in the task
    sentences: tuple[str, ...] = ()  # the sentences that answer (quoted, highlighted)
    unit: str = ""  # for unit lists: the unit this row is listed under
    role: Role | None = None  # that unit's role in the task


@dataclass(frozen=True)
class Result:
    """What executing a query found: the tasks, the nearest others, and why it may not answer."""

    query: Query
    matches: tuple[Match, ...]
    related: tuple[Match, ...] = ()
    abstain: str = ""  # why the notices do not answer ("" when they do)
    subject: tuple[int, ...] = ()  # the task an abstention speaks of (第19项未写明所问的数字): a follow-up's topic
    unstated: str = ""  # asked beside the units, and not stated by the task that answers (时间或期限)
    # a figure no task states, found in the notice's own text outside its tasks: (doc id, the sentence)
    passage: tuple[str, str] | None = None
    notices: tuple[str, ...] = field(default=())  # notices the answer draws on
