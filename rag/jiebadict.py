"""jieba's general dictionary as one sorted list of lines, opened in about a millisecond.

jieba keeps its dictionary as a Python dict of about 580k entries (every word and every prefix of
one), loaded from a marshal cache at every start: about 0.6–0.9 s, most of a one-question command's
time. Here the dictionary's ``word freq tag`` lines are kept sorted (``word\\tfreq\\ttag``), written
once to a cache file in the temp folder with their offsets, memory-mapped at each start (a line is
decoded only when a lookup probes it), and looked up by bisection:

- :class:`PosTable` gives a word's part-of-speech tag (for reading questions);
- :class:`Frequencies` stands in for jieba's ``FREQ`` dict (word → frequency, 0 for a prefix of a
  word), so a ``jieba.Tokenizer`` segments exactly as with its own dict. After many lookups (a build,
  a server's first questions) it switches to jieba's own dict, which is faster per lookup.
"""

from __future__ import annotations

import bisect
import mmap
import os
import tempfile
import threading
from array import array
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np

from .vocab import package_file

UPGRADE_AFTER = 100_000  # lookups (~5 µs each, 0.5 s in all) after which Frequencies loads jieba's own dict (0.6–0.9 s, then ~50 ns a lookup)


class SortedLines(Sequence[str]):
    """The cache file's sorted lines, read in place: the file is memory-mapped and only the lines a
    bisection probes are read, so a start costs the offsets array (1.4 MB), not 350k strings. Lines
    compare as UTF-8 bytes, whose order is the order of the strings."""

    def __init__(self, data: mmap.mmap | bytes, start: int, offsets: array):
        self._data, self._start, self._offsets = data, start, offsets  # line i: offsets[i] .. offsets[i+1]-1
        self._spans: dict[str, tuple[int, int]] = {}  # first character → its lines' range, found once

    def __len__(self) -> int:
        return len(self._offsets) - 1

    def _bytes(self, i: int) -> bytes:
        return self._data[self._start + self._offsets[i]:self._start + self._offsets[i + 1] - 1]

    def __getitem__(self, i):  # type: ignore[override]
        if isinstance(i, slice):
            return [self[k] for k in range(*i.indices(len(self)))]
        if i < 0:
            i += len(self)
        if not 0 <= i < len(self):
            raise IndexError(i)
        return self._bytes(i).decode("utf-8")

    def _left(self, key: bytes, lo: int, hi: int) -> int:
        while lo < hi:
            mid = (lo + hi) // 2
            if self._bytes(mid) < key:
                lo = mid + 1
            else:
                hi = mid
        return lo

    def at(self, word: str) -> tuple[str | None, bool]:
        """As :func:`_at`, bisecting on bytes within the lines of the word's first character."""
        if not word:
            return None, len(self) > 0
        span = self._spans.get(word[0])
        if span is None:
            first = word[0].encode("utf-8", "surrogatepass")
            lo = self._left(first, 0, len(self))  # b"\xff" is in no UTF-8 text: after every line `first` begins
            span = self._spans[word[0]] = (lo, self._left(first + b"\xff", lo, len(self)))
        key = word.encode("utf-8", "surrogatepass")
        lo = self._left(key, *span)
        if lo < span[1]:
            line = self._bytes(lo)
            if line.startswith(key):
                return (line.decode("utf-8") if line[len(key):len(key) + 1] == b"\t" else None), True
        return None, False


def _encode(source: Path) -> bytes:
    """``total count\\n`` + ``count`` uint32 line offsets + the sorted lines, each ending in ``\\n``."""
    entries: dict[str, str] = {}
    total = 0
    with source.open("r", encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if len(parts) >= 2 and parts[1].isdigit():
                total += int(parts[1])  # as jieba counts it: every line, a word listed twice too
                entries[parts[0]] = f"{parts[0]}\t{parts[1]}\t{parts[2] if len(parts) > 2 else ''}"
    body = "\n".join(entries[w] for w in sorted(entries)).encode("utf-8") + b"\n"  # the last line of a word wins
    ends = np.flatnonzero(np.frombuffer(body, dtype=np.uint8) == ord("\n")).astype(np.uint32) + 1
    offsets = np.concatenate([np.zeros(1, np.uint32), ends])
    return f"{total} {len(offsets)}\n".encode("ascii") + offsets.tobytes() + body


def _decode(data: mmap.mmap | bytes) -> tuple[SortedLines, int]:
    end = data.find(b"\n")
    total, count = (int(x) for x in data[:end].split())
    offsets = array("I", data[end + 1:end + 1 + 4 * count])
    body = end + 1 + 4 * count
    if count < 1 or offsets[-1] != len(data) - body:
        raise ValueError("not a complete dictionary cache")
    return SortedLines(data, body, offsets), total


@lru_cache(maxsize=1)
def dictionary_lines() -> tuple[Sequence[str], int]:
    """(sorted ``word\\tfreq\\ttag`` lines of jieba's ``dict.txt``, the sum of the frequencies)."""
    source = package_file("jieba", "dict.txt")
    if source is None:
        return [], 1
    try:
        stat = source.stat()
    except OSError:
        return [], 1
    cache = Path(tempfile.gettempdir()) / f"policyqa-jieba-dict-{stat.st_size}-{int(stat.st_mtime)}.bin"
    try:
        with cache.open("rb") as fh:
            return _decode(mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ))
    except (OSError, ValueError):
        pass
    data = _encode(source)
    try:
        fd, tmp = tempfile.mkstemp(dir=cache.parent, prefix=".policyqa-dict-")
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, cache)
    except OSError:
        pass  # a read-only temp folder: the next start reads the dictionary again
    return _decode(data)


def _at(lines: Sequence[str], word: str) -> tuple[str | None, bool]:
    """(the line of ``word``, or None; whether some word starts with ``word``). "\\t" sorts before every
    character of a word, so a word's own line comes before the lines of longer words it begins."""
    if isinstance(lines, SortedLines):
        return lines.at(word)
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

    def __init__(self, lines: Sequence[str]):
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

    def __init__(self, lines: Sequence[str], upgrade_after: int = UPGRADE_AFTER):
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
