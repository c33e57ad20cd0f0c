"""Build and load the index directory.

Layout (fixed names; JSON and FAISS only, never pickle)::

    index/
      current -> builds/<build id>     a symlink, swapped atomically
      builds/<build id>/manifest.json  how it was built (embedder, corpus hashes, file hashes)
      builds/<build id>/records.json   notices, tasks and their BM25 tokens, chunk → task map
      builds/<build id>/vectors.faiss  FAISS index of chunks; row i = chunk i; inner product on
                                       normalised vectors = cosine
      .lock                            held while a build runs

A build writes a new ``builds/`` entry and only then repoints ``current``, so an
interrupted build leaves the previous index loadable, and two builders take
turns on the lock.
"""

from __future__ import annotations

import fcntl
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
from .tokenize import Tokenizer
from .types import Notice, ParseWarning, Section, Task
from .units import UnitDirectory

FORMAT = "policyqa-index"
FORMAT_VERSION = 3
FILES = ("manifest.json", "records.json", "vectors.faiss")
CALIBRATION_SAMPLE = 300  # tasks whose titles calibrate the dense thresholds
# Exact search (IndexFlatIP) up to this many chunks — FAISS rows, about 3 per task — and HNSW above.
# eval/scale.py measured on this 2-core machine: exact search of 300 rows takes ~2 ms over 30k chunks
# (10k tasks) and ~21-39 ms over 300k chunks (100k tasks), next to ~15 ms to embed the question, while
# HNSW at 300k chunks reached only 0.76-0.85 recall@10 even at efSearch 512 (0.40 task recall with the
# old settings: efSearch was never set, and FAISS keeps its default of 16 even when asked for k=300).
HNSW_ABOVE = 500_000
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
    chunks: int  # FAISS rows; chunk_task in records.json maps each to its task
    corpus: dict[str, str]  # file name → SHA-256
    files: dict[str, str]  # records.json / vectors.faiss → SHA-256
    faiss_index: str  # "flat" or "hnsw"
    built_at: str
    build_seconds: float
    calibration: dict  # Calibration fields, measured at build time for this embedder

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
        missing = names - raw.keys()
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
        m = cls(**{k: raw[k] for k in names})
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

    @property
    def chunks(self) -> int:
        return int(self.index.ntotal)

    def search(self, vector: np.ndarray, k: int) -> list[tuple[int, float]]:
        if k <= 0 or self.chunks <= 0:
            return []
        q = np.asarray(vector, dtype=np.float32).reshape(1, -1)
        # Tasks own several chunks; fetch enough chunks to fill k distinct tasks.
        scores, rows = self.index.search(q, min(self.chunks, k * 6))
        best: dict[int, float] = {}
        for r, s in zip(rows[0], scores[0], strict=False):
            if r >= 0:
                best.setdefault(int(self.chunk_task[r]), float(s))
        return list(best.items())[:k]


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
            tokenizer = Tokenizer(words)
            texts, chunk_task = [], []
            for row, t in enumerate(tasks):
                for text in chunk_texts(t):
                    texts.append(text)
                    chunk_task.append(row)
            vectors = embed_passages(texts, embedder, known_vectors(index_dir, embedder), progress, batch)
            kind = "hnsw" if len(texts) > HNSW_ABOVE else "flat"
            if kind == "hnsw":
                index = faiss.IndexHNSWFlat(vectors.shape[1], HNSW_M, faiss.METRIC_INNER_PRODUCT)
                index.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
                index.hnsw.efSearch = HNSW_EF_SEARCH
            else:
                index = faiss.IndexFlatIP(vectors.shape[1])
            index.add(vectors)
            faiss.write_index(index, str(tmp / "vectors.faiss"))
            # The title counts twice: it names what the task is about.
            token_lists = [tokenizer.tokens(f"{t.title} {t.title} {t.text} {t.units_text}") for t in tasks]
            calibration = _calibrate(tasks, embedder, vectors, chunk_task)
            records = {
                "notices": [n.to_dict() for n in corpus.notices],
                "user_words": words,
                "chunk_task": chunk_task,
                "records": [{**t.to_dict(), "tokens": toks} for t, toks in zip(tasks, token_lists, strict=True)],
                "glossary": build_glossary({w for toks in token_lists for w in toks} | set(words)
                                           | {w for t in tasks for w in tokenizer.words(f"{t.section_title} {t.title} {t.text}")}),
            }
            _write_json(tmp / "records.json", records)
            manifest = Manifest(
                format=FORMAT, format_version=FORMAT_VERSION, embedder=embedder.id,
                dim=int(vectors.shape[1]), count=len(tasks), chunks=len(texts), corpus=corpus.fingerprint(),
                files={name: _sha256(tmp / name) for name in ("records.json", "vectors.faiss")},
                faiss_index=kind, built_at=time.strftime("%Y-%m-%dT%H:%M:%S%z"),
                build_seconds=round(time.time() - started, 3), calibration=asdict(calibration),
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
        manifest = Manifest.from_json(json.loads((build / "manifest.json").read_text(encoding="utf-8")), build)
        if manifest.embedder != embedder.id or manifest.dim != embedder.dim:
            return lambda text: None
        raw = json.loads((build / "records.json").read_text(encoding="utf-8"))
        tasks = [Task.from_dict(r) for r in raw["records"]]
        index = faiss.read_index(str(build / "vectors.faiss"))
        rows: dict[str, int] = {}
        for row, text in enumerate(t for task in tasks for t in chunk_texts(task)):
            rows.setdefault(text, row)
        if len(rows) and max(rows.values()) >= index.ntotal:
            return lambda text: None
    except (IndexMissing, IndexCorrupt, OSError, ValueError, KeyError, TypeError, RuntimeError):
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


def check_fresh(manifest: Manifest, embedder_id: str, corpus: dict[str, str]) -> None:
    """Raise IndexMismatch when the index was built from another embedder or corpus."""
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
    check_fresh(manifest, embedder_id, manifest.corpus if corpus is None else corpus)
    for name, digest in manifest.files.items():
        path = folder / name
        if not path.is_file():
            raise IndexCorrupt(f"{path} is missing; {FIX}")
        if _sha256(path) != digest:
            raise IndexCorrupt(f"{path} is damaged (its checksum differs from the manifest); {FIX}")
    try:
        raw = json.loads((folder / "records.json").read_text(encoding="utf-8"))
        notices = tuple(_notice(n) for n in raw["notices"])
        tasks = tuple(Task.from_dict(r) for r in raw["records"])
        tokens = [list(r["tokens"]) for r in raw["records"]]
        words = list(raw["user_words"])
        chunk_task = np.asarray(raw["chunk_task"], dtype=np.int64)
        glossary = {str(k): list(v) for k, v in dict(raw.get("glossary") or {}).items()}
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise IndexCorrupt(f"{folder / 'records.json'} has an unexpected shape ({exc}); {FIX}") from None
    try:
        index = faiss.read_index(str(folder / "vectors.faiss"))
    except RuntimeError as exc:
        raise IndexCorrupt(f"{folder / 'vectors.faiss'} cannot be read by FAISS ({str(exc).splitlines()[0]}); {FIX}") from None
    if (index.ntotal != manifest.chunks or len(chunk_task) != manifest.chunks or len(tasks) != manifest.count
            or index.d != manifest.dim):
        raise IndexCorrupt(f"the index holds {index.ntotal} vectors of dimension {index.d}, {len(chunk_task)} chunks "
                           f"and {len(tasks)} records; the manifest says {manifest.chunks} chunks of dimension "
                           f"{manifest.dim} and {manifest.count} records; {FIX}")
    if manifest.faiss_index == "hnsw" and hasattr(index, "hnsw"):  # builds from before efSearch was set hold 16
        index.hnsw.efSearch = max(int(index.hnsw.efSearch), HNSW_EF_SEARCH)
    if len(chunk_task) and (chunk_task.min() < 0 or chunk_task.max() >= len(tasks)):
        raise IndexCorrupt(f"records.json maps chunks to tasks that do not exist; {FIX}")
    return LoadedIndex(manifest, notices, tasks, FaissDense(index, chunk_task), BM25(tokens), Tokenizer(words), folder,
                       glossary)


def _notice(d: dict) -> Notice:
    d = dict(d)
    d["sections"] = tuple(Section(**s) for s in d["sections"])
    d["basis"] = tuple(d["basis"])
    d["warnings"] = tuple(ParseWarning(**w) for w in d.get("warnings", ()))
    return Notice(**d)
