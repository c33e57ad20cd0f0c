"""Query → Result: filters ∩ topic match → aggregate, over the loaded records.

One function evaluates every filter (:func:`apply_filters`). A topic is matched as a set
decision per task, from evidence: the topic's terms found in the task, and the dense
similarity of the question to the task above a threshold calibrated for the embedder when
the index was built (``manifest.json`` → ``calibration``). "Not in the notice" is decided
on evidence too: a content word no notice contains, a figure of a kind the task does not
state, or neither terms nor similarity pointing at any task.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from functools import cache, cached_property

import numpy as np

from . import vocab
from .clauses import is_generic
from .lazy_regex import lazy_compile
from .marks import mark
from .lexicon import Lexicon
from .query import (
    BOTH_SIDES,
    Ask,
    DocFilter,
    HeadingFilter,
    Match,
    OthersFilter,
    PredicateFilter,
    Query,
    Result,
    RowsFilter,
    SectionFilter,
    TaskFilter,
    Topic,
    in_path,
    scope_roles,
)
from .retrieve import HybridRetriever, Ranking
from .store import Calibration, LoadedIndex
from .task_texts import TaskTexts
from .text import alternation, norm, sentences
from .types import Role, Task

MAX_NOTICES_UNNAMED = 3  # a list or number that names no notice is answered from the best-fitting few
RELATED = 4
TOPIC_COVER = 0.75  # share of a topic's term weight (IDF) a task must hold to join a topic list
TOPIC_COVER_DENSE = 0.4
TOPIC_SALIENCE = 0.4  # … and score at least this share of the best BM25 score for the topic  # … or this share, with the question as close to the task as dense_list
VERBATIM_RUN = 12  # characters of a question a task's text holds as they are: a phrase pasted from it
FIGURE_NEAR = 12  # characters after a thing within which a figure is its own (能繁母猪保持在0.44万头)
FIGURE_COVER = 0.5  # share of the topic's term weight the sentence stating an asked figure must hold
PASSAGE_COVER = 0.999  # … and a sentence outside the tasks: all of it
PRESENCE_CACHE = 512  # terms whose rows-containing-them bitmap an Executor keeps (12.5 KB each at 100k tasks)
SPECIFIC_SHARE = 0.02  # a word found in at most this share of the tasks (or in one) is specific to them
INFORMATIVE_IDF = 1.0  # a term in more than about a third of the tasks says little about which one is meant


@dataclass(frozen=True)
class FigureKind:
    name: str
    pattern: re.Pattern[str]
    objects: tuple[str, ...] = ()  # words naming what the figure is of (补贴, 预算): the sentence must say which


MAX_BARE_OTHERS = 9  # a keyword's other tasks shown after its best one


def _acts_on(word: str, asked: str) -> bool:
    """Whether ``word``, written right before a kind, is a verb the question says of the thing asked (优化增殖放流品种
    of 增殖放流的鱼苗是哪些品种: the kind of what is released, no name of one)."""
    from .understand import plain_verb

    return word in asked and plain_verb(word)


def _names_tasks(query: Query) -> bool:
    """Whether the question names its tasks itself: by number, or by their place (它前后两条)."""
    return query.has(TaskFilter) or query.step == BOTH_SIDES


def figure_kinds() -> dict[str, FigureKind]:
    """Figure kinds from ``data/figure_kinds.tsv``: what a task's text must contain to state one."""
    return _FIGURES.kinds


# a time set by an event (待市级出台实施方案后) or a time limit (结束后10日内签订, 30个工作日内办结)
_TIME_LIMIT = r"待[^。；，,]{2,24}?后|\d+\s*个?\s*(?:工作)?(?:日|天|周|月)\s*(?:以内|之内|内)"


class _Figures:
    @cached_property
    def kinds(self) -> dict[str, FigureKind]:
        out = {}
        # a number in digits, or in Chinese numerals of two characters or more or from 两 up (三年, 十二个月, 两批;
        # not the 一 of 一个 / 一批, which names no amount)
        # (第三批 is an ordinal, not an amount)
        number = r"(?<!第)(?:\d+(?:\.\d+)?|[两二三四五六七八九十][两二三四五六七八九十百千万]*|一[十百千万][一二三四五六七八九十百千万]*)\s*"
        for row in vocab.rows("figure_kinds.tsv"):
            kind, measures = row[0], (row[2].split() if len(row) > 2 else [])
            if kind == "date":
                # … or a time set by an event (待市级出台实施方案后: once the city has issued its plan), or this year
                # … or a time limit (结束后10日内签订, 30个工作日内办结)
                pattern = re.compile(r"\d{4}\s*年|\d{1,2}\s*月|年底|年内|月底|季度|上半年|下半年|前完成|时间节点"
                                     rf"|今年|本年度|当年|{_TIME_LIMIT}")
            elif kind == "frequency":  # 每季度调度一次, 每月通报, 一年两次
                pattern = re.compile(r"每(?:个)?(?:年|半年|季度?|月|旬|周|星期|天|日)|[一二两三四五六七八九十\d]+\s*次\s*/"
                                     r"|(?:一|每)?(?:年|季度?|月|周)[^。；，,]{0,6}?[一二两三四五六七八九十\d]+次")
            elif kind == "percent":
                pattern = re.compile(rf"{number}[%％]|百分之|{_FRACTION}")
            else:
                pattern = _measure_pattern(number, measures, fractions=False)
            out[kind] = FigureKind(kind, pattern, tuple(row[3].split()) if len(row) > 3 else ())
        every = [m for row in vocab.rows("figure_kinds.tsv") if len(row) > 2 for m in row[2].split() if m != "*"]
        for kind, row in ((r[0], r) for r in vocab.rows("figure_kinds.tsv")):
            if len(row) > 2 and "*" in row[2].split():
                out[kind] = FigureKind(kind, _measure_pattern(number, every))
        return out


_FIGURES = _Figures()

# a date to the month or finer: a month or a day, a quarter or a half, the year's end, a time limit, a time set
# by an event — not a year alone (今年, 2023年, 年内)
_MONTH = lazy_compile(r"\d{1,2}\s*月|[一二三四五六七八九十]{1,3}月|年底|年末|月底|月末|季度|上半年|下半年|\d{1,2}\s*日"
                      rf"|{_TIME_LIMIT}")


def stating_pattern(query: Query, kind: FigureKind) -> re.Pattern[str]:
    """What a sentence must hold to state the figure asked: a date asked to the month or the day (几月底前完成,
    哪一天) is not stated by a year alone (今年计划完成850户…)."""
    if kind.name == "date" and any(w in norm(query.question) for w in _month_words()):
        return _MONTH
    return kind.pattern


@cache
def _month_words() -> tuple[str, ...]:
    """Words asking a date to the month or the day (``month`` of ``data/question_words.tsv``), normalised."""
    return tuple(norm(w.replace("_", " ")) for w in vocab.grouped("question_words.tsv").get("month", ()))


def _measure_pattern(number: str, measures: list[str], fractions: bool = True) -> re.Pattern[str]:
    """A number with one of the measure words; with ``fractions`` (any figure asked), fractions (三分之一, 1/3,
    一半) count too — an amount of money or a length needs its measure word."""
    units = alternation(measures)
    return re.compile(rf"{number}(?:万|亿|千|百)?(?:{units})" + (f"|{_FRACTION}" if fractions else ""), re.IGNORECASE)


_FRACTION = r"[一二三四五六七八九十\d]+分之[一二三四五六七八九十\d]+|\d+/\d+|一半|半数|过半"


_QUOTED = lazy_compile(r"[《“「『\"]([^《》“”「」『』\"]+)[》”」』\"]")


def _asked_kind(query: Query) -> FigureKind | None:
    """The kind of figure a query asks for, when it asks a figure or a date of a task."""
    return figure_kinds().get(query.figure_kind or "") if query.field in ("figure", "deadline") else None


def _bare(title: str) -> str:
    """A title for matching: normalised, without quotation marks and a closing full stop."""
    return re.sub(r"[《》“”「」『』\"]", "", norm(title)).rstrip("。.")


