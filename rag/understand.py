"""Question → :class:`Query`: one reader for every shape of question.

Each part of a question is found by one small reader that marks the characters it
consumed: the notice named, task numbers, sections, units (with the role the question
puts them in), properties of the records, what is asked (a list, a count, who, when, a
figure …), and reasons the notices cannot answer (another year, another place, contact
details). What no reader consumed is the topic. Its words are looked up in the corpus:
words the notices contain become terms (everyday words and typos are mapped to the
notices' own words first); content words no notice contains are kept as ``unknown`` —
the executor abstains on them. Words that only shape a question or tell its background
(``data/question_words.tsv``, ``data/background_words.txt``) are neither.

Sentences before the question proper that ask nothing (我在发改局负责能源。…) are
background: they never constrain the query, but a question that leaves out its unit or
topic takes them from there, as a follow-up takes them from an earlier turn.
"""

from __future__ import annotations

import itertools
import os
import re
from collections.abc import Callable
from dataclasses import replace
from functools import cache, cached_property, lru_cache
from typing import Literal

from . import vocab
from .clauses import is_unit_name
from .english import english_words, gloss, phrases, stem, stopwords, word_spans
from .errors import QuestionError
from .jiebadict import PosTable
from .lazy_regex import lazy_compile
from .lexicon import Lexicon
from .mentions import PartKey, doc_mentions, other_documents, section_by_terms, section_by_title, titled_spans
from .query import (
    BOTH_SIDES,
    PREDICATE_FIELD,
    Ask,
    DocFilter,
    Field,
    Filter,
    Group,
    HeadingFilter,
    OthersFilter,
    PredicateFilter,
    Query,
    RoleScope,
    RowsFilter,
    SectionFilter,
    TaskFilter,
    Topic,
    UnitFilter,
)
from .text import (
    CJK_SPACE,
    CN_NUMERAL,
    alternation,
    cn_to_int,
    fold,
    int_to_cn,
    longest_first,
    looks_english,
    norm,
    number_of,
    strip_controls,
)
from .typos import latin_sound, respelled, sound
from .units import UnitMention, english_aliases

MAX_QUESTION_CHARS = 2000
_GLOSSED = lazy_compile(r"(?:\s*[a-z-]+){0,2}\s*\(([\u4e00-\u9fff]{2,12})\)")  # English words, then the Chinese
OTHER_TAIL = 6  # the characters a named document ends with that a notice writing it would hold too
MIN_CITED_PAIRS = 4  # character pairs a part of a question shares with a cited document's title to describe it

_NUM = rf"(\d{{1,3}}|[{CN_NUMERAL}]{{1,4}})"
_OPENING = r"^(?:那么?|还有|再看|看看|说说)?"  # a question's opening words before a bare item number (那78项呢)
REFERRED_AND = r"(?:这个|这项|这条|该项|它)(?:和|跟|与|同)"  # the task talked about, and another (这个和78条)
# … and not a quantity (3项任务, 10条以上)
_NO_QUANTITY = r"(?!\s*(?:任务|工作|措施|举措|重点|目标|指标|以上|以下|以内|左右|多|之|都|分别|一共|共|合计|总共))"
# Task numbers in the forms staff write them. (?!\d) keeps 任务8 from reading 任务89 as 8 and vice versa.
_TASK_NUMBER = (
    lazy_compile(rf"第\s*[(（]?\s*{_NUM}\s*[)）]?\s*(?:[那这]一?)?(?:项|条|个任务|号任务|号|点)"),  # (第86那条)
    lazy_compile(r"^\s*(\d{1,3})\s*[.．,、](?!\d)"),  # a pasted task line: 26.推进城市更新行动……
    # a bare item number opening the question (after a follow-up's 那 / 还有), or right after a document's number:
    # 55项的牵头单位是谁, 那78项呢, 28号文55项
    # (53条责任单位呢, 86条里说的平台, 54那条) — unless a quantity is said (3项任务, 10条以上)
    lazy_compile(rf"(?:{_OPENING}|号文件?|号通知|{REFERRED_AND})\s*(\d{{1,3}})\s*(?:[那这]一?)?[项条](?![\d项条]){_NO_QUANTITY}"),
    lazy_compile(r"^(?:那么?|还有|再看)?\s*(\d{1,3})\s*(?:的)?呢"),  # a bare number asked in its turn: 47呢 (task 47)
    lazy_compile(r"\b(\d{1,3})(?:st|nd|rd|th)\s+(?:task|item)"),
    # (not 任务一条不落 / 一条也不能少: every task, said as none left out)
    lazy_compile(rf"(?:任务|事项)\s*(?:第|编号|序号|no\.?|#)?\s*{_NUM}(?![\d{CN_NUMERAL}万亿个人家年月日%])"
               r"(?![项条][不都也没])(?=[项号条的是要由呢吗谁讲说写,.?!;:\s]|$)"),
    lazy_compile(rf"(?<![\d.]){_NUM}\s*号\s*(?:任务|事项)"),
    lazy_compile(r"(?:序号|编号)\s*(?:为|是)?\s*(\d{1,3})(?!\d)"),  # a table's row: 序号7是什么指标
    lazy_compile(r"(?:task|item|no\.?|number|#)\s*#?\s*(\d{1,3})(?!\d)"),
)
_EN_REFER = lazy_compile(r"\b(?:it|its|this|that|the same)\b")  # an English question pointing at what was said
_WH = lazy_compile(r"哪|什么|啥|多少|还|\b(?:which|what|who|where|list|other)\b")  # a question asking for things, not yes or no
_AS_EXAMPLE = lazy_compile(r"\s*(?:那种|这种|那样|这样|那类|这类|之类|一类|似的|一样)")  # a task named as a kind's example
# numbers listed or spanned: 第一、二部分 / 第三至第五部分 / 第60到65项 / tasks 60-65 (how they are joined)
_LISTED = r"\s*(?:、|,|和|与|跟|及|至|到|-|—|~|and|&|to|through)\s*"
_SPANNED = ("至", "到", "-", "—", "~", "to", "through")
# tasks named together: 第一和第三项 / 第5、8条 / 第60到65项 / 第60项至第65项 (the last number's mark is each
# one's); 79条和78条 or 40到45条 opening the question, as a bare number does; tasks 78 and 79, tasks 60-65
_TASK_PAIRS = (
    lazy_compile(rf"第\s*{_NUM}\s*[项条]?(?:{_LISTED}第?\s*{_NUM}\s*[项条]?)+(?<=[项条])"),
    lazy_compile(rf"{_OPENING}\s*(\d{{1,3}})\s*[项条]?(?:{_LISTED}第?\s*(\d{{1,3}})\s*[项条]?)+(?<=[项条])(?![\d项条]){_NO_QUANTITY}"),
    lazy_compile(rf"\b(?:tasks|items)\s+(\d{{1,3}})(?:{_LISTED}(\d{{1,3}}))+(?!\d)"),
)
_SECTION_NUMBER = (
    lazy_compile(rf"第\s*{_NUM}\s*(?:部分|大项|节|章|板块|大类|块|篇)"),
    lazy_compile(rf"(?<![{CN_NUMERAL}\d])([{CN_NUMERAL}]{{1,3}})\s*[,、.]\s*(?:那|这)?(?:一)?(?:部分|块|节|板块|大项)"),
    lazy_compile(r"(?:section|part|chapter)\s*(\d{1,2})(?!\d)"),
)
# 第一、二部分 / 第三至第五部分 / 第1和第2部分: several parts, listed or as a range
_SECTION_LIST = lazy_compile(rf"第\s*{_NUM}(?:{_LISTED}第?\s*{_NUM})+\s*(?:个)?(?:部分|大项|板块|章)")
# several tasks on one side of the one just answered (再往后两条, 往前三项)
_STEPS = lazy_compile(r"(往后|向后|后面|接下来|往前|向前|前面)的?([两二三四五\d])(?:条|项|个任务|个)")
# a document's number as written (鲁政字〔2021〕64号, normalised: 鲁政字[2021]64号)
_DOC_NUMBER = lazy_compile(r"(?<=[\u4e00-\u9fff])\[\s*\d{4}\s*\]\s*\d{1,4}\s*号")
# the parts of the notice counted (分成几个大部分, 有多少板块, 分为几块): its structure is asked (not 第几部分)
_PARTS_COUNTED = lazy_compile(r"(?:分成|分为|分|包括|包含|有)?(?<!哪)(?:几|多少)\s*个?\s*大?(?:部分|大项|板块|章|篇)"
                              r"|分(?:成|为)?(?:几|多少)\s*个?\s*大?块")
_LAST_PART = lazy_compile(r"最后(?:那|一)?(?:个|一个)?(?:大)?(?:部分|板块|大项|章|篇)|最后(?:那|这)?几[条项]")  # (最后那几条: its tasks)
_PART_NOUNS = ("部分", "大项", "板块", "章", "篇")  # words for a part only (方面 may name a topic; 那块 names a part
# when the word before it is in one part's title alone: 安全那块 → 十、坚决守好安全发展底线)
# (组织实施那几条: those tasks after a part's title words are that part's)
_SECTION_WORDS = lazy_compile(r"部分|大项|章节|节|章|板块|方面|大类|领域|(?:那|这)一?大?块(?!儿)|(?:那|这)(?:几|些)[条项]"
                              r"|\b(?:section|part|chapter)s?\b")
# a clause saying units' names do not count (单位名称里的大数据中心不算, 单位名里带的不算)
_SAID_AGAIN = lazy_compile(r"[?][^?]{1,24}呢\s*[?]?\s*$")  # …有哪几条？瞪羚企业的呢: the same asked of another thing
_NAMES_ASIDE = lazy_compile(r"(?:单位|部门)(?:的)?(?:名称|名字|名)(?:里|中|上)?.*(?:不算|不要|除外|不包括|不计)")
# a document's number or name asked (鲁发几号, 文号分别是, 全称是啥): maybe of a document the notice cites
_DOCUMENT_ASKED = lazy_compile(r"文号|几号|多少号|字号|全称|叫什么|叫啥|名字|名称|哪个文件|什么文件|哪份文件|哪个文"
                               r"|\bdocument (?:number|no\b)|\b(?:which|what) document\b|\bfull (?:title|name)\b")
_CITING = lazy_compile(r"引用|依据|根据|落实|贯彻|文件|文号|发文"  # a document beside a task: one it cites
                       r"|\b(?:cites?|cited|citing|quotes?|quoted|implements?|implementing|refers? to|based on)\b")
_PARTS = lazy_compile(r"[、，,；;：:]|以及|还有")  # the parts of a question that may each describe a document
# 其中哪项有具体数字 / 其中哪个写了投资金额: which tasks have (哪个 before a verb of what a task states)
_WHICH_TASK = lazy_compile(r"哪(?:一|几)?(?:项|个任务|条|些)|哪一?个(?=写|有|带|提到|标|列|明确)|which (?:task|one)s?")
_AMONG = lazy_compile(r"(?:牵头|负责|配合|参与)的(?:任务|工作|事项)(?:里面|里|中|当中)")
_ONE_ASKED = lazy_compile(r"哪(?:一)?(?:项|个|条|件)|什么|啥|谁")
SHORT_TOPIC = 12  # characters: a clause this short before a bare ask (谁牵头) is that ask's topic
SHORT_QUOTE = 6  # characters: a quoted string this short is a word to find as written (longer: a pasted sentence)
_TASKS_COUNTED = lazy_compile(r"(?:多少|几)\s*(?:条|项|个任务|件)")  # the measure of tasks
# every task (全部任务, 所有的措施), or a count of them (这八条措施, 以上12项): a notice's whole count, see Reader._every_task
_EVERY_TASK = lazy_compile(rf"(?:全部|所有|全体)的?(?:重点)?(?:任务|措施|举措|条目|事项)"
                           rf"|(?<![第\d{CN_NUMERAL}])(?:这|那|上述|以上|文件(?:里|中)?的?|本文件的?)?"
                           rf"(?P<n>\d{{1,3}}|[{CN_NUMERAL}]{{1,4}})\s*(?:条|项)(?:重点)?(?:措施|任务|举措|政策措施|意见|工作)?")
_COUNT_WORD = lazy_compile(r"[一二三四五六七八九十两百\d]{1,3}(?:项|个|条|大|类|批)")
_LISTED_FIELDS = ("figure", "deadline", "section")  # fields a list of tasks can show for each (rag.compose)
_FIELD_PREDICATES = {"has_figure": "figure", "has_date": "when"}  # a property that, of one task, asks its field
# 这两项 / 上面三条: that many tasks answered before, in the conversation (not a topic word)
PLURAL_REFERENT = lazy_compile(r"(?:这|那|上面|以上|前面|上述|刚才)(?:这|那)?([两二三四五六七八九十]{1,2})"
                             r"(?:项任务|个任务|项|条|件|个(?![\u4e00-\u9fff]{0,2}(?:单位|部门|局|委|办|中心|机构|科室|处)))")
_NO_OFFICE_AFTER = r"(?!单位|部门|局|委|办|处室|科室|机构|部分|板块|大项|方面|章|篇)"  # 第一个 / 最后那个 of tasks, not
# 第一个单位 (an office) nor 最后一个部分 (a section: ``_LAST_PART``)
# (后面那个 / 前面那个: the last and first of those told; 后面一条 / 前面一条 are the tasks printed beside one)
_LAST = lazy_compile(rf"最后(?:那|一)?(?:个|项|条)(?:任务)?{_NO_OFFICE_AFTER}|(?:后面|后边)那(?:个|项|条){_NO_OFFICE_AFTER}|后者"
                   rf"|(?<![上下前])后一个(?!任务){_NO_OFFICE_AFTER}"
                   r"|the last (?:one|task|item)|the latter")
_FIRST = lazy_compile(rf"(?:前面|前边)那(?:个|项|条){_NO_OFFICE_AFTER}|前者|the former")
# a verb with its result or direction complement (建完, 修好, 做完; 拿出来, 定下来): how it ends, never a topic
_RESULTATIVE = lazy_compile(r"^[\u4e00-\u9fff][完好][\u4e00-\u9fff]?$|^[\u4e00-\u9fff]?(?:出来|下来|起来|上来|过来|回来|出去|下去)$")
_EN_ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth")
_EN_ORDINAL = lazy_compile(rf"\bthe (?:{'|'.join(_EN_ORDINALS)})(?: (?:and|or) (?:the )?(?:{'|'.join(_EN_ORDINALS)}))*"
                         r" (?:one|task|item)s?\b")  # (not the first phase of …: a thing of a task)
_ORDINAL = lazy_compile(rf"第\s*{_NUM}\s*个(?!任务|部分|方面|板块|大项){_NO_OFFICE_AFTER}")
_YEAR = lazy_compile(r"(?<!\d)(19\d\d|20\d\d)(?:\s*年(?:底|末|内|初|中|度)?|(?!\d))")
# another year than the notices' (a day or a week — 上周开会说 — is when the asker speaks, not what is asked)
_RELATIVE_YEAR = lazy_compile(r"明年|去年|前年|后年|上一年|下一年|来年|next year|last year")
# 这份实施意见 / 本行动方案 / 这个行动计划: the notice itself, by the kind of document it is (those below and the
# words its own title ends with: Lexicon.doc_kinds)
_DOC_REF = (r"(?:这份|这个|这一|本|该|此)(?![区市县镇乡省])[\u4e00-\u9fff]{{0,6}}?(?:意见|方案|通知|要点{kinds})"
            # (行动方案的主要措施有哪几项: the notice's kind opening the question, before 的 / 里 / 中)
            r"|^[\u4e00-\u9fff]{{0,4}}?(?:意见|方案|通知|要点{kinds})(?=的|里|中)")
_YEAR_OFFSETS = {"明年": 1, "来年": 1, "下一年": 1, "next year": 1, "后年": 2, "去年": -1, "上一年": -1, "last year": -1,
                 "前年": -2}
# a day or a week asked about (明天天气怎么样) — in the sentence that asks, not in background before it
_RELATIVE_DAY = lazy_compile(r"明天|昨天|后天|下周|上周|下个月|上个月|tomorrow|yesterday|next week|last week")
_WIDER = lazy_compile(r"全市|全省|全国|[\u4e00-\u9fff]{2,3}(?:市|省)(?![场政委民级区县属直长])")
_INTERROGATIVE = lazy_compile(r"谁|哪|什么|多少|(?<![这那])几|吗|呢|啥|怎么|怎样|如何|是否|有没有|是不是|列出|列一下|列举|请|\?|"
                            r"\b(?:who|what|which|when|how|list|is|are|does|do)\b")
_YES_NO = lazy_compile(r"吗|么|是否|有没有|是不是|有无|\b(?:does|do|is|are|has|have)\b")
# after a topic: one task (医疗那条; 金融那个谁牵头 — 那个 before what is asked of it, not before a noun: 那个局)
_ONE_TASK = lazy_compile(r"(?:那|这|该)(?:一)?(?:条|项|个任务|件事)(?!任务|里|中|当中)|(?:那|这)个(?=谁|是|的|呢|要|有|[,?.!]|$)")
_ROLE_ASKED = lazy_compile(r"(?:什么|啥|哪种|哪个|何种)(?:角色|身份|定位)")  # a unit's role in a task asked (审批局是什么角色)
_TASKS_ONLY = lazy_compile(r"(?:的)?(?:这|那)?(?:几|哪些|哪几)?(?:个|条|项)?(?:任务|事项|工作|条目)?(?:的)?[\s?？。!！]*")  # (…相关) 的几条
_ORIGINAL = lazy_compile(r"原文|原话|原句|\b(?:original|verbatim|exact) (?:wording|text|words)\b|\bverbatim\b")  # a citation's words
_TASKS_SUBJECT = lazy_compile(r"(?:任务|事项|工作|条目|措施|举措)(?:都|又|分别|具体|主要|一共)?\s*$")  # … 的任务 | 是哪些
_TASKS_NAMED = lazy_compile(r"的(?:任务|事项|工作|条目)(?:有)?\s*[?？。]?\s*$")  # … ending the question
_DO_WHAT = lazy_compile(r"要[\u4e00-\u9fff](?:什么|啥)(?!时|程度|水平|标准|样)")  # 要推什么: the task's act is asked
_REDUPLICATED = lazy_compile(r"([\u4e00-\u9fff])[一了]\1")  # a verb said twice (捋一捋, 看了看): how, never what
_TASKS_ASKED = lazy_compile(r"哪些任务|哪几项|哪几个任务|哪些工作|哪几条|哪些事项")  # tasks asked for, by a property
# a yes or no asked (住建局牵头吗 / 是不是 / Is it led by …), not 什么 nor "What is"
# (…是哪个单位牵头的，我印象里是宣传部？帮我确认下: a unit the asker recalls, to be confirmed)
# (…牵头的吧？: a guess put for confirming, the particle ending the question)
_CLAIM = lazy_compile(r"吗|是不是|是否|有没有|对不对|确认|核实|吧\s*\??\s*$|\bright\s*\?\s*$|(?:^|[.!?;]\s*)(?:is|are|does|do|did|was|were|has|have)\b")
_GUESS_REST = lazy_compile(r"\s*(?:是|就是|应该是|难道是|还是)?\s*(?:the\s+)?(?:吧|吗|么|呢|对吧|对吗|,?\s*right|,?\s*correct)?\s*[?.!]*\s*")
# 这个, 那两块, 这几项: a pointer back at what was just said (as a word of its own, or right before a noun it points at)
_POINTER = r"(?:这|那|该|此)(?:[一两二三四五六七八九十几]|哪)?(?:个|块|项|条|类|方面|部分|种|样|些|件|大块|大类|摊)?"
_POINTER_PHRASE = lazy_compile(_POINTER)
_POINTER_BEFORE = lazy_compile(_POINTER + "$")
_GUESS_CLAUSE = lazy_compile(r"\s*(?:是不是|是否|应该是|应该就是|难道|估计是|我记得是|好像是|大概是)")
_ASKS_IN_GUESS = lazy_compile(r"哪|谁|多少|什么|啥|几(?!条|项|个)")
_QUANTITY_ASKED = lazy_compile(r"多少|(?<!哪)几|多大|多高|多长|多久|什么时候|什么时间|何时|啥时候|哪年|哪天|\b(?:how|when)\b")  # asked, not named
# an amount said with its order of magnitude, perhaps with 个 between (20个亿, 1.5万): the number and the order —
# not one pointed at (这360万: the amount just told, of the task talked about)
_SAID_AMOUNT = lazy_compile(r"(?<![\d.这那该此])(\d+(?:\.\d+)?)\s*个?\s*(万|亿)")
_QUANTITY = lazy_compile(_QUANTITY_ASKED.pattern + r"|目标|指标|规模|达到|\bwhat(?:\s+is|\s+are|'s)\s+the\b")  # … or named (目标是)
# 哪两所 / 哪家公司 / 哪些镇街 / 哪个水库: which things of a kind are asked (a measure word, then the kind)
_CHOICE_AFTER = lazy_compile(r"[^,.;?]{0,3}?是[^,.;?]{1,12}?还是")
_WHICH_EN = lazy_compile(r"\b(?:which|what)\s+([a-z]+(?: spots?)?)\b")
# (or 是啥 / 是什么 before a noun: 鱼苗都是啥品种 asks their names too)
_WHICH = lazy_compile(r"(?:哪|(?<=是)(?:啥|什么))(?:些|几|[两二三四五六七八九十\d]{1,2})?"
                      r"(?P<measure>个|家|所|座|条|处|批|位|名|只|片|段)?")
_COUNTED = r"[\d一二两三四五六七八九十百千万]+\s*{measure}([\u4e00-\u9fff]{{2,14}}?)(?:是|[,.?;]|$)"
_TOWN = lazy_compile(r"[\u4e00-\u9fff]{2,3}?(?:镇|街道|乡)(?![村镇振政])")
_SALIENT_POS = ("n", "eng", "j", "vn", "l", "i", "nz", "nr", "ns", "nt")
_NAME_POS = ("nr", "ns", "nt")


def validate_question(question: object) -> str:
    """Clean a question or raise QuestionError saying what is wrong with it."""
    if not isinstance(question, str):
        raise QuestionError(f"问题必须是文字，收到的是 {type(question).__name__}")
    q = strip_controls(question).strip()
    if not q:
        raise QuestionError("问题是空的：请输入一个关于通知的问题")
    if len(q) > MAX_QUESTION_CHARS:
        raise QuestionError(f"问题有 {len(q)} 个字符，超过上限 {MAX_QUESTION_CHARS}；请只粘贴要问的部分")
    return q


@cache
def _bound_words() -> frozenset[str]:
    """Words that ask a figure's bound (最多, 最高, 至少, 上限, 封顶)."""
    return frozenset(w for k in ("figure", "threshold", "count_most", "count_at_least", "count_at_most")
                     for w in _words(k) if not w.isascii())


@cache
def _issue_fact() -> re.Pattern:
    """A cue asking a document's number, date or issuer (``header_words.tsv``, either column)."""
    cues = {norm(w.replace("_", " ")) for field, *cols in vocab.rows("header_words.tsv")
            if field in ("doc_id", "date", "issuer") for col in cols for w in col.split()}
    return re.compile(alternation(cues))


@cache
def _words(kind: str) -> tuple[str, ...]:
    """Question words of one kind, normalised, longest first (underscores are spaces); a word with 怎么 also as
    staff type it, with 咋 (咋写的, 咋办)."""
    words = [norm(w.replace("_", " ")) for w in vocab.grouped("question_words.tsv").get(kind, ())]
    return longest_first(dict.fromkeys(words + [w.replace("怎么", "咋") for w in words if "怎么" in w]))


_COMPARED_LEAD = ("lead unit", "lead units")  # (besides the words of ``lead`` and ``record_lead``)


@cache
def _role_labels() -> tuple[str, ...]:
    """The labels of the roles the records name (牵头单位, 责任单位 …), of four characters or more."""
    return tuple(w for w in _words("record_lead") + _words("record_support") if len(w) >= 4)


@cache
def _role_words() -> frozenset[str]:
    """Every word of a role (牵头, 责任单位, supporting …) and the roles' own bare words (责任, 牵头)."""
    return frozenset(w for k in ("lead", "support", "cooperate", "shared") for w in _words(k)) | {"责任", "牵头"}


@cache
def _compared_roles() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The words that name the leads compared, and those that name the responsible units compared."""
    return (_words("lead") + _words("record_lead") + _COMPARED_LEAD,
            _words("cooperate") + _words("support") + _words("record_support"))


@cache
def _same_units() -> re.Pattern:
    """Two tasks compared by their units: a ``same_before`` word before a role noun (同一个牵头单位, same lead), or a
    role noun and a ``same_after`` word (牵头单位一样吗, is the lead the same); the role is :func:`_compared_field`'s."""
    lead, support = _compared_roles()
    role = alternation(lead + support + ("单位", "部门", "units", "unit", "departments", "department"))
    before, after = alternation(_words("same_before")), alternation(_words("same_after"))
    return re.compile(rf"(?:{before})\s*(?:的)?\s*(?:{role})|(?:{role})\s*(?:是不是|是否|都|is|are)?\s*(?:{after})")


def _compared_field(said: str) -> Field:
    """The units compared (:func:`_same_units`): the leads, the responsible units, or all of them."""
    lead, support = _compared_roles()
    if any(w in said for w in lead):
        return "lead"
    return "responsible" if any(w in said for w in support) else "units"


@cache
def _role_absent() -> re.Pattern:
    """A role said to be absent from a task (没有牵头单位, 没写责任单位: ``record_absent`` then a role noun)."""
    roles = alternation(_words("record_lead") + _words("record_support"))
    return re.compile(rf"(?:{alternation(_words('record_absent'))})[写标列注明]{{0,2}}(?:{roles})")


@cache
def _office_noun() -> re.Pattern:
    """A word naming offices as a kind (部门, 处室, 委办): one of ``office_nouns``, or two of the characters office
    names end with (``office_chars``: 处室, 局办). Never a topic: said after 哪 it asks who, after a role it is the role's."""
    listed = "|".join(map(re.escape, _words("office_nouns")))
    chars = "".join(_words("office_chars"))
    return re.compile(rf"(?:{listed}|[{chars}]{{2}})(?!长)")


_WHICH_OF_PARTS = lazy_compile(r"\bwhich (?:one )?of the (?:[a-z0-9]+ )?(?:sections|parts|chapters)\b")
_ASK_OFFICE = r"(?:哪|什么|啥)(?:一?个|些|几个|几家|家|几)?的?"
_NTH_OFFICE = r"(?:第(?P<k>[一二三四五六七八九十]|\d)个|最后(?:那|一)?个)"  # an office by its place: 第一个单位
# between two units named together or as alternatives (民政牵头还是卫健牵头: the role said after the first too)
_BESIDE_UNIT = r"\s*(?:牵头|负责|配合)?\s*(?:和|与|跟|及|、|,|还是|或者|或)\s*"
# what may follow a unit's name said in short or by a word for offices (发改牵头, 这个局当责任单位的, 住建和发改),
# or the end of what is asked (归口是不是发改？)
_AFTER_A_NAME = lazy_compile(r"\s*(?:和|与|跟|及|、|,|是|也|还|都|只|仅|不|没|一起|联合|共同|牵头|负责|配合|参与|作为|当|在|有|的|那边|这边"
                           r"|一共|总共|呢|吗|吧|啊|[?!.;]|$)")
_BLANKS = lazy_compile(r"第?(?<![A-Za-z])[Xx×○N]{1,4}(?![A-Za-z])[项条号]?")  # a template's blanks (第X项, XX)
_STEM_ACTS = lazy_compile(r"\s*(?:那边|这边)?\s*(?:牵头|配合|参与|负责)")  # a short name, then the part it takes
_ACTS_AS = r"(?:当|作为|担任|充当)"  # before a role's name: the role taken (当责任单位的)
_PARTNER = lazy_compile(r"(?:跟|和|与|同)\s*$")  # right before a unit: who it acts with (跟发改一起牵头)
_REFER_OFFICE = r"(?:这|那|该|此|同一|同样的?)(?:(?P<n>[两二三四五六七八九]|\d)(?:个|家)|一?个|家)?"
# an office by its place, in English (the first of those units, the second department, the last bureau)
NTH_OFFICE_EN = lazy_compile(rf"\bthe (?P<k>{'|'.join(_EN_ORDINALS)}|last)(?: (?:one )?of (?:those|these|the|its|their))?"
                              r"(?: lead| responsible)? (?:units?|departments?|bureaus?|offices?|agenc(?:y|ies))\b")
# offices talked about, however many (这几个单位, 这些部门, these units): each of them (这几个单位里面: among them)
OFFICES_TALKED = lazy_compile(r"(?:这|那)(?:几个|几家|些)(?:单位|部门|局|机构|家)(?:里面|里头|当中|之中|中间|中)?"
                              r"|\b(?:these|those) (?:units|departments|bureaus|offices|agencies)\b")
# the notice's word an English question writes in brackets after its own (coal (煤)) or in quotation marks
_ASKERS_WORD = lazy_compile(r"[(（]\s*([\u4e00-\u9fff]{1,8})\s*[)）]|[\"“「『]\s*([\u4e00-\u9fff]{2,8})\s*[\"”」』]")
_OPENING_OFFICES = lazy_compile(r"(?:那么?|那)?\s*(?:这|那)?(?P<n>[两二三四五六七八九])家(?=都|一起|共同|同时)")
# the office of a task referred to, as the subject of more it does (它的牵头单位还牵头了哪些; not 它的牵头单位是谁)
_TASKS_OFFICE = lazy_compile(r"(?:它|这一?项|那一?项|该项|这一?条|那一?条|这个任务|那个任务)的?(?:牵头)?(?:单位|部门)"
                           r"(?=\s*(?:还|也|又|另外|此外|别的|其他|其它|总共|一共))")


def _is_office_noun(word: str) -> bool:
    """Whether ``word`` names offices as a kind, or ends with such a word (片区管理局 → 局)."""
    return re.search(rf"(?:{_office_noun().pattern})$", word) is not None


_COUNT_ROLES = ("lead", "support", "unit")  # question_words.tsv count_role_…
_COUNT_NUMBER = r"(?:\d{1,2}|[一两二三四五六七八九十]{1,3})"
_COUNT_NUMBER_EN = r"(?:one|two|three|four|five|six|\d)"


