"""Score retrieval against queries in the format of ``../shared/eval/`` (``dev-queries.jsonl``)."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Protocol

from apkg.ingest.evaluate import read_jsonl, run_scorer
from apkg.search.hits import Hit

BY_KIND = ("mrr@10", "success@1", "success@10")  # the figures reported for each kind of query


class Searches(Protocol):
    """Anything that searches the passages: a ``KnowledgeBase`` or a ``Searcher``."""

    def search(self, query: str, *, k: int, mode: str) -> list[Hit]: ...


def evaluate_retrieval(
    queries: Path,
    out: Path,
    searcher: Searches,
    *,
    mode: str = "hybrid",
    k: int = 10,
    scorer: Path | None = None,
    collection: str | None = None,
) -> dict[str, float]:
    """Search every query with ``searcher`` (only those of ``collection`` when given: dev2's
    ``corpus`` or ``combined`` part; a query without one belongs to ``corpus``), write the results
    file, and return the shared scorer's metrics overall and, as ``"KIND METRIC"``, by kind of query."""
    scorer = scorer or queries.parent / "score.py"
    gold = [
        q for q in read_jsonl(queries) if collection is None or q.get("collection", "corpus") == collection
    ]
    with out.open("w", encoding="utf-8") as handle:
        for query in gold:
            hits = searcher.search(query["query"], k=k, mode=mode)
            results = [{"doc": hit.doc_id, "text": hit.text, "score": hit.score} for hit in hits]
            handle.write(json.dumps({"id": query["id"], "results": results}, ensure_ascii=False) + "\n")
    kinds = sorted({query.get("kind", "") for query in gold} - {""})
    with tempfile.TemporaryDirectory() as folder:
        scores = run_scorer("retrieval", _subset(gold, Path(folder) / "all.jsonl"), out, scorer=scorer)
        for kind in kinds:
            subset = _subset([q for q in gold if q.get("kind") == kind], Path(folder) / f"{kind}.jsonl")
            by_kind = run_scorer("retrieval", subset, out, scorer=scorer)
            scores |= {f"{kind} {metric}": by_kind[metric] for metric in BY_KIND if metric in by_kind}
    return scores


def _subset(queries: list[dict], path: Path) -> Path:
    path.write_text(
        "".join(json.dumps(query, ensure_ascii=False) + "\n" for query in queries), encoding="utf-8"
    )
    return path
