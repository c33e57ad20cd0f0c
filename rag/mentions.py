"""Which notice or section a question names: a notice by its 文号 (or the tail 12号文), by a year only
one loaded notice is for, or by words only its title has; a section by (a loose form of) its title."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from .lazy_regex import lazy_compile
from .text import norm
from .types import Notice


def doc_mentions(text: str, notices: tuple[Notice, ...],
                 titled: list[tuple[str, int, int]] | None = None) -> tuple[str, ...]:
    """Notices a question names: by 文号 (or its 〔2024〕12号 / 12号文 tail), by (a shortened form of) its
    title said before the word for it (…深化新旧动能转换2023年重点任务的通知), else — when several notices
    are loaded — by a year only one of them is for, or by words only its title has. ``titled``: the
    question's ``titled_spans``, where the caller has them already."""
    keys = _keys(notices)
    found = [doc_id for doc_id, _, _ in (titled_spans(text, notices) if titled is None else titled)]
    for doc_id, doc, number, tail in keys.numbers:
        if doc in text or (number and number in text) or (tail and re.search(rf"(?<!\d){tail}(?:文|通知|文件)", text)):
            found.append(doc_id)
    if found or len(notices) < 2:
        return tuple(dict.fromkeys(found))
    years = set(re.findall(r"(?<!\d)(20\d\d)(?!\d)", text))
    by_year = [doc_id for doc_id, said in keys.years if years & said]
    if len(by_year) == 1:
        return tuple(by_year)
    by_title = list(dict.fromkeys(doc for gram, doc in keys.grams.items() if gram in text))
    return tuple(by_title) if len(by_title) == 1 else ()


# the word for a notice a title is said before (…任务的通知, …实施方案里)
_NOTICE_WORD = lazy_compile(r"的?(?:通知|文件|方案|意见|计划|要点|清单)")
TITLE_SHARE = 0.7  # of a phrase's character pairs, at least this share in one title: the phrase names it
TITLE_PHRASE = 6  # characters at least
_POINTER = lazy_compile(r"这个|这份|那个|那份")  # what follows it is the title the asker points to


def titled_spans(text: str, notices: tuple[Notice, ...]) -> list[tuple[str, int, int]]:
    """(doc id, start, end) of each clause's words before a word for a notice (通知, 方案 …) that are mostly
    that notice's title in the asker's shortened form (山亭区这个深化新旧动能转换2023年重点任务 of 山亭区深化新旧动能转换
    推动绿色低碳高质量发展2023年重点工作任务), with the word after them: they name the notice, not a topic (枣庄市
    2023年重点工作任务 names another document, which the title shares only its years and kind with). ``text`` is
    normalised."""
    out = []
    for m in _NOTICE_WORD.finditer(text):
        start = _clause_start(text, m.start())
        pointed = [r.end() for r in _POINTER.finditer(text, start, m.start()) if m.start() - r.end() >= TITLE_PHRASE]
        start = pointed[-1] if pointed else start  # 领导问我们这个深化新旧动能转换的通知: the title after 这个
        pairs = _phrase_pairs(text[start:m.start()])
        if m.start() - start < TITLE_PHRASE or not pairs:
            continue
        for doc_id, title in _keys(notices).title_pairs:
            if sum(p in title for p in pairs) >= TITLE_SHARE * len(pairs):
                out.append((doc_id, start, m.end()))
                break
    # … or, with no word for a notice, the subject of a clause that is most of one notice's title (山亭区深化新旧动能
    # 转换2023年重点工作任务是哪天印发的): it names the notice as a whole, not a task's topic (深化新旧动能转换是哪项)
    for m in re.finditer(r"是", text):
        start = _clause_start(text, m.start())
        pairs = set(_phrase_pairs(text[start:m.start()]))
        if m.start() - start < TITLE_PHRASE or not pairs or any(s <= start < e for _, s, e in out):
            continue
        for doc_id, title in _keys(notices).title_pairs:
            if sum(p in title for p in pairs) >= TITLE_SHARE * len(pairs) and len(pairs & title) >= WHOLE_TITLE * len(title):
                out.append((doc_id, start, m.start()))
                break
    return out


WHOLE_TITLE = 0.5  # of a title's character pairs, at least this share said: the notice as a whole is named


def _clause_start(text: str, end: int) -> int:
    """Where the clause holding ``text[end]`` begins."""
    return max(text.rfind(c, 0, end) for c in ",.;!?:，。；！？：") + 1


