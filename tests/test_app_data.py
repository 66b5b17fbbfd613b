"""The app's data-shaping functions: ontology catalogue, exports, tool cards, evidence counts,
network views (co-occurrence and relations), shared URLs and SPARQL results (no browser)."""

from __future__ import annotations

import csv
import io
import json
import math

import networkx as nx
import pytest
from rdflib import RDF

from apkg.app.citations import (
    EXPORTS,
    citation_key,
    hits_to_bibtex,
    hits_to_csl_json,
    hits_to_csv,
    hits_to_ris,
)
from apkg.app.explorer import (
    CHART_HEIGHT,
    CHART_WIDTH,
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
    link_name,
    link_names,
    relation_view,
    relations_behind,
)
from apkg.app.share import SearchRequest, request_from_params, request_to_params
from apkg.app.toolcard import tool_card_html, tool_card_markdown, tool_card_pdf
from apkg.ontology import APKG, load_ontology
from apkg.ontology.catalogue import load_catalogue, tool_rows
from apkg.precedents import Precedent
from apkg.records import Relation
from apkg.search import Facets, Hit


@pytest.fixture(scope="module")
def catalogue(ontology_graph):
    return load_catalogue(ontology_graph)


def make_hit(**changes) -> Hit:
    values = dict(
        passage_id="un-2009/p12", doc_id="un-2009", text='Early warning & "targeted" sanctions {work}.',
        score=0.5, title="Implementing the responsibility to protect", institution="United Nations",
        date="2009-01-12", page=7, source="https://www.un.org/r2p.pdf ; github:x/y:z", doc_type="report",
        highlights=[(0, 13), (17, 25)],
    )  # fmt: skip
    values.update(changes)
    return Hit(**values)


# ---- catalogue ---------------------------------------------------------------------------------


def ontology_tools() -> set[str]:
    """Every tool the ontology declares, counted on the graph itself."""
    return {str(tool) for tool in load_ontology().subjects(RDF.type, APKG.Tool)}


def test_catalogue_has_three_spheres_tools_and_fourteen_risk_factors(catalogue):
    assert [s.label for s in catalogue.spheres] == ["Prevention", "Response", "Recovery"]
    assert {tool.iri for tool in catalogue.tools} == ontology_tools()
    assert len(catalogue.tools) > 130
    assert [f.number for f in catalogue.risk_factors] == list(range(1, 15))
    assert [c.label for c in catalogue.crimes] == [
        "Crimes against humanity", "Ethnic cleansing", "Genocide", "War crimes",
    ]  # fmt: skip


def test_tool_has_definition_synonyms_facets_and_risk_factors(catalogue):
    tool = catalogue.tool("TargetedSanctions")
    assert tool is catalogue.tool("targeted sanctions")
    assert "smart sanctions" in tool.synonyms
    assert [s.label for s in tool.spheres] == ["Response"]
    assert "Economic instruments" in [t.label for t in tool.instruments]
    assert [t.label for t in tool.timings] == ["Midstream (operational)"]
    assert {t.label for t in tool.risk_factors} == {
        "Motives or incentives",
        "Capacity to commit atrocity crimes",
    }
    assert [t.label for t in tool.broader] == ["Sanctions"]
    with pytest.raises(KeyError):
        catalogue.tool("no such tool")


def test_tree_nests_tools_below_their_broader_tool(catalogue):
    tree = catalogue.tree()
    assert list(tree) == ["Prevention", "Response", "Recovery"]
    response = [(tool.label, depth) for tool, depth in tree["Response"]]
    sanctions = next(depth for label, depth in response if label == "Sanctions")
    targeted = response.index(("Targeted sanctions", sanctions + 1))
    assert response.index(("Sanctions", sanctions)) < targeted
    assert all(tool.label in {t.label for t in catalogue.tools} for rows in tree.values() for tool, _ in rows)


