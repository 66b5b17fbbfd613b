"""What the Streamlit pages share, loaded once per server process: the knowledge base (with its
searcher and model), the SPARQL query workers, the ontology catalogue and the co-occurrence network."""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import TYPE_CHECKING

import streamlit as st

from apkg.app.cli_app import KB_ENV
from apkg.errors import ApkgError
from apkg.kb import KnowledgeBase
from apkg.ontology.catalogue import Catalogue, load_catalogue

if TYPE_CHECKING:
    import networkx as nx

    from apkg.graph.query_pool import BlockingQueryPool
    from apkg.search import Facets, Hit

_SEARCH_LOCK = threading.Lock()


def kb_path() -> Path:
    """The knowledge base the app serves (``apkg app --kb``, passed as ``APKG_APP_KB``)."""
    return Path(os.environ.get(KB_ENV, "kb")).resolve()


@st.cache_resource(show_spinner="Opening the knowledge base…")
def open_kb(path: str) -> KnowledgeBase:
    """The knowledge base, with one read-only connection shared by the script threads."""
    return KnowledgeBase.open(path, any_thread=True)


def knowledge_base() -> KnowledgeBase:
    """The app's knowledge base (cached), switched to the newest build if one has replaced it, so
    that a page shows one build throughout."""
    kb = open_kb(str(kb_path()))
    kb.refresh()
    return kb


def kb_problem() -> str | None:
    """Why the app cannot serve its knowledge base, or None when it can."""
    try:
        kb = knowledge_base()
    except ApkgError as exc:
        return str(exc)
    if kb.counts()["documents"] == 0:
        return f"the knowledge base at {kb.path} holds no documents"
    return None


@st.cache_resource(show_spinner=False)
def warm_up(path: str) -> threading.Thread:
    """Load the encoder, the FAISS index and the query expander in the background, once per
    server, so that the first search does not wait for them (searches queue behind it)."""
    kb = open_kb(path)

    def run() -> None:
        with _SEARCH_LOCK:
            kb.search("atrocity prevention", k=1)

    thread = threading.Thread(target=run, name="apkg-warm-up", daemon=True)
    thread.start()
    return thread


def search(query: str, *, k: int, mode: str, facets: Facets, expand: bool = True) -> list[Hit]:
    """``KnowledgeBase.search`` on the cached knowledge base, one search at a time."""
    with _SEARCH_LOCK:
        return knowledge_base().search(query, k=k, mode=mode, facets=facets, expand=expand)


@st.cache_resource(show_spinner="Starting the query workers…")
def query_pool(path: str) -> BlockingQueryPool:
    """The SPARQL page's query workers: ``apkg serve``'s pool, with its checks and time limit, over
    the knowledge base's graph (the local store, or the server ``graph.store`` names); each worker
    switches to a new build by itself."""
    from apkg.config import load_settings
    from apkg.graph.query_pool import DEFAULT_TIMEOUT, BlockingQueryPool

    return BlockingQueryPool(Path(path), graph=load_settings().graph, timeout=DEFAULT_TIMEOUT)


@st.cache_resource(show_spinner="Reading the ontology…")
def catalogue() -> Catalogue:
    """Spheres, tools, risk factors and crimes of the packaged ontology."""
    from apkg.ontology import load_ontology

    return load_catalogue(load_ontology())


@st.cache_resource(show_spinner="Reading the ontology's labels…")
def labels() -> dict[str, str]:
    """IRI -> preferred label of every concept, actor, case and place of the ontology."""
    from apkg.ontology.taxonomy import taxonomy

    return {iri: names[0] for iri, names in taxonomy().lexicon.labels_of.items() if names}


def network(path: str) -> nx.Graph:
    """The concept and actor co-occurrence network of the knowledge base's current build."""
    return _network(path, open_kb(path).build_id)


@st.cache_resource(show_spinner="Building the co-occurrence network…", max_entries=1)
def _network(path: str, build: str) -> nx.Graph:
    from apkg.graph.views import cooccurrence_graph
    from apkg.ontology.taxonomy import taxonomy

    return cooccurrence_graph(open_kb(path), taxonomy().lexicon)


def passage_targets(path: str) -> dict[str, set[str]]:
    """Passage id -> everything it mentions (see ``apkg.app.evidence.passage_targets``), of the
    current build."""
    return _passage_targets(path, open_kb(path).build_id)


@st.cache_data(show_spinner=False, max_entries=1)
def _passage_targets(path: str, build: str) -> dict[str, set[str]]:
    from apkg.app.evidence import passage_targets as read

    return read(open_kb(path))
