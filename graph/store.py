"""Where the graph lives: an on-disk Oxigraph store, one named graph per document plus the
ontology's, queried with the union of all graphs as the default graph.

``GraphStore`` is the narrow interface the rest of apkg uses, so that a remote SPARQL 1.1 server
(``apkg.graph.remote.SparqlStore``) can stand in for the local store; ``open_store`` picks one
from the ``graph`` settings.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Protocol

import pyoxigraph

from apkg.config import GraphSettings
from apkg.errors import KnowledgeBaseError
from apkg.layout import GRAPH_DIR
from apkg.ontology import ONTOLOGY_IRI, ontology_triples

QueryResult = pyoxigraph.QuerySolutions | pyoxigraph.QueryBoolean | Iterator[pyoxigraph.Triple]
"""What ``GraphStore.query`` answers: rows (SELECT), a boolean (ASK) or triples (CONSTRUCT, DESCRIBE)."""


def as_solutions(result: QueryResult) -> pyoxigraph.QuerySolutions:
    """The rows of a SELECT query's ``result``."""
    if not isinstance(result, pyoxigraph.QuerySolutions):
        raise TypeError(f"expected the rows of a SELECT query, got {type(result).__name__}")
    return result


def as_triples(result: QueryResult) -> Iterator[pyoxigraph.Triple]:
    """The triples of a CONSTRUCT or DESCRIBE query's ``result``."""
    if isinstance(result, pyoxigraph.QuerySolutions | pyoxigraph.QueryBoolean):
        raise TypeError(f"expected the triples of a CONSTRUCT query, got {type(result).__name__}")
    return result


class GraphStore(Protocol):
    """What apkg needs of an RDF store."""

    def replace_graph(self, name: str, quads: Iterable[pyoxigraph.Quad]) -> None:
        """Replace the named graph ``name`` with ``quads``."""

    def drop_graph(self, name: str) -> None:
        """Remove the named graph ``name`` and its triples."""

    def load_ontology(self) -> None:
        """Replace the ontology's named graph with the packaged Turtle files (``ontology_triples``)."""

    def query(self, sparql: str) -> QueryResult:
        """Run a SPARQL query over the union of all graphs (CONSTRUCT: an iterator of triples)."""

    def named_graphs(self) -> list[str]:
        """The names of every named graph."""

    def quads(self) -> Iterator[pyoxigraph.Quad]:
        """Every quad of every named graph."""

    def __len__(self) -> int: ...

    def flush(self) -> None:
        """Make the changes so far durable."""

    def compact(self) -> None:
        """Reorganise the storage after most of it was rewritten, so that queries stop reading
        past what was removed."""


def open_store(kb_path: Path, settings: GraphSettings, *, read_only: bool = True) -> GraphStore:
    """The graph of the knowledge base at ``kb_path``: its local store, or the SPARQL server that
    ``settings.store`` names (``read_only`` only matters for the local store)."""
    if settings.remote:
        from apkg.graph.remote import SparqlStore

        return SparqlStore(settings)
    return OxigraphStore.open(kb_path, read_only=read_only)


class OxigraphStore:
    """The knowledge base's graph in an on-disk Oxigraph store (``kb/graph/``)."""

    def __init__(self, store: pyoxigraph.Store) -> None:
        self.store = store

    @classmethod
    def open(cls, kb_path: Path, *, read_only: bool = True) -> OxigraphStore:
        """Open the store of the knowledge base at ``kb_path``."""
        path = kb_path / GRAPH_DIR
        if read_only and not path.is_dir():
            raise KnowledgeBaseError(
                kb_path, f"{GRAPH_DIR}/ is missing", f"build it with: apkg build --kb {kb_path}"
            )
        try:
            store = pyoxigraph.Store.read_only(str(path)) if read_only else pyoxigraph.Store(str(path))
        except OSError as exc:
            raise KnowledgeBaseError(kb_path, f"cannot open the graph store: {exc}") from None
        return cls(store)

    def replace_graph(self, name: str, quads: Iterable[pyoxigraph.Quad]) -> None:
        """Replace the named graph ``name`` with ``quads``.

        Uses Oxigraph's bulk loader (not transactional): the build writes into a staging copy
        of the knowledge base, which is what makes the update atomic.
        """
        self.drop_graph(name)
        self.store.bulk_extend(quads)

    def drop_graph(self, name: str) -> None:
        """Remove the named graph ``name`` and its triples (nothing if it is absent)."""
        node = pyoxigraph.NamedNode(name)
        if self.store.contains_named_graph(node):
            self.store.remove_graph(node)

    def load_ontology(self) -> None:
        """Replace the ontology's named graph with the packaged Turtle files (``ontology_triples``)."""
        graph = pyoxigraph.NamedNode(str(ONTOLOGY_IRI))
        self.drop_graph(graph.value)
        self.store.bulk_extend(
            pyoxigraph.Quad(t.subject, t.predicate, t.object, graph) for t in ontology_triples()
        )

    def query(
        self, sparql: str
    ) -> pyoxigraph.QuerySolutions | pyoxigraph.QueryTriples | pyoxigraph.QueryBoolean:
        """Run a SPARQL query over the union of all graphs."""
        return self.store.query(sparql, use_default_graph_as_union=True)

    def named_graphs(self) -> list[str]:
        """The names of every named graph."""
        return sorted(node.value for node in self.store.named_graphs())

    def quads(self) -> Iterator[pyoxigraph.Quad]:
        """Every quad of every named graph."""
        return self.store.quads_for_pattern(None, None, None)

    def __len__(self) -> int:
        return len(self.store)

    def flush(self) -> None:
        """Write pending changes to disk."""
        self.store.flush()

    def compact(self) -> None:
        """Compact the RocksDB files: a removed graph stays behind as deletion markers that every
        scan skips one by one until then (a full rewrite of 8M quads left queries 2-3x slower)."""
        self.store.optimize()
