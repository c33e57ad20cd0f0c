"""A notice file's bytes → its text, for every format notices are published in, with bounded work.

- ``.txt``: UTF-8 (with or without BOM), UTF-16 with BOM, GB18030 (a superset of GBK).
- ``.docx``: paragraphs and tables, read straight from ``word/document.xml``. Each member is
  inflated with a byte cap (the sizes a zip declares are not trusted), and the XML is read by an
  iterative parser, so no input can recurse without bound. Tables go through :mod:`rag.tables`
  (a task table becomes one genre line per row, merged cells included).
- ``.pdf`` with a text layer (pypdf); a scan without text is refused with the fix.
- ``.doc``/``.wps`` are refused with the fix: save as .docx.

Every error is a :class:`NoticeError` in Chinese that says what to do.
"""

from __future__ import annotations

import io
import re
import zlib
from collections.abc import Iterator
from typing import TYPE_CHECKING

from .errors import NoticeError

if TYPE_CHECKING:
    import zipfile

MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_XML_BYTES = 20 * 1024 * 1024  # document.xml inflated; Word writes ~1 KB of XML per short paragraph
MAX_TEXT_CHARS = 600_000  # a notice's text; the longest real 任务分工 documents are a few tens of thousands
MAX_PDF_PAGES = 300
SUFFIXES = (".txt", ".docx", ".pdf")
REFUSED_SUFFIXES = {
    ".doc": "旧版 Word（.doc）无法读取，请在 Word/WPS 中“另存为” .docx 后再上传",
    ".wps": "WPS 文字（.wps）无法读取，请在 WPS 中“另存为” .docx 后再上传",
    ".rtf": "RTF 文件无法读取，请另存为 .docx 或 .txt 后再上传",
    ".ofd": "OFD 版式文件无法读取，请另存为 .pdf（带文字层）或 .docx 后再上传",
}

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def file_text(data: bytes, source: str) -> str:
    """Decode a notice file of any supported type to text (lines separated by ``\\n``).

    Raises:
        NoticeError: unsupported type, too big, damaged, or without text.
    """
    suffix = _suffix(source)
    if suffix in REFUSED_SUFFIXES:
        raise NoticeError(source, REFUSED_SUFFIXES[suffix])
    if suffix not in SUFFIXES:
        raise NoticeError(source, f"不支持的文件类型 {suffix or '（无扩展名）'}；请上传 .txt、.docx 或 .pdf")
    if len(data) > MAX_FILE_BYTES:
        raise NoticeError(source, f"文件大小 {len(data) / 1048576:.1f} MB，超过上限 {MAX_FILE_BYTES // 1048576} MB")
    if suffix == ".docx":
        text = docx_text(data, source)
    elif suffix == ".pdf":
        text = pdf_text(data, source)
    else:
        text = decode_text(data, source)
    if len(text) > MAX_TEXT_CHARS:
        raise NoticeError(source, f"文本有 {len(text)} 个字符，超过上限 {MAX_TEXT_CHARS}；一份通知不会这么长，请检查文件")
    return text


def _suffix(name: str) -> str:
    k = name.rfind(".")
    return name[k:].lower() if k >= 0 else ""


