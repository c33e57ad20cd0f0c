"""rag/parse.py: the seed notice task by task, the genre's variants, warnings, and every refusal."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from conftest import SEED_DOC_ID, SEED_PATH, notice_text

from rag.clauses import read_clause, split_units
from rag.errors import NoticeError
from rag.parse import parse_bytes, parse_notice, read_notice, split_units_clause

HEADER = (
    "测政办字〔2024〕3号\n"
    "\n"
    "测试区人民政府办公室\n"
    "关于印发测试区2024年重点工作任务的通知\n"
    "各镇人民政府、各街道办事处：\n"
    "现印发给你们，请认真贯彻落实。\n"
    "测试区人民政府办公室\n"
    "2024年3月1日\n"
    "一、夯实基础\n"
)
HEADER_LINES = HEADER.count("\n")  # the first task sits on line HEADER_LINES + 1


def parse_body(body: str, source: str = "synthetic.txt"):
    return parse_notice(HEADER + body, source=source)


# --- the seed notice ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed():
    return read_notice(SEED_PATH)


def test_seed_has_exactly_the_89_fixture_tasks(seed, seed_tasks):
    assert [t.number for t in seed.tasks] == list(range(1, 90))
    assert len(seed_tasks) == 89


@pytest.mark.parametrize("number", range(1, 90))
def test_seed_task_matches_fixture(seed, seed_tasks, number):
    expected = seed_tasks[number - 1]
    task = seed.tasks[number - 1]
    assert expected["number"] == number
    got = {
        "number": task.number,
        "section": task.section,
        "title": task.title,
        "units": [{"name": u.name, "role": u.role.value} for u in task.units],
    }
    assert got == expected


def test_seed_header_facts(seed):
    n = seed.notice
    assert n.doc_id == SEED_DOC_ID
    assert "重点工作任务的通知" in n.title
    assert n.title.startswith("关于印发")
    assert n.issuer == "山亭区人民政府办公室"
    assert n.date == "2023年9月22日"
    assert n.source == SEED_PATH.name
    assert len(n.sha256) == 64


def test_seed_basis_lists_three_higher_documents(seed):
    basis = seed.notice.basis
    assert len(basis) == 3
    assert any("鲁发〔2022〕19号" in b for b in basis)
    assert any("枣发〔2023〕7号" in b for b in basis)
    assert any("枣政办字〔2023〕13号" in b for b in basis)


def test_seed_has_eleven_numbered_sections(seed):
    sections = seed.notice.sections
    assert [s.number for s in sections] == list(range(1, 12))
    assert sections[0].title == "深入实施创新驱动发展战略"
    assert sections[-1].title == "切实抓好组织实施"


def test_seed_tasks_carry_their_section_title(seed):
    by_number = {s.number: s.title for s in seed.notice.sections}
    for t in seed.tasks:
        assert t.section_title == by_number[t.section]


def test_seed_task_text_has_no_bookmark_residue(seed):
    for t in seed.tasks:
        for field in (t.text, t.title, t.units_text, t.section_title):
            assert "[bookmark" not in field
            assert "bookmark:" not in field
    assert "[bookmark" not in seed.notice.title
    assert "[bookmark" not in seed.notice.issuer


def test_seed_body_parentheses_that_name_no_units_stay_in_text(seed):
    t63 = seed.tasks[62]
    assert "（枣庄段）" in t63.text
    assert t63.units_text == "牵头单位：区文化和旅游局"
    t72 = seed.tasks[71]
    assert t72.text.count("活动地点") == 6
    assert "（活动地点：鲁南抗日民主政权建设纪念馆）" in t72.text
    assert "活动地点" not in t72.units_text
    assert t72.lead_units == ("区文化和旅游局",)


def test_seed_unit_clause_is_removed_from_task_text(seed):
    t26 = seed.tasks[25]
    assert "牵头单位" not in t26.text
    assert t26.text.endswith("涉及户数2168户。")
    assert t26.units_text == "牵头单位：区住房和城乡建设局，责任单位：区发展和改革局、区财政局"


@pytest.mark.parametrize("number", [87, 88, 89])
def test_seed_closing_tasks_have_no_units(seed, number):
    t = seed.tasks[number - 1]
    assert t.lead_units == ()
    assert t.responsible_units == ()
    assert t.units_text == ""


def test_seed_last_task_stops_before_the_print_trailer(seed):
    t89 = seed.tasks[88]
    assert t89.text.endswith("推广先进经验典型。")
    assert "印发" not in t89.text


def test_seed_task_lines_point_at_the_source_line(seed, seed_text):
    import re

    lines = seed_text.split("\n")
    for t in seed.tasks:
        assert re.match(rf"\s*{t.number}\s*[.．]", lines[t.line - 1]), (t.number, t.line)
        assert t.title in lines[t.line - 1]


def test_seed_duty_clause_shares_the_task_without_a_lead(seed):
    t50 = seed.tasks[49]
    assert t50.lead_units == ()
    assert t50.shared_units[0] == "区政府办公室"
    assert t50.shared_units[-1] == "区行政审批服务局"
    assert len(t50.shared_units) == 7
    assert t50.citation() == ("（山政办字〔2023〕28号 第50项，区政府办公室、区委编办、区大数据中心、区发展和改革局、"
                              "区司法局、区市场监督管理局、区行政审批服务局按职责分工负责）")


def test_seed_ascii_colon_and_closing_paren_in_unit_clause(seed):
    assert seed.tasks[30].lead_units == ("区生态环境分局",)  # （牵头单位:区生态环境分局）
    assert seed.tasks[67].lead_units == ("区委宣传部",)  # （牵头单位：区委宣传部)


def test_seed_unit_name_containing_a_label_word_is_a_name(seed):
    assert seed.tasks[54].lead_units == ("区“5+3”现代产业责任部门",)
    assert seed.tasks[54].responsible_units == ()


def test_seed_task_id_and_citation(seed):
    t = seed.tasks[25]
    assert t.id == f"{SEED_DOC_ID}#26"
    assert t.citation() == f"（{SEED_DOC_ID} 第26项，牵头单位：区住房和城乡建设局）"


# --- numbering marks -------------------------------------------------------------------------


@pytest.mark.parametrize("mark", ["{}.", "{}．", "{}、", "（{}）", "({})", "{})", "{}）"])
def test_every_numbering_mark_of_the_genre_starts_a_task(mark):
    body = "".join(f"{mark.format(n)}做第{n}件事。具体内容。（牵头单位：区甲局）\n" for n in (1, 2, 3))
    p = parse_body(body)
    assert [t.number for t in p.tasks] == [1, 2, 3]
    assert [t.title for t in p.tasks] == ["做第1件事", "做第2件事", "做第3件事"]
    assert all(t.lead_units == ("区甲局",) for t in p.tasks)


def test_full_width_digits_in_numbering_are_read():
    p = parse_body("１.做甲事。（牵头单位：区甲局）\n２.做乙事。（牵头单位：区乙局）\n")
    assert [t.number for t in p.tasks] == [1, 2]


def test_task_lines_and_sections_are_recorded():
    p = parse_body("1.做甲事。（牵头单位：区甲局）\n二、第二部分\n2.做乙事。（牵头单位：区乙局）\n")
    assert [t.line for t in p.tasks] == [HEADER_LINES + 1, HEADER_LINES + 3]
    assert [t.section for t in p.tasks] == [1, 2]
    assert [t.section_title for t in p.tasks] == ["夯实基础", "第二部分"]


# --- unit clauses ------------------------------------------------------------------------------


@pytest.mark.parametrize("sep", ["；", "，", ";", ","])
def test_unit_clause_separator_between_lead_and_responsible(sep):
    p = parse_body(f"1.做甲事。（牵头单位：区甲局{sep}责任单位：区乙局、区丙局）\n")
    t = p.tasks[0]
    assert t.lead_units == ("区甲局",)
    assert t.responsible_units == ("区乙局", "区丙局")
    assert t.units_text == f"牵头单位：区甲局{sep}责任单位：区乙局、区丙局"
    assert t.text == "做甲事。"


def test_unit_clause_responsible_without_lead():
    t = parse_body("1.做甲事。（责任单位：区财政局）\n").tasks[0]
    assert t.lead_units == ()
    assert t.responsible_units == ("区财政局",)
    assert t.citation().endswith("第1项，责任单位：区财政局）")


def test_unit_clause_verb_form_lead_and_cooperating():
    t = parse_body("1.做甲事。（区发展和改革局牵头，区财政局配合）\n").tasks[0]
    assert t.lead_units == ("区发展和改革局",)
    assert t.responsible_units == ("区财政局",)
    assert t.units_text == "区发展和改革局牵头，区财政局配合"


def test_unit_clause_verb_form_several_cooperating_units():
    t = parse_body("1.做甲事。（区民政局牵头，区财政局、区司法局配合）\n").tasks[0]
    assert t.lead_units == ("区民政局",)
    assert t.responsible_units == ("区财政局", "区司法局")


def test_unit_clause_duty_phrase_shares_the_task_without_a_lead():
    t = parse_body("1.做甲事。（区政府办公室、区司法局按职责分工负责）\n").tasks[0]
    assert t.lead_units == ()
    assert t.shared_units == ("区政府办公室", "区司法局")


def test_first_listed_unit_leads_where_the_notice_says_so():
    body = ("1.做甲事。（海关总署、财政部负责，排在第一位的部门为牵头部门，下同）\n"
            "2.做乙事。（商务部、海关总署等有关部门负责）\n")
    p = parse_body(body)
    assert p.notice.lead_convention == "排在第一位的部门为牵头部门，下同"
    assert (p.tasks[0].lead_units, p.tasks[0].responsible_units) == (("海关总署",), ("财政部",))
    assert (p.tasks[1].lead_units, p.tasks[1].responsible_units) == (("商务部",), ("海关总署",))
    assert p.tasks[1].and_others


def test_a_bare_unit_list_without_a_convention_names_no_lead():
    t = parse_body("1.做甲事。（海关总署、财政部负责）\n").tasks[0]
    assert t.lead_units == ()
    assert t.responsible_units == ("海关总署", "财政部")


def test_unit_clause_with_ascii_colon_and_parentheses():
    t = parse_body("1.做甲事。(牵头单位:区甲局,责任单位:区乙局)\n").tasks[0]
    assert t.lead_units == ("区甲局",)
    assert t.responsible_units == ("区乙局",)
    assert t.text == "做甲事。"


def test_unit_clause_other_label_words():
    t = parse_body("1.做甲事。（牵头部门：区甲局；配合部门：区乙局）\n").tasks[0]
    assert t.lead_units == ("区甲局",)
    assert t.responsible_units == ("区乙局",)


def test_task_without_unit_clause_has_empty_units():
    p = parse_body("1.做甲事。内容（含说明）。\n2.做乙事。（牵头单位：区乙局）\n")
    t = p.tasks[0]
    assert t.units_text == ""
    assert t.lead_units == () and t.responsible_units == ()
    assert t.text == "做甲事。内容（含说明）。"
    assert p.tasks[1].lead_units == ("区乙局",)


def test_task_spanning_two_lines_is_joined():
    p = parse_body("1.做甲事。第一句内容，\n延续到第二行。（牵头单位：区甲局）\n2.做乙事。（牵头单位：区乙局）\n")
    t = p.tasks[0]
    assert t.text == "做甲事。第一句内容，延续到第二行。"
    assert t.lead_units == ("区甲局",)
    assert t.line == HEADER_LINES + 1
    assert p.tasks[1].line == HEADER_LINES + 3


def test_unit_clause_on_its_own_line_belongs_to_the_task():
    t = parse_body("1.做甲事。具体内容。\n（牵头单位：区甲局）\n").tasks[0]
    assert t.lead_units == ("区甲局",)
    assert t.text == "做甲事。具体内容。"


@pytest.mark.parametrize("decimal", ["1.5万亩", "1．5万亩", "2.5亿元", "3.14公里"])
def test_decimal_at_line_start_is_not_a_task(decimal):
    p = parse_body(f"1.做甲事。新建农田\n{decimal}，完成目标。（牵头单位：区甲局）\n2.做乙事。（牵头单位：区乙局）\n")
    assert [t.number for t in p.tasks] == [1, 2]
    assert p.tasks[0].text == f"做甲事。新建农田{decimal}，完成目标。"


def test_year_at_line_start_is_not_a_task():
    p = parse_body("1.做甲事。目标是\n2023年完成，2024年巩固。（牵头单位：区甲局）\n2.做乙事。\n")
    assert [t.number for t in p.tasks] == [1, 2]
    assert "2023年完成" in p.tasks[0].text


def test_long_first_sentence_title_is_cut_at_a_comma():
    body = "1." + "甲" * 30 + "，" + "乙" * 30 + "。（牵头单位：区甲局）\n"
    t = parse_body(body).tasks[0]
    assert t.title == "甲" * 30


def test_split_units_clause_keeps_body_brackets():
    body, units = split_units_clause("推进（枣庄段）建设。（牵头单位：区文化和旅游局）")
    assert body == "推进（枣庄段）建设。"
    assert units == "牵头单位：区文化和旅游局"


def test_split_units_clause_without_units_returns_text_unchanged():
    assert split_units_clause("推进（枣庄段）建设。") == ("推进（枣庄段）建设。", "")


def test_read_clause_drops_trailing_deng_and_duplicates():
    r = read_clause("牵头单位：区甲局、区甲局，责任单位：区乙局等")
    assert [(u.name, u.role.value) for u in r.units] == [("区甲局", "lead"), ("区乙局", "responsible")]
    assert r.and_others
    assert read_clause("").units == ()


# --- header facts on synthetic notices ----------------------------------------------------------


def test_synthetic_notice_header_facts():
    p = parse_notice(notice_text(tasks=5), source="a.txt")
    n = p.notice
    assert n.doc_id == "测政办字〔2024〕3号"
    assert n.title == "关于印发测试区2024年数字乡村重点工作任务的通知"
    assert n.issuer == "测试区人民政府办公室"
    assert n.date == "2024年3月1日"
    assert n.disclosure == "此件公开发布"
    assert n.recipients == "各镇人民政府、各街道办事处，区政府各部门"
    assert [s.number for s in n.sections] == [1, 2]
    assert [t.section for t in p.tasks] == [1, 1, 1, 2, 2]


def test_notice_without_doc_id_is_named_by_its_title_and_date():
    p = parse_notice("关于做好某项工作的通知\n2024年5月6日\n一、总体\n1.做事。（牵头单位：区甲局）\n", source="a.txt")
    assert p.notice.doc_id == "《关于做好某项工作的通知》（2024年5月6日）"
    assert p.tasks[0].citation().startswith("（《关于做好某项工作的通知》（2024年5月6日） 第1项")


def test_a_title_with_a_remark_after_it_does_not_run_into_the_pages_fields():
    # an archived page: 标题: …的通知(废止), then the page's own fields, one per line
    text = ("标题: 莆田市人民政府办公室关于做好春季农业生产的通知(废止)\n发布时间: 2020-03-30 16:31\n"
            "文号: 莆政办〔2020〕21号\n发布机构: 市府办\n一、总体\n1.做事。（牵头单位：市甲局）\n")
    p = parse_notice(text, source="a.txt")
    assert p.notice.title.endswith("的通知(废止)") and "发布时间" not in p.notice.title


# --- errors -------------------------------------------------------------------------------------


def test_no_tasks_is_an_error_naming_the_file():
    with pytest.raises(NoticeError) as err:
        parse_notice("关于某事的通知\n各单位：\n请认真做好某事。正文没有任何编号。\n", source="empty_tasks.txt")
    assert "empty_tasks.txt" in str(err.value)
    assert err.value.source == "empty_tasks.txt"
    assert err.value.line is None


def test_numbering_that_skips_is_read_with_a_warning_naming_the_line():
    p = parse_body("1.做甲事。\n2.做乙事。\n4.做丁事。\n", source="skip.txt")
    assert [t.number for t in p.tasks] == [1, 2, 4]
    gaps = [w for w in p.warnings if w.kind == "numbering_gap"]
    assert [w.line for w in gaps] == [HEADER_LINES + 3]


def test_numbering_that_repeats_is_body_text_with_a_warning():
    p = parse_body("1.做甲事。\n2.做乙事。\n2.做丙事。\n", source="repeat.txt")
    assert [t.number for t in p.tasks] == [1, 2]
    assert "做丙事" in p.tasks[1].text
    assert [w.line for w in p.warnings if w.kind == "numbering_repeat"] == [HEADER_LINES + 3]


def test_numbering_that_does_not_start_at_one_is_read_with_a_warning():
    p = parse_body("1.做甲事。\n3.做丙事。\n", source="start.txt")
    assert [t.number for t in p.tasks] == [1, 3]
    assert any(w.line == HEADER_LINES + 2 for w in p.warnings)


def test_a_task_title_starting_with_digits_is_the_next_task():
    p = parse_body("10.做甲事。（牵头单位：区甲局）\n11.121人才梯队项目。（牵头单位：区乙局）\n".replace("10.", "1.")
                   .replace("11.121", "2.121"))
    assert [t.number for t in p.tasks] == [1, 2]
    assert p.tasks[1].title == "121人才梯队项目"


@pytest.mark.parametrize(("name", "hint"), [("notice.doc", ".docx"), ("notice.wps", ".docx"), ("notice.xyz", ".txt")])
def test_read_notice_refuses_unsupported_suffix_naming_the_fix(tmp_path, name, hint):
    path = tmp_path / name
    path.write_text(notice_text(), encoding="utf-8")
    with pytest.raises(NoticeError) as err:
        read_notice(path)
    assert name in str(err.value)
    assert hint in str(err.value)


def test_read_notice_refuses_missing_file(tmp_path):
    with pytest.raises(NoticeError) as err:
        read_notice(tmp_path / "missing.txt")
    assert "missing.txt" in str(err.value)


def test_gbk_file_parses_like_utf8(tmp_path):
    text = notice_text(tasks=5)
    utf8 = tmp_path / "u.txt"
    gbk = tmp_path / "g.txt"
    utf8.write_bytes(text.encode("utf-8"))
    gbk.write_bytes(text.encode("gbk"))
    a, b = read_notice(utf8), read_notice(gbk)
    assert a.tasks == b.tasks
    same = ("doc_id", "title", "issuer", "date", "basis", "sections", "recipients", "disclosure")
    assert {k: getattr(a.notice, k) for k in same} == {k: getattr(b.notice, k) for k in same}
    assert a.notice.sha256 != b.notice.sha256


def test_seed_in_gbk_parses_like_utf8(seed, seed_text):
    p = parse_bytes(seed_text.encode("gb18030"), SEED_PATH.name)
    assert p.tasks == seed.tasks
    assert p.notice.basis == seed.notice.basis


def test_utf8_with_bom_parses(tmp_path):
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbf" + notice_text().encode("utf-8"))
    assert read_notice(path).notice.doc_id == "测政办字〔2024〕3号"


def test_crlf_line_endings_parse_like_lf():
    text = notice_text(tasks=3)
    assert parse_notice(text.replace("\n", "\r\n"), "a.txt").tasks == parse_notice(text, "a.txt").tasks


def test_bytes_in_neither_encoding_are_refused(tmp_path):
    path = tmp_path / "bad.txt"
    path.write_bytes(notice_text().encode("utf-8") + b"\xff\xff\x80\xff")
    with pytest.raises(NoticeError) as err:
        read_notice(path)
    assert "bad.txt" in str(err.value)
    assert "UTF-8" in str(err.value)


def test_binary_file_is_refused():
    with pytest.raises(NoticeError) as err:
        parse_bytes(b"\x00\x01\x02binary" * 10, "bin.txt")
    assert "bin.txt" in str(err.value)


def test_docx_paragraphs_parse_as_lines(tmp_path):
    docx = pytest.importorskip("docx")
    text = notice_text(tasks=5)
    document = docx.Document()
    for line in text.rstrip("\n").split("\n"):
        document.add_paragraph(line)
    path = tmp_path / "notice.docx"
    document.save(str(path))
    from_docx = read_notice(path)
    from_txt = parse_notice(text, source="notice.docx")
    assert from_docx.tasks == from_txt.tasks
    assert from_docx.notice.doc_id == "测政办字〔2024〕3号"
    assert from_docx.notice.title == from_txt.notice.title
    assert from_docx.notice.source == "notice.docx"


def test_zip_that_is_not_a_docx_is_refused(tmp_path):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("readme.txt", notice_text())
    path = tmp_path / "fake.docx"
    path.write_bytes(buf.getvalue())
    with pytest.raises(NoticeError) as err:
        read_notice(path)
    assert "fake.docx" in str(err.value)
    assert "word/document.xml" in str(err.value)


def test_non_zip_docx_is_refused(tmp_path):
    path = tmp_path / "plain.docx"
    path.write_bytes(notice_text().encode("utf-8"))
    with pytest.raises(NoticeError) as err:
        read_notice(path)
    assert "plain.docx" in str(err.value)
    assert "zip" in str(err.value)


def test_broken_docx_package_is_refused(tmp_path):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("word/document.xml", "<not xml")
    path = tmp_path / "broken.docx"
    path.write_bytes(buf.getvalue())
    with pytest.raises(NoticeError) as err:
        read_notice(path)
    assert "broken.docx" in str(err.value)


def test_oversized_file_is_refused():
    from rag.parse import MAX_FILE_BYTES

    with pytest.raises(NoticeError) as err:
        parse_bytes(b"a" * (MAX_FILE_BYTES + 1), "huge.txt")
    assert "huge.txt" in str(err.value)


def test_sub_items_in_another_numbering_style_stay_inside_their_task():
    from rag.parse import parse_notice

    text = ("测政办字〔2024〕8号\n关于印发测试的通知\n一、总体要求\n（一）基础设施\n"
            "1.建设道路。分三步：\n（1）完成设计；\n（2）开工建设。\n（牵头单位：区交通运输局）\n"
            "2.建设桥梁。年内完成2座。（牵头单位：区住房和城乡建设局）\n")
    tasks = parse_notice(text, "sub.txt").tasks
    assert [t.number for t in tasks] == [1, 2]
    assert "（1）完成设计" in tasks[0].text and tasks[0].lead_units == ("区交通运输局",)
    assert tasks[1].section == 1


def test_a_notice_in_another_house_style_parses_by_the_same_rules():
    """1、 numbering, a bare 牵头单位 line, 责任单位 alone, verb form, duty form with a deadline label."""
    from rag.parse import read_notice

    p = read_notice(Path(__file__).parent / "fixtures" / "unseen_notice.txt")
    assert (p.notice.doc_id, p.notice.date, p.notice.issuer) == ("测政发〔2024〕12号", "2024年4月8日", "测试区人民政府")
    got = [(t.number, t.section, t.title, t.lead_units, t.responsible_units) for t in p.tasks]
    assert got == [
        (1, 1, "深化“一网通办”", ("区行政审批服务局",), ("区大数据中心", "区司法局")),
        (2, 1, "推进“一件事”改革", (), ("区行政审批服务局",)),
        (3, 2, "降低企业融资成本", ("区金融服务中心",), ()),
        (4, 2, "加强知识产权保护", ("区市场监督管理局",), ("区司法局", "区公安分局")),
        (5, 2, "清理拖欠企业账款", (), ()),
    ]
    assert p.tasks[4].shared_units == ("区财政局", "区工业和信息化局")
    assert "牵头单位" not in p.tasks[2].text and "完成时限" in p.tasks[4].units_text


def test_a_task_whose_sub_items_each_close_with_their_units_has_them_all():
    text = ("某府办〔2021〕1号\n关于某事的通知\n一、主要任务\n1.推进公园建设。以公园为基底注入多元功能。\n"
            "(1)以公园+推动融合。加强公园与体育的融合。(牵头单位：区绿化市容局;配合单位：区体育局)\n"
            "(2)以+公园推动提升。带动城区品质提升。(牵头单位：区绿化市容局;配合单位：区教育局、各街镇)\n"
            "2.推进资源共享。开放单位绿地。(牵头单位：区规划资源局)\n"
            "3.推进四化建设。落实四化要求。(牵头单位：区绿化市容局)\n"
            "4.推进绿道建设。建成绿道10公里。(牵头单位：区绿化市容局)\n")
    p = parse_notice(text, "t.txt")
    assert [t.number for t in p.tasks] == [1, 2, 3, 4]
    assert p.tasks[0].lead_units == ("区绿化市容局",)
    assert p.tasks[0].responsible_units == ("区体育局", "区教育局", "各街镇")


def test_a_pages_text_run_together_on_one_line_is_read_paragraph_by_paragraph():
    page = ("当前位置： 首页 政务公开 " * 100 + "岚综管办〔2015〕165号 关于印发任务分工实施方案的通知 各单位： 现印发给你们。 "
            "一、加强制度建设 （一）加强相关制度建设。 1.实施信用信息采集制度。（责任单位：区经济发展局、人民银行平潭支行） "
            "2.建立信用信息分类管理制度。（责任单位：区经济发展局） （二）建立健全标准体系。 "
            "3.加快标准体系建设。（责任单位：区市场监督管理局）")
    p = parse_notice(page, "t.txt")
    assert p.notice.doc_id == "岚综管办〔2015〕165号"
    assert [t.number for t in p.tasks] == [1, 2, 3]
    assert p.tasks[0].responsible_units == ("区经济发展局", "人民银行平潭支行")


# ---- conventions of blind round 4 (issue 9) -------------------------------------------------------

def test_a_first_listed_leads_convention_saying_the_same_below_holds_from_where_it_is_written():
    p = parse_body(
        "1.生产总值增长6%。\n责任单位：区发改委\n"
        "2.固定资产投资增长10%。\n责任单位：区发改委、区经信局、区财政局（除标注“分别牵头”外，列第一位为牵头或汇总单位，下同）\n"
        "3.社会消费品零售总额增长5%。\n责任单位：区商务局\n"
        "4.城乡居民收入增速领先。\n责任单位：区人力社保局、区农业农村局分别牵头\n")
    roles = [[(u.name, u.role.value) for u in t.units] for t in p.tasks]
    assert roles == [
        [("区发改委", "responsible")],  # before the convention is stated
        [("区发改委", "lead"), ("区经信局", "responsible"), ("区财政局", "responsible")],
        [("区商务局", "lead")],
        [("区人力社保局", "lead"), ("区农业农村局", "lead")],
    ]
    assert p.notice.lead_convention


def test_a_page_run_together_with_no_gaps_is_cut_where_its_marks_go_on():
    body = ("一、总体要求。做好工作。二、发展目标。到2018年完成。三、重点领域（一）互联网+农业1．行动目标。到2018年建成平台。2．主要任务建设平台，统一、规范管理。"
            "牵头单位：区农业局，配合单位：区财政局（二）互联网+旅游1．行动目标。游客满意。2．主要任务建设智慧景区。"
            "牵头单位：区旅游局，配合单位：区交通局三、保障措施（一）加强组织领导。建立机制。牵头单位：区发改局，配合单位：各有关单位"
            "（二）强化宣传。做好宣传。牵头单位：区宣传部")
    text = HEADER.replace("一、夯实基础\n", "") + "前言 " * 300 + body
    p = parse_notice(text, source="runon.txt")
    got = [(t.title, t.lead_units) for t in p.tasks]
    assert got == [("互联网+农业", ("区农业局",)), ("互联网+旅游", ("区旅游局",)),
                   ("加强组织领导", ("区发改局",)), ("强化宣传", ("区宣传部",))]
    assert len({t.key for t in p.tasks}) == 4  # 三、 written twice: the keys still tell the sections apart
    assert any(w.kind == "numbering_repeat" for w in p.notice.warnings)


def test_a_table_whose_rows_are_lines_of_cells_apart_by_spaces():
    p = parse_body("附件\n序号 工 作 任 务 牵头负责部门\n1 居民消费价格涨幅3%左右 发展改革委\n"
                   "2 城镇新增就业1000万人以上 人力资源社会保障部\n")
    assert [(t.number, t.title, t.lead_units) for t in p.tasks] == [
        (1, "居民消费价格涨幅3%左右", ("发展改革委",)), (2, "城镇新增就业1000万人以上", ("人力资源社会保障部",))]


def test_a_run_on_page_with_bracketed_units_and_numbers_left_out_is_cut_at_its_marks():
    body = ("二、目标任务（一）种植业治理1.推广技术。（区农发局）2.标准化生产。（区农发局）"
            "（二）饮用水治理1.保护水源。（区环土局）2.供水管理。（区交建局）4.水质监测。（区卫计局）"
            "（四）市场治理1.排查整治。（区市场监管局）2.小作坊整顿。（区市场监管局）")
    text = HEADER.replace("一、夯实基础\n", "一、总体要求。做好工作。") + "前言 " * 300 + body
    p = parse_notice(text, source="runon.txt")
    assert [(t.ref, t.number, t.lead_units or tuple(u.name for u in t.units)) for t in p.tasks] == [
        ("第二部分（一）", 1, ("区农发局",)), ("第二部分（一）", 2, ("区农发局",)),
        ("第二部分（二）", 1, ("区环土局",)), ("第二部分（二）", 2, ("区交建局",)), ("第二部分（二）", 4, ("区卫计局",)),
        ("第二部分（四）", 1, ("区市场监管局",)), ("第二部分（四）", 2, ("区市场监管局",))]


def test_tasks_whose_units_are_named_only_at_a_sections_end_stay_tasks():
    # the last item of each section has a clause and the others none: no template of sub-items, so the
    # items are tasks (found by the property test on a fresh clone)
    p = parse_body("1.推进建设。完善。\n2.加强实施。开展。（牵头单位：区财政局）\n二、第二部分\n3.提升城市。乡村。\n"
                   "4.产业数字。绿色。（牵头单位：区委宣传部）\n")
    assert [(t.number, t.lead_units) for t in p.tasks] == [(1, ()), (2, ("区财政局",)), (3, ()), (4, ("区委宣传部",))]


def test_a_document_number_run_on_after_the_title_and_a_signature_run_on_after_the_last_task():
    text = ("国务院办公厅关于进一步优化营商环境的实施意见国办发〔2020〕24号\n\n"
            "各省、自治区、直辖市人民政府：现提出以下意见。\n一、优化审批\n（一）优化流程。做好审批。（国家发展改革委牵头，"
            "国务院相关部门及各地区按职责分工负责）\n（二）提升效率。做好建设。（住房城乡建设部牵头，各地区按职责分工负责）"
            "国务院办公厅2020年7月15日 来源：中国政府网")
    p = parse_notice(text)
    assert (p.notice.doc_id, p.notice.title, p.notice.issuer) == (
        "国办发〔2020〕24号", "关于进一步优化营商环境的实施意见", "国务院办公厅")
    assert [t.lead_units for t in p.tasks] == [("国家发展改革委",), ("住房城乡建设部",)]
    assert "来源" not in p.tasks[-1].text and "2020年7月15日" not in p.tasks[-1].text


def test_a_closing_signature_on_two_lines_ends_the_last_task_and_a_field_label_is_no_issuer():
    text = ("标题: 某管委会关于印发某方案的通知\n某管综〔2016〕1号\n一、任务\n（一）做事。责任单位：区农村发展局。\n"
            "（二）建立考核机制。定期考核。责任单位：区农村发展局。\n某管委会\n2016年5月17日\n来源：某网站 附件下载\n")
    p = parse_notice(text)
    assert p.notice.issuer == "某管委会"
    assert p.tasks[-1].responsible_units == ("区农村发展局",)
    assert "来源" not in p.tasks[-1].text


def test_a_heading_whose_sub_items_each_close_with_units_is_split_into_them():
    text = ("某府办〔2016〕1号\n关于某事的通知\n一、主要任务\n1．优化公交线网。加密线路。责任单位：区交建局\n"
            "2．实施治堵综合整治工程\n（1）全面排查拥堵路段。建立台账。责任单位：区公安局、区交建局\n"
            "（2）落实堵点整治责任。提出改造方案。责任单位：区交建局\n3．规范停车。建设停车场。责任单位：区规划局\n")
    p = parse_notice(text, "t.txt")
    assert [t.title for t in p.tasks] == ["优化公交线网", "全面排查拥堵路段", "落实堵点整治责任", "规范停车"]
    assert p.tasks[1].responsible_units == ("区公安局", "区交建局")


def test_a_mark_before_a_year_and_an_angle_bracket_typo():
    text = ("某府办〔2020〕1号\n关于某事的通知\n（一）简化审批。（国务院办公厅牵头，各部门负责）具体措施：\n"
            "1．2021年6月底前研究提出新一批取消的事项。（国务院办公厅牵头，国务院相关部门按职责分工负责）\n"
            "2．开展餐饮服务标准化建设。（区市场监管局〉\n")
    p = parse_notice(text, "t.txt")
    assert [t.title[:4] for t in p.tasks] == ["2021", "开展餐饮"]
    assert p.tasks[1].responsible_units == ("区市场监管局",)


def test_a_half_width_point_before_a_year_is_a_mark():
    # 平潭 岚综管综〔2017〕208号 (round 62): 1.2017年10月底前在全省范围内实现… — no decimal 1.2017
    lines = ("某府办〔2020〕1号\n关于某事的通知\n一、任务分工\n1.2017年10月底前实现“多证合一”。责任单位：区市场监管局牵头\n"
             "2.推进“证照分离”改革试点。责任单位：区行政审批局牵头\n")
    p = parse_notice(lines, "t.txt")
    assert [(t.number, t.title[:4], t.lead_units) for t in p.tasks] == [
        (1, "2017", ("区市场监管局",)), (2, "推进“证", ("区行政审批局",))]
    # (the page itself is one run-on line: tests/fixtures/real/pingtan_gwh_2017_fgfw.txt, read whole)


def test_each_task_keeps_its_own_printed_mark():
    real = Path(__file__).parent / "fixtures" / "real" / "pt_2015_70_yjhj.txt"
    tasks = read_notice(real).tasks
    marks = {(t.path, t.number): t.mark for t in tasks}
    assert marks[(("三",), 9)] == "（九）"  # （九）城市地下综合管廊（管沟）实施项目
    assert marks[(("三", "（六）"), 2)] == "2"  # 2.雨水管网实施项目, under （六）


def test_a_lead_by_the_notice_s_convention_is_shown_as_the_lead():
    reading = read_clause("责任单位:市发改委、市经信局", first_leads=True)
    assert [(u.name, u.role.value, u.label) for u in reading.units] == [
        ("市发改委", "lead", ""), ("市经信局", "responsible", "责任单位")]


def test_the_notice_s_closing_paragraphs_after_the_last_task_are_not_its_text():
    text = ("一、推进甲项工作。（区财政局负责）\n二、推进乙项工作，确保年内完成。（区民政局、区财政局负责）\n"
            "各有关部门要认真组织实施，及时制定实施办法，确保各项措施落到实处。\n"
            "各地要建立工作机制，统筹做好组织落实工作。\n")
    last = parse_notice(text, "closing.txt").tasks[-1]
    assert last.text.endswith("确保年内完成。") and "各有关部门" not in last.text
    assert last.unit_names == ("区民政局", "区财政局")


def test_unnumbered_bullets_that_each_close_with_a_clause_are_tasks_below_their_heading():
    text = ("一、关于发展目标\n到2020年，建成示范城市。\n（市领导小组成员单位按照职能分工负责）\n近五年目标：\n"
            "——专利申请量年均增长15%以上。\n（市科技局、经贸委等部门按照职能分工负责，各县区人民政府配合）\n"
            "——商标注册量明显增加。\n（市工商局、质监局等部门按照职能分工负责）\n"
            "二、关于重点任务\n1．强化政府引导功能。加强政策衔接。\n（市发展改革委、科技局等部门按照职能分工负责）\n"
            "2．突出企业主体地位。\n（市经贸委等部门按照职能分工负责）\n3．激励发明创造。\n（市科协等部门按照职能分工负责）\n")
    tasks = parse_notice(text, "dash.txt").tasks
    assert [(t.mark, t.title) for t in tasks] == [("一", "关于发展目标"), ("——", "专利申请量年均增长15%以上"),
                                                  ("——", "商标注册量明显增加"), ("1", "强化政府引导功能"),
                                                  ("2", "突出企业主体地位"), ("3", "激励发明创造")]
    assert tasks[0].unit_names == ("市领导小组成员单位",)  # its own clause, not its bullets'
    assert [u.role.value for u in tasks[1].units] == ["shared", "shared", "responsible"]


def test_a_labelled_run_closing_a_task_s_first_paragraph_is_its_clause():
    text = ("一、高速公路建设任务\n新增通车里程约91公里。责任单位：市高速公路有限公司，各县（区）人民政府（管委会）。\n"
            "市高速公路有限公司要主动协调，加大政府投入。\n二、普通公路建设任务\n完成危桥改造。责任单位：市交通局、市公路局。\n")
    tasks = parse_notice(text, "run.txt").tasks
    assert tasks[0].unit_names == ("市高速公路有限公司", "各县（区）人民政府（管委会）")
    assert "要主动协调" in tasks[0].text and tasks[0].title == "高速公路建设任务"


def test_a_forwarded_notice_restarting_the_top_numbering_is_read():
    text = ("一、\n结合本市实际，抓好落实。\n二、\n加强督查。\n"
            "一、实施高质量发展战略\n（一）大力发展实体经济。加快项目建设。\n责任单位：省发改委、经信委\n"
            "二、实施就业政策\n（二）完善政策体系。分类施策。\n责任单位：省人社厅、财政厅\n")
    tasks = parse_notice(text, "fwd.txt").tasks
    assert [(t.path, t.unit_names) for t in tasks] == [(("一",), ("省发改委", "经信委")), (("二",), ("省人社厅", "财政厅"))]


def test_numbers_broken_over_lines_and_unnumbered_bullets_with_clauses_are_read():
    text = ("二、责任主体及工作分工\n1\n、约束性指标的责任部门\n（\n1\n）省下达的三大约束性指标\n"
            "耕地保有量。（市国土资源局牵头）\n单位生产总值能源消耗降低。（市经贸委牵头）\n"
            "（\n2\n）其他约束性指标\n森林覆盖率\n58%\n。（市林业局牵头）\n城市建成区绿化覆盖率\n40%\n。（市建设局牵头）\n"
            "2\n.\n重大工程。\n责任单位：市发改委牵头，市直有关单位，\n各县（市、区）人民政府\n")
    tasks = parse_notice(text, "broken.txt").tasks
    assert [(t.number, t.lead_units) for t in tasks] == [
        (1, ("市国土资源局",)), (2, ("市经贸委",)), (1, ("市林业局",)), (2, ("市建设局",)), (2, ("市发改委",))]
    assert tasks[2].title.startswith("森林覆盖率58%")
    assert tasks[-1].unit_names == ("市发改委", "市直有关单位", "各县（市、区）人民政府")


def test_a_number_broken_out_of_its_sentence_is_kept_a_page_number_is_not():
    text = ("一、约束性指标\n1.总人口控制在\n318\n万人以内。（市人口计生委牵头）\n2.森林覆盖率达到标准。\n3\n"
            "（市林业局牵头）\n")
    tasks = parse_notice(text, "figures.txt").tasks
    assert tasks[0].text.startswith("总人口控制在318万人以内")
    assert "3" not in tasks[1].text and tasks[1].lead_units == ("市林业局",)


def test_figures_latin_words_and_lists_broken_over_lines_are_joined_back():
    text = ("一、主要任务\n（一）发展移动通信网络\n深化\n4G\n网络覆盖。\n新建\n4G\n基站\n0.15\n万个。\n"
            "责任单位：各县（区）人民政府\n(\n管委会\n)\n、市住建局\n"
            "加快推动\n5G\n网络试点。\n2020\n年，开展建设。\n责任单位：市通管办\n")
    tasks = parse_notice(text, "reflow.txt").tasks
    assert [t.title for t in tasks] == ["深化4G网络覆盖", "加快推动5G网络试点"]
    assert "新建4G基站0.15万个" in tasks[0].text and "2020年" in tasks[1].text
    assert tasks[0].unit_names == ("各县（区）人民政府(管委会)", "市住建局")


def test_a_sharing_convention_stated_once_makes_later_listed_units_share_without_a_lead():
    text = ("某政办〔2023〕6号\n关于某方案的通知\n1.完善协商制度。（责任单位：市民政局〔各有关责任单位按职责分工负责，下同〕）\n"
            "2.建设养老设施。（责任单位：市民政局、市住建局）\n3.建设道路。（牵头单位：市交通局；责任单位：市财政局）\n")
    tasks = parse_notice(text, "t.txt").tasks
    assert [u.role.value for u in tasks[1].units] == ["shared", "shared"]
    assert [(u.name, u.role.value) for u in tasks[2].units] == [("市交通局", "lead"), ("市财政局", "responsible")]


def test_duties_listed_under_headings_that_name_a_unit_are_that_unit_s():
    text = ("某府〔2017〕143号\n关于某意见的通知\n四、职责分工\n（一）区交通委\n1．制定操作流程。\n2．制定年度目标。\n"
            "（二）区公安分局\n调研道路停车资源供给状况。\n（三）区卫计委\n梳理医院停车需求。\n（四）区教育局\n梳理学校停车需求。\n")
    tasks = parse_notice(text, "t.txt").tasks
    assert [(t.title[:4], t.responsible_units) for t in tasks] == [
        ("制定操作", ("区交通委",)), ("制定年度", ("区交通委",)), ("调研道路", ("区公安分局",)),
        ("梳理医院", ("区卫计委",)), ("梳理学校", ("区教育局",))]


def test_duties_listed_by_unit_in_paragraphs_are_each_that_unit_s_and_a_sentence_before_them_names_the_leads():
    text = ("某府办发〔2022〕90号\n关于某方案的通知\n一、目标\n到2025年建成避难场所。\n五、职责分工\n"
            "在区政府的统一领导下，区民防办、应急管理局牵头，区财政局等部门履行相应职责。\n"
            "区民防办：负责制定专业规划。\n区应急管理局：参与建设指导。\n区财政局：负责落实经费。\n"
            "各镇政府、头桥集团：制定本区域建设计划。\n")
    tasks = parse_notice(text, "t.txt").tasks
    assert [(t.title[:4], t.lead_units, t.responsible_units) for t in tasks] == [
        ("负责制定", ("区民防办",), ()), ("参与建设", ("区应急管理局",), ()), ("负责落实", (), ("区财政局",)),
        ("制定本区", (), ("各镇政府", "头桥集团"))]


def test_a_lead_convention_that_names_its_part_holds_there_alone_even_when_stated_after_it():
    text = ("关于印发某行动方案的通知\n一、实施技能提升工程\n（一）开展职工培训。培训一万人次。\n责任单位：市工信局、人社局\n"
            "二、加强保障\n（一）强化领导。健全机制。\n责任单位：市人社局、财政局\n"
            "（二）强化落实。技能提升工程排第一位的责任部门，要牵头制定实施方案；相关责任部门要积极配合。\n责任单位：市财政局、审计局\n")
    tasks = parse_notice(text, source="a.txt").tasks
    assert [t.lead_units for t in tasks] == [("市工信局",), (), ()]


def test_paragraphs_that_each_close_with_units_under_a_heading_whose_first_paragraph_does_too():
    # 国办发〔2018〕128号: （一）heading。first paragraph（A牵头，B参与） / next paragraph（C、D指导）
    text = ("关于印发某方案的通知\n二、主要任务\n（一）强化顶层设计引领，发挥政府指导作用。建立指标体系，发挥导向作用。"
            "（生态环境部牵头，国家统计局参与）\n优化管理体制机制，强化部门分工协作。建立部门责任清单。（生态环境部、财政部指导）\n"
            "（二）推行农业绿色生产。推动秸秆全量利用。（农业农村部指导）\n")
    tasks = parse_notice(text, source="a.txt").tasks
    assert [(t.lead_units, tuple(u.name for u in t.units)) for t in tasks] == [
        (("生态环境部",), ("生态环境部", "国家统计局")), ((), ("生态环境部", "财政部")), ((), ("农业农村部",))]


def test_the_text_outside_the_tasks_is_kept_as_the_notice_s_passages():
    text = ("关于印发某方案的通知\n一、工作目标\n到2025年，全区人均避难面积达到1.5平方米以上。\n二、主要任务\n"
            "1.编制专业规划。（牵头单位：区民防办）\n2.推进学校建设。（责任单位：区教育局）\n三、时间安排\n本方案实施至2025年底结束。\n")
    p = parse_notice(text, source="a.txt")
    assert "到2025年，全区人均避难面积达到1.5平方米以上。" in p.notice.passages
    assert "本方案实施至2025年底结束。" in p.notice.passages
    assert not any("编制专业规划" in x for x in p.notice.passages)  # a task's text is the task's


def test_headings_below_the_sections_keep_their_titles_even_when_wrapped_or_followed_by_a_paragraph():
    p = parse_notice("测政办〔2024〕3号\n关于印发测试工作方案的通知\n一、总体要求\n坚持问题导向。\n二、主要任务\n"
                     "（一）加强\n知识产权\n管理\n1.完善管理制度。（牵头单位：市市场监管局）\n"
                     "2.建设信息平台。（牵头单位：市大数据局）\n"
                     "（二）约束性指标\n约束性指标是市级人民政府提出的工作要求，要分解落实。\n"
                     "1.单位GDP能耗下降3%。（牵头单位：市发改委）\n")
    assert [(h.path, h.title) for h in p.notice.headings] == [(("二", "（一）"), "加强知识产权管理"),
                                                              (("二", "（二）"), "约束性指标")]
    assert [s.title for s in p.notice.sections] == ["主要任务"]
    assert [t.path for t in p.tasks] == [("二", "（一）"), ("二", "（一）"), ("二", "（二）")]


def test_tortoise_shell_clauses_closing_unnumbered_paragraphs_even_when_broken_over_lines():
    # 明政〔2018〕20号: （二）heading / headline。/ paragraph / 〔责任单位：…〕 — a clause's names broken over lines
    text = ("关于印发某行动计划的通知\n二、主要任务\n（一）统筹规划对接\n主动做好沟通衔接。\n〔责任单位：市发改委、自然资源局〕\n"
            "（二）推进山海协作\n推动山海协作产业园建设。\n共建产业园区。\n〔责任单位：市农业农村局、工信局，各县（市、区）人民政府〕\n"
            "构建现代综合交通网络。\n加快推进铁路建设。\n〔责任单位：市发改委、交通运输局、铁办、\n三明沙县\n"
            "机场公司，各县（市、区）党委和人民政府〕\n")
    tasks = parse_notice(text, source="a.txt").tasks
    assert [t.unit_names for t in tasks] == [
        ("市发改委", "自然资源局"), ("市农业农村局", "工信局", "各县（市、区）人民政府"),
        ("市发改委", "交通运输局", "铁办", "三明沙县机场公司", "各县（市、区）党委和人民政府")]
    assert [t.path for t in tasks] == [("二",), ("二", "（二）"), ("二", "（二）")]


def test_field_lines_quotation_marks_and_unit_lists_a_web_page_broke_apart_are_read_back():
    # 莆政办〔2023〕19号: 牵头单位：X / 责任单位：Y on lines of their own after a name with no unit ending; a table
    # whose quoted words stand on lines of their own (推行公安服务 / “ / 一窗通办 / ” / …); a unit cell broken after 、
    text = ("关于印发某方案的通知\n一、主要任务\n1.强化融资支持。\n拓宽企业融资渠道。\n牵头单位：人行莆田市中支\n"
            "责任单位：市金融办、财政局\n附件\n重点任务清单\n序号\n事项\n具体内容\n完成时限\n责任单位\n"
            "1\n推行公安服务\n“\n一窗通办\n”\n推进公安派出所\n“\n一站式\n”综合服务窗口建设试点。\n持续\n推进\n市公安局\n"
            "2\n加强数据交换共享\n实现“快速通关”业务模式。\n持续推进\n莆田海关、\n市铁路办\n")
    tasks = parse_notice(text, source="a.txt").tasks
    assert [(t.lead_units, t.responsible_units) for t in tasks] == [
        (("人行莆田市中支",), ("市金融办", "财政局")), ((), ("市公安局",)), ((), ("莆田海关", "市铁路办"))]
    assert tasks[1].title == "推行公安服务“一窗通办”" and "推进公安派出所“一站式”综合服务窗口" in tasks[1].text


def test_a_doc_number_whose_issuer_abbreviation_holds_a_title_word_is_kept_whole():
    # 沪规划资源数〔2026〕141号: 规划 ends titles too, but nothing of a title runs on before the abbreviation here
    p = parse_notice("文号: 沪规划资源数〔2026〕141号\n关于印发某方案的通知\n一、任务\n1.做事。（责任部门：市规划资源局）\n")
    assert p.notice.doc_id == "沪规划资源数〔2026〕141号"
    q = parse_notice("关于更好服务市场主体的实施意见国办发〔2020〕24号\n一、任务\n1.做事。（国务院办公厅牵头）\n")
    assert q.notice.doc_id == "国办发〔2020〕24号"


def test_a_task_list_with_no_units_beside_duties_divided_by_unit_headings_is_kept():
    # the shape of 普府办〔2025〕1号 (tests/fixtures/real/SOURCES.md, round 18): the tasks are listed with no units,
    # and a later part gives each unit a heading with its duties — both are tasks; the procedure part is not
    text = "\n".join([
        "普府办〔2025〕1号", "关于印发实施方案的通知", "一、工作目标", "到2025年底，建成区40%以上面积达标。",
        "二、重点任务", "（一）完善规划体系", "1.强化规划管控。按年度开展达标评估。", "2.编制系统方案。编制达标区域系统方案。",
        "（二）推进海绵型公园绿地建设", "新改扩建公园绿地项目应全面落实海绵城市建设要求。",
        "三、管控流程", "（一）规划阶段", "组织修编海绵城市建设规划。",
        "四、职责分工", "（一）区建管委", "牵头协调督促本区海绵城市建设工作落实。", "（二）区发改委", "指导在项目立项阶段支持海绵城市建设。",
        "（三）区财政局", "负责安排海绵城市建设年度预算。"])
    p = parse_notice(text, "t.txt")
    assert [(t.title, [u.name for u in t.units]) for t in p.tasks] == [
        ("强化规划管控", []), ("编制系统方案", []), ("推进海绵型公园绿地建设", []),
        ("牵头协调督促本区海绵城市建设工作落实", ["区建管委"]), ("指导在项目立项阶段支持海绵城市建设", ["区发改委"]),
        ("负责安排海绵城市建设年度预算", ["区财政局"])]


def test_duties_listed_by_unit_as_the_subject_of_each_line_are_that_units_tasks():
    # the shape of 闵吴府发〔2021〕5号 (tests/fixtures/real/SOURCES.md, round 20): unnumbered lines under a heading, each
    # opening with its units, then their duty; 负责牵头 makes them lead
    text = "\n".join([
        "闵吴府发〔2021〕5号", "关于印发工作方案的通知", "一、工作任务", "1.全面排查。各居村于2021年12月20日前完成排查。",
        "二、保障措施", "（一）细化职责分工",
        "房管所、规建生态办负责牵头组织城镇房屋安全隐患排查整治工作；",
        "经发办负责园区、企业、商业体的房屋安全隐患排查整治工作；",
        "城运中心结合风险普查，协同做好面上排查整治协调等工作；",
        "财政所负责将城镇房屋安全管理相关经费纳入政府预算管理。"])
    p = parse_notice(text, "t.txt")
    got = [([(u.name, u.role.value) for u in t.units]) for t in p.tasks if t.units]
    assert got == [[("房管所", "lead"), ("规建生态办", "lead")], [("经发办", "responsible")],
                   [("城运中心", "responsible")], [("财政所", "responsible")]]


def test_numbered_items_opening_with_a_unit_and_a_colon_are_that_units_tasks():
    # the shape of 虹府办发〔2018〕19号's 各成员单位职责分工 (tests/fixtures/real/SOURCES.md, round 20)
    text = "\n".join([
        "虹府办发〔2018〕19号", "关于印发行动计划的通知", "一、职责分工", "（一）各成员单位职责分工。",
        "1.区绿化市容局（区分减联办）：负责总体牵头协调推进全区生活垃圾分类工作。",
        "2.区文明办：负责将垃圾分类工作情况纳入文明城区评选标准。",
        "3.区发改委：负责制定本区低价值可回收物补贴政策。",
        "4.区财政局：落实生活垃圾分类专项经费投入。"])
    p = parse_notice(text, "t.txt")
    assert [[(u.name, u.role.value) for u in t.units] for t in p.tasks] == [
        [("区绿化市容局（区分减联办）", "lead")], [("区文明办", "responsible")], [("区发改委", "responsible")],
        [("区财政局", "responsible")]]



def test_a_list_made_only_of_units_and_their_listed_duties_is_their_tasks():
    # the shape of jj_2023_jtgz's 五、要素保障 (tests/fixtures/real/SOURCES.md): one item says 负责, the others
    # list their duties ①…；②…
    text = "\n".join([
        "关于做好交通管制工作的方案", "一、工作任务", "（一）加强路口管控。（牵头单位：区公安局）",
        "（二）做好停车引导。（牵头单位：区城市发展集团）", "二、要素保障",
        "（一）区攻坚办：负责落实资金保障，统筹专项资金用于本次交通管制。",
        "（二）区公安局：①管制点交通流线设置；②道路交通标识设置；③准备1辆拖车。",
        "（三）区文旅发展集团：①现场指挥部设立在旅游集散中心；②设置3处管制点。"])
    p = parse_notice(text, "t.txt")
    assert [(t.title[:6], [(u.name, u.role.value) for u in t.units]) for t in p.tasks][2:] == [
        ("负责落实资金", [("区攻坚办", "responsible")]), ("①管制点交通", [("区公安局", "responsible")]),
        ("①现场指挥部", [("区文旅发展集团", "responsible")])]


def test_a_contact_list_of_units_is_not_their_tasks():
    text = "\n".join([
        "关于做好交通管制工作的方案", "一、工作任务", "（一）加强路口管控。（牵头单位：区公安局）",
        "（二）做好停车引导。（牵头单位：区城市发展集团）", "二、联系人",
        "（一）区攻坚办：负责人张三", "（二）区公安局：李四", "（三）区文旅发展集团：王五"])
    p = parse_notice(text, "t.txt")
    assert [t.units[0].name for t in p.tasks] == ["区公安局", "区城市发展集团"]

def test_fields_run_together_with_nothing_between_them_are_read():
    # the shape of 平潭国资局's 2021 活动方案 (round 27): a page on one line, each item's fields glued to each other —
    # 活动时间：…牵头处室：…责任对象：… — and no space anywhere between paragraphs
    items = "".join(f"（{cn}）开展第{cn}项活动活动内容：组织开展学习活动，具体形式另行通知。活动时间：2021年{k}月开始"
                    f"牵头处室：局党建人事处责任对象：局各处室、机关党支部，各区属国企" for k, cn in enumerate("一二三四五", 3))
    line = "活动方案一、指导思想深入学习。二、活动内容及时间安排" + items + "三、工作要求（一）提高认识。" + "做好宣传。" * 60
    p = parse_notice(line, "t.txt")
    tasks = [t for t in p.tasks if t.units]
    assert len(tasks) == 5
    assert [(u.name, u.role.value) for u in tasks[0].units] == [
        ("局党建人事处", "lead"), ("局各处室", "responsible"), ("机关党支部", "responsible"), ("各区属国企", "responsible")]


def test_a_page_run_together_keeps_names_apart_where_its_gaps_separate_them():
    # 平潭综合实验区 2021 (round 21): one line of a page, its paragraphs and some names separated by spaces only,
    # one label written with a space for its colon
    items = "".join(f"（{cn}）第{cn}项措施内容较长，需要说明具体做法和要求。责任单位：区财政金融局 " for cn in "一二三四五六七")
    line = ("平潭综合实验区加快金融业发展的若干措施 " + items
            + "（八）优化金融法治环境。责任单位：区法院、检察 院 区市场监管局、社会事业局 "
            + "（九）完善考核机制。责任单位 区财政金融局、各有关单位 五、保障措施 加强领导。" + "说明 " * 300)
    p = parse_notice(line, "t.txt")
    by = {t.number: t for t in p.tasks}
    assert by[8].responsible_units == ("区法院", "检察院", "区市场监管局", "社会事业局")
    assert "区财政金融局" in by[9].responsible_units


def test_fields_one_per_line_with_a_label_broken_before_its_scope_and_names_continued():
    # the shape of 莆城管发〔2022〕8号 and 莆林综［2010］25号 (tests/fixtures/real/SOURCES.md, round 28): a label's first
    # characters on a line of their own (市直 / 主办单位：, 我 / 局责任单位：), a list of 科室 continued on the next line,
    # and a heading's bracket broken off it (( / 二) …)
    text = "\n".join([
        "莆城管发〔2022〕8号", "关于印发工作方案的通知", "一、协办任务", "（一）", "治理餐桌污染", "主要内容：加强食品安全监管。",
        "市直", "主办单位：", "市食安办", "我", "局责任单位：", "执法协调科",
        "（二）", "综合治理海漂垃圾", "主要内容：常态化清理海漂垃圾。", "市直", "主办单位：", "市生态环境局", "我",
        "局责任单位：", "市容环卫科、市环境集团", "(", "三) 加强监督检查", "1、加强资金使用情况的监督检查。",
        "牵头科室：计财科", "责任科室：综合科、营林站、防火办", "林权登记中心", "四、附则"])
    p = parse_notice(text, "t.txt")
    got = [[(u.name, u.role.value) for u in t.units] for t in p.tasks]
    assert got[0] == [("市食安办", "lead"), ("执法协调科", "responsible")]
    assert got[1] == [("市生态环境局", "lead"), ("市容环卫科", "responsible"), ("市环境集团", "responsible")]
    assert ("林权登记中心", "responsible") in got[2] and ("计财科", "lead") in got[2]


def test_a_unit_and_a_committees_members_is_the_unit_and_a_group():
    from rag.clauses import is_generic, split_units
    assert is_generic("市城管委成员单位")
    assert split_units("市城市管理局等市城管委成员单位")[0] == ["市城市管理局"]


def test_a_label_with_its_other_name_in_brackets_and_one_item_under_each_heading():
    # the shapes of round 29 (tests/fixtures/real/SOURCES.md): 责任处室（单位）： is the label 责任处室, and an item
    # alone under its heading (（一）建立…机制 / 1.将…纳入…) has the heading's title
    text = "\n".join([
        "关于分解落实实施方案的通知", "一、构建监督体系", "（一）建立专项督导考核机制",
        "1.将诚信政府建设纳入局绩效考核内容，把违背信用承诺的信息纳入记录并进行归集和公开。",
        "责任处室（单位）：局法制科、政治部", "（二）建立横向监督机制",
        "2.依法接受人大及其常委会的监督，将办理建议提案的情况作为重要考量因素。", "责任单位：", "局行装科牵头，各单位；持续实施。"])
    p = parse_notice(text, "t.txt")
    assert [t.title for t in p.tasks] == ["建立专项督导考核机制", "建立横向监督机制"]
    assert [(u.name, u.role.value) for u in p.tasks[0].units] == [("局法制科", "responsible"), ("政治部", "responsible")]
    assert [(u.name, u.role.value) for u in p.tasks[1].units] == [("局行装科", "lead"), ("各单位", "responsible")]



def test_labelled_paragraphs_that_close_with_their_clauses_are_tasks_below_their_item():
    # 太仓's shape (round 30): （三）建设平台。… / 建设AI算力平台：…（牵头单位：…） / 建设公共服务平台：…（…）
    text = "\n".join([
        "关于印发行动计划的通知", "三、主要任务", "（一）集聚创业人才。发挥好首次考察补贴作用。（牵头单位：市委组织部，责任单位：市教育局）",
        "（二）建设支撑平台。发挥国有企业在基础设施建设方面的主导作用，建设两个平台。",
        "建设AI算力平台：加快建设算力调度平台，整合全市算力资源。（牵头单位：市科技局、市数据局，责任单位：资产集团）",
        "建设公共服务平台：上线市级公共服务平台，提供开发支持。（牵头单位：市数据局，责任单位：市工信局）",
        "四、保障措施", "加强统筹协调。"])
    p = parse_notice(text, "t.txt")
    got = [(t.title, t.lead_units) for t in p.tasks]
    assert got == [("集聚创业人才", ("市委组织部",)), ("建设支撑平台", ()), ("建设AI算力平台", ("市科技局", "市数据局")),
                   ("建设公共服务平台", ("市数据局",))]


def test_a_task_opening_with_the_unit_that_leads_it_is_led_by_that_unit():
    # 莆田 (round 32): 1.市政维护管理处牵头开展城市主干道市政道路常态普查行动。
    p = parse_notice("一、工作任务\n1.市政维护管理处牵头开展道路常态普查行动。加强隐患治理。\n"
                     "2.各县区（管委会）城市管理局（执法局）牵头开展渣土车综合监管行动。督促施工单位。\n"
                     "3.加强宣传教育。营造良好氛围。\n")
    assert [t.lead_units for t in p.tasks] == [("市政维护管理处",), ("各县区（管委会）城市管理局（执法局）",), ()]


def test_a_name_in_brackets_after_a_unit_is_its_other_name_not_a_clause():
    p = parse_notice("一、工作任务\n（一）加强组织领导，及时报告县区政府（管委会）。\n责任单位：市政维护管理处\n"
                     "（二）严格执法。\n责任单位：市局综合业务科\n")
    assert [u.name for u in p.tasks[0].units] == ["市政维护管理处"]


def test_a_remark_on_what_a_name_covers_is_not_part_of_it():
    # 武汉 (round 32): （责任单位：各区人民政府〈含开发区、长江新区、风景区管委会,下同〉）
    p = parse_notice("一、推进建设。建设社区。（责任单位：市数据局、各区人民政府〈含开发区、长江新区、风景区管委会,下同〉）\n"
                     "二、加强服务。提供服务。（责任单位：市科创局,各区人民政府）\n")
    assert [u.name for u in p.tasks[0].units] == ["市数据局", "各区人民政府"]


def test_duties_run_on_from_the_units_name_under_a_heading_of_duties():
    # 平潭 (round 32), its paragraphs run together: （一）区党群工作部按照国家、省部署落实…
    p = parse_notice("一、工作措施\n（一）开展视力监测行动。各校严格落实监测制度。\n（二）开展健康教室行动。改善照明。\n"
                     "二、职责分工\n（一）区党群工作部按照国家、省部署落实职称评审政策。\n"
                     "（二）区财政金融局保障专项经费。\n（三）区社会事业局\n1.认真贯彻落实卫生工作条例。\n2.健全体育卫生制度。\n"
                     "（四）区市场监督管理局严格监管验光配镜行业。\n")
    units = {t.title: [u.name for u in t.units] for t in p.tasks}
    assert units["认真贯彻落实卫生工作条例"] == ["区社会事业局"]
    # (the unit is its duty's subject: the sentence keeps it, as written)
    assert next(v for k, v in units.items() if k.startswith("区党群工作部按照国家")) == ["区党群工作部"]
    assert next(v for k, v in units.items() if k.startswith("区市场监督管理局严格监管")) == ["区市场监督管理局"]
    assert units["开展视力监测行动"] == []  # 工作措施: the tasks themselves, beside the duties by unit


# ---- conventions of round 39 (putian_szfb_2023_jbyl, sanming_szfb_2023_gmjk, putian_szfb_2014_zlxd) -----------

def _units(task) -> list[tuple[str, str]]:
    return [(u.name, u.role.value) for u in task.units]


def test_a_clause_set_as_its_own_paragraph_after_each_groups_last_item_is_every_items_of_the_group():
    text = ("某政办〔2023〕9号\n关于印发某某方案的通知\n二、重点工作\n（一）建立清单制度\n1.制定清单。\n各县要制定清单。\n"
            "2.建立评估制度。\n开展能力评估。\n责任单位：\n市民政局、卫健委按职责分工负责。\n（二）织牢保障网\n3.提升占比率。\n"
            "加强机构建设。\n4.提升入住率。\n建立入住制度。\n责任单位：\n市民政局、发改委按职责分工负责。\n")
    tasks = parse_notice(text).tasks
    assert [t.number for t in tasks] == [1, 2, 3, 4]
    assert _units(tasks[0]) == _units(tasks[1]) == [("市民政局", "shared"), ("卫健委", "shared")]
    assert _units(tasks[2]) == _units(tasks[3]) == [("市民政局", "shared"), ("发改委", "shared")]


def test_a_group_clause_broken_mid_name_is_joined_back_and_shared_by_the_groups_items():
    # a PDF copy (sanming_szfb_2022_kxsz): 责任单位： / 市 / 教育 / 局 / 、 / 市 / 科协牵头， … / 单位配合 / 。 after
    # each group's last item, in three groups: each item's clause, not one task per group
    broken = ["责任单位：", "市", "教育", "局", "、", "市", "科协牵头，", "市", "科技", "局", "等", "单位配合", "。"]
    text = ("某政办〔2022〕35号\n关于印发某某方案的通知\n二、提升行动\n"
            + "".join(f"（{g}）第{g}组行动\n{2 * k + 1}.\n培育第{2 * k + 1}项能力。\n开展活动。\n"
                      f"{2 * k + 2}.\n建设第{2 * k + 2}项队伍。\n开展培训。\n" + "\n".join(broken) + "\n"
                      for k, g in enumerate("一二三")))
    tasks = parse_notice(text).tasks
    assert [t.number for t in tasks] == [1, 2, 3, 4, 5, 6]
    assert all(_units(t) == [("市教育局", "lead"), ("市科协", "lead"), ("市科技局", "responsible")] for t in tasks)


def test_a_label_paragraph_that_ends_with_no_full_stop_is_left_as_it_is():
    # a table flattened one cell per line: 责任单位： / 市政公用科、 / 市容环卫科 / （二）… is not one broken paragraph
    from rag.parse import _join_label_paragraphs
    lines = ["责任单位：", "市政公用科、", "市容环卫科", "（二）", "建设分类屋"]
    assert _join_label_paragraphs(lines) == lines
    assert _join_label_paragraphs(["责任单位：", "市", "教育", "局牵头", "。"]) == ["责任单位：市教育局牵头。"]


def test_a_label_broken_in_two_inside_its_bracket_is_one_label():
    # sanming_szf_2022_qxgz: 〔责任 / 单位： / 各 / 县（ / 市 / 、区） / 人民 / 政府，市发改委、财政局 / 〕
    text = ("某政文〔2022〕110号\n关于印发某某方案的通知\n三、保障措施\n（一）加强组织领导。\n各地要加强领导。\n〔责任单位：市气象局〕\n"
            "（二）加强政策支持。\n落实经费保障。\n〔责任\n单位：\n各\n县（\n市\n、区）\n人民\n政府，市发改委、财政局\n〕\n")
    tasks = parse_notice(text).tasks
    assert [u.name for u in tasks[1].units] == ["各县（市、区）人民政府", "市发改委", "财政局"]


def test_an_items_own_clause_stays_its_own():
    text = ("某政办〔2023〕9号\n关于印发某某方案的通知\n二、重点工作\n（一）建立清单制度\n1.制定清单。\n各县要制定清单。\n"
            "2.建立评估制度。开展能力评估。（责任单位：市民政局）\n（二）织牢保障网\n3.提升占比率。加强机构建设。\n"
            "4.提升入住率。建立入住制度。（责任单位：市发改委）\n")
    tasks = parse_notice(text).tasks
    assert [bool(t.units) for t in tasks] == [False, True, False, True]


def test_a_flattened_table_with_a_column_left_of_its_number_column():
    # 服务 / 对象 / 序号 …: the left column's cell stands before the first row number of its group, merged over it
    rows = ["服务", "对象", "序号", "服务项目", "服务内容及标准", "服务类型", "牵头责任部门",
            "达到待遇享受年龄的老年人", "1", "职工基本养老保险", "按时足额发放基本养老金。", "物质帮助", "市人社局",
            "2", "城乡居民基本养老保险", "发放基础养老金。", "物质帮助", "市人社局",
            "60周岁及以上老年人", "3", "机构养老服务", "提供全托照护服务。", "照护服务", "市民政局、", "发改委",
            "4", "居家社区养老服务", "提供居家社区养老服务。", "照护服务", "市民政局"]
    text = "某政办〔2023〕9号\n关于印发养老服务清单的通知\n附件\n养老服务清单\n" + "\n".join(rows) + "\n"
    tasks = parse_notice(text).tasks
    assert [t.title for t in tasks] == ["职工基本养老保险", "城乡居民基本养老保险", "机构养老服务", "居家社区养老服务"]
    assert [u.name for u in tasks[2].units] == ["市民政局", "发改委"]
    assert all(u.role.value == "lead" for t in tasks for u in t.units)


def test_the_next_of_a_run_of_bare_row_numbers_is_a_row_not_a_figure():
    # 10 / 健康管理 … 11 / 家庭签约医生: 11 before 家庭 is no figure counted in 家 (3家企业)
    rows = ["序号", "服务项目", "服务内容", "牵头部门"]
    for n, title in enumerate(["健康管理", "家庭签约医生", "公共设施适老化改造"], start=1):
        rows += [str(n), title, f"提供{title}服务。", "市卫健委"]
    text = "某政办〔2023〕9号\n关于印发服务清单的通知\n附件\n" + "\n".join(rows) + "\n"
    assert [t.title for t in parse_notice(text).tasks] == ["健康管理", "家庭签约医生", "公共设施适老化改造"]


def test_marks_and_brackets_broken_over_lines():
    # （ / 二 / ） is a mark; a bracket opened inside a sentence (食堂 / （ / 餐厅 / ） / 建设) goes on with it; the
    # mark alone on its line puts the title on the next
    text = ("某政办〔2023〕5号\n关于印发健康行动方案的通知\n二、主要任务\n（\n一\n）\n推行健康生活方式\n推广营养健康食堂\n（\n餐厅\n）\n"
            "建设，推进无烟环境创建。\n（\n责任单位：市卫健委、教育局\n）\n（\n二\n）\n加强环境健康管理\n深入打好污染防治攻坚战。\n"
            "（\n责任单位：市生态环境局\n）\n")
    tasks = parse_notice(text).tasks
    assert [(t.number, t.title) for t in tasks] == [(1, "推行健康生活方式"), (2, "加强环境健康管理")]
    assert [u.name for u in tasks[0].units] == ["市卫健委", "教育局"]
    assert "食堂（餐厅）建设" in tasks[0].text


def test_a_mark_broken_over_lines_ends_the_unit_paragraph_before_it():
    # 明政办〔2019〕23号 as the page prints it: a bare 责任单位： line, the names on the next line with no full stop,
    # then the next heading's mark broken over three lines (（ / 六 / ）提升…) — a heading, not more names
    text = ("某政办〔2019〕23号\n关于印发实施方案的通知\n二、主要任务\n（五）落实主体责任。\n督促养殖场履行责任。\n责任单位：\n"
            "各县（市、区）人民政府，市生态环境局、农业农村局、林业局\n（\n六\n）提升信息化监控能力，实行精准管理。\n"
            "建立养殖场直联直报信息系统。\n责任单位：\n各县（市、区）人民政府，市农业农村局、生态环境局\n")
    tasks = parse_notice(text).tasks
    assert [t.title for t in tasks] == ["落实主体责任", "提升信息化监控能力，实行精准管理"]
    assert [u.name for u in tasks[0].units][-1] == "林业局"


def test_a_unit_list_broken_mid_name_after_the_last_task_is_kept_with_a_branch_after_its_company():
    # 明政办〔2019〕43号 as the page prints it: the last task's list runs on in pieces of names (通 / 信 / 办，), a
    # company's name broken before its branch (… / 公司 / 三明市分公司、…) — one name, the branch of that company
    text = ("某政办〔2019〕43号\n关于印发行动计划的通知\n三、保障措施\n（一）建立统筹推进机制。\n建立联席会议制度。\n责任单位：\n"
            "市通信办，各基础电信企业、\n中国\n铁塔\n股份有限\n公司\n三明市分公司、广电网络集团三明分公司\n"
            "（二）落实要素保障。\n保障合理建设用地需要。\n责任单位：\n市自然资源局、住建局、发改委、通\n信\n办\n，\n"
            "各基础电信企业、\n中国\n铁塔\n股份有限\n公司\n三明市分公司、广电网络集团三明分公司、国网三明供电公司\n")
    tasks = parse_notice(text).tasks
    assert [u.name for u in tasks[0].units] == ["市通信办", "各基础电信企业", "中国铁塔股份有限公司三明市分公司",
                                                "广电网络集团三明分公司"]
    assert [u.name for u in tasks[1].units][-4:] == ["各基础电信企业", "中国铁塔股份有限公司三明市分公司",
                                                     "广电网络集团三明分公司", "国网三明供电公司"]
    assert "通信办" in [u.name for u in tasks[1].units]


def test_a_unit_in_charge_of_organising_the_work_leads():
    text = ("某政办〔2014〕1号\n关于印发质量行动的通知\n（一）实施考核。制定考核办法。（市质量办具体负责组织实施，市委组织部、"
            "统计局等各有关部门按职责分工负责）\n（二）推进共治。开展质量月活动。（市质监局牵头，市教育局配合）\n")
    tasks = parse_notice(text).tasks
    assert [(u.name, u.role.value) for u in tasks[0].units][0] == ("市质量办", "lead")


def test_a_label_line_broken_mid_list_goes_on_where_the_break_is_left_open():
    # a web page's copy: 责任单位：市发改委、 / 工信局 / 牵头，…; 责任单位：市 / 卫健委牵头，; never past a whole name
    # (…、防火办 / 林权登记中心 could as well be one name broken in two) or a sentence (the next item's title)
    text = ("某政办〔2023〕1号\n关于印发任务分工方案的通知\n1.\n完善服务机制。\n责任单位：市发改委、\n工信局\n牵头，市直相关单位，"
            "各县（市、区）人民政府\n2.\n推进医防融合。\n责任单位：市\n卫健委牵头，\n各县（市、区）人民政府\n3.\n加强监督检查。\n"
            "责任单位：市林业局、市通管办\n实施千兆光网城市建设。\n")
    tasks = parse_notice(text).tasks
    assert [(u.name, u.role.value) for u in tasks[0].units][:2] == [("市发改委", "lead"), ("工信局", "lead")]
    assert [(u.name, u.role.value) for u in tasks[1].units][0] == ("市卫健委", "lead")
    assert [u.name for u in tasks[2].units] == ["市林业局", "市通管办"]


def test_the_remit_with_no_verb_after_it_shares_the_task():
    text = "某政办〔2023〕2号\n关于印发行动方案的通知\n1.推进低碳交通。责任单位：市交通运输局、发改委、数字办按职责分工\n"
    (task,) = parse_notice(text).tasks
    assert [(u.name, u.role.value) for u in task.units] == [("市交通运输局", "shared"), ("发改委", "shared"), ("数字办", "shared")]


def test_a_verb_cut_off_its_quoted_object_goes_on_with_it():
    text = ("某政办〔2023〕1号\n关于印发任务分工方案的通知\n1.\n深化\n“碧水工程”，扎实推进河长制管理标准化试点。\n"
            "责任单位：市生态环境局牵头\n2.\n实施\n“六大群体”增收计划。\n责任单位：市商务局牵头\n")
    tasks = parse_notice(text).tasks
    assert tasks[0].title.startswith("深化“碧水工程”") and tasks[1].title == "实施“六大群体”增收计划"


def test_a_figure_broken_after_its_first_digit_is_joined_a_year_month_cell_after_a_count_is_not():
    # 莆海渔〔2019〕… as published (tests/fixtures/real/putian_hyyj_2019_aqsc.txt): 9 / 0% / 以上的拆解任务
    text = "一、重点任务\n1.加快清理。秀屿到2019年底完成省级下达的\n9\n0%\n以上的拆解任务。（责任单位：市海洋与渔业局）\n"
    assert "完成省级下达的90%以上的拆解任务" in parse_notice(text, "t.txt").tasks[0].text



def test_an_attachment_named_inside_a_bracket_broken_over_lines_opens_no_attachment():
    # 明政办〔2021〕63号 as published (tests/fixtures/real/sanming_szfb_2021_kjwh.txt): 共20个（ / 附件 / 1）
    text = ("四、重点任务\n（一）非物质文化遗产代表性项目保护\n继续推荐申报一批代表性名录项目\n共20个（\n"
            "附件\n1）\n，形成四级保护名录体系。\n牵头单位：市文旅局\n责任单位：明溪县、清流县、宁化县人民政府，市教育局\n"
            "（二）非物质文化遗产代表性传承人保护\n加强代表性传承人保护管理，完善遴选、评审、认定机制。\n"
            "牵头单位：市文旅局\n责任单位：市教育局、财政局\n")
    tasks = parse_notice(text, "t.txt").tasks
    assert [t.title for t in tasks] == ["非物质文化遗产代表性项目保护", "非物质文化遗产代表性传承人保护"]
    assert not any("附件" in t.label for t in tasks)
    assert [t.lead_units for t in tasks] == [("市文旅局",), ("市文旅局",)]


def test_a_responsible_label_line_after_the_lead_line_closes_no_task_of_its_own():
    # 明政办〔2021〕63号 (三): one paragraph, then 牵头单位： and 责任单位： each on its line — one task
    text = ("四、重点任务\n（一）整体性重点区域建设\n坚持以\n非遗\n为核心，做好首批3个重点区域整体保护专项规划编制。\n"
            "充分利用重点区域内传统古民居、古建筑，设立村（镇）民俗馆。\n牵头单位：市文旅局\n"
            "责任单位：明溪县、清流县、宁化县人民政府，市发改委、财政局\n"
            "（二）传统工艺保护\n建立传统工艺振兴目录，全面记录和整理有关制作技艺。\n牵头单位：市文旅局\n责任单位：市工信局\n")
    tasks = parse_notice(text, "t.txt").tasks
    assert len(tasks) == 2 and tasks[0].lead_units == ("市文旅局",)
    assert len(tasks[0].responsible_units) >= 3


def test_the_first_paragraph_under_a_heading_is_the_headings_own_text_under_its_title():
    # 明政〔2018〕24号 as published (tests/fixtures/real/sanming_szf_2018_ltbw.txt): （三）优化产业布局。 then paragraphs,
    # each closed by its own verb clause; the first opens with no title of its own
    text = ("二、调整优化产业结构\n（三）优化产业布局。\n各地完成生态保护红线、环境质量底线编制工作，明确禁止和限制发展的行业。\n"
            "（市生态环境局牵头，市发改委、工信局参与）\n加大区域产业布局调整力度。加快城市建成区重污染企业搬迁改造或关闭退出。\n"
            "（市工信局、发改委、生态环境局等按职责分工负责）\n（四）严控\n“两高”行业产能。\n严格控制新增钢铁、焦化、铸造和水泥等产能。\n"
            "（市工信局、发改委牵头，市生态环境局等参与）\n加大落后产能淘汰和过剩产能压减力度。严防“地条钢”死灰复燃。\n"
            "（市工信局牵头，市发改委、生态环境局参与）\n")
    tasks = parse_notice(text, "t.txt").tasks
    assert [t.title for t in tasks] == ["优化产业布局", "加大区域产业布局调整力度", "严控“两高”行业产能",
                                       "加大落后产能淘汰和过剩产能压减力度"]
    assert tasks[0].lead_units == ("市生态环境局",) and tasks[2].lead_units == ("市工信局", "发改委")


def test_a_group_word_before_a_kind_of_park_is_one_name():
    # 明政办〔2020〕34号: 各开发区、工业园区管委会 is the committees of every zone and park, one group
    assert split_units("各开发区、工业园区管委会，福建恒源供水股份有限公司")[0] == [
        "各开发区、工业园区管委会", "福建恒源供水股份有限公司"]
    assert split_units("各区、城投集团")[0] == ["各区", "城投集团"]


def test_places_governments_with_the_ending_written_once_are_each_a_unit():
    r = read_clause("责任单位：市工信局牵头，市商务局、人社局等，永安市、沙县人民政府")
    assert [u.name for u in r.units] == ["市工信局", "市商务局", "人社局", "永安市", "沙县人民政府"]
    # (one office named for two places keeps its name)
    assert "金井、澳前片区开发管理局" in [u.name for u in read_clause("责任单位：区规划局负责，金井、澳前片区开发管理局配合").units]


def test_a_label_alone_then_a_name_broken_after_its_area_reads_the_whole_list():
    lines = ["二、重点任务", "1.", "推进第一项工作。", "责任单位：", "市", "发改委牵头，", "各县（市、区）人民政府",
             "2.", "坚持发展“枫桥经验”，强化信访积案化解。", "责任单位：", "市", "委政法委", "、市", "信访局牵头，",
             "各县（市、区）人民政府", "3.", "推进第三项工作。", "责任单位：市公安局牵头"]
    tasks = parse_notice("关于印发重点工作任务分工方案的通知\n" + "\n".join(lines)).tasks
    assert [(u.name, u.role.value) for u in tasks[1].units] == [
        ("市委政法委", "lead"), ("市信访局", "lead"), ("各县（市、区）人民政府", "responsible")]


def test_paragraphs_under_a_numbered_heading_that_open_with_no_title_of_their_own_take_its_title():
    text = ("某府〔2017〕26号\n关于某方案的通知\n一、主要任务\n1.加强空间布局管控\n"
            "严守生态保护红线，在红线区域实施最严格的管制。（责任单位：市发改委牵头，市国土局参与）\n"
            "严格执行企业布局选址要求，有序搬迁或依法关闭。（责任单位：市经信委牵头，市发改委参加）\n"
            "2.防控企业污染\n严格控制重点区域新建项目。（责任单位：市环保局）\n")
    tasks = parse_notice(text, "t.txt").tasks
    assert [t.title for t in tasks] == ["加强空间布局管控", "加强空间布局管控", "防控企业污染"]
    assert tasks[1].lead_units == ("市经信委",) and tasks[1].responsible_units == ("市发改委",)  # (参加: responsible)


def test_an_attachment_with_no_unit_clause_adds_no_tasks_to_a_body_that_assigns_each():
    text = ("某府〔2016〕119号\n关于某意见的通知\n（一）推进户籍改革。放开落户限制。\n责任单位：市公安局\n"
            "（二）完善住房保障。扩大保障范围。\n责任单位：市住建局\n（三）推进强镇扩权。下放审批权限。\n责任单位：市编办\n"
            "附件2\n试点村标准化建设导则\n（一）统一风格：\n外观整洁美观。\n（二）办公室：\n包括村委会办公室等。\n"
            "（三）党员活动室：\n配齐桌椅、资料柜等设施。\n（四）警务室：\n可与村治保会相结合。\n（五）档案资料室：\n有专人管理。\n")
    tasks = parse_notice(text, "t.txt").tasks
    assert [t.title for t in tasks] == ["推进户籍改革", "完善住房保障", "推进强镇扩权"]
