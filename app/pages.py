"""The app's pages, defined once: the navigation lists them, and a page links to another through
them (``st.page_link`` with a page object works in the app and in a page run alone by ``AppTest``)."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

SCREENS = Path(__file__).resolve().parent / "screens"

SEARCH = st.Page(
    SCREENS / "search.py", title="Search", icon=":material/search:", url_path="search", default=True
)
TAXONOMY = st.Page(
    SCREENS / "taxonomy.py", title="Tool taxonomy", icon=":material/account_tree:", url_path="taxonomy"
)
RISK_FACTORS = st.Page(
    SCREENS / "risk_factors.py", title="Risk factors", icon=":material/warning:", url_path="risk-factors"
)
EVIDENCE_MAP = st.Page(
    SCREENS / "evidence_map.py", title="Evidence map", icon=":material/grid_on:", url_path="evidence"
)
GRAPH_EXPLORER = st.Page(
    SCREENS / "graph_explorer.py", title="Graph explorer", icon=":material/hub:", url_path="graph"
)
SPARQL = st.Page(SCREENS / "sparql.py", title="SPARQL", icon=":material/code:", url_path="sparql")
DOCUMENTS = st.Page(
    SCREENS / "documents.py", title="Documents", icon=":material/library_books:", url_path="documents"
)
ALL = [SEARCH, TAXONOMY, RISK_FACTORS, EVIDENCE_MAP, GRAPH_EXPLORER, SPARQL, DOCUMENTS]
