"""A bounded, thread-safe memo of answers: the same question (and conversation) over the same
loaded index always gets the same :class:`~rag.types.Answer` (answers are immutable), so a repeat is
served without reading, searching or embedding it again. One memo belongs to one index generation:
a reload builds a new answerer and with it an empty memo.

The size comes from ``POLICYQA_ANSWER_MEMO`` (entries; 0 turns it off), 1024 by default.
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

V = TypeVar("V")

DEFAULT_SIZE = 1024


def configured_size() -> int:
    raw = os.environ.get("POLICYQA_ANSWER_MEMO", "")
    try:
        return max(0, int(raw)) if raw.strip() else DEFAULT_SIZE
    except ValueError:
        return DEFAULT_SIZE


class Memo(Generic[V]):
    """Least-recently-used values by key, at most ``size`` of them; counts hits and misses."""

    def __init__(self, size: int):
        self.size = size
        self._items: OrderedDict[Hashable, V] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    def get_or_make(self, key: Hashable, make: Callable[[], V]) -> V:
        """The value kept for ``key``, else ``make()`` (outside the lock: two threads may both make a
        value for a new key; either is the same answer), kept unless the memo is off."""
        if self.size <= 0:
            return make()
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                self.hits += 1
                return self._items[key]
            self.misses += 1
        value = make()
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return value

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self.hits = self.misses = 0

    def __len__(self) -> int:
        return len(self._items)
