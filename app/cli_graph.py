"""``apkg sparql``, ``apkg serve``: query the knowledge graph locally or over HTTP."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

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
    from apkg.graph.sparql import on_query_stack

    if (query is None) == (file is None):
        raise typer.BadParameter("give either QUERY or --file")
    text = query if query is not None else file.read_text(encoding="utf-8")
    on_query_stack(_print_answer, _store(ctx, kb), text, fmt)


def _print_answer(store: Any, text: str, fmt: str) -> None:
    """Run ``text`` on ``store`` and print its answer as a table or in ``fmt``.

    Raises:
        QueryError: the query is refused or malformed, or the store fails while answering it.
    """
    from apkg.errors import QueryError
    from apkg.graph.formats import serialise
    from apkg.graph.sparql import run_sparql

    checked, result = run_sparql(store, text)
    try:
        if fmt != "table" or checked.form in ("construct", "describe"):
            serialise(result, checked.form, "turtle" if fmt == "table" else fmt, sys.stdout.buffer)
            return
        if checked.form == "ask":
            console.print(str(bool(result)).lower())
            return
        names = [variable.value for variable in result.variables]
        rows = [[row[name].value if row[name] is not None else "" for name in names] for row in result]
    except (ValueError, OSError) as exc:
        raise QueryError(f"the query failed: {exc}") from None
    table = Table(*names)
    for row in rows:
        table.add_row(*row)
    console.print(table)


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

    from apkg.errors import ConfigError
    from apkg.graph.endpoint import create_app
    from apkg.graph.query_pool import DEFAULT_TIMEOUT
    from apkg.graph.store import OxigraphStore
    from apkg.ontology import competency_queries

    graph = state(ctx).settings.graph
    if graph.remote:
        raise ConfigError(
            "graph.store",
            f"apkg serve serves only the local store; the graph is on {graph.store.removeprefix('sparql+')}: "
            "query that server's own SPARQL endpoint",
        )
    kb_path = kb or state(ctx).settings.kb.path
    OxigraphStore.open(kb_path)  # fail here, with a clear message, if there is no graph
    examples = {f"{q.user}: {q.question}": q.sparql for q in competency_queries()}
    timeout = DEFAULT_TIMEOUT if timeout is None else timeout
    app = create_app(kb_path, timeout=timeout, workers=workers, examples=examples)
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
    from apkg.errors import UnknownSubject
    from apkg.graph.explain import explain, subject_iri

    iri = subject_iri(name)
    chains = explain(_store(ctx, kb), iri, limit=limit)
    if not chains:
        raise UnknownSubject(name, f"nothing in the graph rests on <{iri}>")
    for chain in chains:
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


def _store(ctx: typer.Context, kb: Path | None):  # noqa: ANN202 - a GraphStore, imported lazily
    """The graph store the settings name for the knowledge base (``--kb`` or ``kb.path``)."""
    from apkg.graph.store import open_store

    settings = state(ctx).settings
    return open_store(kb or settings.kb.path, settings.graph)


graph_app = typer.Typer(help="Analyse the concept and actor co-occurrence graph.", no_args_is_help=True)


def _cooccurrence(kb_path: Path):  # noqa: ANN202 - networkx graph
    from apkg.graph.views import cooccurrence_graph
    from apkg.kb import KnowledgeBase
    from apkg.ontology import load_ontology
    from apkg.ontology.lexicon import build_lexicon

    return cooccurrence_graph(KnowledgeBase.open(kb_path), build_lexicon(load_ontology()))


@graph_app.command("stats")
def graph_stats_command(
    ctx: typer.Context,
    kb: KbOption = None,
    top: Annotated[int, typer.Option("--top", help="How many to list.")] = 10,
) -> None:
    """Size, PageRank, betweenness and communities of the co-occurrence graph."""
    from apkg.graph.views import graph_stats

    stats = graph_stats(_cooccurrence(kb or state(ctx).settings.kb.path), top=top)
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
    from apkg.graph.views import concept_path
    from apkg.kb import KnowledgeBase

    kb_path = kb or state(ctx).settings.kb.path
    try:
        steps = concept_path(_cooccurrence(kb_path), source, target)
    except KeyError as exc:
        raise typer.BadParameter(exc.args[0]) from None
    if not steps:
        console.print("no path: the two are never linked through shared passages")
        return
    texts = {p.passage_id: p for p in KnowledgeBase.open(kb_path).passages()}
    for step in steps:
        console.print(f"[bold]{step.source} — {step.target}[/bold] ({step.weight} passages)")
        for passage_id in step.passages[:2]:
            passage = texts[passage_id]
            console.print(f"  {passage_id}: {passage.text[:240]}…", highlight=False)


def export_command(
    ctx: typer.Context,
    fmt: Annotated[
        str, typer.Option("--format", help="trig, nquads, turtle, ntriples, jsonld, graphml, gexf or csv.")
    ],
    out: Annotated[
        Path | None, typer.Option("--out", help="File to write (default: apkg-graph.<suffix>).")
    ] = None,
    kb: KbOption = None,
) -> None:
    """Export the graph: RDF (all named graphs, or their union) or the co-occurrence network."""
    from apkg.graph.export import FORMATS, NETWORK_FORMATS, SUFFIXES, export_network, export_rdf

    if fmt not in FORMATS:
        raise typer.BadParameter(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    kb_path = kb or state(ctx).settings.kb.path
    out = out or Path(f"apkg-graph{SUFFIXES[fmt]}")
    if fmt in NETWORK_FORMATS:
        export_network(_cooccurrence(kb_path), fmt, out)
    else:
        export_rdf(_store(ctx, kb_path), fmt, out)
    console.print(f"wrote {out} ({out.stat().st_size:,} bytes)")
