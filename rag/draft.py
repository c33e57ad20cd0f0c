"""Cite and check a whole draft: each sentence gets the task it refers to, and what contradicts the task is flagged.

A draft sentence is a statement, read with the same reader as a question (:mod:`rag.understand`):
its topic words decide the task it refers to — or none, for framing sentences — by the same evidence
the executor uses (the rarity-weighted share of its words a task holds, and similarity). Then it is
held against that task:

- ``figure``: a figure of a measure the task also states (15万平方米 against 17万平方米), compared by
  value and bound, as :mod:`rag.verify` compares them; a progress figure below the target (已完成620户)
  and a figure of a measure the task never states are notes, not problems;
- ``unit``: a unit said to do the task that the task does not name;
- ``role``: a unit called 牵头 where the notice makes it 责任单位 or 按职责分工负责, or the reverse;
- ``deadline``: a year or deadline the task's own time frame contradicts;
- ``number``: a task number the sentence cites (见第35条) where its words clearly belong to another task —
  then the sentence is checked against the task its words belong to.

Every flag quotes the notice's own words.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Literal

from .clauses import has_label, read_clause
from .errors import QuestionError
from .lazy_regex import lazy_compile
from .query import TaskFilter
from .text import norm
from .types import Citation, Role, Task
from .verify import Figure, figures

MAX_DRAFT_CHARS = 50_000
IssueKind = Literal["figure", "unit", "role", "deadline", "number"]
ISSUE_NAMES: dict[str, str] = {"figure": "数字", "unit": "单位", "role": "角色", "deadline": "时限", "number": "项号"}
_SENTENCE = lazy_compile(r"[^。！？!?\n]+[。！？!?]?")
_PROGRESS = lazy_compile(r"(已经?|累计|目前|截至|截止|现已|已完成|完成了|共完成)[^，。；]{0,8}$")
_LEAD_WORDS = lazy_compile(r"^(?:[^，。；]{0,3})(牵头|主责|负责牵头|挂帅)")
_SUPPORT_WORDS = lazy_compile(r"^.?(配合|协助)")
_LEAD_BEFORE = lazy_compile(r"(由|牵头单位为?|牵头单位是)\s*$")
_YEAR = lazy_compile(r"(?<![\d〔\[])(20\d\d)\s*年")
_THIS_YEAR = lazy_compile(r"年内|年底|年末|今年|全年|本年度")


@dataclass(frozen=True)
class DraftIssue:
    """Something a sentence says that the notice contradicts, with the notice's own words."""

    kind: IssueKind
    says: str
    notice_says: str
    task: int
    label: str

    def to_dict(self) -> dict:
        return asdict(self)

    def remark(self) -> str:
        """The problem in one line, in the notice's words: [单位] 草稿写“…”，通知第12项写“…”."""
        if self.kind == "number":
            return f"[{ISSUE_NAMES[self.kind]}] 草稿写“{self.says}”，这句话的内容是通知{self.label}「{self.notice_says}」"
        return f"[{ISSUE_NAMES[self.kind]}] 草稿写“{self.says}”，通知{self.label}写“{self.notice_says}”"


@dataclass(frozen=True)
class SentenceCheck:
    """One sentence of a draft: the tasks it refers to, problems, and notes (not in the notice)."""

    n: int
    sentence: str
    citations: tuple[Citation, ...] = ()
    issues: tuple[DraftIssue, ...] = ()
    notes: tuple[str, ...] = field(default=())

    def to_dict(self) -> dict:
        return {"n": self.n, "sentence": self.sentence, "citations": [c.to_dict() for c in self.citations],
                "issues": [i.to_dict() for i in self.issues], "notes": list(self.notes)}


def split_sentences(text: str) -> list[str]:
    """The draft's sentences in order, each with its end mark (lines end sentences too).

    >>> split_sentences("今年以来，我区稳中求进。\\n全年改造老旧小区15万平方米！其他")
    ['今年以来，我区稳中求进。', '全年改造老旧小区15万平方米！', '其他']
    """
    return [m.group(0).strip() for m in _SENTENCE.finditer(text) if m.group(0).strip()]


