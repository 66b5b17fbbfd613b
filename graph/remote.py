"""The graph on any SPARQL 1.1 server (Virtuoso, Jena Fuseki, Oxigraph server...) over the standard protocols.

Reads use the SPARQL 1.1 Protocol (form-encoded POST, never a direct POST, which some servers
leave unanswered) and come back as pyoxigraph objects, like the local store's. Named graphs are
written with SPARQL 1.1 Update (``DROP SILENT GRAPH`` then ``INSERT DATA`` in batches) or, when a
Graph Store Protocol endpoint is configured, with one ``PUT`` of N-Triples per graph. The server
must use the union of its graphs as the default graph, as the local store does.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping

import httpx
import pyoxigraph

from apkg.config import GraphSettings, redact_url
from apkg.errors import StoreError
from apkg.graph.sparql import LOCAL_GRAPHS, query_form
from apkg.graph.store import QueryResult, as_solutions, as_triples
from apkg.ontology import ONTOLOGY_IRI, ontology_triples

JSON_RESULTS = "application/sparql-results+json"
N_TRIPLES = "application/n-triples"
BATCH_TRIPLES = 1000  # triples per INSERT DATA request
_KB_GRAPHS = f'FILTER (STRSTARTS(STR(?g), "{LOCAL_GRAPHS[0]}"))'


def _has_blank_node(triple: pyoxigraph.Triple) -> bool:
    return isinstance(triple.subject, pyoxigraph.BlankNode) or isinstance(triple.object, pyoxigraph.BlankNode)


def _insert_batches(triples: Iterable[pyoxigraph.Triple], size: int) -> Iterator[list[pyoxigraph.Triple]]:
    """Batches of at most ``size`` triples, except that every triple with a blank node goes in the
    first batch: a blank node's label only names the same node within one request."""
    plain: list[pyoxigraph.Triple] = []
    blank: list[pyoxigraph.Triple] = []
    for triple in triples:
        (blank if _has_blank_node(triple) else plain).append(triple)
    if blank:
        yield blank
    for start in range(0, len(plain), size):
        yield plain[start : start + size]


