"""Task tables → lines in the genre's text form, whatever container they came in.

Many 任务分工 documents list their tasks in a table (序号 / 工作任务 / 牵头单位 / 责任单位 /
完成时限). Two containers are read:

- a real table (``.docx``): rows of cells on the table's grid (:func:`rows_to_lines`);
- a table flattened to text, one cell per line, as web pages and PDF converters give them
  (:func:`unflatten`): a run of column names (序号, 事项, 责任单位 …), then rows that each start
  with a line holding only the row's number.

Each row becomes ``1.标题。内容（责任单位：…；完成时限：…）`` with the cells' own text, so one
parser reads tables and prose alike. A unit cell merged over several rows applies to each of them.
"""

from __future__ import annotations

import itertools
import re

from . import vocab
from .clauses import is_generic, is_unit_name, looks_like_clause, read_clause, split_units, without_carry_over
from .lazy_regex import lazy_compile
from .marks import MARKS, continuing_decimal, mark
from .text import DATE, cn_to_int, int_to_cn

_HEADER_KINDS = (
    ("number", lazy_compile(r"^(序号|编号|序|号)$")),
    ("leader", lazy_compile(r"领导|负责人|联系人|责任人")),  # persons (牵头领导 / 责任领导), not units
    ("lead", lazy_compile(r"牵头|主责")),
    ("deadline", lazy_compile(r"时限|完成时间|期限|进度安排|时间节点")),
    ("owner", lazy_compile(r"权属|产权|所属")),  # who owns a site (权属部门), not who carries a task
    ("measure", lazy_compile(r"^(?:计量)?单位$")),  # 单位 alone heads a form's measures (万元, 人次), not its bodies
    ("units", lazy_compile(r"单位|部门|科室|处室|(?:实施|责任)主体")),
    ("reference", lazy_compile(r"文件|依据|备注")),
    ("category", lazy_compile(r"^(类别|领域|板块|方面|分类|项目类别|重点领域|类型)$")),
    ("task", lazy_compile(r"任务|内容|措施|事项|工作|目标|项目|举措|要求|名称")),
)


def column_kind(cell: str) -> str:
    c = re.sub(r"\s+", "", cell)
    return next((k for k, p in _HEADER_KINDS if p.search(c)), "other") if c else "other"


def is_task_header(cells: list[str]) -> bool:
    """A row of column names that make a task table: a unit column beside a task column, or beside
    a 序号 column and another one (交通子行业 / 建设区域 / 责任单位)."""
    kinds = [column_kind(c) for c in cells]
    has_units = bool({"lead", "units"} & set(kinds))
    has_task = "task" in kinds or ("number" in kinds and sum(k in ("other", "category") for k in kinds) >= 1)
    return has_units and has_task and all(len(re.sub(r"\s+", "", c)) <= 12 for c in cells)


def _label(head: str) -> str:
    return re.sub(r"[\s:：]+", "", head)


_HEAD_UNIT = lazy_compile(r"[（(]\s*([A-Za-z%‰㎡\u4e00-\u9fff/]{1,6})\s*[)）]$")
_MEASURE_LINE = lazy_compile(r"^[（(]\s*[A-Za-z%‰㎡\u4e00-\u9fff/]{1,6}\s*[)）]$")
_NUMERIC = lazy_compile(r"^[\d.\-~～—至、,，\s]+$")


def labelled(head: str, value: str) -> str:
    """A cell of a column the row's text does not name (建设区域, 装机计划（MW）) as ``列名：值``, with the
    column's unit after a bare number (35-36 → 35-36MW), so that the row states its figures."""
    head, value = _label(head), _one_line(value)
    unit = _HEAD_UNIT.search(head)
    if unit and _NUMERIC.match(value):
        head, value = head[: unit.start()], value + unit.group(1)
    return f"{head}：{value}"


def _one_line(text: str) -> str:
    return re.sub(r"\s*\n\s*", "", text).strip()


def task_line(number: str, title: str, body: str, fields: list[tuple[str, str]]) -> str:
    """``1.标题。内容（牵头单位：…；责任单位：…）`` from a row's parts."""
    text = title.rstrip("。") + "。" if title else ""
    text += body
    clause = "；".join(f"{label}：{value}" for label, value in fields if value)
    return f"{number}.{text}" + (f"（{clause}）" if clause else "")


# ---- real tables (.docx) -----------------------------------------------------------------------

def rows_to_lines(grid: list[list[str]]) -> list[str]:
    """A table's rows (cell texts on its grid) → genre lines; a table of another kind → its rows as text.

    >>> rows_to_lines([["序号", "工作任务", "牵头单位", "责任单位"], ["1", "建设道路。", "区交通运输局", "区财政局"]])
    ['1.建设道路。（牵头单位：区交通运输局；责任单位：区财政局）']
    """
    if not grid:
        return []
    header_at = next((i for i, r in enumerate(grid[:3]) if is_task_header(r)), None)
    if header_at is None:
        return ["\t".join(dict.fromkeys(c for c in r if c.strip())) for r in grid]
    header = grid[header_at]
    kinds = [column_kind(c) for c in header]
    out: list[str] = []
    last_number, last_category, sections, auto = None, None, 0, 0
    for r in grid[header_at + 1:]:
        cells = (r + [""] * len(kinds))[: len(kinds)]
        distinct = [c for c in dict.fromkeys(cells) if c.strip()]
        if len(distinct) == 1 and len(set(cells)) == 1:  # a row spanning the table: a heading
            out.append(distinct[0].strip())
            continue
        if is_task_header(cells):  # the header repeated on a new page
            continue
        number = task = category = ""
        fields: list[tuple[str, str]] = []
        for kind, head, cell in zip(kinds, header, cells, strict=False):
            cell = cell.strip()
            if not cell:
                continue
            if kind in ("units", "lead", "deadline", "reference"):
                fields.append((_label(head), _one_line(cell)))
            elif kind == "number" and not number:
                number = re.sub(r"\s+", "", cell).strip(".．、")
            elif kind == "category" and not category:
                category = cell
            elif kind == "task" or (kind == "other" and not task):
                task += _one_line(cell) if not task else "。" + _one_line(cell)
            else:  # another column of the row (建设区域, 装机计划（MW）): its name says what the value is
                task += ("" if task.endswith("。") else "。") + labelled(head, cell)
        if category and category != last_category:
            sections += 1
            last_category = category
            out.append(category if re.match(r"^[一二三四五六七八九十]+、", category) else f"{int_to_cn(sections)}、{category}")
        if not task and not fields:
            continue
        if number and number == last_number and out:  # a merged 序号: more of the same task
            out[-1] = out[-1] + task
            continue
        if not number.isdigit():
            auto += 1
            number = str(auto)
        else:
            auto = int(number)
        last_number = number
        out.append(task_line(number, "", task, fields))
    return out


# ---- tables flattened to one row per line, cells apart by spaces ----------------------------------
# 序号 工 作 任 务 牵头负责部门 / 1 居民消费价格涨幅3%左右 发展改革委: a column name may be spaced out
# letter by letter; the task cell takes the words the other cells leave.

def _spaced_cells(line: str) -> list[str]:
    """A line's cells: runs of text apart by spaces or tabs, single letters spaced out joined back."""
    cells: list[str] = []
    for word in line.split():
        if cells and len(word) == 1 and _spaced_letters(cells[-1]):
            cells[-1] += word
        else:
            cells.append(word)
    return cells


def _spaced_letters(cell: str) -> bool:
    return len(cell) <= 8 and bool(re.fullmatch(r"[\u4e00-\u9fff]+", cell)) and column_kind(cell) != "number"


def _spaced_header(lines: list[str], i: int) -> tuple[list[str], int] | None:
    s = lines[i].strip()
    if not re.search(r"\s", s) or len(s) > 60:
        return None
    cols = _spaced_cells(s)
    if len(cols) < 3 or column_kind(cols[0]) != "number" or not is_task_header(cols):
        return None
    nxt = next((x.strip() for x in lines[i + 1:i + 4] if x.strip()), "")
    return (cols, i + 1) if re.match(r"^1[\s.．、]", nxt) else None