_MEASURE_ASKED = lazy_compile(r"([\u4e00-\u9fff]{2})(?:是|要|需要|能|有|达到|为)?(?:多少|几)([^\W\d])")


# a quantity asked right after a word (存栏保持在多少, 产量是多少): the word names that quantity
_QUANTITY_AFTER = lazy_compile(r"(?:要|应|需)?(?:保持在|稳定在|达到|控制在|是|有|为|在)?多少")


class Executor:
    """Runs queries over one loaded index; safe to share between threads."""

    def __init__(self, index: LoadedIndex, retriever: HybridRetriever, lexicon: Lexicon):
        self.index, self.retriever, self.lex = index, retriever, lexicon
        self.tasks = index.tasks
        self.calibration: Calibration = index.manifest.calibration_values()
        self._idf: dict[str, float] = {}
        self._presence: dict[str, np.ndarray] = {}  # term → which tasks' texts hold it (packed bits), bounded

    @property
    def texts(self) -> TaskTexts:
        """Each task's normalised text (section, title, body, units), for term evidence: ``texts[row]``."""
        return self.lex.task_texts

    @cached_property
    def _titles(self) -> dict[str, list[int]]:
        """Each task's title, normalised and without its quotation marks → its rows."""
        out: dict[str, list[int]] = {}
        for row, t in enumerate(self.tasks):
            out.setdefault(_bare(t.title), []).append(row)
        return out

    def _titled(self, question: str) -> list[int]:
        """The rows of the tasks whose whole title the question quotes (《…》, “…”, 「…」)."""
        rows: list[int] = []
        for m in _QUOTED.finditer(question):
            rows += self._titles.get(_bare(m.group(1)), []) if len(m.group(1)) >= 4 else []
        return list(dict.fromkeys(rows))

    def _verbatim(self, question: str, rows: list[int]) -> list[int]:
        """Of the candidates, the one whose text holds the longest run of the question's own characters, when
        that run is a pasted phrase (VERBATIM_RUN characters or more: 新能源新材料、新技术新装备、大健康三大主导
        产业) and no other candidate holds as long a run; else none."""
        asked = norm(question)
        texts = self.texts
        # (its title and text only: a citation pasted beside it, 牵头单位：区科学技术局、…, names no task)
        runs = []
        for r in dict.fromkeys(rows):
            a, b, c = texts.spans[r].tolist()
            runs.append((_longest_run(asked, f"{texts[r][a:b]}\n{texts[r][b + 1:c]}"), r))
        runs.sort(key=lambda x: -x[0])
        if runs and runs[0][0] >= VERBATIM_RUN and (len(runs) == 1 or runs[1][0] < runs[0][0]):
            return [runs[0][1]]
        return []

    def idf(self, term: str) -> float:
        """How rare a term is across the tasks (BM25's IDF over substring occurrence), cached."""
        cached = self._idf.get(term)
        if cached is None:
            df = int(self.presence(term).sum())
            cached = self._idf[term] = _idf(len(self.texts), df)
        return cached

    def presence(self, term: str) -> np.ndarray:
        """Which tasks' texts contain ``term`` (already normalised), as a boolean array over the rows;
        the last PRESENCE_CACHE terms asked are kept, packed to a bit per task."""
        packed = self._presence.get(term)
        if packed is None:
            hit = self.texts.rows_with(term)
            if len(self._presence) >= PRESENCE_CACHE:
                try:
                    del self._presence[next(iter(self._presence))]
                except (KeyError, StopIteration, RuntimeError):  # another thread evicted it first
                    pass
            self._presence[term] = np.packbits(hit)
            return hit
        return np.unpackbits(packed, count=len(self.texts)).view(bool)

    # ---- entry point -----------------------------------------------------------------------------
    def run(self, query: Query, previous: Result | None = None) -> Result:
        rows, listed = apply_filters(query, self.tasks, self.lex)
        # 深化改革扩大开放这块，第一项和最后一项: the n-th of a part the question names itself
        own_part = (query.has(SectionFilter) or query.has(HeadingFilter)) and not query.inherited
        if query.ordinals and previous is not None and previous.matches and not own_part:
            # the n-th task listed (a list of two units' tasks holds a match per unit of each task)
            told = list({m.row: m for m in previous.matches}.values())
            n = len(told)
            picked = tuple(told[k - 1 if k > 0 else n - 1] for k in query.ordinals if k <= n)
            return Result(query, tuple(Match(m.row, m.score) for m in picked), notices=self._notices(picked))
        if query.ordinals and (own_part or query.ordinals == (-1,)) and not (query.topic and query.topic.terms):
            pool = sorted(rows) if rows is not None else range(len(self.tasks))  # 最后一项任务是什么: the notice's last
            if pool and len({self.tasks[r].doc_id for r in pool}) == 1:
                n = len(pool)
                picked = tuple(dict.fromkeys(pool[k - 1 if k > 0 else n - 1] for k in query.ordinals if k <= n))
                query = replace(query, filters=query.filters + (RowsFilter(picked),), ordinals=())
                rows = set(picked)
        if query.out_of_scope:
            return Result(query, (), self._related(query, rows), abstain=query.out_of_scope)
        if query.ask is Ask.HEADER:  # (a document cited in a task: that task is cited too)
            citing = dict.fromkeys(c.row for c in self.lex.cited if c.text in query.cited and c.row is not None)
            return Result(query, tuple(Match(r, 1.0) for r in citing), notices=tuple(n.doc_id for n in self.lex.notices))
        topic = query.topic
        unanswered = topic.places if topic else ()
        if topic and topic.unknown and not unanswered and not self._outweighs_unknown(query, rows):
            unanswered = topic.unknown
            stated = None if query.has(TaskFilter) else self._from_passage(query, lambda: self._related(query, rows))
            if stated:  # 人均避难面积要达到多少: words no task holds, a goal the notice states outside its tasks
                return stated
        if unanswered:
            what = "、".join(unanswered)
            reason = f"“{what}”的相关内容" if query.lang == "zh" else f"anything on “{what}”"
            return Result(query, (), self._related(query, rows), abstain=reason)
        if query.group:
            return self._grouped(query, rows)
        if (query.ask is Ask.LIST and rows is not None and len(rows) == 1 and not query.units() and not query.group
                and not query.has(PredicateFilter) and self._carries_topic(query, next(iter(rows)))):
            # 那个里面提到了哪些储能项目: a list asked within one task is what that task lists, quoted
            return self._best(replace(query, ask=Ask.BEST), rows)
        if (query.ask is Ask.BEST and query.has(TaskFilter) and rows is not None and len(rows) > MAX_NOTICES_UNNAMED
                and not (topic and topic.terms)):
            query = replace(query, ask=Ask.LIST)  # 第60到65项分别是什么: more tasks named than one answer holds, listed
        if query.ask in (Ask.LIST, Ask.COUNT):
            return self._list(query, rows, listed)
        return self._best(query, rows)

    def _grouped(self, query: Query, rows: list[int] | None) -> Result:
        """Units or sections ranked by the selected tasks they have (or units by the roles they hold); each
        chosen one's tasks are the matches, listed under it."""
        group = query.group
        candidates = list(range(len(self.tasks))) if rows is None else rows
        if query.topic and query.topic.terms:
            candidates = [m.row for m in self._topic_set(query, candidates)]
        members: dict[str, list[tuple[int, Role | None]]] = {}
        roles: dict[str, set[Role]] = {}
        for r in candidates:
            t = self.tasks[r]
            if group.by == "section":
                key = f"{t.doc_id}\0{t.section}"
                members.setdefault(key, []).append((r, None))
                continue
            for u in t.units:
                if is_generic(u.name):
                    continue
                roles.setdefault(u.name, set()).add(u.role)
                if u.role in scope_roles(group.role):
                    members.setdefault(u.name, []).append((r, u.role))
        if group.among:  # the units named, every one, the one with the most (or fewest) first
            chosen = sorted(group.among, key=lambda k: len(members.get(k, ())) * (-1 if group.rank == "most" else 1))
            members = {k: members.get(k, []) for k in chosen}
        elif group.only:
            chosen = [k for k in members if roles[k] <= scope_roles(group.only)]
        elif group.count is not None:
            n, op = group.count, group.count_op
            chosen = [k for k, v in members.items() if (len(v) == n if op == "eq" else len(v) > n if op == "gt" else len(v) < n)]
        else:
            counts = {k: len(v) for k, v in members.items() if v}
            best = (max if group.rank == "most" else min)(counts.values(), default=0)
            chosen = [k for k, c in counts.items() if c == best and best]
        matches = tuple(Match(r, float(len(members[k])), unit=k, role=role) for k in chosen for r, role in members[k])
        return Result(query, matches, notices=self._notices(matches))

    def _outweighs_unknown(self, query: Query, rows: list[int] | None) -> bool:
        """Whether the question is answered despite words no notice holds. Where such a word stands
        decides (the reader sorted them): in a clause that asks a fact (什么时候通车, 是哪两所) it names what
        is asked, which the notice does not state; in one that asks who or which tasks it is the head of
        the topic (氢能产业谁牵头), unless a word as rare as a task's own name finds the task and outweighs
        the unknown ones (金山铁路多开几趟车、释放运能谁牵头); in background that asks nothing (有家企业来咨询)
        it does not count when the question's known words find a task. A task named by number or by the
        conversation is answered; so is a list of a unit's or a section's tasks."""
        if query.has(TaskFilter) or (query.has(RowsFilter) and rows is not None and len(rows) <= 3):
            return True
        topic = query.topic
        if topic is None or not topic.term_groups():  # (a unit's tasks 在减税降费方面: the words the list is said
            # to be about, which no task holds, narrow it to nothing; other words no task holds are the asker's own)
            about = [m.group(1) for m in _ABOUT.finditer(norm(query.question))]
            narrowed = topic is not None and any(norm(w) in a for w in topic.unknown for a in about)
            return query.ask in (Ask.LIST, Ask.COUNT) and not narrowed and bool(
                query.units() or query.has(SectionFilter)
                                                               or query.has(HeadingFilter)
                                                               or query.has(PredicateFilter))
        if topic.unknown_asked:
            return self._figure_named(query, rows)
        best = self._best_cover(query, rows)
        if best is None:
            return False
        _, cover, terms = best
        if not topic.unknown_in_unit_ask:
            return bool(terms)
        rare = max(1.0, SPECIFIC_SHARE * len(self.texts))  # a word in no more tasks than this names one
        known = cover * sum(w for w, _ in self._weights(topic.term_groups()))
        unseen = _idf(len(self.texts), 0)  # each unknown word weighs as much as a word can
        return (any(int(self.presence(norm(t)).sum()) <= rare for t in terms)
                and known >= unseen * len(topic.unknown_in_unit_ask))

    def _best_cover(self, query: Query, rows: list[int] | None) -> tuple[int, float, tuple[str, ...]] | None:
        """The candidate holding the most of the topic's known words: (row, its share of their weight, the words
        found in it); None with no candidate."""
        candidates = np.arange(len(self.tasks), dtype=np.int64) if rows is None else np.asarray(rows, dtype=np.int64)
        if not len(candidates):
            return None
        covers, found = self._covers(replace(query, topic=replace(query.topic, items=())), candidates)
        k = int(np.argmax(covers))
        return int(candidates[k]), float(covers[k]), found(int(candidates[k]))

    def _figure_named(self, query: Query, rows: list[int] | None) -> bool:
        """Whether the unknown words asked are the notice's figure under another name: each names a quantity
        (保有量, 存栏量: ``quantity_suffix`` of ``data/question_words.tsv``) of a thing the question names, and a
        task states a figure (not a sum of money) right after that thing (能繁母猪保持在0.44万头). Of a thing
        stated with no figure beside it (汉诺庄园的游客量) nothing is said."""
        topic = query.topic
        suffixes = tuple(vocab.grouped("question_words.tsv").get("quantity_suffix", ()))
        asked = norm(query.question)

        def names_quantity(word: str) -> bool:  # 保有量, or the word the question puts right before its 多少 (存栏保持在多少)
            at = asked.find(norm(word))
            return word.endswith(suffixes) or (at >= 0 and _QUANTITY_AFTER.match(asked, at + len(norm(word))) is not None)

        if (topic is None or query.figure_kind not in (None, "count") or not suffixes
                or not all(len(w) >= 2 and names_quantity(w) for w in topic.unknown_asked)):
            return False
        # (造林和森林抚育今年的任务量: a known word made a quantity asks the figure, 多少 unsaid; 能繁母猪保有量: so does the
        # quantity the words end on)
        ends = asked.rstrip(" ?.!").endswith(tuple(norm(w) for w in topic.unknown_asked))
        if query.field != "figure" and not (query.field is None and (ends or all(self.lex.known(w[:-1])
                                                                                 for w in topic.unknown_asked))):
            return False
        best = self._best_cover(query, rows)
        if best is None or best[1] < TOPIC_COVER:
            return False
        row, _, terms = best
        text = norm(self._full(row))
        count, money = figure_kinds()["count"].pattern, figure_kinds()["money"].pattern
        # the thing the quantity is of: the term the question writes just before the unknown word (母猪 | 保有量, 造林 … 今年的任务量)
        before = [norm(t) for t in terms
                  if any(re.search(rf"{re.escape(norm(t))}[^,.;!?]{{0,4}}?{re.escape(norm(w))}", asked) for w in topic.unknown_asked)]
        for term in before:
            for at in re.finditer(re.escape(term), text):
                near = re.split(r"[,;:!?、]|\.(?!\d)", text[at.end(): at.end() + FIGURE_NEAR])[0]
                figure = count.search(near)
                if figure and figure.start() <= FIGURE_NEAR // 2 and not money.search(near[figure.start():]):
                    return True
        return False

    # ---- lists and counts ------------------------------------------------------------------------
    def _list(self, query: Query, rows: list[int] | None, listed: dict[int, list[tuple[str, Role]]]) -> Result:
        topic = query.topic
        if rows is None and not (topic and topic.terms) and query.ask is not Ask.COUNT and not query.every:
            return Result(query, (), abstain="")  # nothing to list by: the composer asks what is meant
        # a count of nothing in particular (本意见共部署了多少项任务) counts every task
        candidates = list(range(len(self.tasks))) if rows is None else rows
        if topic and topic.terms:
            selected = self._topic_set(query, candidates, few=not query.has(DocFilter) and not query.has(RowsFilter))
            if not selected and rows is None:
                what = "、".join(topic.terms)
                reason = f"涉及“{what}”的任务" if query.lang == "zh" else f"a task on “{what}”"
                return Result(query, (), self._related(query, rows), abstain=reason)
        else:
            selected = [Match(r, 1.0) for r in candidates]
        if not query.has(DocFilter) and not query.has(RowsFilter):
            selected = self._few_notices(query, selected)
        matches: list[Match] = []
        for m in selected:
            for unit, role in listed.get(m.row, [("", None)]):
                matches.append(Match(m.row, m.score, m.terms, m.sentences, unit, role))
        return Result(query, tuple(matches), notices=self._notices(matches))

    def _topic_set(self, query: Query, candidates: list[int], few: bool = False) -> list[Match]:
        """Every candidate that carries the topic: its terms (weighted by how rare they are in the
        corpus) mostly found in the task, or some of them found and the question close to the task.
        With ``few``, only those of the best-fitting few notices (``_few_notices``), chosen before each
        task's evidence is gathered: in a large corpus a topic is carried by thousands of tasks."""
        rows = np.asarray(candidates, dtype=np.int64)
        need = TOPIC_COVER if query.lang == "zh" else TOPIC_COVER_DENSE  # an English word's terms are guesses
        covers, found = self._covers(query, rows)  # what ``cover(query, self.texts[r])`` says of each row
        # only the dense half of a ranking decides here: the similarity to the question of each candidate
        # carrying enough of the topic for it to count (no other is kept, however close)
        cal = self.calibration
        dense = np.zeros(len(rows), dtype=np.float64)
        some = covers >= TOPIC_COVER_DENSE
        if some.any():
            dense[some] = self.retriever.dense_scores(self._search_text(query), rows[some],
                                                      floor=min(cal.dense_list, cal.dense_sure))
        keep = (covers >= need) | ((covers >= TOPIC_COVER_DENSE) & (dense >= self.calibration.dense_list))
        required = query.topic.required if query.topic else ()
        if required:  # 写了“融资”的: only tasks that write the asker's words — those that carry the topic, else all of them
            # (of an enumeration, “瞪羚”企业和“一企一技术”研发平台: the words of either item, each in its own)
            holds = np.zeros(len(rows), dtype=bool)
            items = _item_terms(query.topic)

            def of(word: str, item: frozenset[str]) -> bool:
                return any(t in norm(word) for t in map(norm, item))

            # (when every item has a quoted word of its own; else — 写了“组织参加”展会或博览会的 — all bind every item)
            apart = all(any(of(w, x) for w in required) for x in items if x)
            for item in items:  # (a word of no item binds every item)
                own = [w for w in required if not apart or not item or of(w, item) or not any(of(w, x) for x in items)]
                held = np.ones(len(rows), dtype=bool)
                for word in own:
                    held &= self.presence(norm(word))[rows]
                holds |= held
            keep = keep & holds if (keep & holds).any() else holds
        if not keep.any():  # nothing carries the whole topic: the part of it the question means, if that is half
            keep = self._closest_part(query, rows, covers, found)
        if few:
            held = rows[keep].tolist()
            best = self._best_notices(query, held)
            if best is not None:
                keep[keep] = [self.tasks[r].doc_id in best for r in held]
        out = [Match(r, round(c, 4), found(r)) for r, c in zip(rows[keep].tolist(), covers[keep].tolist(), strict=True)]
        similarity = dict(zip(rows[keep].tolist(), dense[keep].tolist(), strict=True))
        # a task that only mentions the topic in passing (智慧养老 in a city-management task) is not about it,
        # unless the question asks what mentions it (涉及/提到): keep tasks that name it in their title or
        # more than once, or that the question is as close to as dense_sure
        # — among all tasks; within a unit's or a section's tasks (发改局牵头的里跟储能有关的), each one that
        # carries the topic is asked for
        narrowed = len(candidates) < len(self.tasks)
        if not (query.topic and (query.topic.mention or query.topic.required)) and not narrowed and len(out) > 2:
            def salient(m: Match) -> bool:
                return similarity.get(m.row, 0.0) >= self.calibration.dense_sure or self._salience(m.row, m.terms) >= 2
            # each item of an enumeration on its own (渔业和畜牧: a task naming 渔业 in its title does not make
            # those that name 畜牧 in passing less of an answer)
            kept: dict[int, Match] = {}
            for item in _item_terms(query.topic):
                members = [m for m in out if not item or any(t in item for t in m.terms)]
                # (salient by the item's own terms: 预警提示 carries two words of 预警或者预警提示, 发布预警 one —
                # no more about 预警 for that)
                own = [replace(m, terms=tuple(t for t in m.terms if t in item)) if item else m for m in members]
                kept.update((m.row, m) for m, o in zip(members, own, strict=True)
                            if salient(o) or not any(salient(x) for x in own))
            out = [m for m in out if m.row in kept]
        if query.topic and query.topic.in_title:  # 标题里带“养老”的: the words in the title, not anywhere
            out = [m for m in out if all(norm(t) in norm(self.tasks[m.row].title) for t in (m.terms or query.topic.terms))]
        elif query.topic and query.topic.in_text:  # 内容里提到“大数据”的: in the title or text, not the units' names
            out = [m for m in out if all(norm(t) in self._own_text(m.row) for t in (m.terms or query.topic.terms))]
        return sorted(out, key=lambda m: (self.tasks[m.row].doc_id, self.tasks[m.row].seq))

    def _closest_part(self, query: Query, rows: np.ndarray, covers: np.ndarray,
                      found: Callable[[int], tuple[str, ...]]) -> np.ndarray:
        """No task carries the whole topic: which tasks carry the part of it the question means. Of the tasks
        carrying at least half of its weight, the one the question is closest to (dense) says which part that
        is — 帮企业解决融资问题: the tasks on 融资, not those that only write 解决…问题 — and every task carrying at
        least those words is kept; when that task carries the most of the topic, every task carrying as much."""
        half = covers >= TOPIC_COVER_DENSE + 0.1
        if not half.any():
            return half
        at = np.flatnonzero(half)
        closest = int(at[int(np.argmax(self.retriever.dense_scores(self._search_text(query), rows[at])))])
        top = float(covers.max())
        if covers[closest] >= top - 1e-9:
            return covers >= top - 1e-9
        words = set(found(int(rows[closest])))
        keep = np.zeros(len(rows), dtype=bool)
        keep[at] = [words <= set(found(int(rows[i]))) for i in at.tolist()]
        return keep

    def _own_text(self, row: int) -> str:
        """A task's normalised title and text (not its section's title, not its units' names)."""
        a, _, c = self.texts.spans[row].tolist()
        return self.texts[row][a:c]

    def _salience(self, row: int, terms: tuple[str, ...]) -> int:
        """How prominently a task carries terms: occurrences in its text, those in its title counted twice."""
        a, b, c = self.texts.spans[row].tolist()
        text = self.texts[row]  # norm(task.title) is text[a:b], norm(task.text) text[b + 1:c]
        return sum(text.count(nt, b + 1, c) + 2 * text.count(nt, a, b) for nt in map(norm, terms))

    def _covers(self, query: Query, rows: np.ndarray):
        """``cover(query, self.texts[r])`` for many rows at once: (cover of each row as an array, a function
        giving a row's terms found). Term occurrence comes from :meth:`presence`, one pass per term."""
        groups = query.topic.term_groups() if query.topic else ()
        items = [[groups[k] for k in item if k < len(groups)] for item in query.topic.items] \
            if query.topic and query.topic.items else [list(groups)]
        weighted = [self._weights(item) for item in items]
        present = {nt: self.presence(nt)[rows] for w in weighted for _, terms in w for _, nt in terms}
        per_item = []
        for w in weighted:
            total = 0.0
            acc = np.zeros(len(rows), dtype=np.float64)
            for weight, terms in w:  # the same float additions, in the same order, as _cover
                total += weight
                hit = np.zeros(len(rows), dtype=bool)
                for _, nt in terms:
                    hit |= present[nt]
                acc[hit] += weight
            per_item.append(acc / total if total else acc * 0.0)
        index = {r: i for i, r in enumerate(rows.tolist())}

        def terms_found(w, i: int) -> tuple[str, ...]:
            return tuple(dict.fromkeys(t for _, terms in w for t, nt in terms if present[nt][i]))

        if len(items) == 1:
            # which of the terms a row holds, as bits: rows holding the same terms share one answer
            order = list(dict.fromkeys(nt for _, terms in weighted[0] for _, nt in terms))
            masks = np.zeros(len(rows), dtype=object if len(order) > 62 else np.int64)
            for j, nt in enumerate(order):
                masks[present[nt]] += 1 << j
            masks = masks.tolist()
            by_mask: dict[int, tuple[str, ...]] = {}

            def found_one(r: int) -> tuple[str, ...]:
                i = index[r]
                hit = by_mask.get(masks[i])
                if hit is None:
                    hit = by_mask[masks[i]] = terms_found(weighted[0], i)
                return hit

            return per_item[0], found_one
        # items: the best (cover, terms) pair, compared as cover() compares them (ties go to the larger terms)
        best = np.maximum.reduce(per_item) if per_item else np.zeros(len(rows))
        best = np.maximum(best, 0.0)

        def found(r: int) -> tuple[str, ...]:
            i = index[r]
            pick: tuple[float, tuple[str, ...]] = (0.0, ())
            for w, cov in zip(weighted, per_item, strict=True):
                pick = max(pick, (float(cov[i]), terms_found(w, i)))
            return pick[1]

        return best, found

    def _weights(self, groups) -> list[tuple[float, list[tuple[str, str]]]]:
        """Each group's weight (its rarest term's IDF, halved for verbs) and its (term, normalised term)s."""
        return [(max(self.idf(norm(t)) for t in group) * _pos_weight(group), [(t, norm(t)) for t in group])
                for group in groups]

    def cover(self, query: Query, text: str) -> tuple[float, tuple[str, ...]]:
        """Share of the topic's weight a text carries (each group of alternatives weighs its rarest
        term's IDF), and the terms found. A topic that enumerates items (修高速、建机场) is carried
        by a text that carries any one item."""
        groups = query.topic.term_groups() if query.topic else ()
        if query.topic and query.topic.items:
            best: tuple[float, tuple[str, ...]] = (0.0, ())
            for item in query.topic.items:
                best = max(best, self._cover([groups[k] for k in item if k < len(groups)], text))
            return best
        return self._cover(list(groups), text)

    def _cover(self, groups, text: str) -> tuple[float, tuple[str, ...]]:
        total = found_weight = 0.0
        found: list[str] = []
        for weight, terms in self._weights(groups):
            total += weight
            hits = [t for t, nt in terms if nt in text]
            if hits:
                found_weight += weight
                found += hits
        return (found_weight / total if total else 0.0), tuple(dict.fromkeys(found))

    # ---- the one best task --------------------------------------------------------------------
    def _best(self, query: Query, rows: list[int] | None) -> Result:
        topic = query.topic
        if rows is not None and not rows:
            return Result(query, (), abstain=self._no_such(query))
        if rows is not None and len(rows) <= MAX_NOTICES_UNNAMED and _names_tasks(query) and not (topic and topic.terms):
            hits = [Match(r, 1.0) for r in rows]
            numbers = [self.tasks[r].number for r in rows]
            if len(set(numbers)) < len(numbers):  # the same number in several notices: the best-fitting first
                ranking = self.retriever.rank(query.question, rows=rows)
                order = {r: k for k, (r, _) in enumerate(ranking.fused)}
                hits.sort(key=lambda m: order.get(m.row, 1 << 30))
            return self._with_figure(query, hits, ranking=None)
        if rows is None and not (topic and (topic.terms or topic.expansions)) and query.lang == "zh":
            return Result(query, (), abstain="")  # no unit, number or topic: the composer asks what is meant
        ranking = self.retriever.rank(self._search_text(query), rows=rows, tokens=self._tokens(query))
        if not ranking.fused:
            return Result(query, (), abstain=self._no_such(query))
        top = [Match(r, s, self._found(query, r)) for r, s in ranking.fused[: RELATED + 3]]
        titled = self._titled(query.question)
        named = [r for r in titled if rows is None or r in rows]
        named = named or self._verbatim(query.question, [m.row for m in top])
        if named:  # 《…管理办法》由谁负责: a task named by its whole title, quoted (or its words pasted), is that task
            top = [Match(r, 1.0, self._found(query, r)) for r in named] + [m for m in top if m.row not in named]
        elif topic and topic.required:  # the notice's words the asker quotes or brackets (a "zero-waste city" (无废城市)):
            holds = np.ones(len(self.tasks), dtype=bool)  # a task that writes them all answers first
            for word in topic.required:
                holds &= self.presence(norm(word))
            if rows is not None:
                holds &= np.isin(np.arange(len(self.tasks)), rows)
            among = np.flatnonzero(holds).tolist()
            if among and not holds[top[0].row]:
                first = self.retriever.rank(self._search_text(query), rows=among, tokens=self._tokens(query)).fused
                top = [Match(r, s, self._found(query, r)) for r, s in first[:RELATED]] + [m for m in top if not holds[m.row]]
        best = top[0]
        top_dense = max(ranking.dense.values(), default=0.0)
        if rows is None and query.lang == "zh":
            informative = any(self.idf(t) >= INFORMATIVE_IDF for m in top[:3] for t in m.terms)
            if not informative and top_dense < self.calibration.dense_sure:
                stated = self._from_passage(query, lambda: tuple(top[:RELATED]))
                if stated:  # no task is about it, the notice's own goals are
                    return stated
                return Result(query, (), tuple(top[:RELATED]), abstain=self._no_such(query))
        # English: similarity across languages runs lower and the dictionary's terms are guesses, so only
        # the reader's own reasons (another year, contact details …) make an English question unanswered
        if query.area and query.area not in self.texts[best.row]:
            scope = "、".join(sorted(self.lex.own_places)) or "本地"
            reason = (f"关于“{query.area}”的内容（通知只部署{scope}的任务）" if query.lang == "zh"
                      else f"anything on {query.area} (the notice sets tasks for {scope} only)")
            return Result(query, (), tuple(top[:RELATED]), abstain=reason)
        result = self._with_figure(query, top, ranking)
        if len(titled) > 1 and not result.abstain and result.matches and result.matches[0].row in titled:
            # “加强组织领导”由哪些单位负责: a quoted title several tasks share (one per plan) — each of them answers
            picked = [m for m in top if m.row in titled][:MAX_NOTICES_UNNAMED * 2]
            result = replace(result, matches=tuple(picked), related=tuple(m for m in result.related if m.row not in titled),
                             notices=self._notices(picked))
        return result

    def _with_figure(self, query: Query, ranked: list[Match], ranking: Ranking | None) -> Result:
        """The best task; when a figure is asked, the best of the close ones that states it, else abstain;
        when names are asked (哪两所), abstain unless the task names one."""
        kind = _asked_kind(query)
        best = ranked[0]
        if query.field in ("lead", "responsible", "units") and not self.tasks[best.row].units \
                and not query.has(TaskFilter) and self._carries_topic(query, best.row):
            # who leads it, where two tasks hold the whole topic (a prose item, and the table row that assigns it):
            # the one naming units answers
            named = next((m for m in ranked[1:3] if self.tasks[m.row].units and m.score >= best.score * 0.9
                          and self._carries_topic(query, m.row)), None)
            if named is not None:
                best, ranked = named, [named] + [m for m in ranked if m is not named]
        before_which = norm(query.question).split("哪")[0]  # (what the question names before it asks which)
        if query.instance and not query.has(TaskFilter) and not self._names(best.row, query.instance, before_which,
                                                                            self._about_topic(query, best.row)):
            task = self.tasks[best.row]
            reason = (f"具体是哪些{query.instance}（{task.label}「{task.title}」未写明名称）" if query.lang == "zh"
                      else f"which {query.instance} ({task.label_en}, {task.title}, names none)")
            return Result(query, (), tuple(ranked[:RELATED]), abstain=reason, subject=(best.row,))
        if kind is not None and query.towns and not any(t in self.texts[best.row] for t in map(norm, query.towns)):
            task = self.tasks[best.row]  # 北庄镇要新建多少亩: the task sets the district's figure, not the town's
            town = "、".join(query.towns)
            reason = (f"{town}的相关数字（{task.label}「{task.title}」未分列到{town}）" if query.lang == "zh"
                      else f"a figure for {town} ({task.label_en}, {task.title}, does not give one for it)")
            return Result(query, (), tuple(ranked[:RELATED]), abstain=reason, subject=(best.row,))
        if kind is not None:
            stating = [m for m in ranked[:3] if self._states(query, m.row, kind)]
            close = [m for m in stating if m is best or m.score >= best.score * 0.85]
            if close:
                best = close[0]
            elif not query.has(TaskFilter) or kind.name != "date":
                task = self.tasks[best.row]
                what = figure_name(kind.name, query.lang)
                if (query.also and self._states_any(query, best.row, query.also)
                        and (query.has(TaskFilter) or self._carries_topic(query, best.row))):
                    # who (or another field asked beside) is answered, the figure is not (when both a sum and a
                    # year are asked and neither is stated, nothing is: the notice does not say)
                    return Result(query, (best,), tuple(ranked[1:1 + RELATED]), unstated=what,
                                  notices=self._notices([best]))
                if not query.amount and (query.has(TaskFilter) or query.has(RowsFilter)
                                         or self._carries_topic(query, best.row)):
                    # 它有什么目标？ / 养老服务有什么目标？ of a task that states no figure: what it says is the answer
                    return Result(replace(query, field="text"), (best,), tuple(ranked[1:1 + RELATED]),
                                  notices=self._notices([best]))
                stated = (None if query.has(TaskFilter) or query.has(RowsFilter)
                          else self._from_passage(query, lambda: tuple(ranked[:RELATED])))
                if stated:  # 到2025年人均避难面积要达到多少: the notice's goals, stated outside its tasks
                    return stated
                reason = (f"所问的{what}（{task.label}「{task.title}」未写明）" if query.lang == "zh"
                          else f"{task.label_en} ({task.title}) states no {what}")
                return Result(query, (), tuple(ranked[:RELATED]), abstain=reason, subject=(best.row,))
        others = tuple(m for m in ranked if m is not best)[:RELATED]
        picked = (best,) + (tuple(ranked[1:]) if _names_tasks(query) and len(ranked) > 1 and ranking is None else ())
        # 跨境电商: a search — the best task, then every other that holds the words (not a follow-up's 那X呢)
        if query.bare and ranking is not None and query.field is None and not query.inherited:
            rows_all = np.arange(len(self.tasks), dtype=np.int64)
            covers, found = self._covers(query, rows_all)
            holding = [Match(int(r), 1.0, found(int(r))) for r in rows_all[covers >= 1.0 - 1e-9].tolist() if r != best.row]
            picked = (best,) + tuple(holding[:MAX_BARE_OTHERS])
        return Result(query, picked[:MAX_NOTICES_UNNAMED], others if ranking is not None else (), notices=self._notices(picked))

    # ---- helpers ----------------------------------------------------------------------------------
    def _from_passage(self, query: Query, related: Callable[[], tuple[Match, ...]]) -> Result | None:
        """The answer from a notice's text outside its tasks, when a figure or date is asked and a sentence
        there states it (:meth:`_passage`); None otherwise."""
        kind = _asked_kind(query)
        passage = self._passage(query, kind) if kind is not None else None
        return Result(query, (), related(), passage=passage, notices=(passage[0],)) if passage else None

    def _passage(self, query: Query, kind: FigureKind) -> tuple[str, str] | None:
        """(doc id, sentence): the sentence of a notice's own text outside its tasks (总体目标, 时间安排) that
        states a figure of the asked kind about the asked thing, as a task's sentence must (:meth:`_states`)."""
        topic = query.topic
        if query.lang != "zh" or not topic or topic.places or not (topic.term_groups() or topic.unknown):
            return None
        # every word of the topic must be in the sentence, those no task holds too: a notice's goals and
        # schedules are broad text, so a part of the topic is no evidence
        groups = [*topic.term_groups(), *((w,) for w in topic.unknown)]
        query = replace(query, topic=replace(topic, groups=tuple(groups), unknown=(), items=()))
        asked = norm(query.question)
        named = [w for w in kind.objects if w in asked]
        docs = {d for f in query.filters if isinstance(f, DocFilter) for d in f.docs}
        best: tuple[float, str, str] | None = None
        for notice in self.lex.notices:
            if docs and notice.doc_id not in docs:
                continue
            # (设施标准化 as the question joins it, 设施的标准化 as the notice writes it: the words without 的 count too)
            whole = self.lex.passage_texts.get(notice.doc_id, "")
            joined = _without_de(whole)
            if not all(any(norm(t) in whole or norm(t) in joined for t in g) for g in groups):
                continue  # the notice's text outside its tasks lacks part of the topic: none of its sentences holds it
            for sentence in _dated_sentences(notice.passages):
                if not any(norm(m.group(0)) not in asked for m in kind.pattern.finditer(sentence)):
                    continue
                if named and not any(w in sentence for w in named):
                    continue
                said = norm(sentence)
                share = max(self.cover(query, said)[0], self.cover(query, _without_de(said))[0])
                if share >= PASSAGE_COVER and (best is None or share > best[0]):
                    best = (share, notice.doc_id, sentence)
        return best[1:] if best else None

    def _carries_topic(self, query: Query, row: int) -> bool:
        """The task holds the whole topic: a term of each of its groups, and the question no word it lacks."""
        topic = query.topic
        if topic is None or topic.unknown or topic.places or not topic.term_groups():
            return False
        return all(any(norm(t) in self.texts[row] for t in g) for g in topic.term_groups())

    def _terms(self, query: Query) -> tuple[str, ...]:
        topic = query.topic
        if topic is None:
            return ()
        return tuple(dict.fromkeys(norm(t) for t in topic.terms + topic.expansions))

    def _found(self, query: Query, row: int) -> tuple[str, ...]:
        return tuple(t for t in self._terms(query) if t in self.texts[row])

    def _search_text(self, query: Query) -> str:
        parts = [query.question]
        if query.topic and query.topic.expansions:
            parts.append(" ".join(query.topic.expansions))
        if query.background and not (query.topic and query.topic.terms):
            parts.append(query.background)
        return " ".join(parts)

    def _tokens(self, query: Query) -> list[str]:
        tok = self.index.tokenizer
        if query.lang == "en":
            return tok.tokens(" ".join(query.topic.expansions)) if query.topic else []
        text = query.topic.text if query.topic else ""
        extra = " ".join(query.topic.terms + query.topic.expansions) if query.topic else ""
        return tok.tokens(f"{text} {extra}")

    def _states(self, query: Query, row: int, kind: FigureKind) -> bool:
        """The task states a figure of the asked kind in a sentence about the asked thing: the
        sentence holds at least half of the topic's term weight (20亿元 of 汉诺庄园综合体 does not
        answer the cost of 汉诺庄园景区改造). English questions, whose terms are only a dictionary's
        guesses, need the figure alone."""
        asked = norm(query.question)
        pattern = stating_pattern(query, kind)
        if kind.name == "date" and pattern.search(self.tasks[row].deadline):
            return True  # its 完成时限 field: the date of the task itself
        named = [w for w in kind.objects if w in asked] if query.lang == "zh" else []
        bound = any(w in asked for w in vocab.grouped("question_words.tsv").get("threshold", ()))
        stating = []
        for sentence in sentences(self._full(row)):
            figures = [norm(m.group(0)) for m in pattern.finditer(sentence)]
            if not any(figures.count(f) > asked.count(f) for f in figures):
                continue  # no figure of the kind, or only those the question itself gives (30万千瓦以下 … 多少台) —
                # a figure written again beyond them is stated (投资200万元以上的…给予最高200万元补助)
            if named and not any(w in sentence for w in named) and not (bound and _BOUND.search(sentence)):
                continue  # 奖补资金多少: 500万元以上的项目 is a sum of another thing (but the bound asked: 投资门槛)
            if query.lang == "en" or not query.topic or query.has(TaskFilter) or query.has(RowsFilter):
                return True
            if self.cover(query, norm(sentence))[0] >= FIGURE_COVER:
                return True
            stating.append(sentence)
        # the goal of a task whose title is the asked thing and that states one such figure (养老服务的目标是多少 →
        # 优化…养老服务网络。今年计划完成850户…): that figure is the task's own — unless a measure is asked that it
        # is not in, of the act the question names (多少个中心, 招生计划是多少人: a thing the figure need not count;
        # 养老改造多少户 → …850户…适老化改造: it counts that)
        # (of the asks, the one in this kind's measure: 投资多少钱，改多少亩 asks 亩 of the area)
        measure = next((m for m in _MEASURE_ASKED.finditer(asked) if kind.pattern.search("1" + m.group(2))), None)
        return (len(stating) == 1 and self._carries_topic(query, row)
                and (measure is None or (re.search(rf"\d\s*[万千百亿]?\s*{measure.group(2)}", stating[0]) is not None
                                         and measure.group(1) in norm(stating[0])))
                and self.cover(query, norm(self.tasks[row].title))[0] >= FIGURE_COVER)

    def _names(self, row: int, noun: str, asked: str = "", raw: str | None = None) -> bool:
        """Whether the task (or ``raw``, the part of it about the asked thing) names a thing of the kind (岩马水库,
        区城投公司), rather than only counting it (普惠性幼儿园2所, 2个智慧社区示范点) or saying its kind (大中型水库,
        各镇街); a member of the kind is named by its own ending (哪家企业 → 华沃（枣庄）水泥有限公司:
        ``data/instance_kinds.tsv``)."""
        return any(self._names_as(row, word, asked, raw)
                   for word in (noun, *vocab.grouped("instance_kinds.tsv").get(noun, ())))

    def _about_topic(self, query: Query, row: int) -> str | None:
        """The sentences of a task that hold the topic's words beyond its title (特殊教育资源教室 of 第75项: the
        school asked is one named there, not 枣庄四十中 elsewhere in the task); None when none does."""
        title = norm(self.tasks[row].title)
        terms = [norm(t) for t in (query.topic.terms if query.topic else ())
                 if norm(t) not in title and norm(t) != norm(query.instance)]  # (the kind asked: in many sentences)
        held = [x for x in sentences(self._full(row)) if terms and any(t in norm(x) for t in terms)]
        return "".join(held) or None

    def _names_as(self, row: int, noun: str, asked: str, raw: str | None = None) -> bool:
        """… one the question does not name before it asks (区人民医院是跟哪家医院合作: not 区人民医院)."""
        raw = raw if raw is not None else self._full(row)
        text = norm(raw)
        noun = norm(noun)
        modifiers = vocab.words("generic_modifiers.txt")
        if len(noun) == 1:  # 哪个镇: a place's name ends with its kind (西集镇), however jieba cut it (西 | 集镇)
            return any(m.group(1)[-1] not in vocab.words("place_name_breakers.txt") and m.group(1)[0] not in "各每全本该其此"
                       and not _COUNT_BEFORE.search(text[max(0, m.start() - 8): m.end() - 1]) and m.group(0) not in asked
                       for m in re.finditer(rf"([\u4e00-\u9fff]{{2}}){re.escape(noun)}", text))
        spans = self.index.tokenizer.spans(text)
        for k in (m.start() for m in re.finditer(re.escape(noun), text)):
            counted = _COUNT_BEFORE.search(text[max(0, k - 8): k])
            listed = re.split(r"[，,。；;：:]", raw[max(0, k - 20): max(0, k - 8) + counted.start()])[-1] if counted else ""
            if counted and len(raw) == len(text) and "、" in listed:
                return True  # 日本、韩国、RCEP区域3个进口博览会: the names, then how many they are (in one clause)
            if _COUNT_AFTER.match(text, k + len(noun)) or counted:
                continue  # how many, not which
            if text.endswith("等", 0, k) and len(raw) == len(text) and "、" in re.split(r"[，,。；;：:]", raw[:k])[-1]:
                return True  # 完善全员人口信息、居民电子健康档案、电子病历和基础资源等数据库: the ones it lists, then their kind
            before = [w for w, a, b in spans if b <= k and a >= k - 8]
            word = before[-1] if before and any(b == k for _, _, b in spans) else ""
            if (len(word) >= 2 and re.fullmatch(r"[\u4e00-\u9fffa-z][\u4e00-\u9fffa-z0-9]+", word) and word not in modifiers
                    and word + noun not in asked and not _acts_on(word, asked)):
                return True
            own = next((w for w, a, b in spans if a < k < b), "")  # the word the kind ends
            if own.endswith(noun) and own[: -len(noun)] not in modifiers and len(own) > len(noun) + 1 and own not in asked:
                return True  # one word that ends with the kind (城投公司)
        return False

    def _states_any(self, query: Query, row: int, fields: tuple[str, ...]) -> bool:
        """Whether the task gives any of the fields asked beside the figure: its units, section or text always
        do; a deadline or a figure only where the task states one."""
        for f in fields:
            if f in ("units", "lead", "responsible", "section", "text"):
                return True
            kind = figure_kinds()["date" if f == "deadline" else "count"]
            if self._states(replace(query, field=f, figure_kind=kind.name, topic=None), row, kind):
                return True
        return False

    def _full(self, row: int) -> str:
        t = self.tasks[row]
        return f"{t.text}（{t.units_text}）" if t.units_text else t.text

    def _related(self, query: Query, rows: list[int] | None) -> tuple[Match, ...]:
        ranking = self.retriever.rank(self._search_text(query), rows=rows, tokens=self._tokens(query))
        return tuple(Match(r, s) for r, s in ranking.fused[:RELATED])

    def _notices(self, matches) -> tuple[str, ...]:
        return tuple(dict.fromkeys(self.tasks[m.row].doc_id for m in matches))

    def _few_notices(self, query: Query, selected: list[Match]) -> list[Match]:
        """A list that names no notice, spread over many, comes from the best-fitting few."""
        best = self._best_notices(query, [m.row for m in selected])
        return selected if best is None else [m for m in selected if self.tasks[m.row].doc_id in best]

    def _best_notices(self, query: Query, rows: list[int]) -> set[str] | None:
        """The MAX_NOTICES_UNNAMED notices whose tasks among ``rows`` best fit the question; None when the
        rows are of no more notices than that."""
        if len(set(self.tasks[r].doc_id for r in rows)) <= MAX_NOTICES_UNNAMED:
            return None
        ranking = self.retriever.rank(self._search_text(query), rows=rows)  # (embedded once, for the topic too)
        return set(list(dict.fromkeys(self.tasks[r].doc_id for r, _ in ranking.fused))[:MAX_NOTICES_UNNAMED])

    def _no_such(self, query: Query) -> str:
        numbers = [n for f in query.filters if isinstance(f, TaskFilter) for n in f.numbers]
        if numbers:  # 第95项 in a notice of 89: say how many it has
            counts: dict[str, int] = {}
            for t in self.tasks:
                counts[t.doc_id] = counts.get(t.doc_id, 0) + 1
            have = "、".join(f"{d}共{c}项" for d, c in list(counts.items())[:MAX_NOTICES_UNNAMED])
            asked = "、".join(f"第{n}项" for n in numbers)
            return (f"{asked}（{have}）" if query.lang == "zh"
                    else f"task {', '.join(map(str, numbers))} (" + ", ".join(f"{d}: {c} tasks" for d, c in counts.items()) + ")")
        return "与该问题对应的内容" if query.lang == "zh" else "a task that answers this"


