"""``apkg search`` from the command line, from process start to printed hits: a cold call of the
previous CLI and of this one, where this one's cold call spends its time, and the two quick paths
for scripts (``apkg search --server`` against a running ``apkg search-server``, and
``apkg search --queries FILE``), all in one run on one knowledge base.

Run: ``python benchmarks/cli.py --kb KB [--before /path/to/old/bin/apkg] [--before-kb OLD_KB] [--runs 3]``
(``--before-kb``: a knowledge base the previous CLI can read, when the format has changed since). Prints
Markdown tables (medians of ``--runs`` calls, with the fastest and slowest). The server listens
on 127.0.0.1 only and is stopped at the end.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")

QUERY = "which tools help dissuade perpetrators?"
QUERIES = [
    QUERY,
    "early warning signs of genocide",
    "arms embargo against militias",
    "hate speech before mass atrocities",
    "referral to the International Criminal Court",
    "protection of civilians by peacekeepers",
    "transitional justice after mass violence",
    "sanctions against perpetrators",
    "responsibility to protect",
    "risk factors of atrocity crimes",
]
# Where a cold call's time goes, each stage timed in a fresh process as the search reaches it.
STAGES = """
import sys, time, json
from pathlib import Path
laps, last = [], time.perf_counter()
def lap(name):
    global last
    now = time.perf_counter(); laps.append((name, now - last)); last = now
import apkg.app.cli; lap("interpreter + command-line imports (typer, rich)")
import apkg.search.engine; lap("search code: spaCy (and torch, which spaCy's thinc imports), faiss, rdflib")
from apkg.kb import KnowledgeBase
kb = KnowledgeBase.open(sys.argv[1]); searcher = kb._open_searcher(); lap("open database and FAISS index")
from apkg.ontology.taxonomy import taxonomy
ontology = taxonomy(); lap("ontology (Oxigraph's Turtle parser into rdflib) and taxonomy")
searcher.expand(sys.argv[2], ontology); lap("query expander: spaCy tokenizer and lemmas, label matchers")
from apkg.search.query_encoder import load_query_encoder
encoder = load_query_encoder(searcher.model); lap("query encoder: ONNX export (or torch and the model)")
encoder([sys.argv[2]]); lap("embed the query")
kb._searcher = searcher
kb.search(sys.argv[2]); lap("search: dense, lexical, fusion, hits")
print(json.dumps(laps))
"""


def _time(command: list[str], *, stdin: str | None = None) -> float:
    start = time.perf_counter()
    subprocess.run(command, input=stdin, text=True, check=True, capture_output=True)
    return time.perf_counter() - start


def _runs(command: list[str], runs: int) -> list[float]:
    return [_time(command) for _ in range(runs)]


def _row(name: str, times: list[float], note: str = "") -> str:
    return f"| {name} | {statistics.median(times):.2f} | {min(times):.2f} | {max(times):.2f} | {note} |"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _start_server(apkg: str, kb: Path) -> tuple[subprocess.Popen[bytes], str, float]:
    """``apkg search-server`` on a free port; its URL and the seconds until it answered."""
    import httpx

    port = _free_port()
    start = time.perf_counter()
    server = subprocess.Popen(
        [apkg, "search-server", "--kb", str(kb), "--port", str(port)], stdout=subprocess.DEVNULL
    )
    url = f"http://127.0.0.1:{port}"
    while server.poll() is None:
        try:
            httpx.post(f"{url}/search", json={}, timeout=2)
            return server, url, time.perf_counter() - start
        except httpx.TransportError:
            time.sleep(0.2)
    raise SystemExit("apkg search-server stopped before it answered")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--kb", type=Path, required=True)
    parser.add_argument("--before", default="/work/wt-endpoint/.venv/bin/apkg", help="the previous CLI")
    parser.add_argument(
        "--before-kb", type=Path, help="a knowledge base of the previous CLI's format (default: --kb)"
    )
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    apkg = str(Path(sys.executable).parent / "apkg")
    search = ["search", QUERY, "--kb", str(args.kb)]
    print(f'`apkg search "{QUERY}"` on {args.kb}, {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}\n')
    print("| call | median s | min s | max s | |\n|---|---:|---:|---:|---|")
    before = ["search", QUERY, "--kb", str(args.before_kb or args.kb)]
    print(_row("previous CLI, cold", _runs([args.before, *before], args.runs), args.before))
    print(_row("this CLI, cold", _runs([apkg, *search], args.runs)))
    server, url, startup = _start_server(apkg, args.kb)
    try:
        print(_row("this CLI, `--server` (warm server)", _runs([apkg, *search, "--server", url], args.runs)))
    finally:
        server.terminate()
        server.wait(10)
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as queries:
        queries.write("\n".join(QUERIES) + "\n")
    batch = _runs([apkg, "search", "--queries", queries.name, "--kb", str(args.kb)], 1)
    Path(queries.name).unlink()
    print(_row("`apkg search-server` start until it answers", [startup], "once per session"))
    print(_row(f"`--queries` file of {len(QUERIES)} queries, whole call", batch, "one process"))
    per_query = [batch[0] / len(QUERIES)]
    print(_row("`--queries`, per query", per_query, "loading shared by all"))
    stages = [json.loads(subprocess.run(
        [sys.executable, "-c", STAGES, str(args.kb), QUERY], check=True, capture_output=True, text=True
    ).stdout) for _ in range(args.runs)]  # fmt: skip
    print("\nWhere a cold call spends its time (this CLI, medians):\n\n| stage | s |\n|---|---:|")
    for index, (name, _) in enumerate(stages[0]):
        print(f"| {name} | {statistics.median(run[index][1] for run in stages):.2f} |")


if __name__ == "__main__":
    main()
