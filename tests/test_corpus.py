"""rag/corpus.py: loading a corpus folder and adding an uploaded notice safely."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest
from conftest import notice_text

from rag import corpus as corpus_module
from rag.corpus import (
    add_notice,
    check_new_notice,
    fingerprint_files,
    load_corpus,
    original_names,
    sync_folder,
    versions,
)
from rag.errors import CorpusError, NoticeError


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every entry of a folder (hidden ones too) with its bytes."""
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.fixture
def corpus_dir(make_notice, tmp_path) -> Path:
    make_notice("a.txt", doc_id="测政办字〔2024〕3号", tasks=3, topic="数字乡村")
    make_notice("b.txt", doc_id="测政办字〔2024〕4号", tasks=2, topic="城市更新")
    return tmp_path / "corpus"


# --- load_corpus -----------------------------------------------------------------------------------


def test_load_corpus_reads_every_notice_in_name_order(corpus_dir):
    c = load_corpus(corpus_dir)
    assert [n.source for n in c.notices] == ["a.txt", "b.txt"]
    assert [n.doc_id for n in c.notices] == ["测政办字〔2024〕3号", "测政办字〔2024〕4号"]
    assert [(t.doc_id, t.number) for t in c.tasks] == [
        ("测政办字〔2024〕3号", 1), ("测政办字〔2024〕3号", 2), ("测政办字〔2024〕3号", 3),
        ("测政办字〔2024〕4号", 1), ("测政办字〔2024〕4号", 2)]


def test_fingerprint_is_file_name_to_sha256(corpus_dir):
    expected = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in corpus_dir.iterdir()}
    assert load_corpus(corpus_dir).fingerprint() == expected
    assert fingerprint_files(corpus_dir) == expected


def test_load_corpus_ignores_hidden_and_other_files(corpus_dir):
    (corpus_dir / ".upload-half.txt").write_text("garbage", encoding="utf-8")
    (corpus_dir / "README.md").write_text("not a notice", encoding="utf-8")
    (corpus_dir / "sub").mkdir()
    c = load_corpus(corpus_dir)
    assert [n.source for n in c.notices] == ["a.txt", "b.txt"]
    assert set(fingerprint_files(corpus_dir)) == {"a.txt", "b.txt"}


def test_load_corpus_refuses_an_empty_folder(tmp_path):
    folder = tmp_path / "empty"
    folder.mkdir()
    with pytest.raises(CorpusError) as err:
        load_corpus(folder)
    assert "empty" in str(err.value)


def test_load_corpus_refuses_a_folder_without_notices(tmp_path):
    folder = tmp_path / "other"
    folder.mkdir()
    (folder / "notes.md").write_text("x", encoding="utf-8")
    (folder / ".hidden.txt").write_text(notice_text(), encoding="utf-8")
    with pytest.raises(CorpusError):
        load_corpus(folder)


def test_load_corpus_refuses_a_missing_folder(tmp_path):
    with pytest.raises(CorpusError, match="does not exist"):
        load_corpus(tmp_path / "missing")


def test_load_corpus_refuses_two_files_with_the_same_doc_id(make_notice, tmp_path):
    make_notice("one.txt", doc_id="测政办字〔2024〕3号", topic="数字乡村")
    make_notice("two.txt", doc_id="测政办字〔2024〕3号", topic="城市更新")
    with pytest.raises(CorpusError) as err:
        load_corpus(tmp_path / "corpus")
    message = str(err.value)
    assert "one.txt" in message and "two.txt" in message
    assert "测政办字〔2024〕3号" in message


def test_load_corpus_names_the_unparsable_file(corpus_dir):
    (corpus_dir / "c.txt").write_text("没有任何编号任务的文本\n", encoding="utf-8")
    with pytest.raises(NoticeError) as err:
        load_corpus(corpus_dir)
    assert err.value.source == "c.txt"


# --- add_notice ------------------------------------------------------------------------------------


