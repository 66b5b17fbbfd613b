"""The Streamlit app (``apkg app``): navigation over the pages, or how to build a knowledge base.

Run by ``apkg app``, which passes the knowledge base in ``APKG_APP_KB``. Streamlit puts this
folder on ``sys.path``; the pages import everything through ``apkg.app``.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from apkg.app.blocks import show_missing_kb
from apkg.app.resources import kb_path, kb_problem, warm_up

SCREENS = Path(__file__).resolve().parent / "screens"

st.set_page_config(
    page_title="apkg — Atrocity Prevention Knowledge Graph",
    page_icon=":material/travel_explore:",
    layout="wide",
)

navigation = st.navigation(
    [
        st.Page(
            SCREENS / "search.py", title="Search", icon=":material/search:", url_path="search", default=True
        ),
        st.Page(
            SCREENS / "taxonomy.py",
            title="Tool taxonomy",
            icon=":material/account_tree:",
            url_path="taxonomy",
        ),
        st.Page(
            SCREENS / "risk_factors.py",
            title="Risk factors",
            icon=":material/warning:",
            url_path="risk-factors",
        ),
        st.Page(
            SCREENS / "evidence_map.py", title="Evidence map", icon=":material/grid_on:", url_path="evidence"
        ),
        st.Page(
            SCREENS / "graph_explorer.py", title="Graph explorer", icon=":material/hub:", url_path="graph"
        ),
        st.Page(SCREENS / "sparql.py", title="SPARQL", icon=":material/code:", url_path="sparql"),
        st.Page(
            SCREENS / "documents.py", title="Documents", icon=":material/library_books:", url_path="documents"
        ),
    ]
)
problem = kb_problem()
if problem is not None:
    show_missing_kb(problem, str(kb_path()))
    st.stop()
warm_up(str(kb_path()))
st.sidebar.caption(f"Knowledge base: `{kb_path()}`")
navigation.run()
