"""``apkg export``: the graph in standard formats, for other tools to load.

RDF: ``trig`` and ``nquads`` keep the named graph of every document; ``turtle``, ``ntriples`` and
``jsonld`` hold the union of all graphs. Network: ``graphml``, ``gexf`` and ``csv`` (an edge list)
hold the concept and actor co-occurrence view, or the relation view (agents to targets, an edge per
tool and mode).
"""

from __future__ import annotations

import csv
from pathlib import Path

import networkx as nx
import pyoxigraph

from apkg.graph.store import GraphStore, as_triples

DATASET_FORMATS = {"trig": pyoxigraph.RdfFormat.TRIG, "nquads": pyoxigraph.RdfFormat.N_QUADS}
GRAPH_FORMATS = {
    "turtle": pyoxigraph.RdfFormat.TURTLE,
    "ntriples": pyoxigraph.RdfFormat.N_TRIPLES,
    "jsonld": pyoxigraph.RdfFormat.JSON_LD,
}
NETWORK_FORMATS = ("graphml", "gexf", "csv")
FORMATS = (*DATASET_FORMATS, *GRAPH_FORMATS, *NETWORK_FORMATS)
SUFFIXES = {"trig": ".trig", "nquads": ".nq", "turtle": ".ttl", "ntriples": ".nt", "jsonld": ".jsonld",
            "graphml": ".graphml", "gexf": ".gexf", "csv": ".csv"}  # fmt: skip


def export_rdf(store: GraphStore, fmt: str, out: Path) -> None:
    """Write the store as ``fmt`` (a key of ``DATASET_FORMATS`` or ``GRAPH_FORMATS``) to ``out``."""
    with out.open("wb") as handle:
        if fmt in DATASET_FORMATS:
            pyoxigraph.serialize(store.quads(), handle, DATASET_FORMATS[fmt])
            return
        graph = as_triples(store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"))
        pyoxigraph.serialize(graph, handle, GRAPH_FORMATS[fmt])


def export_network(graph: nx.Graph, fmt: str, out: Path) -> None:
    """Write a network view (the co-occurrence graph, or the relation graph of agents and targets)
    as GraphML, GEXF or a CSV edge list to ``out``; list attributes (the passages or relations
    behind an edge) become space-separated ids, and the CSV lists the strongest edges first."""
    plain: nx.Graph = nx.MultiDiGraph() if graph.is_multigraph() else nx.Graph()
    plain.add_nodes_from(graph.nodes(data=True))
    for a, b, data in graph.edges(data=True):
        plain.add_edge(a, b, **{k: " ".join(v) if isinstance(v, list) else v for k, v in data.items()})
    if fmt == "graphml":
        nx.write_graphml(plain, out)
    elif fmt == "gexf":
        nx.write_gexf(plain, out)
    else:
        label = nx.get_node_attributes(graph, "label")
        edges = sorted(plain.edges(data=True), key=lambda e: -e[2]["weight"])
        fields = list(dict.fromkeys(name for *_, data in edges for name in data))
        with out.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["source", "target", "source_label", "target_label", *fields])
            for a, b, data in edges:
                writer.writerow([a, b, label[a], label[b], *(data.get(name, "") for name in fields)])
