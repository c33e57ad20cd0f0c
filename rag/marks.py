"""Numbering marks of the genre: 一、 （一） 第一部分 第一条 1. （1） 1） ①, each with its rank."""

from __future__ import annotations

import re

from .text import CN_NUMERAL, cn_to_int

_CN = rf"[{CN_NUMERAL}]{{1,4}}"
# (style, rank, pattern): group 1 is the number, group 2 the rest of the line.
MARKS: tuple[tuple[str, float, re.Pattern[str]], ...] = (
    ("part", 0, re.compile(rf"^第({_CN})(?:部分|章|篇)[、．.：:\s]*(.*)$")),
    ("cn", 1, re.compile(rf"^({_CN})\s*[、．.]\s*(.*)$")),
    ("cn_paren", 2, re.compile(rf"^[（(]\s*({_CN})\s*[）)]\s*[、．.]?\s*(.*)$")),
    ("article", 2.5, re.compile(rf"^第({_CN})条[、．.：:\s]*(.*)$")),
    ("ar", 3, re.compile(r"^(\d{1,3})\s*(?:[.．](?!\d)|、)\s*(.*)$")),
    ("ar_paren", 4, re.compile(r"^[（(]\s*(\d{1,3})\s*[）)]\s*[、．.]?\s*(.*)$")),
    ("ar_half", 5, re.compile(r"^(\d{1,3})\s*[)）]\s*(.*)$")),
    ("circled", 6, re.compile(r"^([①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳])\s*(.*)$")),
)
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


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
