"""Graph explorer: the co-occurrence network of concepts, actors and cases (filter by type, sphere,
case), centrality ranking, and a path finder with the passages behind each edge."""

from __future__ import annotations

import altair as alt
import streamlit as st

from apkg.app import resources
from apkg.app.blocks import show_hits
from apkg.app.explorer import centrality_table, filter_network, layout_network
from apkg.errors import ApkgError

kb = resources.knowledge_base()
graph = kb.network()
catalogue = kb.catalogue()

st.title("Graph explorer")
st.caption(
    f"{graph.number_of_nodes():,} concepts, actors, cases and places; {graph.number_of_edges():,} links "
    "(two nodes are linked when a passage mentions both; the weight is the number of such passages)."
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
    min_weight = st.slider("Minimum passages per link", 1, 20, 2)
    top = st.slider("Nodes shown", 10, 150, 50, step=10)

sphere_tools = None
if sphere:
    iri = next(s.iri for s in catalogue.spheres if s.label == sphere)
    sphere_tools = kb.taxonomy().tools_by_sphere.get(iri, set())
case = dict(cases).get(case_label) if case_label else None
view = filter_network(
    graph, kinds=set(chosen_kinds), sphere_tools=sphere_tools, case=case, min_weight=min_weight, top=top
)
drawing = layout_network(view)

if not drawing.nodes:
    st.info("No node matches these filters.")
else:
    zoom = alt.selection_interval(bind="scales")
    edges = (
        alt.Chart(alt.Data(values=drawing.edges))
        .mark_rule(color="#9aa", opacity=0.5)
        .encode(
            x=alt.X("x:Q", axis=None),
            y=alt.Y("y:Q", axis=None),
            x2="x2:Q",
            y2="y2:Q",
            strokeWidth=alt.StrokeWidth("weight:Q", scale=alt.Scale(range=[0.5, 5]), legend=None),
            tooltip=["source:N", "target:N", alt.Tooltip("weight:Q", title="passages")],
        )
    )
    nodes = (
        alt.Chart(alt.Data(values=drawing.nodes))
        .mark_circle(stroke="white", strokeWidth=1, opacity=0.9)
        .encode(
            x="x:Q",
            y="y:Q",
            size=alt.Size("pagerank:Q", scale=alt.Scale(range=[60, 900]), legend=None),
            color=alt.Color("kind:N", title="type", scale=alt.Scale(scheme="category10")),
            tooltip=["label:N", "kind:N", "degree:Q"],
        )
    )
    labels = nodes.mark_text(dy=-11, fontSize=10).encode(
        text="label:N", size=alt.value(10), color=alt.value("#333")
    )
    st.altair_chart((edges + nodes + labels).add_params(zoom).properties(height=560), width="stretch")
    st.caption("Drag to pan, scroll to zoom, hover for names and passage counts.")

left, right = st.columns([2, 3])
with left:
    st.subheader("Centrality")
    st.dataframe(centrality_table(view, top=20), hide_index=True, width="stretch")
with right:
    st.subheader("Path finder")
    names = sorted({data["label"] for _, data in graph.nodes(data=True)})
    default_a = names.index("Mediation") if "Mediation" in names else 0
    default_b = names.index("Genocide") if "Genocide" in names else min(1, len(names) - 1)
    source = st.selectbox("From", names, index=default_a)
    target = st.selectbox("To", names, index=default_b)
    try:
        steps = kb.graph_path(source, target)
    except ApkgError as exc:
        st.warning(str(exc))
        steps = []
    if source == target:
        st.info("Pick two different nodes.")
    elif not steps:
        st.info("No path: the two are never linked through shared passages.")
    for number, step in enumerate(steps):
        with st.expander(
            f"{step.source} — {step.target} ({step.weight} passage(s))", expanded=len(steps) == 1
        ):
            ends = {kb.node(step.source), kb.node(step.target)}
            show_hits(kb.passage_hits(step.passages[:3], highlight=ends), key=f"step_{number}", page_size=3)
