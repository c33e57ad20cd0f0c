"""Typo tolerance by sound: most Chinese typos come from a pinyin IME picking a
homophone (住建居 for 住建局, 能繁母诸 for 能繁母猪), so two words that sound
alike under fuzzy pinyin (tones ignored; zh/z, ch/c, sh/s, -ng/-n, l/n merged)
are treated as the same word."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from functools import lru_cache

from .lazy_regex import lazy_compile

_FUZZY = [(lazy_compile(r"^zh"), "z"), (lazy_compile(r"^ch"), "c"), (lazy_compile(r"^sh"), "s"),
          (lazy_compile(r"^l"), "n"), (lazy_compile(r"ng$"), "n")]


@lru_cache(maxsize=1)
def _readings() -> dict[str, str]:
    """Code point → the character's readings with tone marks (pypinyin's own table), read without
    importing pypinyin, whose phrase dictionary a character's reading does not need (0.26 s at start)."""
    import json

    from .vocab import package_file

    path = package_file("pypinyin", "pinyin_dict.json")
    return json.loads(path.read_text(encoding="utf-8")) if path else {}


def _plain(syllable: str) -> str:
    """A reading without its tone, as pypinyin's NORMAL style writes it (lǜ → lv)."""
    syllable = re.sub("[üǖǘǚǜ]", "v", syllable)
    return "".join(c for c in unicodedata.normalize("NFD", syllable) if unicodedata.category(c) != "Mn")


@lru_cache(maxsize=65536)
def _char_sound(ch: str) -> str:
    """The fuzzy sound of one character: its commonest reading, as ``pypinyin.lazy_pinyin(ch)`` gives it.

    >>> _char_sound("绿"), _char_sound("住"), _char_sound("A")
    ('nv', 'zu', 'A')
    """
    reading = _readings().get(str(ord(ch))) if ch.strip() else None
    return _fuzzy(_plain(reading.split(",")[0]) if reading else ch)


def _fuzzy(syllable: str) -> str:
    """A syllable with the sounds an IME user confuses merged (zh/z, ch/c, sh/s, l/n, -ng/-n)."""
    for pattern, repl in _FUZZY:
        syllable = pattern.sub(repl, syllable)
    return syllable


def sound(word: str) -> str:
    """Fuzzy pinyin of a word, character by character: ``sound("改照") == sound("改造")``.

    Characters are read on their own (a polyphone takes its commonest reading),
    which is what an IME typo needs and lets every character be cached.

    >>> sound("住建居") == sound("住建局"), sound("科技型") == sound("科技局")
    (True, False)
    """
    return " ".join(_char_sound(ch) for ch in word)


class SoundIndex:
    """Words of a vocabulary looked up by how they sound."""

    def __init__(self, words: Iterable[str]):
        """Index every word and its two- to four-character pieces (增殖 inside 增殖放流)."""
        self._by_sound: dict[str, set[str]] = {}
        pieces = set()
        for w in words:
            if len(w) >= 2 and re.fullmatch(r"[\u4e00-\u9fff]+", w):
                pieces.add(w)
                pieces.update(w[i:i + n] for n in (2, 3, 4) for i in range(len(w) - n + 1))
        for piece in pieces:
            self._by_sound.setdefault(sound(piece), set()).add(piece)

    def sounding(self, key: str) -> frozenset[str]:
        """The vocabulary words (and pieces) with this fuzzy sound."""
        return frozenset(self._by_sound.get(key, ()))

    def correct(self, word: str) -> str | None:
        """The one vocabulary word that sounds like ``word`` (and is not it), else None."""
        if len(word) < 2 or not re.fullmatch(r"[\u4e00-\u9fff]+", word):
            return None
        found = self._by_sound.get(sound(word), set()) - {word}
        if len(found) > 1:  # an IME typo changes a character and keeps the others: 机厂 is 机场, not 极参
            same = {w: sum(a == b for a, b in zip(w, word, strict=False)) for w in found}
            found = {w for w in found if same[w] == max(same.values()) > 0}
        return next(iter(found)) if len(found) == 1 else None


def respelled(text: str, words: Iterable[str], is_word: Callable[[str], bool] | None = None) -> str:
    """``text`` with every run that sounds like one of ``words`` and differs from it in one character
    written as that word (牵头单为 → 牵头单位): an IME typo of the question's own vocabulary — never a run
    ``is_word`` says is a word of its own (前头 is not 牵头).

    >>> respelled("这个牵头单为是哪个", ["牵头单位"])
    '这个牵头单位是哪个'
    """
    for word in words:
        n = len(word)
        for k in range(len(text) - n + 1):
            run = text[k:k + n]  # (sounds are looked up only for a run one character off: most questions have none)
            if run != word and sum(a != b for a, b in zip(run, word, strict=True)) == 1 and sound(run) == sound(word) \
                    and not (is_word and is_word(run)):
                text = text[:k] + word + text[k + n:]
    return text


@lru_cache(maxsize=1)
def _syllables() -> frozenset[str]:
    """Every toneless pinyin syllable the character table uses (yan, ma, zhuang …)."""
    return frozenset(_plain(r) for readings in _readings().values() for r in readings.split(","))


def latin_sound(word: str) -> str | None:
    """The fuzzy sound of a name written in pinyin (Yanma → the sound of 岩马), split into the fewest
    syllables; None when it is not pinyin of two to four syllables.

    >>> latin_sound("Yanma") == sound("岩马"), latin_sound("Shanting") == sound("山亭"), latin_sound("water")
    (True, True, None)
    """
    w = word.lower()
    if not re.fullmatch(r"[a-z]{3,24}", w):
        return None
    best: list[list[str] | None] = [[]] + [None] * len(w)  # fewest syllables covering w[:i]
    for i in range(len(w)):
        if best[i] is None:
            continue
        for j in range(i + 1, min(len(w), i + 6) + 1):
            if w[i:j] in _syllables() and (best[j] is None or len(best[i]) + 1 < len(best[j])):
                best[j] = best[i] + [w[i:j]]
    split = best[-1]
    if not split or not 2 <= len(split) <= 4:
        return None
    return " ".join(_fuzzy(syl) for syl in split)
