"""Typo tolerance by sound: most Chinese typos come from a pinyin IME picking a
homophone (住建居 for 住建局, 能繁母诸 for 能繁母猪), so two words that sound
alike under fuzzy pinyin (tones ignored; zh/z, ch/c, sh/s, -ng/-n, l/n merged)
are treated as the same word."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

_FUZZY = [(re.compile(r"^zh"), "z"), (re.compile(r"^ch"), "c"), (re.compile(r"^sh"), "s"),
          (re.compile(r"^l"), "n"), (re.compile(r"ng$"), "n")]


@lru_cache(maxsize=1)
def _lazy_pinyin():
    """pypinyin's ``lazy_pinyin``. Its import loads ~190k small lists of readings that never change; they
    are moved out of the cyclic collector's reach (``gc.freeze``), whose full collections would otherwise
    walk them all (~70 ms each, in the middle of some question). They are never freed anyway."""
    import gc

    from pypinyin import lazy_pinyin

    lazy_pinyin("读")
    gc.freeze()
    return lazy_pinyin


@lru_cache(maxsize=65536)
def _char_sound(ch: str) -> str:
    syl = _lazy_pinyin()(ch, errors="default")[0] if ch.strip() else ch
    for pattern, repl in _FUZZY:
        syl = pattern.sub(repl, syl)
    return syl


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

    def correct(self, word: str) -> str | None:
        """The one vocabulary word that sounds like ``word`` (and is not it), else None."""
        if len(word) < 2 or not re.fullmatch(r"[\u4e00-\u9fff]+", word):
            return None
        found = self._by_sound.get(sound(word), set()) - {word}
        return next(iter(found)) if len(found) == 1 else None