def test_risk_factor_lists_indicators_and_the_tools_that_address_it(catalogue):
    triggers = catalogue.risk_factors[7]
    assert (triggers.number, triggers.label) == (8, "Triggering factors")
    assert "Coup d'état" in [i.label for i in triggers.indicators] or len(triggers.indicators) >= 10
    assert "Early warning" in [t.label for t in triggers.tools]


def test_tool_rows_filter_on_any_field(catalogue):
    assert len(tool_rows(catalogue.tools)) == len(ontology_tools())
    rows = tool_rows(catalogue.tools, "smart sanctions")
    assert [r["tool"] for r in rows] == ["Targeted sanctions"]
    assert rows[0]["sphere"] == "Response"


# ---- exports -----------------------------------------------------------------------------------


def test_csv_export_has_a_header_and_one_row_per_hit():
    text = hits_to_csv([make_hit(), make_hit(passage_id="un-2009/p13", page=None)])
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:4] == ["rank", "passage_id", "title", "institution"]
    assert rows[1][1] == "un-2009/p12" and rows[1][5] == "7" and rows[2][5] == ""
    assert rows[1][8] == "United Nations, “Implementing the responsibility to protect”, 2009-01-12, p. 7"
    assert rows[1][9] == make_hit().text


def test_bibtex_export_escapes_and_names_the_page_and_url():
    text = hits_to_bibtex([make_hit()])
    assert text.startswith("@techreport{united2009p12_un-2009,\n")
    assert "\tpages = {7}" in text
    assert "\turl = {https://www.un.org/r2p.pdf}" in text
    assert "\tauthor = {{United Nations}}" in text
    assert r"Early warning \& " in text and "{work}" not in text
    assert text.count("{") == text.count("}")
    assert hits_to_bibtex([make_hit(doc_type="speech")]).startswith("@misc{")


def test_ris_export_has_one_record_per_hit():
    text = hits_to_ris([make_hit(), make_hit(doc_type="treaty", date="")])
    assert text.startswith("TY  - RPRT\n")
    assert text.count("ER  - ") == 2 and "TY  - LEGAL" in text
    assert "SP  - 7\n" in text and "UR  - https://www.un.org/r2p.pdf\n" in text and "PY  - 2009\n" in text
    assert "N1  - Passage un-2009/p12: Early warning" in text


def test_csl_json_export_cites_each_hit_at_its_page():
    (item,) = json.loads(hits_to_csl_json([make_hit()]))
    assert (item["id"], item["type"], item["page"]) == ("united2009p12_un-2009", "report", "7")
    assert item["author"] == [{"literal": "United Nations"}] and item["issued"] == {
        "date-parts": [[2009, 1, 12]]
    }
    assert set(EXPORTS) == {"bibtex", "ris", "csl-json", "csv"}


def test_citation_key():
    assert citation_key(make_hit(institution="", title="")) == "doc2009p12_un-2009"


# ---- tool cards ------------------------------------------------------------------------------


def test_tool_card_in_markdown_html_and_pdf(catalogue):
    tool = catalogue.tool("Targeted sanctions")
    examples = [make_hit()]
    markdown = tool_card_markdown(tool, examples)
    assert markdown.startswith("# Targeted sanctions\n")
    assert "- **Timing:** Midstream (operational)" in markdown
    assert "## Risk factors it addresses" in markdown and "- Motives or incentives" in markdown
    assert "— United Nations, “Implementing" in markdown and "<https://www.un.org/r2p.pdf>" in markdown
    page = tool_card_html(tool, examples)
    assert page.startswith("<!DOCTYPE html>") and "<h1>Targeted sanctions</h1>" in page
    assert "&quot;targeted&quot;" in page
    pdf = tool_card_pdf(tool, examples)
    assert pdf.startswith(b"%PDF-") and pdf.rstrip().endswith(b"%%EOF") and len(pdf) > 1000
    assert "## Precedents" not in markdown and "Precedents" not in page  # none given: no section


