"""The reading rules an index was built by: a fingerprint of what turns notices into stored records.

An index stores what the parser read (tasks, units, roles), the tokens BM25 counts and the English
glossary. When a new version of this package reads notices differently (a clause convention, a word
list), an index built by the old one is stale even though neither the corpus nor the embedder changed.
The manifest records this fingerprint; :func:`rag.store.check_fresh` compares it, and an index built by
other rules is rebuilt like one built from another corpus.

The fingerprint covers the source of the modules that parse and index notices and every word list in
``rag/data`` (some lists are read only when answering; a change to one of those rebuilds once, which
is cheaper than an index that silently keeps old readings).
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

_HERE = Path(__file__).resolve().parent
# the modules whose behaviour is stored in an index (parse → records → tokens, chunks, glossary)
INDEXING_MODULES = ("chunks.py", "clauses.py", "corpus.py", "english.py", "formats.py", "jiebadict.py", "marks.py",
                    "parse.py", "tables.py", "text.py", "tokenize.py", "types.py", "units.py")


@lru_cache(maxsize=1)
def reading_rules() -> str:
    """SHA-256 (first 16 hex digits) over the indexing modules and the word lists, by name and content."""
    h = hashlib.sha256()
    files = [_HERE / name for name in INDEXING_MODULES] + sorted(p for p in (_HERE / "data").iterdir() if p.is_file())
    for path in files:
        h.update(path.name.encode() + b"\0")
        h.update(path.read_bytes() if path.exists() else b"")
        h.update(b"\0")
    return h.hexdigest()[:16]
