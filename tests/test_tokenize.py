"""rag/tokenize.py: corpus vocabulary kept whole, stopwords dropped, text normalised."""

from __future__ import annotations

import pytest

from rag.tokenize import Tokenizer, stopwords

UNITS = ["区住房和城乡建设局", "区大数据中心"]


@pytest.fixture(scope="module")
def with_units() -> Tokenizer:
    return Tokenizer(UNITS)


@pytest.fixture(scope="module")
def plain() -> Tokenizer:
    return Tokenizer()


@pytest.mark.parametrize("name", UNITS)
def test_unit_name_from_user_dictionary_is_one_token(with_units, name):
    assert name in with_units.tokens(f"{name}牵头推进老旧小区改造")


@pytest.mark.parametrize("name", UNITS)
def test_without_user_dictionary_jieba_splits_unit_name(plain, name):
    tokens = plain.tokens(f"{name}牵头推进老旧小区改造")
    assert name not in tokens
    assert len(tokens) > 1


def test_user_dictionary_is_private_to_each_tokenizer(with_units):
    # Building a tokenizer with the dictionary must not teach jieba's global default.
    assert "区住房和城乡建设局" not in Tokenizer().tokens("区住房和城乡建设局负责")


def test_user_words_are_normalised_and_short_words_ignored():
    t = Tokenizer(["区“5＋3”产业局", "甲"])
    assert t.user_words == ('区"5+3"产业局',)


def test_stopwords_are_removed(plain):
    tokens = plain.tokens("请问哪些单位负责的任务是什么")
    assert tokens == []
    tokens = plain.tokens("请问老旧小区改造的任务由哪个部门负责")
    assert "老旧" in tokens and "小区" in tokens
    assert not set(tokens) & stopwords()


def test_english_stopwords_are_removed(plain):
    tokens = plain.tokens("Which tasks does the housing bureau lead")
    assert "housing" in tokens and "bureau" in tokens
    assert not {"which", "tasks", "does", "the"} & set(tokens)


def test_full_width_digits_and_letters_are_normalised(plain):
    tokens = plain.tokens("２０２４年完成１２个ＡＢＣ项目")
    assert "12" in tokens
    assert "abc" in tokens
    assert not any(ch in "".join(tokens) for ch in "０１２３４５６７８９ＡＢＣ")


def test_same_text_full_and_half_width_tokenize_alike(plain):
    assert plain.tokens("实施改造老旧小区１１个") == plain.tokens("实施改造老旧小区11个")


def test_punctuation_only_tokens_are_dropped(plain):
    tokens = plain.tokens("“两高”项目，。！？（）")
    assert all(any(ch.isalnum() for ch in t) for t in tokens)
    assert "两高" in tokens


def test_the_fast_start_dictionary_segments_exactly_as_jiebas_own():
    """The sorted-lines dictionary (rag/jiebadict.py) and jieba's own dict give the same tokens and words,
    with the corpus's words added, on real notices and questions; and it switches to jieba's dict after
    many lookups without changing anything."""
    import json
    from pathlib import Path

    from rag.jiebadict import Frequencies

    root = Path(__file__).resolve().parents[1]
    texts = [line for f in sorted((root / "tests" / "fixtures" / "real").glob("*.txt"))[:6]
             for line in f.read_text(encoding="utf-8").splitlines() if line.strip()][:3000]
    texts += [json.loads(line)["question"] for line in (root / "eval" / "dev.jsonl").read_text(encoding="utf-8").splitlines()]
    lazy, eager = Tokenizer(UNITS), Tokenizer(UNITS, eager=True)
    assert isinstance(lazy._jieba.FREQ, Frequencies) and not isinstance(eager._jieba.FREQ, Frequencies)
    for text in texts:
        assert lazy.tokens(text) == eager.tokens(text), text
        assert lazy.words(text) == eager.words(text), text
    switching = Tokenizer(UNITS)
    switching._jieba.FREQ._upgrade_after = 1000
    assert [switching.tokens(t) for t in texts[:400]] == [eager.tokens(t) for t in texts[:400]]
    assert switching._jieba.FREQ._full is not None
