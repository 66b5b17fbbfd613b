"""Evidence map: tools x crimes and tools x spheres by number of passages naming both, or tools x
agents and tools x targets by number of stated relations; a click on a cell lists the passages or
the relations behind it."""

from __future__ import annotations

import altair as alt
import streamlit as st

from apkg.app import resources
from apkg.app.blocks import show_hits, show_precedents
from apkg.kb import EvidenceMatrix

kb = resources.knowledge_base()
catalogue = kb.catalogue()
tax = kb.taxonomy()

PASSAGES, RELATIONS = "passages naming both", "stated relations"
ROWS = {tool.label: tax.below(tool.iri) for tool in catalogue.tools}  # label -> IRIs that count
COLUMNS = {
    "Tools × crimes": {crime.label: tax.below(crime.iri) for crime in catalogue.crimes},
    "Tools × spheres": {s.label: {s.iri} | tax.tools_by_sphere.get(s.iri, set()) for s in catalogue.spheres},
}
RELATION_COLUMNS = {"Tools × agents": "agent", "Tools × targets": "target"}

st.title("Evidence map")
counting = st.segmented_control("Count", [PASSAGES, RELATIONS], default=PASSAGES, key="count") or PASSAGES
st.caption(
    "How many passages name a tool (or a tool below it) together with a crime (or one of its acts), "
    "or with a sphere (its name or one of its other tools). Click a cell to read the passages."
    if counting == PASSAGES
    else "How many sentences state that an agent applied, urged or opposed a tool (or a tool below it), "
    "by agent and by target (the actor or place it was aimed at), agents and targets with most "
    "relations first. Click a cell to read the relations with their sentences and sources."
)


@st.cache_data(show_spinner="Counting passages…", max_entries=1)
def matrices(path: str, build: str) -> dict[str, EvidenceMatrix]:
    """Both passage matrices of the knowledge base at ``path``, of its build ``build``."""
    return {name: kb.evidence_matrix(ROWS, columns) for name, columns in COLUMNS.items()}


@st.cache_data(show_spinner="Counting relations…", max_entries=1)
def relation_matrices(path: str, build: str) -> dict[str, EvidenceMatrix]:
    """Tools by agents and by targets of the knowledge base at ``path``: cells hold relation ids."""
    return {name: kb.relation_matrix(ROWS, column=column) for name, column in RELATION_COLUMNS.items()}


def column_axis(*, slanted: bool) -> alt.Axis:
    """Column labels on top, each whole: a word a line (for a few columns) or slanted (for many)."""
    if slanted:
        return alt.Axis(orient="top", labelAngle=-40, labelAlign="left", labelLimit=160, labelOverlap=False)
    return alt.Axis(
        orient="top",
        labelAngle=0,
        labelBaseline="line-bottom",
        offset=14,  # room for a third line of label below the first two
        labelExpr="split(datum.label, ' ')",
        labelOverlap=False,
    )


def heatmap(matrix: EvidenceMatrix, rows: list[str], columns: list[str], *, name: str, counted: str) -> dict:
    """The matrix's ``rows`` x ``columns`` as a heatmap of ``counted``, its cells clickable; the
    chart's selection event."""
    records = [
        {"row": r, "column": c, counted: n}
        for (r, c), n in matrix.counts.items()
        if n and r in rows and c in columns
    ]
    pick = alt.selection_point(fields=["row", "column"], name="cell")
    slanted = len(columns) > 8  # the slanted labels' height comes out of the chart's
    chart = (
        alt.Chart(alt.Data(values=records))
        .mark_rect()
        .encode(
            x=alt.X("column:N", title=None, sort=columns, axis=column_axis(slanted=slanted)),
            y=alt.Y("row:N", title=None, sort=rows, axis=alt.Axis(labelLimit=220, labelOverlap=False)),
            color=alt.Color(f"{counted}:Q", scale=alt.Scale(scheme="orangered"), title=counted),
            opacity=alt.condition(pick, alt.value(1.0), alt.value(0.45)),
            tooltip=["row:N", "column:N", f"{counted}:Q"],
        )
        .add_params(pick)
        .properties(height=max(220, 20 * len(rows) + 110 * slanted), width="container")  # the page's width
    )
    text = chart.mark_text(fontSize=10).encode(
        text=f"{counted}:Q", color=alt.value("black"), opacity=alt.value(1)
    )
    return st.altair_chart(
        chart + text, on_select="rerun", selection_mode="cell", key=f"map_{name}", width="stretch"
    )


def picked_cell(event: dict, matrix: EvidenceMatrix, rows: list[str], *, name: str) -> tuple[str, str]:
    """The cell a click on the map chose, or the pickers below it (a tool and a column)."""
    chosen = (event.get("selection", {}).get("cell") or [{}])[0] if event else {}
    if chosen.get("row") in rows and chosen != st.session_state.get(f"last_{name}"):
        st.session_state[f"last_{name}"] = chosen  # a click on the map picks the cell below
        st.session_state[f"row_{name}"], st.session_state[f"col_{name}"] = chosen["row"], chosen["column"]
    if st.session_state.get(f"row_{name}") not in rows:
        st.session_state.pop(f"row_{name}", None)
    pickers = st.columns(2)
    row = pickers[0].selectbox("Tool", rows, key=f"row_{name}")
    column = pickers[1].selectbox("Column", matrix.columns, key=f"col_{name}")
    return row, column


top = st.slider("Tools shown (most evidence first)", 10, 80, 30, step=5)
if counting == PASSAGES:
    found = matrices(str(kb.path), kb.build_id)
    for tab, (name, matrix) in zip(st.tabs(list(found)), found.items(), strict=True):
        with tab:
            shown = matrix.rows[:top]
            event = heatmap(matrix, shown, matrix.columns, name=name, counted="passages")
            row, column = picked_cell(event, matrix, shown, name=name)
            passages = matrix.passages.get((row, column), [])
            st.subheader(f"{row} × {column}: {len(passages)} passage(s)")
            marks = ROWS[row] | COLUMNS[name][column]
            show_hits(kb.passage_hits(passages, highlight=marks), key=f"{name}:{row}:{column}")
else:
    found = relation_matrices(str(kb.path), kb.build_id)
    wide = st.slider("Agents or targets shown (most relations first)", 5, 40, 15, step=5)
    for tab, (name, matrix) in zip(st.tabs(list(found)), found.items(), strict=True):
        with tab:
            shown = matrix.rows[:top]
            event = heatmap(matrix, shown, matrix.columns[:wide], name=name, counted="relations")
            row, column = picked_cell(event, matrix, shown, name=name)
            relations = matrix.passages.get((row, column), [])
            st.subheader(f"{row} × {column}: {len(relations)} relation(s)")
            show_precedents(kb.precedents(relations), key=f"{name}:{row}:{column}")
