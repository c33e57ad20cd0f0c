"""Evaluation: run a question file through the public API and score it.

Schema, one JSON object per line::

    {"id", "type", "question", "gold_tasks": [int], "gold_units": [str], "answer_facts": [str], "lang",
     "list": bool, "history": [str | {"role", "content"}], "oos": bool, "doc": str, "gold_by": "order" | "number"}

The last five keys are optional. ``list`` marks a question whose answer is a complete set
(default: its type is one of LIST_TYPES). ``history`` holds the earlier questions of a
conversation, or its messages ``{"role": "user" | "assistant", "content": …}`` (the assistant's replies say
which tasks the user was told of); the question is asked as its last turn. ``oos`` marks a question the notice does
not answer (default: type ``out_of_scope``). ``doc`` names the notice file a question is about;
its ``gold_tasks`` then count the notice's tasks in document order (1 = the first task), or, with
``gold_by: "number"``, are the task numbers as the notice prints them (what a reader sees; a parser that
finds an extra heading-task does not shift them).

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
import re
import statistics
import time
from collections import defaultdict
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

from .clauses import is_generic
from .errors import PolicyQAError
from .text import norm
from .types import Answer

LIST_TYPES = ("unit_reverse", "section_list")  # list questions when a line does not say
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
    is_list: bool = False
    history: tuple[str | dict, ...] = ()  # earlier questions, or chat messages {"role", "content"}
    oos: bool = False
    doc: str = ""
    gold_by: str = "order"  # with doc: "order" (document position) or "number" (as printed)


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
    oos: bool = False

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
            qtype = str(raw["type"])
            history = raw.get("history") or []
            if not isinstance(history, list) or not all(
                    isinstance(h, str) or (isinstance(h, dict) and h.get("role") in ("user", "assistant")
                                           and isinstance(h.get("content"), str)) for h in history):
                raise TypeError('history must be a list of questions or of messages {"role": "user" | '
                                '"assistant", "content": text}')
            out.append(EvalQuestion(str(raw["id"]), qtype, str(raw["question"]),
                                    tuple(int(x) for x in raw["gold_tasks"]), tuple(map(str, raw["gold_units"])),
                                    tuple(map(str, raw["answer_facts"])), str(raw["lang"]),
                                    bool(raw.get("list", qtype in LIST_TYPES)), tuple(history),
                                    bool(raw.get("oos", qtype == OOS_TYPE)), str(raw.get("doc") or ""),
                                    str(raw.get("gold_by") or "order")))
        except (TypeError, ValueError) as exc:
            raise EvalFileError(f"{path}, line {n}: bad field ({exc})") from None
    return out


def score(q: EvalQuestion, a: Answer, seconds: float, key=None) -> Scored:
    """Score one answer against its question's gold.

    ``key`` maps a citation to the number the gold uses (default: its task number);
    None means the citation is not a task of the question's notice.
    """
    key = key or (lambda c: c.task)
    cited = tuple(k for k in (key(c) for c in a.citations) if k is not None)
    ranked = list(dict.fromkeys(cited + tuple(k for k in (key(c) for c in a.related) if k is not None)))
    gold = set(q.gold_tasks)
    text = norm(a.answer)
    top1 = recall5 = list_f1 = unit_acc = fact_cov = None
    if gold:
        top1 = float(bool(cited) and cited[0] in gold and not a.abstained)
        k = max(5, len(gold))
        recall5 = len(gold & set(ranked[:k])) / len(gold)
        if q.is_list:
            got = set(cited) if not a.abstained else set()
            tp = len(got & gold)
            list_f1 = 0.0 if not tp else 2 * tp / (len(got) + len(gold))
    if q.gold_units:
        unit_acc = float(all(norm(u) in text for u in q.gold_units))
    if q.answer_facts:
        fact_cov = sum(norm(f) in text for f in q.answer_facts) / len(q.answer_facts)
    abstain_ok = float(a.abstained == q.oos)
    return Scored(q.id, q.type, q.question, a.answer, cited, a.abstained, seconds,
                  top1, recall5, list_f1, unit_acc, fact_cov, abstain_ok, q.oos)


def summarise(scored: list[Scored]) -> Report:
    """Per-type and overall means, abstention rates and latency percentiles."""
    groups: dict[str, list[Scored]] = defaultdict(list)
    for s in scored:
        groups[s.type].append(s)
    report = Report()
    for name, items in sorted(groups.items()):
        report.per_type[name] = _means(items)
    report.overall = _means(scored)
    oos = [s for s in scored if s.oos]
    rest = [s for s in scored if not s.oos]
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
    """Ask every question through ``assistant.ask`` (with its history) and score the answers."""
    keys = _seq_keys(assistant) if any(q.doc for q in questions) else {}
    scored = []
    for q in questions:
        start = time.perf_counter()
        a = assistant.ask(q.question, history=list(q.history)) if q.history else assistant.ask(q.question)
        key = None
        if q.doc:
            def key(c, doc=q.doc, by_number=q.gold_by == "number"):
                if keys.get(c.doc) != doc:
                    return None
                return c.task if by_number else c.seq
        scored.append(score(q, a, time.perf_counter() - start, key))
    return summarise(scored), scored


def _seq_keys(assistant) -> dict[str, str]:
    """doc id → the notice's file name (questions name their notice by file; citations carry the task's seq)."""
    return {n.doc_id: n.source for n in assistant.notices}


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


# ---- parsing against a hand-read gold ------------------------------------------------------------

@dataclass(frozen=True)
class ParseScore:
    """How a parse of one notice compares with its hand-read gold (``tests/fixtures/real/*.gold.json``).

    ``lead_exact`` and ``units_exact`` count gold tasks whose parsed task has exactly the gold's
    lead units (resp. every unit with its role); a gold task the parser did not find counts as wrong.
    """

    notice: str
    gold_tasks: int
    found: int
    extra: int
    lead_exact: int
    units_exact: int
    misses: tuple[str, ...]
    aligned: tuple[tuple[int, int], ...] = ()  # (gold seq, parsed seq) of each gold task found

    @property
    def lead_rate(self) -> float:
        return self.lead_exact / self.gold_tasks if self.gold_tasks else 1.0

    def to_dict(self) -> dict:
        d = asdict(self)
        d["lead_rate"] = round(self.lead_rate, 4)
        return d


def _unit_key(name: str) -> str:
    """A unit's name as compared with the gold: 区森林园林局（区森林园林公司) and 区森林园林局 are one (gold writers
    differ on keeping a name's other name in brackets)."""
    return re.sub(r"[(（][^()（）]{2,20}[)）]$", "", norm(name).replace(" ", ""))


def _bare(text: str) -> str:
    """Text without its punctuation and spaces (a title and the text it was cut from, compared)."""
    return re.sub(r"[\W_]", "", text)


def score_parse(parsed, gold: dict) -> ParseScore:
    """Align parsed tasks with gold tasks (in order, by title) and count exact unit readings (named units with
    their roles; generic groups such as 各地区 are left out on both sides)."""
    import difflib

    tasks = list(parsed.tasks)
    used: set[int] = set()
    lead_ok = units_ok = found = 0
    misses = []
    aligned: list[tuple[int, int]] = []
    start = 0
    for g in gold["tasks"]:
        gt = norm(g["title"])[:24]
        best, best_ratio = None, 0.0
        for k in range(start, len(tasks)):
            if k in used:
                continue
            t = tasks[k]
            body = norm(t.text)
            head = body[: max(len(gt), 8)]
            # (the title may be a heading's that holds only this item, written above its text)
            # (or a title cut from the first sentence, the rest its text: the gold's title may be that whole sentence)
            found_in = (body.startswith(gt) or (len(gt) >= 4 and gt[:16] in body) or norm(t.title).startswith(gt)
                        or _bare(norm(t.title) + body).startswith(_bare(gt)))
            ratio = 1.0 if found_in else difflib.SequenceMatcher(None, gt, head).ratio()
            # (a paragraph's task under a numbered item: the gold's path ends with the paragraph's place)
            if t.number == g.get("number") or str(t.number) == str((g.get("path") or [""])[-1]):
                ratio += 0.15
            if ratio > best_ratio:
                best, best_ratio = k, ratio
            if best_ratio >= 1.1:
                break
        if best is None or best_ratio < 0.6:
            misses.append(f"{g['seq']} not found: {g['title'][:20]}")
            continue
        used.add(best)
        start = best + 1
        found += 1
        t = tasks[best]
        aligned.append((g["seq"], t.seq))
        g_lead = {_unit_key(u["name"]) for u in g["units"] if u["role"] == "lead"}
        # generic groups (各地区, 国务院相关部门) are compared by neither side: gold writers differ on listing them
        g_units = {(_unit_key(u["name"]), u["role"]) for u in g["units"] if not is_generic(u["name"])}
        p_lead = {_unit_key(n) for n in t.lead_units}
        p_units = {(_unit_key(u.name), u.role.value) for u in t.units if not is_generic(u.name)}
        lead_ok += p_lead == g_lead
        units_ok += p_units == g_units
        if p_units != g_units:
            misses.append(f"{g['seq']} {t.label}: gold {sorted(g_units)} parsed {sorted(p_units)}")
    return ParseScore(gold.get("file", ""), len(gold["tasks"]), found, len(tasks) - len(used), lead_ok, units_ok,
                      tuple(misses), tuple(aligned))


def realign(questions: list[EvalQuestion], ps: ParseScore) -> list[EvalQuestion]:
    """Questions whose gold tasks (gold seqs) are put as the parsed tasks the parse score aligned them with:
    a parse that splits or merges a task elsewhere does not shift every later answer. A gold task the
    parse did not find stays unanswerable (0)."""
    to_parsed = dict(ps.aligned)
    return [replace(q, gold_tasks=tuple(to_parsed.get(k, 0) for k in q.gold_tasks))
            if q.doc and q.gold_by == "order" else q for q in questions]


# ---- drafts ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class DraftScore:
    """One draft (``eval/drafts/*.json``) checked: sentence attribution, planted errors caught, false flags."""

    draft: str
    sentences: int
    attributed: int  # sentences whose cited tasks equal the gold (none where none)
    errors: int  # planted errors
    caught: int  # planted errors flagged with their kind (unit and role count as one family)
    false_flags: int  # flags on sentences with no planted error of that family
    misses: tuple[str, ...]

    def to_dict(self) -> dict:
        return asdict(self)


def score_draft(checks, gold: dict) -> DraftScore:
    """Compare a draft's checks (from ``Assistant.check_draft``) with its gold, sentence by sentence."""
    family = {"figure": "figure", "unit": "unit", "role": "unit", "deadline": "deadline", "number": "number"}
    by_text = {norm(c.sentence): c for c in checks}
    attributed = errors = caught = false_flags = 0
    misses = []
    for g in gold["sentences"]:
        c = by_text.get(norm(g["sentence"]))
        cited = sorted({x.task for x in c.citations}) if c else []
        if cited == sorted(g["gold_tasks"]):
            attributed += 1
        else:
            misses.append(f"{g['n']}: cited {cited}, gold {g['gold_tasks']}")
        planted = [family[e["kind"]] for e in g["errors"]]
        flagged = [family[i.kind] for i in c.issues] if c else []
        errors += len(planted)
        for kind in planted:
            if kind in flagged:
                caught += 1
                flagged.remove(kind)
            else:
                misses.append(f"{g['n']}: missed {kind} error {g['errors']}")
        false_flags += len(flagged)
        misses += [f"{g['n']}: false {k} flag" for k in flagged]
    return DraftScore(gold.get("id", ""), len(gold["sentences"]), attributed, errors, caught, false_flags, tuple(misses))
