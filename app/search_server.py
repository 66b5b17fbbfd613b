"""``apkg search-server``: one process that keeps a knowledge base's search loaded (embedding model,
query expander, index) and answers ``apkg search --server URL`` (``apkg.app.search_service``) over
HTTP on 127.0.0.1, so that a script's searches skip the seconds of loading every call would
otherwise spend. ``answer`` also prints a local ``apkg search``, so both print the same.
"""

from __future__ import annotations

import asyncio
import io
import json
from contextlib import asynccontextmanager
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from apkg.app.search_service import SearchRequest
from apkg.errors import ApkgError, QueryError

if TYPE_CHECKING:
    from apkg.kb import Hit, KnowledgeBase

WARM_QUERY = "early warning of atrocity crimes"  # searched once at start, so that everything loads


def render(hits: list[Hit], out: Console, *, as_json: bool) -> None:
    """Print ``hits`` to ``out`` as ``apkg search`` does (as JSON with ``as_json``)."""
    from apkg.kb import WEAK_MATCH

    if as_json:
        out.file.write(
            json.dumps([asdict(hit) for hit in hits], indent=2, ensure_ascii=False, default=str) + "\n"
        )
        return
    if not hits:
        out.print("no passage matches")
    elif not any(hit.good_match for hit in hits):
        out.print(f"[yellow]{WEAK_MATCH}[/yellow]", highlight=False)
    for rank, hit in enumerate(hits, start=1):
        why = "; ".join(hit.reasons())
        out.print(f"[bold]{rank}. {hit.citation()}[/bold]  score {hit.score:.4f} ({why})", highlight=False)
        text = hit.marked("[reverse]", "[/reverse]") if hit.highlights else hit.text
        out.print(f"   {text}", highlight=False)
        details = [hit.passage_id, hit.source, hit.also_in()]  # the concepts are among the reasons
        out.print("   " + " · ".join(d for d in details if d) + "\n", highlight=False, style="dim")


def answer(kb: KnowledgeBase, request: SearchRequest) -> str:
    """What ``apkg search`` prints for ``request``, searched in ``kb``.

    Raises:
        QueryError: 409 when ``request`` names another knowledge base than ``kb``.
        ApkgError: an unknown mode or facet value.
    """
    if Path(request.kb).resolve() != kb.path.resolve():
        raise QueryError(f"this server searches {kb.path.resolve()}, not {request.kb}", 409)
    from apkg.kb import Facets

    hits = kb.search(
        request.query, k=request.k, mode=request.mode, facets=Facets(**request.facets), expand=request.expand
    )
    buffer = io.StringIO()
    out = Console(
        file=buffer,
        width=request.width,
        color_system=request.color_system,  # type: ignore[arg-type]  # rich checks the name
        force_terminal=request.color_system is not None,
    )
    render(hits, out, as_json=request.as_json)
    return buffer.getvalue()


def create_search_app(kb: KnowledgeBase) -> Starlette:
    """The ASGI application answering ``POST /search`` from ``kb``, one search at a time (searches
    run in a worker thread, ``kb`` opened with ``any_thread``); a first search at start loads the
    model and the expander."""
    lock = asyncio.Lock()

    async def search(request: SearchRequest) -> str:
        async with lock:
            return await asyncio.to_thread(answer, kb, request)

    @asynccontextmanager
    async def lifespan(_: Starlette):  # noqa: ANN202 - ASGI lifespan
        await asyncio.to_thread(kb.search, WARM_QUERY, k=1)
        yield

    async def endpoint(request: Request) -> JSONResponse:
        try:
            body = SearchRequest(**await request.json())
        except (TypeError, ValueError) as exc:
            return JSONResponse({"error": f"not a search request: {exc}"}, 400)
        try:
            return JSONResponse({"output": await search(body)})
        except QueryError as exc:
            return JSONResponse({"error": exc.message}, exc.status)
        except ApkgError as exc:
            return JSONResponse({"error": str(exc)}, 422)

    return Starlette(routes=[Route("/search", endpoint, methods=["POST"])], lifespan=lifespan)
