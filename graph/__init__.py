"""Graph: the RDF knowledge graph on the apkg ontology, its analytics, exports and SPARQL endpoint."""

from apkg.graph.rdf import doc_iri, document_quads, graph_iri, mention_iri, passage_iri
from apkg.graph.store import GraphStore, OxigraphStore, open_store
from apkg.graph.sync import sync_graph

__all__ = [
    "GraphStore",
    "OxigraphStore",
    "doc_iri",
    "document_quads",
    "graph_iri",
    "mention_iri",
    "open_store",
    "passage_iri",
    "sync_graph",
]
