"""Follow-ups: a question that leans on the turns before takes what it lacks from them.

The conversation keeps what is under discussion: the last answer's tasks, the last list,
the section and the unit talked about. A new question then

- with ``其中`` / ``这些里面`` is asked within the last list;
- with ``第二个`` picks from the last answer;
- with ``这个局`` / ``他们`` means the unit talked about, with ``这部分`` the section;
- with ``除了这项`` sets the last answer's task aside;
- with ``它`` / ``这项``, or with no unit, task or topic of its own (``责任单位呢？``,
  ``目标是多少？``), is about the last answer's task(s);
- with ``那…呢`` and a unit or topic of its own (``那自然资源局呢？``) is the last question
  again with that unit or topic in place of the old one;
- complete on its own, starts afresh.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from .clauses import is_unit_name
from .errors import QuestionError
from .lazy_regex import lazy_compile
from .query import (
    BOTH_SIDES,
    PREDICATE_FIELD,
    Ask,
    DocFilter,
    Filter,
    HeadingFilter,
    Match,
    OthersFilter,
    PredicateFilter,
    Query,
    Result,
    RowsFilter,
    SectionFilter,
    TaskFilter,
    Topic,
    UnitFilter,
)
from .text import cn_to_int, int_to_cn, norm
from .understand import (
    _ONE_TASK,
    _TASKS_ASKED,
    _YES_NO,
    NTH_OFFICE_EN,
    OFFICES_TALKED,
    PLURAL_REFERENT,
    REFERRED_AND,
    ROLE_TAKEN,
    _pos_table,
    _words,
    unit_pronouns,
)

MAX_ASKED_UNITS = 9  # units asked about that a conversation remembers for 这两个局


@dataclass(frozen=True)
class Turn:
    """One answered turn, with what the conversation is about after it."""

    query: Query
    result: Result
    number: int  # 1-based position in the history
    rows: tuple[int, ...] = ()  # the answer's tasks
    last_list: tuple[int, ...] = ()  # the tasks of the most recent list answer
    section: SectionFilter | None = None  # the section under discussion
    unit: str = ""  # the unit under discussion
    doc: str = ""  # the notice of the answer's first task
    recent: tuple[int, ...] = ()  # the task of each one-task answer since the last list, oldest first (这两项)
    units: tuple[str, ...] = ()  # the units under discussion: those asked about, or the one task's leads (这两个局)
    asked_units: tuple[str, ...] = ()  # every unit asked about so far, the latest last (文旅局… 宣传部呢 → 这两家)

    @classmethod
    def after(cls, query: Query, result: Result, number: int, before: Turn | None,
              leads_of: Callable[[int], tuple[str, ...]], tasks_of: Callable[[int], tuple[str, int]]) -> Turn:
        """The turn, with what is under discussion after it (``leads_of`` a row's lead units, or its units
        when none leads; ``tasks_of`` its (doc id, section))."""
        rows = tuple(dict.fromkeys(m.row for m in result.matches)) or result.subject
        is_list = query.ask in (Ask.LIST, Ask.COUNT) and len(rows) > 1
        section = next((f for f in query.filters if isinstance(f, SectionFilter)), None)
        if section is None and rows:  # the answer's tasks all in one section: that section is under discussion
            secs = {(tasks_of(r)) for r in rows}
            if len(secs) == 1:
                doc, sec = next(iter(secs))
                section = SectionFilter(((doc, sec),)) if sec else None
        units = tuple(dict.fromkeys(f.unit for f in query.units() if f.unit)) or _shared_leads(rows, leads_of)
        unit = units[0] if units else ""
        recent = () if is_list else (before.recent if before else ())
        if len(rows) == 1:
            recent = tuple(r for r in recent if r != rows[0])[-9:] + rows
        asked = tuple(f.unit for f in query.units() if f.unit)
        earlier = tuple(u for u in (before.asked_units if before else ()) if u not in asked)
        return cls(query, result, number, rows,
                   rows if is_list else (before.last_list if before else ()),
                   section or (before.section if before else None),
                   unit or (before.unit if before else ""), tasks_of(rows[0])[0] if rows else "", recent,
                   units or (before.units if before else ()), (earlier + asked)[-MAX_ASKED_UNITS:])

    def told(self, rows: tuple[int, ...], leads_of: Callable[[int], tuple[str, ...]]) -> Turn:
        """The turn as the user was told it: ``rows`` the tasks the assistant's reply cited, in its order
        (a history of chat messages carries the replies; a follow-up leans on what was said)."""
        if not rows or rows == self.rows:
            return self
        recent = tuple(r for r in self.recent if r not in rows)[-9:] + rows if len(rows) == 1 else self.recent
        # a list as told is the one its items are counted in (第一和第三项: the first and third the reply named)
        told = replace(self.result, matches=tuple(Match(r, 1.0) for r in rows)) if len(rows) > 1 else self.result
        return replace(self, rows=rows, last_list=rows if len(rows) > 1 else self.last_list, recent=recent,
                       result=told, units=self.units if self.query.units() or len(rows) > 1 else leads_of(rows[0]))


def _shared_leads(rows: tuple[int, ...], leads_of: Callable[[int], tuple[str, ...]]) -> tuple[str, ...]:
    """The units an answer puts under discussion when none was asked: one task's leads; a list's one lead that
    leads every task of it (跨境电商的任务 → 那个局还牵头什么: the bureau that leads them all)."""
    if len(rows) == 1:
        return leads_of(rows[0])
    if not rows:
        return ()
    others = [set(leads_of(r)) for r in rows[1:]]
    common = [u for u in leads_of(rows[0]) if all(u in leads for leads in others)]
    return tuple(common) if len(common) == 1 else ()


Message = str | Mapping[str, object]  # an earlier question, or a chat message {"role": "user"|"assistant", "content": …}


def exchanges(history: Sequence[Message]) -> list[tuple[object, str]]:
    """(question, reply) for each earlier question of a history, oldest first. A history is a list of questions
    (strings) or of chat messages; an assistant message is the reply to the question before it ('' when none
    is given). Anything else is kept as a question, which breaks the thread where it stands.

    >>> exchanges(["第26项谁牵头？", {"role": "assistant", "content": "区住房和城乡建设局。"}, "那下一项呢？"])
    [('第26项谁牵头？', '区住房和城乡建设局。'), ('那下一项呢？', '')]

    Raises:
        QuestionError: a message whose role is not user or assistant, or whose content is not text.
    """
    out: list[tuple[object, str]] = []
    for k, item in enumerate(history, start=1):
        if not isinstance(item, Mapping):
            out.append((item, ""))
            continue
        role, content = item.get("role"), item.get("content")
        if role not in ("user", "assistant") or not isinstance(content, str):
            raise QuestionError(f"history item {k}: a message is {{\"role\": \"user\" or \"assistant\", "
                                f"\"content\": text}}")
        if role == "user":
            out.append((content, ""))
        elif out and not out[-1][1]:
            out[-1] = (out[-1][0], content[:MAX_REPLY_CHARS])
    return out


MAX_REPLY_CHARS = 20_000  # of an assistant message: enough for any list the assistant gives


@lru_cache(maxsize=1)
def _markers() -> dict[str, tuple[str, ...]]:
    out = {kind: _words(kind) for kind in ("refer", "within", "refer_section", "except", "other", "correction",
                                           "same_again")}
    out["within"] += _words("previous_answer")  # (上一条回答里: within what was answered before)
    return out


def _has(text: str, kind: str) -> bool:
    """Whether the text holds a marker of the kind — 别的 of 别的单位 (other units) is no 别的任务, nor is 别的 of
    什么级别的 (级别 a noun of the dictionary)."""
    for w in _markers()[kind]:
        if w.isascii():  # (an English marker is a word: "it" is not in "unit")
            if re.search(rf"\b{re.escape(w)}\b", text):
                return True
            continue
        for m in re.finditer(re.escape(w) + r"(?!单位|部门|机构|局)", text):
            if m.start() == 0 or not (_pos_table().get(text[m.start() - 1: m.start() + 1]) or "").startswith("n"):
                return True
    return False


def _elliptic(text: str) -> bool:
    """那…呢 / …呢？ / 还有… / what about …: the question leans on the one before."""
    t = text.strip().rstrip("?？。.!！ ")
    return t.endswith("呢") or t.startswith(("那", "还有", "and ", "what about", "how about"))


_IN_THERE = lazy_compile(r"(?:这里面|那里面|里面|这其中|其中|当中)的([\u4e00-\u9fff]{2,12})")


def _picked_by_topic(text: str, terms: tuple[str, ...]) -> bool:
    """Whether 那项 / 这条 stands right after a word of the topic (机场那项, 养老的那条): the topic says which
    task, the word points at none said before."""
    return any(re.search(re.escape(norm(t)) + r"(?:[\u4e00-\u9fff]{0,2}的)?(?:那|这|该)一?(?:项|条|个任务)", text)
               for t in terms)


def _compared_only(text: str) -> bool:
    """Whether every word pointing back (上一个, 刚才那个) is what something is compared with (跟上一个一样吗, 和前面那条
    比): the question's own task is named by its words, the earlier one only set beside it."""
    hits = [m.start() for w in _markers()["refer"] if not w.isascii() for m in re.finditer(re.escape(w), text)]
    return bool(hits) and all(re.search(r"(?:跟|和|与|同|比|像)$", text[:k]) for k in hits)


