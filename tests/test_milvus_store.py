"""rag/milvus_store.py: the same answers as FAISS, generations, refusals, several readers of one Milvus."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import textwrap

import pytest

pytest.importorskip("pymilvus")
pytest.importorskip("milvus_lite")

from conftest import ROOT, SEED_PATH, HashEmbedder  # noqa: E402

from rag import Assistant  # noqa: E402
from rag.bm25 import BM25  # noqa: E402
from rag.corpus import fingerprint_files, load_corpus  # noqa: E402
from rag.errors import IndexCorrupt, IndexMismatch, IndexMissing  # noqa: E402
from rag.milvus_store import MilvusStore  # noqa: E402
from rag.store import FaissStore, open_store  # noqa: E402

QUESTIONS = [json.loads(line)["question"] for line in (ROOT / "eval" / "questions.jsonl").read_text(encoding="utf-8").splitlines()
             if line.strip()]


@pytest.fixture(scope="module", autouse=True)
def one_tokenizer_per_word_list():
    """Each build and load makes a Tokenizer, and jieba loads its dictionary anew each time (~1.4 s):
    the tests share one per word list, which tokenizes the same."""
    from support.tokenizers import shared_tokenizers

    import rag.milvus_store

    with shared_tokenizers(rag.milvus_store):
        yield


@pytest.fixture(scope="module")
def seed(tmp_path_factory):
    """The seed notice (89 tasks) built into FaissStore and into Milvus Lite, both loaded."""
    base = tmp_path_factory.mktemp("milvus-seed")
    (base / "corpus").mkdir()
    shutil.copy(SEED_PATH, base / "corpus" / SEED_PATH.name)
    corpus = load_corpus(base / "corpus")
    faiss_store, milvus_store = FaissStore(base / "index"), MilvusStore(base / "index" / "milvus.db")
    faiss_store.build(corpus, HashEmbedder())
    milvus_store.build(corpus, HashEmbedder())
    return {"base": base, "faiss": faiss_store, "milvus": milvus_store,
            "faiss_index": faiss_store.load(HashEmbedder.id), "milvus_index": milvus_store.load(HashEmbedder.id)}


@pytest.fixture
def small(make_notice, tmp_path):
    """A five-task corpus and an empty Milvus Lite file for tests that rebuild."""
    make_notice("a.txt", doc_id="测政办字〔2024〕3号", tasks=5, topic="数字乡村")
    return tmp_path / "corpus", MilvusStore(tmp_path / "small.db")


def test_loads_the_tasks_and_notices_faiss_loads(seed):
    f, m = seed["faiss_index"], seed["milvus_index"]
    assert len(m.tasks) == 89
    assert m.tasks == f.tasks and m.notices == f.notices and m.glossary == f.glossary
    assert set(m.bm25.vocabulary()) == set(f.bm25.vocabulary())
    assert m.bm25.has_term("老旧小区") == f.bm25.has_term("老旧小区") and not m.bm25.has_term("不存在的词语")
    assert m.tokenizer.user_words == f.tokenizer.user_words
    for field in ("format", "format_version", "embedder", "dim", "count", "chunks", "corpus", "calibration"):
        assert getattr(m.manifest, field) == getattr(f.manifest, field), field
    assert str(m.path).startswith(str(seed["milvus"].uri) + "#g")


def _close(a: dict[int, float], b: dict[int, float], k: int) -> None:
    """Same rows and scores up to float32 rounding; the rows may differ only at a full list's cut, where scores tie."""
    for row in a.keys() & b.keys():
        assert a[row] == pytest.approx(b[row], rel=1e-5, abs=1e-6), row
    for ranking, other in ((a, b), (b, a)):
        for row in ranking.keys() - other.keys():
            assert len(ranking) == len(other) == k, row
            assert ranking[row] == pytest.approx(min(other.values()), rel=1e-5, abs=1e-6), row


def test_dense_and_bm25_scores_equal_faiss_and_rag_bm25(seed):
    f, m = seed["faiss_index"], seed["milvus_index"]
    embedder = HashEmbedder()
    for q in QUESTIONS:
        vector = embedder.embed_query(q)
        for k in (10, 89):
            _close(dict(f.dense.search(vector, k)), dict(m.dense.search(vector, k)), k)
        tokens = f.tokenizer.tokens(q)
        if tokens:
            _close(dict(f.bm25.top(tokens, 50)), dict(m.bm25.top(tokens, 50)), 50)
    assert m.dense.search(embedder.embed_query("老旧小区改造"), 0) == []
    with pytest.raises(ValueError):
        m.bm25.top(["老旧小区"], 0)
    assert m.bm25.top(["不存在的词语"], 5) == []


