"""A SPARQL query's answer, run here or in the endpoint's worker pool (same checks; the pool adds
the time limit), kept as one serialised answer that front ends show as a table, print in any
format or offer as a download."""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import BinaryIO

import pyoxigraph

from apkg.errors import QueryError
from apkg.graph.formats import GRAPH_FORMATS, serialise
from apkg.graph.sparql import on_query_stack, run_sparql
from apkg.graph.store import GraphStore

DOWNLOADS = {"csv": ("csv", "csv"), "json": ("json", "json")}  # SELECT, ASK: serialiser, suffix
GRAPH_DOWNLOADS = {"csv": ("turtle", "ttl"), "json": ("jsonld", "jsonld")}  # CONSTRUCT, DESCRIBE
_N_TRIPLES = GRAPH_FORMATS["ntriples"][0]


@dataclass(frozen=True)
class QueryTable:
    """A query's answer: column names and rows of strings (an ASK answers in one cell; a graph
    result as subject, predicate, object rows)."""

    form: str
    columns: list[str]
    rows: list[list[str]]
    truncated: bool = False


@dataclass(frozen=True)
class QueryAnswer:
    """A query's whole answer as the worker wrote it: SPARQL JSON results or N-Triples."""

    media: str
    body: bytes

    @property
    def graph(self) -> bool:
        """Whether the answer is a graph (CONSTRUCT, DESCRIBE)."""
        return self.media == _N_TRIPLES

    def result(self) -> pyoxigraph.QuerySolutions | pyoxigraph.QueryBoolean | list[pyoxigraph.Triple]:
        """The answer read back as pyoxigraph objects (each call reads it afresh)."""
        if self.graph:
            return [quad.triple for quad in pyoxigraph.parse(self.body, pyoxigraph.RdfFormat.N_TRIPLES)]
        return pyoxigraph.parse_query_results(self.body, pyoxigraph.QueryResultsFormat.JSON)

    def form(self) -> str:
        """``construct`` for a graph, ``ask`` for a boolean, else ``select``."""
        if self.graph:
            return "construct"
        return "ask" if isinstance(self.result(), pyoxigraph.QueryBoolean) else "select"

    def table(self, *, limit: int | None = 5000) -> QueryTable:
        """The answer as a table of at most ``limit`` rows (all with None)."""
        result = self.result()
        if isinstance(result, pyoxigraph.QueryBoolean):
            return QueryTable("ask", ["answer"], [[str(bool(result)).lower()]])
        rows: list[list[str]] = []
        if isinstance(result, list):
            form = "construct"
            columns = ["subject", "predicate", "object"]
            triples = result if limit is None else result[: limit + 1]
            rows = [[_value(t.subject), _value(t.predicate), _value(t.object)] for t in triples]
        else:
            form = "select"
            columns = [variable.value for variable in result.variables]
            for solution in result:
                rows.append([_value(solution[name]) for name in columns])
                if limit is not None and len(rows) > limit:
                    break
        truncated = limit is not None and len(rows) > limit
        return QueryTable(form, columns, rows[:limit] if truncated else rows, truncated=truncated)

    def download(self, fmt: str) -> tuple[bytes, str, str]:
        """The whole answer for download: (bytes, media type, file suffix).

        ``fmt`` is ``csv`` or ``json``: SPARQL CSV or SPARQL JSON results for SELECT and ASK (ASK
        has no CSV form and gets JSON); Turtle or JSON-LD for CONSTRUCT and DESCRIBE.
        """
        if self.form() == "ask":
            fmt = "json"
        serialiser, suffix = (GRAPH_DOWNLOADS if self.graph else DOWNLOADS)[fmt]
        buffer = io.BytesIO()
        media = self.write(serialiser, buffer)
        return buffer.getvalue(), media, suffix

    def write(self, fmt: str, output: BinaryIO) -> str:
        """Write the answer to ``output`` in ``fmt`` (a results format for SELECT and ASK, a graph
        format for CONSTRUCT and DESCRIBE; see ``apkg.graph.formats``); return its media type."""
        return serialise(self.result(), self.form(), fmt, output)


def answer_here(store: GraphStore, text: str) -> QueryAnswer:
    """Check and run ``text`` on ``store`` in this process (on a thread with a large stack).

    Raises:
        QueryError: the query is refused or malformed, or the store fails while answering it.
    """

    def run() -> QueryAnswer:
        checked, result = run_sparql(store, text)
        graph = checked.form in ("construct", "describe")
        buffer = io.BytesIO()
        try:
            media = serialise(result, checked.form, "ntriples" if graph else "json", buffer)
        except (ValueError, OSError) as exc:
            raise QueryError(f"the query failed: {exc}") from None
        return QueryAnswer(media, buffer.getvalue())

    return on_query_stack(run)


def _value(term: object) -> str:
    return "" if term is None else str(getattr(term, "value", term))
