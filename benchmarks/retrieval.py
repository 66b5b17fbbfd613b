"""Retrieval quality on the development query sets, by query kind, beside two baselines measured in
the same run on the same knowledge base.

Run: ``python benchmarks/retrieval.py --kb KB [--queries FILE ...] [--collection corpus]``.
For every query set it prints MRR@10, Success@1 and Success@10 (the shared scorer's figures),
overall and by kind (keyword, paraphrase, factual, concept), for

- apkg's own ``hybrid``, ``dense`` and ``lexical`` modes (``KnowledgeBase.search``);
- the previous release's fusion: reciprocal rank fusion (k 20) of four rankings, dense, BM25 on
  the words (with the document's context), BM25 on neighbouring words, BM25 on the expansion;
- plain reciprocal rank fusion (k 60) of BM25 on the query's words and dense, the common peer;
- a convex combination like txtai's hybrid, weights 0.5, of min-max-normalised dense and BM25
  (the query's words) scores.

BM25 is apkg's lexical index (tantivy), which holds each passage with its document's context.

The baselines are computed from the same dense and lexical rankings the searcher uses, so the
comparison isolates the fusion and the passage ranking.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")

DEPTH = 100
EVAL = Path(__file__).resolve().parents[2] / "shared" / "eval"


def _scorer(path: Path):
    spec = importlib.util.spec_from_file_location("score", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _rrf(rankings: list[list[int]], k: int) -> list[int]:
    scores: dict[int, float] = defaultdict(float)
    for ranking in rankings:
        for rank, rowid in enumerate(ranking, start=1):
            scores[rowid] += 1 / (k + rank)
    return sorted(scores, key=lambda rowid: -scores[rowid])


def _convex(rankings: list[list[tuple[int, float]]]) -> list[int]:
    scores: dict[int, float] = defaultdict(float)
    for ranking in rankings:
        values = [score for _, score in ranking]
        low, high = min(values, default=0.0), max(values, default=0.0)
        for rowid, score in ranking:
            scores[rowid] += (score - low) / (high - low) / len(rankings) if high > low else 1 / len(rankings)
    return sorted(scores, key=lambda rowid: -scores[rowid])


def _baselines(kb, query: str) -> dict[str, list[int]]:
    from apkg.search.dense import dense_search
    from apkg.search.encoder import encode, load_encoder
    from apkg.search.lexical import match_expression, proximity_expression, query_words

    searcher = kb._searcher
    words = query_words(query)
    expansion = searcher.expand(query)
    vector = encode(load_encoder(searcher.model), [query])[0]
    scored_dense = dense_search(searcher._index, vector, DEPTH)
    dense = [rowid for rowid, _ in scored_dense]

    def lexical(expression: str) -> list[int]:
        return [rowid for rowid, _ in searcher._lexical_index.search(expression, DEPTH)]

    bm25 = searcher._lexical_index.search(match_expression(words), DEPTH)

    previous = [
        dense,
        lexical(match_expression(words)),
        lexical(proximity_expression(words, 8)),
        lexical(match_expression([], expansion.related)) if expansion.related else [],
    ]
    return {
        "previous release (RRF of 4)": _rrf([r for r in previous if r], 20),
        "plain RRF of BM25 and dense": _rrf([dense, [rowid for rowid, _ in bm25]], 60),
        "convex min-max of BM25 and dense (txtai-like)": _convex([scored_dense[:50], bm25[:50]]),
    }


def evaluate(kb, queries: list[dict], scorer) -> dict[str, dict[str, dict[str, float]]]:
    """System -> kind ('all' too) -> metric -> value."""
    texts = {row[0]: (row[1], row[2]) for row in kb.db.execute("SELECT rowid, doc_id, text FROM passages")}
    systems: dict[str, Callable[[str], list[dict[str, str]]]] = {}
    for mode in ("hybrid", "dense", "lexical"):
        systems[f"apkg {mode}"] = lambda q, m=mode: [
            {"doc": hit.doc_id, "text": hit.text} for hit in kb.search(q, k=10, mode=m)
        ]
    kb.search("warm up", k=1)
    runs: dict[str, dict[str, dict]] = defaultdict(dict)
    for query in queries:
        for name, run in systems.items():
            runs[name][query["id"]] = {"id": query["id"], "results": run(query["query"])}
        for name, rowids in _baselines(kb, query["query"]).items():
            results = [{"doc": texts[r][0], "text": texts[r][1]} for r in rowids[:10]]
            runs[name][query["id"]] = {"id": query["id"], "results": results}
    kinds = sorted({query["kind"] for query in queries})
    report: dict[str, dict[str, dict[str, float]]] = {}
    for name, results in runs.items():
        report[name] = {}
        for kind in ["all", *kinds]:
            gold = {q["id"]: q for q in queries if kind in ("all", q["kind"])}
            report[name][kind] = scorer.score_retrieval(gold, {i: results[i] for i in gold}, 10)
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kb", type=Path, required=True)
    parser.add_argument("--queries", type=Path, nargs="+",
                        default=[EVAL / "dev-queries.jsonl", EVAL / "dev2-queries.jsonl"])  # fmt: skip
    parser.add_argument("--collection", default="corpus", help="dev2's part to use: corpus or combined")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()

    from apkg.config import load_settings
    from apkg.kb import KnowledgeBase

    kb = KnowledgeBase.open(args.kb, load_settings(environ={}))
    scorer = _scorer(EVAL / "score.py")
    everything = {}
    for path in args.queries:
        queries = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        queries = [q for q in queries if q.get("collection", "corpus") == args.collection]
        report = evaluate(kb, queries, scorer)
        everything[path.name] = report
        kinds = [k for k in next(iter(report.values())) if k != "all"]
        print(f"\n**{path.name}** ({len(queries)} queries, {args.collection}; knowledge base {args.kb})\n")
        print("| system | MRR@10 | S@1 | S@10 | " + " | ".join(f"{k} MRR" for k in kinds) + " |")
        print("|---|---:|---:|---:|" + "---:|" * len(kinds))
        for name, by_kind in report.items():
            overall = by_kind["all"]
            cells = [f"{overall[m]:.3f}" for m in ("mrr@10", "success@1", "success@10")]
            cells += [f"{by_kind[k]['mrr@10']:.3f}" for k in kinds]
            print(f"| {name} | " + " | ".join(cells) + " |")
    if args.json:
        args.json.write_text(json.dumps(everything, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
