"""``apkg search`` and ``apkg eval retrieval``: find citable passages, and score the ranking."""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from apkg.app.output import console, print_json
from apkg.app.state import KbOption, state

if TYPE_CHECKING:
    from apkg.app.search_service import SearchRequest
    from apkg.config import Settings


def search_command(
    ctx: typer.Context,
    query: Annotated[
        str | None, typer.Argument(help="What to look for, in plain words.", show_default=False)
    ] = None,
    k: Annotated[
        int | None,
        typer.Option("--k", help="Number of passages (default: setting search.k).", show_default=False),
    ] = None,
    mode: Annotated[str, typer.Option("--mode", help="hybrid, dense or lexical.")] = "hybrid",
    sphere: Annotated[str | None, typer.Option("--sphere", help="Prevention, Response or Recovery.")] = None,
    tool: Annotated[
        str | None, typer.Option("--tool", help="A tool (label or apkg:Name), with the tools below it.")
    ] = None,
    crime: Annotated[
        str | None, typer.Option("--crime", help="A crime or act, with the acts below it.")
    ] = None,
    risk_factor: Annotated[
        str | None, typer.Option("--risk-factor", help="A risk factor or indicator.")
    ] = None,
    actor: Annotated[
        str | None, typer.Option("--actor", help="A named actor (label, alias or apkgr:Name).")
    ] = None,
    case: Annotated[str | None, typer.Option("--case", help="A case, e.g. 'Rwanda 1994'.")] = None,
    place: Annotated[str | None, typer.Option("--place", help="A place or state.")] = None,
    year_from: Annotated[int | None, typer.Option("--from", help="Documents from this year on.")] = None,
    year_to: Annotated[int | None, typer.Option("--to", help="Documents up to this year.")] = None,
    doc_type: Annotated[
        str | None, typer.Option("--doc-type", help="speech, report, treaty, law, webpage, ...")
    ] = None,
    no_expand: Annotated[
        bool, typer.Option("--no-expand", help="Do not expand the query's concepts.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the hits as JSON.")] = False,
    queries: Annotated[
        Path | None,
        typer.Option(
            "--queries",
            help="Search every line of this file (- : standard input) in one process; print one JSON "
            'line per query: {"query": ..., "hits": [...]}.',
            allow_dash=True,
        ),
    ] = None,
    server: Annotated[
        str | None,
        typer.Option(
            "--server",
            envvar="APKG_SEARCH_SERVER",
            help="Ask the apkg search-server at this URL (e.g. http://127.0.0.1:7879), which keeps "
            "the model loaded, instead of loading everything here.",
        ),
    ] = None,
    export: Annotated[
        str | None,
        typer.Option(
            "--format", help="Print the hits as citations: bibtex, ris, csl-json (Zotero, pandoc) or csv."
        ),
    ] = None,
    kb: KbOption = None,
) -> None:
    """Search the passages: hybrid dense and lexical ranking, concept expansion, facet filters."""
    from apkg.app.search_service import SearchRequest

    if (query is None) == (queries is None):
        raise typer.BadParameter("give either QUERY or --queries FILE")
    settings = state(ctx).settings
    facets = dict(
        sphere=sphere, tool=tool, crime=crime, risk_factor=risk_factor, actor=actor, case=case,
        place=place, year_from=year_from, year_to=year_to, doc_type=doc_type,
    )  # fmt: skip
    request = SearchRequest(
        kb=str((kb or settings.kb.path).resolve()), query=query or "", k=k or settings.search.k, mode=mode,
        facets=facets, expand=not no_expand, as_json=as_json, width=console.width,
        color_system=console.color_system,
    )  # fmt: skip
    if queries is not None:
        _search_each(request, queries, settings)
    elif export is not None:  # citations a reference manager imports, searched here
        from apkg.app.citations import EXPORTS
        from apkg.kb import Facets, KnowledgeBase

        if export not in EXPORTS:
            raise typer.BadParameter(f"choose one of {', '.join(EXPORTS)}", param_hint="--format")

        hits = KnowledgeBase.open(request.kb, settings).search(
            request.query, k=request.k, mode=mode, facets=Facets(**request.facets), expand=request.expand
        )
        typer.echo(EXPORTS[export](hits), nl=False)
    elif server:
        from apkg.app.search_service import search_remotely

        sys.stdout.write(search_remotely(server, request))
    else:
        from apkg.app.search_server import answer
        from apkg.kb import KnowledgeBase

        sys.stdout.write(answer(KnowledgeBase.open(request.kb, settings), request))


def _search_each(request: SearchRequest, queries: Path, settings: Settings) -> None:
    """Search every non-blank line of ``queries`` with ``request``'s options; one JSON line each."""
    from apkg.kb import Facets, KnowledgeBase

    knowledge_base = KnowledgeBase.open(request.kb, settings)
    facets = Facets(**request.facets)
    lines = sys.stdin if str(queries) == "-" else queries.read_text(encoding="utf-8").splitlines()
    for query in filter(None, (line.strip() for line in lines)):
        hits = knowledge_base.search(
            query, k=request.k, mode=request.mode, facets=facets, expand=request.expand
        )
        record = {"query": query, "hits": [asdict(hit) for hit in hits]}
        sys.stdout.write(json.dumps(record, ensure_ascii=False, default=str) + "\n")
        sys.stdout.flush()  # a script reading the lines gets each answer as soon as it is found


def search_server_command(
    ctx: typer.Context,
    kb: KbOption = None,
    port: Annotated[int, typer.Option("--port", help="Port to listen on (127.0.0.1 only).")] = 7879,
) -> None:
    """Keep the search of a knowledge base loaded and answer apkg search --server on 127.0.0.1."""
    import uvicorn

    from apkg.app.search_server import create_search_app
    from apkg.kb import KnowledgeBase

    settings = state(ctx).settings
    knowledge_base = KnowledgeBase.open(kb or settings.kb.path, settings, any_thread=True)
    url = f"http://127.0.0.1:{port}"
    console.print(f"search server: {url} (loading; then: apkg search --server {url} QUERY)", highlight=False)
    uvicorn.run(create_search_app(knowledge_base), host="127.0.0.1", port=port, log_level="warning")


def retrieval_command(
    ctx: typer.Context,
    queries: Annotated[
        Path, typer.Argument(help="Queries (JSON lines, ../shared/eval format).", exists=True)
    ],
    out: Annotated[Path, typer.Option("--out", help="Where to write the results (JSON lines).")],
    mode: Annotated[str, typer.Option("--mode", help="hybrid, dense or lexical.")] = "hybrid",
    scorer: Annotated[
        Path | None, typer.Option("--scorer", help="score.py (default: beside QUERIES).")
    ] = None,
    collection: Annotated[
        str | None,
        typer.Option(
            "--collection",
            help="Only the queries of this part of the set (dev2: corpus or combined; a query "
            "without a collection belongs to corpus).",
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the scores as JSON.")] = False,
    kb: KbOption = None,
) -> None:
    """Search every query, write RESULTS, print the scores overall and by kind of query."""
    from apkg.kb import KnowledgeBase

    settings = state(ctx).settings
    knowledge_base = KnowledgeBase.open(kb or settings.kb.path, settings)
    scores = knowledge_base.evaluate_retrieval(queries, out, mode=mode, scorer=scorer, collection=collection)
    if as_json:
        print_json(scores)
        return
    for name, value in scores.items():
        console.print(f"{name:>22}  {value:.3f}" if isinstance(value, float) else f"{name:>22}  {value}")
