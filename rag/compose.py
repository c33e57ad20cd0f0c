"""Result → Answer: the words of the answer, in Chinese or English, apart from understanding it.

Answers put the fact first (who leads, the figure as written, the list with its count),
cite every task they use, and name each unit's role as the notice does.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import cache

from . import vocab
from .clauses import bodies_named
from .execute import figure_kinds, figure_name, figure_property, in_role, predicate_holds, stating_pattern
from .lazy_regex import lazy_compile
from .lexicon import Lexicon
from .query import (Ask, HeadingFilter, Match, OthersFilter, PredicateFilter, Query, Result, RowsFilter, SectionFilter,
                    TaskFilter, in_path)
from .text import CJK_SPACE, CN_NUMERAL, int_to_cn, norm, sentences
from .types import Answer, Citation, Context, Notice, Role, Task

MAX_QUOTE = 240
MAX_CITATIONS_SHOWN = 10  # citations written out when one is asked for; the rest are in the list above


class Composer:
    """Writes answers for one loaded corpus."""

    def __init__(self, lexicon: Lexicon):
        self.lex = lexicon
        self.tasks = lexicon.tasks
        self.many = len(lexicon.notices) > 1

    def answer(self, result: Result) -> Answer:
        answer = self._answer(result)
        most = [f for f in result.query.filters if isinstance(f, PredicateFilter) and f.predicate.startswith("most_")]
        if most and not answer.abstained and result.matches:  # 哪项任务的牵头单位最多，有几家: how many it names
            answer = replace(answer, answer=answer.answer + self._most_count(result.query, most[0], result.matches[0].row))
        if not result.query.cite or answer.abstained or not answer.citations:
            return answer
        # 帮我出个引用: each cited task's citation, ready to paste into a draft
        en = result.query.lang == "en"
        lines = [c.citation for c in answer.citations[:MAX_CITATIONS_SHOWN]]
        more = len(answer.citations) - len(lines)
        tail = ([f"(and {more} more)" if en else f"（另有{more}项，见上）"] if more > 0 else [])
        head = "Citation to paste:" if en else "可直接粘贴的引用："
        # (发文机关、文号、日期帮我写全: the facts of each cited task's notice named in the question, given with it)
        docs = dict.fromkeys(c.doc for c in answer.citations[:MAX_CITATIONS_SHOWN])
        facts = [_full_reference(n, en) for n in self.lex.notices if n.doc_id in docs] if result.query.header else []
        return replace(answer, answer="\n".join([answer.answer, head, *lines, *tail, *facts]))

    @staticmethod
    def checked(check, lang: str) -> str:
        """What a draft sentence checked against the notice came to (a ``rag.draft.SentenceCheck``): each problem
        in the notice's words, or that none was found; figures the notice never mentions are noted."""
        if lang == "en":
            if not check.issues:
                return "Checked against the notice: nothing in it contradicts the notice."
            return "\n".join([f"Checked against the notice: {len(check.issues)} difference(s):",
                              *(f"- the draft says “{i.says}”; the notice ({i.label}) says “{i.notice_says}”"
                                for i in check.issues)])
        notes = [f"（提示：{n}）" for n in check.notes]
        if not check.issues:
            return "\n".join(["核对结果：未发现与通知不一致之处。", *notes])
        return "\n".join([f"核对结果：有{len(check.issues)}处与通知不一致：", *(f"- {i.remark()}" for i in check.issues),
                          *notes])

    def _most_count(self, q: Query, f: PredicateFilter, row: int) -> str:
        """The count a most_… property found (5家牵头单位), said after the answer."""
        n = len(in_role(f.predicate.removeprefix("most_"), self.tasks[row]))
        zh, en = _role_nouns(f)
        return f"\n(The most: {n} {en}.)" if q.lang == "en" else f"\n（最多的一项写有{n}家{zh}。）"

    def _answer(self, result: Result) -> Answer:
        q = result.query
        en = q.lang == "en"
        context = Context(q.from_turn, q.inherited) if q.from_turn else None
        if result.passage and not result.abstain:  # stated by the notice outside its tasks: quoted, no task cited
            doc, sentence = result.passage
            related = tuple(Citation.of(self.tasks[m.row], m.score) for m in result.related)
            text = (f"The notice states it outside its tasks ({doc}): “{sentence}”" if en
                    else f"通知正文（不属于某项任务）写明：“{sentence}”（{doc}）")
            return Answer(q.question, text, False, (), related, "figure", q.lang, (), context, q.to_dict())
        if result.abstain or (not result.matches and q.ask is not Ask.HEADER and not self._empty_list_ok(q)):
            return self._abstain(result, context)
        if q.ask is Ask.HEADER:
            text = self._cited(q) if q.cited else self._header(q)
            cites = tuple(Citation.of(self.tasks[m.row], m.score) for m in result.matches)
            return Answer(q.question, text, False, cites, kind="metadata", lang=q.lang, context=context, query=q.to_dict())
        if q.group:
            text, cites = self._grouped(result)
            return Answer(q.question, text, False, cites, kind="list", lang=q.lang, context=context, query=q.to_dict())
        single = q.ask is Ask.LIST and len({m.row for m in result.matches}) == 1 and not q.units() and not q.filters
        # 这几项分别在哪个部分 / 什么时候完成: each task with the field asked, not a plain list
        # (a unit's tasks with a figure or a date: each with it — the property asked is what staff want to see)
        each = (q.ask is Ask.LIST and q.field in _EACH_FIELDS and not q.group and bool(result.matches)
                and (not q.units() or (q.field in ("figure", "deadline") and q.has(PredicateFilter))))
        if q.ask in (Ask.LIST, Ask.COUNT) and not single and not each:
            text, cites = self._list(result)
            if q.claim and result.matches:  # 这些都是商务局牵头的吗: a yes or no for every task, then the tasks
                text = self._claims_verdict(q, [self.tasks[m.row] for m in result.matches]) + "\n" + text
            kind = "count" if q.ask is Ask.COUNT else "list"
            return Answer(q.question, text, False, cites, kind=kind, lang=q.lang, context=context, query=q.to_dict())
        lines, highlights = [], []
        matches = list({m.row: m for m in result.matches}.values())
        for m in matches:
            task = self.tasks[m.row]
            if result.unstated:  # 谁负责，什么时候完成？ where no time is written: who, and that it is not written
                highlights.append((task.id, ()))
                lines.append(f"{task.label_en_head} ({task.title}): {_units_en(task)}. It states no {result.unstated}."
                             if en else f"{self._ref(task)}「{task.title}」{_who(task)}；通知未写明{result.unstated}。")
                lines[-1] += self._also(q, task, lines[-1])
                continue
            quote = self.best_sentences(q, task)
            if each and q.amount and not self._states(q, task, quote):  # 这几项什么时候完成: one of them says no time
                highlights.append((task.id, ()))
                lines.append(f"{task.label_en_head} ({task.title}): {_units_en(task)}. It states none." if en else
                             f"{self._ref(task)}「{task.title}」（{_units_zh(task)}）：未写明"
                             f"{'时间或期限' if q.field == 'deadline' else '具体数字'}。")
                continue
            highlights.append((task.id, tuple(quote)))
            lines.append(self._verdict(q, task) + self._task_line(q, task, quote))
            lines[-1] += self._also(q, task, lines[-1])
        if len(matches) > 1 and q.bare and q.topic:  # a search: what it found the words in, the best first
            # the words as the question wrote them (RCEP, not the normalised rcep; not a variant found for them)
            said = "、".join(m.group(0) for t in q.topic.terms[:3]
                            if (m := re.search(re.escape(t), q.question, re.IGNORECASE))) or "、".join(q.topic.terms[:3])
            lines.insert(0, f"{len(matches)} tasks mention “{said}” (the closest first):" if en
                         else f"通知中提到“{said}”的任务共{len(matches)}项（最相关的在前）：")
        elif len(matches) > 1:
            scope = self._scope(q) if each else ""
            scope = "" if scope in ("通知中", "all tasks") else scope
            heads = [self._unit_head(q, f.unit, []) for f in q.units() if not f.absent] if each and q.unit_mode == "each" else []
            if heads and scope:  # 区农业农村局牵头的、写有以“亩”计的数字的: the unit asked, then the property
                scope = (", ".join(heads) + ", " if en else "、".join(heads) + "、") + scope
            lines.insert(0, (f"{scope.rstrip(',')}: {len(matches)} tasks" if scope else f"{len(matches)} tasks match:")
                         if en else (f"{_tasks_of(scope.removesuffix('中'))}共{len(matches)}项：" if scope
                                     else f"共{len(matches)}项："))
            if q.same:  # 是不是同一个牵头单位: said before each task's units
                lines.insert(0, self._same_verdict(q, [self.tasks[m.row] for m in matches]))
            elif q.claim:  # (the same, where each task is told with the field asked)
                lines.insert(0, self._claims_verdict(q, [self.tasks[m.row] for m in matches]))
        cites = tuple(Citation.of(self.tasks[m.row], m.score, matched=m.terms) for m in matches)
        related = tuple(Citation.of(self.tasks[m.row], m.score) for m in result.related)
        kind = {"figure": "figure", "deadline": "figure"}.get(q.field or "", "field" if q.field else "task")
        return Answer(q.question, "\n".join(lines), False, cites, related, kind, q.lang, tuple(highlights), context,
                      q.to_dict())

    # ---- one task ------------------------------------------------------------------------------
    def _holds(self, q: Query, task: Task) -> bool:
        """Whether the units claimed hold their roles in the task (and the properties claimed are its)."""
        return (all(any(u.name in self.lex.units.same(f.unit) and u.role in f.roles() for u in task.units)
                    for f in q.claim) and all(predicate_holds(f, task) for f in q.claim_props))

    def _claims_verdict(self, q: Query, tasks: list[Task]) -> str:
        """The claim's yes or no over several tasks (是，这2项都是。 / 不全是：第57项不是。)."""
        wrong = [t for t in tasks if not self._holds(q, t)]
        if not wrong:
            return f"Yes, all {len(tasks)}." if q.lang == "en" else f"是，这{len(tasks)}项都是。"
        if len(wrong) == len(tasks):
            return f"No, none of the {len(tasks)}." if q.lang == "en" else f"不是，这{len(tasks)}项都不是。"
        said = "、".join(self._ref(t) for t in wrong)
        return f"Not all: {said} not." if q.lang == "en" else f"不全是：{said}不是。"

    def _verdict(self, q: Query, task: Task) -> str:
        """是。 / 不是。 (Yes. / No.) before a task's units, when the question asked whether units hold roles in it."""
        if not q.claim:
            return ""
        holds = self._holds(q, task)
        if q.lang == "en":
            return "Yes. " if holds else "No. "
        return "是。" if holds else "不是。"

    @staticmethod
    def _same_verdict(q: Query, tasks: list[Task]) -> str:
        """Whether the tasks name the same units in the role compared (是，牵头单位相同：区民政局。)."""
        def names(task: Task) -> tuple[str, ...]:
            return {"lead": task.lead_units, "responsible": task.responsible_units}.get(q.field or "", task.unit_names)

        sets = {frozenset(names(t)) for t in tasks}
        role = {"lead": ("lead units", "牵头单位"), "responsible": ("responsible units", "责任单位")}.get(
            q.field or "", ("units", "单位"))
        if len(sets) == 1 and next(iter(sets)):
            shared = "、".join(names(tasks[0]))
            return f"Yes, the same {role[0]}: {shared}." if q.lang == "en" else f"是，{role[1]}相同：{shared}。"
        common = [n for n in names(tasks[0]) if all(n in names(t) for t in tasks[1:])]
        if common:  # (区生态环境分局 leads both, with others in one of them)
            return (f"Not entirely: both name {'、'.join(common)}." if q.lang == "en"
                    else f"不完全相同，都有{'、'.join(common)}。")
        return f"No, the {role[0]} differ." if q.lang == "en" else f"不是，{role[1]}不同。"

    def _span(self, q: Query, rows: list[int]) -> tuple[str, str] | None:
        """A whole part's tasks (文化那一大块是第几条到第几条), run on in one notice: its first and last task's labels."""
        if not (q.filters and all(isinstance(f, SectionFilter) for f in q.filters)) or len(rows) < 2:
            return None
        tasks = [self.tasks[r] for r in rows]
        seqs = [t.seq for t in tasks]
        if len({t.doc_id for t in tasks}) > 1 or seqs != list(range(seqs[0], seqs[0] + len(seqs))):
            return None
        en = q.lang == "en"
        return ((tasks[0].label_en_head, tasks[-1].label_en_head) if en
                else (self._ref(tasks[0]), self._ref(tasks[-1])))

    def _ref(self, task: Task) -> str:
        return f"{task.doc_id} {task.label}" if self.many else task.label

    def _task_line(self, q: Query, task: Task, quote: list[str]) -> str:
        en = q.lang == "en"
        text = "".join(quote)
        if en:
            head = f"{task.label_en_head} ({task.title}" + (f", {task.doc_id}" if self.many else "") + ")"
            units = _units_en(task)
            if q.field == "responsible" and not any(u.role is not Role.LEAD for u in task.units):
                return f"{head}: no responsible unit is named ({units})."  # Which units support it? — none written
            if q.field in ("lead", "responsible", "units"):
                return f"{head}: {units}." + (f" “{text}”" if text else "")
            if q.field == "section":
                sec = f"section {task.section} ({self._mark(task.doc_id, task.section, task.section_title)}" \
                      f"{task.section_title})" if task.section else "no section"
                return f"{head} is under {sec}; {units}."
            return f"{head}, {units}: “{text or task.title}”"
        head = f"{self._ref(task)}「{task.title}」"
        if q.field == "responsible":
            support = [u for u in task.units if u.role is not Role.LEAD]
            if support:
                many = f"共{len(support)}个：" if q.units_counted else ""
                names = "、".join(u.name for u in support)
                if not many and all(u.role is Role.SHARED for u in support):  # in the notice's words
                    line = f"{head}由{names}按职责分工负责（{_lead_phrase(task)}）。"
                else:
                    line = f"{head}的{_label_of(support)}{many or '是'}{names}（{_lead_phrase(task)}）。"
            else:
                line = f"{head}未写明责任单位（{_lead_phrase(task)}）。"
            return line + self._evidence(q, task, text)
        if q.field in ("lead", "units"):
            counted = len(task.lead_units) if q.field == "lead" else len(task.units)
            many = (f"（{'牵头单位' if q.field == 'lead' else '单位'}共{counted}个）" if q.units_counted and counted else "")
            if not task.units and (bodies := bodies_named(task.text)):  # what the prose says of who acts, quoted
                said = next((x for x in sentences(task.text) if bodies[0] in x), "")
                return f"{head}{_who(task)}；正文提到{'、'.join(bodies)}：“{said}”"
            return f"{head}{_who(task)}{many}。" + self._evidence(q, task, text)
        if q.field == "section":
            sec = self._section_zh(task.doc_id, task.section, task.section_title) if task.section else "（未分部分）"
            return f"{head}属于{sec}（{_units_zh(task)}）。"
        if q.field == "text" or (not q.field and not text):
            return f"{head}（{_units_zh(task)}）：{self._body(q, task)}"
        if q.field == "deadline" and task.deadline and task.deadline not in text:
            text = f"{text}（完成时限：{task.deadline}）" if text else f"完成时限：{task.deadline}"
        if q.field == "deadline" and q.amount and not self._states(q, task, quote):  # 第38项什么时候完成: none written
            return f"{head}（{_units_zh(task)}）：未写明完成时限。任务内容：{text or task.title}"
        return f"{head}（{_units_zh(task)}）：{text or task.title}"

    @staticmethod
    def _body(q: Query, task: Task) -> str:
        """A task's text for quoting whole; when too long, the sentences holding what the question names beyond the
        title (那个代表性的红色标语是啥: the sentence that gives it, far into a long task), else its opening."""
        sents = list(dict.fromkeys(sentences(task.text)))
        body = "".join(sents)
        if len(body) <= MAX_QUOTE:
            return body
        title = norm(task.title)
        terms = [norm(t) for t in (q.topic.terms if q.topic else ()) if norm(t) not in title]
        held = [k for k, x in enumerate(sents) if any(t in norm(x) for t in terms)]
        if held:
            picked = "".join(sents[k] for k in held)
            picked = picked if len(picked) <= MAX_QUOTE else picked[:MAX_QUOTE] + "……"
            return ("……" if held[0] else "") + picked + ("……" if held[-1] < len(sents) - 1 else "")
        return body[:MAX_QUOTE] + "……"

    def _also(self, q: Query, task: Task, said: str) -> str:
        """The other fields asked of the same task (谁牵头，什么时候完成，改造多少个), each on its own line, with
        未写明 where the task states none; a sentence the answer already quotes is not quoted again."""
        en = q.lang == "en"
        out = []
        for f in q.also:
            if f in (q.field, "units"):  # the units: every answer line names them
                continue
            if f == "section":
                value = (f"section {task.section} ({task.section_title})" if en else
                         self._section_zh(task.doc_id, task.section, task.section_title)) if task.section else ""
                out.append((("Section", "所属部分"), value))
            elif f == "text":
                body = "".join(dict.fromkeys(sentences(task.text)))
                out.append((("Text", "任务内容"), body if len(body) <= MAX_QUOTE else body[:MAX_QUOTE] + "……"))
            elif f in ("deadline", "figure"):
                kind = "date" if f == "deadline" else "count"
                stating = [x for x in self.best_sentences(replace(q, field=f, figure_kind=kind), task)
                           if figure_kinds()[kind].pattern.search(x)]
                value = task.deadline if f == "deadline" and task.deadline else "".join(stating)
                value = ("as quoted above" if en else "见上文") if value and value in said else value
                out.append((("Deadline", "完成时限") if f == "deadline" else ("Figures", "具体数字"), value))
        return "".join(f"\n{label[0] if en else label[1]}：{value or ('not stated' if en else '未写明')}"
                       for label, value in out)

    @staticmethod
    def _states(q: Query, task: Task, quote: list[str]) -> bool:
        """Whether the quoted sentences (or the task's 完成时限) state the figure or time asked, if one is."""
        kind = figure_kinds().get(q.figure_kind or "") if q.field in ("figure", "deadline") else None
        if kind is None:
            return True
        pattern = stating_pattern(q, kind)
        if q.field == "deadline" and task.deadline and (pattern is kind.pattern or pattern.search(task.deadline)):
            return True
        return any(pattern.search(s) for s in quote)

    def _evidence(self, q: Query, task: Task, text: str) -> str:
        """The sentence that matched, when the question asked by more than the task's title (a sentence
        pasted from a draft, a detail of the task): staff see why this task, and what else was asked."""
        title = norm(task.title)
        terms = [norm(t) for t in (q.topic.terms if q.topic else ())]
        if not text or not terms or all(t in title for t in terms) or norm(text).rstrip(".;!?") in title:
            return ""
        return f"原文：“{text if len(text) <= MAX_QUOTE else text[:MAX_QUOTE] + '……'}”"

    def best_sentences(self, q: Query, task: Task) -> list[str]:
        """The sentences of a task's text that answer the question (for quoting and highlighting); never the
        sentence that only repeats the task's title (加快建设北方锂电之都。), which the answer names anyway."""
        sents = _brackets_attached(list(dict.fromkeys(sentences(task.text))))
        title = norm(task.title).rstrip("。.；;")
        sents = [s for s in sents if norm(s).rstrip("。.；;") != title] or sents
        if q.nth_figures:  # 第三个指标: the n-th clause stating a figure (of any kind), in order
            stating = [c for x in sents for c in re.split(r"(?<=[，,；;])", x)
                       if any(k.pattern.search(c) for name, k in figure_kinds().items() if name != "date")]
            picked = [stating[k - 1 if k > 0 else -1].rstrip("，,；;") for k in q.nth_figures if k <= len(stating)]
            if picked:
                return picked
        if len(sents) <= 1:
            return sents
        words = set(q.topic.terms + q.topic.expansions) if q.topic else set()
        qtext = norm(q.question + " " + " ".join(words))
        grams = {qtext[i:i + 2] for i in range(len(qtext) - 1)}
        kind = figure_kinds().get(q.figure_kind or "") if q.field in ("figure", "deadline") else None
        named = _instance_named(q.instance) if q.instance else None  # 在哪个镇: the sentence naming one (冯卯镇)
        numbers = re.findall(r"\d+(?:\.\d+)?", norm(q.question))  # (children aged 1 to 7: 1～7岁适龄儿童…)

        def score(idx_s: tuple[int, str]) -> float:
            idx, s = idx_s
            ns = norm(s)
            overlap = sum(1 for g in grams if g in ns) + 2 * sum(1 for w in words if norm(w) in ns)
            overlap += 2 * sum(1 for n in numbers if re.search(rf"(?<![\d.]){re.escape(n)}(?![\d.])", ns))
            bonus = 3.0 if kind is not None and kind.pattern.search(s) else 0.0
            bonus += 3.0 if named is not None and named.search(ns) else 0.0
            return overlap + bonus - 0.01 * idx

        if (q.ask is Ask.LIST or _MANY_ASKED.search(q.question)) and kind is None:  # 那条里列了哪些活动地点 / 具体活动
            # 地点有哪些 (one task found, several things of it asked): every sentence that
            beyond = [norm(w) for w in words if norm(w) not in title]  # holds the words asked beyond its title
            held = [s for s in sents if any(w in norm(s) for w in beyond)]
            if len(held) > 1:
                return held
        ranked = sorted(enumerate(sents), key=score, reverse=True)
        if kind is not None:
            with_figure = [p for p in ranked if kind.pattern.search(p[1])]
            if with_figure:  # two figures of one kind may be asked at once (接种率: 90%, 95%)
                keep = [p for p in with_figure[:2] if score(p) >= score(with_figure[0]) - 3.0]
                if _RESPECTIVELY.search(q.question):  # 疫苗接种的目标值分别是多少: every figure of what is named
                    named = [norm(w) for w in words if norm(w) not in title]  # (words of its title name the task)
                    keep += [p for p in with_figure[:MAX_RESPECTIVE]  # (of the task named, with no words: each)
                             if p not in keep and (not named or any(w in norm(p[1]) for w in named))]
                # … or in two questions (接种率目标是多少？覆盖率呢？), or two clauses that each ask a number
                # (覆盖率要到多少，普惠性幼儿园新增几所 — a figure of any kind): the best sentence for each
                stating = [p for p in ranked if any(k.pattern.search(p[1]) for name, k in figure_kinds().items()
                                                    if name != "date")]
                # (parted by a space typed between clauses too: …目标是多少 另外…完成率呢)
                questions = [a for a in re.split(rf"[？?。；;]|{CJK_SPACE}", norm(q.question)) if len(a) >= 4]
                clauses = [c for a in questions for c in a.split(",") if c != a and len(c) >= 4 and _ASKS_NUMBER.search(c)]
                for ask, pool in [*((a, with_figure) for a in questions), *((c, stating) for c in clauses)]:
                    ask_grams = {ask[i:i + 2] for i in range(len(ask) - 1)}
                    best = max(pool, key=lambda p: (sum(1 for g in ask_grams if g in norm(p[1])), -p[0]))
                    if best not in keep and sum(1 for g in ask_grams if g in norm(best[1])) >= 3:
                        keep.append(best)
                # clauses a semicolon joins state the same thing's figures side by side (疫苗接种个案规范管理率目标值为
                # 90%以上；1～7岁适龄儿童全程接种率达到95%): the next one goes with a kept one when it has a figure of
                # the kind and a word asked
                for idx, x in sorted(keep):
                    while x.rstrip().endswith(("；", ";")) and idx + 1 < len(sents):
                        idx, x = idx + 1, sents[idx + 1]
                        if not (kind.pattern.search(x) and any(norm(w) in norm(x) for w in words)):
                            break
                        if (idx, x) not in keep:
                            keep.append((idx, x))
                return [s for _, s in sorted(keep)]
        return [ranked[0][1]]

    # ---- lists ---------------------------------------------------------------------------------
    def _list(self, result: Result) -> tuple[str, tuple[Citation, ...]]:
        q = result.query
        en = q.lang == "en"
        groups: dict[str, list[Match]] = {}
        for m in result.matches:  # units together (A和B共同牵头): one list, headed by all of them
            groups.setdefault(m.unit if q.unit_mode == "each" else "", []).append(m)
        lines: list[str] = []
        cites: list[Citation] = []
        scope = self._scope(q)
        terms = tuple(dict.fromkeys(t for m in result.matches for t in m.terms))
        verb = ("titled with", "标题含") if q.topic and q.topic.in_title else ("on", "涉及")
        about = (f" {verb[0]} “{'、'.join(terms)}”" if en else f"{'' if scope.endswith('中') else '中'}{verb[1]}“{'、'.join(terms)}”的") if terms else ""
        props = [f for f in q.filters if isinstance(f, PredicateFilter)]  # 发改局单独牵头的: said of its tasks
        said_of = self._scope(replace(q, filters=tuple(props), inherited=())) if props else ""
        if not result.matches:
            heads = [self._unit_head(q, f.unit, []) for f in q.units() if not f.absent] if q.unit_mode == "each" else []
            if heads:  # 行政审批服务局牵头的任务：没有 — said of the unit asked about (besides those named before)
                other = any(isinstance(f, RowsFilter) and f.exclude for f in q.filters)
                among = any(w.startswith("results of turn") for w in q.inherited)  # 其中发改局牵头的: none of those
                if props:  # 水务局牵头的任务里有完成时间的
                    about = f" ({said_of}){about}" if en else f"{said_of}{about}"
                if en:
                    said = [f"Besides those named before, {h}{about}: no other task." if other else
                            f"Among those listed before, {h}{about}: no task." if among else f"{h}{about}: no task."
                            for h in heads]
                else:
                    said = [f"{'除上述任务外，' if other else '上述任务中，' if among else ''}{h}{about}任务：没有（共0项）。"
                            for h in heads]
                named: list[Citation] = []
                if (len(q.filters) == 1 or other) and not terms:  # 区政府办公室牵头哪些: none — where the notice
                    said += [self._elsewhere(f.unit, en) for f in q.units() if not f.absent]  # does name it, cited
                    # (医保局除了这条还有别的吗: no — the tasks it is in are those named before)
                    named = [Citation.of(self.tasks[r], 1.0) for f in q.units() if not f.absent
                             for r in self.lex.units.rows(f.unit)][:5]
                return "\n".join(s for s in said if s), tuple(named)
            where = "" if scope == "all tasks" else f" {scope}"
            return ((f"No task{about}{where}." if en else f"{scope}{about}任务：没有（共0项）。"), ())
        if any(isinstance(f, RowsFilter) and f.exclude for f in q.filters) and q.ask is not Ask.COUNT:
            aside = [r for f in q.filters if isinstance(f, RowsFilter) and f.exclude for r in f.rows]
            if any(w.startswith("except") for w in q.inherited) or not aside:  # (those the conversation named)
                lines.append("Besides those named before:" if en else "除上述任务外：")
            else:  # 除了第8条…，还有哪些: the tasks the question set aside, by their labels
                named = [self.tasks[r] for r in aside[:5]]
                lines.append(f"Besides {', '.join(t.label_en for t in named)}:" if en
                             else f"除{'、'.join(self._ref(t) for t in named)}外：")
        for unit, members in groups.items():
            rows = list(dict.fromkeys(m.row for m in members))
            head = self._unit_head(q, unit, members) if unit else scope
            if unit and said_of:
                head = f"{head} ({said_of})" if en else f"{head}{said_of}"
            said = f"{_tasks_of(head[:-1])}共" if head.endswith("任务中") and not about else f"{head}{about}任务共"
            span = self._span(q, rows) if not unit and not terms else None  # a part's tasks: from which to which
            lines.append(f"{head.rstrip(',')}{about}: {len(rows)} task(s)" + (f" ({span[0]} to {span[1]})" if span else "")
                         if en else f"{said}{len(rows)}项" + (f"（{span[0]}至{span[1]}）" if span else "") + "：")
            for k, m in enumerate(dict((m.row, m) for m in members).values(), start=1):
                t = self.tasks[m.row]
                role = f"（{_role_word(m.role)}）" if m.role and unit and q.units() and m.role is not Role.LEAD else ""
                lines.append(f"{k}. {self._ref(t)} {t.title}{role} — {_units_zh(t)}" if not en else
                             f"{k}. {t.label_en_head} {t.title} — {_units_en(t)}")
                if seen := _where_matched(t, m.terms, norm(q.question)):  # what matched, where the title does not show it
                    lines[-1] += f"; “{seen}”" if en else f"；原文“{seen}”"
                for f in q.filters:  # 写了亩数的: the figures that give a task the property asked
                    if isinstance(f, PredicateFilter) and (figures := _figures_of(f, t)):
                        lines[-1] += f"; “{figures}”" if en else f"；原文“{figures}”"
                cites.append(Citation.of(t, m.score, m.role.value if m.role else "", m.terms))
        if terms:
            lines.append(f"(matched: {'、'.join(terms)})" if en else f"（依据：任务原文含“{'”“'.join(terms)}”）")
        for f in q.units():  # X牵头哪些: say in one line where X takes part otherwise (not cited as led)
            if f.scope == "lead" and not terms and q.unit_mode == "each" and not f.absent:
                others = [t for t in self.lex.units.summary(f.unit).responsible + self.lex.units.summary(f.unit).shared
                          if not q.filters or all(not isinstance(g, type(f)) or g is f for g in q.filters)]
                if others:
                    refs = "、".join(self._ref(t) for t in others)
                    lines.append(f"({f.unit} also takes part, not leading, in {len(others)}: {refs})" if en
                                 else f"（另作为责任单位参与{len(others)}项：{refs}。）")
        return "\n".join(lines), _unique(cites)

    def _grouped(self, result: Result) -> tuple[str, tuple[Citation, ...]]:
        """Units or sections chosen by their tasks: a line saying which and how many, then each one's tasks."""
        q = result.query
        g = q.group
        en = q.lang == "en"
        by_key: dict[str, list[Match]] = {}
        for m in result.matches:
            t = self.tasks[m.row]
            by_key.setdefault(m.unit if g.by == "unit" else f"{t.doc_id}\0{t.section}", []).append(m)
        scope = self._scope(q)
        scope = "" if scope in ("通知中", "all tasks") else scope
        role = {"lead": ("lead", "牵头"), "support": ("support", "参与"), "cooperate": ("support", "配合"),
                "shared": ("share", "分工负责"), "any": ("take part in", "参与")}[g.role]
        rank = {"most": ("the most", "最多"), "least": ("the fewest", "最少"), "all": ("", "")}[g.rank]
        if g.count is not None:  # 哪几个部分只有3条任务: those with that many, each with its tasks
            said = {"eq": ("exactly", "为"), "gt": ("more than", "多于"), "lt": ("fewer than", "少于")}[g.count_op]
            kind = ("units", "单位") if g.by == "unit" else ("sections", "部分")
            verb = role[1] if g.by == "unit" else ""
            head = (f"{kind[0].capitalize()} with {said[0]} {g.count} tasks{' ' + scope if scope else ''}: {len(by_key)}" if en
                    else f"{scope}{verb}任务{said[1]}{g.count}项的{kind[1]}共{len(by_key)}个：")
        elif g.by == "unit" and g.among:  # 民政局和卫健局谁牵头的多: each named unit's count, the answer first
            counts = sorted(((k, len({m.row for m in by_key.get(k, [])})) for k in g.among),
                            key=lambda kc: -kc[1] if g.rank == "most" else kc[1])
            top = [k for k, c in counts if c == counts[0][1]]
            said = "；".join(f"{k}{role[1]}{c}项" for k, c in counts)
            than = "更多" if g.rank == "most" else "更少"
            more = "" if len(top) == len(counts) else f" — {', '.join(top)} {role[0]}s {'more' if g.rank == 'most' else 'fewer'}"
            head = (f"{'; '.join(f'{k} {role[0]}s {c} task(s)' for k, c in counts)}{more}" if en
                    else f"{said}（一样多）：" if len(top) == len(counts) else f"{said}，{'、'.join(top)}{role[1]}的任务{than}：")
        elif g.by == "unit" and g.only:
            head = (f"Units that {scope} appear only as responsible units, never leading: {len(by_key)}" if en
                    else f"{scope}只作为责任单位出现、从未牵头的单位共{len(by_key)}个：")
        elif g.by == "unit":
            n = len({m.row for m in next(iter(by_key.values()), [])})
            names = "、".join(by_key)
            head = (f"{names} {role[0]} {rank[0]} tasks {scope}: {n} each" if en
                    else f"{scope}{role[1]}任务{rank[1]}的单位是{names}，各{n}项：" if len(by_key) > 1
                    else f"{scope}{role[1]}任务{rank[1]}的单位是{names}，共{n}项：")
        else:
            n = len(next(iter(by_key.values()), []))
            names = "、".join(self._section_name(k, en) for k in by_key)
            head = (f"{names} {'have' if len(by_key) > 1 else 'has'} {rank[0]} tasks: {n}" +
                    (" each" if len(by_key) > 1 else "") if en
                    else f"任务{rank[1]}的部分是{names}，{'各' if len(by_key) > 1 else '共'}{n}项：")
        if not by_key:
            return (f"{head} none." if en else f"{head.rstrip('：')}：没有。"), ()
        lines, cites = [head], []
        for key, members in by_key.items():
            name = key if g.by == "unit" else self._section_name(key, en)
            lines.append(f"{name}:" if en else f"{name}：")
            for k, m in enumerate(members, start=1):
                t = self.tasks[m.row]
                mark = f"（{_role_word(m.role)}）" if m.role and m.role is not Role.LEAD else ""
                lines.append(f"{k}. {t.label_en_head} {t.title} — {_units_en(t)}" if en
                             else f"{k}. {self._ref(t)} {t.title}{mark} — {_units_zh(t)}")
                cites.append(Citation.of(t, m.score, m.role.value if m.role else ""))
        return "\n".join(lines), _unique(cites)

    def _section_name(self, key: str, en: bool) -> str:
        doc, _, sec = key.partition("\0")
        n = int(sec) if sec.isdigit() else 0
        title = next((s.title for nn in self.lex.notices if nn.doc_id == doc for s in nn.sections if s.number == n), "")
        where = f"{doc} " if self.many else ""
        return f"{where}section {n} ({title})" if en else f"{where}{self._section_zh(doc, n, title)}"

    def _section_zh(self, doc: str, n: int, title: str) -> str:
        """A section named by its number and its heading as the notice writes it: 第五部分「五、深入推进黄河重大国家战略」
        (「第五部分 …」 when the mark says 部分 itself; 第五部分「…」 when the mark is not known)."""
        mark = self._mark(doc, n, title)
        if "部分" in mark:
            return f"「{mark}{title}」"
        return f"第{int_to_cn(n)}部分「{mark}{title}」"

    def _mark(self, doc: str, n: int, title: str) -> str:
        """The mark the notice writes before a section's heading (五、), or "" when not known."""
        return next((s.mark for nn in self.lex.notices if doc in ("", nn.doc_id) for s in nn.sections
                     if s.number == n and s.title == title), "")

    def _heading_name(self, key: str) -> str:
        """A heading key as the notice names it: 附3 → 附件3 (or 附表3), read off a task under it."""
        if not key.startswith("附"):
            return key
        ref = next((t.ref for t in self.tasks if key in t.path), "")
        m = re.match(rf"附\s*[件表]\s*(?:\d+|[{CN_NUMERAL}]+)?", ref)
        return m.group(0) if m else key

    def _scope(self, q: Query) -> str:
        en = q.lang == "en"
        parts = []
        alone = q.unit_mode == "all" and len([u for u in q.units() if not u.absent]) == 1  # (…一起牵头, one unit named)
        alone_together = alone and any(isinstance(f, PredicateFilter) and f.predicate == "several_leads" for f in q.filters)
        if any(w.startswith("results of turn") for w in q.inherited):  # 其中…: within the list given before
            parts.append("among those listed before," if en else "上述任务中")
        under = tuple(p for f in q.filters if isinstance(f, HeadingFilter) for p in f.path)
        for f in q.filters:
            if isinstance(f, SectionFilter):
                named = []
                for doc, n in f.sections:
                    # the title of that part where the question put it (附件3第二部分: not 附件1's 第二部分)
                    title = next((t.section_title for t in self.tasks if t.section == n and doc in ("", t.doc_id)
                                  and all(in_path(p, t.path) for p in under)), "")
                    named.append(f"section {n} ({title})" if en else self._section_zh(doc, n, title))
                parts.append((", " if en else "、").join(named))  # (第一部分「…」、第二部分「…」: several parts)
            elif isinstance(f, HeadingFilter):
                title = f"「{f.title}」" if f.title else ""
                words = [self._heading_name(p) for p in f.path]
                parts.append(f"under {' '.join(words)}{title}" if en else f"{''.join(words)}{title}下")
            elif isinstance(f, PredicateFilter) and f.predicate == "several_leads" and alone_together:
                continue  # said with the unit: 区发展和改革局与其他单位共同牵头的
            elif isinstance(f, PredicateFilter):
                said = _property_phrase(f, en)
                if f.negated:  # 联合牵头的去掉: the tasks without the property
                    said = f"excluding those {said}" if en else f"（{said}除外）"
                parts.append(said)
            elif isinstance(f, TaskFilter) and len(f.numbers) > 1:  # 第60到65项: the tasks named, from which to which
                parts.append(_numbers_said(f.numbers, en))
            elif isinstance(f, OthersFilter):  # 除了科技局还有哪些单位牵头
                role = {"lead": ("leads", "牵头"), "cooperate": ("responsible units", "作为责任单位")}.get(f.scope, ("units", "参与"))
                parts.append(f"with {role[0]} other than {f.unit}" if en else f"除{f.unit}外还有其他单位{role[1]}的")
        for f in q.units():
            if f.absent:  # 责任单位中没有X的
                where = {"lead": ("lead units", "牵头单位中"), "any": ("units", "")}.get(f.scope, ("responsible units", "责任单位中"))
                parts.append(f"whose {where[0]} do not include {f.unit}" if en else f"{where[1]}没有{f.unit}的")
        units = [f for f in q.units() if not f.absent]
        if units and q.unit_mode == "all":
            names = "、".join(u.unit for u in units)
            lead = all(u.scope == "lead" for u in units)
            verb = "牵头" if lead else "参与"
            if alone_together:  # one unit with whichever others (跟发改一起牵头的, nothing said before)
                parts.append(f"led by {names} with other units" if en else f"{names}与其他单位共同{verb}的")
            elif alone:
                parts.append(f"{'led' if lead else 'shared'} by {names}" if en else f"{names}{verb}的")
            else:
                parts.append(f"shared by {names}" if en else f"{names}共同{verb}的")
        if not parts:
            return "all tasks" if en else "通知中"
        return " ".join(parts) if en else "".join(parts)

    def _unit_head(self, q: Query, unit: str, members: list[Match]) -> str:
        en = q.lang == "en"
        f = next((u for u in q.units() if u.unit == unit), None)
        scope = f.scope if f else "any"
        if f and f.exclude == "lead":
            what = ("is only a supporting unit (not lead) in" if en else "只作为责任单位（不牵头）参与的")
        else:
            what = {"lead": ("leads", "牵头的"), "support": ("takes part in, not leading,", "参与（不牵头）的"),
                    "cooperate": ("is a responsible unit in", "作为责任单位参与的"),
                    "shared": ("shares (按职责分工负责)", "按职责分工负责的"), "any": ("takes part in", "牵头或参与的")}[scope]
            what = what[0] if en else what[1]
        return f"{unit} {what}" if en else f"{unit}{what}"

    def _elsewhere(self, unit: str, en: bool) -> str:
        """The tasks that name a unit in any role, said when it has none in the role asked, or ""."""
        named = [(t, u.role) for t in self.tasks for u in t.units if u.name == unit]
        if not named:
            return ""
        shown = named[:5]
        if en:
            said = "; ".join(f"{t.label_en} {t.title} ({role.value})"
                             for t, role in shown)
            return f"The notice names {unit} in: {said}" + (f" and {len(named) - 5} more." if len(named) > 5 else ".")
        said = "；".join(f"{self._ref(t)}「{t.title}」（{role.zh}）" for t, role in shown)  # (the title, as a list names it)
        return f"通知中{unit}出现在：{said}" + (f"等{len(named)}项。" if len(named) > 5 else "。")

    def _empty_list_ok(self, q: Query) -> bool:
        """A list or count with filters may rightly be empty (0 tasks); that is an answer — unless a figure of each is
        asked (附件1里各县的目标分别是多少, where no task is): then nothing the notice states was found."""
        return q.ask in (Ask.LIST, Ask.COUNT) and bool(q.filters) and not (q.ask is Ask.LIST and q.field == "figure")

    # ---- the notice's header -------------------------------------------------------------------
    def _header(self, q: Query) -> str:
        en = q.lang == "en"
        docs = [d for f in q.filters for d in getattr(f, "docs", ())]
        notices = [n for n in self.lex.notices if not docs or n.doc_id in docs]
        lines = []
        if len(notices) > 3:
            lines.append(f"The corpus holds {len(notices)} notices; name one by its document number. The latest:" if en
                         else f"语料中共有{len(notices)}份通知，请注明文号。最近的3份：")
            notices = sorted(notices, key=lambda n: n.date, reverse=True)[:3]
        counts = {}
        for t in self.tasks:
            counts[t.doc_id] = counts.get(t.doc_id, 0) + 1
        for n in notices:
            for field in q.header or ("title",):
                lines.append(self._header_line(n, field, counts.get(n.doc_id, 0), en))
        return "\n".join(lines)

    def _cited(self, q: Query) -> str:
        """The cited documents asked for, each with where the notice cites it (its header, or a task)."""
        en = q.lang == "en"
        lines = []
        for doc in q.cited:
            where = [(c.doc_id, c.row) for c in self.lex.cited if c.text == doc]
            said = "、".join(dict.fromkeys(
                (f"{d} task {self.tasks[r].number}" if en else f"{d}{self.tasks[r].label}") if r is not None
                else (f"the opening of {d}" if en else f"{d}开头") for d, r in where))
            lines.append(f"{doc} (cited in {said})" if en else f"{doc}（见{said}）")
        head = "The notice cites:" if en else "通知引用的文件："
        return head + ("\n" if len(lines) > 1 else "") + "\n".join(lines)

    @staticmethod
    def _header_line(n, field: str, count: int, en: bool) -> str:
        value = {
            "recipients": n.recipients or ("(not stated)" if en else "（未写明主送单位）"),
            "disclosure": n.disclosure or ("(not stated)" if en else "（未写明公开方式）"),
            "doc_id": n.doc_id,
            "date": n.date or ("(no date found)" if en else "（通知未写明日期）"),
            "issuer": n.issuer or ("(not stated)" if en else "（未写明）"),
            "basis": "；".join(n.basis) or ("(none named)" if en else "（未列出上级文件）"),
            "title": n.full_title,
            "count": f"{count} tasks" if en else f"{count}项",
            "sections": (f"{count} tasks in {len(n.sections)} sections: " if en
                         else f"共{count}项任务，分{len(n.sections)}个部分：")
            + "；".join(s.written if s.mark and not en else f"{s.number}. {s.title}" for s in n.sections),
        }[field]
        label = {"recipients": ("主送单位", "Addressed to"), "disclosure": ("公开方式", "Disclosure"),
                 "doc_id": ("文号", "Document number"), "date": ("印发日期", "Issued on"),
                 "issuer": ("发文机关", "Issued by"), "basis": ("落实的上级文件", "Implements"),
                 "title": ("标题", "Title"), "count": ("任务数", "Number of tasks"),
                 "sections": ("结构", "Structure")}[field][1 if en else 0]
        named = n.doc_id.startswith("《")  # no 文号: the notice is named by its title (and date) already
        source = [n.doc_id] if named else [f"{n.doc_id}《{n.title.strip('《》')}》"]
        source += [x for x in (n.issuer, "" if named and n.date in n.doc_id else n.date) if x]
        return (f"{label}: {value} — {n.doc_id}" + ("" if named else f" ({n.title})") if en
                else f"{label}：{value}（{'，'.join(source)}）")

    # ---- not in the notice -----------------------------------------------------------------------
    def _abstain(self, result: Result, context: Context | None) -> Answer:
        q = result.query
        en = q.lang == "en"
        related = [self.tasks[m.row] for m in result.related][:3]
        if not result.abstain and not result.matches:  # nothing to go on: ask what is meant
            text = ("Please name a task, a unit or a topic of the notice." if en else
                    "请说明要问的任务、单位或事项（例如：“老旧小区改造谁牵头？”“住建局牵头哪些任务？”）。")
            return Answer(q.question, text, True, (), kind="clarify", lang=q.lang, context=context, query=q.to_dict())
        reason = result.abstain
        if en:
            text = f"Not found in the notice ({reason})." if reason else "Not found in the notice."
            if related:
                text += " Nearest tasks, shown as related only: " + "; ".join(f"{t.label_en} {t.title}" for t in related) + "."
        else:
            text = "通知中未找到" + (reason or "与该问题对应的内容") + "。"
            if related:
                text += "以下任务可能相关（仅供参考）：" + "；".join(f"{self._ref(t)} {t.title}" for t in related) + "。"
        rel = tuple(Citation.of(self.tasks[m.row], m.score) for m in result.related[:5])
        return Answer(q.question, text, True, (), rel, "abstain", q.lang, context=context, query=q.to_dict())


