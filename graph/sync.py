"""Bring a knowledge base's graph store in line with its database after a build."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from apkg.config import GraphSettings
from apkg.graph.rdf import SHARED_GRAPH, document_quads, graph_iri, shared_quads
from apkg.graph.store import open_store
from apkg.ontology import ONTOLOGY_IRI
from apkg.stored import StoredRecords

GRAPH_VERSION = "5"  # bump when what the graph states of the stored records changes: a build rewrites it


def sync_graph(
    kb_path: Path,
    records: StoredRecords,
    settings: GraphSettings,
    *,
    changed: Iterable[str],
    removed: Iterable[str],
    full: bool,
) -> int:
    """Rewrite the named graphs of ``changed`` documents from ``records``, drop those of ``removed``
    ones, in the graph store of the knowledge base at ``kb_path`` (or the remote one ``settings`` name).

    With ``full``, the ontology's graph is (re)loaded too and every other graph is dropped, so a
    remote store that served an earlier build holds only this one's. Returns the store's quad count.
    """
    changed = list(changed)
    store = open_store(kb_path, settings, read_only=False)
    if full:
        keep = {str(ONTOLOGY_IRI), SHARED_GRAPH, *map(graph_iri, changed)}
        removed = [name for name in store.named_graphs() if name not in keep]
        store.load_ontology()
    else:
        removed = [graph_iri(doc_id) for doc_id in removed]
    for name in removed:
        store.drop_graph(name)
    for doc_id in changed:
        store.replace_graph(graph_iri(doc_id), document_quads(records, doc_id))
    store.replace_graph(SHARED_GRAPH, shared_quads(records))
    store.flush()
    if full:  # every graph was dropped and written again
        store.compact()
    count = len(store)
    del store  # release the local store's lock before the directory is moved
    return count