def test_filtered_scores_equal_faiss(seed):
    """A question filtered to some tasks scores only them, in Milvus as in FAISS (search_among, top_among,
    and scores_above, which searches only as deep as the floor needs)."""
    import numpy as np

    f, m = seed["faiss_index"], seed["milvus_index"]
    embedder = HashEmbedder()
    some = np.array([3, 25, 26, 40, 77, 88], dtype=np.int64)
    every = np.arange(len(f.tasks), dtype=np.int64)
    for q in QUESTIONS[:12]:
        vector = embedder.embed_query(q)
        for rows in (some, every):
            _close(dict(f.dense.search_among(vector, rows)), dict(m.dense.search_among(vector, rows)), len(rows))
            for floor in (0.2, 0.5):
                a, b = f.dense.scores_above(vector, rows, floor), m.dense.scores_above(vector, rows, floor)
                assert np.array_equal(np.isinf(a), np.isinf(b)), q
                assert np.allclose(a[~np.isinf(a)], b[~np.isinf(b)], atol=1e-4), q
        tokens = f.tokenizer.tokens(q)
        if tokens:
            _close(dict(f.bm25.top_among(tokens, some)), dict(m.bm25.top_among(tokens, some)), len(some))


def test_assistant_answers_are_identical_on_faiss_and_milvus(seed):
    corpus = seed["base"] / "corpus"
    on_faiss = Assistant.open(corpus, seed["faiss"], embedder=HashEmbedder(), rebuild="never")
    on_milvus = Assistant.open(corpus, seed["milvus"], embedder=HashEmbedder(), rebuild="never")
    assert len(QUESTIONS) >= 30
    for q in QUESTIONS:
        a, b = on_faiss.ask(q), on_milvus.ask(q)
        assert (b.answer, b.kind, b.abstained) == (a.answer, a.kind, a.abstained), q
        assert [(c.doc, c.task) for c in b.citations] == [(c.doc, c.task) for c in a.citations], q
        assert [(c.doc, c.task) for c in b.related] == [(c.doc, c.task) for c in a.related], q


def test_task_metadata_filters_run_in_milvus(seed):
    store, tasks = seed["milvus"], seed["milvus_index"].tasks
    unit = "区住房和城乡建设局"
    assert store.rows_where(f'array_contains(lead_units, "{unit}")') == [i for i, t in enumerate(tasks) if unit in t.lead_units]
    assert store.rows_where('units like "%responsible:区财政局%"') == [
        i for i, t in enumerate(tasks) if "区财政局" in t.responsible_units]
    assert [tasks[i].number for i in store.rows_where("number == 26 and section >= 1")] == [26]
    assert store.rows_where('doc_id == "没有这个文号"') == []


def test_open_store_gives_a_milvus_store(tmp_path):
    store = open_store("milvus", tmp_path / "index")
    assert isinstance(store, MilvusStore) and store.uri == str(tmp_path / "index" / "milvus.db")


def test_rebuild_is_seen_by_another_store_and_old_generations_are_dropped(small, make_notice):
    corpus, writer = small
    writer.build(load_corpus(corpus), HashEmbedder())
    reader = MilvusStore(writer.uri)
    first = reader.generation()
    held = reader.load(HashEmbedder.id, fingerprint_files(corpus))
    assert reader.read_manifest().count == 5

    make_notice("b.txt", doc_id="测政办字〔2024〕4号", tasks=3, topic="城市更新")
    writer.build(load_corpus(corpus), HashEmbedder())
    manifest = reader.read_manifest()
    assert reader.generation() != first and manifest.count == 8 and sorted(manifest.corpus) == ["a.txt", "b.txt"]
    assert len(reader.load(HashEmbedder.id, fingerprint_files(corpus)).tasks) == 8
    assert held.bm25.top(held.tokenizer.tokens("数字乡村建设"), 3)  # the previous generation stays as a spare for readers holding it
    assert reader.generations() == [first, reader.generation()]

    writer.build(load_corpus(corpus), HashEmbedder())
    assert first not in reader.generations() and len(reader.generations()) == 2
    with pytest.raises(IndexMismatch, match="reload"):
        held.dense.search(HashEmbedder().embed_query("数字乡村"), 3)


@pytest.mark.parametrize("step", ["_write_tasks", "_switch"])
def test_an_interrupted_build_leaves_the_previous_generation_live(small, make_notice, monkeypatch, step):
    corpus, store = small
    store.build(load_corpus(corpus), HashEmbedder())
    live, generations = store.generation(), store.generations()

    def crash(*args, **kwargs):
        raise KeyboardInterrupt

    make_notice("b.txt", doc_id="测政办字〔2024〕4号", tasks=3, topic="城市更新")
    monkeypatch.setattr(MilvusStore, step, crash)
    with pytest.raises(KeyboardInterrupt):
        store.build(load_corpus(corpus), HashEmbedder())
    assert store.generation() == live and store.generations() == generations  # the half-built one is gone
    assert len(MilvusStore(store.uri).load(HashEmbedder.id).tasks) == 5
    with pytest.raises(IndexMismatch, match="added: b.txt"):
        store.load(HashEmbedder.id, fingerprint_files(corpus))


