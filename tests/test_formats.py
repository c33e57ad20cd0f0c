"""rag/formats.py: every file format notices come in, each read with bounded work, each refusal named."""

from __future__ import annotations

import io
import time
import zipfile

import pytest
from conftest import notice_text
from support.pdf import text_pdf

from rag.errors import NoticeError
from rag.formats import MAX_XML_BYTES, file_text
from rag.parse import parse_bytes

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def docx(body: str, prolog: str = "") -> bytes:
    """A minimal .docx package around a document body (WordprocessingML)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml",
                    f'<?xml version="1.0"?>{prolog}<w:document {W}><w:body>{body}</w:body></w:document>')
    return buf.getvalue()


def para(text: str) -> str:
    return f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"


def test_utf16_with_bom_reads_like_utf8():
    text = notice_text(tasks=3)
    a = parse_bytes(text.encode("utf-16"), "a.txt")
    b = parse_bytes(text.encode("utf-8"), "b.txt")
    assert a.tasks == b.tasks


def test_a_pdf_with_a_text_layer_is_read():
    p = parse_bytes(text_pdf(notice_text(tasks=4).splitlines()), "notice.pdf")
    assert p.notice.doc_id == "测政办字〔2024〕3号"
    assert [t.number for t in p.tasks] == [1, 2, 3, 4]
    assert p.tasks[0].lead_units == ("区工业和信息化局",)


def test_a_pdf_without_text_is_refused_saying_it_may_be_a_scan():
    with pytest.raises(NoticeError) as err:
        parse_bytes(text_pdf(["scan"]), "scan.pdf")
    assert "扫描" in str(err.value) and "OCR" in str(err.value)


def test_a_damaged_pdf_is_refused():
    with pytest.raises(NoticeError) as err:
        parse_bytes(b"%PDF-1.4\n garbage", "bad.pdf")
    assert "bad.pdf" in str(err.value)


@pytest.mark.parametrize("suffix", [".doc", ".wps"])
def test_old_word_formats_are_refused_with_the_fix(suffix):
    with pytest.raises(NoticeError) as err:
        file_text(b"\xd0\xcf\x11\xe0" + b"\0" * 100, "notice" + suffix)
    assert "另存为" in str(err.value) and ".docx" in str(err.value)


def test_docx_paragraphs_and_line_breaks():
    text = file_text(docx(para("一、总体") + "<w:p><w:r><w:t>1.做甲事。</w:t><w:br/><w:t>（牵头单位：区甲局）</w:t></w:r></w:p>"),
                     "a.docx")
    assert text.splitlines() == ["一、总体", "1.做甲事。", "（牵头单位：区甲局）"]


def test_a_zip_bomb_is_stopped_by_the_inflated_size_not_the_declared_one():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("word/document.xml", b"<" + b"a" * (MAX_XML_BYTES + 1024))
    data = buf.getvalue()
    assert len(data) < 1024 * 1024  # small on disk
    started = time.perf_counter()
    with pytest.raises(NoticeError) as err:
        file_text(data, "bomb.docx")
    assert time.perf_counter() - started < 10
    assert "超过" in str(err.value)


def test_falsified_sizes_in_the_zip_directory_are_not_trusted():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("word/document.xml", f'<w:document {W}><w:body>{para("x" * 10)}</w:body></w:document>')
    data = bytearray(buf.getvalue())
    # the central directory says the member is 1 byte; inflating shows otherwise (CRC/size error, refused)
    k = data.rfind(b"PK\x01\x02")
    data[k + 24:k + 28] = (1).to_bytes(4, "little")
    with pytest.raises(NoticeError):
        file_text(bytes(data), "liar.docx")


def test_deeply_nested_tables_do_not_recurse():
    depth = 3000
    body = "<w:tbl><w:tr><w:tc>" * depth + para("深处") + "</w:tc></w:tr></w:tbl>" * depth
    started = time.perf_counter()
    text = file_text(docx(body), "deep.docx")
    assert time.perf_counter() - started < 10
    assert "深处" in text


def test_a_document_type_declaration_is_refused():
    data = docx(para("&a;"), prolog='<!DOCTYPE x [<!ENTITY a "aaaa">]>')
    with pytest.raises(NoticeError) as err:
        file_text(data, "dtd.docx")
    assert "DTD" in str(err.value)


def test_a_text_far_longer_than_any_notice_is_refused_naming_the_limit():
    from rag.formats import MAX_TEXT_CHARS

    data = ("一、重点任务\n1.推进工作" + "字" * (MAX_TEXT_CHARS + 10) + "（牵头单位：区财政局）\n").encode()
    with pytest.raises(NoticeError, match="超过上限"):
        file_text(data, "huge.txt")


def test_one_enormous_task_is_cut_with_a_warning_so_the_notice_indexes_in_bounded_time():
    from rag.parse import MAX_TASK_CHARS

    text = notice_text(tasks=2).replace("推进数字乡村第1项工作。", "推进数字乡村第1项工作。" + "很长的正文。" * 20_000, 1)
    parsed = parse_bytes(text.encode(), "long.txt")
    assert max(len(t.text) for t in parsed.tasks) <= MAX_TASK_CHARS
    assert any(w.kind == "truncated" for w in parsed.warnings)
