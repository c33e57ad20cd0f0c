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


@lru_cache(maxsize=65536)
def sound(word: str) -> str:
    """Fuzzy pinyin of a word: ``sound("改照") == sound("改造")``.

    >>> sound("住建居") == sound("住建局"), sound("科技型") == sound("科技局")
    (True, False)
    """
    from pypinyin import lazy_pinyin

    out = []
    for syl in lazy_pinyin(word, errors="default"):
        for pattern, repl in _FUZZY:
            syl = pattern.sub(repl, syl)
        out.append(syl)
    return " ".join(out)


class SoundIndex:
    """Words of a vocabulary looked up by how they sound."""

    def __init__(self, words: Iterable[str]):
        self._by_sound: dict[str, set[str]] = {}
        for w in words:
            if len(w) >= 2 and re.fullmatch(r"[\u4e00-\u9fff]+", w):
                self._by_sound.setdefault(sound(w), set()).add(w)

    def correct(self, word: str) -> str | None:
        """The one vocabulary word that sounds like ``word`` (and is not it), else None."""
        if len(word) < 2 or not re.fullmatch(r"[\u4e00-\u9fff]+", word):
            return None
        found = self._by_sound.get(sound(word), set()) - {word}
        return next(iter(found)) if len(found) == 1 else None