# ---- unit phrases ----------------------------------------------------------------------------------

def _numbers_said(numbers: tuple[int, ...], en: bool) -> str:
    """Task numbers as a question names them: a run as its ends (第60项至第65项), else each (第5、8项)."""
    run = len(numbers) > 2 and list(numbers) == list(range(numbers[0], numbers[0] + len(numbers)))
    if en:
        return f"tasks {numbers[0]}–{numbers[-1]}" if run else "tasks " + ", ".join(map(str, numbers))
    return f"第{numbers[0]}项至第{numbers[-1]}项" if run else "第" + "、".join(map(str, numbers)) + "项"


def _tasks_of(scope: str) -> str:
    """第六部分「…」 → 第六部分「…」任务; 上述任务 stays."""
    return scope if scope.endswith("任务") else scope + "任务"


def _brackets_attached(sents: list[str]) -> list[str]:
    """Sentences with a bracket of their own (（活动地点：鲁南抗日民主政权建设纪念馆）。) joined to the sentence before,
    which the bracket says more of (一是开展王家湾红色研学活动。)."""
    out: list[str] = []
    for x in sents:
        if out and x[:1] in "（(" and re.fullmatch(r"[（(][^（）()]*[)）][。；;]?", x):
            out[-1] += x
        else:
            out.append(x)
    return out


