"""rag/bm25.py: Okapi BM25 ranking sanity, parameter validation, empty inputs."""

from __future__ import annotations

import math

import numpy as np
import pytest

from rag.bm25 import BM25

DOCS = [
    ["住建", "老旧小区", "改造", "改造"],
    ["机场", "建设"],
    ["老旧小区", "养老", "服务", "社区", "智慧", "建设"],
    ["电力", "储能"],
]


def test_document_containing_the_term_ranks_first():
    bm = BM25(DOCS)
    assert bm.top(["机场"], 4) == [(1, pytest.approx(bm.scores(["机场"])[1]))]


def test_higher_term_frequency_scores_higher():
    bm = BM25([["改造", "改造", "x"], ["改造", "y", "z"]])
    s = bm.scores(["改造"])
    assert s[0] > s[1] > 0


def test_shorter_document_scores_higher_for_same_tf():
    bm = BM25(DOCS)
    s = bm.scores(["老旧小区"])
    assert s[0] > s[2] > 0  # doc 0 is shorter than doc 2
    assert s[1] == 0 and s[3] == 0


def test_rarer_term_weighs_more():
    bm = BM25([["a", "common"], ["b", "common"], ["c", "common", "rare"]])
    s_common, s_rare = bm.scores(["common"]), bm.scores(["rare"])
    assert s_rare[2] > s_common[2]


def test_matching_more_query_terms_scores_higher():
    bm = BM25(DOCS)
    s = bm.scores(["老旧小区", "改造"])
    assert int(s.argmax()) == 0
    assert s[0] > bm.scores(["老旧小区"])[0]


def test_repeated_query_terms_count_once():
    bm = BM25(DOCS)
    assert np.array_equal(bm.scores(["机场", "机场"]), bm.scores(["机场"]))


def test_score_matches_okapi_formula():
    docs = [["a", "b"], ["a", "a", "c", "d"]]
    k1, b = 1.5, 0.75
    bm = BM25(docs, k1=k1, b=b)
    avg = 3.0
    idf = math.log(1 + (2 - 2 + 0.5) / (2 + 0.5))
    tf, dl = 2, 4
    expected = idf * tf * (k1 + 1) / (tf + k1 * (1 - b + b * dl / avg))
    assert bm.scores(["a"])[1] == pytest.approx(expected, rel=1e-5)


def test_top_is_sorted_and_excludes_zero_scores():
    bm = BM25(DOCS)
    top = bm.top(["老旧小区", "建设"], 10)
    scores = [s for _, s in top]
    assert scores == sorted(scores, reverse=True)
    assert all(s > 0 for s in scores)
    assert {r for r, _ in top} == {0, 1, 2}


def test_top_respects_k():
    bm = BM25(DOCS)
    assert len(bm.top(["老旧小区", "建设"], 1)) == 1
    assert bm.top(["老旧小区", "建设"], 1)[0][0] == 2  # matches both terms


def test_top_with_unknown_term_is_empty():
    assert BM25(DOCS).top(["不存在"], 3) == []


@pytest.mark.parametrize("k", [0, -1])
def test_top_rejects_non_positive_k(k):
    with pytest.raises(ValueError, match="k must be > 0"):
        BM25(DOCS).top(["机场"], k)


@pytest.mark.parametrize(("k1", "b"), [(-0.1, 0.75), (1.5, -0.1), (1.5, 1.1)])
def test_invalid_parameters_are_rejected(k1, b):
    with pytest.raises(ValueError):
        BM25(DOCS, k1=k1, b=b)


def test_no_documents():
    bm = BM25([])
    assert bm.n == 0
    assert bm.scores(["a"]).shape == (0,)
    assert bm.top(["a"], 5) == []
    assert bm.vocabulary() == []


def test_empty_documents_among_others():
    bm = BM25([[], ["机场"], []])
    assert bm.top(["机场"], 3) == [(1, pytest.approx(float(bm.scores(["机场"])[1])))]
    assert bm.scores(["机场"])[0] == 0


def test_all_documents_empty():
    bm = BM25([[], []])
    assert bm.top(["a"], 2) == []
    assert np.all(np.isfinite(bm.scores(["a"])))


def test_empty_query_scores_zero():
    bm = BM25(DOCS)
    assert not bm.scores([]).any()
    assert bm.top([], 3) == []


def test_has_term_and_vocabulary():
    bm = BM25(DOCS)
    assert bm.has_term("机场") and not bm.has_term("不存在")
    assert set(bm.vocabulary()) == {t for d in DOCS for t in d}
