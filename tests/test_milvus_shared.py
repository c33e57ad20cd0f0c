"""Several servers on one Milvus: the corpus travels with each generation, and every server follows it.

One Milvus Lite server on 127.0.0.1 serves the whole module; each test uses its own collection prefix.
"""

from __future__ import annotations

import itertools
import json
import threading
import time
from pathlib import Path

import pytest

pytest.importorskip("pymilvus")
pytest.importorskip("milvus_lite")

from conftest import HashEmbedder, notice_text  # noqa: E402

import rag.assistant  # noqa: E402
from rag import Assistant  # noqa: E402
from rag.chunks import chunk_texts  # noqa: E402
from rag.corpus import add_notice, fingerprint_files, load_corpus, original_names, versions  # noqa: E402
from rag.errors import IndexConflict, IndexCorrupt  # noqa: E402
from rag.milvus_store import MilvusStore  # noqa: E402

A_DOC, B_DOC, C_DOC = "测政办字〔2024〕3号", "测政办字〔2024〕4号", "测政办字〔2024〕5号"
_PREFIXES = itertools.count(1)


@pytest.fixture(scope="module", autouse=True)
def fast_builds():
    """jieba loads its dictionary anew for each Tokenizer (~1.4 s): builds and loads share one per word list.
    The English glossary reads CC-CEDICT for each build (~1.2 s) and these Chinese questions do not use it."""
    from support.tokenizers import shared_tokenizers

    import rag.milvus_store

    with shared_tokenizers(rag.milvus_store, build_glossary=lambda terms: {}):
        yield


@pytest.fixture(scope="module")
def milvus_uri(tmp_path_factory):
    """A Milvus Lite server on loopback for the module (``milvus-lite server``), stopped at the end."""
    from support.milvus import milvus_lite_server

    with milvus_lite_server(tmp_path_factory.mktemp("milvus-shared") / "shared.db") as uri:
        yield uri


@pytest.fixture
def store(milvus_uri):
    """A fresh index (its own collection prefix) on the module's server."""
    s = MilvusStore(milvus_uri, prefix=f"t{next(_PREFIXES)}")
    yield s
    s.close()


def twin(store: MilvusStore) -> MilvusStore:
    """The same index through another connection, as another server has it."""
    return MilvusStore(store.uri, prefix=store.prefix)


def notice(doc_id: str, topic: str, tasks: int = 3) -> bytes:
    return notice_text(doc_id, tasks, topic).encode("utf-8")


def servers(store: MilvusStore, tmp_path: Path, make_notice) -> tuple[Assistant, Assistant]:
    """Server A opens its corpus (one notice) and builds; server B starts with an empty corpus folder."""
    make_notice("a.txt", doc_id=A_DOC, tasks=5, topic="数字乡村", folder=tmp_path / "a")
    a = Assistant.open(tmp_path / "a", store, embedder=HashEmbedder())
    b = Assistant.open(tmp_path / "b", twin(store), embedder=HashEmbedder())
    return a, b


def cites(assistant: Assistant, question: str, doc: str) -> bool:
    return any(c.doc == doc for c in assistant.ask(question).citations)


# ---- the corpus in each generation -------------------------------------------------------------------
def test_a_generation_stores_the_corpus_files_and_upload_names_it_was_built_from(store, make_notice, tmp_path):
    folder = tmp_path / "corpus"
    make_notice("a.txt", doc_id=A_DOC, tasks=3, folder=folder)
    add_notice(load_corpus(folder), notice(B_DOC, "城市更新"), "城市更新通知（定稿）.txt")
    store.build(load_corpus(folder), HashEmbedder())
    files = {p.name: p.read_bytes() for p in folder.iterdir() if p.suffix == ".txt"}

    other = twin(store)
    assert other.corpus_files() == files
    assert other.corpus_fingerprint() == fingerprint_files(folder) == other.read_manifest().corpus
    assert other.corpus_names() == original_names(folder) == {f"{B_DOC}.txt": "城市更新通知（定稿）.txt"}
    assert other.corpus_files(only=["a.txt"]) == {"a.txt": files["a.txt"]}

    generation = other.generation()
    sha = other.corpus_fingerprint()["a.txt"]
    other.client().upsert(other.meta, [{"key": f"{generation}/{sha}/0", "generation": generation, "name": sha,
                                        "part": 0, "value": "AAAA", "dummy": [1.0, 0.0]}])
    with pytest.raises(IndexCorrupt, match="corpus file"):
        other.corpus_files(only=["a.txt"])


