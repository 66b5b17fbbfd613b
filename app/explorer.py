"""The graph explorer's data: a filtered view of the co-occurrence network, its layout with labels
that fit, its colours and ranking."""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping
from dataclasses import dataclass

import networkx as nx

# One colour per node kind, the same in every view (a kind absent from a view keeps its colour).
KIND_COLOURS: dict[str, str] = {
    "tool": "#1f77b4",
    "sphere": "#17becf",
    "pillar": "#9edae5",
    "crime": "#d62728",
    "act": "#ff9896",
    "risk_factor": "#ff7f0e",
    "indicator": "#ffbb78",
    "stage": "#e377c2",
    "concept": "#8c564b",
    "case": "#9467bd",
    "actor": "#2ca02c",
    "place": "#98df8a",
}
OTHER_COLOUR = "#7f7f7f"

# The drawing's frame: positions and labels are placed for a chart at least this many pixels wide
# and exactly this high, in data coordinates from 0 to 1 on both axes.
CHART_WIDTH = 600
CHART_HEIGHT = 620
FONT_SIZE = 11
MAX_LABEL = 28  # characters; longer labels are shortened on the drawing (whole in the tooltip)
_NODE_AREA = (40.0, 520.0)  # square pixels, smallest and largest PageRank
_MARGIN = 14.0  # pixels kept free at each edge of the frame


@dataclass(frozen=True)
class NetworkView:
    """Nodes and edges ready to draw: positions, sizes, colours and label positions."""

    # id, label, kind, colour, x, y, size, degree, pagerank; text, align, tx, ty: the label and its anchor
    nodes: list[dict[str, object]]
    edges: list[dict[str, object]]  # source, target, x, y, x2, y2, weight, npmi


def kind_colour(kind: str) -> str:
    """The fixed colour of a node kind."""
    return KIND_COLOURS.get(kind, OTHER_COLOUR)


def hubs(graph: nx.Graph, count: int) -> list[str]:
    """The ``count`` most connected nodes of ``graph``: most distinct neighbours first."""
    return sorted(graph, key=lambda n: (-graph.degree(n), n))[: max(0, count)]


def filter_network(
    graph: nx.Graph,
    *,
    kinds: set[str] | None = None,
    sphere_tools: set[str] | None = None,
    case: str | None = None,
    hidden: Collection[str] = (),
    min_weight: int = 1,
    top: int = 60,
) -> nx.Graph:
    """A subgraph of ``graph`` to explore.

    Args:
        kinds: keep only nodes of these mention kinds (tool, actor, case, ...).
        sphere_tools: keep only these tools (the tools of one sphere); other kinds stay.
        case: keep only the case node and its neighbours.
        hidden: drop these nodes (hubs), unless one is ``case``.
        min_weight: drop edges backed by fewer passages.
        top: keep the ``top`` nodes with the largest weighted degree.
    """
    keep = set(graph) - (set(hidden) - {case})
    if case is not None:
        keep &= {case, *graph.neighbors(case)} if case in graph else set()
    if kinds:
        keep = {n for n in keep if graph.nodes[n].get("kind") in kinds or n == case}
    if sphere_tools is not None:
        keep = {n for n in keep if graph.nodes[n].get("kind") != "tool" or n in sphere_tools}
    view: nx.Graph[str] = nx.Graph(graph.subgraph(keep))
    view.remove_edges_from([(a, b) for a, b, data in view.edges(data=True) if data["weight"] < min_weight])
    view.remove_nodes_from([n for n in list(view) if view.degree(n) == 0 and n != case])
    strength = dict(view.degree(weight="weight"))
    best = sorted(strength, key=lambda n: (-strength[n], n))[:top]
    if case is not None and case in view and case not in best:
        best.append(case)
    return _subgraph_in_order(view, best)


def _subgraph_in_order(graph: nx.Graph, nodes: Collection[str]) -> nx.Graph:
    """The subgraph of ``graph`` on ``nodes``, nodes sorted: the layout starts from the node order,
    which must not depend on how Python happens to order a set."""
    keep = set(nodes)
    ordered: nx.Graph[str] = nx.Graph()
    ordered.add_nodes_from((n, graph.nodes[n]) for n in sorted(keep))
    ordered.add_edges_from((a, b, data) for a, b, data in graph.edges(sorted(keep), data=True) if b in keep)
    return ordered


def layout_network(
    view: nx.Graph, *, positions: Mapping[str, tuple[float, float]] | None = None
) -> NetworkView:
    """Kamada-Kawai layout of ``view`` (deterministic) in which specific links (high NPMI) are
    short, or the ``positions`` given; node sizes by PageRank, and a label for every node whose
    label fits without overlapping another label or node and without crossing the frame."""
    if view.number_of_nodes() == 0:
        return NetworkView([], [])
    layout = positions or nx.kamada_kawai_layout(view, dist=_link_distances(view))
    positions = _fit_to_frame({n: (float(x), float(y)) for n, (x, y) in layout.items()})
    rank = nx.pagerank(view, weight="weight") if view.number_of_edges() else dict.fromkeys(view, 1.0)
    low, high = min(rank.values()), max(rank.values())
    smallest, largest = _NODE_AREA
    spread = high - low
    size = {n: smallest + (largest - smallest) * ((rank[n] - low) / spread if spread else 0.5) for n in view}
    labels = _place_labels(view, positions, size)
    nodes = [
        {
            "id": n,
            "label": data.get("label", n),
            "kind": data.get("kind", ""),
            "colour": kind_colour(str(data.get("kind", ""))),
            "x": positions[n][0],
            "y": positions[n][1],
            "size": size[n],
            "degree": view.degree(n),
            "pagerank": rank[n],
            **labels.get(n, {"text": "", "align": "center", "tx": positions[n][0], "ty": positions[n][1]}),
        }
        for n, data in view.nodes(data=True)
    ]
    edges = [
        {
            "source": view.nodes[a].get("label", a),
            "target": view.nodes[b].get("label", b),
            "x": positions[a][0],
            "y": positions[a][1],
            "x2": positions[b][0],
            "y2": positions[b][1],
            "weight": data["weight"],
            "npmi": round(float(data.get("npmi", 0.0)), 3),
        }
        for a, b, data in view.edges(data=True)
    ]
    return NetworkView(nodes, edges)


