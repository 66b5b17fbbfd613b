"""``apkg ontology check|stats|docs``: the ontology as a first-class artifact."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from apkg.app.output import console, err_console, print_json

ontology_app = typer.Typer(help="Check, count and document the ontology.", no_args_is_help=True)

DirOption = Annotated[
    Path | None,
    typer.Option(
        "--dir", help="Ontology folder to use instead of the packaged one.", exists=True, file_okay=False
    ),
]


@ontology_app.command("check")
def check_command(directory: DirOption = None) -> None:
    """Parse every file, run the SHACL shapes, find undefined terms, run every competency query."""
    from apkg.ontology import ONTOLOGY_DIR, check_ontology

    report = check_ontology(directory or ONTOLOGY_DIR)
    for problem in report.problems:
        err_console.print(f"[red]{problem.kind}[/red] {problem.subject}: {problem.message}", highlight=False)
    summary = f"{len(report.files)} files, {report.triples:,} triples, {report.queries} competency queries"
    if not report.ok:
        err_console.print(f"[red]ontology check failed[/red]: {len(report.problems)} problem(s) in {summary}")
        raise typer.Exit(1)
    console.print(f"[green]ontology ok[/green]: {summary}")


@ontology_app.command("stats")
def stats_command(
    directory: DirOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print as JSON.")] = False,
) -> None:
    """Count the ontology's terms: tools, labels, indicators, actors, cases, Wikidata links."""
    from apkg.ontology import ONTOLOGY_DIR, ontology_stats

    stats = ontology_stats(directory or ONTOLOGY_DIR)
    if as_json:
        print_json(vars(stats))
        return
    table = Table("measure", "value", title="apkg ontology")
    for name, value in stats.rows():
        table.add_row(name, value)
    console.print(table)


@ontology_app.command("docs")
def docs_command(
    out: Annotated[Path, typer.Option("--out", help="Folder to write the HTML into.")] = Path(
        "docs/ontology"
    ),
    directory: DirOption = None,
) -> None:
    """Write HTML documentation of the ontology (pyLODE) into --out."""
    from apkg.ontology import ONTOLOGY_DIR, write_docs

    target = write_docs(out, directory or ONTOLOGY_DIR)
    console.print(f"wrote {target}")