class DraftChecker:
    """Checks drafts against one loaded corpus (built by the Assistant from its answerer)."""

    ATTRIBUTE_COVER = 0.4  # share of a sentence's topic weight the task must hold
    MARGIN = 0.3  # how far ahead of the runner-up (fused score, 0–1) the task must be
    SECOND_SCORE = 0.6  # a second task: its fused score …
    SECOND_COVER = 0.55  # … and the share of the sentence's topic weight it holds

    def __init__(self, answerer):
        self.reader, self.executor, self.lex = answerer.reader, answerer.executor, answerer.lexicon
        self.retriever = answerer.retriever
        self.tasks = answerer.index.tasks
        self.many = len(self.lex.notices) > 1
        years = [int(y) for n in self.lex.notices for y in re.findall(r"(20\d\d)", n.title + n.date + n.doc_id)]
        self.notice_year = max(set(years), key=years.count) if years else None

    def check(self, text: str) -> list[SentenceCheck]:
        """Every sentence of the draft, in order.

        Raises:
            QuestionError: the draft is empty or longer than MAX_DRAFT_CHARS.
        """
        if not isinstance(text, str) or not text.strip():
            raise QuestionError("草稿是空的：请粘贴或上传要核对的文字")
        if len(text) > MAX_DRAFT_CHARS:
            raise QuestionError(f"草稿有 {len(text)} 个字符，超过上限 {MAX_DRAFT_CHARS}；请分段核对")
        return [self.check_sentence(k, s) for k, s in enumerate(split_sentences(text), start=1)]

    # ---- one sentence -------------------------------------------------------------------------
    def check_sentence(self, n: int, sentence: str) -> SentenceCheck:
        tasks, cited = self._attribution(sentence)
        if not tasks:
            return SentenceCheck(n, sentence)
        issues: list[DraftIssue] = []
        notes: list[str] = []
        if cited and tasks[0].number not in cited:  # 新增绿色建筑17万平方米（见第35条）: the words are task 34's
            said = re.search(rf"第\s*{cited[0]}\s*[项条]|(?<!\d){cited[0]}\s*[项条]", sentence)
            issues.append(DraftIssue("number", said.group(0) if said else f"第{cited[0]}项", tasks[0].title,
                                     tasks[0].number, tasks[0].label))
        for task in tasks[:1]:  # problems are checked against the task the sentence is mainly about
            issues += self._units(sentence, task)
            found, unknown = self._figures(sentence, task, tasks)
            issues += found
            notes += [f"“{f}”通知中未提及" for f in unknown]
            issues += self._deadline(sentence, task)
        return SentenceCheck(n, sentence, tuple(Citation.of(t) for t in tasks), tuple(issues), tuple(notes))

    def attribute(self, sentence: str) -> list[Task]:
        """The task(s) a sentence is about, or [] for a framing sentence."""
        return self._attribution(sentence)[0]

    def _attribution(self, sentence: str) -> tuple[list[Task], tuple[int, ...]]:
        """The task(s) a sentence is about, and the task numbers it cites itself. A cited number decides, unless
        the sentence's words clearly belong to one other task (a number miscopied into a draft)."""
        try:
            query = self.reader.read(sentence[:2000])
        except QuestionError:
            return [], ()
        numbered = [f for f in query.filters if isinstance(f, TaskFilter)]
        by_words = self._by_words(query)
        if numbered:
            cited = [t for t in self.tasks if t.number in numbered[0].numbers][:2]
            if by_words and cited and by_words[0] not in cited:
                return by_words, numbered[0].numbers
            return cited, numbered[0].numbers
        return by_words, ()

    def _by_words(self, query) -> list[Task]:
        """The task(s) a sentence's words point at clearly, or []."""
        if not query.topic or not query.topic.terms:
            return []
        ranking = self.retriever.rank(self.executor._search_text(query), tokens=self.executor._tokens(query))
        if not ranking.fused:
            return []
        fused = ranking.fused[:6]
        best, best_score = fused[0]
        second_score = fused[1][1] if len(fused) > 1 else 0.0
        cover, found = self.executor.cover(query, self.executor.texts[best])
        informative = any(self.executor.idf(t) >= 1.0 for t in found)
        dense = ranking.dense.get(best, 0.0)
        # a sentence about a task points at it clearly: ahead of the runner-up, close to it, holding its words;
        # a framing sentence (今年以来，我区坚持稳中求进) sits about as near to several tasks
        clear = best_score - second_score >= self.MARGIN
        if not (clear and dense >= self.executor.calibration.dense_floor
                and (informative and cover >= self.ATTRIBUTE_COVER or dense >= self.executor.calibration.dense_sure)):
            return []
        out = [self.tasks[best]]
        best_terms = set(found)
        for row, score in fused[1:3]:  # a sentence about two tasks is close to both and names the second's own words
            c, f = self.executor.cover(query, self.executor.texts[row])
            own = set(f) - best_terms
            if score >= self.SECOND_SCORE and c >= self.SECOND_COVER and any(self.executor.idf(t) >= 1.5 for t in own):
                out.append(self.tasks[row])
                break
        return out

    # ---- checks ------------------------------------------------------------------------------
    def _units(self, sentence: str, task: Task) -> list[DraftIssue]:
        out = []
        text = norm(sentence)
        task_text = norm(task.text)
        for m in self.lex.units.find_in(sentence):
            start, end = m.start, m.start + len(norm(m.surface))
            after, before = text[end:end + 8], text[max(0, start - 6):start]
            claims_lead = bool(_LEAD_WORDS.match(after) or _LEAD_BEFORE.search(before))
            claims_support = bool(_SUPPORT_WORDS.match(after))
            actual = task.role_of(m.name)
            if actual is None and norm(m.name) not in task_text and norm(m.surface) not in task_text:
                out.append(DraftIssue("unit", m.surface, task.units_phrase() or "（未写明单位）", task.number, task.label))
            elif claims_lead and actual in (Role.RESPONSIBLE, Role.SHARED):
                said = f"{m.name}按职责分工负责" if actual is Role.SHARED else f"责任单位：{m.name}"
                out.append(DraftIssue("role", f"{m.surface}牵头", said, task.number, task.label))
            elif claims_support and actual is Role.LEAD:
                out.append(DraftIssue("role", f"{m.surface}配合", f"牵头单位：{'、'.join(task.lead_units)}", task.number,
                                      task.label))
        out += self._omitted(sentence, task, out)
        roles = [i for i in out if i.kind == "role"]
        if len(roles) > 1:  # roles swapped between units of one task: one problem, in the notice's words
            merged = DraftIssue("role", "；".join(i.says for i in roles), task.units_phrase(), task.number, task.label)
            out = [i for i in out if i.kind != "role"] + [merged]
        return out

    def _omitted(self, sentence: str, task: Task, found: list[DraftIssue]) -> list[DraftIssue]:
        """A label's list that leaves out units the task gives that role (（…第86项，牵头单位：区金融服务中心） where
        the notice has two), read as the parser reads a clause: a citation's list says who they all are — unless it
        ends with 等, or one of its units is already flagged (then the list is wrong, not short)."""
        out = []
        flagged = {i.says for i in found}
        for inner in re.findall(r"[（(]([^（）()]*)[）)]", sentence):
            reading = read_clause(inner) if has_label(inner) else None
            if reading is None or reading.and_others:
                continue
            for role in (Role.LEAD, Role.RESPONSIBLE):
                said = [u for u in reading.units if u.label and u.role is role]
                given = [u.name for u in task.units if u.role is role]
                written = {self.lex.units.resolve(u.name) or u.name for u in said}
                if said and given and not set(given) <= written and not any(u.name in flagged for u in said):
                    label = said[0].label
                    out.append(DraftIssue("unit", f"{label}：{'、'.join(u.name for u in said)}",
                                          f"{label}：{'、'.join(given)}", task.number, task.label))
        return out

    def _figures(self, sentence: str, task: Task, tasks: list[Task]) -> tuple[list[DraftIssue], list[str]]:
        issues, unknown = [], []
        source = f"{task.text}（{task.units_text}）" if task.units_text else task.text
        stated = [f for f in figures(source) if f.measure not in ("年", "月")]
        also = [f for t in tasks[1:] for f in figures(t.text)]
        for fig in figures(sentence):
            if fig.measure in ("年", "月"):
                continue
            same = [f for f in stated if f.measure == fig.measure]
            equal = [f for f in same + [f for f in also if f.measure == fig.measure] if _equal(f, fig)]
            if equal and not (same and _said_of_another(sentence, fig, same, equal, source)):
                continue
            if not same:
                unknown.append(fig.surface)
                continue
            k = norm(sentence).find(norm(fig.surface)) if fig.surface else -1
            if k > 0 and _PROGRESS.search(norm(sentence)[:k]) and all(fig.value < f.value for f in same):
                unknown.append(fig.surface)  # progress so far (已完成620户), not the target restated
                continue
            issues.append(DraftIssue("figure", fig.surface, _closest(sentence, fig, same, source), task.number, task.label))
        return issues, unknown

    def _deadline(self, sentence: str, task: Task) -> list[DraftIssue]:
        said = {int(y) for y in _YEAR.findall(norm(sentence))}
        if not said or self.notice_year is None:
            return []
        source = f"{task.text}（{task.units_text}）" if task.units_text else task.text
        task_years = {int(y) for y in _YEAR.findall(norm(source))}
        frame = set(task_years)
        if _THIS_YEAR.search(source) or not task_years:
            frame.add(self.notice_year)
        wrong = sorted(y for y in said if y not in frame and y != self.notice_year)
        if not wrong or not (task_years or _THIS_YEAR.search(source)):
            return []
        m = re.search(r"20\d\d\s*年[^，。；]{0,6}|年内|年底|年末", source)
        says = re.search(rf"{wrong[0]}\s*年[^，。；]{{0,6}}", sentence)
        return [DraftIssue("deadline", says.group(0) if says else f"{wrong[0]}年", m.group(0) if m else str(self.notice_year),
                           task.number, task.label)]


