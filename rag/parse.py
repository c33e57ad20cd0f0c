"""Notice text → typed tasks, by the conventions of the genre rather than one notice's quirks.

Structure. Every line that starts with a numbering mark is an outline item; marks rank the way
Chinese official documents nest them (第一部分 > 一、 > （一） > 第一条 > 1. / 1、 > （1） > 1) > ①),
so a notice may use any subset. An item continues the sequence of its rank (2 after 1), restarts
under a new parent (1 again), or skips ahead a little (a warning, never a refusal); a mark that
fits none of these (``2.5万`` at a wrapped line's start, a list inside a task) is body text.

Tasks. The rank whose items most often end with a unit clause holds the tasks (with no clauses
anywhere: the deepest rank with several items). A task keeps the notice's own number; where
numbers restart in each section, its ``ref`` names the section path (``第三部分第2项``).
Sections are the top-level headings above the tasks. ``附件`` starts a new part of the outline.

Clauses. The unit clause is the last bracket whose text assigns units, or a ``牵头单位：…`` run
at the end; its reading, including a first-listed-leads convention stated anywhere in the notice,
is :mod:`rag.clauses`. Other brackets stay in the body.

Only a text with no numbered item at all is refused; what could not be read becomes a warning.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from . import vocab
from .clauses import (
    BEFORE_COMMA,
    LABEL_SCOPE,
    ClauseReading,
    clause_verbs,
    duty_words,
    ends_with_unit_label,
    find_lead_convention,
    find_share_convention,
    has_label,
    is_generic,
    is_place,
    is_unit_name,
    is_verb_clause,
    label_role,
    lead_convention_scope,
    looks_like_clause,
    read_clauses,
    remit_patterns,
    split_units,
)
from .errors import NoticeError
from .formats import MAX_FILE_BYTES, SUFFIXES, file_text
from .lazy_regex import lazy_compile
from .marks import continuing_decimal, inline_marks
from .marks import mark as _mark
from .tables import unflatten, unsquash
from .text import DATE, alternation, cn_to_int, int_to_cn, longest_first, norm, strip_controls
from .types import Heading, Notice, ParseWarning, Role, Section, Task, UnitRole

__all__ = ["MAX_FILE_BYTES", "SUFFIXES", "ParsedNotice", "read_notice", "parse_bytes", "parse_notice",
           "split_units_clause", "to_text"]

MAX_TASK_CHARS = 6000  # a task's text; longer is cut (with a warning) so any notice indexes in minutes

_RESIDUE = lazy_compile(r"\[bookmark:[^\]]*\]|\[image:[^\]]*\]")
DOC_ID = lazy_compile(r"[\u4e00-\u9fff]{1,12}\s*[〔\[［【(（]\s*\d{4}\s*[〕\]］】)）]\s*第?\s*\d{1,4}\s*号")
_DATE = DATE
_TRAILER = lazy_compile(r"(^\s*(?:抄送|抄报|印发|主送)[：:]|印发\s*$|^\s*[-—－]\s*\d{1,3}\s*[-—－]\s*$|^\s*\d{1,3}\s*$|"
                      r"^\s*第\s*\d+\s*页|^\s*（此件[^）]*）\s*$)")
# a number broken out of its sentence onto a line of its own (总人口控制在 / 318 / 万人以内) is the sentence's, not
# a page number: the next line goes on with a measure word or punctuation
# (公里, 平方米, 立方米 — not 公共设施 after a row number: 8 / 公共设施适老化改造)
_MEASURE_NEXT = lazy_compile(r"^\s*(?:[万亿千百%％‰。，、；：）)个家户项人元亩米吨台座条所处次倍年月日天号期批余多]|公[里顷斤]|平方|立方)")


def _figure_line(line: str, following: list[str]) -> bool:
    return bool(re.fullmatch(r"\s*\d{1,3}\s*", line)) and bool(following) and bool(_MEASURE_NEXT.match(following[0]))


# the closing signature: the issuing body, then the date (on one line or two); the tasks end there
_SIGNER = r"[\u4e00-\u9fff（）()]{1,40}?(?:人民政府|政府|办公厅|办公室|管委会|委员会|局|委|厅|署|部|中心)"
# …2016年5月17日 来源：… / 杭州市科学技术局2026年5月25日发布，征求意见截止… (not the footer's …办公室 2016年3月30日印发:
# the office that printed it)
_SIGNATURE = lazy_compile(rf"^\s*(?P<signer>{_SIGNER})?\s*{_DATE.pattern}(?:\s|$|发布)")
_SIGNER_LINE = lazy_compile(rf"^\s*{_SIGNER}\s*$")
_RUN_ON_SIGNATURE = lazy_compile(rf"(?<=[。！？）)])\s*(?={_SIGNER}\s*{_DATE.pattern})")
_DISCLOSURE = lazy_compile(r"[（(]\s*此件[^）)]*[）)]")
_BASIS = lazy_compile(r"(《[^》]+》)\s*[（(]\s*([^（）()]*?[〔\[［]\s*\d{4}\s*[〕\]］]\s*\d+\s*号)\s*[）)]")
_ATTACHMENT = lazy_compile(r"^\s*(附\s*[件表]\s*[\d一二三四五六七八九十]*)\s*[:：]?\s*(.{0,60})$")


_RANK_NAMES = {0: "部分", 1: "", 2: "", 2.5: "条", 3: "", 4: "", 5: "", 6: ""}


@dataclass(frozen=True)
class ParsedNotice:
    """A notice with its tasks, as read from one file."""

    notice: Notice
    tasks: tuple[Task, ...]

    @property
    def warnings(self) -> tuple[ParseWarning, ...]:
        return self.notice.warnings


@dataclass
class _Item:
    style: str
    rank: float
    number: int
    lineno: int
    parts: list[str]
    parent: _Item | None
    mark: str  # the number as written in the mark: 三, （二）, 12
    line: str = ""  # the item's first line as written, mark included
    children: int = 0
    clause: str = ""  # filled later: the unit clause found in the item's own text
    own: str = ""
    section: _Item | None = None  # filled later, for tasks: the heading of its section (or itself)
    assigned: str = ""  # a unit its heading names (职责分工 by unit: （二）区公安分局 / 1．… under （一）区交通委)
    subject: bool = False  # … named as its duty's subject (公安机关负责…): the sentence keeps it
    group_clause: str = ""  # the clause written once after the last item of its group, when it has none of its own
    keeps_own: bool = False  # a task of its own besides its labelled paragraphs below (its own text only)

    def ancestors(self) -> list[_Item]:
        out, p = [], self.parent
        while p is not None:
            out.append(p)
            p = p.parent
        return out[::-1]


@dataclass
class _Outline:
    items: list[_Item] = field(default_factory=list)
    attachments: list[_Item] = field(default_factory=list)  # each attachment's root (its items are in ``items``)
    header_end: int = 0  # first line of the outline (1-based); the header is above it
    warnings: list[ParseWarning] = field(default_factory=list)


def read_notice(path: str | Path) -> ParsedNotice:
    """Read and parse one notice file (.txt, .docx or .pdf).

    Raises:
        NoticeError: the file is not a readable notice; the message names the file and what is wrong.
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise NoticeError(path.name, f"无法读取文件：{exc.strerror or exc}") from exc
    return parse_bytes(data, path.name)


def parse_bytes(data: bytes, source: str, original_name: str = "") -> ParsedNotice:
    """Decode (any supported format) and parse a notice file's bytes."""
    text = file_text(data, source)
    return parse_notice(text, source=source, sha256=hashlib.sha256(data).hexdigest(), original_name=original_name)


