"""Numbering marks of the genre: 一、 （一） 第一部分 第一条 1. （1） 1） ①, each with its rank."""

from __future__ import annotations

import re

from .lazy_regex import lazy_compile
from .text import CN_NUMERAL, cn_to_int

_CN = rf"[{CN_NUMERAL}]{{1,4}}"
# (style, rank, pattern): group 1 is the number, group 2 the rest of the line.
MARKS: tuple[tuple[str, float, re.Pattern[str]], ...] = (
    ("part", 0, lazy_compile(rf"^第({_CN})(?:部分|章|篇)[、．.：:\s]*(.*)$")),
    ("cn", 1, lazy_compile(rf"^({_CN})\s*[、．.]\s*(.*)$")),
    ("cn_paren", 2, lazy_compile(rf"^[（(]\s*({_CN})\s*[）)]\s*[、．.]?\s*(.*)$")),
    ("article", 2.5, lazy_compile(rf"^第({_CN})条[、．.：:\s]*(.*)$")),
    ("ar", 3, lazy_compile(r"^(\d{1,3})\s*(?:[.．](?!\d)|[.．](?=(?:19|20)\d\d年)|、)\s*(.*)$")),
    ("ar_paren", 4, lazy_compile(r"^[（(]\s*(\d{1,3})\s*[）)]\s*[、．.]?\s*(.*)$")),
    ("ar_half", 5, lazy_compile(r"^(\d{1,3})\s*[)）]\s*(.*)$")),
    ("circled", 6, lazy_compile(r"^([①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳])\s*(.*)$")),
)
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


# 11.121人才梯队项目 / 27.4G覆盖率: a number, a point, then a title opening with digits (not 27.4万 or 3.5%)
_AR_DECIMAL = lazy_compile(r"^(\d{1,3})\s*[.．]\s*(\d+(?![\d.]|万|亿|千|百|元|亩|米|吨|倍|个|公里|公顷|平方|立方|%|％)"
                         r"[A-Za-z]{0,3}[\u4e00-\u9fff“\"《].*)$")


def continuing_decimal(line: str, previous: int) -> tuple[str, float, int, str, str] | None:
    """The mark of an item written like a decimal (11.121人才梯队项目) when its number is the one after
    ``previous``: a task whose title opens with digits, not a figure."""
    m = _AR_DECIMAL.match(line.strip())
    if m and int(m.group(1)) == previous + 1:
        return "ar", 3, int(m.group(1)), m.group(2), m.group(1)
    return None


def mark(line: str) -> tuple[str, float, int, str, str] | None:
    """(style, rank, number, rest, mark as written) for a line that starts with a numbering mark."""
    s = line.strip().replace("\u3000", " ").strip()
    for style, rank, pattern in MARKS:
        m = pattern.match(s)
        if not m:
            continue
        raw = m.group(1)
        if style == "circled":
            number = _CIRCLED.index(raw) + 1
        else:
            number = int(raw) if raw.isdigit() else (cn_to_int(raw) or 0)
        if number <= 0:
            continue
        rest = m.group(2).strip()
        if style == "cn" and len(s) > 1 and s[len(raw)] == "." and not rest:
            continue
        written = {"cn": raw, "cn_paren": f"（{raw}）", "part": f"第{raw}部分", "article": f"第{raw}条"}.get(style, raw)
        return style, rank, number, rest, written
    return None


# ---- marks inside a run-on line ------------------------------------------------------------------
# A page's text stored as one line with no gaps between paragraphs: …区内各相关企业（二）“互联网+”现代农业1．行动目标…
# A mark is found where its number continues its style's sequence (1 then 2 …, or 1 again when a new
# parent starts one), so a number inside running text (统一、规范 · 不少于3家) is not taken for one.
_INLINE: tuple[tuple[bool, re.Pattern[str]], ...] = (  # (may restart under a new parent, pattern): 一、 （一） 1． （1）
    (False, lazy_compile(rf"(?<![{CN_NUMERAL}第])([{CN_NUMERAL}]{{1,3}})、")),
    (True, lazy_compile(rf"[（(]([{CN_NUMERAL}]{{1,3}})[）)]")),
    # (1.2017年10月底前…: a year right after the point opens the item's text — no decimal is read so)
    (True, lazy_compile(r"(?<![\d.．%])(\d{1,2})(?:．|、|\.(?![\d%])|\.(?=(?:19|20)\d\d年))")),
    (True, lazy_compile(r"[（(](\d{1,2})[）)]")),
)


def inline_marks(text: str) -> list[int]:
    """Where numbered items begin inside ``text``: each style's marks that count on from the one before
    (a 1 is taken when a 2 follows it; the 1 nearest that 2).

    >>> t = "实施方案如下：一、总体要求做好工作，统一、规范。二、重点任务（一）建设道路1．行动目标。统一、规范。2．主要任务修路牵头单位：区交通局（二）修桥"
    >>> [t[k:k + 4] for k in inline_marks(t)]
    ['一、总体', '二、重点', '（一）建', '1．行动', '2．主要', '（二）修']
    """
    starts: set[int] = set()
    for restarts, pattern in _INLINE:
        last, pending_one = 0, None
        for m in pattern.finditer(text):
            raw = m.group(1)
            n = int(raw) if raw.isdigit() else (cn_to_int(raw) or 0)
            if n == 1:  # the nearest 1 before the 2, unless it sits inside a sentence and an earlier one does not
                if pending_one is None or _after_break(text, m.start()) or not _after_break(text, pending_one):
                    pending_one = m.start()
            elif n == 2 and pending_one is not None and (last == 0 or restarts):
                starts.update((pending_one, m.start()))
                last, pending_one = 2, None
            elif (n == last + 1 and last >= 1) or (last >= 1 and last <= n <= last + 3 and _after_break(text, m.start())):
                # the next one; or, where a paragraph may begin, one numbered like the last by mistake (三、…
                # 三、保障措施) or after a number left out (（六）…（八）, 1、2、4、5)
                starts.add(m.start())
                last = n
                pending_one = None
    return sorted(starts)


def _after_break(text: str, k: int) -> bool:
    """Whether position k may begin a paragraph: after a sentence's end, or after a unit clause run on to
    it (…牵头单位：区通管办，配合单位：各电信运营企业三、保障措施)."""
    return (k == 0 or text[k - 1] in "。；;：:！？!?）)”」』 \t\u3000"
            or bool(re.search(r"(?:单位|部门)\s*[：:][^。；;：:]{1,80}$", text[max(0, k - 100):k])))
