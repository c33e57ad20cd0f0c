"""Ranking tasks for a question: dense (FAISS), BM25 (jieba), and their fusion."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from .embed import Embedder
from .store import LoadedIndex
from .types import Hit

VECTORS_KEPT = 64  # question vectors kept (HybridRetriever._vector)


def reciprocal_rank_fusion(rankings: Sequence[Sequence[int]], k: int = 60,
                           weights: Sequence[float] | None = None) -> list[tuple[int, float]]:
    """Reciprocal rank fusion (Cormack, Clarke & Büttcher, SIGIR 2009).

    score(d) = Σ_r w_r / (k + rank_r(d)), ranks starting at 1.

    >>> reciprocal_rank_fusion([[1, 2, 3], [3, 1]])[0][0]
    1
    """
    if k <= 0:
        raise ValueError(f"k must be > 0, got {k}")
    weights = [1.0] * len(rankings) if weights is None else list(weights)
    if len(weights) != len(rankings):
        raise ValueError(f"need one weight per ranking, got {len(weights)} weights for {len(rankings)} rankings")
    scores: dict[int, float] = {}
    for ranking, w in zip(rankings, weights, strict=False):
        for rank, doc in enumerate(ranking, start=1):
            scores[doc] = scores.get(doc, 0.0) + w / (k + rank)
    return sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))


@dataclass(frozen=True)
class Ranking:
    """One query's fused ranking plus the raw scores behind it (row → score)."""

    fused: tuple[tuple[int, float], ...]
    dense: dict[int, float]
    sparse: dict[int, float]


def convex_fusion(dense: dict[int, float], sparse: dict[int, float], weight: float = 0.5,
                  dense_floor: float | None = None, sparse_floor: float | None = 0.0) -> list[tuple[int, float]]:
    """Convex combination of normalised scores (Bruch, Gai & Ingber, TOIS 2023).

    score(d) = w · dense'(d) + (1 − w) · bm25'(d), each list normalised as
    (s − floor) / (max − floor); a floor of None uses the list's own minimum
    (min-max), a number is a theoretical minimum (0 for BM25, −1 for cosine).
    A document missing from one list scores 0 there. With BM25 scaled from 0
    a lead keeps its size (ten times the runner-up's score counts for more
    than one rank, unlike RRF); dense scores default to min-max because e5
    cosines crowd into a narrow band. ``eval/fusion.py`` compares the variants.

    >>> convex_fusion({1: 0.9, 2: 0.85, 3: 0.8}, {2: 10.0, 3: 1.0})[0][0]
    2
    """
    if not 0 <= weight <= 1:
        raise ValueError(f"weight must be in [0, 1], got {weight}")

    def scaled(scores: dict[int, float], floor: float | None) -> dict[int, float]:
        if not scores:
            return {}
        hi = max(scores.values())
        lo = min(scores.values()) if floor is None else min(floor, min(scores.values()))
        span = hi - lo
        return {k: (v - lo) / span if span > 0 else 1.0 for k, v in scores.items()}

    d, b = scaled(dense, dense_floor), scaled(sparse, sparse_floor)
    fused = {k: weight * d.get(k, 0.0) + (1 - weight) * b.get(k, 0.0) for k in d.keys() | b.keys()}
    return sorted(fused.items(), key=lambda kv: (-kv[1], kv[0]))


