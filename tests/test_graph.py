"""The RDF graph of a build: shapes, named graphs, provenance, SPARQL checks, views and exports."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import networkx as nx
import pyshacl
import pytest
import rdflib
from typer.testing import CliRunner

from apkg.app.cli import app
from apkg.errors import QueryError, UnknownFacet
from apkg.graph import OxigraphStore, graph_iri
from apkg.graph.explain import explain
from apkg.graph.export import export_network, export_rdf
from apkg.graph.sparql import check_query, run_sparql
from apkg.graph.views import comention_graph, concept_path, cooccurrence_graph, graph_stats, npmi
from apkg.kb import KnowledgeBase
from apkg.ontology import SHAPES_DIR, load_ontology
from apkg.ontology.lexicon import build_lexicon

runner = CliRunner()
APKG = "https://w3id.org/apkg/ontology#"


def instance_graph(store: OxigraphStore) -> rdflib.Graph:
    """Every triple of every named graph but the ontology's, as one rdflib graph."""
    import io

    import pyoxigraph

    buffer = io.BytesIO()
    triples = store.query(
        "CONSTRUCT { ?s ?p ?o } "
        "WHERE { GRAPH ?g { ?s ?p ?o } FILTER (?g != <https://w3id.org/apkg/ontology>) }"
    )
    pyoxigraph.serialize(triples, buffer, pyoxigraph.RdfFormat.N_TRIPLES)
    return rdflib.Graph().parse(data=buffer.getvalue(), format="nt")


def validate_instances(store: OxigraphStore) -> tuple[bool, str, int]:
    """SHACL-validate a built graph against the data shapes; returns (conforms, report, triples)."""
    graph = instance_graph(store)
    conforms, _, text = pyshacl.validate(
        graph, shacl_graph=rdflib.Graph().parse(SHAPES_DIR / "data-shapes.ttl"), advanced=True
    )
    return conforms, text, len(graph)


def _rows(store: OxigraphStore, query: str) -> list[dict[str, str]]:
    result = store.query(query)
    names = [v.value for v in result.variables]
    return [{n: row[n].value for n in names if row[n] is not None} for row in result]


@pytest.fixture(scope="module")
def store(mini_kb):
    return OxigraphStore.open(mini_kb)


def test_one_named_graph_per_document_plus_the_ontology(store):
    names = store.named_graphs()
    assert "https://w3id.org/apkg/ontology" in names
    assert {
        graph_iri(d)
        for d in ("briefing", "bulletin", "field-note", "monitoring-report", "practitioner-guide")
    } <= set(names)
    # the union default graph sees the ontology and the instance data in one pattern
    rows = _rows(
        store,
        "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
        f"SELECT ?label WHERE {{ ?p <{APKG}mentions> ?t . ?t skos:prefLabel ?label }}",
    )
    assert {"Targeted sanctions", "Early warning"} <= {r["label"] for r in rows}


def test_built_graph_passes_the_data_shapes(store):
    conforms, text, triples = validate_instances(store)
    assert conforms, text
    assert triples > 500


def test_provenance_chain_to_the_character(store, mini_kb):
    kb = KnowledgeBase.open(mini_kb)
    [chain, *_] = explain(store, APKG + "ArmsEmbargo")
    assert chain.passage_text[chain.start : chain.end] == chain.quote == "arms embargo"
    assert chain.title == "Briefing: tools for dissuading perpetrators"
    assert chain.extractor == "apkg.concepts" and chain.version and chain.time.startswith("20")
    [again] = explain(store, chain.mention)
    assert again == chain
    passage = next(p for p in kb.passages("briefing") if chain.passage.endswith(f"/passage/{p.index}"))
    assert passage.text == chain.passage_text


def test_case_links_from_one_sentence(store):
    rows = _rows(
        store,
        f"SELECT ?tool WHERE {{ ?tool <{APKG}usedInCase> <https://w3id.org/apkg/resource/Rwanda1994> }}",
    )
    assert rows == [] or all(r["tool"].startswith(APKG) for r in rows)


@pytest.mark.parametrize(
    ("query", "status", "message"),
    [
        ("INSERT DATA { <urn:a> <urn:b> <urn:c> }", 403, "read-only"),
        ("LOAD <http://example.org/data.ttl>", 403, "read-only"),
        ("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }", 403, "SERVICE"),
        ("SELECT * FROM <http://example.org/g> WHERE { ?s ?p ?o }", 403, "FROM"),
        ("SELECT * WHERE { ?s ?p }", 400, "malformed"),
        ("SELECT * WHERE " + "{ " * 201 + "}" * 201, 400, "nests brackets more than 200 deep"),
        ("ASK {} # " + "x" * 100_000, 413, "the limit is 100,000"),
        ("PREFIX g: <http://example.org/> SELECT * FROM NAMED g:x WHERE { ?s ?p ?o }", 403, "example.org/x"),
    ],
)
def test_refused_queries(store, query, status, message):
    with pytest.raises(QueryError, match=message) as caught:
        run_sparql(store, query)
    assert caught.value.status == status


