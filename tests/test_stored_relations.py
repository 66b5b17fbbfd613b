"""A build stores the relations its passages state (agent, tool, target, mode, year) with the
sentence as evidence, writes them into the graph as n-ary nodes that the data shapes accept and
the competency queries read, serves them through ``KnowledgeBase.relations`` and ``apkg
relations``, and derives them again when only the relations' version changed."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import networkx as nx
import pytest
from typer.testing import CliRunner

from apkg.app.cli import app
from apkg.build import build
from apkg.errors import UnknownFacet
from apkg.graph.store import OxigraphStore
from apkg.graph.sync import GRAPH_VERSION
from apkg.ingest.stored_relations import RELATIONS_VERSION
from apkg.kb import KnowledgeBase
from apkg.layout import read_manifest, write_manifest
from apkg.ontology import APKGR, QUERIES_DIR

from .helpers import write_text_corpus

TARGETED_SANCTIONS = "https://w3id.org/apkg/ontology#TargetedSanctions"
# Documents written for this test: (file, institution, date, doc_type, text)
DOCUMENTS = [
    ("norland-2012.txt", "Germany", "2012", "speech",
     "Mr. President, my delegation speaks of peace.\n\nWe call for targeted sanctions against Syria.\n\n"
     "We thank you."),
    ("council-report.txt", "United Nations", "2018-05", "report",
     "The European Union imposed targeted sanctions on Myanmar after the violence of 2017.\n\n"
     "The table below lists the measures.\n\nCountry | Measure | Year\nMyanmar | sanctions | 2018"),
    ("quiet.txt", "United Nations", "2015", "report", "The weather was mild and the harvest was good."),
]  # fmt: skip


@pytest.fixture(scope="module")
def relations_kb(tmp_path_factory, settings) -> Path:
    root = tmp_path_factory.mktemp("relations")
    build(write_text_corpus(root / "corpus", DOCUMENTS), root / "kb", settings, progress=False)
    return root / "kb"


def _stored(kb: Path) -> set[tuple[str, str, str | None, str, int | None, str]]:
    knowledge_base = KnowledgeBase.open(kb)
    return {
        (
            r.agent,
            r.tool,
            r.target,
            r.mode,
            r.year,
            knowledge_base.document_text(r.doc_id)[r.char_start : r.char_end],
        )
        for r in knowledge_base.records.relations()
    }


def test_a_build_stores_each_stated_relation_with_its_sentence(relations_kb):
    assert _stored(relations_kb) == {
        (str(APKGR.Germany), TARGETED_SANCTIONS, str(APKGR.Syria), "urged", 2012,
         "We call for targeted sanctions against Syria."),
        (str(APKGR.EuropeanUnion), TARGETED_SANCTIONS, str(APKGR.Myanmar), "did", 2018,
         "The European Union imposed targeted sanctions on Myanmar after the violence of 2017."),
    }  # fmt: skip


def test_relations_are_filtered_by_tool_with_the_tools_below_it(relations_kb):
    kb = KnowledgeBase.open(relations_kb)
    urged = kb.relations(tool="sanctions", mode="urged")
    assert [p.summary() for p in urged] == ["Germany urged Targeted sanctions towards Syria (2012)"]
    assert urged[0].hit.doc_id and "Syria" in urged[0].hit.text
    assert kb.relations(tool="sanctions", narrower=False) == []
    assert [p.agent for p in kb.relations(target="Myanmar")] == ["European Union"]
    assert [p.year for p in kb.relations(tool="targeted sanctions")] == [2018, 2012]  # latest first
    assert kb.relations(start=2013, end=2017) == []
    with pytest.raises(UnknownFacet, match="mode"):
        kb.relations(mode="praised")


def test_the_graph_holds_relations_as_nodes_the_queries_read(relations_kb):
    table = (
        KnowledgeBase.open(relations_kb)
        .sparql((QUERIES_DIR / "relations-sanctions-targets.rq").read_text(encoding="utf-8"))
        .table()
    )
    rows = [dict(zip(table.columns, row, strict=True)) for row in table.rows]
    assert [(r["agentLabel"], r["mode"], r["targetLabel"], r["year"]) for r in rows] == [
        ("European Union", "applied", "Myanmar", "2018"),
        ("Germany", "urged", "Syria", "2012"),
    ]
    assert rows[1]["sentence"] == "We call for targeted sanctions against Syria."


def test_a_relation_network_links_agents_to_targets_by_tool(relations_kb):
    network = KnowledgeBase.open(relations_kb).relation_network()
    edges = {(network.nodes[a]["label"], network.nodes[b]["label"], d["label"], d["mode"])
             for a, b, d in network.edges(data=True)}  # fmt: skip
    assert edges == {("Germany", "Syria", "Targeted sanctions", "urged"),
                     ("European Union", "Myanmar", "Targeted sanctions", "did")}  # fmt: skip


def test_the_relation_network_exports_as_graphml_and_csv(relations_kb, tmp_path):
    kb = KnowledgeBase.open(relations_kb)
    loaded = nx.read_graphml(kb.export("graphml", tmp_path / "relations.graphml", network="relations"))
    assert loaded.number_of_edges() == 2 and loaded.is_directed()
    with kb.export("csv", tmp_path / "relations.csv", network="relations").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert {(r["source_label"], r["target_label"], r["label"], r["mode"]) for r in rows} == {
        ("Germany", "Syria", "Targeted sanctions", "urged"),
        ("European Union", "Myanmar", "Targeted sanctions", "did"),
    }


def test_apkg_relations_writes_csv_with_sentence_and_citation(relations_kb):
    result = CliRunner().invoke(
        app, ["relations", "--kb", str(relations_kb), "--agent", "Germany", "--format", "csv"]
    )
    assert result.exit_code == 0, result.output
    [row] = list(csv.DictReader(io.StringIO(result.stdout)))
    assert (row["agent"], row["mode"], row["target"]) == ("Germany", "urged", "Syria")
    assert (
        row["sentence"] == "We call for targeted sanctions against Syria."
        and "norland-2012" in row["citation"]
    )
    bad = CliRunner().invoke(app, ["relations", "--kb", str(relations_kb), "--tool", "no such tool"])
    assert bad.exit_code != 0 and "unknown tool" in bad.output


def test_a_new_relations_version_derives_them_again_without_reading(relations_kb, settings):
    manifest = read_manifest(relations_kb)
    write_manifest(relations_kb, {**manifest, "derived": {**manifest["derived"], "relations": "0"}})
    summary = build(relations_kb.parent / "corpus", relations_kb, settings, progress=False)
    assert summary.processed == 0  # nothing read or extracted again
    assert read_manifest(relations_kb)["derived"]["relations"] == RELATIONS_VERSION
    assert len(_stored(relations_kb)) == 2


def test_a_new_graph_version_writes_the_graph_again_without_reading(relations_kb, settings):
    manifest = read_manifest(relations_kb)
    store = OxigraphStore.open(relations_kb, read_only=False)
    for name in store.named_graphs():  # as an older graph version would have left it: other quads
        store.drop_graph(name)
    del store
    write_manifest(relations_kb, {**manifest, "derived": {**manifest["derived"], "graph": "0"}})
    summary = build(relations_kb.parent / "corpus", relations_kb, settings, progress=False)
    assert summary.processed == 0  # nothing read or extracted again
    assert read_manifest(relations_kb)["derived"]["graph"] == GRAPH_VERSION
    assert summary.triples == manifest["counts"]["quads"]  # the whole graph, written anew