def _equal(a: Figure, b: Figure) -> bool:
    return abs(a.value - b.value) <= 1e-9 * max(1.0, abs(a.value))


def _closest(sentence: str, fig: Figure, candidates: list[Figure], source: str) -> str:
    """The task's figure of the same measure whose surrounding words the sentence shares most."""
    return max(candidates, key=lambda f: _overlap(sentence, fig, f, source)).surface


def _said_of_another(sentence: str, fig: Figure, same: list[Figure], equal: list[Figure], source: str) -> bool:
    """Whether a figure the task also states (95%) is said of something else in the sentence than in the task: the
    task's figure whose words the sentence shares most differs (个案规范管理率达到95% against 个案规范管理率目标值为
    90%, when the task's 95% is 适龄儿童全程接种率's)."""
    score = {id(f): _overlap(sentence, fig, f, source) for f in [*same, *equal]}
    best = max(same, key=lambda f: score[id(f)])
    return not _equal(best, fig) and score[id(best)] > max(score[id(f)] for f in equal)


def _overlap(sentence: str, fig: Figure, candidate: Figure, source: str) -> int:
    """How many character pairs the words before a figure of the sentence and those before one of the task share."""
    s = norm(sentence)
    k = s.find(norm(fig.surface))
    context = s[max(0, k - 10):k]
    grams = {context[i:i + 2] for i in range(len(context) - 1)}
    text, said = norm(source), norm(candidate.surface)
    # (the task may write the figure more than once — 90%以上 of two rates: the place whose words match best)
    return max((sum(1 for g in grams if g in text[max(0, m.start() - 12):m.start()])
                for m in re.finditer(re.escape(said), text)), default=0)


def with_citations(checks: list[SentenceCheck]) -> str:
    """The draft with each attributed sentence followed by its draft citation(s)."""
    parts = []
    for c in checks:
        parts.append(c.sentence + "".join(x.citation for x in c.citations))
    return "".join(parts)


def problems(checks: list[SentenceCheck]) -> list[str]:
    """One line per problem and note, numbered by sentence."""
    out = []
    for c in checks:
        for i in c.issues:
            out.append(f"第{c.n}句 {i.remark()}")
        for note in c.notes:
            out.append(f"第{c.n}句 [提示] {note}")
    return out



def to_docx(checks: list[SentenceCheck], title: str = "草稿核对") -> bytes:
    """The draft as a Word document: citations inserted after their sentences, each problem a comment
    on its sentence (python-docx)."""
    import io

    import docx

    document = docx.Document()
    document.add_heading(title, level=1)
    paragraph = document.add_paragraph()
    for c in checks:
        run = paragraph.add_run(c.sentence)
        for x in c.citations:
            paragraph.add_run(x.citation)
        remarks = [i.remark() for i in c.issues]
        remarks += [f"[提示] {n}" for n in c.notes]
        if remarks:
            document.add_comment(run, text="\n".join(remarks), author="policyqa", initials="PQ")
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()
