"""The graph explorer's data: a filtered view of the co-occurrence network, its layout and ranking."""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx


@dataclass(frozen=True)
class NetworkView:
    """Nodes and edges ready to draw: positions, sizes and labels."""

    nodes: list[dict[str, object]]  # id, label, kind, x, y, degree, pagerank
    edges: list[dict[str, object]]  # source, target, x, y, x2, y2, weight


def filter_network(
    graph: nx.Graph,
    *,
    kinds: set[str] | None = None,
    sphere_tools: set[str] | None = None,
    case: str | None = None,
    min_weight: int = 1,
    top: int = 60,
) -> nx.Graph:
    """A subgraph of ``graph`` to explore.

    Args:
        kinds: keep only nodes of these mention kinds (tool, actor, case, ...).
        sphere_tools: keep only these tools (the tools of one sphere); other kinds stay.
        case: keep only the case node and its neighbours.
        min_weight: drop edges backed by fewer passages.
        top: keep the ``top`` nodes with the largest weighted degree.
    """
    keep = set(graph)
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
    return nx.Graph(view.subgraph(best))


def layout_network(view: nx.Graph, *, seed: int = 7) -> NetworkView:
    """Spring layout (seeded, so the picture is stable) and PageRank for node size."""
    if view.number_of_nodes() == 0:
        return NetworkView([], [])
    positions = nx.spring_layout(
        view, weight="weight", seed=seed, k=1.5 / max(1, view.number_of_nodes()) ** 0.5
    )
    rank = nx.pagerank(view, weight="weight") if view.number_of_edges() else dict.fromkeys(view, 1.0)
    nodes = [
        {
            "id": n,
            "label": data.get("label", n),
            "kind": data.get("kind", ""),
            "x": float(positions[n][0]),
            "y": float(positions[n][1]),
            "degree": view.degree(n),
            "pagerank": rank[n],
        }
        for n, data in view.nodes(data=True)
    ]
    edges = [
        {
            "source": view.nodes[a].get("label", a),
            "target": view.nodes[b].get("label", b),
            "x": float(positions[a][0]),
            "y": float(positions[a][1]),
            "x2": float(positions[b][0]),
            "y2": float(positions[b][1]),
            "weight": data["weight"],
        }
        for a, b, data in view.edges(data=True)
    ]
    return NetworkView(nodes, edges)


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
