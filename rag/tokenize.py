"""Chinese tokenization for BM25: jieba with the corpus's own vocabulary.

Each ``Tokenizer`` owns a private ``jieba.Tokenizer`` whose dictionary is
extended with every unit name, alias and task title, so that 区住房和城乡建设局
stays one token instead of 住房 / 城乡 / 建设.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from . import vocab
from .jiebadict import Frequencies, dictionary_lines
from .lazy_regex import lazy_compile
from .text import norm

_KEEP = lazy_compile(r"[\w\u4e00-\u9fff%]")


def stopwords() -> frozenset[str]:
    """Tokens BM25 leaves out (``data/bm25_stopwords.txt``)."""
    return vocab.words("bm25_stopwords.txt")


class Tokenizer:
    """jieba search-mode tokens over normalised text, stopwords removed.

    >>> "区住房和城乡建设局" in Tokenizer(["区住房和城乡建设局"]).tokens("区住房和城乡建设局负责老旧小区")
    True
    """

    def __init__(self, user_words: Iterable[str] = (), eager: bool = False):
        """``eager``: load jieba's own dictionary now (for tokenizing a whole corpus); otherwise it is
        read as sorted lines (:mod:`rag.jiebadict`, fast to start, the same segmentation) until many
        lookups make jieba's own dict worth its 0.6–0.9 s."""
        import jieba

        jieba.setLogLevel(logging.WARNING)
        self._jieba = jieba.Tokenizer()
        lines, total = ([], 0) if eager else dictionary_lines()
        if lines:
            self._jieba.FREQ, self._jieba.total = Frequencies(lines), total
            self._jieba.initialized = True
        else:
            self._jieba.initialize()
        self.user_words = tuple(sorted({norm(w) for w in user_words if len(w) >= 2}))
        for word in self.user_words:
            self._jieba.add_word(word, freq=200000)

    def load_dictionary(self) -> None:
        """Load jieba's own dictionary now (a server, before its first question), if not loaded yet."""
        freq = self._jieba.FREQ
        if isinstance(freq, Frequencies):
            freq.upgrade()

    def spans(self, text: str) -> list[tuple[str, int, int]]:
        """(word, start, end) of each whole word (precise mode) of already normalised text."""
        return [(w, a, b) for w, a, b in self._jieba.tokenize(text) if w.strip()]

    def words(self, text: str) -> list[str]:
        """Whole words (jieba's precise mode) of normalised text, stopwords kept: for reading questions."""
        return [w.strip() for w in self._jieba.cut(norm(text)) if w.strip()]

    def tokens(self, text: str) -> list[str]:
        out = []
        stop = stopwords()
        for tok in self._jieba.cut_for_search(norm(text)):
            tok = tok.strip()
            if tok and tok not in stop and _KEEP.search(tok):
                out.append(tok)
        return out
