"""Part-of-speech tags of jieba's general dictionary, looked up without building a 349k-entry dict.

jieba's ``dict.txt`` lists each word with a frequency and a tag. Reading it into a dict costs about
0.4 s at every start; the tags are kept instead as one sorted list of ``word\ttag`` lines, written once
to a cache file beside jieba's own cache and read back with one split (tens of milliseconds), and
looked up by bisection.
"""

from __future__ import annotations

import bisect
import importlib.util
import os
import tempfile
from pathlib import Path


class PosTable:
    r"""word → tag (``n``, ``vn``, ``nr`` …) of jieba's dictionary.

    >>> t = PosTable(sorted(["城市\tns", "垃圾\tn"]))
    >>> t.get("垃圾"), t.get("垃"), "城市" in t
    ('n', None, True)
    """

    def __init__(self, lines: list[str]):
        self._lines = lines  # sorted "word\ttag"; "\t" sorts before every character of a word

    def get(self, word: str, default: str | None = None) -> str | None:
        key = word + "\t"
        i = bisect.bisect_left(self._lines, key)
        if i < len(self._lines) and self._lines[i].startswith(key):
            return self._lines[i][len(key):]
        return default

    def __contains__(self, word: str) -> bool:
        return self.get(word) is not None

    @classmethod
    def load(cls) -> PosTable:
        """From the cache file when it matches jieba's dictionary, else read from the dictionary (and cached)."""
        spec = importlib.util.find_spec("jieba")
        if spec is None or not spec.submodule_search_locations:
            return cls([])
        source = Path(spec.submodule_search_locations[0]) / "dict.txt"
        try:
            stat = source.stat()
        except OSError:
            return cls([])
        cache = Path(tempfile.gettempdir()) / f"policyqa-jieba-pos-{stat.st_size}-{int(stat.st_mtime)}.txt"
        try:
            return cls(cache.read_text(encoding="utf-8").split("\n"))
        except (OSError, UnicodeDecodeError):
            pass
        lines = []
        with source.open("r", encoding="utf-8") as fh:
            for line in fh:
                parts = line.split()
                if len(parts) == 3:
                    lines.append(f"{parts[0]}\t{parts[2]}")
        lines = sorted(set(lines))
        lines = [line for k, line in enumerate(lines)  # one tag a word (the dictionary lists each word once)
                 if k + 1 == len(lines) or lines[k + 1].split("\t")[0] != line.split("\t")[0]]
        try:
            fd, tmp = tempfile.mkstemp(dir=cache.parent, prefix=".policyqa-pos-")
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write("\n".join(lines))
            os.replace(tmp, cache)
        except OSError:
            pass  # a read-only temp folder: the next start reads the dictionary again
        return cls(lines)
