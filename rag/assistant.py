"""The public facade: open a corpus and its index, ask questions, look things up.

>>> from rag import Assistant                            # doctest: +SKIP
>>> a = Assistant.open("corpus", "index")               # doctest: +SKIP
>>> a.ask("老旧小区改造谁牵头？").citations[0].task       # doctest: +SKIP
26

On a shared store (several servers on one Milvus), the index's live generation is the truth and
the corpus folder follows it: opening, reloading and every admin change first make the folder
hold the generation's files, and answers check every few seconds whether another server switched.
"""

from __future__ import annotations

import dataclasses
import random
import sys
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from .answer import Answerer
from .corpus import (
    add_notice,
    check_new_notice,
    fingerprint_files,
    load_corpus,
    restore,
    restore_version,
    retire,
    same_notice,
    sync_folder,
    versions,
)
from .embed import Embedder, get_embedder
from .errors import (
    CorpusError,
    IndexConflict,
    IndexCorrupt,
    IndexMismatch,
    IndexMissing,
    NoticeError,
    PolicyQAError,
    QuestionError,
)
from .lexicon import Lexicon
from .retrieve import HybridRetriever
from .rules import reading_rules
from .store import FaissStore, IndexStore, Manifest, Progress, check_fresh
from .task_texts import TaskTexts
from .types import Answer, Citation, Notice, Task
from .units import UnitDirectory, UnitSummary

if TYPE_CHECKING:
    from .parse import ParsedNotice

T = TypeVar("T")

