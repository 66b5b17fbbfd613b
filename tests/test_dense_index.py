"""The dense index on the real corpus vectors: exact below the first threshold, an inverted file
above it and a compressed (8-bit) inverted file above the second, both with high recall against
exact search, facet filters that still return k, and a round trip through the index file."""

from __future__ import annotations

import numpy as np
import pytest

from apkg.config import SearchSettings
from apkg.kb import KnowledgeBase
from apkg.search.dense import build_index, dense_search, index_kind, read_index, write_index

EXACT = SearchSettings(exact_below=50_000)
IVF = SearchSettings(exact_below=10_000, compress_above=50_000)
COMPRESSED = SearchSettings(exact_below=10_000, compress_above=15_000)
APPROXIMATE = pytest.mark.parametrize("tier", [IVF, COMPRESSED], ids=["ivf", "compressed"])


@pytest.fixture(scope="module")
def collection(corpus_kb):
    """20,000 passage vectors: the corpus's real vectors repeated with noise, renormalised."""
    kb = KnowledgeBase.open(corpus_kb[0])
    base = np.stack(
        [np.frombuffer(blob, dtype=np.float32) for (blob,) in kb.db.execute("SELECT vector FROM vectors")]
    )
    rng = np.random.default_rng(3)
    vectors = base[rng.integers(0, len(base), 20_000)] + rng.normal(0, 0.05, (20_000, base.shape[1]))
    vectors = (vectors / np.linalg.norm(vectors, axis=1, keepdims=True)).astype(np.float32)
    queries = base[rng.integers(0, len(base), 40)]
    return vectors, np.arange(100, 20_100, dtype=np.int64), queries


def test_index_type_follows_the_size(collection):
    vectors, ids, _ = collection
    assert index_kind(build_index(vectors, ids, EXACT)) == "IndexFlatIP"
    assert index_kind(build_index(vectors, ids, IVF)) == "IndexIVFFlat"
    assert index_kind(build_index(vectors, ids, COMPRESSED)) == "IndexIVFScalarQuantizer"
    assert index_kind(build_index(None, ids[:0], SearchSettings())) == "none"


@APPROXIMATE
def test_inverted_file_recall_against_exact(collection, tier):
    vectors, ids, queries = collection
    exact = build_index(vectors, ids, EXACT)
    approximate = build_index(vectors, ids, tier)
    recall = np.mean(
        [
            len({i for i, _ in dense_search(exact, q, 10)} & {i for i, _ in dense_search(approximate, q, 10)})
            / 10
            for q in queries
        ]
    )
    assert recall >= 0.95


@APPROXIMATE
def test_filtered_search_returns_k_when_k_exist(collection, tier):
    vectors, ids, queries = collection
    index = build_index(vectors, ids, tier)
    allowed = ids[::997]  # 21 passages scattered over the inverted lists
    hits = dense_search(index, queries[0], 10, allowed=allowed)
    assert len(hits) == 10 and {i for i, _ in hits} <= set(allowed.tolist())
    scores = vectors[allowed - 100] @ queries[0]
    assert [i for i, _ in hits] == (allowed[np.argsort(-scores)][:10]).tolist()  # the exact top 10
    assert dense_search(index, queries[0], 10, allowed=allowed[:0]) == []


@APPROXIMATE
def test_index_file_round_trip_keeps_the_search_setting(collection, tier, tmp_path):
    vectors, ids, queries = collection
    path = tmp_path / "vectors.faiss"
    built = build_index(vectors, ids, tier)
    write_index(built, path)
    index = read_index(path, SearchSettings(ivf_nprobe=tier.ivf_nprobe))
    assert index_kind(index) == index_kind(built) and index.ntotal == len(ids)
    assert dense_search(index, queries[0], 10) == dense_search(built, queries[0], 10)
    assert read_index(path, SearchSettings(ivf_nprobe=7)).nprobe == 7
    write_index(None, path)
    assert not path.exists() and read_index(path, SearchSettings()) is None
