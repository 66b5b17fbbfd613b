"""Search over the mini corpus: citations, modes, concept expansion and facets inside the search."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from apkg.app.cli import app
from apkg.errors import ConfigError, KnowledgeBaseError, UnknownFacet
from apkg.kb import KnowledgeBase
from apkg.ontology.taxonomy import taxonomy
from apkg.search import Facets
from apkg.search.lexical import LexicalIndex, match_expression, proximity_expression, write_lexical_index

runner = CliRunner()
APKG = "https://w3id.org/apkg/ontology#"
RESPONSE = APKG + "ResponseSphere"


@pytest.fixture(scope="module")
def kb(mini_kb):
    return KnowledgeBase.open(mini_kb)


def test_hits_are_citable(kb):
    [hit, *_] = kb.search("arms embargo against militias", k=3)
    assert hit.doc_id == "briefing"
    assert hit.title == "Briefing: tools for dissuading perpetrators" and hit.date == "2023-06-01"
    assert "arms embargo" in hit.marked().lower() and hit.highlights
    assert "Briefing: tools for dissuading perpetrators" in hit.citation()
    assert hit.proximity_rank and "with the query's words near each other" in hit.reasons()
    assert any(reason.startswith("holds “arms") for reason in hit.reasons())  # the words it matched
    pdf = kb.search("dehumanising rhetoric on state television", k=1, mode="lexical")[0]
    assert pdf.doc_id == "monitoring-report" and pdf.page == 1  # the page the passage starts on


@pytest.mark.parametrize("mode", ["hybrid", "dense", "lexical"])
def test_modes(kb, mode):
    hits = kb.search("truth commission and reparations", k=3, mode=mode)
    assert hits and hits[0].doc_id in {"bulletin", "practitioner-guide"}
    assert all(h.score > 0 for h in hits)
    assert all(h.reasons() for h in hits)
    assert all((h.dense_rank is None) == (mode == "lexical") for h in hits)


def test_unknown_mode(kb):
    with pytest.raises(ConfigError, match="unknown search mode"):
        kb.search("x", mode="magic")


def test_expansion_finds_narrower_tools(kb):
    hits = kb.search("dissuading perpetrators", k=5)
    briefing = [h for h in hits if h.doc_id == "briefing"]
    assert briefing
    assert any({"Targeted sanctions", "Arms embargo"} & set(h.concepts) for h in briefing)


def _passages_mentioning(kb, targets: set[str]) -> set[str]:
    marks = ",".join("?" * len(targets))
    rows = kb.db.execute(
        f"SELECT DISTINCT passage_id FROM mentions WHERE target IN ({marks})", sorted(targets)
    )
    return {row[0] for row in rows}


@pytest.mark.parametrize(("facets", "targets"), [
    (Facets(sphere="Response"), lambda t: {RESPONSE} | t.tools_by_sphere[RESPONSE]),
    (Facets(crime="war crimes"), lambda t: t.below(APKG + "WarCrimes")),
    (Facets(tool="apkg:DissuadingPerpetrators"), lambda t: t.below(APKG + "DissuadingPerpetrators")),
])  # fmt: skip
def test_facets_filter_inside_the_search(kb, facets, targets):
    allowed = _passages_mentioning(kb, targets(taxonomy()))
    assert allowed
    for mode in ("hybrid", "dense", "lexical"):
        hits = kb.search("peace and justice for victims", k=50, mode=mode, facets=facets)
        assert {h.passage_id for h in hits} <= allowed
        if mode != "lexical":  # dense ranks every allowed passage: k of them when k exist
            assert len(hits) == min(50, len(allowed))


def test_year_and_type_facets(kb):
    hits = kb.search("early warning", k=20, facets=Facets(year_from=2024, year_to=2024))
    assert hits and {h.doc_id for h in hits} == {"field-note"}
    assert {h.doc_id for h in kb.search("early warning", k=20, facets=Facets(doc_type="report"))} == {
        "field-note"
    }


def test_document_context_is_searchable(kb):
    # no passage says 2024: only the field note's date does
    hits = kb.search("2024", k=5, mode="lexical")
    assert hits and {h.doc_id for h in hits} == {"field-note"}
    assert not any("2024" in h.text for h in hits)


def test_proximity_ranks_nearby_query_words(tmp_path):
    far = "sanctions " + "word " * 20 + "lifted"
    write_lexical_index(tmp_path, [(1, far, "", []), (2, "sanctions were lifted", "", [])])
    index = LexicalIndex(tmp_path)
    assert proximity_expression(["sanctions"], 8) == ""
    assert [r for r, _ in index.search(proximity_expression(["sanctions", "lifted"], 8), 5)] == [2]
    assert {r for r, _ in index.search(match_expression(["sanctions", "lifted"]), 5)} == {1, 2}


def test_lexical_index_stems_folds_accents_and_filters(tmp_path):
    rows = [
        (1, "The embargo on Côte d'Ivoire", "Report 2011", []),
        (2, "Embargoes were imposed", "", []),
        (3, "x", "", []),
    ]
    write_lexical_index(tmp_path, rows)
    index = LexicalIndex(tmp_path)
    assert [r for r, _ in index.search('"cote"', 5)] == [1]  # accents folded
    assert {r for r, _ in index.search('"embargoes"', 5)} == {1, 2}  # stems
    assert [r for r, _ in index.search('"2011"', 5)] == [1]  # the document's context
    assert [r for r, _ in index.search('"embargo"', 5, allowed=[2, 3])] == [2]
    assert index.search('"embargo"', 5, allowed=[]) == []
    assert index.rows() == [
        (1, "The embargo on Côte d'Ivoire\nReport 2011\n"),
        (2, "Embargoes were imposed\n\n"),
        (3, "x\n\n"),
    ]


def test_a_concept_is_one_term_of_the_query_whatever_its_label_in_the_passage(tmp_path):
    # the extractor found an embargo in passage 1 ("arms supplies were cut off" names none of the
    # label's words) and early warning in passage 2; the concept's term finds each, as one term
    sanctions, warning = APKG + "ArmsEmbargo", APKG + "EarlyWarning"
    assert match_expression(["genocide"], [sanctions]) == '"genocide" OR "apkgconceptarmsembargo"'
    rows = [(1, "arms supplies were cut off", "", [sanctions]), (2, "signs were reported", "", [warning])]
    rows += [(i, "other note", "", []) for i in range(3, 30)]
    write_lexical_index(tmp_path, rows)
    index = LexicalIndex(tmp_path)
    assert [r for r, _ in index.search(match_expression([], [sanctions]), 5)] == [1]
    assert [r for r, _ in index.search(match_expression(["signs"], [warning]), 5)] == [2]
    assert index.search(match_expression(["armsembargo"]), 5) == []  # no word of text is a term


def test_a_build_without_a_lexical_index_says_how_to_update_it(tmp_path):
    with pytest.raises(KnowledgeBaseError, match="apkg build"):
        LexicalIndex(tmp_path / "lexical")


def test_unknown_facet_suggests(kb):
    with pytest.raises(UnknownFacet, match="did you mean"):
        kb.search("x", facets=Facets(tool="sanction"))


def test_cli_search_json(mini_kb):
    result = runner.invoke(app, ["search", "arms embargo", "--kb", str(mini_kb), "--k", "2", "--json"])
    assert result.exit_code == 0, result.output
    hits = json.loads(result.output)
    assert len(hits) == 2 and hits[0]["doc_id"] == "briefing"
    result = runner.invoke(app, ["search", "arms embargo", "--kb", str(mini_kb), "--sphere", "Upstream"])
    assert result.exit_code == 1 and "unknown sphere" in result.output


def test_cli_search_prints_citations_a_reference_manager_reads(mini_kb):
    import rispy

    result = runner.invoke(
        app, ["search", "arms embargo", "--kb", str(mini_kb), "--k", "2", "--format", "csl-json"]
    )
    assert result.exit_code == 0, result.output
    items = json.loads(result.output)
    assert len(items) == 2 and all(item["title"] and item["id"] for item in items)
    result = runner.invoke(
        app, ["search", "arms embargo", "--kb", str(mini_kb), "--k", "2", "--format", "ris"]
    )
    assert [record["title"] for record in rispy.loads(result.output)] == [item["title"] for item in items]
    result = runner.invoke(app, ["search", "arms embargo", "--kb", str(mini_kb), "--format", "word"])
    assert result.exit_code == 2 and "bibtex, ris, csl-json, csv" in result.output


def test_cli_eval_retrieval_scores_one_collection_by_kind(mini_kb, tmp_path):
    from .conftest import SHARED_EVAL

    scorer = SHARED_EVAL / "score.py"
    if not scorer.exists():
        pytest.skip(f"the shared scorer is not at {scorer}")
    quote = "the figures are not what this test reads"
    queries = [
        {"id": "q1", "query": "arms embargo against militias", "kind": "keyword",
         "relevant": [{"doc": "briefing", "quote": quote}]},
        {"id": "q2", "query": "truth commission and reparations", "kind": "paraphrase",
         "collection": "corpus", "relevant": [{"doc": "bulletin", "quote": quote}]},
        {"id": "q3", "query": "speeches of 1971", "kind": "keyword", "collection": "combined",
         "relevant": [{"doc": "speech", "quote": quote}]},
    ]  # fmt: skip
    path = tmp_path / "queries.jsonl"
    path.write_text("".join(json.dumps(q) + "\n" for q in queries), encoding="utf-8")
    out = tmp_path / "results.jsonl"
    arguments = ["eval", "retrieval", str(path), "--out", str(out), "--kb", str(mini_kb)]
    result = runner.invoke(app, [*arguments, "--scorer", str(scorer), "--collection", "corpus", "--json"])
    assert result.exit_code == 0, result.output
    scores = json.loads(result.output)
    assert scores["queries"] == 2 and {"keyword mrr@10", "paraphrase success@10"} <= set(scores)
    assert [json.loads(line)["id"] for line in out.read_text(encoding="utf-8").splitlines()] == ["q1", "q2"]


def test_cli_says_when_nothing_matches_well(mini_kb):
    weak = runner.invoke(app, ["search", "purple elephant knitting a sourdough scarf", "--kb", str(mini_kb)])
    assert weak.exit_code == 0 and "No passage matches this query well" in weak.output
    good = runner.invoke(app, ["search", "arms embargo against militias", "--kb", str(mini_kb)])
    assert good.exit_code == 0 and "No passage matches this query well" not in good.output


def test_any_thread_connection_searches_from_another_thread(mini_kb):
    from concurrent.futures import ThreadPoolExecutor

    kb = KnowledgeBase.open(mini_kb, any_thread=True)
    with ThreadPoolExecutor(1) as pool:
        hits = pool.submit(kb.search, "arms embargo against militias", k=1).result()
    assert hits[0].doc_id == "briefing"
