"""The dense index: FAISS over the passage vectors, keyed by passage rowid.

Exact inner-product search (``IndexFlatIP``) below ``search.exact_below`` passages; HNSW above
it, where exact search gets too slow for interactive queries. A facet filter is applied inside
the search with an ID selector, so a filtered query still returns k results when k exist.
"""

from __future__ import annotations

from pathlib import Path

import faiss
import numpy as np

from apkg.config import SearchSettings


def build_index(
    vectors: np.ndarray | None, ids: np.ndarray, settings: SearchSettings
) -> faiss.IndexIDMap2 | None:
    """An index over ``vectors`` (normalised, one row per id); None when there is nothing to index."""
    if vectors is None or not len(ids):
        return None
    dim = vectors.shape[1]
    if len(ids) < settings.exact_below:
        inner = faiss.IndexFlatIP(dim)
    else:
        inner = faiss.IndexHNSWFlat(dim, settings.hnsw_m, faiss.METRIC_INNER_PRODUCT)
        inner.hnsw.efConstruction = 80
    index = faiss.IndexIDMap2(inner)
    index.add_with_ids(vectors, ids)
    return index


def write_index(index: faiss.IndexIDMap2 | None, path: Path) -> None:
    """Write ``index`` to ``path`` (through a temporary file), or remove ``path`` if there is none."""
    if index is None:
        path.unlink(missing_ok=True)
        return
    temporary = path.with_suffix(".tmp")
    faiss.write_index(index, str(temporary))
    temporary.replace(path)


def read_index(path: Path, settings: SearchSettings) -> faiss.IndexIDMap2 | None:
    """Read the index written by ``write_index`` (None if the knowledge base has no vectors)."""
    if not path.exists():
        return None
    index = faiss.read_index(str(path))
    inner = faiss.downcast_index(index.index)
    if isinstance(inner, faiss.IndexHNSWFlat):
        inner.hnsw.efSearch = settings.hnsw_ef_search
    return index


def dense_search(
    index: faiss.IndexIDMap2, query: np.ndarray, k: int, *, allowed: np.ndarray | None = None
) -> list[tuple[int, float]]:
    """The ``k`` nearest passage rowids to the normalised ``query`` vector, with cosine scores,
    among ``allowed`` rowids only when given."""
    params = None
    if allowed is not None:
        if not len(allowed):
            return []
        selector = faiss.IDSelectorBatch(allowed.astype(np.int64))
        inner = faiss.downcast_index(index.index)
        params = (
            faiss.SearchParametersHNSW(sel=selector) if isinstance(inner, faiss.IndexHNSWFlat)
            else faiss.SearchParameters(sel=selector)
        )  # fmt: skip
    scores, ids = index.search(query.reshape(1, -1), k, params=params)
    return [(int(i), float(s)) for i, s in zip(ids[0], scores[0], strict=True) if i != -1]