def _spaced_rows(lines: list[str], i: int, cols: list[str]) -> tuple[list[str], int]:
    grid = [cols]
    expected = 1
    while i < len(lines):
        s = lines[i].strip()
        m = re.match(r"^(\d{1,3})[.．、]?\s+(\S.*)$", s)
        if not s:
            i += 1
            continue
        if not m or int(m.group(1)) != expected:
            break
        words = m.group(2).split()
        rest = len(cols) - 2  # the cells after the task's, one word each
        if len(words) <= rest:
            grid.append([m.group(1)] + words[:1] + [""] * (rest - len(words) + 1) + words[1:])
        else:
            grid.append([m.group(1), " ".join(words[: len(words) - rest])] + words[len(words) - rest:])
        expected += 1
        i += 1
    return rows_to_lines(grid), i


# ---- tables flattened to one cell per line -------------------------------------------------------

_NUMBER_LINE = lazy_compile(r"^\s*(\d{1,3})\s*$")
_REFERENCE = lazy_compile(r"^[《（(]|〔\d{4}〕|号[）)]?$")


def unflatten(lines: list[str]) -> list[str]:
    """Rewrite every flattened task table in ``lines`` as genre lines; other lines pass unchanged.

    >>> unflatten(["序号", "事项", "工作措施", "责任单位", "1", "光伏+地铁", "利用车站屋顶建设光伏", "申通地铁集团",
    ...            "2", "新建车站屋顶覆盖光伏"])
    ['1.光伏+地铁。利用车站屋顶建设光伏（责任单位：申通地铁集团）', '2.新建车站屋顶覆盖光伏（责任单位：申通地铁集团）']
    """
    out: list[str] = []
    i = 0
    while i < len(lines):
        j = i + 1  # a table run into one line with nothing between its cells (cut at its category rows: joined)
        if _SQUASHED_HEAD_END.search(lines[i]):
            while j < len(lines) and _SQUASHED_GOES_ON.match(lines[j].strip()):
                j += 1
        squashed = unsquash(lines[i] if j == i + 1 else "".join(x.strip() for x in lines[i:j]))
        if squashed is not None:
            out += squashed
            i = j
            continue
        # rows opened by a number line (序号 first), or rows opened by a task mark ((1)…)
        for find_header, read_rows in ((_header_run, _flat_rows), (_marked_header, _marked_rows),
                                       (_spaced_header, _spaced_rows)):
            header = find_header(lines, i)
            if header is not None and find_header is _marked_header \
                    and any(_header_run(lines, k) for k in range(i + 1, header[1])):
                header = None  # title lines before a header of numbered rows: that header, further on, decides
            if header is not None:
                rows, i = read_rows(lines, header[1], header[0])
                out += rows
                break
        else:
            out.append(lines[i])
            i += 1
    return out


def _name_lines(lines: list[str], i: int, most: int, longest: int, marks: bool = False) -> tuple[list[str], int]:
    """The run of short lines from line i that could name columns (blank lines between them allowed; no
    sentence punctuation, no row number, no numbering mark when ``marks``), and the line after it."""
    names: list[str] = []
    j = i
    while j < len(lines) and len(names) < most:
        s = lines[j].strip()
        if not s:
            j += 1
            continue
        if len(s) > longest or re.search(r"[。，,；;：:]", s) or _NUMBER_LINE.match(s) \
                or (marks and mark(s)) or _CATEGORY_NUMBER.match(s) \
                or _SECTION_MARK.match(s) or _ends_table(s) or DATE.fullmatch(s):
            break  # (a heading row, 一、健全机制, an attachment's, 附件, or a signature's date after them: never names)
        names.append(s)
        j += 1
    return names, j


def _header_run(lines: list[str], i: int) -> tuple[list[str], int] | None:
    """Column names starting at line i (blank lines between them allowed), then row 1."""
    cols, j = _name_lines(lines, i, most=8, longest=12)
    measures = sum(1 for c in cols[1:] if _MEASURE_LINE.match(c))
    if measures:  # a column's measure on the line under its name (划定任务数 / （个）): one name, and no column
        cols, j = _name_lines(lines, i, most=8 + measures, longest=12)
        cols = [c for k, c in enumerate(cols) if not (k and _MEASURE_LINE.match(c))]
    if len(cols) < 3 or not is_task_header(cols):
        return None
    kinds = [column_kind(c) for c in cols]
    ahead = next((s.strip() for s in lines[j:] if s.strip()), "")
    if kinds[-1] == "other" and any(k in ("units", "lead") for k in kinds[:-1]) and _NUMBER_LINE.match(ahead) \
            and _left_of_number(lines, i):
        # 服务 / 对象 / 序号 / … / 牵头责任部门 / 达到待遇享受年龄的老年人 / 1: a column stands left of 序号, and the
        # line after the unit column's name is row 1's cell in it (merged over its group), no column's name
        cols = cols[:-1]
        j = max(k for k in range(i, j) if lines[k].strip() == cols[-1]) + 1
    ahead = [s.strip() for s in lines[j: j + 8] if s.strip()]
    if ahead and _CATEGORY_NUMBER.match(ahead[0]):  # a category row first (一 / 推进碳达峰…): the row after it
        ahead = ahead[2:]
    if ahead and (m := mark(ahead[0])) and not m[3]:
        return None  # rows opened by a mark on a line of its own ((一) / 推动源头减量): not by number lines
    if ahead and mark(ahead[0]) and not _NUMBER_LINE.match(ahead[0]) and len(cols) > len(_fragments_joined(cols)):
        return None  # 完成 / 时限 / 牵头 / 单位 … then 一、…: names broken in two, rows opened by marks (_marked_header)
    if column_kind(cols[0]) != "number":
        if any(column_kind(c) == "number" for c in cols):  # the header starts further on (附表1 / 序号 / …)
            return None
        # a number column whose head cell is empty (主要任务 / 责任单位 / 推进时间, then rows opened by 1, 2 …):
        # row 1 follows, after the headings of the first rows
        ahead = [s.strip() for s in lines[j: j + 12] if s.strip()]
        first = next((k for k, s in enumerate(ahead) if not (_SECTION_MARK.match(s) or mark(s))), None)
        if first is None or not _NUMBER_LINE.match(ahead[first]) or int(ahead[first]) != 1:
            return None
        # the task column is then the first: short lines before it (the title's last line, 建设规划分工方案) are none
        kinds = [column_kind(c) for c in cols]
        cols = ["序号", *cols[next((k for k, kind in enumerate(kinds) if kind != "other"), 0):]]
    return cols, j


def _left_of_number(lines: list[str], i: int) -> bool:
    """Whether the header whose first name (序号) is line i has a column left of it: a short name line right
    before it (服务 / 对象, a name broken over lines), not a title or a sentence."""
    left = lines[i - 1].strip() if i else ""
    return bool(left) and len(left) <= 4 and not re.search(r"[。，,；;：:]", left) and not _NUMBER_LINE.match(left) \
        and column_kind(lines[i].strip()) == "number"