def parse_notice(text: str, source: str = "<text>", sha256: str = "", original_name: str = "") -> ParsedNotice:
    """Parse a notice's text into its header facts and tasks.

    >>> p = parse_notice("某政办字〔2023〕1号\\n关于印发某某的通知\\n一、总体\\n1.做事。（牵头单位：区某局）")
    >>> p.notice.doc_id, p.tasks[0].title, p.tasks[0].lead_units
    ('某政办字〔2023〕1号', '做事', ('区某局',))
    """
    raw = [_RESIDUE.sub("", strip_controls(line)).rstrip()
           for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    lines = unflatten(_join_broken_marks(_join_label_paragraphs([piece for line in raw for part in _unwrapped(line)
                                                                  for piece in _RUN_ON_SIGNATURE.split(part)])))
    outline = _outline(lines)
    _paragraph_tasks(outline)
    if not outline.items:
        raise NoticeError(source, "没有找到编号的任务（应为“1.任务标题。……（牵头单位：……）”或“（一）……”这样的条目）")
    convention = find_lead_convention("\n".join(lines))
    for item in outline.items:
        item.own = _joined(item.parts).strip()
        item.clause = _clause_of(item.own) or (item.clause if item.assigned else "")
    _units_as_headings(outline.items)
    task_items = _task_items(outline.items)
    if not any(it.clause or re.search(r"[。；;！？]", "".join(it.parts)) or it.children for it in task_items):
        task_items = []  # headings alone (一、只有标题) are no task list
    if not task_items:
        raise NoticeError(source, "没有找到编号的任务（只有标题，没有任务内容或责任单位）")
    header = lines[: outline.header_end - 1]
    doc_id = _doc_id(header, lines, source)
    refs, numbering = _refs(task_items)
    warnings = list(outline.warnings)
    tasks = []
    covered: set[int] = set()  # the lines the tasks' texts take (0-based)
    position = {id(it): k for k, it in enumerate(outline.items)}
    stated_at = _convention_line(lines, convention)
    sharing = find_share_convention("\n".join(lines))
    shared_from = _convention_line(lines, sharing) if sharing else len(lines) + 1
    # a section heading that is itself a task (九、…（责任单位：…）) among sections of sub-items is its own section
    sectioned = any(_top(it) for it in task_items)
    for item in task_items:
        item.section = _top(item) or (item if sectioned and item.parent is None and item.rank >= 0 else None)
    # a convention that names the part it governs (十项职业技能提升工程排第一位的…) holds there alone, wherever stated
    scope = lead_convention_scope(convention) if convention else ""
    governed = {id(it.section) for it in task_items if scope and it.section is not None
                and _shares_words(scope, _title_of(it.section))}
    if governed:
        stated_at = -1
    # a task table flattened one cell per line (工作任务 / 责任单位 / 工作要求 as lines of their own): a row with no unit
    # cell of its own lies in a unit cell merged over the rows above it
    table = any(line.strip() in _UNIT_COLUMNS for line in lines)
    celled = None  # the task above, when its units came from a cell on a line of its own
    for seq, item in enumerate(task_items, start=1):
        following = outline.items[position[id(item)] + 1:]
        text = item.own.strip() if item.keeps_own else _full_text(item, following)
        ends = following[0].lineno if following else len(lines) + 1
        covered.update(range(item.lineno - 1, ends - 1))
        holds = bool(convention) and ends > stated_at and (not governed or id(item.section) in governed)
        comma = holds and bool(BEFORE_COMMA.search(convention))  # 第一个逗号前为牵头单位: all before it lead
        task, task_warnings = _task(doc_id, seq, item, text, refs[id(item)], holds and not comma, comma)
        if table and not task.units and celled is not None and celled.section == task.section:
            task = replace(task, units=celled.units, units_text=celled.units_text, and_others=celled.and_others)
            task_warnings.append(ParseWarning("merged_cell", f"{task.label}没有自己的单位格，按合并单元格取上一行的单位："
                                              f"{celled.units_text[:40]}", task.line, task.key))
        elif table:
            celled = task if task.units and any(is_verb_clause(part) for part in item.parts) else None
        if not following and task.units_text:  # 本实施方案自印发之日起施行，有效期三年。 after the last task's units:
            last = max((k for k in range(item.lineno - 1, ends - 1) if task.units_text[:12] in lines[k]), default=-1)
            said = norm(text)  # the notice's closing words, not that task's
            covered.difference_update(k for k in range(last + 1, ends - 1) if last >= 0 and lines[k].strip()
                                      and norm(lines[k].strip()[:12]) not in said)
        if ends > shared_from and task.units and not task.lead_units:  # …按职责分工负责，下同: no lead, shared
            task = replace(task, units=tuple(replace(u, role=Role.SHARED) if u.role is Role.RESPONSIBLE else u
                                             for u in task.units))
        tasks.append(task)
        warnings += task_warnings
    with_units = sum(1 for t in tasks if t.units)
    if with_units >= len(tasks) / 2:
        warnings += [ParseWarning("no_units", f"{t.label}没有写明责任单位", t.line, t.key) for t in tasks if not t.units]
    top = [item.section for item in task_items if item.section is not None]
    sections = tuple(dict.fromkeys(Section(a.number, _title_of(a), _written_mark(a)) for a in top))
    notice = Notice(
        doc_id=doc_id,
        title=_title(header, lines),
        issuer=_issuer(header, lines),
        date=_first(_DATE, header) or _first(_DATE, lines[::-1]),
        basis=_basis(header),
        sections=sections,
        recipients=_recipients(header),
        disclosure=_first(_DISCLOSURE, header).strip("（）()"),
        source=source,
        sha256=sha256,
        lead_convention=convention,
        numbering=numbering,
        original_name=original_name,
        warnings=tuple(warnings),
        passages=_passages(lines, covered, outline.header_end - 1),
        headings=_headings(task_items),
    )
    return ParsedNotice(notice, tuple(tasks))


def _headings(task_items: list[_Item]) -> tuple[Heading, ...]:
    """The headings below the sections that tasks stand under, each once, in order, with the path keys
    ``Task.path`` gives the tasks under it."""
    out: dict[tuple[str, ...], Heading] = {}
    for item in task_items:
        above = item.ancestors()
        for k, a in enumerate(above):
            if a.rank < 0 or a is item.section or not (title := _title_of(a)):
                continue
            path = tuple(path_key(b.style, b.mark) for b in above[: k + 1])
            out.setdefault(path, Heading(path, title))
    return tuple(out.values())


MAX_PASSAGE_CHARS = 20_000  # a notice's text outside its tasks kept for facts no task states


def _passages(lines: list[str], covered: set[int], body_start: int) -> tuple[str, ...]:
    """The body's paragraphs that no task's text takes (一、总体目标：到2025年…, 五、时间安排 …), as written,
    up to MAX_PASSAGE_CHARS in all."""
    out: list[str] = []
    total = 0
    for k in range(max(0, body_start), len(lines)):
        s = lines[k].strip()
        if k in covered or len(s) < 8 or not re.search(r"[\u4e00-\u9fff]", s):
            continue
        if total + len(s) > MAX_PASSAGE_CHARS:
            break
        out.append(s)
        total += len(s)
    return tuple(dict.fromkeys(out))


def _shares_words(a: str, b: str, least: int = 4) -> bool:
    """Whether two phrases share a run of ``least`` characters (十项职业技能提升工程 / 实施职业技能提升工程)."""
    return any(a[k:k + least] in b for k in range(len(a) - least + 1))


def _convention_line(lines: list[str], convention: str) -> int:
    """The line from which the first-listed-leads convention holds: where it is stated when it says
    下同 ("the same below": the tasks before it are read without it), else the whole notice."""
    if not convention or not re.search(r"下[文述]?同", convention):
        return -1
    return next((k for k, line in enumerate(lines) if convention in line), -1)


# ---- outline -------------------------------------------------------------------------------------

RUN_ON_CHARS = 1000  # a line this long holding many space-separated paragraphs is a page's text run together
RUN_ON_CHARS_SHORT = 300  # … or this long when it also holds two unit clauses or more
RUN_ON_PARTS = 8  # (a paragraph may hold a few spaces of its own: “诵读红色经典 汲取奋进力量”)
_PARAGRAPH_GAP = lazy_compile(r"(?<=[\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\u4e00-\u9fff\u201d\u300b])[ \t\u3000\u00a0]+"
                            r"(?=[\u4e00-\u9fff\uff08(\u201c\u300a]|\d{1,3}[.．、]|\d{1,3}\s*$)")


def _unwrapped(line: str) -> list[str]:
    """A page's line as paragraphs (:func:`unwrap_run_on`), except a task table squashed into it, whose rows
    are read whole first (their cells hold spaces that are no paragraph's end)."""
    squashed = unsquash(line) if len(line) >= RUN_ON_CHARS_SHORT else None
    if squashed is None:
        return unwrap_run_on(line)
    return [p for part in squashed for p in ([part] if re.match(r"\d+\.", part) else unwrap_run_on(part))]


def unwrap_run_on(line: str) -> list[str]:
    """A page's text extracted with its paragraphs joined by spaces (一、… （一）… 1.… on one line of
    thousands of characters) → one line per paragraph; Chinese running text has no spaces between its
    own characters, so a gap between two Chinese characters is where a paragraph (or a table cell) ended.

    >>> unwrap_run_on("通知 " * 400 + "一、总体要求 1.建设道路。（牵头单位：区交通局） 2.修桥。")[-3:]
    ['一、总体要求', '1.建设道路。（牵头单位：区交通局）', '2.修桥。']
    """
    if len(line) < RUN_ON_CHARS_SHORT:
        return [line]
    # — in prose that assigns units by labels or in brackets (a table run together with no separators is not)
    bracketed = sum(1 for m in re.finditer(r"[（(]([^（()）]{2,80})[)）]", line) if looks_like_clause(m.group(1)))
    labels = sum(1 for m in re.finditer(r"([\u4e00-\u9fff]{2,})\s*[：:]", line) if ends_with_unit_label(m.group(1)))
    prose = labels + bracketed >= 2
    if len(line) < RUN_ON_CHARS and not prose:  # a short page run together is known by its unit clauses
        return [line]
    gaps = [(m.start(), m.end()) for m in _PARAGRAPH_GAP.finditer(line)]
    gaps = gaps if len(gaps) + 1 >= RUN_ON_PARTS else []
    # paragraphs joined with no gap at all (…相关企业（二）“互联网+”现代农业1．行动目标…): cut also where the
    # numbering marks of the whole line go on in sequence
    bounds = [0] + [x for gap in gaps for x in gap] + [len(line)]
    stretches = list(zip(bounds[::2], bounds[1::2], strict=True))
    cuts = [k for k in inline_marks(line) if any(a < k < b for a, b in stretches)] if prose else []
    ends = sorted([b for _, b in stretches] + cuts)
    starts = sorted([a for a, _ in stretches] + cuts)
    parts = [line[a:b] for a, b in zip(starts, ends, strict=True) if line[a:b].strip()]
    return parts if len(parts) >= RUN_ON_PARTS else [line]


def _in_open_bracket(lines: list[str], i: int) -> bool:
    """Whether line ``i`` (1-based) stands inside a bracket the three lines before it open (…代表性名录项目共20个（ /
    附件 / 1）: a reference broken over lines)."""
    before = "".join(x for x in lines[max(0, i - 4):i - 1] if x.strip())
    return before.count("（") + before.count("(") > before.count("）") + before.count(")")


def _outline(lines: list[str]) -> _Outline:
    out = _Outline()
    last: dict[float, _Item] = {}  # rank → the last accepted item of that rank (in this part)
    stack: list[_Item] = []
    listing = 0  # inside 附件：1.… 2.… (a list of the attachments' titles): the next title's number
    signer: tuple[_Item, int] | None = None  # the item a line naming an issuing body was added to, and its line
    nested: dict[str, float] = {}  # a style this document nests below where the genre ranks it (in this part)
    for i, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        mark = _mark(line)
        if mark and re.match(r"\s*\d{1,2}\s*[)）]", line) and _in_open_bracket(lines, i):
            mark = None  # …共20个（ / 附件 / 1）: the close of a bracket broken over lines, no item 1）
        if listing and mark and mark[2] == listing and len(mark[3]) <= 60 and "。" not in mark[3]:
            listing += 1  # 2.奉贤区农村公路路长制实施方案(试行): another attachment's title, not a task
            stack[-1].parts.append(line.strip())
            continue
        if listing and not mark and len(line.strip()) <= 30 and not re.search(r"[。；;]", line) \
                and not _ATTACHMENT.match(line):
            stack[-1].parts.append(line.strip())  # 领导小组: a listed title broken over two lines
            continue
        listing = 0
        attachment = _ATTACHMENT.match(line) if not mark else None
        if attachment and not out.items and not out.attachments and not _mark(attachment.group(2)):
            attachment = None  # (before any item, only 附件：1.… — a cover's list of them — opens one)
        if attachment and _in_open_bracket(lines, i):
            attachment = None  # (附件 of that reference: no attachment opens inside its bracket)
        if not mark and stack and _closing_part(line, stack[-1], lines, i):
            # 附则 on a line of its own after the last task closed with its units, then （一）…: a part of the notice
            # after its tasks, outlined on its own like an attachment (its items are not the last task's)
            last.clear()
            nested.clear()
            stack[:] = [_Item("attachment", -1, 0, i, [""], None, line.strip(), line.strip())]
            out.attachments.append(stack[0])
            continue
        if attachment:  # an attachment (附件：…分工方案, 附表1) starts its own outline under its name
            last.clear()
            nested.clear()
            name = re.sub(r"\s+", "", attachment.group(1))
            listed = _mark(attachment.group(2))
            if listed:  # 附件：1.任务分工表 only lists the attachments; their titles end what came before
                listing = listed[2] + 1
            stack[:] = [_Item("attachment", -1, 0, i, [attachment.group(2).strip()], None, name, line.strip())]
            out.attachments.append(stack[0])
            continue
        if not mark and (prev := last.get(3)) is not None:
            mark = continuing_decimal(line, prev.number)  # 11.121人才梯队项目
        if not mark and stack and _DASH.match(line) and _closes_with_clause(lines, i):
            # ——知识产权创造水平大幅度提高。…（A、B等部门按照职能分工负责）: an unnumbered bullet with its own
            # clause is a task below the item it stands in, numbered by its place among its siblings
            top = stack[-1]
            rank = top.rank if top.style == "dash" else top.rank + 0.5
            number = top.number + 1 if top.style == "dash" else 1
            mark = ("dash", rank, number, _DASH.match(line).group(1).strip(), "——")
            while stack and stack[-1].rank >= rank:
                stack.pop()
            parent = stack[-1] if stack else None
            item = _Item("dash", rank, number, i, [mark[3]], parent, "——", line.strip())
            if parent is not None:
                parent.children += 1
            out.items.append(item)
            stack.append(item)
            continue
        if mark and mark[0] in nested:
            mark = (mark[0], nested[mark[0]], *mark[2:])
        elif (mark and mark[2] == 1 and stack and mark[1] < stack[-1].rank and not stack[-1].children
              and mark[0] not in {it.style for it in last.values()} and stack[-1].style != "attachment"):
            # 第三条 人才支持 / （一）…（二）…: a style the genre ranks higher, first met as an item's first
            # sub-item, nests below it in this document
            nested[mark[0]] = stack[-1].rank + 0.25
            mark = (mark[0], nested[mark[0]], *mark[2:])
        if mark and mark[1] not in last and mark[2] > 1:  # 1、 2、 then （3）: the same list in another mark
            same = [r for r, it in last.items() if 3 <= r <= 5 and 3 <= mark[1] <= 5 and it.number == mark[2] - 1]
            if same:
                mark = (mark[0], same[0], *mark[2:])
        if mark and _accept(mark, last, stack, i, out.warnings, lambda i=i: _next_mark(lines, i)):
            style, rank, number, rest, written = mark
            while stack and stack[-1].rank >= rank:
                stack.pop()
            parent = stack[-1] if stack else None
            item = _Item(style, rank, number, i, [rest], parent, written, line.strip())
            if parent is not None:
                parent.children += 1
            out.items.append(item)
            out.header_end = out.header_end or i
            last[rank] = item
            stack.append(item)
            continue
        signed_above = signer is not None and signer[1] == i - 1  # 平潭…管委会 / 2016年5月17日
        if stack and _SIGNATURE.match(line) and (signed_above or not _DATE.match(line.strip())):
            if signed_above:
                signer[0].parts.pop()
            stack.clear()  # after the signature: the web page's footer, never a task's text
            continue
        if stack and (not _TRAILER.search(line) or _figure_line(line, lines[i:i + 1])):
            owner = _owner(stack, line)
            owner.parts.append(line.strip())
            signer = (owner, i) if _SIGNER_LINE.match(line) else None
    if out.items:
        _drop_closing(out.items[-1])
    return out


def _closing_part(line: str, item: _Item, lines: list[str], i: int) -> bool:
    """An unmarked heading (附则, 保障措施): a short name alone on its line, right after an item whose text closed
    with its unit clause, followed by a list numbered from 1 again."""
    name = line.strip()
    if not re.fullmatch(r"[\u4e00-\u9fff]{2,6}", name) or is_unit_name(name) or not item.parts:
        return False
    following = _next_mark(lines, i)
    return following is not None and following[2] == 1 and _ends_closed(item.parts[-1])


_DASH = lazy_compile(r"^\s*[—－-]{2}\s*(.*)$")
_UNIT_COLUMNS = frozenset({"责任单位", "牵头单位", "责任部门", "牵头部门", "责任科室", "责任处室"})  # a table's unit column


def _closes_with_clause(lines: list[str], i: int) -> bool:
    """Whether the bullet on line i (1-based), with the unmarked lines after it, ends with a unit clause."""
    block = [lines[i - 1].strip()]
    for line in lines[i:i + 12]:
        s = line.strip()
        if not s:
            continue
        if _DASH.match(s) or _mark(s):
            break
        block.append(s)
    return _closes(["".join(block)], 0)


def _join_broken_marks(lines: list[str]) -> list[str]:
    """A task's number broken over lines, as PDF and web-page copies break them (1 / . / 深入实施… ;
    1 / 03. 加快… ; 3 / 0 / ．; （ / 1 / ）省下达…): joined into one marked line with its text; a bracket
    broken off its line (…人民政府 / ( / 管委会 / )、市通管办) joined back."""
    out: list[str] = []
    i = 0
    row = -1  # the last bare row number seen (1, 2, 3 … of a flattened table)
    while i < len(lines):
        digits, j = "", i
        while j < len(lines) and j <= i + 2 and _DIGITS_LINE.match(lines[j]):
            digits += lines[j].strip()
            j += 1
        if lines[i].strip() in ("（", "(") and i + 2 < len(lines) and _NUMERAL_LINE.match(lines[i + 1]) \
                and lines[i + 2].lstrip()[:1] in ("）", ")"):  # （ / 1 / ）省下达的… → （1）省下达的… (（ / 十一 / ）)
            out.append(f"（{lines[i + 1].strip()}）{lines[i + 2].lstrip()[1:]}")
            i += 3
            continue
        if lines[i].strip() in ("（", "(") and i + 1 < len(lines) and re.match(r"\s*[一二三四五六七八九十\d]{1,3}\s*[）)]",
                                                                       lines[i + 1]):
            out.append("（" + re.sub(r"^\s*([一二三四五六七八九十\d]{1,3})\s*[）)]\s*", r"\1）", lines[i + 1]))
            i += 2  # ( / 二) 落实领导干部廉洁自律规定 → （二）落实…
            continue
        if lines[i].strip() in _OPENING_QUOTES and i + 1 < len(lines) and lines[i + 1].strip():
            # 推行公安服务 / “ / 一窗通办 / ” / …: a quotation mark a web page set apart goes on its sentence (the
            # text before it, unless a sentence or a row number ends there, and the quoted words after it)
            quoted = lines[i].strip() + lines[i + 1].strip()
            if out and out[-1].strip() and not re.search(r"[。；;！？!?]\s*$", out[-1]) and not _DIGITS_LINE.match(out[-1]):
                out[-1] += quoted
            else:
                out.append(quoted)
            i += 2
            continue
        if (out and lines[i].lstrip()[:1] in _OPENING_QUOTES and re.fullmatch(r"[\u4e00-\u9fff]{1,4}", out[-1].strip())
                and not _mark(out[-1].strip()) and not is_unit_name(out[-1].strip())):
            out[-1] = out[-1].strip() + lines[i].strip()  # 深化 / “碧水工程”，扎实推进…: a verb cut off its quoted object
            i += 1
            continue
        if out and lines[i].lstrip()[:1] in _CLOSING_QUOTES and out[-1].strip() and \
                sum(out[-1].count(q) for q in _OPENING_QUOTES) > sum(out[-1].count(q) for q in _CLOSING_QUOTES):
            out[-1] += lines[i].strip()  # …“一窗通办 / ”综合服务…: the closing mark and what follows it
            i += 1
            continue
        if out and lines[i].strip() in ("（", "(") and i + 1 < len(lines):  # …人民政府 / ( / 管委会 / )、…: one line
            # (opened inside a sentence — 推广营养健康食堂 / （ / 餐厅 / ） / 建设，… — the sentence goes on after it)
            inside = (out[-1].strip() and not re.search(r"[。；;！？!?：:）)]\s*$", out[-1]) and not has_label(lines[i + 1])
                      and not re.fullmatch(r"\s*[一二三四五六七八九十\d]{1,3}\s*", lines[i + 1]))  # (（ / 十一 / ）: a mark)
            out[-1] += lines[i].strip() + lines[i + 1].strip()
            i += 2
            if inside and i + 1 < len(lines) and lines[i].strip() in ("）", ")") and lines[i + 1].strip() \
                    and not _mark(lines[i + 1].strip()) and lines[i + 1].strip()[:1] not in _OPENERS:
                out[-1] += lines[i].strip() + lines[i + 1].strip()
                i += 2
            continue
        # )、市住建局… / 、市住建局… / 莆田海关、 + 市铁路办 (a list of units broken after 、): the line goes on
        # (so does a sentence whose full stop a copy put at the next line's start: 5.规范窗口服务行为 / 。政务…)
        if out and out[-1].strip() and (lines[i].lstrip()[:1] in ("、", "，", ",", "。", "；") or (
                out[-1].rstrip().endswith(("、", "，")) and _names_units(out[-1].strip(" 、，")) and _names_units(lines[i])) or (
                lines[i].lstrip()[:1] in ("）", ")") and out[-1].count("(") + out[-1].count("（") >
                out[-1].count(")") + out[-1].count("）"))):
            out[-1] += lines[i].strip()
            i += 1
            continue
        end = _MARK_END.match(lines[j]) if digits and j < len(lines) else None
        if end and 1 <= len(digits + end.group(1)) <= 3:
            rest, k = end.group(3), j + 1
            while not rest and k < len(lines):  # the mark alone on its line: its text is on the next one
                rest, k = lines[k].strip(), k + 1
            out.append(f"{digits}{end.group(1)}{end.group(2)}{rest}")
            i = k
            continue
        if digits and int(digits) == row + 1 and j == i + 1:  # 10 / 健康管理 … 11 / 家庭签约医生: the next of a run of
            row = int(digits)  # bare numbers is a row number (of a table flattened one cell per line), no fragment
            out.append(lines[i])
            i += 1
            continue
        if digits and j == i + 1 and int(digits) == 1:
            row = 1
        if out and _fragment(lines[i], lines[i + 1] if i + 1 < len(lines) else "") \
                and not re.search(r"[。；;！？!?：:]\s*$", out[-1]) and out[-1].strip() \
                and not (_DIGITS_LINE.match(out[-1]) and _YEAR_MONTH.fullmatch(lines[i].strip())):
            # (158 / 2022.9: two cells of a row, a count and a year.month, no sentence; but 9 / 0%以上 is one figure)
            # 新建 / 4G / 基站 / 0.15 / 万个: a number or a Latin word broken out of its sentence, with the rest
            nxt = lines[i + 1] if i + 1 < len(lines) else ""
            joined = not _mark(nxt) and nxt.strip() and not _fragment(nxt, "")
            out[-1] += lines[i].strip() + (nxt.strip() if joined else "")
            i += 2 if joined else 1
            continue
        out.append(lines[i])
        i += 1
    return out


def _join_label_paragraphs(lines: list[str]) -> list[str]:
    """A unit label alone on its line whose paragraph a PDF copy broke into pieces, mid-name and mid-word
    (责任单位： / 市 / 教育 / 局 / 、 / 市 / 科协牵头， / … / 单位配合 / 。): the pieces up to the full stop that ends
    the paragraph are one line. Only a paragraph that does end with a full stop, within a few lines and before
    any numbered line, other label or blank line — a table's cells flattened one per line never end so."""
    out: list[str] = []
    i = 0
    while i < len(lines):
        out.append(lines[i])
        head = _LABEL_HEAD.search(lines[i])
        if head and i + 1 < len(lines) and (tail := _LABEL_TAIL.match(lines[i + 1])) \
                and head.group(1) + tail.group(1) in _label_words():
            out[-1] = lines[i].rstrip() + lines[i + 1].strip()  # 〔责任 / 单位：各 …: a label broken in two
            i += 1
        m = _LABEL_ALONE.match(out[-1])
        if m and label_role(m.group(1)) != "other":
            end = next((k for k in range(i + 1, min(len(lines), i + _PARAGRAPH_PIECES))
                        if not lines[k].strip() or _mark(lines[k].strip()) or _field_line(lines[k])
                        or _DIGITS_LINE.match(lines[k]) or _SENTENCE_END.search(lines[k].rstrip())
                        or _mark_broken_at(lines, k)), None)
            if end is not None and end > i + 1 and _SENTENCE_END.search(lines[end].rstrip()) \
                    and not _mark(lines[end].strip()) and not _field_line(lines[end]):
                out[-1] = out[-1].rstrip() + "".join(line.strip() for line in lines[i + 1: end + 1])
                i = end + 1
                continue
        # (a label alone, then a name broken right after its area — 责任单位： / 市 / 委政法委 / 、市 / 信访局牵头，
        # / 各县（市、区）人民政府 —: a list broken mid-name that ends with no full stop, as a label line's may)
        if _field_line(out[-1]) and (end := _label_goes_on(out[-1], lines, i)) and (
                not m or (m.group(1) in _label_words() and lines[i + 1].strip() in ("市", "区", "县", "省")
                          and end < len(lines) and (_DIGITS_LINE.match(lines[end]) or _mark(lines[end].strip())))):
            out[-1] = out[-1].rstrip() + "".join(line.strip() for line in lines[i + 1: end])
            i = end
            continue
        i += 1
    return out


def _mark_broken_at(lines: list[str], k: int) -> bool:
    """Whether a heading's mark starts at line ``k``, broken over lines (（ / 六 / ）提升信息化…)."""
    return (lines[k].strip() in ("（", "(") and k + 1 < len(lines) and _NUMERAL_LINE.match(lines[k + 1]) is not None
            and (k + 2 >= len(lines) or lines[k + 2].lstrip()[:1] in ("）", ")")))


def _label_goes_on(line: str, lines: list[str], i: int) -> int | None:
    """Where a unit label line that a web page broke mid-list ends (责任单位：市发改委、 / 工信局 / 牵头，市直相关
    单位，各县（市、区）人民政府; 责任单位：市 / 卫健委牵头，): each short line after it that the break left open —
    the text before it ends with a separator or a bare area prefix (市), or it starts with one or with a duty verb
    — up to the next numbered line, heading, blank or label line, when together they read as units and nothing
    else; None when they do not. (A list broken between two whole names, …防火办 / 林权登记中心, is left as it is:
    a name broken in two, 行政服务中心 / 管委会, looks the same.)"""
    joined, k = line.strip(), i + 1
    while k < len(lines) and k - i <= _LABEL_PIECES:
        piece = lines[k].strip()
        if (not piece or len(piece) > (_LIST_PIECE_CHARS if _list_goes_on().match(piece) else _LABEL_PIECE_CHARS)
                or _mark(piece) or _field_line(piece)
                or _DIGITS_LINE.match(piece) or piece in _OPENERS or piece[0] in _OPENING_QUOTES
                or re.search(r"[。！？!?]", piece)):  # (a sentence: the next item's title, 实施千兆光网城市建设。)
            break
        if not (_LIST_OPEN.search(joined) or _list_goes_on().match(piece)):
            break
        joined += piece
        k += 1
    if k == i + 1:
        return None
    reading = read_clauses(joined.strip(" 。；;，,"))
    if not reading.units or reading.unread or not all(is_unit_name(u.name) or is_place(u.name) for u in reading.units):
        return None
    return k


_LIST_OPEN = lazy_compile(r"(?:[、，,：:]|(?:^|[、，,：:])[市区县省州])$")  # …、 / 责任单位：市: the list goes on


@lru_cache(maxsize=1)
def _list_goes_on() -> re.Pattern[str]:
    """A line that goes on with a unit list (、农业农村局 / 牵头，… / 按职责分工负责): a separator, a duty verb or the
    words that divide the duty by remit (``clause_verbs.tsv``, ``clause_verb_modifiers.tsv``)."""
    return re.compile("^(?:[、，,]|" + "|".join([*map(re.escape, clause_verbs()), *remit_patterns()]) + ")")
_LABEL_PIECES = 16  # lines a broken unit label line may go on for (a name in two pieces, and 、: three a name)
_LABEL_PIECE_CHARS = 40  # characters each of them holds at most …
_LIST_PIECE_CHARS = 200  # … or, one that starts by going on with the list (牵头，市交通运输局、…), the most a list holds


_LABEL_HEAD = lazy_compile(r"(?:^|[（(〔【［\[])\s*([\u4e00-\u9fff]{1,6})\s*$")  # 〔责任 / 牵头
_LABEL_TAIL = lazy_compile(r"^\s*(单位|部门)\s*[:：]")
_LABEL_ALONE = lazy_compile(r"^\s*([\u4e00-\u9fff]{2,8})\s*[:：]\s*$")
_SENTENCE_END = lazy_compile(r"[。；;！？!?]$")
_PARAGRAPH_PIECES = 60  # lines one broken unit paragraph may take


def _fragment(line: str, following: str) -> bool:
    """A line holding only a figure or a Latin word (4G, 0.15, 100M, 80%, NB-IoT), or a bare number the next
    line goes on from with a measure word (2020 / 年): a piece of a sentence, not a row number or a mark."""
    s = line.strip()
    if not re.fullmatch(r"[0-9A-Za-z.．%％‰+\-/]{1,12}", s) or _mark(s):
        return False
    return bool(re.search(r"[A-Za-z.．%％‰]", s)) or bool(_MEASURE_NEXT.match(following))


_DIGITS_LINE = lazy_compile(r"^\s*\d{1,3}\s*$")
_YEAR_MONTH = lazy_compile(r"(?:19|20)\d\d[.．]\d{1,2}")
_NUMERAL_LINE = lazy_compile(r"^\s*(?:\d{1,3}|[一二三四五六七八九十]{1,4})\s*$")
# the brackets a unit clause may stand in: round, tortoise-shell (〔责任单位：…〕), lenticular (【牵头单位：…】) and square ([责任单位：…])
_OPENERS, _CLOSERS = "（(〔【［[", "）)〕】］]"
_OPENING_QUOTES = ("“", "《", "「", "‘")
_CLOSING_QUOTES = ("”", "》", "」", "’")
_MARK_END = lazy_compile(r"^\s*(\d{0,2})\s*([.．、])\s*(.*)$")


_LABELLED_PARA = lazy_compile(r"^[“\"「]?([^：:，,。；;“”\"「」]{2,14})[”\"」]?[：:]")  # “一核”： / 金融支持：


def _paragraph_tasks(outline: _Outline) -> None:
    """Unnumbered paragraphs under a heading that each close with their own unit clause (（1）省下达的三大约束性
    指标 / 耕地保有量。（市国土资源局牵头） / 单位生产总值能源消耗降低。（市经贸委牵头）) are tasks below it,
    numbered by their place. The heading's own line is a title (no sentence, no clause); a task that states
    its work and then closes several paragraphs with clauses stays one task."""
    out: list[_Item] = []
    # an attachment with no numbered item that lists duties by unit (附件2 市直有关部门任务分工表 / 部门 / 相关任务分工情况 /
    # 市生态环境局 / 牵头主抓…): its paragraphs are tasks, after the items before it
    listed = {id(it.parent) for it in outline.items}
    by_unit = {id(a): kids for a in outline.attachments if id(a) not in listed and (kids := _unit_paragraphs(a))}
    for item in outline.items:
        out.append(item)
        head, rest = (item.parts[0].strip() if item.parts else ""), item.parts[1:]
        if rest and not re.search(r"[。，,；;：:！？（(]", head) and (whole := _cut_title(head, rest[0])):
            head, rest = whole + "。", rest[1:]  # （四）严控 / “两高”行业产能。 / 严格控制…: the heading, whole
            item.parts[:2] = [head]
        if not item.children and (kids := _unit_paragraphs(item)):
            out += kids
            continue
        # … or a heading whose own first paragraph closes with its clause, and every paragraph after it too
        # （一）强化顶层设计引领。建立…（生态环境部牵头，…参与） / 优化固体废物管理体制机制。…（…指导）
        closed_head = (not item.children and bool(rest) and _ends_closed(head)
                       and (m := re.search(r"[。；;]", head)) is not None and m.start() <= 30)
        # … or a task stating its work, then paragraphs that each open with a label of their own and close with
        # their clause (（三）建设OPC支撑平台。… / 建设AI算力平台：…（牵头单位：…） / 建设OPC公共服务平台：…（…）)
        paras = [p for p in rest if p.strip()]
        if (not item.children and len(paras) >= 2 and not _ends_closed(head)
                and all((m := _LABELLED_PARA.match(p.strip())) and label_role(m.group(1)) == "other"
                        and not _names_units(m.group(1)) and _ends_closed(p) for p in paras)):
            item.parts = [item.parts[0]]
            item.keeps_own = bool(re.search(r"[。；;]", head))  # (its own paragraph states work of its own)
            for k, part in enumerate(paras, start=1):
                label = _LABELLED_PARA.match(part.strip()).group(1)
                kid = _Item("para", item.rank + 0.5, k, item.lineno, [part], item, label, part)
                item.children += 1
                out.append(kid)
            continue
        # (a heading's title may close with a full stop: 3.支持交通运输设备和老旧农业机械更新。 / three paragraphs
        # that each close with their own units)
        stopped = head.endswith("。")
        if not closed_head and (item.children or len(rest) < 2 or len(head) > 30
                                or re.search(r"[。；;]", head.rstrip("。")) or _ends_closed(head)):
            continue
        groups, current = [], []
        for part in rest:
            current.append(part)
            if _ends_closed(part) or (len(current) > 1 and _ends_closed("".join(current[-8:]))):  # a clause over lines
                groups.append(current)
                current = []
        # (牵头单位：… / 责任单位：…, each on its line: the second label line closes no duty of its own)
        for k in range(len(groups) - 1, 0, -1):
            if not split_units_clause(_joined(groups[k]).strip())[0].strip():
                groups[k - 1] += groups.pop(k)
        if len(groups) < (1 if closed_head else 2) or current:
            continue
        if not closed_head and stopped and any(
                len(split_units_clause(_joined(g).strip())[0].strip()) < MIN_DUTY_CHARS for g in groups):
            continue  # (a title with its full stop, then one paragraph and its label lines: one task, 1.规范…。/ … /
            # 牵头单位：… / 责任单位：…; each paragraph must state work of its own besides its clause)
        if closed_head:  # the heading keeps its title; its first paragraph is the first task
            title_end = re.search(r"[。；;]", head).end()
            groups.insert(0, [head[title_end:]])
            item.parts[0] = head[:title_end]
        item.parts = [item.parts[0]]
        for k, group in enumerate(groups, start=1):
            # (（三）优化产业布局。 / 各地完成…（…牵头） / 加大区域产业布局调整力度。…（…）: the first paragraph is the
            # heading's own text, under its title; the others open with titles of their own)
            # (1.加强空间布局管控 / 严守生态保护红线，在红线区域实施…（…牵头） / 严格执行…（…）: a paragraph that opens
            # with no title of its own — its first sentence long or with a comma — is under the heading's title)
            untitled = (k == 1 and stopped and not closed_head) or (not stopped and not closed_head
                                                                    and not _opens_with_title(_joined(group)))
            heading = item.parts[0] if re.search(r"[。；;：:！？]\s*$", item.parts[0]) else item.parts[0].rstrip() + "。"
            parts = [heading, _joined(group)] if untitled else [_joined(group)]
            kid = _Item("para", item.rank + 0.5, k, item.lineno, parts, item, "", group[0])
            item.children += 1
            out.append(kid)
    for root in outline.attachments:
        if id(root) in by_unit:
            at = next((k for k, it in enumerate(out) if it.lineno > root.lineno), len(out))
            out[at:at] = by_unit[id(root)]
    outline.items[:] = out


def _opens_with_title(paragraph: str) -> bool:
    """Whether a paragraph's first sentence is a title (加大区域产业布局调整力度。…): short, no comma."""
    first = re.split(r"[。；;]", paragraph.strip(), maxsplit=1)[0]
    return len(first) <= TITLE_CHARS and not re.search(r"[，,]", first)


TITLE_CHARS = 30  # a paragraph's opening sentence this short, with no comma, is its title
_UNIT_COLON = lazy_compile(r"^\s*([^：:，,。；;]{2,40}?)[：:]\s*(?=\S)")
MIN_DUTY_CHARS = 10  # a duty after "unit：" is a sentence, not a name or a phone number (区委办：张三)
_UNIT_ROW = lazy_compile(r"^\s*([^：:，,。；;]{2,40})\s*$")  # a table's row head, the cell alone on its line


def _unit_paragraphs(item: _Item) -> list[_Item]:
    """Duties listed by unit in unnumbered paragraphs under a heading (五、职责分工 / 区民防办：负责… /
    区财政局：负责…): each paragraph is a task of the units before its colon — at least three of them. A
    sentence before them naming who leads (…区民防办、应急管理局牵头，…) makes those units' paragraphs led."""
    parts = [p.strip() for p in item.parts[1:] if p.strip()]
    starts = [(k, m) for k, p in enumerate(parts) if (m := _UNIT_COLON.match(p)) and label_role(m.group(1)) == "other"
              and _names_units(m.group(1))]  # 区财政局：… is a unit's paragraph, 责任单位：… a field
    subject = len(starts) < 3
    if subject:  # … or the unit is the subject of its duty: 房管所负责… / 城运中心结合…，协同做好…
        starts = [(k, m) for k, p in enumerate(parts) if (m := _unit_led().match(p)) and _names_units(m.group(1))]
        if starts and len(starts) < 0.75 * (starts[-1][0] - starts[0][0] + 1):
            starts = []  # scattered through other text (a 权责清单's cells): prose that names units, not a list by unit
    rows = len(starts) < 3
    subject = subject and not rows
    if rows:  # … or the row heads of a table of duties by unit, one cell per line (部门 / 相关任务分工情况 /
        # 市生态环境局 / 牵头主抓…): a line that only names units, the duty on the lines after it
        starts = [(k, m) for k, p in enumerate(parts[:-1]) if (m := _UNIT_ROW.match(p)) and _names_units(m.group(1))
                  and not is_generic(m.group(1).strip()) and not _UNIT_ROW.match(parts[k + 1])
                  and len(parts[k + 1]) >= MIN_DUTY_CHARS]
    if len(starts) < 3:
        return []
    head = [item.parts[0], *parts[: starts[0][0]]]
    intro = "".join(head)
    if rows and not _DUTY_HEADING.search(intro):
        return []  # (row heads only in a table whose title divides duties, 任务分工表; not targets by town: 罗店镇 / …)
    leads = [n for seg in re.findall(r"([^，,。；;：:]+?)牵头(?![单部])", intro) for n in split_units(seg)[0]]
    kids = []
    for j, (k, m) in enumerate(starts):
        end = starts[j + 1][0] if j + 1 < len(starts) else next(
            (e for e in range(k + 1, len(parts)) if re.match(r"附\s*[件表]", parts[e])), len(parts))  # not the annex
        unit = m.group(1).strip()
        led = any(a == b or (len(b) >= 3 and a.endswith(b)) for a in split_units(unit)[0] for b in leads) or bool(
            _LEADS.match(parts[k][m.end(1):]))  # 房管所、规建生态办负责牵头组织…
        kid = _Item("para", item.rank + 0.5, j + 1, item.lineno, ["".join(parts[k:end])], item, "", parts[k])
        kid.assigned, kid.clause = m.group(0), f"{'牵头单位' if led else '责任单位'}：{unit}"
        kid.subject = subject
        kids.append(kid)
    item.parts = head
    item.children += len(kids)
    return kids


_LEADS = lazy_compile(r"\s*(?:负责)?(?:总体|共同|具体)?牵头")  # a unit's duty that says it leads (负责牵头组织…)


@lru_cache(maxsize=1)
def _led_words() -> tuple[str, ...]:
    """The words a unit's duty opens with after its name: duty words (负责, 牵头 …, the words of
    ``data/duty_words.txt`` and ``clause_verbs.tsv``) or a word that says how (根据, 结合, 按照, 依托, 会同)."""
    return tuple({*duty_words(), "根据", "结合", "按照", "依托", "会同"})


@lru_cache(maxsize=1)
def _unit_led() -> re.Pattern[str]:
    """A paragraph whose subject is units, then its duty: the names up to the first of :func:`_led_words`."""
    return re.compile(rf"^\s*([^：:，,。；;]{{2,40}}?)(?={alternation(_led_words())})")


def _names_units(text: str) -> bool:
    names, _ = split_units(text)
    return bool(names) and all(is_unit_name(n) or is_generic(n) for n in names)


def _ends_closed(part: str) -> bool:
    """The paragraph ends with a unit clause (…。（市国土资源局牵头） / …。牵头单位：X)."""
    s = part.strip().rstrip("。；;. ")
    body, clause = split_units_clause(s)
    return bool(clause) and body != s and (s.endswith(tuple(_CLOSERS)) or s.endswith(clause.rstrip("。.")))


def _drop_closing(item: _Item) -> None:
    """The notice's closing paragraphs (各有关部门要…) or a blank form (…计划表 / 科室、单位： / 年 月 日) follow
    its last task unnumbered: once a line of the last item has closed with its unit clause or field, the lines
    after it that hold none are not its text."""
    closed = [k for k in range(len(item.parts)) if _closes(item.parts, k)]
    if closed and closed[-1] < len(item.parts) - 1:
        del item.parts[closed[-1] + 1:]


def _closes(parts: list[str], k: int) -> bool:
    """Line k ends with a bracketed unit clause, starts with a field label (牵头单位：X / 完成时限：), or is the
    value under a label on a line of its own, or the rest of a list broken after 、 or ，."""
    s = parts[k].strip().rstrip("。；;.")
    if s.endswith(tuple(_CLOSERS)):
        j = k  # a clause broken over lines (〔责任单位：…、 / 三明沙县 / 机场公司…〕): from the line that opens it
        while j > max(0, k - 8) and _unbalanced(s):
            j -= 1
            s = parts[j].strip() + s
        body, clause = split_units_clause(s)
        if clause and body != s:
            return True
    # the value under its label, or the rest of a list — after a separator, or a web page's pieces of a name broken
    # mid-word (…发改委、通 / 信 / 办， / 中国 / 铁塔 / … / 三明市分公司、广电网络集团三明分公司)
    return _field_line(s) or (k > 0 and (parts[k - 1].rstrip().endswith(("：", ":", "，", ",", "、"))
                                         or (_left_open(parts[k - 1]) and (_NAME_PIECE.fullmatch(s) or (
                                             re.search(r"[、，,]", s) and _names_units(s)))))
                              and _closes(parts, k - 1))


_NAME_PIECE = lazy_compile(r"[\u4e00-\u9fff]{1,4}[、，,]?")  # a few characters alone on a line: a piece of a name


def _left_open(line: str) -> bool:
    """A line of a unit list that stops inside a name (…发改委、通 / 中国 / 铁塔): no closing punctuation, and
    what follows its last separator is no whole name — or the line is itself such a piece."""
    s = line.strip()
    if not s or re.search(r"[。；;！？!?）)〕】」”]$", s):
        return False
    return _NAME_PIECE.fullmatch(s) is not None or not is_unit_name(re.split(r"[、，,：:]", s)[-1])


def _unbalanced(s: str) -> bool:
    """More closing brackets than opening ones: the text's start is on an earlier line."""
    return sum(s.count(c) for c in _CLOSERS) > sum(s.count(c) for c in _OPENERS)


def _joined(parts: list[str]) -> str:
    """A paragraph's lines joined back (a line break inside a sentence is no gap), except that a line opening with
    a field label (牵头单位：… / 责任单位：… on lines of their own) starts a new field: ；before it when the line
    above ends with no punctuation (…人行莆田市中支 / 责任单位：…)."""
    out = ""
    for k, part in enumerate(parts):
        short = parts[k - 1].strip() if k else ""
        if (out and _field_line(part.strip()) and re.fullmatch(r"[\u4e00-\u9fff]{1,2}", short) and out.endswith(short)
                and len(out) > len(short)):
            # 市食安办 / 我 / 局责任单位：… (市直 / 主办单位：…): a label's first characters broken onto a line of their
            # own begin the label, not end the field before it
            out = out[: -len(short)]
            out += ("；" if not re.search(r"[。；;，,、：:！？）)〕】\s]$", out) else "") + short
        elif out and not re.search(r"[。；;，,、：:！？）)〕】\s]$", out) and _field_line(part.strip()):
            out += "；"
        elif out and k > 0 and _paragraph_after_field(parts[k - 1], out, part):
            out += "。"  # 责任单位：…人民政府 / 本行动计划执行期限为…，…: the paragraph ends the field
        elif out and _between_names(out, part):
            out += "、"
        elif out and _ends_with_label(out):
            out += " "  # …。责任单位 / 区财政金融局: a label with no colon; _with_colon reads what follows
        elif (out and k > 0 and len(parts[k - 1].strip()) >= 4 and not re.search(r"[、，,：:（(\[【和及与]$", out.rstrip())
              and not _field_line(parts[k - 1].strip())
              and is_verb_clause(part)):  # (not the rest of a list or of a bracket left open: 责任单位：A、 / B牵头)
            # a table's unit cell on a line of its own (任务 / 局办公室牵头、各单位配合 / 工作要求): the task's clause
            out += ("" if re.search(r"[。；;！？]$", out) else "。") + f"（{part.strip()}）"
            continue
        out += part
    return out


def _paragraph_after_field(field: str, before: str, part: str) -> bool:
    """A paragraph of its own (本行动计划执行期限为…，…) right after a field's line left open (责任单位：…人民政府),
    not the rest of that field's list (责任单位：市 / 商务局、工信局，…)."""
    part = part.strip()
    return (_field_line(field.strip()) and not re.search(r"[。；;，,、：:！？\s]$", before) and len(part) >= 12
            and re.search(r"[，,。]", part) is not None and not _field_line(part)
            and not is_unit_name(re.split(r"[、，,。；;]", part)[0]))


def _ends_with_label(before: str) -> bool:
    """A unit label with no colon closing a line (…。责任单位 / 区财政金融局、各有关单位)."""
    m = re.search(r"(?:^|[。；;\s])([\u4e00-\u9fff]{4,8})$", before)
    return bool(m) and label_role(m.group(1)) in ("lead", "responsible", "shared")


_UNIT_RUN_END = lazy_compile(r"([\u4e00-\u9fff]{2,})\s*[:：]([^。；;（(:：]*)$")  # a unit label's list, open at the end


def _between_names(before: str, after: str) -> bool:
    """A break between two names of a labelled unit list (…区公安局、农业农村局 / 区金控集团、智慧岛公司 — a page
    run together, cut at its gaps) separates them; a break inside a name (检察 / 院) does not."""
    run = _UNIT_RUN_END.search(before)
    if not run or not ends_with_unit_label(run.group(1)):  # (责任科室：… as well as 责任单位：…)
        return False
    last = re.split(r"[、，,\s]", run.group(2))[-1]
    first = re.split(r"[、，,。；;（(\s]", after.strip())[0]
    # (not after a name that heads a longer one — 市委 / 文明办 — nor before a label: 艺术科 / 责任单位)
    return (len(last) >= 3 and len(first) >= 3 and is_unit_name(last) and is_unit_name(first)
            and re.match(r"[\u4e00-\u9fff]", first) is not None and first not in vocab.words("unit_suffixes.txt")
            and label_role(first) == "other" and not last.endswith(_label_words())
            and not (_COMPANY.search(last) and _BRANCH.fullmatch(first)))  # (中国铁塔股份有限公司 / 三明市分公司)


_COMPANY = lazy_compile(r"(?:公司|集团|银行)$")  # a company's name, which a branch's name may go on from …
_BRANCH = lazy_compile(r"[\u4e00-\u9fff]{1,5}?(?:分公司|分行|支行|营业部)")  # … a branch named by its place


@lru_cache(maxsize=1)
def _label_words() -> tuple[str, ...]:
    return tuple(k for k, *_ in vocab.rows("clause_labels.tsv"))


def _field_line(line: str) -> bool:
    m = _LINE_LABEL.match(line)
    return bool(m) and label_role(m.group(1)) != "other"


_LINE_LABEL = lazy_compile(r"^\s*([\u4e00-\u9fff]{2,8})\s*[:：]")


def _owner(stack: list[_Item], line: str) -> _Item:
    """The open item a line continues: the innermost one, except that a line holding only a unit
    clause after a list of sub-items (1.建设道路。分三步： （1）… （2）… （牵头单位：…）) closes the
    item that introduced the list."""
    s = line.strip()
    inner = s[1:-1] if s[:1] in "（(" and s[-1:] in "）)" else s
    if len(stack) > 1 and looks_like_clause(inner) and (s[:1] in "（(" or has_label(inner)):
        for item in reversed(stack[:-1]):
            if item.parts and item.parts[0].rstrip().endswith(("：", ":")):
                return item
    return stack[-1]


def _next_mark(lines: list[str], i: int) -> tuple | None:
    """The numbering mark of the next non-empty line after line i (1-based), if it has one."""
    nxt = next((line for line in lines[i:i + 3] if line.strip()), "")
    return _mark(nxt) if nxt else None


def _accept(mark: tuple, last: dict[float, _Item], stack: list[_Item], i: int, warnings: list[ParseWarning],
            next_mark=lambda: None) -> bool:
    """Whether a marked line is the next item of its rank (or a restart, or a small skip, or a heading
    numbered like the one before it by mistake: 三、重点领域 … 三、保障措施 （一）…)."""
    _, rank, number, rest, _ = mark
    parent = next((it for it in reversed(stack) if it.rank < rank), None)
    prev = last.get(rank)
    if prev is not None and number == prev.number + 1:
        return True  # the next one, in the same section or running on across sections
    if number == 1 and (prev is None or prev.parent is not parent):
        return True  # the first, or numbering that restarts under a new heading
    if number == 1 and rank <= 1 and prev.number >= 2 and rest:
        # 一、 to 四、 of a forwarding notice's own points, then the forwarded notice's 一、…: a second outline
        warnings.append(ParseWarning("numbering_restart", f"一级标题编号在{prev.number}之后重新从1开始", i))
        return True
    if not rest or _looks_like_body(rest):
        return False
    if prev is not None and number == prev.number and prev.parent is parent:
        below = next_mark()
        if prev.children and below is not None and below[1] > rank and below[2] == 1:
            warnings.append(ParseWarning("numbering_repeat", f"编号重复：{number}出现了两次，后一处另起一部分", i))
            return True
        warnings.append(ParseWarning("numbering_repeat", f"编号重复：{number}出现了两次，后一处作为正文", i))
        return False
    if prev is not None and (prev.number + 1 < number <= prev.number + 5
                             or (prev.parent is not parent and prev.number < number <= prev.number + 50)):
        # a small skip, or numbering running on under a new heading past items left out (本文有删减)
        warnings.append(ParseWarning("numbering_gap", f"编号跳过：{prev.number}之后是{number}", i))
        return True
    if prev is None and number <= 5 and rank <= 3:
        warnings.append(ParseWarning("numbering_gap", f"编号从{number}开始，不是从1开始", i))
        return True
    return False


def _looks_like_body(rest: str) -> bool:
    """A 'mark' followed by a measure word is a figure at a wrapped line's start (2、3万亩 / 5.万人)."""
    return bool(re.match(r"^[万亿千百%％]", rest))


def _clause_of(text: str) -> str:
    return split_units_clause(text)[1]


def _units_as_headings(items: list[_Item]) -> None:
    """Duties listed by unit (四、职责分工 （一）区交通委 1．… 2．… （二）区公安分局 <its duties>): a heading
    that is only a unit's name assigns that unit to its sub-items, or, without any, to the text below it.
    Needs several such headings, so that one heading naming an office is not read as a convention."""
    kids = _kids(items)
    # (（一）市经信委： on its line, the duty on the next: the colon ends the heading)
    named = [it for it in items if not it.clause and it.parts and is_unit_name(head := _bare_heading(it.parts[0]))
             and not re.search(r"[。，,；;：:]", head)]
    # … and, under a heading of duties (五、职责分工), one whose text runs on from the unit's name with no break
    # (（一）区党群工作部按照国家、省部署落实…): the name is cut off its duty
    glued = [(it, unit) for it in items if not it.clause and it.parts and it not in named and it.parent is not None
             and _DUTY_HEADING.search(_title_of(it.parent)) and (unit := _glued_unit(it.parts[0]))]
    if len(named) + len(glued) < 3:
        return
    # (（六）办公室： / 包括村党组织办公室…, （七）党员活动室： / 配齐桌椅…: rooms described, no duty — a list of
    # things named like offices, under no heading of duties; a unit's duty opens with a word of one, 负责/落实/做好…,
    # in at least half of them)
    texts = [it.own[len(_bare_heading(it.parts[0])):].lstrip("：: \n") for it in named if not kids.get(id(it))
             and not (it.parent is not None and _DUTY_HEADING.search(_title_of(it.parent)))]
    if len(texts) >= 3 and sum(t.startswith(duty_words()) for t in texts) < len(texts) / 2:
        named = [it for it in named if kids.get(id(it))]
        if len(named) + len(glued) < 3:
            return
    for it, unit in glued:  # (…，是学生欺凌综合治理的牵头单位: the duty itself says the unit leads)
        # … and a later sentence of the duty whose subject is another unit gives it that unit too (公安机关负责…。
        # 公安派出所依照…负责日常消防监督检查)
        more = [x for sentence in re.split(r"(?<=[。；;])", it.own)[1:] if (x := _sentence_subject(sentence))]
        units = "、".join(dict.fromkeys([unit, *more]))
        it.assigned, it.clause = unit, f"{'牵头单位' if _STATES_LEAD.search(it.own) else '责任单位'}：{units}"
        it.subject = True
    for it in named:
        unit = _bare_heading(it.parts[0])
        below = [k for k in kids.get(id(it), []) if not k.clause]
        for k in below:
            k.assigned, k.clause = unit, f"责任单位：{unit}"
        if not kids.get(id(it)) and len(it.own) > len(unit):  # (assigned: the heading as written, its colon too)
            it.assigned, it.clause = it.parts[0].strip(), f"责任单位：{unit}"


def _sentence_subject(sentence: str) -> str:
    """The units a sentence opens with as its subject, up to a duty word (公安派出所依照…负责…); "" when it opens
    otherwise (会同住建部门…: a partner, not the subject)."""
    s = sentence.strip()
    m = None if s.startswith(_led_words()) else _unit_led().match(s)
    return m.group(1) if m and all(is_unit_name(n) for n in split_units(m.group(1))[0]) else ""


def _bare_heading(text: str) -> str:
    """A heading's words without the colon that ends it (市经信委： → 市经信委)."""
    return re.sub(r"\s*[：:]\s*$", "", text.strip())


_DUTY_HEADING = lazy_compile(r"职责|分工|责任")
_STATES_LEAD = lazy_compile(r"是[^。；;]{0,30}?的牵头(?:单位|部门)")  # a duty saying its unit leads the whole work
_DUTY_SUBJECT = lazy_compile(r"([\u4e00-\u9fff]{2,12}?)负责")  # 教育行政部门负责…: a duty's unit, its subject
BY_UNIT_SHARE = 0.75  # of the tasks given their unit by a heading: the notice lists duties by unit


def _glued_unit(text: str) -> str:
    """The unit a duty runs on from (区党群工作部按照… → 区党群工作部): the shortest opening of four to fifteen
    characters, starting with an area's level (区, 市, 县, 省), that names a unit; or the subject of 负责 opening
    the duty (公安机关负责依法办理…, 共青团组织负责…: the State Council's and ministries' way, names with no area);
    "" when none does."""
    text = text.strip()
    led = _unit_led().match(text)  # (or the units before its duty word: 财政部门应当…, 消防救援部门依法…)
    subject = _DUTY_SUBJECT.match(text) or (led if led and _names_units(led.group(1)) else None)
    if subject:
        return subject.group(1)
    if text[:1] not in "区市县省":
        return ""
    for k in range(4, min(len(text) - 1, 15) + 1):
        if not "\u4e00" <= text[k - 1] <= "\u9fff":
            return ""  # (区绿化市容局（区分减联办）: a name with its other name, written apart — not run on)
        if is_unit_name(text[:k]) and "\u4e00" <= text[k] <= "\u9fff":
            return text[:k]
    return ""


def _task_items(items: list[_Item]) -> list[_Item]:
    """The items that are tasks, read part by part when the body and its attachments (附件：…一览表) each carry
    unit clauses: a table's rows in an attachment do not make the body's sub-items tasks, nor the reverse."""
    parts: dict[int, list[_Item]] = {}
    for it in items:
        top = next((a for a in it.ancestors() if a.style == "attachment"), None)
        parts.setdefault(id(top) if top is not None else 0, []).append(it)
    clauses = [part for part in parts.values() if any(it.clause for it in part)]
    if len(parts) > 1 and len(clauses) == 1 and clauses[0] is parts.get(0):
        # (the body's （一）…（三十七） each with its 责任单位, then 附件2's 导则 （一）统一风格：… with none: the same
        # marks in another document, no tasks of this one)
        tasks = _task_items_of(clauses[0])
    elif len(parts) == 1 or len(clauses) < 2:
        tasks = _task_items_of(items)
    else:
        chosen = {id(it) for part in clauses for it in _task_items_of(part)}
        tasks = [it for it in items if id(it) in chosen]
    body = {id(it) for it in parts.get(0, [])}
    if body and tasks and not any(id(t) in body for t in tasks):
        # every task in the attachments' tables, none in the body: the body's own 重点任务 (二、重点任务
        # （一）实施农村水源地整治提升行动。…) are tasks too, with no unit named there
        annexed = "".join(norm(t.own or t.line) for t in tasks)
        listed = _with_task_list(tasks, parts[0])
        added = [t for t in listed if t not in tasks]
        if added and not any(norm(_heading_title(t.own or t.line)) in annexed for t in added):
            tasks = listed  # (a body whose tasks the tables repeat, each with its units, adds none)
    return tasks


def _task_items_of(items: list[_Item]) -> list[_Item]:
    """The items that are tasks: the rank whose items carry unit clauses, plus clause-bearing leaves elsewhere."""
    by_rank: dict[float, list[_Item]] = {}
    for it in items:
        by_rank.setdefault(it.rank, []).append(it)
    with_clause = {r: sum(1 for it in its if it.clause) for r, its in by_rank.items()}
    if any(with_clause.values()):
        rank = max(by_rank, key=lambda r: (with_clause[r], r))
    else:  # no clauses at all: the deepest rank with several items
        rank = max((r for r, its in by_rank.items() if len(its) >= 2), default=max(by_rank))
    chosen = _split_to_children(_lift_to_parents(by_rank[rank], items), items)
    _share_group_clauses(chosen)
    numbers = [it.number for it in chosen]
    if with_clause.get(rank) and len(set(numbers)) < len(numbers):
        chosen = _drop_clauseless_parts(chosen, _kids(items))
    chosen_ids = {id(it) for it in chosen}
    # a clause-bearing item at another rank with no task below it is a task too (mixed outlines); so is one
    # whose sub-items each have their own clause besides (一、…（A负责） ——…（B负责） ——…（C负责）)
    below = {id(a) for it in chosen for a in it.ancestors()}
    kids = _kids(items)
    extra = [it for it in items if it.clause and id(it) not in chosen_ids
             and not any(id(a) in chosen_ids for a in it.ancestors())  # a task's sub-item is its text
             and id(it) not in below and all(k.clause for k in kids.get(id(it), []))]
    # numbered items that each open with a unit and a colon, then its duty (4.区发改委：负责制定…): tasks of
    # that unit besides the others, whatever their rank
    extra += [it for it in _unit_colon_items(items) if id(it) not in chosen_ids and id(it) not in below
              and not any(id(a) in chosen_ids for a in it.ancestors())]
    keep = chosen_ids | {id(it) for it in extra} | {id(it) for it in items if it.keeps_own}
    tasks = [it for it in items if id(it) in keep]
    if tasks and sum(bool(it.assigned) for it in tasks) >= BY_UNIT_SHARE * len(tasks):  # duties listed by unit
        tasks = _with_task_list(tasks, items)
    return tasks


def _unit_colon_items(items: list[_Item]) -> list[_Item]:
    """Numbered items that open with a unit's name and a colon, then its duty (4.区发改委：负责制定…; not a count:
    1个示范乡：白青乡) — three or more, each given its unit (led where the duty says 牵头)."""
    colon = [(it, m) for it in items if not it.clause and it.parts and (m := _UNIT_COLON.match(it.parts[0]))
             and label_role(m.group(1)) == "other" and _names_units(m.group(1))]
    # … a list of duties where three or more say one (负责…): all of that list's items, whatever their verb;
    # or a list every item of which is a unit, a colon and a sentence or more, one of them saying a duty
    # (（一）区攻坚办：负责落实… （二）区公安局：①管制点…；②… — the duty is listed, not said)
    dutied = Counter(id(it.parent) for it, m in colon if it.parts[0][m.end():].startswith(duty_words()))
    kids = _kids(items)
    colon_ids = {id(it) for it, _ in colon}

    def whole(parent: int) -> bool:
        siblings = kids.get(parent, [])
        return (dutied[parent] >= 1 and len(siblings) >= 3 and all(id(s) in colon_ids for s in siblings)
                and all(len(s.parts[0]) - m.end() >= MIN_DUTY_CHARS for s, m in colon if id(s.parent) == parent))

    colon = [(it, m) for it, m in colon if dutied[id(it.parent)] >= 3 or whole(id(it.parent))]
    if len(colon) < 3:
        return []
    for it, m in colon:
        led = _LEADS.match(it.parts[0][m.end():])
        it.assigned, it.clause = m.group(0), f"{'牵头单位' if led else '责任单位'}：{m.group(1).strip()}"
    return [it for it, _ in colon]


_TASK_PART = lazy_compile(r"^(?:重点|主要|具体|工作)?任务$|^(?:重点|主要|具体|工作)(?:措施|举措)$")  # (not 保障措施)


def _with_task_list(tasks: list[_Item], items: list[_Item]) -> list[_Item]:
    """Duties divided by unit headings (四、职责分工 （一）区建管委 …) beside a part that lists the tasks
    themselves with no units (二、重点任务 （一）… 1．…): that part's items are tasks too, with no unit named —
    the notice assigns its units by remit, not task by task."""
    kids = _kids(items)
    taken = {id(t) for t in tasks}

    def leaves(item: _Item) -> list[_Item]:
        below = kids.get(id(item), [])
        return [x for k in below for x in leaves(k)] if below else [item]

    extra = []
    for top in (it for it in items if it.parent is None):
        found = leaves(top)
        if _TASK_PART.match(_heading_title(top.own or top.line)) and found != [top] \
                and not any(id(x) in taken for x in found):
            extra += found
    return sorted(tasks + extra, key=lambda it: it.lineno)


def _split_to_children(chosen: list[_Item], items: list[_Item]) -> list[_Item]:
    """A heading with no clause and no text of its own (1．实施治堵综合整治工程) whose sub-items （1）（2） each
    close with their own units: the sub-items are the tasks, each with its units. (A task that states its
    own work — 1.推进公园建设。以公园为基底注入多元功能。 — keeps its sub-points, and their units are its own.)"""
    kids = _kids(items)

    def heading(it: _Item) -> bool:
        return not it.clause and not re.search(r"[。；;！？]", it.own.strip().rstrip("。；;"))

    split = {id(it) for it in chosen if heading(it) and len(own := kids.get(id(it), [])) >= 2
             and all(k.clause and not k.children for k in own)}
    # … and where that is so under some headings, a heading of the same rank whose sub-items carry clauses only
    # in part is split too (（二）规范分类投放 1．分类规定。… 2．投放设施配置。…责任单位：…): its items are tasks as
    # their siblings' are; when only the last of them carries a clause, written once for the group, it is each one's
    split_ranks = {it.rank for it in chosen if id(it) in split}
    for it in chosen:
        own = kids.get(id(it), [])
        if (id(it) not in split and it.rank in split_ranks and heading(it) and len(own) >= 2
                and any(k.clause for k in own) and not any(k.children for k in own)
                and all("。" in k.own for k in own)):  # (each a paragraph of its own work, not a listed entry)
            split.add(id(it))
            if all(not k.clause for k in own[:-1]):
                for k in own[:-1]:
                    k.group_clause = own[-1].clause
    out: list[_Item] = []
    for it in chosen:
        out += kids[id(it)] if id(it) in split else [it]
    return out


def _share_group_clauses(chosen: list[_Item]) -> None:
    """A unit clause set as a paragraph of its own (责任单位： on its line) after the last item under each heading,
    where no other item names units — in two groups or more, and never beside an item's own clause: written
    once for the group (（一）… 1.–5. 责任单位：…), it is each item's of that group."""
    groups: dict[int, list[_Item]] = {}
    for it in chosen:
        if it.parent is not None:
            groups.setdefault(id(it.parent), []).append(it)
    several = [g for g in groups.values() if len(g) >= 2]
    if any(x.clause for g in several for x in g[:-1]):
        return
    closing = [g for g in several if _group_paragraph(g[-1])]
    if len(closing) < 2:
        return
    for g in closing:
        for x in g[:-1]:
            x.group_clause = x.group_clause or g[-1].clause


def _lift_to_parents(chosen: list[_Item], items: list[_Item]) -> list[_Item]:
    """Items whose unit clause is written once, after the last of their sub-items (（一）… 1．行动目标…
    2．主要任务…牵头单位：…): when in groups of two or more sub-items only the last ever carries a clause
    (and does in two groups at least), and the groups repeat one template of sub-items, the groups' heads
    are the tasks, and the clause is theirs."""
    groups: dict[int, list[_Item]] = {}
    for it in chosen:
        if it.parent is not None:
            groups.setdefault(id(it.parent), []).append(it)
    kids = _kids(items)

    def closes(item: _Item) -> bool:  # its text ends with a unit clause: its own, or its last sub-item's
        return bool(item.clause) or bool(kids.get(id(item))) and closes(kids[id(item)][-1])

    def clause_below(item: _Item) -> bool:
        return bool(item.clause) or any(clause_below(k) for k in kids.get(id(item), []))

    several = [g for g in groups.values() if len(g) >= 2]
    if any(x.clause for g in several for x in g[:-1]) or sum(1 for g in several if closes(g[-1])) < 2:
        return chosen
    # … and the sub-items are a template every group repeats (1．行动目标 2．主要任务), not tasks of their own
    # that happen to name their units only at the end of a section
    # (or every group, three or more, closes so: the notice's convention, whatever its sub-items say)
    heads = [tuple(re.sub(r"\W", "", x.own)[:4] for x in g) for g in several]
    every = len(several) >= 3 and all(closes(g[-1]) for g in several) and not any(
        clause_below(x) for g in several for x in g[:-1]) and not all(_group_paragraph(g[-1]) for g in several)
    if max(heads.count(h) for h in heads) < 2 and not every:
        return chosen
    heads = list({id(it.parent): it.parent for it in chosen if it.parent is not None}.values())
    return [h for h in heads if h is not None] + [it for it in chosen if it.parent is None]


def _group_paragraph(last: _Item) -> bool:
    """The group's unit clause is a paragraph of its own after its last item (责任单位：… on its line), not that
    item's closing words."""
    return bool(last.clause) and any(_field_line(p) for p in last.parts[1:][-2:])


def _kids(items: list[_Item]) -> dict[int, list[_Item]]:
    """Each item's sub-items (by the parent's id), in document order."""
    kids: dict[int, list[_Item]] = {}
    for it in items:
        if it.parent is not None:
            kids.setdefault(id(it.parent), []).append(it)
    return kids


def _drop_clauseless_parts(chosen: list[_Item], kids: dict[int, list[_Item]]) -> list[_Item]:
    """Where numbering restarts by section, items of the task rank under a top heading where none
    carries a clause (一、总体要求 → （一）指导思想 …) are not tasks. An item whose sub-items close with one
    clause on a line of its own, written once for them all (（一）… 1.钢铁产业。… 3.纺织产业。… 责任单位：…),
    carries that clause."""
    def closed(item: _Item) -> bool:
        below = kids.get(id(item), [])
        return len(below) >= 2 and _group_paragraph(below[-1]) and not any(
            k.clause or kids.get(id(k)) for k in below[:-1])

    groups: dict[int, list[_Item]] = {}
    for it in chosen:
        anc = it.ancestors()
        groups.setdefault(id(anc[0]) if anc else 0, []).append(it)
    out = []
    for members in groups.values():
        if any(it.clause or closed(it) for it in members) or members[0].number != 1:
            out += members
    return sorted(out, key=lambda it: it.lineno)


def _refs(tasks: list[_Item]) -> tuple[dict[int, str], str]:
    """The heading path that makes each task's number unique (``第三部分``, ``第三部分（二）``,
    ``附表1``), and the numbering kind."""
    keys = [(tuple(a.mark for a in t.ancestors() if a.rank < 0), t.number) for t in tasks]
    if len(set(keys)) == len(keys):
        return {id(t): _display([a for a in t.ancestors() if a.rank < 0]) for t in tasks}, "continuous"
    depth = max(len(t.ancestors()) for t in tasks)
    k = depth
    for k in range(1, depth + 1):
        keys = [(tuple(a.mark for a in _path(t, k)), t.number) for t in tasks]
        if len(set(keys)) == len(keys):
            break
    refs = {id(t): _display(_path(t, k)) for t in tasks}
    if len({(refs[id(t)], t.number) for t in tasks}) < len(tasks):  # a heading numbered twice (三、… 三、…)
        refs = {id(t): _display(_path(t, k), titled=True) for t in tasks}
    return refs, "per-section"


def _path(item: _Item, k: int) -> list[_Item]:
    """The attachment name (if any) and the first k headings above the item."""
    anc = item.ancestors()
    return [a for a in anc if a.rank < 0] + [a for a in anc if a.rank >= 0][:k]


def _display(path: list[_Item], titled: bool = False) -> str:
    """``第三部分（二）``; ``titled``: each heading with its title, ``第三部分“保障措施”``."""
    out = ""
    for a in path:
        # (a row numbered 2 over its own rows: 第2项, not a bare 2 run into the numbers around it)
        out += f"第{a.mark}部分" if a.style == "cn" else f"第{a.mark}项" if a.style in ("ar", "ar_half") else a.mark
        title = re.sub(r"[“”\"]", "", _title_of(a))[:12] if titled else ""
        out += f"“{title}”" if title else ""
    return out


def _title_of(item: _Item) -> str:
    """A heading's title: its own line(s) when its text goes on in a paragraph of its own (（一）约束性指标 /
    约束性指标是…; a title wrapped as 加强 / 知识产权 / 管理 is joined), else its text up to the first sentence end."""
    title = ""
    for k, part in enumerate(item.parts):
        part = part.strip()
        if k and re.search(r"[。，,；;：:！？]", part):
            return _heading_title(title) if not re.search(r"[，,、：:；;（(“《—-]$", title) else _heading_title(item.own)
        title += part
        if len(title) > 60:
            break
    return _heading_title(item.own)


def _written_mark(item: _Item) -> str:
    """The mark before a heading's title on its line, as written (五、, 第五部分 ), or "" when the title is not
    right after it."""
    line, title = item.line.strip(), _title_of(item)
    at = line.find(title) if title else -1
    return line[:at] if 0 < at <= 8 else ""


def _heading_title(own: str) -> str:
    m = re.search(r"[。；;！!？?]", own)
    title = own[: m.start()] if m else own
    return title.strip()[:60]


# ---- one task ------------------------------------------------------------------------------------

def path_key(style: str, mark: str) -> str:
    """A heading as a question names it: 二 (二、 or 第二部分), （三）, 附 (附件, 附表1)."""
    if style == "attachment":  # 附件3 → 附3, 附件 → 附 (附 names any attachment: query.in_path)
        n = re.sub(r"^附\s*[件表]\s*", "", mark)
        return "附" + (n if n.isdigit() else str(cn_to_int(n) or "") if n else "")
    if style == "part":
        return mark[1:-2]
    return mark


def _top(item: _Item) -> _Item | None:
    """The item's section: its highest heading that is not an attachment's name."""
    return next((a for a in item.ancestors() if a.rank >= 0), None)


def _full_text(item: _Item, following: list[_Item]) -> str:
    """The item's own text and, marks included, the sub-items under it."""
    parts = [item.own]
    for it in following:
        if it.rank <= item.rank or (it.parent is not None and it.parent.style == "attachment" and it.parent is not item
                                    and item not in it.ancestors()):
            break  # (an attachment's rows after the body's last item are not its sub-items)
        parts.append(_joined([it.line] + it.parts[1:]))
    return "".join(parts).strip()


def _task(doc_id: str, seq: int, item: _Item, text: str, ref: str, first_leads: bool,
          leads_before_comma: bool = False) -> tuple[Task, list[ParseWarning]]:
    warnings = []
    # its own paragraphs' clauses; when its own text has none, its sub-items' clauses are all its (a task
    # whose (1) and (2) each close with their units)
    own = len(item.own.strip()) if item.clause else None
    body, units_text = split_units_clause(text, own=own)
    if item.assigned and (not units_text or item.style == "para"):
        # a unit its heading names (the text below the name is the duty), or a unit's own paragraph (区财政局：…)
        body = text if units_text and item.style == "para" else body
        units_text = item.clause
        # (a heading's name and colon are not the duty's words; a duty's subject is: 财政部门应当健全…)
        body = body[len(item.assigned):].strip() if body.startswith(item.assigned) and not item.subject else body
    if not units_text and item.group_clause:
        units_text = item.group_clause
    reading = read_clauses(units_text, first_leads, leads_before_comma) if units_text else _leading_subject(body)
    if len(body) > MAX_TASK_CHARS:
        warnings.append(ParseWarning("truncated", f"第{item.number}项正文有{len(body)}字，只保留前{MAX_TASK_CHARS}字", item.lineno))
        body = body[:MAX_TASK_CHARS]
    top = item.section
    task = Task(
        doc_id=doc_id, seq=seq, number=item.number,
        section=top.number if top else 0, section_title=_title_of(top) if top else "",
        title=_task_title(item, body), text=body,
        units=reading.units if reading else (), units_text=units_text, line=item.lineno,
        ref=ref, deadline=reading.deadline if reading else "", and_others=reading.and_others if reading else False,
        path=tuple(path_key(a.style, a.mark) for a in item.ancestors()), mark=path_key(item.style, item.mark),
    )
    if reading and reading.unread:
        warnings.append(ParseWarning("unsplit_clause", f"{task.label}的单位条款有一部分未能识别：{reading.unread[:40]}",
                                     item.lineno, task.key))
    return task, warnings


_LEADS_FIRST = lazy_compile(r"([^，,。；;：:、\s]{2,30}?)牵头(?=[\u4e00-\u9fff])")


def _leading_subject(body: str) -> ClauseReading | None:
    """A task with no unit clause whose text opens with the unit that leads it (市政维护管理处牵头开展…行动; the
    name may carry bracketed parts: 各县区（管委会）城市管理局（执法局）牵头开展…): that unit leads."""
    m = _LEADS_FIRST.match(body.strip())
    if not m:
        return None
    names, _ = split_units(m.group(1))
    if len(names) != 1 or not is_unit_name(names[0]):
        return None
    return ClauseReading((UnitRole(names[0], Role.LEAD, "牵头"),))


def split_units_clause(text: str, own: int | None = None) -> tuple[str, str]:
    """Split a task's text into (body, unit clause without its brackets).

    The unit clause is the last top-level bracket that assigns units (by a label such as
    牵头单位, a verb form such as ``X牵头，Y配合`` or ``…负责``, or a bare list of unit
    names), else the last ``牵头单位：…。`` run without brackets that closes a sentence (the end of the text, or of
    a paragraph that more text follows: …。责任单位：A，B。保障措施…; brackets inside it are its own). A task whose
    paragraphs each close with their own clause has them all, joined by ``；`` (its units are
    the union) — within its first ``own`` characters, its own paragraphs, when given (the clauses
    of sub-items under it are theirs). Other brackets stay in the body.

    >>> split_units_clause("建设道路。年内完成。牵头单位：区交通运输局")
    ('建设道路。年内完成。', '牵头单位：区交通运输局')
    >>> split_units_clause("推进工作（2023—2025年）。（海关总署、财政部负责）")
    ('推进工作（2023—2025年）。', '海关总署、财政部负责')
    >>> split_units_clause("办好赛事。（体育总局负责）加强监管。（公安部、应急部负责）")
    ('办好赛事。加强监管。', '体育总局负责；公安部、应急部负责')
    >>> split_units_clause("开展宪法日学法活动责任单位：局农业处，区农业农村中心")  # a label run into the task's words
    ('开展宪法日学法活动', '责任单位：局农业处，区农业农村中心')
    """
    def closing(s: int, e: int) -> bool:  # after 。/；, or right before one or the end
        return text[:s].rstrip()[-1:] in ("。", "；", ";") or text[e + 1:].lstrip()[:1] in ("。", "；", ";", "")

    runs = [m for m in _bare_clause().finditer(text) if has_label(_with_colon(m.group(1)))]
    if not runs:  # fields run together with nothing between them (活动时间：2021年3月开始牵头处室：局党建人事处责任对象：…):
        # a label right after another field's value, in the same sentence as that field
        runs = [m for m in _bare_clause(glued=True).finditer(text) if has_label(m.group(1))
                and (has_label(text[text.rfind("。", 0, m.start(1)) + 1: m.start(1)]) or _closes_with_names(text, m))]
    # an unlabelled bracket inside a sentence names something (图书馆（天目路馆）扩建), it assigns nothing; nor does
    # one inside a labelled run (责任单位：各县（区）人民政府（管委会）。)
    groups = [(start, end) for start, end in _bracket_groups(text) if looks_like_clause(inner := text[start + 1: end].strip())
              and (has_label(inner) or closing(start, end)) and not _names_more(text[:start], inner)
              and not any(m.start(1) < start and end < m.end(1) for m in runs)]
    if groups:
        mine = [g for g in groups if own is None or g[1] < own] or groups  # its own, not its sub-items'
        last = mine[-1]
        # an earlier clause counts when it closes a sentence
        keep = [(s, e) for s, e in mine[:-1] if closing(s, e)]
        keep.append(last)
        body, pos = [], 0
        for s, e in keep:
            body.append(text[pos:s])
            pos = e + 1
        body.append(text[pos:])
        return "".join(body).strip(), "；".join(text[s + 1: e].strip() for s, e in keep)
    if runs:
        bare = runs[-1]
        return (text[: bare.start(1)] + text[bare.end(1):]).strip(), _with_colon(bare.group(1)).strip().rstrip("。.")
    # a clause whose bracket was never closed, ending the text after a sentence (…运动会。（市民族与宗教事务局、
    # 教育局、体育局等部门，各县区、管委会按职能分工负责): the clause all the same
    # — its duty verb ends it: a list that breaks off (（应急指挥中心、) may go on in the next line's text
    open_end = re.search(r"(?<=[。；;])\s*[（(]([^（）()\n]{2,120}?(?:负责|落实|牵头|配合|参与))[。.；;]?$", text.rstrip())
    if open_end and looks_like_clause(inner := open_end.group(1).strip()):
        return text[: open_end.start()].strip(), inner
    return text, ""


def _closes_with_names(text: str, run: re.Match[str]) -> bool:
    """A label run into the task's own words that closes the text with a list of units and nothing else (a
    table flattened into one line: 2.开展宪法日学法活动责任单位：局乡村振兴处、农业处，区农业农村中心)."""
    before = text[: run.start(1)]
    if text[run.end(1):].strip() or _opened(before):  # (not inside a bracket: 〔责任单位：…)
        return False
    if _names_units(re.split(r"[。；;：:]", before)[-1].strip()):  # another field's value (…市食安办我局责任单位：…)
        return False
    value = re.split(r"[:：]", run.group(1), maxsplit=1)[1].strip().rstrip("。.")
    if re.search(r"[:：]|[、，,]$", value):  # one field, its list complete (…铁办、 goes on in the next line)
        return False
    names, _ = split_units(value)
    return bool(names) and all(is_unit_name(n) for n in names)


def _opened(text: str) -> bool:
    """Whether a bracket opened in text is still open at its end."""
    depth = 0
    for ch in text:
        depth += ch in _OPENERS
        depth -= depth > 0 and ch in _CLOSERS
    return depth > 0


def _with_colon(run: str) -> str:
    """A label written with a space for its colon (责任单位 区财政金融局、各有关单位) gets its colon, when what
    follows is a list of units; any other run is unchanged."""
    m = re.match(r"([\u4e00-\u9fff]{4,8})\s+(?=\S)", run)
    if not m or re.match(r"[\u4e00-\u9fff]{4,8}\s*[:：]", run):
        return run
    names, _ = split_units(run[m.end():].strip().rstrip("。."))
    return f"{m.group(1)}：{run[m.end():]}" if names and all(is_unit_name(n) for n in names) else run


@lru_cache(maxsize=2)
def _bare_clause(glued: bool = False) -> re.Pattern[str]:
    """A labelled clause with no brackets closing a sentence (…。牵头单位：X。 / 责任分工：X负责…。); ``glued``: the
    label may follow any character, and needs its colon (…2021年3月开始牵头处室：X)."""
    labels = longest_first(k for k, role in vocab.rows("clause_labels.tsv") if role in ("lead", "responsible") and len(k) >= 4)
    start, colon = ("", r"\s*[:：]") if glued else (r"(?:^|(?<=[。；;.\s）)]))", r"(?:\s*[:：]|\s+)")
    scope = LABEL_SCOPE.pattern.lstrip("^")  # (市直主办单位, 我局责任单位: whose units the label introduces)
    alternative = r"(?:[（(][\u4e00-\u9fff、/]{1,6}[)）])?"  # 责任处室（单位）：: the label's other name in brackets
    return re.compile(start + r"(" + scope + r"?(?:" + "|".join(map(re.escape, labels)) + r")" + alternative + colon
                      + r"[^。]*(?:[。.]|$))")


def _names_more(before: str, inner: str) -> bool:
    """Short names in brackets right after a kind of place (各县（区、管委会）, 各县（市、区）) say which places
    more, they are no clause."""
    if bool(before) and before[-1] in vocab.words("place_kinds.txt") and all(len(p) <= 3 for p in re.split(r"[、，,]", inner)):
        return True
    # … nor does a bare ending right after a word (成果转化基地（中心）: the word's other name, no office)
    if inner in vocab.words("unit_suffixes.txt") and len(inner) <= 2 and re.search(r"[\u4e00-\u9fff]$", before):
        return True
    # … and one name right after a unit's name is its other name (报告县区政府（管委会）。), no clause
    tail = re.search(r"[\u4e00-\u9fff]{2,8}$", before)
    return bool(tail) and not re.search(r"[、，,；;：:\s]", inner) and is_unit_name(tail.group(0)) and not has_label(inner)


def _bracket_groups(text: str) -> list[tuple[int, int]]:
    """(start, end) of top-level bracket pairs — round, or the tortoise-shell and lenticular ones some notices
    close a task with (〔责任单位：…〕, 【牵头单位：…】) — tolerating （…) mixes and a （…〉 typo (an angle bracket
    that closes a round one when no angle bracket is open)."""
    groups, depth, start, angle = [], 0, 0, 0
    for i, ch in enumerate(text):
        if ch == "〈":
            angle += 1
        elif ch == "〉" and angle:
            angle -= 1
        elif ch in _OPENERS:
            if depth == 0:
                start = i
            depth += 1
        elif (ch in _CLOSERS or ch == "〉") and depth:
            depth -= 1
            if depth == 0:
                groups.append((start, i))
    return groups


def _task_title(item: _Item, body: str) -> str:
    """A heading on a line of its own (一、关于发展目标 / 到2020年，…) is the title; else the body's first sentence."""
    if item.assigned:  # the heading names the unit: the duty below it is the title
        return _short_title(body)
    parts = item.parts[1:] if item.parts and not item.parts[0].strip() else item.parts  # (（一） / 加强… / 将…: the
    first = parts[0].strip() if parts else ""  # mark alone on its line, the title on the next)
    if len(parts) > 1 and 2 <= len(first) <= 40 and not re.search(r"[。，,；;：:！？（(]", first) \
            and len(parts[1].strip()) > 10:  # not a heading broken over lines (大力推进 / 专利 / 技术产业化。)
        return _cut_title(first, parts[1]) or first
    parent = item.parent
    if (parent is not None and parent.children == 1 and parent is not item.section and not parent.clause
            and (heading := _title_of(parent)) and len(heading) <= 30 and not re.search(r"[。；;]", heading)):
        return heading  # （九）加强…领域政务诚信建设 / 9.按照市里相关要求，…: the one item under a heading has its title
    return _short_title(split_units_clause(item.own)[0] if item.children and item.own.strip() else body)


def _cut_title(first: str, nxt: str) -> str | None:
    """A heading cut after its verb, and the line after it that ends it (（五）强化 / “散乱污”企业综合整治。):
    the whole title, without its full stop; None when the two lines are no such pair."""
    rest = re.fullmatch(r"([^。，,；;：:！？]{1,20})。", nxt.strip())
    head = first.strip()  # (区房管局 / 指导…。: a unit's duties under its name, no title cut short)
    return head + rest.group(1) if rest and 2 <= len(head) <= 4 and not is_unit_name(head) else None


def _short_title(body: str, limit: int = 40) -> str:
    m = re.search(r"[。！？!?；;]", body)
    first = body[: m.start()] if m else body
    colon = re.search(r"[：:]", first)
    if colon and 2 <= colon.start() <= limit:
        first = first[: colon.start()]
    if len(first) <= limit:
        return first.strip()
    cut = re.search(r"[，,]", first)
    if cut and cut.start() <= limit:
        return first[: cut.start()].strip()
    return first[:limit].strip() + "…"


# ---- header --------------------------------------------------------------------------------------

def _first(pattern: re.Pattern[str], lines: list[str]) -> str:
    for line in lines:
        m = pattern.search(line)
        if m:
            return _squash(m.group(0))
    return ""


# where a title ends: a 文号 run on after it (…的实施意见国办发〔2020〕24号) starts after these
_TITLE_END = lazy_compile(r".*(?:通知|意见|方案|决定|办法|计划|要点|清单|报告|规划|函|的|》|”|\s)")


# a remark on the notice's status after its title, naming another document (（由莆政规〔2025〕2号废止）)
_STATUS = lazy_compile(r"[（(]\s*(?:由|被|已被|已由)?[^（）()]{0,40}?(?:废止|失效|废除|修订|代替|替代)\s*[)）]")


def _doc_id_at(line: str) -> re.Match[str] | None:
    """The 文号 in a line, without title words run on before it: 国办发〔2020〕24号 in
    ``…服务市场主体的实施意见国办发〔2020〕24号``."""
    m = DOC_ID.search(line)
    cited = {b.start(2) for b in _BASIS.finditer(line)}
    gone = [(r.start(), r.end()) for r in _STATUS.finditer(line)]
    while m and (any(m.start() <= k < m.end() for k in cited)  # 根据《…》（县纪委岚纪办[2012]2号）: another's
                 or any(a <= m.start() < b for a, b in gone)):  # …的通知（由莆政规〔2025〕2号废止）: the repealing one's
        m = DOC_ID.search(line, m.end())
    if not m:
        return None
    cut = _TITLE_END.match(m.group(0))
    rest = m.group(0)[cut.end():] if cut else ""
    # …实施意见国办发〔…〕: title words run on before the issuer's abbreviation, cut off; not 沪规划资源数〔…〕, whose
    # abbreviation holds a title word itself (the words before it are no longer than what would be left)
    if cut and cut.end() > len(re.match(r"\s*[\u4e00-\u9fff]*", rest).group(0)) and DOC_ID.match(rest):
        return DOC_ID.search(line, m.start() + cut.end())
    return m


def _doc_id(header: list[str], lines: list[str], source: str) -> str:
    """The 文号 (the one a field labels as such first: 文号：莆执执〔2013〕28号, not the 莆常审〔2013〕7号 a title
    above it answers); without one, the title (and the date, when there is one)."""
    labelled = (m for line in header[:20] if re.match(r"\s*(?:文号|发文字号|发文号)\s*[:：]", line) and (m := _doc_id_at(line)))
    if m := next(labelled, None):
        return _squash(m.group(0))
    for part in (header[:20], header):
        for line in part:
            m = _doc_id_at(line)
            if m:
                return _squash(m.group(0))
    title = _title(header, lines)
    if title:
        date = _first(_DATE, header) or _first(_DATE, lines[::-1])
        return f"《{title}》" + (f"（{date}）" if date else "")
    return Path(source).stem


def _title(header: list[str], lines: list[str] | None = None) -> str:
    """The ``关于……的通知`` title joined across the lines it spans, else the first title-like line."""
    for i, line in enumerate(header):
        k = line.find("关于")
        if k < 0 or len(line.strip()) > 80:
            continue
        # (…的通知（由莆政规〔2025〕2号废止）: the remark names another document; …的通知(废止) is kept as printed)
        title = _STATUS.sub(lambda r: "" if DOC_ID.search(r.group(0)) else r.group(0), line[k:]).strip()
        doc_id = _doc_id_at(title)
        if doc_id:  # 关于…的实施意见国办发〔2020〕24号: the 文号 run on after the title
            return title[: doc_id.start()].strip()
        j = i
        # a title ends with its genre's word, perhaps with a remark after it (…的通知(废止), …办法（试行）)
        while not re.search(r"(通知|意见|方案|决定|办法|计划|要点|清单|任务|函)(?:[（(][^（）()]{1,6}[)）])?$", title) \
                and j + 1 < len(header) and j - i < 4:
            nxt = header[j + 1].strip()
            if len(nxt) > 60 or "。" in nxt:  # a paragraph of the body is never part of the title
                break
            if re.match(r"[\u4e00-\u9fff]{2,6}\s*[:：]", nxt):  # 发布时间: …, a field of the page, not the title
                break
            j += 1
            title += nxt
        return title
    for line in header:  # no 关于…: the first line that reads like a title
        s = line.strip()
        if 6 <= len(s) <= 60 and not DOC_ID.search(s) and not _DATE.search(s) and not s.endswith(("：", ":")) \
                and not re.search(r"[。，,]", s):
            return s
    return ""


_OFFICE = lazy_compile(r"(人民政府|政府|办公厅|办公室|委员会|管委会|局|委|部|署|厅|院|中心|市委|区委|县委|省委|国务院)$")


def _issuer(header: list[str], lines: list[str]) -> str:
    """The issuing office: the title's own prefix (国务院关于…), else the line above the title, else the
    signature above the closing date. An addressee line (…：) is never the issuer."""
    for i, line in enumerate(header[:12]):
        k = line.find("关于")
        if k < 0 or len(line.strip()) > 80:
            continue
        prefix = re.sub(r"^[\u4e00-\u9fff]{1,4}\s*[:：]\s*", "", line[:k].strip())  # 标题: 平潭…管委会关于…
        if 2 <= len(prefix) <= 40 and _OFFICE.search(prefix.split("、")[-1]):
            return prefix
        for prev in reversed(header[:i]):
            s = prev.strip()
            if s and not DOC_ID.search(s):
                return s if len(s) <= 40 and not s.endswith(("：", ":")) and _OFFICE.search(s) else ""
        break
    tail = [ln.strip() for ln in lines[-15:] if ln.strip()]
    for k in range(len(tail) - 1, -1, -1):  # the signature just above the closing date, or before it on its line
        signed = _SIGNATURE.match(tail[k])
        if signed and signed.group("signer") and _OFFICE.search(signed.group("signer")):
            return signed.group("signer").strip()
        if k and _DATE.search(tail[k]) and len(tail[k]) <= 20:
            s = tail[k - 1]
            if len(s) <= 40 and not s.endswith(("：", ":")) and _OFFICE.search(s):
                return s
            break
    return ""


def _basis(header: list[str]) -> tuple[str, ...]:
    return cited_documents("".join(header))


def cited_documents(text: str) -> tuple[str, ...]:
    """The documents a text cites by title and number, each as ``《title》（文号）`` (the number's spaces
    dropped), in order, once each: 落实《…的通知》（鲁政字〔2021〕64号）."""
    found = (f"{title}（{_squash(num)}）" for title, num in _BASIS.findall(text))
    return tuple(dict.fromkeys(found))


def _squash(s: str) -> str:
    return re.sub(r"\s+", "", s)


def _recipients(header: list[str]) -> str:
    """The 主送 line: a line of addressees ending with a colon, after the title."""
    for line in header:
        s = line.strip()
        if s.endswith(("：", ":")) and ("、" in s or "，" in s) and len(s) < 200:
            return s.rstrip("：:")
    return ""


def to_text(parsed: ParsedNotice) -> str:
    """Write a parsed notice back out in the genre's plain-text form.

    ``parse_notice(to_text(p))`` yields the same tasks and header facts as ``p``
    (the property tests check it), which is what previews and exports rely on.
    """
    n = parsed.notice
    lines = [n.doc_id, "", n.issuer, n.title, ""]
    if n.recipients:
        lines.append(f"{n.recipients}：")
    lines += [n.issuer, n.date]
    if n.disclosure:
        lines.append(f"（{n.disclosure}）")
    section = None
    for t in parsed.tasks:
        if t.section != section and t.section:
            section = t.section
            lines.append(f"{int_to_cn(t.section)}、{t.section_title}")
        units = f"（{t.units_text}）" if t.units_text else ""
        lines.append(f"{t.number}.{t.text}{units}")
    return "\n".join(lines) + "\n"