def _names_a_unit_in_there(text: str) -> bool:
    """Whether 其中的 / 这里面的 stands before a unit's name (这里面的财政局): it says which unit, not which tasks."""
    return any(is_unit_name(m.group(1)[:k]) for m in _IN_THERE.finditer(text) for k in range(2, len(m.group(1)) + 1))


def resolve(query: Query, previous: Turn | None, label: Callable[[int], str] = str,
            number_of: Callable[[int], int] | None = None,
            holds: Callable[[int, tuple[tuple[str, ...], ...]], bool] | None = None) -> Query:
    """The query with what it inherits from the conversation (unchanged when it stands alone).

    ``label`` names a task row for the record of what was inherited (``task 38``); ``number_of`` gives a row's
    task number as the notice prints it (without it, a bare number after a list is read as a task number);
    ``holds`` says whether a row's text holds a word of every group of alternatives (a question whose only topic
    the task just answered holds is about that task: 垃圾分类谁牵头 → 覆盖率要达到多少).
    """
    if previous is None:
        return _drop_placeholders(query)
    text = unit_pronouns(norm(query.question))
    for w in _words("refer_unit"):  # 这个局 is handled as a unit; its 这个 does not refer to a task
        text = text.replace(w, " ")
    for pattern in (OFFICES_TALKED, NTH_OFFICE_EN):  # 这几个单位里面 / the first of those units: offices, not tasks
        text = pattern.sub(" ", text)
    prev_q = previous.query
    n = previous.number
    own_units = query.units()
    role = _role_taken(text)
    if role and not own_units and prev_q.units() and prev_q.unit_mode == "each" and not query.has(TaskFilter) \
            and not (query.topic and query.topic.terms):
        # 发改局牵头的任务多少条 → 作为责任单位的呢: the unit talked about, in the role now said
        unit = prev_q.units()[0].unit
        query = replace(query, filters=query.filters + (UnitFilter(unit, role),),
                        ask=Ask.LIST if query.ask is Ask.BEST else query.ask, field=None)
        own_units = query.units()
    # words no notice holds (那要达到什么程度) do not make a question stand alone; a place it names does
    refers, within, elliptic = _has(text, "refer"), _has(text, "within"), _elliptic(text)
    if _has(text, "same_again"):  # 第34项也按这个格式来一个: the last question (这个 is its form), of what this one names
        refers, elliptic = False, True
    if refers and query.topic and query.topic.terms and previous.rows and _picked_by_topic(text, query.topic.terms) \
            and not (holds is not None and holds(previous.rows[0], query.topic.term_groups())):
        refers = False  # 临滕高速那项谁牵头 → 机场那项呢: the task its topic names, not the one just told
    if refers and query.topic and query.topic.terms and _compared_only(text):
        refers = False  # 那连银山…呢？跟上一个是同一个单位吗: the one before is what this task is compared with
    opening = text.lstrip()
    if elliptic and (opening.startswith("and ") or (opening.startswith(("what about", "how about")) and own_units)) \
            and _asks_something(query):
        # "And in which task is … only a responsible unit?" / "What about the tasks where it is only listed as a
        # responsible unit?": a question of its own (of the unit talked about), joined by "and" or "what about"
        elliptic = False
    # 第二部分有哪些任务 → 工信局牵头的有几项 / 有完成时间的是哪几项: a clause with no noun after its 的, right
    # after a list, says which of those
    # (not when it names the unit that list was of, in another role: 财政局牵头哪些 → 它作为责任单位的是哪几项)
    within = within or (len(previous.rows) > 1 and bool(_HEADLESS.search(text))
                        and not any(not u.unit or u.unit == previous.unit for u in own_units))
    if within and own_units and _names_a_unit_in_there(text):  # 这里面的财政局还参与了哪些: that unit, anywhere
        within = False
    # … but in 那托育呢 the word is all the question says: it replaces the topic (and is not found)
    own_topic = bool(query.topic and (query.topic.terms or query.topic.places
                                      or (elliptic and query.topic.unknown and not _asks_something(query))))
    own_numbers = query.has(TaskFilter)
    props = [f for f in query.filters if isinstance(f, PredicateFilter)]
    # what a question only sets aside, after a list, is set aside of that list, not of the notice: a property
    # (科技局牵头哪些？ → 把跟别的单位一起牵头的去掉) or, listing, a unit said absent (乡村振兴那部分有哪些 →
    # 哪几条不是农业农村局牵头的)
    negated = bool(props) and not own_units and all(p.negated for p in props) and len(query.filters) == len(props)
    absent = (bool(own_units) and query.ask is Ask.LIST and all(f.absent for f in own_units)
              and len(query.filters) == len(own_units))
    if len(previous.rows) > 1 and (negated or absent) and not own_topic and not own_numbers:
        within = True
    if (len(previous.rows) == 1 and query.ask is Ask.LIST and len(props) == 1 and len(query.filters) == 1
            and props[0].predicate in PREDICATE_FIELD and not (own_topic or own_units or within)
            and not _TASKS_ASKED.search(text)):
        # 智慧城市试点是哪条？ → 具体数字指标有哪些: that task's figures, not the tasks that have some
        field = PREDICATE_FIELD[props[0].predicate]
        return _inherit(replace(query, filters=(RowsFilter(previous.rows),), ask=Ask.BEST, field=field,
                                figure_kind=query.figure_kind or ("count" if field == "figure" else None)),
                        previous, (f"task {label(previous.rows[0])}",))
    own_scope = query.has(SectionFilter) or query.has(HeadingFilter) or query.has(PredicateFilter)
    if query.claim and not (own_topic or own_numbers or own_scope):
        # (跨境电商的任务有哪些 → 这些都是商务局牵头的吗？: of every task of the list)
        # (… but 这几项里有没有发改局也参与牵头的: which of them, not whether all)
        every = len(previous.rows) > 1 and bool(re.search(r"都|全部|全都|\ball\b|\bboth\b", text)) and (
            within or bool(re.search(r"(?:这些|它们|这几[项条个]|those|these|they)", text)))
        if every:
            return _inherit(replace(query, filters=query.filters + (RowsFilter(previous.rows),), ask=Ask.LIST),
                            previous, (f"results of turn {n}",))
        if previous.rows:  # 绿色建筑那项… → 是不是住建局牵头的？: of the task just answered
            return _inherit(replace(query, filters=query.filters + (RowsFilter(previous.rows[:1]),)), previous,
                            (f"task {label(previous.rows[0])}",))
        return _unclaimed(query)
    if _has(text, "correction") and (own_topic or own_units or own_numbers or own_scope):
        return _drop_placeholders(query)  # 不是这个，我说的是适老化改造，那个谁负责: that, afresh
    filters: list[Filter] = list(query.filters)
    inherited: list[str] = []

    numbers = [f for f in filters if isinstance(f, TaskFilter)]
    # (其中 / 第一个 after a turn about one task: the n-th of the list shown before it — 回到第一个)
    listed = previous.rows if len(previous.rows) > 1 else (
        previous.last_list if within or _ORDINAL_FORM.search(text) else ())
    back = within or refers or _ORDINAL_FORM.search(text)  # 其中 / 上面 / 刚才列的 / 第一个任务 (not 第78项)
    asked = numbers[0].numbers if len(numbers) == 1 and not numbers[0].path else ()
    # 住建局牵头哪些任务？ → 第二项呢？ / 第一项和第三项谁配合: nothing but numbers after a list that holds none
    # of those tasks are its n-th items
    # (or said in words, 第一项谁牵头: a task's own number is written in digits, as the notice prints it)
    in_words = bool(asked) and all(re.search(rf"第{int_to_cn(k)}(?:项|条|个)", text) for k in asked)
    # (an item said in words may carry what it is about: 第一项里要改造多少户)
    bare = (number_of is not None and (elliptic or len(asked) > 1 or in_words) and not own_units
            and (not own_topic or in_words) and not own_scope and prev_q.ask in (Ask.LIST, Ask.COUNT)
            and not any(number_of(r) in asked for r in listed))
    if ((back or bare) and asked and len(listed) > 1 and max(asked) <= len(listed) and not query.ordinals
            and (len(asked) == 1 or bare or within)):
        # 第六部分有几项 → 其中第三项讲什么 / 上面第二项谁配合: the n-th of that list, not task n
        query = replace(query, filters=tuple(f for f in filters if not isinstance(f, TaskFilter)), ordinals=asked)
    if query.ordinals:
        items = "、".join(str(k) for k in query.ordinals)
        if (query.field == "figure" and len(previous.rows) == 1 and not own_numbers
                and len(previous.last_list) < max(query.ordinals)):
            # 节水控水那条目标有哪些 → 第三个指标呢: the n-th figure of the one task told, no list to count in
            return _inherit(replace(query, filters=tuple(filters) + (RowsFilter(previous.rows),), ordinals=(),
                                    nth_figures=query.ordinals), previous,
                            (f"figure {items} of task {label(previous.rows[0])}",))
        return _inherit(query, previous, (f"item {items} of turn {n}",))
    if query.step and previous.rows and previous.doc:  # 下一项呢: the task printed next, in the same notice
        at = previous.rows[0]
        rows = (at - 1, at + 1) if query.step == BOTH_SIDES else tuple(  # 它前后两条: both neighbours
            at + query.step * k for k in range(1, query.steps + 1))  # (再往后两条: the next two)
        rows = tuple(r for r in rows if r >= 0)
        filters = [f for f in filters if not isinstance(f, TaskFilter)] + [RowsFilter(rows), DocFilter((previous.doc,))]
        # 第26项谁牵头 → 下一项呢: the same field of that task, as 第27项呢 would ask
        same = not _asks_something(query) and prev_q.ask is Ask.BEST
        ask, field = (query.ask, query.field) if not same else (Ask.BEST, prev_q.field)
        if query.steps > 1 and ask is Ask.BEST and field in (None, "text"):  # (the next two: both, listed)
            ask, field = Ask.LIST, None
        kind, amount = (prev_q.figure_kind, prev_q.amount) if same else (query.figure_kind, query.amount)
        return _inherit(replace(query, filters=tuple(filters), ask=ask, field=field, figure_kind=kind, amount=amount),
                        previous,
                        (f"tasks either side of {label(at)}" if query.step == BOTH_SIDES
                         else f"task {'before' if query.step < 0 else 'after'} {label(at)}",))
    if any(not u.unit for u in own_units):  # 这个局还牵头了哪些 / 这两个局一起牵头的: the units talked about
        talked = list(previous.units or ((previous.unit,) if previous.unit else ()))
        placeholders = sum(isinstance(f, UnitFilter) and not f.unit for f in filters)
        if placeholders > 1 and len(talked) < placeholders:
            # 这两个局 after one unit: the last ones asked about over the turns (文旅局牵头哪些 → 宣传部呢 → 这两家…),
            # else which two is not known
            talked = list(previous.asked_units[-placeholders:]) if len(previous.asked_units) >= placeholders else []
        named = []
        for f in filters:
            if isinstance(f, UnitFilter) and not f.unit and f.every:  # 这几个单位: each of them
                named += [replace(f, unit=u, every=False) for u in talked]
            elif isinstance(f, UnitFilter) and not f.unit and f.nth:  # 第一个单位 / 最后那个单位: by its place
                if f.nth <= len(talked):
                    named.append(replace(f, unit=talked[f.nth - 1 if f.nth > 0 else -1], nth=0))
            elif isinstance(f, UnitFilter) and not f.unit:
                if talked:
                    named.append(replace(f, unit=talked.pop(0) if placeholders > 1 else talked[0]))
            else:
                named.append(f)
        filters = named
        for f in filters:
            if isinstance(f, UnitFilter) and f.unit in (previous.units or (previous.unit,)):
                inherited.append(f"unit {f.unit}")
        own_units = tuple(f for f in filters if isinstance(f, UnitFilter))
        refers = False  # 刚才说的那个局: what was said before is the unit, not a task
    section_referred = False
    if _has(text, "refer_section") and previous.section and not query.has(SectionFilter):  # 这部分里
        filters.append(previous.section)
        inherited.append(f"section {previous.section.sections[0][1]}")
        own_scope = section_referred = True
        if refers and not own_numbers:  # 它所在的那个部分一共几条: the part of the task talked about is the scope
            return _inherit(replace(query, filters=tuple(filters)), previous, tuple(inherited))
        if query.ask is Ask.BEST and not own_numbers and not own_topic and not own_units and query.field in (None, "lead", "units"):
            query = replace(query, ask=Ask.LIST)  # 这部分一共几条，分别谁牵头: the part's tasks, each with its units
    if _has(text, "other") and previous.rows and previous.unit and prev_q.units() and not own_units \
            and not own_topic and not query.has(TaskFilter) and not own_scope:
        # 区应急管理局牵头哪些任务？ → 有没有别的任务？: the unit talked about, in the role asked before
        scope = prev_q.units()[0]
        own_units = (UnitFilter(previous.unit, scope.scope, scope.exclude),)
        filters.append(own_units[0])
        inherited.append(f"unit {previous.unit}")
        query = replace(query, ask=Ask.LIST if query.ask is Ask.BEST else query.ask)
    # 这个局还牵头了哪些别的任务 / 同一个局还牵头什么 (the units talked about: 还 is besides what was said)
    again = bool(_BESIDES.search(text)) and not _ALL_OF.search(text) and (bool(own_units) and all(
        f.unit in (previous.units or (previous.unit,)) for f in own_units) or (
        # 第50条谁牵头 → 还有哪几条也没写牵头单位: a property of the records, besides the tasks just told
        not own_units and not own_topic and query.has(PredicateFilter) and query.ask is not Ask.BEST)
        # 岩马水库引调水是哪条 → 同一部分还有哪些任务: the part's other tasks, besides the one just told
        or (section_referred and len(previous.rows) == 1 and not own_units and not own_topic
            and not query.has(OthersFilter) and query.ask is not Ask.BEST))
    # 汉诺庄园在别的条目里还有出现吗 / 还有哪条提到汉诺庄园: the other tasks that hold it
    elsewhere = own_topic and not own_units and not own_numbers and (
        _has(text, "other") or (bool(_BESIDES.search(text)) and query.topic.mention))  # (还有哪些镇: names asked)
    if (_has(text, "other") or again or elsewhere) and previous.rows and (query.ask is not Ask.BEST or elsewhere):
        filters.append(RowsFilter(previous.rows, exclude=True))
        inherited.append("except " + "、".join(f"task {label(r)}" for r in previous.rows[:3]))
        if elsewhere and query.ask is Ask.BEST and not query.field:  # the other tasks that hold it, listed
            query = replace(query, ask=Ask.LIST)
    if _has(text, "except") and refers and previous.rows:  # 除了这项
        filters.append(RowsFilter(previous.rows[:1], exclude=True))
        inherited.append(f"except task {label(previous.rows[0])}")
        refers = False
    if _has(text, "except") and within and (previous.last_list or previous.rows) and not query.has(OthersFilter):
        # (其中除了水务局还有别的单位参与的: a unit is set aside, within the list)
        # 发改局牵头哪些 → 除了这些，还参与了哪些？: every other task — of the unit talked about, if the list was its
        filters.append(RowsFilter(previous.last_list or previous.rows, exclude=True))
        inherited.append(f"except results of turn {n}")
        if previous.unit and prev_q.units() and not own_units and not own_topic:
            filters.append(UnitFilter(previous.unit, "any"))
            inherited.append(f"unit {previous.unit}")
        return _inherit(replace(query, filters=tuple(filters), ask=Ask.LIST if query.ask is Ask.BEST else query.ask),
                        previous, tuple(inherited))
    plural = PLURAL_REFERENT.search(text)
    if (within or plural) and (previous.last_list or previous.rows):  # 其中 / 这些里面 / which of those
        rows = previous.last_list or previous.rows
        many = _count(plural.group(1)) if plural else 0
        if many > 1 and len(previous.recent) >= many and (len(rows) != many or not previous.last_list):
            rows = previous.recent[-many:]  # 锂电谁牵头 → 那新能源呢 → 这两项的责任单位: the tasks of the two answers
        filters.append(RowsFilter(rows))
        # 其中哪些… / 这些任务的责任单位分别是谁 / 这几项分别在哪个部分: a list (each with its units or the
        # field asked), not one of them — unless one is asked for (其中有户数指标的是哪项) or picked by a topic of
        # its own (其中养老那项的目标: the one that answers best)
        one = query.field not in (None, "units", "lead", "responsible") and (own_topic or _WHICH_ONE.search(text))
        # (它里面…哪两个村, within one task: what it names is asked of that task, no list of tasks)
        ask = Ask.LIST if query.ask is Ask.BEST and not one and (len(rows) > 1 or not query.instance) else query.ask
        return _inherit(replace(query, filters=tuple(filters), ask=ask), previous,
                        tuple(inherited) + (f"results of turn {n}",))
    if refers and previous.rows and not own_units and not own_topic and not own_numbers:
        asked = _property_asked(query)
        if asked:  # 它有配合单位吗？ / does it have a lead?: that field of the last answer's task, not a list
            filters = [f for f in filters if not isinstance(f, PredicateFilter)] + [RowsFilter(previous.rows[:1])]
            return _inherit(replace(query, filters=tuple(filters), ask=Ask.BEST, field=asked), previous,
                            tuple(inherited) + (f"task {label(previous.rows[0])}",))
    anchored = bool(own_units or own_topic or own_numbers or own_scope)
    # (覆盖率呢 / 接种率呢 after one task: a rate of what that task holds is asked of it, not the question before
    # changed — the rate's word says a figure is asked)
    rate = elliptic and query.field == "figure" and len(previous.rows) == 1
    held = _held(query, text, previous, holds) if own_topic and not (
        own_units or own_numbers or own_scope or refers or (elliptic and not rate)) else ()
    if held:
        # 垃圾分类谁牵头 → 覆盖率要达到多少 / 第13条谁牵头 → 具体申报哪些项目: what the task just answered holds
        # is asked of it; 发改局作为责任单位的有哪些 → 医疗那条讲啥: the one of that list that holds it
        ask = Ask.BEST if query.ask is Ask.LIST and len(held) == 1 and not query.field else query.ask
        return _inherit(replace(query, filters=tuple(filters) + (RowsFilter(held),), ask=ask), previous,
                        tuple(inherited) + tuple(f"task {label(r)}" for r in held[:5]))
    if anchored and not refers and not elliptic:
        return _inherit(replace(query, filters=tuple(filters)), previous, tuple(inherited)) if inherited else query
    if anchored and not refers:  # 那自然资源局呢？ / 那垃圾分类呢？ / 那第34项呢？: the last question, changed
        # … within the same earlier list when the last question was asked within one and this one changes a
        # scope, not the unit (其中第九部分的 → 那第十部分的呢; but 那文旅局在第八部分牵头的呢 is the new unit's list)
        within_before = any(w.startswith("results of turn") for w in prev_q.inherited) and not own_units
        kept = [f for f in prev_q.filters if not isinstance(f, TaskFilter)
                and (not isinstance(f, RowsFilter) or (within_before and not f.exclude))
                and not any(isinstance(f, type(g)) for g in filters)
                and (not own_numbers or isinstance(f, DocFilter))]  # 那第88项呢: that task, whoever leads it
        if own_units:
            scope = prev_q.units()[0] if prev_q.units() else None
            filters = [UnitFilter(f.unit, scope.scope, scope.exclude) if isinstance(f, UnitFilter) and scope
                       and f.scope == "any" and f.exclude is None else f for f in filters]
        # (那中广核二期项目今年要争取什么: a question word of its own asks afresh what it asks)
        own_ask = _asks_something(query) or bool(_OWN_QUESTION.search(text))
        ask, field = (query.ask, query.field) if own_ask else (prev_q.ask, prev_q.field)
        if own_units and prev_q.has(TaskFilter) and not prev_q.units():
            ask, field = Ask.LIST, None  # 第26项谁牵头？ → 那住建局呢？: that unit's own tasks
        if own_numbers and not own_units and ask in (Ask.LIST, Ask.COUNT) and not _asks_something(query):
            ask, field = Ask.BEST, None  # 住建局牵头哪些任务？ → 那第88项呢？: that task
        # (它所在的那个部分一共几条: the part is asked about, not the topic that found the task in it)
        # (教育强镇…市级遴选推荐几个镇 → 省级的呢: a word in place of its counterpart, the rest of the topic kept)
        topic = (_contrasted(prev_q.topic, query.topic) or query.topic) if own_topic else (
            prev_q.topic if (not own_units or prev_q.units()) and not section_referred else None)
        kind = query.figure_kind or (prev_q.figure_kind if not own_ask else None)
        return _inherit(replace(query, filters=tuple(kept + filters), ask=ask, field=field, topic=topic,
                                figure_kind=kind, cite=query.cite or (prev_q.cite and not own_ask),
                                header=query.header or (prev_q.header if prev_q.cite and not own_ask else ())), previous,
                        tuple(inherited) + (f"question of turn {n}",))
    counted = query.ask is Ask.COUNT and not query.field
    whose = (query.ask is Ask.BEST and query.field in ("units", "lead", "responsible") and len(previous.rows) > 1
             and not own_topic and not refers)  # 都是谁牵头 (but 金融那项是谁牵头: one of them)
    if (counted or whose) and prev_q.ask in (Ask.LIST, Ask.COUNT) and previous.rows and not prev_q.group:
        # 水务局牵头哪些任务 → 一共几项？ / 第五部分有哪些任务 → 都是谁牵头？: the list before, counted or with its
        # units (said of the unit, the section …)
        return _inherit(replace(query, filters=prev_q.filters + tuple(filters), topic=prev_q.topic,
                                unit_mode=prev_q.unit_mode, ask=query.ask if counted else Ask.LIST), previous,
                        tuple(inherited) + (f"question of turn {n}",))
    if own_numbers and refers and previous.rows and number_of is not None and _WITH_REFERRED.search(text):
        # 这个和78条是不是同一个牵头单位 / 它跟第78项分别谁牵头: the task talked about, and the one named
        said = [f for f in filters if isinstance(f, TaskFilter)][0]
        talked = number_of(previous.rows[0])
        filters = [replace(f, numbers=(talked, *[k for k in f.numbers if k != talked])) if f is said else f
                   for f in filters]
        return _inherit(replace(query, filters=tuple(filters)), previous,
                        tuple(inherited) + (f"task {label(previous.rows[0])}",))
    if own_numbers and refers:  # 你刚才说的第40项具体是…: the task it names, which was said before
        return _inherit(replace(query, filters=tuple(filters)), previous, tuple(inherited)) if inherited else query
    # 它的目标是多少？ / 责任单位呢？ / 什么时候完成？: about the last answer's task(s)
    if previous.rows:
        target = previous.rows if prev_q.ask in (Ask.LIST, Ask.COUNT) else previous.rows[:1]
        ask = query.ask
        if ask is Ask.BEST and len(target) > 1:  # 第五部分有几项？ → 都是谁牵头的？: each of them, with its units
            ask = Ask.LIST
        field = query.field or (prev_q.field if not _asks_something(query) else None)
        topic = query.topic if own_topic else prev_q.topic
        filters = [f for f in filters if not isinstance(f, TaskFilter)] + [RowsFilter(target)]
        what = tuple(f"task {label(r)}" for r in target[:5]) + (("…",) if len(target) > 5 else ())
        return _inherit(replace(query, filters=tuple(filters), ask=ask, field=field, topic=topic,
                                figure_kind=query.figure_kind or (prev_q.figure_kind if not query.field else None)),
                        previous, tuple(inherited) + what)
    # the last turn found nothing: its question again, with this one's ask
    merged = list(prev_q.filters) + [f for f in filters if f not in prev_q.filters]
    return _inherit(replace(query, filters=tuple(merged), topic=query.topic if own_topic else prev_q.topic,
                            out_of_scope=query.out_of_scope or prev_q.out_of_scope), previous,
                    tuple(inherited) + (f"question of turn {n}",))




