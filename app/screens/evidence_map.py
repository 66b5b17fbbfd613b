"""Evidence map: tools x crimes and tools x spheres by number of passages; a click on a cell lists
the passages behind it."""

from __future__ import annotations

import altair as alt
import streamlit as st

from apkg.app import resources
from apkg.app.blocks import show_hits
from apkg.kb import EvidenceMatrix

kb = resources.knowledge_base()
catalogue = kb.catalogue()
tax = kb.taxonomy()

st.title("Evidence map")
st.caption(
    "How many passages name a tool (or a tool below it) together with a crime (or one of its acts), "
    "or with a sphere (its name or one of its other tools). Click a cell to read the passages."
)


ROWS = {tool.label: tax.below(tool.iri) for tool in catalogue.tools}  # label -> IRIs that count
COLUMNS = {
    "Tools × crimes": {crime.label: tax.below(crime.iri) for crime in catalogue.crimes},
    "Tools × spheres": {s.label: {s.iri} | tax.tools_by_sphere.get(s.iri, set()) for s in catalogue.spheres},
}


@st.cache_data(show_spinner="Counting passages…", max_entries=1)
def matrices(path: str, build: str) -> dict[str, EvidenceMatrix]:
    """Both matrices of the knowledge base at ``path``, of its build ``build``."""
    return {name: kb.evidence_matrix(ROWS, columns) for name, columns in COLUMNS.items()}


top = st.slider("Tools shown (most evidence first)", 10, 80, 30, step=5)
for tab, (name, matrix) in zip(
    st.tabs(list(matrices(str(kb.path), kb.build_id))),
    matrices(str(kb.path), kb.build_id).items(),
    strict=True,
):
    with tab:
        shown = matrix.rows[:top]
        records = [r for r in matrix.records() if r["row"] in shown]
        pick = alt.selection_point(fields=["row", "column"], name="cell")
        chart = (
            alt.Chart(alt.Data(values=records))
            .mark_rect()
            .encode(
                x=alt.X(
                    "column:N",
                    title=None,
                    sort=matrix.columns,
                    axis=alt.Axis(  # horizontal, a word a line: every column label whole at any width
                        orient="top",
                        labelAngle=0,
                        labelBaseline="line-bottom",
                        offset=14,  # room for a third line of label below the first two
                        labelExpr="split(datum.label, ' ')",
                        labelOverlap=False,
                    ),
                ),
                y=alt.Y("row:N", title=None, sort=shown, axis=alt.Axis(labelLimit=220, labelOverlap=False)),
                color=alt.Color("passages:Q", scale=alt.Scale(scheme="orangered"), title="passages"),
                opacity=alt.condition(pick, alt.value(1.0), alt.value(0.45)),
                tooltip=["row:N", "column:N", "passages:Q"],
            )
            .add_params(pick)
            .properties(height=max(220, 20 * len(shown)), width="container")  # the page's width
        )
        text = chart.mark_text(fontSize=10).encode(
            text="passages:Q", color=alt.value("black"), opacity=alt.value(1)
        )
        event = st.altair_chart(
            chart + text, on_select="rerun", selection_mode="cell", key=f"map_{name}", width="stretch"
        )
        chosen = (event.get("selection", {}).get("cell") or [{}])[0] if event else {}
        if chosen.get("row") in shown and chosen != st.session_state.get(f"last_{name}"):
            st.session_state[f"last_{name}"] = chosen  # a click on the map picks the cell below
            st.session_state[f"row_{name}"], st.session_state[f"col_{name}"] = chosen["row"], chosen["column"]
        if st.session_state.get(f"row_{name}") not in shown:
            st.session_state.pop(f"row_{name}", None)
        pickers = st.columns(2)
        row = pickers[0].selectbox("Tool", shown, key=f"row_{name}")
        column = pickers[1].selectbox("Column", matrix.columns, key=f"col_{name}")
        passages = matrix.passages.get((row, column), [])
        st.subheader(f"{row} × {column}: {len(passages)} passage(s)")
        marks = ROWS[row] | COLUMNS[name][column]
        show_hits(kb.passage_hits(passages, highlight=marks), key=f"{name}:{row}:{column}")