def test_a_build_switches_only_from_the_generation_it_started_from(store, make_notice, tmp_path):
    folder = tmp_path / "corpus"
    make_notice("a.txt", doc_id=A_DOC, tasks=3, folder=folder)
    store.build(load_corpus(folder), HashEmbedder())
    first = store.generation()
    store.build(load_corpus(folder), HashEmbedder(), parent=first)
    second = store.generation()
    make_notice("b.txt", doc_id=B_DOC, tasks=3, folder=folder)
    with pytest.raises(IndexConflict, match=f"started from generation {first}.*{second} replaced it"):
        store.build(load_corpus(folder), HashEmbedder(), parent=first)  # built from a corpus synced before `second`
    assert store.generation() == second and store.read_manifest().count == 3
    assert store.generations() == [first, second]  # the refused generation is dropped

    # Another build that claimed the same parent a moment ago (it has not switched yet) wins too.
    rival = "g00000000000000_1_1"
    store._put(store.client(), rival, "claim", json.dumps({"parent": second, "at": time.time()}))
    with pytest.raises(IndexConflict, match=f"build {rival} is switching from it too"):
        store.build(load_corpus(folder), HashEmbedder(), parent=second)
    store._put(store.client(), rival, "claim", json.dumps({"parent": second, "at": time.time() - 600}))  # crashed long ago
    store.build(load_corpus(folder), HashEmbedder(), parent=second)
    assert store.read_manifest().count == 6


class CountingEmbedder(HashEmbedder):
    def __init__(self, id: str = HashEmbedder.id):
        self.id, self.embedded = id, []

    def embed_passages(self, texts: list[str]):
        self.embedded += texts
        return super().embed_passages(texts)


def test_a_rebuild_embeds_only_passages_the_live_generation_lacks(store, make_notice, tmp_path):
    folder = tmp_path / "corpus"
    make_notice("a.txt", doc_id=A_DOC, tasks=5, folder=folder)
    first = CountingEmbedder()
    store.build(load_corpus(folder), first)
    make_notice("b.txt", doc_id=B_DOC, tasks=3, topic="城市更新", folder=folder)
    again = CountingEmbedder()
    store.build(load_corpus(folder), again)
    new = [t for t in again.embedded if "城市更新" in t]
    assert again.embedded and again.embedded == new and len(set(first.embedded) & set(again.embedded)) == 0
    index = store.load(HashEmbedder.id)
    for row, task in enumerate(index.tasks):  # each reused vector is stored with its own passage
        for text in chunk_texts(task):
            assert dict(index.dense.search(HashEmbedder().embed_query(text), 8))[row] == pytest.approx(1.0, abs=1e-5)

    other = CountingEmbedder(id="test:other-model")
    store.build(load_corpus(folder), other)  # another model: nothing is reused
    assert len(other.embedded) == len(first.embedded) + len(new)


# ---- servers following the shared store ------------------------------------------------------------------
def test_an_upload_on_one_server_is_answered_by_the_other_and_lands_in_its_folder(store, make_notice, tmp_path):
    a, b = servers(store, tmp_path, make_notice)
    assert fingerprint_files(tmp_path / "b") == fingerprint_files(tmp_path / "a")  # B's empty folder was synced on open
    question = "城市更新工作谁牵头？"
    assert not cites(b, question, C_DOC)

    added = a.add_notice(notice(C_DOC, "城市更新"), "城市更新.txt")
    b.follow_seconds = 0  # instead of waiting FOLLOW_SECONDS
    assert cites(b, question, C_DOC)
    assert (tmp_path / "b" / added.source).read_bytes() == notice(C_DOC, "城市更新")
    assert original_names(tmp_path / "b")[added.source] == "城市更新.txt"
    assert [n.doc_id for n in b.notices] == [n.doc_id for n in a.notices]

    b.delete_notice(C_DOC)
    a.follow_seconds = 0
    assert not cites(a, question, C_DOC) and C_DOC not in {n.doc_id for n in a.notices}
    assert not (tmp_path / "a" / added.source).exists()
    assert any(v.endswith(added.source) for v in versions(tmp_path / "a"))  # kept, restorable on A as well


