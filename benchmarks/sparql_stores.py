"""The competency queries on the local Oxigraph store and on Virtuoso, side by side.

Builds a knowledge base (or reuses ``--kb``), writes the same graph into a private Virtuoso on
loopback through ``SparqlStore`` (Graph Store Protocol), then runs every competency query on both
stores and prints a Markdown table: rows, median latency of ``--runs`` runs after one warm-up
(the whole answer read; for Virtuoso that includes HTTP and JSON parsing), and whether the two
answers agree (compared as in ``tests/test_remote_store.py``).

Run: ``python benchmarks/sparql_stores.py [--corpus ../shared/corpus] [--kb kb] [--runs 5]``.
Needs ``virtuoso-t`` (Debian: ``apt-get install virtuoso-opensource``).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from apkg.graph.store import GraphStore

os.environ.setdefault("HF_HUB_OFFLINE", "1")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # for tests.virtuoso


def _median_ms(store: GraphStore, sparql: str, runs: int) -> float:
    list(store.query(sparql))  # warm-up: Virtuoso compiles and caches the plan
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        list(store.query(sparql))
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=Path("../shared/corpus"))
    parser.add_argument("--kb", type=Path, help="an existing knowledge base (default: build one)")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    from apkg.config import GraphSettings, load_settings
    from apkg.graph.store import OxigraphStore, open_store
    from apkg.graph.sync import sync_graph
    from apkg.layout import DATABASE_FILE, connect_read_only
    from apkg.ontology import competency_queries
    from apkg.stored import StoredRecords
    from tests.virtuoso import comparable_rows, start_virtuoso, virtuoso_missing

    if reason := virtuoso_missing():
        sys.exit(reason)
    with tempfile.TemporaryDirectory(prefix="apkg-stores-") as tmp:
        kb_path = args.kb
        if kb_path is None:
            from apkg.build import build

            kb_path = Path(tmp) / "kb"
            build(args.corpus, kb_path, load_settings(environ={}))
        server = start_virtuoso(Path(tmp) / "virtuoso", max_rows=1_000_000)
        try:
            remote = GraphSettings(
                store="sparql+" + server.url, graph_store_endpoint=server.graph_store_url, timeout=300
            )
            records = StoredRecords(connect_read_only(kb_path / DATABASE_FILE), kb_path)
            start = time.perf_counter()
            changed = [d.meta.doc_id for d in records.documents()]
            quads = sync_graph(kb_path, records, remote, changed=changed, removed=[], full=True)
            loaded = time.perf_counter() - start
            local, virtuoso = OxigraphStore.open(kb_path), open_store(kb_path, remote)
            print(f"\n{len(local):,} quads locally; {quads:,} written to Virtuoso", end=" ")
            print(f"(Graph Store Protocol) in {loaded:.1f} s; median of {args.runs} runs after a warm-up\n")
            print(
                "| competency query | rows | Oxigraph ms | Virtuoso ms | Virtuoso / Oxigraph | same answer |"
            )
            print("|---|---:|---:|---:|---:|---|")
            for query in competency_queries():
                rows = comparable_rows(local, query.sparql)
                same = "yes" if comparable_rows(virtuoso, query.sparql) == rows else "**no**"
                ox, vi = (_median_ms(store, query.sparql, args.runs) for store in (local, virtuoso))
                print(f"| {query.name} | {len(rows):,} | {ox:.1f} | {vi:.1f} | {vi / ox:.1f}x | {same} |")
        finally:
            server.stop()


if __name__ == "__main__":
    main()