@lru_cache(maxsize=1)
def _count_patterns() -> tuple[re.Pattern[str], ...]:
    """How many units a task names in a role: 有两个或两个以上牵头单位 · 责任单位有三个以上 · 牵头单位最多 · 单独牵头."""
    def alt(kind: str) -> str:
        return "|".join(re.escape(w) for w in _words(kind))
    role = "|".join(f"(?P<{kind}>{alt('count_role_' + kind)})" for kind in _COUNT_ROLES)
    qty = (rf"(?:(?P<n>{_COUNT_NUMBER})\s*(?:个|家)\s*(?:或(?:者)?\s*{_COUNT_NUMBER}\s*(?:个|家)?)?"
           rf"|(?P<en>{_COUNT_NUMBER_EN})\b)")
    pre = rf"(?P<pre>{alt('count_exact')}|{alt('count_at_least')}|{alt('count_more')}|{alt('count_at_most')})?\s*"
    post = rf"\s*(?P<post>{alt('count_at_least')}|{alt('count_at_most')})?"
    return (
        re.compile(rf"{pre}(?:有|是)?\s*{qty}{post}\s*(?:的)?\s*(?:{role})"),
        re.compile(rf"(?:{role})\s*(?:的)?(?:数量|个数|数)?\s*(?:有|为|是|在|达到|共|{alt('record_present')})?\s*{pre}(?:有|是)?\s*{qty}{post}"),
        re.compile(rf"(?:{role})\s*(?:的)?(?:数量|个数)?\s*(?P<most>{alt('count_most')})"),
        re.compile(rf"(?P<most>{alt('count_most')})\s*(?:的)?(?:{role})"),
    )


@cache
def _role_before_count() -> re.Pattern[str]:
    """A lead or supporting role noun right before a count of units, or with a verb stating it between (牵头单位正好是|
    三个单位, 牵头单位写了|三个及以上单位)."""
    nouns = "|".join(map(re.escape, _words("count_role_lead") + _words("count_role_support")))
    stated = alternation(_words("record_present"))
    return re.compile(rf"(?:{nouns})\s*(?:的)?(?:数量|个数)?\s*(?:{stated})?\s*$")


_EN_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}


_OTHERS_BEFORE = lazy_compile(r"(?:另|另外|其余|其他|其它|剩下|剩余)的?\s*$")  # before a count: the others, none counted
_NOT_SOLE = lazy_compile(r"(?:不是|并非|非|不)[^,.;?!]{0,5}$")  # said before 单独牵头, it says the opposite


@cache
def _or_together() -> re.Pattern[str]:
    """Right after a word for leading alone: the other way said as an alternative (单独或联合, solely or jointly)."""
    return re.compile(rf"\s*(?:或者?|还是|和|及|与|/|\bor\b|\band\b)\s*(?:{alternation(_words('together'))})")


def _unit_counts(s: _Spans) -> list[PredicateFilter]:
    """The count of units in a role the question puts on its tasks (``data/question_words.tsv``, count_…)."""
    out: list[PredicateFilter] = []
    for pattern in _count_patterns():
        for m in pattern.finditer(s.text):
            if not s.free(m.start(), m.end()) or re.match(r"\s*(?:都|也)(?:没|不|未)", s.text[m.end():]):
                continue  # 一个单位都没标: none at all, not a count of one
            if _included(s.text, m.start(), m.end()):
                s.take(m.start(), m.end())  # 两个单位联合牵头的也算: widens the list, restricts nothing
                continue
            if _OTHERS_BEFORE.search(s.text, 0, m.start()):
                continue  # 这项另一个牵头单位是谁: the task's other units, not tasks with one
            kind = next(k for k in _COUNT_ROLES if m.groupdict().get(k))
            if kind == "unit" and _role_before_count().search(s.text, 0, m.start()):
                continue  # 牵头单位正好是三个单位: the role said before the count is the count's (read next)
            if m.groupdict().get("most"):
                out.append(PredicateFilter({"lead": "most_leads", "support": "most_support"}.get(kind, "most_units")))
            else:
                raw = m.group("n") or m.group("en")
                n = _EN_NUMBERS.get(raw) or (number_of(raw) or 0)
                words = {m.group("pre") or "", m.group("post") or ""} - {""}
                more = bool(words & set(_words("count_more")))
                op = ("ge" if more or words & set(_words("count_at_least"))
                      else "le" if words & set(_words("count_at_most")) else "eq")
                n += more
                out.append(PredicateFilter(f"{kind}_count", n, op))  # type: ignore[arg-type]
            s.take(m.start(), m.end())
    for kind, count, several, verb in (("sole_lead", "lead_count", PredicateFilter("several_leads", 2), "牵头"),
                                       ("sole_unit", "unit_count", PredicateFilter("unit_count", 2, "ge"), "")):
        if any(f.predicate in ("lead_count", "unit_count") for f in out):
            break
        for k, w in s.find(_words(kind), consume=False):
            s.take(k, k + len(w) - (2 if verb and w.endswith(verb) else 0))
            if _NOT_SOLE.search(s.text[max(0, k - 8):k]) or _negation_after().match(s.text, k + len(w)):
                # 不是它一家单独牵头的 / 单独牵头的不要: led with others
                out.append(several)
                break
            if _included(s.text, k, k + len(w)) or _or_together().match(s.text, k + len(w)):
                break  # 单独牵头和联合牵头都算 / 单独或联合牵头 / solely or jointly: both ways included, no property
            # 单独牵头: its 牵头 is left for the unit's role; 一家负责: the only unit the task names
            out.append(PredicateFilter(count, 1, "eq"))  # type: ignore[arg-type]
            break
    return out


def _group(text: str) -> Group | None:
    """Units or sections asked for rather than tasks: which unit / which section (``who`` / ``section``
    words) with the most or fewest tasks (count_most / count_least), or which units never lead (not_lead)."""
    def said(kind: str) -> bool:
        return any(w in text for w in _words(kind))

    def first(kind: str) -> int:
        return min((k for w in _words(kind) if (k := text.find(w)) >= 0), default=len(text))

    rank = "most" if said("count_most") else "least" if said("count_least") else None
    # what the question asks for is what its first which-word names: 哪项任务的牵头单位最多 asks a task
    at = {"section": first("section"), "unit": first("who"), "task": first("which_task")}
    by = min(at, key=at.get)
    if at[by] == len(text) or by == "task":
        return None
    # (or a lead said absent however it is put: 一项牵头任务都没有, 牵头的也没有)
    absent = alternation(_words("record_absent"))
    never_lead = said("not_lead") or re.search(rf"牵头的?(?:任务|工作|事项)?(?:都|也)(?:{absent})", text) is not None
    if by == "unit" and never_lead and rank is None:
        # never lead (only="support"); the tasks listed are those in the role the question names (责任单位)
        role = "cooperate" if said("cooperate") and not said("support") and not said("shared") else "support"
        return Group("unit", "all", role, only="support")
    role = ("lead" if said("lead") and not said("support") else "support" if said("support") or said("cooperate")
            else "any")
    counted = _TASKS_COUNTED.search(text) if rank is None else None
    if counted:  # 哪几个部分只有3条任务 / 哪些单位牵头超过5项: those with that many tasks
        op = "gt" if counted.group(1) in ("超过", "多于") or counted.group(3) == "以上" else \
            "lt" if counted.group(1) in ("少于", "不到", "不足") or counted.group(3) == "以下" else "eq"
        n = int(counted.group(2)) if counted.group(2).isdigit() else cn_to_int(counted.group(2))
        if n is not None:
            return Group(by, "all", role if by == "unit" else "any", count=n, count_op=op)
    if rank is None:
        return None
    return Group(by, rank, role if by == "unit" else "any")


def _compared_rank(text: str) -> Literal["most", "least"] | None:
    """谁牵头的多 / 哪个更少 / which leads more: two things named are compared by how many (多少 asks how many)."""
    m = _COMPARED.search(text)
    said = m.group(1) or m.group(2) if m else None  # (group 2: the English alternative)
    return None if not said else "least" if said in ("少", "更少", "最少", "fewer", "fewest", "less") else "most"


_COMPARED = lazy_compile(r"(?:谁|哪个|哪家|哪一个|\bwhich\b|\bwho\b)[^,.?!;]*?(?<!多)(更多|最多|更少|最少|多|少)(?!少)"
                         r"|\b(more|most|fewer|fewest|less)\b")


# a count of tasks a unit or a section has (只有3条任务, 超过5项, 不到2个任务)
_TASKS_COUNTED = lazy_compile(r"(只有|仅有|正好|刚好|恰好|超过|多于|少于|不到|不足)\s*([\d一二两三四五六七八九十]+)\s*"
                              r"(?:条|项|个)(?:任务)?(以上|以下)?")


def _annotated(text: str, start: int) -> bool:
    """Whether the words at ``start`` follow a request to mark something in a list asked before it
    (…列出来，并说明哪几项是… / …, and say which …)."""
    before = text[:start]
    for w in _words("annotate"):
        k = before.rfind(w)
        if k > 0 and not re.search(r"[.?!;]", before[k:]) and any(x in before[:k] for x in _words("list")):
            return True
    return False


@lru_cache(maxsize=1)
def _regardless_pattern() -> re.Pattern[str]:
    """不管/不论/无论 (是) A 还是/或 B (都): the alternatives end at a clause break or at 都/均/也; or, in
    brackets after what they qualify, (牵头、配合或责任)."""
    lead = "|".join(map(re.escape, _words("regardless")))
    alt = "|".join(map(re.escape, _words("alternative")))
    return re.compile(rf"(?:{lead})\s*(?P<alts>[^,.;?!()]{{1,20}}?(?:{alt})[^,.;?!()]{{1,20}}?)(?=[,.;?!()]|都|均|也|一律|$)"
                      rf"|\((?P<listed>[^()?]{{1,30}}?(?:{alt}|,)[^()?]{{1,30}}?)\)")


@cache
def _role_alternatives() -> re.Pattern[str]:
    """Two roles offered as the answer's choices (发改局是牵头还是责任 / 牵头单位还是配合单位): the unit's role is
    asked. A role may be said by the start of its name (责任 of 责任单位)."""
    said = {w for k in ("lead", "cooperate", "shared") for w in _words(k) if not w.isascii()}
    said |= {w[:-2] for w in said if len(w) > 3 and w.endswith(("单位", "部门"))}
    role = alternation(said)
    alt = "|".join(map(re.escape, _words("alternative")))
    return re.compile(rf"(?:{role})(?:的)?\s*(?:{alt})\s*(?:是|只是|仅是)?(?:{role})")


# a day or a month said as a value (2022年9月25日前, 6月底): the date tasks are due, asked of a list
_DUE = lazy_compile(r"(?:\d{4}\s*年)?(\d{1,2}\s*月\s*(?:\d{1,2}\s*[日号]|底|末|中旬|上旬|下旬))(?:前|之前|以前)?")
@cache
def _negated_property() -> re.Pattern[str]:
    """A word saying the property right after it is not had (没有, 不是, 也没写) or is set aside (去掉和别的单位联合牵头的:
    the words of ``negation_after``, said before it)."""
    return re.compile(rf"(?:(?<!有)(?:没有|没)|无|(?<!是)不是|并非|非|不含|不包括|除去|{alternation(_words('negation_after'))})"
                      r"(?:写|写明|标|标注|标明|列|列明)?(?:其他|其它|别的|另外的?)?$")  # (not 有没有, 是不是)


# the English of it: excluding those with several lead units / except the ones in the annex
_NEGATED_PROPERTY_EN = lazy_compile(r"\b(?:excluding|except(?: for)?|other than|but not|leaving out|minus)\s+(?:(?:those|the ones|ones|tasks|the tasks)\s+)?"
                                    r"(?:(?:with|having|that have|which have|that are|which are)\s+)?$")
_INCLUDING_EN = lazy_compile(r"\b(?:including|incl\.?|counting|as well as|along with)\b[^,.;?!()]{0,20}$")
_INCLUDING = "(?:包括|包含|含|连同|加上)"  # words that include what follows them (含当责任单位的, 包括牵头的)


@cache
def _include_words() -> re.Pattern[str]:
    return re.compile(alternation(_words("include")))


# attributes, each closed by 的, in a clause of their own right before an include word (，城市的、农村的|都算;
# not 池塘啥的, which closes an enumeration: and the like)
_ATTRIBUTES = r"\s*(?:[\u4e00-\u9fff]{1,12}?(?<![啥么类等些])的\s*(?:,|和|及|或)?\s*){1,4}"
_ATTRIBUTES_INCLUDED = lazy_compile(rf"(?<=,){_ATTRIBUTES}$")


# how an aside says it includes a kind or part of what is asked (农村的, 那种, 这类, 那块), not a thing of its own
_KIND_SAID = lazy_compile(r"(?:的|[那这哪\s]一?[种类样块些个]|之类|啥的|什么的)\s*$")  # (\s: a 那 already read)


def _asides(text: str) -> list[tuple[int, int, bool]]:
    """The clauses that only make sure more is counted (…农业节水灌溉那种也算 / （农村的也算） / （造林、农田、池塘
    啥的都算）): (start, end, whether it enumerates kinds) of each that follows another clause. Attributes listed
    in their own clause (…污水治理有关的内容，城市的、农村的都算) enumerate no kinds: they say which of what is
    asked count — all of it."""
    out = []
    for m in _include_words().finditer(text):
        lo = max(text.rfind(p, 0, m.start()) for p in ".;?!(") + 1
        if lo > 0 and (part := text[lo:m.start()].strip()):
            # (农光互补也算: a thing named, no kind — one more item too; 组织去参展的、借展会平台招商推介的都算:
            # attributes, each closed by 的 — which of what is asked count, no items)
            parts = [p for p in re.split(r"[、,]|和|及", part) if p.strip()]
            attributes = all(_KIND_SAID.search(p) for p in parts)
            out.append((lo, m.end(), not attributes))
        elif attributes := _ATTRIBUTES_INCLUDED.search(text, 0, m.start()):
            out.append((attributes.start(), m.end(), False))
    return out


def _included_apart(text: str, rest: str) -> str:
    """``rest`` (the question's words not yet read, the same length as ``text``) with a comma where a bracket opens
    with an include word (光伏项目（包括农光互补）): what it names is one more item of the topic, not words every task
    must hold — as a bracket that lists is (``_alternatives``)."""
    for m in re.finditer(rf"\(\s*{_INCLUDING}", text):
        k = m.start() + 1
        if rest[m.start()] == "(" and rest[k:m.end()].isspace():
            rest = rest[:k] + "," + rest[k + 1:]
    return rest


def _without_last_aside(text: str) -> str:
    """``text`` without a closing clause that only includes (…相关的任务，两块都要 / 配合的也算): what the question
    asks ends before it."""
    m = re.search(rf",[^,.;?!]*(?:{_include_words().pattern})[\s?.!]*$", text)
    return text[:m.start()] if m else text


def _without_asides(text: str) -> str:
    """``text`` without the asides that name one kind of what is asked (农业节水灌溉那种也算, 农村的也算): within
    its list already — neither words every task must hold nor a topic of their own. Kept when nothing else would
    be left. An aside that enumerates kinds (造林、农田、池塘啥的都算) stays: each is an item (``_asides_apart``)."""
    out = text
    for lo, hi, enumerates in _asides(text):
        if not enumerates:
            out = out[:lo] + " " * (hi - lo) + out[hi:]
    return out if re.search(r"[\u4e00-\u9fff]{2}", out) else text


def _asides_apart(text: str) -> str:
    """``text`` with a comma before each aside that enumerates kinds: what it names are more items of the topic,
    alternatives to the rest, not words every task must hold."""
    for lo, _, enumerates in sorted(_asides(text), reverse=True):
        if enumerates:
            text = text[:lo] + "," + text[lo:]
    return text


def _included(text: str, start: int, end: int) -> bool:
    """Whether the words at start:end are said to be included (…的也算, 包括…, 含…), not asked for alone:
    包括 may stand a few words before them in the same clause (包括和别的单位共同牵头)."""
    # (单独牵头和联合牵头都算: another phrase joined to them before the include word)
    # (写“按职责分工负责”的那种也算: the kind, quoted, then 的那种)
    after = re.match(r'["”]?[的在内]{0,3}(?:(?:和|与|及|、|或|还是)[^,.;?!()]{1,10}?(?=[的在内]{0,3}(?:都|也)))?[的在内]{0,3}'
                     r"(?:[那这]一?[种类样块]|之类)?[的]?", text[end:])
    return (any(text.startswith(w, end + after.end()) for w in _words("include"))
            or bool(re.search(rf"{_INCLUDING}[^,.;?!()]{{0,8}}$", text[max(0, start - 12): start]))
            or bool(_INCLUDING_EN.search(text[max(0, start - 40): start])))  # (including ones it co-leads)


@cache
def _header_cues(doc_word: bool) -> tuple[tuple[str, str], ...]:
    """(cue, header field) of ``data/header_words.tsv``, longest first across fields (who issued before
    issued); the cues that ask only beside a word for the notice when ``doc_word``."""
    cues: list[tuple[str, str]] = []
    for field, strong, *weak in vocab.rows("header_words.tsv"):
        cues += [(norm(c.replace("_", " ")), field) for c in strong.split()]
        if doc_word and weak:
            cues += [(norm(c.replace("_", " ")), field) for c in weak[0].split()]
    return tuple(sorted(cues, key=lambda c: len(c[0]), reverse=True))


@cache
def _measure_chars() -> frozenset[str]:
    """Measure words of one character that figures carry (户, 亩, 个 … in ``data/figure_kinds.tsv``)."""
    return frozenset(m for row in vocab.rows("figure_kinds.tsv") if len(row) > 2 for m in row[2].split()
                     if len(m) == 1 and re.fullmatch(r"[\u4e00-\u9fff]", m))


@cache
def _role_counted() -> re.Pattern[str]:
    """A role's units named right before a count word (配合单位有几个, 牵头部门一共几家)."""
    nouns = alternation(w for r in _COUNT_ROLES if r != "unit" for w in _words(f"count_role_{r}") if not w.isascii())
    # (a bare 单位 only on its own or after 的: 重点排放单位有几家 counts a thing the task names, not its units)
    bare = alternation(w for w in _words("count_role_unit") if not w.isascii())
    return re.compile(rf"(?:(?:{nouns})|(?:(?<=的)|(?<![\u4e00-\u9fff]))(?:{bare}))(?:有|是|一共|共|总共|共有)?$")


@cache
def _question_words() -> tuple[str, ...]:
    """Every Chinese question word of ``data/question_words.tsv``, longest first."""
    return longest_first(w for kind in vocab.grouped("question_words.tsv") for w in _words(kind) if not w.isascii())


def _inside_question_word(text: str, start: int, length: int) -> bool:
    """Whether ``text[start:start + length]`` lies within a longer question word written there."""
    for w in _question_words():
        if len(w) <= length:
            return False
        lo = max(0, start + length - len(w))
        k = text.find(w, lo, start + len(w))
        while 0 <= k <= start:
            if k + len(w) >= start + length:
                return True
            k = text.find(w, k + 1, start + len(w))
    return False


@lru_cache(maxsize=1)
def _office_endings() -> dict[str, tuple[str, ...]]:
    """English word for an office → how the Chinese names of such offices end (``data/office_english.tsv``)."""
    return {word: tuple(endings.split("|")) for word, endings in vocab.rows("office_english.tsv")}


@lru_cache(maxsize=1)
def _outcome() -> re.Pattern[str]:
    """What has come of a task, asked (``outcome_…`` of ``data/question_words.tsv``): 已经完成了几个, 最终有没有入选,
    进展到哪一步了 — not what the task asks for (完成时限, 有没有完成的期限, 进度要求)."""
    def alt(kind: str) -> str:
        return alternation(_words(kind))
    return re.compile(rf"(?:{alt('outcome_done')})了(?![^，,]{{0,6}}(?:要|应|需|须|才|后))"
                      rf"|(?:有没有|是否|最终|到底)(?:{alt('outcome_result')})(?!时限|时间|期限|日期|标准|条件|要求)"
                      rf"|(?:{alt('outcome_state')}|进度)(?:到了?|怎么样|如何|怎样)"
                      r"|[\u4e00-\u9fff](?:完|好|下来)了(?:吗|么|没有|没)")  # 编完了吗, 批下来了没有: done yet?


@cache
def measure_words() -> tuple[str, ...]:
    """Every measure word a figure may carry (亩, 万元, 户): ``data/figure_kinds.tsv``'s third column."""
    return tuple(dict.fromkeys(m for row in vocab.rows("figure_kinds.tsv") if len(row) > 2
                               for m in row[2].split() if m != "*" and not m.isascii()))


@cache
def _quoted_label() -> re.Pattern[str]:
    """A unit clause's label opening a quotation (“责任单位：…区发展和改革局…”): ``data/clause_labels.tsv``'s unit labels."""
    labels = alternation(w for w, role in vocab.rows("clause_labels.tsv") if role in ("lead", "responsible") and len(w) >= 4)
    return re.compile(rf"\s*(?:{labels})\s*:")


@cache
def figure_cues() -> dict[str, str]:
    """The Chinese words naming a kind of figure (金额, 面积, 人数 → money, area, people), from the cues of
    ``data/figure_kinds.tsv`` — those of a kind with measure words of its own (not date, not count)."""
    return {norm(c): kind for kind, cues, measures, *_ in vocab.rows("figure_kinds.tsv")
            if kind not in ("date", "count") and measures.strip() for c in cues.split() if not c.isascii() and len(c) >= 2
            and not re.search(r"多|几|什么|啥|何", c)
            and not (c.endswith("数") and c[:-1] in measures.split())}  # (亩数: a measure word, read as has_measure)


@lru_cache(maxsize=1)
def _predicate_patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    def words(match: re.Match[str]) -> str:  # %ABSENT% → (?:没有|没|…): record_absent of question_words.tsv
        found = (measure_words() if match.group(1) == "MEASURE" else tuple(figure_cues())
                 if match.group(1) == "FIGURE_CUE" else _words("record_" + match.group(1).lower()))
        alt = "(?:" + alternation(found) + ")"
        # a label may be quoted as the notice prints it (没写“牵头单位”的)
        return rf'["“]?{alt}["”]?' if match.group(1) in ("LEAD", "SUPPORT") else alt
    return tuple((kind, re.compile(re.sub(r"%([A-Z_]+)%", words, pattern))) for kind, pattern in vocab.rows("predicates.tsv"))


@lru_cache(maxsize=1)
def _english_shape_stems() -> frozenset[str]:
    """The stems of the English shape words (targets → target)."""
    return frozenset(stem(w) for phrase in _shape_words() if phrase.isascii() for w in phrase.split())


_DETERMINER = lazy_compile(r"(?:哪|什么|啥|几|这|那|该|此|各|每|本|上述|某|其他|其余|所有|全部|哪些|这些|那些)[个些一项类条]?$")


def _determined(text: str, word: str) -> bool:
    """Whether every time the question says the word a question word or a determiner stands before it
    (哪个项目, 这个工程: the task asked about) — elsewhere (涉及项目的) it names what tasks are about."""
    at = [m.start() for m in re.finditer(re.escape(word), text)]
    return bool(at) and all(_DETERMINER.search(text[:k]) for k in at)


@lru_cache(maxsize=1)
def _shape_words() -> frozenset[str]:
    """Every word that shapes a question or tells its background: never a topic."""
    out = set(vocab.words("background_words.txt"))
    for kind in vocab.grouped("question_words.tsv"):
        # (职责 after 哪 names tasks; elsewhere, 防汛职责, it may be what is asked about; the verbs a property of the
        # records or an outcome is composed of — 明确, 指定, 完成, 通车 — are topics anywhere else, unlike its roles)
        if (kind not in ("instance_task", "record_absent", "record_present", "quantity_suffix")
                and not kind.startswith("outcome_")):
            out |= set(_words(kind))
    for _, cues, *_ in vocab.rows("figure_kinds.tsv"):
        out |= {norm(c.replace("_", " ")) for c in cues.split()}
    for row in vocab.rows("header_words.tsv"):
        out |= {norm(c.replace("_", " ")) for field in row[1:] for c in field.split()}
    return frozenset(out)


@lru_cache(maxsize=1)
def _pos_table() -> PosTable:
    """jieba's dictionary part-of-speech tags (a general Chinese dictionary), loaded on first need."""
    return PosTable.load()


def plain_verb(word: str) -> bool:
    """Whether the dictionary tags a word a verb, not a verbal noun (组织, 参加; not 防控, 监管)."""
    tag = _pos_table().get(word)
    return tag is not None and tag.startswith("v") and not tag.startswith("vn")


class _Spans:
    """The question's characters and which of them a reader has consumed."""

    def __init__(self, text: str):
        self.text = text
        self.cased = text  # the same characters before case folding, where known (English names are capitalised)
        self.used = [False] * len(text)
        self.asked: list[tuple[int, str]] = []  # where each question word stands, with its kind (Reader._asks)
        # a pasted draft sentence in quotes: its words are matched as topic, never read as the question's shape
        self.quoted = [False] * len(text)
        self.titled = [False] * len(text)  # a task's title written out (Reader._quote_titles): names no section
        self.merged: set[str] = set()  # words joined from single characters jieba split (_merge_strange_chars)
        self.numbered: list[str] = []  # documents named by their number (鲁政字[2021]64号) that the notices cite
        for m in _QUOTE.finditer(text):
            self.quoted[m.start(1):m.end(1)] = [True] * (m.end(1) - m.start(1))

    def take(self, start: int, end: int) -> None:
        for i in range(max(0, start), min(end, len(self.text))):
            self.used[i] = True

    def release(self, start: int, end: int) -> None:
        """Give characters a reader took back (a cue word that turned out to be part of a longer word)."""
        for i in range(max(0, start), min(end, len(self.text))):
            self.used[i] = False

    def free(self, start: int, end: int) -> bool:
        return not any(self.used[start:end]) and not any(self.quoted[start:end])

    def find(self, words: tuple[str, ...], consume: bool = True, english: bool = False) -> list[tuple[int, str]]:
        """Occurrences of any of the words in unconsumed text, longest words first."""
        found = []
        for w in words:
            if not w:
                continue
            start = 0
            while True:
                k = self.text.find(w, start)
                if k < 0:
                    break
                start = k + 1
                if english or w.isascii():
                    before = self.text[k - 1] if k > 0 else " "
                    after = self.text[k + len(w)] if k + len(w) < len(self.text) else " "
                    if before.isalnum() or after.isalnum():
                        continue
                if self.free(k, k + len(w)):
                    found.append((k, w))
                    if consume:
                        self.take(k, k + len(w))
        return sorted(found)

    def rest(self) -> str:
        return "".join(" " if u else ch for ch, u in zip(self.text, self.used, strict=True))

    def untitled(self) -> str:
        """``rest()`` without a task's title written out."""
        return "".join(" " if u or t else ch for ch, u, t in zip(self.text, self.used, self.titled, strict=True))


