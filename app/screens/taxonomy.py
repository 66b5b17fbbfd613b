"""Tool taxonomy (trainers): spheres -> tools as a tree and a searchable table; each tool with its
definition, synonyms, facets, risk factors, cited examples, its precedents (who applied, urged or
opposed it, towards whom, when) and a printable tool card."""

from __future__ import annotations

from collections import Counter

import streamlit as st

from apkg.app import resources
from apkg.app.blocks import show_hits, show_precedents
from apkg.app.toolcard import tool_card_html, tool_card_markdown, tool_card_pdf
from apkg.ontology import tool_rows
from apkg.precedents import MODE_LABELS, precedents_csv

kb = resources.knowledge_base()
catalogue = kb.catalogue()

st.title("Tool taxonomy")
st.caption(
    f"{len(catalogue.tools)} tools in three spheres; each with its facets (instrument, actor level, "
    "timing), the risk factors it addresses and examples from the corpus."
)

names = [tool.label for tool in catalogue.tools]
wanted = st.query_params.get("tool", "")
if wanted != st.session_state.get("tool_from_url"):  # the address names a tool: a link led here
    st.session_state.tool_from_url = wanted
    try:
        st.session_state.tool_choice = catalogue.tool(wanted).label
    except KeyError:
        st.session_state.setdefault("tool_choice", "Mediation" if "Mediation" in names else names[0])


def _choose(label: str) -> None:
    st.session_state.tool_choice = label


def _filtered() -> None:
    """A filter that leaves out the chosen tool chooses the first tool it keeps."""
    kept = [row["tool"] for row in tool_rows(catalogue.tools, st.session_state.tool_filter)]
    if kept and st.session_state.get("tool_choice") not in kept:
        _choose(kept[0])


tree_tab, table_tab = st.tabs(["Browse by sphere", "Search the tools"])
with tree_tab:
    st.html(  # the tree's tools as close as the lines of a list
        "<style>div[class*='st-key-tree_'] { gap: 0 !important; }"
        "[class*='st-key-tree_'] button { min-height: 1.7rem; padding: 0; text-align: left; }</style>"
    )
    for column, (sphere, rows) in zip(st.columns(3), catalogue.tree().items(), strict=True):
        with column, st.container(key=f"tree_{sphere}"):
            st.subheader(f"{sphere} ({len(rows)})")
            for tool, depth in rows:
                st.button(
                    "\u2003" * depth + tool.label,
                    key=f"tool_{sphere}_{tool.name}",
                    type="tertiary",
                    on_click=_choose,
                    args=(tool.label,),
                )
with table_tab:
    text = st.text_input(
        "Filter tools", placeholder="e.g. sanctions, local, justice", key="tool_filter", on_change=_filtered
    )
    matches = tool_rows(catalogue.tools, text)
    st.caption(f"{len(matches)} tool(s); pick a row to open the tool")

    def _picked() -> None:
        rows = st.session_state[f"tool_table_{text}"].selection.rows
        if rows:
            _choose(matches[rows[0]]["tool"])

    st.dataframe(
        matches,
        hide_index=True,
        width="stretch",
        height=320,
        on_select=_picked,
        selection_mode="single-row",
        key=f"tool_table_{text}",
    )

st.divider()
label = st.selectbox("Tool", names, key="tool_choice")
tool = catalogue.tool(label)
st.query_params["tool"] = st.session_state.tool_from_url = tool.name

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
show_hits(examples, key=f"examples_{tool.name}", page_size=5, empty="The corpus does not name this tool yet.")

st.subheader("Precedents")
st.caption(
    "Who applied, urged or opposed this tool (or a tool below it), towards whom and when, as a "
    "sentence of the documents states it; most recent first."
)
precedents = kb.relations(tool=tool.iri)
counts = Counter(p.mode for p in precedents)
mode = st.segmented_control(
    "Mode",
    ["all", *MODE_LABELS.values()],
    format_func=lambda m: f"{m} ({counts[m] if m != 'all' else len(precedents)})",
    default="all",
    key=f"precedent_mode_{tool.name}",
)
acted = "applied, urged or opposed" if mode in (None, "all") else mode
shown = [p for p in precedents if mode in (None, "all") or p.mode == mode]
show_precedents(
    shown,
    key=f"precedents_{tool.name}_{mode}",
    empty=f"No sentence of the corpus states that anyone {acted} {tool.label} or a tool below it.",
)
if shown:
    st.download_button(
        "Download precedents CSV",
        precedents_csv(shown),
        file_name=f"{tool.name}-precedents.csv",
        mime="text/csv",
        on_click="ignore",
    )

st.subheader("Tool card")
st.caption("Printable: the tool, three examples and its three most recent precedents, with their sources.")
card_examples, card_precedents = examples[:3], precedents[:3]
cards = st.columns(3)
cards[0].download_button(
    "Download Markdown",
    tool_card_markdown(tool, card_examples, card_precedents),
    file_name=f"{tool.name}.md",
    mime="text/markdown",
)
cards[1].download_button(
    "Download HTML",
    tool_card_html(tool, card_examples, card_precedents),
    file_name=f"{tool.name}.html",
    mime="text/html",
)
cards[2].download_button(
    "Download PDF",
    tool_card_pdf(tool, card_examples, card_precedents),
    file_name=f"{tool.name}.pdf",
    mime="application/pdf",
)
