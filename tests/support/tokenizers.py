"""One Tokenizer per word list for tests that build and load many indexes (each build loads jieba's dictionary)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest


@contextmanager
def shared_tokenizers(module, **also) -> Iterator[None]:
    """Within the block, ``module.Tokenizer`` returns one tokenizer per word list (they tokenize the same);
    ``also`` patches more names of ``module`` (e.g. ``build_glossary``)."""
    from rag.tokenize import Tokenizer

    made: dict[tuple[str, ...], Tokenizer] = {}

    def tokenizer(words=(), eager=False) -> Tokenizer:
        key = tuple(words)
        if key not in made:
            made[key] = Tokenizer(key)
        return made[key]

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(module, "Tokenizer", tokenizer)
        for name, value in also.items():
            mp.setattr(module, name, value)
        yield
