"""``apkg corpus fetch|verify``: obtain the default corpus and check it against its manifest."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from apkg.app.output import console, err_console

if TYPE_CHECKING:
    from apkg.corpus import FileStatus

corpus_app = typer.Typer(help="Obtain and verify the default corpus.", no_args_is_help=True)

_GOOD = {"ok", "copied", "downloaded"}


def _report(results: list[FileStatus], verb: str) -> None:
    for item in results:
        if item.status not in _GOOD:
            err_console.print(
                f"[red]{item.status}[/red] {item.doc_id} {item.path}: {item.detail}", highlight=False
            )
    good = sum(item.status in _GOOD for item in results)
    console.print(f"{verb}: {good} of {len(results)} documents in place")
    if good < len(results):
        raise typer.Exit(1)


@corpus_app.command("fetch")
def fetch_command(
    ctx: typer.Context,
    to: Annotated[Path, typer.Option("--to", help="Folder to put the corpus in.")] = Path("data/corpus"),
    local_copy: Annotated[
        Path | None, typer.Option("--from", help="Local copy to take verified files from.")
    ] = Path("../shared/corpus"),
) -> None:
    """Copy the default corpus from a local copy, or download it from its sources (each download
    at most ingest.max_bytes, and kept only if its SHA-256 is the manifest's)."""
    from apkg.app.state import state
    from apkg.corpus import fetch_corpus

    source = local_copy if local_copy and local_copy.is_dir() else None
    max_bytes = state(ctx).settings.ingest.max_bytes
    _report(fetch_corpus(to, local_copy=source, max_bytes=max_bytes), "fetch")


@corpus_app.command("verify")
def verify_command(
    folder: Annotated[Path, typer.Argument(help="Corpus folder to check.")] = Path("../shared/corpus"),
) -> None:
    """Check every document of the default corpus against the manifest's SHA-256."""
    from apkg.corpus import verify_corpus

    _report(verify_corpus(folder), "verify")
