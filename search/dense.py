"""The dense index: FAISS over the passage vectors, keyed by passage rowid.

Exact inner-product search (``IndexFlatIP``) below ``search.exact_below`` passages. Above it, an
inverted-file index (``IndexIVFFlat``, about 4·√n lists trained on a sample) that compares the
query with the passages of the ``search.ivf_nprobe`` nearest lists only, with exact distances
inside them. A facet filter is applied inside the search with an ID selector; a filtered search
probes every list, so it still returns k results when k exist.
"""

from __future__ import annotations

import math
from pathlib import Path

import faiss
import numpy as np

from apkg.config import SearchSettings

TRAINING_PER_LIST = 64  # training vectors per inverted list (FAISS warns below 39)


def build_index(
    vectors: np.ndarray | None, ids: np.ndarray, settings: SearchSettings
) -> faiss.IndexIDMap2 | faiss.IndexIVFFlat | None:
    """An index over ``vectors`` (normalised, one row per id); None when there is nothing to index."""
    if vectors is None or not len(ids):
        return None
    dim = vectors.shape[1]
    if len(ids) < settings.exact_below:
        index = faiss.IndexIDMap2(faiss.IndexFlatIP(dim))
    else:
        lists = max(1, int(4 * math.sqrt(len(ids))))
        index = faiss.IndexIVFFlat(faiss.IndexFlatIP(dim), dim, lists, faiss.METRIC_INNER_PRODUCT)
        rng = np.random.default_rng(0)
        sample = rng.choice(len(ids), min(len(ids), TRAINING_PER_LIST * lists), replace=False)
        index.train(vectors[np.sort(sample)])
        index.nprobe = settings.ivf_nprobe
    index.add_with_ids(vectors, ids)
    return index


def index_kind(index: faiss.Index | None) -> str:
    """The FAISS class that does the search: ``IndexFlatIP``, ``IndexIVFFlat`` or ``none``."""
    if index is None:
        return "none"
    return type(faiss.downcast_index(index.index) if isinstance(index, faiss.IndexIDMap) else index).__name__


def write_index(index: faiss.Index | None, path: Path) -> None:
    """Write ``index`` to ``path`` (through a temporary file), or remove ``path`` if there is none."""
    if index is None:
        path.unlink(missing_ok=True)
        return
    temporary = path.with_suffix(".tmp")
    faiss.write_index(index, str(temporary))
    temporary.replace(path)


def read_index(path: Path, settings: SearchSettings) -> faiss.Index | None:
    """Read the index written by ``write_index`` (None if the knowledge base has no vectors)."""
    if not path.exists():
        return None
    index = faiss.read_index(str(path))
    if isinstance(index, faiss.IndexIVF):
        index.nprobe = settings.ivf_nprobe
    return index


def dense_search(
    index: faiss.Index, query: np.ndarray, k: int, *, allowed: np.ndarray | None = None
) -> list[tuple[int, float]]:
    """The ``k`` nearest passage rowids to the normalised ``query`` vector, with cosine scores,
    among ``allowed`` rowids only when given."""
    params = None
    if allowed is not None:
        if not len(allowed):
            return []
        selector = faiss.IDSelectorBatch(allowed.astype(np.int64))
        params = (
            faiss.SearchParametersIVF(sel=selector, nprobe=index.nlist) if isinstance(index, faiss.IndexIVF)
            else faiss.SearchParameters(sel=selector)
        )  # fmt: skip
    scores, ids = index.search(query.reshape(1, -1), k, params=params)
    return [(int(i), float(s)) for i, s in zip(ids[0], scores[0], strict=True) if i != -1]
