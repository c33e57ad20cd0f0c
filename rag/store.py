"""Build and load the index directory.

Layout (fixed names; JSON and FAISS only, never pickle)::

    index/
      current -> builds/<build id>     a symlink, swapped atomically
      builds/<build id>/manifest.json  how it was built (embedder, corpus hashes, file hashes)
      builds/<build id>/records.json   notices, the BM25 terms, user words, glossary
      builds/<build id>/tasks.jsonl    one task per line (Task.to_dict's fields), row i = line i
      builds/<build id>/arrays.bin     raw arrays behind a JSON table of contents (_write_arrays):
                                       chunk → task map and the BM25 postings as CSR (rag/bm25.py)
      builds/<build id>/vectors.faiss  FAISS index of chunks; row i = chunk i; inner product on
                                       normalised vectors = cosine; float32 for small corpora,
                                       float16 (IndexScalarQuantizer) above COMPACT_ABOVE chunks
      .lock                            held while a build runs

A build writes a new ``builds/`` entry and only then repoints ``current``, so an
interrupted build leaves the previous index loadable, and two builders take
turns on the lock.
"""

from __future__ import annotations

import fcntl
import gc
import hashlib
import itertools
import json
import os
import shutil
import time
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Protocol

import numpy as np

from .bm25 import BM25
from .chunks import chunk_texts, passage_text  # noqa: F401 (re-exported: the index's chunking)
from .corpus import Corpus
from .embed import Embedder
from .english import build_glossary
from .errors import IndexCorrupt, IndexMismatch, IndexMissing
from .rules import reading_rules
from .tokenize import Tokenizer
from .types import Heading, Notice, ParseWarning, Section, Task
from .units import UnitDirectory

FORMAT = "policyqa-index"
FORMAT_VERSION = 4  # 4: BM25 postings and chunk → task map in arrays.bin; float16 vectors for large corpora
FILES = ("manifest.json", "records.json", "tasks.jsonl", "arrays.bin", "vectors.faiss")
ARRAYS = {"chunk_task": np.int32, "bm25_offsets": np.int64, "bm25_ids": np.int32, "bm25_weights": np.float32,
          "bm25_n": np.int64}
CALIBRATION_SAMPLE = 300  # tasks whose titles calibrate the dense thresholds
# Exact search (IndexFlatIP) up to this many chunks — FAISS rows, about 3 per task — and HNSW above.
# eval/scale.py measured on this 2-core machine: exact search of 300 rows takes ~2 ms over 30k chunks
# (10k tasks) and ~21-39 ms over 300k chunks (100k tasks), next to ~15 ms to embed the question, while
# HNSW at 300k chunks reached only 0.76-0.85 recall@10 even at efSearch 512 (0.40 task recall with the
# old settings: efSearch was never set, and FAISS keeps its default of 16 even when asked for k=300).
HNSW_ABOVE = 500_000
# Exact search over float16 vectors (IndexScalarQuantizer QT_fp16) above this many chunks: half the memory of
# float32 (233 MB instead of 467 MB at 304k chunks) and, memory-bound as one query is, faster too. Cosines
# move by ~1e-4; eval/scale.py measures task recall@10 against float32. Small corpora keep float32.
COMPACT_ABOVE = 20_000
KINDS = ("flat", "sq-fp16", "hnsw")
HNSW_M = 32
HNSW_EF_CONSTRUCTION = 200  # 80 → 200: +0.05-0.11 recall@10 at 300k chunks, ~3x the graph build time
HNSW_EF_SEARCH = 512  # ≥ the 300 rows the retriever asks for; saved in the index file, and raised on load
FIX = "run `policyqa index` to rebuild it"

Progress = Callable[[str, int, int], None]
_BUILD_SEQ = itertools.count(1)  # with the pid, makes build ids unique within one second


@dataclass(frozen=True)
class Calibration:
    """Dense-similarity thresholds for one embedder, measured on the corpus when the index was built.

    Each task's title is asked as a question: its similarity to its own task is a positive,
    its best similarity to a task of another section a negative (mostly unrelated).

    - ``dense_floor``: below it, a question that shares no word with the best task is not answered
      (the median negative: what an unrelated task typically scores);
    - ``dense_list``: a task that holds part of a topic's terms joins a topic list above it (the 10th
      percentile of positives);
    - ``dense_sure``: above it, similarity alone answers (the median positive).
    """

    dense_floor: float = 0.80
    dense_list: float = 0.86
    dense_sure: float = 0.90
    samples: int = 0

    @classmethod
    def measure(cls, positives: list[float], negatives: list[float]) -> Calibration:
        if len(positives) < 5 or len(negatives) < 5:
            return cls()
        pos, neg = sorted(positives), sorted(negatives)

        def q(xs: list[float], p: float) -> float:
            return round(float(xs[min(len(xs) - 1, int(p * len(xs)))]), 4)

        floor = q(neg, 0.5)
        sure = max(q(pos, 0.5), floor)
        return cls(dense_floor=floor, dense_list=min(max(q(pos, 0.1), floor), sure), dense_sure=sure,
                   samples=len(positives))


