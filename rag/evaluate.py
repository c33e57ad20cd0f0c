"""Evaluation: run a question file through the public API and score it.

Schema, one JSON object per line::

    {"id", "type", "question", "gold_tasks": [int], "gold_units": [str], "answer_facts": [str], "lang"}

Metrics (each a pure function of one question's answer, averaged per type and overall):

- top1: the first citation is a gold task (questions with gold tasks).
- recall@5: share of gold tasks among the first k ranked tasks (citations, then
  related), k = max(5, number of gold tasks) so complete lists can score 1.
- list_f1: exact-set F1 between cited tasks and gold (types ``unit_reverse``, ``section_list``).
- unit_acc: every gold unit is named in the answer text.
- fact_cov: share of answer facts found in the answer text (normalised).
- abstain_oos: share of ``out_of_scope`` questions abstained; false_abstain: share of the rest abstained.
"""

from __future__ import annotations

import json
import statistics
import time
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .errors import PolicyQAError
from .text import norm
from .types import Answer

LIST_TYPES = ("unit_reverse", "section_list")
OOS_TYPE = "out_of_scope"
KEYS = ("id", "type", "question", "gold_tasks", "gold_units", "answer_facts", "lang")


@dataclass(frozen=True)
class EvalQuestion:
    id: str
    type: str
    question: str
    gold_tasks: tuple[int, ...]
    gold_units: tuple[str, ...]
    answer_facts: tuple[str, ...]
    lang: str


@dataclass(frozen=True)
class Scored:
    """One question's outcome; a metric is None where it does not apply."""

    id: str
    type: str
    question: str
    answer: str
    cited: tuple[int, ...]
    abstained: bool
    seconds: float
    top1: float | None
    recall5: float | None
    list_f1: float | None
    unit_acc: float | None
    fact_cov: float | None
    abstain_ok: float | None  # 1 when abstention matches gold (abstain iff out of scope)

    @property
    def miss(self) -> bool:
        return any(v is not None and v < 1.0 for v in (self.top1, self.list_f1, self.unit_acc, self.fact_cov, self.abstain_ok))


@dataclass
class Report:
    per_type: dict[str, dict[str, float]] = field(default_factory=dict)
    overall: dict[str, float] = field(default_factory=dict)
    misses: list[dict] = field(default_factory=list)

    def to_dict(self) -> dict:
        return asdict(self)


class EvalFileError(PolicyQAError):
    """The question file does not follow the schema; names the line."""


def load_questions(path: str | Path) -> list[EvalQuestion]:
    path = Path(path)
    out, seen = [], set()
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise EvalFileError(f"cannot read {path}: {exc}") from None
    for n, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
        except json.JSONDecodeError as exc:
            raise EvalFileError(f"{path}, line {n}: not JSON ({exc.msg})") from None
        missing = [k for k in KEYS if k not in raw]
        if missing:
            raise EvalFileError(f"{path}, line {n}: missing {', '.join(missing)}")
        if raw["id"] in seen:
            raise EvalFileError(f"{path}, line {n}: duplicate id {raw['id']!r}")
        seen.add(raw["id"])
        try:
            out.append(EvalQuestion(str(raw["id"]), str(raw["type"]), str(raw["question"]),
                                    tuple(int(x) for x in raw["gold_tasks"]), tuple(map(str, raw["gold_units"])),
                                    tuple(map(str, raw["answer_facts"])), str(raw["lang"])))
        except (TypeError, ValueError) as exc:
            raise EvalFileError(f"{path}, line {n}: bad field ({exc})") from None
    return out


