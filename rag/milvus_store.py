"""The index in Milvus: one source of truth that several processes (or hosts) can share.

``MilvusStore(uri)`` talks to Milvus through ``pymilvus.MilvusClient``: a local
``*.db`` path runs Milvus Lite in this process, ``http://host:19530`` a server.
Everything a reader needs lives in Milvus, so another process loads it from the URI
alone. Collections (``prefix`` defaults to ``policyqa``)::

    policyqa_meta                  key → value rows: "current" names the live generation; each
                                   generation's manifest, notices, vocabulary, user words and
                                   glossary as JSON split into parts (VARCHAR holds 64 KiB); the
                                   corpus files it was built from ("files": name → SHA-256, parts,
                                   upload name; each file's bytes as base64 under its SHA-256)
    policyqa_<gen>_chunks          chunk id (task row << 20 | its chunk number) → task_row, vector
                                   (FLAT: exact inner product on normalised vectors = cosine)
    policyqa_<gen>_tasks           row → the task's scalar fields (doc_id, seq, number, section,
                                   lead_units, unit_names, units "lead:A|responsible:B"), its JSON,
                                   and its BM25 weights as a SPARSE_FLOAT_VECTOR

A build writes a new generation and only then upserts the "current" row, so an
interrupted build leaves the previous generation live; the generation that was live
before stays as a spare for readers still holding it, and older ones are dropped.

The store is *shared*: since a generation carries its corpus files, any server can
reproduce the corpus a generation was built from (:meth:`MilvusStore.corpus_files`), and
:class:`rag.assistant.Assistant` keeps its corpus folder in step with the live generation.
A build given ``parent`` (the generation its corpus was synced from) switches only if that
generation is still live (see :meth:`MilvusStore._claim`), so a server never replaces
another server's upload with a build from a stale corpus. A rebuild reuses the vectors
the live generation holds for unchanged passages.

Answers equal FaissStore's: the dense side searches the same vectors exactly and keeps
each task's best chunk as :class:`rag.store.FaissDense` does; the sparse side stores the
weights :class:`rag.bm25.BM25` computes (tf·(k1+1)/(tf+k1·norm)·idf per term) and queries
with weight 1 per distinct term, so the inner product is the BM25 score. Scores agree to
float32 rounding, not bit for bit (Milvus sums in another order, as BM25 itself does from
one process to the next since it sums in set order), so rows tied at a list's cut may
fall either way. A Milvus without sparse vectors (before 2.4) gets ``sparse="memory"``:
token lists are stored and BM25 runs in memory after loading.

Limits: a local ``*.db`` file is opened by one process at a time (Milvus Lite holds a
file lock); several processes need a server URI, e.g. ``milvus-lite server --data-dir
index/milvus.db --host 127.0.0.1 --port 19530``. Builds on one URI must take turns across
processes (this module serialises them only within a process); with ``parent`` a build
that lost the race raises IndexConflict instead of switching.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import itertools
import json
import os
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict
from pathlib import Path

import numpy as np

from .bm25 import BM25
from .corpus import Corpus
from .embed import Embedder
from .english import build_glossary
from .errors import CorpusError, IndexConflict, IndexCorrupt, IndexError_, IndexMismatch, IndexMissing
from .rules import reading_rules
from .store import (
    FIX,
    FORMAT,
    FORMAT_VERSION,
    LoadedIndex,
    Manifest,
    Progress,
    _calibrate,
    _notice,
    check_fresh,
    chunk_texts,
    embed_passages,
    user_words,
)
from .tokenize import Tokenizer
from .types import Task

MAX_VARCHAR = 65_535  # Milvus's VARCHAR limit, in bytes
PART_BYTES = 60_000  # a JSON blob is split into meta rows of at most this many UTF-8 bytes
MAX_TOPK = 16_384  # a Milvus server's largest search limit; Milvus Lite has none, and above it we iterate
CHUNK_BITS = 20  # a chunk's id carries its task row, so a search needs no field but the key
CHUNKS_PER_TASK = 1 << 6  # a filtered search asks for this many chunks per allowed task (a bound, never reached)
FILTER_ROWS = 2000  # task rows per filter expression
BATCH_ROWS = 1_000  # rows per insert and per query page (well inside gRPC message limits)
PAD_TERM = 2**32 - 2  # the highest sparse dimension: a task without tokens still needs one nonzero weight
STALE_BUILD_SECONDS = 3_600  # a build marker older than this is a crashed build, pruned by the next one
CLAIM_SECONDS = 60  # a switch claim older than this is a crashed build's (claim to switch takes milliseconds)
PUT_PARTS = 50  # meta parts per upsert and per file query: 50 × 60 KB, one 3 MB message
_GEN_SEQ = itertools.count(1)
_BUILD_LOCKS: dict[str, threading.Lock] = {}
_BUILD_LOCKS_GUARD = threading.Lock()


class MilvusUnavailable(IndexError_):
    """Milvus cannot be reached or opened (a server down, a Milvus Lite file held by another process)."""


def _is_local(uri: str) -> bool:
    return "://" not in uri and uri.endswith(".db")


def _split(text: str, limit: int = PART_BYTES) -> list[str]:
    """Pieces of ``text`` of at most ``limit`` UTF-8 bytes, cut between characters."""
    data = text.encode("utf-8")
    out, start = [], 0
    while start < len(data):
        end = min(start + limit, len(data))
        while end < len(data) and (data[end] & 0xC0) == 0x80:  # never inside a character
            end -= 1
        out.append(data[start:end].decode("utf-8"))
        start = end
    return out or [""]


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _parts(generation: str, name: str, text: str) -> list[dict]:
    """Meta rows holding ``text`` under ``name`` in pieces a VARCHAR takes."""
    return [{"key": f"{generation}/{name}/{i}", "generation": generation, "name": name, "part": i,
             "value": piece, "dummy": [1.0, 0.0]} for i, piece in enumerate(_split(text))]


def _units_field(task: Task) -> str:
    """``lead:区发展和改革局|responsible:区财政局``: roles in one VARCHAR, so ``like`` filters can use them."""
    return "|".join(f"{u.role.value}:{u.name}" for u in task.units)


class MilvusDense:
    """Chunk vectors in Milvus; a task scores its best chunk, as in :class:`rag.store.FaissDense`."""

    def __init__(self, client, collection: str, chunks: int, max_topk: int | None, where: str):
        self.client, self.collection, self.max_topk, self.where = client, collection, max_topk, where
        self._chunks = chunks

    @property
    def chunks(self) -> int:
        return self._chunks

    def search(self, vector: np.ndarray, k: int) -> list[tuple[int, float]]:
        if k <= 0 or self.chunks <= 0:
            return []
        q = np.asarray(vector, dtype=np.float32).reshape(-1).tolist()
        # Tasks own several chunks; fetch as many chunks as FAISS does so both fill k alike.
        hits = _search(self.client, self.collection, q, "vector", "chunk", min(self.chunks, k * 6), self.max_topk,
                       self.where)
        best: dict[int, float] = {}
        for chunk, score in hits:
            best.setdefault(chunk >> CHUNK_BITS, score)
        return list(best.items())[:k]

    def scores_above(self, vector: np.ndarray, tasks: np.ndarray, floor: float) -> np.ndarray:
        """Each task's best chunk similarity, aligned with ``tasks``, exact wherever it is at least ``floor``
        and -inf below it (as :meth:`rag.store.FaissDense.scores_above`): searches deeper only while the
        deepest hit still reaches ``floor``, so a question close to few tasks costs one short search, never
        every chunk's score sent over the wire."""
        tasks = np.asarray(tasks, dtype=np.int64)
        if self.chunks <= 0 or not len(tasks):
            return np.zeros(len(tasks), dtype=np.float64)
        unique = np.unique(tasks)
        expr = f"task_row in [{', '.join(map(str, unique.tolist()))}]" if len(unique) <= FILTER_ROWS else ""
        wanted = None if expr else set(unique.tolist())
        q = np.asarray(vector, dtype=np.float32).reshape(-1).tolist()
        k = min(self.chunks, 256)
        while True:
            hits = _search(self.client, self.collection, q, "vector", "chunk", k, self.max_topk, self.where, expr)
            if len(hits) < k or not hits or hits[-1][1] < floor or k >= self.chunks:
                break
            k = min(self.chunks, k * 4)
        best: dict[int, float] = {}
        for chunk, score in hits:
            row = chunk >> CHUNK_BITS
            if score >= floor and (wanted is None or row in wanted):
                best.setdefault(row, score)
        return np.fromiter((best.get(r, -np.inf) for r in tasks.tolist()), dtype=np.float64, count=len(tasks))

    def search_among(self, vector: np.ndarray, rows: np.ndarray) -> list[tuple[int, float]]:
        """(task row, best chunk similarity) for the given rows only, best first: a search filtered to their
        chunks in Milvus (as FaissDense scores only the allowed chunks), never the whole corpus ranked."""
        rows = np.unique(np.asarray(rows, dtype=np.int64))
        if not len(rows) or self.chunks <= 0:
            return []
        q = np.asarray(vector, dtype=np.float32).reshape(-1).tolist()
        best: dict[int, float] = {}
        for part in _batches(rows):
            expr = f"task_row in [{', '.join(map(str, part.tolist()))}]"
            for chunk, score in _search(self.client, self.collection, q, "vector", "chunk",
                                        min(self.chunks, len(part) * CHUNKS_PER_TASK), self.max_topk, self.where, expr):
                row = chunk >> CHUNK_BITS
                if score > best.get(row, -2.0):
                    best[row] = score
        return sorted(best.items(), key=lambda rs: -rs[1])


