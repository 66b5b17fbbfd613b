"""The app's pages, defined once: the navigation lists them, and a page links to another through
them (``st.page_link`` with a page object works in the app and in a page run alone by ``AppTest``).
A page object is made during a script run, when Streamlit can resolve its script."""

from __future__ import annotations

from pathlib import Path

import streamlit as st
from streamlit.navigation.page import StreamlitPage

SCREENS = Path(__file__).resolve().parent / "screens"
# name (its address) -> script, title, icon; the first is the default page
_PAGES = {
    "search": ("search.py", "Search", ":material/search:"),
    "taxonomy": ("taxonomy.py", "Tool taxonomy", ":material/account_tree:"),
    "risk-factors": ("risk_factors.py", "Risk factors", ":material/warning:"),
    "evidence": ("evidence_map.py", "Evidence map", ":material/grid_on:"),
    "graph": ("graph_explorer.py", "Graph explorer", ":material/hub:"),
    "trends": ("trends.py", "Trends", ":material/show_chart:"),
    "sparql": ("sparql.py", "SPARQL", ":material/code:"),
    "documents": ("documents.py", "Documents", ":material/library_books:"),
}
DEFAULT = next(iter(_PAGES))


def page(name: str) -> StreamlitPage:
    """The page at the address ``name`` ("documents", "taxonomy", ...)."""
    script, title, icon = _PAGES[name]
    return st.Page(SCREENS / script, title=title, icon=icon, url_path=name, default=name == DEFAULT)


def all_pages() -> list[StreamlitPage]:
    """Every page, in the order of the navigation."""
    return [page(name) for name in _PAGES]
