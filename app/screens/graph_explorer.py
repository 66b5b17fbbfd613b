"""Graph explorer: the co-occurrence network of concepts, actors and cases (filter by type, sphere,
case; hubs hidden), drawn with links as thick as they are specific (NPMI) and one fixed colour per
kind, centrality ranking, and a path finder that prefers specific links, with the passages behind
each step."""

from __future__ import annotations

import html

import altair as alt
import streamlit as st

from apkg.app import resources
from apkg.app.blocks import show_hits
from apkg.app.explorer import (
    CHART_HEIGHT,
    FONT_SIZE,
    KIND_COLOURS,
    centrality_table,
    filter_network,
    hubs,
    layout_network,
)
from apkg.errors import ApkgError

kb = resources.knowledge_base()
graph = kb.network()
catalogue = kb.catalogue()

st.title("Graph explorer")
st.caption(
    f"{graph.number_of_nodes():,} concepts, actors, cases and places; {graph.number_of_edges():,} links "
    "(two nodes are linked when a passage mentions both). A link is as thick as it is specific: its "
    "NPMI is 1 when the two are only ever mentioned together and near 0 when one is mentioned "
    "everywhere, like a hub."
)

kinds = sorted({data["kind"] for _, data in graph.nodes(data=True)})
cases = sorted(
    ((data["label"], node) for node, data in graph.nodes(data=True) if data.get("kind") == "case"),
    key=lambda pair: pair[0],
)
with st.sidebar:
    st.header("Network")
    chosen_kinds = st.multiselect(
        "Types", kinds, default=[k for k in ("tool", "actor", "case") if k in kinds]
    )
    sphere = st.selectbox("Tools of sphere", ["", *(s.label for s in catalogue.spheres)])
    case_label = st.selectbox("Around case", ["", *(label for label, _ in cases)])
    hidden_count = st.slider(
        "Hide hubs",
        0,
        20,
        3,
        help="Hide the most connected nodes (linked to the most others) from the drawing and the paths.",
    )
    min_weight = st.slider("Minimum passages per link", 1, 20, 2)
    top = st.slider("Nodes shown", 10, 150, 50, step=10)

hidden = hubs(graph, hidden_count)
if hidden:
    named = ", ".join(f"{graph.nodes[n]['label']} ({graph.degree(n):,} links)" for n in hidden)
    st.markdown(f"**Hidden hubs:** {named}")
sphere_tools = None
if sphere:
    iri = next(s.iri for s in catalogue.spheres if s.label == sphere)
    sphere_tools = kb.taxonomy().tools_by_sphere.get(iri, set())
case = dict(cases).get(case_label) if case_label else None
view = filter_network(
    graph,
    kinds=set(chosen_kinds),
    sphere_tools=sphere_tools,
    case=case,
    hidden=hidden,
    min_weight=min_weight,
    top=top,
)
drawing = layout_network(view)

swatches = "".join(
    f"<span class='kind' data-kind='{kind}' style='display:inline-flex;align-items:center;margin-right:14px'>"
    f"<span class='swatch' style='width:12px;height:12px;border-radius:50%;background:{colour};"
    f"display:inline-block;margin-right:5px'></span>{html.escape(kind.replace('_', ' '))}</span>"
    for kind, colour in KIND_COLOURS.items()
    if kind in kinds
)
st.html(f"<div id='graph-legend' style='font-size:0.9rem'>{swatches}</div>")

if not drawing.nodes:
    st.info("No node matches these filters.")
else:
    zoom = alt.selection_interval(bind="scales")
    frame = alt.Scale(domain=[0, 1], nice=False, zero=False)
    specificity = alt.Scale(domain=[0, 1], range=[0.4, 5])
    edges = (
        alt.Chart(alt.Data(values=drawing.edges))
        .mark_rule(color="#8a9a9a")
        .encode(
            x=alt.X("x:Q", axis=None, scale=frame),
            y=alt.Y("y:Q", axis=None, scale=frame),
            x2="x2:Q",
            y2="y2:Q",
            strokeWidth=alt.StrokeWidth("npmi:Q", scale=specificity, legend=None),
            opacity=alt.Opacity("npmi:Q", scale=alt.Scale(domain=[0, 1], range=[0.15, 0.8]), legend=None),
            tooltip=[
                "source:N",
                "target:N",
                alt.Tooltip("weight:Q", title="passages"),
                alt.Tooltip("npmi:Q", title="specificity (NPMI)"),
            ],
        )
    )
    nodes = (
        alt.Chart(alt.Data(values=drawing.nodes))
        .mark_circle(stroke="white", strokeWidth=1, opacity=0.95)
        .encode(
            x="x:Q",
            y="y:Q",
            size=alt.Size("size:Q", scale=None, legend=None),
            color=alt.Color("colour:N", scale=None, legend=None),
            tooltip=["label:N", "kind:N", alt.Tooltip("degree:Q", title="links shown")],
        )
    )
    labels = [
        alt.Chart(alt.Data(values=[n for n in drawing.nodes if n["text"] and n["align"] == align]))
        .mark_text(fontSize=FONT_SIZE, color="#222", align=align, baseline="middle")
        .encode(x="tx:Q", y="ty:Q", text="text:N", tooltip=["label:N", "kind:N"])
        for align in ("center", "left", "right")
    ]
    st.altair_chart(
        alt.layer(edges, nodes, *labels).add_params(zoom).properties(height=CHART_HEIGHT, padding=0),
        width="stretch",
    )
    unlabelled = sum(1 for node in drawing.nodes if not node["text"])
    crowded = f" {unlabelled} small node(s) lack room for a label: hover to name them." if unlabelled else ""
    st.caption("Drag to pan, scroll to zoom, hover for names, passage counts and specificity." + crowded)

left, right = st.columns([2, 3])
with left:
    st.subheader("Centrality")
    st.dataframe(centrality_table(view, top=20), hide_index=True, width="stretch")
with right:
    st.subheader("Path finder")
    st.caption(
        "The most specific path: links whose two ends are rarely mentioned apart cost little, a hub's "
        "links much; hidden hubs and links below the minimum passages are left out."
    )
    names = sorted({data["label"] for _, data in graph.nodes(data=True)})
    default_a = names.index("Mediation") if "Mediation" in names else 0
    default_b = names.index("Genocide") if "Genocide" in names else min(1, len(names) - 1)
    source = st.selectbox("From", names, index=default_a)
    target = st.selectbox("To", names, index=default_b)
    try:
        steps = kb.graph_path(source, target, avoid=hidden, min_passages=min_weight)
    except ApkgError as exc:
        st.warning(str(exc))
        steps = []
    if source == target:
        st.info("Pick two different nodes.")
    elif not steps:
        st.info("No path: the two are never linked through shared passages above these limits.")
    else:
        st.html(
            "<div id='graph-path'>"
            + " → ".join(html.escape(label) for label in [steps[0].source, *(s.target for s in steps)])
            + "</div>"
        )
    for number, step in enumerate(steps):
        with st.expander(
            f"{step.source} — {step.target} ({step.weight} passage(s)) · NPMI {step.npmi:.2f}",
            expanded=number == 0,
        ):
            ends = {kb.node(step.source), kb.node(step.target)}
            show_hits(kb.passage_hits(step.passages[:3], highlight=ends), key=f"step_{number}", page_size=3)
