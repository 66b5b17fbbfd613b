"""``apkg eval extraction|sense|stance``: score the extractor, and the R2P sense and stance rules, on a
gold file."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from apkg.app.output import console, print_json
from apkg.app.state import state

if TYPE_CHECKING:
    from apkg.ingest import CrossValidation, LabelTask

eval_app = typer.Typer(
    help="Evaluate extraction, retrieval and R2P sense and stance on gold sets.", no_args_is_help=True
)


@eval_app.command("extraction")
def extraction_command(
    ctx: typer.Context,
    gold: Annotated[Path, typer.Argument(help="Gold passages (JSON lines).", exists=True, dir_okay=False)],
    out: Annotated[Path, typer.Option("--out", help="Where to write the results (JSON lines).")],
    scorer: Annotated[
        Path | None, typer.Option("--scorer", help="score.py to use (default: beside GOLD).")
    ] = None,
    corpora: Annotated[
        list[Path] | None,
        typer.Option(
            "--corpus",
            help="Corpus folder whose manifest describes gold documents (repeat for each; "
            "default: the folders with a manifest beside GOLD's folder).",
            file_okay=False,
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the scores as JSON.")] = False,
) -> None:
    """Extract concepts and actors from each gold passage, write RESULTS, print the scores."""
    from apkg.ingest import evaluate_extraction, make_extractor

    extractor = make_extractor(state(ctx).settings.extract)
    scores = evaluate_extraction(gold, out, extractor, scorer=scorer, corpora=corpora or None)
    if as_json:
        print_json(scores)
        return
    table = Table("metric", "value", title=f"extraction: {gold.name}")
    for name, value in scores.items():
        table.add_row(name, f"{value:.3f}" if isinstance(value, float) else str(value))
    console.print(table)


def _print_scores(title: str, scores: dict[str, float]) -> None:
    table = Table("metric", "value", title=title)
    for name, value in scores.items():
        table.add_row(name, f"{value:.3f}" if isinstance(value, float) else str(value))
    console.print(table)


def _print_cross_validation(cv: CrossValidation) -> None:
    folds = Table("fold", "accuracy", "macro-F1", title=f"{cv.k}-fold cross-validation")
    for number, (accuracy, macro_f1) in enumerate(cv.folds, start=1):
        folds.add_row(str(number), f"{accuracy:.3f}", f"{macro_f1:.3f}")
    folds.add_row("pooled", f"{cv.accuracy:.3f}", f"{cv.macro_f1:.3f}")
    console.print(folds)
    classes = Table("class", "precision", "recall", "F1", "items", title="per class (pooled)")
    for c in cv.classes:
        classes.add_row(c.label, f"{c.precision:.3f}", f"{c.recall:.3f}", f"{c.f1:.3f}", str(c.support))
    console.print(classes)


def _labels_command(
    task: LabelTask, gold: Path, out: Path, scorer: Path | None, cv: int | None, as_json: bool
) -> None:
    from apkg.ingest import cross_validate, evaluate_labels, label_rules, read_jsonl

    scores = evaluate_labels(task, gold, out, scorer=scorer)
    validation = cross_validate(task, read_jsonl(gold), label_rules(task), k=cv) if cv else None
    if as_json:
        print_json({"scores": scores, "cross_validation": asdict(validation) if validation else None})
        return
    _print_scores(f"{task}: {gold.name}", scores)
    if validation:
        _print_cross_validation(validation)


GoldArgument = Annotated[
    Path, typer.Argument(help="Gold sentences (JSON lines).", exists=True, dir_okay=False)
]
OutOption = Annotated[Path, typer.Option("--out", help="Where to write the results (JSON lines).")]
ScorerOption = Annotated[
    Path | None, typer.Option("--scorer", help="score.py to use (default: beside GOLD).")
]
CvOption = Annotated[
    int | None,
    typer.Option("--cv", min=2, help="Also print K-fold cross-validated figures, per fold and per class."),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print the scores as JSON.")]


@eval_app.command("sense")
def sense_command(
    gold: GoldArgument,
    out: OutOption,
    scorer: ScorerOption = None,
    cv: CvOption = None,
    as_json: JsonOption = False,
) -> None:
    """Classify each gold sentence as the R2P norm or the everyday phrase, write RESULTS, print the scores."""
    _labels_command("sense", gold, out, scorer, cv, as_json)


@eval_app.command("stance")
def stance_command(
    gold: GoldArgument,
    out: OutOption,
    scorer: ScorerOption = None,
    cv: CvOption = None,
    as_json: JsonOption = False,
) -> None:
    """Classify the stance of each gold sentence towards R2P, write RESULTS, print the scores."""
    _labels_command("stance", gold, out, scorer, cv, as_json)
