"""SPARQL speed on the corpus build: every competency query on the on-disk Oxigraph store against
rdflib's in-memory graph (same quads, union default graph), and the endpoint under load.

Run: ``python benchmarks/sparql.py [--kb kb ...] [--runs 20] [--clients 50 --seconds 30]``: each
``--kb`` in turn, in one run (the corpus build and the two-collection build side by side). Prints
Markdown tables. The load test talks only to 127.0.0.1 and stops after ``--seconds``. On a large
build, ``--rdflib-runs 0`` leaves out the in-memory baseline and ``--clients 0`` the load test.
"""

from __future__ import annotations

import argparse
import asyncio
import io
import multiprocessing
import os
import queue
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")


JSON_RESULTS = "application/sparql-results+json"


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _rdflib_worker(nquads: bytes, queries: list[tuple[str, str]], runs: int, out) -> None:
    import rdflib

    dataset = rdflib.Dataset(default_union=True)
    dataset.parse(data=nquads, format="nquads")
    out.put(("ready",))
    for name, text in queries:
        out.put(("start", name))
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            list(dataset.query(text))
            times.append(time.perf_counter() - start)
        out.put(("done", name, times))


def _rdflib_times(
    nquads: bytes, queries: list[tuple[str, str]], runs: int, limit: float
) -> dict[str, list[float]]:
    """rdflib's times per query; a query over ``limit`` seconds a run is stopped (its worker killed)
    and left out, and a new worker, after parsing the data again, goes on with the next query."""
    context = multiprocessing.get_context("spawn")
    times: dict[str, list[float]] = {}
    pending = list(queries)
    while pending:
        channel = context.Queue()
        worker = context.Process(target=_rdflib_worker, args=(nquads, pending, runs, channel))
        worker.start()
        channel.get()  # the data is parsed
        current, deadline = None, None
        while pending:
            try:
                message = channel.get(timeout=0.5)
            except queue.Empty:
                if deadline is not None and time.monotonic() > deadline:
                    pending = [q for q in pending if q[0] != current]
                    break
                continue
            if message[0] == "start":
                current, deadline = message[1], time.monotonic() + limit * runs
            else:
                times[message[1]] = message[2]
                pending = [q for q in pending if q[0] != message[1]]
                current, deadline = None, None
        worker.kill()
        worker.join()
    return times


def compare_stores(kb: Path, runs: int, rdflib_runs: int, limit: float) -> None:
    import pyoxigraph

    from apkg.graph.store import OxigraphStore
    from apkg.ontology import competency_queries

    store = OxigraphStore.open(kb)
    queries = [(q.name, q.sparql) for q in competency_queries()]
    oxigraph: dict[str, list[float]] = {}
    for name, text in queries:
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            result = store.query(text)
            if not isinstance(result, bool):
                for _ in result:
                    pass
            times.append(time.perf_counter() - start)
        oxigraph[name] = times
    in_memory: dict[str, list[float]] = {}
    if rdflib_runs:
        buffer = io.BytesIO()
        store.store.dump(buffer, pyoxigraph.RdfFormat.N_QUADS)
        in_memory = _rdflib_times(buffer.getvalue(), queries, rdflib_runs, limit)
    print(f"\n{len(store):,} quads; Oxigraph {runs} runs, rdflib {rdflib_runs} run(s)", end="")
    print(f", an rdflib query stopped after {limit:.0f} s\n" if rdflib_runs else "\n")
    print("| competency query | Oxigraph p50 ms | Oxigraph p95 ms | rdflib p50 ms | rdflib / Oxigraph |")
    print("|---|---:|---:|---:|---:|")
    for name, _ in queries:
        ox, rd = oxigraph[name], in_memory.get(name)
        if not rdflib_runs:
            rd_p50 = ratio = "not run"
        elif rd:
            rd_p50 = f"{statistics.median(rd) * 1000:,.0f}"
            ratio = f"{statistics.median(rd) / statistics.median(ox):,.0f}x"
        else:
            rd_p50, ratio = f"> {limit * 1000:,.0f}", f"> {limit / statistics.median(ox):,.0f}x"
        p50, p95 = statistics.median(ox) * 1000, _percentile(ox, 0.95) * 1000
        print(f"| {name} | {p50:.1f} | {p95:.1f} | {rd_p50} | {ratio} |")


async def _load(url: str, queries: list[str], clients: int, seconds: float) -> tuple[int, int, list[float]]:
    import httpx

    latencies: list[float] = []
    errors = 0
    deadline = time.monotonic() + seconds
    async with httpx.AsyncClient(timeout=30) as client:

        async def one_client(index: int) -> None:
            nonlocal errors
            turn = index
            while time.monotonic() < deadline:
                start = time.perf_counter()
                query = queries[turn % len(queries)]
                try:
                    response = await client.post(url, data={"query": query}, headers={"Accept": JSON_RESULTS})
                    errors += response.status_code != 200
                except httpx.TimeoutException:  # waited past the client's limit: an error too
                    errors += 1
                latencies.append(time.perf_counter() - start)
                turn += 1

        await asyncio.gather(*(one_client(i) for i in range(clients)))
    return len(latencies), errors, latencies


def load_test(kb: Path, clients: int, seconds: float) -> None:
    import httpx

    from apkg.ontology import competency_queries

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "apkg.app.cli", "serve", "--kb", str(kb), "--port", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}/sparql"
    try:
        for _ in range(300):
            try:
                if httpx.get(url, timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.2)
        queries = [q.sparql for q in competency_queries()]
        count, errors, latencies = asyncio.run(_load(url, queries, clients, seconds))
    finally:
        server.terminate()
        server.wait(timeout=10)
    print(
        f"\nendpoint: {clients} concurrent clients for {seconds:.0f} s, "
        f"the {len(queries)} competency queries in turn\n"
    )
    print("| requests | throughput (req/s) | p50 ms | p95 ms | errors |")
    print("|---:|---:|---:|---:|---:|")
    print(f"| {count:,} | {count / seconds:,.1f} | {statistics.median(latencies) * 1000:.0f} | "
          f"{_percentile(latencies, 0.95) * 1000:.0f} | {errors} |")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--kb",
        type=Path,
        action="append",
        help="a built knowledge base, repeatable (default: build one from --corpus)",
    )
    parser.add_argument("--corpus", type=Path, default=Path("../shared/corpus"))
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--rdflib-runs", type=int, default=1, help="0: no in-memory baseline")
    parser.add_argument("--rdflib-limit", type=float, default=20.0, help="seconds an rdflib query may run")
    parser.add_argument("--clients", type=int, default=50, help="0: no endpoint load test")
    parser.add_argument("--seconds", type=float, default=30.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        kbs = args.kb
        if not kbs:
            from apkg.build import build
            from apkg.config import load_settings

            kbs = [Path(tmp) / "kb"]
            build(args.corpus, kbs[0], load_settings(environ={}), progress=False)
        for kb in kbs:
            print(f"\n## {kb}")
            compare_stores(kb, args.runs, args.rdflib_runs, args.rdflib_limit)
            if args.clients:
                load_test(kb, args.clients, args.seconds)


if __name__ == "__main__":
    main()
