"""rag/memo.py: a bounded memo of answers, and the answerer serving repeats from it."""

from __future__ import annotations

import threading

from rag.memo import Memo


def test_the_least_recently_used_entry_goes_first_and_hits_are_counted():
    memo: Memo[int] = Memo(2)
    made = []

    def make(v):
        made.append(v)
        return v

    assert memo.get_or_make("a", lambda: make(1)) == 1
    assert memo.get_or_make("b", lambda: make(2)) == 2
    assert memo.get_or_make("a", lambda: make(9)) == 1  # kept
    memo.get_or_make("c", lambda: make(3))  # b is the least recently used: it goes
    assert memo.get_or_make("b", lambda: make(4)) == 4
    assert made == [1, 2, 3, 4] and len(memo) == 2
    assert (memo.hits, memo.misses) == (1, 4)


def test_size_zero_keeps_nothing():
    memo: Memo[int] = Memo(0)
    assert memo.get_or_make("a", lambda: 1) == 1 and memo.get_or_make("a", lambda: 2) == 2 and len(memo) == 0


def test_threads_share_it_safely():
    memo: Memo[int] = Memo(64)
    errors = []

    def work(k):
        try:
            for i in range(200):
                assert memo.get_or_make(i % 80, lambda i=i: i % 80) == i % 80
        except AssertionError as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors and len(memo) <= 64


def test_a_repeated_question_is_the_same_answer_from_the_memo(seed_hash_assistant):
    answerer = seed_hash_assistant._s.answerer
    first = seed_hash_assistant.ask("老旧小区改造谁牵头？")
    hits = answerer.memo.hits
    again = seed_hash_assistant.ask("老旧小区改造谁牵头？")
    assert again == first and answerer.memo.hits == hits + 1
    follow = seed_hash_assistant.ask("责任单位呢？", history=["老旧小区改造谁牵头？"])
    assert follow != first  # the conversation is part of what is asked
