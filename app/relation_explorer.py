"""The graph explorer's relation view: agents linked to the targets of their stated relations
(``KnowledgeBase.relation_network``), cut to what can be read (one actor's links, or the links
backed by most relations) and laid out with an arrow and the tool's name on every link, coloured
by mode."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Collection, Mapping
from dataclasses import dataclass

import networkx as nx

from apkg.app.explorer import CHART_HEIGHT, CHART_WIDTH, layout_network, short_label
from apkg.precedents import MODE_LABELS

# One colour per mode, the same in every view (keyed by the mode's label, as precedents name it),
# none of them a colour of the kinds of node that relations join (actors, places).
MODE_COLOURS: dict[str, str] = {"applied": "#08519c", "urged": "#e6550d", "opposed": "#a50f15"}
_PARALLEL_GAP = 12.0  # pixels between links that join the same two nodes


@dataclass(frozen=True)
class RelationDrawing:
    """Nodes as the co-occurrence view draws them (``NetworkView.nodes``) and one record a link:
    ``link`` (its name), source, target, tool, mode, colour, weight (relations), its ends x, y, x2,
    y2, its middle mx, my (the tool's name) and the arrow's place ax, ay and angle (degrees)."""

    nodes: list[dict[str, object]]
    edges: list[dict[str, object]]


def link_name(network: nx.MultiDiGraph, source: str, target: str, key: str) -> str:
    """A link as a reader names it: "United States → Syria: Sanctions (applied)"."""
    data = network.edges[source, target, key]
    ends = f"{network.nodes[source]['label']} → {network.nodes[target]['label']}"
    return f"{ends}: {data['label']} ({MODE_LABELS[data['mode']]})"


def relation_view(
    network: nx.MultiDiGraph, *, modes: Collection[str] = (), around: str | None = None, top: int = 30
) -> nx.MultiDiGraph:
    """The links to draw: those of ``modes`` (applied, urged, opposed; every mode when empty), of
    the node ``around`` (from it and to it) when given, at most the ``top`` backed by most relations."""
    links = [
        (a, b, key, data)
        for a, b, key, data in network.edges(keys=True, data=True)
        if (not modes or MODE_LABELS[data["mode"]] in modes) and around in (None, a, b)
    ]
    links.sort(key=lambda link: (-link[3]["weight"], link_name(network, *link[:3])))
    view: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    for a, b, key, data in links[:top]:
        view.add_node(a, **network.nodes[a])
        view.add_node(b, **network.nodes[b])
        view.add_edge(a, b, key=key, **data)
    return view


def link_names(view: nx.MultiDiGraph) -> list[str]:
    """The names of the links of ``view`` (``link_name``), those backed by most relations first."""
    weighted = [
        (-data["weight"], link_name(view, a, b, key)) for a, b, key, data in view.edges(keys=True, data=True)
    ]
    return [name for _, name in sorted(weighted)]


def relations_behind(view: nx.MultiDiGraph, *, link: str | None = None, node: str | None = None) -> list[str]:
    """The ids of the relations behind the link named ``link`` or behind every link of ``node``."""
    behind = []
    for a, b, key, data in view.edges(keys=True, data=True):
        if (node is not None and node in (a, b)) or (link is not None and link == link_name(view, a, b, key)):
            behind += data["relations"]
    return behind


def layout_relations(view: nx.MultiDiGraph, kinds: Mapping[str, str]) -> RelationDrawing:
    """``view`` laid out as the co-occurrence view is (nodes coloured by their kind in ``kinds``,
    node id -> kind; an unknown node is an actor), each link drawn from agent to target, links
    between the same two nodes side by side."""
    simple: nx.Graph[str] = nx.Graph()
    for node, data in view.nodes(data=True):
        simple.add_node(node, label=data["label"], kind=kinds.get(node, "actor"))
    for a, b, data in view.edges(data=True):
        weight = simple.edges[a, b]["weight"] + data["weight"] if simple.has_edge(a, b) else data["weight"]
        simple.add_edge(a, b, weight=weight, npmi=1.0)  # every link equally short
    drawn = layout_network(simple, positions=packed_layout(simple))
    at = {str(n["id"]): (float(n["x"]), float(n["y"])) for n in drawn.nodes}  # type: ignore[arg-type]
    between: dict[frozenset[str], list[tuple[str, str, str]]] = defaultdict(list)
    for a, b, key in sorted(view.edges(keys=True)):
        between[frozenset((a, b))].append((a, b, key))
    edges = []
    for pair in between.values():
        for number, (a, b, key) in enumerate(pair):
            shift = (number - (len(pair) - 1) / 2) * _PARALLEL_GAP
            edges.append(_link(view, a, b, key, _shifted(at, a, b, shift)))
    return RelationDrawing(drawn.nodes, edges)


def packed_layout(graph: nx.Graph) -> dict[str, tuple[float, float]]:
    """Each connected component of ``graph`` laid out on its own (Kamada-Kawai), largest first, in
    rows of cells as wide as the square root of their node counts: many small components fill the
    frame instead of pushing each other to its corners."""
    components = sorted(nx.connected_components(graph), key=lambda c: (-len(c), min(c)))
    row_width = max(math.sqrt(len(components[0])), 1.3 * math.sqrt(graph.number_of_nodes()))
    positions: dict[str, tuple[float, float]] = {}
    x = y = row_height = 0.0
    for component in components:
        side = math.sqrt(len(component))
        if x and x + side > row_width:  # a new row below
            x, y, row_height = 0.0, y - row_height, 0.0
        part: nx.Graph[str] = nx.Graph()  # nodes in a fixed order: the layout starts from it
        part.add_nodes_from(sorted(component))
        part.add_edges_from(graph.edges(component))
        layout = nx.kamada_kawai_layout(part)
        xs, ys = [p[0] for p in layout.values()], [p[1] for p in layout.values()]
        for node, (px, py) in layout.items():
            fx = (px - min(xs)) / ((max(xs) - min(xs)) or 1)
            fy = (py - min(ys)) / ((max(ys) - min(ys)) or 1)
            positions[node] = (x + side * (0.1 + 0.8 * fx), y - side * (0.1 + 0.8 * fy))
        x, row_height = x + side, max(row_height, side)
    return positions


def _shifted(
    at: Mapping[str, tuple[float, float]], a: str, b: str, pixels: float
) -> tuple[float, float, float, float]:
    """The ends of the line from ``a`` to ``b`` moved ``pixels`` sideways (the same side whichever
    way the link points, so that links between two nodes do not overlap)."""
    first, second = sorted((a, b))
    dx = (at[second][0] - at[first][0]) * CHART_WIDTH
    dy = (at[second][1] - at[first][1]) * CHART_HEIGHT
    length = math.hypot(dx, dy) or 1.0
    sx, sy = -dy / length * pixels / CHART_WIDTH, dx / length * pixels / CHART_HEIGHT
    return at[a][0] + sx, at[a][1] + sy, at[b][0] + sx, at[b][1] + sy


def _link(
    view: nx.MultiDiGraph, a: str, b: str, key: str, ends: tuple[float, float, float, float]
) -> dict[str, object]:
    data = view.edges[a, b, key]
    x, y, x2, y2 = ends
    mode = MODE_LABELS[data["mode"]]
    # the arrow points along the link on screen, where y grows downwards; Vega turns shapes clockwise
    angle = math.degrees(math.atan2(-(y2 - y) * CHART_HEIGHT, (x2 - x) * CHART_WIDTH)) % 360
    return {
        "link": link_name(view, a, b, key), "source": view.nodes[a]["label"],
        "target": view.nodes[b]["label"], "tool": short_label(data["label"]), "mode": mode,
        "colour": MODE_COLOURS[mode], "weight": data["weight"],
        "x": x, "y": y, "x2": x2, "y2": y2, "mx": (x + x2) / 2, "my": (y + y2) / 2,
        "ax": x + 0.8 * (x2 - x), "ay": y + 0.8 * (y2 - y), "angle": angle,
    }  # fmt: skip
