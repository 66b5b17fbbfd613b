"""``apkg sparql``, ``apkg serve``: query the knowledge graph locally or over HTTP."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from apkg.app.output import console
from apkg.app.state import KbOption, state


def sparql_command(
    ctx: typer.Context,
    query: Annotated[str | None, typer.Argument(help="SPARQL query text.")] = None,
    file: Annotated[
        Path | None, typer.Option("--file", help="Read the query from a file.", exists=True)
    ] = None,
    fmt: Annotated[
        str, typer.Option("--format", help="table, csv, tsv, json or xml (graphs: turtle, jsonld, ntriples).")
    ] = "table",
    kb: KbOption = None,
) -> None:
    """Run a read-only SPARQL query on the knowledge graph (default graph = union of all graphs)."""
    from apkg.graph.query_pool import serialise
    from apkg.graph.sparql import check_query
    from apkg.graph.store import OxigraphStore

    if (query is None) == (file is None):
        raise typer.BadParameter("give either QUERY or --file")
    text = query if query is not None else file.read_text(encoding="utf-8")
    checked = check_query(text)
    store = OxigraphStore.open(kb or state(ctx).settings.kb.path)
    result = store.query(checked.text)
    if fmt != "table" or checked.form in ("construct", "describe"):
        serialise(result, checked.form, "turtle" if fmt == "table" else fmt, sys.stdout.buffer)
        return
    if checked.form == "ask":
        console.print(str(bool(result)).lower())
        return
    names = [variable.value for variable in result.variables]
    table = Table(*names)
    for row in result:
        table.add_row(*(row[name].value if row[name] is not None else "" for name in names))
    console.print(table)


def serve_command(
    ctx: typer.Context,
    kb: KbOption = None,
    host: Annotated[str, typer.Option("--host", help="Address to bind.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on.")] = 7878,
    timeout: Annotated[float, typer.Option("--timeout", help="Seconds a query may run.")] = 10.0,
    workers: Annotated[int, typer.Option("--workers", help="Queries run at once.")] = 2,
) -> None:
    """Serve the knowledge graph as a read-only SPARQL 1.1 endpoint at /sparql, with a query page at /."""
    import uvicorn

    from apkg.graph.endpoint import create_app
    from apkg.graph.store import OxigraphStore
    from apkg.ontology import competency_queries

    kb_path = kb or state(ctx).settings.kb.path
    OxigraphStore.open(kb_path)  # fail here, with a clear message, if there is no graph
    examples = {f"{q.user}: {q.question}": q.sparql for q in competency_queries()}
    app = create_app(kb_path, timeout=timeout, workers=workers, examples=examples)
    console.print(f"SPARQL endpoint: http://{host}:{port}/sparql (query page: http://{host}:{port}/)")
    uvicorn.run(app, host=host, port=port, log_level="warning")