def decode_text(data: bytes, source: str) -> str:
    """UTF-8 (BOM or not), UTF-16 with a BOM, then GB18030."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise NoticeError(source, "文件以 UTF-16 标记开头，但内容不是有效的 UTF-16 文本") from None
    if b"\x00" in data[:4096]:
        raise NoticeError(source, "文件含有二进制内容（NUL 字节），不是文本通知")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as utf8_error:
        try:
            return data.decode("gb18030")
        except UnicodeDecodeError:
            raise NoticeError(source, f"文本既不是 UTF-8 也不是 GBK/GB18030 编码（第 {utf8_error.start} 字节起无法解码）") from None


# ---- .docx ---------------------------------------------------------------------------------

def _read_member(zf: zipfile.ZipFile, name: str, cap: int, source: str) -> bytes:
    """Inflate one zip member, stopping at ``cap`` bytes whatever its declared size."""
    import zipfile

    out = bytearray()
    try:
        with zf.open(name) as fh:
            while True:
                block = fh.read(1 << 16)
                if not block:
                    break
                out += block
                if len(out) > cap:
                    raise NoticeError(source, f".docx 正文解压后超过 {cap // 1048576} MB，超出上限（文件可能已损坏或被构造）")
    except (zipfile.BadZipFile, zlib.error, EOFError, ValueError, NotImplementedError) as exc:
        raise NoticeError(source, f".docx 文件已损坏，无法解压（{exc}）") from None
    return bytes(out)


def docx_text(data: bytes, source: str) -> str:
    """Paragraphs and tables of a .docx, in document order."""
    import zipfile  # (zip, XML and the table reader load with the first .docx, not for every start)
    from xml.etree import ElementTree as ET

    from .tables import rows_to_lines

    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise NoticeError(source, "不是有效的 Word .docx 文件（不是 zip 压缩包）；.doc 请另存为 .docx") from None
    with zf:
        if "word/document.xml" not in zf.namelist():
            raise NoticeError(source, "不是有效的 Word .docx 文件（缺少 word/document.xml）")
        xml = _read_member(zf, "word/document.xml", MAX_XML_BYTES, source)
    if b"<!DOCTYPE" in xml[:4096] or b"<!ENTITY" in xml:
        raise NoticeError(source, ".docx 正文含有 DTD/实体声明，Word 不会这样写，拒绝读取")
    lines: list[str] = []
    try:
        for kind, value in _body_blocks(xml):
            if kind == "p":
                lines.append(value)
            else:
                lines.extend(rows_to_lines(_grid(value)))
    except ET.ParseError as exc:
        raise NoticeError(source, f".docx 正文 XML 已损坏（{exc}）") from None
    return "\n".join(lines)


def _body_blocks(xml: bytes) -> Iterator[tuple[str, object]]:
    """("p", text) for body paragraphs and ("t", rows) for top-level tables, in order.

    Iterative (``iterparse``): nesting depth costs a counter, never recursion. A table
    nested inside a cell contributes its text to that cell.
    """
    from xml.etree import ElementTree as ET

    depth_tbl = 0
    rows: list[list[tuple[str, int, str]]] = []  # per row: (text, grid span, vMerge state)
    row: list[tuple[str, int, str]] | None = None
    cell_text: list[str] | None = None
    cell_span, cell_merge = 1, ""
    para: list[str] | None = None
    for event, el in ET.iterparse(io.BytesIO(xml), events=("start", "end")):
        tag = el.tag
        if event == "start":
            if tag == f"{_W}tbl":
                depth_tbl += 1
                if depth_tbl == 1:
                    rows = []
            elif tag == f"{_W}tr" and depth_tbl == 1:
                row = []
            elif tag == f"{_W}tc" and depth_tbl == 1:
                cell_text, cell_span, cell_merge = [], 1, ""
            elif tag == f"{_W}p":
                para = []
            continue
        # end events
        if tag == f"{_W}t" and para is not None:
            para.append(el.text or "")
        elif tag == f"{_W}tab" and para is not None:
            para.append("\t")
        elif tag in (f"{_W}br", f"{_W}cr") and para is not None:
            para.append("\n")
        elif tag == f"{_W}gridSpan" and depth_tbl == 1:
            try:
                cell_span = max(1, min(64, int(el.get(f"{_W}val", "1"))))
            except ValueError:
                cell_span = 1
        elif tag == f"{_W}vMerge" and depth_tbl == 1:
            cell_merge = el.get(f"{_W}val", "continue")
        elif tag == f"{_W}p":
            text = "".join(para or [])
            para = None
            if depth_tbl == 0:
                yield "p", text
            elif cell_text is not None:
                cell_text.append(text)
        elif tag == f"{_W}tc" and depth_tbl == 1 and row is not None and cell_text is not None:
            row.append(("\n".join(t for t in cell_text if t.strip()), cell_span, cell_merge))
            cell_text = None
        elif tag == f"{_W}tr" and depth_tbl == 1 and row is not None:
            rows.append(row)
            row = None
        elif tag == f"{_W}tbl":
            depth_tbl -= 1
            if depth_tbl == 0:
                yield "t", rows
        if event == "end" and depth_tbl == 0 and tag in (f"{_W}p", f"{_W}tbl"):
            el.clear()  # keep memory flat on long documents


def _grid(rows: list[list[tuple[str, int, str]]]) -> list[list[str]]:
    """Rows of cell texts on the table's grid: a spanned cell fills its columns, a vertically
    merged cell repeats the text above it."""
    grid: list[list[str]] = []
    for r in rows:
        out: list[str] = []
        for text, span, merge in r:
            col = len(out)
            if merge == "continue" and grid and col < len(grid[-1]):
                text = grid[-1][col]
            out.extend([text] * span)
        grid.append(out)
    return grid


# ---- .pdf ----------------------------------------------------------------------------------

def pdf_text(data: bytes, source: str) -> str:
    """The text layer of a PDF, page by page (pypdf)."""
    try:
        from pypdf import PdfReader
        from pypdf.errors import PdfReadError
    except ImportError:  # pragma: no cover - a core dependency
        raise NoticeError(source, "读取 PDF 需要 pypdf：pip install pypdf") from None
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise NoticeError(source, "PDF 已加密，请提供未加密的文件")
        if len(reader.pages) > MAX_PDF_PAGES:
            raise NoticeError(source, f"PDF 有 {len(reader.pages)} 页，超过上限 {MAX_PDF_PAGES} 页")
        pages = []
        total = 0
        for page in reader.pages:
            text = page.extract_text() or ""
            total += len(text)
            if total > MAX_TEXT_CHARS:
                raise NoticeError(source, f"PDF 文字超过 {MAX_TEXT_CHARS} 个字符，超出上限")
            pages.append(text)
    except NoticeError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError, RecursionError, AttributeError) as exc:
        raise NoticeError(source, f"PDF 文件已损坏或无法读取（{type(exc).__name__}）") from None
    text = "\n".join(pages)
    if len(re.findall(r"[\u4e00-\u9fff]", text)) < 20:
        raise NoticeError(source, "PDF 没有文字层（可能是扫描件）；请先做文字识别（OCR），或提供 .docx/.txt 版本")
    return text
