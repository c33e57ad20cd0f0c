"""rag/text.py: normalisation, Chinese numerals, sentences, language guess."""

from __future__ import annotations

import pytest

from rag.text import cn_to_int, int_to_cn, is_cjk, looks_english, norm, sentences, strip_controls


def test_norm_folds_full_width_digits_letters_and_punctuation():
    assert norm("ＡＢＣ１２３（枣庄段）：") == "abc123(枣庄段):"


def test_norm_folds_quotes_brackets_and_list_marks():
    assert norm("“两高”〔2023〕【要点】、。；") == '"两高"[2023][要点],.;'


def test_norm_is_idempotent():
    s = "区“5＋3”现代产业（枣庄段）：ＡＢ１２　山政办字〔2023〕28号"
    assert norm(norm(s)) == norm(s)


def test_norm_keeps_chinese_characters():
    assert norm("区住房和城乡建设局") == "区住房和城乡建设局"


def test_strip_controls_keeps_newlines_and_tabs_only():
    assert strip_controls("a\u200bb\tc\nd\x07e\ufeff") == "ab\tc\nde"


@pytest.mark.parametrize(("cn", "n"), [
    ("一", 1), ("十", 10), ("十一", 11), ("二十", 20), ("二十六", 26), ("八十九", 89),
    ("一百", 100), ("一百零二", 102), ("两百", 200), ("一千零一", 1001), ("二六", 26), ("八九", 89), ("〇", 0),
])
def test_cn_to_int(cn, n):
    assert cn_to_int(cn) == n


@pytest.mark.parametrize("bad", ["", "abc", "二十六项", "26", "十x"])
def test_cn_to_int_refuses_non_numerals(bad):
    assert cn_to_int(bad) is None


def test_int_to_cn_round_trips_one_to_999():
    for n in range(1, 1000):
        assert cn_to_int(int_to_cn(n)) == n, n


@pytest.mark.parametrize(("n", "cn"), [(1, "一"), (10, "十"), (11, "十一"), (26, "二十六"), (89, "八十九"),
                                       (100, "一百"), (101, "一百零一"), (110, "一百一十"), (999, "九百九十九")])
def test_int_to_cn_writes_the_usual_form(n, cn):
    assert int_to_cn(n) == cn


def test_sentences_split_after_end_marks_and_keep_them():
    assert sentences("第一句。第二句；第三句！ 第四？尾巴") == ["第一句。", "第二句；", "第三句！", "第四？", "尾巴"]


def test_sentences_of_empty_text():
    assert sentences("") == []
    assert sentences("   ") == []


def test_is_cjk():
    assert is_cjk("住") and not is_cjk("a") and not is_cjk("，")


@pytest.mark.parametrize(("text", "english"), [
    ("Which tasks does the housing bureau lead?", True),
    ("task 26 lead unit?", True),
    ("住建局牵头哪些任务", False),
    ("住建局 lead", False),
    ("abc", False),
])
def test_looks_english(text, english):
    assert looks_english(text) is english