@pytest.mark.parametrize(
    "query",
    [
        "PREFIX x: <http://example.org/> SELECT ?service WHERE { ?service x:SERVICE 'SERVICE <x> FROM <y>' }",
        "PREFIX d: <https://w3id.org/apkg/> SELECT * FROM d:doc FROM NAMED <https://w3id.org/apkg/x> {}",
        "SELECT * WHERE " + "{ " * 200 + "}" * 200,
    ],
)
def test_keywords_in_names_and_strings_and_local_graphs_pass(query):
    assert check_query(query).form == "select"


def test_cooccurrence_views(mini_kb):
    graph = cooccurrence_graph(KnowledgeBase.open(mini_kb), build_lexicon(load_ontology()))
    assert graph.number_of_nodes() > 10
    stats = graph_stats(graph, top=5)
    assert len(stats.pagerank) == 5 and stats.communities
    steps = concept_path(graph, "targeted sanctions", "arms embargo")
    assert steps and all(step.passages for step in steps)
    with pytest.raises(UnknownFacet, match="unknown concept or actor 'no such thing'"):
        concept_path(graph, "no such thing", "arms embargo")


def test_npmi_is_one_for_inseparable_nodes_zero_at_chance_and_negative_below():
    assert npmi(5, 5, 5, 100) == pytest.approx(1.0)
    assert npmi(1, 10, 10, 100) == pytest.approx(0.0)
    assert npmi(1, 50, 50, 100) < 0
    assert npmi(3, 3, 3, 3) == 1.0  # every passage mentions both


def _hub_network() -> nx.Graph:
    """A hub "UN" mentioned in 16 of 20 passages, with Mediation and Genocide among them; the two are
    also linked, in fewer passages, through a specific chain Mediation - Envoy - Tribunal - Genocide."""
    passages = {
        "d/p1": {"mediation", "un", "envoy"},
        "d/p2": {"mediation", "un", "envoy"},
        "d/p3": {"mediation", "un"},
        "d/p4": {"genocide", "un", "tribunal"},
        "d/p5": {"genocide", "un", "tribunal"},
        "d/p6": {"genocide", "un"},
        "d/p7": {"envoy", "tribunal"},
        "d/p8": {"envoy", "tribunal"},
        **{f"d/p{i}": {"un", f"state{i}"} for i in range(9, 19)},
        "d/p19": {"court"},
        "d/p20": {"court"},
    }
    names = {n for targets in passages.values() for n in targets}
    kinds = {"mediation": "tool", "genocide": "crime", "un": "actor", "court": "actor"}
    return comention_graph(passages, {n: (n.capitalize(), kinds.get(n, "actor")) for n in names})


def test_comention_graph_counts_passages_and_weights_links_by_specificity():
    graph = _hub_network()
    assert graph.graph["passages"] == 20 and graph.nodes["un"]["frequency"] == 16
    assert graph["mediation"]["un"]["weight"] == 3 and graph["mediation"]["un"]["passages"][0] == "d/p1"
    hub_link = graph["mediation"]["un"]["npmi"]
    assert min(graph["mediation"]["envoy"]["npmi"], graph["envoy"]["tribunal"]["npmi"]) > 2 * hub_link
    assert 0 < graph["mediation"]["un"]["npmi"] < 0.2  # the hub's links are barely above chance


def test_path_takes_specific_links_around_the_hub_and_never_a_hidden_node():
    graph = _hub_network()
    path = concept_path(graph, "Mediation", "Genocide")
    assert [step.source for step in path] + [path[-1].target] == [
        "Mediation",
        "Envoy",
        "Tribunal",
        "Genocide",
    ]
    assert all(step.npmi > 0.3 and step.passages for step in path)
    # fewest hops would go through the hub: Mediation - Un - Genocide
    assert nx.shortest_path_length(graph, "mediation", "genocide") == 2
    detour = concept_path(graph, "Mediation", "Genocide", avoid={"envoy"})
    assert [step.target for step in detour] == ["Un", "Genocide"]
    assert concept_path(graph, "Mediation", "Genocide", avoid={"envoy", "un"}) == []
    assert [step.target for step in concept_path(graph, "Un", "Genocide", avoid={"un"})] == ["Genocide"]
    # the specific links rest on two passages each, the hub's on three
    assert concept_path(graph, "Mediation", "Genocide", min_passages=3) == detour
    assert concept_path(graph, "Mediation", "Court") == []