def test_tool_card_lists_precedents_with_their_sentence_and_citation(catalogue):
    tool = catalogue.tool("Targeted sanctions")
    relation = Relation(
        doc_id="un-2009", passage_id="un-2009/p12", char_start=0, char_end=44, agent="https://w3id.org/apkg/resource/UnitedStates",
        tool=tool.iri, target=None, mode="urged", year=2009, pattern="clause", confidence=0.8,
        extractor="relations", extractor_version="1",
    )  # fmt: skip
    sentence = 'Early warning & "targeted" sanctions {work}.'
    precedent = Precedent(relation, "United States", tool.label, "Syria", sentence, make_hit())
    markdown = tool_card_markdown(tool, [], [precedent])
    assert (
        "## Precedents\n\n- **United States urged Targeted sanctions towards Syria (2009)**: “Early"
        in markdown
    )
    assert "— United Nations, “Implementing the responsibility to protect”, 2009-01-12, p. 7" in markdown
    page = tool_card_html(tool, [], [precedent])
    assert "<h2>Precedents</h2>" in page and "&quot;targeted&quot;" in page
    assert "<strong>United States urged Targeted sanctions towards Syria (2009)</strong>" in page
    pdf = tool_card_pdf(tool, [], [precedent])
    assert len(pdf) > len(tool_card_pdf(tool, []))


# ---- URL state -------------------------------------------------------------------------------


def test_search_round_trips_through_url_parameters():
    request = SearchRequest(
        query="dissuade perpetrators", facets=Facets(sphere="Response", year_from=2010), mode="dense", k=20
    )
    params = request_to_params(request)
    assert params == {
        "q": "dissuade perpetrators",
        "sphere": "Response",
        "from": "2010",
        "mode": "dense",
        "k": "20",
    }
    assert request_from_params(params) == request
    assert request_to_params(SearchRequest()) == {}


def test_bad_url_parameters_fall_back_to_defaults():
    request = request_from_params({"q": "x", "from": "soon", "mode": "magic", "k": "5000"})
    assert request.facets == Facets() and request.mode == "hybrid" and request.k == 100


# ---- network ---------------------------------------------------------------------------------


def _toy_graph() -> nx.Graph:
    graph = nx.Graph()
    for node, kind in [("m", "tool"), ("s", "tool"), ("au", "actor"), ("r", "case"), ("x", "place")]:
        graph.add_node(node, label=node.upper(), kind=kind)
    graph.add_edge("m", "au", weight=5, passages=["d/p1"])
    graph.add_edge("s", "au", weight=1, passages=["d/p2"])
    graph.add_edge("au", "r", weight=3, passages=["d/p3"])
    graph.add_edge("x", "m", weight=2, passages=["d/p4"])
    return graph


def test_filter_network_by_kind_sphere_case_and_weight():
    graph = _toy_graph()
    assert set(filter_network(graph, kinds={"tool", "actor"})) == {"m", "s", "au"}
    assert set(filter_network(graph, kinds={"tool", "actor"}, min_weight=2)) == {"m", "au"}
    assert set(filter_network(graph, sphere_tools={"s"})) == {"s", "au", "r"}
    assert set(filter_network(graph, case="r")) == {"r", "au"}
    assert set(filter_network(graph, top=2)) == {"au", "m"}


def test_layout_and_centrality_of_a_view():
    view = filter_network(_toy_graph())
    drawing = layout_network(view)
    assert {n["id"] for n in drawing.nodes} == set(view)
    assert {(frozenset((e["source"], e["target"])), e["weight"]) for e in drawing.edges} >= {
        (frozenset(("M", "AU")), 5)
    }
    table = centrality_table(view)
    assert table[0]["node"] == "AU" and table[0]["passages"] == 9
    assert layout_network(nx.Graph()).nodes == []


def test_hidden_hubs_leave_the_view():
    graph = _toy_graph()
    assert hubs(graph, 1) == ["au"] and hubs(graph, 0) == []
    assert "au" not in filter_network(graph, hidden=hubs(graph, 1))
    assert set(filter_network(graph, hidden=["au"])) == {"m", "x"}
    assert "r" in filter_network(graph, case="r", hidden=["r"])  # the chosen case stays


