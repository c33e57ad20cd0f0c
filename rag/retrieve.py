"""Ranking tasks for a question: dense (FAISS), BM25 (jieba), and their fusion."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from .embed import Embedder
from .store import LoadedIndex
from .types import Hit


def reciprocal_rank_fusion(rankings: Sequence[Sequence[int]], k: int = 60,
                           weights: Sequence[float] | None = None) -> list[tuple[int, float]]:
    """Reciprocal rank fusion (Cormack, Clarke & Büttcher, SIGIR 2009).

    score(d) = Σ_r w_r / (k + rank_r(d)), ranks starting at 1.

    >>> reciprocal_rank_fusion([[1, 2, 3], [3, 1]])[0][0]
    1
    """
    if k <= 0:
        raise ValueError(f"k must be > 0, got {k}")
    weights = weights or [1.0] * len(rankings)
    scores: dict[int, float] = {}
    for ranking, w in zip(rankings, weights):
        for rank, doc in enumerate(ranking, start=1):
            scores[doc] = scores.get(doc, 0.0) + w / (k + rank)
    return sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))


@dataclass(frozen=True)
class Ranking:
    """One query's fused ranking plus the raw scores behind it (row → score)."""

    fused: tuple[tuple[int, float], ...]
    dense: dict[int, float]
    sparse: dict[int, float]


class HybridRetriever:
    """Dense + BM25 retrieval over a loaded index, fused by RRF.

    ``search`` returns :class:`Hit` objects with the fused score; ``rank``
    also returns the raw dense similarities and BM25 scores, which the
    answer uses to judge its confidence.
    """

    def __init__(self, index: LoadedIndex, embedder: Embedder, depth: int = 50, rrf_k: int = 60):
        if depth <= 0:
            raise ValueError(f"depth must be > 0, got {depth}")
        self.index, self.embedder, self.depth, self.rrf_k = index, embedder, depth, rrf_k

    def dense(self, question: str, k: int) -> list[tuple[int, float]]:
        """(row, cosine) pairs, best first."""
        k = min(k, self.index.manifest.count)
        if k <= 0:
            return []
        q = self.embedder.embed_query(question).reshape(1, -1).astype(np.float32)
        scores, rows = self.index.faiss.search(q, k)
        return [(int(r), float(s)) for r, s in zip(rows[0], scores[0]) if r >= 0]

    def sparse(self, tokens: list[str], k: int) -> list[tuple[int, float]]:
        return self.index.bm25.top(tokens, k) if tokens else []

    def rank(self, question: str, rows: Iterable[int] | None = None,
             tokens: list[str] | None = None) -> Ranking:
        """Fuse dense and BM25 rankings, optionally only among ``rows``."""
        tokens = self.index.tokenizer.tokens(question) if tokens is None else tokens
        allowed = set(rows) if rows is not None else None
        depth = self.index.manifest.count if allowed is not None else self.depth
        dense = self.dense(question, depth)
        sparse = self.sparse(tokens, depth)
        if allowed is not None:
            dense = [(r, s) for r, s in dense if r in allowed]
            sparse = [(r, s) for r, s in sparse if r in allowed]
        fused = reciprocal_rank_fusion([[r for r, _ in dense], [r for r, _ in sparse]], k=self.rrf_k)
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