def _link_distances(view: nx.Graph) -> dict[str, dict[str, float]]:
    """Layout distances: a link's length is 1 / NPMI (capped), other pairs the shortest such path;
    pairs in different components get a little more than the longest path."""
    longest_link = 20.0

    def length(_a: str, _b: str, data: dict[str, object]) -> float:
        value = float(data.get("npmi", 0.0))  # type: ignore[arg-type]
        return min(longest_link, 1.0 / value) if value > 0 else longest_link

    found = dict(nx.all_pairs_dijkstra_path_length(view, weight=length))
    apart = 1.2 * max((d for row in found.values() for d in row.values()), default=1.0) + 1.0
    return {a: {b: found[a].get(b, apart) for b in view} for a in view}


def _fit_to_frame(positions: dict[str, tuple[float, float]]) -> dict[str, tuple[float, float]]:
    """Positions scaled into the frame, a margin of ``_MARGIN`` pixels clear at every edge."""
    xs = [x for x, _ in positions.values()]
    ys = [y for _, y in positions.values()]
    mx, my = _MARGIN / CHART_WIDTH, _MARGIN / CHART_HEIGHT

    def scale(value: float, low: float, high: float, margin: float) -> float:
        return 0.5 if high == low else margin + (1 - 2 * margin) * (value - low) / (high - low)

    return {
        n: (scale(x, min(xs), max(xs), mx), scale(y, min(ys), max(ys), my)) for n, (x, y) in positions.items()
    }


def short_label(label: str) -> str:
    """``label`` cut to ``MAX_LABEL`` characters with an ellipsis."""
    return label if len(label) <= MAX_LABEL else label[: MAX_LABEL - 1].rstrip() + "…"


_Box = tuple[float, float, float, float]  # left, bottom, right, top, in pixels


def _place_labels(
    view: nx.Graph, positions: dict[str, tuple[float, float]], size: dict[str, float]
) -> dict[str, dict[str, object]]:
    """Greedy label placement, biggest node first: above, below, beside or diagonally off the node,
    the first spot inside the frame that overlaps no placed label and no other node; a label
    without such a spot is left off (the tooltip still names the node)."""
    pixel = {n: (x * CHART_WIDTH, y * CHART_HEIGHT) for n, (x, y) in positions.items()}
    radius = {n: math.sqrt(size[n] / math.pi) for n in view}
    circles = {n: (x - radius[n], y - radius[n], x + radius[n], y + radius[n]) for n, (x, y) in pixel.items()}
    placed: list[_Box] = []
    labels: dict[str, dict[str, object]] = {}
    for n in sorted(view, key=lambda n: (-size[n], n)):
        text = short_label(str(view.nodes[n].get("label", n)))
        width, height = 0.6 * FONT_SIZE * len(text) + 4, FONT_SIZE + 3
        x, y = pixel[n]
        gap = radius[n] + 2
        near = 0.7 * gap  # diagonal offset
        for align, left, bottom in (
            ("center", x - width / 2, y + gap),
            ("center", x - width / 2, y - gap - height),
            ("left", x + gap, y - height / 2),
            ("right", x - gap - width, y - height / 2),
            ("left", x + near, y + near),
            ("right", x - near - width, y + near),
            ("left", x + near, y - near - height),
            ("right", x - near - width, y - near - height),
        ):
            box = (left, bottom, left + width, bottom + height)
            inside = left >= 0 and bottom >= 0 and box[2] <= CHART_WIDTH and box[3] <= CHART_HEIGHT
            if inside and not any(
                _overlap(box, other) for other in [*placed, *(c for m, c in circles.items() if m != n)]
            ):
                placed.append(box)
                # the text is anchored at the end next to its node (or its middle), so that a chart
                # wider than CHART_WIDTH moves the label with the node
                anchor = {"center": left + width / 2, "left": left, "right": left + width}[align]
                labels[n] = {
                    "text": text,
                    "align": align,
                    "tx": anchor / CHART_WIDTH,
                    "ty": (bottom + height / 2) / CHART_HEIGHT,
                }
                break
    return labels


def _overlap(a: _Box, b: _Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def centrality_table(view: nx.Graph, *, top: int = 20) -> list[dict[str, object]]:
    """Nodes of ``view`` ranked by PageRank, with betweenness and weighted degree."""
    if view.number_of_nodes() == 0:
        return []
    rank = nx.pagerank(view, weight="weight") if view.number_of_edges() else dict.fromkeys(view, 0.0)
    between = nx.betweenness_centrality(view)
    strength = dict(view.degree(weight="weight"))
    ordered = sorted(view, key=lambda n: (-rank[n], n))[:top]
    return [
        {
            "node": view.nodes[n].get("label", n),
            "kind": view.nodes[n].get("kind", ""),
            "pagerank": round(rank[n], 4),
            "betweenness": round(between[n], 4),
            "passages": strength[n],
        }
        for n in ordered
    ]