def _flat_rows(lines: list[str], i: int, cols: list[str]) -> tuple[list[str], int]:
    kinds = [column_kind(c) for c in cols]
    start = next((k for k in range(i - 1, max(-1, i - 3 * len(cols) - 4), -1) if lines[k].strip() == cols[0]), None)
    left_column = start is not None and _left_of_number(lines, start)  # (a cell before a row's number is in it)
    unit_label = next((_label(c) for c, k in zip(cols, kinds, strict=False) if k in ("units", "lead")), "责任单位")
    rows: list[tuple[str, list[str]]] = []
    headings: dict[int, list[str]] = {}  # rows spanning the table (一、…方面（共5项）) before row k
    pending: list[str] = []  # lines before a row's number: a heading row, or the first cell of a merged group
    expected = 1
    units_last = kinds[-1] in ("units", "lead")
    # the unit columns that end a row (责任单位 / 监督单位: two; then a row's last lines before the next number may
    # be the rest of its unit cells, or a sub-row under it)
    unit_tail = len(kinds) - next((k + 1 for k in range(len(kinds) - 1, -1, -1) if kinds[k] not in ("units", "lead")), 0)

    def rest_of_row() -> bool:  # the lines read after a closed row end in a unit cell: that row's, not the next's
        return unit_tail >= 2 and bool(rows) and closed and bool(pending) and _is_unit_cell(pending[-1]) \
            and not left_column
    closed = False  # the row's last cell (its units) was read: lines until the next number are the next row's
    after_heading = False  # a row number right after a spanning heading may skip (rows left out: 本文有删减)
    while i < len(lines):
        s = lines[i].strip()
        i += 1
        if not s:
            continue
        m = _NUMBER_LINE.match(s)
        if m and (int(m.group(1)) == expected or (after_heading and expected < int(m.group(1)) <= expected + 50)):
            if left_column and pending:  # 60周岁及以上老年人 / 3: the left column's cell, merged over the rows below
                # (its last line, no unit cell); lines before it are the row above's last cells
                own = pending[:-1] if not _is_unit_cell(pending[-1]) else pending
                if rows:
                    rows[-1][1].extend(own)
                pending = []
            if rest_of_row():
                # 完成4个村庄… / 市生态环境局 after a closed row: a sub-row of it, its other cells merged from above
                rows[-1][1].extend(pending)
                pending = []
            rows.append((m.group(1), pending))
            pending, closed, after_heading = [], False, False
            expected = int(m.group(1)) + 1
            continue
        if s in cols:  # the header repeated after a page break
            continue
        if _SECTION_MARK.match(s) and _row_follows(lines, i):  # a numbered heading row inside the table
            headings.setdefault(len(rows), []).append(s)
            pending, closed, after_heading = [], False, True
            continue
        title = next((x.strip() for x in lines[i:i + 3] if x.strip()), "")
        if _CATEGORY_NUMBER.match(s) and title and not _NUMBER_LINE.match(title) and not _is_unit_cell(title) \
                and _row_follows(lines, next(x for x in range(i, len(lines)) if lines[x].strip()) + 1):
            # a category row: its number alone (二, the first often printed as a dash), then its name
            headings.setdefault(len(rows), []).append(f"{int_to_cn(cn_to_int(s) or len(headings) + 1)}、{title}")
            i = next(x for x in range(i, len(lines)) if lines[x].strip()) + 1
            if rows:  # lines read after the row seemed closed are still its cells: no row opens before a heading
                rows[-1][1].extend(pending)
            pending, closed, after_heading = [], False, True
            continue
        group = _GROUP_HEADING.match(s) if not re.search(r"[。；;]$", s) else None  # 符合一项即可得3分。is a sentence
        if group and (n := cn_to_int(group.group("n"))):  # 行动五：… heads the rows below it: a section of its own
            headings.setdefault(len(rows), []).append(s if _SECTION_MARK.match(s) else f"{int_to_cn(n)}、{s}")
            closed = bool(rows)
            continue
        if not rows:
            pending.append(s)
            continue
        if _ends_table(s):
            i -= 1
            break
        if re.fullmatch(r"(?:合\s*计|总\s*计)", s):  # the totals row (合计 / 3097) ends the table: no task, its
            while i < len(lines) and _NUMERIC.match(lines[i].strip() or "x"):  # figures are skipped with it
                i += 1
            break
        if closed:  # a merged category cell after it opens the next row
            pending.append(s)
            continue
        rows[-1][1].append(s)
        last = _join_cells(rows[-1][1])[-1]  # (a unit list broken after 、 or ， goes on in the next line)
        closed = units_last and _is_unit_cell(last) and not re.search(r"[、，,]$", last)
    if rest_of_row():
        rows[-1][1].extend(pending)  # (the last row's other unit cells, or a sub-row under it, as above)
    # no column says which holds the task (一级指标 / 编号 / 变量性质 / 三级指标 …): cells that repeat are categories
    repeated = _repeated_cells([cells for _, cells in rows]) if "task" not in kinds else set()
    out: list[str] = []
    last_units = ""
    previous: list[str] = []  # the last row read cell by cell: its cells continue into merged ones
    last_title = ""
    for k, (number, cells) in enumerate(rows):
        out += headings.get(k, [])
        joined = _join_cells(cells)
        left = _units_after_task(cols, joined, last_title)
        if left is not None:
            line, last_title = left
            out.append(task_line(number, last_title, line[0], line[1]))
            continue
        if unit_tail >= 2 and len(joined) > len(cols) - 1 and (folded := _sub_rows_folded(cols, joined, unit_tail)):
            joined = folded  # (完成4个村庄… / 市生态环境局 under the row)
        if previous and 2 <= len(joined) < len(cols) - 1:  # cells merged from the row above are missing
            joined = _right_aligned(cols, joined, previous) or joined
        if len(joined) != len(cols) - 1 and len(cols) >= 3:  # a cell over several lines, or a column's cells
            fitted = _by_columns(cols, joined)  # in several (two 责任领导): set against the columns by content
            if fitted and (grid_line := rows_to_lines([cols, [number] + fitted])):
                out += grid_line
                previous = fitted
                last_units = next((c for c, k in zip(fitted, [column_kind(x) for x in cols[1:]], strict=False)
                                   if k in ("units", "lead")), last_units)
                continue
        if len(joined) == len(cols) - 1 and len(cols) >= 3:  # one line per column: read it as a real row
            grid_line = rows_to_lines([cols, [number] + joined])
            if grid_line and _unit_column_filled(cols, joined):
                out += grid_line
                previous = joined
                last_units = next((c for c, k in zip(joined, [column_kind(x) for x in cols[1:]], strict=False)
                                   if k in ("units", "lead")), last_units)
                continue
        # cells up to the last of a column of categories or kinds (促进发展（20分） / 发展规模（10分） / 定量)
        lead_in = 1 + max((k for k, c in enumerate(cells[:3]) if c in repeated and k < len(cells) - 1), default=-1)
        title_parts, body, units, refs = _split_row(cells[lead_in:])
        body = body + cells[:lead_in]  # 定性 / 促进发展（20分）: a category the row is in, never its title
        units = units or last_units  # a unit cell merged over several rows
        last_units = units
        fields = [(unit_label, units)] + ([("参考文件", "".join(refs))] if refs else [])
        out.append(task_line(number, "".join(title_parts), "".join(body), fields))
    return out, i


def _sub_rows_folded(cols: list[str], cells: list[str], unit_tail: int) -> list[str] | None:
    """A row's cells with the sub-rows printed under it folded in: after a full row, each run of text cells
    ending in unit cells is one more line of the task column whose other cells are merged from the row above
    (整治内容 / 完成时限 / 责任单位 / 监督单位, then 完成4个村庄… / 市生态环境局). Its text goes on the row's task
    cell, its units on the last unit columns (right-aligned). None when the extra cells are not such runs."""
    width = len(cols) - 1
    kinds = [column_kind(c) for c in cols[1:]]
    task = next((k for k, kind in enumerate(kinds) if kind == "task"), None)
    if task is None:
        return None

    def fits(cell: str, kind: str) -> bool:
        return _is_unit_cell(cell) if kind in ("units", "lead") else _deadline_cell(cell) if kind == "deadline" else True

    # the task cell may run over several lines (1.加强… / 2.保持…): it ends where the columns after it fit
    after = kinds[task + 1:]
    end = next((e for e in range(task + 1, len(cells) - len(after) + 1)
                if all(fits(c, k) for c, k in zip(cells[e:e + len(after)], after, strict=True))), None)
    if end is None:
        return None
    row = cells[:task] + ["".join(cells[task:end])] + cells[end:end + len(after)]
    extra = cells[end + len(after):]
    while extra:
        text = list(itertools.takewhile(lambda c: not _is_unit_cell(c), extra))
        units = list(itertools.takewhile(_is_unit_cell, extra[len(text):]))
        if not text:  # (市水利局 / 市河长办: a unit column's cell over two lines)
            row[-1] = "、".join([row[-1], *units])
            extra = extra[len(units):]
            continue
        if not units or len(units) > unit_tail:
            return None
        row[task] = row[task].rstrip("。；;") + "；" + "".join(text)
        for k, unit in enumerate(units, start=width - len(units)):
            row[k] = f"{row[k]}、{unit}"
        extra = extra[len(text) + len(units):]
    return row