FOLLOW_SECONDS = 2.0  # on a shared store, answers check for another server's switch at most this often
ATTEMPTS = 3  # an admin change tries this often when other servers keep switching the shared index under it


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
        self.rebuilding = False  # a background rebuild is running; the previous index serves meanwhile
        self.shared = bool(getattr(self.store, "shared", False))  # FaissStore: False, MilvusStore: True
        self.follow_seconds = FOLLOW_SECONDS
        self._generation: str | None = None  # shared store: the generation the folder was synced to and loaded
        self._checked = time.monotonic()
        self._follow_error = ""
        self._warm = False  # load jieba's own dictionary with every index (warm())

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
        if rebuild not in ("auto", "never", "always", "background"):
            raise ValueError(f"rebuild must be 'auto', 'never', 'always' or 'background', got {rebuild!r}")
        emb = embedder if embedder is not None and not isinstance(embedder, str) else get_embedder(embedder)
        a = cls(corpus_dir, index_dir, emb)
        a._sync()
        if rebuild == "background" and a.needs_build():
            try:  # serve the last good index at once; the rebuild swaps in when done
                a._load(check_corpus=False)
            except (IndexMissing, IndexMismatch, IndexCorrupt):
                a.build(progress)
                a._load()
                return a
            a.rebuilding = True
            threading.Thread(target=a._rebuild_quietly, args=(progress,), daemon=True, name="policyqa-rebuild").start()
            return a
        if rebuild == "always" or (rebuild == "auto" and a.needs_build()):
            a.build(progress)
        a._load()
        return a

    def _rebuild_quietly(self, progress: Progress | None) -> None:
        with self._lock:
            try:
                self.build(progress)
                self._load()
            except PolicyQAError as exc:  # the old index keeps serving; the error is said once
                import sys

                print(f"background rebuild failed, still serving the previous index: {exc}", file=sys.stderr)
            finally:
                self.rebuilding = False

    # ---- index lifecycle ---------------------------------------------------------
    def needs_build(self) -> bool:
        """True when the index is missing or was built from another corpus.

        An index from another embedder is not rebuilt silently: loading it
        raises IndexMismatch, which says to run ``policyqa index``.
        """
        try:
            manifest = self.store.read_manifest()
            check_fresh(manifest, manifest.embedder, fingerprint_files(self.corpus_dir), reading_rules())
        except (IndexMissing, IndexMismatch):
            return True
        return False

    def build(self, progress: Progress | None = None, parent: str | None = None) -> str:
        """Parse the corpus and (re)build the index; the old one serves until the switch.

        Args:
            parent: on a shared store, the generation the corpus folder was synced from: the build
                switches only while it is live, and raises IndexConflict otherwise.
        """
        corpus = load_corpus(self.corpus_dir)
        if parent is None:
            return self.store.build(corpus, self.embedder, progress)
        return self.store.build(corpus, self.embedder, progress, parent=parent)

    def warm(self) -> None:
        """Load what the first questions would otherwise load (jieba's own dictionary, the tasks' normalised texts,
        the corpus's character pairs), now and after every reload: for a server, where starting is not what is
        timed."""
        self._warm = True
        state = self._s
        state.index.tokenizer.load_dictionary()
        state.answerer.reader.warm()  # (the tasks' shared text too: the executor and the unit directory read it)

    def reload(self) -> None:
        """Load the live index again (after ``build``, or after another process rebuilt it)."""
        self._load()

    def _load(self, check_corpus: bool = True) -> None:
        for attempt in range(1, ATTEMPTS + 1):
            generation = self._sync()
            try:
                index = self.store.load(self.embedder.id, fingerprint_files(self.corpus_dir) if check_corpus else None)
                break
            except IndexMismatch:  # on a shared store, another server may have switched between sync and load
                if generation is None or attempt == ATTEMPTS or self.store.generation() == generation:
                    raise
        texts = TaskTexts(index.tasks, index.notices)
        units = UnitDirectory(index.tasks, texts)
        lexicon = Lexicon(index.tasks, index.notices, units, index.tokenizer,
                          frozenset(index.bm25.vocabulary()), index.glossary, texts)
        answerer = Answerer(index, HybridRetriever(index, self.embedder, **self.retrieval), lexicon)
        if self._warm:
            index.tokenizer.load_dictionary()
        self._state = _State(index, units, answerer)
        self._generation = generation

    def _sync(self) -> str | None:
        """On a shared store, make the corpus folder hold the live generation's files (others go to
        ``.versions/``); returns that generation, or None (not shared, no index yet, or a generation
        from before generations stored their corpus)."""
        if not self.shared:
            return None
        store = self.store
        try:
            generation = store.generation()
            wanted = store.corpus_fingerprint(generation)
            names = store.corpus_names(generation)
        except IndexMissing:
            return None
        sync_folder(self.corpus_dir, wanted, lambda missing: store.corpus_files(generation, missing), names)
        return generation

    def _follow(self) -> None:
        """On a shared store, pick up another server's switch (sync the folder, reload): at most every
        ``follow_seconds``, one cheap read when nothing changed, and never while this server is itself
        changing the corpus or rebuilding (it holds the lock then)."""
        if not self.shared or time.monotonic() - self._checked < self.follow_seconds:
            return
        if not self._lock.acquire(blocking=False):
            return
        try:
            self._checked = time.monotonic()
            if self.store.generation() != self._generation:
                self._load()
            self._follow_error = ""
        except (PolicyQAError, OSError) as exc:  # keep answering from the loaded generation; the next check retries
            if str(exc) != self._follow_error:  # said once, not every few seconds
                print(f"could not follow the shared index, still serving the loaded one: {exc}", file=sys.stderr)
            self._follow_error = str(exc)
        finally:
            self._lock.release()

    @property
    def _s(self) -> _State:
        self._follow()
        assert self._state is not None, "Assistant.open() loads the index"
        return self._state

    # ---- questions -------------------------------------------------------------------
    def ask(self, question: str, history: Sequence[str | Mapping[str, object]] = ()) -> Answer:
        """Answer a question with citations (or an honest abstention).

        Args:
            history: the earlier questions of the conversation, oldest first, or its chat messages
                ``{"role": "user" | "assistant", "content": …}``; a follow-up (``那责任单位呢？``) takes what
                it lacks from them (and from the tasks each reply cited).

        Raises:
            QuestionError: empty or over-long question.
        """
        return self._s.answerer.answer(question, history)

    def answer_memo(self) -> tuple[int, int, int]:
        """(hits, misses, answers kept) of the memo that serves repeated questions (see :mod:`rag.memo`)."""
        memo = self._s.answerer.memo
        return memo.hits, memo.misses, len(memo)

    def forget_answers(self) -> None:
        """Empty the memo of answers (a load test starts from nothing remembered)."""
        self._s.answerer.memo.clear()

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

    def task_at(self, doc_id: str, seq: int) -> Task:
        """One task by document and position (``Task.seq``, ``Citation.seq``); KeyError when absent."""
        for t in self.tasks:
            if t.doc_id == doc_id and t.seq == seq:
                return t
        raise KeyError(f"no task at position {seq} in {doc_id}")

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

    # ---- searching tasks (the task browser, unit lookup) ------------------------------------
    def search_tasks(self, text: str, limit: int = 50) -> list[Task]:
        """Tasks about ``text`` by the same reading as questions: every task that carries its words
        (老旧小区改造 finds 改造老旧小区), else the nearest by hybrid search; a unit name lists its tasks."""
        text = (text or "").strip()[:200]
        if not text:
            return list(self.tasks)
        from .query import Ask

        answerer = self._s.answerer
        try:
            query = answerer.reader.read(text)
        except QuestionError:
            return []
        result = answerer.executor.run(dataclasses.replace(query, ask=Ask.LIST, out_of_scope="", area=""))
        rows = list(dict.fromkeys(m.row for m in result.matches))
        if not rows and not result.abstain:
            ranking = answerer.retriever.rank(text)
            rows = [r for r, _ in ranking.fused[:10]]
        return [self.tasks[r] for r in rows[:limit]]

    def resolve_unit(self, text: str) -> str | None:
        """A unit by full name, short name, former or English name, a sound-alike typo, or a part of its
        name that only one unit has (大数据局 → 区大数据中心, 财政 → 区财政局)."""
        d = self._s.units
        name = d.resolve(text)
        if name or not text.strip():
            return name
        key = text.strip().rstrip("局委办中心部门")
        hits = [n for n in d.names if key and key in n]
        return hits[0] if len(hits) == 1 else None

    # ---- notices --------------------------------------------------------------------------
    def preview_notice(self, data: bytes, filename: str, replace: bool = False) -> ParsedNotice:
        """Parse an uploaded notice and check it can join the corpus (or replace its older version); writes nothing."""
        self._follow()
        return check_new_notice(load_corpus(self.corpus_dir), data, filename, replace)

    def preview_upload(self, data: bytes, filename: str) -> tuple[ParsedNotice, ParsedNotice | None]:
        """Parse an upload and check it: (the notice, the corpus's version it would replace or None).
        Raises NoticeError for anything that cannot join the corpus either way; writes nothing."""
        self._follow()
        corpus = load_corpus(self.corpus_dir)
        try:
            return check_new_notice(corpus, data, filename), None
        except NoticeError:
            parsed = check_new_notice(corpus, data, filename, replace=True)  # the same reason again unless a new version
            return parsed, same_notice(corpus, parsed)

    def existing_version(self, parsed: ParsedNotice) -> ParsedNotice | None:
        """The corpus's notice that an upload is a new version of (same 文号 however spelled), or None."""
        self._follow()
        return same_notice(load_corpus(self.corpus_dir), parsed)

    def add_notice(self, data: bytes, filename: str, progress: Progress | None = None, replace: bool = False) -> Notice:
        """Add a notice to the corpus (or replace its older version) and rebuild the index; on error nothing changes.

        The new index is built before it replaces the old one, and the answerer is swapped
        whole, so questions keep being answered meanwhile. A replaced version is kept in the
        corpus's ``.versions/`` folder.
        """
        def change() -> tuple[Path, Callable[[], None]]:
            before = set(versions(self.corpus_dir))
            path = add_notice(load_corpus(self.corpus_dir), data, filename, replace)

            def undo() -> None:
                path.unlink(missing_ok=True)
                for v in set(versions(self.corpus_dir)) - before:
                    restore(self.corpus_dir, v)

            return path, undo

        path = self._change(change, progress)
        return next(n for n in self.notices if n.source == path.name)

    def delete_notice(self, doc_id: str, progress: Progress | None = None) -> str:
        """Take a notice out of the corpus (kept in ``.versions/``, restorable) and rebuild; returns the kept version."""
        def change() -> tuple[str, Callable[[], None]]:
            notice = next((n for n in self.notices if n.doc_id == doc_id), None)
            if notice is None:
                raise CorpusError(f"语料中没有文号为 {doc_id} 的通知")
            if len(self.notices) == 1:
                raise CorpusError("语料中至少要保留一份通知，不能删除最后一份")
            kept = retire(self.corpus_dir, notice.source)
            return kept.name, lambda: restore(self.corpus_dir, kept.name)

        return self._change(change, progress)

    def restore_notice(self, version: str, progress: Progress | None = None) -> None:
        """Put a kept version back into the corpus (keeping the notice it supersedes) and rebuild."""
        def change() -> tuple[None, Callable[[], None]]:
            path, kept = restore_version(load_corpus(self.corpus_dir), version)

            def undo() -> None:
                retire(self.corpus_dir, path.name)
                if kept is not None:
                    restore(self.corpus_dir, kept.name)

            return None, undo

        self._change(change, progress)

    def _change(self, change: Callable[[], tuple[T, Callable[[], None]]], progress: Progress | None) -> T:
        """Change the corpus folder (``change`` returns its result and how to undo it), rebuild and load;
        if anything fails the change is undone.

        On a shared store the folder is first synced to the live generation, so the build starts from
        every other server's uploads, and it switches only if that generation is still live. When another
        server switched meanwhile (IndexConflict), the change is undone, the folder synced again and the
        change made and built again, up to ATTEMPTS times; a change that no longer applies then (the same
        notice uploaded on both servers) fails as it would have on one server.
        """
        with self._lock:
            for attempt in range(1, ATTEMPTS + 1):
                if self.shared and self.store.generation() != self._generation:
                    self._load()
                result, undo = change()
                try:
                    self.build(progress, parent=self._generation)
                except IndexConflict:
                    undo()
                    if attempt == ATTEMPTS:
                        raise
                    time.sleep(random.uniform(0.1, 1.0))  # two builds that gave each other way do not meet again
                    continue
                except BaseException:
                    undo()  # keep corpus and index consistent
                    raise
                self._load()
                return result
        raise AssertionError("unreachable")

    def notice_versions(self) -> list[str]:
        """Replaced or deleted notice files kept in ``.versions/``, newest first."""
        self._follow()
        return versions(self.corpus_dir)
