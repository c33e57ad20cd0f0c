"""Word lists that ship as package data (``rag/data/*.tsv``), read once on first use.

Each file is UTF-8, one entry a line, fields separated by tabs; ``#`` starts a
comment line. What can be derived from the corpus (unit aliases, section names,
topic terms) is derived at index time instead of being listed here.
"""

from __future__ import annotations

import importlib.util
from functools import cache
from importlib import resources
from pathlib import Path


@cache
def rows(name: str) -> tuple[tuple[str, ...], ...]:
    """The rows of ``rag/data/<name>``, each a tuple of its tab-separated fields.

    >>> ("牵头单位", "lead") in rows("clause_labels.tsv")
    True
    """
    text = resources.files("rag").joinpath("data", name).read_text(encoding="utf-8")
    out = []
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        out.append(tuple(field.strip() for field in line.split("\t")))
    return tuple(out)


@cache
def words(name: str) -> frozenset[str]:
    """Every field of every row of a list file, as one set (a file may put several words on a line)."""
    return frozenset(w for row in rows(name) for field in row for w in field.split() if w)


@cache
def grouped(name: str) -> dict[str, tuple[str, ...]]:
    """First field → the words of the other fields (``kind<TAB>word word …``), in file order."""
    out: dict[str, list[str]] = {}
    for row in rows(name):
        out.setdefault(row[0], []).extend(w for field in row[1:] for w in field.split())
    return {k: tuple(dict.fromkeys(v)) for k, v in out.items()}


def package_file(package: str, name: str) -> Path | None:
    """A data file shipped inside another installed package (jieba's ``dict.txt``, pypinyin's
    ``pinyin_dict.json``), found without importing the package; None when it is not installed."""
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations))) / name