class HybridRetriever:
    """Dense + BM25 retrieval over a loaded index, fused by RRF.

    ``search`` returns :class:`Hit` objects with the fused score; ``rank``
    also returns the raw dense similarities and BM25 scores, which the
    answer uses to judge its confidence.
    """

    def __init__(self, index: LoadedIndex, embedder: Embedder, depth: int = 50, fusion: str = "convex",
                 rrf_k: int = 60, dense_weight: float = 0.5, dense_floor: float | None = None,
                 sparse_floor: float | None = 0.0):
        if depth <= 0:
            raise ValueError(f"depth must be > 0, got {depth}")
        if fusion not in ("convex", "rrf"):
            raise ValueError(f"fusion must be 'convex' or 'rrf', got {fusion!r}")
        self.index, self.embedder, self.depth = index, embedder, depth
        self.fusion, self.rrf_k, self.dense_weight = fusion, rrf_k, dense_weight
        self.dense_floor, self.sparse_floor = dense_floor, sparse_floor
        self._vectors: dict[str, np.ndarray] = {}  # the last VECTORS_KEPT texts embedded: one answer embeds a text once

    def dense(self, question: str, k: int) -> list[tuple[int, float]]:
        """(task row, cosine of its best chunk) pairs, best first, at most ``k``."""
        if k <= 0 or self.index.manifest.chunks <= 0:
            return []
        return self.index.dense.search(self._vector(question), k)

    def sparse(self, tokens: list[str], k: int) -> list[tuple[int, float]]:
        return self.index.bm25.top(tokens, k) if tokens else []

    def _vector(self, question: str) -> np.ndarray:
        vector = self._vectors.get(question)
        if vector is None:
            vector = self.embedder.embed_query(question).astype(np.float32)
            if len(self._vectors) >= VECTORS_KEPT:
                try:
                    del self._vectors[next(iter(self._vectors))]
                except (KeyError, StopIteration, RuntimeError):  # another thread evicted it first
                    pass
            self._vectors[question] = vector
        return vector

    def _dense_among(self, question: str, rows: Iterable[int]) -> list[tuple[int, float]]:
        """``dense(question, every task)`` restricted to ``rows``; only their chunks are scored where the
        index can (``search_among``), instead of ranking the whole corpus and filtering in Python."""
        if self.index.manifest.chunks <= 0:
            return []
        dense = self.index.dense
        rows = _as_rows(rows)
        if not len(rows):
            return []
        vector = self._vector(question)
        if hasattr(dense, "search_among"):
            return dense.search_among(vector, rows)
        allowed = set(rows.tolist())
        return [(r, s) for r, s in dense.search(vector, self.index.manifest.count) if r in allowed]

    def dense_scores(self, question: str, rows: Iterable[int], floor: float | None = None) -> np.ndarray:
        """The dense similarity of each of ``rows`` to the question (float64, 0.0 where a task has no
        score): ``rank(question, rows).dense.get(r, 0.0)`` for every row, without the BM25 half and fusion.
        With ``floor``, a row whose similarity is below it may get -inf instead (for threshold tests)."""
        rows = _as_rows(rows)
        out = np.zeros(len(rows), dtype=np.float64)
        if not len(rows) or self.index.manifest.chunks <= 0:
            return out
        dense = self.index.dense
        if floor is not None and hasattr(dense, "scores_above"):
            return dense.scores_above(self._vector(question), rows, floor)
        if hasattr(dense, "scores_among"):
            found, scores = dense.scores_among(self._vector(question), rows)
        else:
            pairs = self._dense_among(question, rows)
            found = np.array([r for r, _ in pairs], dtype=np.int64)
            scores = np.array([s for _, s in pairs], dtype=np.float64)
        if len(found):
            order = np.argsort(rows, kind="stable")
            at = order[np.searchsorted(rows, found, sorter=order)]
            out[at] = scores.astype(np.float64)
            # a row listed twice gets its score at every place
            if len(np.unique(rows)) != len(rows):
                lookup = dict(zip(found.tolist(), scores.astype(np.float64).tolist(), strict=True))
                out = np.fromiter((lookup.get(r, 0.0) for r in rows.tolist()), dtype=np.float64, count=len(rows))
        return out

    def _sparse_among(self, tokens: list[str], rows: Iterable[int]) -> list[tuple[int, float]]:
        if not tokens:
            return []
        rows = _as_rows(rows)
        bm25 = self.index.bm25
        if hasattr(bm25, "top_among"):
            rows = np.unique(rows)
            return bm25.top_among(tokens, rows[(rows >= 0) & (rows < bm25.n)])
        allowed = set(rows.tolist())
        return [(r, s) for r, s in bm25.top(tokens, self.index.manifest.count) if r in allowed]

    def rank(self, question: str, rows: Iterable[int] | None = None,
             tokens: list[str] | None = None) -> Ranking:
        """Fuse dense and BM25 rankings, optionally only among ``rows``."""
        tokens = self.index.tokenizer.tokens(question) if tokens is None else tokens
        if rows is None:
            dense = self.dense(question, self.depth)
            sparse = self.sparse(tokens, self.depth)
        else:  # every allowed task that either side scores: as deep as the corpus, among ``rows`` only
            dense, sparse = self._dense_among(question, rows), self._sparse_among(tokens, rows)
        if self.fusion == "rrf":
            fused = reciprocal_rank_fusion([[r for r, _ in dense], [r for r, _ in sparse]], k=self.rrf_k)
        else:
            fused = convex_fusion(dict(dense), dict(sparse), self.dense_weight, self.dense_floor, self.sparse_floor)
        return Ranking(tuple(fused), dict(dense), dict(sparse))

    def search(self, question: str, top_k: int = 10, rows: Iterable[int] | None = None) -> list[Hit]:
        """The ``top_k`` best tasks (fused RRF score), optionally only among ``rows``."""
        if top_k <= 0:
            raise ValueError(f"top_k must be > 0, got {top_k}")
        ranking = self.rank(question, rows)
        return [Hit(self.index.tasks[r], s, "hybrid") for r, s in ranking.fused[:top_k]]


def as_langchain_retriever(retriever: HybridRetriever, top_k: int = 5):
    """The hybrid retriever as a LangChain ``BaseRetriever`` returning ``Document``s."""
    from langchain_core.callbacks import CallbackManagerForRetrieverRun
    from langchain_core.documents import Document
    from langchain_core.retrievers import BaseRetriever

    class PolicyRetriever(BaseRetriever):
        k: int = top_k

        def _get_relevant_documents(self, query: str, *, run_manager: CallbackManagerForRetrieverRun) -> list[Document]:
            return [Document(page_content=h.task.text, id=h.task.id,
                             metadata={**h.task.to_dict(), "score": h.score})
                    for h in retriever.search(query, self.k)]

    return PolicyRetriever()


def _as_rows(rows: Iterable[int]) -> np.ndarray:
    return rows if isinstance(rows, np.ndarray) else np.fromiter(rows, dtype=np.int64)