@dataclass(frozen=True)
class Manifest:
    """What ``manifest.json`` records about a build."""

    format: str
    format_version: int
    embedder: str
    dim: int
    count: int  # tasks
    chunks: int  # FAISS rows; chunk_task in arrays.bin maps each to its task
    corpus: dict[str, str]  # file name → SHA-256
    files: dict[str, str]  # records.json / tasks.jsonl / arrays.bin / vectors.faiss → SHA-256
    faiss_index: str  # "flat" (float32), "sq-fp16" (float16, exact search) or "hnsw"
    built_at: str
    build_seconds: float
    calibration: dict  # Calibration fields, measured at build time for this embedder
    rules: str = ""  # rag.rules.reading_rules() of the build ("" in indexes from before it was recorded)

    def calibration_values(self) -> Calibration:
        try:
            return Calibration(**self.calibration)
        except TypeError:
            return Calibration()

    @classmethod
    def from_json(cls, raw: object, where: Path) -> Manifest:
        if not isinstance(raw, dict):
            raise IndexCorrupt(f"{where} is not a JSON object; {FIX}")
        names = {f.name for f in fields(cls)}
        missing = names - raw.keys() - {"rules"}
        if missing:
            raise IndexCorrupt(f"{where} lacks {', '.join(sorted(missing))}; {FIX}")
        types = {"format": str, "format_version": int, "embedder": str, "dim": int, "count": int, "chunks": int,
                 "corpus": dict, "files": dict, "faiss_index": str, "built_at": str, "build_seconds": (int, float),
                 "calibration": dict}
        wrong = [k for k, t in types.items() if not isinstance(raw[k], t) or isinstance(raw[k], bool)]
        wrong += [k for k in ("corpus", "files") if k not in wrong and not all(
            isinstance(a, str) and isinstance(b, str) for a, b in raw[k].items())]
        if wrong:
            raise IndexCorrupt(f"{where} has fields of the wrong type: {', '.join(sorted(wrong))}; {FIX}")
        if not isinstance(raw.get("rules", ""), str):
            raise IndexCorrupt(f"{where} has fields of the wrong type: rules; {FIX}")
        m = cls(**{k: raw[k] for k in names if k in raw})
        if m.format != FORMAT or m.format_version != FORMAT_VERSION:
            raise IndexMismatch(f"{where} is format {m.format!r} v{m.format_version}, "
                                f"this version reads {FORMAT!r} v{FORMAT_VERSION}; {FIX}")
        return m


class DenseIndex(Protocol):
    """Nearest tasks to a query vector (inner product on normalised vectors = cosine)."""

    def search(self, vector: np.ndarray, k: int) -> list[tuple[int, float]]:
        """(task row, best chunk similarity), best first, at most ``k`` distinct tasks."""
        ...


class SparseIndex(Protocol):
    """BM25 over the tasks' tokens."""

    def top(self, query: list[str], k: int) -> list[tuple[int, float]]: ...

    def has_term(self, term: str) -> bool: ...

    def vocabulary(self) -> list[str]: ...