def _repeated_cells(rows: list[list[str]]) -> set[str]:
    """Short cells that open three rows or more with the same words: a column of categories or kinds
    (定性 / 定量, 促进发展（20分）), never a row's own title."""
    seen: dict[str, int] = {}
    for cells in rows:
        for cell in dict.fromkeys(cells[:3]):
            if len(cell) <= 12 and not re.search(r"[。，,；;：:]", cell) and not _is_unit_cell(cell):
                seen[cell] = seen.get(cell, 0) + 1
    return {cell for cell, n in seen.items() if n >= 3}


# a row spanning the table that heads a group of rows: 行动五：提档园区新产行动, 专项一：…, 第二类 …
_GROUP_HEADING = lazy_compile(r"^\S{0,4}?(?P<n>[一二三四五六七八九十]{1,3})(?:[：:、]|类|项|部分)\S")


_DEADLINE = lazy_compile(r"\d{4}\s*年|\d{1,2}\s*月|年底|年内|长期|持续|季度|前$")


def _by_columns(cols: list[str], cells: list[str]) -> list[str] | None:
    """A flattened row's cells set against the columns from the right, each cell by what it holds: a
    deadline column takes a short cell, a unit column units or a clause (党办牵头，各科室), a column of
    persons (责任领导) the short names; the cells left over are the task's text. None when a column's
    cell is not there, or columns stand left of the task's."""
    kinds = [column_kind(c) for c in cols[1:]]
    if not {"units", "lead"} & set(kinds) or kinds.count("task") != 1:
        return None
    rest, out = list(cells), [""] * len(kinds)
    task = kinds.index("task")
    for k in range(len(kinds) - 1, task, -1):
        if not rest:
            return None
        kind, cell = kinds[k], rest[-1]
        if kind == "deadline" and len(cell) <= 16 and (_DEADLINE.search(cell) or not _holds_units(cell) or (
                len(rest) > 1 and _holds_units(rest[-2]))):  # 按上级部署 before a unit cell, though 署 ends names
            out[k] = rest.pop()
        elif kind in ("units", "lead") and _holds_units(cell):
            out[k] = rest.pop()
        elif kind == "leader":
            names = []
            while rest and _PERSON.match(rest[-1]) and not is_unit_name(rest[-1]):
                names.insert(0, re.sub(r"\s+", "", rest.pop()))
            out[k] = "、".join(names)
        else:
            return None
    if task != 0 or not rest:
        return None
    out[task] = "".join(rest)
    return out


def _units_after_task(cols: list[str], cells: list[str], last_title: str
                      ) -> tuple[tuple[str, list[tuple[str, str]]], str] | None:
    """A row of a table whose unit columns stand right after the task's (序号 / 内容 / 牵头部门 / 配合部门 / 2024年
    工作任务 / 2025年工作计划 / 备注), its cells one paragraph each and a cell over several paragraphs (a 配合部门 per
    line, a plan's 1. 2. 3.): read by content — the task cell (missing: merged with the row above's, whose
    title it takes), the lead cell, the supporting units one per line (— for none), then the text. ((body,
    fields), title); None for any other table, or a row that does not read so."""
    kinds = [column_kind(c) for c in cols]
    if (len(kinds) < 5 or kinds[1] != "task" or kinds[2] != "lead" or kinds[3] != "units"
            or any(k in ("deadline", "lead", "units", "leader") for k in kinds[4:])):
        return None
    lines = list(cells)
    title = last_title if lines and _unit_line(lines[0]) else (lines.pop(0) if lines else "")
    if not title or not lines or not _unit_line(lines[0]) or _no_units(lines[0]):
        return None
    lead = lines.pop(0)
    support: list[str] = []
    while lines and _unit_line(lines[0]):
        cell = lines.pop(0)
        support += [] if _no_units(cell) else [cell.rstrip("、，,")]
    if not lines:
        return None
    fields = [(_label(cols[2]), lead), (_label(cols[3]), "、".join(support))]
    return (_sentences(lines), fields), title


def _unit_line(line: str) -> bool:
    return _no_units(line) or _is_unit_list(line) or (is_generic(line) and len(line) <= 12)


def _no_units(cell: str) -> bool:
    """A unit cell with nothing in it (—— / — / 无 / /)."""
    return bool(_EMPTY_CELL.match(cell) or _NONE_CELL.match(cell))


_NONE_CELL = lazy_compile(r"^(?:[—－–-]|无)$")  # (one dash: _EMPTY_CELL, elsewhere, wants two)


def _holds_units(cell: str) -> bool:
    return _is_unit_list(cell) or looks_like_clause(cell)


_PERSON = lazy_compile(r"^[\u4e00-\u9fff](?:\s*[\u4e00-\u9fff]){1,3}$")  # 张凌英 / 刘  春


def _right_aligned(cols: list[str], cells: list[str], previous: list[str]) -> list[str] | None:
    """A flattened row short of cells whose left cells were merged with the row above (任务名称 spanning
    several rows): its cells set against the rightmost columns, the missing ones taken from the row above.
    None when the cells do not fit those columns (a unit column holding a sentence, a deadline column
    holding no date)."""
    kinds = [column_kind(c) for c in cols[1:]]
    missing = len(kinds) - len(cells)
    for kind, cell in zip(kinds[missing:], cells, strict=True):
        if kind in ("units", "lead") and not _is_unit_list(cell):
            return None
        if kind == "deadline" and not _DEADLINE.search(cell):
            return None
        if kind == "task" and _is_unit_list(cell):
            return None
    return previous[:missing] + cells


_SECTION_MARK = lazy_compile(r"^[一二三四五六七八九十]+、\S")


def _row_follows(lines: list[str], i: int) -> bool:
    """The next lines after a heading (more headings allowed) open a numbered row."""
    for line in lines[i:i + 6]:
        s = line.strip()
        if not s or _SECTION_MARK.match(s):
            continue
        return bool(_NUMBER_LINE.match(s))
    return False


def _ends_table(line: str) -> bool:
    """A heading or attachment line after the table (附表2, 三、保障措施), or the note under it (说明：各县（区）…)."""
    return bool(re.match(r"^(附\s*[件表]|[一二三四五六七八九十]+、|第[一二三四五六七八九十]+[部章]|说明\s*[:：])", line))


def _join_cells(cells: list[str]) -> list[str]:
    """Lines that continue one cell: a unit list broken after 、 or ，, a unit name broken inside (申通地铁 / 集团)."""
    joined: list[str] = []
    for line in cells:
        # … but a list closed by a stray 、 before the next column's cell (住建局、 / “十四五”期间) ends there
        if joined and ((re.search(r"[、，,]$", joined[-1]) and not (_is_unit_list(joined[-1]) and not _holds_units(line)))
                       or _broken_name(joined[-1], line)):
            joined[-1] += line
        else:
            joined.append(line)
    return joined


def _unit_column_filled(cols: list[str], cells: list[str]) -> bool:
    kinds = [column_kind(c) for c in cols[1:]]
    return all(_holds_units(c) for c, k in zip(cells, kinds, strict=False) if k in ("units", "lead"))