class Reader:
    """Reads questions against one loaded corpus; safe to share between threads."""

    def __init__(self, lexicon: Lexicon):
        self.lex = lexicon

    @cached_property
    def _doc_ref(self) -> re.Pattern[str]:
        kinds = "".join(f"|{re.escape(k)}" for k in longest_first(self.lex.doc_kinds))
        return re.compile(_DOC_REF.format(kinds=kinds))

    def warm(self) -> None:
        """Build what reading needs of the whole corpus now, not for the first question."""
        self.lex.warm()
        _ = self._cited_pairs, self._doc_ref

    # ---- entry point ---------------------------------------------------------------------
    def read(self, question: str) -> Query:
        """Read one question on its own (conversation is :mod:`rag.conversation`).

        Raises:
            QuestionError: empty or over-long question.
        """
        q = validate_question(question)
        lang = "en" if looks_english(q) else "zh"
        # (牵头单为: a role's label mistyped by sound is the label)
        text = respelled(unit_pronouns(norm(q)), _role_labels())
        # (发改签头的, 只挂则任单位: a role's own word mistyped by sound — not a word of its own, 前头)
        text = respelled(text, ("牵头", "责任"), lambda run: _pos_table().get(run) is not None or self.lex.known(run))
        background, asked = _with_included(*split_background(text))
        asked, told = split_instructions(asked)
        personal, asked = _with_included(*split_personal(asked))
        personal = " ".join(p for p in (personal, told) if p)
        query = self._read_part(q, asked, lang)
        # 文件里怎么说的？ / 文件里有写吗？ asks nothing of its own: the sentence before it, when it asks (…补贴标准
        # 是多少。), holds the question
        while background and not _anchored(query) and not (query.field or query.figure_kind or query.header):
            sentences = _sentences(background)
            if not _INTERROGATIVE.search(sentences[-1]):
                break
            background, asked = "".join(sentences[:-1]).strip(), sentences[-1] + asked
            query = self._read_part(q, asked, lang)
        read_bg = cache(lambda words: self._read_part(words, words, lang))  # (each background read once per question)
        if background and self._refers_to_background(query, asked, lambda: read_bg(background), lang):
            # 跟镇街签耕地保护目标责任书，这个是自然资源局单独牵头吗？: 这个 is what the clause before names — one question
            background, asked = "", background + asked
            query = self._read_part(q, asked, lang)
        background = " ".join(p for p in (background, personal) if p)
        if (background and query.topic and len(query.topic.terms) >= 2 and any(w in asked for w in _words("refer"))
                and self._title_words(query.topic.terms)):
            # …婚庆行业突出问题专项治理的材料，领导问这项在区里绿色低碳高质量发展重点任务里是谁牵头的: the notice's title
            # words say where to look; 这项 is what the background names
            query = replace(query, topic=None)
        if background and not query.cite and any(w in background for w in _words("cite")):
            query = replace(query, cite=True)  # 我要在材料里引用…，怎么写: the citation is asked, in the clause before
        if told and _says_form(_clauses(told)[0]):  # …，按文号+项次的格式帮我写好: the citation, in that form
            words = (query.ask is Ask.BEST and query.field in (None, "lead", "units", "responsible")
                     and _ORIGINAL.search(told))  # (格式：文件名+第几条+原文+牵头单位: with the task's words)
            query = replace(query, cite=True, field="text" if words else query.field)
        if background:
            query = replace(query, background=background)
            query = self._refer_to_background(query, asked, lambda: read_bg(background), lang)
            query = self._fill_from_background(query, background, read_bg)
        if query.topic and query.units() and not query.has(DocFilter):
            # 今年绿色低碳高质量发展重点任务里我们局牵头的: the notice named by its title beside a unit, not a topic
            query = replace(query, topic=_without_title_words(query.topic, [n.title for n in self.lex.notices]))
        if statement := _statement(text):
            query = replace(query, statement=statement)
        return query

    def _read_part(self, question: str, text: str, lang: str) -> Query:
        s = _Spans(text)
        full = fold(question)
        at = full.lower().find(text)
        if at >= 0 and len(full) == len(full.lower()):
            s.cased = full[at: at + len(text)]
        filters: list[Filter] = []
        for m in _REDUPLICATED.finditer(s.text):  # 捋一捋, 理了理, 查一查: a verb said twice asks nothing
            if s.free(m.start(), m.end()):
                s.take(m.start(), m.end())
        docs = self._docs(s)
        if docs:
            filters.append(DocFilter(docs))
        if any(w in s.text for w in _words("mention")):  # 涉及“数字”的任务: the quoted word is searched, never a shape
            for m in _QUOTED_WORD.finditer(s.text):  # (but 在“责任单位”那一栏: a quoted label of the records is a role)
                if m.group(1).strip() not in _words("record_lead") + _words("record_support"):
                    s.quoted[m.start(1):m.end(1)] = [True] * (m.end(1) - m.start(1))
        for m in _QUOTE.finditer(s.text):  # says the listed units are "按职责分工负责": a role quoted, not a draft's words
            # (… or a unit clause as the notice prints it, “责任单位：…区发展和改革局…”: its label and unit are read;
            # … or a unit's name as the notice writes it, “相关县（区）政府（管委会）”: that unit is named)
            if any(pattern.fullmatch(norm(m.group(1)).strip(" .")) for _, pattern in _predicate_patterns()) \
                    or _quoted_label().match(m.group(1)) or self.lex.units.named(m.group(1)):
                s.quoted[m.start(1):m.end(1)] = [False] * (m.end(1) - m.start(1))
        titled = self._quote_titles(s)
        every = self._every_task(s)
        for m in PLURAL_REFERENT.finditer(s.text):  # 这两项的责任单位: what they are is the conversation's
            if s.free(m.start(), m.end()):
                s.take(m.start(), m.end())
        ordinals = self._ordinals(s)
        s.find(_words("previous_answer"))  # 上一条回答里面: the answer before, not the task before (上一条)
        step = (BOTH_SIDES if s.find(_words("step_both")) else -1 if s.find(_words("step_back"))
                else 1 if s.find(_words("step_next")) else 0)
        steps = 1
        if not step and (counted := _STEPS.search(s.text)) and s.free(counted.start(), counted.end()):
            s.take(counted.start(), counted.end())  # 再往后两条 / 往前三项: that many tasks on that side
            step = -1 if counted.group(1) in ("往前", "向前", "前面") else 1
            steps = number_of(counted.group(2))
        numbers, path, excepted = self._task_numbers(s)
        if excepted:  # the tasks the question sets aside by number: every task but those
            filters.append(RowsFilter(tuple(r for r, t in enumerate(self.lex.tasks) if t.number in excepted),
                                      exclude=True))
        if numbers and titled and not any(self.lex.tasks[r].number in numbers for r in titled):
            numbers, path = [], ()  # 第7项“健全基层消防督导考核机制”, where that title is another number's: the title
        if numbers:
            filters.append(TaskFilter(numbers, path))
        elif path:
            filters.append(HeadingFilter(path))
        sections, heading, heading_titles = self._parts(s, docs, path, lang)
        if sections and numbers and all(re.search(rf"第{int_to_cn(n)}(?:项|条|个)", s.text) for n in numbers) and not any(
                t.number in numbers and any(t.section == k for _, k in sections) for t in self.lex.tasks):
            # 深化改革扩大开放这块，第一项和最后一项: items in words that are no task of the part: its n-th
            ordinals = tuple(numbers) + tuple(k for k in ordinals if k not in numbers)
            filters = [f for f in filters if not isinstance(f, TaskFilter)]
            numbers = ()
        if sections:
            filters.append(SectionFilter(sections))
        if heading:
            filters.append(heading)
        same = _same_units().search(s.text) if not _WH.search(s.text) else None
        if same and not _YES_NO.search(s.text) and (same.group(0).isascii() or s.text[same.end():].strip(" ?.!,呢吧啊")):
            same = None  # (第30项和第31项牵头单位一样: asked all the same, when the sentence ends on it)
        if same:  # 是不是同一个牵头单位: a comparison, never a count (一个牵头单位) nor a unit talked about (同一个局)
            s.take(same.start(), same.end())  # (asked yes or no: 同一个部门还牵头哪些 asks the unit talked about's)
        names_aside = self._take_names_aside(s)
        mentions = self._unit_mentions(s, lang)
        either = self._regardless(s)
        filters += _unit_counts(s)
        sole = PredicateFilter("lead_count", 1, "eq") in filters
        filters += [f for p, n, m, neg in self._predicates(s, mentions)
                    if (f := PredicateFilter(p, n, measure=m, negated=neg)) not in filters
                    and not (sole and neg and p == "several_leads")]  # 单独牵头（没有其他共同牵头单位）: said twice
        unit_filters, mode = self._units(s, mentions, either)
        filters += unit_filters
        headers = self._headers(s, filters)
        # 一共分了几个方面: a notice with no sections is divided into its tasks: how many tasks is asked
        count_tasks = headers == ("sections",) and not any(n.sections for n in self.lex.notices)
        if count_tasks:
            headers = ()
        # 增长10%这项目标由哪个单位牵头: a figure beside a who-question names the task; who is asked
        # … unless a clause of its own asks for it (谁牵头？有什么指标？)
        who_only = (not _QUANTITY_ASKED.search(text) and bool(s.find(_words("who"), consume=False))
                    and not any(_QUANTITY.search(c) and _INTERROGATIVE.search(c) and not any(w in c for w in _words("who"))
                                for c in _CLAUSE_SPLIT.split(text)))
        figure_kind = None if who_only else self._figure_kind(s)
        asks = self._asks(s) | ({"count"} if count_tasks else set())
        # 报告要引第88项，发文机关、文号、日期帮我写全: the notice's facts named for a task's citation, given with it
        cite_fields = tuple(dict.fromkeys(headers + self._headers(s, [f for f in filters if isinstance(f, DocFilter)],
                                                                  cited=True))) if "cite" in asks else ()
        if unit_filters and _AMONG.search(text) and not _ONE_ASKED.search(text):
            asks.add("list")  # 发改局牵头的任务里涉及项目的: which of that unit's tasks (not 哪项跟绿色低碳有关: one)
        if who_only:
            asks.discard("figure")
        if asks & {"list", "count"} and (due := _DUE.search(s.text)) and s.free(due.start(), due.end()):
            s.take(due.start(), due.end())  # 哪些任务的完成时限是2022年9月25日前: the tasks due then
            filters.append(PredicateFilter("has_date", measure=due.group(1)))
        if s.find(_words("how"), consume=False) and not _QUANTITY_ASKED.search(text):
            asks = (asks - {"figure"}) | {"what"}  # 已经达到用水总量控制目标的地方会怎么处理: its measure, no figure
            figure_kind = None
        if not asks & {"list", "count"} and not any(isinstance(f, UnitFilter | SectionFilter) for f in filters) \
                and not _WHICH_TASK.search(text) \
                and any(isinstance(f, PredicateFilter) and f.predicate in _FIELD_PREDICATES for f in filters):
            # 具体指标呢 / 有没有目标，要达到多少 / 有完成时间吗: a figure or date asked of the task, not tasks that have one
            asks |= {_FIELD_PREDICATES[f.predicate] for f in filters
                     if isinstance(f, PredicateFilter) and f.predicate in _FIELD_PREDICATES}
            filters = [f for f in filters if not (isinstance(f, PredicateFilter) and f.predicate in _FIELD_PREDICATES)]
        if figure_kind is None:
            figure_kind = "date" if "when" in asks else "count" if "figure" in asks else None
        for m in _DOC_NUMBER.finditer(s.text):  # 鲁政字〔2021〕64号: a document a task cites, named by its number
            start = next((k for k in range(max(0, m.start() - 10), m.start())  # (with the longest issuer's word)
                          if self.lex.known(s.text[k:m.end()]) and s.free(k, m.end())), None)
            if start is not None:
                s.take(start, m.end())  # (its year is no time asked about)
                s.numbered.append(s.text[start:m.end()])
        out_of_scope = self._out_of_scope(s, lang) or self._missing_section(sections, docs, lang)
        wider = self._wider(s)
        towns = self._towns(s)
        instance = self._instance(s)
        if instance:
            asks.discard("list")  # 分到哪些镇街: names of a kind are asked, not a list of tasks
            if not _office_noun().search(instance):  # 要配合哪家公司: a company the text names, not the task's units
                asks -= {"role:lead", "role:support", "role:shared"}
        self._take_asides(s, bool(unit_filters))
        topic = self._topic(s, text, lang)
        if (sections or heading_titles) and topic:  # the part's own title words name it, not a topic within it
            topic = _without_title_words(topic, [sec.title for n in self.lex.notices for d, k in sections
                                                 for sec in n.sections if sec.number == k and d in ("", n.doc_id)]
                                         + heading_titles)
        if docs and topic:  # likewise the words a notice was named by (2024年数字乡村)
            topic = _without_title_words(topic, [n.title for n in self.lex.notices if n.doc_id in docs])

        # (取水许可限批这一条的责任单位（不是牵头单位）是谁: that task's units in a role, not units that never lead)
        one_named = bool(topic and topic.terms and _ONE_TASK.search(text))
        group = None if unit_filters or numbers or one_named else _group(text)
        compared = [f for f in unit_filters if isinstance(f, UnitFilter) and f.unit and not f.absent and f.exclude is None]
        if (not group and len({f.unit for f in compared}) >= 2 and len(compared) == len(unit_filters) and not numbers
                and len({f.scope for f in compared}) == 1 and (rank := _compared_rank(text))):
            # 民政局和卫健局比，谁牵头的任务多: the units named, ranked by their tasks, each listed with its count
            group = Group("unit", rank, compared[0].scope, among=tuple(dict.fromkeys(f.unit for f in compared)))
            filters = [f for f in filters if f not in compared]
        if group:  # 哪个单位牵头的任务最多: units are asked, each with its tasks; the most_… property is the group's
            filters = [f for f in filters if not (isinstance(f, PredicateFilter) and f.predicate.startswith("most_"))]
            asks = (asks - {"who", "section", "figure"}) | {"list"}
            figure_kind = None
        if "who" in asks and not unit_filters and (numbers or (topic and topic.terms)) and not _TASKS_ASKED.search(text):
            # 推动数字智慧管理哪些单位按职责分工负责: that task's units in the role, not the tasks that have such units
            roles = [f for f in filters if isinstance(f, PredicateFilter) and f.predicate in ("shared", "has_support")]
            if roles:
                filters = [f for f in filters if f not in roles]
                asks.add("role:support")
        if headers and topic and topic.terms and not topic.unknown and set(headers) & {"doc_id", "date", "issuer", "title"} \
                and self._title_words(topic.terms):
            topic = None  # the document number of the notice on deepening the conversion of…: its title's words
        if (topic and len(topic.terms) >= 2 and not topic.unknown and self._title_words(topic.terms)
                and any(isinstance(f, SectionFilter | HeadingFilter) for f in filters)):
            topic = None  # 提高岸电使用率的主要任务有哪几项: the plan named by its title's words, then its part
        described: tuple[str, ...] = ()
        if "basis" in headers and topic and topic.terms and not topic.unknown:
            # 依据的枣庄市的文件是哪几个: the documents it implements that those words describe, not a task's topic
            described = tuple(c.text for c in self.lex.cited if c.row is None
                              and all(norm(t) in norm(c.text) for t in topic.terms))
            topic = None if described else topic
        # 那这条的出处帮我写一下，带文号: the citation of the task talked about, which carries the notice's 文号
        task_cited = "cite" in asks and any(w in text for w in _words("refer") if re.search(r"[条项]|任务", w))
        ask, field = _decide_ask(asks, filters, topic, bool(headers) and not task_cited, figure_kind,
                                 bool(_UNITS_LISTED.search(text)))
        cited = self._cited(text, numbers) if _DOCUMENT_ASKED.search(text) or {"doc_id", "title"} & set(headers) else ()
        cited = cited or described
        if cited:  # 省委那个先行区三年行动计划是鲁发几号: a document the notice cites, not the notice itself
            ask, field, headers = Ask.HEADER, None, ("cited",)
        props = [f for f in filters if isinstance(f, PredicateFilter)]
        one_task = bool(topic and topic.terms and _ONE_TASK.search(text))  # 疫情防控那条有哪些量化指标
        if (ask is Ask.LIST and len(props) == 1 and props[0].predicate in PREDICATE_FIELD
                and (numbers or (topic and topic.terms))
                and ((_YES_NO.search(text) and not asks & {"list", "count"} and not _WHICH_TASK.search(text))
                     or one_task)
                and not any(isinstance(f, UnitFilter | SectionFilter | HeadingFilter) for f in filters)):
            # 老旧小区改造有配合单位吗？: the field of the one task asked about, not the tasks that have one
            ask, field = Ask.BEST, field or PREDICATE_FIELD[props[0].predicate]
            figure_kind = figure_kind or ("count" if field == "figure" else None)
            filters = [f for f in filters if f is not props[0]]
        titled_rows = tuple(dict.fromkeys(titled))
        if (ask is Ask.LIST and len(titled_rows) == 1 and not numbers and not group and not headers
                and not _TASKS_ASKED.search(text) and not _WHICH_TASK.search(text[: s.titled.index(True)])
                and not any(isinstance(f, UnitFilter | SectionFilter | HeadingFilter | PredicateFilter) for f in filters)):
            # 持续打造“山东手造·匠心枣庄”品牌，要组织参加哪些重点活动: what the task named by its whole title lists,
            # not the tasks that share its words
            ask, filters = Ask.BEST, filters + [RowsFilter(titled_rows)]
        claim: tuple[UnitFilter, ...] = ()
        claim_props: tuple[PredicateFilter, ...] = ()
        if (unit_filters and all(f.unit for f in unit_filters) and (_CLAIM.search(text) or _guessed(s.text, mentions))
                and not asks & {"list", "count"}
                and not any(w in text for w in _words("other"))  # 大数据中心还牵头了别的吗: which others, no yes or no
                and not group and not headers and not _AMONG.search(text) and mode == "each"
                and not re.search(r"的(?:任务|事项|工作)", text)  # 有没有发改局牵头的任务: whether there are such tasks
                and not _WHICH_TASK.search(text)  # … in which task, in what role?: where it stands is asked
                and field in (None, "units", "lead", "responsible")  # (…牵头吗，目标多少公里: the figure is asked)
                # … and a role is said (牵头, 配合, 参与, 负责): 有没有明确区交通委完成…的截止时间 asks no role
                and (any(w in text for k in ("lead", "support", "cooperate", "shared", "involved", "any")
                         for w in _words(k) if not w.isascii())
                     or re.search(r"负责|\b(?:lead|led|responsible|support|in charge)", text) is not None)
                and not any(f.absent for f in unit_filters)
                and not any(isinstance(f, SectionFilter | HeadingFilter) or (isinstance(f, PredicateFilter) and not (
                    (one_task or (topic and topic.terms)) and f.predicate in ("lead_count", "several_leads")))
                    for f in filters)):
            # 老旧小区改造是不是住建局牵头的？ / 第26项是发改局牵头的吗？: the task's units, with a yes or no
            # (智慧社区那一项是民政局一家牵头吗 / 打造智慧社区示范点是大数据中心一家牵头吗: of the task its words name,
            # how many lead is seen in its units)
            claim = tuple(unit_filters)
            claim_props = tuple(f for f in filters if isinstance(f, PredicateFilter))
            filters = [f for f in filters if f not in claim and f not in claim_props]
            ask, field = Ask.BEST, "units"
        elif (unit_filters and all(f.unit for f in unit_filters) and (numbers or (topic and topic.terms))
              and ((_ROLE_ASKED.search(text) or _role_alternatives().search(text)) and mode == "each"
                   or _units_as_alternatives(s.text, mentions))
              and not asks & {"list", "count"} and not _WHICH_TASK.search(text)):
            # 取水许可限批那条，审批局在里面是什么角色 / 到底是民政局牵头还是大数据中心牵头: the task's units,
            # each with its role, answer it
            filters = [f for f in filters if f not in unit_filters]
            ask, field = Ask.BEST, "units"
        if (ask is Ask.BEST and field and len(titled_rows) == 1 and not numbers and not claim and unit_filters
                and not _units_as_alternatives(s.text, mentions)):
            # 开发区这边准备…，文件里提升开发区载体功能那一条，责任单位是哪几个: the task named by its whole title is
            # asked about; a unit said elsewhere in the question (the asker's side) is no filter on it
            filters = [f for f in filters if not isinstance(f, UnitFilter)] + [RowsFilter(titled_rows)]
        if topic and topic.unknown:
            topic = _place_unknown(topic, question, ask in (Ask.LIST, Ask.COUNT) or field in ("units", "lead", "responsible"))
            topic = self._name_or_typo(topic, text, s.merged)
            if figure_kind and topic.terms:
                topic = _figure_names(topic, self.lex.known)
        related = _related_after(topic, text) if topic else None
        if topic and (any(w in text for w in _words("mention")) or related):
            topic = replace(topic, mention=True)  # (储能相关任务, 大运河有关的几条: what bears on it, passing or not)
            if ask is Ask.BEST and field is None and not numbers and (
                    _TASKS_NAMED.search(bare := _without_last_aside(text)) or (
                        related and "哪" not in text and _TASKS_ONLY.fullmatch(bare[related.end():]))):
                ask = Ask.LIST  # 涉及“回头看”的任务, RCEP 相关任务: the tasks that mention it, named as a noun phrase
            elif ask is Ask.BEST and field is None and not numbers and _mention_yes_no().search(text):
                ask = Ask.LIST  # 西集镇在文件里出现过吗: yes, where — every task that mentions it
        places = _DOC_PLACES.search(text) if topic and topic.terms and not numbers else None
        if places:  # 高企申报在文件里有几处: the places of the notice that write it — the tasks mentioning it
            ask, field, figure_kind = (Ask.LIST if "哪" in places.group(0) else Ask.COUNT), None, None
            topic = replace(topic, mention=True)
        if topic and topic.terms and any(w in text for w in _words("in_title")):
            topic = replace(topic, mention=True, in_title=True)  # 标题里带“养老”两个字的
        elif topic and topic.terms and (names_aside or any(w in text for w in _words("in_text"))):
            topic = replace(topic, mention=True, in_text=True)  # 内容里提到“大数据”的 (单位名称里的不算)
        if (ask is Ask.BEST and field is None and not numbers and not filters and topic and not topic.items
                and len(topic.term_groups()) > 1 and not s.asked):
            # 耕地保护和农田建设的任务 (渔业 水产 的任务): the tasks of things joined, named as a noun phrase — each
            # one's; keywords typed apart with what bears on them asked (渔业相关 放流 池塘 都算) — each one's too
            spaced = _spaced_items(text, list(topic.term_groups()))
            if (_TASKS_NAMED.search(text) and (spaced or _alternatives(
                    self.lex.tokenizer.words(topic.text), list(topic.term_groups()), _words("join_and")))) or (
                    spaced and (topic.mention or any(w in text for w in _words("include")))):
                ask = Ask.LIST
        if ask is Ask.LIST and topic and not topic.items and len(topic.term_groups()) > 1:
            # 渔业和畜牧方面的任务: a list of what is joined is of each one's tasks (one task needs both to be named)
            # (高企的有哪几条？瞪羚企业的呢: a second question said short, with 呢, of another thing — another item)
            joins = _words("join_and") + (("?",) if _SAID_AGAIN.search(text) else ())
            items = (_alternatives(self.lex.tokenizer.words(topic.text), list(topic.term_groups()), joins)
                     or _spaced_items(text, list(topic.term_groups())))
            topic = replace(topic, items=tuple(items)) if items else topic
        if ask is Ask.LIST and topic and topic.unknown and len(topic.items) >= 2:
            # 跟电站、储能、电源结构、燃气这些能源供应有关的: of things listed, those the notices never write have no
            # tasks — when two or more others are written whole, theirs are the list, no reason to abstain (not
            # 全民健身、体育场馆建设: no thing listed is written whole)
            elements = [e for e in re.split(r"[,、]", topic.text) if e.strip()]
            whole = [e for e in elements if any(t in e for t in topic.terms) and not any(w in e for w in topic.unknown)]
            if len(whole) >= 2:
                listed = {w for w in topic.unknown if any(w in e for e in elements)}
                topic = _without_unknown(topic, listed)
        if ask is Ask.BEST and (unit_filters or numbers or (topic and topic.terms)):
            props = [f.predicate for f in filters if isinstance(f, PredicateFilter)]
            filters = [f for f in filters if not isinstance(f, PredicateFilter)]  # a property only filters lists
            if field is None and len(props) == 1 and props[0] in PREDICATE_FIELD:  # 第27项具体数字指标有哪些: its field
                field = PREDICATE_FIELD[props[0]]
                figure_kind = figure_kind or ("count" if field == "figure" else None)
        if (ask is Ask.BEST and field == "figure" and figure_kind == "count" and not filters and not numbers
                and not (topic and (topic.terms or topic.unknown or topic.places)) and not ordinals and not step
                and not instance and _TASKS_COUNTED.search(text)):
            ask, field, figure_kind = Ask.COUNT, None, None  # 一共多少条: a figure of nothing, in tasks, counts the tasks
        if "cite" in asks and ask is Ask.BEST and field in (None, "lead", "units", "responsible") and _ORIGINAL.search(text):
            field = "text"  # 引用…格式：文件名+第几条+原文+牵头单位: the citation with the task's words (which name its units)
        if same is not None and field is None:  # (the role compared is the field each task shows)
            field = _compared_field(same.group(0))
        every = every and not filters and not numbers and not (topic and (topic.terms or topic.unknown)) and not ordinals
        if every and ask is Ask.BEST and field is None and not figure_kind:
            ask = Ask.LIST  # 这八条措施分别是什么: each of them
        bare = (ask is Ask.BEST and field is None and not filters and not numbers and not s.asked and not asks
                and not instance and not ordinals and not step and not out_of_scope and not claim
                and bool(topic and topic.terms and not topic.unknown and not topic.places))
        return Query(question=question, lang=lang, filters=tuple(filters), unit_mode=mode, topic=topic, ask=ask,
                     field=field, figure_kind=figure_kind, also=_also(s, asks, field, bool(unit_filters)),
                     # (an English "what is the target" asks the value: only Chinese names a goal apart, 有什么目标)
                     amount=bool(_QUANTITY_ASKED.search(text)) or field != "figure" or lang == "en",
                     cite="cite" in asks, units_counted="units_counted" in asks and field in ("lead", "responsible", "units"),
                     header=headers if ask is Ask.HEADER else cite_fields if "cite" in asks else (),
                     ordinals=ordinals, step=step, steps=steps, out_of_scope=out_of_scope, area=wider, towns=towns, instance=instance,
                     claim=claim, claim_props=claim_props, cited=cited,
                     group=group, bare=bare, same=same is not None, every=every)

    # ---- readers, each consuming what it reads ---------------------------------------------------
    def _cited(self, text: str, numbers: tuple[int, ...]) -> tuple[str, ...]:
        """The cited documents the question describes (市委市政府的三年行动计划、市政府办公室的2023年重点工作任务，
        文号分别是): for each part of it, the document whose title and number share the most character pairs
        with the part — when that is more than the notices' own titles share (这个通知的文号 asks the notice's
        own). Of a task named by number (第59项引用的文件), that task's documents."""
        refs = [c for c in self.lex.cited if not numbers or (c.row is not None and self.lex.tasks[c.row].number in numbers)]
        if not refs:
            return ()
        if numbers:  # 第59项引用的文件文号 (not 第59项的名称, the task's own title)
            return tuple(dict.fromkeys(c.text for c in refs)) if _CITING.search(text) else ()
        own, pairs = self._cited_pairs
        bodies = [(c.text, pairs[c.text]) for c in refs]
        chosen: list[str] = []
        for part in _PARTS.split(text):
            asked = _pairs(part)
            if not asked:
                continue
            mine = len(asked & own)
            scored = sorted(((len(asked & body), ref) for ref, body in bodies), reverse=True)
            best, ref = scored[0]
            # (… and shares enough to be described at all: 汇报稿里写“加快推进…建设”，帮我出个引用（文号+项号）
            # shares one pair, 建设, with a cited title — the notice's own citation is asked)
            if best > mine and best >= MIN_CITED_PAIRS and (len(scored) == 1 or best > scored[1][0]):
                chosen.append(ref)
        return tuple(dict.fromkeys(chosen))

    @cached_property
    def _cited_pairs(self) -> tuple[set[str], dict[str, set[str]]]:
        """The most character pairs a notice's own title, issuer and number hold, and each cited document's."""
        own = max((_pairs(f"{n.title}{n.issuer}{n.doc_id}") for n in self.lex.notices), key=len, default=set())
        return own, {c.text: _pairs(c.text) for c in self.lex.cited}

    def _docs(self, s: _Spans) -> tuple[str, ...]:
        titled = titled_spans(s.text, self.lex.notices)
        found = doc_mentions(s.text, self.lex.notices, titled)
        for doc in found:
            k = s.text.find(norm(doc))
            if k >= 0:
                s.take(k, k + len(norm(doc)))
        for _, start, end in titled:  # …重点任务的通知: the notice's name, no topic
            if s.free(start, end):
                s.take(start, end)
        return found

    def _ordinals(self, s: _Spans) -> tuple[int, ...]:
        """第二个 / 第二个和第四个: the n-th tasks of an earlier answer (第2项 is a task's own number); 最后一项:
        the last (-1) — of the earlier answer, or of the notice."""
        last = _LAST.search(s.text)
        if last and s.free(last.start(), last.end()):
            s.take(last.start(), last.end())
            return (-1,)
        first = _FIRST.search(s.text)
        if first and s.free(first.start(), first.end()):
            s.take(first.start(), first.end())
            return (1,)
        found: list[int] = []
        for m in _ORDINAL.finditer(s.text):
            if s.free(m.start(), m.end()):
                s.take(m.start(), m.end())
                found.append(number_of(m.group(1)))
        for m in _EN_ORDINAL.finditer(s.text):  # the second one / the first and third tasks
            if s.free(m.start(), m.end()):
                s.take(m.start(), m.end())
                found += [_EN_ORDINALS.index(w) + 1 for w in re.findall("|".join(_EN_ORDINALS), m.group(0))]
        return tuple(dict.fromkeys(n for n in found if n))

    def _task_numbers(self, s: _Spans) -> tuple[tuple[int, ...], tuple[str, ...], tuple[int, ...]]:
        """Task numbers, the headings named right before them (第二部分（三）第5条, 附件第10项), and the numbers set
        aside (除了第8条)."""
        found: list[int] = []
        excepted: list[int] = []
        path: list[str] = []
        for m in _UNDER_HEADING.finditer(s.text):  # 第（九）条下面第1项: a heading, then a number under it
            n = number_of(m.group(2))
            if n and s.free(m.start(), m.end()) and self._heading_named(m.group(1)):
                found.append(n)
                path.append(f"（{m.group(1)}）")
                s.take(m.start(), m.end())
        for m in (m for pattern in _TASK_PAIRS for m in pattern.finditer(s.text)):
            if s.free(m.start(), m.end()):
                found += [n for n in _numbers_listed(m.string[m.start(1):m.end()]) if n not in found]
                s.take(m.start(), m.end())
        for pattern in _TASK_NUMBER:
            for m in pattern.finditer(s.text):
                raw = m.group(1)
                n = number_of(raw)
                if n and s.free(m.start(), m.end()):
                    example = _AS_EXAMPLE.match(s.text, m.end())
                    if example:  # 第50条那种按职责分工的别算: that task shows a kind of task, it is not asked
                        s.take(m.start(), example.end())
                        continue
                    if aside := _EXCEPT_BEFORE.search(s.text, 0, m.start()):  # 除了第8条组织部牵头那条，还有哪些: set
                        close = re.search(r"[,.;?!]|$", s.text[m.end():])  # aside, with the words describing it
                        s.take(aside.start(), m.end() + close.start())
                        excepted.append(n)
                        continue
                    if n not in found:
                        found.append(n)
                    s.take(m.start(), m.end())
                    before = s.text[max(0, m.start() - 18): m.start()]
                    for p in _path_of(before):
                        if p not in path:
                            path.append(p)
                    for w in _PATH_WORD.finditer(before):
                        k = max(0, m.start() - 18) + w.start()
                        s.take(k, k + len(w.group(0)))
        if not found:  # 附件3里… / 附表2中有几项: every task of that attachment (when the notices have one so named)
            for m in _ATTACHMENT_REF.finditer(s.text):
                key = _path_of(m.group(0))[0]
                if s.free(m.start(), m.end()) and key in self._heading_keys:
                    path.append(key)
                    s.take(m.start(), m.end())
        if not found:  # 主要任务（六）里… / （七）这一条下面有几项: every task under that heading
            for m in _HEADING_REF.finditer(s.text):
                if not s.free(m.start(), m.end()):
                    continue
                if self._heading_named(m.group(1)):
                    path.append(f"（{m.group(1)}）")
                    s.take(m.start(), m.end())
                elif n := self._marked_task(m.group(1)):  # （九）是谁负责: the task printed with that mark
                    found.append(n)
                    s.take(m.start(), m.end())
        return tuple(found), tuple(path), tuple(excepted)

    def _marked_task(self, numeral: str) -> int | None:
        """The number of a task the notice prints with the mark （numeral）, if any."""
        mark = f"（{numeral}）"
        return next((t.number for t in self.lex.tasks if t.mark == mark), None)

    def _heading_named(self, numeral: str) -> bool:
        """Whether some task stands under a heading （numeral） (it is a heading, not a task's own mark)."""
        return f"（{numeral}）" in self._heading_keys

    @cached_property
    def _heading_keys(self) -> frozenset[str]:
        """Every heading key of the tasks' paths, gathered once per loaded corpus."""
        return frozenset(p for t in self.lex.tasks for p in t.path)

    def _parts(self, s: _Spans, docs: tuple[str, ...], path: tuple[str, ...], lang: str
               ) -> tuple[tuple[tuple[str, int], ...], HeadingFilter | None, list[str]]:
        """The sections named, a heading below them named by its title, and the titles of the headings named
        (by title, or by the mark ``path`` with its title after it: 主要任务（一）完善农村公路管理养护体制)."""
        parts = self._sections(s, docs, lang)
        sections = tuple((d, k) for d, k in parts if isinstance(k, int))
        named = [(d, k) for d, k in parts if not isinstance(k, int)][:1]
        titles = [h.title for n in self.lex.notices for d, k in named for h in n.headings if h.path == k and n.doc_id == d]
        if named and not path:
            return sections, HeadingFilter(named[0][1], named[0][0], titles[0] if titles else ""), titles
        if path:
            titles += [h.title for n in self.lex.notices if not docs or n.doc_id in docs
                       for h in n.headings if h.path[-1:] == path[-1:] and all(p in h.path for p in path)]
        return sections, None, titles

    def _sections(self, s: _Spans, docs: tuple[str, ...], lang: str = "zh") -> tuple[tuple[str, PartKey], ...]:
        """Sections named by number or title, or a heading below the sections named by its title."""
        found: list[tuple[str, PartKey]] = []
        for m in _SECTION_LIST.finditer(s.text):
            if not s.free(m.start(), m.end()):
                continue
            found += [("", n) for n in _numbers_listed(m.group(0))]
            s.take(m.start(), m.end())
        for pattern in _SECTION_NUMBER:
            for m in pattern.finditer(s.text):
                if not s.free(m.start(), m.end()):
                    continue
                raw = m.group(1)
                n = number_of(raw)
                if n:
                    found.append(("", n))
                    s.take(m.start(), m.end())
        last = _LAST_PART.search(s.text)
        notices = [n for n in self.lex.notices if not docs or n.doc_id in docs]
        if not found and last and s.free(last.start(), last.end()) and len(notices) == 1 and notices[0].sections:
            found.append((notices[0].doc_id, max(x.number for x in notices[0].sections)))  # 最后一部分: the last one
            s.take(last.start(), last.end())
        if found:
            return tuple(found)
        # (安全那块: the 那 of 那块 may have been read as a pointer already; the word is the part's all the same)
        word = next((m for m in _SECTION_WORDS.finditer(s.text) if s.free(m.end() - 1, m.end())), None)
        loose = bool(word)
        listing = any(w in s.text for w in _words("list") + _words("count"))
        if not loose and not listing:
            return ()
        if lang == "en":  # the section on deepening reform: its title through the dictionary, word by word
            spans = word_spans(s.rest())  # phrases first (yellow river → 黄河), then single words
            words = [(spans[i][0], spans[j - 1][1], tuple(terms)) for i, j, terms in phrases(s.rest(), self.lex.glossary)
                     if j <= len(spans)]
            # … a third of its title is enough where the question says "section" (not in brackets: the Grand
            # Canal park (Zaozhuang section) names a stretch of canal)
            rest = s.rest()
            said = any(rest[:m.start()].count("(") <= rest[:m.start()].count(")") for m in _SECTION_WORDS.finditer(rest))
            best = section_by_terms([terms for _, _, terms in words], notices, share=1 / 3 if said else 1 / 2)
            if not best:
                return ()
            hit = [k for k, (_, _, terms) in enumerate(words) if any(t in best[2] for t in terms)]
            for k in _name_words(s.rest(), [(a, b) for a, b, _ in words], hit, self.lex.glossary):
                s.take(words[k][0], words[k][1])
            s.find(("section", "part", "chapter"), english=True)
            return ((best[0], best[1]),)
        # a loose title is the words right before the section word (扩内需那块, 生态方面); without a list asked,
        # words elsewhere (政府采购领域信用建设由谁负责) are the topic, not a section
        rest = s.untitled()
        where = rest if listing else " " * max(0, word.start() - 14) + rest[max(0, word.start() - 14): word.start()]
        if not listing and re.search(r"[几哪]\S?$", s.text[max(0, word.start() - 3): word.start()]):
            # 第几部分讲乡村振兴: the part asked for, its title after the question word too
            where += " " * len(word.group(0)) + s.rest()[word.end(): word.end() + 14]
        quoted = re.match(r"\s*[\"“「《]([^\"”」》]{2,30})[\"”」》]", s.rest()[word.end():]) if word else None
        if quoted and not listing:  # 最后一部分“切实抓好组织实施”: the part's title quoted right after it
            where = where.ljust(word.end()) + s.rest()[word.end(): word.end() + quoted.end()]
        best = section_by_title(where, notices, loose) or (self._part_by_key_word(s.rest()[: word.start()], notices)
                                                           if word and (word.group(0) in _PART_NOUNS
                                                                        or (word.group(0).endswith("块")
                                                                            and _said_alone(s.text, word.start())))
                                                           else None)
        if best and not loose and best[2] and is_unit_name(best[2]):
            best = None  # 区绿化市容局牵头哪些: the unit, not a part titled by its name (四、区绿化市容局 — its duties)
        if best:
            doc, number, span = best
            k = s.text.find(span) if span else -1
            if k >= 0:
                s.take(k, k + len(span))
            chosen = [(doc, number)]
            # 重点任务和保障措施: a second section named by its title right after the first, joined by 和/及/、
            more = section_by_title(s.rest(), notices, loose) if k >= 0 else None
            if more and more[2] and (j := s.text.find(more[2])) > k and (more[0], more[1]) not in chosen \
                    and re.fullmatch(r"\s*(?:和|及|与|、|以及|还有|或)\s*", s.text[k + len(span):j]):
                s.take(j, j + len(more[2]))
                chosen.append((more[0], more[1]))
            s.find(("那一章", "这一章", "一章", "那一部分", "这一部分", "部分", "板块", "那一大块", "这一大块", "那一块", "这一块", "那大块", "这大块", "那块", "这块", "方面", "领域", "大类",
                    "章", "节"))
            return tuple(chosen)
        return ()

    def _missing_section(self, sections: tuple[tuple[str, int], ...], docs: tuple[str, ...], lang: str) -> str:
        """第十二部分 of a notice in eleven: a part no notice in scope has is not in the notice (never an empty part)."""
        notices = [n for n in self.lex.notices if n.sections and (not docs or n.doc_id in docs)]
        for doc, number in sections:
            last = max((x.number for n in notices if not doc or n.doc_id == doc for x in n.sections), default=0)
            if last and number > last:
                return f"第{number}部分（通知只有{last}个部分）" if lang == "zh" else f"section {number} (the notice has {last} sections)"
        return ""

    def _take_names_aside(self, s: _Spans) -> bool:
        """A clause setting aside what units' names hold (单位名称里的大数据中心不算): where a task is searched, not a
        unit asked about — the words are looked for in tasks' titles and texts only. Whether one was taken."""
        taken = False
        for lo, hi in _clause_spans(s.text):
            if _NAMES_ASIDE.search(s.text[lo:hi]) and s.free(lo, hi):
                s.take(lo, hi)
                taken = True
        return taken

    def _take_asides(self, s: _Spans, units: bool = False) -> None:
        """A clause that only widens what counts (哪怕只带了一句也算): one that ends with an include word (也算, 都算)
        and names nothing the notices hold is an aside on the list asked, never its topic; so is one beside a unit's
        list (卫健局牵头的任务有哪些，人才那条也算上: that unit's tasks, the one on 人才 among them — never only it)."""
        for lo, hi in _clause_spans(s.text):
            clause = s.text[lo:hi]
            if units and "?" in s.text[:lo] and _GUESS_CLAUSE.match(clause) and not _ASKS_IN_GUESS.search(clause):
                s.take(lo, hi)  # 民政局牵头的有哪些？是不是就养老那两条: the asker's guess at the answer, no filter on it
                continue
            if clause.strip() and clause.rstrip().endswith(_words("include")):
                words = [w for w, _, _ in self.lex.tokenizer.spans(clause) if len(w) >= 2]
                if (units and lo > 0) or not any(self.lex.known(w) and w not in _shape_words() for w in words):
                    s.take(lo, hi)

    def _part_by_key_word(self, before: str, notices) -> tuple[str, PartKey, str] | None:
        """文化那一部分: the one section whose title holds the word said right before a word for a part
        (繁荣发展文化事业产业), when no more of its title is said; None when no section's or several do."""
        head = re.sub(r"(?:那|这|该)?(?:一|个)?(?:大)?\s*$", "", before)
        words = [w for w, _, _ in self.lex.tokenizer.spans(head[-8:])]
        key = norm(words[-1]) if words else ""
        if len(key) < 2 or not head.endswith(words[-1]):
            return None
        if len(words) >= 2 and head.endswith(words[-2] + words[-1]) and re.fullmatch(r"[\u4e00-\u9fff]{2,}", words[-2]) \
                and not self.lex.known(words[-2]):
            return None  # 氢能产业这块: the 产业 of a thing the notices never name, not the part whose title has 产业
        hits = [(n.doc_id, sec.number) for n in notices for sec in n.sections if key in norm(sec.title)]
        return (hits[0][0], hits[0][1], key) if len(hits) == 1 else None

    def _predicates(self, s: _Spans, mentions: list[UnitMention]) -> list[tuple[str, int, str, bool]]:
        """Properties of the records asked about (``data/predicates.tsv``), with their number or measure word
        (以“亩”为单位的指标) where one is needed, and whether the tasks asked lack it (联合牵头的去掉).
        Words right after a unit say its role (财政局不牵头的), not a property of the records."""
        out = []
        unit_ends = [m.start + len(norm(m.surface)) for m in mentions]
        for kind, pattern in _predicate_patterns():
            for m in pattern.finditer(s.text):
                if not s.free(m.start(), m.end()) or any(
                        0 <= m.start() - e <= 6 and not m.group(0).isascii()
                        and not _CLAUSE_BREAK.search(s.text[e:m.start()]) and not _JOINED.search(s.text[e:m.start()])
                        and not re.match(r"和|与|跟|同", m.group(0)) and "任务" not in s.text[e:m.start()]
                        for e in unit_ends):  # …和其他单位联合牵头 (not 水务局牵头的任务里有完成时间的)
                    continue  # (工信局牵头并且有责任单位配合: 并且 starts a property of the tasks)
                if (s.text[max(0, m.start() - 1): m.start() + 2] == "有没有" or s.text[: m.start()].endswith(("是否", "有无", "有没有"))) \
                        and not re.match(r"的?(?:任务|条目|事项|工作|条|项)", s.text[m.end():]):
                    continue  # 老旧小区改造有没有写责任单位: a yes-or-no about the task's field, not a filter
                    # (有没有没写牵头单位的任务: whether there are such tasks — which ones)
                if kind == "several_leads" and len(mentions) > 1 and re.search(r"共同|联合", m.group(0)):
                    continue  # 科技局和工信局共同牵头: the units lead together
                if (_negated_property().search(s.text[max(0, m.start() - 6): m.start()]) and not m.group(0).isascii()) \
                        or (m.group(0).isascii() and _NEGATED_PROPERTY_EN.search(s.text[max(0, m.start() - 40): m.start()])) \
                        or _negation_after().match(s.text, m.end()):  # 联合牵头的去掉 / 附件里的不算 / 没写明时间的:
                    s.take(m.start(), m.end())  # the tasks without the property
                    out.append((kind, 2, "", True))
                    break
                if kind == "shared" and mentions and _in_role_list(s.text, m.start(), m.end()):
                    continue  # 牵头的、当责任单位的、按职责分工负责的都算: a unit's roles, not a property of tasks
                if _included(s.text, m.start(), m.end()) or _annotated(s.text, m.start()):
                    # 联合牵头的也算 / （包括共同牵头）: widens the list, restricts nothing; 列出来，并说明哪几项是
                    # 共同牵头的: to be marked in the list (which shows every task's units), not a filter
                    s.take(m.start(), m.end())
                    break
                n = 2
                raw = next((m.group(g) for g in pattern.groupindex if g.startswith("n") and m.group(g)), None)
                if raw:  # groups n, n2 …: the number, wherever the pattern's alternative puts it
                    n = int(raw) if raw.isdigit() else (cn_to_int(raw) or 2)  # (0 written: none)
                measure = next((m.group(g) for g in pattern.groupindex if g.startswith("measure") and m.group(g)), "")
                said = next((m.group(g) for g in pattern.groupindex if g.startswith("kind") and m.group(g)), "")
                if said:  # 带投资金额的 (groups kind, kind2 …): a figure of that kind (money), not any figure
                    measure = figure_cues()[said]
                out.append((kind, n, measure, False))
                s.take(m.start(), m.end())
                break
        return out

    def _unit_mentions(self, s: _Spans, lang: str) -> list[UnitMention]:
        """Units named, and ``这个局`` / ``他们`` — a unit the conversation named (``name`` "" until resolved)."""
        mentions = self._english_units(s) if lang == "en" else []
        for m in mentions:  # the district | Bureau of …: the words around the name are the name's
            self._take_name_words(s, m.start, m.start + len(m.surface))
            end = m.start + len(m.surface)
            for phrase in english_aliases(m.name):  # big | data center: its English short name (big data) too
                for hit in re.finditer(rf"\b{re.escape(phrase)}\b", s.text):
                    if hit.start() <= end and hit.end() >= m.start:
                        s.take(hit.start(), hit.end())
        found = [m for m in self.lex.units.find_in(s.rest()) if s.free(m.start, m.start + len(norm(m.surface)))
                 and not self._alias_in_topic(s.text, m) and not (lang == "en" and self._english_alias_in_topic(s.text, m))]
        for m in [m for m in found if m.name in {x.name for x in mentions}]:  # the Branch (区生态环境分局): named twice
            s.take(m.start, m.start + len(norm(m.surface)))
            found.remove(m)
        ends = {m.start + len(norm(m.surface)) for m in found}
        # 区卫生健康局办公室: an office word right after a unit's name is that unit's own office, not 区政府办公室
        found = [m for m in found if not (m.start in ends and _office_noun().fullmatch(norm(m.surface)))]
        for m in found:
            s.take(m.start, m.start + len(norm(m.surface)))
            _take_other_name(s, m.start, m.start + len(norm(m.surface)))
            if lang == "en":
                self._take_name_words(s, m.start, m.start + len(norm(m.surface)))
        named = {m.name for m in found}
        while again := [m for m in self.lex.units.find_in(s.rest()) if m.name in named
                        and s.free(m.start, m.start + len(norm(m.surface)))]:
            for m in again:  # the unit named again (写民政局的材料…民政局牵头的有哪些): the same unit, never a topic
                s.take(m.start, m.start + len(norm(m.surface)))
        for coined in (True, False):  # 发改和工信联合牵头 / 民政还是卫健牵头: a short name said without its 局
            for short, name in self._stems.items():
                if (short in self._abbreviations) != coined:
                    continue
                for m in re.finditer(short, s.text):
                    beside = any(re.fullmatch(_BESIDE_UNIT, s.text[x.start + len(norm(x.surface)): m.start()])
                                 or re.fullmatch(_BESIDE_UNIT, s.text[m.end(): x.start]) for x in found)
                    if (s.free(m.start(), m.end()) and name not in {x.name for x in found}
                            and (beside or (coined and _AFTER_A_NAME.match(s.text, m.end()))
                                 or _STEM_ACTS.match(s.text, m.end()))):  # (民政那边牵头的: the bureau, acting)
                        s.take(m.start(), m.end())
                        found.append(UnitMention(name, short, start=m.start()))
        mentions += found
        mentions += [UnitMention("", w, start=k) for k, w in s.find(_words("refer_unit"))]
        mentions += self._unit_references(s)
        if any(m.name for m in mentions):  # 那三个单位里医保局还有别的吗: one of them, named — not each
            among = r"(?:里面|里头|里|当中|之中|中间|中)"
            mentions = [m for m in mentions if m.name or not (re.search(rf"{among}$", norm(m.surface)) or re.search(
                rf"{re.escape(norm(m.surface))}\s*{among}", s.text))]
        if len(mentions) == 1 and (partner := _PARTNER.search(s.text, 0, mentions[0].start)) \
                and any(s.text.startswith(w, mentions[0].start + len(norm(mentions[0].surface))) for w in _words("together")):
            # 跟发改一起牵头的呢: a unit led with — the other one is the unit talked about (a placeholder the
            # conversation names; alone, nothing)
            mentions.append(UnitMention("", partner.group(0), start=partner.start(), partner=True))
        return sorted(mentions, key=lambda m: m.start)

    @cached_property
    def _stems(self) -> dict[str, str]:
        """Short names said without their ending (发改 of 发改局, 工信 of 工信局): each of one unit only, and a word
        the notices never write (not 财政 or 文旅, which they write as what tasks are about)."""
        owners: dict[str, set[str]] = {}
        within: dict[str, set[str]] = {}  # the stem's unit's names that hold it (民政局 of 区民政局)
        for name in self.lex.units.names:
            for alias in self.lex.units.aliases(name):
                if len(alias) == 3 and alias[-1] in "局委办" and re.fullmatch(r"[\u4e00-\u9fff]+", alias):
                    owners.setdefault(alias[:2], set()).add(name)
                    within.setdefault(alias[:2], set()).update(a for a in self.lex.units.aliases(name) if alias[:2] in a)
        text = self.lex.text

        def written_otherwise(stem: str) -> bool:  # 财政 of 财政资金; not 民政, written only in 区民政局 (and 人民政府)
            names = [norm(n) for n in within.get(stem, ())]
            pos = _pos_table()
            k = -1
            while (k := text.find(stem, k + 1)) >= 0:
                if any(text.startswith(n, k - n.index(stem)) for n in names if k >= n.index(stem)):
                    continue  # in the unit's own name
                longer = (text[max(0, k - a): k + len(stem) + b] for a in range(3) for b in range(3) if a + b)
                if not any(len(w) > len(stem) and pos.get(w) is not None for w in longer):
                    return True  # … a word of its own, not inside a longer one (人民政府)
            return False

        return {stem: next(iter(names)) for stem, names in owners.items()
                if len(names) == 1 and stem not in _shape_words() and not written_otherwise(stem)}

    @cached_property
    def _abbreviations(self) -> frozenset[str]:
        """The short names of ``_stems`` coined from characters apart in the full name (发改 of 发展和改革局,
        卫健 of 卫生健康局): never words of their own, unlike 财政 or 民政 (said alone, those name units only
        beside another unit: 民政还是卫健牵头)."""
        return frozenset(stem for stem, name in self._stems.items() if stem not in norm(name))

    def _quote_role_phrases(self, s: _Spans) -> None:
        """A role word inside a phrase the tasks themselves write (协调配合 of 协调配合西集镇, 配合实施 of 配合实施
        …工程) says what a task does, not a unit's role: it is read as quoted (the topic's words)."""
        # (not 按职责分工负责: the notices write it only as what it is, a shared role)
        words = [w for k in ("lead", "support", "cooperate") for w in _words(k) if not w.isascii()]
        for w in longest_first(words):
            for m in re.finditer(re.escape(w), s.text):
                a, b = m.start(), m.end()
                if not s.free(a, b):
                    continue
                if _office_noun().match(s.text, b):
                    continue  # 配合单位 / 牵头部门: the role's name, whatever a notice's clauses write
                around = [s.text[max(0, a - 2):b], s.text[a:b + 2]]
                written = any(len(p) == len(w) + 2 and re.fullmatch(r"[\u4e00-\u9fff]+", p) and self.lex.known(p)
                              for p in around)
                if written or (len(w) == 2 and self._before_a_verb(s.text, b)):  # (配合实施什么工程: a verb's)
                    s.quoted[a:b] = [True] * (b - a)

    def _every_task(self, s: _Spans) -> bool:
        """Every task said as such (全部任务, 所有措施) or by the count of a notice's tasks (这八条措施 of a notice of
        eight; its words are taken, no amount asked about): whether one was said."""
        for m in _EVERY_TASK.finditer(s.text):
            n = m.group("n")
            if n and number_of(n) not in self.lex.task_counts:
                continue
            if s.free(m.start(), m.end()):
                if n:
                    s.take(m.start(), m.end())
                return True
        return False

    def _quote_titles(self, s: _Spans) -> list[int]:
        """A task's title written out whole (推动数字智慧管理谁牵头) is read as quoted: its words are the topic,
        none of them a question word (数字 asks no figure there) nor a unit's name. Returns the rows so named."""
        rows: list[int] = []
        for length, titles in self.lex.titles.items():
            if length > len(s.text):
                continue
            for i in range(len(s.text) - length + 1):
                title = s.text[i:i + length]
                if title in titles and not any(s.titled[i:i + length]):
                    s.quoted[i:i + length] = [True] * length
                    s.titled[i:i + length] = [True] * length
                    rows += self.lex.title_rows[title]
        return rows

    def _unit_references(self, s: _Spans) -> list[UnitMention]:
        """这个处室 / 同一个局 / 这两个局: offices named before, by a determiner and a word for offices (one
        placeholder mention per office: 这两个局 is two). The word must end a word of the question (该办法 is
        no 该办), or a role or a particle follow it (这个局当责任单位的, where the segmenter reads 局当). 第一个单位 /
        最后那个单位: the office by its place among those named (``UnitMention.nth``)."""
        out = []
        for m in re.finditer(rf"{_NTH_OFFICE}(?:{_office_noun().pattern})", s.text):  # 第一个单位 / 最后那个单位
            if s.free(m.start(), m.end()):
                s.take(m.start(), m.end())
                k = m.group("k")
                out.append(UnitMention("", m.group(0), start=m.start(),
                                       nth=number_of(k) if k else -1))
        for m in NTH_OFFICE_EN.finditer(s.text):  # the first of those units / the last department
            if s.free(m.start(), m.end()):
                s.take(m.start(), m.end())
                k = m.group("k")
                out.append(UnitMention("", m.group(0), start=m.start(),
                                       nth=-1 if k == "last" else _EN_ORDINALS.index(k) + 1))
        for m in OFFICES_TALKED.finditer(s.text):  # 这几个单位 / these units: every one talked about
            if s.free(m.start(), m.end()):
                s.take(m.start(), m.end())
                out.append(UnitMention("", m.group(0), start=m.start(), every=True))
        for m in _TASKS_OFFICE.finditer(s.text):  # 它的牵头单位还牵头了哪些: the office of the task talked about
            if s.free(m.start(), m.end()):
                s.take(m.start(), m.end())
                out.append(UnitMention("", m.group(0), start=m.start()))
        ends = {b for _, _, b in self.lex.tokenizer.spans(s.text)}
        for m in re.finditer(rf"{_REFER_OFFICE}(?:{_office_noun().pattern})", s.text):
            if not s.free(m.start(), m.end()) or (m.end() not in ends and not _AFTER_A_NAME.match(s.text, m.end())):
                continue
            s.take(m.start(), m.end())
            many = cn_to_int(m.group("n")) if m.group("n") and m.group("n") != "几" else 1
            out += [UnitMention("", m.group(0), start=m.start() + k) for k in range(max(1, min(many, 9)))]
        # 两家都在牵头单位里的 (opening a follow-up, with 家 the measure of offices): the offices talked about
        m = _OPENING_OFFICES.match(s.text)
        if m and s.free(m.start("n"), m.end()):
            s.take(m.start("n"), m.end())
            said = m.group(0)[m.start("n") - m.start():]  # (each ends where the words end: 两家都 → both, together)
            out += [UnitMention("", said, start=m.start("n")) for _ in range(cn_to_int(m.group("n")) or 2)]
        return out

    def _regardless(self, s: _Spans) -> list[int]:
        """不管是单独牵头还是共同牵头 / 不论牵头还是责任 / regardless of role: alternatives that restrict nothing.
        The span is consumed when its alternatives are only roles, counts and question words (不管是老旧小区
        还是棚户区 keeps its topics); returns where a span that named roles stood (then any role is asked)."""
        out = []
        role_words = {k: _words(k) for k in ("lead", "support", "cooperate", "shared")}
        for m in _regardless_pattern().finditer(s.text):
            if not s.free(m.start(), m.end()):
                continue
            alts = m.group("alts") or m.group("listed")
            plain = alts
            for w in _words("regardless"):  # 不论 / 不管 say any role, not that one is absent
                plain = plain.replace(w, " ")
            if m.group("listed") and (alts.isascii() or re.search(r"[无没不非未]", plain)):
                continue  # (as lead unit, not as supporting) / (既无牵头单位也没写…): roles said absent, not alternatives
            # roles said as whole phrases (按职责分工负责) first, then the words left (责任 of 责任单位)
            said = {k for k, rs in role_words.items() for r in rs if len(r) > 2 and not r.isascii() and r in alts}
            left = alts
            for r in longest_first(r for rs in role_words.values() for r in rs if len(r) > 2 and not r.isascii()):
                left = left.replace(r, " ")
            words = [w for w, _, _ in self.lex.tokenizer.spans(left)]
            if any(len(w) > 1 and w not in _shape_words() and self.lex.known(w)
                   and not any(r.startswith(w) for rs in role_words.values() for r in rs) for w in words):
                continue
            s.take(m.start(), m.end())
            # a role said in full (配合) or by the start of its name (责任 of 责任单位)
            said |= {k for k, rs in role_words.items() for w in words if len(w) > 1 and any(r.startswith(w) for r in rs)}
            if len(said) > 1:  # 牵头还是责任: any role (单独牵头还是共同牵头 is one role, said by the words outside)
                out.append(m.start())
        return out

    def _units(self, s: _Spans, mentions: list, either: list[int] = ()) -> tuple[list[UnitFilter | OthersFilter], str]:
        excepted = [k for k, _ in s.find(_words("except"), consume=False)]
        if not mentions:
            return [], "each"
        spans = [(m.start, m.start + len(norm(m.surface))) for m in mentions]
        # read before the role words, which would take 参与 of 没有参与
        absents = [_absence(s, max(spans[k - 1][1] if k else 0, a - 8), a, b,
                            spans[k + 1][0] if k + 1 < len(spans) else len(s.text)) for k, (a, b) in enumerate(spans)]
        roles = {kind: s.find(_words(kind)) for kind in ("not_lead", "any", "shared", "support", "cooperate", "lead",
                                                          "involved")}
        roles["any"] += [(k, "regardless") for k in either]
        _negate_roles(roles, s.text)
        # 也算 / 都算 include what the words before them say: 牵头、配合都算 / 配合的也算 → any role for the question;
        # 联合牵头的也算 → still lead
        for k, w in s.find(_words("include")):
            lo = max(s.text.rfind(p, 0, k) for p in ".;?!(") + 1  # (牵头的、按职责分工负责的都算: the whole aside)
            said = {kind for kind in ("support", "cooperate", "involved", "shared") for j, _ in roles[kind] if lo <= j < k}
            # (牵头、责任都算: a supporting role by its bare word, in a list of roles)
            bare = [at for b in _words("record_support_bare") if (at := s.text.find(b, lo, k)) >= 0]
            said |= {"support"} if bare else set()
            # (a lead word there may have been read already, as a property: 共同牵头的、按职责分工负责的都算)
            if said and any(x in s.text[lo:k] for x in _words("lead") if not x.isascii()):
                # leading listed among them (牵头的和按职责分工负责的都要): any role, standing for the roles listed
                first = min([j for kind in ("lead", *said) for j, _ in roles[kind] if lo <= j < k] + bare)
                for kind in ("lead", "support", "cooperate", "involved", "shared"):
                    roles[kind] = [(j, w) for j, w in roles[kind] if not lo <= j < k]
                roles["any"].append((first, "include"))
            elif said and not w.startswith("都"):  # 配合的也算: besides leading (责任单位和按职责分工负责的都要
                roles["any"].append((k, "include"))  # lists only supporting roles: those are asked)
        # 牵头和责任都要 / （牵头+责任）: leading and a supporting role joined as one, each of them asked — any role
        support_after, support_before = _support_joined()
        for j, lw in list(roles["lead"]):
            after = support_after.match(s.text, j + len(lw))
            before = support_before.search(s.text[:j])
            if after or before:
                lo, hi = (j, after.end()) if after else (before.start(), j + len(lw))
                roles["lead"] = [x for x in roles["lead"] if x[0] != j]
                for kind in ("support", "cooperate", "shared"):
                    roles[kind] = [x for x in roles[kind] if not lo <= x[0] < hi]
                roles["any"].append((lo, "include"))
        # 含当责任单位的 / 包括配合的: a supporting role said to be included, before it, is asked beside leading
        for kind in ("support", "cooperate", "shared"):
            roles["any"] += [(j, "include") for j, w in roles[kind]
                             if re.search(rf"{_INCLUDING}[当作做为是的在]{{0,2}}$", s.text[max(0, j - 5): j])]
        together = bool(s.find(_words("together"))) and len(mentions) > 1
        # A和B都参与了: 都 right after several units says each of them is in the task
        after = re.match(r"\s*(?:也|还)?(都)", s.text[spans[-1][1]:])
        if len(mentions) > 1 and after:  # … but 都有哪些 / 都是什么 only asks what each has
            rest = s.text[spans[-1][1] + after.start(1):]
            together = together or not any(rest.startswith(w) for k in ("list", "what", "count") for w in _words(k))
        # 文旅局涉及的任务有哪些，包括跟宣传部一起牵头的: a unit in a clause that includes it is among the first unit's
        # tasks, no filter of its own — nor is the role its clause says the first unit's (nor are the units listed
        # with it there: 包括和宣传部、发改联合牵头的)
        aside: set[int] = set()
        if len(mentions) == 1 and _included(s.text, *spans[0]) and re.search(r"[?.!;]", s.text[:spans[0][0]]):
            aside.add(0)  # 哪些地方提到引进人才？开发区那块也算: a sentence after the question includes its part
        for k in range(1, len(mentions)):
            between = s.text[spans[k - 1][1]:spans[k][0]]
            if ((_included(s.text, *spans[k]) and re.search(r"[,;]", between))
                    or (k - 1 in aside and re.fullmatch(r"\s*(?:,|和|与|及|以及)\s*", between))):
                aside.add(k)
        for k in aside:
            close = next((c.start() for c in re.finditer(r"[,.;?!]", s.text) if c.start() >= spans[k][1]), len(s.text))
            for kind in roles:
                roles[kind] = [(j, w) for j, w in roles[kind] if not spans[k][0] <= j < close]
        filters = []
        own_roles = []
        role_asked: list[bool] = []
        set_aside: list[OthersFilter] = []
        for k, m in enumerate(mentions):
            start, end = spans[k]
            nxt = spans[k + 1][0] if k + 1 < len(spans) else len(s.text)
            prev = spans[k - 1][1] if k else 0
            if any(0 <= start - e <= 3 for e in excepted):
                # 除了民政局还有谁 / 除了科技局还有哪些单位牵头: a unit set aside — the tasks some other unit takes
                # that role in, not its own
                scope, _, _ = _role_near(roles, start, end, prev, nxt, single=len(mentions) == 1)
                set_aside.append(OthersFilter(m.name, scope))
                continue
            if k in aside:
                continue
            scope, exclude, own = _role_near(roles, start, end, prev, nxt, single=len(mentions) - len(aside) == 1,
                                             asking=_asking_elsewhere(s.text, start))
            clause = re.split(r"[,.;?!]", s.text[end:], maxsplit=1)[0]
            if absents[k] and (_set_aside_at_end().search(clause) or _set_aside_opening().search(s.text, 0, start)):
                # 把跟宣传部共同牵头的去掉 / 但不要和宣传部一起牵头的那些: absent in the role its clause says
                said = [kind for kind in ("lead", "cooperate", "support") if any(w in clause for w in _words(kind))]
                scope, exclude = (said[0] if said else "any"), None
            asked = _ROLE_ASKED.search(clause) is not None
            if asked:  # 税务局又是什么角色: its role is asked, whatever another clause says
                scope, exclude, own = "any", None, False
            filters.append(UnitFilter(m.name, scope, None if absents[k] else exclude, absents[k], m.nth, m.partner,
                                      m.every))
            own_roles.append(own)
            role_asked.append(asked)
        # one role word after several units (A和B共同牵头 / A、B牵头): it applies to each unit without its own
        if len(filters) > 1:
            last_scope = filters[-1].scope
            filters = [replace(f, scope=last_scope) if f.scope == "any" and f.exclude is None and not its_role_asked else f
                       for f, its_role_asked in zip(filters, role_asked, strict=True)]
        # units in different roles of one task (商务局牵头、工信局配合的任务): tasks of all of them together
        different = len(filters) > 1 and all(own_roles) and len({(f.scope, f.exclude) for f in filters}) > 1
        # 住建局牵头、没有发改局参与的: a unit said absent restricts the others' tasks
        absent = len(filters) > 1 and any(f.absent for f in filters)
        return filters + set_aside, "all" if (together and len(filters) > 1) or different or absent else "each"

    def _take_name_words(self, s: _Spans, start: int, end: int) -> None:
        """The words around an English unit name that belong to it (the district Bureau of | science and
        technology | Office): consumed with it, so they never make a topic."""
        spans = word_spans(s.text)
        office = set(_words("office"))
        part = office | set(_words("name_part"))
        inside = [k for k, (a, b, _) in enumerate(spans) if a >= start and b <= end]
        if inside:
            lo, hi = inside[0] - 1, inside[-1] + 1
        else:  # the Ecology and Environment Branch (区生态环境分局): the English words the name is bracketed after
            before = [k for k, (_, b, _) in enumerate(spans) if b <= start]
            if not before or not re.fullmatch(r"\s*[(（]\s*", s.text[spans[before[-1]][1]:start]):
                return
            lo, hi = before[-1], before[-1] + 1
        ahead = next((j for j in range(hi, min(hi + 4, len(spans))) if spans[j][2] in office), None)
        if ahead is not None and all(s.free(spans[j][0], spans[j][1]) for j in range(hi, ahead + 1)):
            for j in range(hi, ahead + 1):  # housing and urban | -rural development | bureau: the rest of its name
                s.take(spans[j][0], spans[j][1])
            hi = ahead + 1
        def capitalised(j: int) -> bool:
            return s.cased[spans[j][0]:spans[j][0] + 1].isupper()

        while lo >= 0 and s.free(spans[lo][0], spans[lo][1]) and (
                spans[lo][2] in part or capitalised(lo)
                or (spans[lo][2] in ("and", "&") and lo > 0 and capitalised(lo - 1) and capitalised(lo + 1))):
            s.take(spans[lo][0], spans[lo][1])  # the | Urban and Rural | Water Affairs Bureau: a capitalised name
            lo -= 1
        while hi < len(spans) and spans[hi][2] in part and s.free(spans[hi][0], spans[hi][1]):
            s.take(spans[hi][0], spans[hi][1])
            hi += 1

    def _english_units(self, s: _Spans) -> list[UnitMention]:
        """A unit named in English (the agriculture and rural affairs bureau, the Bureau of Science and
        Technology): glossary phrases right before or after a word for an office, whose terms make up
        every word of exactly one unit's name."""
        spans = word_spans(s.rest())
        found = phrases(s.rest(), self.lex.glossary)
        office = _words("office")
        out: list[UnitMention] = []
        for k, (_, _, word) in enumerate(spans):
            if word not in office:
                continue
            # "which bureau leads the sewage treatment plant …": an office word in a who-question names no unit
            asked = s.text[:spans[k][0]] + word  # the office word as stemmed: which departments → which department
            if any(asked.endswith(cue) for cue in _words("who") if " " in cue):
                continue
            windows = [(i, k) for i in range(k - 1, max(-1, k - 7), -1)] + [(k + 1, j) for j in range(k + 2, min(len(spans), k + 8) + 1)]
            endings = _office_endings().get(word, ())
            pieces_of = {n: p for n, p in self.lex.unit_pieces.items() if not endings or n.endswith(endings)}
            cands = []  # (share of the name covered, pieces covered, -window width, window, name)
            for lo, hi in windows:
                covered = {t for i, j, terms in found if lo <= i and j <= hi for t in terms}
                scored = {n: _pieces_covered(pieces, covered) for n, pieces in pieces_of.items()}
                names = [n for n, (got, total) in scored.items() if got == total or (got >= 2 and got / total >= 0.66)]
                if not names:
                    continue
                size = max(scored[n][0] for n in names)
                best = [n for n in names if scored[n][0] == size]
                if len(best) == 1:
                    got, total = scored[best[0]]
                    cands.append((got / total, got, -abs(hi - lo), (lo, hi), best[0]))
            # the window that covers most of one name (big | data center: 大数据 and 中心), the narrowest of those
            for *_, (lo, hi), name in sorted(cands, reverse=True)[:1]:
                best = [name]
                first, last = min(lo, k), max(hi - 1, k)
                # the rest of a name in title case (… of Agriculture and Rural | Affairs): words that add nothing
                # the glossary knows of, capitalised as a name's words are
                while (last + 1 < len(spans) and spans[last + 1][2] not in office
                       and s.cased[spans[last + 1][0]:spans[last + 1][0] + 1].isupper()):
                    last += 1
                s.take(spans[first][0], spans[last][1])
                out.append(UnitMention(best[0], s.text[spans[first][0]:spans[last][1]], start=spans[first][0]))
        return out

    def _alias_in_topic(self, text: str, m) -> bool:
        """A short name followed by words it is written with in a task (开发区载体功能) names the
        topic, not the unit; a full unit name always names the unit."""
        end = m.start + len(norm(m.surface))
        if norm(m.surface) == norm(m.name) or end + 2 > len(text):
            return False
        follow = text[end:end + 2]
        if not re.fullmatch(r"[\u4e00-\u9fff]{2}", follow) or follow in _shape_words() or follow[0] in "的和与及在是":
            return False
        return self.lex.known(text[m.start:end + 2])

    def _english_alias_in_topic(self, text: str, m) -> bool:
        """An English short name (big data, for 区大数据中心) with no word for an office, written in a compound with
        a content word beside it (medical big data application, medical big data (…)): it names the topic, as
        大数据应用 does. (Bureau of Industry and Information Technology: an office's name, whatever is beside it.)"""
        if not m.surface.isascii():
            return False  # (区科学技术局 written in Chinese: a name)
        before = english_words(text[:m.start])[-2:]
        beside = english_words(m.surface) + before + english_words(text[m.start + len(norm(m.surface)):])[:2]
        if any(w in _words("office") for w in beside):  # (… Water Affairs Bureau: an office's name too)
            return False

        def content(word: str) -> bool:
            return (word not in stopwords() and word not in _shape_words() and stem(word) not in _shape_words()
                    and word not in _words("name_part") and bool(gloss(stem(word), self.lex.glossary)))

        after = re.match(r"\s+([a-z]+)", text[m.start + len(norm(m.surface)):])
        # (stabilising finance: the object of an act, whatever the act's word)
        verb = re.search(r"([a-z]+)\s+$", text[:m.start])
        acted_on = bool(verb) and verb.group(1).endswith("ing") and verb.group(1) not in stopwords()
        return (bool(after) and content(after.group(1))) or (bool(before) and content(before[-1])) or acted_on

    def _asks(self, s: _Spans) -> set[str]:
        """What the question asks for, by its question words, longest first across kinds
        (是哪些 asks what something is; 哪些 alone asks for a list)."""
        kinds = ("count", "list", "who", "when", "section", "what", "figure")
        out = {"work"} if any(w in s.text for w in _words("work")) else set()  # 要做什么 (with 谁: both asked)
        if _DO_WHAT.search(s.text):  # 要推什么 / 要建啥: what the task does, whatever the verb
            out.add("work")
        s.asked += [(s.text.find(w), "work") for w in _words("work") if w in s.text][:1]
        s.find(tuple(w for w in _words("doc") if " " in w))  # the key task list: the notice, before list asks a list
        for m in re.finditer(r"\b(\w+)\s+list\b", s.text):  # onto the provincial demo list: a noun, no ask
            if (m.group(1) not in _words("list_verb_before") and f"{m.group(1)} list" not in _words("list")
                    and s.free(m.start(0) + len(m.group(1)), m.end())):  # (the full list: an ask of its own)
                s.take(m.end() - len("list"), m.end())
        owner = {w: k for k in reversed(kinds) for w in _words(k)}
        for m in _WHICH_OF_PARTS.finditer(s.text):  # which of the eleven sections: which section
            if s.free(m.start(), m.end()):
                s.take(m.start(), m.end())
                out.add("section")
                s.asked.append((m.start(), "section"))
        for m in re.finditer(_ASK_OFFICE + rf"(?:{_office_noun().pattern})", s.text):  # 哪个处室, 什么机构: who
            if s.free(m.start(), m.end()):
                s.take(m.start(), m.end())
                out.add("who")
                s.asked.append((m.start(), "who"))
        for k, w in s.find(longest_first(owner)):
            kind = owner[w]
            if kind == "count" and self._counts_a_thing(s.text, k + len(w)):
                kind = "figure"  # 要实现多少项异地办理: a figure counted in 项, not how many tasks
            elif kind == "count" and s.text[k - 1: k] == "第":
                kind = "what"  # 这句属于第几项任务: which task, not how many
            elif kind == "count" and w.startswith("几") and s.text[max(0, k - 1): k] in ("这", "那"):
                continue  # 这几项分别在哪个部分: those tasks, not how many
            elif (kind == "list" and w in ("那些", "这些") and re.match(r"[\u4e00-\u9fff]", s.text[k - 1: k])
                  and s.text[k - 1] not in "有是的都还在") and re.match(r"[\u4e00-\u9fff]", s.text[k + 2: k + 3]):
                continue  # 进商超那些活动谁牵头: those things, named before it — a pointer, no list asked
            elif kind == "figure" and _POINTER_BEFORE.search(s.text, 0, k) and not _QUANTITY_ASKED.search(s.text):
                continue  # 高企突破40家这个指标，谁牵头: the figure the asker just said, pointed back at, is not asked
            elif kind == "what" and re.search(r"哪些|哪几|分别", w) and _TASKS_SUBJECT.search(s.text[:k]):
                kind = "list"  # 储能相关的任务是哪些: the tasks are listed, not what one of them says
            elif kind == "what" and _role_label_before(s.text[max(0, k - 30): k]):
                kind = "who"  # 牵头单位写的是啥: the units under that label are asked
            elif kind == "figure" and _role_counted().search(s.text[max(0, k - 12): k]):
                kind = "who"  # 配合单位有几个: the units are counted — the answer names them, and how many
                out.add("units_counted")
            elif (kind == "figure" and self._modifier(s.text, k + len(w)) and not _QUANTITY_ASKED.search(s.text)):
                s.release(k, k + len(w))  # 签耕地保护目标责任书: a noun of a compound the notices write, no figure
                continue
            if w in ("多少", "几") and s.text[k + len(w): k + len(w) + 1] in _measure_chars():
                s.take(k + len(w), k + len(w) + 1)  # 多少户适老化改造: the measure word is the question's (not 户适)
            elif kind == "list" and (self._determines_a_field(s.text[k + len(w):])
                                     or any(s.text.startswith(x, k) for x in _words("work"))):
                continue  # 有什么指标, 有哪些要求: the word after says what is asked, not a list of tasks
            elif kind == "list" and w in ("全部", "所有", "全都") and self._before_a_verb(s.text, k + len(w)):
                continue  # 哪一年全部并网发电: 全部 says how much of the act, it asks no list
            out.add(kind)
            s.asked.append((k, kind))
        if s.find(_words("cite")):  # 引用怎么写: the citation to paste is asked (never a topic word: 引用 ≠ 应用)
            out.add("cite")
            self._take_use(s, _words("cite"))
        said = any(w in s.text for w in _words("cite_verb"))  # (segmenting the question only when one is there)
        for w, a, b in self.lex.tokenizer.spans(s.text) if said else ():
            if w in _words("cite_verb") and s.free(a, b):  # 报告要引第88项: 引 a word of its own
                out.add("cite")
                s.take(a, b)
        self._quote_role_phrases(s)
        for kind in ("lead", "support", "cooperate", "shared"):  # 牵头单位是？ with no unit named: who leads
            if s.find(_words(kind)):
                out.add(f"role:{'support' if kind == 'cooperate' else kind}")
        roles = tuple(w for k in ("lead", "support", "cooperate", "shared", "involved") for w in _words(k))
        for m in _office_noun().finditer(s.text):  # 作为牵头处室的任务: the role's offices, not a topic
            if s.free(m.start(), m.end()) and any(s.text.endswith(w, 0, m.start()) for w in roles):
                s.take(m.start(), m.end())
        for m in self._doc_ref.finditer(s.text):  # 这份实施意见 / 本行动方案: the notice itself (before 这个 is a refer word)
            if s.free(m.start(), m.end()):
                s.take(m.start(), m.end())
        s.find(_words("correction") + _words("elliptic") + _words("refer") + _words("within") + _words("sentence_check"))
        s.find(_words("doc"))
        return out

    @staticmethod
    def _determines_a_field(after: str) -> bool:
        """Whether a list word (有什么, 哪些) stands before a word asking a field of a task (指标, 要求, 时限)."""
        after = re.sub(r"^的?(?:具体|明确|主要|量化|详细|硬性)?的?", "", after)  # 有什么具体目标: the modifier says no more
        return any(after.startswith(w) for k in ("figure", "when", "work") for w in _words(k) if len(w) >= 2)

    def _name_or_typo(self, topic: Topic, text: str, merged: set[str]) -> Topic:
        """Unknown words with a character no notice holds: in a who-question, one that names another of a kind
        the notices name (枣菏高速 beside their 临滕高速, 氢能产业 beside 锂电产业) decides that no task is about it;
        one jieba split into single characters (灌既, a typo of 灌溉) that does not is left out, as before."""
        strange = [w for w in topic.unknown if any(not self.lex.known(c) for c in w)]
        if not strange:
            return topic
        fixed = {w: right for w in strange if (right := self.lex.mistyped_in(text, w))}
        if fixed:  # 能繁毋猪保持0.44万头: the words around it tell the notice's word (母猪)
            kept = _without_unknown(topic, set(fixed))
            new = tuple(w for w in fixed.values() if w not in kept.terms)
            topic = replace(kept, terms=kept.terms + new, groups=kept.groups + tuple((w,) for w in new))
            strange = [w for w in strange if w not in fixed]
            if not strange:
                return topic
        decisive = tuple(w for w in strange if w in topic.unknown_in_unit_ask and self._names_another(text, w))
        dropped = {w for w in strange if w not in decisive and w in merged}
        kept = _without_unknown(topic, dropped)
        return replace(kept, unknown_asked=kept.unknown_asked + decisive,
                       unknown_in_unit_ask=tuple(w for w in kept.unknown_in_unit_ask if w not in decisive))

    def _names_another(self, text: str, word: str) -> bool:
        """Whether ``word`` (unknown) names one of a kind the notices write of with other names: it stands
        right before a word of theirs they also write after other words (枣菏 + 高速, as in 临滕高速)."""
        k = text.find(word)
        head = self._words_after(text, k + len(word), 6)[:1] if k >= 0 else []
        if not head or len(head[0]) < 2 or not self.lex.known(head[0]):
            return False
        return self.lex.written_after_others(head[0])

    def _before_a_verb(self, text: str, end: int) -> bool:
        """Whether the word after ``end`` is a verb the question does not ask with (并网, 完成; not 列出)."""
        words = self._words_after(text, end, 6)
        head = words[0] if words else ""
        return ((_pos_table().get(head) or "").startswith(("v", "l")) and head not in _shape_words()
                and not any(head in w for w in _words("list")))

    def _words_after(self, text: str, start: int, width: int) -> list[str]:
        """The words of the ``width`` characters from ``start`` (what follows 哪 or a count word)."""
        return [w for w, _, _ in self.lex.tokenizer.spans(text[start:start + width])]

    def _counts_a_thing(self, text: str, end: int) -> bool:
        """Whether a count word (多少项, 几个) is followed by the thing counted, a word of the notices that does
        not name tasks (异地办理, 政务服务事项) — then a figure of the notice is asked, not a count of tasks."""
        words = self._words_after(text, end, 8)
        head = words[0] if words else ""
        return (len(head) >= 2 and self.lex.known(head) and head not in _shape_words() and head not in self.lex.task_nouns
                and not _shape_compound(head))

    def _figure_kind(self, s: _Spans) -> str | None:
        """The kind of figure asked for (金额, 日期, 人数 …) by its cue words, when the question asks
        for a quantity at all (资金补贴 in 资金补贴这项谁负责 is the topic, not a figure asked for);
        ``count`` (any figure) is decided with the other question words."""
        quantity = _QUANTITY.search(s.text)
        found = []  # (distance from the quantity asked, -cue length, file order, kind, cues)
        for order, (kind, cues, *_) in enumerate(vocab.rows("figure_kinds.tsv")):
            if kind == "count":
                continue
            words = longest_first(norm(c.replace("_", " ")) for c in cues.split())
            # (每平方米多少元: a measure after 每 is what the figure is per, the one after 多少 is asked)
            hits = [(k, w) for k, w in s.find(words, consume=False) if not self._modifier(s.text, k + len(w))
                    and s.text[k - 1: k] != "每"]
            # (what budget is allocated…: a figure's cue right after what asks that figure)
            # (覆盖率呢: a rate said alone, and nothing else, asks that rate)
            alone = bool(hits) and re.fullmatch(r"\s*(?:那|那么)?\s*\S{2,8}?率\s*(?:呢|吗)?\s*\??\s*", s.text) is not None
            # (频次是每月一次还是每季度一次: a choice of its values after the cue asks it too)
            chosen = any(_CHOICE_AFTER.match(s.text, k + len(w)) for k, w in hits)
            if hits and (quantity or alone or chosen or any(_QUANTITY.search(w) or s.text[max(0, k - 5): k] == "what "
                                                            for k, w in hits)):
                at = quantity.start() if quantity else 0
                k, w = min(hits, key=lambda h: (abs(h[0] - at), -len(h[1])))
                found.append((abs(k + len(w) - at) if k < at else abs(k - at), -len(w), order, kind, words))
        for m in re.finditer(r"(?:多少|几)(?:个)?", s.text):  # 多少亿元, 几亩: the measure asked names the kind itself
            for order, (kind, cues, measures, *_) in enumerate(vocab.rows("figure_kinds.tsv")):
                said = [w for w in measures.split() if w != "*" and s.text.startswith(w, m.end())]
                if kind not in ("count", "date") and said and re.fullmatch(r"[\u4e00-\u9fff%％]+", max(said, key=len)):
                    words = longest_first([*said, *(norm(c.replace("_", " ")) for c in cues.split())])
                    found.append((-1, -len(max(said, key=len)), order, kind, words))
        if not found:
            return None
        # the cue next to what is asked (固定资产投资要增长多少: 增长多少, not 投资) names the kind
        *_, kind, words = min(found)
        for k, w in s.find(words, consume=False):
            # 接种率 / 覆盖率: the rate is asked, what it is of (接种) stays the topic
            s.take(k + len(w) - 1 if len(w) >= 3 and w.endswith("率") else k, k + len(w))
        return kind

    def _modifier(self, text: str, end: int) -> bool:
        """A cue word ending at ``end`` only modifies the head word after it, in a compound the notices write
        (研发投入强度: 投入 of 强度, a ratio, not an amount): Chinese compounds name their kind by the head."""
        head = text[end:end + 2]
        return len(head) == 2 and all("\u4e00" <= c <= "\u9fff" for c in head) and self.lex.known(text[end - 2:end] + head)

    def _out_of_scope(self, s: _Spans, lang: str) -> str:
        zh = lang == "zh"
        for m in _YEAR.finditer(s.text):
            if not s.free(m.start(), m.start() + 4):
                continue  # (the year of a document's number, read as that document)
            year = int(m.group(1))
            s.take(m.start(), m.end())
            if year not in self.lex.years:
                return f"{year}年的相关内容" if zh else f"anything on {year}"
        asking = [p for p in re.split(r"[。！!；;？?]|\.(?!\d)", s.text) if p.strip()]
        m = _RELATIVE_YEAR.search(s.text)
        if m and self._year_stated(m.group(0)):
            m = None  # 明年底前 in a 2020 notice that sets 2021年底前 deadlines
        m = m or _RELATIVE_DAY.search(asking[-1] if asking else "")
        if m:
            return f"“{m.group(0)}”的相关内容" if zh else f"anything on {m.group(0)}"
        clauses = re.split(r"[，,。；;！!？?]", s.text)
        for clause in clauses:
            if _INTERROGATIVE.search(clause) and _outcome().search(clause):
                return "任务的实际进展或结果（通知只部署任务，不报告完成情况）" if zh else "what has come of the task (the notice sets tasks, it reports no progress)"
            # 为什么选城头镇: a plan says what is to be done, not why (第50条为什么没写牵头单位？那条是谁负责: the other
            # ask is answered)
            # … nor is why a task names no lead (第50条为啥没有牵头单位？那条是怎么写的): the record's own form, which
            # the task's units answer
            if any(w in clause for w in _words("reason")) and not any(
                    _asks_who(c) and not any(w in c for w in _words("reason")) for c in clauses) \
                    and not _role_absent().search(clause):
                return "任务的理由或原因（通知只部署任务，不说明原因）" if zh else "why it was decided (the notice sets tasks, it gives no reasons)"
        other = self._other_document(s.text)
        if other:
            return f"《{other}》的文号、印发时间等信息" if zh else f"the issue details of “{other}”"
        for _, *words in vocab.rows("never_in_notices.tsv"):
            cues = longest_first(norm(x.replace("_", " ")) for x in " ".join(words).split())
            # (an English phrase is looked for in the whole question: its words may also be read as an office's
            # — the head of the district leading group; a single word only where nothing else took it)
            hits = s.find(cues) + ([] if zh else [(m.start(), m.group(0)) for c in cues if " " in c
                                                  for m in re.finditer(rf"\b{re.escape(c)}\b", s.text)])
            # a cue that asks (哪些材料, 什么条件) asks it whatever else took its words (材料 as background's)
            hits += [(m.start(), c) for c in cues if zh and c in s.text and _INTERROGATIVE.search(c)
                     for m in re.finditer(re.escape(c), s.text) if any(s.used[m.start():m.end()])]
            for k, w in hits:
                glossed = _GLOSSED.match(s.text, k + len(w))  # the safety director (安全总监): the notice's own word
                if glossed and self.lex.known(glossed.group(1)):
                    continue
                if not self.lex.known(w) and not self._speaks(s.text, k + len(w)):
                    return f"“{w}”方面的信息" if zh else f"anything on “{w}”"
        return ""

    @cached_property
    def _titles(self) -> tuple[str, ...]:
        """The notices' titles, normalised once."""
        return tuple(norm(n.title) for n in self.lex.notices)

    def _title_words(self, terms: tuple[str, ...]) -> bool:
        """Whether every term is a word of a notice's title (the notice named by its title, not a topic)."""
        return all(any(norm(t) in title for title in self._titles) for t in terms)

    def _other_document(self, text: str) -> str:
        """山亭区碳达峰实施方案什么时候印发: a document named by its own title, asked for its number, date or issuer,
        that is neither a notice here nor one a notice cites — the notices do not say."""
        if not _issue_fact().search(text) or any(w in text for w in _words("cite")) or self._cited(text, ()):
            return ""
        # … and that the notices do not name either (创建全国文明城市三年行动计划, which a task writes: a citation of it
        # is asked of the task)
        named = [d for d in other_documents(text, self.lex.notices) if norm(d[-OTHER_TAIL:]) not in self.lex.text]
        return named[0] if named else ""

    @staticmethod
    def _speaks(text: str, end: int) -> bool:
        """The person named before ``end`` is the one asking or asking for (局长问… / 局长要求把…列出来), not asked
        about."""
        after = re.sub(r"^(?:就|也|又|还|刚|专门|今天|上午|下午)+", "", text[end:end + 8])
        return after.startswith(_words("speech"))

    def _year_stated(self, relative: str) -> bool:
        """Whether a year said relative to the notice's own (明年 in a notice dated 2020 is 2021) is one the
        notices speak of."""
        offset = _YEAR_OFFSETS.get(relative, 0)
        bases = {int(y) for n in self.lex.notices for y in re.findall(r"(?:19|20)\d\d", n.date[:5])}
        return any(b + offset in self.lex.years for b in bases)

    def _wider(self, s: _Spans) -> str:
        """A wider area than the notices' own (全市, 枣庄市, 全省): the answering task must name it. Not in a sentence
        pasted from a draft (“年内完成省下达…”: 内完成省 is no province's name)."""
        pasted = [(q.start(1), q.end(1)) for q in _QUOTE.finditer(s.text)]
        for m in _WIDER.finditer(s.rest()):
            if any(a <= m.start() < b for a, b in pasted):
                continue
            area = m.group(0)
            if "全" in area[:-1]:  # 近五年全市: the area is 全市
                area = area[area.index("全"):]
            if any(ch in vocab.words("function_chars.txt") for ch in area[:-1]):
                continue  # 成效明显的省: a kind of province, not a place's name
            if re.search(r"[区县镇乡]", area[:-1]):
                continue  # 崇明区入市: a district, then 入市 (market entry) — no city's name
            if area.endswith(("城市", "都市", "超市", "门市")) or self.lex.own_area(area):
                continue  # 全市 in a city's notice is its own area
            if not area.startswith("全") and not self._names_a_place(s.text, m.end() - len(area), m.end() - 1):
                continue  # 争取纳入省…名单: 取纳入 is no province's name
            s.take(m.start(), m.end())
            return area
        return ""

    def _names_a_place(self, text: str, start: int, end: int) -> bool:
        """Whether ``text[start:end]`` (before 市 or 省) can be a place's name: it starts where a word starts and
        holds no verb (取纳入 of 争取纳入省, 内完成 of 年内完成省 are none)."""
        spans = self.lex.tokenizer.spans(text)
        if not any(a == start for _, a, _ in spans):
            return False
        pos = _pos_table()
        return not any((pos.get(w) or "").startswith("v") for w, a, b in spans if start <= a and b <= end)

    def _towns(self, s: _Spans) -> tuple[str, ...]:
        """Towns and streets the notices name (北庄镇, 山城街道) that the question is about; not consumed (the
        name may be a topic too). Group words (各镇, 城镇, 乡镇) are no town."""
        found = []
        for m in _TOWN.finditer(s.text):
            name = m.group(0)
            kind = 2 if name.endswith("街道") else 1
            if name[0] not in "各城乡村全本每该此等" and name[-kind - 1] not in vocab.words("place_name_breakers.txt") \
                    and name in self.lex.text:
                found.append(name)
        return tuple(dict.fromkeys(found))

    def _instance(self, s: _Spans) -> str:
        """The kind of thing whose names are asked (哪家公司 → 公司; 2所幼儿园是哪两所 → 幼儿园), when it is a
        thing the notices write of; '' for 哪个部门, 哪些任务, 哪一年 and the like (units, tasks, times)."""
        places = vocab.words("place_kinds.txt")  # (哪两个村: a kind of place, one character, is a noun here)
        for m in _WHICH_EN.finditer(s.text):  # which town is recommended: a town's name is asked
            if m.group(1) in _instance_english():
                return _instance_english()[m.group(1)]
        for m in _WHICH.finditer(s.text):
            words = self._words_after(s.text, m.end(), 10)
            # the nouns right after 哪; the last is the kind (哪个片区管理局 → 管理局, an office: who is asked)
            # (哪家省级医院: a word that only classifies, 省级 / 大型, comes before the kind)
            words = list(itertools.dropwhile(lambda w: (_pos_table().get(w) or "") in ("b", "a"), words))
            run = list(itertools.takewhile(lambda w: _nounish(w) or w in places, words))
            if run and len(words) > len(run) and words[len(run)] in _words("task_noun"):
                continue  # 哪些普法工作 / 哪些招商任务: tasks of a kind are asked, not the names of a thing
            if (run and _is_office_noun(run[0])) or _office_noun().match(s.text, m.end()):
                continue  # 哪几个单位牵头 / 哪个局在指导 (局在 a word of jieba's): who is asked, not the names of a thing
            noun = run[-1] if run else ""
            if len(noun) >= 2 and any(kind.endswith(noun) for kind in self.lex.doc_kinds):
                continue  # 哪几条意见 of 若干意见: the notice's own items, its tasks, are asked
            if (not noun or s.text.startswith(("哪项", "哪一项", "哪几项"), m.start())) and any(
                    s.text.startswith(w, m.start()) for w in _words("which_task")):
                continue  # …申报国家级绿色工厂是哪条: the task is asked, not the names of what it is about
                # (哪项有高新技术企业的数量目标: 项, the notice's items, is no kind of thing however jieba cut it)
            if (not noun or noun in _shape_words()) and m.group("measure"):  # 2所普惠性幼儿园是哪两所
                counted = re.search(_COUNTED.format(measure=m.group("measure")), s.text[: m.start()])
                if not counted and m.group("measure") in _words("task_measure"):
                    continue  # 渔业和畜牧方面的是哪几条: the notice's items are counted so — tasks are asked
                if not counted and any(w in s.text[: m.start()] for w in _words("within") if not w.isascii()):
                    continue  # 其中跟养鱼有关的是哪几个: of the tasks listed before, which — tasks are asked
                tail = self._words_after(counted.group(1), 0, 14) if counted else []
                if not counted and re.fullmatch(r"[呢啊呀吗?.!\s]*", s.text[m.end():]):
                    # 新增的高新技术企业是哪几家 (ending the question): the subject before 是 is what is counted
                    subject = re.search(r"([\u4e00-\u9fff]{2,14}?)(?:具体|分别|都)?是$", s.text[: m.start()])
                    # (责任单位是哪个: units are asked, who)
                    # (争取纳入储能示范项目名单的是哪个: a clause closed by 的 names no kind — 名单 is not what is asked)
                    named = subject.group(1) if subject and not _office_noun().search(subject.group(1)) \
                        and not subject.group(1).endswith("的") else ""
                    tail = self._words_after(named, 0, 14) if named else []
                # (2所省级一类以上幼儿园具体是哪两所: the last noun of what was counted, not 具体)
                noun = next((w for w in reversed(tail) if w not in _shape_words() and _nounish(w)), "")
                if counted and noun and s.text[counted.start(): counted.end(1)] in self.lex.text:
                    return noun  # 10家基层卫生机构是哪10家: a set the notice counts, even of offices — its members
                    # are asked, not who carries a task
            if len(noun) > 1 and noun[0] in places and noun not in self.lex.text and not _is_noun(noun):
                noun = noun[0]  # 哪几个镇建 (read as one unknown word): towns are asked
            if _is_office_noun(noun):
                continue  # 哪个片区管理局, 哪些处室: an office is asked (who), not the name of a thing
            if noun in _words("instance_task"):  # 承担哪些职责: tasks are asked (the word is no topic)
                k = s.text.find(noun, m.end())
                if k >= 0 and s.free(k, k + len(noun)):
                    s.take(k, k + len(noun))
                continue
            k = s.text.find(noun, m.end()) if noun else -1
            if k >= 0 and not s.free(k, k + len(noun)):
                continue  # 哪个板块: the noun is the question word's own (a section is asked), no kind of thing
            if ((len(noun) >= 2 or noun in places)  # 哪几个镇: towns' names are asked
                    and re.fullmatch(r"[\u4e00-\u9fff]+", noun) and noun not in _shape_words()
                    and noun not in self.lex.task_nouns and (noun in self.lex.text or _is_noun(noun))
                    and not any(noun.startswith(w) if len(w) == 1 else w in noun  # (种 of 种类, 月 of 月份; not 品种)
                                for w in _words("instance_not") + _words("instance_content") + _words("instance_task")
                                + _words("office_nouns"))
                    and not self.lex.units.find_in(noun)):
                return noun
        return ""

    def _headers(self, s: _Spans, filters: list[Filter], cited: bool = False) -> tuple[str, ...]:
        """Facts of the notice itself asked for (文号, date …), in the order of ``data/header_words.tsv``; with
        ``cited``, those asked with a citation (the notice is what a citation names: its date, its issuer)."""
        if any(not isinstance(f, DocFilter) for f in filters):
            return ()
        doc_word = cited or (any(w in s.text for w in _words("doc")) or bool(self._doc_ref.search(s.text))
                    or any(isinstance(f, DocFilter) for f in filters))  # 山政办字〔2023〕28号是哪天印发的
        # a cue inside a longer question word is not one (几部分 of 第几部分, which asks a task's section)
        found = set()
        for m in _PARTS_COUNTED.finditer(s.text):  # 分成几个大部分 / 有几大板块: how the notice is divided
            if s.free(m.start(), m.end()) and not s.text.endswith("第", 0, m.start()):
                s.take(m.start(), m.end())
                found.add("sections")
        for cue, field in _header_cues(doc_word):
            for k, w in s.find((cue,), consume=False):
                if not _inside_question_word(s.text, k, len(w)):
                    s.take(k, k + len(w))
                    found.add(field)
                    # the English word right before the cue describes it (the full title, its exact date): no topic
                    before = re.search(r"\b([a-z]+)\s+$", s.text[:k]) if cue.isascii() else None
                    if before and before.group(1) not in stopwords() and s.free(before.start(1), before.end(1)):
                        s.take(before.start(1), before.end(1))
        return tuple(field for field, *_ in vocab.rows("header_words.tsv") if field in found)

    @staticmethod
    def _take_use(s: _Spans, nouns: tuple[str, ...]) -> None:
        """可以直接粘进公文的引用: a clause before 的 and the asked noun that says what it can be used for (it opens
        with a ``usable`` word) describes what is asked, and names no topic."""
        for noun in nouns:
            k = s.text.find("的" + noun)
            if k < 0:
                continue
            start = max(s.text.rfind(c, 0, k) for c in ",.;:!?，。；：！？ 个条份段句") + 1
            if s.text.startswith(_words("usable"), start) and not any(s.quoted[start:k + 1]):
                s.take(start, k + 1)

    def _topic(self, s: _Spans, text: str, lang: str) -> Topic | None:
        rest = s.rest()
        if lang == "en":
            words = english_words(rest)  # a phrase of shape words alone (the targets, the deadline) is asked, no topic
            # a Latin-letter word the notices write as it is (RCEP, 5G): itself, not its dictionary glosses
            # (read from the text, not from the English words, which are letters only: 5G)
            verbatim = [w for w in dict.fromkeys(m.group(0).rstrip(".-") for m in _LATIN_WORD.finditer(rest.lower()))
                        if len(w) >= 2 and w not in stopwords() and self.lex.known(w) and w not in _english_shape_stems()]
            # the notice's word the asker writes in brackets after an English one (coal (煤)): that word, as written,
            # instead of the glosses of the English word before it
            # (a role's own word in brackets, a supporting (责任) unit, glosses the role: no topic)
            roles = _role_words()
            glossed_by_asker: set[int] = set()
            # (… or in quotation marks, the "一企一技术" program: the asker's word, which glosses nothing before it)
            bracketed = [(m, norm(m.group(1) or m.group(2))) for m in _ASKERS_WORD.finditer(rest)
                         if norm(m.group(1) or m.group(2)) not in roles]
            # … read as in a Chinese question: a compound it writes apart (人才引进: 培育引进创新人才) is its words
            kept: list[str] = []
            apart: list[tuple[str, ...]] = []
            unheard: list[str] = []  # the asker's own word no notice writes (hydrogen energy (氢能)): what is asked
            for m, w in bracketed:
                zh = self._topic(_Spans(w), w, "zh")
                glosses = _glossed_run(rest, m.start()) if m.group(1) else ()
                if not self.lex.known(w):
                    if zh and zh.unknown:
                        unheard += zh.unknown
                        glossed_by_asker.update(glosses)
                    continue
                glossed_by_asker.update(glosses)
                read = zh.term_groups() if zh else ()
                if len(read) > 1 and all(g[0] in w for g in read):
                    apart += read
                else:
                    kept.append(w)
            required = tuple(dict.fromkeys(kept + [g[0] for g in apart]))  # (a list's tasks hold every one of them)
            found = _compounds(phrases(rest, self.lex.glossary), self.lex.known, rest)
            glossed = {w for a, b, terms in found if terms for w in words[a:b]}
            groups = [tuple(terms) for a, b, terms in found
                      if terms and not all(w in _english_shape_stems() for w in words[a:b])
                      and not all(w in verbatim for w in words[a:b]) and b not in glossed_by_asker]
            groups = [(w,) for w in verbatim] + [(w,) for w in required if (w,) not in apart] + apart + groups
            if required or apart:
                rest = _ASKERS_WORD.sub(" ", rest)
            # Chinese words quoted in an English question (a role's own is no topic)
            cjk = " ".join(w for w in re.findall(r"[\u4e00-\u9fff]{2,}", rest) if w not in roles)
            if cjk:
                zh = self._topic(_Spans(cjk), cjk, "zh")
                if zh:
                    groups = list(zh.term_groups()) + groups
                    # (coverage of 低保 (minimum subsistence allowance): the notice's own word, as the asker writes
                    # it, is what a task must hold — the English words' glosses only guess at it)
                    required += tuple(w for w in cjk.split() if self.lex.known(w) and w not in required)
            groups += self._pinyin_names(s)
            terms = tuple(dict.fromkeys(t for g in groups for t in g))
            # a name in capitals no notice writes (GDP, PM2.5): what is asked about, which no task holds
            unknown = tuple(dict.fromkeys([*unheard, *(m.group(0) for m in re.finditer(r"\b[A-Z]{2,}[0-9.]*\b", s.cased)
                                          if not self.lex.known(m.group(0).lower()) and m.group(0).lower() not in stopwords()
                                          and m.group(0).lower() not in glossed  # (VR: the dictionary's 虚拟现实)
                                          and not re.fullmatch(r"[IVX]+", m.group(0))  # (phase II: a numeral)
                                          # (CGN (中广核): named in the notice's own words right after)
                                          and not re.match(r"\s*[(（][^)）]*[\u4e00-\u9fff]", s.cased[m.end():]))]))
            return (Topic(" ".join(rest.split()), terms=terms, unknown=unknown, expansions=terms, groups=tuple(groups),
                          required=required) if terms or unknown else None)
        rest = _without_asides(_included_apart(s.text, rest))
        terms: list[str] = []
        unknown: list[str] = []
        places: list[str] = []
        generic: list[str] = []  # words for "a task" said as what tasks are about (涉及项目的)
        expansions: list[str] = []
        groups: list[tuple[str, ...]] = []
        quoted_text = quoted(text)  # words of a pasted draft sentence never make a question out of scope
        quoted_terms: list[str] = []  # the quoted words searched as written (kept though they shape questions)
        if any(w in text for w in _words("mention")):  # 含有“碳”字的任务: a quoted string searched as written
            for m in _QUOTED_WORD.finditer(text):
                word = m.group(1).strip()
                # one character, or a word that would otherwise shape the question (涉及“数字”的任务)
                if (0 < len(word) < 2 or word in _shape_words()) and self.lex.known(word) and word in rest:
                    terms.append(word)
                    groups.append((word,))
                    quoted_terms.append(word)
                    rest = rest.replace(word, " ")
            for w in _words("mention"):  # (两个字 of 带“养老”两个字的: its 两个 is no topic)
                rest = rest.replace(w, " " * len(w)) if "字" in w else rest
        written, rest = self._written_forms(s, rest)
        terms += written
        groups += [(w,) for w in written]
        said = text  # the question in the notices' words (废水治理 → 污水治理), for the compounds it says
        listed = rest  # … and its topic's words so, for what it enumerates (种子、农田: 种业、农田)
        for word, official in self.lex.colloquial_in(rest):  # 老破小 → 老旧小区 (words of two or more characters)
            said, listed = said.replace(word, official[0]), listed.replace(word, official[0])
            terms += official
            expansions += official
            groups.append(official)
            rest = rest.replace(word, " " * len(word))
        segment = 0  # enumerations (修高速、建机场) make alternatives: a task may carry either
        segments: list[int] = []
        for tok in _merge_known(_merge_places(_merge_strange_chars(self._free_words(s, rest), self.lex, rest, s.merged),
                                              self.lex, rest), self.lex):
            if tok in (",", "和", "或", "及", "或者", "以及", "与"):
                segment += 1
                continue
            if re.fullmatch(r"(?=\d*[a-z])[a-z0-9][a-z0-9.+-]{1,11}", tok) and tok not in _shape_words():
                # a Latin-letter word in a Chinese question (GDP, MaaS, 5G…): a term when the notices hold it
                segments.append(segment)
                if self.lex.known(tok):
                    terms.append(tok)
                    groups.append((tok,))
                elif tok not in quoted_text:
                    at = s.text.find(tok)
                    unknown.append(s.cased[at: at + len(tok)] if at >= 0 else tok)  # said as asked: GDP
                continue
            if _POINTER_PHRASE.fullmatch(tok):
                continue  # 畜牧和渔业这两块: a pointer back at what was just named, never a thing of its own
            if _RESULTATIVE.match(tok) and not self.lex.known(tok):
                continue  # 建完 / 修好: a verb and its result (when is it done), the question's predicate, not a topic
            if tok in _words("instance_content") and not _determined(s.text, tok):
                generic.append(tok)  # 涉及项目的: the topic only when nothing more specific is (see below)
                continue
            if (len(tok) >= 3 and tok[-1] in _words("quantity_suffix") and tok in _shape_words()
                    and self.lex.known(tok[:-1]) and tok[:-1] not in _shape_words()):
                tok = tok[:-1]  # 接种率呢 / 覆盖率: the rate's cue shapes the question, what it is of is the topic
            if (tok in _shape_words() or tok in self.lex.task_nouns or tok.isdigit() or not re.search(r"[\u4e00-\u9fff]", tok)
                    or _shape_compound(tok)):
                continue
            if self.lex.own_area(tok) and len(tok) == 2:
                continue  # 全市 in a city's notice: the notice's own area, where every task is
            segments.append(segment)
            if self.lex.known(tok):
                if len(tok) >= 2:
                    spelled = self.lex.spelled_out(tok)  # 传染病 → also 传染性疾病
                    spelled += self._other_actions(groups[-1][0] if groups else "", tok, said)
                    spelled += self._compound_actions(tok, text)
                    spelled += self.lex.narrower(tok)  # 光伏 → 农光互补: a kind of it, named as the notice names it
                    # a town's name without its 镇/乡/街道 (西集镇 → 西集普阳项目): how compounds name the place
                    stem = re.sub(r"(?:镇|乡|街道)$", "", tok)
                    if stem != tok and len(stem) == 2 and self.lex.known(stem) and stem not in _shape_words():
                        spelled = (*spelled, stem)
                    terms += [tok, *spelled]
                    expansions += spelled
                    groups.append((tok, *spelled))
                continue
            official = self.lex.official(tok) or self.lex.abbreviated(tok)  # 小孩 → 儿童; 文博会 → 文化产业博览会
            if official:
                terms += official
                expansions += official
                groups.append(official)
                continue
            if len(tok) < 2:
                continue
            if len(tok) >= 3 and re.search(r"(区|县|市|镇|乡|村|街道)$", tok) and tok not in quoted_text:
                places.append(tok)  # a place the notices never name (薛城区): not a compound of their words
                continue
            pieces = _known_pieces(tok, self.lex)
            if pieces is not None and len(pieces) >= 2 and not self.lex.near_each_other(pieces) \
                    and _salient(tok, text) and tok not in quoted_text:
                unknown.append(tok)  # 食品安全: both words are in the notices, never together — not this thing
                continue
            if pieces is not None:  # 医疗卫生 → 医疗, 卫生: each piece is in the notices (or only shapes the sentence)
                terms += pieces
                groups += [(p,) for p in pieces]
                continue
            # a word of the general dictionary (市级, a name) is no typo by sound alone (市级 is not 市计 of 市计生协会) …
            worded = _pos_table().get(tok) is not None
            fixed = self.lex.correct(tok) if not worded else None
            if fixed is None and worded:
                # … but a sound-alike the notice writes with the question's next or last words is (文明实践中兴建设 →
                # 实践中心, 中心建设): a typo after all, the notice's phrase confirms it
                fixed = self._confirmed_typo(tok, text)
            if fixed is None and len(tok) >= 3 and tok[-1] in self.lex.text and not _pos_table().get(tok):
                # 机站全 of 5G机站全覆盖: jieba joined the typo to the next word's first character
                fixed = self.lex.correct(tok[:-1])
            if fixed and not set(fixed) & set(tok):
                fixed = None  # an IME typo changes a character or two, not every one (一章 is not 驿站)
            if fixed:  # 改照 → 改造: a homophone typo (a place or a person's name is not a typo)
                terms.append(fixed)
                expansions.append(fixed)
                groups.append((fixed,))
                continue
            at = text.find(tok)
            fragment = (len(tok) == 2 and _pos_table().get(tok) is None  # 里适, 活归: jieba's pieces, no words
                        and (any(ch in vocab.words("function_chars.txt") or ch in _shape_words() for ch in tok)
                             # (我核 of 我核一下; 户适 of 850户适老化: a number's measure and the next word's first)
                             or (tok[0] in _measure_chars() and at > 0 and text[at - 1].isdigit())
                             # (村报 of 红色文化特色村报的, 通线 of 鲁贸通线上: its first character ends a word of theirs)
                             or (at >= 2 and not self.lex.known(tok) and self.lex.known(text[at - 2:at] + tok[0])))) \
                or (at >= 1 and not self.lex.known(tok) and text[at - 1] + tok[0] in _shape_words()) \
                or (not self.lex.known(tok) and _straddles_shape_words(text, at, tok)) \
                or (len(tok) >= 3 and tok[:-1] in _bound_words())
            # (限定 of 上限定的多少: its first character ends a question word, 上限; 最多补: a word asking a bound,
            # then a verb of one character — 补, 给, 拿 — that says what the figure is for; not 时间表)
            if (_salient(tok, text) or self._modified(tok, text)) and tok not in quoted_text and not _function_only(tok) \
                    and not fragment:
                unknown.append(tok)
        terms = list(dict.fromkeys(t for t in terms if t not in _shape_words() or t in quoted_terms))
        if generic and not terms and not unknown and not places and (  # 涉及项目的 / 跟项目有关的 (not 金按工程)
                any(w in s.text for w in _words("mention")) or any(f"{w}有关" in s.text or f"{w}相关" in s.text
                                                                 for w in generic)):
            terms = [w for w in dict.fromkeys(generic) if self.lex.known(w)]
            groups = [(w,) for w in terms]
            quoted_terms += terms  # shape words kept as the topic asked
        # the notices' own place (立山区) is where every task is, not what one is about
        terms = [t for t in terms if not self.lex.own_area(t)] or terms
        groups = list(dict.fromkeys(g for g in groups if all(t in terms for t in g)))
        groups = _with_contained(groups)
        groups = [(*g, *(h for x in g if (h := _task_kind(x)) and self.lex.known(h) and h not in g)) for g in groups]
        framed = _problem_frame(groups)
        if framed:
            groups = [g for g in groups if g not in framed]
            terms = [t for t in terms if any(t in g for g in groups)]
        if not terms and not unknown and not places:
            return None
        return Topic(" ".join(rest.split()), terms=tuple(terms), unknown=tuple(dict.fromkeys(unknown)),
                     places=tuple(dict.fromkeys(places)), expansions=tuple(dict.fromkeys(expansions)),
                     groups=tuple(groups), items=tuple(_alternatives(self.lex.tokenizer.words(_asides_apart(listed)), groups)),
                     required=self._required(text, terms))

    def _modified(self, tok: str, text: str) -> bool:
        """Whether an everyday word the notices lack names a thing here: an adjective of theirs right before a verb and a
        word of theirs right after it make one compound (清洁取暖改造: 清洁 + 取暖 + 改造) — a kind of work they never
        name, not the asker's own verb (简单介绍一下, 重新问一下)."""
        at = text.find(tok)
        before, after = text[max(0, at - 2):at], text[at + len(tok): at + len(tok) + 2]
        pos = _pos_table().get(tok) or ""
        # (… nor is a time word between two of their words, the second a noun: 义务教育课后服务 — 课后 says which service)
        timed = pos.startswith("t") and (_pos_table().get(after) or "").startswith(("n", "vn"))
        return (at >= 2 and (pos.startswith("v") and _pos_table().get(before) == "a" or timed)
                and self.lex.known(before) and self.lex.known(after) and after not in _shape_words()
                and before not in _shape_words() and re.fullmatch(r"[\u4e00-\u9fff]{2}", after) is not None)

    def _other_actions(self, thing: str, action: str, text: str) -> tuple[str, ...]:
        """A thing and what is done to it, said together as the notices say it (污水治理): the other verbs they write
        right after that thing (污水处理 of a sewage plant) say the same of it — alternatives to the question's. Only
        of a thing the notices name less often than the act (not 企业参加: what is done to a thing named everywhere
        says which)."""
        pos = _pos_table()
        if (len(thing) < 2 or thing + action not in text or not self.lex.known(thing + action)
                or self.lex.occurrences(thing) >= self.lex.occurrences(action)
                or not (pos.get(thing) or "").startswith("n") or not (pos.get(action) or "").startswith("v")):
            return ()
        return tuple(w for w in self.lex.written_right_after(thing) if w != action and (pos.get(w) or "").startswith("v"))

    def _written_forms(self, s: _Spans, rest: str) -> tuple[list[str], str]:
        """Terms the question gives in the form the notices write them, and ``rest`` without them: a cited
        document's number (鲁政字[2021]64号 — the tasks citing it hold it) and an amount said with its order of
        magnitude (投资20个亿那个 → 20亿, of 20亿元), each naming its task."""
        found = list(s.numbered)
        for m in _SAID_AMOUNT.finditer(rest):
            if self.lex.known(amount := m.group(1) + m.group(2)):
                found.append(amount)
                rest = rest[:m.start()] + " " * (m.end() - m.start()) + rest[m.end():]
        return found, rest

    def _compound_actions(self, word: str, text: str) -> tuple[str, ...]:
        """The same for a thing and its act segmented as one word (污水处理): the word with each other verb the
        notices write after that thing (污水治理), when they write it so."""
        for k in range(2, len(word) - 1):
            others = self._other_actions(word[:k], word[k:], text)
            if others:
                return tuple(w for v in others if self.lex.known(w := word[:k] + v))
        return ()

    def _required(self, text: str, terms: list[str]) -> tuple[str, ...]:
        """The short words the question quotes (写了“融资”的, 带“数字”的) that the notices hold and that are of the topic:
        the asker's own spelling of what a task must say."""
        found = (norm(m.group(1).strip()) for m in _QUOTED_WORD.finditer(text))
        return tuple(dict.fromkeys(w for w in found if 0 < len(w) <= SHORT_QUOTE and re.search(r"[\u4e00-\u9fff]", w)
                                   and self.lex.known(w) and any(w in t or t in w for t in map(norm, terms))))

    def _confirmed_typo(self, tok: str, text: str) -> str | None:
        """The one sound-alike of ``tok`` that the notices write with the question's two characters before or
        after it (实践中兴建设: 中心 in 实践中心 — not 中型), else None."""
        at = text.find(tok)
        if at < 0 or not re.fullmatch(r"[\u4e00-\u9fff]{2,4}", tok):
            return None
        before, after = text[max(0, at - 2):at], text[at + len(tok): at + len(tok) + 2]
        found = [w for w in self.lex.sounds.sounding(sound(tok)) if w != tok and len(w) == len(tok)
                 and any(len(p) == len(w) + 2 and self.lex.known(p) for p in (before + w, w + after))]
        return found[0] if len(found) == 1 else None

    def _pinyin_names(self, s: _Spans) -> list[tuple[str, ...]]:
        """Names an English question writes in pinyin (the Yanma Reservoir → 岩马): a capitalised word the
        dictionary does not gloss, read as syllables and looked up by sound among the corpus's words."""
        out = []
        rest = s.rest()
        for m in re.finditer(r"\b[A-Z][a-z]{2,}\b", s.cased):
            word = m.group(0).lower()
            if rest[m.start():m.end()] != word or word in stopwords() or gloss(stem(word), self.lex.glossary):
                continue
            key = latin_sound(word)
            found = tuple(sorted(self.lex.sounds.sounding(key))) if key else ()
            if 0 < len(found) <= 3:
                out.append(found)
                s.take(m.start(), m.end())
        return out

    def _free_words(self, s: _Spans, rest: str) -> list[str]:
        """The words of the question no reader consumed, cut from the whole question (so that a
        consumed span does not leave broken words such as 底城镇 behind 2025年): a word partly consumed
        keeps its free part."""
        out: list[str] = []
        for word, a, b in self.lex.tokenizer.spans(s.text):
            if rest[a:b] == word:
                out.append(word)
                continue
            part = "".join(ch if ch != " " else "\0" for ch in rest[a:b])
            out += [p for p in part.split("\0") if p.strip()]
        return out

    @staticmethod
    def _refers_to_background(query: Query, asked: str, bg: Callable[[], Query], lang: str) -> bool:
        """Whether the question proper points (这个, 这项) at a matter only the background (``bg()``, read) names:
        it has no topic or task of its own, though a unit or property (what ``_fill_from_background`` leaves
        alone), and the background has topic words and no unit (not the asker's own office)."""
        if lang == "en":  # Task 59 cites a provincial document… What is its document number?: of that task
            return (query.ask is Ask.HEADER and not query.has(TaskFilter) and _EN_REFER.search(asked) is not None
                    and bg().has(TaskFilter))
        if not _anchored(query) or query.has(TaskFilter) or (query.topic and query.topic.terms) \
                or not any(w in asked for w in _words("refer") if not w.isascii()):
            return False
        read = bg()
        return bool(read.topic and read.topic.terms and not read.units() and not read.has(TaskFilter))

    def _refer_to_background(self, query: Query, asked: str, bg: Callable[[], Query], lang: str) -> Query:
        """这一部分 / 这项 in the question proper means the section or task its background (``bg()``, read) named
        (…报第二部分的进展…。请把这一部分中我们局牵头的列出来); 这两个部门 the units it named (A和B要开协调会。
        这两个部门同时牵头的任务有哪些), read in their place."""
        plural = _UNITS_REFERRED.search(asked)
        if plural and not any(f.unit for f in query.units()):
            names = [f.unit for f in bg().units()]
            if len(names) >= 2:
                text = asked[:plural.start()] + "和".join(dict.fromkeys(names)) + asked[plural.end():]
                read = self._read_part(query.question, text, lang)
                return replace(read, background=query.background, inherited=read.inherited + ("background",))
        wants = [kind for kind, filt in (("refer_section", SectionFilter), ("refer", TaskFilter))
                 if not query.has(filt) and any(w in asked for w in _words(kind))]
        if lang == "en" and not query.has(TaskFilter) and not query.units() and any(
                re.search(rf"\b{re.escape(w)}\b", asked) for w in _words("refer")):
            # … covered this year, and who leads it? — "it" is what the background sentence is about (a briefing
            # on the old-neighbourhood renovation programme): its words are the topic's first
            if (read := bg()).topic and read.topic.terms:
                groups = read.topic.term_groups() + (query.topic.term_groups() if query.topic else ())
                terms = tuple(dict.fromkeys(t for g in groups for t in g))
                return replace(query, topic=replace(query.topic or read.topic, terms=terms, expansions=terms,
                                                    groups=tuple(groups)),
                               inherited=query.inherited + ("background",))
        if not wants:
            return query
        taken = tuple(f for f in bg().filters if ("refer_section" in wants and isinstance(f, SectionFilter))
                      or ("refer" in wants and isinstance(f, TaskFilter) and len(f.numbers) == 1))
        if not taken:
            return query
        return replace(query, filters=query.filters + taken, inherited=query.inherited + ("background",))

    def _fill_from_background(self, query: Query, background: str, read_bg: Callable[[str], Query]) -> Query:
        """A question proper that leaves out its unit or topic takes it from the background sentences."""
        if _anchored(query):
            return query
        bg = read_bg(background)
        filters = query.filters + tuple(f for f in bg.filters if not isinstance(f, DocFilter | PredicateFilter))
        # the asker's own unit in the background (我在区财政局负责对接这项工作) brings the unit; the other words
        # of its clause describe the asker's job, not a topic
        if bg.units():
            rest = "".join(c for c in _CLAUSE.split(background) if c and not self.lex.units.find_in(c))
            bg = replace(bg, topic=read_bg(rest).topic if rest.strip() else None)
        topic = query.topic if query.topic and query.topic.terms else (
            replace(bg.topic, unknown=(), places=()) if bg.topic else query.topic)
        if query.field in ("lead", "units", "responsible") and topic and topic.terms and bg.units():
            # 我是区人民医院办公室的。院里要…。这是哪一条，牵头单位是谁？ the unit asked for is the answer: the
            # asker's own office in the background is no constraint on it
            filters = query.filters
        role = _asker_role(norm(query.question)) if bg.units() else None
        if role:  # 我们是工信局的，…我们牵头（含…）的任务: the asker's unit, in the role said of "we"
            filters = tuple(replace(f, scope=role) if isinstance(f, UnitFilter) and f.scope == "any" and f in bg.filters
                            else f for f in filters)
        ask, field, header = query.ask, query.field, query.header
        if ask is Ask.BEST and bg.units() and not (topic and topic.terms) and not query.field:
            ask = Ask.LIST
        if ask is Ask.HEADER and bg.units() and set(header) <= {"count"}:  # 咱们局在文件里牵头了哪几项: the unit's tasks
            asked = norm(query.question)
            ask, header = (Ask.LIST if any(w in asked for w in _words("list")) else Ask.COUNT), ()
        return replace(query, filters=filters, topic=topic, ask=ask, field=field, header=header,
                       inherited=query.inherited + ("background",))