@pytest.mark.parametrize(
    ("fmt", "reader"),
    [("trig", "trig"), ("nquads", "nquads"), ("turtle", "turtle"), ("ntriples", "nt"), ("jsonld", "json-ld")],
)
def test_rdf_exports_reload(store, tmp_path: Path, fmt, reader):
    out = tmp_path / f"graph.{fmt}"
    export_rdf(store, fmt, out)
    loaded = rdflib.Dataset().parse(out, format=reader)
    assert len(loaded) > 1000


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "csv"])
def test_network_exports_reload(mini_kb, tmp_path: Path, fmt):
    graph = cooccurrence_graph(KnowledgeBase.open(mini_kb), build_lexicon(load_ontology()))
    out = tmp_path / f"graph.{fmt}"
    export_network(graph, fmt, out)
    if fmt == "csv":
        with out.open(encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle))
        assert len(rows) == graph.number_of_edges()
    else:
        loaded = nx.read_graphml(out) if fmt == "graphml" else nx.read_gexf(out)
        assert loaded.number_of_edges() == graph.number_of_edges()


def test_cli_sparql_formats(mini_kb):
    query = f"SELECT ?d WHERE {{ ?d a <{APKG}Document> }}"
    result = runner.invoke(app, ["sparql", query, "--kb", str(mini_kb), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert len(json.loads(result.output)["results"]["bindings"]) == 5
    result = runner.invoke(app, ["sparql", "LOAD <http://example.org/x>", "--kb", str(mini_kb)])
    assert result.exit_code == 1 and "read-only" in result.output


def test_cli_graph_path(mini_kb):
    result = runner.invoke(app, ["graph", "path", "targeted sanctions", "arms embargo", "--kb", str(mini_kb)])
    assert result.exit_code == 0, result.output
    assert " passages)" in result.output


def test_cli_explain_and_export(mini_kb, tmp_path: Path):
    result = runner.invoke(app, ["explain", "apkg:ArmsEmbargo", "--kb", str(mini_kb)])
    assert result.exit_code == 0 and "Briefing: tools for dissuading perpetrators" in result.output
    out = tmp_path / "g.ttl"
    result = runner.invoke(app, ["export", "--format", "turtle", "--out", str(out), "--kb", str(mini_kb)])
    assert result.exit_code == 0 and out.stat().st_size > 10_000


def test_removed_document_leaves_the_graph(mini_corpus: Path, tmp_path: Path, settings):
    from apkg.build import build

    kb = tmp_path / "kb"
    build(mini_corpus, kb, settings, progress=False)
    (mini_corpus / "bulletin.html").unlink()
    build(mini_corpus, kb, settings, progress=False)
    store = OxigraphStore.open(kb)
    assert graph_iri("bulletin") not in store.named_graphs()
    assert not _rows(store, 'SELECT ?d WHERE { ?d <http://purl.org/dc/terms/identifier> "bulletin" }')


@pytest.mark.parametrize(
    ("name", "shows"),
    [("briefing/p0", "/doc/briefing/passage/0"), ("briefing", "Briefing: tools for dissuading perpetrators")],
)
def test_cli_explain_takes_passage_and_document_ids(mini_kb, name, shows):
    result = runner.invoke(app, ["explain", name, "--kb", str(mini_kb), "--limit", "1"])
    assert result.exit_code == 0, result.output
    assert "mention" in result.output and shows in result.output


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("apkg-0011/p7", "nothing in the graph rests on <https://w3id.org/apkg/id/doc/apkg-0011/passage/7>"),
        ("no such document", "not an IRI, a passage id or a document id"),
        ("apkg:NoSuchConcept", "nothing in the graph rests on"),
        ("http://exa mple.org/>", "not an IRI"),
    ],
)
def test_cli_explain_unknown_names_get_one_line(mini_kb, name, problem):
    result = runner.invoke(app, ["explain", name, "--kb", str(mini_kb)])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error:") and problem in lines[0], result.output


@pytest.mark.parametrize(
    ("query", "problem"),
    [
        ("SELECT * WHERE " + "{ " * 5000 + "}" * 5000, "nests brackets more than 200 deep"),
        ("SELECT * WHERE { " + " . ".join(f"?s{i} ?p ?o" for i in range(120)) + " } LIMIT 0", None),
        ("ASK { FILTER (" + "!" * 30_000 + "true) }", None),
        ("SELECT * WHERE { ?s ?p }", "malformed query"),
        ("DELETE WHERE { ?s ?p ?o }", "read-only"),
    ],
)
def test_cli_sparql_answers_or_prints_one_line(mini_kb, query, problem):
    result = runner.invoke(app, ["sparql", query, "--kb", str(mini_kb), "--format", "csv"])
    if problem is None:
        assert result.exit_code == 0, result.output
        return
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and problem in lines[0], result.output
