"""What the Streamlit pages share, loaded once per server process: the settings the app was
started with (``apkg app --config/--set``, as ``apkg search`` reads them) and the knowledge base
opened with them. Everything else the pages show comes from the knowledge base's verbs, which
cache per build what they derive (the co-occurrence network, the evidence counts)."""

from __future__ import annotations

import importlib
import json
import os
import threading
from pathlib import Path
from typing import TYPE_CHECKING

import streamlit as st

from apkg.app.cli_app import KB_ENV, OVERRIDES_ENV
from apkg.config import Settings, load_settings
from apkg.errors import ApkgError
from apkg.kb import KnowledgeBase

if TYPE_CHECKING:
    from apkg.kb import Facets, Hit

_SEARCH_LOCK = threading.Lock()


def kb_path() -> Path:
    """The knowledge base the app serves (``apkg app --kb``, passed as ``APKG_APP_KB``)."""
    return Path(os.environ.get(KB_ENV, "kb")).resolve()


@st.cache_resource(show_spinner=False)
def settings() -> Settings:
    """The settings ``apkg app`` resolved: defaults, the ``--config`` file (``APKG_CONFIG``),
    ``APKG_*`` variables and the ``--set`` overrides (``APKG_APP_SET``)."""
    return load_settings(overrides=json.loads(os.environ.get(OVERRIDES_ENV) or "[]"))


@st.cache_resource(show_spinner="Opening the knowledge base…")
def open_kb(path: str) -> KnowledgeBase:
    """The knowledge base, with one read-only connection shared by the script threads."""
    return KnowledgeBase.open(path, settings(), any_thread=True)


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
    server, so that the first search does not wait for them (searches queue behind it).

    pandas is imported first, here: the warm-up imports it too, and a chart drawn meanwhile would
    find it half-imported in ``sys.modules`` (altair looks there) and fail.
    """
    importlib.import_module("pandas")

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


def similar(passage_id: str, *, k: int, facets: Facets) -> list[Hit]:
    """``KnowledgeBase.similar`` ("more like this"), one search at a time."""
    with _SEARCH_LOCK:
        return knowledge_base().similar(passage_id, k=k, facets=facets)