# ---- pure helpers -------------------------------------------------------------------------------

def _anchored(query: Query) -> bool:
    """The query names what it is about: a unit, a task, a section or heading, a property, or topic words."""
    return bool(query.units() or query.has(TaskFilter) or query.has(SectionFilter) or query.has(HeadingFilter)
                or query.has(PredicateFilter) or (query.topic and query.topic.terms))


def _pieces_covered(pieces: tuple[str, ...], terms: set[str]) -> tuple[int, int]:
    """How many of a unit name's words the terms cover (运输 covers 交通运输), out of how many."""
    return sum(1 for p in pieces if p in terms or any(len(t) >= 2 and t in p for t in terms)), len(pieces)


def _merge_known(tokens: list[str], lex: Lexicon) -> list[str]:
    """Join neighbouring words that the notices write together as one word or compound noun
    (垃圾 + 分类 → 垃圾分类): the longer phrase is the topic, and matching it is more precise
    than matching its words apart."""
    out: list[str] = []
    i = 0
    while i < len(tokens):
        for size in (3, 2, 1):
            phrase = "".join(tokens[i:i + size])
            parts = tokens[i:i + size]
            nouns = all((_pos_table().get(t) or "").startswith(("n", "vn")) for t in parts)
            if size == 2 and _bound_head(parts, lex):  # 充电 + 桩: a word and the one character it heads a noun with
                out.append(phrase)
                i += size
                break
            if size == 1 or (i + size <= len(tokens) and len(phrase) <= 8
                             and (phrase in lex.vocabulary or phrase in _pos_table() or nouns
                                  or (len(parts[0]) == 1 and re.search(r"(?:镇|乡|街道|村)$", phrase)))  # (西 + 集镇: 西集镇)
                             and lex.known(phrase)
                             and all(re.fullmatch(r"[\u4e00-\u9fff]+", t) for t in parts)
                             and not all(t in _shape_words() for t in parts)):
                out.append(phrase)
                i += size
                break
    return out