def _split_row(cells: list[str]) -> tuple[list[str], list[str], str, list[str]]:
    """A flattened row's lines → (title lines, body lines, units, reference lines)."""
    joined = _join_cells(cells)
    units_at = [k for k, line in enumerate(joined) if _is_unit_cell(line) and not _EMPTY_CELL.match(line)]
    units = joined[units_at[-1]].rstrip("，,、") if units_at else ""
    rest = [line for k, line in enumerate(joined) if k not in units_at[-1:]]
    refs = [line for line in rest if _REFERENCE.search(line) and len(line) < 40 and not re.search(r"[。；]", line)]
    rest = [line for line in rest if line not in refs]
    title: list[str] = []
    while rest and len(rest[0]) <= 16 and not re.search(r"[。，,；;]", rest[0]) and len(rest) > 1:
        title.append(rest.pop(0))
    return title, rest, units, refs


def _broken_name(head: str, tail: str) -> bool:
    """A unit name broken inside its cell: 申通地铁 / 集团, 市农业 / 农村局、, 市海洋 / 与渔业局 — a head that names
    no unit, and a tail that opens no name of its own (市…, 区…) but completes the head's."""
    if re.sub(r"[（(][^()（）]{1,8}[)）]$", "", tail) in vocab.words("unit_suffixes.txt") \
            and re.search(r"[）)]$", head) and len(head) <= 12 and not re.search(r"[。，,；;]", head):
        return True  # 各县（市、区） / 政府, 各县（区） / 人民政府（管委会）: the bracket names the bodies, the suffix ends the name
    if len(head) > 10 or re.search(r"[。，,；;、]", head) or is_unit_name(head):
        return False
    if tail in vocab.words("unit_suffixes.txt"):
        return True
    if _PLACE.fullmatch(head) and is_unit_name(tail) and re.match(r"[省市区县]", tail) is None:
        return True  # 建宁县 / 农业农村局: a place, then the office of it that the cell names
    return (len(head) <= 6 and re.match(r"[省市区县]", head) is not None and re.match(r"[省市区县]", tail) is None
            and _is_unit_list(head + tail))


def _is_unit_list(line: str) -> bool:
    bare = without_carry_over(line)  # 市商务局、统计局。[以下均需…落实，不再逐一列出]
    line = bare.rstrip("。") if bare != line else line
    names, _ = split_units(line.rstrip("，,、"))
    # 嘉定区、青浦区、松江区、奉贤区政府: places before a unit's name share its ending (each a 区政府)
    return bool(names) and all(is_unit_name(n) or (_PLACE.fullmatch(n) and any(is_unit_name(u) for u in names[k + 1:]))
                               for k, n in enumerate(names)) and not re.search(r"[。；]", line)


_PLACE = lazy_compile(rf"[\u4e00-\u9fff]{{1,6}}[{''.join(sorted(vocab.words('place_kinds.txt')))}]")


# ---- tables squashed into one run, with nothing between their cells ------------------------------
# A web page's table pasted as text: 序号名称具体内容责任部门1重要指示…评估机制完善落实…。各处室按职责分工负责2推进…
# The column names run together up to the unit column (and a deadline column after it); each row opens
# with its number, right after the cell that closed the row before (its units or its deadline); a
# category row (（一）合理配置医疗资源…) may stand between rows.

_UNIT_COLUMN = r"(?:责任单位|责任部门|牵头单位|牵头部门|主责单位|责任处室|责任科室|实施主体|负责部门|负责单位)"
_LAST_COLUMNS = r"(?:完成时限|完成时间|时间节点|时限|进度安排|备注)*"  # columns after the units', if any
_SQUASHED_HEAD = lazy_compile(
    rf"(?P<units>{_UNIT_COLUMN})(?P<after>{_LAST_COLUMNS})"
    r"(?=(?:[（(][一二三四五六七八九十]{1,3}[）)]|[一二三四五六七八九十]{1,3}、)?\S{0,40}?1[\u4e00-\u9fff“])")
_SQUASHED_DEADLINE = lazy_compile(
    r"(?:\d{4}年(?:\d{1,2}月)?(?:底|中旬|上旬|下旬)?前?|\d{1,2}月(?:底|中旬|上旬|下旬)?前?|常年|长期|持续推进|持续|年底前?|年内)$")
_SQUASHED_HEAD_END = lazy_compile(rf"{_UNIT_COLUMN}{_LAST_COLUMNS}$")  # a line cut right after the column names
_SQUASHED_GOES_ON = lazy_compile(r"(?:[（(][一二三四五六七八九十]{1,3}[）)]|\d{1,2}(?=[\u4e00-\u9fff“]))")
_SQUASHED_CATEGORY = lazy_compile(r"[（(][一二三四五六七八九十]{1,3}[）)]|(?<![\u4e00-\u9fff])[一二三四五六七八九十]{1,3}、")


def unsquash(line: str) -> list[str] | None:
    """A task table squashed into one line, as genre lines (the text before it first); None when the line
    holds none: column names that end with a unit column, then rows numbered 1, 2 … each closing with units."""
    if len(line) < 200:
        return None
    for head in _SQUASHED_HEAD.finditer(line):
        start = max(line.rfind("序号", max(0, head.start() - 60), head.start()), -1)
        columns = line[start if start >= 0 else max(0, head.start() - 40): head.end()]
        if not re.search(r"名称|项目|内容|任务|措施|事项|举措", columns):
            continue
        rows = _squashed_rows(line[head.end():], deadline=bool(head.group("after")) and "时" in head.group("after"))
        if rows is None:
            continue
        cut = start if start >= 0 else head.start()
        titled = list(re.finditer(r"(?:一览表|清单|分工表|任务表|汇总表|分解表|台账)", line[max(0, cut - 60): cut]))
        cut = max(0, cut - 60) + titled[-1].end() if titled else cut  # the columns' names are no text of the notice
        before = line[:cut]
        annex = before.rfind("附件")  # 附件：…一览表: the table's own heading, on a line of its own
        parts = [before[:annex], before[annex:]] if annex > 0 else [before]
        return [p.strip() for p in parts if p.strip()] + rows
    return _unsquash_mid(line) or _unsquash_spaced(line)


# … or the unit column between text columns (工作措施工作目标具体内容进度安排负责部门绩效指标): each row's units are
# names glued to the cells around them (…进行工作总结。知识产权处完成相关…), read by the endings of unit names.
_MID_AFTER = r"(?:[\u4e00-\u9fff]{2}(?:指标|目标|来源|备注|标准|成效|效果)|备注)"
_SQUASHED_HEAD_MID = lazy_compile(
    rf"(?P<units>{_UNIT_COLUMN})(?P<after>{_MID_AFTER}{{1,2}})"
    r"(?=\S{0,80}?(?<!\d)1[.．、]?[\u4e00-\u9fff“])")
_GLUED_NAME_MAX = 14  # the longest name read out of a run of glued names


def _unsquash_mid(line: str) -> list[str] | None:
    for head in _SQUASHED_HEAD_MID.finditer(line):
        columns = line[max(0, head.start() - 40): head.start()]
        if not re.search(r"名称|项目|内容|任务|措施|事项|举措", columns):
            continue
        rows = _squashed_rows(line[head.end():], deadline=False, mid=True)
        if rows is None:
            continue
        before = line[: max(0, head.start() - 40) + min((m.start() for m in re.finditer(
            r"(?:工作|主要|重点|具体)?(?:措施|任务|内容|事项|举措|名称|项目)", columns)), default=len(columns))]
        annex = before.rfind("附件")
        parts = [before[:annex], before[annex:]] if annex > 0 else [before]
        return [p.strip() for p in parts if p.strip()] + rows
    return None


# … or its cells apart by single spaces, each row closed by its deadline cell (序号 工作任务 工作内容 责任单位及分工
# 完成时限 1 全面动员部署工作 各部门… 各处室（中心） 东庠办事处 2022年4月8日前 2 …): a row whose task cell spans
# several 工作内容 rows goes on after its deadline without a number, each of those rows with its own units and deadline.
_SPACED_SQUASHED_HEAD = lazy_compile(
    r"序号(?P<cols>(?:\s+[^\s\d]{1,10}){2,6}?)\s+(?=1\s+[\u4e00-\u9fff“])")
