"""``apkg sparql``, ``apkg serve``: query the knowledge graph locally or over HTTP."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from apkg.app.output import console
from apkg.app.state import KbOption, state

if TYPE_CHECKING:
    from apkg.kb import KnowledgeBase


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
    if (query is None) == (file is None):
        raise typer.BadParameter("give either QUERY or --file")
    text = file.read_text(encoding="utf-8") if file is not None else query or ""
    answer = _open(ctx, kb).sparql(text)
    if fmt != "table" or answer.graph:
        answer.write("turtle" if fmt == "table" else fmt, sys.stdout.buffer)
        return
    table = answer.table(limit=None)
    output = Table(*table.columns)
    for row in table.rows:
        output.add_row(*row)
    console.print(output)


def _open(ctx: typer.Context, kb: Path | None) -> KnowledgeBase:
    """The knowledge base ``--kb`` (or setting ``kb.path``) names, with the resolved settings."""
    from apkg.kb import KnowledgeBase

    settings = state(ctx).settings
    return KnowledgeBase.open(kb or settings.kb.path, settings)


def serve_command(
    ctx: typer.Context,
    kb: KbOption = None,
    host: Annotated[str, typer.Option("--host", help="Address to bind.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on.")] = 7878,
    timeout: Annotated[
        float | None,
        typer.Option(
            "--timeout", help="Seconds a query may run, parse included (default 10).", show_default=False
        ),
    ] = None,
    workers: Annotated[int, typer.Option("--workers", help="Queries run at once.")] = 2,
) -> None:
    """Serve the knowledge graph as a read-only SPARQL 1.1 endpoint at /sparql, with a query page at /."""
    import uvicorn

    from apkg.kb import QUERY_TIMEOUT

    app = _open(ctx, kb).endpoint(timeout=QUERY_TIMEOUT if timeout is None else timeout, workers=workers)
    console.print(f"SPARQL endpoint: http://{host}:{port}/sparql (query page: http://{host}:{port}/)")
    # Queued requests may wait for slow queries; stop within seconds anyway (workers are killed).
    uvicorn.run(app, host=host, port=port, log_level="warning", timeout_graceful_shutdown=3)


def explain_command(
    ctx: typer.Context,
    name: Annotated[
        str,
        typer.Argument(
            help="A passage id (briefing/p2), a document id, or the IRI or apkg: name of a mention, "
            "a concept or an actor."
        ),
    ],
    limit: Annotated[int, typer.Option("--limit", help="At most this many chains.")] = 3,
    kb: KbOption = None,
) -> None:
    """Print the provenance chain of a fact: mention, quote, passage, page, document, extractor, time."""
    for chain in _open(ctx, kb).explain(name, limit=limit):
        text = chain.passage_text
        before, after = text[max(0, chain.start - 200) : chain.start], text[chain.end : chain.end + 200]
        cited = f"{before}[bold]{text[chain.start : chain.end]}[/bold]{after}"
        page = f", page {chain.page}" if chain.page else ""
        console.print(
            f"[bold]{chain.body_label}[/bold] ({chain.kind}) <{chain.body}>\n"
            f"  mention   {chain.mention}\n"
            f'  quote     "{chain.quote}" at characters {chain.start}-{chain.end} of\n'
            f"  passage   {chain.passage}{page}\n"
            f"  document  {chain.title} ({chain.date or 'undated'}) <{chain.document}>\n"
            f"  source    {chain.source or 'unknown'}\n"
            f"  extractor {chain.extractor} {chain.version}, run ended {chain.time}\n"
            f"  cited     …{cited}…\n",
            highlight=False,
        )


graph_app = typer.Typer(help="Analyse the concept and actor co-occurrence graph.", no_args_is_help=True)


@graph_app.command("stats")
def graph_stats_command(
    ctx: typer.Context,
    kb: KbOption = None,
    top: Annotated[int, typer.Option("--top", help="How many to list.")] = 10,
) -> None:
    """Size, PageRank, betweenness and communities of the co-occurrence graph."""
    stats = _open(ctx, kb).graph_stats(top=top)
    console.print(f"{stats.nodes:,} nodes, {stats.edges:,} edges (passages mentioning both)")
    console.print("nodes by kind: " + ", ".join(f"{k} {n}" for k, n in stats.nodes_by_kind.items()))
    for title, ranking in (("PageRank", stats.pagerank), ("betweenness", stats.betweenness)):
        table = Table("node", title, title=f"top {top} by {title}")
        for name, score in ranking:
            table.add_row(name, f"{score:.4f}")
        console.print(table)
    for number, members in enumerate(stats.communities, start=1):
        console.print(f"community {number}: {', '.join(members)}")


@graph_app.command("path")
def graph_path_command(
    ctx: typer.Context,
    source: Annotated[str, typer.Argument(help="Concept or actor: label, apkg:Name or IRI.")],
    target: Annotated[str, typer.Argument(help="Concept or actor: label, apkg:Name or IRI.")],
    kb: KbOption = None,
) -> None:
    """The path between two concepts or actors, with the passages behind each step."""
    knowledge_base = _open(ctx, kb)
    steps = knowledge_base.graph_path(source, target)
    if not steps:
        console.print("no path: the two are never linked through shared passages")
        return
    for step in steps:
        console.print(f"[bold]{step.source} — {step.target}[/bold] ({step.weight} passages)")
        for hit in knowledge_base.passage_hits(step.passages[:2]):
            console.print(f"  {hit.passage_id}: {hit.text[:240]}…", highlight=False)


def export_command(
    ctx: typer.Context,
    fmt: Annotated[
        str, typer.Option("--format", help="trig, nquads, turtle, ntriples, jsonld, graphml, gexf or csv.")
    ],
    out: Annotated[
        Path | None, typer.Option("--out", help="File to write (default: apkg-graph.<suffix>).")
    ] = None,
    network: Annotated[
        str,
        typer.Option(
            "--network", help="For graphml, gexf, csv: cooccurrence, or relations (agents to targets)."
        ),
    ] = "cooccurrence",
    kb: KbOption = None,
) -> None:
    """Export the graph: RDF (all named graphs, or their union) or a network (co-occurrence, or
    the relations of agents to targets)."""
    from apkg.kb import EXPORT_SUFFIXES

    default = Path(f"apkg-graph{EXPORT_SUFFIXES.get(fmt, '')}")
    out = _open(ctx, kb).export(fmt, out or default, network=network)
    console.print(f"wrote {out} ({out.stat().st_size:,} bytes)")
