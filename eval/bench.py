"""Speed benchmark: prints figures, asserts nothing.

    python eval/bench.py [--corpus corpus] [--repeat 200]

Reports, in one run on this machine:
- end-to-end ``ask`` latency against embedding the question alone (ratio);
- BM25 and FAISS search time against the whole answer (ratios);
- cold start of ``policyqa ask`` (new process to first answer) and of ``policyqa serve`` (to the first
  page served on 127.0.0.1) with a built index;
- index build time per record (tasks) and per chunk, on a fresh index.
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


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--corpus", default=str(ROOT / "corpus"))
    p.add_argument("--repeat", type=int, default=300, help="questions timed (cycled from eval/questions.jsonl)")
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
        for q in qs[:20]:  # warm-up: model pages, jieba, pinyin tables
            a.ask(q)
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

        cold = []
        for _ in range(3):
            start = time.perf_counter()
            subprocess.run([sys.executable, "-m", "rag", "--corpus", str(corpus), "--index", str(work / "index"),
                            "ask", "第26项谁牵头"], check=True, capture_output=True, cwd=ROOT)
            cold.append(time.perf_counter() - start)
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", "import sys"], check=True)
        bare = time.perf_counter() - start
        print(f"cold start `policyqa ask` (process start → first answer): median {med(cold):.2f} s "
              f"({med(cold) / bare:.0f}x a bare `python -c 'import sys'` at {bare * 1000:.0f} ms)")
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
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
