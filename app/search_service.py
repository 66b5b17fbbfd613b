"""``apkg search-server``: one process that keeps a knowledge base's search loaded (embedding model,
query expander, index) and answers ``apkg search --server URL`` over HTTP on 127.0.0.1, so that a
script's searches skip the seconds of loading every call would otherwise spend.

``POST /search`` takes a ``SearchRequest`` as JSON and answers ``{"output": ...}``: exactly what
``apkg search`` would print with those options, rendered for the caller's console.
"""

from __future__ import annotations

import asyncio
import io
import json
from contextlib import asynccontextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx
from rich.console import Console
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from apkg.errors import ApkgError, QueryError
from apkg.kb import KnowledgeBase

if TYPE_CHECKING:  # the search stage loads in the server only: a client call stays quick
    from apkg.search.hits import Hit

WARM_QUERY = "early warning of atrocity crimes"  # searched once at start, so that everything loads


@dataclass(frozen=True)
class SearchRequest:
    """One ``apkg search`` call: its options, and how the caller's console shows text."""

    kb: str  # the knowledge base the caller means (resolved path): the server refuses another
    query: str
    k: int
    mode: str = "hybrid"
    facets: dict[str, Any] = field(default_factory=dict)
    expand: bool = True
    as_json: bool = False
    width: int = 80
    color_system: str | None = None  # rich's name for the caller's colours; None: plain text


def render(hits: list[Hit], out: Console, *, as_json: bool) -> None:
    """Print ``hits`` to ``out`` as ``apkg search`` does (as JSON with ``as_json``)."""
    from apkg.search.hits import WEAK_MATCH

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
        why = ", ".join(hit.reasons())
        out.print(f"[bold]{rank}. {hit.citation()}[/bold]  score {hit.score:.4f} ({why})", highlight=False)
        text = hit.marked("[reverse]", "[/reverse]") if hit.highlights else hit.text
        out.print(f"   {text}", highlight=False)
        details = [hit.passage_id, hit.source, hit.also_in()] + (
            [f"concepts: {', '.join(hit.concepts)}"] if hit.concepts else []
        )
        out.print("   " + " · ".join(d for d in details if d) + "\n", highlight=False, style="dim")


def answer(kb: KnowledgeBase, request: SearchRequest) -> str:
    """What ``apkg search`` prints for ``request``, searched in ``kb``.

    Raises:
        QueryError: 409 when ``request`` names another knowledge base than ``kb``.
        ApkgError: an unknown mode or facet value.
    """
    if Path(request.kb).resolve() != kb.path.resolve():
        raise QueryError(f"this server searches {kb.path.resolve()}, not {request.kb}", 409)
    from apkg.search.facets import Facets

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


def search_remotely(server: str, request: SearchRequest, *, timeout: float = 120) -> str:
    """Ask the ``apkg search-server`` at ``server`` (its base URL) for ``request``'s output.

    Raises:
        QueryError: the server cannot be reached or refuses the request (its message).
    """
    url = server.rstrip("/") + "/search"
    try:
        response = httpx.post(url, json=asdict(request), timeout=timeout)
    except httpx.HTTPError as exc:
        raise QueryError(
            f"no search server answers at {server} ({exc}); start one: apkg search-server"
        ) from None
    body = response.json() if response.headers.get("content-type", "").startswith("application/json") else {}
    if response.status_code != 200 or "output" not in body:
        raise QueryError(body.get("error") or f"{url} answered {response.status_code}", response.status_code)
    return str(body["output"])
