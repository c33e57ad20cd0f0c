"""Notice → typed tasks: the rules that read a key-tasks notice.

The rules are about the genre, not one file: a header with a 文号, sections
numbered ``一、``, tasks numbered ``1.``/``1．``/``1、``/``（1）``/``1)``, each
task's first sentence as its title, and a closing parenthesis that names the
units (``牵头单位：…，责任单位：…``, ``；`` or ``，`` between them, or a bare list
``…按职责分工负责``).  Parentheses in the body that name no units are body text.
"""

from __future__ import annotations

import hashlib
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from .errors import NoticeError
from .text import CN_NUMERAL, cn_to_int, int_to_cn, strip_controls
from .types import Notice, Section, Task

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_DOCX_UNPACKED = 50 * 1024 * 1024
SUFFIXES = (".txt", ".docx")

_RESIDUE = re.compile(r"\[bookmark:[^\]]*\]|\[image:[^\]]*\]")
_DOC_ID = re.compile(r"[\u4e00-\u9fff]{1,10}[〔\[［【(（]\s*\d{4}\s*[〕\]］】)）]\s*\d{1,4}\s*号")
_DATE = re.compile(r"\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日")
# Section headings: 一、  第一部分  （一）. The first style seen marks sections; others are sub-headings.
_SECTION = re.compile(rf"^\s*(?:第(?P<part>[{CN_NUMERAL}]+)部分[、．.：:\s]*|(?P<dun>[{CN_NUMERAL}]+)\s*[、．.]|"
                      rf"[（(](?P<paren>[{CN_NUMERAL}]+)[）)])\s*(?P<title>\S.*)$")
# A task marker: 1.  1．  1、  1)  1）  (1)  （1）  — never 1.5 (a decimal) or 2023年. The first task's
# style marks tasks; a line in another style (（1） items inside task 1.) is body text.
_TASK = re.compile(r"^\s*(?:(?P<paren>[（(])\s*(?P<n1>\d{1,3})\s*[）)]|(?P<n2>\d{1,3})\s*(?P<mark>[.．、)）]))"
                   r"\s*(?![\d.．])(?P<rest>\S.*)$")
_MARK_STYLE = {".": "dot", "．": "dot", "、": "dun", ")": "close", "）": "close"}
_TRAILER = re.compile(r"(印发|抄送|^\s*[-—]?\s*\d{1,3}\s*[-—]?\s*$|^\s*（此件.*）\s*$)")
_DISCLOSURE = re.compile(r"[（(]\s*此件[^）)]*[）)]")
_BASIS = re.compile(r"(《[^》]+》)\s*[（(]\s*([^（）()]*?[〔\[［]\s*\d{4}\s*[〕\]］]\s*\d+\s*号)\s*[）)]")

LEAD_LABELS = ("牵头单位", "牵头部门", "主责单位", "主办单位", "牵头")
RESP_LABELS = ("责任单位", "责任部门", "配合单位", "配合部门", "参与单位", "协办单位", "配合")
# A label counts only with its colon: 责任部门 inside 区“5+3”现代产业责任部门 is a name.
_LABEL = re.compile(r"({})\s*[:：]".format("|".join(sorted(LEAD_LABELS + RESP_LABELS, key=len, reverse=True))))
# The verb form: （区发改局牵头，区财政局、区民政局配合）
# Any label inside a unit clause: 牵头单位：  主要责任单位：  完成时限：
_BARE_CLAUSE = re.compile(r"(?:^|(?<=[。；;.\s]))((?:牵头单位|牵头部门|责任单位|责任部门)\s*[:：][^。]*[。.]?)\s*$")
_ANY_LABEL = re.compile(r"([\u4e00-\u9fff]{2,8})\s*[:：]")
_VERB_FORM = re.compile(r"^(?P<lead>[^，,；;：:]+?)牵头(?:[，,；;]\s*(?P<resp>[^：:]+?)(?:配合|参与|协助|协同|负责))?$")
_DUTY_TAIL = re.compile(r"(按职责分工负责|按职责分工|分别负责|共同负责|负责)\s*$")
_UNIT_LIKE = re.compile(r"(局|委|办|部|中心|管委会|院|所|政府|办公室|公司|街道|镇|队|会|处|厅|站|部门|单位)$")
_UNIT_SPLIT = re.compile(r"[、，,；;/\s]+")


