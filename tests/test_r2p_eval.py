"""``apkg eval sense|stance``: results in the shared format, the shared scorer's figures, and
k-fold cross-validation with per-class figures, on the development files (skipped where absent)."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from apkg.app.cli import app
from apkg.ingest.r2p_evaluate import class_figures, cross_validate, label_rules, stratified_folds

from .conftest import SHARED_EVAL

GOLD = {"sense": SHARED_EVAL / "r2p-sense-dev.jsonl", "stance": SHARED_EVAL / "r2p-stance-dev.jsonl"}


def test_stratified_folds_deal_each_class_round_the_folds():
    labels = ["a"] * 10 + ["b"] * 3
    folds = stratified_folds(labels, 3, seed=1)
    assert sorted(folds.count(fold) for fold in range(3)) == [4, 4, 5]
    assert sorted(folds[10:]) == [0, 1, 2]  # the three b's fall in three folds
    assert folds == stratified_folds(labels, 3, seed=1)


def test_class_figures_count_as_the_shared_scorer():
    figures = class_figures(["s", "s", "c", "n"], ["s", "c", "c", "s"])
    by_label = {f.label: (round(f.precision, 3), round(f.recall, 3), f.support) for f in figures}
    assert by_label == {"c": (0.5, 1.0, 1), "n": (0.0, 0.0, 1), "s": (0.5, 0.5, 2)}


def test_cross_validation_of_the_rules_on_written_records():
    records = [
        {"id": "1", "sentence": "We support the responsibility to protect.", "stance": "support"},
        {"id": "2", "sentence": "R2P is a pretext for invasion.", "stance": "critical"},
        {"id": "3", "sentence": "We welcome R2P.", "stance": "support"},
        {"id": "4", "sentence": "The so-called R2P serves the strong.", "stance": "critical"},
    ]
    cv = cross_validate("stance", records, label_rules("stance"), k=2)
    assert (cv.accuracy, cv.macro_f1, len(cv.folds)) == (1.0, 1.0, 2)
    with pytest.raises(ValueError, match="k must be between 2 and 4"):
        cross_validate("stance", records, label_rules("stance"), k=5)


@pytest.mark.parametrize("task", ["sense", "stance"])
def test_eval_command_on_the_dev_file(task, tmp_path):
    gold = GOLD[task]
    if not gold.exists():
        pytest.skip(f"the {task} development file is not at {gold}")
    out = tmp_path / "results.jsonl"
    result = CliRunner().invoke(app, ["eval", task, str(gold), "--out", str(out), "--cv", "5", "--json"])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    gold_ids = [json.loads(line)["id"] for line in gold.read_text(encoding="utf-8").splitlines()]
    assert [line["id"] for line in lines] == gold_ids
    assert {line[task] for line in lines} <= (
        {"r2p", "other"} if task == "sense" else {"support", "critical", "neutral"}
    )
    report = json.loads(result.stdout)
    assert report["scores"]["missing"] == 0
    cv = report["cross_validation"]
    assert len(cv["folds"]) == 5
    assert {c["label"] for c in cv["classes"]} == (
        {"r2p", "other"} if task == "sense" else {"support", "critical", "neutral"}
    )
    # The targets of issue 21 on the hidden halves, checked here on the development halves.
    target = ("accuracy", 0.95) if task == "sense" else ("macro_f1", 0.65)
    assert cv[target[0]] >= target[1]
    assert report["scores"][target[0]] == pytest.approx(cv[target[0]])  # the rules learn nothing from folds
