"""Read-only SPARQL: every query is parsed and checked before it runs, then run and serialised.

Refused: updates (including LOAD), SERVICE (a federated call would let a query reach other
hosts), and FROM / FROM NAMED naming any graph outside the knowledge base.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from pyparsing import ParseException, ParseResults
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

from apkg.errors import QueryError

LOCAL_GRAPHS = ("https://w3id.org/apkg/",)
# the prologue (BASE and PREFIX declarations, comments) and the keyword that follows it
_FORM = re.compile(
    r"(?:\s+|#[^\n]*|BASE\s*<[^>]*>|PREFIX\s+[^\s:]*:\s*<[^>]*>)*(SELECT|CONSTRUCT|DESCRIBE|ASK)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class CheckedQuery:
    """A query that passed the read-only checks, with its form."""

    text: str
    form: str  # select | ask | construct | describe


def _walk(node: Any) -> Iterator[Any]:
    """Every node of an rdflib SPARQL parse tree (CompValues are dicts, the rest lists)."""
    yield node
    children = (
        node.values() if isinstance(node, dict) else node if isinstance(node, list | ParseResults) else ()
    )
    for child in children:
        yield from _walk(child)


def check_query(text: str) -> CheckedQuery:
    """Parse ``text`` and refuse anything but a read-only query over local graphs.

    Raises:
        QueryError: 400 for a malformed query, 403 for an update, LOAD, SERVICE or a FROM /
            FROM NAMED that names an outside graph.
    """
    try:
        parsed = parseQuery(text)
    except ParseException as exc:
        try:
            parseUpdate(text)
        except ParseException:
            raise QueryError(f"malformed query: {exc.msg} at line {exc.lineno}, column {exc.col}") from None
        raise QueryError(
            "updates (INSERT, DELETE, LOAD, CLEAR, DROP, ...) are refused: read-only", 403
        ) from None
    query = parsed[1]
    for node in _walk(query):
        name = getattr(node, "name", None)
        if name == "ServiceGraphPattern":
            raise QueryError("SERVICE is refused: queries cannot call other endpoints", 403)
        if name == "DatasetClause":
            iri = str(node["named"] if "named" in node else node["default"])
            if not iri.startswith(LOCAL_GRAPHS):
                raise QueryError(f"FROM <{iri}> is refused: only the knowledge base's own graphs", 403)
    form = query.name.removesuffix("Query").lower()
    return CheckedQuery(text=text, form=form)


def query_form(text: str) -> str:
    """The form of a query, read from the keyword after its prologue: ``select``, ``construct``,
    ``describe`` or ``ask`` (``select`` when there is none, leaving the error to the parser)."""
    match = _FORM.match(text)
    return match.group(1).lower() if match else "select"