def score(q: EvalQuestion, a: Answer, seconds: float) -> Scored:
    """Score one answer against its question's gold."""
    cited = tuple(c.task for c in a.citations)
    ranked = list(dict.fromkeys(cited + tuple(c.task for c in a.related)))
    gold = set(q.gold_tasks)
    text = norm(a.answer)
    oos = q.type == OOS_TYPE
    top1 = recall5 = list_f1 = unit_acc = fact_cov = None
    if gold:
        top1 = float(bool(cited) and cited[0] in gold and not a.abstained)
        k = max(5, len(gold))
        recall5 = len(gold & set(ranked[:k])) / len(gold)
        if q.type in LIST_TYPES:
            got = set(cited)
            tp = len(got & gold)
            list_f1 = 0.0 if not tp else 2 * tp / (len(got) + len(gold))
    if q.gold_units:
        unit_acc = float(all(norm(u) in text for u in q.gold_units))
    if q.answer_facts:
        fact_cov = sum(norm(f) in text for f in q.answer_facts) / len(q.answer_facts)
    abstain_ok = float(a.abstained == oos)
    return Scored(q.id, q.type, q.question, a.answer, cited, a.abstained, seconds,
                  top1, recall5, list_f1, unit_acc, fact_cov, abstain_ok)


def summarise(scored: list[Scored]) -> Report:
    """Per-type and overall means, abstention rates and latency percentiles."""
    groups: dict[str, list[Scored]] = defaultdict(list)
    for s in scored:
        groups[s.type].append(s)
    report = Report()
    for name, items in sorted(groups.items()):
        report.per_type[name] = _means(items)
    report.overall = _means(scored)
    oos = [s for s in scored if s.type == OOS_TYPE]
    rest = [s for s in scored if s.type != OOS_TYPE]
    report.overall["abstain_oos"] = round(sum(s.abstained for s in oos) / len(oos), 4) if oos else float("nan")
    report.overall["false_abstain"] = round(sum(s.abstained for s in rest) / len(rest), 4) if rest else float("nan")
    lat = sorted(s.seconds for s in scored)
    report.overall["latency_p50_ms"] = round(1000 * statistics.median(lat), 2) if lat else 0.0
    report.overall["latency_p95_ms"] = round(1000 * lat[min(len(lat) - 1, int(0.95 * len(lat)))], 2) if lat else 0.0
    report.misses = [{"id": s.id, "type": s.type, "question": s.question, "cited": list(s.cited),
                      "abstained": s.abstained, "answer": s.answer[:300]} for s in scored if s.miss]
    return report


def _means(items: list[Scored]) -> dict[str, float]:
    out: dict[str, float] = {"n": len(items)}
    for metric in ("top1", "recall5", "list_f1", "unit_acc", "fact_cov", "abstain_ok"):
        vals = [getattr(s, metric) for s in items if getattr(s, metric) is not None]
        if vals:
            out[metric] = round(sum(vals) / len(vals), 4)
    return out


def run_eval(assistant, questions: list[EvalQuestion]) -> tuple[Report, list[Scored]]:
    """Ask every question through ``assistant.ask`` and score the answers."""
    scored = []
    for q in questions:
        start = time.perf_counter()
        a = assistant.ask(q.question)
        scored.append(score(q, a, time.perf_counter() - start))
    return summarise(scored), scored


def format_report(report: Report) -> str:
    cols = ("n", "top1", "recall5", "list_f1", "unit_acc", "fact_cov", "abstain_ok")
    lines = [f"{'type':<15}" + "".join(f"{c:>11}" for c in cols)]
    for name, m in list(report.per_type.items()) + [("OVERALL", report.overall)]:
        lines.append(f"{name:<15}" + "".join(f"{_fmt(m.get(c)):>11}" for c in cols))
    o = report.overall
    lines.append(f"out-of-scope abstained: {_fmt(o.get('abstain_oos'))}   false abstentions: {_fmt(o.get('false_abstain'))}   "
                 f"latency p50 {o.get('latency_p50_ms')} ms, p95 {o.get('latency_p95_ms')} ms")
    if report.misses:
        lines.append(f"misses ({len(report.misses)}): " + ", ".join(m["id"] for m in report.misses))
    return "\n".join(lines)


def _fmt(v) -> str:
    if v is None:
        return "-"
    return str(v) if isinstance(v, int) else f"{v:.3f}"
