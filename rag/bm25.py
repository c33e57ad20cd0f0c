"""Okapi BM25 over pre-tokenized documents (Robertson & Zaragoza, 2009).

The postings are one CSR layout: term *t* owns ``ids[offsets[t]:offsets[t + 1]]`` (document rows,
ascending, int32) and the same slice of ``weights`` (float32, the term's full BM25 contribution to
that document). Three flat arrays instead of a dict of small arrays per term: compact in memory,
and stored as they are in the index (``BM25.arrays`` / ``BM25.from_arrays``).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence

import numpy as np


class BM25:
    """Okapi BM25 with the usual ``k1`` and ``b``; row *i* is document *i*.

    >>> bm = BM25([["住建", "老旧小区"], ["机场"]])
    >>> int(bm.scores(["老旧小区"]).argmax())
    0
    """

    def __init__(self, docs: list[list[str]], k1: float = 1.5, b: float = 0.75):
        if k1 < 0 or not 0 <= b <= 1:
            raise ValueError(f"need k1 >= 0 and 0 <= b <= 1, got k1={k1}, b={b}")
        self.n = len(docs)
        lengths = np.array([len(d) for d in docs], dtype=np.float32)
        avg = float(lengths.mean()) if self.n and lengths.mean() > 0 else 1.0
        norm_len = k1 * (1 - b + b * lengths / avg)
        term_ids: dict[str, int] = {}  # first occurrence order, as the postings were always listed
        p_term, p_doc, p_tf = [], [], []
        for i, doc in enumerate(docs):
            for term, tf in Counter(doc).items():
                p_term.append(term_ids.setdefault(term, len(term_ids)))
                p_doc.append(i)
                p_tf.append(tf)
        terms = np.asarray(p_term, dtype=np.int64)
        order = np.argsort(terms, kind="stable")  # by term, then document (documents were visited in order)
        ids = np.asarray(p_doc, dtype=np.int32)[order]
        tf = np.asarray(p_tf, dtype=np.float32)[order]
        counts = np.bincount(terms, minlength=len(term_ids))
        offsets = np.zeros(len(term_ids) + 1, dtype=np.int64)
        np.cumsum(counts, out=offsets[1:])
        # float32 throughout, as tf * (k1 + 1) / (tf + norm_len[i]) * idf computes per posting
        weights = (tf * np.float32(k1 + 1)) / (tf + norm_len[ids])
        idf = np.array([math.log(1 + (self.n - int(c) + 0.5) / (int(c) + 0.5)) for c in counts.tolist()])
        weights *= np.repeat(idf.astype(np.float32), counts)
        self._set(list(term_ids), offsets, ids, weights.astype(np.float32, copy=False))

    def _set(self, terms: list[str], offsets: np.ndarray, ids: np.ndarray, weights: np.ndarray) -> None:
        self._terms = terms
        self._term_ids = {t: i for i, t in enumerate(terms)}
        self.offsets, self.ids, self.weights = offsets, ids, weights

    # ---- storage -------------------------------------------------------------------------------
    def arrays(self) -> dict[str, np.ndarray]:
        """The postings as plain arrays (with ``terms()``, all ``from_arrays`` needs)."""
        return {"bm25_offsets": self.offsets, "bm25_ids": self.ids, "bm25_weights": self.weights,
                "bm25_n": np.array([self.n], dtype=np.int64)}

    def terms(self) -> list[str]:
        """Term *t* of the postings, in order."""
        return list(self._terms)

    @classmethod
    def from_arrays(cls, terms: Sequence[str], offsets: np.ndarray, ids: np.ndarray, weights: np.ndarray,
                    n: int) -> BM25:
        """Postings as stored; ValueError when they do not fit together."""
        offsets = np.asarray(offsets)
        ids, weights = np.asarray(ids), np.asarray(weights)
        if (offsets.ndim != 1 or ids.ndim != 1 or weights.ndim != 1 or len(offsets) != len(terms) + 1
                or offsets.dtype != np.int64 or ids.dtype != np.int32 or weights.dtype != np.float32):
            raise ValueError("BM25 arrays of the wrong shape or type")
        if len(ids) != len(weights) or (len(offsets) and (offsets[0] != 0 or offsets[-1] != len(ids)
                                                           or np.any(np.diff(offsets) < 0))):
            raise ValueError("BM25 offsets do not match the postings")
        if len(ids) and (int(ids.min()) < 0 or int(ids.max()) >= n):
            raise ValueError("BM25 postings name documents that do not exist")
        if len(set(terms)) != len(terms):
            raise ValueError("BM25 terms repeat")
        bm = cls.__new__(cls)
        bm.n = int(n)
        bm._set(list(terms), offsets, ids, weights)
        return bm

    # ---- search --------------------------------------------------------------------------------
    def postings(self, term: str) -> tuple[np.ndarray, np.ndarray] | None:
        """(document rows, weights) of one term, or None."""
        t = self._term_ids.get(term)
        if t is None:
            return None
        a, b = int(self.offsets[t]), int(self.offsets[t + 1])
        return self.ids[a:b], self.weights[a:b]

    @property
    def _postings(self) -> Mapping[str, tuple[np.ndarray, np.ndarray]]:
        """term → (rows, weights), in term order: the read-only view older callers iterate."""
        return _PostingsView(self)

    def scores(self, query: list[str]) -> np.ndarray:
        """BM25 score of every document for the query tokens."""
        out = np.zeros(self.n, dtype=np.float32)
        for term in set(query):
            p = self.postings(term)
            if p is not None:
                out[p[0]] += p[1]
        return out

    def top(self, query: list[str], k: int) -> list[tuple[int, float]]:
        """The ``k`` best (row, score) pairs with a positive score, best first."""
        if k <= 0:
            raise ValueError(f"k must be > 0, got {k}")
        s = self.scores(query)
        if not self.n:
            return []
        k = min(k, self.n)
        idx = np.argpartition(-s, k - 1)[:k]
        idx = idx[np.argsort(-s[idx], kind="stable")]
        idx = idx[s[idx] > 0]
        return list(zip(idx.tolist(), s[idx].tolist(), strict=True))

    def top_among(self, query: list[str], rows: np.ndarray) -> list[tuple[int, float]]:
        """Every row of ``rows`` with a positive score, best first (what ``top(query, n)`` keeps of them)."""
        s = self.scores(query)
        rows = np.asarray(rows, dtype=np.int64)
        rows = rows[s[rows] > 0]
        rows = rows[np.argsort(-s[rows], kind="stable")]
        return list(zip(rows.tolist(), s[rows].tolist(), strict=True))

    def has_term(self, term: str) -> bool:
        return term in self._term_ids

    def vocabulary(self) -> list[str]:
        """Every indexed term."""
        return list(self._terms)


class _PostingsView(Mapping):
    def __init__(self, bm: BM25):
        self._bm = bm

    def __getitem__(self, term: str) -> tuple[np.ndarray, np.ndarray]:
        p = self._bm.postings(term)
        if p is None:
            raise KeyError(term)
        return p

    def __iter__(self) -> Iterator[str]:
        return iter(self._bm._terms)

    def __len__(self) -> int:
        return len(self._bm._terms)
