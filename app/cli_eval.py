"""``apkg eval extraction``: score the extractor on a gold file."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from apkg.app.output import console, print_json
from apkg.app.state import state

eval_app = typer.Typer(help="Evaluate extraction and retrieval on gold sets.", no_args_is_help=True)


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