def other_documents(text: str, notices: tuple[Notice, ...]) -> list[str]:
    """Documents a question names by their own title words before a word for a document (山亭区碳达峰实施方案)
    that share little with every notice's title (under ``OTHER_SHARE`` of their character pairs): another
    document than the notices, not the notice in a shortened or wordy form. ``text`` is normalised."""
    out = []
    for m in _TITLE_KIND.finditer(text):
        start = max(text.rfind(c, 0, m.start()) for c in ",.;!?:，。；！？：“”\"") + 1
        phrase = text[start:m.start()]
        pairs = _phrase_pairs(phrase)
        if m.start() - start < TITLE_PHRASE or not pairs or _NOT_A_NAME.search(phrase):
            continue
        if all(sum(p in title for p in pairs) < OTHER_SHARE * len(pairs) for _, title in _keys(notices).title_pairs):
            out.append(text[start:m.end()])
    return out


OTHER_SHARE = 0.5  # below this share of a phrase's character pairs in every title, the phrase names another document
# the kinds a document's own title ends with (not 文件 or 清单, said of any paper: 上级文件, 任务清单)
_TITLE_KIND = lazy_compile(r"(?:实施方案|行动方案|工作方案|方案|实施意见|意见|行动计划|计划|规划|办法|纲要|条例|细则)")
# words no title holds: a question's or a request's (这份通知是依据哪几个上级文件, 写简报要引用…, 第59条要落实的…)
_NOT_A_NAME = lazy_compile(r"哪|几|什么|啥|多少|谁|要|请|帮|给|引|写|我|你|这|那|第[\d一二三四五六七八九十]+[条项]|依据|落实|对应")


def _phrase_pairs(text: str) -> list[str]:
    """The character pairs of a phrase's runs of Chinese and digits."""
    return [r[k: k + 2] for r in re.findall(r"[\u4e00-\u9fff0-9]+", text) for k in range(len(r) - 1)]


@dataclass(frozen=True)
class _NoticeKeys:
    """What names each notice, normalised once per set of notices (not per question)."""

    notices: tuple[Notice, ...]
    numbers: tuple[tuple[str, str, str, str], ...]  # (doc id, its normalised form, [2024]12号, 12号)
    years: tuple[tuple[str, frozenset[str]], ...]  # (doc id, the years its 文号 and title say)
    grams: dict[str, str]  # four-character runs only one title has → that notice
    title_pairs: tuple[tuple[str, frozenset[str]], ...]  # (doc id, its title's character pairs), titles with any


_KEYS: list[_NoticeKeys] = []  # the last few sets of notices asked about (one per loaded index)


def _keys(notices: tuple[Notice, ...]) -> _NoticeKeys:
    for k in _KEYS:
        if k.notices is notices:
            return k
    numbers, years = [], []
    for n in notices:
        doc = norm(n.doc_id)
        m = re.search(r"\[(\d{4})\](\d+)号", doc)
        numbers.append((n.doc_id, doc, f"[{m.group(1)}]{m.group(2)}号" if m else "", f"{m.group(2)}号" if m else ""))
        years.append((n.doc_id, frozenset(re.findall(r"(?<!\d)(20\d\d)(?!\d)", norm(n.doc_id + n.title)))))
    titled = tuple((n.doc_id, pairs) for n in notices if (pairs := frozenset(_phrase_pairs(norm(n.title)))))
    keys = _NoticeKeys(notices, tuple(numbers), tuple(years), _title_grams(tuple((n.doc_id, norm(n.title)) for n in notices)),
                       titled)
    _KEYS[:] = [keys] + _KEYS[:3]
    return keys


@lru_cache(maxsize=8)
def _title_grams(titles: tuple[tuple[str, str], ...]) -> dict[str, str]:
    """Four-character runs that occur in exactly one notice's title → that notice."""
    owners: dict[str, set[str]] = {}
    for doc_id, title in titles:
        for i in range(len(title) - 3):
            gram = title[i:i + 4]
            if not re.search(r"关于|印发|通知|\d", gram):
                owners.setdefault(gram, set()).add(doc_id)
    return {gram: next(iter(docs)) for gram, docs in owners.items() if len(docs) == 1}


PartKey = int | tuple[str, ...]  # a section's number, or a heading's path below the sections (``Task.path`` keys)


