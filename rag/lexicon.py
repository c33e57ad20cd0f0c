"""What the reader knows about the loaded corpus: its words, units, sections, years and places.

Everything here is derived from the records when an index is loaded (and the English
glossary when it is built); nothing is typed in for one notice.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property

from . import vocab
from .lazy_regex import lazy_compile
from .task_texts import TaskTexts
from .text import norm
from .tokenize import Tokenizer
from .types import Notice, Task
from .typos import SoundIndex
from .units import UnitDirectory

MIN_QUOTED_TITLE, MAX_QUOTED_TITLE = 6, 40  # titles a question may write out whole (Lexicon.titles)
_TITLE_TAIL = 8  # characters: the end of a task title that holds its last word
MAX_ABBREVIATED = 3  # phrases one abbreviation may stand for (more: it tells none)
_CACHED = 4096  # answers kept of the lookups over the whole corpus text (each scans it once)

# a year it speaks of (（2015年按…）too), not one of a document number it cites (鲁发〔2022〕19号); the
# pattern opens with the digits' literal 20 so that the scan of a large corpus is a fast search for it
_YEAR = lazy_compile(r"(20\d\d)(?:(?<![\d〔\[［(（]\d{4})(?![\d〕\]］)）])|(?<!\d\d{4})(?=\s*年))")
_PLACE = lazy_compile(r"[\u4e00-\u9fff]{2,4}?(?:区|县|市|省|自治区|镇|乡|街道)")


@dataclass(frozen=True)
class CitedDocument:
    """A document a notice cites by title and number (in its header: the documents it implements; or in a task)."""

    text: str  # 《title》（文号）, as cited
    doc_id: str  # the citing notice
    row: int | None  # the citing task's row; None when the notice's header cites it


# a heading that counts its items (统筹推进5个专题): the word it counts them in
_COUNTED_ITEMS = re.compile(r"[\d一二两三四五六七八九十]+\s*(?:个|项|大)\s*([\u4e00-\u9fff]{2,3})$")


@dataclass
class Lexicon:
    """The corpus's vocabulary, for reading questions."""

    tasks: tuple[Task, ...]
    notices: tuple[Notice, ...]
    units: UnitDirectory
    tokenizer: Tokenizer
    vocabulary: frozenset[str]  # every BM25 term of the records
    glossary: dict[str, list[str]] = field(default_factory=dict)  # English word → corpus terms
    texts: TaskTexts | None = None  # the tasks' normalised texts, shared with the unit directory; built if None

    @cached_property
    def task_texts(self) -> TaskTexts:
        return self.texts if self.texts is not None else TaskTexts(self.tasks, self.notices)

    @cached_property
    def task_counts(self) -> frozenset[int]:
        """How many tasks each notice has (这八条措施 names a notice's whole count)."""
        return frozenset(Counter(t.doc_id for t in self.tasks).values())

    @property
    def text(self) -> str:
        """All task and header text, normalised, for substring checks."""
        return self.task_texts.joined

    @cached_property
    def cited(self) -> tuple[CitedDocument, ...]:
        """Every document the notices cite, where each cites it: headers first, then tasks in order."""
        out = [CitedDocument(text, n.doc_id, None) for n in self.notices for text in n.basis]
        from .parse import cited_documents  # (the parser loads only when a lexicon needs it, not for every start)

        out += [CitedDocument(text, t.doc_id, r) for r, t in enumerate(self.tasks) for text in cited_documents(t.text)]
        return tuple(out)

    @cached_property
    def titles(self) -> dict[int, frozenset[str]]:
        """The tasks' titles of at least MIN_QUOTED_TITLE characters, normalised, by length: a question that
        writes one out names that task (推动数字智慧管理谁牵头), and no word of it shapes the question."""
        by_length: dict[int, set[str]] = {}
        for title in self.title_rows:
            by_length.setdefault(len(title), set()).add(title)
        return {n: frozenset(v) for n, v in sorted(by_length.items(), reverse=True)}

    @cached_property
    def title_rows(self) -> dict[str, tuple[int, ...]]:
        """The rows of the tasks with each title of ``titles``."""
        out: dict[str, list[int]] = {}
        for r, t in enumerate(self.tasks):
            title = norm(t.title).strip()
            if MIN_QUOTED_TITLE <= len(title) <= MAX_QUOTED_TITLE:
                out.setdefault(title, []).append(r)
        return {k: tuple(v) for k, v in out.items()}

    @cached_property
    def years(self) -> frozenset[int]:
        return frozenset(int(y) for text in (self.text, *self.passage_texts.values())  # goals outside tasks too
                         for y in _YEAR.findall(text))

    @cached_property
    def places(self) -> frozenset[str]:
        """Places the notices are issued for or name (山亭区, 嘉定区, 西集镇 …)."""
        return frozenset(m.group(0) for m in _PLACE.finditer(self.text))

    @cached_property
    def doc_kinds(self) -> frozenset[str]:
        """The kinds of document the notices are, as their titles end (行动计划 → 计划, 若干措施 → 措施, 通知):
        这个行动计划 names the notice."""
        out = set()
        for n in self.notices:
            title = re.sub(r"(?:[（(][^（()）]*[)）]\s*)+$", "", norm(n.title)).strip()  # (2026—2028年)(征求意见稿)
            words = self.tokenizer.words(title[-_TITLE_TAIL:]) if title else []
            if words and len(words[-1]) >= 2 and re.fullmatch(r"[\u4e00-\u9fff]+", words[-1]):
                out.add(words[-1])
        return frozenset(out)

    @cached_property
    def own_places(self) -> frozenset[str]:
        """The places of the issuing offices (山亭区人民政府办公室 → 山亭区)."""
        out = set()
        for n in self.notices:  # the issuer names them (上海市崇明区人民政府办公室); a title only when it is missing
            for m in re.finditer(r"[\u4e00-\u9fff]{2,3}?(?:区|县|市|省)", norm(n.issuer or n.title)):
                out.add(m.group(0))
        return frozenset(out)

    @cached_property
    def task_nouns(self) -> frozenset[str]:
        """The notices' own words for "a task": a word ending many task titles (项目 in 羊城企业家培养项目,
        工程 in “光伏+地铁”工程). In a question it means "task", not a topic — derived per corpus."""
        counts: dict[str, int] = {}
        titles = Counter(t.title[-_TITLE_TAIL:] for t in self.tasks)  # its last word is in a title's tail
        for tail, n in titles.items():
            words = self.tokenizer.words(tail)
            if words:
                counts[words[-1]] = counts.get(words[-1], 0) + n
        own = frozenset(w for w, c in counts.items() if len(w) >= 2 and c >= max(5, 0.2 * len(self.tasks)))
        # … and the word a heading counts its items in (统筹推进5个专题: 专题)
        headings = [s.title for n in self.notices for s in n.sections] + [h.title for n in self.notices for h in n.headings]
        return own | frozenset(m.group(1) for t in headings if (m := _COUNTED_ITEMS.search(norm(t))))

    @cached_property
    def unit_pieces(self) -> dict[str, tuple[str, ...]]:
        """Each unit's name as the words of its core (区农业农村局 → 农业, 农村), for English names."""
        out = {}
        for name in self.units.names:
            core = re.sub(r"^(区委|区政府|市委|市政府|县委|县政府|区|市|县|省)", "", name)
            core = re.sub(r"(委员会|办公室|管委会|服务中心|中心|分局|局|委|办|部|厅|署)$", "", core)
            pieces = tuple(w for w in self.tokenizer.words(core) if len(w) >= 2 and w not in "和与及")
            if pieces:
                out[name] = pieces
        return out

    @cached_property
    def sounds(self) -> SoundIndex:
        return SoundIndex(self.vocabulary)

    def own_area(self, word: str) -> bool:
        """Whether a word names the notices' own area: one of their places (立山区), or 全 + its kind (全市 in a
        city's notice) — where every task is, not what one is about."""
        return word in self.own_places or (len(word) == 2 and word[0] == "全"
                                           and any(p.endswith(word[1]) for p in self.own_places))

    @cached_property
    def passage_texts(self) -> dict[str, str]:
        """Each notice's own text outside its tasks (总体目标 …), normalised, by doc id."""
        return {n.doc_id: norm(" ".join(n.passages)) for n in self.notices}

    def known(self, word: str) -> bool:
        """The word occurs somewhere in the corpus's tasks or headers (a word of the records' vocabulary at once;
        another by searching the text, whose answer is kept: a word absent from a large corpus costs a scan of it)."""
        word = norm(word)
        if word in self.vocabulary:
            return True
        hit = self._known.get(word)
        if hit is None:
            hit = self.task_texts.holds(word)
            if len(self._known) < _CACHED:
                self._known[word] = hit
        return hit

    @cached_property
    def _known(self) -> dict[str, bool]:
        return {}

    def warm(self) -> None:
        """Build the corpus text, its character pairs and the words for a task now, not for the first question."""
        _ = self.task_texts.pairs, self.task_nouns, self.years, self.places

    def correct(self, word: str) -> str | None:
        """The corpus word a mistyped word sounds like (改照 → 改造), or None."""
        if word in self.vocabulary or self.known(word):
            return None
        return self.sounds.correct(word)

    def spelled_out(self, term: str) -> tuple[str, ...]:
        """Phrases of the corpus that spell a term out, its characters in order with at most two more between
        any two of them and three in all (传染病 → 传染性疾病): a notice writes the full form of what a
        question abbreviates."""
        if len(term) < 3 or not re.fullmatch(r"[\u4e00-\u9fff]+", term):
            return ()

        def find() -> tuple[str, ...]:
            pattern = "".join(re.escape(c) + r"[\u4e00-\u9fff]{0,2}?" for c in term[:-1]) + re.escape(term[-1])
            found = {m.group(0) for m in re.finditer(pattern, self.text) if len(m.group(0)) <= len(term) + 3}
            return tuple(sorted(found - {term}))

        return self._scanned(("spelled", term), find)

    def abbreviated(self, word: str) -> tuple[str, ...]:
        """The phrases of the corpus a word it does not hold abbreviates, as names of events and bodies are (文博会 →
        文化产业博览会, 文化旅游博览会): its three characters in order, the first and last ending the phrase, up to four
        between two of them and five more in all — when at most a few phrases are so spelled."""
        if len(word) != 3 or not re.fullmatch(r"[\u4e00-\u9fff]+", word) or self.known(word):
            return ()

        def find() -> tuple[str, ...]:
            pattern = "".join(re.escape(c) + r"[\u4e00-\u9fff]{0,4}?" for c in word[:-1]) + re.escape(word[-1])
            found = {m.group(0) for m in re.finditer(pattern, self.text)
                     if len(word) + 2 <= len(m.group(0)) <= len(word) + 5}
            return tuple(sorted(found)) if len(found) <= MAX_ABBREVIATED else ()

        return self._scanned(("abbreviated", word), find)

    def mistyped_in(self, text: str, word: str) -> str | None:
        """The corpus word a mistyped word of ``text`` stands for, told by the words around it: the question's
        characters on either side of it (two or more in all) and the word itself, one character of it
        changed, written together once in the corpus (能繁毋猪保持 → 能繁母猪保持: 母猪); None when no such
        phrase or several. The character changed must stand next to the question's own words on its side (氢能产业
        is not 储能产业: 能产业 holds nothing of 氢)."""
        k = text.find(word)
        if k < 0 or not 2 <= len(word) <= 4:
            return None
        left = re.search(r"[\u4e00-\u9fff\d]{0,3}$", text[:k]).group(0)
        right = re.match(r"[\u4e00-\u9fff\d]{0,3}", text[k + len(word):]).group(0)

        def find(before: str, after: str) -> str | None:
            found = set()
            for j in range(len(word)):
                if (j == 0 and len(before) < 2) or (j == len(word) - 1 and len(after) < 2):
                    continue  # the character changed is held by the words on its own side (氢能产业: 储能产业 is no fix)
                pattern = (re.escape(before + word[:j]) + r"([\u4e00-\u9fff])" + re.escape(word[j + 1:] + after))
                found |= {word[:j] + m.group(1) + word[j + 1:] for m in re.finditer(pattern, self.text)}
            found.discard(word)
            return found.pop() if len(found) == 1 else None

        # the words on both sides, else those on one side (能繁毋猪保持 against 能繁母猪保持在): two characters or more
        for before, after in ((left, right), (left, ""), ("", right)):
            if len(before) + len(after) >= 2 and (hit := self._scanned(("mistyped", before, word, after),
                                                                        lambda b=before, a=after: find(b, a))):
                return hit
        return None

    def near_each_other(self, words: list[str], window: int = 30) -> bool:
        """Whether the words occur together somewhere in the corpus, each within a few characters of the
        next, in either order (食品 and 安全 in 食品安全 or 食品生产安全; not in two unrelated sentences)."""
        gap = rf"[^。；;.]{{0,{window}}}?"
        return self._scanned(("near", window, *words), lambda: all(
            re.search(re.escape(a) + gap + re.escape(b), self.text) or re.search(re.escape(b) + gap + re.escape(a), self.text)
            for a, b in zip(words, words[1:], strict=False)))

    def written_after_others(self, word: str) -> bool:
        """Whether the corpus writes ``word`` after two other characters (高速 in 临滕高速): a head the notices
        name several things of."""
        return self._scanned(("after", word), lambda: re.search(
            rf"[\u4e00-\u9fff]{{2}}{re.escape(norm(word))}", self.text) is not None)

    def occurrences(self, word: str) -> int:
        """How often the corpus writes ``word`` (counted once per word)."""
        return self._scanned(("count", word), lambda: self.text.count(norm(word)))

    def written_right_after(self, word: str) -> tuple[str, ...]:
        """The two characters the corpus writes right after ``word``, each distinct pair once (污水 → 处理 of
        污水处理厂, 治理 of 污水治理): the words a thing is said with."""
        return self._scanned(("right_after", word), lambda: tuple(sorted({m.group(1) for m in re.finditer(
            rf"{re.escape(norm(word))}([\u4e00-\u9fff]{{2}})", self.text)})))

    def _scanned(self, key: tuple, scan):
        """A lookup that scans the whole corpus text, done once per key; the kept answers are bounded
        (their keys come from questions, whatever is asked)."""
        cache = self.__dict__.setdefault("_scans", {})
        if key not in cache:
            if len(cache) >= _CACHED:
                cache.clear()
            cache[key] = scan()
        return cache[key]

    def official(self, word: str) -> tuple[str, ...]:
        """The corpus's own words for an everyday word (小孩 → 儿童), from ``data/colloquial.tsv``."""
        return self._held("colloquial.tsv", word)

    def narrower(self, word: str) -> tuple[str, ...]:
        """The corpus's names of kinds of a thing it may write instead of the thing (光伏 → 农光互补), from
        ``data/narrower_terms.tsv``."""
        return self._held("narrower_terms.tsv", word)

    def _held(self, table: str, word: str) -> tuple[str, ...]:
        """The words a vocabulary table gives for a word, those the corpus holds."""
        return tuple(w for w in vocab.grouped(table).get(word, ()) if self.known(w))

    def colloquial_in(self, text: str) -> list[tuple[str, tuple[str, ...]]]:
        """Everyday words of two or more characters found in a text (and not themselves in the
        corpus), with their official words that the corpus uses."""
        out = []
        for word, official in vocab.grouped("colloquial.tsv").items():
            if len(word) >= 2 and word in text and not self.known(word):
                found = tuple(w for w in official if self.known(w) and w not in text)
                if found:
                    out.append((word, found))
        return out
