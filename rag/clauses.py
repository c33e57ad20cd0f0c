"""A task's unit clause → units with roles, by the conventions notices use.

Forms read (the words come from ``data/clause_labels.tsv`` and ``data/clause_verbs.tsv``):

- labelled: ``牵头单位：X，配合单位：Y、Z；完成时限：2023年底`` (``；`` or ``，`` between fields,
  labels not listed are read by their ending, fields that name no units are skipped);
- unlabelled with verbs: ``X牵头，Y、Z配合``, ``X会同Y负责``, ``A、B按职责分工负责``;
- a bare list or ``A、B负责``: with a first-listed-leads convention stated in the notice
  (``排在第一位的部门为牵头部门，下同``) the first unit leads and the rest take part;
  without one, every unit is responsible and no lead is named — never guessed.

Unit names keep a ``、`` when it is part of one name (``各区、县级市人民政府``);
``商务部等有关部门`` is 商务部 plus ``and_others``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from . import vocab
from .lazy_regex import lazy_compile
from .text import alternation, longest_first
from .types import Role, UnitRole

BEFORE_COMMA = lazy_compile(r"第一个(?:逗号|，)(?:前|之前|以前)(?:的)?(?:部门|单位)?(?:为|是|作为)(?:牵头|主责)(?:部门|单位)")
LEAD_CONVENTION = lazy_compile(
    r"[^。；;（(]*?(?:排在?|列|排名|位列|名列)?(?:第一位|第一个|首位|第一)(?:的|者|之)?(?:部门|单位)?(?:为|是|作为)(?:牵头|主责)(?:或[\u4e00-\u9fff]{1,4})?(?:部门|单位)[^。；;）)]*"
    # … or said of the unit as a duty: 排第一位的责任部门，要牵头制定具体实施方案
    # (本措施各条款的第一责任单位要牵头细化…: the first-named, said as 第一责任单位)
    r"|[^。；;（(，,]*?(?:(?:排在?|列|位列)(?:第一位|首位)(?:的|者)?|第一)(?:责任|牵头)?(?:部门|单位)[，,]?\s*(?:要|应|须|负责)?牵头[^。；;）)]*"
    # … or of the units before the list's first comma, however many (第一个逗号前为牵头单位，下同)
    r"|" + BEFORE_COMMA.pattern + r"[^。；;）)]*"
)
_LABEL = lazy_compile(r"([\u4e00-\u9fff]{2,8})(?:[（(][\u4e00-\u9fff、/]{1,6}[)）])?\s*[:：]")  # 责任处室（单位）：: a label and its alternative
LABEL_SCOPE = lazy_compile(r"^(?:市直|区直|县直|省直|我局|本局|我委|本委|我办|本办|我)")  # whose units a label introduces
_AREA_GROUP = lazy_compile(r"(?:各|有关|相关|其他|所有)+(?:县|市|区|镇|乡|街道|街|旗|州|盟|开发区|园区)(?:级)?")
_AREA_KIND = lazy_compile(r"^(?:县|市|区|镇|乡|街道|街|旗|州|盟|开发区|园区|自治)")
_PARK_KIND = lazy_compile(r"^[\u4e00-\u9fff]{1,4}(?:开发区|园区)")  # a kind of park (工业园区, 经济开发区)
_SPLIT = lazy_compile(r"[、，,；;/\s]+")
# (…卫健委等行业主管部门 / 等职能部门: a kind of the others said before 部门)
_AND_OTHERS = lazy_compile(r"等(?:(?:有关|相关|其他)?(?:(?:部门|单位|机构|地方)(?:[和及、](?:部门|单位|机构))?)?"
                          r"|[\u4e00-\u9fff]{2,4}?(?:部门|机构))$")
# 商务部等和各省级人民政府: the 等 ends one list, a conjunction starts another name
_AND_OTHERS_THEN = lazy_compile(r"等(?:有关|相关|其他)?(?:部门|单位|机构)?(?:[和及与])(?=\S)")
_CONJUNCTION = lazy_compile(r"以及|及|和|与")
_HUITONG = "会同"
_DEFINES_NAME = lazy_compile(r"^\s*(?:以下|下文)?(?:简称|称|统称)")


@dataclass(frozen=True)
class ClauseReading:
    """What one clause says: units with roles, a deadline, and what could not be read."""

    units: tuple[UnitRole, ...]
    deadline: str = ""
    and_others: bool = False
    unread: str = ""  # a part that names no unit and no known field (reported as a warning)


@lru_cache(maxsize=1)
def _labels() -> dict[str, str]:
    return dict(vocab.rows("clause_labels.tsv"))


@lru_cache(maxsize=1)
def _verbs() -> tuple[tuple[str, str], ...]:
    return tuple(sorted(vocab.rows("clause_verbs.tsv"), key=lambda r: -len(r[0])))


@lru_cache(maxsize=1)
def _unit_ending() -> re.Pattern[str]:
    return re.compile("(?:" + alternation(vocab.words("unit_suffixes.txt")) + ")$")


@lru_cache(maxsize=1)
def _generic_prefix() -> re.Pattern[str]:
    return re.compile("^(?:" + alternation(vocab.words("generic_units.txt")) + ")")


@lru_cache(maxsize=1)
def _generic_infix() -> re.Pattern[str]:
    """国务院相关部门, 区直有关责任部门, 区直各部门 (a group word inside the name), 区直部门 (offices named by their
    level), 所在乡镇人民政府 (those of the task's place): a group of offices, not one."""
    words = alternation(vocab.words("generic_units.txt"))
    return re.compile(rf"(?:{words})[\u4e00-\u9fff]{{0,3}}(?:部门|单位|机构)(?:和单位|和部门)?$"
                      rf"|^[{''.join(sorted(vocab.words('place_kinds.txt')))}]直(?:部门|单位|机关)$|^所在"
                      r"|^[两二三四五六七八九十几\d]{1,2}个")  # 三个片区管理局: a count of offices is a group


def label_role(label: str) -> str:
    """``lead``, ``responsible``, ``deadline`` or ``other`` for a clause label.

    >>> [label_role(x) for x in ("牵头单位", "配合单位", "协作部门", "完成时限", "适用范围")]
    ['lead', 'responsible', 'responsible', 'deadline', 'other']
    """
    known = _labels().get(label) or _labels().get(LABEL_SCOPE.sub("", label))  # 市直主办单位, 我局责任单位
    if known:
        return known
    if "牵头" in label or "主责" in label:
        return "lead"
    if label.endswith(("单位", "部门", "机构", "主体")):
        return "responsible"
    if label.endswith(("时限", "时间", "期限")):
        return "deadline"
    return "other"


_SENTENCE_IN_NAME = lazy_compile(r"的|以下|(?<!级)以上|均[需须应要]|不再|都要")  # (县级以上人民政府, 各地级以上市: a rank)


def is_unit_name(name: str) -> bool:
    """A name that ends the way unit names end (局, 委, 中心, 人民政府 …), or a generic group (各有关单位)."""
    name = name.strip()
    bare = re.sub(r"[（(][^（()）]{2,20}[)）]$", "", name)  # 区委组织部（区公务员局）: a name, then its other name
    if _SENTENCE_IN_NAME.search(bare):  # an attributive phrase (免税进口的科研仪器设备…执行) or a rule for what
        return False  # follows (以下均需相关乡镇配合) is a sentence, never an office's name
    return 2 <= len(name) <= 40 and bool(_unit_ending().search(bare) or is_generic(name))


_BODY_IN_PROSE = lazy_compile(r"[区市县省][\u4e00-\u9fff]{2,24}?(?:领导小组办公室|领导小组|委员会|指挥部|工作专班|工作组|办公室|局|委)"
                              r"(?![\u4e00-\u9fff]{0,1}(?:局|委|办|小组|会|部))")


def bodies_named(text: str) -> list[str]:
    """The bodies a task's prose names by their full name (充分发挥区推动…领导小组作用 → 区推动…领导小组), for a
    task whose clause names no unit: what the notice does say about who acts, quoted, never taken as its lead."""
    return list(dict.fromkeys(m.group(0) for m in _BODY_IN_PROSE.finditer(text) if is_unit_name(m.group(0))))


def is_generic(name: str) -> bool:
    """``各有关单位``, ``各镇街``, ``有关部门``: a group of units, not one office."""
    m = _generic_prefix().search(name)
    if m and m.end() < len(name) <= 16:  # 其他 alone names nothing
        return True
    if name.endswith(tuple(vocab.words("group_endings.txt"))) and len(name) <= 16:  # 市城管委成员单位: its members
        return True
    m = _generic_infix().search(name)
    return bool(m) and len(name) <= 12 and not _CONJUNCTION.search(name[: m.start()])


def ends_with_unit_label(text: str) -> bool:
    """Whether text written before a colon ends with a label that introduces units, however the words before it
    run on (…2021年3月开始牵头处室：, a page's fields run together): a listed label, or one ending as units do.

    >>> ends_with_unit_label("月开始牵头处室"), ends_with_unit_label("局党建人事处责任对象"), ends_with_unit_label("活动内容")
    (True, True, False)
    """
    known = any(text.endswith(label) for label, role in _labels().items() if role in ("lead", "responsible"))
    return known or text.endswith(("单位", "部门"))


def has_label(clause: str) -> bool:
    """True when the clause holds a field label that introduces units or a deadline."""
    return any(label_role(m.group(1)) != "other" for m in _LABEL.finditer(clause))


def looks_like_clause(inner: str) -> bool:
    """Whether a bracket's text assigns units: a unit label, a verb form, or a bare list of unit names.

    >>> looks_like_clause("牵头单位：区科学技术局"), looks_like_clause("海关总署、财政部负责"), looks_like_clause("2023—2025年")
    (True, True, False)
    >>> looks_like_clause("以下简称市工作专班")
    False
    """
    inner = _without_convention(inner)
    if _DEFINES_NAME.match(inner):  # （以下简称市工作专班）names something, it assigns nothing
        return False
    if has_label(inner):
        return True
    groups = _verb_groups(_head(inner))
    if not groups:
        return False
    for names, _ in groups:
        listed = [(n, part) for raw in names for part in raw.split(_HUITONG) for n in split_units(part)[0]]
        split = [n for n, _ in listed]
        known = sum(is_unit_name(n) or _shares_ending(n, part) for n, part in listed)
        # every name a unit's, or all but one of a longer list before the verb (…、莆田海关等部门按照职能分工负责)
        if not split or known < len(split) - (len(split) >= 3):
            return False
    return True


def is_place(name: str) -> bool:
    """A place at a level of government, named alone (永安市, 梅列区 of 永安市、沙县人民政府): its government meant."""
    return re.fullmatch(r"[\u4e00-\u9fff]{1,4}(?:市|县|区)", name) is not None and not is_generic(name)


def _shares_ending(name: str, run: str) -> bool:
    """A place's name in a 、-run whose last name is that kind of place's government (广州、深圳、东莞市政府), or a
    kind of department in a run ending with one (公安、安监部门): the ending is written once, for every name of the run."""
    names = [n.strip() for n in run.split("、")]
    last = names[-1] if names else ""
    # (公安、安监、质监、信息化部门配合: kinds of department, 部门 written once for the run)
    kinds = re.fullmatch(r"([\u4e00-\u9fff]{2,4})等部门", last)  # (公安、农业农机等部门: the last kind too)
    return (name in names[:-1] + ([kinds.group(1)] if kinds else []) and 2 <= len(name) <= 4 and bool(re.fullmatch(r"[\u4e00-\u9fff]+", name))
            and bool(re.search(r"(?:市|县|区)(?:人民)?政府$|[\u4e00-\u9fff]{2}(?:等)?部门$", last))
            and (is_unit_name(last) or last.endswith("等部门")))


def read_clause(clause: str, first_leads: bool = False, leads_before_comma: bool = False) -> ClauseReading:
    """Read a unit clause (without its brackets).

    Args:
        first_leads: the notice says the first-listed unit leads (排在第一位的为牵头部门).
        leads_before_comma: the notice says the units before a list's first comma lead (第一个逗号前为牵头单位).

    >>> r = read_clause("牵头单位：区工业和信息化局，配合单位：区财政局、区商务局；完成时限：2023年底")
    >>> [(u.name, u.role.value, u.label) for u in r.units], r.deadline
    ([('区工业和信息化局', 'lead', '牵头单位'), ('区财政局', 'responsible', '配合单位'), ('区商务局', 'responsible', '配合单位')], '2023年底')
    >>> [(u.name, u.role.value) for u in read_clause("区政府办公室、区司法局按职责分工负责").units]
    [('区政府办公室', 'shared'), ('区司法局', 'shared')]
    >>> [(u.name, u.role.value) for u in read_clause("海关总署、财政部、税务总局负责", first_leads=True).units]
    [('海关总署', 'lead'), ('财政部', 'responsible'), ('税务总局', 'responsible')]
    >>> r = read_clause("商务部等有关部门负责")
    >>> [(u.name, u.role.value) for u in r.units], r.and_others
    ([('商务部', 'responsible')], True)
    """
    # a unit marked with an asterisk (责任单位：*县人力社保局、县科技局): the lead, as 分工 tables mark it
    starred = [m.group(1) for m in _STARRED.finditer(clause)]
    clause = re.sub(r"[*＊](?=[\u4e00-\u9fff])", "", clause) if starred else clause
    carried = _carried_units(clause)
    clause = _without_convention(clause.strip())
    marks = _labels_in(clause)
    units: list[UnitRole] = []
    deadline, unread, and_others = "", "", False
    head_end = marks[0][0] if marks else len(clause)
    head = clause[:head_end].strip().rstrip("；;，,。 ")
    if head:
        got, others = _read_unlabelled(head, first_leads)
        units += got
        and_others |= others
        if not got:
            unread = head
    for k, (_, m_end, label) in enumerate(marks):
        end = marks[k + 1][0] if k + 1 < len(marks) else len(clause)
        value = clause[m_end: end].strip().rstrip("；;，,。 ")
        role = label_role(label)
        if role in ("lead", "responsible"):
            value, named = _named_roles(value)  # …，A、B为实施单位: those units in the role of that label
            verbs = [kind for _, kind in _verb_groups(value)]
            names, others = split_units(value)
            verbal, verbal_others = _read_unlabelled(value, False) if role == "responsible" and (
                {"lead", "shared"} & set(verbs)) else ([], False)
            # (a name that is no unit's and holds a duty word is prose: 按照以上分工牵头负责 names no unit)
            is_prose = any(not is_unit_name(n) and any(w in n for w in duty_words()) for n in names)
            prose, prose_others = _duties(value) if is_prose else ([], False)
            assisting = _assisting(value)
            if assisting:  # 责任单位：经济发展处配合区经发局落实: the unit assisted carries it, the other assists
                # (the label no longer says the role of the units assisted: the role's own name is shown)
                units += [UnitRole(n, r, "" if r is Role.LEAD else label) for n, r in assisting[0]]
                others = assisting[1]
            elif verbal and all(is_unit_name(u.name) for u in verbal):
                # 责任单位：A、B牵头，C、D按职责分工负责: the roles the verbs give, under the label
                units += [UnitRole(u.name, u.role, label) for u in verbal]
                others = verbal_others
            elif is_prose:  # 责任分工：X负责开展…，Y组织实施
                units += [UnitRole(n, r, label) for n, r in prose]
                others = prose_others
            elif role == "responsible" and verbs and set(verbs) != {"listed"}:  # 责任单位：X、Y分别牵头
                got, others = _read_unlabelled(value, False)
                units += [UnitRole(u.name, u.role, label) for u in got]
            elif role == "lead" and verbs == ["shared"] and len(names) > 1 and is_generic(names[-1]):
                # 牵头单位：A、B、爱卫会成员单位根据职能分工抓落实: the offices named lead; the group named last
                # carries it by its members' remits
                units += [UnitRole(n, Role.LEAD, label) for n in names[:-1]] + [UnitRole(names[-1], Role.SHARED, label)]
            else:
                units += [UnitRole(n, Role.LEAD if role == "lead" else Role.RESPONSIBLE, label) for n in names]
            units += named
            and_others |= others
        elif role == "deadline":
            deadline = value
    if first_leads and marks and units and not any(u.role is Role.LEAD for u in units):
        # 责任单位：A、B、C under the notice's convention (列第一位为牵头单位): the first unit listed leads
        first = units[0]
        # its label (责任单位) no longer says its role: the role's own name is shown (牵头单位)
        lead = not is_generic(first.name)
        units[0] = UnitRole(first.name, Role.LEAD if lead else first.role, "" if lead else first.label)
    if leads_before_comma and units and not any(u.role is Role.LEAD for u in units):
        # 责任单位：A、B，C、D under 第一个逗号前为牵头单位: A and B lead (a list with no comma: every unit)
        listed = _without_convention(clause)
        own_marks = _labels_in(listed)  # (the convention taken out: positions of the text left)
        listed = listed[own_marks[0][1]:] if len(own_marks) == 1 else listed
        before = set(split_units(re.split(r"[，,]", listed, maxsplit=1)[0])[0])
        units = [UnitRole(u.name, Role.LEAD, "") if u.name in before else u for u in units]
    carried = [c for c in carried if not any(_core(c.name) in _core(u.name) for u in units)]  # 县（区）政府 ≈ 各县（区）政府
    if starred and not any(u.role is Role.LEAD for u in units):
        units = [UnitRole(u.name, Role.LEAD, "") if any(u.name.startswith(m) or m.startswith(u.name) for m in starred) else u
                 for u in units]
    return ClauseReading(_unique(units + carried), deadline, and_others, unread)


def read_clauses(clause: str, first_leads: bool = False, leads_before_comma: bool = False) -> ClauseReading:
    """A task's clauses joined by ``；`` (see ``split_units_clause``), read as one — except under a stated
    first-listed-leads convention, where each of several alike clauses (each under the same label, or none)
    has its own first unit leading: （责任单位：市发改委、市数据局）…（责任单位：市经信局） — 市经信局 leads
    that second part. A unit leading in any part leads the task.

    >>> [(u.name, u.role.value) for u in read_clauses("责任单位：甲局、乙局；责任单位：丙局、甲局", first_leads=True).units]
    [('甲局', 'lead'), ('乙局', 'responsible'), ('丙局', 'lead')]
    """
    parts = [p.strip() for p in re.split(r"[；;]", clause) if p.strip()]
    heads = {(m.group(1) if (m := _LABEL.match(p)) else "") for p in parts}
    if not first_leads or len(parts) < 2 or len(heads) != 1:
        return read_clause(clause, first_leads, leads_before_comma)
    readings = [read_clause(p, True, leads_before_comma) for p in parts]
    units: dict[str, UnitRole] = {}
    for u in (u for r in readings for u in r.units):
        if u.name not in units:
            units[u.name] = u
        elif u.role is Role.LEAD:  # first seen in another role: it leads a part, so it leads
            units[u.name] = UnitRole(u.name, Role.LEAD, units[u.name].label)
    return ClauseReading(tuple(units.values()), next((r.deadline for r in readings if r.deadline), ""),
                         any(r.and_others for r in readings), "；".join(r.unread for r in readings if r.unread))


def _core(name: str) -> str:
    """A name without its leading 各 and its bracketed parts (各县（区）政府（管委会） → 县政府), to compare."""
    return re.sub(r"[（(][^（()）]*[)）]", "", name).removeprefix("各")


_CARRIED_UNIT = lazy_compile(r"(?:以下[^，,]{0,8}?(?:均需|均由|均包括|均要|需|由))?(.{2,30}?)(落实|负责|配合|参与|$)")


def _carried_units(clause: str) -> list[UnitRole]:
    """The units a carry-over sentence names (以下均需区市场监管局落实，市局执法总队负责…，不再单独列出): units of the
    task it is written in, responsible (the tasks after name them no more, as it says).

    >>> [(u.name, u.label) for u in _carried_units("X牵头。以下均需区市场监管局落实，市局执法总队负责化工区监管，不再单独列出")]
    [('区市场监管局', '落实'), ('市局执法总队', '负责')]
    >>> [u.name for u in _carried_units("〔责任单位：市商务局；以下任务责任单位均包括各县（市、区）人民政府，不再列出〕")]
    ['各县（市、区）人民政府']
    """
    found: list[UnitRole] = []
    for m in _CARRIED_OVER.finditer(clause):
        for piece in re.split(r"[，,]", m.group(0).strip("，,;；。 \t[［〔]〕］")):
            got = _CARRIED_UNIT.match(piece.strip())
            # (以下均需各区〔县、市〕政府、开发园区管委会落实: each of the units it lists)
            for name in split_units(got.group(1))[0] if got else ():
                if is_unit_name(name):
                    found.append(UnitRole(name, Role.RESPONSIBLE, got.group(2) or "责任单位"))
    return found


_COPULA = lazy_compile(r"(.+?)(?:为|作为|是)([\u4e00-\u9fff]{2,6})")
_SAME_BELOW = lazy_compile(r"下同|以下同|下文同")  # a remark (…为实施单位，下同), never a unit


def _named_roles(value: str) -> tuple[str, list[UnitRole]]:
    """The pieces of a field's value that name units with a role of their own (``市局某处，各区市场监管局、
    机场分局为实施单位，下同``: the last units are 实施单位, not under the field's label), read apart, and
    the value without them (and without a 下同 remark).

    >>> v, named = _named_roles("市局产品质量安全监督管理处，各区市场监管局、机场分局为实施单位，下同")
    >>> v, [(u.name, u.role.value, u.label) for u in named]
    ('市局产品质量安全监督管理处', [('各区市场监管局', 'responsible', '实施单位'), ('机场分局', 'responsible', '实施单位')])
    """
    kept: list[str] = []
    named: list[UnitRole] = []
    pieces = re.split(r"[，,；;]", value)
    for piece in pieces:
        piece = piece.strip(" 。")
        if _SAME_BELOW.fullmatch(piece):
            continue
        m = _COPULA.fullmatch(piece)
        role = label_role(m.group(2)) if m else "other"
        names = split_units(m.group(1))[0] if m and role in ("lead", "responsible") else []
        if names and all(is_unit_name(n) or is_generic(n) for n in names):
            named += [UnitRole(n, Role.LEAD if role == "lead" else Role.RESPONSIBLE, m.group(2)) for n in names]
            continue
        kept.append(piece)
    return ("，".join(kept), named) if named or len(kept) < len(pieces) else (value, [])


def _duties(value: str) -> tuple[list[tuple[str, Role]], bool]:
    """Units of a field written as prose, one duty per phrase (区规划局负责开展规划编制工作，所在乡镇人民政府
    组织实施，区交通与建设局业务检查指导): each phrase's leading unit name, the longest that holds no duty word.
    Its role is responsible unless the phrase says 牵头; a phrase that names no unit (按照规划要求) is
    skipped. Also whether a list ends 等….

    >>> [n for n, _ in _duties("区规划局负责开展规划编制工作，嘉源公司作为业主单位，潭城镇人民政府全力配合")[0]]
    ['区规划局', '嘉源公司', '潭城镇人民政府']
    """
    out: list[tuple[str, Role]] = []
    and_others = False
    words = duty_words()
    for phrase in (p.strip() for p in re.split(r"[，,；;。]", value)):
        phrase = phrase[phrase.rfind("由") + 1:] if "由" in phrase[:12] else phrase  # 竹屿湖二期项目由区交投公司负责
        if not phrase:
            continue
        whole, others = split_units(phrase)
        if len(whole) > 1 and phrase.endswith(whole[-1]) and all(is_unit_name(n) for n in whole):  # units only, though a
            # name holds a duty word (复议综合指导科)
            out += [(n, Role.RESPONSIBLE) for n in whole]
            and_others |= others
            continue
        # the name ends where a duty word begins — the first such place after which it is a unit's name (业务 of
        # 局各业务处室根据职责开展… is inside the name; 根据 ends it)
        cuts = sorted({k for w in words if (k := phrase.find(w)) > 0}) or [len(phrase)]
        cut = cuts[0]
        for k in cuts:
            names, others = split_units(phrase[:k])
            if names and all(is_unit_name(n) for n in names):
                cut, lead = k, phrase[:k]
                break
        else:  # the longest name the phrase starts with (金井、澳前片区开发管理局: one office named for two places)
            listed, others = split_units(phrase[:cut])
            lead = next((phrase[:k] for k in range(cut, 1, -1) if is_unit_name(phrase[:k])), "")
            names = [lead]
            if len(listed) > 1 and lead == phrase[:cut] and all(_shares_ending(n, lead) for n in listed[:-1]):
                names = listed  # 永安市、沙县人民政府: places' governments, the ending written once (as printed)
        if not lead:
            continue  # a phrase that names no unit (按照规划要求, …，协同配合)
        role = Role.LEAD if "牵头" in phrase[len(lead):] else Role.RESPONSIBLE
        out += [(n, role) for n in names]
        and_others |= others
    return out, and_others


def clause_verbs() -> tuple[str, ...]:
    """The verbs written after a list of units (牵头, 配合, 负责 …: ``data/clause_verbs.tsv``), longest first."""
    return tuple(v for v, _ in _verbs())


def remit_patterns() -> tuple[str, ...]:
    """The patterns of words written between a unit list and its verb (按职责分工, 分别: ``clause_verb_modifiers.tsv``)."""
    return tuple(p.pattern.removeprefix("(?:").removesuffix(")$") for p, _ in _modifiers())


@lru_cache(maxsize=1)
def duty_words() -> tuple[str, ...]:
    return tuple(vocab.words("duty_words.txt")) + tuple(v for v, _ in _verbs())


def _labels_in(clause: str) -> list[tuple[int, int, str]]:
    """(start, end, label) of each field label. A run of characters before a colon that is not a label
    but ends with one (区发改局责任单位: — fields written one per line, joined without a separator) is the
    previous field's value, then the label — when what is before the label is a unit's name, or the label is
    a deadline's (…开展本行业系统排查完成时限：, …牵头负责完成时限：); otherwise the whole run is one label
    (牵头负责部门: a label the list does not hold, read by its words)."""
    known = longest_first(_labels())
    out = []
    for m in _LABEL.finditer(clause):
        label, start = m.group(1), m.start(1)
        if label not in _labels():
            tail = next((k for k in known if label.endswith(k) and len(k) < len(label)), None)
            head = label[: len(label) - len(tail)] if tail else ""
            if tail and ((is_unit_name(head) and not LABEL_SCOPE.fullmatch(head))  # (我局责任单位: whose, not a value)
                         or _labels()[tail] == "deadline"):
                start, label = m.end(1) - len(tail), tail
        out.append((start, m.end(), label))
    return out


def _read_unlabelled(head: str, first_leads: bool) -> tuple[list[UnitRole], bool]:
    """``X牵头，Y配合`` / ``A、B负责`` / ``A、B按职责分工负责`` / a bare list."""
    units: list[UnitRole] = []
    and_others = False
    groups = _verb_groups(head)
    if not groups or not all(names for names, _ in groups):
        return [], False
    has_lead = (any(kind == "lead" for _, kind in groups) or any(_HUITONG in "".join(n) for n, _ in groups)
                or any(_assisting(n) for names, _ in groups for n in names))
    for names, kind in groups:
        flat: list[str] = []
        for raw in names:
            if raw.endswith("等"):
                and_others = True
            flat.append(raw)
        for name in flat:
            if _HUITONG in name:  # X会同Y: X leads, Y takes part
                left, right = name.split(_HUITONG, 1)
                l_names, l_others = split_units(left)
                r_names, r_others = split_units(right)
                and_others |= l_others or r_others
                units += [UnitRole(n, Role.LEAD, "") for n in l_names]
                units += [UnitRole(n, Role.RESPONSIBLE, "") for n in r_names]
                continue
            assisting = _assisting(name)
            if assisting:  # X配合Y: Y carries it, X assists
                units += [UnitRole(n, r, "") for n, r in assisting[0]]
                and_others |= assisting[1]
                continue
            names_, others = split_units(name)
            and_others |= others
            role = {"lead": Role.LEAD, "responsible": Role.RESPONSIBLE, "shared": Role.SHARED}.get(kind)
            only_groups = kind == "shared" and all(is_generic(n) for n in names_)  # 各有关部门按职责分工负责: no lead
            if kind in ("listed", "shared") and first_leads and not has_lead and names_ and not only_groups:
                # the notice's convention: the first unit listed leads, the others take part
                role = Role.LEAD if not any(u.role is Role.LEAD for u in units) else Role.RESPONSIBLE
                units.append(UnitRole(names_[0], role, "")) if names_ else None
                units += [UnitRole(n, Role.RESPONSIBLE, "") for n in names_[1:]]
                continue
            if role is None or (role is Role.SHARED and has_lead):
                # a bare list, 负责 without a convention, or 按职责分工负责 beside a named lead: they take part
                role = Role.RESPONSIBLE
            units += [UnitRole(n, role, "") for n in names_]
    return units, and_others


_STARRED = lazy_compile(r"[*＊]([\u4e00-\u9fff][^、，,；;。）)*＊]*)")
_ASSISTS = lazy_compile(r"(?P<x>[^，,；;]+?)配合(?P<y>[^，,；;]+?)(?:落实|负责|开展|实施|推进)?")


def _assisting(text: str) -> tuple[list[tuple[str, Role]], bool] | None:
    """``X配合Y（落实）``: the units assisted (Y) carry the task and lead it, the units assisting (X) take part;
    None unless both sides are unit names.

    >>> _assisting("经济发展处配合区经发局、消防救援支队落实")
    ([('经济发展处', <Role.RESPONSIBLE: 'responsible'>), ('区经发局', <Role.LEAD: 'lead'>), ('消防救援支队', <Role.LEAD: 'lead'>)], False)
    """
    m = _ASSISTS.fullmatch(text.strip().rstrip("。；;，, "))
    if not m:
        return None
    xs, x_others = split_units(m.group("x"))
    ys, y_others = split_units(m.group("y"))
    if not xs or not ys or not all(is_unit_name(n) for n in xs + ys):
        return None
    return [(n, Role.RESPONSIBLE) for n in xs] + [(n, Role.LEAD) for n in ys], x_others or y_others


def is_verb_clause(line: str) -> bool:
    """Whether a whole line is an unlabelled clause that names units by verb (局办公室牵头、各单位配合 — a table's
    unit cell flattened onto a line of its own): every group a list of unit names, one of them leading or taking
    part by its verb.

    >>> is_verb_clause("局办公室牵头、各单位配合"), is_verb_clause("推进重大建设项目信息公开")
    (True, False)
    """
    line = line.strip().rstrip("。；;")
    if not line or len(line) > 200 or has_label(line) or re.search(r"[。；;：:]", line) or line[0] in "、，,（(［[【":
        return False
    groups = _verb_groups(line)
    if not groups or not any(kind in ("lead", "responsible", "shared") for _, kind in groups):
        return False
    names = [n for raw, _ in groups for piece in raw for n in split_units(piece)[0]]
    # (the line opens with its first unit: 局、市林业局… is the end of a name broken across lines)
    return bool(names) and line.startswith(names[0]) and all(len(n) >= 2 and is_unit_name(n) for n in names)


def _verb_groups(head: str) -> list[tuple[list[str], str]]:
    """Split ``X牵头，Y、Z配合`` into ([X], lead), ([Y, Z], responsible); a bare list is ``listed``, one that ends
    with the remit and no verb ``shared``.

    >>> _verb_groups("市发改委、住建局按职责分工")
    [(['市发改委、住建局'], 'shared')]
    """
    out: list[tuple[list[str], str]] = []
    rest = head.strip()
    while rest:
        # the earliest verb that ends a group: units, verb, then a separator or the end
        best = None
        for verb, kind in _verbs():
            for m in re.finditer(re.escape(verb) + r"(?=$|[，,；;。、\s])", rest):
                if best is None or m.start() < best[0]:
                    best = (m.start(), m.end(), kind)
                break
        if best is None:
            # (A、B按职责分工: the remit said with no verb after it — the units share the duty, no lead)
            cut, shares = _before_modifiers(rest.rstrip(" 。；;，,"), len(rest.rstrip(" 。；;，,")))
            names = [p for p in (x.strip() for x in re.split(r"[，,；;]", rest[:cut] if shares else rest)) if p]
            out.append((names, "shared" if shares else "listed"))
            break
        start, end, kind = best
        start, shares = _before_modifiers(rest, start)
        if shares and kind == "listed":  # A、B按职责分工负责: divided by remit, no lead named
            kind = "shared"
        names_part = rest[:start].strip(" ，,；;")
        if names_part:
            out.append(([names_part], kind))
        rest = rest[end:].lstrip(" ，,；;。、")
    return out


def _before_modifiers(text: str, start: int) -> tuple[int, bool]:
    """Where the words that only modify a duty verb begin (市民政局|按职责组织|配合), and whether one of
    them divides the duty by the units' remits (按职责分工, 分别)."""
    shares = False
    moved = True
    while moved:
        moved = False
        for pattern, effect in _modifiers():
            m = pattern.search(text, 0, start)
            if m and m.start() > 0:
                start, shares, moved = m.start(), shares or effect in ("remit", "shares"), True
                break
    return start, shares


@lru_cache(maxsize=1)
def _modifiers() -> tuple[tuple[re.Pattern[str], str], ...]:
    return tuple((re.compile(f"(?:{pattern})$"), effect) for pattern, effect in vocab.rows("clause_verb_modifiers.tsv"))


# a bracketed remark on what a name covers (〈含开发区、长江新区、风景区管委会,下同〉), not part of it
_SCOPE_NOTE = lazy_compile(r"[〈（(](?:含|包括|包含)[^〈〉（）()]*[〉）)]|[〈（(][^〈〉（）()]*下同[〉）)]")


def _split_top(segment: str) -> list[str]:
    """Split at separators outside brackets: 市交通委（科信处、宣传处）、市港航中心 is two units, and so is
    各区〔县、市〕政府、开发园区管委会."""
    parts, depth, start = [], 0, 0
    spaced: list[bool] = []  # whether the separator after each part was a space alone
    for k, ch in enumerate(segment):
        if ch in "（(〔[［【〈":
            depth += 1
        elif ch in "）)〕]］】〉":
            depth = max(0, depth - 1)
        elif depth == 0 and _SPLIT.fullmatch(ch):
            parts.append(segment[start:k])
            spaced.append(ch.isspace())
            start = k + 1
    parts.append(segment[start:])
    # a stray space inside a name (检察 院, 行 政审批局): a part that names no unit joins the next across it
    # when together they name one (a space between two names — 农业农村局 区金控集团 — still separates them)
    out = [parts[0]]
    for k, part in enumerate(parts[1:]):
        if spaced[k] and out[-1].strip() and not is_unit_name(out[-1].strip()) and is_unit_name(out[-1].strip() + part.strip()):
            out[-1] = out[-1].strip() + part.strip()
        else:
            out.append(part)
    return out


_LONE_LEVELS = frozenset("省市县区乡镇")  # a level written alone before another (市、县…办公室 / 省、市、县三级人民政府)


# a name, then in brackets an office of another level of government (区社会事业局（县卫生局）): two offices, where a
# bracket at the same level (区委组织部（区公务员局）) is the same office's other name
_COUNTERPART = lazy_compile(r"(([区市县省])[\u4e00-\u9fff]{2,20})[（(](([区市县省])[\u4e00-\u9fff]{2,20})[)）]")
_LATIN_TAIL = lazy_compile(r"(?<=[\u4e00-\u9fff])[A-Za-z][A-Za-z0-9]*$")


def split_units(segment: str) -> tuple[list[str], bool]:
    """Unit names of a list, and whether it ends 等有关部门 (the list is not complete).

    >>> split_units("各区、县级市人民政府，市发展改革委等有关部门")
    (['各区、县级市人民政府', '市发展改革委'], True)
    >>> _verb_groups("市住房城乡建设管理委、市财政局牵头负责，市民政局按职责组织配合")
    [(['市住房城乡建设管理委、市财政局'], 'lead'), (['市民政局'], 'responsible')]
    >>> split_units("区财政局 区民政局")
    (['区财政局', '区民政局'], False)
    >>> split_units("人力资源社会保障部、教育部等有关部门和单位")
    (['人力资源社会保障部', '教育部'], True)
    >>> split_units("商务部、农业农村部等和各有关省级人民政府")
    (['商务部', '农业农村部', '各有关省级人民政府'], True)
    """
    segment = segment.strip().strip("。.:：；;，, ")
    for verb, _ in _verbs():  # a trailing duty verb (and how it is done) is not part of the last name
        if segment.endswith(verb) and len(segment) > len(verb):
            segment = segment[: _before_modifiers(segment, len(segment) - len(verb))[0]]
            break
    and_others = False
    pieces = []
    for p in _split_top(segment):
        p = p.strip(" \t。.:：")
        group = _and_group(p)
        m = None if _AND_OTHERS.search(p) else _AND_OTHERS_THEN.search(p)
        if group:  # X等国务院相关部门及Y: X (and others), then Y
            pieces.append(p[: group[0]] + "等")
            pieces += _conjoined(group[1]) if group[1] else []
        elif m and m.start() > 0:  # X等和Y: X (and others), then Y
            pieces += [p[: m.start()] + "等", p[m.end():]]
        elif p:
            pieces += _conjoined(p)
    names: list[str] = []
    carry = ""
    for k, piece in enumerate(pieces):
        m = _AND_OTHERS.search(piece)
        if m and m.start() > 0:
            piece, and_others = piece[: m.start()], True
        elif piece in ("等", "等有关部门", "等部门", "等单位"):
            and_others = True
            continue
        nxt = pieces[k + 1] if k + 1 < len(pieces) else ""
        if piece in _LONE_LEVELS and _AREA_KIND.match(nxt):  # 市、县促进中小企业发展领导小组办公室: the levels of one body
            carry = f"{carry}、{piece}" if carry else piece
            continue
        if carry:
            piece, carry = f"{carry}、{piece}", ""
        # 各区、县级市人民政府 / 各有关区、县级市: a group word without a unit ending joins the name that
        # follows when that one names another kind of area (not 各区、城投集团)
        if (is_generic(piece) and len(piece) <= 5 and not _unit_ending().search(piece)
                and _AREA_GROUP.fullmatch(piece)  # a group of areas (各区, 各有关县), not of bodies (各区属国企)
                and (_AREA_KIND.match(nxt) or _PARK_KIND.match(nxt))):  # (各开发区、工业园区管委会: of parks too)
            carry = piece
            continue
        piece = _SCOPE_NOTE.sub("", piece)  # 各区人民政府〈含开发区、…管委会,下同〉: the name, not what it covers
        glued = _LATIN_TAIL.search(piece)  # 经济发展局H5解读：<url>: a page's link label run on after the last name
        if glued and is_unit_name(piece[: glued.start()]) and not is_unit_name(piece):
            piece = piece[: glued.start()]
        pair = _COUNTERPART.fullmatch(piece)
        if pair and pair.group(2) != pair.group(4) and is_unit_name(pair.group(1)) and is_unit_name(pair.group(3)):
            names += [pair.group(1), pair.group(3)]  # 区社会事业局（县卫生局）: the other level's own office beside it
            continue
        if len(piece) >= 2:  # one character (责任单位：市 — a line cut off) names no unit
            names.append(piece)
    if carry:
        names.append(carry)
    return names, and_others


def _and_group(piece: str) -> tuple[int, str] | None:
    """银保监会等国务院相关部门(及各地区), 区交通与建设局等区直部门: 等 then a group of offices (is_generic) ends
    the list; what follows a conjunction after the group is another name. (Where 等 stands, and that rest.)"""
    k = piece.find("等", 1)
    if k < 0:
        return None
    rest = piece[k + 1:]
    if is_generic(rest):
        return k, ""
    cuts = [m for m in _CONJUNCTION.finditer(rest) if is_generic(rest[: m.start()])]
    return (k, rest[cuts[-1].end():]) if cuts else None  # the longest group: 国务院相关部门和单位 | 及各地区


def _conjoined(piece: str) -> list[str]:
    """``国务院相关部门及各地区`` is two names: split at a conjunction when both sides name units (工业和信息化部
    and 住房和城乡建设局 are one name: 工业 and 住房 name no unit; nor is 各县（市、区）党委和人民政府, whose right
    side is a bare kind of body, the left side's place's)."""
    for m in _CONJUNCTION.finditer(piece):
        left, right = piece[: m.start()], piece[m.end():]
        if right in vocab.words("unit_suffixes.txt"):
            continue
        if min(len(left), len(right)) >= 3 and is_unit_name(left) and is_unit_name(right):  # 部门和单位: one group
            return [left, *_conjoined(right)]
    return [piece]


# a sentence carrying units over to every task after, written once (以下均需各片区配合落实，不再列出)
# (以下任务责任单位均包括各县（市、区）人民政府，不再列出; [以下均需…落实，不再逐一列出]; …，市局执法总队负责…，不再单独列出)
_CARRIED_OVER = lazy_compile(
    r"[，,;；。]?\s*(?:[\[［〔〈<＜]以下[^。；;\]］〕〉>＞]{0,80}?不再[^。；;，,]{0,4}?(?:列出|列明|重复|列举)(?:列出|列明|列举)?[\]］〕〉>＞]"
    r"|(?:(?:此项|本项|本条|该项)[及和与])?以下[^。；;]{0,80}?[，,]?\s*不再[^。；;，,（）()]{0,4}?(?:列出|列明|重复|列举)"
    r"(?:列出|列明|列举)?)")  # (不再重复列出: the whole phrase)


def without_carry_over(text: str) -> str:
    """The text without a sentence carrying units over to the tasks after (〔以下均需…落实，不再列出〕, in any bracket:
    〈以下均需各银行业金融机构落实，不再列出〉).

    >>> without_carry_over("市商务局、统计局。[以下均需各县（市、区）人民政府落实，不再逐一列出]")
    '市商务局、统计局'
    """
    return _CARRIED_OVER.sub("", text)


def _without_convention(clause: str) -> str:
    """The clause without a first-listed-leads sentence written inside it (…负责，排在第一位的部门为牵头部门，下同),
    nor one that carries units over to the tasks after (以下均需各片区配合落实，不再列出)."""
    clause = without_carry_over(clause)
    shared = find_share_convention(clause)  # …各有关责任单位按职责分工负责，下同: said of every task, not this one's units
    if shared:
        clause = clause.replace(shared, "").strip(" ，,。；;")
    m = LEAD_CONVENTION.search(clause)
    if not m:
        return clause
    found = find_lead_convention(clause)
    k = clause.find(found) if found else -1
    if k < 0:
        return clause
    end = k + len(found)
    opening = max(clause.rfind("（", 0, k), clause.rfind("(", 0, k))
    closing = min((x for x in (clause.find("）", end), clause.find(")", end)) if x >= 0), default=-1)
    if opening >= 0 and closing >= 0 and not re.search(r"[）)]", clause[opening:k]):
        k, end = opening, closing + 1  # the convention in brackets of its own, with its qualifier: (除标注…外,列第一位为牵头单位,下同)
    return (clause[:k] + clause[end:]).strip(" ，,。；;")


def _unique(units: list[UnitRole]) -> tuple[UnitRole, ...]:
    seen: dict[str, UnitRole] = {}
    for u in units:
        seen.setdefault(u.name, u)
    return tuple(seen.values())


def _head(clause: str) -> str:
    m = _LABEL.search(clause)
    return (clause[: m.start()] if m else clause).strip().rstrip("；;，,。 ")


def find_share_convention(text: str) -> str:
    """The notice's own sentence saying that the units listed share each task by their remits, with no lead
    (〔…各有关责任单位按职责分工负责，下同〕), or "".

    >>> find_share_convention("市民政局〔以下均需各县人民政府落实，不再列出。各有关责任单位按职责分工负责，下同〕")
    '各有关责任单位按职责分工负责，下同'
    """
    shares = "|".join(p for p, effect in vocab.rows("clause_verb_modifiers.tsv") if effect == "remit")
    m = re.search(rf"[^。；;〔〕（）()，,]{{0,16}}(?:{shares})(?:负责|落实)(?:落实)?[，,]?\s*(?:以下同|下同)", text)
    # (多个牵头部门的按照职责分工负责: the leads among themselves, said beside who leads — they still lead)
    return m.group(0).strip() if m and "牵头" not in m.group(0) else ""


def lead_convention_scope(text: str) -> str:
    """What a first-listed-leads sentence says it governs, named before the ordinal in its clause
    (十项职业技能提升工程排第一位的责任部门，要牵头…: the ten projects), or "" when it governs every task."""
    m = LEAD_CONVENTION.search(text)
    if not m:
        return ""
    k = min((m.group(0).find(w) for w in ("排", "列", "位列", "第一", "首位") if w in m.group(0)), default=0)
    head = re.split(r"[，,。；;：:]", m.group(0)[:k])[-1].strip()
    return head if len(head) >= 4 and not is_unit_name(head) else ""


def find_lead_convention(text: str) -> str:
    """The notice's own sentence saying the first-listed unit leads, or "".

    >>> find_lead_convention("（海关总署、财政部负责。排在第一位的部门为牵头部门，下同）")
    '排在第一位的部门为牵头部门，下同'
    >>> find_lead_convention("（农业农村部、工业和信息化部负责，列第一位者为牵头单位，下同）")
    '列第一位者为牵头单位，下同'
    """
    m = LEAD_CONVENTION.search(text)
    if not m:
        return ""
    sentence = m.group(0).strip(" ，,")
    # keep the sentence from the ordinal on (drop the units listed before it in the same bracket)
    k = max(sentence.rfind(w, 0, sentence.find("第一") if "第一" in sentence else sentence.find("首位")) for w in ("，", ",", "。", "；"))
    return sentence[k + 1:].strip() if k >= 0 else sentence
