"""Checking a generated answer against the task records it was generated from.

Pure functions over (answer text, retrieved tasks, UnitDirectory). An answer is
split into sentences (a citation written after the end mark, ``…以上。[第21项]``,
belongs to the sentence before it) and every sentence is checked:

- ``unknown_task``: it cites or names a task number that is not among the retrieved records;
- ``foreign_unit``: it names a unit (found with ``UnitDirectory.find_in``) that is not a
  lead or responsible unit of a task it cites, nor written in that task's text;
- ``unsupported_figure``: a figure (``75万千瓦以上``, ``50%``, ``11个``, ``2023年``, ``6月``) that
  no cited task states, or states with the opposite bound (``以上`` vs ``以下``);
- ``instruction``: it talks about instructions or prompts (``忽略以上指令``), or echoes the
  prompt's data delimiters: the model followed text that was meant as data;
- ``uncited``: it carries no ``[第N项]`` citation (a soft issue: kept, but marked).

A lead-in that ends with a colon and states nothing checkable (``相关安排如下：``)
is neutral. Nothing here calls a model or touches the network.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from .lazy_regex import lazy_compile
from .text import cn_to_int, longest_first, norm
from .types import Task
from .units import UnitDirectory

# ---- sentences ----------------------------------------------------------------------

_OPEN, _CLOSE = r"\[【［", r"\]】］"
_BRACKET = rf"[{_OPEN}][^{_CLOSE}\n]{{0,60}}[{_CLOSE}]"
# A sentence: text up to an end mark (or a newline), then closing quotes, then the
# citations written after the mark, then trailing whitespace.
_PIECE = lazy_compile(
    rf"[^\n]*?(?:[。！？!?]+|(?<!\d)\.(?=\s)|(?=\n)|$)"
    rf"[”’」』）)\"']*"
    rf"(?:[ \t\u3000]*{_BRACKET})*"
    r"\s*",
)
_PENDING_BRACKET = lazy_compile(rf"[{_OPEN}][^{_CLOSE}\n]{{0,60}}$")


def split_sentences(text: str) -> list[str]:
    """Split an answer into sentences, losslessly (``"".join`` gives the text back).

    >>> split_sentences("由区发展和改革局牵头。[第21项]\\n装机达到75万千瓦以上[第21项]。")
    ['由区发展和改革局牵头。[第21项]\\n', '装机达到75万千瓦以上[第21项]。']
    """
    pieces, pos = [], 0
    while pos < len(text):
        m = _PIECE.match(text, pos)
        end = m.end() if m and m.end() > pos else len(text)
        pieces.append(text[pos:end])
        pos = end
    # a piece of whitespace only (leading blank lines) joins the next one
    out: list[str] = []
    carry = ""
    for p in pieces:
        if not p.strip():
            carry += p
            continue
        out.append(carry + p)
        carry = ""
    if carry:
        if out:
            out[-1] += carry
        else:
            out.append(carry)
    return out


def complete_sentences(buffer: str) -> tuple[list[str], str]:
    """For streaming: the sentences of ``buffer`` that more text cannot change, and the rest.

    A sentence is complete once something other than whitespace follows it, unless
    that is an unclosed bracket (a citation still arriving, ``…。[第2``).

    >>> complete_sentences("装机75万千瓦以上。[第2")
    ([], '装机75万千瓦以上。[第2')
    >>> complete_sentences("装机75万千瓦以上。[第21项]由区发展")
    (['装机75万千瓦以上。[第21项]'], '由区发展')
    """
    pieces = split_sentences(buffer)
    done: list[str] = []
    for i, piece in enumerate(pieces[:-1]):
        rest = "".join(pieces[i + 1:])
        if _PENDING_BRACKET.match(rest.lstrip(" \t\u3000")):
            break
        done.append(piece)
    return done, buffer[sum(map(len, done)):]


# ---- what a sentence says ---------------------------------------------------------------

_CN = "零〇一二两三四五六七八九十百千"
_NUM = rf"(?:\d+(?:,\d{{3}})*(?:\.\d+)?|[{_CN}]+)"
_TASK_REF = lazy_compile(rf"第\s*({_NUM})\s*项")
_DOC_ID = lazy_compile(r"[\u4e00-\u9fff]{1,8}[〔\[［(（]\d{4}[〕\]］)）]\d+号")
_CITATION = lazy_compile(rf"[{_OPEN}]([^{_CLOSE}\n]{{0,60}})[{_CLOSE}]")
_CITATION_NUMBER = lazy_compile(rf"(?:task|Task|TASK)?\s*({_NUM})")
_ORDINAL = lazy_compile(rf"第\s*{_NUM}\s*(?:项|条|部分|章|节|批次|批|季度|个)")

# Measure words, longest first so 千瓦 wins over 千 and 平方米 over 米.
_MEASURES = longest_first("个 家 户 人 名 亩 % 平方米 平方公里 立方米 米 吨 千瓦 兆瓦 瓦 千瓦时 元 所 处 批 项 座 公里 千米 尾 头 "
                          "次 场 台 套 条 间 栋 倍 批次 人次 辆 株 只 件 期 篇 门 类 支 床 张 天 小时 年 月".split())
_SAME_MEASURE = {"名": "人", "千米": "公里"}
_BEFORE = r"(?:不少于|不低于|至少|超过|多于|逾|不超过|不高于|不多于|最多|约|近)?"
_AFTER = r"(?:以上|以下|以内|左右)?"
_FIGURE = lazy_compile(
    rf"({_BEFORE})\s*(?:百分之\s*({_NUM})|({_NUM})\s*(余|多)?(万|亿)?\s*({'|'.join(map(re.escape, _MEASURES))}))({_AFTER})"
)
_BOUND = {"不少于": "min", "不低于": "min", "至少": "min", "超过": "min", "多于": "min", "逾": "min", "以上": "min",
          "不超过": "max", "不高于": "max", "不多于": "max", "最多": "max", "以下": "max",
          "以内": "max", "约": "approx", "近": "approx", "左右": "approx"}
_INSTRUCTION = lazy_compile(
    r"忽略.{0,10}(?:指令|指示|提示|规则|要求|设定|命令)|(?:系统|角色)(?:提示|设定|指令)|提示词|"
    r"ignore\s+(?:all\s+|any\s+)?(?:the\s+)?(?:previous|above|prior|earlier|preceding)?\s*instructions|"
    r"system\s+prompt|<<<|>>>",
    re.IGNORECASE,
)
_LEAD_IN = lazy_compile(r"[：:]\s*$")


@dataclass(frozen=True)
class Figure:
    """A number with its measure, as written and as compared (value in base units)."""

    surface: str
    value: float
    measure: str
    bound: str  # "min" (以上, 不少于), "max" (以下, 以内), "approx" (约, 左右) or ""


def _number(s: str) -> float | None:
    s = s.replace(",", "").strip()
    if re.fullmatch(r"\d+(?:\.\d+)?", s):
        return float(s)
    n = cn_to_int(s)
    return float(n) if n is not None else None


def figures(text: str) -> list[Figure]:
    """The figures of a text; ordinals (第26项) and citations are not figures.

    >>> [(f.value, f.measure, f.bound) for f in figures("装机达到75万千瓦以上，改造老旧小区11个，占比50％，10余万人。[第21项]")]
    [(750000.0, '千瓦', 'min'), (11.0, '个', ''), (50.0, '%', ''), (100000.0, '人', 'min')]
    """
    text = _ORDINAL.sub(" ", _CITATION.sub(" ", norm_figures(text)))
    out = []
    for m in _FIGURE.finditer(text):
        before, percent, num, more, mult, measure, after = m.groups()
        value = _number(percent or num)
        if value is None:
            continue
        if not percent and not re.match(r"\d", num) and value < 2:
            continue  # 一个, 一批: a Chinese "one" is mostly an article, not a figure
        if measure == "年" and not (1900 <= value <= 2100 and not mult):
            if not re.match(r"\d", num):
                continue  # 三年行动: a duration in words, not a date
        value *= {"万": 1e4, "亿": 1e8}.get(mult or "", 1.0)
        measure = "%" if percent else _SAME_MEASURE.get(measure, measure)
        bound = _BOUND.get(after or "", "") or _BOUND.get(before or "", "") or ("min" if more else "")
        out.append(Figure(m.group(0).strip(), value, measure, bound))
    return out


def target_clauses(text: str) -> list[str]:
    """The clauses of a task's text that set a figure (a quantity, a share, an amount), as written.

    >>> target_clauses("推进城市更新。改造老旧小区11个，惠及居民2000户；2023年底前完成。")
    ['改造老旧小区11个，惠及居民2000户']
    """
    out = []
    for clause in re.split(r"(?<=[。；;！？])|\n", text):
        clause = clause.strip().rstrip("。；;")
        if clause and any(f.measure != "年" for f in figures(clause)):
            out.append(clause)
    return out


def norm_figures(text: str) -> str:
    """Full-width digits and signs folded (５０％ → 50%), other text unchanged."""
    return text.translate(_FOLD)


_FOLD = str.maketrans({chr(0xFF10 + i): str(i) for i in range(10)} | {"％": "%", "．": "."})


def _supported(fig: Figure, source: list[Figure], raw_source: str) -> bool:
    if fig.measure in ("年", "月") and fig.value == int(fig.value):
        # dates: 2023年 is supported by 〔2023〕 in a 文号 as well
        return re.search(rf"(?<!\d){int(fig.value)}(?!\d)", raw_source) is not None and (
            fig.measure == "年" or re.search(rf"(?<!\d){int(fig.value)}\s*月", raw_source) is not None)
    for s in source:
        if s.measure == fig.measure and abs(s.value - fig.value) <= 1e-9 * max(1.0, abs(s.value)):
            if not fig.bound or fig.bound == s.bound:
                return True
    return False


# ---- verdicts -----------------------------------------------------------------------------

ISSUE_KINDS = ("unknown_task", "foreign_unit", "unsupported_figure", "instruction", "uncited")


@dataclass(frozen=True)
class Issue:
    """One reason a sentence cannot be shown as verified."""

    kind: str  # one of ISSUE_KINDS
    detail: str  # the offending text: "第99项", "区财政局", "100个"
    message: str  # one line for the user, in Chinese

    @property
    def fatal(self) -> bool:
        """True for a wrong claim; False for a missing citation."""
        return self.kind != "uncited"


@dataclass(frozen=True)
class SentenceVerdict:
    """One sentence of the answer and what checking it found.

    ``status`` is ``"verified"`` (cited, every check passed), ``"neutral"`` (a
    lead-in that states nothing), ``"unverified"`` (no citation, nothing wrong
    found) or ``"failed"`` (a wrong task, unit, figure or obeyed instruction).
    """

    text: str
    cited: tuple[str, ...]  # ids (doc#number) of the retrieved tasks it cites
    issues: tuple[Issue, ...]
    neutral: bool = False

    @property
    def ok(self) -> bool:
        return not self.issues

    @property
    def status(self) -> str:
        if any(i.fatal for i in self.issues):
            return "failed"
        if self.issues:
            return "unverified"
        return "neutral" if self.neutral else "verified"

    def to_dict(self) -> dict:
        return {"text": self.text.strip(), "status": self.status, "cited": list(self.cited),
                "issues": [{"kind": i.kind, "detail": i.detail, "message": i.message} for i in self.issues]}


@dataclass(frozen=True)
class Verification:
    """Verdicts for every sentence of one answer, in order."""

    sentences: tuple[SentenceVerdict, ...]

    @property
    def ok(self) -> bool:
        return bool(self.sentences) and all(v.ok for v in self.sentences)

    def count(self, status: str) -> int:
        return sum(1 for v in self.sentences if v.status == status)

    @property
    def issues(self) -> tuple[Issue, ...]:
        return tuple(i for v in self.sentences for i in v.issues)


def _cited_numbers(inner: str) -> tuple[str, list[int]]:
    """The 文号 (or "") and task numbers inside one citation bracket."""
    doc = _DOC_ID.search(inner)
    rest = inner.replace(doc.group(0), " ") if doc else inner
    if "项" not in rest and not re.search(r"task", rest, re.IGNORECASE):
        return "", []
    nums = [_number(m.group(1)) for m in _CITATION_NUMBER.finditer(rest.replace("第", " ").replace("项", " "))
            if m.group(1).strip()]
    return (doc.group(0) if doc else ""), [int(n) for n in nums if n is not None]


def _resolve(doc: str, number: int, tasks: Sequence[Task]) -> list[Task]:
    return [t for t in tasks if t.number == number and (not doc or norm(t.doc_id) == norm(doc))]


def verify_sentence(sentence: str, tasks: Sequence[Task], units: UnitDirectory) -> SentenceVerdict:
    """Check one sentence against the retrieved ``tasks``."""
    issues: list[Issue] = []
    cited: list[Task] = []
    has_citation = False
    for m in _CITATION.finditer(sentence):
        doc, numbers = _cited_numbers(m.group(1))
        for n in numbers:
            has_citation = True
            found = _resolve(doc, n, tasks)
            if not found:
                issues.append(Issue("unknown_task", f"第{n}项", f"引用了检索结果之外的第{n}项"))
            cited += found
    body = _CITATION.sub(" ", sentence)
    named: list[Task] = []  # tasks named in the prose (第26项由…) also ground what the sentence says
    for m in _TASK_REF.finditer(body):
        n = _number(m.group(1))
        found = _resolve("", int(n), tasks) if n is not None else []
        if not found:
            issues.append(Issue("unknown_task", m.group(0), f"提到了检索结果之外的{m.group(0)}"))
        named += found
    grounds = list(dict.fromkeys(cited + named))
    if _INSTRUCTION.search(sentence):
        issues.append(Issue("instruction", _INSTRUCTION.search(sentence).group(0),
                            "含有关于指令或提示的内容"))
    own_units = {u for t in grounds for u in t.unit_names}
    ground_text = norm(" ".join(f"{t.title} {t.text} {t.units_text}" for t in grounds))
    mentions = units.find_in(body)
    for u in mentions:
        if u.name not in own_units and norm(u.surface) not in ground_text and norm(u.name) not in ground_text:
            where = "、".join(f"第{t.number}项" for t in grounds) or "所引任务"
            issues.append(Issue("foreign_unit", u.surface, f"“{u.surface}”不是{where}的牵头或责任单位"))
    figs = figures(body)
    if figs:
        raw = " ".join(f"{t.doc_id} {t.title} {t.text}" for t in grounds)
        source = figures(raw)
        for f in figs:
            if not _supported(f, source, norm_figures(raw)):
                where = "、".join(f"第{t.number}项" for t in grounds) or "任何所引任务"
                issues.append(Issue("unsupported_figure", f.surface, f"数字“{f.surface}”不见于{where}原文"))
    neutral = False
    if not has_citation:
        if _LEAD_IN.search(sentence) and not figs and not mentions and not named and not issues:
            neutral = True
        else:
            issues.append(Issue("uncited", "", "未注明依据的任务编号"))
    return SentenceVerdict(sentence, tuple(t.id for t in dict.fromkeys(cited)), tuple(issues), neutral)


def verify(text: str, tasks: Sequence[Task], units: UnitDirectory) -> Verification:
    """Check every sentence of a generated answer against the retrieved ``tasks``.

    >>> from rag.types import Role, UnitRole
    >>> t = Task("D", 21, 21, 1, "", "大力发展可再生能源。", "发电装机达到75万千瓦以上。", (UnitRole("区发展和改革局", Role.LEAD),), "", 1)
    >>> v = verify("装机达到75万千瓦以上[第21项]。由区发展和改革局牵头[第21项]。", [t], UnitDirectory([t]))
    >>> [s.status for s in v.sentences]
    ['verified', 'verified']
    >>> verify("装机达到90万千瓦[第22项]。", [t], UnitDirectory([t])).issues[0].kind
    'unknown_task'
    """
    return Verification(tuple(verify_sentence(s, tasks, units) for s in split_sentences(text) if s.strip()))


UNCITED_MARK = "（未注明依据）"


def display_piece(verdict: SentenceVerdict) -> str:
    """What of a sentence may be shown: itself, itself marked as unverified, or nothing."""
    if verdict.status == "failed":
        return ""
    if verdict.status == "unverified":
        body = verdict.text.rstrip()
        return body + UNCITED_MARK + verdict.text[len(body):]
    return verdict.text
