"""Fusion experiment: the same questions through each fusion variant; prints one line per variant.

    python eval/fusion.py [--questions eval/questions.jsonl eval/holdout.jsonl]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

VARIANTS = {
    "rrf k=60": dict(fusion="rrf", rrf_k=60),
    "convex w=.5 minmax/minmax": dict(fusion="convex", dense_weight=0.5, dense_floor=None, sparse_floor=None),
    "convex w=.5 minmax/bm25-from-0": dict(fusion="convex", dense_weight=0.5, dense_floor=None, sparse_floor=0.0),
    "convex w=.5 cos-from--1/bm25-from-0": dict(fusion="convex", dense_weight=0.5, dense_floor=-1.0, sparse_floor=0.0),
    "convex w=.3 minmax/bm25-from-0": dict(fusion="convex", dense_weight=0.3, dense_floor=None, sparse_floor=0.0),
    "convex w=.7 minmax/bm25-from-0": dict(fusion="convex", dense_weight=0.7, dense_floor=None, sparse_floor=0.0),
    "dense only": dict(fusion="convex", dense_weight=1.0),
    "bm25 only": dict(fusion="convex", dense_weight=0.0),
}


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--questions", nargs="+", default=[str(ROOT / "eval" / "questions.jsonl"), str(ROOT / "eval" / "holdout.jsonl")])
    p.add_argument("--corpus", default=str(ROOT / "corpus"))
    p.add_argument("--index", default=str(ROOT / "index"))
    args = p.parse_args()
    from rag import Assistant
    from rag.evaluate import load_questions, run_eval

    sets = {Path(f).stem: load_questions(f) for f in args.questions}
    a = Assistant.open(args.corpus, args.index)
    keys = ("top1", "recall5", "list_f1", "fact_cov", "abstain_oos", "false_abstain")
    print(f"{'variant':<38}" + "".join(f"{s[:10] + ':' + k:>22}" for s in sets for k in keys[:2]))
    for name, opts in VARIANTS.items():
        a.retrieval = opts
        a._load()
        row = []
        for qs in sets.values():
            report, _ = run_eval(a, qs)
            row += [report.overall.get(k, float("nan")) for k in keys[:2]]
        print(f"{name:<38}" + "".join(f"{v:>22.3f}" for v in row))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