class MilvusSparse:
    """BM25 as a sparse inner product in Milvus: stored weights × 1 per distinct query term."""

    def __init__(self, client, collection: str, vocabulary: list[str], count: int, max_topk: int | None, where: str):
        self.client, self.collection, self.max_topk, self.where = client, collection, max_topk, where
        self._vocabulary = vocabulary
        self._ids = {term: i for i, term in enumerate(vocabulary)}
        self.n = count

    def top(self, query: list[str], k: int) -> list[tuple[int, float]]:
        """The ``k`` best (row, score) pairs with a positive score, best first (as :meth:`BM25.top`)."""
        if k <= 0:
            raise ValueError(f"k must be > 0, got {k}")
        ids = sorted({self._ids[t] for t in query if t in self._ids})
        if not ids or not self.n:
            return []
        hits = _search(self.client, self.collection, {i: 1.0 for i in ids}, "bm25", "row", min(k, self.n),
                       self.max_topk, self.where)
        return [(row, score) for row, score in hits if score > 0]

    def top_among(self, query: list[str], rows: np.ndarray) -> list[tuple[int, float]]:
        """(row, score) of the given rows with a positive score, best first: a filtered search in Milvus."""
        ids = sorted({self._ids[t] for t in query if t in self._ids})
        rows = np.unique(np.asarray(rows, dtype=np.int64))
        if not ids or not len(rows):
            return []
        out: list[tuple[int, float]] = []
        for part in _batches(rows):
            expr = f"row in [{', '.join(map(str, part.tolist()))}]"
            out += _search(self.client, self.collection, {i: 1.0 for i in ids}, "bm25", "row", len(part),
                           self.max_topk, self.where, expr)
        return sorted(((r, sc) for r, sc in out if sc > 0), key=lambda rs: -rs[1])

    def has_term(self, term: str) -> bool:
        return term in self._ids

    def vocabulary(self) -> list[str]:
        return list(self._vocabulary)


