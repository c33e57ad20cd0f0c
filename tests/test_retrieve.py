"""rag/retrieve.py: reciprocal rank fusion and convex fusion, then the hybrid retriever on a tiny index."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rag.retrieve import convex_fusion, reciprocal_rank_fusion

# --- reciprocal rank fusion --------------------------------------------------------------------


def test_rrf_scores_follow_the_formula():
    fused = dict(reciprocal_rank_fusion([[1, 2, 3], [3, 1]], k=60))
    assert fused[1] == pytest.approx(1 / 61 + 1 / 62)
    assert fused[2] == pytest.approx(1 / 62)
    assert fused[3] == pytest.approx(1 / 63 + 1 / 61)


def test_rrf_orders_best_first():
    fused = reciprocal_rank_fusion([[1, 2, 3], [3, 1]])
    assert [d for d, _ in fused] == [1, 3, 2]
    scores = [s for _, s in fused]
    assert scores == sorted(scores, reverse=True)


def test_rrf_document_first_everywhere_wins():
    fused = reciprocal_rank_fusion([[7, 1, 2], [7, 2, 1], [7, 3]])
    assert fused[0][0] == 7


def test_rrf_ties_break_by_document_id():
    fused = reciprocal_rank_fusion([[5, 2], [2, 5]])
    assert fused[0][1] == pytest.approx(fused[1][1])
    assert [d for d, _ in fused] == [2, 5]


def test_rrf_document_missing_from_a_ranking_scores_only_where_present():
    fused = dict(reciprocal_rank_fusion([[1, 2], [2]], k=60))
    assert fused[1] == pytest.approx(1 / 61)
    assert fused[2] == pytest.approx(1 / 62 + 1 / 61)
    assert fused[2] > fused[1]  # second in both beats first in one


def test_rrf_contains_exactly_the_ranked_documents():
    fused = reciprocal_rank_fusion([[1, 2], [3], []])
    assert sorted(d for d, _ in fused) == [1, 2, 3]


def test_rrf_of_nothing_is_empty():
    assert reciprocal_rank_fusion([]) == []
    assert reciprocal_rank_fusion([[], []]) == []


def test_rrf_weights_scale_each_ranking():
    fused = dict(reciprocal_rank_fusion([[1], [2]], k=10, weights=[2.0, 1.0]))
    assert fused[1] == pytest.approx(2 / 11)
    assert fused[2] == pytest.approx(1 / 11)


def test_rrf_smaller_k_sharpens_the_head():
    a = dict(reciprocal_rank_fusion([[1, 2]], k=1))
    b = dict(reciprocal_rank_fusion([[1, 2]], k=100))
    assert a[1] / a[2] > b[1] / b[2]


@pytest.mark.parametrize("k", [0, -5])
def test_rrf_rejects_non_positive_k(k):
    with pytest.raises(ValueError, match="k must be > 0"):
        reciprocal_rank_fusion([[1]], k=k)


def test_rrf_rejects_weights_that_do_not_match_rankings():
    with pytest.raises(ValueError):
        reciprocal_rank_fusion([[1, 2], [2, 1]], weights=[1.0])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.integers(0, 30), unique=True, max_size=12), min_size=1, max_size=4))
def test_rrf_properties(rankings):
    fused = reciprocal_rank_fusion(rankings)
    docs = [d for d, _ in fused]
    assert len(docs) == len(set(docs))
    assert set(docs) == {d for r in rankings for d in r}
    keys = [(-s, d) for d, s in fused]
    assert keys == sorted(keys)
    # a document at least as well placed as another in every ranking is not ranked below it
    pos = [{d: i for i, d in enumerate(r)} for r in rankings]
    for a in docs:
        for b in docs:
            if a != b and all(a in p and (b not in p or p[a] < p[b]) for p in pos):
                assert docs.index(a) < docs.index(b)


# --- convex fusion -------------------------------------------------------------------------------


def test_convex_normalises_each_list_to_unit_range():
    fused = dict(convex_fusion({1: 0.9, 2: 0.5, 3: 0.1}, {}, weight=1.0))
    assert fused == {1: pytest.approx(1.0), 2: pytest.approx(0.5), 3: pytest.approx(0.0)}


def test_convex_weight_one_follows_dense_and_zero_follows_sparse():
    dense, sparse = {1: 0.9, 2: 0.8, 3: 0.1}, {3: 9.0, 2: 5.0, 1: 1.0}
    assert [d for d, _ in convex_fusion(dense, sparse, weight=1.0)] == [1, 2, 3]
    assert [d for d, _ in convex_fusion(dense, sparse, weight=0.0)] == [3, 2, 1]


def test_convex_scores_are_the_weighted_sum():
    fused = dict(convex_fusion({1: 1.0, 2: 0.0}, {1: 0.0, 2: 4.0, 3: 2.0}, weight=0.3))
    assert fused[1] == pytest.approx(0.3)
    assert fused[2] == pytest.approx(0.7)
    assert fused[3] == pytest.approx(0.35)


def test_convex_document_missing_from_one_list_scores_zero_there():
    fused = dict(convex_fusion({1: 0.9, 2: 0.1}, {3: 5.0, 4: 1.0}, weight=0.5, sparse_floor=None))
    assert fused[1] == pytest.approx(0.5)
    assert fused[3] == pytest.approx(0.5)
    assert fused[2] == pytest.approx(0.0) and fused[4] == pytest.approx(0.0)


def test_convex_single_or_equal_scores_normalise_to_one():
    assert dict(convex_fusion({4: 0.3}, {}, weight=0.5)) == {4: pytest.approx(0.5)}
    fused = dict(convex_fusion({1: 0.7, 2: 0.7}, {}, weight=1.0))
    assert fused == {1: pytest.approx(1.0), 2: pytest.approx(1.0)}


def test_convex_ties_break_by_document_id():
    fused = convex_fusion({9: 1.0, 3: 0.0}, {3: 1.0, 9: 0.0}, weight=0.5)
    assert [d for d, _ in fused] == [3, 9]


def test_convex_of_nothing_is_empty():
    assert convex_fusion({}, {}) == []


@pytest.mark.parametrize("weight", [-0.01, 1.01, 2])
def test_convex_rejects_weight_outside_unit_interval(weight):
    with pytest.raises(ValueError, match="weight"):
        convex_fusion({1: 1.0}, {1: 1.0}, weight=weight)


def test_convex_bm25_scaled_from_zero_keeps_the_size_of_its_lead():
    fused = dict(convex_fusion({1: 0.9, 2: 0.1}, {3: 5.0, 4: 1.0}, weight=0.5))
    assert fused[4] == pytest.approx(0.1) and fused[3] == pytest.approx(0.5)


def test_convex_near_tie_in_dense_keeps_a_large_bm25_lead():
    fused = convex_fusion({1: 0.9, 2: 0.8}, {2: 10.0, 3: 1.0}, dense_floor=-1.0)
    assert fused[0][0] == 2
    assert fused[0][1] > fused[1][1]


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.integers(0, 20), st.floats(-1, 1), max_size=10),
       st.dictionaries(st.integers(0, 20), st.floats(0, 50), max_size=10),
       st.floats(0, 1))
def test_convex_properties(dense, sparse, weight):
    fused = convex_fusion(dense, sparse, weight)
    docs = [d for d, _ in fused]
    assert set(docs) == dense.keys() | sparse.keys()
    assert all(-1e-9 <= s <= 1 + 1e-9 for _, s in fused)
    keys = [(-s, d) for d, s in fused]
    assert keys == sorted(keys)


# --- the hybrid retriever over a tiny index (fake embedder, no model) ------------------------------


@pytest.fixture(scope="module")
def tiny_index(tmp_path_factory):
    from conftest import HashEmbedder, notice_text

    from rag.corpus import load_corpus
    from rag.store import build_index, load_index

    base = tmp_path_factory.mktemp("retrieve")
    corpus_dir = base / "corpus"
    corpus_dir.mkdir()
    (corpus_dir / "a.txt").write_text(notice_text("测政办字〔2024〕3号", 5, "数字乡村"), encoding="utf-8")
    (corpus_dir / "b.txt").write_text(
        "测政办字〔2024〕4号\n测试区人民政府办公室\n关于印发测试区城市建设重点任务的通知\n2024年3月1日\n一、城市建设\n"
        "1.推进老旧小区改造。实施改造老旧小区11个，整治改造建筑面积24万平方米。（牵头单位：区住房和城乡建设局）\n"
        "2.加快机场建设。配合枣庄机场建设公司，加快翼云机场建设。（牵头单位：区交通运输局）\n"
        "3.发展储能产业。推进抽水蓄能电站和储能项目建设。（牵头单位：区发展和改革局）\n",
        encoding="utf-8")
    embedder = HashEmbedder()
    build_index(load_corpus(corpus_dir), embedder, base / "index")
    return load_index(base / "index", embedder.id), embedder


def row_of(index, doc_id, number):
    return next(i for i, t in enumerate(index.tasks) if t.doc_id == doc_id and t.number == number)


@pytest.mark.parametrize("fusion", ["convex", "rrf"])
def test_hybrid_search_finds_the_task_a_question_quotes(tiny_index, fusion):
    from rag.retrieve import HybridRetriever

    index, embedder = tiny_index
    r = HybridRetriever(index, embedder, fusion=fusion)
    hits = r.search("老旧小区改造", top_k=3)
    assert hits[0].task.id == "测政办字〔2024〕4号#1"
    assert all(h.source == "hybrid" for h in hits)
    scores = [h.score for h in hits]
    assert scores == sorted(scores, reverse=True)
    assert len(hits) <= 3
    assert r.search("翼云机场建设", top_k=1)[0].task.id == "测政办字〔2024〕4号#2"


def test_hybrid_search_within_rows_returns_only_those_rows(tiny_index):
    from rag.retrieve import HybridRetriever

    index, embedder = tiny_index
    allowed = {row_of(index, "测政办字〔2024〕3号", 2), row_of(index, "测政办字〔2024〕3号", 4)}
    hits = HybridRetriever(index, embedder).search("老旧小区改造", top_k=10, rows=allowed)
    assert hits
    assert {index.tasks.index(h.task) for h in hits} <= allowed


def test_rank_exposes_raw_dense_and_sparse_scores(tiny_index):
    from rag.retrieve import HybridRetriever

    index, embedder = tiny_index
    ranking = HybridRetriever(index, embedder).rank("储能项目建设")
    target = row_of(index, "测政办字〔2024〕4号", 3)
    assert target in ranking.sparse and ranking.sparse[target] == max(ranking.sparse.values())
    assert all(-1.0001 <= s <= 1.0001 for s in ranking.dense.values())
    assert {r for r, _ in ranking.fused} == ranking.dense.keys() | ranking.sparse.keys()


def test_dense_returns_distinct_tasks_best_first(tiny_index):
    from rag.retrieve import HybridRetriever

    index, embedder = tiny_index
    dense = HybridRetriever(index, embedder).dense("数字乡村建设任务", k=4)
    rows = [r for r, _ in dense]
    assert len(rows) == len(set(rows)) <= 4
    assert [s for _, s in dense] == sorted((s for _, s in dense), reverse=True)
    assert HybridRetriever(index, embedder).dense("任何问题", k=0) == []


def test_hybrid_retriever_validates_its_options(tiny_index):
    from rag.retrieve import HybridRetriever

    index, embedder = tiny_index
    with pytest.raises(ValueError, match="depth"):
        HybridRetriever(index, embedder, depth=0)
    with pytest.raises(ValueError, match="fusion"):
        HybridRetriever(index, embedder, fusion="max")
    with pytest.raises(ValueError, match="top_k"):
        HybridRetriever(index, embedder).search("老旧小区", top_k=0)