_SECTION_ON = lazy_compile(r"\b(?:section|part|chapter)s?\s+(?:on|about|titled|called|named|for)\s+")


def _name_words(text: str, spans: list[tuple[int, int]], hit: list[int], glossary) -> list[int]:
    """The English words that name a section, given those whose terms its title holds: those, the words
    between them, words joined to them by "and" or a hyphen (… and opening-up), and words after them that end the sentence (… expanding
    opening-up.)."""
    def joined(pattern: str, end: int) -> int:
        while end + 1 < len(spans) and re.fullmatch(pattern, text[spans[end][1]:spans[end + 1][0]]):
            end += 1
        return end

    out = list(range(hit[0], hit[-1] + 1))  # and the words between them (Yellow River national strategy)
    # … and the words from "the section on" to them (the section on promoting common prosperity: promoting,
    # which the dictionary glosses with none of the title's words, is of the title all the same)
    said = [m.end() for m in _SECTION_ON.finditer(text) if m.end() <= spans[hit[0]][0]]
    if said:
        out = [k for k in range(hit[0]) if spans[k][0] >= said[-1]] + out
    end = joined(r"\s*(?:and|-)\s*", hit[-1])
    out += range(hit[-1] + 1, end + 1)
    end = joined(r"[\s-]*(?:and)?[\s-]*", end)
    if not any(gloss(w, glossary) for _, _, w in word_spans(re.split(r"[,.;?!]", text[spans[end][1]:])[0])):
        out += range(out[-1] + 1, end + 1)
    return out