_DEADLINE_CELL = lazy_compile(
    r"(?:\d{4}年)?(?:\d{1,2}月)?(?:\d{1,2}日)?(?:底|中旬|上旬|下旬|末)?(?:前|以前|之前)?|常年|长期|持续推进|年底前?|年内"
    r"|\d{4}[.．]\d{1,2}(?:[.．]\d{1,2})?(?:前|以前|之前)?")  # (2022.9: year and month)


def _deadline_cell(piece: str) -> bool:
    return bool(re.search(r"\d|常年|长期|持续|年底|年内", piece)) and _DEADLINE_CELL.fullmatch(piece) is not None


def _unsquash_spaced(line: str) -> list[str] | None:
    for head in _SPACED_SQUASHED_HEAD.finditer(line):
        cols = ["序号", *head.group("cols").split()]
        kinds = [column_kind(c) for c in cols]
        if not is_task_header(cols) or kinds[-1] != "deadline" or kinds[-2] not in ("lead", "units"):
            continue
        rows, end = _spaced_squashed_rows(line[head.end():], cols)
        if len(rows) < 3:
            continue
        before = line[: head.start()]
        annex = before.rfind("附件")  # 附件1 …任务清单: the table's own heading
        parts = [before[:annex], before[annex:]] if annex > 0 else [before]
        after = line[head.end() + end:]
        return [p.strip() for p in parts if p.strip()] + rows + ([after.strip()] if after.strip() else [])
    return None


def _spaced_squashed_rows(text: str, cols: list[str]) -> tuple[list[str], int]:
    """Genre lines of the rows, and where the table ends in ``text`` (after the last deadline cell)."""
    label = _label(cols[-2])  # 责任单位及分工 → 责任单位 (the label the clause reader knows)
    named = re.match(r".*?(?:单位|部门|处室|科室)", label)
    label = named.group(0) if named else label
    pieces = [(m.group(0), m.end()) for m in re.finditer(r"\S+", text)]
    chunks: list[list[str]] = []
    chunk: list[str] = []
    end = 0
    for piece, at in pieces:
        if _deadline_cell(piece) and chunk:
            chunks.append(chunk + [piece])
            chunk, end = [], at
        else:
            chunk.append(piece)
    rows: list[tuple[str, str, list[tuple[str, str, str]]]] = []  # (number, task cell, [(content, units, due)])
    for cells in chunks:
        *cells, due = cells
        numbered = bool(re.fullmatch(r"\d{1,3}", cells[0])) and int(cells[0]) == len(rows) + 1
        if numbered:
            cells = cells[1:]
        elif not rows:
            break
        n = _spaced_unit_tail(cells)
        if not n and len(cells) >= (3 if numbered else 2) and not cells[-1].endswith("。"):
            n = 1  # a unit cell no clause reading takes whole (X配合Y负责养老院；…): kept as written, warned of later
        if not n or n == len(cells):
            break
        units, texts = _spaced_units(cells[len(cells) - n:]), cells[: len(cells) - n]
        if numbered:
            task = texts.pop(0) if texts else ""
            while len(texts) > 1 and _title_piece(texts[0]):  # a task cell broken by a space (深化消防安全 培训教育)
                task += texts.pop(0)
            rows.append((str(len(rows) + 1), task, []))
        rows[-1][2].append(("".join(texts), units, due))
    if len(rows) < 3:
        return [], 0
    out: list[str] = []
    for number, task, subs in rows:
        if len(subs) == 1:
            body, units, due = subs[0]
            out.append(task_line(number, task, body, [(label, units), ("完成时限", due)]))
            continue
        out.append(f"{number}.{task}")
        for k, (body, units, due) in enumerate(subs, 1):
            out.append(f"（{k}）" + body + f"（{label}：{units}；完成时限：{due}）")
    return out, end


def _spaced_unit_tail(cells: list[str]) -> int:
    """How many of a spaced row's last pieces make its unit cell (the longest such tail)."""
    best = 0
    for n in range(1, min(len(cells), 8) + 1):
        if _is_unit_cell(_spaced_units(cells[len(cells) - n:])):
            best = n
    return best


def _spaced_units(pieces: list[str]) -> str:
    """A unit cell from its space-apart pieces: names joined by 、, a piece after a comma run on (X牵头， Y配合)."""
    out = ""
    for piece in pieces:
        out += ("" if not out or out.endswith(("，", ",", "、", "；")) else "、") + piece
    return out


def glued_units(text: str) -> tuple[list[str], int]:
    """Unit names written one after another with nothing between them, from the start of ``text``: each the
    shortest run of three characters or more that ends as unit names end (知识产权处稽查支队各分局年内… →
    知识产权处, 稽查支队, 各分局); and where they end.

    >>> glued_units("知识产权处稽查支队各分局年内有阶段性成果。")
    (['知识产权处', '稽查支队', '各分局'], 12)
    >>> glued_units("完成相关专利政策的制定")
    ([], 0)
    """
    names, at = [], 0
    while at < len(text):
        found = next((k for k in range(at + 3, min(len(text), at + _GLUED_NAME_MAX) + 1)
                      if re.fullmatch(r"[\u4e00-\u9fff]+", text[at:k]) and is_unit_name(text[at:k])
                      and _ends_a_name(text, k)), None)
        if found is None:
            break
        names.append(text[at:found])
        at = found
    return names, at


def _ends_a_name(text: str, k: int) -> bool:
    """A name read from glued text may end at ``k`` unless a longer ending goes on there (乡 of 乡镇人民政府)."""
    return not any(text.startswith(e, k - len(e) + 1) and len(e) > 1 for e in ("镇人民政府", "人民政府", "政府", "镇街", "乡镇"))


def _mid_units(row: str) -> tuple[int, int] | None:
    """Where a squashed row's unit cell stands when it is no row's end: the last run of glued names right after
    a sentence or a cell closed (。 ） or a space), with text after it."""
    best = None
    for m in re.finditer(r"(?<=[。；;）)”\s])\s*(?=[\u4e00-\u9fff])", row):
        if re.search(r"[（(][一二三四五六七八九十]{1,3}[）)]$", row[: m.start()].rstrip()):
            continue  # the text after a category's mark is its heading, not a unit cell
        names, end = glued_units(row[m.end():])
        if names and m.end() >= 8:
            best = (m.end(), m.end() + end)
    return best


def _squashed_rows(text: str, deadline: bool, mid: bool = False) -> list[str] | None:
    out: list[str] = []
    n, at = 1, 0
    starts: list[tuple[int, int, int]] = []  # (row number, where its text starts, where its number starts)
    dot = r"[.．、]?" if mid else ""  # (a mid-column table's rows are numbered 1. 2. …)
    while True:
        found = None
        # the next number, or 1 again after a category row (（二）…1成立…: numbers restart in each category)
        pattern = rf"(?<!\d){n}{dot}(?=[\u4e00-\u9fff“])" + (r"|(?<=[\u4e00-\u9fff”）)])1(?=[\u4e00-\u9fff“])" if n > 1 else "")
        for m in re.finditer(pattern, text[at:]):
            k = at + m.start()
            if n == 1 and k > 60:
                break
            number = int(re.match(r"\d+", m.group(0)).group(0))
            if mid:  # a row closes where its unit cell stands anywhere in it
                if n > 1 and _mid_units(text[starts[-1][1]:k]) is None:
                    continue
            elif number == 1 and n > 1:  # a restart: a category row between the row closed and this number
                marks = list(_SQUASHED_CATEGORY.finditer(text, starts[-1][1], k))
                if not marks or not _closes_row(text[starts[-1][1]:marks[-1].start()], deadline):
                    continue
            elif n > 1 and not _closes_row(text[starts[-1][1]:k], deadline):
                continue
            found = (number, k + len(m.group(0)), k)
            break
        if found is None:
            break
        starts.append(found)
        at, n = found[1], found[0] + 1
    if len(starts) < 3:
        return None
    heading = text[: starts[0][2]].strip()
    if mid:
        out.extend(_headings(heading))
    elif _SQUASHED_CATEGORY.match(heading):
        out.append(heading)
    for k, (number, begin, _) in enumerate(starts):
        end = starts[k + 1][2] if k + 1 < len(starts) else len(text)
        row = text[begin:end]
        category = ""
        if mid:
            cell = _mid_units(row)
            marks = [c for c in _SQUASHED_CATEGORY.finditer(row) if cell is not None and c.start() >= cell[1]]
            if marks and k + 1 < len(starts):  # the headings between this row and the next (二、… （一）…)
                row, category = row[: marks[0].start()], row[marks[0].start():]
            units, due = (row[cell[0]: cell[1]], "") if cell else ("", "")
            body = row[: cell[0]] + row[cell[1]:] if cell else row
            names, _ = glued_units(units)
            units = "、".join(names)
            title, _, rest = body.partition("①")
            out.append(task_line(str(number), "", body, [("责任单位", units)]))
            out.extend(_headings(category))
            continue
        marks = list(_SQUASHED_CATEGORY.finditer(row))
        if marks and k + 1 < len(starts) and _closes_row(row[: marks[-1].start()], deadline):
            row, category = row[: marks[-1].start()], row[marks[-1].start():]
        units, due, body = _row_tail(row, deadline)
        title, _, rest = body.partition("①")
        rest = "①" + rest if rest else ""
        out.append(task_line(str(number), title if rest else "", rest or body,
                             [("责任单位", units), ("完成时限", due)]))
        if category:
            out.append(category)
    return out