_MANY_ASKED = lazy_compile(r"哪些|哪几|都有什么|分别")  # several things of the one task asked
# several figures asked at once, one of each: 分别, or figures asked for in the plural (指标都有哪些, 有哪些量化指标,
# what are the targets)
_RESPECTIVELY = lazy_compile(r"分别|各自|各是|(?:指标|目标|数字|数据)(?:值)?(?:都|还|一共|具体)?有(?:哪些|什么)"
                             r"|(?:哪些|哪几个)(?:具体的?|量化的?|硬性的?)?(?:指标|目标|数字|数据)"
                             r"|respectively|\b(?:what|which) are the (?:\w+ )?(?:targets|figures|numbers|goals)\b",
                             re.IGNORECASE)
MAX_RESPECTIVE = 4  # figure sentences quoted at most for one question
_ASKS_NUMBER = lazy_compile(r"多少|(?<!哪)几(?!个部分)|多大|多高|多长")  # a clause that asks a number
_EACH_FIELDS = ("section", "deadline", "figure", "text")  # fields a list shows per task, in place of its units


@cache
def _instance_named(noun: str) -> re.Pattern[str]:
    """A thing of the kind asked named in a sentence: two characters or more before the kind's word (冯卯镇,
    not 各镇), or a member's own ending (企业 → 有限公司: ``data/instance_kinds.tsv``)."""
    words = "|".join(re.escape(norm(w)) for w in (noun, *vocab.grouped("instance_kinds.tsv").get(noun, ())))
    return re.compile(rf"[\u4e00-\u9fff][^\W\d_a-z各每全本该其此](?:{words})")


