"""Question → short answer with citations, composed from the parsed records.

Routes, tried in order: the notice's header (文号, date, …), task numbers,
a unit's complete list, a section's list, then hybrid search. Search answers
abstain when the notice does not hold what was asked: a year or a place it
never mentions, contact details, a figure of a kind the task does not state,
or weak retrieval evidence. No LLM is involved.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .errors import QuestionError
from .glossary import expand_english
from .intent import Intent, read_intent
from .retrieve import HybridRetriever
from .store import LoadedIndex
from .synonyms import COLLOQUIAL, expand_colloquial
from .text import norm, sentences, strip_controls
from .tokenize import STOPWORDS
from .types import Answer, Citation, Hit, Task
from .typos import SoundIndex
from .units import UnitDirectory

MAX_QUESTION_CHARS = 2000
MAX_NOTICES_UNNAMED = 3  # a question that names no notice is answered from at most this many

# Words that carry the shape of a question, not its topic; they never make a question out of scope.
QUESTION_WORDS = frozenset(
    "安排 情况 内容 要求 措施 举措 工作 任务 事情 事项 事 方面 具体 主要 相关 有关 关于 目标 指标 数字 多少 哪些 部门 单位 "
    "负责 牵头 归口 管 做 干 搞 抓 推进 打算 计划 怎么 如何 怎样 进展 什么 介绍 说说 讲讲 告诉 一下 知道 想 问 请问 查 查询 找 "
    "看看 事儿 哪家 哪个 谁 主管 分管 管理 重点 今年 本年 年度 全年 要求 多大 啥 咋 呀 没有 能 会 可以 应该 需要 要 得 达到 "
    "完成 实现 新增 包括 包含 涉及 属于 对应 哪一项 第几项 编号 序号 区里 我们 咱们 本区 全区 政府 这个 那个 里面 其中 "
    "责任 配合 参与 协助 承担 几个 几项 几家 几条 都 全部 所有 清单 列出 列表 是不是 是否 有没有 主要 规定 提到 提出 "
    "内容是 说的 讲的 讲 说 写 写的 关于 方面 领域 板块 部分 归 属 那边 这边 那块 这块 文件 通知 分别 那条 这条 那项 这项 哪条 "
    "各自 大概 大约 左右 一共 总共 合计 目前 现在 今后 当前 时候 怎么样 啥时候 ".split()
)
# Information a key-tasks notice never carries: asking for it is out of scope unless the text has the word.
NEVER_IN_NOTICES = re.compile(r"电话|联系方式|联系人|联络人|联络员|手机|邮箱|地址|网址|官网|办公地点|局长|主任|书记|负责人是谁|姓名|工资|天气|"
                              r"phone|email|address|website|director|contact")

_MEASURE = r"(?:万|亿|千|百)?(?:个|家|户|人|亩|%|％|平方米|立方米|米|吨|千瓦|瓦|元|所|处|批|项|座|公里|尾|头|次|场|名|台|套|条|间|栋|张|倍|批次|人次)"
FIGURE = re.compile(rf"\d+(?:\.\d+)?\s*{_MEASURE}(?:以上|左右|以内|以下)?")
# (kind, question pattern, pattern a task's text must contain to answer it)
FIGURE_KINDS = [
    ("money", re.compile(r"钱|资金|投资|预算|经费|金额|补贴|补助|奖励|奖补|费用|cost|budget|fund|money|invest|subsid"),
     re.compile(r"\d+(?:\.\d+)?\s*(?:万|亿)?元")),
    ("time", re.compile(r"什么时候|何时|哪天|截止|期限|时限|完工|通车|竣工|几月|哪年|when|deadline"),
     re.compile(r"\d{4}年|\d{1,2}月|年底|年内|月底|季度|时间节点")),
    ("people", re.compile(r"多少人|几人|人数|多少名|how many people"), re.compile(r"\d+(?:\.\d+)?\s*万?(?:人|名)")),
    ("area", re.compile(r"面积|多少亩|几亩|平方米|area"), re.compile(r"\d+(?:\.\d+)?\s*万?(?:亩|平方米)")),
    ("percent", re.compile(r"比例|百分之|占比|覆盖率|利用率|率是|率达|率多少|率为|percentage|rate|percent"), re.compile(r"\d+(?:\.\d+)?\s*[%％]")),
    ("capacity", re.compile(r"装机|容量|千瓦|capacity"), re.compile(r"\d+(?:\.\d+)?\s*万?千?瓦")),
    ("count", re.compile(r"多少|几个|几家|几所|几处|几项|数量|目标|指标|how many|how much|how big|how large|target|number|what is the (?:cap|limit|goal)"), FIGURE),
]
_FIGURE_IN_TEXT = {kind: pattern for kind, _, pattern in FIGURE_KINDS}
_FIGURE_NAMES = {"money": ("金额", "amount of money"), "time": ("时间", "date or deadline"), "people": ("人数", "number of people"),
                 "area": ("面积", "area"), "percent": ("比例", "percentage"), "capacity": ("容量", "capacity"),
                 "count": ("具体数字", "figure")}
_WHO = re.compile(r"谁|哪个部门|哪个单位|哪个局|哪个委|哪个办|哪个口|哪些部门|哪些单位|哪家|什么部门|什么单位|牵头|负责单位|责任单位|主管|归口|归哪|由哪|"
                  r"\bwho\b|which (?:bureau|department|unit|office|agency|authorit)|in charge|responsible|\blead")
_TOPIC_WORDS = re.compile(r"哪些|方面|有关|关于|相关|涉及|安排|措施|举措|which tasks|what tasks|tasks? (?:about|on|concern)|concern")
_RESIDUAL_GENERIC = QUESTION_WORDS | STOPWORDS | {"重点任务", "工作任务", "事情", "任务", "任务是", "分别", "作为", "配合",
                                                 "责任单位", "牵头单位", "一下", "哪几项", "列一下", "共同", "一起", "联合", "同时"}
# Glossary terms too general to show that an English question is about the notice.
_GENERIC_TERMS = {"通知", "任务", "重点工作任务", "目标", "局", "区", "镇", "户", "牵头单位", "责任单位", "单位", "部门", "中心",
                  "山亭", "山亭区", "年内", "全区", "工作"}
# Characters that only shape a question (哪个局管); a token made only of them is never a topic.
_QUESTION_CHARS = set("谁哪什么怎几多少管归属负责牵头局委办部门单位个些呢吗啊吧的了是有在要和与及或把被给让向从对为以就都也还又再才啥咋该这那里")
_PLACE = re.compile(r"(?:区|县|市|镇|省|乡|街道)")


@dataclass(frozen=True)
class Thresholds:
    """Evidence below which a search answer abstains (cosine of e5-small; BM25 score)."""

    dense_floor: float = 0.80
    dense_with_unknown: float = 0.88
    bm25_floor: float = 4.0


class Answerer:
    """Answers questions over one loaded index; safe to share between threads."""

    def __init__(self, index: LoadedIndex, retriever: HybridRetriever, units: UnitDirectory,
                 thresholds: Thresholds = Thresholds()):
        self.index, self.retriever, self.units, self.th = index, retriever, units, thresholds
        self.tasks = index.tasks
        self.rows = {(t.doc_id, t.number): i for i, t in enumerate(self.tasks)}
        self.notices = {n.doc_id: n for n in index.notices}
        self.task_counts: dict[str, int] = {}
        for t in self.tasks:
            self.task_counts[t.doc_id] = self.task_counts.get(t.doc_id, 0) + 1
        parts = [f"{t.section_title} {t.title} {t.text} {t.units_text}" for t in self.tasks]
        parts += [f"{n.doc_id} {n.title} {n.issuer} {n.date} {' '.join(n.basis)} {n.recipients}" for n in index.notices]
        self.corpus_text = norm(" ".join(parts))
        self.years = {int(y) for y in re.findall(r"(?<!\d)(20\d\d)(?!\d)", norm(" ".join(
            [t.text for t in self.tasks] + [n.doc_id + n.date for n in index.notices])))}
        self._sounds: SoundIndex | None = None
        # The places the notices are issued for: 山亭区人民政府办公室 → 山亭区.
        self.own_places = {m.group(0) for n in index.notices for m in re.finditer(r"[\u4e00-\u9fff]{2,3}[区县市]", norm(n.issuer))}

    # ---- entry point -------------------------------------------------------
    def answer(self, question: str) -> Answer:
        """Answer one question.

        Raises:
            QuestionError: the question is empty or longer than MAX_QUESTION_CHARS.
        """
        q = validate_question(question)
        intent = read_intent(q, self.units, tuple(self.notices.values()))
        if intent.metadata:
            return self._metadata(intent)
        never = NEVER_IN_NOTICES.search(intent.text)
        if never and never.group(0) not in self.corpus_text:  # contact details, officials' names, weather…
            what = f"“{never.group(0)}”方面的信息" if intent.lang == "zh" else f"any {never.group(0)} information"
            return self._abstain(intent, [], what)
        if intent.task_numbers:
            return self._by_number(intent)
        if intent.units and not self._residual_topic(intent) and (intent.wants_list or not _WHO.search(intent.text)):
            return self._unit_list(intent)  # 发改局牵头哪些任务 / 住建局 / 住建局的任务
        if intent.sections or (intent.section_titles and intent.wants_list):
            return self._section_list(intent)
        if intent.doc_ids and intent.wants_list and not intent.units and not self._residual_topic(intent, doc_words=True):
            return self._notice_list(intent)
        return self._search(intent)

    # ---- routes --------------------------------------------------------------
    def _metadata(self, intent: Intent) -> Answer:
        notices = [self.notices[d] for d in intent.doc_ids] or list(self.notices.values())
        en = intent.lang == "en"
        lines = []
        if len(notices) > MAX_NOTICES_UNNAMED:  # a corpus of many notices: answer for a few, ask for the 文号
            lines.append(f"The corpus holds {len(notices)} notices; name one by its document number. The latest:" if en
                         else f"语料中共有{len(notices)}份通知，请注明文号。最近的{MAX_NOTICES_UNNAMED}份：")
            notices = sorted(notices, key=lambda n: n.date, reverse=True)[:MAX_NOTICES_UNNAMED]
        for n in notices:
            field = intent.metadata
            count = self.task_counts.get(n.doc_id, 0)
            value = {
                "recipients": n.recipients or ("(not stated)" if en else "（未写明主送单位）"),
                "disclosure": n.disclosure or ("(not stated)" if en else "（未写明公开方式）"),
                "doc_id": n.doc_id,
                "date": n.date or ("(no date found)" if en else "（通知未写明日期）"),
                "issuer": n.issuer,
                "basis": "；".join(n.basis) or ("(none named)" if en else "（未列出上级文件）"),
                "title": n.title,
                "count": f"{count}项" if not en else f"{count} tasks",
                "sections": (f"{len(n.sections)}个部分：" if not en else f"{len(n.sections)} sections: ")
                + "；".join(f"{s.number}. {s.title}" for s in n.sections),
            }[field]
            label = {"recipients": ("主送单位", "Addressed to"), "disclosure": ("公开方式", "Disclosure"),
                     "doc_id": ("文号", "Document number"), "date": ("印发日期", "Issued on"),
                     "issuer": ("发文机关", "Issued by"), "basis": ("落实的上级文件", "Implements"),
                     "title": ("标题", "Title"), "count": ("任务数", "Number of tasks"),
                     "sections": ("结构", "Structure")}[field][1 if en else 0]
            ref = f"{n.doc_id}《{n.title}》"
            lines.append(f"{label}: {value} — {ref}" if en else f"{label}：{value}（{ref}，{n.issuer}，{n.date}）")
        return Answer(intent.question, "\n".join(lines), False, (), (), "metadata", intent.lang)

    def _by_number(self, intent: Intent) -> Answer:
        docs = intent.doc_ids or tuple(self.notices)
        hits = [Hit(self.tasks[self.rows[(d, n)]], 1.0, "number")
                for n in intent.task_numbers for d in docs if (d, n) in self.rows]
        if not hits:
            counts = "、".join(f"{d}共{self.task_counts.get(d, 0)}项" for d in docs[:MAX_NOTICES_UNNAMED])
            nums = "、".join(f"第{n}项" for n in intent.task_numbers)
            text = (f"Not found: the notice has no task {', '.join(map(str, intent.task_numbers))} ({counts})."
                    if intent.lang == "en" else f"通知中未找到{nums}（{counts}）。")
            return Answer(intent.question, text, True, (), (), "abstain", intent.lang)
        if len(hits) > 1 and len(intent.task_numbers) == 1:  # the same number in several notices
            ranking = self.retriever.rank(intent.question, rows=[self.rows[(h.task.doc_id, h.task.number)] for h in hits])
            order = {r: k for k, (r, _) in enumerate(ranking.fused)}
            hits.sort(key=lambda h: order.get(self.rows[(h.task.doc_id, h.task.number)], 1 << 30))
            hits = hits[:MAX_NOTICES_UNNAMED]  # the notices where that number fits the question best
        return self._about_tasks(intent, hits, kind="task")

    def _unit_list(self, intent: Intent) -> Answer:
        en = intent.lang == "en"
        if intent.together:
            return self._joint_list(intent)
        parts, citations = [], []
        for mention in intent.units:
            s = self.units.summary(mention.name)
            lead = [t for t in s.lead if not intent.doc_ids or t.doc_id in intent.doc_ids]
            resp = [t for t in s.responsible if not intent.doc_ids or t.doc_id in intent.doc_ids]
            show_lead = intent.role in ("lead", "any")
            show_resp = intent.role in ("responsible", "any")
            if show_lead:
                citations += [Citation.of(Hit(t, 1.0, "unit"), "lead") for t in lead]
                parts.append(_unit_line(s.name, lead, "lead", en))
            if show_resp:
                citations += [Citation.of(Hit(t, 1.0, "unit"), "responsible") for t in resp]
                parts.append(_unit_line(s.name, resp, "responsible", en))
            if intent.role == "lead" and resp:
                parts.append(("(Also responsible unit for tasks " + ", ".join(str(t.number) for t in resp) + ".)") if en
                             else f"（另作为责任单位参与{len(resp)}项：{'、'.join(f'第{t.number}项' for t in resp)}。）")
        unique = tuple(dict.fromkeys(citations))
        return Answer(intent.question, "\n".join(parts), False, unique, (), "unit_list", intent.lang)

    def _joint_list(self, intent: Intent) -> Answer:
        """Tasks that several units share (科技局和工信局共同牵头的任务)."""
        names = [m.name for m in intent.units]

        def roles(t: Task) -> tuple[str, ...]:
            return t.lead_units if intent.role == "lead" else t.lead_units + t.responsible_units

        tasks = [t for t in self.tasks if all(n in roles(t) for n in names)
                 and (not intent.doc_ids or t.doc_id in intent.doc_ids)]
        items = _task_items(tasks)
        joined = "、".join(names)
        what = "共同牵头" if intent.role == "lead" else "共同承担"
        text = (f"{len(tasks)} task(s) shared by {joined}" + (f": {items}." if tasks else ".") if intent.lang == "en"
                else f"{joined}{what}的任务共{len(tasks)}项" + (f"：{items}。" if tasks else "。"))
        role = "lead" if intent.role == "lead" else ""
        return Answer(intent.question, text, False, tuple(Citation.of(Hit(t, 1.0, "unit"), role) for t in tasks), (),
                      "unit_list", intent.lang)

    def _section_list(self, intent: Intent) -> Answer:
        en = intent.lang == "en"
        docs = intent.doc_ids or tuple(self.notices)
        wanted = {(d, n) for d, n in intent.section_titles if d in docs} | {(d, n) for d in docs for n in intent.sections}
        if len({d for d, _ in wanted}) > MAX_NOTICES_UNNAMED:  # many notices: the ones whose section fits best
            rows = [i for i, t in enumerate(self.tasks) if (t.doc_id, t.section) in wanted]
            ranked = self.retriever.rank(intent.question, rows=rows).fused if rows else ()
            keep = set(tuple(dict.fromkeys(self.tasks[r].doc_id for r, _ in ranked))[:MAX_NOTICES_UNNAMED])
            wanted = {(d, n) for d, n in wanted if d in keep}
        lines, citations = [], []
        for doc_id, number in sorted(wanted, key=lambda x: (x[0], x[1])):
            tasks = [t for t in self.tasks if t.doc_id == doc_id and t.section == number]
            if not tasks:
                continue
            title = tasks[0].section_title
            items = _task_items(tasks)
            lines.append(f"Section {number} ({title}) of {doc_id} has {len(tasks)} tasks: {items}." if en
                         else f"{doc_id} 第{_cn(number)}部分「{title}」共{len(tasks)}项任务：{items}。")
            citations += [Citation.of(Hit(t, 1.0, "section")) for t in tasks]
        if not citations:
            return self._search(intent)
        return Answer(intent.question, "\n".join(lines), False, tuple(citations), (), "section_list", intent.lang)

    def _notice_list(self, intent: Intent) -> Answer:
        """Every task of the notice(s) a question names (2024年的营商环境任务有哪些)."""
        en = intent.lang == "en"
        lines, citations = [], []
        for doc_id in intent.doc_ids:
            tasks = [t for t in self.tasks if t.doc_id == doc_id]
            items = _task_items(tasks)
            title = self.notices[doc_id].title
            lines.append(f"{doc_id} ({title}) has {len(tasks)} tasks: {items}." if en
                         else f"{doc_id}《{title}》共{len(tasks)}项任务：{items}。")
            citations += [Citation.of(Hit(t, 1.0, "notice")) for t in tasks]
        return Answer(intent.question, "\n".join(lines), False, tuple(citations), (), "notice_list", intent.lang)

    def _search(self, intent: Intent) -> Answer:
        if intent.lang == "en":  # match the Chinese text through the notice's own terms
            terms = self._expansions(intent)
            tokens = self.index.tokenizer.tokens(" ".join(terms))
            query, query_tokens = f"{intent.question} {' '.join(terms)}".strip(), tokens
        else:
            tokens = self.index.tokenizer.tokens(intent.question)
            query, query_tokens = self._corrected(intent, tokens)
            official = self._expansions(intent)
            if official:  # 小孩 → 儿童: add the notice's word, keep the question's
                query = f"{query} {' '.join(official)}"
                query_tokens += self.index.tokenizer.tokens(" ".join(official))
        rows = None
        if intent.units:  # a named unit narrows the search to its tasks
            summaries = [self.units.summary(m.name) for m in intent.units]
            rows = sorted({self.rows[(t.doc_id, t.number)] for s in summaries for t in s.lead + s.responsible})
        if intent.doc_ids:
            docs = set(intent.doc_ids)
            rows = [i for i in (range(len(self.tasks)) if rows is None else rows) if self.tasks[i].doc_id in docs]
        ranking = self.retriever.rank(query, rows=rows or None, tokens=query_tokens)
        if not ranking.fused:
            return self._abstain(intent, [], "")
        hits = [Hit(self.tasks[r], s, "hybrid") for r, s in ranking.fused[:8]]
        top_dense = max(ranking.dense.values(), default=0.0)
        top_sparse = max(ranking.sparse.values(), default=0.0)

        reason = self._out_of_scope(intent, tokens, top_dense, top_sparse) or self._foreign_scope(intent.text, hits[0].task)
        if reason:
            return self._abstain(intent, hits, reason)
        kind = _figure_kind(intent.text)
        if kind and not _WHO.search(intent.text) and not _FIGURE_IN_TEXT[kind].search(_full_text(hits[0].task)):
            return self._abstain(intent, hits, _not_stated(hits[0].task, kind, intent.lang))
        n_cite = 5 if (_TOPIC_WORDS.search(intent.text) and not _WHO.search(intent.text)) else 1
        cited = _agreeing(hits, ranking, n_cite)
        return self._about_tasks(intent, cited, kind="search", related=[h for h in hits if h not in cited][:4])

    # ---- composing -------------------------------------------------------------
    def _about_tasks(self, intent: Intent, hits: list[Hit], kind: str, related: list[Hit] = ()) -> Answer:
        en = intent.lang == "en"
        who = bool(_WHO.search(intent.text))
        figure_kind = _figure_kind(intent.text)
        lines, highlights = [], []
        for h in hits:
            t = h.task
            best = self._best_sentences(intent, t, figure_kind)
            highlights.append((t.id, tuple(best)))
            if kind == "task" and not figure_kind and not who:  # 第26项是什么: the task itself is the answer
                body = "".join(dict.fromkeys(sentences(t.text)))
                best = [body if len(body) <= 240 else body[:240] + "……"]
            if kind == "task" and figure_kind and not who and not _FIGURE_IN_TEXT[figure_kind].search(_full_text(t)):
                return self._abstain(intent, [h], _not_stated(t, figure_kind, intent.lang))
            line = _task_line(t, best, who, intent.role, en, quote_too=figure_kind is not None)
            lines.append(f"{t.doc_id} {line}" if len(self.notices) > 1 else line)
        if len(hits) > 1 and not en:
            lines.insert(0, f"相关任务共{len(hits)}项：")
        elif len(hits) > 1:
            lines.insert(0, f"{len(hits)} related tasks:")
        return Answer(intent.question, "\n".join(lines), False, tuple(Citation.of(h) for h in hits),
                      tuple(Citation.of(h) for h in related), kind, intent.lang, tuple(highlights))

    def _abstain(self, intent: Intent, hits: list[Hit], reason: str) -> Answer:
        en = intent.lang == "en"
        if en:
            text = "Not found in the notice" + (f" ({reason})" if reason else "") + "."
            if hits:
                text += " Nearest tasks, shown as related only: " + "; ".join(
                    f"task {h.task.number} {h.task.title}" for h in hits[:3]) + "."
        else:
            text = "通知中未找到" + (reason if reason else "与该问题对应的内容") + "。"
            if hits:
                text += "以下任务可能相关（仅供参考）：" + "；".join(f"第{h.task.number}项 {h.task.title}" for h in hits[:3]) + "。"
        return Answer(intent.question, text, True, (), tuple(Citation.of(h) for h in hits[:5]), "abstain", intent.lang)

    # ---- evidence ----------------------------------------------------------------
    def _out_of_scope(self, intent: Intent, tokens: list[str], top_dense: float, top_sparse: float) -> str:
        """Why the notice cannot answer this question, or "" when it may."""
        missing_years = [y for y in intent.years if y not in self.years]
        if missing_years:
            return f"{missing_years[0]}年的相关内容" if intent.lang == "zh" else f"anything on {missing_years[0]}"
        if intent.relative_year:  # the notices set one year's tasks; 明年/去年 is another year
            return f"“{intent.relative_year}”的相关内容" if intent.lang == "zh" else f"anything on {intent.relative_year}"
        unknown = [] if intent.lang == "en" else self._unknown_terms(intent, tokens)
        places = [u for u in unknown if _PLACE.search(intent.text[intent.text.find(u) + len(u):][:1] + u[-1:])]
        if places:  # a place the notice never names: another district's question
            return f"关于“{places[0]}”的内容"
        focus = [u for u in unknown if _is_focus(u, intent.text)]
        if focus:  # the very thing asked for (什么时候通车, 装机容量多大) is not in the notice
            return f"“{'、'.join(focus)}”的相关内容"
        if unknown and top_dense < self.th.dense_with_unknown:
            return f"“{'、'.join(unknown)}”的相关内容"
        if intent.lang == "en" and not tokens and not intent.units:
            return "any task on this topic"  # nothing in the question maps to the notice's vocabulary
        if top_dense < self.th.dense_floor and top_sparse < self.th.bm25_floor and not intent.units and intent.lang == "zh":
            return "" if not unknown and top_sparse > 0 else "与该问题对应的内容"
        return ""

    def _unknown_terms(self, intent: Intent, tokens: list[str]) -> list[str]:
        """Content words of the question that occur nowhere in the corpus (typos excused)."""
        covered = norm("".join(m.surface for m in intent.units))
        out = []
        for tok in tokens:
            if (len(tok) < 2 or tok in QUESTION_WORDS or tok in covered or not re.search(r"[\u4e00-\u9fff]", tok)
                    or set(tok) <= _QUESTION_CHARS or tok in self.corpus_text or tok in COLLOQUIAL or self._correct(tok)):
                continue
            if len(tok) >= 3 and (tok[1:] in self.corpus_text or tok[:-1] in self.corpus_text):
                continue  # a segmentation artifact such as 后+处理; its sub-words were checked on their own
            if any(tok in o or o in tok for o in out):
                continue
            out.append(tok)
        return out

    def _expansions(self, intent: Intent) -> list[str]:
        """The notice's own words for an English or colloquial question (glossary, synonyms)."""
        if intent.lang == "en":
            return [t for t in expand_english(intent.question) if t not in _GENERIC_TERMS]
        return expand_colloquial(intent.text, self.corpus_text)

    def _foreign_scope(self, text: str, task: Task) -> str:
        """A question about a wider area than the notice covers (全市, 枣庄市, 全省) that the answering task does not name."""
        for m in re.finditer(r"全市|全省|全国|[\u4e00-\u9fff]{2,3}(?:市|省)(?![场政委民级区县属直])", text):
            scope = m.group(0)
            if scope.endswith(("城市", "都市", "超市", "门市")) or scope in self.own_places:
                continue
            if scope not in norm(task.text):
                return f"关于“{scope}”的内容（通知只部署{'、'.join(sorted(self.own_places)) or '本地'}的任务）"
        return ""

    def _correct(self, token: str) -> str | None:
        """The corpus word a mistyped token sounds like (改照 → 改造), or None."""
        if self._sounds is None:
            self._sounds = SoundIndex(self.index.bm25.vocabulary())
        return self._sounds.correct(token)

    def _corrected(self, intent: Intent, tokens: list[str]) -> tuple[str, list[str]]:
        """Question text and tokens with sound-alike typos replaced by corpus words."""
        text, fixed = intent.question, []
        for tok in tokens:
            good = None if self.index.bm25.has_term(tok) or tok in self.corpus_text else self._correct(tok)
            if good:
                text = text.replace(tok, good)
            fixed.append(good or tok)
        return text, fixed

    def _residual_topic(self, intent: Intent, doc_words: bool = False) -> list[str]:
        """Topic words left once units, roles and list words (and, with ``doc_words``, the
        named notices' own title words and years) are taken out."""
        text = intent.text
        for m in intent.units:
            text = text.replace(norm(m.surface), " ")
        titles = "".join(norm(self.notices[d].title + d) for d in intent.doc_ids) if doc_words else ""
        return [t for t in self.index.tokenizer.tokens(text) if t not in _RESIDUAL_GENERIC and len(t) >= 2
                and t in self.corpus_text and t not in titles and not re.fullmatch(r"[a-z]+", t)]

    def _best_sentences(self, intent: Intent, task: Task, figure_kind: str | None) -> list[str]:
        """The sentences of a task's text that answer the question (for quoting and highlighting)."""
        sents = list(dict.fromkeys(sentences(task.text)))
        if task.units_text and _FIGURE_IN_TEXT["time"].search(task.units_text):
            sents.append(f"（{task.units_text}）")  # a deadline written in the unit clause
        if len(sents) <= 1:
            return sents
        q = intent.text + " " + " ".join(self._expansions(intent))
        qgrams = {q[i:i + 2] for i in range(len(q) - 1)}
        pattern = _FIGURE_IN_TEXT.get(figure_kind) if figure_kind else None

        def score(idx_s: tuple[int, str]) -> float:
            idx, s = idx_s
            ns = norm(s)
            overlap = sum(1 for g in qgrams if g in ns)
            bonus = 3.0 if pattern is not None and pattern.search(s) else 0.0
            return overlap + bonus - 0.01 * idx

        ranked = sorted(enumerate(sents[1:], start=1), key=score, reverse=True)
        if pattern is not None:
            with_figure = [(i, s) for i, s in ranked if pattern.search(s) and score((i, s)) >= 4.0]
            if with_figure:  # a question may ask for two figures of one kind (疫苗接种率: 90%, 95%)
                keep = [p for p in with_figure[:2] if score(p) >= score(with_figure[0]) - 3.0]
                return [s for _, s in sorted(keep)]
        return [ranked[0][1]]


