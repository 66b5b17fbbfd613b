"""Relation extraction under k-fold cross-validation on the relation gold (``dev2-extraction.jsonl``).

The passages are split into ``--folds`` seeded folds. On the training folds each pattern of
``apkg.ingest.relations`` is kept when its precision there reaches ``--floor`` (the one choice made
from data); the kept patterns are scored on the held-out fold. Prints per-fold and pooled relation
precision, recall, F1 and mode accuracy (the shared scorer's), the patterns kept in each fold, and
each pattern's pooled precision.

Run: ``python benchmarks/relations.py [--gold ../shared/eval/dev2-extraction.jsonl] [--folds 5]``.
"""

from __future__ import annotations

import argparse
import importlib.util
import random
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType
from typing import Any

from apkg.config import ExtractSettings
from apkg.ingest import make_extractor
from apkg.ingest.evaluate import corpora_beside, extraction_results, gold_sources, read_jsonl
from apkg.ingest.relations import PATTERNS

Line = dict[str, Any]


def scorer(gold: Path) -> ModuleType:
    """The shared ``score.py`` beside the gold file, imported."""
    spec = importlib.util.spec_from_file_location("score", gold.parent / "score.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def folds_of(ids: Sequence[str], k: int, seed: int) -> dict[str, int]:
    """Each passage's fold: the ids shuffled with ``seed`` and dealt round-robin."""
    order = list(ids)
    random.Random(seed).shuffle(order)
    return {pid: i % k for i, pid in enumerate(order)}


def keep(results: dict[str, Line], patterns: set[str]) -> dict[str, Line]:
    """The results with only the relations found by ``patterns``."""
    return {
        pid: {**line, "relations": [r for r in line["relations"] if r["pattern"] in patterns]}
        for pid, line in results.items()
    }


def choose(score: ModuleType, gold: dict[str, Line], results: dict[str, Line], floor: float) -> set[str]:
    """The patterns whose precision on ``gold``'s passages reaches ``floor`` (a pattern that finds
    nothing there is kept: no evidence against it)."""
    chosen = set()
    for pattern in PATTERNS:
        figures = score.score_relations(gold, keep(results, {pattern}))
        found = sum(len(line["relations"]) for line in keep(results, {pattern}).values())
        if not found or figures["relation_precision"] >= floor:
            chosen.add(pattern)
    return chosen


def row(name: str, figures: dict[str, float], extra: str = "") -> str:
    cells = [f"{figures[f'relation_{m}']:.3f}" for m in ("precision", "recall", "f1", "mode_accuracy")]
    return f"| {name} | {' | '.join(cells)} | {extra} |"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, default=Path("../shared/eval/dev2-extraction.jsonl"))
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--floor", type=float, default=0.6, help="precision a pattern needs in training")
    args = parser.parse_args()
    score = scorer(args.gold)
    records = read_jsonl(args.gold)
    sources = gold_sources(args.gold, records, corpora_beside(args.gold))
    extractor = make_extractor(ExtractSettings())
    results = {line["id"]: line for line in extraction_results(records, extractor, sources=sources)}
    gold = {r["id"]: r for r in records}
    fold_of = folds_of(list(gold), args.folds, args.seed)
    held_out: dict[str, Line] = {}
    print(f"{args.folds}-fold cross-validation, seed {args.seed}, pattern precision floor {args.floor}\n")
    print("| fold | precision | recall | F1 | mode accuracy | patterns kept (chosen on the other folds) |")
    print("|---|---|---|---|---|---|")
    for fold in range(args.folds):
        train = {pid: g for pid, g in gold.items() if fold_of[pid] != fold}
        test = {pid: g for pid, g in gold.items() if fold_of[pid] == fold}
        chosen = choose(score, train, {pid: results[pid] for pid in train}, args.floor)
        predicted = keep({pid: results[pid] for pid in test}, chosen)
        held_out.update(predicted)
        relations = sum(len(g.get("relations", [])) for g in test.values())
        extra = f"{', '.join(sorted(chosen))} ({len(test)} passages, {relations} relations)"
        print(row(str(fold + 1), score.score_relations(test, predicted), extra))
    print(row("pooled", score.score_relations(gold, held_out)))
    print(row("all patterns, no choice", score.score_relations(gold, results)))
    print("\n| pattern | precision | recall | F1 | mode accuracy | relations found |")
    print("|---|---|---|---|---|---|")
    for pattern in PATTERNS:
        only = keep(results, {pattern})
        found = sum(len(line["relations"]) for line in only.values())
        print(row(pattern, score.score_relations(gold, only), str(found)))


if __name__ == "__main__":
    main()
