"""``apkg search --server URL``: ask a running ``apkg search-server`` (``apkg.app.search_server``)
instead of loading the search here. This side imports only the standard library, so that a call
costs the interpreter, the command line and one request on 127.0.0.1.

``POST /search`` takes a ``SearchRequest`` as JSON and answers ``{"output": ...}``: exactly what
``apkg search`` would print with those options, rendered for the caller's console; an error
answers ``{"error": ...}`` with a 4xx status.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from dataclasses import asdict, dataclass, field
from typing import Any

from apkg.errors import QueryError


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


def search_remotely(server: str, request: SearchRequest, *, timeout: float = 120) -> str:
    """Ask the ``apkg search-server`` at ``server`` (its base URL) for ``request``'s output.

    Raises:
        QueryError: the server cannot be reached or refuses the request (its message).
    """
    url = server.rstrip("/") + "/search"
    post = urllib.request.Request(
        url, data=json.dumps(asdict(request)).encode(), headers={"Content-Type": "application/json"}
    )
    try:
        with urllib.request.urlopen(post, timeout=timeout) as response:
            return str(json.load(response)["output"])
    except urllib.error.HTTPError as exc:
        raise QueryError(_error_message(exc) or f"{url} answered {exc.code}", exc.code) from None
    except (urllib.error.URLError, OSError) as exc:
        raise QueryError(
            f"no search server answers at {server} ({exc}); start one: apkg search-server"
        ) from None


def _error_message(error: urllib.error.HTTPError) -> str:
    """The ``error`` a search server's answer carries, or "" when it carries none."""
    try:
        return str(json.load(error).get("error", ""))
    except ValueError:
        return ""
