"""Graph explorer: the co-occurrence network of concepts, actors and cases (filter by type, sphere,
case; hubs hidden), drawn with links as thick as they are specific (NPMI) and one fixed colour per
kind, centrality ranking, and a path finder that prefers specific links, with the passages behind
each step; or the stated relations, agent to target, each link named by its tool and coloured by
its mode, with the relations behind a link or an actor."""

from __future__ import annotations

import html

import altair as alt
import streamlit as st

from apkg.app import resources
from apkg.app.blocks import show_hits, show_precedents
from apkg.app.explorer import (
    CHART_HEIGHT,
    FONT_SIZE,
    KIND_COLOURS,
    centrality_table,
    filter_network,
    hubs,
    layout_network,
)
from apkg.app.relation_explorer import (
    MODE_COLOURS,
    layout_relations,
    link_names,
    relation_view,
    relations_behind,
)
from apkg.errors import ApkgError
from apkg.kb import KnowledgeBase

COOCCURRENCE, RELATIONS = "passages naming both", "stated relations"


def legend(colours: dict[str, str], *, key: str) -> None:
    """Swatches of ``colours`` (name -> colour) in an element with the id ``key``."""
    swatches = "".join(
        f"<span class='kind' data-kind='{name}' style='display:inline-flex;align-items:center;"
        "margin-right:14px'><span class='swatch' style='width:12px;height:12px;border-radius:50%;"
        f"background:{colour};display:inline-block;margin-right:5px'></span>"
        f"{html.escape(name.replace('_', ' '))}</span>"
        for name, colour in colours.items()
    )
    st.html(f"<div id='{key}' style='font-size:0.9rem'>{swatches}</div>")


def node_labels(nodes: list[dict[str, object]]) -> list[alt.Chart]:
    """The labels placed for ``nodes`` (those with a text), a layer for each alignment."""
    return [
        alt.Chart(alt.Data(values=[n for n in nodes if n["text"] and n["align"] == align]))
        .mark_text(fontSize=FONT_SIZE, color="#222", align=align, baseline="middle")
        .encode(x="tx:Q", y="ty:Q", text="text:N", tooltip=["label:N", "kind:N"])
        for align in ("center", "left", "right")
    ]


def relations_section(kb: KnowledgeBase) -> None:
    """The relations network, agent -> target, around one actor or its links backed by most
    relations; a click on a link's tool or on a node (or the picker below) lists the relations
    behind it."""
    network = kb.relation_network()
    st.caption(
        f"{network.number_of_nodes():,} agents and targets, {network.number_of_edges():,} links: a link "
        "goes from an agent to the actor or place that a sentence says it applied, urged or opposed a "
        "tool towards; it is named by the tool and coloured by the mode."
    )
    names = dict(sorted((data["label"], node) for node, data in network.nodes(data=True)))
    controls = st.columns([2, 2, 1])
    around = controls[0].selectbox("Around actor", ["", *names], key="rel_around")
    modes = controls[1].multiselect("Modes", list(MODE_COLOURS), default=list(MODE_COLOURS), key="rel_modes")
    top = controls[2].number_input("Links shown", 5, 100, 30, step=5, key="rel_top")
    view = relation_view(network, modes=modes, around=names.get(around), top=int(top))
    if not view.number_of_edges():
        st.info("No relation with a target matches these filters.")
        return
    drawing = layout_relations(view, {node: data["kind"] for node, data in kb.network().nodes(data=True)})
    legend(MODE_COLOURS, key="relation-legend")
    frame = alt.Scale(domain=[0, 1], nice=False, zero=False)
    link, node = (
        alt.selection_point(fields=["link"], name="link"),
        alt.selection_point(fields=["label"], name="node"),
    )
    edges = alt.Chart(alt.Data(values=drawing.edges)).encode(
        color=alt.Color("colour:N", scale=None, legend=None),
        tooltip=["source:N", "target:N", "tool:N", "mode:N", alt.Tooltip("weight:Q", title="relations")],
    )
    lines = edges.mark_rule(strokeWidth=2, opacity=0.7).encode(
        x=alt.X("x:Q", axis=None, scale=frame), y=alt.Y("y:Q", axis=None, scale=frame), x2="x2:Q", y2="y2:Q"
    )
    arrows = edges.mark_point(shape="triangle-right", filled=True, size=90, opacity=0.9).encode(
        x="ax:Q", y="ay:Q", angle=alt.Angle("angle:Q", scale=None)
    )
    tools = edges.mark_text(fontSize=FONT_SIZE - 1, dy=-7).encode(x="mx:Q", y="my:Q", text="tool:N")
    nodes = (
        alt.Chart(alt.Data(values=drawing.nodes))
        .mark_circle(stroke="white", strokeWidth=1, opacity=0.95)
        .encode(
            x="x:Q", y="y:Q", size=alt.Size("size:Q", scale=None, legend=None),
            color=alt.Color("colour:N", scale=None, legend=None), tooltip=["label:N", "kind:N"],
        )
    )  # fmt: skip
    layers = [lines, arrows, tools.add_params(link), nodes.add_params(node), *node_labels(drawing.nodes)]
    event = st.altair_chart(
        alt.layer(*layers).properties(height=CHART_HEIGHT, padding=0),
        on_select="rerun", selection_mode=["link", "node"], key="relation_map", width="stretch",
    )  # fmt: skip
    shown = {label: n for label, n in names.items() if n in view}
    choices = [*link_names(view), *shown]
    # a click anywhere sets both selections: the link or node clicked has a value, the other none
    selection = event.get("selection", {}) if event else {}
    values = [c.get("link") for c in selection.get("link", [])] + [
        c.get("label") for c in selection.get("node", [])
    ]
    clicked = next((value for value in values if value in choices), None)
    if clicked and clicked != st.session_state.get("rel_clicked"):
        st.session_state["rel_clicked"] = st.session_state["rel_pick"] = clicked  # a click picks below
    if st.session_state.get("rel_pick") not in choices:
        st.session_state.pop("rel_pick", None)
    picked = st.selectbox("Relations of a link or an actor", choices, key="rel_pick")
    behind = relations_behind(view, link=picked, node=shown.get(picked))
    st.subheader(f"{picked}: {len(behind)} relation(s)")
    show_precedents(kb.precedents(behind), key=f"relations:{picked}")


kb = resources.knowledge_base()
catalogue = kb.catalogue()

st.title("Graph explorer")
links = st.segmented_control("Links", [COOCCURRENCE, RELATIONS], default=COOCCURRENCE, key="links")
if links == RELATIONS:
    relations_section(kb)
    st.stop()
graph = kb.network()
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

legend({kind: colour for kind, colour in KIND_COLOURS.items() if kind in kinds}, key="graph-legend")

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
    st.altair_chart(
        alt.layer(edges, nodes, *node_labels(drawing.nodes))
        .add_params(zoom)
        .properties(height=CHART_HEIGHT, padding=0),
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
