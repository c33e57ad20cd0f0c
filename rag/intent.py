"""What a question asks for: task numbers, units, sections, the notice itself,
a figure, a list — read by rules over the normalised question."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .text import CN_NUMERAL, cn_to_int, looks_english, norm
from .types import Notice
from .units import UnitDirectory, UnitMention

_NUM = rf"(\d{{1,3}}|[{CN_NUMERAL}]{{1,4}})"
# Task numbers in the forms staff write them. (?!\d) keeps 任务8 from reading 任务89 as 8 and vice versa.
_TASK_NUMBER = [
    re.compile(rf"第\s*{_NUM}\s*(?:项|条|个任务|号任务|号|点|个(?!部分|方面|板块|大项))"),
    re.compile(r"^\s*(\d{1,3})\s*[.．、](?!\d)"),  # a pasted task line: 26.推进城市更新行动……
    re.compile(r"\b(\d{1,3})(?:st|nd|rd|th)\s+(?:task|item)"),
    re.compile(rf"(?:任务|事项)\s*(?:第|编号|序号|no\.?|#)?\s*{_NUM}(?![\d{CN_NUMERAL}万亿个人家年月日%])"),
    re.compile(rf"(?<![\d.]){_NUM}\s*号\s*(?:任务|事项)"),
    re.compile(r"(?:task|item|no\.?|number|#)\s*#?\s*(\d{1,3})(?!\d)"),
]
_SECTION_NUMBER = [
    re.compile(rf"第\s*{_NUM}\s*(?:部分|大项|节|章|板块|方面|大类|块)"),
    re.compile(rf"(?<![{CN_NUMERAL}\d])([{CN_NUMERAL}]{{1,3}})\s*[,、.]\s*(?:那|这)?(?:一)?(?:部分|块|节|板块|大项)"),
    re.compile(r"(?:section|part|chapter)\s*(\d{1,2})(?!\d)"),
]
_SECTION_WORDS = re.compile(r"部分|大项|节|章|板块|方面|大类|领域|那块|这块|section|part|chapter|类")
_LIST_WORDS = re.compile(r"哪些|哪几|那些|几项|几条|多少项|多少个任务|几个任务|多少条|全部|所有|都(?:有|负责|牵头|包括|是)|清单|列出|列一下|列举|罗列|汇总|梳理|盘点|列表|包括什么|包含|有什么|"
                         r"\blist\b|\ball\b|which tasks|what tasks|how many tasks|what are the tasks|what does .* lead|what is .* responsible")
_ROLE_LEAD = re.compile(r"牵头|主责|lead|in charge|head")
_ROLE_RESP = re.compile(r"责任单位|配合|协助|参与单位|协同|support|co-?operat|assist|responsible unit")
_FIGURE = re.compile(r"多少|多大|多高|多长|多久|容量|几个|几家|几项|几处|几所|几人|几万|几亿|目标|指标|数量|比例|比率|占比|面积|规模|产能|达到|达多少|"
                     r"how (?:much|many)|what (?:is|was) the (?:target|goal|number|amount)|target|percentage|rate|capacity")
_YEAR = re.compile(r"(?<!\d)(19\d\d|20\d\d)(?:\s*年|(?!\d))")

# What the notice's header answers (field → patterns).
_METADATA = {
    "basis": re.compile(r"(?:依据|根据|落实|贯彻|对应|依照)(?:了)?(?:哪些|什么|哪个|哪几个)(?:上级)?(?:文件|精神|通知|政策)|上级文件|依据(?:的)?文件|"
                        r"(?:上级|省委|省政府|市委|市政府|省里|市里)[^，,。?？]{0,8}(?:文件|文号|通知)|"
                        r"(?:制定|印发|出台)?(?:的)?(?:依据|根据)(?:是什么|是啥|有哪些|什么)|"
                        r"based on|higher-level|implements? which|which documents"),
    "recipients": re.compile(r"主送|发给|印发给|下发给|发送给|发到|哪些单位(?:收|接收)|addressed to|recipients"),
    "disclosure": re.compile(r"公开|保密|涉密|密级|public|confidential"),
    "doc_id": re.compile(r"文号|发文字号|字号|文件号|文件编号|通知编号|发文编号|document number|reference number|file number"),
    "date": re.compile(r"(?:什么时候|何时|哪天|哪一天|几月几日|日期|时间|哪年)[^，,。?？]{0,6}(?:印发|发布|下发|出台|发的|成文)|"
                       r"(?:印发|发布|下发|出台|成文|发文)(?:的)?(?:日期|时间)|(?:印发|发布|下发|成文)于|"
                       r"when (?:was|did) .*(?:issued|published|released)|date of (?:issue|the notice)|issue date"),
    "issuer": re.compile(r"(?:谁|哪个单位|哪个部门|哪个机关|什么单位|什么机关|哪家)(?:印发|发布|下发|发的|制定|出台)|发文机关|发文单位|印发单位|"
                         r"who (?:issued|published|released)|issuing (?:office|authority|body)|issued by"),
    "title": re.compile(r"标题|题目|全称|文件名|叫什么|名称是|title of"),
    "count": re.compile(r"(?:一共|总共|共有|共|总计)?(?:多少|几)(?:项|个|条)(?:重点)?(?:工作)?任务|任务(?:一共|总共|共)(?:有)?(?:多少|几)|"
                        r"how many (?:key )?tasks|number of tasks"),
    "sections": re.compile(r"(?:多少|几)(?:个)?(?:部分|方面|板块|大类)|how many sections"),
}
_RELATIVE_YEAR = re.compile(r"明年|去年|前年|后年|上一年|下一年|来年|next year|last year")
_TOGETHER = re.compile(r"共同|一起|联合|同时|都是|都有|both|jointly|together")
_DOC_WORDS = re.compile(r"通知|文件|本文|该文|这份|此文|文号|这个文|notice|document|policy")


@dataclass(frozen=True)
class Intent:
    """A question read for the routes that answer it exactly."""

    question: str
    text: str  # normalised
    lang: str  # "zh" or "en"
    task_numbers: tuple[int, ...]
    units: tuple[UnitMention, ...]
    sections: tuple[int, ...]  # section numbers named by number
    section_titles: tuple[tuple[str, int], ...]  # (doc_id, section) named by title
    doc_ids: tuple[str, ...]
    role: str  # "lead", "responsible" or "any"
    wants_list: bool
    wants_figure: bool
    metadata: str | None
    years: tuple[int, ...]
    relative_year: str  # 明年, 去年… ("" when none): a year other than the notices' own
    together: bool  # several units asked about jointly (共同牵头)


def read_intent(question: str, units: UnitDirectory, notices: tuple[Notice, ...]) -> Intent:
    """Read a question.

    >>> from rag.types import Task
    >>> d = UnitDirectory([Task("D", 26, 3, "", "推进城市更新行动", "", ("区住房和城乡建设局",), (), "", 1)])
    >>> i = read_intent("第二十六项谁牵头？", d, ())
    >>> i.task_numbers, i.role
    ((26,), 'lead')
    """
    text = norm(question)
    lang = "en" if looks_english(question) else "zh"
    numbers = _numbers(_TASK_NUMBER, text)
    sections = _numbers(_SECTION_NUMBER, text)
    mentions = tuple(units.find_in(question))
    titles = _section_titles(text, notices, loose=bool(_SECTION_WORDS.search(text))) if (
        _SECTION_WORDS.search(text) or _LIST_WORDS.search(text)) else ()
    role = "lead" if _ROLE_LEAD.search(text) else "responsible" if _ROLE_RESP.search(text) else "any"
    metadata = None
    if not numbers and not mentions and not sections and not titles:
        for name, pattern in _METADATA.items():
            if pattern.search(text) and (name in ("doc_id", "count", "sections", "basis", "issuer", "recipients")
                                         or _DOC_WORDS.search(text)):
                metadata = name
                break
    return Intent(
        question=question, text=text, lang=lang, task_numbers=numbers, units=mentions,
        sections=sections, section_titles=titles, doc_ids=_doc_mentions(text, notices), role=role,
        wants_list=bool(_LIST_WORDS.search(text)), wants_figure=bool(_FIGURE.search(text)),
        metadata=metadata, years=tuple(int(y) for y in _YEAR.findall(text)),
        relative_year=(_RELATIVE_YEAR.search(text) or [""])[0],
        together=len(mentions) > 1 and bool(_TOGETHER.search(text)),
    )


def _numbers(patterns: list[re.Pattern[str]], text: str) -> tuple[int, ...]:
    found: list[int] = []
    for pattern in patterns:
        for m in pattern.finditer(text):
            raw = m.group(1)
            n = int(raw) if raw.isdigit() else cn_to_int(raw)
            if n and n not in found:
                found.append(n)
    return tuple(found)


def _section_titles(text: str, notices: tuple[Notice, ...], loose: bool) -> tuple[tuple[str, int], ...]:
    """Sections the question names by title.

    Strict: a run of four or more characters of the title appears in the
    question. Loose (the question says 部分/那块/节…): the best-matching title
    whose characters, in order, cover at least three characters and a third of
    it (扩内需 → 坚定不移扩大内需).
    """
    found, best, best_score = [], None, 0.0
    for notice in notices:
        for s in notice.sections:
            title = norm(s.title)
            if len(title) >= 4 and _longest_common_run(title, text) >= 4:
                found.append((notice.doc_id, s.number))
            common = _common_subsequence(title, text)
            score = common / len(title) if title else 0.0
            if common >= 3 and score >= 1 / 3 and score > best_score:
                best, best_score = (notice.doc_id, s.number), score
    if not found and loose and best:
        found.append(best)
    return tuple(found)


def _longest_common_run(a: str, b: str) -> int:
    best = 0
    for i in range(len(a)):
        for j in range(i + best + 1, len(a) + 1):
            if a[i:j] in b:
                best = j - i
            else:
                break
    return best


def _common_subsequence(a: str, b: str) -> int:
    """Length of the longest common subsequence (dynamic programming, O(len a · len b))."""
    prev = [0] * (len(b) + 1)
    for ch in a:
        cur = [0]
        for j, other in enumerate(b):
            cur.append(prev[j] + 1 if ch == other else max(prev[j + 1], cur[j]))
        prev = cur
    return prev[-1]


def _doc_mentions(text: str, notices: tuple[Notice, ...]) -> tuple[str, ...]:
    """Notices a question names: by 文号 (or its 〔2024〕12号 / 12号文 tail), else — when several
    notices are loaded — by a year only one of them is for, or by words only its title has."""
    found = []
    for n in notices:
        doc = norm(n.doc_id)
        m = re.search(r"\[(\d{4})\](\d+)号", doc)
        tail = m and f"{m.group(2)}号"
        if doc in text or (m and f"[{m.group(1)}]{m.group(2)}号" in text) or (tail and re.search(rf"(?<!\d){tail}(?:文|通知|文件)", text)):
            found.append(n.doc_id)
    if found or len(notices) < 2:
        return tuple(found)
    years = {y for y in re.findall(r"(?<!\d)(20\d\d)(?!\d)", text)}
    by_year = [n.doc_id for n in notices if years & set(re.findall(r"(?<!\d)(20\d\d)(?!\d)", norm(n.doc_id + n.title)))]
    if len(by_year) == 1:
        return tuple(by_year)
    unique = _title_grams(tuple((n.doc_id, norm(n.title)) for n in notices))
    by_title = list(dict.fromkeys(doc for gram, doc in unique.items() if gram in text))
    return tuple(by_title) if len(by_title) == 1 else ()


@lru_cache(maxsize=8)
def _title_grams(titles: tuple[tuple[str, str], ...]) -> dict[str, str]:
    """Four-character runs that occur in exactly one notice's title → that notice (营商环境 → 测政发…)."""
    owners: dict[str, set[str]] = {}
    for doc_id, title in titles:
        for i in range(len(title) - 3):
            gram = title[i:i + 4]
            if not re.search(r"关于|印发|通知|\d", gram):
                owners.setdefault(gram, set()).add(doc_id)
    return {gram: next(iter(docs)) for gram, docs in owners.items() if len(docs) == 1}