def _label_of(units) -> str:
    """The notice's own label for these units (配合单位, 责任部门), else their role's name."""
    labels = {u.label for u in units if u.label}
    if len(labels) == 1:
        return next(iter(labels))
    if units and all(u.role is Role.SHARED for u in units):
        return "按职责分工负责的单位"
    return "责任单位"


def _lead_phrase(task: Task) -> str:
    return f"牵头单位：{'、'.join(task.lead_units)}" if task.lead_units else "未写明牵头单位"


def _who(task: Task) -> str:
    """由X牵头；配合单位：Y — or 由A、B按职责分工负责 — or 未写明单位."""
    if not task.units:
        return "未写明牵头单位或责任单位"
    if task.lead_units:
        rest = [u for u in task.units if u.role is not Role.LEAD]
        extra = f"；{_label_of(rest)}：{'、'.join(u.name for u in rest)}" if rest else ""
        return f"由{'、'.join(task.lead_units)}牵头{extra}"
    if task.shared_units and not task.responsible_units:
        return f"由{'、'.join(task.shared_units)}按职责分工负责（未指定牵头单位）"
    return f"未写明牵头单位；{task.units_phrase()}"


def _units_zh(task: Task) -> str:
    return task.units_phrase() or "未写明牵头单位或责任单位"


