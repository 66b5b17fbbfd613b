"""SPARQL for the app: run a checked, read-only query and shape its answer as a table or a download."""

from __future__ import annotations

import io
from dataclasses import dataclass

from apkg.graph.formats import serialise
from apkg.graph.sparql import check_query
from apkg.graph.store import GraphStore

DOWNLOADS = {"csv": ("text/csv", "csv"), "json": ("application/sparql-results+json", "json")}
GRAPH_DOWNLOADS = {"csv": ("text/turtle", "turtle"), "json": ("application/ld+json", "jsonld")}


@dataclass(frozen=True)
class QueryTable:
    """A query's answer: column names and rows of strings (an ASK answers in one cell; a graph
    result as subject, predicate, object rows)."""

    form: str
    columns: list[str]
    rows: list[list[str]]
    truncated: bool = False


def _value(term: object) -> str:
    return "" if term is None else str(getattr(term, "value", term))


def run_query(store: GraphStore, text: str, *, limit: int = 5000) -> QueryTable:
    """Check ``text`` (read-only, no SERVICE, only local graphs) and run it.

    Raises:
        QueryError: the query is malformed or not allowed.
    """
    checked = check_query(text)
    result = store.query(checked.text)
    if checked.form == "ask":
        return QueryTable("ask", ["answer"], [[str(bool(result)).lower()]])
    if checked.form in ("construct", "describe"):
        columns = ["subject", "predicate", "object"]
        extract = lambda t: [_value(t.subject), _value(t.predicate), _value(t.object)]  # noqa: E731
    else:
        columns = [variable.value for variable in result.variables]
        extract = lambda s: [_value(s[name]) for name in columns]  # noqa: E731
    rows = []
    for item in result:
        if len(rows) == limit:
            return QueryTable(checked.form, columns, rows, truncated=True)
        rows.append(extract(item))
    return QueryTable(checked.form, columns, rows)


def download_query(store: GraphStore, text: str, fmt: str) -> tuple[bytes, str, str]:
    """The full answer serialised for download: (bytes, media type, file suffix).

    ``fmt`` is ``csv`` or ``json``: SPARQL CSV or SPARQL JSON results for SELECT and ASK (ASK has
    no CSV form and gets JSON); Turtle or JSON-LD for CONSTRUCT and DESCRIBE.
    """
    checked = check_query(text)
    result = store.query(checked.text)
    graph = checked.form in ("construct", "describe")
    if checked.form == "ask":
        fmt = "json"
    _, serialiser = (GRAPH_DOWNLOADS if graph else DOWNLOADS)[fmt]
    buffer = io.BytesIO()
    media = serialise(result, checked.form, serialiser, buffer)
    suffix = {"turtle": "ttl", "jsonld": "jsonld"}.get(serialiser, fmt)
    return buffer.getvalue(), media, suffix
