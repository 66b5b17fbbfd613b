"""Search (researchers): query, facets in the sidebar, cited and highlighted passages, more like
this, export of the selected results. The whole search lives in the URL."""

from __future__ import annotations

import dataclasses
import html
import time
from typing import TypeVar
from urllib.parse import urlencode

import streamlit as st

from apkg.app import resources
from apkg.app.blocks import show_hit
from apkg.app.citations import hits_to_bibtex, hits_to_csl_json, hits_to_csv, hits_to_ris
from apkg.app.share import SearchRequest, request_from_params, request_to_params
from apkg.errors import ApkgError
from apkg.kb import WEAK_MATCH, Facets

_T = TypeVar("_T")

kb = resources.knowledge_base()
DEFAULT_K = resources.settings().search.k
catalogue = kb.catalogue()
labels = kb.labels()

if "search_loaded" not in st.session_state:  # first run of this session: the URL sets the widgets
    start = request_from_params(st.query_params.to_dict(), default_k=DEFAULT_K)
    st.session_state.update(
        search_loaded=True,
        q=start.query,
        mode=start.mode,
        k=start.k,
        like=start.like,
        **{f"f_{name}": value for name, value in vars(start.facets).items()},
    )


def _choices(options: list[str], key: str) -> list[str]:
    """Options for a facet select box, with the URL's value kept even if it is spelt otherwise."""
    current = st.session_state.get(key)
    return ["", *options] + ([current] if current and current not in options else [])


def _none(value: _T) -> _T | None:
    return None if value in ("", None) else value


st.title("Search the literature")
st.text_input("Query", key="q", placeholder="e.g. which tools help dissuade perpetrators?")

with st.sidebar:
    st.header("Facets")
    st.selectbox("Sphere", _choices([s.label for s in catalogue.spheres], "f_sphere"), key="f_sphere")
    st.selectbox("Tool", _choices([t.label for t in catalogue.tools], "f_tool"), key="f_tool")
    st.selectbox("Crime", _choices([c.label for c in catalogue.crimes], "f_crime"), key="f_crime")
    st.selectbox(
        "Risk factor",
        _choices([r.label for r in catalogue.risk_factors], "f_risk_factor"),
        key="f_risk_factor",
    )
    st.text_input("Actor", key="f_actor", placeholder="e.g. African Union")
    st.text_input("Case", key="f_case", placeholder="e.g. Rwanda 1994")
    st.text_input("Place", key="f_place", placeholder="e.g. Kenya")
    years = st.columns(2)
    years[0].number_input("From year", min_value=1900, max_value=2100, value=None, step=1, key="f_year_from")
    years[1].number_input("To year", min_value=1900, max_value=2100, value=None, step=1, key="f_year_to")
    doc_types = sorted({d.meta.doc_type for d in kb.documents() if d.meta.doc_type})
    st.selectbox("Document type", _choices(doc_types, "f_doc_type"), key="f_doc_type")
    st.selectbox("Ranking", ["hybrid", "dense", "lexical"], key="mode")
    st.slider("Passages", 1, 50, key="k")

facets = Facets(**{name: _none(st.session_state.get(f"f_{name}")) for name in vars(Facets())})
if facets.year_from is not None and facets.year_to is not None and facets.year_from > facets.year_to:
    st.warning(
        f"The years run backwards ({facets.year_from} to {facets.year_to}): "
        f"searching {facets.year_to} to {facets.year_from}."
    )
    facets = dataclasses.replace(facets, year_from=facets.year_to, year_to=facets.year_from)
request = SearchRequest(
    query=st.session_state.q.strip(),
    facets=facets,
    mode=st.session_state.mode,
    k=st.session_state.k,
    like=st.session_state.like,
)
st.query_params.from_dict(request_to_params(request, default_k=DEFAULT_K))

like_hit = next(iter(kb.passage_hits([request.like])), None) if request.like else None
if request.like and like_hit is None:
    st.warning(
        f"No passage {request.like!r} in this knowledge base; “More like this” takes a passage id "
        "such as briefing/p0, as search results show them."
    )
if like_hit is not None:
    st.info(f"Passages like `{like_hit.passage_id}` — {like_hit.citation()}")
    if st.button("Back to the query"):
        st.session_state.like = ""
        st.rerun()

if not request.query and like_hit is None:
    st.markdown(
        "Type a question or some words; narrow the results with the facets on the left. The address "
        "bar keeps the query and the facets, so a search can be shared."
    )
    st.stop()

started = time.perf_counter()
try:
    if like_hit is not None:
        hits = resources.similar(like_hit.passage_id, k=request.k, facets=facets)
    else:
        hits = resources.search(request.query, k=request.k, mode=request.mode, facets=facets)
except ApkgError as exc:
    st.warning(str(exc))
    st.stop()
elapsed = time.perf_counter() - started

shared = html.escape(
    urlencode(request_to_params(request, default_k=DEFAULT_K)), quote=True
)  # which search these hits answer
st.markdown(
    f"<p id='result-count' data-request='{shared}'>{len(hits)} passages in {elapsed * 1000:.0f} ms</p>",
    unsafe_allow_html=True,
)
if not hits:
    st.info("No passage matches. Remove a facet or try other words.")
    st.stop()
if not any(hit.good_match for hit in hits):
    st.warning(WEAK_MATCH)


def _more_like(passage_id: str) -> None:
    st.session_state.like = passage_id


def _select_all(value: bool) -> None:
    for hit in hits:
        st.session_state[f"sel_{hit.passage_id}"] = value


selected = []
for rank, hit in enumerate(hits, start=1):
    with st.container(border=True):
        show_hit(hit, rank=rank, why=True)
        left, right = st.columns([1, 5])
        if left.checkbox("Select", value=True, key=f"sel_{hit.passage_id}"):
            selected.append(hit)
        right.button(
            "More like this", key=f"like_{hit.passage_id}", on_click=_more_like, args=(hit.passage_id,)
        )

st.subheader(f"Export {len(selected)} of {len(hits)} passages")
choose = st.columns([1, 1, 4])
choose[0].button("Select all", on_click=_select_all, args=(True,), disabled=len(selected) == len(hits))
choose[1].button("Select none", on_click=_select_all, args=(False,), disabled=not selected)
columns = st.columns(4)
for column, (label, render, name, mime) in zip(
    columns,
    [
        ("CSV", hits_to_csv, "apkg-results.csv", "text/csv"),
        ("BibTeX", hits_to_bibtex, "apkg-results.bib", "application/x-bibtex"),
        ("RIS", hits_to_ris, "apkg-results.ris", "application/x-research-info-systems"),
        ("CSL-JSON", hits_to_csl_json, "apkg-results.json", "application/vnd.citationstyles.csl+json"),
    ],
    strict=True,
):
    column.download_button(
        f"Download {label}",
        render(selected),
        file_name=name,
        mime=mime,
        disabled=not selected,
        key=f"export_{label}",
    )
st.markdown(  # last on the page: once it names this search, every hit above belongs to it
    f"<p id='results-end' data-request='{shared}' style='font-size:.8em;color:#888'>Each file holds the "
    "selected passages with their citations.</p>",
    unsafe_allow_html=True,
)
