"""Bring a knowledge base's graph store in line with its database after a build."""

from __future__ import annotations

from collections.abc import Iterable

from apkg.graph.rdf import SHARED_GRAPH, document_quads, graph_iri, shared_quads
from apkg.graph.store import OxigraphStore
from apkg.kb import KnowledgeBase

GRAPH_VERSION = "2"


def sync_graph(kb: KnowledgeBase, *, changed: Iterable[str], removed: Iterable[str], full: bool) -> int:
    """Rewrite the named graphs of ``changed`` documents, drop those of ``removed`` ones.

    With ``full``, the ontology's graph is (re)loaded too. Returns the store's quad count.
    """
    store = OxigraphStore.open(kb.path, read_only=False)
    if full:
        store.load_ontology()
    for doc_id in removed:
        store.drop_graph(graph_iri(doc_id))
    for doc_id in changed:
        store.replace_graph(graph_iri(doc_id), document_quads(kb, doc_id))
    store.replace_graph(SHARED_GRAPH, shared_quads(kb))
    store.flush()
    count = len(store)
    del store  # release the store's lock before the directory is moved
    return count
