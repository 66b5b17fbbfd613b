"""Score R2P sense and stance against gold files in the format of ``../shared/eval/``
(``r2p-sense-dev.jsonl``, ``r2p-stance-dev.jsonl``): results for the shared scorer, and k-fold
cross-validation with per-class precision, recall and F1."""

from __future__ import annotations

import json
import random
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from apkg.ingest.evaluate import read_jsonl, run_scorer
from apkg.ingest.r2p_sense import classify_r2p_sense
from apkg.ingest.r2p_stance import classify_r2p_stance

LabelTask = Literal["sense", "stance"]
UNSCORED = "ambiguous"  # gold senses the scorer leaves out
# A method under cross-validation: given the training records and the test records, the labels
# it predicts for the test records. The rules ignore the training records.
Method = Callable[[Sequence[dict[str, Any]], Sequence[dict[str, Any]]], list[str]]


def split_context(record: dict[str, Any]) -> tuple[str, str]:
    """The sentences before and after the target, from a gold ``context`` ("... [TARGET] ...")."""
    before, _, after = record.get("context", "").partition("[TARGET]")
    return before.strip(), after.strip()


def classify(task: LabelTask, record: dict[str, Any]) -> str:
    """The label the rules give one gold record: its sense (with its year) or its stance (with its
    context)."""
    if task == "sense":
        return classify_r2p_sense(record["sentence"], year=record.get("year"))
    before, after = split_context(record)
    return classify_r2p_stance(record["sentence"], before=before, after=after)


def label_results(task: LabelTask, records: Sequence[dict[str, Any]]) -> Iterator[dict[str, str]]:
    """One result line per gold record: ``{"id", "sense"}`` or ``{"id", "stance"}``."""
    for record in records:
        yield {"id": record["id"], task: classify(task, record)}


def evaluate_labels(
    task: LabelTask, gold: Path, out: Path, *, scorer: Path | None = None
) -> dict[str, float]:
    """Classify every gold sentence, write the results to ``out`` and score them with the shared
    scorer (``score.py sense|stance``).

    Raises:
        SourceError: the gold file cannot be read, or the scorer is missing or fails.
    """
    records = read_jsonl(gold)
    with out.open("w", encoding="utf-8") as handle:
        for line in label_results(task, records):
            handle.write(json.dumps(line, ensure_ascii=False) + "\n")
    return run_scorer(task, gold, out, scorer=scorer)


def label_rules(task: LabelTask) -> Method:
    """The rules as a method under cross-validation (they learn nothing from the training folds)."""
    return lambda _train, test: [classify(task, record) for record in test]


@dataclass(frozen=True)
class ClassFigures:
    """Precision, recall and F1 of one class, over ``support`` gold items."""

    label: str
    precision: float
    recall: float
    f1: float
    support: int


@dataclass(frozen=True)
class CrossValidation:
    """Figures of a method under stratified k-fold cross-validation: accuracy and macro-F1 of each
    fold, and pooled over all held-out predictions (with per-class figures)."""

    k: int
    folds: list[tuple[float, float]]  # (accuracy, macro-F1) of each fold
    accuracy: float
    macro_f1: float
    classes: list[ClassFigures]


def class_figures(gold: Sequence[str], predicted: Sequence[str]) -> list[ClassFigures]:
    """Per-class precision, recall and F1 over the gold classes (as the shared scorer counts them)."""
    figures = []
    for label in sorted(set(gold)):
        hits = sum(g == p == label for g, p in zip(gold, predicted, strict=True))
        n_pred, n_gold = predicted.count(label), gold.count(label)
        precision = hits / n_pred if n_pred else 0.0
        recall = hits / n_gold if n_gold else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        figures.append(ClassFigures(label, precision, recall, f1, n_gold))
    return figures


def _scores(gold: Sequence[str], predicted: Sequence[str]) -> tuple[float, float]:
    figures = class_figures(gold, predicted)
    accuracy = sum(g == p for g, p in zip(gold, predicted, strict=True)) / (len(gold) or 1)
    return accuracy, sum(f.f1 for f in figures) / (len(figures) or 1)


def stratified_folds(labels: Sequence[str], k: int, *, seed: int = 0) -> list[int]:
    """The fold (0 .. k-1) of each item: each class shuffled with ``seed`` and dealt round the folds."""
    rng = random.Random(seed)
    fold = [0] * len(labels)
    dealt = 0
    for label in sorted(set(labels)):
        members = [i for i, value in enumerate(labels) if value == label]
        rng.shuffle(members)
        for i in members:
            fold[i] = dealt % k
            dealt += 1
    return fold


def cross_validate(
    task: LabelTask, records: Sequence[dict[str, Any]], method: Method, *, k: int = 5, seed: int = 0
) -> CrossValidation:
    """Run ``method`` under stratified ``k``-fold cross-validation on the scored gold ``records``.

    Raises:
        ValueError: ``k`` is below 2 or above the number of scored records.
    """
    scored = [record for record in records if record[task] != UNSCORED]
    if not 2 <= k <= len(scored):
        raise ValueError(f"k must be between 2 and {len(scored)} (the scored gold items), not {k}")
    gold = [record[task] for record in scored]
    fold_of = stratified_folds(gold, k, seed=seed)
    predicted = [""] * len(scored)
    folds = []
    for fold in range(k):
        test = [i for i in range(len(scored)) if fold_of[i] == fold]
        train = [scored[i] for i in range(len(scored)) if fold_of[i] != fold]
        for i, label in zip(test, method(train, [scored[i] for i in test]), strict=True):
            predicted[i] = label
        folds.append(_scores([gold[i] for i in test], [predicted[i] for i in test]))
    accuracy, macro_f1 = _scores(gold, predicted)
    return CrossValidation(k, folds, accuracy, macro_f1, class_figures(gold, predicted))
