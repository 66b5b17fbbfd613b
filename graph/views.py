"""networkx views of the knowledge base: concepts and actors linked by the passages that mention
both, and agents linked to the targets of their relations (:func:`relation_graph`).

Edge weight is the number of passages in which the two are mentioned together; each edge keeps
the ids of those passages so that a path can be shown with the text behind every step, and its
specificity (NPMI, see :func:`npmi`), so that a link to a node mentioned everywhere counts for less
than a link between two nodes that are rarely mentioned apart.
"""

from __future__ import annotations

import math
import sqlite3
from collections import defaultdict
from collections.abc import Collection, Mapping
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
    """The co-mention network (:func:`comention_graph`) of the concepts, actors and places
    mentioned in ``kb`` (optionally only ``kinds``), labelled by the lexicon."""
    names = {actor.iri: actor.name for actor in kb.new_actors()}
    by_passage: dict[str, set[str]] = defaultdict(set)
    kind_of: dict[str, str] = {}
    for mention in kb.mentions():
        if mention.kind == "date" or (kinds and mention.kind not in kinds):
            continue
        by_passage[mention.passage_id].add(mention.target)
        kind_of.setdefault(mention.target, mention.kind)
    nodes: dict[str, tuple[str, str]] = {}
    for iri, kind in kind_of.items():
        labels = lexicon.labels_of.get(iri)
        nodes[iri] = (labels[0] if labels else names.get(iri, iri.rsplit("/", 1)[-1]), kind)
    return comention_graph(by_passage, nodes)


def relation_graph(db: sqlite3.Connection, labels: Mapping[str, str]) -> nx.MultiDiGraph:
    """The stored relations that name a target, as edges from agent to target: one edge per tool and
    mode, keyed ``"tool mode"``, with ``tool`` (IRI), ``label`` (the tool's name), ``mode``, ``weight``
    (relations) and ``relations`` (their ids); nodes carry their ``label``."""
    graph: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    rows = db.execute(
        "SELECT agent, target, tool, mode, group_concat(relation_id) FROM relations "
        "WHERE target IS NOT NULL GROUP BY agent, target, tool, mode ORDER BY agent, target, tool, mode"
    )
    for agent, target, tool, mode, ids in rows:
        for node in (agent, target):
            graph.add_node(node, label=labels.get(node, node.rsplit("/", 1)[-1]))
        relations = ids.split(",")
        graph.add_edge(
            agent, target, key=f"{tool} {mode}", tool=tool, label=labels.get(tool, tool), mode=mode,
            weight=len(relations), relations=relations,
        )  # fmt: skip
    return graph


def comention_graph(by_passage: dict[str, set[str]], nodes: dict[str, tuple[str, str]]) -> nx.Graph:
    """Nodes (``nodes``: id -> label and kind) with ``label``, ``kind`` and ``frequency`` (passages
    mentioning it); edges: co-mention in a passage of ``by_passage`` (passage id -> node ids), with
    ``weight`` (passages), ``passages`` (their ids) and ``npmi``. ``graph.graph["passages"]``
    counts the passages, the universe the NPMI is taken over."""
    graph: nx.Graph[str] = nx.Graph(passages=len(by_passage))
    for node, (label, kind) in nodes.items():
        graph.add_node(node, label=label, kind=kind, frequency=0)
    for passage_id, targets in by_passage.items():
        for target in targets:
            graph.nodes[target]["frequency"] += 1
        for a, b in combinations(sorted(targets), 2):
            if graph.has_edge(a, b):
                graph[a][b]["weight"] += 1
                graph[a][b]["passages"].append(passage_id)
            else:
                graph.add_edge(a, b, weight=1, passages=[passage_id])
    frequency = nx.get_node_attributes(graph, "frequency")
    for a, b, data in graph.edges(data=True):
        data["npmi"] = npmi(data["weight"], frequency[a], frequency[b], len(by_passage))
    return graph


def npmi(together: int, a: int, b: int, total: int) -> float:
    """Normalised pointwise mutual information of two nodes over ``total`` passages, ``a`` and ``b``
    of which mention each, ``together`` both: log(p(a,b) / p(a)p(b)) / -log p(a,b), in [-1, 1].

    NPMI rather than raw PMI: PMI is unbounded and its scale depends on the corpus size, while NPMI
    is 1 when the two are only ever mentioned together, 0 when they co-occur as often as chance
    predicts (the links of a hub such as "United Nations", which is mentioned everywhere) and
    negative below chance; a fixed scale serves both as a line width and as a path cost.
    """
    if together >= total:
        return 1.0
    joint = together / total
    return math.log(joint / ((a / total) * (b / total))) / -math.log(joint)


def specificity_cost(data: dict[str, object]) -> float | None:
    """The cost of walking one edge: 1 / NPMI, so specific links (NPMI near 1) cost about one hop
    and a hub's links (NPMI near 0) many; ``None`` (no way through) when the two co-occur no more
    than chance would have them."""
    value = float(data["npmi"])  # type: ignore[arg-type]
    return 1.0 / value if value > 0 else None


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
    npmi: float


def concept_path(
    graph: nx.Graph,
    source: str,
    target: str,
    *,
    avoid: Collection[str] = (),
    min_passages: int = 1,
) -> list[PathStep]:
    """The most specific path between two nodes: the cheapest by :func:`specificity_cost`, so it
    goes through nodes closely tied to their neighbours rather than through the hub everything
    is mentioned with.

    Args:
        avoid: nodes the path may not pass through (hidden hubs); the two ends are always allowed.
        min_passages: use only links backed by at least this many passages.
    """
    start, end = resolve_node(graph, source), resolve_node(graph, target)
    allowed = nx.restricted_view(graph, set(avoid) - {start, end}, [])

    def cost(_a: str, _b: str, data: dict[str, object]) -> float | None:
        return specificity_cost(data) if int(data["weight"]) >= min_passages else None  # type: ignore[call-overload]

    try:
        nodes = nx.shortest_path(allowed, start, end, weight=cost)
    except nx.NetworkXNoPath:
        return []
    label = nx.get_node_attributes(graph, "label")
    return [
        PathStep(label[a], label[b], graph[a][b]["weight"], graph[a][b]["passages"], graph[a][b]["npmi"])
        for a, b in pairwise(nodes)
    ]
