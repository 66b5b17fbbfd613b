"""``apkg relations``: who applied, urged or opposed which tool, towards whom and when, as the
documents state it, with the sentence and its source."""

from __future__ import annotations

import sys
from typing import Annotated

import typer
from rich.table import Table

from apkg.app.output import console, print_json
from apkg.app.state import KbOption, state

FORMATS = ("table", "csv", "json")


def relations_command(
    ctx: typer.Context,
    tool: Annotated[
        str | None, typer.Option("--tool", help="A tool (label, apkg:Name or IRI); the tools below it count.")
    ] = None,
    agent: Annotated[
        str | None, typer.Option("--agent", help="The actor who acted, called or opposed.")
    ] = None,
    target: Annotated[
        str | None, typer.Option("--target", help="The actor or place it was aimed at.")
    ] = None,
    mode: Annotated[str | None, typer.Option("--mode", help="applied (did), urged or opposed.")] = None,
    start: Annotated[int | None, typer.Option("--from", help="From this year on.")] = None,
    end: Annotated[int | None, typer.Option("--to", help="Up to this year.")] = None,
    no_narrower: Annotated[
        bool, typer.Option("--no-narrower", help="Only the tool itself, not the tools below it.")
    ] = False,
    min_confidence: Annotated[
        float, typer.Option("--min-confidence", min=0.0, max=1.0, help="Only relations at least this sure.")
    ] = 0.0,
    limit: Annotated[int, typer.Option("--limit", min=1, help="At most this many relations.")] = 50,
    fmt: Annotated[str, typer.Option("--format", help="table, csv or json.")] = "table",
    kb: KbOption = None,
) -> None:
    """Relations the documents state: an agent applied, urged or opposed a tool, towards a target,
    latest first, each with its sentence and citation."""
    from apkg.kb import KnowledgeBase
    from apkg.precedents import precedents_csv

    if fmt not in FORMATS:
        raise typer.BadParameter(f"unknown format {fmt!r}; choose table, csv or json", param_hint="--format")
    settings = state(ctx).settings
    found = KnowledgeBase.open(kb or settings.kb.path, settings).relations(
        tool=tool, agent=agent, target=target, mode=mode, start=start, end=end, narrower=not no_narrower,
        min_confidence=min_confidence, limit=limit,
    )  # fmt: skip
    if fmt == "csv":
        sys.stdout.write(precedents_csv(found))
        return
    if fmt == "json":
        print_json([p.as_dict() for p in found])
        return
    table = Table(
        "year", "agent", "mode", "tool", "target", "sentence", "source", caption=f"{len(found)} relations"
    )
    for p in found:
        table.add_row(
            str(p.year or ""), p.agent, p.mode, p.tool, p.target or "", p.sentence, p.hit.citation()
        )
    console.print(table)
