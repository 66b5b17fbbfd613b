"""Search speed: hybrid and lexical latency of this release beside the previous release's lexical
leg (SQLite FTS5) on each knowledge base given, then on a synthetic knowledge base of a million
passages; optionally the dense index tiers at synthetic sizes.

Run: ``python benchmarks/search.py --kb KB [--kb KB2] [--synthetic 1000000] [--dense-sizes 100000]``.

- **Builds** (``--kb``, repeatable): p50/p95 of ``KnowledgeBase.search`` per mode, query encoding
  included, and the same searcher with the previous release's lexical leg: one FTS5 query over
  the passages and their documents' context, phrases unboosted and ``NEAR`` for proximity, as it
  was (the FTS5 table is built for the run in a scratch copy of the database).
- **Synthetic** (``--synthetic N``, from the last ``--kb``): a knowledge base of N passages, the
  build's own and synthetic ones made of its passages' sentences (a run of three to seven
  consecutive sentences of one passage, or as many drawn from anywhere), each with the vector of
  the passage its first sentence came from plus Gaussian noise (σ 0.05, renormalised). Its
  lexical and dense indexes are written by apkg's own code (an inverted file at this size).
- **Dense tiers** (``--dense-sizes``): flat, IVF and IVF-SQ8 indexes of synthetic vectors: build
  time, memory, latency and recall@10 against exact search.

Queries are the development queries. Interactive settings: one torch thread, one FAISS thread.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import random
import re
import shutil
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")

PREVIOUS_FTS = (
    "CREATE VIRTUAL TABLE passages_fts USING fts5("
    "text, context, tokenize = 'porter unicode61 remove_diacritics 2')"
)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def previous_release_fts(db: sqlite3.Connection) -> None:
    """Add the previous release's full-text table to ``db``, filled as its build filled it."""
    from apkg.search.index import CONTEXT

    db.execute("DROP TABLE IF EXISTS passages_fts")
    db.execute(PREVIOUS_FTS)
    db.execute(
        "INSERT INTO passages_fts (rowid, text, context) "
        f"SELECT p.rowid, p.text, {CONTEXT} FROM passages p JOIN documents d USING (doc_id)"
    )
    db.commit()


def previous_lexical(db: sqlite3.Connection) -> Callable[..., list[tuple[int, float]]]:
    """The previous release's lexical leg over ``db``'s FTS5 table, taking this release's
    expressions: boosts dropped (it had none), slop phrases as ``NEAR`` (its proximity form)."""

    def search(expression: str, depth: int, allowed: object = None) -> list[tuple[int, float]]:
        if not expression:
            return []
        expression = re.sub(r"\^[0-9.]+", "", expression)
        expression = re.sub(r'"(\w+) (\w+)"~(\d+)', r'NEAR("\1" "\2", \3)', expression)
        sql = (
            "SELECT rowid, -bm25(passages_fts, 1.0, 1.0) FROM passages_fts WHERE passages_fts MATCH ? "
            "ORDER BY bm25(passages_fts, 1.0, 1.0) LIMIT ?"
        )
        return [(rowid, score) for rowid, score in db.execute(sql, (expression, depth))]

    return search


def latency(kb_path: Path, queries: list[str], title: str, scratch: Path) -> None:
    """p50/p95 per mode of this release's search on ``kb_path``, and of the previous release's
    lexical leg in the same searcher."""
    from apkg.kb import KnowledgeBase
    from apkg.layout import DATABASE_FILE

    kb = KnowledgeBase.open(kb_path)
    kb.search("warm up")  # loads the model, the indexes and the matcher
    searcher = kb._searcher
    assert searcher is not None
    previous_db = scratch / "previous.sqlite"
    shutil.copyfile(kb_path / DATABASE_FILE, previous_db)
    with sqlite3.connect(previous_db) as db:
        previous_release_fts(db)
    previous = previous_lexical(sqlite3.connect(previous_db, check_same_thread=False))  # the lexical thread
    current = searcher._lexical
    passages = kb.db.execute("SELECT COUNT(*) FROM passages").fetchone()[0]
    print(f"\n**{title}** ({passages:,} passages), {len(queries)} development queries\n")
    print("| mode | this release p50 ms | p95 ms | previous release p50 ms | p95 ms |")
    print("|---|---:|---:|---:|---:|")
    for mode in ("hybrid", "lexical", "dense"):
        cells = []
        for lexical in (current, previous):
            searcher._lexical = lexical  # type: ignore[method-assign]
            times = []
            for query in queries:
                start = time.perf_counter()
                kb.search(query, k=10, mode=mode)
                times.append(time.perf_counter() - start)
            cells += [f"{statistics.median(times) * 1000:.1f}", f"{_pct(times, 0.95) * 1000:.1f}"]
        print(f"| {mode} | {' | '.join(cells)} |", flush=True)
    searcher._lexical = current  # type: ignore[method-assign]
    previous_db.unlink()


