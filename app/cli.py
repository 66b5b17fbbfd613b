"""The ``apkg`` command line: each command parses its options, calls one public function, prints."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer
from typer.core import TyperGroup

from apkg.app.cli_app import app_command
from apkg.app.cli_corpus import corpus_app
from apkg.app.cli_eval import eval_app
from apkg.app.cli_graph import explain_command, export_command, graph_app, serve_command, sparql_command
from apkg.app.cli_ingest import build_command, extract_command
from apkg.app.cli_ontology import ontology_app
from apkg.app.cli_relations import relations_command
from apkg.app.cli_search import retrieval_command, search_command, search_server_command
from apkg.app.cli_trends import trends_app
from apkg.app.output import console, err_console, print_json
from apkg.app.state import CliState, state
from apkg.config import load_settings
from apkg.errors import ApkgError

if TYPE_CHECKING:
    # The Context TyperGroup.invoke takes: typer's own copy of click's (typer.Context subclasses it).
    from typer._click.core import Context as ClickContext


def fail(error: Exception) -> NoReturn:
    """Print ``error`` as one line on standard error and exit with status 1."""
    err_console.print(f"[red]Error:[/red] {error}", highlight=False)
    raise typer.Exit(1)


class _ApkgGroup(TyperGroup):
    """Turns an ``ApkgError`` into one ``Error:`` line and exit status 1 (traceback with --verbose)."""

    def invoke(self, ctx: ClickContext) -> Any:
        try:
            return super().invoke(ctx)
        except ApkgError as exc:
            if isinstance(ctx.obj, CliState) and ctx.obj.verbose:
                raise
            fail(exc)


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
        fail(exc)
    ctx.obj = CliState(settings=settings, verbose=verbose, config=config, overrides=tuple(overrides or ()))


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


app.command("build")(build_command)
app.command("extract")(extract_command)
app.command("search")(search_command)
app.command("search-server")(search_server_command)
app.command("sparql")(sparql_command)
app.command("serve")(serve_command)
app.command("explain")(explain_command)
app.command("relations")(relations_command)
app.command("export")(export_command)
app.command("app")(app_command)
app.add_typer(ontology_app, name="ontology")
app.add_typer(eval_app, name="eval")
eval_app.command("retrieval")(retrieval_command)
app.add_typer(corpus_app, name="corpus")
app.add_typer(graph_app, name="graph")
app.add_typer(trends_app, name="trends")


def main() -> None:
    """Entry point of the ``apkg`` console script."""
    app()


if __name__ == "__main__":
    main()