def _batches(rows: np.ndarray) -> list[np.ndarray]:
    """Rows in pieces small enough for one filter expression."""
    return [rows[i:i + FILTER_ROWS] for i in range(0, len(rows), FILTER_ROWS)]


def _search(client, collection: str, query, field: str, pk: str, limit: int, max_topk: int | None,
            where: str, expr: str = "") -> list[tuple[int, float]]:
    """(primary key, score) of the ``limit`` best rows, best first; no other field is fetched, as
    fetching one costs Milvus Lite more than the search.

    Above a server's search limit the search iterator pages on: the retriever asks for
    every task when a question names a unit or section, and a big corpus has more
    chunks than one search may return.
    """
    from pymilvus.exceptions import MilvusException

    params = {"metric_type": "IP"}
    try:
        if max_topk is None or limit <= max_topk:
            res = client.search(collection, data=[query], anns_field=field, limit=limit, output_fields=[],
                                search_params=params, filter=expr)
            pages: Iterable = [res[0]]
        else:
            pages = _iterate(client.search_iterator(collection, data=[query], anns_field=field, limit=limit,
                                                    batch_size=min(max_topk, 1000), output_fields=[],
                                                    search_params=params, filter=expr))
        return [(int(hit[pk]), float(hit["distance"])) for page in pages for hit in page]
    except MilvusException as exc:
        if not client.has_collection(collection):
            raise IndexMismatch(f"{where}: collection {collection} is gone (a newer build replaced this "
                                f"generation); reload the index") from None
        raise MilvusUnavailable(f"{where}: search in {collection} failed ({exc.message})") from exc


def _iterate(iterator) -> Iterator[list]:
    try:
        while page := iterator.next():
            yield page
    finally:
        iterator.close()