class FaissDense:
    """A FAISS index of chunks; row i of the index is chunk i, and ``chunk_task[i]`` its task row."""

    def __init__(self, index, chunk_task: np.ndarray):
        self.index, self.chunk_task = index, chunk_task
        # A task's chunks are consecutive rows (build_index adds them in task order): task r owns
        # rows first[r]:first[r + 1]. None when the rows are not in that order.
        ordered = len(chunk_task) == 0 or bool(np.all(np.diff(chunk_task) >= 0))
        tasks = int(chunk_task[-1]) + 1 if len(chunk_task) else 0
        self._first = np.searchsorted(chunk_task, np.arange(tasks + 1)) if ordered else None

    @property
    def chunks(self) -> int:
        return int(self.index.ntotal)

    def search(self, vector: np.ndarray, k: int) -> list[tuple[int, float]]:
        if k <= 0 or self.chunks <= 0:
            return []
        q = np.asarray(vector, dtype=np.float32).reshape(1, -1)
        # Tasks own several chunks; fetch enough chunks to fill k distinct tasks.
        scores, rows = self.index.search(q, min(self.chunks, k * 6))
        return self._best(rows[0], scores[0])[:k]

    def search_among(self, vector: np.ndarray, tasks) -> list[tuple[int, float]]:
        """(task row, best chunk similarity) of every task among ``tasks``, best first: what
        ``search(vector, all tasks)`` keeps of them, scoring only their chunks (exact indexes)."""
        rows, scores = self.scores_among(vector, tasks)
        return list(zip(rows.tolist(), scores.tolist(), strict=True))

    def scores_among(self, vector: np.ndarray, tasks) -> tuple[np.ndarray, np.ndarray]:
        """``search_among`` as two arrays: task rows and their float32 similarities, best first."""
        empty = np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        if self.chunks <= 0:
            return empty
        tasks = np.unique(np.asarray(list(tasks) if not isinstance(tasks, np.ndarray) else tasks, dtype=np.int64))
        if self._first is None or hasattr(self.index, "hnsw"):  # an approximate index scores what its graph finds
            allowed = set(tasks.tolist())
            found = [(r, s) for r, s in self.search(vector, self.chunks) if r in allowed]
            return (np.array([r for r, _ in found], dtype=np.int64),
                    np.array([s for _, s in found], dtype=np.float32)) if found else empty
        tasks = tasks[(tasks >= 0) & (tasks < len(self._first) - 1)]
        starts, ends = self._first[tasks], self._first[tasks + 1]
        count = int((ends - starts).sum())
        if count == 0:
            return empty
        q = np.asarray(vector, dtype=np.float32).reshape(1, -1)
        if count == self.chunks:
            scores, rows = self.index.search(q, count)
        else:
            lengths = ends - starts
            ids = np.repeat(starts - np.cumsum(lengths) + lengths, lengths) + np.arange(count)
            # the same kernel as a full search, only over the selected rows
            sel = self._selector(ids)
            scores, rows = self.index.search(q, count, params=self._faiss.SearchParameters(sel=sel))
        return self._best_arrays(rows[0], scores[0])

    def scores_above(self, vector: np.ndarray, tasks: np.ndarray, floor: float) -> np.ndarray:
        """Each task's best chunk similarity, aligned with ``tasks`` (float64), exact wherever it is at
        least ``floor``; a task scoring below ``floor`` gets -inf (0.0 when it has no chunks, as a task
        ``search`` never returns). Searches deeper only while the deepest hit still reaches ``floor``,
        so a question close to few tasks costs one short search, not a ranking of every chunk."""
        tasks = np.asarray(tasks, dtype=np.int64)
        out = np.zeros(len(tasks), dtype=np.float64)
        if self.chunks <= 0 or not len(tasks):
            return out
        if self._first is None or hasattr(self.index, "hnsw"):
            found, scores = self.scores_among(vector, tasks)
            lookup = dict(zip(found.tolist(), scores.astype(np.float64).tolist(), strict=True))
            return np.fromiter((lookup.get(r, 0.0) for r in tasks.tolist()), dtype=np.float64, count=len(tasks))
        valid = (tasks >= 0) & (tasks < len(self._first) - 1)
        safe = np.where(valid, tasks, 0)
        lengths = np.where(valid, self._first[safe + 1] - self._first[safe], 0)
        out[:] = np.where(lengths > 0, -np.inf, 0.0)
        unique = np.unique(tasks[lengths > 0])
        starts, ends = self._first[unique], self._first[unique + 1]
        count = int((ends - starts).sum())
        if count == 0:
            return out
        q = np.asarray(vector, dtype=np.float32).reshape(1, -1)
        params = None
        if count != self.chunks:
            spans = ends - starts
            ids = np.repeat(starts - np.cumsum(spans) + spans, spans) + np.arange(count)
            sel = self._selector(ids)
            params = self._faiss.SearchParameters(sel=sel)
        k = min(count, 256)
        while True:
            scores, rows = self.index.search(q, k, params=params) if params is not None else self.index.search(q, k)
            if k >= count or scores[0][-1] < floor or rows[0][-1] < 0:
                break
            k = min(count, k * 4)
        keep = (rows[0] >= 0) & (scores[0] >= floor)
        found, best = self._best_arrays(rows[0][keep], scores[0][keep])
        if len(found):
            order = np.argsort(tasks, kind="stable")
            lo = np.searchsorted(tasks, found, side="left", sorter=order)
            hi = np.searchsorted(tasks, found, side="right", sorter=order)
            for a, b, s in zip(lo.tolist(), hi.tolist(), best.astype(np.float64).tolist(), strict=True):
                out[order[a:b]] = s
        return out

    @property
    def _faiss(self):
        import faiss

        return faiss

    def _selector(self, ids: np.ndarray):
        return self._faiss.IDSelectorBatch(np.ascontiguousarray(ids, dtype=np.int64))

    def _best(self, rows: np.ndarray, scores: np.ndarray) -> list[tuple[int, float]]:
        """Each task's first (best) chunk of a result list, in the list's order."""
        tasks, scores = self._best_arrays(rows, scores)
        return list(zip(tasks.tolist(), scores.tolist(), strict=True))

    def _best_arrays(self, rows: np.ndarray, scores: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        keep = rows >= 0
        rows, scores = rows[keep], scores[keep]
        owners = self.chunk_task[rows].astype(np.int64)
        _, first = np.unique(owners, return_index=True)
        first.sort()
        return owners[first], scores[first]


@dataclass(frozen=True)
class LoadedIndex:
    """Everything retrieval needs, validated: tasks, vectors, BM25, tokenizer."""

    manifest: Manifest
    notices: tuple[Notice, ...]
    tasks: tuple[Task, ...]
    dense: DenseIndex
    bm25: SparseIndex
    tokenizer: Tokenizer
    path: Path | str  # where it was loaded from (a build folder, or a Milvus URI)
    glossary: dict  # English word → corpus terms (english.py)


class IndexStore(Protocol):
    """Where an index lives: builds it from a corpus, loads the live one (FAISS files; Milvus).

    A store several servers share has ``shared = True`` (MilvusStore): each build also keeps the corpus
    files it came from, ``build`` takes ``parent=`` (switch only from that generation, else IndexConflict),
    and the members marked *shared* below exist. Callers test ``getattr(store, "shared", False)`` first.
    """

    def generation(self) -> str:
        """*shared*: the live generation's id (cheap: one read)."""
        ...

    def corpus_fingerprint(self, generation: str | None = None) -> dict[str, str]:
        """*shared*: file name → SHA-256 of the corpus a generation was built from."""
        ...

    def corpus_names(self, generation: str | None = None) -> dict[str, str]:
        """*shared*: file name → the name it was uploaded as (``.names.json``)."""
        ...

    def corpus_files(self, generation: str | None = None, only: list[str] | None = None) -> dict[str, bytes]:
        """*shared*: file name → bytes of the corpus a generation was built from (``only`` some of them)."""
        ...

    def build(self, corpus: Corpus, embedder: Embedder, progress: Progress | None = None) -> str:
        """Embed and index the corpus; the previous index serves until the switch. Returns the build's location."""
        ...

    def read_manifest(self) -> Manifest: ...

    def load(self, embedder_id: str, corpus: dict[str, str] | None = None) -> LoadedIndex: ...


def open_store(kind: str | None = None, index_dir: str | Path = "index", uri: str | None = None) -> IndexStore:
    """The configured store: ``faiss`` (default; files in ``index_dir``) or ``milvus`` (``uri``: a local
    ``*.db`` path runs Milvus Lite, ``http://host:19530`` a server). ``kind`` and ``uri`` default to
    ``$POLICYQA_STORE`` and ``$POLICYQA_MILVUS_URI``."""
    kind = (kind or os.environ.get("POLICYQA_STORE") or "faiss").strip().lower()
    if kind == "faiss":
        return FaissStore(index_dir)
    if kind == "milvus":
        uri = uri or os.environ.get("POLICYQA_MILVUS_URI") or str(Path(index_dir) / "milvus.db")
        try:
            from .milvus_store import MilvusStore
        except ImportError as exc:
            raise IndexMissing(f"the milvus store needs pymilvus and milvus-lite: pip install 'policyqa[milvus]' ({exc})") from exc
        return MilvusStore(uri)
    raise ValueError(f"store must be 'faiss' or 'milvus', got {kind!r}")


class FaissStore:
    """The embedded default: an index directory of FAISS and JSON files (see the module docstring)."""

    def __init__(self, index_dir: str | Path):
        self.index_dir = Path(index_dir)

    def build(self, corpus: Corpus, embedder: Embedder, progress: Progress | None = None) -> str:
        return str(build_index(corpus, embedder, self.index_dir, progress))

    def read_manifest(self) -> Manifest:
        return read_manifest(self.index_dir)

    def load(self, embedder_id: str, corpus: dict[str, str] | None = None) -> LoadedIndex:
        return load_index(self.index_dir, embedder_id, corpus)

    def __str__(self) -> str:
        return str(self.index_dir)


def user_words(tasks: tuple[Task, ...] | list[Task]) -> list[str]:
    """The tokenizer's extra dictionary: unit names and aliases, task titles."""
    words = UnitDirectory(tasks).all_terms()
    words |= {t.title for t in tasks if 2 <= len(t.title) <= 12}
    return sorted(words)


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


@contextmanager
def _locked(index_dir: Path):
    index_dir.mkdir(parents=True, exist_ok=True)
    with open(index_dir / ".lock", "w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def build_index(corpus: Corpus, embedder: Embedder, index_dir: str | Path,
                progress: Progress | None = None, batch: int = 64) -> Path:
    """Embed and index every task of the corpus; returns the new build's folder.

    >>> # build_index(load_corpus("corpus"), get_embedder(), "index")
    """
    import faiss

    index_dir = Path(index_dir)
    tasks = corpus.tasks
    started = time.time()
    with _locked(index_dir):
        builds = index_dir / "builds"
        builds.mkdir(exist_ok=True)
        build_id = f"{time.strftime('%Y%m%dT%H%M%S')}-{os.getpid()}-{next(_BUILD_SEQ)}"
        tmp = builds / f".tmp-{build_id}"
        tmp.mkdir()
        try:
            words = user_words(tasks)
            tokenizer = Tokenizer(words, eager=True)
            texts, chunk_task = [], []
            for row, t in enumerate(tasks):
                for text in chunk_texts(t):
                    texts.append(text)
                    chunk_task.append(row)
            vectors = embed_passages(texts, embedder, known_vectors(index_dir, embedder), progress, batch)
            kind = "hnsw" if len(texts) > HNSW_ABOVE else "sq-fp16" if len(texts) > COMPACT_ABOVE else "flat"
            if kind == "hnsw":
                index = faiss.IndexHNSWFlat(vectors.shape[1], HNSW_M, faiss.METRIC_INNER_PRODUCT)
                index.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
                index.hnsw.efSearch = HNSW_EF_SEARCH
            elif kind == "sq-fp16":
                index = faiss.IndexScalarQuantizer(vectors.shape[1], faiss.ScalarQuantizer.QT_fp16,
                                                   faiss.METRIC_INNER_PRODUCT)
            else:
                index = faiss.IndexFlatIP(vectors.shape[1])
            index.add(vectors)
            faiss.write_index(index, str(tmp / "vectors.faiss"))
            # The title counts twice: it names what the task is about.
            token_lists = [tokenizer.tokens(f"{t.title} {t.title} {t.text} {t.units_text}") for t in tasks]
            calibration = _calibrate(tasks, embedder, vectors, chunk_task)
            bm25 = BM25(token_lists)
            records = {
                "notices": [n.to_dict() for n in corpus.notices],
                "user_words": words,
                "bm25_terms": bm25.terms(),
                "glossary": build_glossary({w for toks in token_lists for w in toks} | set(words)
                                           | {w for t in tasks for w in tokenizer.words(f"{t.section_title} {t.title} {t.text}")}),
            }
            del token_lists
            _write_json(tmp / "records.json", records)
            _write_tasks(tmp / "tasks.jsonl", tasks)
            _write_arrays(tmp / "arrays.bin", {"chunk_task": np.asarray(chunk_task, dtype=np.int32), **bm25.arrays()})
            manifest = Manifest(
                format=FORMAT, format_version=FORMAT_VERSION, embedder=embedder.id,
                dim=int(vectors.shape[1]), count=len(tasks), chunks=len(texts), corpus=corpus.fingerprint(),
                files={name: _sha256(tmp / name) for name in FILES[1:]},
                faiss_index=kind, built_at=time.strftime("%Y-%m-%dT%H:%M:%S%z"),
                build_seconds=round(time.time() - started, 3), calibration=asdict(calibration),
                rules=reading_rules(),
            )
            _write_json(tmp / "manifest.json", manifest.__dict__)
            final = builds / build_id
            os.rename(tmp, final)
            link = index_dir / f".current-{build_id}"
            os.symlink(Path("builds") / build_id, link)
            os.replace(link, index_dir / "current")  # the atomic switch
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        _prune(builds, keep={build_id})
    return final


def embed_passages(texts: list[str], embedder: Embedder, known: Callable[[str], np.ndarray | None],
                   progress: Progress | None = None, batch: int = 64) -> np.ndarray:
    """The passages' vectors: those the live index already holds are reused, only new text is embedded
    (adding or replacing one notice embeds that notice's chunks, not the corpus)."""
    vectors = np.zeros((len(texts), embedder.dim), dtype=np.float32)
    todo = []
    for i, text in enumerate(texts):
        v = known(text)
        if v is None:
            todo.append(i)
        else:
            vectors[i] = v
    for start in range(0, len(todo), batch):
        rows = todo[start:start + batch]
        vectors[rows] = embedder.embed_passages([texts[i] for i in rows])
        if progress:
            progress("embed", min(start + batch, len(todo)), len(todo))
    return vectors


def known_vectors(index_dir: Path, embedder: Embedder) -> Callable[[str], np.ndarray | None]:
    """A lookup of passage text → its vector in the live build, when that build used this embedder
    (anything unreadable simply means nothing is reused)."""
    try:
        import faiss

        build = current_build(index_dir)
        # any format version: the vectors are the embedder's whatever else changed (a format bump re-embeds nothing)
        manifest = json.loads((build / "manifest.json").read_text(encoding="utf-8"))
        if (not isinstance(manifest, dict) or manifest.get("format") != FORMAT or manifest.get("embedder") != embedder.id
                or manifest.get("dim") != embedder.dim):
            return lambda text: None
        if (build / "tasks.jsonl").is_file():
            tasks = list(_read_tasks(build / "tasks.jsonl"))
        else:  # format 3 kept the tasks in records.json
            tasks = [Task.from_dict(r) for r in json.loads((build / "records.json").read_text(encoding="utf-8"))["records"]]
        index = faiss.read_index(str(build / "vectors.faiss"))
        rows: dict[str, int] = {}
        for row, text in enumerate(t for task in tasks for t in chunk_texts(task)):
            rows.setdefault(text, row)
        if len(rows) and max(rows.values()) >= index.ntotal:
            return lambda text: None
    except (IndexMissing, IndexCorrupt, OSError, ValueError, KeyError, TypeError, AttributeError, RuntimeError):
        return lambda text: None

    def lookup(text: str) -> np.ndarray | None:
        row = rows.get(text)
        return None if row is None else index.reconstruct(row)

    return lookup


def _prune(builds: Path, keep: set[str], spare: int = 1) -> None:
    """Remove old builds, keeping ``keep`` and the newest ``spare`` finished others (readers may hold them).

    Called under the build lock, so a ``.tmp-*`` folder is what a killed build left behind: it is
    removed, never kept as the spare.
    """
    for p in builds.iterdir():
        if p.name.startswith(".tmp-") and p.name not in keep:
            shutil.rmtree(p, ignore_errors=True)
    old = sorted((p for p in builds.iterdir() if p.name not in keep and not p.name.startswith(".tmp-")),
                 key=lambda p: p.stat().st_mtime_ns, reverse=True)
    for p in old[spare:]:
        shutil.rmtree(p, ignore_errors=True)


def _calibrate(tasks, embedder: Embedder, vectors: np.ndarray, chunk_task: list[int]) -> Calibration:
    """Measure the dense thresholds for this embedder on this corpus (see :class:`Calibration`)."""
    if len(tasks) < 10:
        return Calibration()
    rng = np.random.default_rng(0)
    sample = sorted(rng.choice(len(tasks), size=min(CALIBRATION_SAMPLE, len(tasks)), replace=False).tolist())
    owner = np.asarray(chunk_task)
    section = np.asarray([hash((t.doc_id, t.section)) for t in tasks])
    positives, negatives = [], []
    for row in sample:
        title = tasks[row].title
        if len(title) < 4:
            continue
        sims = vectors @ embedder.embed_query(title).astype(np.float32)
        own = owner == row
        other = section[owner] != section[row]
        if own.any():
            positives.append(float(sims[own].max()))
        if other.any():
            negatives.append(float(sims[other].max()))
    return Calibration.measure(positives, negatives)


ARRAYS_MAGIC = b"PQARRAYS"


def _write_arrays(path: Path, arrays: dict[str, np.ndarray]) -> None:
    """Raw little-endian arrays behind a JSON table of contents: ``PQARRAYS``, the table's length (uint32 LE),
    the table (name → dtype, length, byte offset after the table), then each array's bytes, 8-byte aligned."""
    toc, offset = {}, 0
    for name, arr in arrays.items():
        arr = np.ascontiguousarray(arr)
        toc[name] = {"dtype": arr.dtype.newbyteorder("<").str, "length": int(arr.size), "offset": offset}
        offset += -(-arr.nbytes // 8) * 8
    head = json.dumps(toc).encode("utf-8")
    with path.open("wb") as fh:
        fh.write(ARRAYS_MAGIC + len(head).to_bytes(4, "little") + head)
        for name, arr in arrays.items():
            data = np.ascontiguousarray(arr, dtype=np.dtype(toc[name]["dtype"])).tobytes()
            fh.write(data + b"\0" * (-len(data) % 8))
        fh.flush()
        os.fsync(fh.fileno())


def _read_arrays(path: Path) -> dict[str, np.ndarray]:
    """``arrays.bin`` (see :func:`_write_arrays`), checked against :data:`ARRAYS`: names, dtypes, lengths."""
    where = f"{path} cannot be read as the index's arrays"
    try:
        with path.open("rb") as fh:
            if fh.read(len(ARRAYS_MAGIC)) != ARRAYS_MAGIC:
                raise ValueError("it does not start with " + ARRAYS_MAGIC.decode())
            size = int.from_bytes(fh.read(4), "little")
            toc = json.loads(fh.read(size).decode("utf-8"))
            start = len(ARRAYS_MAGIC) + 4 + size
            total = path.stat().st_size - start
            out = {}
            for name, dtype in ARRAYS.items():
                entry = toc[name]
                want = np.dtype(dtype).newbyteorder("<")
                if np.dtype(entry["dtype"]) != want:
                    raise ValueError(f"{name} is {entry['dtype']}, not {want.str}")
                length, offset = int(entry["length"]), int(entry["offset"])
                if length < 0 or offset < 0 or offset + length * want.itemsize > total:
                    raise ValueError(f"{name} runs past the end of the file")
                fh.seek(start + offset)
                out[name] = np.fromfile(fh, dtype=want, count=length).astype(dtype, copy=False)
                if len(out[name]) != length:
                    raise ValueError(f"{name} is truncated")
    except KeyError as exc:
        raise IndexCorrupt(f"{path} lacks the array {exc}; {FIX}") from None
    except (OSError, ValueError, TypeError, AttributeError, UnicodeDecodeError) as exc:
        raise IndexCorrupt(f"{where} ({exc}); {FIX}") from None
    return out


def _write_tasks(path: Path, tasks) -> None:
    """One task per line: its dataclass fields only (``Task.to_dict`` adds derived ones the loader ignores)."""
    names = [f.name for f in fields(Task)]
    with path.open("w", encoding="utf-8") as fh:
        for t in tasks:
            d = t.to_dict()
            fh.write(json.dumps({k: d[k] for k in names}, ensure_ascii=False) + "\n")
        fh.flush()
        os.fsync(fh.fileno())


def _read_tasks(path: Path):
    """The tasks of ``tasks.jsonl``, read a line at a time (a 100k-task index never holds all the
    decoded JSON at once); equal strings, paths and unit roles become one object each."""
    shared: dict = {}
    try:
        with path.open(encoding="utf-8") as fh:
            for n, line in enumerate(fh, 1):
                try:
                    yield Task.from_dict(json.loads(line), shared)
                except (KeyError, TypeError, ValueError, AttributeError) as exc:
                    raise IndexCorrupt(f"{path}, line {n}, is not a task ({exc}); {FIX}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise IndexCorrupt(f"{path} cannot be read ({exc}); {FIX}") from None


def _write_json(path: Path, obj: object) -> None:
    with path.open("w", encoding="utf-8") as fh:
        json.dump(obj, fh, ensure_ascii=False)
        fh.flush()
        os.fsync(fh.fileno())


def current_build(index_dir: str | Path) -> Path:
    """The live build folder, or IndexMissing."""
    index_dir = Path(index_dir)
    link = index_dir / "current"
    if not link.exists():
        raise IndexMissing(f"no index in {str(index_dir)!r}; run `policyqa index` to build it")
    return link.resolve()


def read_manifest(index_dir: str | Path) -> Manifest:
    path = current_build(index_dir) / "manifest.json"
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise IndexCorrupt(f"{path} is missing; {FIX}") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise IndexCorrupt(f"{path} is not valid JSON ({exc}); {FIX}") from None
    return Manifest.from_json(raw, path)


def check_fresh(manifest: Manifest, embedder_id: str, corpus: dict[str, str], rules: str | None = None) -> None:
    """Raise IndexMismatch when the index was built from another embedder or corpus, or (``rules`` given) by
    other reading rules (another version of the parser or its word lists)."""
    if manifest.embedder != embedder_id:
        raise IndexMismatch(f"the index was built with embedder {manifest.embedder!r} but "
                            f"{embedder_id!r} is configured; {FIX}")
    if manifest.corpus != corpus:
        added = sorted(corpus.keys() - manifest.corpus.keys())
        removed = sorted(manifest.corpus.keys() - corpus.keys())
        changed = sorted(k for k in corpus.keys() & manifest.corpus.keys() if corpus[k] != manifest.corpus[k])
        parts = [f"{label}: {', '.join(names)}" for label, names in
                 (("added", added), ("removed", removed), ("changed", changed)) if names]
        raise IndexMismatch(f"the corpus changed since the index was built ({'; '.join(parts)}); {FIX}")
    if rules is not None and manifest.rules != rules:
        raise IndexMismatch(f"the index was built by other reading rules ({manifest.rules or 'unrecorded'}, this "
                            f"version reads notices by {rules}); {FIX}")


def load_index(index_dir: str | Path, embedder_id: str, corpus: dict[str, str] | None = None) -> LoadedIndex:
    """Load and validate the live index.

    Args:
        embedder_id: the configured embedder; a different one raises IndexMismatch.
        corpus: file name → SHA-256 of the corpus now; a difference raises
            IndexMismatch. ``None`` skips the corpus check.

    Raises:
        IndexMissing, IndexCorrupt, IndexMismatch — each message says what to run.
    """
    import faiss

    manifest = read_manifest(index_dir)
    folder = current_build(index_dir)
    check_fresh(manifest, embedder_id, manifest.corpus if corpus is None else corpus,
                None if corpus is None else reading_rules())
    if sorted(manifest.files) != sorted(FILES[1:]):
        raise IndexCorrupt(f"{folder / 'manifest.json'} lists the files {', '.join(sorted(manifest.files))}, "
                           f"not {', '.join(sorted(FILES[1:]))}; {FIX}")
    for name, digest in manifest.files.items():
        path = folder / name
        if not path.is_file():
            raise IndexCorrupt(f"{path} is missing; {FIX}")
        if _sha256(path) != digest:
            raise IndexCorrupt(f"{path} is damaged (its checksum differs from the manifest); {FIX}")
    try:
        raw = json.loads((folder / "records.json").read_text(encoding="utf-8"))
        notices = tuple(_notice(n) for n in raw["notices"])
        words = list(raw["user_words"])
        terms = raw["bm25_terms"]
        if not isinstance(terms, list) or not all(isinstance(t, str) for t in terms):
            raise TypeError("bm25_terms is not a list of strings")
        glossary = {str(k): list(v) for k, v in dict(raw.get("glossary") or {}).items()}
        del raw
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise IndexCorrupt(f"{folder / 'records.json'} has an unexpected shape ({exc}); {FIX}") from None
    tasks = tuple(_read_tasks(folder / "tasks.jsonl"))
    arrays = _read_arrays(folder / "arrays.bin")
    chunk_task = arrays["chunk_task"]
    try:
        bm25 = BM25.from_arrays(terms, arrays["bm25_offsets"], arrays["bm25_ids"], arrays["bm25_weights"],
                                int(arrays["bm25_n"][0]) if len(arrays["bm25_n"]) == 1 else -1)
    except ValueError as exc:
        raise IndexCorrupt(f"{folder / 'arrays.bin'} holds BM25 postings that do not fit ({exc}); {FIX}") from None
    if bm25.n != len(tasks):
        raise IndexCorrupt(f"{folder / 'arrays.bin'} holds BM25 postings for {bm25.n} records, not {len(tasks)}; {FIX}")
    try:
        index = faiss.read_index(str(folder / "vectors.faiss"))
    except RuntimeError as exc:
        raise IndexCorrupt(f"{folder / 'vectors.faiss'} cannot be read by FAISS ({str(exc).splitlines()[0]}); {FIX}") from None
    if (index.ntotal != manifest.chunks or len(chunk_task) != manifest.chunks or len(tasks) != manifest.count
            or index.d != manifest.dim):
        raise IndexCorrupt(f"the index holds {index.ntotal} vectors of dimension {index.d}, {len(chunk_task)} chunks "
                           f"and {len(tasks)} records; the manifest says {manifest.chunks} chunks of dimension "
                           f"{manifest.dim} and {manifest.count} records; {FIX}")
    expected = {"flat": faiss.IndexFlat, "sq-fp16": faiss.IndexScalarQuantizer, "hnsw": faiss.IndexHNSW}.get(manifest.faiss_index)
    if expected is None or not isinstance(index, expected):
        raise IndexCorrupt(f"{folder / 'vectors.faiss'} is a {type(index).__name__}, not the {manifest.faiss_index!r} "
                           f"index the manifest names; {FIX}")
    if manifest.faiss_index == "hnsw" and hasattr(index, "hnsw"):  # builds from before efSearch was set hold 16
        index.hnsw.efSearch = max(int(index.hnsw.efSearch), HNSW_EF_SEARCH)
    if len(chunk_task) and (chunk_task.min() < 0 or chunk_task.max() >= len(tasks)):
        raise IndexCorrupt(f"arrays.bin maps chunks to tasks that do not exist; {FIX}")
    loaded = LoadedIndex(manifest, notices, tasks, FaissDense(index, chunk_task), bm25, Tokenizer(words), folder,
                         glossary)
    _freeze()
    return loaded


def _freeze() -> None:
    """A loaded index lives as long as the process serves it: move its objects (and the rest loaded so far)
    out of the cyclic collector's reach, so its full collections stop walking every task — at 100k tasks
    each took ~200 ms in the middle of some question. Frozen objects are still freed by reference count
    (no collection first: loading makes next to no cyclic garbage, and a full one costs a one-question
    command ~30 ms)."""
    gc.freeze()


def _notice(d: dict) -> Notice:
    d = dict(d)
    d["sections"] = tuple(Section(**s) for s in d["sections"])
    d["basis"] = tuple(d["basis"])
    d["warnings"] = tuple(ParseWarning(**w) for w in d.get("warnings", ()))
    d["passages"] = tuple(d.get("passages", ()))
    d["headings"] = tuple(Heading(tuple(h["path"]), h["title"]) for h in d.get("headings", ()))
    return Notice(**d)