_ABOUT = lazy_compile(r"(?:在|关于|涉及|有关|围绕|针对)([^。？?；;]{2,24}?)(?:方面|领域|工作上|上面)")  # what a list is about
_BOUND = lazy_compile(r"\d\s*[万千百亿]?\s*[\u4e00-\u9fff%％]{0,3}\s*(?:以上|以下|以内|及以上|及以下)|(?:不少于|不低于|不超过|不高于|至少|最多)\s*\d")
_COUNT_AFTER = lazy_compile(r"\s*[\d一二两三四五六七八九十百千万.]+\s*[个家所座条处批位名只片段大类](?![\u4e00-\u9fff])")
_COUNT_BEFORE = lazy_compile(r"[\d一二两三四五六七八九十百千万]+\s*[个家所座条处批位名只片段大类][\u4e00-\u9fff]{0,6}$")


def _item_terms(topic: Topic | None) -> list[frozenset[str]]:
    """The terms of each item of an enumerating topic; one empty set (every match) when it enumerates none."""
    if topic is None or not topic.items:
        return [frozenset()]
    groups = topic.term_groups()
    return [frozenset(t for k in item if k < len(groups) for t in groups[k]) for item in topic.items]


def apply_filters(query: Query, tasks: tuple[Task, ...], lex: Lexicon
                  ) -> tuple[list[int] | None, dict[int, list[tuple[str, Role]]]]:
    """The rows every filter admits (None: no filter at all), and for unit filters which unit
    (and role) each row is listed under.

    Several unit filters combine by ``query.unit_mode``: ``each`` lists every unit's own
    tasks (a union, grouped by unit), ``all`` keeps the tasks they share.
    """
    rows: set[int] | None = None
    listed: dict[int, list[tuple[str, Role]]] = {}

    def narrow(admitted: set[int]) -> None:
        nonlocal rows
        rows = admitted if rows is None else rows & admitted

    docs = {d for f in query.filters if isinstance(f, DocFilter) for d in f.docs}
    for f in query.filters:
        if isinstance(f, DocFilter):
            narrow({i for i, t in enumerate(tasks) if t.doc_id in docs})
        elif isinstance(f, HeadingFilter):
            narrow({i for i, t in enumerate(tasks) if all(in_path(p, t.path) for p in f.path) and f.doc in ("", t.doc_id)})
        elif isinstance(f, TaskFilter):
            by_number = {i for i, t in enumerate(tasks) if t.number in f.numbers}
            under = {i for i in by_number if all(in_path(p, tasks[i].path) for p in f.path)}
            if not under and f.path:  # 第三部分第一项 where numbers run on through the parts: counted within that part
                part = [i for i, t in enumerate(tasks) if all(in_path(p, t.path) for p in f.path)]
                under = {part[n - 1] for n in f.numbers if 0 < n <= len(part)}
            narrow(under or by_number)  # a heading named wrongly, where numbers are unique anyway, still finds the task
        elif isinstance(f, SectionFilter):
            narrow({i for i, t in enumerate(tasks) for d, n in f.sections if t.section == n and d in ("", t.doc_id)})
        elif isinstance(f, PredicateFilter) and f.predicate.startswith("most_"):
            continue  # relative to the tasks the other filters leave: below
        elif isinstance(f, PredicateFilter):
            narrow({i for i, t in enumerate(tasks) if predicate_holds(f, t)})
        elif isinstance(f, OthersFilter) and (query.ask in (Ask.LIST, Ask.COUNT) or not query.has(TaskFilter) and not any(
                isinstance(g, RowsFilter) and not g.exclude for g in query.filters)):
            # 除了科技局还有哪些单位牵头: some other unit in that role (of a task named or talked about, its units
            # say who else: 第1项除了科技局还有谁 → 区科学技术局 alone; of tasks listed before, which have one:
            # 其中除了水务局还有别的单位参与的是哪几条)
            same = set(lex.units.same(f.unit))
            narrow({i for i, t in enumerate(tasks) if any(u.role in f.roles() and u.name not in same for u in t.units)})
        elif isinstance(f, RowsFilter) and f.exclude:
            narrow(set(range(len(tasks))) - set(f.rows))
        elif isinstance(f, RowsFilter):
            narrow({r for r in f.rows if 0 <= r < len(tasks)})
    for f in query.filters:
        if isinstance(f, PredicateFilter) and f.predicate.startswith("most_"):
            among = sorted(rows) if rows is not None else range(len(tasks))
            counts = {i: len(in_role(f.predicate.removeprefix("most_"), tasks[i])) for i in among}
            top = max(counts.values(), default=0)
            narrow({i for i, c in counts.items() if c == top and top > 0})
    units = query.units()
    if units:
        per_unit = []
        for f in units:
            admitted = set(lex.units.rows(f.unit, f.roles())) - set(lex.units.rows(f.unit, f.excluded()))
            if f.absent:
                admitted = set(range(len(tasks))) - set(lex.units.rows(f.unit, f.roles()))
            per_unit.append((f, admitted))
        combined = set.union(*(a for _, a in per_unit)) if query.unit_mode == "each" else set.intersection(
            *(a for _, a in per_unit))
        narrow(combined)
        for f, admitted in per_unit:
            if f.absent:
                continue  # no role of it to show
            for r in sorted(admitted & (rows or set())):
                role = next((x for n in lex.units.same(f.unit) if (x := tasks[r].role_of(n))), None)
                listed.setdefault(r, []).append((f.unit, role))
    if rows is None:
        return None, listed
    return sorted(rows), listed