def _bound_head(parts: list[str], lex: Lexicon) -> bool:
    """A word the notices lack followed by a single character that is no function word (充电 + 桩, 冷链 + 港):
    jieba cut a compound noun it does not know; together they are one thing the question asks about."""
    return (len(parts) == 2 and len(parts[0]) >= 2 and len(parts[1]) == 1
            and all(re.fullmatch(r"[\u4e00-\u9fff]+", t) for t in parts)
            and parts[1] not in vocab.words("function_chars.txt") and parts[1] not in _shape_words()
            and parts[0] not in _shape_words() and not lex.known(parts[0]) and not lex.known("".join(parts))
            and parts[0][0] not in vocab.words("function_chars.txt")  # 这句 + 话: no compound noun
            and not (_pos_table().get(parts[0]) or "n").startswith(("d", "r", "p", "c", "u", "m", "q")))  # 到底 + 算


def _merge_strange_chars(tokens: list[str], lex: Lexicon, text: str, merged: set[str]) -> list[str]:
    """Join single characters jieba split a name into (枣 + 菏 → 枣菏 of 枣菏高速) when one of them appears
    nowhere in the notices: a name they do not hold, asked about (never dropped as stray characters).
    The joined words are added to ``merged``."""
    out: list[str] = []
    chars = vocab.words("function_chars.txt")
    run: list[str] = []

    def flush() -> None:
        joined = "".join(run)
        if len(run) >= 2 and joined in text and any(not lex.known(c) for c in run):
            out.append(joined)
            merged.add(joined)
        else:
            out.extend(run)
        run.clear()

    for tok in tokens:
        if re.fullmatch(r"[\u4e00-\u9fff]", tok) and tok not in chars and tok not in _shape_words():
            run.append(tok)
            continue
        flush()
        out.append(tok)
    flush()
    return out