def synthetic_kb(source: Path, size: int, target: Path, seed: int = 7) -> None:
    """Write at ``target`` a knowledge base of ``size`` passages made from the build ``source``
    (see the module's description), its indexes written by apkg's own code."""
    import numpy as np

    from apkg.config import SearchSettings
    from apkg.layout import DATABASE_FILE, INDEX_FILE, LEXICAL_DIR, MANIFEST_FILE
    from apkg.search.dense import build_index, write_index
    from apkg.search.index import lexical_rows
    from apkg.search.lexical import write_lexical_index

    target.mkdir(parents=True)
    shutil.copyfile(source / MANIFEST_FILE, target / MANIFEST_FILE)
    shutil.copyfile(source / DATABASE_FILE, target / DATABASE_FILE)
    db = sqlite3.connect(target / DATABASE_FILE)
    rows = db.execute(
        "SELECT p.rowid, p.doc_id, p.text, v.vector FROM passages p JOIN vectors v USING (passage_id) "
        "ORDER BY p.rowid"
    ).fetchall()
    ids = [rowid for rowid, *_ in rows]
    originals = list(lexical_rows(db))
    context_of = {rowid: rest for rowid, _, *rest in originals}  # a synthetic passage has its origin's
    base = np.stack([np.frombuffer(blob, dtype=np.float32) for *_, blob in rows])
    sentences = [[s for s in _SENTENCE_END.split(text) if s.strip()] for _, _, text, _ in rows]
    pool = [(j, sentence) for j, passage in enumerate(sentences) for sentence in passage]
    rng, noise = random.Random(seed), np.random.default_rng(seed)
    origins = []
    made = []
    next_rowid = max(ids) + 1
    for i in range(size - len(rows)):
        j = rng.randrange(len(rows))
        count = rng.randint(3, 7)
        if rng.random() < 0.5 and len(sentences[j]) > 1:
            first = rng.randrange(len(sentences[j]))
            text = " ".join(sentences[j][first : first + count])
        else:
            drawn = [pool[rng.randrange(len(pool))] for _ in range(count)]
            j, text = drawn[0][0], " ".join(sentence for _, sentence in drawn)
        origins.append(j)
        made.append((next_rowid + i, f"synthetic-{i}", rows[j][1], i, 0, len(text), text, "", "prose"))
    db.executemany(
        "INSERT INTO passages (id, passage_id, doc_id, idx, char_start, char_end, text, content_hash, kind) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        made,
    )
    db.commit()
    synthetic = (
        (rowid, text, *context_of[ids[j]]) for (rowid, *_, text, _, _), j in zip(made, origins, strict=True)
    )
    write_lexical_index(target / LEXICAL_DIR, itertools.chain(originals, synthetic))
    vectors = np.concatenate([base, base[origins] + noise.normal(0, 0.05, (len(origins), base.shape[1]))])
    vectors = (vectors / np.linalg.norm(vectors, axis=1, keepdims=True)).astype(np.float32)
    all_ids = np.asarray(ids + [row[0] for row in made], dtype=np.int64)
    write_index(build_index(vectors, all_ids, SearchSettings()), target / INDEX_FILE)
    db.close()


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
    parser.add_argument("--kb", type=Path, action="append", help="a build (repeatable; default kb)")
    parser.add_argument("--queries", type=Path, default=Path("../shared/eval/dev-queries.jsonl"))
    parser.add_argument("--synthetic", type=int, default=1_000_000, help="passages (0: none)")
    parser.add_argument("--dense-sizes", type=int, nargs="*", default=[])
    parser.add_argument(
        "--work", type=Path, help="where the synthetic build goes (default: a temporary folder)"
    )
    args = parser.parse_args()
    import faiss
    import torch

    torch.set_num_threads(1)
    faiss.omp_set_num_threads(1)
    builds = args.kb or [Path("kb")]
    queries = [
        json.loads(line)["query"] for line in args.queries.read_text(encoding="utf-8").splitlines() if line
    ]
    with tempfile.TemporaryDirectory(dir=args.work) as scratch:
        measured = [(build, f"Build {build.name}") for build in builds]
        if args.synthetic:  # written first, so that every latency below is measured on a quiet machine
            target = Path(scratch) / "synthetic"
            start = time.perf_counter()
            faiss.omp_set_num_threads(os.cpu_count() or 1)
            synthetic_kb(builds[-1], args.synthetic, target)
            faiss.omp_set_num_threads(1)
            seconds = time.perf_counter() - start
            print(f"(synthetic build of {args.synthetic:,} passages written in {seconds:.0f} s)")
            measured.append((target, f"Synthetic, from {builds[-1].name}"))
        for build, title in measured:
            latency(build, queries, title, Path(scratch))
    if args.dense_sizes:
        synthetic(builds[-1], queries, args.dense_sizes)


if __name__ == "__main__":
    main()
