"""The ``apkg`` command line: each command parses its options, calls one public function, prints."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

import click
import typer
from apkg.app.cli_ontology import ontology_app
from apkg.app.output import console, print_json
from typer.core import TyperGroup

from apkg.config import Settings, load_settings
from apkg.errors import ApkgError


@dataclass(frozen=True)
class CliState:
    """What the root callback resolves for every command."""

    settings: Settings
    verbose: bool


class _ApkgGroup(TyperGroup):
    """Turns an ``ApkgError`` into one ``Error:`` line and exit status 1 (traceback with --verbose)."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except ApkgError as exc:
            if isinstance(ctx.obj, CliState) and ctx.obj.verbose:
                raise
            raise click.ClickException(str(exc)) from exc


app = typer.Typer(
    cls=_ApkgGroup,
    help="apkg: the Atrocity Prevention Knowledge Graph.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
)


@app.callback()
def _root(
    ctx: typer.Context,
    config: Annotated[
        Path | None, typer.Option("--config", help="TOML settings file (default: ./apkg.toml).")
    ] = None,
    overrides: Annotated[
        list[str] | None,
        typer.Option("--set", help="Override a setting: --set section.name=value (repeatable)."),
    ] = None,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Show tracebacks.")] = False,
) -> None:
    try:
        settings = load_settings(config, overrides=overrides or ())
    except ApkgError as exc:
        raise click.ClickException(str(exc)) from exc
    ctx.obj = CliState(settings=settings, verbose=verbose)


def state(ctx: typer.Context) -> CliState:
    """Return the state the root callback stored on the context."""
    return ctx.find_root().obj


@app.command("config")
def config_command(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print as JSON instead of TOML.")] = False,
) -> None:
    """Print the resolved settings (defaults, apkg.toml, APKG_* variables, --set)."""
    settings = state(ctx).settings.as_dict()
    if as_json:
        print_json(settings)
        return
    for section, values in settings.items():
        console.print(f"[{section}]", markup=False, highlight=False)
        for name, value in values.items():
            console.print(f"{name} = {json.dumps(value)}", highlight=False)


app.add_typer(ontology_app, name="ontology")


def main() -> None:
    """Entry point of the ``apkg`` console script."""
    app()