def section_by_title(text: str, notices, loose: bool = True) -> tuple[str, PartKey, str] | None:
    """The section, or heading below the sections, a question names by (a loose form of) its title:
    (doc id, section number or heading path, matched text).

    Strict: a run of four or more characters of the title appears in the question (without a word
    such as 部分/那块, the run must be half the title, or half of one of its phrases: 公共空间设施优化 of
    行动三：智创和谐新境行动（公共空间设施优化行动）); the longest run wins (加大职业培训政策支持 names that
    section, not 提升职业培训供给能力). Loose (with such a word): the best title whose characters, in order,
    cover at least three characters and a third of it (扩内需 → 坚定不移扩大内需).
    """
    best, best_score = None, 0.0
    best_run: tuple[int, int] = (0, 0)
    normed: dict[str, str] = {}  # many notices share section titles: each distinct one is compared once
    runs: dict[str, str] = {}
    commons: dict[str, int] = {}
    bounds: dict[str, int] = {}
    chars = Counter(text)
    grams = {text[k:k + 4] for k in range(len(text) - 3)}  # a title shares a run of four only through one of these
    by_run = None
    for notice in notices:
        for key, raw in _parts(notice):
            title = normed.get(raw)
            if title is None:
                title = normed[raw] = norm(raw)
            run = runs.get(title)
            if run is None:  # most titles (headings too, at scale) share no four characters: skip the O(len²) run
                shares = any(title[k:k + 4] in grams for k in range(len(title) - 3))
                run = runs[title] = _longest_common_run(title, text) if shares else ""
            if len(title) >= 4 and len(run) >= 4 and (loose or _names_title(run, title, text, isinstance(key, tuple))):
                rank = (len(run), -len(title))
                if rank > best_run:
                    by_run, best_run = (notice.doc_id, key, run), rank
                continue
            if by_run or not loose or not title:
                continue
            common = commons.get(title)
            if common is None:
                # the common subsequence is at most the title's characters the text holds: skip the
                # O(len²) count for a title that could not pass or beat the best
                bound = bounds.get(title)
                if bound is None:
                    bound = bounds[title] = sum(min(k, chars[ch]) for ch, k in Counter(title).items())
                if bound < 3 or bound / len(title) < 1 / 3 or bound / len(title) <= best_score:
                    continue
                common = commons[title] = _common_subsequence(title, text)
            score = common / len(title)
            if common >= 3 and score >= 1 / 3 and score > best_score:
                best, best_score = (notice.doc_id, key, ""), score
    return by_run or best


def _parts(notice: Notice) -> list[tuple[PartKey, str]]:
    return [(s.number, s.title) for s in notice.sections] + [(h.path, h.title) for h in notice.headings]


def _names_title(run: str, title: str, text: str, heading: bool) -> bool:
    """Without a word such as 部分, a run names a part when it is most of its title (half of a section's, two
    thirds of a heading's: headings below the sections share more words with the tasks under them), or when
    the question quotes or brackets it and it is half of one of the title's phrases (split at punctuation):
    （公共空间设施优化） of 行动三：智创和谐新境行动（公共空间设施优化行动）."""
    if len(run) >= len(title) * (2 / 3 if heading else 1 / 2):
        return True
    k = text.find(run)
    core = re.sub(_PHRASE_CUT, "", run)
    delimited = k >= 0 and (k == 0 or text[k - 1] in _OPENERS or run[0] in _OPENERS) and (
        k + len(run) == len(text) or text[k + len(run)] in _CLOSERS or run[-1] in _CLOSERS)
    return delimited and any(len(p) >= 4 and core in p and len(core) >= len(p) / 2 for p in re.split(_PHRASE_CUT, title))


_PHRASE_CUT = r"[，,：:（）()、；;“”\"—\s]+"
_OPENERS = "“\"（(《「‘"
_CLOSERS = "”\"）)》」’"


def _longest_common_run(a: str, b: str) -> str:
    best = ""
    for i in range(len(a)):
        for j in range(i + len(best) + 1, len(a) + 1):
            if a[i:j] in b:
                best = a[i:j]
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


def section_by_terms(groups: list[tuple[str, ...]], notices, share: float = 1 / 2) -> tuple[str, int, str] | None:
    """The section whose title the words of a translated phrase spell out (deepening reform and expanding
    opening-up → 深化改革扩大开放): each word gives its alternative corpus terms; a title counts when at
    least two words hit it (or one phrase of four characters: rural revitalization → 乡村振兴) and their terms
    cover ``share`` of its characters (half; a third where the question says it names a section). Only a clear
    best counts: (doc id,
    number, title)."""
    scored = []
    for notice in notices:
        for sec in notice.sections:
            title = norm(sec.title)
            covered: set[int] = set()
            hits, longest = 0, 0
            for terms in groups:
                found = [t for t in terms if len(t) >= 2 and t in title]
                hits += bool(found)
                for t in found:
                    k = title.find(t)
                    covered.update(range(k, k + len(t)))
                    longest = max(longest, len(t))
            if title and (hits >= 2 or longest >= 4) and len(covered) >= len(title) * share:
                scored.append((len(covered) / len(title), notice.doc_id, sec.number, title))
    scored.sort(reverse=True)
    if not scored or (len(scored) > 1 and scored[1][0] == scored[0][0]):
        return None
    return scored[0][1], scored[0][2], scored[0][3]