def _longest_run(a: str, b: str) -> int:
    """The length of the longest run of ``a``'s characters that ``b`` holds as it is."""
    best = 0
    for i in range(len(a)):
        j = i + best + 1
        while j <= len(a) and a[i:j] in b:
            best, j = j - i, j + 1
    return best


# a schedule's heading that is only a date (（一）2023年4月底前 / 2.6月30日前：): it dates the paragraph below it
_DATE_HEADING = lazy_compile(r"^(?:[（(][一二三四五六七八九十\d]{1,3}[）)]|[一二三四五六七八九十\d]{1,3}[、.．])?\s*"
                             r"(?=[^。，,；;]*[年月])[\d年月日底初中上下旬至到—\-－～~前之以]{3,24}\s*[:：]?$")


def _without_de(text: str) -> str:
    """Text without its 的, so that words a question joins (设施标准化) are found where the notice writes 设施的标准化."""
    return text.replace("的", "")


def _dated_sentences(passages: tuple[str, ...]) -> Iterator[str]:
    """The sentences of a notice's text outside its tasks, each under a schedule's date heading said with its date
    (（一）2023年4月底前：制定岸电执法检查操作规程…): the date a sentence there is due by is its heading's."""
    heading = ""
    for para in passages:
        if _DATE_HEADING.match(para.strip()):
            heading = para.strip().rstrip(":：")
            continue
        if mark(para):  # another heading or item: the date's paragraphs have ended
            heading = ""
        for x in sentences(para):
            yield f"{heading}：{x}" if heading else x