def _units_en(task: Task) -> str:
    if not task.units:
        return "no lead or responsible unit is named"
    parts = []
    if task.lead_units:
        parts.append("led by " + "、".join(task.lead_units))
    if task.responsible_units:
        parts.append("responsible units: " + "、".join(task.responsible_units))
    if task.shared_units:
        parts.append("shared by " + "、".join(task.shared_units) + " (按职责分工负责, no lead named)")
    return "; ".join(parts)


def _role_word(role: Role | None) -> str:
    return {Role.LEAD: "牵头", Role.RESPONSIBLE: "责任单位", Role.SHARED: "按职责分工负责"}.get(role, "") if role else ""


MAX_MATCHED_CHARS = 40  # the clause shown beside a listed task for the words that put it in the list


def _figures_of(f: PredicateFilter, task: Task) -> str:
    """The clauses of a task's text that give it a figure property asked (新建高标准农田5000亩 for 写了亩数的; 95% for
    以百分比表示的), joined; "" for other properties."""
    pattern = figure_property(f)
    if not pattern:
        return ""
    clauses = [c.strip() for c in re.split(r"[，,；;。]", task.text) if pattern.search(c)]
    return "，".join(c if len(c) <= MAX_MATCHED_CHARS else c[:MAX_MATCHED_CHARS] + "…" for c in clauses[:3])


