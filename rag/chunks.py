"""A task → the texts embedded for it (its chunks), each within the embedder's input window."""

from __future__ import annotations

from .text import sentences
from .types import Task

MAX_CHUNK_CHARS = 480  # multilingual-e5-small reads 512 tokens; Chinese runs about a token a character


def passage_text(task: Task) -> str:
    """The text embedded for a task: section, title, body (repeats dropped), units."""
    body = "".join(dict.fromkeys(sentences(task.text)))
    units = f"{task.units_phrase()}。" if task.units else ""
    return f"{task.section_title}。{body}{units}"[:MAX_CHUNK_CHARS]


def chunk_texts(task: Task) -> list[str]:
    """The texts embedded for one task: the whole passage, then each sentence under its title.

    Sentence chunks let a question about one clause of a long task match it
    as well as a question about a short task; a task's dense score is the
    best of its chunks.
    """
    out = [passage_text(task)]
    sents = list(dict.fromkeys(sentences(task.text)))
    if len(sents) > 1:
        out += [f"{task.title}：{s}"[:MAX_CHUNK_CHARS] for s in sents[1:]]
    return out