def _merge_places(tokens: list[str], lex: Lexicon, text: str = "") -> list[str]:
    """Join a place name jieba split (薛 + 城区 → 薛城区, 某 + 镇): a single character that is no
    function or question word, followed by a word ending like a place, when the whole is not in the notices."""
    out: list[str] = []
    chars = vocab.words("function_chars.txt")
    for tok in tokens:
        if (out and len(out[-1]) == 1 and out[-1] not in chars and out[-1] not in _shape_words()  # 讲 + 乡村
                and re.fullmatch(r"[\u4e00-\u9fff]", out[-1]) and (not text or out[-1] + tok in text)  # written together
                and re.search(r"(区|县|市|镇|乡|村|街道)$", tok) and not lex.known(out[-1] + tok)
                and not (len(out) >= 2 and lex.known(out[-2] + out[-1]))):  # 崇明 + 区 is a place already: not 区入市
            out[-1] += tok
            continue
        out.append(tok)
    return out


def _alternatives(tokens: list[str], groups: list[tuple[str, ...]], joins: tuple[str, ...] = ()) -> list[tuple[int, ...]]:
    """For topics that enumerate (修高速、建机场这些交通), the indices of ``groups`` in each item; ``joins`` are
    more words that part items (和, of a list). A bracket that lists (交通基础设施（公路、机场）) adds its members as
    items beside the kind before it; one that glosses (高企（高新技术企业）培育) belongs to the item it follows,
    which goes on after it."""
    items: list[list[int]] = [[]]
    cur = 0  # the item the words go to
    opened = -1  # the item a listing bracket was opened after
    index = {g: k for k, g in enumerate(groups)}
    objects: dict[int, list[int]] = {}  # an item opened by 或 → the words before the last of the item before it
    listed: dict[int, list[int]] = {}  # the same, opened by 、 after a verb's words
    closed = False  # after 这类 / 之类 / 等 (高速公路、机场这类交通基础设施): the kind the items are of, no item's words
    for i, tok in enumerate(tokens):
        if tok == "(":
            inner = tokens[i + 1: next((j for j in range(i + 1, len(tokens)) if tokens[j] == ")"), len(tokens))]
            if "," in inner or any(t in joins for t in inner):
                opened, cur = cur, len(items)
                items.append([])
            continue
        if tok == ")":
            if opened >= 0:
                cur, opened = opened, -1
            continue
        slash = tok == "/" and 0 < i < len(tokens) - 1 and len(tokens[i - 1]) >= 2 and len(tokens[i + 1]) >= 2
        if tok in (",", "或", "或者") or slash or tok in joins:  # (污水治理/污水处理: either; not 3万吨/日)
            # (高新技术企业申报/培育: the slash offers the word before it, the words before that are both items')
            shared = items[cur][:-1] if slash else []
            if tok in ("或", "或者") and len(items[cur]) > 1:
                objects[len(items)] = items[cur][:-1]
            elif tok == "," and len(items[cur]) > 1 and _leads_with_verb(items[cur][:-1], groups):
                listed[len(items)] = items[cur][:-1]
            items.append(list(shared))
            cur = len(items) - 1
            closed = False
            continue
        if tok in vocab.words("kind_words.txt") or (tok == "这" and i + 1 < len(tokens) and tokens[i + 1][:1] in "类些种样"):
            closed = len(items) > 1
        elif tok == "的":
            closed = False  # (…之类的 涉及融资的: what follows 的 is the question's own again)
        if closed:
            continue
        # (a word the question says is its own group's, not also an alternative another group offers for its
        # word: 博览会 of 展会或者博览会, where 展会's kinds hold 博览会)
        found = ([k for g, k in index.items() if g[0] == tok]
                 or [k for g, k in index.items() if tok in g or any(t in tok for t in g)])
        if not found and len(tok) >= 2:  # (疫情 and 防控, jieba's pieces of the term 疫情防控: that term's item —
            # one term's; a piece two terms share, 大运河 of 大运河国家 and 大运河文化体验, tells neither item)
            found = [k for g, k in index.items() if any(tok in t for t in g)]
            found = found if len(found) == 1 else []
        items[cur] += [k for k in found if k not in items[cur]]
    # 组织企业参加展会或者博览会: one thing said after 或 is another object of the words before the item it
    # follows (组织企业参加博览会), not a topic of its own; said after 、 (参加展会、博览会) it may be either, and
    # the item is both — a task naming 博览会 in its title, or one that 组织…参加 a 博览会 in passing
    for k, before in objects.items():
        if len(items[k]) == 1:
            items[k] = [*before, *items[k]]
    items += [[*before, *items[k]] for k, before in listed.items() if len(items[k]) == 1]
    items = [i for i in items if i]
    return [tuple(i) for i in items] if len(items) > 1 else []



@cache
def _instance_english() -> dict[str, str]:
    """English names of kinds whose members' names are asked → the kind (``data/instance_english.tsv``)."""
    return {w.replace("_", " "): kind for w, kind, *_ in vocab.rows("instance_english.tsv")}


_LATIN_WORD = lazy_compile(r"(?<![a-z0-9])[a-z0-9][a-z0-9.+-]*")


def _straddles_shape_words(text: str, at: int, tok: str) -> bool:
    """Whether a piece of two characters jieba cut at ``at`` ends one word that shapes the question and starts the
    next (号发 of 任务号发我一下: 任务号, 发我): no word of its own."""
    shape = _shape_words()
    return (len(tok) == 2 and any(at + 1 - k >= 0 and text[at + 1 - k:at + 1] in shape for k in (2, 3, 4))
            and any(text[at + 1:at + 1 + k] in shape for k in (2, 3, 4)))


def _clause_spans(text: str) -> list[tuple[int, int]]:
    """Where each clause of a normalised question starts and ends (parted by , . ; ? !)."""
    ends = [m.start() for m in re.finditer(r"[,.;?!]|$", text)]
    return list(zip([0] + [e + 1 for e in ends[:-1]], ends, strict=True))


def _problem_frame(groups: list[tuple[str, ...]]) -> list[tuple[str, ...]]:
    """The groups that only frame a problem around the topic (解决, 难题 of 帮企业解决融资难题:
    ``data/problem_frames.tsv``), when a word for a problem and another word of the topic are said; else none."""
    frame = vocab.grouped("problem_frames.tsv")
    nouns, verbs = set(frame.get("noun", ())), set(frame.get("verb", ()))
    said = [g for g in groups if len(g) == 1 and (g[0] in nouns or g[0] in verbs)]
    if not any(g[0] in nouns for g in said) or len(said) == len(groups):
        return []
    return said


def _with_contained(groups: list[tuple[str, ...]]) -> list[tuple[str, ...]]:
    """A term that is another term of the topic in a state (融资难 and 融资 of 融资难融资贵的问题: 融资 and an
    adjective) is carried by a task that writes the shorter one too: a task on 融资 at all (提供融资服务) bears on
    a question about its being 难."""
    alone = {g[0] for g in groups if len(g) == 1 and len(g[0]) >= 2}
    pos = _pos_table()

    def state_of(x: str, t: str) -> bool:  # 融资难 of 融资 (not 融资服务: another thing, 服务 its head)
        return x.startswith(t) and x != t and (pos.get(x[len(t):]) or "").startswith("a")

    return [(*g, *(t for t in sorted(alone) if t not in g and any(state_of(x, t) for x in g))) for g in groups]


def _task_kind(term: str) -> str:
    """普法 of 普法工作, 招商 of 招商任务: the kind of task a term names with a word for a task after it (carried by a
    task that writes the kind alone); "" when it ends otherwise."""
    tail = next((w for w in _words("task_noun") if term.endswith(w) and len(term) - len(w) >= 2), "")
    return term[: len(term) - len(tail)] if tail else ""


def _leads_with_verb(words: list[int], groups: list[tuple[str, ...]]) -> bool:
    """Whether the words before an item's last (indices of ``groups``) begin with a verb (组织企业参加 of
    组织企业参加展会): what is listed after it may be more objects of it; not nouns (养老服务、医疗), nor a
    modifier's words (积极申报国家级高层次人才、泰山产业领军人才: each item says its own)."""
    return bool(words) and len(groups[words[0]]) == 1 and plain_verb(groups[words[0]][0])


def _spaced_items(text: str, groups: list[tuple[str, ...]]) -> list[tuple[int, ...]]:
    """Keywords the asker typed with a space between them (渔业 水产 相关的有哪些), as items joined by 、: the indices
    of ``groups`` in each space-parted piece of the question that holds any; [] unless two pieces do."""
    pieces = re.split(r"(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])", text)
    items = [tuple(k for k, g in enumerate(groups) if any(t in piece for t in g)) for piece in pieces]
    items = [i for i in items if i]
    return items if len(items) > 1 else []


def _without_title_words(topic: Topic, titles: list[str]) -> Topic | None:
    """The topic without the words of the titles named (nor a count describing the part: 十项…工程里)."""
    text = norm(" ".join(titles))
    groups = tuple(g for g in topic.term_groups() if not any(norm(t) in text or _COUNT_WORD.fullmatch(t) for t in g))
    if not groups and not topic.unknown and not topic.places:
        return None
    terms = tuple(t for g in groups for t in g)
    return replace(topic, terms=terms, groups=groups, expansions=tuple(t for t in topic.expansions if t in terms))


def _pairs(text: str) -> set[str]:
    """The character pairs of a text's Chinese and digits, normalised; 人民政府 is said 政府 and 中共X委 X委
    (省政府, 市委), as staff say them."""
    t = re.sub(r"人民政府", "政府", norm(text).replace("中共", ""))
    runs = re.findall(r"[\u4e00-\u9fff0-9]+", t)
    return {r[k: k + 2] for r in runs for k in range(len(r) - 1)}


@cache
def _support_joined() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """A supporting role's word joined to a lead word just said (牵头和责任, 牵头+配合), after it and before it."""
    words = {*_words("record_support_bare"), *(w for k in ("support", "cooperate", "shared") for w in _words(k))}
    others = alternation(words)
    joined = r"的?\s*(?:和|与|及|以及|、|\+|＋|加|跟|或)\s*"
    return re.compile(rf"{joined}(?:{others})"), re.compile(rf"(?:{others}){joined}$")


def _related_after(topic: Topic, text: str) -> re.Match | None:
    """相关 / 有关 right after a word of the topic (储能 相关任务, 跟大运河有关的几条): the tasks that bear on it
    are asked, however much of them they give it — not 有关部门, which names units."""
    for term in longest_first(topic.terms):
        m = re.search(re.escape(norm(term)) + r"\s?(?:相关|有关)(?!单位|部门|方面|责任)", text)
        if m:
            return m
    return None


def _guessed(text: str, mentions: list[UnitMention]) -> bool:
    """A unit said alone after the question is asked, in a clause of its own (谁牵头？文旅局？ / who leads it?
    The science bureau?): the asker's guess, to confirm or correct — not a filter on the tasks."""
    for m in mentions:
        start, end = m.start, m.start + len(m.surface)
        before = text[:start]
        if "?" not in before.rstrip():
            continue
        clause = text[before.rstrip().rfind("?") + 1: start] + text[end:]
        if _GUESS_REST.fullmatch(clause):
            return True
    return False


def _units_as_alternatives(text: str, mentions: list[UnitMention]) -> bool:
    """Whether units are named as alternatives to choose from (是民政局牵头还是大数据中心牵头)."""
    named = [m for m in mentions if m.name]
    return len(named) > 1 and any(w in text[named[0].start: named[-1].start] for w in _words("alternative"))


def _figure_names(topic: Topic, known: Callable[[str], bool]) -> Topic:
    """With a figure asked, an unknown word that is a known word with a quantity's ending (任务量, 工程量:
    ``figure_heads.txt``) names that word's figure, which the task found by the other words may state
    (造林的任务量是多少亩 → 造林800亩): it is no reason to abstain. A word whose own stem the notices never
    write (出栏量, 保有量) stays unknown: its figure may be one the notice does not give."""
    heads = tuple(vocab.words("figure_heads.txt"))
    named = {w for w in topic.unknown if len(w) >= 3 and w.endswith(heads)
             and (known(w[:-1]) or norm(w[:-1]) in _shape_words())}
    return _without_unknown(topic, named) if named else topic


def _without_unknown(topic: Topic, words: set[str]) -> Topic:
    """The topic with some of its unknown words no longer unknown (wherever they were sorted)."""
    return replace(topic, unknown=tuple(w for w in topic.unknown if w not in words),
                   unknown_asked=tuple(w for w in topic.unknown_asked if w not in words),
                   unknown_in_unit_ask=tuple(w for w in topic.unknown_in_unit_ask if w not in words))


def _place_unknown(topic: Topic, text: str, asks_units: bool) -> Topic:
    """Sort the topic's unknown words by the clause they stand in: one that asks a fact, one that asks
    who or which tasks, or background (a clause that asks nothing, before the last). ``text`` is the question as
    written: 、 joins the words of one clause (对充电桩、换电站建设有没有数量要求), which normalising loses."""
    # (a space ends a clause between Chinese words only: English words are spaced within one; and keywords spaced
    # with nothing else, 城区停车场 停车位 建设任务 牵头单位, are one ask, not clauses)
    keywords = _KEYWORDS.fullmatch(text.strip()) is not None
    clauses = [norm(c) for c in re.split(r"[，,。；;！!？?]+|(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])", text)
               if c.strip()] if not keywords else [norm(text)]
    holding = [k for k, c in enumerate(clauses) if any(norm(w) in c for w in (*topic.terms, *topic.unknown))]
    j = holding[-1] if holding else len(clauses) - 2
    if (0 <= j < len(clauses) - 1 and all(len(item) <= SHORT_TOPIC for item in clauses[j].split(","))
            and not re.search(r"[\"“”「」]", clauses[j])):
        # asks with no words of their own (氢能产业 谁牵头 / 充电桩建设，文件里有任务吗？谁牵头) ask of the short
        # phrase before them, or of the short items it lists (林业碳汇项目开发、碳汇交易 文件里怎么安排的) — not of
        # a draft's sentence quoted before 数字对吗
        clauses[j:] = ["".join(clauses[j:])]
    unit_words = [w for k in ("who", "lead", "support", "cooperate", "list", "count") for w in _words(k)]
    asked, in_unit_ask = [], []
    for word in topic.unknown:
        for k, clause in enumerate(clauses):
            if norm(word) not in clause:
                continue
            last = k == len(clauses) - 1
            if not (_INTERROGATIVE.search(clause) or last):
                continue  # background
            units = any(w in clause for w in unit_words) if _INTERROGATIVE.search(clause) else asks_units
            (in_unit_ask if units else asked).append(word)
            break
    return replace(topic, unknown_asked=tuple(asked), unknown_in_unit_ask=tuple(in_unit_ask))


def unit_pronouns(text: str) -> str:
    """它 / 它们 before a role (它作为责任单位出现的, 它们牵头的) stands for a unit, not a task: written as
    该单位, the word ``data/question_words.tsv`` gives for a unit named before; English ``it`` before a role it
    takes (it is only listed as a responsible unit, it leads) likewise, as ``that unit``."""
    text = _unit_pronoun_pattern().sub("该单位", text)
    labels = [w for k in ("lead", "support", "cooperate") for w in _words(k) if w.endswith(("单位", "部门"))]
    if _names_an_office().search(re.sub(alternation(labels), " ", text)):  # (which tasks does 区生态环境分局 lead, and
        return text  # in which is it only listed…: it is the unit the question names, read with it — a role's label,
        # a supporting (责任单位) unit, names none)
    return _EN_UNIT_PRONOUN.sub("that unit", text)


@cache
def _names_an_office() -> re.Pattern[str]:
    """A name ending with a word for an office: Chinese (区生态环境分局, 大数据中心: ``office_chars`` or ``office_nouns``
    after two characters or more) or English (the Finance Bureau: ``office`` of ``question_words.tsv``)."""
    chinese = alternation([*_words("office_chars"), *_words("office_nouns"), "部"])
    english = alternation(w for w in _words("office") if w.isascii())
    return re.compile(rf"[\u4e00-\u9fff]{{2,}}(?:{chinese})|\b(?:{english})\b", re.IGNORECASE)


_EN_AS = r"(?:(?:listed|named|included)\s+as|serves?\s+as|acts?\s+as)\s+"  # (it is) listed as …
_EN_ROLE = r"(?:a\s+|the\s+)?(?:lead|responsible|supporting|co-?lead)"
# it before a role it takes: listed as a responsible (unit), a supporting (责任单位) unit, it leads
_EN_UNIT_PRONOUN = lazy_compile(rf"\bit\b(?=\s+(?:is\s+|was\s+)?(?:only\s+|also\s+|just\s+)?"
                                rf"(?:{_EN_AS}{_EN_ROLE}|(?:{_EN_AS})?{_EN_ROLE}(?:\s+\([^)]*\))?\s+(?:unit|department|bureau|agency|office|role))"
                                r"|\s+(?:only\s+|also\s+)?(?:leads|co-leads|supports)\b)")


ROLE_TAKEN = "作为|担任|当|以|是|做"  # the words a unit takes a role with (作为责任单位, 做牵头单位)


@lru_cache(maxsize=1)
def _unit_pronoun_pattern() -> re.Pattern[str]:
    roles = alternation(w for k in ("lead", "support", "cooperate", "shared", "involved") for w in _words(k) if not w.isascii())
    # (它还有当责任单位的吗: a unit; 它有责任单位吗: the task's field)
    # (它一共牵头哪些 / 它有没有当责任单位的 / 它在这部分当责任单位的: a few words between, then the role taken)
    # (它负责的任务里: the tasks it is in charge of — 负责 before a word for tasks)
    return re.compile(rf"(?:它们|它)(?=(?:自己|本身)?(?:也|还|又|都|一共|总共|另外)?(?:(?:有没有|有)(?:{ROLE_TAKEN})|{ROLE_TAKEN})?(?:{roles})"
                      rf"|[^,.;?!的有]{{1,6}}?(?:{ROLE_TAKEN})(?:{roles})"
                      rf"|(?:也|还|又|都|一共|总共|另外)?负责的?(?:任务|工作|事项|事|哪些|哪几))")


# after a sentence's end mark (not a decimal point: PM2.5; nor an abbreviation's letters: e.g., i.e.)
_SENTENCE_END = lazy_compile(r"(?<=[.!?;])(?<!\b[a-zA-Z]\.)(?!(?<=\d\.)\d)")


def _sentences(text: str) -> list[str]:
    """The sentences of a question, each with its end mark; a quotation is never cut (“…负责强化金融助企服务（第18条）。”
    请核对: the pasted sentence's full stop ends no sentence of the question)."""
    return [p for p in _quotes_whole(_SENTENCE_END.split(text)) if p.strip()]


def _quotes_whole(pieces: list[str]) -> list[str]:
    """Pieces of a split text, each one that starts inside a quotation joined to the piece before it."""
    out: list[str] = []
    curly = straight = 0  # quotation marks open: paired ones, and straight ones (open while their count is odd)
    for piece in pieces:
        if out and (curly > 0 or straight % 2):
            out[-1] += piece
        else:
            out.append(piece)
        curly = max(0, curly + sum(piece.count(q) for q in "“「『") - sum(piece.count(q) for q in "”」』"))
        straight += piece.count('"')
    return out


def _with_included(before: str, asked: str) -> tuple[str, str]:
    """(before, asked) with the last clause of ``before`` moved into ``asked`` when ``asked`` opens by including
    more (…跟污水治理有关的内容，城市的、农村的都算，帮我列出来): what it includes is more of what that clause names,
    so that clause is asked, not background."""
    if not before or not re.match(rf"{_ATTRIBUTES}(?:{_include_words().pattern})", asked):
        return before, asked
    clauses = [c for c in _clauses(before) if c.strip()]
    return "".join(clauses[:-1]).strip(), clauses[-1] + asked


def split_background(text: str) -> tuple[str, str]:
    """(background, question proper): leading sentences that ask nothing are background.

    >>> split_background("我在准备汇报材料.老旧小区改造谁牵头?")
    ('我在准备汇报材料.', '老旧小区改造谁牵头?')
    >>> split_background("老旧小区改造谁牵头")
    ('', '老旧小区改造谁牵头')
    >>> split_background("今年pm2.5浓度要降到多少")
    ('', '今年pm2.5浓度要降到多少')
    >>> split_background("“区金融服务中心负责强化金融助企服务(第18条).”请核对")
    ('', '“区金融服务中心负责强化金融助企服务(第18条).”请核对')
    """
    sentences = _sentences(text)
    if len(sentences) < 2:
        return _clause_background(text)
    # where the asker marks questions with ?, a sentence closed by . before the first of them states
    # something, whatever words it holds (要去几个水库对接; 书记问我是哪个部门牵头的)
    marked = any(s.rstrip().endswith("?") for s in sentences[1:])
    first_ask = next((i for i, sent in enumerate(sentences) if _INTERROGATIVE.search(sent)
                      and (not marked or sent.rstrip().endswith("?") or i == len(sentences) - 1
                           or _REQUEST.search(sent))), None)
    if not first_ask:
        return "", text
    return "".join(sentences[:first_ask]).strip(), "".join(sentences[first_ask:]).strip()


def split_instructions(text: str) -> tuple[str, str]:
    """(the question, trailing clauses that tell how to answer and ask nothing): 别漏了人才那条 / 记得注明出处.

    >>> split_instructions("我们局牵头的任务清单,别漏了人才那条.")
    ('我们局牵头的任务清单,', '别漏了人才那条.')
    """
    clauses = [c for c in _clauses(text) if c.strip()]
    k = len(clauses)
    while k > 1 and clauses[k - 1].strip().startswith(_words("instruct")) and not _INTERROGATIVE.search(clauses[k - 1]):
        k -= 1
    # …都有哪些？要逐条对接 / …是哪个部门？感觉不是一个具体的局: a sentence after the question that asks nothing and
    # says what the asker will do with the answer (a word of intent, then a verb closing it; not 要跟项目有关的,
    # which says which are wanted) or what the asker thinks (a word of impression opening it)
    while (k > 1 and clauses[k - 2].rstrip().endswith("?") and not _INTERROGATIVE.search(clauses[k - 1])
           and (clauses[k - 1].strip().startswith(_words("impression"))
                or (clauses[k - 1].strip().startswith(_words("intent")) and _ends_in_verb(clauses[k - 1])))):
        k -= 1
    # …是民政局一家牵头吗？还是几个单位一起: the other answer of the yes-or-no question before, nothing more asked
    while k > 1 and clauses[k - 1].strip().startswith(_words("alternative")) and _YES_NO.search(clauses[k - 2]):
        k -= 1
    # …，按文号+项次的格式帮我写好 / 要能直接粘进公文的格式: the form to write it in asks nothing; a template after it
    # (格式照这个：（…28号 第X项，牵头单位：XX）) says what to write, less its blanks (X, XX)
    form = next((j for j in range(1, k) if _says_form(clauses[j])), None)
    if form is None:
        return "".join(clauses[:k]).strip(), "".join(clauses[k:]).strip()
    template = "".join(clauses[form + 1:k]) if clauses[form].rstrip().endswith(":") else ""
    told = clauses[form] if template else "".join(clauses[form:k])
    return ("".join(clauses[:form]) + _BLANKS.sub("", template)).strip(), (told + "".join(clauses[k:])).strip()


def _ends_in_verb(clause: str) -> bool:
    """Whether a clause closes with a verb (逐条对接), its longest last word the dictionary knows deciding."""
    text = clause.rstrip(" ,.;!?")
    word = next((text[-n:] for n in (4, 3, 2) if len(text) >= n and text[-n:] in _pos_table()), "")
    return bool(word) and plain_verb(word)


def _says_form(clause: str) -> bool:
    """A clause that says in what form to write the answer and asks nothing (按文号+项次的格式帮我写好; not 引用格式
    是什么, nor 给一个完整的引用格式, whose words ask the citation themselves)."""
    return (any(w in clause for w in _words("format")) and not _INTERROGATIVE.search(clause)
            and not any(w in clause for w in _words("cite")))


def _clause_background(text: str) -> tuple[str, str]:
    """In one sentence, clauses before the last that ask nothing are background when the last asks of what they
    named by a word pointing back (整理台账时发现第十一部分那几条没写牵头单位，这部分都有哪几条？ → 这部分).

    >>> _clause_background("整理台账时发现第十一部分好像没写牵头单位,这部分都有哪几条?")
    ('整理台账时发现第十一部分好像没写牵头单位,', '这部分都有哪几条?')
    """
    clauses = [c for c in _clauses(text) if c.strip()]
    if len(clauses) < 2:
        return "", text
    # … and, whatever they hold, clauses up to one that only says a question comes (…督导进度,先问一下,…是第几条?)
    marker = next((k for k, c in enumerate(clauses[:-1]) if _asks_next(c)), None)
    if marker is not None:
        return "".join(clauses[:marker + 1]).strip(), "".join(clauses[marker + 1:]).strip()
    # … or clauses before one that opens with those words and asks (…我知道是20亿,想问下葫芦套景区…投资多少)
    opens = next((k for k, c in enumerate(clauses) if k > 0 and _opens_asking(c)), None)
    if opens is not None and not any(_INTERROGATIVE.search(c) for c in clauses[:opens]):
        return "".join(clauses[:opens]).strip(), "".join(clauses[opens:]).strip()
    last = clauses[-1]
    # … the pointing word opens the clause (这部分都有哪几条; not 预制菜这块是谁牵头, where it names what it follows)
    opening = re.sub(r"^(?:那么|那|请问|那请问)", "", last.strip())
    points_back = any(opening.startswith(w) for k in ("refer_section", "refer") for w in _words(k) if len(w) > 1)
    if not points_back or not _INTERROGATIVE.search(last) or any(_INTERROGATIVE.search(c) for c in clauses[:-1]):
        return "", text
    return "".join(clauses[:-1]).strip(), last.strip()


def _role_label_before(before: str) -> bool:
    """Whether the clause before a what-word names a role's label (牵头单位, 责任部门: 牵头单位写的是啥 asks who)."""
    clause = re.split(r"[,.;!?:]", before)[-1]
    # (not 当责任单位的分别是哪些: a role taken, 当 / 作为 …的, names the tasks it is taken in)
    return any(w in clause and not re.search(rf"{_ACTS_AS}{re.escape(w)}", clause)
               for k in ("lead", "support", "cooperate", "shared") for w in _words(k) if w.endswith(("单位", "部门")))


_ASKER_ADVERBS = "我先想就再顺便还那么也"  # the asker and adverbs around the words saying a question comes


def _opens_asking(clause: str) -> bool:
    """A clause that opens with words saying a question comes (想问下, 请问: ``ask_marker``, after the asker and an
    adverb) and goes on to ask it."""
    said = re.sub(rf"^[{_ASKER_ADVERBS}]*", "", clause.strip())
    return any(said.startswith(w) for w in _words("ask_marker")) and bool(_INTERROGATIVE.search(clause))


def _asks_next(clause: str) -> bool:
    """A clause that only says a question follows (先问一下, 我想请问): words of ``ask_marker`` with at most
    the asker and an adverb (我, 先, 想, 就, 再, 顺便) around them."""
    said = re.sub(r"[,.;!?:\s]", "", clause)
    rest = said
    for w in _words("ask_marker"):  # (longest first)
        rest = rest.replace(w, "")
    return rest != said and re.fullmatch(rf"[{_ASKER_ADVERBS}]*[吧啊呢哈]*", rest) is not None


# 这两个部门 / 这几个单位 / 上述单位: units named before
_UNITS_REFERRED = lazy_compile(r"(?:这|那)(?:[两二三四五六七八九几]个|[两二三四五六七八九几]家|些)(?:部门|单位|局|机构)?|(?:上述|以上|前述)(?:部门|单位|机构)")
_REQUEST = lazy_compile(r"请(?:问|把|列|给|帮|告诉|说明|查|确认)|麻烦|帮我|帮忙")  # a request asks without a ?
# clauses end at punctuation, or at a space between two Chinese words (staff type 文旅局牵头的有哪些 我要做个台账)
# where in the notice a thing is written (文件里有几处, 通知中哪些地方写到): a count or list of the tasks that do
_DOC_PLACES = lazy_compile(r"(?:文件|通知|文中|全文|原文)(?:里|中|内|里面)?(?:一共|总共|共)?(?:有|出现|提到了?|写到了?|写了)?"
                           r"(?:几处|多少处|哪几处|哪些地方|几个地方|哪几个地方)"
                           # (提到“回头看”的有几处: the thing said between the mention and the places)
                           r"|(?:提到|提及|写到|出现|涉及)[^,.;?!]{1,24}?(?:一共|总共|共)?有?(?:几处|多少处|哪几处)")
_CLAUSE = lazy_compile(r"(?<=[,.;!?:])|(?<=[\u4e00-\u9fff][ \u3000])(?=[\u4e00-\u9fff])")


def _said_alone(text: str, end: int) -> bool:
    """Whether the words of the clause before ``end`` are one short word (安全那块; not 弘扬伏曦文化、小邾国文化那块)."""
    clause = re.split(r"[,.;!?:]", text[:end])[-1]
    return 2 <= len(re.sub(r"^(?:那么|那|请问|还有)|(?:那|这)一?$|\s", "", clause)) <= 4


def _asks_who(clause: str) -> bool:
    """Whether a clause asks who (谁负责, 哪个单位牵头, 牵头单位是, 是怎么分工的): an ask the notice's records answer."""
    return bool(re.search(r"谁", clause)) or any(w in clause for w in _words("who") if not w.isascii()) or any(
        w in clause for k in ("lead", "cooperate", "division") for w in _words(k) if not w.isascii()) and bool(
        _INTERROGATIVE.search(clause))


def _asker_role(text: str) -> str | None:
    """The role the asker says their own unit has (我们牵头的 → lead, 我们配合的 → support), if they say one."""
    first = "|".join(map(re.escape, _words("first_person")))
    for kind, scope in (("lead", "lead"), ("cooperate", "support")):
        words = "|".join(map(re.escape, (w for w in _words(kind) if not w.isascii() and not w.endswith(("单位", "部门")))))
        if re.search(rf"(?:{first})(?:单位|局|这边)?(?:作为)?(?:{words})", text):
            return scope
    return None


def _clauses(text: str) -> list[str]:
    """The clauses of a sentence, a quotation kept whole (我们草稿写的“实施改造老旧小区11个，由…牵头”，请核一下: the
    pasted words are one clause, whatever commas they hold)."""
    return _quotes_whole(_CLAUSE.split(text))
_KEYWORDS = lazy_compile(r"[\u4e00-\u9fff\w]{1,8}(?:\s+[\u4e00-\u9fff\w]{1,8}){2,}")  # 3+ spaced keywords, nothing else
_FOR_USE = lazy_compile(r"\s*(?:做|作|当|供|留作|拿来)[\u4e00-\u9fff]{1,8}用\s*[.!]?\s*$")  # 做台账用: what it is for
_JOINED = lazy_compile(r"并且|而且|同时|并|且")  # …牵头并且有责任单位配合: what follows says more of the tasks
_CLAUSE_BREAK = lazy_compile(r"[,、;:]")  # a unit's role word ends at one of these (商务局牵头、同时又有责任单位)