def test_missing_mismatched_and_corrupt_indexes_are_named(small, tmp_path):
    corpus, store = small
    empty = MilvusStore(tmp_path / "nothing" / "empty.db")
    for call in (empty.read_manifest, lambda: empty.load(HashEmbedder.id)):
        with pytest.raises(IndexMissing, match="policyqa index"):
            call()
    assert not (tmp_path / "nothing").exists()  # reading creates no database
    store.client(create=True)  # an opened database holding no index
    with pytest.raises(IndexMissing, match="no collection policyqa_meta"):
        store.load(HashEmbedder.id)

    store.build(load_corpus(corpus), HashEmbedder())
    with pytest.raises(IndexMismatch, match="'test:hash-64'.*'other:model'"):
        store.load("other:model", fingerprint_files(corpus))
    with pytest.raises(IndexMismatch, match="changed: a.txt"):
        store.load(HashEmbedder.id, {"a.txt": "0" * 64})

    client, generation = store.client(), store.generation()
    client.upsert(store.meta, [{"key": f"{generation}/notices/0", "generation": generation, "name": "notices",
                                "part": 0, "value": "[]", "dummy": [1.0, 0.0]}])
    with pytest.raises(IndexCorrupt, match="notices is damaged"):
        store.load(HashEmbedder.id)


def test_bm25_in_memory_where_milvus_has_no_sparse_vectors(small, tmp_path):
    """A Milvus before 2.4 refuses a SPARSE_FLOAT_VECTOR field: the build stores token lists instead."""
    from pymilvus import DataType
    from pymilvus.exceptions import MilvusException

    corpus, sparse_store = small
    old_store = MilvusStore(tmp_path / "old.db")
    client = old_store.client(create=True)
    create = client.create_collection

    def without_sparse(name, *args, schema=None, **kwargs):
        if schema is not None and any(f.dtype == DataType.SPARSE_FLOAT_VECTOR for f in schema.fields):
            raise MilvusException(message="data type SparseFloatVector is not supported")
        return create(name, *args, schema=schema, **kwargs)

    client.create_collection = without_sparse
    for s in (sparse_store, old_store):
        s.build(load_corpus(corpus), HashEmbedder())
    in_milvus, in_memory = sparse_store.load(HashEmbedder.id), MilvusStore(old_store.uri).load(HashEmbedder.id)
    assert isinstance(in_memory.bm25, BM25) and not isinstance(in_milvus.bm25, BM25)
    assert in_memory.tasks == in_milvus.tasks
    for q in ("数字乡村建设任务", "区财政局", "第3项工作"):
        tokens = in_memory.tokenizer.tokens(q)
        assert dict(in_milvus.bm25.top(tokens, 5)) == pytest.approx(dict(in_memory.bm25.top(tokens, 5)), rel=1e-6)


def _python(code: str) -> list[str]:
    return [sys.executable, "-c", textwrap.dedent(code)]


def test_a_milvus_lite_file_is_refused_to_a_second_process(seed):
    held = seed["milvus"]
    held.read_manifest()  # this process holds the file
    child = subprocess.run(_python(f"""
        from rag.milvus_store import MilvusStore, MilvusUnavailable
        try:
            MilvusStore({held.uri!r}).read_manifest()
        except MilvusUnavailable as exc:
            print("refused:", exc)
        """), cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert "refused:" in child.stdout and "milvus-lite server" in child.stdout, child.stdout + child.stderr


def test_several_processes_share_one_milvus_server(make_notice, tmp_path):
    """Process B, already running, sees process A's rebuild (a Milvus Lite server on loopback)."""
    corpus = tmp_path / "corpus"
    make_notice("a.txt", doc_id="测政办字〔2024〕3号", tasks=5, topic="数字乡村")
    from support.milvus import milvus_lite_server

    reader = None
    with milvus_lite_server(tmp_path / "shared.db") as uri:
        try:
            writer = MilvusStore(uri)
            writer.build(load_corpus(corpus), HashEmbedder())
            reader = subprocess.Popen(_python(f"""
                import json, sys
                from rag.milvus_store import MilvusStore
                store = MilvusStore({uri!r})
                for _ in sys.stdin:
                    m = store.read_manifest()
                    print(json.dumps({{"generation": store.generation(), "count": m.count}}), flush=True)
                """), cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)

            def ask_reader() -> dict:
                reader.stdin.write("\n")
                reader.stdin.flush()
                return json.loads(reader.stdout.readline())

            assert ask_reader() == {"generation": writer.generation(), "count": 5}
            make_notice("b.txt", doc_id="测政办字〔2024〕4号", tasks=3, topic="城市更新")
            writer.build(load_corpus(corpus), HashEmbedder())
            assert ask_reader() == {"generation": writer.generation(), "count": 8}
        finally:
            if reader is not None:
                reader.stdin.close()
                reader.wait(timeout=30)
