"""Okapi BM25 over pre-tokenized documents (Robertson & Zaragoza, 2009)."""

from __future__ import annotations

import math
from collections import Counter, defaultdict

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
        postings: dict[str, tuple[list[int], list[float]]] = defaultdict(lambda: ([], []))
        for i, doc in enumerate(docs):
            for term, tf in Counter(doc).items():
                ids, weights = postings[term]
                ids.append(i)
                weights.append(tf * (k1 + 1) / (tf + norm_len[i]))
        self._postings = {}
        for term, (ids, weights) in postings.items():
            idf = math.log(1 + (self.n - len(ids) + 0.5) / (len(ids) + 0.5))
            self._postings[term] = (np.array(ids, dtype=np.int64), np.array(weights, dtype=np.float32) * idf)

    def scores(self, query: list[str]) -> np.ndarray:
        """BM25 score of every document for the query tokens."""
        out = np.zeros(self.n, dtype=np.float32)
        for term in set(query):
            if term in self._postings:
                ids, weights = self._postings[term]
                out[ids] += weights
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
        return [(int(i), float(s[i])) for i in idx if s[i] > 0]

    def has_term(self, term: str) -> bool:
        return term in self._postings

    def vocabulary(self) -> list[str]:
        """Every indexed term."""
        return list(self._postings)