def _where_matched(task: Task, terms: tuple[str, ...], asked: str) -> str:
    """The clause of a task's text holding the most of the matched words its title does not (深化城乡生活垃圾分类),
    those the question ``asked`` wrote first, as it joined them if a clause does (签订耕地保护目标责任书 of
    加快构建国土空间开发保护新格局, asked 耕地保护), so staff see why each task is in a topic list. "" when the title
    holds them all or no clause holds one."""
    words = [norm(t) for t in terms if t]
    title = norm(task.title)
    unseen = [w for w in words if w not in title]
    if not unseen:
        return ""
    clauses = [(c.strip(), norm(c.strip())) for c in re.split(r"[，,；;。：:]", task.text) if c.strip()]
    said = [w for w in unseen if w in asked]
    joined = [a + b for a, b in zip(words, words[1:]) if a + b in asked]  # (人才引进, 耕地保护)
    # the shortest of those holding the most
    best, normed = max(clauses, key=lambda c: (sum(w in c[1] for w in said), sum(j in c[1] for j in joined),
                                               sum(w in c[1] for w in unseen), sum(w in c[1] for w in words),
                                               -len(c[0])), default=("", ""))
    held = [normed.find(w) for w in unseen if w in normed]
    if not held:
        return ""
    if len(best) <= MAX_MATCHED_CHARS:
        return best
    k = held[0]  # (norm keeps each character's place)
    start = max(0, min(k - MAX_MATCHED_CHARS // 3, len(best) - MAX_MATCHED_CHARS))
    return ("…" if start else "") + best[start:start + MAX_MATCHED_CHARS] + ("…" if start + MAX_MATCHED_CHARS < len(best) else "")


def _role_nouns(f) -> tuple[str, str]:
    """The units a count property counts, in Chinese and English (most_leads, lead_count → 牵头单位, lead units)."""
    kind = f.predicate.removeprefix("most_").removesuffix("_count").rstrip("s")
    return {"lead": ("牵头单位", "lead units"), "support": ("责任单位", "responsible units")}.get(kind, ("单位", "units"))


def _property_phrase(f: PredicateFilter, en: bool) -> str:
    """How a scope line names a property of tasks (有多个牵头单位的 / with several lead units)."""
    if f.predicate.endswith("_count") or f.predicate.startswith("most_"):
        return _count_scope(f, en)
    if f.predicate == "has_measure":
        return f"with a figure in {f.measure}" if en else f"写有以“{f.measure}”计的数字的"
    if f.predicate == "has_date" and f.measure:  # 完成时限是9月25日前的
        return f"due {f.measure}" if en else f"时限为{f.measure}的"
    if f.predicate == "has_figure" and f.measure:  # 带投资金额的
        return f"with a stated {figure_name(f.measure, 'en')}" if en else f"写有{figure_name(f.measure, 'zh')}的"
    return {"no_lead": ("未写明牵头单位的", "with no lead unit named"),
            "several_leads": ("有多个牵头单位的", "with several lead units"),
            "shared": ("按职责分工负责的", "shared by units"),
            "no_units": ("未写明任何单位的", "with no unit named"),
            "no_support": ("未写明责任单位的", "with no responsible unit named"),
            "has_support": ("写有责任单位的", "with responsible units"),
            "has_figure": ("写有具体数量目标的", "with a stated figure"),
            "has_date": ("写明时间或期限的", "with a stated date or deadline"),
            "and_others": ("单位写有“等有关部门”的", "whose units end “and others”"),
            "has_percent": ("写有百分比数字的", "with a figure in per cent"),
            "in_body": ("正文中的", "in the notice's own text"),
            "in_annex": ("附件中的", "in its attachments")}[f.predicate][1 if en else 0]


def _count_scope(f, en: bool) -> str:
    """有3个牵头单位的 · 责任单位不少于2个的 · 牵头单位最多的 (a count filter, as the list's heading says it)."""
    zh_role, en_role = _role_nouns(f)
    if f.predicate.startswith("most_"):
        return f"naming the most {en_role}" if en else f"{zh_role}最多的"
    if en:
        en_role = en_role.removesuffix("s") if f.n == 1 else en_role  # with exactly 1 lead unit
        return {"eq": f"with exactly {f.n} {en_role}", "ge": f"with {f.n} or more {en_role}",
                "le": f"with at most {f.n} {en_role}"}[f.op]
    return {"eq": f"{'只' if f.n == 1 else ''}有{f.n}个{zh_role}的", "ge": f"{zh_role}不少于{f.n}个的", "le": f"{zh_role}不多于{f.n}个的"}[f.op]


def _full_reference(n: Notice, en: bool) -> str:
    """The notice in full, for a citation that names its issuer, title, number and date
    (山亭区人民政府办公室《关于印发…的通知》（山政办字〔2023〕28号，2023年9月22日））."""
    title = f"《{n.title.strip('《》')}》"
    numbered = [x for x in (n.doc_id if not n.doc_id.startswith("《") else "", n.date) if x]
    if en:
        return "Full reference: " + ", ".join(x for x in (n.issuer, title, *numbered) if x)
    return "完整出处：" + n.issuer + title + (f"（{'，'.join(numbered)}）" if numbered else "")


def _unique(cites: list[Citation]) -> tuple[Citation, ...]:
    """Each task cited once, at its first citation."""
    unique: dict[tuple[str, int], Citation] = {}
    for c in cites:
        unique.setdefault((c.doc, c.seq), c)
    return tuple(unique.values())