def _compounds(found: list[tuple[int, int, list[str]]], known, text: str) -> list[tuple[int, int, list[str]]]:
    """Glossary phrases written side by side (no word between) whose terms written together are a word of the
    notices name one thing, as the Chinese compound does (cross-border | e-commerce → 跨境电商, not 跨境 and, apart,
    电商; but renovation of | old neighborhoods stays two)."""
    spans = word_spans(text)
    out: list[tuple[int, int, list[str]]] = []
    for a, b, terms in found:
        if (out and out[-1][1] == a and out[-1][2] and terms
                and re.fullmatch(r"(?:[\s-]|\b[a-z]\b)*", text[spans[a - 1][1]:spans[a][0]])):
            joined = [x + y for x in out[-1][2] for y in terms if known(x + y)]
            # (high-standard | farmland → 高标准农田: the one character every gloss of high begins with, 高)
            stem = os.path.commonprefix(out[-1][2]) if len(out[-1][2]) > 1 else ""
            joined = joined or [stem + y for y in terms if stem and known(stem + y)]
            if joined:
                out[-1] = (out[-1][0], b, joined)
                continue
        out.append((a, b, terms))
    return out


def split_personal(text: str) -> tuple[str, str]:
    """(clauses about the asker, the rest): 我是发改局的, 领导让我梳理一下 … tell who asks, not what.

    >>> split_personal("我是开发区管委会的,开发区那项任务谁牵头?")
    ('我是开发区管委会的,', '开发区那项任务谁牵头?')
    """
    clauses = [c for c in _clauses(text) if c]
    if len(clauses) < 2:
        return "", text
    persona = _words("persona")
    # a clause that points into the notice (第十部分, 第26项, a quoted title) carries the request, whoever says it;
    # one that says what the answer is for (好提前分工 / 以便汇报) asks nothing
    # … and one whose subject is the asker (我们单位下个月要办活动) tells what they do, not what they ask
    personal = [c for c in clauses if (_SPEAKER.match(c) or (any(w in c for w in persona) or c.lstrip().startswith(
                    _words("purpose") + _words("first_person")) or _FOR_USE.match(c)) and not _INTERROGATIVE.search(c))
                and not any(p.search(c) for p in _TASK_NUMBER + _SECTION_NUMBER) and not _QUOTE.search(c)]
    # … and a request (帮我把我们局所有涉及的任务都找出来) is the question where all else only widens what counts
    # (牵头和责任单位都要): an aside asks nothing of its own
    if all(c in personal or c.strip(" ,.;!?").endswith(_words("include")) for c in clauses):
        personal = [c for c in personal if not _REQUEST.search(c)]
    if not personal or len(personal) == len(clauses):
        return "", text
    # 领导问打造2个智慧社区示范点这个事, … : what the person asks about is the question's, not the asker's
    told = {c: m.end() for c in personal if (m := _SPOKEN.match(c)) and len(c[m.end():].strip(",.;: ")) >= 4
            and any(w in c[:m.end()] for w in persona)}
    return ("".join(c[:told[c]] if c in told else c for c in personal),
            "".join(c[told[c]:] if c in told else c for c in clauses if c not in personal or c in told))


_QUOTE = lazy_compile(r"[\"“「『]([^\"”」』]{6,})[\"”」』]")
_QUOTED_WORD = lazy_compile(r"[\"“「『‘]([^\"”」』’]{1,8})[\"”」』’]")  # 含“碳”字: a string asked for as written
# who speaks, before what they ask (局长问: · 领导在会上说:): whose question it is, not part of it
_SPOKEN = lazy_compile(r"^\s*[^,.;!?:]{0,8}?(?:问|要求|让我查|让我问|让我确认|想知道|交代)(?:了|过|我们|我)?")  # 领导问…
_SPEAKER = lazy_compile(r"^\s*[^,.;!?:]{0,10}?(?:问|说|讲|提出|要求|强调|想知道|交代|布置)(?:了|道|我们|我)?\s*:$")


def quoted(text: str) -> str:
    """The text inside quotation marks (a sentence pasted from a draft), joined."""
    return " ".join(m.group(1) for m in _QUOTE.finditer(text))


def _statement(text: str) -> str:
    """The draft sentence a question asks to check (草稿写“由区工信局牵头推进…”，看看有没有错 / 新增绿色建筑17万平方米
    （第35项，牵头单位：…），条号对吗), or "": the quoted words, or — unquoted — the clauses before the one asking
    the check, when they cite a task by number.

    >>> _statement("汇报材料里写“新增绿色建筑17万平方米(见第35条)”,条号对吗")
    '新增绿色建筑17万平方米(见第35条)'
    >>> _statement("新增绿色建筑17万平方米(第35项,牵头单位:区住建局),对吗")
    '新增绿色建筑17万平方米(第35项,牵头单位:区住建局)'
    >>> _statement("帮我看看这句:申报国家级绿色工厂(第36项,牵头单位:区工信局)")
    '申报国家级绿色工厂(第36项,牵头单位:区工信局)'
    >>> _statement("按第36项要求,组织申报国家级绿色工厂.——条目号对不对?")
    '按第36项要求,组织申报国家级绿色工厂'
    >>> _statement("第35项是住建局牵头的吗")
    ''
    """
    outside = _QUOTE.sub(" ", text)
    at = min((k for w in _words("sentence_check") if (k := outside.find(w)) >= 0), default=-1)
    if at < 0:
        return ""
    if said := quoted(text):
        return said
    colon = text.find(":", at)
    if colon > at and len(text) - colon > SHORT_TOPIC:  # 帮我看看这句：…: the sentence follows the ask
        after = text[colon + 1:].strip()
        return after if _cites(after) else ""
    # (…申报国家级绿色工厂。——条目号对不对; …（第86项，牵头单位：…）这么写对吗: a bracket closed ends it, what is
    # inside one does not)
    depth, end = 0, -1
    for k, ch in enumerate(text[:at]):
        depth += (ch == "(") - (ch == ")")
        if depth == 0 and (ch in ",;:!?.—-" or ch == ")"):
            end = k + (ch == ")")
    before = text[:end].rstrip(",;:!?.—-") if end > 0 else ""
    return before.strip() if _cites(before) and len(before) >= SHORT_TOPIC else ""


def _cites(text: str) -> bool:
    """Whether a draft's words cite a task: by number (见第35条), or with a citation's unit clause in brackets
    (再生水利用率达到50%（牵头单位：区住建局）)."""
    return any(p.search(text) for p in _TASK_NUMBER[:1]) or bool(_bracketed_label().search(text))


@cache
def _bracketed_label() -> re.Pattern[str]:
    """A unit clause's label inside a bracket, first or after another field (（第86项，牵头单位：…）)."""
    return re.compile(rf"\((?:[^()]*[,;])?{_quoted_label().pattern}")


# 牵头单位有哪些 / 哪些部门负责: the list asked for is of units, not of tasks
_UNITS_LISTED = lazy_compile(r"(?:单位|部门|机构)(?:又|还|都|分别)?(?:有|是)?(?:哪些|哪几个|哪几家|有谁|都有谁)|(?:哪些|哪几个|哪几家)(?:单位|部门|机构)|"
                           r"\b(?:which|what) (?:units|departments|bureaus|agencies)\b")
# a heading named by its mark: （六） / 第（九）条, with the words that say "under it" (下面, 里, 中)
_HEADING_REF = lazy_compile(rf"第?\s*[(（]\s*([{CN_NUMERAL}]{{1,3}})\s*[)）]\s*(?:部分|条|项|类|块)?\s*(?:这一?[条部分类块项])?"
                          r"\s*(?:下面|下边|以下|下|里面|里|中)?")
_UNDER_HEADING = lazy_compile(rf"第?\s*[(（]\s*([{CN_NUMERAL}]{{1,3}})\s*[)）]\s*(?:部分|条|项)?\s*(?:下面|下边|下|里面|里|中)?"
                            rf"\s*(?:的)?\s*第\s*(\d{{1,3}}|[{CN_NUMERAL}]{{1,3}})\s*(?:项|条|点|个)")
_PATH_WORD = lazy_compile(rf"第\s*[{CN_NUMERAL}]+\s*部分|第?[(（]\s*[{CN_NUMERAL}]+\s*[)）](?:部分)?|附\s*件\s*\d*|附\s*表\s*\d*|"
                        r"(?:任务)?(?:分工|分解)表|任务表|任务清单")


_ATTACHMENT_REF = lazy_compile(rf"附\s*[件表]\s*(?:\d{{1,2}}|[{CN_NUMERAL}]{{1,2}})\s*(?:里面|里|中|下|内)?")


def _numbers_listed(text: str) -> list[int]:
    """The numbers a list names, each once, in order: every one a span covers (第三至第五 → 3, 4, 5; 60到65 → 60…65;
    at most 150 past its start), each one listed (5、8和12 → 5, 8, 12)."""
    numbers: list[int] = []
    spanned = False
    for piece in (p for p in re.split(rf"({_LISTED})", text) if p.strip()):
        if piece.strip() in _SPANNED:
            spanned = True
            continue
        raw = re.search(rf"\d{{1,3}}|[{CN_NUMERAL}]{{1,4}}", piece)
        n = number_of(raw.group(0)) if raw else 0
        if n and spanned and numbers:
            numbers += range(numbers[-1] + 1, min(n, numbers[-1] + 150) + 1)
        elif n:
            numbers.append(n)
        spanned = False
    return list(dict.fromkeys(numbers))


def _path_of(before: str) -> list[str]:
    """The headings a question names before a task number, as ``Task.path`` keys (二, （三）, 附)."""
    out = []
    for m in _PATH_WORD.finditer(before):
        w = re.sub(r"\s+", "", m.group(0))
        if w.startswith("附") or w.endswith("表") or w.endswith("清单"):
            n = re.sub(r"^附[件表]", "", w) if w.startswith("附") else ""
            out.append("附" + (n if n.isdigit() else str(cn_to_int(n) or "") if n else ""))  # 附件3 → 附3
        elif "（" in w or "(" in w:
            out.append("（" + re.sub(rf"[^{CN_NUMERAL}]", "", w) + "）")
        else:
            out.append(re.sub(rf"[^{CN_NUMERAL}]", "", w))
    return out


def _in_role_list(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] is one of several roles listed together in its clause
    (责任单位和按职责分工负责的都要)."""
    lo = max(text.rfind(p, 0, start) for p in "，,。？?！!；;") + 1
    hi = min((k for k in (text.find(p, end) for p in "，,。？?！!；;") if k >= 0), default=len(text))
    clause = text[lo:start] + " " + text[end:hi]
    return any(w in clause for kind in ("lead", "support", "cooperate", "any", "include") for w in _words(kind))


def _take_other_name(s: _Spans, start: int, end: int) -> None:
    """人民银行（人行） / 人行（人民银行）: a unit's other name beside it in brackets — the longer one holding
    the shorter's characters in order, as Chinese short names are made — is the unit's, never a topic."""
    short = s.text[start:end]
    before = re.search(r"([\u4e00-\u9fff]{2,12})[(（]$", s.text[:start])
    if before and s.text[end:end + 1] in ")）" and _abbreviates(short, before.group(1)):
        s.take(before.start(1), end + 1)
    after = re.match(r"[(（]([\u4e00-\u9fff]{2,12})[)）]", s.text[end:])
    if after and _abbreviates(after.group(1), short):
        s.take(end, end + after.end())


def _abbreviates(short: str, full: str) -> bool:
    """The characters of ``short`` stand in ``full`` in order (人行 in 人民银行, 住建局 in 住房和城乡建设局)."""
    it = iter(full)
    return len(short) < len(full) and all(ch in it for ch in short)


@lru_cache(maxsize=1)
def _absence_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Absence words before a unit (没有 / 不包括 …, to its end) and after it (没有参与 …), compiled once."""
    before = "|".join(map(re.escape, _words("absence")))
    after = "|".join(map(re.escape, _words("absence_after")))
    return (re.compile(rf"(?<!有)(?:{before})(?:写|列|列出|出现|包含|包括)?\s*[\"“'《]?\s*$"),
            re.compile(rf"\s*[\"”'》]?\s*(?:都|也|还)?(?:{after})"))


def _absence(s: _Spans, lo: int, start: int, end: int, nxt: int) -> bool:
    """A unit said to be absent (责任单位里没有X / 没写“X” / X没有参与): the words that say so are taken."""
    before = _absence_patterns()[0].search(s.text[lo:start])
    if before and s.free(lo + before.start(), lo + before.end()):
        s.take(lo + before.start(), lo + before.end())
        return True
    after = _absence_patterns()[1].match(s.text[end:nxt])
    if after and s.free(end + after.start(), end + after.end()):
        s.take(end, end + after.end())
        return True
    # 哪些任务不是农业农村局牵头的: the unit is not in the role said after it (not 是不是X牵头的, nor …吗, which ask)
    # 文旅局牵头的，把跟宣传部共同牵头的去掉: a later unit in a clause that closes with a word setting it aside
    clause = re.match(r"[^,.;?!]*", s.text[end:]).group(0)
    put_aside = _set_aside_at_end().search(clause)
    if put_aside and re.search(r"[,;]", s.text[:start]) and s.free(end + put_aside.start(), end + put_aside.end()):
        s.take(end + put_aside.start(), end + put_aside.end())
        return True
    # …，但不要和宣传部一起牵头的那些: the clause opens by setting aside what it names
    opening = _set_aside_opening().search(s.text, 0, start)
    if opening and s.free(opening.start(1), opening.end(1)):
        s.take(opening.start(1), opening.end(1))
        return True
    negated = _NOT_BEFORE_UNIT.search(s.text[lo:start])
    if (negated and _ROLE_AFTER_UNIT.match(s.text, end) and not re.search(r"吗\s*[?？]?\s*$", s.text)
            and s.free(lo + negated.start(), lo + negated.end())):
        s.take(lo + negated.start(), lo + negated.end())
        return True
    return False


@cache
def _mention_yes_no() -> re.Pattern[str]:
    """Whether the notice mentions a thing, asked yes or no (出现过吗, 有没有提到, 提到过没有)."""
    said = alternation(w for w in _words("mention") if not w.isascii() and len(w) == 2)
    return re.compile(rf"(?:{said})(?:过|了)?(?:吗|没有|没)\s*[?？]?\s*$|有没有(?:{said})")


@cache
def _set_aside_opening() -> re.Pattern[str]:
    """A later clause that opens with a word setting aside what it names, right before a unit (，但不要和|，去掉跟)."""
    return re.compile(rf"[,;]\s*(?:但|但是|并且|而且)?\s*((?:{alternation(_words('negation_after'))})\s*(?:和|跟|与|同)?)\s*$")


@cache
def _set_aside_at_end() -> re.Pattern[str]:
    """A word setting aside what its clause names (去掉, 不要, 除外), closing the clause."""
    return re.compile(rf"(?:{alternation(_words('negation_after'))})\s*$")


_NOT_BEFORE_UNIT = lazy_compile(r"(?<!是)(?:不是|并非|而非)\s*(?:由)?\s*$")
_ROLE_AFTER_UNIT = lazy_compile(r"\s*(?:牵头|负责|参与|配合|作为|当)")


@lru_cache(maxsize=1)
def _negation() -> re.Pattern[str]:
    """A negation word (``question_words.tsv``) ending right before a role word, with what may stand between."""
    return re.compile(r"(?:" + "|".join(re.escape(w) for w in _words("negation")) + r")\s*(?:作为|当|做|以)?\s*"
                      r"(?:(?:as|being|be)\s+)?(?:(?:a|an|the)\s+)?$")


@lru_cache(maxsize=1)
def _negation_after() -> re.Pattern[str]:
    """A word saying the role just said is not counted (配合的不算 / 当责任单位的除外), a few characters after it."""
    return re.compile(r"[^,.;?!()]{0,4}?(?:" + alternation(_words("negation_after")) + ")")


_EXCEPT_BEFORE = lazy_compile(r"(?:除了|除去|除)\s*(?:作为|当|做)?$")


def _negate_roles(roles: dict[str, list[tuple[int, str]]], text: str) -> None:
    """A role word said in the negative (not as a supporting unit · rather than a lead unit · 而不是牵头): the
    role is excluded, not asked — a negated lead is ``not_lead``; a negated support role drops out."""
    negated = _negation()
    others = sum(bool(roles.get(kind)) for kind in ("lead", "support", "cooperate", "shared", "involved")) > 1
    for kind in ("lead", "support", "cooperate", "shared"):
        kept = []
        for k, w in roles[kind]:
            # … or set aside before another role is asked (除了牵头，还作为责任单位参与了哪些)
            if (negated.search(text[max(0, k - 24):k]) or (others and _EXCEPT_BEFORE.search(text[max(0, k - 4):k]))
                    or (_negation_after().match(text, k + len(w))  # (作为责任单位配合的不算: that role is not asked;
                        and not text[:k + len(w)].endswith(_words("sole_lead")))):  # 单独牵头的不要 is no role)
                if kind == "lead":
                    roles["not_lead"].append((k, w))
                elif kind == "shared":  # 按职责分工负责的不算: the shared role is set aside whatever else is asked
                    roles.setdefault("not_shared", []).append((k, w))
            else:
                kept.append((k, w))
        roles[kind] = kept


def _asking_elsewhere(text: str, k: int) -> list[tuple[int, int]]:
    """The sentences other than the one at position k that ask something (…责任单位分别是谁?)."""
    out, lo = [], 0
    for m in re.finditer(r"[.?!;]|$", text):
        if not lo <= k <= m.end() and _INTERROGATIVE.search(text[lo:m.end()]):
            out.append((lo, m.end()))
        lo = m.end()
    return out


def _role_near(roles: dict[str, list[tuple[int, str]]], start: int, end: int, prev: int, nxt: int, single: bool,
               asking: list[tuple[int, int]] = ()) -> tuple[RoleScope, RoleScope | None, bool]:
    """The role a question puts one unit in: the role words right after it (up to the next unit),
    else just before it (牵头单位是X), else the role words of the whole question when there is one
    kind; and whether the unit had role words of its own. The only unit of a question takes every
    role word in it (牵头的、当责任单位的都算) — except, when it has its own, those of another sentence
    that asks for a field (工信局牵头的任务里哪些写了责任单位？责任单位分别是谁). A shared role said not to count
    (按职责分工负责的不算) is set aside from whatever role that gives."""
    said = {kind: hits for kind, hits in roles.items() if kind != "not_shared"}
    scope, exclude, own = _role_scope(said, start, end, prev, nxt, single, asking)
    if roles.get("not_shared"):  # (参与的都算，按职责分工负责的不算)
        if scope == "support":
            return "cooperate", exclude, own
        if scope == "any" and exclude is None:
            return "any", "shared", own
    return scope, exclude, own


def _role_scope(roles: dict[str, list[tuple[int, str]]], start: int, end: int, prev: int, nxt: int, single: bool,
                asking: list[tuple[int, int]]) -> tuple[RoleScope, RoleScope | None, bool]:
    def near(lo: int, hi: int) -> set[str]:
        return {kind for kind, hits in roles.items() for k, _ in hits if lo <= k < hi}

    everywhere = {kind for kind, hits in roles.items() if hits}
    own = near(end, min(nxt, end + 12)) or near(max(prev, start - 8), start)
    if single and own and asking:
        everywhere = {kind for kind, hits in roles.items() for k, _ in hits if not any(a <= k < b for a, b in asking)}
    kinds = everywhere if single else (own or everywhere)
    if "any" in everywhere and "not_lead" not in kinds:  # 牵头、配合都算: said of the whole question
        return "any", None, bool(own)
    if "involved" in kinds:  # 参与/承担: any role, unless the question names one (作为责任单位参与)
        kinds = kinds - {"involved"} or {"any"}
    if "any" in kinds or ("lead" in kinds and kinds & {"support", "cooperate"} and "not_lead" not in kinds):
        return "any", None, bool(own)
    if "not_lead" in kinds:  # 只当责任单位、不牵头: the notice's 责任单位 (not 按职责分工负责) when it says so
        # (… also when the not-leading phrase itself names it: 只是责任单位, 仅作为责任单位)
        named = any(c in w for _, w in roles.get("not_lead", ()) for c in _words("cooperate"))
        cooperate = ("cooperate" in kinds or named) and not kinds & {"support", "shared"}
        return ("cooperate" if cooperate else "support"), "lead", bool(own)
    if kinds == {"shared"}:
        return "shared", None, bool(own)
    if "cooperate" in kinds and not kinds & {"support", "shared"}:
        return "cooperate", None, bool(own)
    if kinds & {"support", "shared", "cooperate"}:
        return "support", None, bool(own)
    if "lead" in kinds:
        return "lead", None, bool(own)
    return "any", None, bool(own)


# what each kind of question word asks of a task, when several are asked at once (谁牵头，什么时候完成，改造多少个)
_ASKED_FIELDS: tuple[tuple[str, Field], ...] = (("who", "units"), ("section", "section"), ("when", "deadline"),
                                               ("figure", "figure"), ("work", "text"))
_CLAUSE_SPLIT = lazy_compile(rf"[,.;!?:。，；！？：]|{CJK_SPACE}")


@cache
def _field_words() -> re.Pattern[str]:
    """Words that say which field a what-question asks (牵头单位是什么, 目标是啥, 什么时候, 引用怎么写): the question
    words of roles, offices, times, figures, work and citations — then it does not ask the task's text."""
    kinds = ("lead", "cooperate", "support", "shared", "who", "when", "figure", "work", "cite", "office_nouns", "section")
    words = {w for k in kinds for w in _words(k) if not w.isascii()}
    return re.compile(alternation(words))


def _also(s: _Spans, asks: set[str], field: str | None, units_named: bool) -> tuple[Field, ...]:
    """The fields asked beside ``field``, in the order asked: each kind of question word whose clause asks
    (牵头是谁，目标是什么 — 目标 in a clause of its own that asks; not 增长10%这项目标由谁牵头). The units only
    beside a figure or a deadline (every other answer names them), and a role word asks them only when no
    unit is named (牵头单位和完成时限; not 住建局牵头的任务什么时候完成)."""
    if field is None:
        return ()
    kinds = dict(_ASKED_FIELDS)
    clauses = [m.start() for m in _CLAUSE_SPLIT.finditer(s.text)]

    def clause(k: int) -> str:
        start = max((c for c in clauses if c < k), default=-1) + 1
        end = min((c for c in clauses if c >= k), default=len(s.text))
        return s.text[start:end]

    asked = [(k, kinds[kind]) for k, kind in sorted(s.asked) if kind in kinds and kind in asks
             and (kind != "figure" or _INTERROGATIVE.search(clause(k)))]
    # 第80项内容是啥，谁牵头: a clause of its own asking what (with no field word in it) asks the task's text
    asked += [(k, "text") for k, kind in s.asked if kind == "what" and kind in asks
              and field in ("lead", "responsible", "units", "section") and not s.text[k:k + 1].isascii()
              and not _field_words().search(clause(k))]
    asked.sort()
    if not units_named and asks & {"role:lead", "role:support", "role:shared"}:
        asked.append((len(s.text), "units"))
    out: list[Field] = []
    for _, f in asked:
        if f in out or f == field or f == "units" and field not in ("figure", "deadline"):
            continue
        out.append(f)
    return tuple(out)


def _decide_ask(asks: set[str], filters: list[Filter], topic: Topic | None, header: bool,
                figure_kind: str | None, units_listed: bool = True) -> tuple[Ask, str | None]:
    """What is asked, and which field of a task answers it."""
    has_units = any(isinstance(f, UnitFilter) for f in filters)
    has_numbers = any(isinstance(f, TaskFilter) for f in filters)
    has_scope = any(isinstance(f, SectionFilter | HeadingFilter | PredicateFilter) for f in filters)
    terms = bool(topic and (topic.terms or topic.unknown or topic.places))
    field = None
    if figure_kind and figure_kind != "count" or (figure_kind == "count" and "figure" in asks):
        field = "deadline" if figure_kind == "date" else "figure"  # a figure's answer names the units too
    elif "section" in asks and "who" in asks:
        field = "section"  # 它在哪一部分？牵头单位是谁？: the section's answer names the units too
    elif "who" in asks and "work" in asks:
        field = "text"  # 哪个单位牵头？具体要我们做什么？: the task's text, whose answer names the units too
    elif "who" in asks or (asks & {"role:lead", "role:support", "role:shared"} and not has_units):
        field = "lead" if "role:lead" in asks and "role:support" not in asks else (
            "responsible" if asks & {"role:support", "role:shared"} and "role:lead" not in asks else "units")
    elif "when" in asks:
        field = "deadline"
    elif "section" in asks:
        field = "section"
    elif "what" in asks:
        field = "text"
    if header and not terms and not has_units and not has_numbers and not has_scope:
        return Ask.HEADER, None
    if "count" in asks:
        return Ask.COUNT, None
    if "list" in asks and field in ("units", "lead", "responsible") and not has_units and not has_scope and units_listed:
        return Ask.BEST, field  # 牵头单位有哪些: the list is of units, of the one task asked about
    listed = field if field in _LISTED_FIELDS else None  # 列出它们的目标 / 第六部分各项任务的完成时限: each with it
    if "list" in asks and not (has_numbers and not has_units):
        return Ask.LIST, listed
    if has_scope and not has_numbers:
        return Ask.LIST, listed
    if has_units and not terms and not has_numbers and field not in ("lead", "responsible", "units"):
        return Ask.LIST, None
    return Ask.BEST, field


def _glossed_run(text: str, at: int) -> range:
    """Where the English phrase that ends at ``at`` (a bracket with the notice's word) may end, counted in
    ``english_words``: the run of words before the bracket up to a stopword or other text (a "zero-waste city"
    (无废城市): zero, waste and city are the asker's own phrase for 无废城市, not words to gloss apart)."""
    before = text[:at]
    start = len(before)
    for w in reversed(list(re.finditer(r"[A-Za-z][A-Za-z0-9'-]*", before))):
        if before[w.end():start].strip(" \"“”'‘’") or w.group(0).lower() in stopwords():
            break
        start = w.start()
    return range(len(english_words(before[:start])) + 1, len(english_words(before)) + 1)


def _known_pieces(tok: str, lex: Lexicon) -> list[str] | None:
    """The corpus words an unknown compound is made of (医疗卫生 → 医疗, 卫生; 后处理 → 处理;
    控制线 → 控制; 具体任务 → none: words that only shape a question), or None when some part is neither a corpus word nor a function character.
    A token of three or more characters may keep one stray character at either end."""
    organisation = _pos_table().get(tok) == "nt"  # (中医院, 加油站: one the dictionary knows)
    # a word of the dictionary loses a character only to leave the act it names (控制线 → 控制, 后处理 → 处理):
    # 中小学 is no 中小; jieba's own joins of two words may lose one
    whole = _pos_table().get(tok) is not None
    pieces, i, stray = [], 0, 0
    chars = vocab.words("function_chars.txt")
    while i < len(tok):
        for k in range(len(tok) - i, 0, -1):
            piece = tok[i:i + k]
            if organisation and i == 0 and k < len(tok) and not (k >= 2 and lex.known(piece)):
                continue  # its first character says which kind (中 of 中医院): never dropped, unlike an ending (城管局)
            if k >= 2 and (lex.known(piece) or piece in _shape_words()):  # 具体任务: two shape words
                pieces += [piece] if piece not in _shape_words() else []
                i += k
                break
            if k == 1 and (piece in chars or piece in _shape_words()):
                i += 1
                break
            if k == 1 and len(tok) >= 3 and stray == 0 and (i == 0 or i == len(tok) - 1) and (
                    not whole or (_pos_table().get(tok[1:] if i == 0 else tok[:-1]) or "").startswith("v")):
                stray, i = 1, i + 1
                break
        else:
            return None
    return pieces if pieces or not stray else None


def _shape_compound(tok: str) -> bool:
    """A word made only of words that shape a question (具体措施 = 具体 + 措施, 工作任务): never a topic,
    even where a notice writes it (具体措施： heads every task's measures)."""
    words = _shape_words()
    ok = [True] + [False] * len(tok)
    for i in range(1, len(tok) + 1):
        ok[i] = any(ok[j] and tok[j:i] in words for j in range(max(0, i - 6), i - 1))
    return len(tok) >= 4 and ok[-1]


def _is_noun(word: str) -> bool:
    return (_pos_table().get(word) or "").startswith("n")


def _nounish(word: str) -> bool:
    """A noun, or a word of two or more characters the dictionary does not know (镇街): not a verb or a particle."""
    pos = _pos_table().get(word)
    return pos.startswith("n") if pos is not None else len(word) >= 2 and bool(re.fullmatch(r"[\u4e00-\u9fff]+", word))


def _function_only(tok: str) -> bool:
    """A token made only of single function characters (这是, 共有, 这句): never a topic."""
    chars = vocab.words("function_chars.txt")
    return all(ch in chars for ch in tok)


def _salient(tok: str, text: str) -> bool:
    """Whether a word the corpus lacks is what the question is about (a noun, a name, a new word),
    rather than a word of its background (a verb or adverb of everyday language)."""
    pos = _pos_table().get(tok)
    if pos is None or pos.startswith(_SALIENT_POS):
        return True
    if re.search(re.escape(tok) + r"(?:量|率|数|额|值)", text):  # 出栏量, 发病率: a verb made a measure is a noun
        return True
    if pos.startswith("v") and re.search(re.escape(tok) + r"(?:(?:那|这|该)一?(?:项|条|块)|的?(?:任务|工作|方面|事项)|相关|有关)",
                                         text):
        return True  # 森林防火那一项, 秸秆禁烧的任务: the verb names what a task is about
    return pos.startswith("v") and _is_focus(tok, text)


_ASK_NEAR = lazy_compile(r"什么时候|什么时间|啥时候|何时|多少|多大|多高|多长|多久|几|是什么|是啥|是谁|怎么样|有什么|有啥|哪些|情况")


def _is_focus(term: str, text: str) -> bool:
    """True when ``term`` sits right next to the question's interrogative (什么时候通车, 取暖有什么安排).

    >>> _is_focus("通车", "临滕高速什么时候通车"), _is_focus("准备", "我准备问一下目标是多少")
    (True, False)
    """
    k = text.find(term)
    if k < 0:
        return False
    before, after = text[:k], text[k + len(term):]
    # (几号之前报送, 多少天以内办结: the time asked, then what must happen by it)
    if re.search(rf"(?:{_ASK_NEAR.pattern})(?:.{{0,2}}|[号日月天]?(?:之前|以前|之内|以内|之后|以后|前|内|后))$", before):
        return True
    asked = re.match(rf"(?:的)?(?:{_ASK_NEAR.pattern})", after)
    if not asked:
        return False
    # (能拿到多少奖励, 能获得多少补助: the word after the question word is what is asked, the verb before it only how
    # one gets it — not a measure, 修多少公里)
    rest, pos = after[asked.end():], _pos_table()

    def thing(k: int) -> bool:  # a noun, or a verb named as a thing (补助), of two characters or more; 钱 alone
        tag = pos.get(rest[:k]) or ""
        return tag.startswith("n") or (k >= 2 and tag.startswith("v"))

    return not any(thing(k) for k in (4, 3, 2, 1))
