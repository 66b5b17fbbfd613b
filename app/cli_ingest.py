"""``apkg build`` and ``apkg extract``: documents into a knowledge base, and mentions for one text."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from apkg.app.output import console, err_console, print_json
from apkg.app.state import KbOption, state

EXIT_SOME_FAILED = 3

CorpusOption = Annotated[
    list[Path] | None,
    typer.Option("--corpus", help="Corpus folder, repeatable (default: setting corpus.path)."),
]


def build_command(
    ctx: typer.Context,
    corpus: CorpusOption = None,
    kb: KbOption = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
) -> None:
    """Build or update the knowledge base from a corpus folder (incremental, atomic).

    Exit status 3 means the knowledge base was built but some files failed; each is listed, as is
    each file the corpus's MANIFEST.csv does not list (skipped, not a failure).
    """
    from apkg.build import build

    settings = state(ctx).settings
    kb = kb or settings.kb.path
    summary = build(corpus or [settings.corpus.path], kb, settings, progress=not quiet)
    table = Table("", "count", title=f"apkg build: {kb}", show_header=False)
    for name, value in (
        ("sources in corpus", summary.sources),
        ("processed", summary.processed),
        ("unchanged", summary.unchanged),
        ("removed", summary.removed),
        ("failed", len(summary.failures)),
        ("skipped: not in the manifest", len(summary.skipped)),
        ("documents in kb", summary.documents),
        ("pages", summary.pages),
        ("passages", summary.passages),
        *((f"mentions: {kind}", count) for kind, count in summary.mentions_by_kind.items()),
        ("distinct actors and places", summary.actors),
        ("actors not in the ontology", summary.new_actors),
        ("quads in the graph store", summary.triples),
        ("passage vectors", summary.vectors),
    ):
        table.add_row(name, f"{value:,}")
    console.print(table)
    console.print(f"done in {summary.seconds:.1f} s")
    for path, reason in summary.skipped:
        err_console.print(f"[yellow]skipped[/yellow] {path}: {reason}", highlight=False)
    for path, reason in summary.failures:
        err_console.print(f"[red]failed[/red] {path}: {reason}", highlight=False)
    if summary.failures:
        raise typer.Exit(EXIT_SOME_FAILED)


def extract_command(
    ctx: typer.Context,
    text: Annotated[str | None, typer.Argument(help="Text to analyse.")] = None,
    file: Annotated[Path | None, typer.Option("--file", help="Read the text from a file.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print as JSON.")] = False,
) -> None:
    """Print the mentions found in a text: for checking the ontology's labels."""
    from apkg.ingest import extract_text

    if (text is None) == (file is None):
        raise typer.BadParameter("give either TEXT or --file")
    body = file.read_text(encoding="utf-8") if file is not None else text or ""
    mentions = extract_text(body, state(ctx).settings.extract)
    if as_json:
        print_json([asdict(m) for m in mentions])
        return
    table = Table("span", "text", "kind", "target", "extractor")
    for m in mentions:
        table.add_row(f"{m.char_start}-{m.char_end}", m.surface, m.kind, m.target, m.extractor)
    console.print(table)