@dataclass(frozen=True)
class ParsedNotice:
    """A notice with its tasks, as read from one file."""

    notice: Notice
    tasks: tuple[Task, ...]


def read_notice(path: str | Path) -> ParsedNotice:
    """Read and parse one ``.txt`` or ``.docx`` notice.

    Raises:
        NoticeError: the file is not a readable notice; the message names the
            file (and the line, for numbering faults) and what is wrong.
    """
    path = Path(path)
    if path.suffix.lower() not in SUFFIXES:
        raise NoticeError(path.name, f"unsupported file type {path.suffix or '(none)'!r}; use .txt or .docx")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise NoticeError(path.name, f"cannot read file: {exc.strerror or exc}") from exc
    return parse_bytes(data, path.name)


def parse_bytes(data: bytes, source: str) -> ParsedNotice:
    """Decode (UTF-8, GBK/GB18030 or .docx) and parse a notice file's bytes."""
    if len(data) > MAX_FILE_BYTES:
        raise NoticeError(source, f"file is {len(data)} bytes; the limit is {MAX_FILE_BYTES}")
    if source.lower().endswith(".docx"):
        text = _docx_text(data, source)
    else:
        text = decode_text(data, source)
    return parse_notice(text, source=source, sha256=hashlib.sha256(data).hexdigest())


def decode_text(data: bytes, source: str) -> str:
    """UTF-8 (with or without BOM) first, then GB18030 (a superset of GBK)."""
    if b"\x00" in data[:4096]:
        raise NoticeError(source, "file looks binary (NUL bytes), not a text notice")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as utf8_error:
        try:
            return data.decode("gb18030")
        except UnicodeDecodeError:
            raise NoticeError(source, f"text is neither UTF-8 nor GBK/GB18030 "
                                      f"(first bad byte at offset {utf8_error.start})") from None


def _docx_text(data: bytes, source: str) -> str:
    import io

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = zf.namelist()
            if "word/document.xml" not in names:
                raise NoticeError(source, "not a Word .docx file (no word/document.xml inside)")
            unpacked = sum(info.file_size for info in zf.infolist())
            if unpacked > MAX_DOCX_UNPACKED:
                raise NoticeError(source, f".docx unpacks to {unpacked} bytes; the limit is {MAX_DOCX_UNPACKED}")
    except zipfile.BadZipFile:
        raise NoticeError(source, "not a Word .docx file (not a zip archive)") from None
    try:
        import docx  # python-docx
    except ImportError:  # pragma: no cover - a core dependency
        raise NoticeError(source, "reading .docx needs python-docx: pip install python-docx") from None
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises many types for broken packages
        raise NoticeError(source, f"cannot read .docx: {exc}") from None
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.append("".join(cell.text for cell in row.cells))
    return "\n".join(lines)