def _crowded_graph() -> nx.Graph:
    """60 nodes with long labels of every kind, each linked to its next three."""
    graph = nx.Graph()
    kinds = list(KIND_COLOURS)
    for i in range(60):
        graph.add_node(i, label=f"Node number {i} with a rather long label", kind=kinds[i % len(kinds)])
    for i in range(60):
        for step in (1, 2, 3):
            graph.add_edge(i, (i + step) % 60, weight=1 + i % 4, npmi=0.1 + (i % 7) / 10)
    return graph


def _label_box(node: dict) -> tuple[float, float, float, float]:
    """A label's box in pixels, from its anchor and alignment (the explorer's width estimate)."""
    width, height = 0.6 * FONT_SIZE * len(node["text"]) + 4, FONT_SIZE + 3
    x, y = node["tx"] * CHART_WIDTH, node["ty"] * CHART_HEIGHT
    left = {"center": x - width / 2, "left": x, "right": x - width}[node["align"]]
    return left, y - height / 2, left + width, y + height / 2


def test_labels_stay_inside_the_frame_and_do_not_overlap():
    drawing = layout_network(_crowded_graph())
    shown = [node for node in drawing.nodes if node["text"]]
    assert len(shown) >= 20
    assert all(node["text"].endswith("…") and len(node["text"]) <= 28 for node in shown)
    boxes = [_label_box(node) for node in shown]
    assert all(
        b[0] >= -0.5 and b[1] >= -0.5 and b[2] <= CHART_WIDTH + 0.5 and b[3] <= CHART_HEIGHT + 0.5
        for b in boxes
    )
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert not (a[0] < b[2] - 0.5 and b[0] < a[2] - 0.5 and a[1] < b[3] - 0.5 and b[1] < a[3] - 0.5)
    assert all(0 < node["x"] < 1 and 0 < node["y"] < 1 for node in drawing.nodes)


def test_each_kind_keeps_its_colour_in_every_view():
    graph = _crowded_graph()
    views = [
        layout_network(filter_network(graph, top=top, kinds=kinds))
        for top, kinds in ((60, None), (10, {"actor"}))
    ]
    for drawing in views:
        assert all(node["colour"] == KIND_COLOURS[node["kind"]] for node in drawing.nodes)
    assert len(set(KIND_COLOURS.values())) == len(KIND_COLOURS)
    assert (
        layout_network(filter_network(graph)).nodes == layout_network(filter_network(graph)).nodes
    )  # stable


