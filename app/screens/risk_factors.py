"""Risk factors: the 14 factors of the UN Framework of Analysis and their indicators, the passages
that discuss each, and the tools that address it."""

from __future__ import annotations

import streamlit as st

from apkg.app import pages, resources
from apkg.app.blocks import show_hits

kb = resources.knowledge_base()
catalogue = kb.catalogue()
factors = catalogue.risk_factors
tax = kb.taxonomy()

st.title("Risk factors")
st.caption("The 14 risk factors of the UN Framework of Analysis for Atrocity Crimes (2014), paraphrased.")

overview = [
    {
        "no.": factor.number,
        "risk factor": factor.label,
        "indicators": len(factor.indicators),
        "tools": len(factor.tools),
        "passages": len(kb.passages_mentioning(tax.below(factor.iri))),
    }
    for factor in factors
]
labels = [f"{factor.number}. {factor.label}" for factor in factors]


def _picked() -> None:
    rows = st.session_state.factor_table.selection.rows
    if rows:
        st.session_state.factor_choice = labels[rows[0]]


st.caption("Pick a row to read about the risk factor.")
st.dataframe(
    overview,
    hide_index=True,
    width="stretch",
    on_select=_picked,
    selection_mode="single-row",
    key="factor_table",
)
choice = st.selectbox("Risk factor", labels, key="factor_choice")
factor = factors[labels.index(choice)]
st.header(choice)
st.markdown(factor.definition)
left, right = st.columns(2)
with left:
    st.subheader(f"Indicators ({len(factor.indicators)})")
    st.markdown("\n".join(f"- {term.label}" for term in factor.indicators) or "—")
with right:
    st.subheader(f"Tools that address it ({len(factor.tools)})")
    for term in factor.tools:  # each opens the tool in the taxonomy
        st.page_link(
            pages.page("taxonomy"), label=term.label, query_params={"tool": catalogue.tool(term.iri).name}
        )
    if not factor.tools:
        st.markdown("—")

targets = tax.below(factor.iri) | {term.iri for term in factor.indicators}
st.subheader("Passages that discuss it")
show_hits(kb.passage_hits(kb.passages_mentioning(targets, limit=100), highlight=targets), key="risk")
