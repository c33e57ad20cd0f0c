"""jieba's general dictionary as one sorted list of lines, read in tens of milliseconds.

jieba keeps its dictionary as a Python dict of about 580k entries (every word and every prefix of
one), loaded from a marshal cache at every start: about 0.6–0.9 s, most of a one-question command's
time. Here the dictionary's ``word freq tag`` lines are kept sorted (``word\\tfreq\\ttag``), written
once to a cache file in the temp folder and read back with one split, and looked up by bisection:

- :class:`PosTable` gives a word's part-of-speech tag (for reading questions);
- :class:`Frequencies` stands in for jieba's ``FREQ`` dict (word → frequency, 0 for a prefix of a
  word), so a ``jieba.Tokenizer`` segments exactly as with its own dict. After many lookups (a build,
  a server's first questions) it switches to jieba's own dict, which is faster per lookup.
"""

from __future__ import annotations

import bisect
import os
import tempfile
import threading
from functools import lru_cache
from pathlib import Path

from .vocab import package_file

UPGRADE_AFTER = 200_000  # lookups after which Frequencies loads jieba's own dict (0.6–0.9 s, then ~50 ns a lookup)


@lru_cache(maxsize=1)
def dictionary_lines() -> tuple[list[str], int]:
    """(sorted ``word\\tfreq\\ttag`` lines of jieba's ``dict.txt``, the sum of the frequencies)."""
    source = package_file("jieba", "dict.txt")
    if source is None:
        return [], 1
    try:
        stat = source.stat()
    except OSError:
        return [], 1
    cache = Path(tempfile.gettempdir()) / f"policyqa-jieba-dict-{stat.st_size}-{int(stat.st_mtime)}.txt"
    try:
        head, _, body = cache.read_text(encoding="utf-8").partition("\n")
        return body.split("\n"), int(head)
    except (OSError, UnicodeDecodeError, ValueError):
        pass
    entries: dict[str, str] = {}
    total = 0
    with source.open("r", encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if len(parts) >= 2 and parts[1].isdigit():
                total += int(parts[1])  # as jieba counts it: every line, a word listed twice too
                entries[parts[0]] = f"{parts[0]}\t{parts[1]}\t{parts[2] if len(parts) > 2 else ''}"
    lines = [entries[w] for w in sorted(entries)]  # the last line of a word wins, as in jieba's dict
    try:
        fd, tmp = tempfile.mkstemp(dir=cache.parent, prefix=".policyqa-dict-")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(f"{total}\n" + "\n".join(lines))
        os.replace(tmp, cache)
    except OSError:
        pass  # a read-only temp folder: the next start reads the dictionary again
    return lines, total


def _at(lines: list[str], word: str) -> tuple[str | None, bool]:
    """(the line of ``word``, or None; whether some word starts with ``word``). "\\t" sorts before every
    character of a word, so a word's own line comes before the lines of longer words it begins."""
    i = bisect.bisect_left(lines, word)
    if i < len(lines) and lines[i].startswith(word):
        line = lines[i]
        return (line if line[len(word):len(word) + 1] == "\t" else None), True
    return None, False


class PosTable:
    r"""word → tag (``n``, ``vn``, ``nr`` …) of jieba's dictionary.

    >>> t = PosTable(sorted(["城市\t100\tns", "垃圾\t50\tn"]))
    >>> t.get("垃圾"), t.get("垃"), "城市" in t
    ('n', None, True)
    """

    def __init__(self, lines: list[str]):
        self._lines = lines

    def get(self, word: str, default: str | None = None) -> str | None:
        line, _ = _at(self._lines, word)
        return line.rsplit("\t", 1)[1] if line is not None else default

    def __contains__(self, word: str) -> bool:
        return self.get(word) is not None

    @classmethod
    def load(cls) -> PosTable:
        return cls(dictionary_lines()[0])


class Frequencies:
    r"""jieba's ``FREQ``: a word's frequency, 0 for a prefix of a word, absent otherwise; words added
    (``jieba.Tokenizer.add_word``) are kept beside the sorted lines.

    >>> f = Frequencies(sorted(["城市\t100\tns", "城市化\t20\tvn"]))
    >>> f.get("城市"), f.get("城"), f.get("市"), "城市化" in f
    (100, 0, None, True)
    >>> f["区住建局"] = 5; f["区"] = 0
    >>> f.get("区住建局"), f.get("区住")
    (5, None)
    """

    def __init__(self, lines: list[str], upgrade_after: int = UPGRADE_AFTER):
        self._lines = lines
        self._added: dict[str, int] = {}
        self._full: dict[str, int] | None = None
        self._lookups = 0
        self._upgrade_after = upgrade_after
        self._lock = threading.Lock()

    def get(self, word: str, default: int | None = None) -> int | None:
        full = self._full
        if full is not None:
            return full.get(word, default)
        self._lookups += 1
        if self._lookups > self._upgrade_after:
            self.upgrade()
        added = self._added.get(word)
        if added is not None:
            return added
        line, prefix = _at(self._lines, word)
        if line is not None:
            return int(line.split("\t", 2)[1])
        return 0 if prefix else default

    def __contains__(self, word: str) -> bool:
        return self.get(word) is not None

    def __getitem__(self, word: str) -> int:
        value = self.get(word)
        if value is None:
            raise KeyError(word)
        return value

    def __setitem__(self, word: str, freq: int) -> None:
        with self._lock:
            self._added[word] = freq
            if self._full is not None:
                self._full[word] = freq

    def upgrade(self) -> None:
        """Switch to jieba's own dict (its marshal cache) with the added words: many lookups are coming."""
        with self._lock:
            if self._full is not None:
                return
            import jieba

            base = jieba.Tokenizer()
            base.initialize()
            full = base.FREQ
            full.update(self._added)
            self._full = full