def test_relation_links_are_named_coloured_by_mode_and_side_by_side():
    network = nx.MultiDiGraph()  # as KnowledgeBase.relation_network makes it
    for node, label in (("us", "United States"), ("sy", "Syria"), ("si", "Slovenia"), ("ly", "Libya")):
        network.add_node(node, label=label)
    for agent, target, tool, mode, ids in (
        ("us", "sy", "Sanctions", "did", ["r1", "r2"]),
        ("us", "sy", "Investigation", "urged", ["r3"]),
        ("si", "sy", "Referral", "urged", ["r4"]),
        ("sy", "ly", "Dialogue", "opposed", ["r5"]),
    ):
        network.add_edge(
            agent, target, key=f"{tool} {mode}", label=tool, mode=mode, weight=len(ids), relations=ids
        )
    assert link_name(network, "us", "sy", "Sanctions did") == "United States → Syria: Sanctions (applied)"
    assert relation_view(network, top=1).number_of_edges() == 1  # the link backed by most relations
    assert link_names(network)[:2] == [
        "United States → Syria: Sanctions (applied)",  # two relations
        "Slovenia → Syria: Referral (urged)",  # then by name
    ]
    assert set(relation_view(network, around="si")) == {"si", "sy"}
    assert {d["mode"] for *_, d in relation_view(network, modes={"urged"}).edges(data=True)} == {"urged"}
    assert sorted(relations_behind(network, node="sy")) == ["r1", "r2", "r3", "r4", "r5"]
    assert relations_behind(network, link="United States → Syria: Investigation (urged)") == ["r3"]

    drawing = layout_relations(network, {"ly": "place"})
    assert drawing == layout_relations(network, {"ly": "place"})  # stable
    by_link = {edge["link"]: edge for edge in drawing.edges}
    assert {edge["colour"] for edge in drawing.edges} == set(MODE_COLOURS.values())
    assert all(edge["colour"] == MODE_COLOURS[str(edge["mode"])] for edge in drawing.edges)
    assert {node["label"]: node["kind"] for node in drawing.nodes}["Libya"] == "place"
    sanctions = by_link["United States → Syria: Sanctions (applied)"]
    investigation = by_link["United States → Syria: Investigation (urged)"]
    assert (sanctions["x"], sanctions["y"]) != (investigation["x"], investigation["y"])  # not on top
    gap = math.hypot(
        (sanctions["x"] - investigation["x"]) * CHART_WIDTH,
        (sanctions["y"] - investigation["y"]) * CHART_HEIGHT,
    )
    assert gap == pytest.approx(12.0)
    assert all(0 < float(node["x"]) < 1 and 0 < float(node["y"]) < 1 for node in drawing.nodes)


# ---- on the corpus knowledge base ------------------------------------------------------------


@pytest.mark.slow
def test_evidence_and_documents_on_the_corpus(corpus_kb, catalogue):
    from apkg.kb import KnowledgeBase
    from apkg.search.evidence import passage_targets

    kb = KnowledgeBase.open(corpus_kb[0])
    tax = kb.taxonomy()
    by_passage = passage_targets(kb.db)
    rows = {t.label: tax.below(t.iri) for t in catalogue.tools}
    crimes = {c.label: tax.below(c.iri) for c in catalogue.crimes}
    matrix = kb.evidence_matrix(rows, crimes)
    assert "Genocide" in matrix.columns and matrix.rows
    top = matrix.rows[0]
    cell = max(matrix.columns, key=lambda c: matrix.counts.get((top, c), 0))
    passages = matrix.passages[(top, cell)]
    assert len(passages) == matrix.counts[(top, cell)] > 0
    for pid in passages:  # every passage of the cell names the tool and the crime
        assert by_passage[pid] & rows[top] and by_passage[pid] & crimes[cell]
    early = tax.below(catalogue.tool("Early warning").iri)
    ids = kb.passages_mentioning(early, limit=5)
    hits = kb.passage_hits(ids, highlight=early)
    assert [h.passage_id for h in hits] == ids and len(ids) == 5
    assert all(h.highlights and h.title and h.citation() for h in hits)
    first = hits[0]
    assert any("early warning" in first.text[s:e].lower() for s, e in first.highlights)
    doc_id = first.doc_id
    extracted = kb.document_extractions(doc_id)
    assert extracted and extracted[0].mentions >= extracted[-1].mentions
    assert {"tool", "actor"} & {e.kind for e in extracted}