def test_a_rebuild_on_one_server_never_drops_a_notice_the_other_added(store, make_notice, tmp_path):
    a, b = servers(store, tmp_path, make_notice)
    b.follow_seconds = 3600  # B does not look before its own upload
    a.add_notice(notice(B_DOC, "城市更新"), "b.txt")
    assert B_DOC not in {n.doc_id for n in b.notices}
    b.add_notice(notice(C_DOC, "生态保护"), "c.txt")  # syncs to A's generation before it builds
    expected = {A_DOC, B_DOC, C_DOC}
    assert {n.doc_id for n in b.notices} == expected
    a.follow_seconds = 0
    assert {n.doc_id for n in a.notices} == expected
    assert fingerprint_files(tmp_path / "a") == fingerprint_files(tmp_path / "b") == store.read_manifest().corpus


class GatedEmbedder(HashEmbedder):
    """Holds a build in its embedding step until ``go`` is set (to let another server sync meanwhile)."""

    def __init__(self):
        self.waiting, self.go = threading.Event(), threading.Event()

    def embed_passages(self, texts: list[str]):
        if any("生态保护" in t for t in texts) and not self.go.is_set():
            self.waiting.set()
            assert self.go.wait(60)
        return super().embed_passages(texts)


def upload_at_the_same_moment(store, make_notice, tmp_path, monkeypatch):
    """B's build runs while A syncs and uploads from the same generation; B switches first. Returns
    (A, B, A's outcome: the added Notice or the exception, the conflicts A's builds met)."""
    a, b = servers(store, tmp_path, make_notice)
    a.follow_seconds = b.follow_seconds = 3600  # neither looks but when it changes the corpus
    gate = GatedEmbedder()
    b.embedder = gate
    conflicts = []
    claim = MilvusStore._claim

    def watched(self, client, generation, parent):
        try:
            claim(self, client, generation, parent)
        except IndexConflict as exc:
            conflicts.append(exc)
            raise

    monkeypatch.setattr(MilvusStore, "_claim", watched)
    b_upload = threading.Thread(target=b.add_notice, args=(notice(C_DOC, "生态保护"), "c.txt"))
    b_upload.start()
    assert gate.waiting.wait(60)
    outcome = {}

    def a_upload():
        try:
            outcome["a"] = a.add_notice(notice(B_DOC, "城市更新"), "b.txt")
        except IndexConflict as exc:
            outcome["a"] = exc

    a_thread = threading.Thread(target=a_upload)
    a_thread.start()
    deadline = time.time() + 60
    while not (tmp_path / "a" / f"{B_DOC}.txt").exists():  # A has synced and written its file
        assert time.time() < deadline
        time.sleep(0.02)
    time.sleep(0.2)  # A's build now waits for B's to finish
    gate.go.set()
    b_upload.join(60)
    a_thread.join(60)
    return a, b, outcome["a"], conflicts


def test_two_uploads_at_the_same_moment_both_land(store, make_notice, tmp_path, monkeypatch):
    a, b, outcome, conflicts = upload_at_the_same_moment(store, make_notice, tmp_path, monkeypatch)
    assert outcome.doc_id == B_DOC
    assert len(conflicts) == 1  # A's first build started from the generation B replaced; A synced and built again
    assert store.read_manifest().corpus.keys() == fingerprint_files(tmp_path / "a").keys()
    b.follow_seconds = 0
    assert {n.doc_id for n in b.notices} == {n.doc_id for n in a.notices} == {A_DOC, B_DOC, C_DOC}


def test_an_upload_that_keeps_losing_fails_cleanly(store, make_notice, tmp_path, monkeypatch):
    monkeypatch.setattr(rag.assistant, "ATTEMPTS", 1)
    a, b, outcome, conflicts = upload_at_the_same_moment(store, make_notice, tmp_path, monkeypatch)
    assert isinstance(outcome, IndexConflict) and len(conflicts) == 1
    assert not (tmp_path / "a" / f"{B_DOC}.txt").exists()  # A's change is undone
    assert {n.doc_id for n in a.notices} == {A_DOC}  # A still serves what it had, B's upload is live
    assert sorted(store.read_manifest().corpus) == ["a.txt", f"{C_DOC}.txt"]
    a.follow_seconds = 0
    assert {n.doc_id for n in a.notices} == {A_DOC, C_DOC}
