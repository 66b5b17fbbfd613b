"""``apkg trends`` from the command line, from process start to printed table, on one knowledge
base: a cold call of each kind (every speaker; states and regions; without narrower concepts; CSV; a
profile; the R2P statement tracker), against the 2-second budget of issue 21, and where a cold call
spends its time.

Run: ``python benchmarks/trends.py --kb KB [--runs 5]`` on a knowledge base of both collections (the
calls name states the main corpus alone has no speech of). Prints Markdown tables (medians of
``--runs`` calls, with the fastest and slowest, and the median as a share of the budget).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

BUDGET = 2.0  # seconds, process start to printed table
CONCEPT = "responsibility to protect"
CALLS = {
    "attention, every speaker": ["attention", CONCEPT],
    "attention, 3 states + 2 regions + all, 2000-2024": [
        "attention", CONCEPT, "--state", "France", "--state", "RWA", "--state", "Brazil",
        "--region", "Africa", "--region", "Western Europe", "--all", "--from", "2000", "--to", "2024",
    ],
    "attention, a broad concept (Sanctions), --no-narrower": ["attention", "Sanctions", "--no-narrower"],
    "attention, Sanctions with its 7 narrower, CSV": ["attention", "Sanctions", "--format", "csv"],
    "profile of a state": ["profile", "Rwanda"],
    "R2P statements, every speaker": ["r2p"],
    "R2P statements of 2 states and a region, 2005-2015": [
        "r2p", "--state", "Venezuela", "--state", "Russia", "--region", "Africa",
        "--from", "2005", "--to", "2015",
    ],
    "R2P critical sentences with their sources, CSV": [
        "r2p", "--stance", "critical", "--sentences", "--format", "csv",
    ],
}  # fmt: skip
STAGES = """
import sys, time, json
laps, last = [], time.perf_counter()
def lap(name):
    global last
    now = time.perf_counter(); laps.append((name, now - last)); last = now
import apkg.app.cli; lap("interpreter + command-line imports (typer, rich)")
from apkg.kb import KnowledgeBase; lap("apkg.kb (the ontology package, rdflib)")
import apkg.trends.queries; lap("apkg.trends")
kb = KnowledgeBase.open(sys.argv[1]); kb.speakers(); lap("open; read the speeches and the stored vocabulary")
kb.attention(sys.argv[2]); lap("attention: mentions of the concept, counts")
print(json.dumps(laps))
"""


def _time(command: list[str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode:  # e.g. a state this knowledge base has no speech of
        raise SystemExit(f"{' '.join(command)}: {done.stderr.strip()}")
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--kb", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    apkg = str(Path(sys.executable).parent / "apkg")
    print(f"`apkg trends` on {args.kb}, {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}\n")
    print("| call | median s | min s | max s | of the 2 s budget |\n|---|---:|---:|---:|---:|")
    for name, call in CALLS.items():
        times = [_time([apkg, "trends", *call, "--kb", str(args.kb)]) for _ in range(args.runs)]
        median = statistics.median(times)
        print(f"| {name} | {median:.2f} | {min(times):.2f} | {max(times):.2f} | {median / BUDGET:.0%} |")
    stages = [
        json.loads(
            subprocess.run(
                [sys.executable, "-c", STAGES, str(args.kb), CONCEPT],
                check=True,
                capture_output=True,
                text=True,
            ).stdout
        )
        for _ in range(args.runs)
    ]
    print("\nWhere a cold call spends its time (medians):\n\n| stage | s |\n|---|---:|")
    for index, (name, _) in enumerate(stages[0]):
        print(f"| {name} | {statistics.median(run[index][1] for run in stages):.2f} |")


if __name__ == "__main__":
    main()
