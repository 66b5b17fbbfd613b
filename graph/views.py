"""networkx views of the knowledge base: concepts and actors linked by the passages that mention both.

Edge weight is the number of passages in which the two are mentioned together; each edge keeps
the ids of those passages so that a path can be shown with the text behind every step.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from itertools import combinations, pairwise

import networkx as nx

from apkg.errors import UnknownFacet
from apkg.ontology.lexicon import Lexicon, normalise_name
from apkg.ontology.namespace import expand_iri
from apkg.stored import StoredRecords


def cooccurrence_graph(
    kb: StoredRecords, lexicon: Lexicon, *, kinds: frozenset[str] | None = None
) -> nx.Graph:
    """Nodes: the concepts, actors and places mentioned in ``kb`` (optionally only ``kinds``),
    with ``label`` and ``kind``; edges: co-mention in a passage, with ``weight`` and ``passages``."""
    names = {actor.iri: actor.name for actor in kb.new_actors()}
    by_passage: dict[str, set[str]] = defaultdict(set)
    kind_of: dict[str, str] = {}
    for mention in kb.mentions():
        if mention.kind == "date" or (kinds and mention.kind not in kinds):
            continue
        by_passage[mention.passage_id].add(mention.target)
        kind_of.setdefault(mention.target, mention.kind)
    graph: nx.Graph[str] = nx.Graph()
    for iri, kind in kind_of.items():
        labels = lexicon.labels_of.get(iri)
        graph.add_node(iri, label=labels[0] if labels else names.get(iri, iri.rsplit("/", 1)[-1]), kind=kind)
    for passage_id, targets in by_passage.items():
        for a, b in combinations(sorted(targets), 2):
            if graph.has_edge(a, b):
                graph[a][b]["weight"] += 1
                graph[a][b]["passages"].append(passage_id)
            else:
                graph.add_edge(a, b, weight=1, passages=[passage_id])
    return graph


@dataclass(frozen=True)
class GraphStats:
    """Size, centrality and communities of a co-occurrence graph."""

    nodes: int
    edges: int
    nodes_by_kind: dict[str, int]
    pagerank: list[tuple[str, float]]  # (label, score), best first
    betweenness: list[tuple[str, float]]
    communities: list[list[str]]  # labels, largest community first


def graph_stats(graph: nx.Graph, *, top: int = 10, seed: int = 7) -> GraphStats:
    """PageRank, betweenness (sampled above 500 nodes) and Louvain communities of ``graph``."""
    label = nx.get_node_attributes(graph, "label")
    pagerank = nx.pagerank(graph, weight="weight")
    sample = min(500, graph.number_of_nodes()) if graph.number_of_nodes() > 500 else None
    betweenness = nx.betweenness_centrality(graph, k=sample, seed=seed)
    communities = nx.community.louvain_communities(graph, weight="weight", seed=seed)

    def best(scores: dict[str, float]) -> list[tuple[str, float]]:
        return [(label[n], score) for n, score in sorted(scores.items(), key=lambda kv: -kv[1])[:top]]

    kinds: dict[str, int] = defaultdict(int)
    for _, data in graph.nodes(data=True):
        kinds[data["kind"]] += 1
    ranked = sorted(communities, key=len, reverse=True)
    return GraphStats(
        nodes=graph.number_of_nodes(),
        edges=graph.number_of_edges(),
        nodes_by_kind=dict(sorted(kinds.items(), key=lambda kv: -kv[1])),
        pagerank=best(pagerank),
        betweenness=best(betweenness),
        communities=[[label[n] for n in sorted(c, key=lambda n: -pagerank[n])[:top]] for c in ranked[:top]],
    )


def resolve_node(graph: nx.Graph, name: str) -> str:
    """The node for an IRI, a prefixed name (``apkg:EarlyWarning``) or a label, case-insensitively.

    Raises:
        UnknownFacet: no node has that name; the message suggests close labels.
    """
    if name in graph:
        return name
    if expand_iri(name) in graph:
        return expand_iri(name)
    wanted = normalise_name(name)
    # nodes(data=True), not nodes(data="label"): networkx's stubs type the latter's items as data dicts
    matches = [n for n, data in graph.nodes(data=True) if normalise_name(data["label"]) == wanted]
    if matches:
        return max(matches, key=graph.degree)
    close = sorted(
        data["label"]
        for _, data in graph.nodes(data=True)
        if wanted and wanted in normalise_name(data["label"])
    )
    raise UnknownFacet("concept or actor", name, close[:5])


@dataclass(frozen=True)
class PathStep:
    """One edge of a path and the passages that support it."""

    source: str
    target: str
    weight: int
    passages: list[str]


def concept_path(graph: nx.Graph, source: str, target: str) -> list[PathStep]:
    """The strongest short path between two nodes: fewest hops, then most shared passages."""
    start, end = resolve_node(graph, source), resolve_node(graph, target)
    try:
        nodes = nx.shortest_path(
            graph, start, end, weight=lambda _a, _b, data: 1.0 + 1.0 / (1 + data["weight"])
        )
    except nx.NetworkXNoPath:
        return []
    label = nx.get_node_attributes(graph, "label")
    return [
        PathStep(label[a], label[b], graph[a][b]["weight"], graph[a][b]["passages"])
        for a, b in pairwise(nodes)
    ]