def parse_notice(text: str, source: str = "<text>", sha256: str = "") -> ParsedNotice:
    """Parse a notice's text into its header facts and numbered tasks.

    >>> p = parse_notice("某政办字〔2023〕1号\\n关于印发某某的通知\\n一、总体\\n1.做事。（牵头单位：区某局）")
    >>> p.notice.doc_id, p.tasks[0].title, p.tasks[0].lead_units
    ('某政办字〔2023〕1号', '做事', ('区某局',))
    """
    lines = [_RESIDUE.sub("", strip_controls(line)).rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    sections: list[Section] = []
    raw_tasks: list[tuple[int, int, int, list[str]]] = []  # (number, section, line, parts)
    header_end = None
    expected = 1
    task_style = section_style = None
    markers = {}  # (style, number) → last line it starts, to tell a sub-item from the next task
    for i, line in enumerate(lines, start=1):
        m = _TASK.match(line)
        if m:
            markers[(_style(m), int(m.group("n1") or m.group("n2")))] = i
    for i, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        task_m = _TASK.match(line)
        if task_m:
            number = int(task_m.group("n1") or task_m.group("n2"))
            style = _style(task_m)
            if task_style and style != task_style and number == expected and markers.get((task_style, number), 0) <= i:
                style = task_style  # the next number in another mark (1、 2、 then （3）): still the next task
            if task_style in (None, style):
                if number == expected and (task_style or number == 1):
                    task_style = style
                    header_end = header_end or i
                    raw_tasks.append((number, sections[-1].number if sections else 0, i, [task_m.group("rest")]))
                    expected += 1
                    continue
                if task_style or header_end is not None:
                    what = "repeats" if number < expected else "skips"
                    raise NoticeError(source, f"task numbering {what}: expected {expected}, found {number}", line=i)
        sec_m = _SECTION.match(line)
        if sec_m and len(line.strip()) <= 60:
            kind = next(k for k in ("part", "dun", "paren") if sec_m.group(k))
            number = cn_to_int(sec_m.group(kind))
            if number and section_style in (None, kind):
                section_style = kind
                header_end = header_end or i
                sections.append(Section(number, sec_m.group("title").strip()))
                continue
            title = sec_m.group("title").strip()
            if number and header_end is not None and len(title) <= 30 and not title.endswith("。"):
                continue  # a sub-heading in another style: neither a section nor task text
        if raw_tasks and not _TRAILER.search(line):
            raw_tasks[-1][3].append(line.strip())
    if not raw_tasks:
        raise NoticeError(source, "no numbered tasks found (expected lines like '1.任务标题。……（牵头单位：……）')")
    header = lines[: (header_end or 1) - 1]
    doc_id = _doc_id(header, source)
    sec_titles = {s.number: s.title for s in sections}
    tasks = tuple(_task(doc_id, n, sec, sec_titles.get(sec, ""), "".join(parts), line)
                  for n, sec, line, parts in raw_tasks)
    notice = Notice(
        doc_id=doc_id,
        title=_title(header),
        issuer=_issuer(header, lines),
        date=_first(_DATE, header) or _first(_DATE, lines[::-1]),
        basis=_basis(header),
        sections=tuple(sections),
        recipients=_recipients(header),
        disclosure=_first(_DISCLOSURE, header).strip("（）()"),
        source=source,
        sha256=sha256,
    )
    return ParsedNotice(notice, tasks)


def _style(m: re.Match[str]) -> str:
    return "paren" if m.group("paren") else _MARK_STYLE[m.group("mark")]


def _task(doc_id: str, number: int, section: int, section_title: str, text: str, line: int) -> Task:
    body, units_text = split_units_clause(text.strip())
    lead, resp = parse_units(units_text)
    return Task(doc_id, number, section, section_title, _short_title(body), body,
                lead, resp, units_text, line)


def split_units_clause(text: str) -> tuple[str, str]:
    """Split a task's text into (body, unit clause without its brackets).

    The unit clause is the last top-level bracket that names units (by a
    label such as 牵头单位, a duty phrase such as 按职责分工负责, or a bare
    list of unit names), else a ``牵头单位：…`` run at the very end without
    brackets. Other brackets stay in the body.

    >>> split_units_clause("建设道路。年内完成。牵头单位：区交通运输局")
    ('建设道路。年内完成。', '牵头单位：区交通运输局')
    """
    groups = _bracket_groups(text)
    for start, end in reversed(groups):
        inner = text[start + 1: end].strip()
        head = _unlabelled_head(inner)
        if _LABEL.search(inner) or _VERB_FORM.match(head) or _DUTY_TAIL.search(head) or _is_unit_list(head):
            body = (text[:start] + text[end + 1:]).strip()
            return body, inner
    bare = _BARE_CLAUSE.search(text)  # 牵头单位：… written after the text without brackets
    if bare:
        return text[: bare.start(1)].strip(), bare.group(1).strip().rstrip("。.")
    return text, ""


def _bracket_groups(text: str) -> list[tuple[int, int]]:
    """(start, end) of top-level bracket pairs, tolerating （…) mixes."""
    groups, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch in "（(":
            if depth == 0:
                start = i
            depth += 1
        elif ch in "）)" and depth:
            depth -= 1
            if depth == 0:
                groups.append((start, i))
    return groups


def _is_unit_list(inner: str) -> bool:
    parts = [p.strip() for p in _UNIT_SPLIT.split(inner) if p.strip()]
    return bool(parts) and all(3 <= len(p) <= 30 and _UNIT_LIKE.search(p) for p in parts) and ":" not in inner and "：" not in inner


def parse_units(units_text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Parse a unit clause into (lead units, responsible units).

    >>> parse_units("牵头单位：区工业和信息化局，责任单位：区金融服务中心")
    (('区工业和信息化局',), ('区金融服务中心',))
    >>> parse_units("区政府办公室、区司法局按职责分工负责")
    (('区政府办公室', '区司法局'), ())
    >>> parse_units("责任单位：区财政局；区民政局")
    ((), ('区财政局', '区民政局'))
    >>> parse_units("区发展和改革局牵头，区财政局配合")
    (('区发展和改革局',), ('区财政局',))
    >>> parse_units("牵头单位：区农业农村局；主要责任单位：区财政局 区民政局；完成时限：2023年底")
    (('区农业农村局',), ('区财政局', '区民政局'))
    >>> parse_units("区财政局、区工业和信息化局按职责分工负责；完成时限：2024年12月底")
    (('区财政局', '区工业和信息化局'), ())
    """
    if not units_text:
        return (), ()
    lead: list[str] = []
    resp: list[str] = []
    marks = list(_ANY_LABEL.finditer(units_text))
    if not any(_role(m.group(1)) for m in marks):
        head = _unlabelled_head(units_text)
        verb = _VERB_FORM.match(head)
        if verb:
            return _unit_names(verb.group("lead")), _unit_names(verb.group("resp") or "")
        return _unit_names(head), ()
    head = units_text[: marks[0].start()]
    lead += _unit_names(head)
    for k, m in enumerate(marks):
        end = marks[k + 1].start() if k + 1 < len(marks) else len(units_text)
        role = _role(m.group(1))
        if role:  # other labels (完成时限：…, 备注：…) name no units
            (lead if role == "lead" else resp).extend(_unit_names(units_text[m.end(): end]))
    return tuple(dict.fromkeys(lead)), tuple(dict.fromkeys(resp))


def _unlabelled_head(clause: str) -> str:
    """The clause before its first label (区财政局按职责分工负责；完成时限：… → 区财政局按职责分工负责)."""
    m = _ANY_LABEL.search(clause)
    return (clause[: m.start()] if m else clause).strip().rstrip("；;，,。 ")


def _role(label: str) -> str:
    """"lead", "responsible" or "" for a clause label such as 牵头单位, 主要责任单位, 完成时限."""
    if re.search(r"牵头|主责|主办", label):
        return "lead"
    if re.search(r"责任|配合|参与|协办|协同|协助", label):
        return "responsible"
    return ""


def _unit_names(segment: str) -> tuple[str, ...]:
    segment = _DUTY_TAIL.sub("", segment.strip())
    names = []
    for part in _UNIT_SPLIT.split(segment):
        part = part.strip(" \t。.:：")
        part = re.sub(r"等$", "", part)
        if part:
            names.append(part)
    return tuple(names)


def _short_title(body: str, limit: int = 40) -> str:
    m = re.search(r"[。！？!?]", body)
    first = body[: m.start()] if m else body
    if len(first) <= limit:
        return first.strip()
    cut = re.search(r"[，；,;]", first)
    if cut and cut.start() <= limit:
        return first[: cut.start()].strip()
    return first[:limit].strip() + "…"


def _first(pattern: re.Pattern[str], lines: list[str]) -> str:
    for line in lines:
        m = pattern.search(line)
        if m:
            return _squash(m.group(0))
    return ""


def _doc_id(header: list[str], source: str) -> str:
    found = _first(_DOC_ID, header[:15]) or _first(_DOC_ID, header)
    if found:
        return found
    return Path(source).stem


def _title(header: list[str]) -> str:
    """The ``关于……的通知`` title, joined across the lines it spans."""
    for i, line in enumerate(header):
        k = line.find("关于")
        if k < 0:
            continue
        title = line[k:].strip()
        j = i
        while not re.search(r"(通知|意见|方案|决定|办法)$", title) and j + 1 < len(header) and j - i < 4:
            j += 1
            title += header[j].strip()
        return title
    for line in header:  # no 关于…: the first long line that is not the 文号
        if len(line.strip()) >= 8 and not _DOC_ID.search(line):
            return line.strip()
    return ""


def _issuer(header: list[str], lines: list[str]) -> str:
    """The issuing office: the line above the title, else the signature above the date."""
    for i, line in enumerate(header):
        if "关于" in line and i > 0:
            for prev in reversed(header[:i]):
                if prev.strip() and not _DOC_ID.search(prev):
                    return prev.strip()
            break
    for i, line in enumerate(header):
        if _DATE.search(line) and i > 0 and header[i - 1].strip():
            return header[i - 1].strip()
    return ""


def _basis(header: list[str]) -> tuple[str, ...]:
    text = "".join(header)
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
