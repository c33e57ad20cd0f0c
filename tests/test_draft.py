"""rag/draft.py: a draft's sentences get their task citations, and contradictions of the notice are flagged."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from rag import Assistant, QuestionError
from rag.draft import split_sentences, to_docx, with_citations

pytestmark = pytest.mark.slow
SEED = Path(__file__).resolve().parents[1] / "corpus" / "000_3648b896988ff11c.txt"


@pytest.fixture(scope="module")
def assistant(seed_e5_assistant) -> Assistant:
    return seed_e5_assistant


def one(assistant, sentence):
    (check,) = assistant.check_draft(sentence)
    return check


def test_a_sentence_about_a_task_gets_its_citation(assistant):
    c = one(assistant, "区住建局牵头实施改造老旧小区11个，涉及居民2168户。")
    assert [x.task for x in c.citations] == [26] and not c.issues
    assert with_citations([c]).endswith("（山政办字〔2023〕28号 第26项，牵头单位：区住房和城乡建设局）")


def test_a_framing_sentence_gets_none(assistant):
    assert not one(assistant, "今年以来，我区坚持稳中求进工作总基调，扎实推动各项工作取得新成效。").citations


def test_a_wrong_figure_of_the_same_measure_is_flagged_with_the_notice_s_figure(assistant):
    c = one(assistant, "今年新增绿色建筑17万平方米、光热建筑一体化面积12万平方米。")
    assert [x.task for x in c.citations] == [34]
    assert [(i.kind, i.says, i.notice_says) for i in c.issues] == [("figure", "12万平方米", "15万平方米")]


def test_a_figure_the_notice_never_gives_is_a_note_not_a_problem(assistant):
    c = one(assistant, "区综合执法局已新建和升级改造小区垃圾分类投放点120处。")
    assert not c.issues and any("120处" in n for n in c.notes)


def test_a_unit_the_task_does_not_name_is_flagged(assistant):
    c = one(assistant, "区自然资源局牵头加快庄里抽水蓄能电站建设。")
    assert [(i.kind, i.notice_says) for i in c.issues] == [("unit", "牵头单位：区发展和改革局")]


def test_a_shared_unit_called_lead_is_a_role_problem_in_the_notice_s_words(assistant):
    c = one(assistant, "区行政审批服务局牵头编制行政许可事项实施规范，实现同一事项无差别办理。")
    assert [x.task for x in c.citations] == [50]
    assert [(i.kind, i.notice_says) for i in c.issues] == [("role", "区行政审批服务局按职责分工负责")]


def test_a_deadline_in_another_year_is_flagged(assistant):
    c = one(assistant, "临滕高速确保2024年底按时间节点完成总工程量的一半。")
    assert [i.kind for i in c.issues] == ["deadline"] and "2023年" in c.issues[0].notice_says


def test_split_sentences_keeps_marks_and_lines():
    assert split_sentences("甲。乙！\n丙") == ["甲。", "乙！", "丙"]


def test_empty_and_huge_drafts_are_refused(assistant):
    with pytest.raises(QuestionError):
        assistant.check_draft("  ")
    with pytest.raises(QuestionError):
        assistant.check_draft("很长。" * 20_000)


def test_the_word_draft_carries_citations_and_problems_as_comments(assistant):
    checks = assistant.check_draft("今年新增绿色建筑17万平方米、光热建筑一体化面积12万平方米。")
    data = to_docx(checks)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        body = zf.read("word/document.xml").decode("utf-8")
        comments = zf.read("word/comments.xml").decode("utf-8")
    assert "第34项" in body and "15万平方米" in comments


def test_a_task_number_the_words_do_not_belong_to_is_flagged_and_checked_by_the_words(assistant):
    c = one(assistant, "新增绿色建筑17万平方米（见重点任务第35条）。")
    assert [x.task for x in c.citations] == [34]
    assert [(i.kind, i.says, i.task) for i in c.issues] == [("number", "第35条", 34)]
    assert c.issues[0].remark() == "[项号] 草稿写“第35条”，这句话的内容是通知第34项「大力发展绿色建筑」"
    right = one(assistant, "新增绿色建筑17万平方米（见重点任务第34条）。")
    assert [x.task for x in right.citations] == [34] and not right.issues


def test_a_figure_the_task_gives_something_else_is_checked_against_what_the_sentence_names(assistant):
    # task 84 writes 个案规范管理率目标值为90%以上 and, of another rate, 全程接种率达到95%
    c = one(assistant, "推进重点人群新冠病毒疫苗接种个案规范管理率达到95%以上。")
    assert [(i.kind, i.says, i.notice_says) for i in c.issues] == [("figure", "95%以上", "90%以上")]
    assert not one(assistant, "1～7岁适龄儿童全程接种率达到95%。").issues


def test_a_citation_that_leaves_out_a_lead_unit_is_flagged_with_the_notice_s_list(assistant):
    c = one(assistant, "着力稳金融防风险（山政办字〔2023〕28号 第86项，牵头单位：区金融服务中心）。")
    assert [(i.kind, i.notice_says) for i in c.issues] == [("unit", "牵头单位：区金融服务中心、区财政局")]
    assert not one(assistant, "着力稳金融防风险（山政办字〔2023〕28号 第86项，牵头单位：区金融服务中心、区财政局）。").issues
    assert not one(assistant, "着力稳金融防风险（第86项，牵头单位：区金融服务中心等）。").issues  # 等: not all of them said