def _contrasted(before: Topic | None, now: Topic | None) -> Topic | None:
    """The topic before with its one word of the kind the new topic's only word is — the same length and ending,
    another beginning (市级 → 省级, 一期 → 二期) — replaced by it; None when there is no such one word, or nothing
    else of the topic before is kept."""
    if before is None or now is None or len(now.terms) != 1 or now.unknown or now.places:
        return None
    new = now.terms[0]
    matched = [t for t in before.terms if len(t) == len(new) >= 2 and t != new and t[-1] == new[-1]
               and t[0] != new[0]]
    if len(matched) != 1 or len(before.terms) < 2 or new in before.terms:
        return None
    old = matched[0]

    def swap(words: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(new if w == old else w for w in words)

    return replace(before, text=before.text.replace(old, new), terms=swap(before.terms),
                   expansions=swap(before.expansions), groups=tuple(swap(g) for g in before.groups),
                   required=swap(before.required))


def _held(query: Query, text: str, previous: Turn,
          holds: Callable[[int, tuple[tuple[str, ...], ...]], bool] | None) -> tuple[int, ...]:
    """The tasks of the last answer that hold every word of a question's topic, when the question is about
    them: after one task, a question of what it holds (its figure, the items it names — not 哪些任务, which asks
    the notice); after several, one picked by its topic with 那条 / 这项 (医疗那条)."""
    topic = query.topic
    if (holds is None or not previous.rows or not topic.terms or topic.unknown or topic.mention
            or _has(text, "other") or _has(text, "except") or _TASKS_ASKED.search(text)):
        return ()
    if len(previous.rows) > 1 and not (query.ask is Ask.BEST and _ONE_TASK.search(text)):
        return ()
    if len(previous.rows) == 1 and query.ask not in (Ask.BEST, Ask.LIST):
        return ()
    held = tuple(r for r in previous.rows if holds(r, topic.term_groups()))
    return held if len(held) < len(previous.rows) or len(held) == 1 else ()


def _role_taken(text: str) -> str | None:
    """The role a unit is said to take (作为责任单位, 当牵头单位, 以配合单位身份): cooperate or lead; None if none is."""
    return next((scope for scope, pattern in _role_patterns() if pattern.search(text)), None)


@lru_cache(maxsize=1)
def _role_patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    def words(kind: str) -> str:
        return "|".join(re.escape(w) for w in _words(kind) if len(w) >= 2 and not w.isascii())
    return tuple((scope, re.compile(rf"(?:{ROLE_TAKEN})\s*(?:{words(scope)})")) for scope in ("cooperate", "lead"))


def _count(numeral: str) -> int:
    return cn_to_int(numeral) or 0


def _property_asked(query: Query) -> str | None:
    props = [f.predicate for f in query.filters if isinstance(f, PredicateFilter)]
    yes_no = _YES_NO.search(norm(query.question))
    return PREDICATE_FIELD.get(props[0]) if len(props) == 1 and (yes_no or query.ask is Ask.BEST) else None


_HEADLESS = lazy_compile(r"的(?:是|有)?(?:哪几项|哪几个|哪几条|哪些|几项|几个|几条|多少项|哪项|哪个|哪条)|"
                       # 哪些有责任单位 / 哪几项写了时限: which of them, no noun said
                       r"^\s*(?:那|那么)?(?:哪些|哪几项|哪几个|哪几条)(?:还|也|同时)?(?:有|没有|没|是|写了|写有|涉及|提到|要|需要|属于|在)")
_WITH_REFERRED = lazy_compile(rf"{REFERRED_AND}\s*第?\s*\d|\b(?:it|this one|this task) and (?:task )?\d")
_BESIDES = lazy_compile(r"还(?:有|要|在|会)?(?:牵头|负责|参与|配合|承担|管)?了?(?:哪|什么|啥|别的|其他|其它)")
_OWN_QUESTION = lazy_compile(r"什么|啥|哪|多少|几|谁|怎么|如何|\b(?:what|which|who|when|how)\b")  # not 呢 alone
_ALL_OF = lazy_compile(r"全部|所有|全都|一共|总共|列全|都列")  # 还牵头了哪些？全部列一下: the whole list after all
_ORDINAL_FORM = lazy_compile(r"第[一二两三四五六七八九十\d]{1,3}(?:个|条)")
_WHICH_ONE = lazy_compile(r"哪(?:一)?(?:项|个任务|条|件)|which (?:task|one)\b")


def _unclaimed(query: Query) -> Query:
    """A yes-or-no about a unit with no task to say it of (住建局是牵头单位吗？ asked first): the unit's tasks
    in that role are the answer."""
    return replace(query, filters=query.filters + query.claim + query.claim_props, claim=(), claim_props=(),
                   ask=Ask.LIST, field=None)


def _drop_placeholders(query: Query) -> Query:
    """With nothing said before, ``这个局`` names no unit, and the n-th task (the first task) is the notice's."""
    if query.claim and not query.has(TaskFilter) and not query.has(RowsFilter) and not (
            query.topic and (query.topic.terms or query.topic.unknown)):
        query = _unclaimed(query)
    if (query.ordinals and all(k > 0 for k in query.ordinals) and not query.has(TaskFilter)
            and not query.has(SectionFilter) and not query.has(HeadingFilter)):  # (乡村振兴那块第一条: the part's first)
        query = replace(query, filters=query.filters + (TaskFilter(query.ordinals),), ordinals=())
    if all(u.unit for u in query.units()):
        return query
    kept = tuple(f for f in query.filters if not (isinstance(f, UnitFilter) and not f.unit))
    named = [f for f in kept if isinstance(f, UnitFilter)]
    if (any(isinstance(f, UnitFilter) and f.partner for f in query.filters) and len(named) == 1
            and named[0].scope == "lead" and not query.has(PredicateFilter)):
        kept += (PredicateFilter("several_leads"),)  # 跟发改一起牵头的: its tasks with another lead, whichever
    return replace(query, filters=kept)


def _asks_something(query: Query) -> bool:
    """The question states what it wants (a list, a count, a field), not only 呢."""
    return query.ask is not Ask.BEST or query.field is not None


def _inherit(query: Query, previous: Turn, what: tuple[str, ...]) -> Query:
    return replace(query, inherited=query.inherited + what, from_turn=previous.number)