def _idf(n: int, df: int) -> float:
    """BM25's IDF of a term found in ``df`` of ``n`` tasks."""
    return math.log(1 + (n - df + 0.5) / (df + 0.5))


def _pos_weight(group: tuple[str, ...]) -> float:
    """Verbs weigh half in a topic: they mostly carry the question's predicate (鼓励…申报), nouns its object."""
    from .understand import plain_verb

    return 0.5 if len(group) == 1 and plain_verb(group[0]) else 1.0


def in_role(kind: str, t: Task) -> tuple[str, ...]:
    """The units a task names in a role: ``lead…``, ``support…`` (its 责任单位: responsible, not those that
    share it 按职责分工), else every unit."""
    if kind.startswith("lead"):
        return t.lead_units
    if kind.startswith("support"):
        return t.responsible_units
    return tuple(u.name for u in t.units)


def figure_property(f: PredicateFilter) -> re.Pattern[str] | None:
    """The pattern of a figure property's figures: a number in the measure asked (5000亩, not the character
    elsewhere), one written in per cent (95%, 百分之五 — not a fraction said in words, 一半), or any figure of the
    kind asked (投资360万元 for 带投资金额的; any figure for 有量化指标的); None for other properties."""
    if f.predicate == "has_measure":
        return re.compile(rf"[\d０-９]\s*[万千百亿]?\s*{re.escape(f.measure)}")
    if f.predicate == "has_figure":
        return figure_kinds()[f.measure or "count"].pattern
    return re.compile(r"\d\s*[%％]|百分之") if f.predicate == "has_percent" else None


