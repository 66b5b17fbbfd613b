"""Extraction quality of this tree beside a previous release, measured in the same run on the same
gold files: concept and actor precision, recall and F1 from the shared scorer.

Run: ``python benchmarks/extraction.py --previous PATH/TO/OLD/.venv/bin/apkg [--gold FILE ...]``,
where the previous release is installed in its own environment (for example ``git worktree add
../apkg-prev REF`` and ``pip install -e ../apkg-prev`` into a new venv). Gold files default to the
two development sets beside the shared scorer. Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

EVAL = Path(__file__).resolve().parents[1].parent / "shared" / "eval"
METRICS = ("concept", "actor")


def scores(apkg: str, gold: Path, out: Path) -> dict[str, float]:
    """Run ``apkg eval extraction`` of the given installation and read the scorer's figures back."""
    command = [apkg, "eval", "extraction", str(gold), "--out", str(out)]
    subprocess.run(command, check=True, capture_output=True)
    scorer = gold.parent / "score.py"
    completed = subprocess.run(
        [sys.executable, str(scorer), "extraction", str(gold), str(out), "--json"],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(completed.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--previous", required=True, help="the apkg command of the previous release")
    parser.add_argument("--current", default=str(Path(sys.executable).parent / "apkg"))
    development = [EVAL / "dev-extraction.jsonl", EVAL / "dev2-extraction.jsonl"]
    parser.add_argument("--gold", type=Path, nargs="+", default=development)
    args = parser.parse_args()
    print("| gold | release | concept P / R / F1 | actor P / R / F1 |")
    print("|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        for gold in args.gold:
            for name, apkg in (("previous", args.previous), ("this", args.current)):
                found = scores(apkg, gold, Path(tmp) / f"{name}-{gold.name}")
                cells = [
                    " / ".join(f"{found[f'{kind}_{m}']:.3f}" for m in ("precision", "recall", "f1"))
                    for kind in METRICS
                ]
                print(f"| {gold.stem} | {name} | {cells[0]} | {cells[1]} |")


if __name__ == "__main__":
    main()