class SparqlStore:
    """The knowledge base's graph on a SPARQL 1.1 server, chosen by ``graph.store = "sparql+http://..."``.

    Only the knowledge base's own graphs (IRIs under ``https://w3id.org/apkg/``) count for
    ``len`` and ``named_graphs``; a server may hold others of its own.

    Example:
        >>> store = SparqlStore(GraphSettings(store="sparql+http://127.0.0.1:8890/sparql"))
        >>> list(store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"))  # doctest: +SKIP
    """

    def __init__(self, settings: GraphSettings) -> None:
        self.query_url = settings.query_endpoint
        self.update_url = settings.update_endpoint or self.query_url
        self.graph_store_url = settings.graph_store_endpoint or None
        self.client = httpx.Client(timeout=settings.timeout)

    def _send(
        self,
        method: str,
        url: str,
        *,
        data: Mapping[str, str] | None = None,
        params: Mapping[str, str] | None = None,
        content: bytes | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> httpx.Response:
        shown = redact_url(url)  # errors never show a password
        try:
            response = self.client.request(
                method, url, data=data, params=params, content=content, headers=headers
            )
        except httpx.HTTPError as exc:
            raise StoreError(
                shown, f"cannot reach the SPARQL server: {str(exc).replace(url, shown)}"
            ) from None
        if response.status_code >= 400:
            message = " ".join(response.text.split())[:500] or response.reason_phrase
            raise StoreError(shown, f"the SPARQL server answered HTTP {response.status_code}: {message}")
        return response

    def _update(self, sparql: str) -> None:
        self._send("POST", self.update_url, data={"update": sparql})

    def replace_graph(self, name: str, quads: Iterable[pyoxigraph.Quad]) -> None:
        """Replace the named graph ``name`` with the triples of ``quads``."""
        self._write(name, (quad.triple for quad in quads))

    def _write(self, name: str, triples: Iterable[pyoxigraph.Triple]) -> None:
        graph = pyoxigraph.NamedNode(name)  # checks the IRI before it goes into a request
        if self.graph_store_url:
            body = pyoxigraph.serialize(triples, format=pyoxigraph.RdfFormat.N_TRIPLES)
            if not body:
                self.drop_graph(name)
                return
            self._send(
                "PUT", self.graph_store_url, params={"graph": name}, content=body,
                headers={"Content-Type": N_TRIPLES},
            )  # fmt: skip
            return
        self.drop_graph(name)
        for batch in _insert_batches(triples, BATCH_TRIPLES):
            # pyoxigraph's stub types serialize() as bytes | None; it is bytes without an output
            data = pyoxigraph.serialize(batch, format=pyoxigraph.RdfFormat.N_TRIPLES).decode()  # type: ignore[union-attr]
            self._update(f"INSERT DATA {{ GRAPH {graph} {{\n{data}}} }}")

    def drop_graph(self, name: str) -> None:
        """Remove the named graph ``name`` and its triples (nothing if it is absent)."""
        self._update(f"DROP SILENT GRAPH {pyoxigraph.NamedNode(name)}")

    def load_ontology(self) -> None:
        """Replace the ontology's named graph with the packaged Turtle files (``ontology_triples``)."""
        self._write(str(ONTOLOGY_IRI), ontology_triples())

    def query(self, sparql: str) -> QueryResult:
        """Run a SPARQL query on the server; SELECT and ASK answers come back as pyoxigraph
        results, CONSTRUCT and DESCRIBE as triples.

        Raises:
            StoreError: the server is unreachable, rejects the query, or cut the answer short
                (a row limit such as Virtuoso's ``ResultSetMaxRows``, or a time limit).
        """
        graph = query_form(sparql) in ("construct", "describe")
        response = self._send(
            "POST",
            self.query_url,
            data={"query": sparql},
            headers={"Accept": N_TRIPLES if graph else JSON_RESULTS},
        )
        self._check_complete(response)
        if graph:
            return (
                quad.triple for quad in pyoxigraph.parse(response.content, pyoxigraph.RdfFormat.N_TRIPLES)
            )
        return pyoxigraph.parse_query_results(response.content, pyoxigraph.QueryResultsFormat.JSON)

    def _check_complete(self, response: httpx.Response) -> None:
        """Refuse an answer that Virtuoso flags as cut short (it still answers HTTP 200)."""
        if limit := response.headers.get("X-SPARQL-MaxRows"):
            raise StoreError(
                redact_url(self.query_url),
                f"the server cut the answer at its limit of {limit} rows (Virtuoso: raise [SPARQL] "
                "ResultSetMaxRows in virtuoso.ini) or add a LIMIT",
            )
        if response.headers.get("X-SQL-State") == "S1TAT":
            raise StoreError(
                redact_url(self.query_url), f"partial answer: {response.headers.get('X-SQL-Message', '')}"
            )

    def named_graphs(self) -> list[str]:
        """The names of the knowledge base's named graphs on the server."""
        rows = as_solutions(
            self.query(f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {_KB_GRAPHS} }}")
        )
        return sorted(row["g"].value for row in rows)

    def quads(self) -> Iterator[pyoxigraph.Quad]:
        """Every quad of the knowledge base's named graphs, one CONSTRUCT per graph."""
        for name in self.named_graphs():
            graph = pyoxigraph.NamedNode(name)
            construct = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH {graph} {{ ?s ?p ?o }} }}"
            for triple in as_triples(self.query(construct)):
                yield pyoxigraph.Quad(triple.subject, triple.predicate, triple.object, graph)

    def __len__(self) -> int:
        rows = as_solutions(
            self.query(f"SELECT (COUNT(*) AS ?quads) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {_KB_GRAPHS} }}")
        )
        return int(next(iter(rows))["quads"].value)

    def flush(self) -> None:
        """Nothing to do: the server has every change once its request returned."""

    def compact(self) -> None:
        """Nothing to do: the server manages its own storage."""
