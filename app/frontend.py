"""The Streamlit app (``apkg app``): navigation over the pages, or how to build a knowledge base.

Run by ``apkg app``, which passes the knowledge base in ``APKG_APP_KB``. Streamlit puts this
folder on ``sys.path``; the pages import everything through ``apkg.app``.
"""

from __future__ import annotations

import streamlit as st

from apkg.app import pages
from apkg.app.blocks import show_missing_kb
from apkg.app.resources import kb_path, kb_problem, warm_up

st.set_page_config(
    page_title="apkg — Atrocity Prevention Knowledge Graph",
    page_icon=":material/travel_explore:",
    layout="wide",
)

# On a narrow window the sidebar gives the page room: 200 px instead of 300 below 1000 px wide.
st.html(
    "<style>@media (max-width: 1000px) { section[data-testid='stSidebar'] "
    "{ width: 200px !important; min-width: 200px !important; max-width: 200px !important; } }</style>"
)
navigation = st.navigation(pages.all_pages())
problem = kb_problem()
if problem is not None:
    show_missing_kb(problem, str(kb_path()))
    st.stop()
warm_up(str(kb_path()))
st.sidebar.caption(f"Knowledge base: `{kb_path()}`")
navigation.run()
