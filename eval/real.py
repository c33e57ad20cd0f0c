"""Real published notices: how each parses against its hand-read gold, and how its questions are answered.

Each notice of ``tests/fixtures/real`` (or ``--fixtures DIR``) is put alone in a fresh corpus (or, with
``--beside-seed``, next to the seed notice), indexed with the configured embedder, and asked the questions of
``eval/real/<stem>.jsonl`` (or ``--questions DIR``). Prints one line per notice and the totals; asserts nothing.

    python eval/real.py                      # every fixture alone
    python eval/real.py --beside-seed        # every fixture next to the seed notice
    python eval/real.py --only gz_city_2012_rencai -v
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from rag import Assistant  # noqa: E402
from rag.evaluate import load_questions, realign, run_eval, score_parse  # noqa: E402
from rag.parse import read_notice  # noqa: E402

SEED = ROOT / "corpus" / "000_3648b896988ff11c.txt"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--fixtures", default=str(ROOT / "tests" / "fixtures" / "real"))
    ap.add_argument("--questions", default=str(ROOT / "eval" / "real"))
    ap.add_argument("--beside-seed", action="store_true", help="index each notice next to the seed notice")
    ap.add_argument("--only", nargs="*", default=(), help="notice stems to run")
    ap.add_argument("--embedder", default=None)
    ap.add_argument("-v", "--verbose", action="store_true", help="print every miss")
    ap.add_argument("--order", action="store_true",
                    help="score questions by document order alone (the k-th gold task is the k-th parsed task), "
                         "as before 2026-12-03; by default gold tasks are mapped through the parse alignment")
    args = ap.parse_args()
    fixtures, qdir = Path(args.fixtures), Path(args.questions)
    totals = {"tasks": 0, "lead": 0, "units": 0, "found": 0, "n": 0, "top1": [], "unit": [], "f1": [], "oos": [], "false": []}
    for gold_path in sorted(fixtures.glob("*.gold.json")):
        stem = gold_path.name.split(".")[0]
        if args.only and stem not in args.only:
            continue
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        source = fixtures / gold["file"]
        try:
            parsed = read_notice(source)
        except Exception as exc:  # a refusal is a result here
            print(f"{stem:28} REFUSED: {exc}")
            totals["tasks"] += len(gold["tasks"])
            continue
        ps = score_parse(parsed, gold)
        for k, v in (("tasks", ps.gold_tasks), ("lead", ps.lead_exact), ("units", ps.units_exact), ("found", ps.found)):
            totals[k] += v
        line = (f"{stem:28} tasks {ps.gold_tasks:3} found {ps.found:3} lead {ps.lead_exact:3} ({ps.lead_rate:.2f}) "
                f"units {ps.units_exact:3}")
        qfile = qdir / f"{stem}.jsonl"
        if qfile.exists():
            with tempfile.TemporaryDirectory() as tmp:
                corpus = Path(tmp) / "corpus"
                corpus.mkdir()
                shutil.copy(source, corpus / source.name)
                if args.beside_seed:
                    shutil.copy(SEED, corpus / SEED.name)
                a = Assistant.open(corpus, Path(tmp) / "index", embedder=args.embedder)
                questions = load_questions(qfile) if args.order else realign(load_questions(qfile), ps)
                report, scored = run_eval(a, questions)
            o = report.overall
            line += (f" | q {len(questions):3} top1 {o.get('top1', float('nan')):.3f} unit {o.get('unit_acc', float('nan')):.3f}"
                     f" listF1 {o.get('list_f1', float('nan')):.3f} oos {o.get('abstain_oos', float('nan')):.2f}"
                     f" false {o.get('false_abstain', float('nan')):.2f}")
            totals["n"] += len(questions)
            for s in scored:
                if s.top1 is not None:
                    totals["top1"].append(s.top1)
                if s.unit_acc is not None:
                    totals["unit"].append(s.unit_acc)
                if s.list_f1 is not None:
                    totals["f1"].append(s.list_f1)
                (totals["oos"] if s.oos else totals["false"]).append(float(s.abstained))
            if args.verbose:
                for m in report.misses:
                    line += f"\n    {m['id']} {m['question']} → {m['cited']} abst={m['abstained']}\n        {m['answer'][:150]}"
        print(line, flush=True)
    mean = lambda xs: sum(xs) / len(xs) if xs else float("nan")  # noqa: E731
    t = totals
    print(f"TOTAL tasks {t['tasks']} found {t['found']} lead exact {t['lead']} ({t['lead'] / max(t['tasks'], 1):.3f}) "
          f"units exact {t['units']} ({t['units'] / max(t['tasks'], 1):.3f}) | questions {t['n']} top1 {mean(t['top1']):.3f} "
          f"unit {mean(t['unit']):.3f} listF1 {mean(t['f1']):.3f} oos abstained {mean(t['oos']):.3f} "
          f"false abstentions {mean(t['false']):.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
