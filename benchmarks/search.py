"""Search speed and index quality: hybrid query latency on the corpus build, then the dense index
on synthetic collections of 100k and 1M passages (the corpus vectors repeated with noise).

Run: ``python benchmarks/search.py [--kb kb] [--sizes 100000 1000000]``. Prints Markdown tables:
latency p50/p95 with query encoding included, recall@10 of the approximate tiers (IVF, compressed
IVF-SQ8) against exact (flat), memory per passage (from the serialised index) and build time.
Interactive settings: one torch thread, one FAISS thread.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import tempfile
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def corpus_latency(kb_path: Path, queries: list[str]) -> None:
    from apkg.kb import KnowledgeBase

    kb = KnowledgeBase.open(kb_path)
    kb.search("warm up")  # loads the model, the index and the matcher
    print(f"\n**Corpus build** ({kb.counts()['passages']:,} passages), {len(queries)} development queries\n")
    print("| mode | p50 ms | p95 ms |")
    print("|---|---:|---:|")
    for mode in ("hybrid", "dense", "lexical"):
        times = []
        for query in queries:
            start = time.perf_counter()
            kb.search(query, k=10, mode=mode)
            times.append(time.perf_counter() - start)
        print(f"| {mode} | {statistics.median(times) * 1000:.1f} | {_pct(times, 0.95) * 1000:.1f} |")


def synthetic(kb_path: Path, queries: list[str], sizes: list[int]) -> None:
    import faiss
    import numpy as np

    from apkg.config import SearchSettings
    from apkg.kb import KnowledgeBase
    from apkg.search.dense import build_index, dense_search
    from apkg.search.encoder import encode, load_encoder

    kb = KnowledgeBase.open(kb_path)
    base = np.stack(
        [np.frombuffer(blob, dtype=np.float32) for (blob,) in kb.db.execute("SELECT vector FROM vectors")]
    )
    encoder = load_encoder(kb.manifest.get("search_model", SearchSettings.model))

    rng = np.random.default_rng(7)
    print("\n**Synthetic dense indexes** (corpus vectors repeated with Gaussian noise, σ = 0.05,")
    print("renormalised; queries are the development queries)\n")
    print("| passages | index | build s | MB | bytes/passage | p50 ms | p95 ms | recall@10 vs exact |")
    print("|---:|---|---:|---:|---:|---:|---:|---:|")
    for size in sizes:
        vectors = base[rng.integers(0, len(base), size)] + rng.normal(0, 0.05, (size, base.shape[1])).astype(
            np.float32
        )
        vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
        ids = np.arange(size, dtype=np.int64)
        exact_results = None
        nprobe = f"nprobe {SearchSettings.ivf_nprobe}"
        tiers = (
            ("flat (exact)", SearchSettings(exact_below=size + 1)),
            (f"IVF, {nprobe}", SearchSettings(exact_below=0, compress_above=size)),
            (f"IVF-SQ8 (compressed), {nprobe}", SearchSettings(exact_below=0, compress_above=0)),
        )
        for name, settings in tiers:
            faiss.omp_set_num_threads(os.cpu_count() or 1)
            start = time.perf_counter()
            index = build_index(vectors, ids, settings)
            build = time.perf_counter() - start
            with tempfile.NamedTemporaryFile(suffix=".faiss") as handle:
                faiss.write_index(index, handle.name)
                size_mb = os.path.getsize(handle.name) / 1e6
            faiss.omp_set_num_threads(1)
            times, results = [], []
            for query in queries:
                start = time.perf_counter()
                vector = encode(encoder, [query])[0]
                found = dense_search(index, vector, 10)
                times.append(time.perf_counter() - start)
                results.append({rowid for rowid, _ in found})
            if exact_results is None:
                exact_results, recall = results, 1.0
            else:
                recall = statistics.mean(len(a & b) / 10 for a, b in zip(results, exact_results, strict=True))
            p50, p95 = statistics.median(times) * 1000, _pct(times, 0.95) * 1000
            per_passage = size_mb * 1e6 / size
            print(f"| {size:,} | {name} | {build:.1f} | {size_mb:,.0f} | {per_passage:,.0f} ", end="")
            print(f"| {p50:.1f} | {p95:.1f} | {recall:.3f} |", flush=True)
            del index


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kb", type=Path, default=Path("kb"))
    parser.add_argument("--queries", type=Path, default=Path("../shared/eval/dev-queries.jsonl"))
    parser.add_argument("--sizes", type=int, nargs="*", default=[100_000, 1_000_000])
    args = parser.parse_args()
    import torch

    torch.set_num_threads(1)
    queries = [
        json.loads(line)["query"] for line in args.queries.read_text(encoding="utf-8").splitlines() if line
    ]
    corpus_latency(args.kb, queries)
    if args.sizes:
        synthetic(args.kb, queries, args.sizes)


if __name__ == "__main__":
    main()
