"""Tool taxonomy (trainers): spheres -> tools as a tree and a searchable table; each tool with its
definition, synonyms, facets, risk factors and cited examples, and a printable tool card."""

from __future__ import annotations

import streamlit as st

from apkg.app import resources
from apkg.app.blocks import show_hits
from apkg.app.toolcard import tool_card_html, tool_card_markdown, tool_card_pdf
from apkg.ontology import tool_rows

kb = resources.knowledge_base()
catalogue = kb.catalogue()

st.title("Tool taxonomy")
st.caption(
    f"{len(catalogue.tools)} tools in three spheres; each with its facets (instrument, actor level, "
    "timing), the risk factors it addresses and examples from the corpus."
)

tree_tab, table_tab = st.tabs(["Browse by sphere", "Search the tools"])
with tree_tab:
    for column, (sphere, rows) in zip(st.columns(3), catalogue.tree().items(), strict=True):
        with column:
            st.subheader(f"{sphere} ({len(rows)})")
            lines = [f"{'  ' * depth}- {tool.label}" for tool, depth in rows]
            st.markdown("\n".join(lines))
with table_tab:
    text = st.text_input("Filter tools", placeholder="e.g. sanctions, local, justice")
    matches = tool_rows(catalogue.tools, text)
    st.caption(f"{len(matches)} tool(s)")
    st.dataframe(matches, hide_index=True, width="stretch", height=320)

st.divider()
names = [tool.label for tool in catalogue.tools]
wanted = st.query_params.get("tool", "")
try:
    start = names.index(catalogue.tool(wanted).label) if wanted else names.index("Mediation")
except (KeyError, ValueError):
    start = 0
label = st.selectbox("Tool", names, index=start)
tool = catalogue.tool(label)
st.query_params["tool"] = tool.name

st.header(tool.label)
st.markdown(tool.definition)
if tool.synonyms:
    st.markdown(f"**Also called:** {', '.join(tool.synonyms)}")
facets = st.columns(4)
for column, (name, terms) in zip(
    facets,
    [
        ("Sphere", tool.spheres),
        ("Instrument", tool.instruments),
        ("Actor level", tool.actor_levels),
        ("Timing", tool.timings),
    ],
    strict=True,
):
    column.markdown(f"**{name}**  \n" + ("  \n".join(t.label for t in terms) or "—"))
if tool.broader or tool.narrower:
    st.markdown(
        f"**Broader:** {', '.join(t.label for t in tool.broader) or '—'} · "
        f"**Narrower:** {', '.join(t.label for t in tool.narrower) or '—'}"
    )
if tool.note:
    st.info(tool.note)
st.markdown("**Risk factors it addresses:** " + (", ".join(t.label for t in tool.risk_factors) or "—"))

below = kb.taxonomy().below(tool.iri)
examples = kb.passage_hits(kb.passages_mentioning(below, limit=30), highlight=below)
st.subheader("Examples from the corpus")
show_hits(examples, limit=5, empty="The corpus does not name this tool yet.")

st.subheader("Tool card")
card_examples = examples[:3]
cards = st.columns(3)
cards[0].download_button(
    "Download Markdown",
    tool_card_markdown(tool, card_examples),
    file_name=f"{tool.name}.md",
    mime="text/markdown",
)
cards[1].download_button(
    "Download HTML", tool_card_html(tool, card_examples), file_name=f"{tool.name}.html", mime="text/html"
)
cards[2].download_button(
    "Download PDF", tool_card_pdf(tool, card_examples), file_name=f"{tool.name}.pdf", mime="application/pdf"
)