def _headings(text: str) -> list[str]:
    """Category headings run together (二、“…”主体任务（一）全面提升专利质量) → one line each."""
    marks = [m.start() for m in _SQUASHED_CATEGORY.finditer(text)]
    if not marks:
        return [text.strip()] if text.strip() else []
    return [text[a:b].strip() for a, b in zip(marks, marks[1:] + [len(text)], strict=True) if text[a:b].strip()]


def _row_tail(row: str, deadline: bool) -> tuple[str, str, str]:
    """A squashed row's units and deadline, from its end, and the text before them."""
    due = ""
    if deadline:
        m = _SQUASHED_DEADLINE.search(row)
        if m:
            row, due = row[: m.start()], m.group(0)
    for k in range(len(row)):  # the longest tail that is a unit cell, starting after a sentence or a bracket
        if k and row[k - 1] not in "。；;）)”" or not (2 <= len(row) - k <= 120):
            continue
        if _is_unit_cell(row[k:]):
            return row[k:], due, row[:k]
    return "", due, row


def _closes_row(text: str, deadline: bool) -> bool:
    """Whether a squashed row's text ends the way a row does: with its units (and its deadline)."""
    units, due, _ = _row_tail(text, deadline)
    return bool(units) and (bool(due) or not deadline)


# ---- tables flattened to one cell per line whose rows start with a task mark ----------------------
# 任务清单 attachments: column names (each perhaps broken over two lines: 牵头 / 部门), then category
# and direction cells (（一） / 1、…) spanning rows, then rows that open with a task's mark ((1)…), its
# text cells, and its unit cells last. A unit cell merged over several rows is written once.

def _marked_header(lines: list[str], i: int) -> tuple[list[str], int] | None:
    """Column names starting at line i, short fragments joined (牵头 / 部门 → 牵头部门), when the first
    line after them is a numbering mark and the last columns hold units."""
    frags, j = _name_lines(lines, i, most=20, longest=16, marks=True)
    cols = _fragments_joined(frags)
    kinds = [column_kind(c) for c in cols]
    run = _unit_run(kinds)
    if len(cols) < 4 or run is None or "task" not in kinds[:run[0]]:
        return None
    ahead = [lines[x].strip() for x in range(j, min(j + 8, len(lines))) if lines[x].strip()]
    # … or a category cell first: its number alone on a line (一 / 二, the first often printed as a dash —),
    # then its name, then the first row's mark
    if ahead and _CATEGORY_NUMBER.match(ahead[0]) and len(ahead) >= 3 and not mark(ahead[1]):
        ahead = ahead[2:]
    return (cols, j) if ahead and mark(ahead[0]) else None


def _fragments_joined(frags: list[str]) -> list[str]:
    """Column names broken in two short fragments joined (牵头 / 部门 → 牵头部门, 完成 / 时限 → 完成时限)."""
    cols: list[str] = []
    k = 0
    while k < len(frags):
        if len(frags[k]) <= 2 and k + 1 < len(frags) and len(frags[k + 1]) <= 2:
            cols.append(frags[k] + frags[k + 1])
            k += 2
        else:
            cols.append(frags[k])
            k += 1
    return cols


# a category cell's number alone on its line: 二, or the first category's 一 printed as a dash (—)
_CATEGORY_NUMBER = lazy_compile(r"^(?:[一二三四五六七八九十]{1,3}|[—－])$")
# an empty cell printed as dashes (牵头单位 ——): a unit cell that names no unit
_EMPTY_CELL = lazy_compile(r"^[—－–-]{2,}$|^/$")


def _is_unit_cell(cell: str) -> bool:
    """An empty cell (——), a list of units, or units with their roles (市市场监管局牵头，市创建领导小组成员单位按职责分工负责)."""
    if _EMPTY_CELL.match(cell) or _is_unit_list(cell):
        return True
    if len(cell) > 60 or re.search(r"[。；;]", cell) or not looks_like_clause(cell):
        return False
    reading = read_clause(cell)
    return bool(reading.units) and not reading.unread and all(is_unit_name(u.name) for u in reading.units)


def _row_cells(block: list[str]) -> list[str]:
    """A flattened row's cells: lines joined into cells, and a mark on a line of its own ((一) / 推动源头减量)
    joined with the task cell after it."""
    cells = _join_cells(block)
    m = mark(cells[0])
    if m and not m[3] and len(cells) > 1 and not _is_unit_cell(cells[1]):
        cells = [cells[0] + cells[1]] + cells[2:]
    return cells


def _unit_run(kinds: list[str]) -> tuple[int, int] | None:
    """Where the unit columns stand: the one run of 牵头单位 / 责任单位 columns, never the first column."""
    at = [k for k, kind in enumerate(kinds) if kind in ("units", "lead")]
    if not at or at[0] == 0 or at != list(range(at[0], at[-1] + 1)):
        return None
    return at[0], at[-1] + 1