def predicate_holds(f: PredicateFilter, t: Task) -> bool:
    """Whether a task has the property (no lead unit, two lead units, a figure in 亩 …), or lacks it if negated."""
    return _has_property(f, t) != f.negated


def _has_property(f: PredicateFilter, t: Task) -> bool:
    kind, n = f.predicate, f.n
    leads = t.lead_units
    if kind in ("has_measure", "has_percent", "has_figure"):
        return figure_property(f).search(t.text) is not None  # type: ignore[union-attr]
    if kind == "has_date" and f.measure:  # due on the date asked (9月25日): its 完成时限 or its text says it
        due = re.sub(r"\s+", "", f.measure).replace("号", "日")
        return due in norm(t.deadline) or due in norm(t.text)
    if kind == "has_date":  # its 完成时限 field, or a date or time its text sets (年底前, 6月底)
        return bool(t.deadline) or bool(figure_kinds()["date"].pattern.search(t.text))
    if kind.endswith("_count"):
        k = len(in_role(kind, t))
        return k == n if f.op == "eq" else k >= n if f.op == "ge" else k <= n
    return {"no_lead": not leads, "several_leads": len(leads) >= n, "shared": bool(t.shared_units),
            "no_units": not t.units, "no_support": not t.responsible_units,
            "has_support": bool(t.responsible_units), "and_others": t.and_others, "in_body": not in_path("附", t.path), "in_annex": in_path("附", t.path)}[kind]


def figure_name(kind: str, lang: str) -> str:
    zh = {"money": "金额", "date": "时间或期限", "people": "人数", "area": "面积", "weight": "重量", "percent": "比例",
          "capacity": "容量", "length": "长度", "duration": "天数或时长", "frequency": "频次", "count": "具体数字"}
    en = {"money": "amount of money", "date": "date or deadline", "people": "number of people", "area": "area", "weight": "weight",
          "percent": "percentage", "capacity": "capacity", "length": "length", "duration": "duration", "frequency": "frequency",
          "count": "figure"}
    return (zh if lang == "zh" else en).get(kind, kind)
