"""The English → Chinese glossary stays true to the notice and expands questions sensibly."""

import re
from pathlib import Path

import pytest

from rag.glossary import GLOSSARY, expand_english

NOTICE = Path(__file__).parents[1] / "corpus" / "000_3648b896988ff11c.txt"


@pytest.fixture(scope="module")
def notice_text() -> str:
    return NOTICE.read_text(encoding="utf-8")


def test_every_chinese_term_occurs_in_notice(notice_text):
    missing = [(en, zh) for en, terms in GLOSSARY.items() for zh in terms if zh not in notice_text]
    assert missing == []


def test_glossary_shape():
    assert len(GLOSSARY) >= 300
    for en, terms in GLOSSARY.items():
        assert en == en.lower() and en.strip() == en
        assert 1 <= len(re.split(r"[\s\-]+", en)) <= 4, en
        assert terms and all(isinstance(t, str) and t for t in terms), en


def test_longest_match_wins():
    assert expand_english("green building") == ["绿色建筑"]
    assert expand_english("green") == ["绿色"]
    assert expand_english("fish fry") == ["鱼苗"]
    assert "跨境电商" in expand_english("cross-border e-commerce")
    assert "电商" not in expand_english("cross-border e-commerce")


def test_inflections_and_case():
    assert expand_english("Green Buildings") == ["绿色建筑"]
    assert expand_english("renovated old neighbourhoods") == ["改造", "老旧小区"]
    assert expand_english("renovating OLD NEIGHBORHOODS") == ["改造", "老旧小区"]
    assert expand_english("subsidies") == ["补贴", "奖补"]
    assert expand_english("sows") == ["能繁母猪"]
    assert expand_english("pumped-storage") == ["抽水蓄能"]


def test_whole_words_only():
    assert expand_english("start") == []  # not "art"
    assert expand_english("feed") == []  # not "fee"
    assert expand_english("") == []


def test_realistic_questions():
    q = expand_english("How many old residential communities will Shanting renovate, and who leads urban renewal?")
    assert {"老旧小区", "山亭", "改造", "城市更新"} <= set(q)
    q = expand_english("What is the target for new renewable energy installed capacity?")
    assert {"目标", "可再生能源", "装机"} <= set(q)
    q = expand_english("When will the Zhuangli pumped storage power station be built?")
    assert {"庄里", "抽水蓄能电站"} <= set(q)
    q = expand_english("Which department handles the Hanno Manor project and Baodugu scenic area?")
    assert {"部门", "汉诺庄园", "抱犊崮", "景区"} <= set(q)
    q = expand_english("How many fish fry are released, and how many breeding sows are kept?")
    assert {"鱼苗", "能繁母猪"} <= set(q)
    q = expand_english("What is the reclaimed water utilisation rate and garbage classification coverage?")
    assert {"再生水", "垃圾分类"} <= set(q)
    q = expand_english("How many elderly households get age-friendly retrofits?")
    assert {"老年人", "养老", "适老化", "改造"} <= set(q)
    q = expand_english("Dibao for people at risk of falling back into poverty")
    assert {"低保", "返贫"} <= set(q)
    q = expand_english("How much high-standard farmland is built?")
    assert "高标准农田" in q
    q = expand_english("Does the Science and Technology Bureau lead the high-tech enterprise task?")
    assert {"区科学技术局", "高新技术企业"} <= set(q)


def test_order_follows_question_and_no_duplicates():
    q = expand_english("5G base stations, then the airport, then 5G again")
    assert q == ["5G", "基站", "机场"]
