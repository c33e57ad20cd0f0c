"""Shared fixtures: a fast deterministic embedder, the seed notice, synthetic notices."""

from __future__ import annotations

import json
import zlib
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[1]
SEED_PATH = ROOT / "corpus" / "000_3648b896988ff11c.txt"
SEED_TASKS_PATH = ROOT / "tests" / "fixtures" / "seed_tasks.json"
SEED_DOC_ID = "山政办字〔2023〕28号"


class HashEmbedder:
    """Deterministic stand-in for a model: character bigrams hashed into 64 dims.

    Texts sharing bigrams get similar vectors, so retrieval behaves sensibly,
    and no model is loaded. Vectors are L2-normalised float32.
    """

    id = "test:hash-64"
    DIM = 64

    @property
    def dim(self) -> int:
        return self.DIM

    def _vector(self, text: str) -> np.ndarray:
        v = np.zeros(self.DIM, dtype=np.float32)
        grams = [text[i:i + 2] for i in range(len(text) - 1)] or [text]
        for g in grams:
            h = zlib.crc32(g.encode("utf-8"))
            v[h % self.DIM] += 1.0 if (h >> 16) & 1 else -1.0
        n = float(np.linalg.norm(v))
        if n == 0.0:
            v[0] = 1.0
            n = 1.0
        return (v / n).astype(np.float32)

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.DIM), dtype=np.float32)
        return np.stack([self._vector(t) for t in texts]).astype(np.float32)

    def embed_query(self, text: str) -> np.ndarray:
        return self._vector(text)


@pytest.fixture
def hash_embedder() -> HashEmbedder:
    return HashEmbedder()


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED_PATH.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed_tasks() -> list[dict]:
    """The hand-written fixture of the seed notice's 89 tasks."""
    return json.loads(SEED_TASKS_PATH.read_text(encoding="utf-8"))


def notice_text(doc_id: str = "测政办字〔2024〕3号", tasks: int = 4, topic: str = "数字乡村") -> str:
    """A small notice in the genre: header, 文号, title, issuer, date, two sections, unit clauses."""
    lines = [
        doc_id,
        "",
        "测试区人民政府办公室",
        f"关于印发测试区2024年{topic}重点工作任务的通知",
        "",
        "各镇人民政府、各街道办事处，区政府各部门：",
        "现印发给你们，请认真贯彻落实。",
        "测试区人民政府办公室",
        "2024年3月1日",
        "（此件公开发布）",
        "一、夯实基础设施",
    ]
    units = [
        "（牵头单位：区工业和信息化局；责任单位：区财政局）",
        "（牵头单位：区住房和城乡建设局，责任单位：区发展和改革局、区财政局）",
        "（责任单位：区大数据中心）",
        "（区民政局牵头，区司法局配合）",
        "（区政府办公室、区司法局按职责分工负责）",
    ]
    half = (tasks + 1) // 2
    for n in range(1, tasks + 1):
        if n == half + 1:
            lines.append("二、提升治理能力")
        lines.append(f"{n}.推进{topic}第{n}项工作。年内完成{topic}建设任务{n * 10}个。{units[(n - 1) % len(units)]}")
    return "\n".join(lines) + "\n"


@pytest.fixture
def make_notice(tmp_path) -> Callable[..., Path]:
    """Factory: write a synthetic notice and return its path.

    ``make_notice(name="a.txt", doc_id=..., tasks=4, topic=..., folder=None, encoding="utf-8")``
    """

    def make(name: str = "notice.txt", doc_id: str = "测政办字〔2024〕3号", tasks: int = 4,
             topic: str = "数字乡村", folder: Path | None = None, encoding: str = "utf-8") -> Path:
        folder = Path(folder) if folder is not None else tmp_path / "corpus"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / name
        path.write_bytes(notice_text(doc_id, tasks, topic).encode(encoding))
        return path

    return make


@pytest.fixture
def hash_assistant_of(tmp_path):
    """Factory: an assistant over one notice written from ``text`` (``plan.txt``), with the fake embedder."""

    def make(text: str):
        from rag import Assistant

        corpus = tmp_path / "corpus"
        corpus.mkdir(exist_ok=True)
        (corpus / "plan.txt").write_text(text, encoding="utf-8")
        return Assistant.open(corpus, tmp_path / "index", embedder=HashEmbedder())

    return make


@pytest.fixture(scope="session")
def seed_hash_assistant(tmp_path_factory):
    """The seed notice indexed with the fake embedder: fast, for tests of reading, executing, composing."""
    import shutil

    from rag import Assistant

    base = tmp_path_factory.mktemp("seed-hash")
    corpus = base / "corpus"
    corpus.mkdir()
    shutil.copy(SEED_PATH, corpus / SEED_PATH.name)
    return Assistant.open(corpus, base / "index", embedder=HashEmbedder())


@pytest.fixture(scope="session")
def seed_e5_dirs(tmp_path_factory) -> Path:
    """The seed notice and its index with the real default embedder, built once per session.

    Read-only: a test that changes the corpus or the index copies it first (:func:`copy_seed`).
    """
    import shutil

    from rag import Assistant

    base = tmp_path_factory.mktemp("seed-e5")
    corpus = base / "corpus"
    corpus.mkdir()
    shutil.copy(SEED_PATH, corpus / SEED_PATH.name)
    Assistant.open(corpus, base / "index")
    return base


def copy_seed(seed_e5_dirs: Path, target: Path) -> Path:
    """A private, writable copy of the session's seed corpus and index (``target/corpus``, ``target/index``)."""
    import shutil

    shutil.copytree(seed_e5_dirs, target, symlinks=True, dirs_exist_ok=True)
    return target


@pytest.fixture(scope="session")
def seed_e5_assistant(seed_e5_dirs):
    """One shared assistant over the session's seed index (for tests that only ask)."""
    from rag import Assistant

    return Assistant.open(seed_e5_dirs / "corpus", seed_e5_dirs / "index", rebuild="never")

