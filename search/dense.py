"""The dense index: FAISS over the passage vectors, keyed by passage rowid, in three size tiers.

Exact inner-product search (``IndexFlatIP``) below ``search.exact_below`` passages. Above it, an
inverted-file index (``IndexIVFFlat``, about 4·√n lists trained on a sample) that compares the
query with the passages of the ``search.ivf_nprobe`` nearest lists only, with exact distances
inside them. Above ``search.compress_above``, the same inverted file stores each passage's
residual to its list centroid as 8-bit scalar-quantised codes (``IndexIVFScalarQuantizer``,
QT_8bit, ranges trained on the sample): about 400 bytes a passage instead of 1,550 at 384
dimensions. A facet filter is applied inside the search with an ID selector; a filtered search
probes every list, so it still returns k results when k exist.

Choice of the compressed index, measured at 100k corpus vectors repeated with noise (60 corpus
vectors as queries, nprobe 64, recall@10 against exact search): 8-bit SQ 0.987 recall at 412
bytes/passage; 6-bit SQ 0.940 at 316; 4-bit SQ 0.805 at 220; PQ48 0.508 at 79; PQ96 0.672 at
127 (and 10x the training time). Product quantisation cannot encode the near-duplicate noise
that separates the top 10, a PQ shortlist re-ranked from 8-bit codes costs more memory than the
8-bit codes alone, and HNSW-SQ8 (not measured) adds a graph of about 256 bytes a passage (M=32)
to the same codes, where HNSW reached only 0.72 recall@10 at 1M even with full vectors. 8-bit SQ
is the smallest index measured with recall at or above 0.95.
"""

from __future__ import annotations

import math
from pathlib import Path

import faiss
import numpy as np

from apkg.config import SearchSettings

TRAINING_PER_LIST = 64  # training vectors per inverted list (FAISS warns below 39)


def build_index(vectors: np.ndarray | None, ids: np.ndarray, settings: SearchSettings) -> faiss.Index | None:
    """An index over ``vectors`` (normalised, one row per id) of the tier its size calls for; None
    when there is nothing to index."""
    if vectors is None or not len(ids):
        return None
    index: faiss.Index
    if len(ids) < settings.exact_below:
        index = faiss.IndexIDMap2(faiss.IndexFlatIP(vectors.shape[1]))
    else:
        inverted = _inverted_file(vectors, compressed=len(ids) > settings.compress_above)
        inverted.nprobe = settings.ivf_nprobe
        index = inverted
    index.add_with_ids(vectors, ids)
    return index


def _inverted_file(vectors: np.ndarray, *, compressed: bool) -> faiss.IndexIVF:
    """An inverted file of about 4·√n lists trained on a sample of ``vectors``, storing full vectors
    or, when ``compressed``, 8-bit scalar-quantised residuals."""
    dim, lists = vectors.shape[1], max(1, int(4 * math.sqrt(len(vectors))))
    quantizer = faiss.IndexFlatIP(dim)
    index: faiss.IndexIVF
    if compressed:
        qtype = faiss.ScalarQuantizer.QT_8bit
        index = faiss.IndexIVFScalarQuantizer(quantizer, dim, lists, qtype, faiss.METRIC_INNER_PRODUCT)
    else:
        index = faiss.IndexIVFFlat(quantizer, dim, lists, faiss.METRIC_INNER_PRODUCT)
    rng = np.random.default_rng(0)
    sample = rng.choice(len(vectors), min(len(vectors), TRAINING_PER_LIST * lists), replace=False)
    index.train(vectors[np.sort(sample)])
    return index


def index_kind(index: faiss.Index | None) -> str:
    """The FAISS class that does the search: ``IndexFlatIP``, ``IndexIVFFlat``,
    ``IndexIVFScalarQuantizer`` or ``none``."""
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
        # faiss' stubs declare SearchParameters*() without arguments; its class_wrappers
        # (handle_SearchParameters) add the keyword constructor used here.
        params = (
            faiss.SearchParametersIVF(sel=selector, nprobe=index.nlist)  # type: ignore[call-arg]
            if isinstance(index, faiss.IndexIVF)
            else faiss.SearchParameters(sel=selector)  # type: ignore[call-arg]
        )
    scores, ids = index.search(query.reshape(1, -1), k, params=params)
    return [(int(i), float(s)) for i, s in zip(ids[0], scores[0], strict=True) if i != -1]