class MilvusStore:
    """An :class:`rag.store.IndexStore` in Milvus: generations of collections, switched by one meta row.

    Args:
        uri: a local ``*.db`` path (Milvus Lite, one process at a time) or a server URL.
        prefix: names this index's collections, so several indexes can share a database.
        sparse: ``"auto"`` stores BM25 weights as sparse vectors where Milvus supports them;
            ``"memory"`` stores token lists and runs BM25 in memory after loading.
        client_options: passed to ``MilvusClient`` (``token``, ``db_name``, ``timeout``).
    """

    shared = True  # several servers may use one store; each generation carries its corpus files

    def __init__(self, uri: str | Path, prefix: str = "policyqa", sparse: str = "auto", **client_options):
        if sparse not in ("auto", "memory"):
            raise ValueError(f"sparse must be 'auto' or 'memory', got {sparse!r}")
        if not prefix.replace("_", "a").isalnum() or not prefix[0].isalpha():
            raise ValueError(f"prefix must be letters, digits and underscores, starting with a letter; got {prefix!r}")
        self.uri, self.prefix, self.sparse = str(uri), prefix, sparse
        self.max_topk = None if _is_local(self.uri) else MAX_TOPK
        self._options = client_options
        self._client = None
        self._loaded: set[str] = set()

    def __str__(self) -> str:
        return self.uri

    # ---- connection -------------------------------------------------------------------
    def client(self, create: bool = False):
        """The MilvusClient, opened on first use; without ``create`` a missing local file is IndexMissing
        (reading should not leave an empty database behind)."""
        if self._client is not None:
            return self._client
        if _is_local(self.uri) and not create and not Path(self.uri).exists():
            raise IndexMissing(f"no index in Milvus Lite file {self.uri!r}; {FIX.replace('rebuild', 'build')}")
        from pymilvus import MilvusClient
        from pymilvus.exceptions import MilvusException

        if _is_local(self.uri):
            Path(self.uri).parent.mkdir(parents=True, exist_ok=True)
        try:
            self._client = MilvusClient(uri=self.uri, **self._options)
        except MilvusException as exc:
            hint = (" — Milvus Lite lets one process open a .db file at a time; to share it, run "
                    f"`milvus-lite server --data-dir {self.uri} --host 127.0.0.1` and use its http:// URI"
                    if _is_local(self.uri) else "; start the server, or point --milvus-uri / $POLICYQA_MILVUS_URI at it")
            raise MilvusUnavailable(f"cannot open Milvus at {self.uri!r} ({exc.message}){hint}") from None
        return self._client

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None
            self._loaded.clear()

    @property
    def meta(self) -> str:
        return f"{self.prefix}_meta"

    def _collections(self, generation: str) -> tuple[str, str]:
        return f"{self.prefix}_{generation}_chunks", f"{self.prefix}_{generation}_tasks"

    def _where(self, generation: str | None = None) -> str:
        return f"Milvus {self.uri!r}" + (f" generation {generation}" if generation else "")

    # ---- meta rows ----------------------------------------------------------------------
    def _ensure_meta(self, client) -> None:
        from pymilvus import DataType

        if client.has_collection(self.meta):
            return
        schema = client.create_schema(auto_id=False, enable_dynamic_field=False)
        schema.add_field("key", DataType.VARCHAR, is_primary=True, max_length=256)
        schema.add_field("generation", DataType.VARCHAR, max_length=64)
        schema.add_field("name", DataType.VARCHAR, max_length=64)
        schema.add_field("part", DataType.INT64)
        schema.add_field("value", DataType.VARCHAR, max_length=MAX_VARCHAR)
        schema.add_field("dummy", DataType.FLOAT_VECTOR, dim=2)  # a server collection needs one vector field
        client.create_collection(self.meta, schema=schema, consistency_level="Strong")
        self._index(client, self.meta, "dummy", "FLAT")

    def _ready(self, client, collection: str) -> None:
        """Load a collection into memory once per store: Milvus Lite reopens a file with every collection released."""
        if collection not in self._loaded:
            client.load_collection(collection)
            self._loaded.add(collection)

    def _meta_rows(self, client, expr: str, fields: list[str]) -> list[dict]:
        self._ready(client, self.meta)
        return list(client.query(self.meta, filter=expr, output_fields=fields, limit=MAX_TOPK))

    def _put(self, client, generation: str, name: str, text: str) -> None:
        self._upsert(client, _parts(generation, name, text))

    def _upsert(self, client, rows: list[dict]) -> None:
        for start in range(0, len(rows), PUT_PARTS):
            client.upsert(self.meta, rows[start:start + PUT_PARTS])

    def _get(self, client, generation: str, name: str) -> str:
        rows = self._meta_rows(client, f'generation == "{generation}" and name == "{name}"', ["part", "value"])
        rows.sort(key=lambda r: r["part"])
        if not rows or [r["part"] for r in rows] != list(range(len(rows))):
            raise IndexCorrupt(f"{self._where(generation)} lacks {name} (or parts of it); {FIX}")
        return "".join(r["value"] for r in rows)

    def _current(self, client) -> dict:
        """The "current" row's value: which generation is live and how it stores BM25."""
        if not client.has_collection(self.meta):
            raise IndexMissing(f"no index in {self._where()} (no collection {self.meta}); "
                               f"{FIX.replace('rebuild', 'build')}")
        rows = self._meta_rows(client, 'key == "current"', ["value"])
        if not rows:
            raise IndexMissing(f"no index in {self._where()} (no live generation); {FIX.replace('rebuild', 'build')}")
        try:
            current = json.loads(rows[0]["value"])
            str(current["generation"])
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise IndexCorrupt(f"{self._where()}: the current-generation record is unreadable ({exc}); {FIX}") from None
        return current

    def _live(self, client) -> str | None:
        try:
            return str(self._current(client)["generation"])
        except (IndexMissing, IndexCorrupt):
            return None

    def generation(self) -> str:
        """The live generation's id (what ``build`` switched to last, from any process): one small query."""
        from pymilvus.exceptions import MilvusException

        try:
            return str(self._current(self.client())["generation"])
        except MilvusException as exc:
            raise MilvusUnavailable(f"{self._where()}: cannot read the live generation ({exc.message})") from None

    def generations(self) -> list[str]:
        """Every generation with collections in Milvus, oldest first (the live one, a spare, builds under way)."""
        client = self.client()
        gens = set()
        for name in client.list_collections():
            for suffix in ("_chunks", "_tasks"):
                if name.startswith(f"{self.prefix}_g") and name.endswith(suffix):
                    gens.add(name[len(self.prefix) + 1:-len(suffix)])
        return sorted(gens)

    # ---- the corpus a generation was built from ----------------------------------------------
    def corpus_fingerprint(self, generation: str | None = None) -> dict[str, str]:
        """File name → SHA-256 of the corpus files a generation (default: the live one) stores, as
        :func:`rag.corpus.fingerprint_files` gives for a folder."""
        client = self.client()
        return {name: f["sha256"] for name, f in self._listing(client, generation or self.generation()).items()}

    def corpus_names(self, generation: str | None = None) -> dict[str, str]:
        """File name → the name it was uploaded as, for the files that have one (as ``.names.json``)."""
        client = self.client()
        return {name: f["original_name"] for name, f in self._listing(client, generation or self.generation()).items()
                if f["original_name"]}

    def corpus_files(self, generation: str | None = None, only: Iterable[str] | None = None) -> dict[str, bytes]:
        """The corpus files a generation (default: the live one) was built from, name → bytes, each checked
        against its SHA-256; ``only`` picks some of them (what a server's folder lacks).

        Raises:
            IndexMissing: no index, or a generation built before generations stored their corpus.
            KeyError: a name in ``only`` that the generation does not hold.
        """
        client = self.client()
        generation = generation or self.generation()
        listing = self._listing(client, generation)
        names = list(listing) if only is None else list(only)
        by_sha: dict[str, bytes] = {}
        batch, parts = [], 0
        for i, name in enumerate(names):
            batch.append(listing[name]["sha256"])
            parts += listing[name]["parts"]
            if parts >= PUT_PARTS or i == len(names) - 1:  # a query of about 3 MB (more only for one big file)
                by_sha.update(self._file_bytes(client, generation, batch))
                batch, parts = [], 0
        return {name: by_sha[listing[name]["sha256"]] for name in names}

    def _file_bytes(self, client, generation: str, shas: list[str]) -> dict[str, bytes]:
        quoted = ", ".join(f'"{sha}"' for sha in shas)
        rows = self._meta_rows(client, f'generation == "{generation}" and name in [{quoted}]', ["name", "part", "value"])
        pieces: dict[str, list[tuple[int, str]]] = {}
        for r in rows:
            pieces.setdefault(r["name"], []).append((int(r["part"]), r["value"]))
        out = {}
        for sha in shas:
            parts = sorted(pieces.get(sha, []))
            data = base64.b64decode("".join(v for _, v in parts)) if parts else b""
            if [p for p, _ in parts] != list(range(len(parts))) or not parts or hashlib.sha256(data).hexdigest() != sha:
                raise IndexCorrupt(f"{self._where(generation)}: a corpus file (SHA-256 {sha[:12]}…) is missing or "
                                   f"damaged; {FIX}")
            out[sha] = data
        return out

    def _listing(self, client, generation: str) -> dict[str, dict]:
        """The generation's "files" record: name → {sha256, parts, original_name}, checked against the manifest."""
        manifest = self._manifest(client, generation)
        where = self._where(generation)
        if "files" not in manifest.files:
            raise IndexMissing(f"{where} was built before generations stored their corpus files; {FIX}")
        text = self._get(client, generation, "files")
        if _sha(text) != manifest.files["files"]:
            raise IndexCorrupt(f"{where}: files is damaged (its checksum differs from the manifest); {FIX}")
        try:
            listing = {str(k): {"sha256": str(v["sha256"]), "parts": int(v["parts"]),
                                "original_name": str(v.get("original_name") or "")}
                       for k, v in dict(json.loads(text)).items()}
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise IndexCorrupt(f"{where}: files has an unexpected shape ({exc}); {FIX}") from None
        if {k: v["sha256"] for k, v in listing.items()} != manifest.corpus:
            raise IndexCorrupt(f"{where}: its corpus files differ from the manifest's corpus; {FIX}")
        return listing

    # ---- IndexStore -------------------------------------------------------------------
    def read_manifest(self) -> Manifest:
        client = self.client()
        generation = str(self._current(client)["generation"])
        return self._manifest(client, generation)

    def _manifest(self, client, generation: str) -> Manifest:
        try:
            raw = json.loads(self._get(client, generation, "manifest"))
        except json.JSONDecodeError as exc:
            raise IndexCorrupt(f"{self._where(generation)}: the manifest is not valid JSON ({exc}); {FIX}") from None
        return Manifest.from_json(raw, self._where(generation))

    def build(self, corpus: Corpus, embedder: Embedder, progress: Progress | None = None, batch: int = 64,
              parent: str | None = None) -> str:
        """Embed and index the corpus as a new generation, switch to it, prune old ones; returns ``uri#generation``.

        Args:
            parent: the generation the corpus was synced from. Given, the build switches only while that
                generation is live, and otherwise raises IndexConflict (another server switched meanwhile).
        """
        started = time.time()
        with _build_lock(f"{self.uri}|{self.prefix}"):
            tasks = corpus.tasks
            files = _read_files(corpus)
            words = user_words(tasks)
            tokenizer = Tokenizer(words, eager=True)
            texts, chunk_task = [], []
            for row, t in enumerate(tasks):
                for text in chunk_texts(t):
                    texts.append(text)
                    chunk_task.append(row)
            vectors = embed_passages(texts, embedder, self._known_vectors(embedder, texts), progress, batch)
            # The same tokens, glossary and calibration as rag.store.build_index.
            token_lists = [tokenizer.tokens(f"{t.title} {t.title} {t.text} {t.units_text}") for t in tasks]
            calibration = _calibrate(tasks, embedder, vectors, chunk_task)
            glossary = build_glossary({w for toks in token_lists for w in toks} | set(words)
                                      | {w for t in tasks for w in tokenizer.words(f"{t.section_title} {t.title} {t.text}")})
            bm25 = BM25(token_lists)
            vocabulary = list(bm25._postings)  # the weights rag.bm25 computed, not a copy of its formula
            weights: list[dict[int, float]] = [{} for _ in tasks]
            for term_id, (ids, ws) in enumerate(bm25._postings.values()):
                for i, w in zip(ids.tolist(), ws.tolist(), strict=True):
                    weights[i][term_id] = w
            task_json = [json.dumps(t.to_dict(), ensure_ascii=False) for t in tasks]
            blobs = {"notices": json.dumps([n.to_dict() for n in corpus.notices], ensure_ascii=False),
                     "user_words": json.dumps(words, ensure_ascii=False),
                     "vocabulary": json.dumps(vocabulary, ensure_ascii=False),
                     "glossary": json.dumps(glossary, ensure_ascii=False)}
            for t, js in zip(tasks, task_json, strict=True):
                if len(js.encode("utf-8")) > MAX_VARCHAR:
                    raise ValueError(f"task {t.id} is {len(js.encode('utf-8'))} bytes as JSON; Milvus VARCHAR holds {MAX_VARCHAR}")

            client = self.client(create=True)
            self._ensure_meta(client)
            generation = f"g{time.strftime('%Y%m%d%H%M%S')}_{os.getpid()}_{next(_GEN_SEQ)}"
            chunks_coll, tasks_coll = self._collections(generation)
            listing, file_rows = {}, []
            for source, (data, original) in files.items():  # under their SHA-256: a name may be any length
                sha = hashlib.sha256(data).hexdigest()
                rows = _parts(generation, sha, base64.b64encode(data).decode("ascii"))
                listing[source] = {"sha256": sha, "parts": len(rows), "original_name": original}
                file_rows += rows
            blobs["files"] = json.dumps(listing, ensure_ascii=False)
            del files
            self._put(client, generation, "building", json.dumps({"started": time.time()}))
            try:
                self._write_chunks(client, chunks_coll, vectors, chunk_task, progress)
                mode = self._write_tasks(client, tasks_coll, tasks, task_json, weights, progress)
                if mode == "memory":
                    blobs["tokens"] = json.dumps(token_lists, ensure_ascii=False)
                for name, text in blobs.items():
                    self._put(client, generation, name, text)
                self._upsert(client, file_rows)
                manifest = Manifest(
                    format=FORMAT, format_version=FORMAT_VERSION, embedder=embedder.id,
                    dim=int(vectors.shape[1]), count=len(tasks), chunks=len(texts), corpus=corpus.fingerprint(),
                    files={"tasks": _sha("\n".join(task_json)), **{k: _sha(v) for k, v in blobs.items()}},
                    faiss_index="flat", built_at=time.strftime("%Y-%m-%dT%H:%M:%S%z"),
                    build_seconds=round(time.time() - started, 3), calibration=asdict(calibration),
                    rules=reading_rules(),
                )
                self._put(client, generation, "manifest", json.dumps(manifest.__dict__, ensure_ascii=False))
                client.flush(self.meta)
                if parent is not None:
                    self._claim(client, generation, parent)
                previous = self._live(client)  # read last: what this switch replaces becomes the spare
                self._switch(client, generation, mode)
            except BaseException:
                with contextlib.suppress(Exception):  # best effort: a later build prunes what is left
                    if self._live(client) != generation:  # the switch did not land: the live generation is untouched
                        self._drop(client, [generation])
                raise
            finally:
                with contextlib.suppress(Exception):
                    client.delete(self.meta, filter=f'generation == "{generation}" and name == "building"')
            self._prune(client, keep={generation, previous} - {None})
        return f"{self.uri}#{generation}"

    def _known_vectors(self, embedder: Embedder, texts: list[str]) -> Callable[[str], np.ndarray | None]:
        """A lookup of passage text → its vector in the live generation, for the passages among ``texts`` it
        holds, when it was built with this embedder (as :func:`rag.store.known_vectors` for FAISS; anything
        unreadable means nothing is reused)."""
        from pymilvus.exceptions import MilvusException

        def nothing(text: str) -> None:
            return None

        try:
            client = self.client()  # IndexMissing for a Milvus Lite file not yet created
            generation = self.generation()
            manifest = self._manifest(client, generation)
            if manifest.embedder != embedder.id or manifest.dim != embedder.dim:
                return nothing
            chunks_coll, tasks_coll = self._collections(generation)
            for name in (chunks_coll, tasks_coll):
                self._ready(client, name)
            wanted, ids = set(texts), {}
            for r in self._all_rows(client, tasks_coll, "row", ["task"], manifest.count):
                for i, text in enumerate(chunk_texts(Task.from_dict(json.loads(r["task"])))):
                    if text in wanted:
                        ids.setdefault(text, int(r["row"]) << CHUNK_BITS | i)
            chunk_ids = list(dict.fromkeys(ids.values()))
            position = {c: i for i, c in enumerate(chunk_ids)}
            matrix = np.zeros((len(chunk_ids), manifest.dim), dtype=np.float32)
            found = np.zeros(len(chunk_ids), dtype=bool)
            for start in range(0, len(chunk_ids), BATCH_ROWS):
                page = chunk_ids[start:start + BATCH_ROWS]
                for r in client.query(chunks_coll, filter=f"chunk in [{', '.join(map(str, page))}]",
                                      output_fields=["chunk", "vector"], limit=len(page)):
                    matrix[position[int(r["chunk"])]] = r["vector"]
                    found[position[int(r["chunk"])]] = True
        except (IndexError_, MilvusException, OSError, ValueError, KeyError, TypeError):
            return nothing

        def lookup(text: str) -> np.ndarray | None:
            i = position.get(ids.get(text, -1))
            return matrix[i] if i is not None and found[i] else None

        return lookup

    def _write_chunks(self, client, collection: str, vectors: np.ndarray, chunk_task: list[int],
                      progress: Progress | None) -> None:
        from pymilvus import DataType

        schema = client.create_schema(auto_id=False, enable_dynamic_field=False)
        schema.add_field("chunk", DataType.INT64, is_primary=True)
        schema.add_field("task_row", DataType.INT64)
        schema.add_field("vector", DataType.FLOAT_VECTOR, dim=int(vectors.shape[1]))
        client.create_collection(collection, schema=schema, consistency_level="Strong")
        first = {row: i for i, row in reversed(list(enumerate(chunk_task)))}
        ids = [row << CHUNK_BITS | (i - first[row]) for i, row in enumerate(chunk_task)]
        for start in range(0, len(chunk_task), BATCH_ROWS):
            end = min(start + BATCH_ROWS, len(chunk_task))
            client.insert(collection, [{"chunk": ids[i], "task_row": chunk_task[i], "vector": vectors[i].tolist()}
                                       for i in range(start, end)])
            if progress:
                progress("store", end, len(chunk_task))
        client.flush(collection)
        self._index(client, collection, "vector", "FLAT")  # exact search, as FAISS IndexFlatIP

    def _write_tasks(self, client, collection: str, tasks: tuple[Task, ...], task_json: list[str],
                     weights: list[dict[int, float]], progress: Progress | None) -> str:
        """Create and fill the task collection; returns how BM25 is stored: "milvus" (sparse) or "memory"."""
        from pymilvus import DataType
        from pymilvus.exceptions import MilvusException

        def schema_for(mode: str):
            schema = client.create_schema(auto_id=False, enable_dynamic_field=False)
            schema.add_field("row", DataType.INT64, is_primary=True)
            for name in ("doc_id", "key", "ref", "section_title", "title", "deadline", "units", "task"):
                schema.add_field(name, DataType.VARCHAR, max_length=MAX_VARCHAR)
            for name in ("seq", "number", "section"):
                schema.add_field(name, DataType.INT64)
            for name in ("lead_units", "unit_names"):
                schema.add_field(name, DataType.ARRAY, element_type=DataType.VARCHAR, max_capacity=1024, max_length=1024)
            if mode == "milvus":
                schema.add_field("bm25", DataType.SPARSE_FLOAT_VECTOR)
            else:
                schema.add_field("dummy", DataType.FLOAT_VECTOR, dim=2)
            return schema

        mode = "memory" if self.sparse == "memory" else "milvus"
        try:
            client.create_collection(collection, schema=schema_for(mode), consistency_level="Strong")
        except MilvusException:
            if mode == "memory":
                raise
            mode = "memory"  # a Milvus before 2.4 has no sparse vectors
            if client.has_collection(collection):
                client.drop_collection(collection)
            client.create_collection(collection, schema=schema_for(mode), consistency_level="Strong")
        for start in range(0, len(tasks), BATCH_ROWS):
            end = min(start + BATCH_ROWS, len(tasks))
            rows = []
            for i in range(start, end):
                t = tasks[i]
                row = {"row": i, "doc_id": t.doc_id, "key": t.key, "ref": t.ref, "section_title": t.section_title,
                       "title": t.title, "deadline": t.deadline, "units": _units_field(t), "task": task_json[i],
                       "seq": t.seq, "number": t.number, "section": t.section,
                       "lead_units": list(t.lead_units), "unit_names": list(t.unit_names)}
                if mode == "milvus":
                    row["bm25"] = weights[i] or {PAD_TERM: 1.0}  # never queried: term ids stop at the vocabulary
                else:
                    row["dummy"] = [1.0, 0.0]
                rows.append(row)
            client.insert(collection, rows)
            if progress:
                progress("store", end, len(tasks))
        client.flush(collection)
        if mode == "milvus":
            self._index(client, collection, "bm25", "SPARSE_INVERTED_INDEX")
        else:
            self._index(client, collection, "dummy", "FLAT")
        return mode

    def _index(self, client, collection: str, field: str, kind: str) -> None:
        """Index a filled collection and load it. Milvus Lite indexes synchronously; a server is waited
        for, polling from 20 ms up (pymilvus's own wait sleeps half a second before its first look, which
        is most of a small build's time: each generation builds three indexes)."""
        from pymilvus.exceptions import MilvusException

        index = client.prepare_index_params()
        index.add_index(field_name=field, index_type=kind, metric_type="IP")
        client.create_index(collection, index, sync=False)
        pause = 0.02
        while not _is_local(self.uri):
            state = client.describe_index(collection, field).get("state")
            if state in ("Finished", None):  # None: a server that does not say; loading waits for it
                break
            if state == "Failed":
                raise MilvusException(message=f"building the {kind} index of {collection} failed")
            time.sleep(pause)
            pause = min(pause * 2, 0.5)
        client.load_collection(collection)
        self._loaded.add(collection)

    def _switch(self, client, generation: str, mode: str) -> None:
        """Make ``generation`` the live one: one upsert of one row, which readers see whole or not at all."""
        value = json.dumps({"generation": generation, "sparse": mode, "switched_at": time.time()})
        client.upsert(self.meta, [{"key": "current", "generation": generation, "name": "current", "part": 0,
                                   "value": value, "dummy": [1.0, 0.0]}])
        client.flush(self.meta)

    def _claim(self, client, generation: str, parent: str) -> None:
        """Compare-and-switch without transactions (Milvus has no compare-and-set): record a claim to switch
        from ``parent``, then check that ``parent`` is still live and that no other build claimed it too.

        Each build writes its claim before it reads the others', so of two builds that claim at the same
        moment at least one sees the other and gives up (at worst both do, and both may try again); neither
        switches over a generation it has not seen. Raises IndexConflict. A claim is a meta row of its
        generation, dropped with it; one older than CLAIM_SECONDS is a crashed build's and is ignored.
        """
        self._put(client, generation, "claim", json.dumps({"parent": parent, "at": time.time()}))
        client.flush(self.meta)
        live = self._live(client)
        rivals = []
        now = time.time()
        for r in self._meta_rows(client, f'name == "claim" and generation != "{generation}"', ["generation", "value"]):
            try:
                claim = json.loads(r["value"])
                if claim["parent"] == parent and now - float(claim["at"]) < CLAIM_SECONDS:
                    rivals.append(r["generation"])
            except (json.JSONDecodeError, KeyError, TypeError, ValueError):
                pass
        if live != parent or rivals:
            why = f"generation {live} replaced it" if live != parent else f"build {rivals[0]} is switching from it too"
            raise IndexConflict(f"{self._where()}: this build started from generation {parent}, but {why}; "
                                f"sync the corpus to the live generation and build again")

    def _prune(self, client, keep: set[str]) -> None:
        """Drop generations other than ``keep`` and builds still under way (fresh build markers)."""
        now = time.time()
        busy = set()
        for r in self._meta_rows(client, 'name == "building"', ["generation", "value"]):
            try:
                if now - float(json.loads(r["value"])["started"]) < STALE_BUILD_SECONDS:
                    busy.add(r["generation"])
            except (json.JSONDecodeError, KeyError, TypeError, ValueError):
                pass
        known = set(self.generations()) | {r["generation"] for r in self._meta_rows(
            client, 'name == "manifest"', ["generation"])}
        self._drop(client, sorted(known - keep - busy))

    def _drop(self, client, generations: list[str]) -> None:
        for generation in generations:
            for name in self._collections(generation):
                if client.has_collection(name):
                    client.drop_collection(name)
        if generations and client.has_collection(self.meta):
            quoted = ", ".join(f'"{g}"' for g in generations)
            client.delete(self.meta, filter=f"generation in [{quoted}] and name != \"current\"")

    def load(self, embedder_id: str, corpus: dict[str, str] | None = None) -> LoadedIndex:
        """Load and validate the live generation (raises IndexMissing, IndexMismatch, IndexCorrupt as FaissStore)."""
        client = self.client()
        current = self._current(client)
        generation = str(current["generation"])
        where = self._where(generation)
        manifest = self._manifest(client, generation)
        check_fresh(manifest, embedder_id, manifest.corpus if corpus is None else corpus,
                    None if corpus is None else reading_rules())
        blobs = {name: self._get(client, generation, name) for name in manifest.files if name != "tasks"}
        chunks_coll, tasks_coll = self._collections(generation)
        for name in (chunks_coll, tasks_coll):
            if not client.has_collection(name):
                raise IndexCorrupt(f"{where} lacks collection {name}; {FIX}")
            self._ready(client, name)
        task_json = [r["task"] for r in self._all_rows(client, tasks_coll, "row", ["task"], manifest.count)]
        for name, text in {**blobs, "tasks": "\n".join(task_json)}.items():
            if _sha(text) != manifest.files.get(name):
                raise IndexCorrupt(f"{where}: {name} is damaged (its checksum differs from the manifest); {FIX}")
        try:
            tasks = tuple(Task.from_dict(json.loads(js)) for js in task_json)
            notices = tuple(_notice(n) for n in json.loads(blobs["notices"]))
            words = list(json.loads(blobs["user_words"]))
            vocabulary = [str(v) for v in json.loads(blobs["vocabulary"])]
            glossary = {str(k): list(v) for k, v in dict(json.loads(blobs["glossary"])).items()}
            tokens = [list(t) for t in json.loads(blobs["tokens"])] if "tokens" in blobs else None
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise IndexCorrupt(f"{where} holds records of an unexpected shape ({exc}); {FIX}") from None
        chunks = int(client.query(chunks_coll, filter="", output_fields=["count(*)"])[0]["count(*)"])
        dim = next((f["params"].get("dim") for f in client.describe_collection(chunks_coll)["fields"]
                    if f["name"] == "vector"), None)
        if chunks != manifest.chunks or len(tasks) != manifest.count or int(dim or -1) != manifest.dim:
            raise IndexCorrupt(f"{where} holds {chunks} vectors of dimension {dim} and {len(tasks)} tasks; "
                               f"the manifest says {manifest.chunks} chunks of dimension {manifest.dim} "
                               f"and {manifest.count} tasks; {FIX}")
        dense = MilvusDense(client, chunks_coll, chunks, self.max_topk, where)
        if current.get("sparse", "milvus") == "memory":
            if tokens is None or len(tokens) != len(tasks):
                raise IndexCorrupt(f"{where} stores BM25 in memory but lacks its token lists; {FIX}")
            sparse = BM25(tokens)
        else:
            sparse = MilvusSparse(client, tasks_coll, vocabulary, len(tasks), self.max_topk, where)
        return LoadedIndex(manifest, notices, tasks, dense, sparse, Tokenizer(words), f"{self.uri}#{generation}", glossary)

    def _all_rows(self, client, collection: str, pk: str, fields: list[str], count: int) -> list[dict]:
        """Rows 0..count-1 in order, a page at a time (a server returns at most MAX_TOPK rows a query)."""
        out: list[dict] = []
        for start in range(0, max(count, 1), BATCH_ROWS):
            page = client.query(collection, filter=f"{pk} >= {start} and {pk} < {start + BATCH_ROWS}",
                                output_fields=[pk, *fields], limit=BATCH_ROWS)
            out += sorted(page, key=lambda r: r[pk])
        if [r[pk] for r in out] != list(range(count)):
            raise IndexCorrupt(f"{self._where()}: {collection} holds {len(out)} rows, not rows 0..{count - 1}; {FIX}")
        return out

    # ---- filters in Milvus ---------------------------------------------------------------
    def rows_where(self, expr: str) -> list[int]:
        """Task rows of the live generation matching a Milvus filter, e.g.
        ``array_contains(lead_units, "区财政局")`` or ``units like "%responsible:区财政局%"``."""
        client = self.client()
        generation = self.generation()
        _, tasks_coll = self._collections(generation)
        count = self._manifest(client, generation).count
        self._ready(client, tasks_coll)
        rows: list[int] = []
        for start in range(0, count, BATCH_ROWS):  # by primary-key range: a server returns at most MAX_TOPK rows
            page = client.query(tasks_coll, filter=f"row >= {start} and row < {start + BATCH_ROWS} and ({expr})",
                                output_fields=["row"], limit=BATCH_ROWS)
            rows += [int(r["row"]) for r in page]
        return sorted(rows)


def _read_files(corpus: Corpus) -> dict[str, tuple[bytes, str]]:
    """Each notice file's bytes and upload name, as parsed (a file changed since is refused)."""
    out = {}
    for d in corpus.documents:
        n = d.notice
        try:
            data = (corpus.folder / n.source).read_bytes()
        except OSError as exc:
            raise CorpusError(f"cannot read {n.source} to store it with the index ({exc})") from None
        if hashlib.sha256(data).hexdigest() != n.sha256:
            raise CorpusError(f"{n.source} changed while the index was being built; build again")
        out[n.source] = (data, n.original_name)
    return out


def _build_lock(name: str) -> threading.Lock:
    with _BUILD_LOCKS_GUARD:
        return _BUILD_LOCKS.setdefault(name, threading.Lock())
