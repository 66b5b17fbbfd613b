"""Score retrieval against queries in the format of ``../shared/eval/`` (``dev-queries.jsonl``)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Protocol

from apkg.ingest.evaluate import read_jsonl, run_scorer
from apkg.search.hits import Hit


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
) -> dict[str, float]:
    """Search every query with ``searcher``, write the results file, and return the shared
    scorer's metrics."""
    with out.open("w", encoding="utf-8") as handle:
        for query in read_jsonl(queries):
            hits = searcher.search(query["query"], k=k, mode=mode)
            results = [{"doc": hit.doc_id, "text": hit.text, "score": hit.score} for hit in hits]
            handle.write(json.dumps({"id": query["id"], "results": results}, ensure_ascii=False) + "\n")
    return run_scorer("retrieval", queries, out, scorer=scorer)
