"""A search as URL query parameters, so that it can be shared: text, facets, mode, k, "more like"."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields

from apkg.kb import Facets

# URL parameter -> Facets field
FACET_PARAMS = {
    "sphere": "sphere",
    "tool": "tool",
    "crime": "crime",
    "risk_factor": "risk_factor",
    "actor": "actor",
    "case": "case",
    "place": "place",
    "from": "year_from",
    "to": "year_to",
    "doc_type": "doc_type",
}


@dataclass(frozen=True)
class SearchRequest:
    """What the Search page runs: query text, facets, mode, number of hits, or a passage to match."""

    query: str = ""
    facets: Facets = field(default_factory=Facets)
    mode: str = "hybrid"
    k: int = 10
    like: str = ""  # passage id for "more like this"


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except ValueError:
        return None


def request_from_params(params: Mapping[str, str], *, default_k: int = 10) -> SearchRequest:
    """Read a search from URL parameters (``q``, the facet names, ``mode``, ``k``, ``like``); bad
    numbers are ignored, and ``k`` is ``default_k`` (the setting ``search.k``) when absent.

    Example:
        >>> request_from_params({"q": "sanctions", "sphere": "Response", "from": "2010"}).facets.year_from
        2010
    """
    param_of = {name: param for param, name in FACET_PARAMS.items()}

    def text(name: str) -> str | None:
        return params.get(param_of[name]) or None

    facets = Facets(
        sphere=text("sphere"),
        tool=text("tool"),
        crime=text("crime"),
        risk_factor=text("risk_factor"),
        actor=text("actor"),
        case=text("case"),
        place=text("place"),
        year_from=_int(text("year_from")),
        year_to=_int(text("year_to")),
        doc_type=text("doc_type"),
    )
    mode = params.get("mode") or "hybrid"
    return SearchRequest(
        query=params.get("q", "") or "",
        facets=facets,
        mode=mode if mode in ("hybrid", "dense", "lexical") else "hybrid",
        k=min(max(_int(params.get("k")) or default_k, 1), 100),
        like=params.get("like", "") or "",
    )


def request_to_params(request: SearchRequest, *, default_k: int = 10) -> dict[str, str]:
    """The URL parameters of a search; defaults and empty values are left out."""
    params: dict[str, str] = {}
    if request.query:
        params["q"] = request.query
    by_field = {name: param for param, name in FACET_PARAMS.items()}
    for item in fields(request.facets):
        value = getattr(request.facets, item.name)
        if value not in (None, ""):
            params[by_field[item.name]] = str(value)
    if request.mode != "hybrid":
        params["mode"] = request.mode
    if request.k != default_k:
        params["k"] = str(request.k)
    if request.like:
        params["like"] = request.like
    return params