def test_add_notice_writes_the_file_named_after_its_doc_id(corpus_dir):
    c = load_corpus(corpus_dir)
    data = notice_text("测政办字〔2024〕7号", tasks=2, topic="医疗卫生").encode("utf-8")
    path = add_notice(c, data, "upload.txt")
    assert path.parent == corpus_dir
    assert path.name == "测政办字〔2024〕7号.txt"
    assert path.read_bytes() == data
    assert not [p for p in corpus_dir.iterdir() if p.name.endswith(".tmp")]  # no temp file left
    reloaded = load_corpus(corpus_dir)
    assert "测政办字〔2024〕7号" in [n.doc_id for n in reloaded.notices]
    added = next(n for n in reloaded.notices if n.doc_id == "测政办字〔2024〕7号")
    assert added.original_name == "upload.txt"


def test_add_notice_keeps_the_upload_suffix(corpus_dir):
    c = load_corpus(corpus_dir)
    data = notice_text("测政办字〔2024〕7号", tasks=2).encode("gbk")
    path = add_notice(c, data, "UPLOAD.TXT")
    assert path.suffix == ".txt"
    assert load_corpus(corpus_dir).notices[-1].doc_id == "测政办字〔2024〕7号"


def test_add_notice_does_not_overwrite_a_file_with_the_target_name(corpus_dir):
    # a notice stored under the name the new one would take
    squatter = corpus_dir / "测政办字〔2024〕7号.txt"
    squatter.write_text(notice_text("测政办字〔2024〕8号", tasks=1), encoding="utf-8")
    before = squatter.read_bytes()
    c = load_corpus(corpus_dir)
    path = add_notice(c, notice_text("测政办字〔2024〕7号", tasks=2).encode(), "new.txt")
    assert path.name == "测政办字〔2024〕7号_2.txt"
    assert squatter.read_bytes() == before


def test_add_notice_refuses_a_duplicate_doc_id_and_changes_nothing(corpus_dir):
    c = load_corpus(corpus_dir)
    before = snapshot(corpus_dir)
    data = notice_text("测政办字〔2024〕3号", tasks=4, topic="完全不同的内容").encode("utf-8")
    with pytest.raises(NoticeError) as err:
        add_notice(c, data, "dup.txt")
    assert "dup.txt" in str(err.value)
    assert "测政办字〔2024〕3号" in str(err.value)
    assert "a.txt" in str(err.value)
    assert snapshot(corpus_dir) == before


def test_add_notice_refuses_an_identical_file_and_changes_nothing(corpus_dir):
    c = load_corpus(corpus_dir)
    before = snapshot(corpus_dir)
    with pytest.raises(NoticeError) as err:
        add_notice(c, (corpus_dir / "b.txt").read_bytes(), "copy of b.txt")
    assert "已经收录" in str(err.value)
    assert "b.txt" in str(err.value)
    assert snapshot(corpus_dir) == before


def test_add_notice_refuses_an_unparsable_upload_and_changes_nothing(corpus_dir):
    c = load_corpus(corpus_dir)
    before = snapshot(corpus_dir)
    with pytest.raises(NoticeError) as err:
        add_notice(c, "一、只有标题\n".encode(), "bad.txt")
    assert "bad.txt" in str(err.value)
    with pytest.raises(NoticeError):
        add_notice(c, b"PK\x03\x04 not really", "bad.docx")
    with pytest.raises(NoticeError):
        add_notice(c, b"\xff\xfe\x80\xff not text", "bad.txt")
    assert snapshot(corpus_dir) == before


@pytest.mark.parametrize("filename", ["notice.pdf", "notice"])
def test_add_notice_refuses_an_unsupported_file_type_and_changes_nothing(corpus_dir, filename):
    c = load_corpus(corpus_dir)
    before = snapshot(corpus_dir)
    with pytest.raises(NoticeError) as err:
        add_notice(c, notice_text("测政办字〔2024〕9号").encode(), filename)
    assert filename in str(err.value)
    assert snapshot(corpus_dir) == before


