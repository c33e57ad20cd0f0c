"""Chinese tokenization for BM25: jieba with the corpus's own vocabulary.

Each ``Tokenizer`` owns a private ``jieba.Tokenizer`` whose dictionary is
extended with every unit name, alias and task title, so that 区住房和城乡建设局
stays one token instead of 住房 / 城乡 / 建设.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable

from .text import norm

_KEEP = re.compile(r"[\w\u4e00-\u9fff%]")
STOPWORDS = frozenset(
    "的 了 和 与 及 是 在 对 为 以 等 有 哪些 哪个 什么 多少 谁 吗 呢 啊 吧 么 怎么 如何 这个 那个 一下 请问 "
    "一 个 项 条 中 里 要 会 能 把 被 给 由 负责 单位 部门 任务 工作 通知 今年 2023 年 我 你 它 他 说 "
    "the a an of to in on for and or is are was be by with what which who how many much does do task tasks".split()
)


class Tokenizer:
    """jieba search-mode tokens over normalised text, stopwords removed.

    >>> "区住房和城乡建设局" in Tokenizer(["区住房和城乡建设局"]).tokens("区住房和城乡建设局负责老旧小区")
    True
    """

    def __init__(self, user_words: Iterable[str] = ()):
        import jieba

        jieba.setLogLevel(logging.WARNING)
        self._jieba = jieba.Tokenizer()
        self._jieba.initialize()
        self.user_words = tuple(sorted({norm(w) for w in user_words if len(w) >= 2}))
        for word in self.user_words:
            self._jieba.add_word(word, freq=200000)

    def tokens(self, text: str) -> list[str]:
        out = []
        for tok in self._jieba.cut_for_search(norm(text)):
            tok = tok.strip()
            if tok and tok not in STOPWORDS and _KEEP.search(tok):
                out.append(tok)
        return out
