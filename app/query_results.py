"""SPARQL for the app: run a query through the endpoint's worker pool (same checks, same time
limit) and shape its one answer as a table or a download."""

from __future__ import annotations

import io
from dataclasses import dataclass

import pyoxigraph

from apkg.graph.formats import GRAPH_FORMATS, serialise
from apkg.graph.query_pool import BlockingQueryPool

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


def run_query(pool: BlockingQueryPool, text: str) -> QueryAnswer:
    """Check and run ``text`` in the pool's workers, under its time limit.

    Raises:
        QueryError: the query is refused, malformed, too large, or ran out of time.
    """
    media, body = pool.run(text, requested=("json", "ntriples"))
    return QueryAnswer(media, body)


def _value(term: object) -> str:
    return "" if term is None else str(getattr(term, "value", term))


def answer_table(answer: QueryAnswer, *, limit: int = 5000) -> QueryTable:
    """The answer as a table of at most ``limit`` rows."""
    result, form = answer.result(), answer.form()
    if form == "ask":
        return QueryTable("ask", ["answer"], [[str(bool(result)).lower()]])
    if form == "construct":
        columns = ["subject", "predicate", "object"]
        rows = [[_value(t.subject), _value(t.predicate), _value(t.object)] for t in result[: limit + 1]]
    else:
        columns = [variable.value for variable in result.variables]
        rows = []
        for solution in result:
            rows.append([_value(solution[name]) for name in columns])
            if len(rows) > limit:
                break
    return QueryTable(form, columns, rows[:limit], truncated=len(rows) > limit)


def download_answer(answer: QueryAnswer, fmt: str) -> tuple[bytes, str, str]:
    """The whole answer for download: (bytes, media type, file suffix).

    ``fmt`` is ``csv`` or ``json``: SPARQL CSV or SPARQL JSON results for SELECT and ASK (ASK has
    no CSV form and gets JSON); Turtle or JSON-LD for CONSTRUCT and DESCRIBE.
    """
    form = answer.form()
    if form == "ask":
        fmt = "json"
    serialiser, suffix = (GRAPH_DOWNLOADS if answer.graph else DOWNLOADS)[fmt]
    buffer = io.BytesIO()
    media = serialise(answer.result(), form, serialiser, buffer)
    return buffer.getvalue(), media, suffix
