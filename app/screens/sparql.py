"""SPARQL (developers): an editor with the competency queries as examples, results as a table,
downloads as CSV and JSON, and the address of the ``apkg serve`` endpoint.

A query runs once per submission, in the same worker pool as ``apkg serve`` (same checks, same
time limit); the answer is kept in the session, so reruns (a download, a widget) reuse it."""

from __future__ import annotations

import time

import streamlit as st

from apkg.app import resources
from apkg.errors import ApkgError
from apkg.kb import QUERY_TIMEOUT
from apkg.ontology import competency_queries

kb = resources.knowledge_base()
examples = {f"{q.user}: {q.question}": q.sparql for q in competency_queries()}

st.title("SPARQL")
st.markdown(
    "Read-only SPARQL 1.1 over the knowledge graph; the default graph is the union of all named graphs. "
    "The same graph is served over HTTP by"
)
st.code(f"apkg serve --kb {kb.path}    # endpoint: http://127.0.0.1:7878/sparql", language="bash")


def _load_example() -> None:
    st.session_state.sparql_text = examples[st.session_state.sparql_example]


if "sparql_text" not in st.session_state:
    st.session_state.sparql_text = next(iter(examples.values()))
st.selectbox("Competency question", list(examples), key="sparql_example", on_change=_load_example)
with st.form("sparql_form", border=False):
    st.text_area("Query", key="sparql_text", height=300)
    submitted = st.form_submit_button("Run")

if submitted or "sparql_answer" not in st.session_state:
    started = time.perf_counter()
    try:
        answer = kb.sparql(st.session_state.sparql_text, time_limit=QUERY_TIMEOUT)
        st.session_state.sparql_answer = (answer, time.perf_counter() - started)
    except ApkgError as exc:
        st.session_state.sparql_answer = (exc, time.perf_counter() - started)
answer, elapsed = st.session_state.sparql_answer
if isinstance(answer, ApkgError):
    st.error(str(answer))
    st.stop()

table = answer.table()
st.markdown(
    f"<p id='sparql-count'>{len(table.rows)} row(s){' (first ones shown)' if table.truncated else ''} "
    f"in {elapsed * 1000:.0f} ms</p>",
    unsafe_allow_html=True,
)
st.dataframe(
    [dict(zip(table.columns, row, strict=True)) for row in table.rows], hide_index=True, width="stretch"
)
columns = st.columns(2)
for column, fmt in zip(columns, ("csv", "json"), strict=True):
    data, media, suffix = answer.download(fmt)
    column.download_button(f"Download {fmt.upper()}", data, file_name=f"apkg-query.{suffix}", mime=media)