def _full_text(task: Task) -> str:
    """The task's text with its unit clause, where some notices put deadlines (完成时限：…)."""
    return f"{task.text}（{task.units_text}）" if task.units_text else task.text


def _not_stated(task: Task, kind: str, lang: str) -> str:
    zh, en = _FIGURE_NAMES[kind]
    return f"task {task.number} states no {en}" if lang == "en" else f"第{task.number}项未写明所问的{zh}"


def validate_question(question: object) -> str:
    """Clean a question or raise QuestionError saying what is wrong with it."""
    if not isinstance(question, str):
        raise QuestionError(f"question must be text, got {type(question).__name__}")
    q = strip_controls(question).strip()
    if not q:
        raise QuestionError("the question is empty; type a question about the notice")
    if len(q) > MAX_QUESTION_CHARS:
        raise QuestionError(f"the question is {len(q)} characters long; the limit is {MAX_QUESTION_CHARS}")
    return q


_ASK = re.compile(r"什么时候|什么时间|啥时候|啥时|何时|多少钱|多少|多大|多高|多长|多久|几个|几家|几所|几项|几|哪天|哪一年|哪年|是什么|是啥|是谁|怎么样")


def _is_focus(term: str, text: str) -> bool:
    """True when ``term`` is what the question asks about: right next to its interrogative.

    >>> _is_focus("通车", "临滕高速什么时候通车"), _is_focus("小孩", "1到7岁小孩全程接种率目标是多少")
    (True, False)
    """
    k = text.find(term)
    if k < 0:
        return False
    before, after = text[:k], text[k + len(term):]
    # the interrogative just before the term (什么时候全线通车) or right after it (容量多大)
    return bool(re.search(rf"(?:{_ASK.pattern}).{{0,2}}$", before) or re.match(rf"(?:的)?(?:{_ASK.pattern})", after))