def test_sparql_results_table_and_downloads(mini_kb):
    from apkg.errors import QueryError
    from apkg.kb import KnowledgeBase

    kb = KnowledgeBase.open(mini_kb)
    try:
        query = (
            "PREFIX apkg: <https://w3id.org/apkg/ontology#> "
            "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
            "SELECT ?tool ?label WHERE { ?tool a apkg:Tool ; skos:prefLabel ?label } ORDER BY ?label LIMIT 5"
        )
        for time_limit in (10.0, None):  # in a worker under the time limit, and here
            answer = kb.sparql(query, time_limit=time_limit)
            table = answer.table()
            assert table.columns == ["tool", "label"] and len(table.rows) == 5 and not table.truncated
            assert len(answer.table(limit=3).rows) == 3 and answer.table(limit=3).truncated
            data, media, suffix = answer.download("csv")
            assert data.decode().splitlines()[0] == "tool,label" and suffix == "csv" and media == "text/csv"
            data, _, suffix = answer.download("json")
            assert len(json.loads(data)["results"]["bindings"]) == 5 and suffix == "json"
            assert kb.sparql("ASK { ?s ?p ?o }", time_limit=time_limit).table().rows == [["true"]]
            graph = kb.sparql("CONSTRUCT { ?s a ?t } WHERE { ?s a ?t } LIMIT 4", time_limit=time_limit)
            assert graph.table().columns == ["subject", "predicate", "object"]
            assert len(graph.table().rows) == 4
            data, media, suffix = graph.download("csv")
            assert media == "text/turtle" and suffix == "ttl" and data
            with pytest.raises(QueryError, match="read-only"):
                kb.sparql("DELETE WHERE { ?s ?p ?o }", time_limit=time_limit)
    finally:
        kb.close()


# ---- the command --------------------------------------------------------------------------------


def test_apkg_app_runs_streamlit_on_the_given_address():
    from pathlib import Path

    from apkg.app.cli_app import FRONTEND, streamlit_command

    command = streamlit_command(Path("kb"), host="127.0.0.1", port=8765)
    assert command[1:5] == ["-m", "streamlit", "run", str(FRONTEND)]
    assert command[command.index("--server.address") + 1] == "127.0.0.1"
    assert command[command.index("--server.port") + 1] == "8765"
    assert command[command.index("--server.headless") + 1] == "true"
    screens = {path.name for path in (FRONTEND.parent / "screens").glob("*.py")}
    assert FRONTEND.exists() and {"search.py", "taxonomy.py", "sparql.py", "documents.py"} <= screens


def test_apkg_app_help_lists_its_options():
    from typer.testing import CliRunner

    from apkg.app.cli import app

    result = CliRunner().invoke(app, ["app", "--help"])
    assert result.exit_code == 0
    assert "--kb" in result.output and "--host" in result.output and "--port" in result.output


@pytest.mark.slow
def test_relations_on_the_corpus(corpus_kb, catalogue):
    from apkg.kb import KnowledgeBase

    kb = KnowledgeBase.open(corpus_kb[0])
    rows = {tool.label: kb.taxonomy().below(tool.iri) for tool in catalogue.tools}
    matrix = kb.relation_matrix(rows, column="agent")
    per_column = [
        len({rid for (_, c), ids in matrix.passages.items() if c == column for rid in ids})
        for column in matrix.columns
    ]
    assert per_column == sorted(per_column, reverse=True) and per_column[0] > 1  # most relations first
    row, column = max(matrix.counts, key=lambda cell: matrix.counts[cell])
    behind = kb.precedents(matrix.passages[row, column])
    assert len(behind) == matrix.counts[row, column]
    assert all(p.agent == column and p.relation.tool in rows[row] for p in behind)
    assert [p.year or 0 for p in behind] == sorted((p.year or 0 for p in behind), reverse=True)

    network = kb.relation_network()
    busiest = max(network, key=network.degree)
    around = relation_view(network, around=busiest)
    assert around.number_of_edges() == min(30, network.degree(busiest))
    assert all(busiest in (a, b) for a, b in around.edges())
    ids = relations_behind(around, node=busiest)
    assert {p.relation.relation_id for p in kb.precedents(ids)} == set(ids)
    assert all(
        busiest in (p.relation.agent, p.relation.target) for p in kb.precedents(ids)
    )  # every relation behind an actor names it
    drawing = layout_relations(relation_view(network), {})
    assert len(drawing.edges) == min(30, network.number_of_edges())

    referral = catalogue.tool("Referral to the International Criminal Court")
    latest = kb.relations(tool=referral.iri)[:3]
    card = tool_card_markdown(referral, [], latest)
    assert latest and all(f"**{p.summary()}**: “{p.sentence}” — {p.hit.citation()}" in card for p in latest)
