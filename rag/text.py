"""Text normalisation for matching, and Chinese numerals.

Original text is always kept for display and citations; ``norm`` is applied
only to the copies used for matching and indexing.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

import numpy as np

from .lazy_regex import lazy_compile

_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
              "六": 6, "七": 7, "八": 8, "九": 9}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}
CN_NUMERAL = "零〇一二两三四五六七八九十百千"

# Characters NFKC would fold that we want folded, and a few it leaves alone.
_EXTRA = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "〔": "[", "〕": "]",
                        "【": "[", "】": "]", "—": "-", "～": "~", "、": ",", "。": ".",
                        "；": ";", "　": " "})


def norm(text: str) -> str:
    """Fold full-width forms, quotes and case so that variants match.

    >>> norm("区“5＋3”现代产业（枣庄段）：ＡＢ１２")
    '区"5+3"现代产业(枣庄段):ab12'
    """
    return fold(text).lower()


def fold(text: str) -> str:
    """:func:`norm` without folding case (where the case of English words says something)."""
    return unicodedata.normalize("NFKC", text).translate(_EXTRA)


# a date as notices write it, in figures or Chinese numerals (2022年2月15日, 二〇二二年二月十五日)
DATE = lazy_compile(r"(?:\d{4}|[〇零一二三四五六七八九○]{4})\s*年\s*[\d一二三四五六七八九十]{1,2}\s*月\s*[\d一二三四五六七八九十]{1,3}\s*日")


# a space typed between two Chinese characters: staff part clauses so (…咋写的 哪个单位管)
CJK_SPACE = r"(?<=[\u4e00-\u9fff]) (?=[\u4e00-\u9fff])"


def longest_first(words: Iterable[str]) -> tuple[str, ...]:
    """The distinct words, longest first and, among words of one length, in code-point order. One order in
    every process: a set's order follows the string hash, which Python seeds afresh per process, so text
    consumed word by word in a set's order (有哪几 or 哪几条 of 有哪几条) read differently from run to run."""
    return tuple(sorted(set(words), key=lambda w: (-len(w), w)))


def alternation(words: Iterable[str]) -> str:
    """A regular-expression alternation of the words, longest first (a longer word wins where both match)."""
    return "|".join(map(re.escape, longest_first(words)))


def strip_controls(text: str) -> str:
    """Remove control and format characters (keeps newlines and tabs)."""
    return "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch)[0] != "C")


def cn_to_int(s: str) -> int | None:
    """Convert a Chinese numeral up to the thousands to an int.

    >>> [cn_to_int(x) for x in ("八", "十", "十一", "二十六", "八十九", "一百零二", "二六")]
    [8, 10, 11, 26, 89, 102, 26]
    """
    if not s or any(ch not in _CN_DIGITS and ch not in _CN_UNITS for ch in s):
        return None
    if all(ch in _CN_DIGITS for ch in s):  # digit-by-digit form: 二六
        return int("".join(str(_CN_DIGITS[ch]) for ch in s))
    total, digit = 0, None
    for ch in s:
        if ch in _CN_DIGITS:
            digit = _CN_DIGITS[ch]
        else:
            total += (1 if digit is None else digit) * _CN_UNITS[ch]
            digit = None
    return total + (digit or 0)


def number_of(s: str) -> int | None:
    """A count written in digits or in Chinese numerals (``12`` or ``十二``) as an int; None when it is neither.

    >>> number_of("12"), number_of("十二"), number_of("几")
    (12, 12, None)
    """
    return int(s) if s.isdigit() else cn_to_int(s)


def int_to_cn(n: int) -> str:
    """Write 1..999 as a Chinese numeral (``26`` → ``二十六``)."""
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    if n < 20:
        return "十" + (digits[n % 10] if n % 10 else "")
    if n < 100:
        return digits[n // 10] + "十" + (digits[n % 10] if n % 10 else "")
    rest = n % 100
    head = digits[n // 100] + "百"
    if not rest:
        return head
    return head + ("零" + digits[rest] if rest < 10 else int_to_cn(rest) if rest >= 20 else "一" + int_to_cn(rest))


_SENT_END = lazy_compile(r"(?<=[。；！？;!?])")


def sentences(text: str) -> list[str]:
    """Split Chinese text into sentences, keeping their end marks."""
    return [s for s in (p.strip() for p in _SENT_END.split(text)) if s]


def is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def looks_english(text: str) -> bool:
    """True when Latin letters outnumber CJK characters (a question in English)."""
    latin = sum(ch.isascii() and ch.isalpha() for ch in text)
    cjk = sum(is_cjk(ch) for ch in text)
    return (cjk == 0 and latin >= 4) or (latin >= 6 and latin > 2 * cjk)


def doc_key(doc_id: str) -> str:
    """A 文号 as compared, whatever its spelling: brackets, widths, spaces and leading zeros fold.

    >>> doc_key("山政办字[2023]028号") == doc_key("山政办字〔２０２３〕28号") == doc_key("山政办字【2023】 28 号")
    True
    """
    s = unicodedata.normalize("NFKC", doc_id)
    s = re.sub(r"[〔［【\[(（]", "[", s)
    s = re.sub(r"[〕］】\])）]", "]", s)
    s = re.sub(r"\s+", "", s)
    return re.sub(r"(?<=\])0+(?=\d)", "", s)


def char_pairs(text: str, block: int = 1 << 20) -> np.ndarray:
    """Every pair of adjacent characters of ``text`` (as ``ord(a) << 21 | ord(b)``), sorted, unique; read
    a block at a time so a corpus-sized text never needs more than a few MB at once."""
    found = [np.zeros(0, dtype=np.uint64)]
    for start in range(0, max(len(text) - 1, 0), block):
        codes = np.frombuffer(text[start:start + block + 1].encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
        found.append(_sorted_unique((codes[:-1] << np.uint64(21)) | codes[1:]))
    return _sorted_unique(np.concatenate(found))


def _sorted_unique(values: np.ndarray) -> np.ndarray:
    """``np.unique`` of a 1-D array, without the import of ``numpy.ma`` that its first call costs."""
    values = np.sort(values)
    return values[np.concatenate(([True], values[1:] != values[:-1]))] if len(values) else values


def pairs_in(word: str, pairs: np.ndarray) -> bool:
    """Whether every pair of adjacent characters of ``word`` is among ``pairs``: a word the text holds
    passes, so a word that fails is known absent without searching the text."""
    codes = np.array([ord(c) for c in word], dtype=np.uint64)
    want = (codes[:-1] << np.uint64(21)) | codes[1:]
    at = np.searchsorted(pairs, want)
    return bool(np.all(at < len(pairs)) and np.all(pairs[np.minimum(at, len(pairs) - 1)] == want)) if len(pairs) else not len(want)