def test_add_notice_failure_while_writing_leaves_the_folder_unchanged(corpus_dir, monkeypatch):
    c = load_corpus(corpus_dir)
    before = snapshot(corpus_dir)

    def failing_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(corpus_module.os, "replace", failing_replace)
    with pytest.raises(OSError):
        add_notice(c, notice_text("测政办字〔2024〕9号").encode(), "new.txt")
    monkeypatch.undo()
    assert snapshot(corpus_dir) == before


def test_add_notice_writes_through_a_temp_file_then_renames(corpus_dir, monkeypatch):
    c = load_corpus(corpus_dir)
    data = notice_text("测政办字〔2024〕9号").encode()
    calls = []
    real_replace = os.replace

    def spy(src, dst):
        if Path(dst).name != corpus_module.NAMES:  # the uploaded-name record is written the same way
            calls.append((Path(src), Path(dst)))
            assert Path(src).read_bytes() == data  # complete before it becomes visible
            assert not Path(dst).exists()
        return real_replace(src, dst)

    monkeypatch.setattr(corpus_module.os, "replace", spy)
    path = add_notice(c, data, "new.txt")
    assert len(calls) == 1
    src, dst = calls[0]
    assert src.parent == corpus_dir and src.name.startswith(".")  # hidden: never loaded half-written
    assert dst == path


def test_check_new_notice_writes_nothing(corpus_dir):
    c = load_corpus(corpus_dir)
    before = snapshot(corpus_dir)
    parsed = check_new_notice(c, notice_text("测政办字〔2024〕9号", tasks=2).encode(), "x.txt")
    assert parsed.notice.doc_id == "测政办字〔2024〕9号"
    assert len(parsed.tasks) == 2
    assert snapshot(corpus_dir) == before


# --- sync_folder (a server following a shared index) -------------------------------------------------------
def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def test_sync_folder_writes_what_is_missing_or_changed_and_retires_the_rest(corpus_dir):
    c = notice_text("测政办字〔2024〕5号", 2, "生态保护").encode("utf-8")
    b2 = notice_text("测政办字〔2024〕4号", 3, "城市更新").encode("utf-8")
    a = (corpus_dir / "a.txt").read_bytes()
    asked = []

    def fetch(names: list[str]) -> dict[str, bytes]:
        asked.append(names)
        return {"b.txt": b2, "c.txt": c}

    written, retired = sync_folder(corpus_dir, {"b.txt": _sha(b2), "c.txt": _sha(c)}, fetch, {"c.txt": "生态.txt"})
    assert asked == [["b.txt", "c.txt"]] and written == ["b.txt", "c.txt"] and retired == ["a.txt"]
    assert fingerprint_files(corpus_dir) == {"b.txt": _sha(b2), "c.txt": _sha(c)}
    kept = {v.split("-", 1)[1]: (corpus_dir / ".versions" / v).read_bytes() for v in versions(corpus_dir)}
    assert kept["a.txt"] == a and kept["b.txt"] != b2  # the old b.txt is kept too
    assert original_names(corpus_dir) == {"c.txt": "生态.txt"}
    assert sync_folder(corpus_dir, fingerprint_files(corpus_dir), lambda names: pytest.fail(str(names))) == ([], [])


@pytest.mark.parametrize("name, data", [("c.txt", b"not what the index says"), ("../c.txt", None), (".c.txt", None),
                                        ("c.exe", None)])
def test_sync_folder_refuses_a_wrong_file_or_name_and_changes_nothing(corpus_dir, name, data):
    c = notice_text("测政办字〔2024〕5号", 2, "生态保护").encode("utf-8")
    before = snapshot(corpus_dir)
    with pytest.raises(CorpusError):
        sync_folder(corpus_dir, {name: _sha(c)}, lambda names: {name: data or c})
    assert snapshot(corpus_dir) == before
