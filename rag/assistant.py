"""The public facade: open a corpus and its index, ask questions, look things up.

>>> from rag import Assistant                            # doctest: +SKIP
>>> a = Assistant.open("corpus", "index")               # doctest: +SKIP
>>> a.ask("老旧小区改造谁牵头？").citations[0].task       # doctest: +SKIP
26
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .answer import Answerer
from .corpus import add_notice, check_new_notice, fingerprint_files, load_corpus
from .embed import Embedder, get_embedder
from .errors import IndexMismatch, IndexMissing
from .lexicon import Lexicon
from .parse import ParsedNotice
from .retrieve import HybridRetriever
from .store import FaissStore, IndexStore, Manifest, Progress, check_fresh
from .types import Answer, Citation, Notice, Task
from .units import UnitDirectory, UnitSummary


@dataclass(frozen=True)
class _State:
    """One consistent generation of index + answerer (swapped whole on reload)."""

    index: object
    units: UnitDirectory
    answerer: Answerer


class Assistant:
    """Questions and lookups over a corpus folder and its index directory."""

    def __init__(self, corpus_dir: str | Path, index_dir: str | Path | IndexStore, embedder: Embedder):
        self.corpus_dir, self.embedder = Path(corpus_dir), embedder
        self.store: IndexStore = index_dir if not isinstance(index_dir, str | Path) else FaissStore(index_dir)
        self._lock = threading.Lock()
        self.retrieval: dict = {}  # HybridRetriever options (fusion, dense_weight, depth), for experiments
        self._state: _State | None = None

    @classmethod
    def open(cls, corpus_dir: str | Path = "corpus", index_dir: str | Path | IndexStore = "index",
             embedder: Embedder | str | None = None, rebuild: str = "auto",
             progress: Progress | None = None) -> Assistant:
        """Load the index, building it first when needed.

        Args:
            rebuild: ``"auto"`` builds when the index is missing or the corpus
                changed; ``"never"`` raises instead; ``"always"`` rebuilds.

        Raises:
            IndexMissing, IndexMismatch, IndexCorrupt, CorpusError, NoticeError, EmbedderError.
        """
        if rebuild not in ("auto", "never", "always"):
            raise ValueError(f"rebuild must be 'auto', 'never' or 'always', got {rebuild!r}")
        emb = embedder if embedder is not None and not isinstance(embedder, str) else get_embedder(embedder)
        a = cls(corpus_dir, index_dir, emb)
        if rebuild == "always" or (rebuild == "auto" and a.needs_build()):
            a.build(progress)
        a._load()
        return a

    # ---- index lifecycle ---------------------------------------------------------
    def needs_build(self) -> bool:
        """True when the index is missing or was built from another corpus.

        An index from another embedder is not rebuilt silently: loading it
        raises IndexMismatch, which says to run ``policyqa index``.
        """
        try:
            manifest = self.store.read_manifest()
            check_fresh(manifest, manifest.embedder, fingerprint_files(self.corpus_dir))
        except (IndexMissing, IndexMismatch):
            return True
        return False

    def build(self, progress: Progress | None = None) -> str:
        """Parse the corpus and (re)build the index; the old one serves until the switch."""
        corpus = load_corpus(self.corpus_dir)
        return self.store.build(corpus, self.embedder, progress)

    def reload(self) -> None:
        """Load the live index again (after ``build``, or after another process rebuilt it)."""
        self._load()

    def _load(self) -> None:
        index = self.store.load(self.embedder.id, fingerprint_files(self.corpus_dir))
        units = UnitDirectory(index.tasks)
        lexicon = Lexicon(index.tasks, index.notices, units, index.tokenizer,
                          frozenset(index.bm25.vocabulary()), index.glossary)
        answerer = Answerer(index, HybridRetriever(index, self.embedder, **self.retrieval), lexicon)
        self._state = _State(index, units, answerer)

    @property
    def _s(self) -> _State:
        assert self._state is not None, "Assistant.open() loads the index"
        return self._state

    # ---- questions -------------------------------------------------------------------
    def ask(self, question: str, history: Sequence[str] = ()) -> Answer:
        """Answer a question with citations (or an honest abstention).

        Args:
            history: the earlier questions of the conversation, oldest first; a follow-up
                (``那责任单位呢？``) takes what it lacks from them.

        Raises:
            QuestionError: empty or over-long question.
        """
        return self._s.answerer.answer(question, history)

    def check_draft(self, text: str) -> list:
        """Each sentence of a draft with the task it refers to and what the notice contradicts
        (see :mod:`rag.draft`).

        Raises:
            QuestionError: the draft is empty or too long.
        """
        from .draft import DraftChecker

        return DraftChecker(self._s.answerer).check(text)

    # ---- lookups ----------------------------------------------------------------------
    @property
    def manifest(self) -> Manifest:
        return self._s.index.manifest

    @property
    def notices(self) -> tuple[Notice, ...]:
        return self._s.index.notices

    @property
    def tasks(self) -> tuple[Task, ...]:
        return self._s.index.tasks

    def task(self, doc_id: str, key: int | str) -> Task:
        """One task by document and its number (``26``) or key (``第三部分.2`` where numbers restart);
        KeyError names what was asked."""
        for t in self.tasks:
            if t.doc_id == doc_id and (t.key == str(key) or (isinstance(key, int) and t.number == key and not t.ref)):
                return t
        raise KeyError(f"no task {key} in {doc_id}")

    def cited(self, citation: Citation) -> Task:
        """The task a citation points at (by document and position)."""
        for t in self.tasks:
            if t.doc_id == citation.doc and t.seq == citation.seq:
                return t
        raise KeyError(f"no task {citation.label} in {citation.doc}")

    def units(self) -> list[UnitSummary]:
        """Every unit with the tasks it leads and those where it is 责任单位, by name."""
        d = self._s.units
        return [d.summary(n) for n in d.names]

    def unit(self, name_or_alias: str) -> UnitSummary:
        """One unit by full name, short name (住建局) or English name; KeyError if unknown."""
        name = self._s.units.resolve(name_or_alias)
        if name is None:
            raise KeyError(f"no unit matches {name_or_alias!r}")
        return self._s.units.summary(name)

    @property
    def unit_directory(self) -> UnitDirectory:
        """Unit names and aliases of the loaded corpus (find_in, resolve, summary)."""
        return self._s.units

    def retriever(self) -> HybridRetriever:
        return self._s.answerer.retriever

    # ---- adding notices ------------------------------------------------------------------
    def preview_notice(self, data: bytes, filename: str) -> ParsedNotice:
        """Parse an uploaded notice and check it can join the corpus; writes nothing."""
        return check_new_notice(load_corpus(self.corpus_dir), data, filename)

    def add_notice(self, data: bytes, filename: str, progress: Progress | None = None) -> Notice:
        """Add a notice to the corpus and rebuild the index; on error nothing changes.

        The new index is built before it replaces the old one, and the answerer
        is swapped whole, so questions keep being answered meanwhile.
        """
        with self._lock:
            corpus = load_corpus(self.corpus_dir)
            path = add_notice(corpus, data, filename)
            try:
                self.build(progress)
            except BaseException:
                path.unlink(missing_ok=True)  # keep corpus and index consistent
                raise
            self._load()
            return next(n for n in self.notices if n.source == path.name)