def _figure_kind(text: str) -> str | None:
    for kind, asks, _ in FIGURE_KINDS:
        if asks.search(text):
            return kind
    return None


def _agreeing(hits: list[Hit], ranking, n: int) -> list[Hit]:
    """The top hit, plus up to n-1 more that both retrievers ranked high."""
    if n <= 1:
        return hits[:1]
    dense_rank = {r: k for k, r in enumerate(sorted(ranking.dense, key=ranking.dense.get, reverse=True))}
    sparse_rank = {r: k for k, r in enumerate(sorted(ranking.sparse, key=ranking.sparse.get, reverse=True))}
    out = hits[:1]
    for h, (row, _) in zip(hits[1:], ranking.fused[1:], strict=False):
        if len(out) >= n:
            break
        if dense_rank.get(row, 99) < 8 and sparse_rank.get(row, 99) < 8:
            out.append(h)
    return out


def _cn(n: int) -> str:
    from .text import int_to_cn

    return int_to_cn(n)


def _units_phrase(t: Task, en: bool) -> str:
    if not t.lead_units and not t.responsible_units:
        return "no lead or responsible unit is named" if en else "未写明牵头单位或责任单位"
    parts = []
    if t.lead_units:
        parts.append(("led by " if en else "牵头单位：") + "、".join(t.lead_units))
    if t.responsible_units:
        parts.append(("responsible units: " if en else "责任单位：") + "、".join(t.responsible_units))
    return ("; " if en else "；").join(parts)