def _marked_rows(lines: list[str], i: int, cols: list[str]) -> tuple[list[str], int]:
    kinds = [column_kind(c) for c in cols]
    start, end = _unit_run(kinds) or (len(cols) - 1, len(cols))
    n_units = end - start
    unit_heads = [_label(c) for c in cols[start:end]]
    text_heads = [_label(c) for c in cols[:start]]
    after_heads = [_label(c) for c in cols[end:]]  # columns after the units (贯彻落实意见): labelled text
    blocks: list[list[str]] = []  # the lines from one mark to the next: a row, or a heading spanning rows
    row_style = None
    last_row = None  # the number of the last row marked 1. 2. …: a title opening with digits continues it
    categories = 0
    j = i
    while j < len(lines):
        s = lines[j].strip()
        j += 1
        if not s:
            continue
        if _ends_table(s) and not mark(s):
            j -= 1
            break
        if s in cols:  # the header repeated after a page break
            continue
        nxt = next((x.strip() for x in lines[j:j + 4] if x.strip()), "")
        if _CATEGORY_NUMBER.match(s) and nxt and not mark(nxt) and not _is_unit_cell(nxt) \
                and (not blocks or row_style is None or _unit_tail(_row_cells(blocks[-1])) or mark(blocks[-1][0])[0] != row_style):
            # a category row (二 / 构建全链条…体系) spanning the rows below it: a heading, numbered in sequence
            categories += 1
            blocks.append([f"{int_to_cn(cn_to_int(s) or categories)}、{nxt}"])
            j = next(x for x in range(j, len(lines)) if lines[x].strip()) + 1
            continue
        m = mark(s)
        if not m and last_row is not None and (m := continuing_decimal(s, last_row)):
            s = f"{m[2]}、{m[3]}"  # 27.4G覆盖率 after row 26: row 27, titled 4G覆盖率
        if m and (row_style is None or m[0] == row_style or _heading_style(m[0], row_style)):
            blocks.append([s])
            last_row = m[2] if m[0] == "ar" else last_row
            continue
        if not blocks:
            continue
        blocks[-1].append(s)
        if row_style is None and _is_unit_cell(s):  # the first unit cell: its row's mark is the rows' mark
            row_style = mark(blocks[-1][0])[0]
    if row_style is None:
        return lines[i:j], j
    # the text columns after the task's own: as many as most complete rows (those with unit cells) have
    rows = [_row_cells(b) for b in blocks if mark(b[0])[0] == row_style]
    counts = [len(cells) - 1 - _unit_tail(cells) for cells in rows if _unit_tail(cells)]
    per_row = max(set(counts), key=counts.count) if counts else 0
    per_row = per_row if 0 < per_row < len(text_heads) else 0
    out: list[str] = []
    previous: list[str] = [""] * n_units
    repeats = _repeats_cells(rows, n_units)
    for block in blocks:
        style = mark(block[0])[0]
        if style != row_style:  # a category or direction cell spanning rows: a heading
            head = block[0] if mark(block[0])[3] else block[0] + "".join(block[1:2])
            out.append(head)
            continue
        cells = _row_cells(block)
        after: list[str] = []
        if after_heads:  # the unit cells stand before the last columns: the first run of them after the task
            at = next((k for k in range(1, len(cells)) if _is_unit_list(cells[k])), len(cells))
            stop = at
            while stop < min(len(cells), at + n_units) and _is_unit_cell(cells[stop]):
                stop += 1
            cells, after = cells[:stop], cells[stop:]
        subrows = [cells] if after_heads else _sub_rows(cells, per_row)
        if len(subrows) > 1:  # 项目 merged over several 主要任务 rows: the project heads them, each row a task
            out.append(subrows[0][0])
            style = _below(row_style)
            for k, sub in enumerate(subrows):
                sub = sub[1:] if k == 0 else sub
                n = _unit_tail(sub)
                units = _fit_units(sub[len(sub) - n:], previous, repeats and k == 0)  # (a row's sub-rows share its cells)
                previous = units
                out.append(style(k + 1) + _sentences(sub[: len(sub) - n]) + _unit_clause(unit_heads, units))
            continue
        n = _unit_tail(cells)
        tail, cells = cells[len(cells) - n:], cells[: len(cells) - n]
        units = _fit_units(tail, previous, repeats)
        previous = units
        task, texts = cells[0], cells[1:]
        while len(texts) > max(per_row, 1) and _title_piece(texts[0]):  # a 项目 cell over two lines (实化运行消防 / 安全委员会)
            task += texts.pop(0)
        if texts and len(texts) == per_row:  # one line per column after the task's: name each by its column
            body = "".join(labelled(h, t.rstrip("。；")) + "。" for h, t in zip(text_heads[-len(texts):], texts, strict=True))
        else:
            body = _sentences(texts)
        body += "".join(labelled(h, t.rstrip("。；")) + "。" for h, t in zip(after_heads, after, strict=False))
        text = task if task.endswith(("。", "；")) or not body else task + "。"
        out.append(text + body + _unit_clause(unit_heads, units))
    return out, j


def _sentences(cells: list[str]) -> str:
    """Text cells as one run of sentences, each closed."""
    return "".join(t if t.endswith(("。", "；")) else t + "。" for t in cells)


def _unit_clause(heads: list[str], units: list[str]) -> str:
    """``（牵头单位：X；配合单位：Y）`` from the unit columns' names and a row's cells ("" when all are empty)."""
    clause = "；".join(f"{h}：{u.rstrip('，,、')}" for h, u in zip(heads, units, strict=True)
                      if u and not _EMPTY_CELL.match(u))
    return f"（{clause}）" if clause else ""


def _sub_rows(cells: list[str], per_row: int) -> list[list[str]]:
    """A row whose first cells span the rows below it (a 项目 cell merged over its 主要任务 rows), split into
    its rows: the first with the spanning cells, then each further run of ``per_row`` text cells with the unit
    cells after it (none: merged with the row above's). Unchanged when no text follows the first unit cells."""
    if per_row <= 0:
        return [cells]
    k = 1 + per_row
    while k < len(cells) and not _is_unit_cell(cells[k]):
        k += 1
    while k < len(cells) and _is_unit_cell(cells[k]):
        k += 1
    rows, rest = [cells[:k]], cells[k:]
    if not rest or k == len(cells) or not any(_is_unit_cell(c) for c in cells[:k]):
        return [cells]
    while rest:
        texts = rest[:per_row]
        if any(_is_unit_cell(t) for t in texts):
            rows[-1] += rest
            break
        i = len(texts)
        while i < len(rest) and _is_unit_cell(rest[i]):
            i += 1
        rows.append(rest[:i])
        rest = rest[i:]
    return rows


def _title_piece(cell: str) -> bool:
    """A short line with no punctuation: the rest of a title cell broken over two lines."""
    return len(cell) <= 8 and not re.search(r"[。，,；;、：:（）()]", cell)


def _below(style: str):
    """A numbering written one rank below ``style`` (rows under a 项目 numbered 1.: （1）, （2） …)."""
    return {"part": lambda k: f"{int_to_cn(k)}、", "cn": lambda k: f"（{int_to_cn(k)}）",
            "cn_paren": lambda k: f"{k}.", "article": lambda k: f"{k}.", "ar": lambda k: f"（{k}）",
            "ar_paren": lambda k: f"{k}）"}.get(style, lambda k: f"{'①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳'[min(k, 20) - 1]}")


def _unit_tail(cells: list[str]) -> int:
    """How many of a row's last cells are unit cells (never its first, the task)."""
    n = 0
    while n < len(cells) - 1 and _is_unit_cell(cells[len(cells) - 1 - n]):
        n += 1
    return n


_RANK = {style: rank for style, rank, _ in MARKS}


def _heading_style(style: str, row_style: str | None) -> bool:
    """A mark of a higher rank than the rows' (（一） or 1、 above (1)): a cell spanning rows."""
    return row_style is not None and _RANK.get(style, 99) < _RANK.get(row_style, 99)


def _repeats_cells(rows: list[list[str]], n_units: int) -> bool:
    """Whether a table of a lead and a responsible column writes the lead's cell again in the next row, rather
    than merging it over both: two rows in a row with both unit cells, the same lead (市工商局 / 市工商局). Then a
    row short of unit cells has them empty, not merged from above."""
    full = [cells[len(cells) - n_units:] if n_units == 2 and _unit_tail(cells) == n_units else None for cells in rows]
    return any(a and b and a[0] == b[0] for a, b in zip(full, full[1:]))


def _fit_units(tail: list[str], previous: list[str], repeats: bool = False) -> list[str]:
    """A row's unit cells set against the unit columns: none (merged with the row above) → the row
    above's; more cells than columns (a cell of several paragraphs) → the extra ones join the first
    column; fewer → placed where a cell repeats the row above's, else in the last columns, the rest
    merged from above. In a table that ``repeats`` its cells rather than merging them, the cells a row
    lacks are empty: fewer fill the first columns (the lead's first)."""
    n = len(previous)
    if repeats and len(tail) < n:
        return tail + [""] * (n - len(tail))
    if not tail:
        return previous
    if len(tail) > n:
        extra = len(tail) - n
        return ["、".join(tail[: extra + 1])] + tail[extra + 1:]
    # fewer: a cell equal to the row above's in some column anchors them; else the rightmost columns
    start = next((c - k for k, cell in enumerate(tail) for c in range(n) if previous[c] == cell
                  and 0 <= c - k <= n - len(tail)), n - len(tail))
    return previous[:start] + tail + previous[start + len(tail):]
