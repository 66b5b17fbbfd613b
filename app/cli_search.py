"""``apkg search`` and ``apkg eval retrieval``: find citable passages, and score the ranking."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import Annotated

import typer

from apkg.app.output import console, print_json
from apkg.app.state import KbOption, state


def search_command(
    ctx: typer.Context,
    query: Annotated[str, typer.Argument(help="What to look for, in plain words.")],
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
    export: Annotated[
        str | None,
        typer.Option(
            "--format", help="Print the hits as citations: bibtex, ris, csl-json (Zotero, pandoc) or csv."
        ),
    ] = None,
    kb: KbOption = None,
) -> None:
    """Search the passages: hybrid dense and lexical ranking, concept expansion, facet filters."""
    from apkg.app.citations import EXPORTS
    from apkg.kb import WEAK_MATCH, Facets, KnowledgeBase

    if export is not None and export not in EXPORTS:
        raise typer.BadParameter(f"choose one of {', '.join(EXPORTS)}", param_hint="--format")
    facets = Facets(sphere, tool, crime, risk_factor, actor, case, place, year_from, year_to, doc_type)
    settings = state(ctx).settings
    hits = KnowledgeBase.open(kb or settings.kb.path, settings).search(
        query, k=k or settings.search.k, mode=mode, facets=facets, expand=not no_expand
    )
    if as_json:
        print_json([asdict(hit) for hit in hits])
        return
    if export is not None:
        typer.echo(EXPORTS[export](hits), nl=False)
        return
    if not hits:
        console.print("no passage matches")
    elif not any(hit.good_match for hit in hits):
        console.print(f"[yellow]{WEAK_MATCH}[/yellow]", highlight=False)
    for rank, hit in enumerate(hits, start=1):
        why = ", ".join(hit.reasons())
        console.print(
            f"[bold]{rank}. {hit.citation()}[/bold]  score {hit.score:.4f} ({why})", highlight=False
        )
        text = hit.marked("[reverse]", "[/reverse]") if hit.highlights else hit.text
        console.print(f"   {text}", highlight=False)
        details = [hit.passage_id, hit.source, hit.also_in()] + (
            [f"concepts: {', '.join(hit.concepts)}"] if hit.concepts else []
        )
        console.print("   " + " · ".join(d for d in details if d) + "\n", highlight=False, style="dim")


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