def _task_line(t: Task, best: list[str], who: bool, role: str, en: bool, quote_too: bool) -> str:
    """One task's line: units first when asked who, the quoted sentences otherwise (or too)."""
    quote = "".join(best)
    if en:
        head = f"Task {t.number} ({t.title}, {t.doc_id})"
        if who:
            return f"{head}: {_units_phrase(t, True)}." + (f" “{quote}”" if quote_too and quote else "")
        return f"{head}, {_units_phrase(t, True)}: “{quote or t.title}”"
    head = f"第{t.number}项「{t.title}」"
    if who:
        if role == "responsible":
            resp = "、".join(t.responsible_units)
            line = (f"{head}的责任单位是{resp}" if resp else f"{head}未写明责任单位") + \
                   f"（牵头单位：{'、'.join(t.lead_units) or '未写明'}）。"
        elif t.lead_units:
            extra = f"；责任单位：{'、'.join(t.responsible_units)}" if t.responsible_units else ""
            line = f"{head}由{'、'.join(t.lead_units)}牵头{extra}。"
        else:
            line = f"{head}{_units_phrase(t, False)}。"
        return line + (f"原文：{quote}" if quote_too and quote else "")
    return f"{head}（{_units_phrase(t, False)}）：{quote or t.title}"


def _task_items(tasks) -> str:
    """第9项 精准管控“两高”行业；第12项 …"""
    return "；".join(f"第{t.number}项 {t.title}" for t in tasks)


def _unit_line(name: str, tasks: list[Task], role: str, en: bool) -> str:
    items = _task_items(tasks)
    if en:
        what = "leads" if role == "lead" else "is a responsible unit for"
        return f"{name} {what} {len(tasks)} task(s)" + (f": {items}." if tasks else ".")
    what = "牵头" if role == "lead" else "作为责任单位参与"
    return f"{name}{what}的任务共{len(tasks)}项" + (f"：{items}。" if tasks else "。")
