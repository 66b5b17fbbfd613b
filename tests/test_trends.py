"""Attention over time and speaker profiles (``apkg trends``), on a knowledge base of speeches
written here: who spoke (a state, a state by another name, a speaker the ontology does not know),
when, and what they mention; then on the real corpus."""

from __future__ import annotations

import csv
import io
import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from apkg.app.cli import app
from apkg.errors import KnowledgeBaseError, UnknownFacet
from apkg.kb import KnowledgeBase
from apkg.ontology import APKGR

R2P = "responsibility to protect"
ONTOLOGY = "https://w3id.org/apkg/ontology#"
# file: (speaker as the corpus names it, year, text); each is one short passage
SPEECHES = {
    "france-2005.txt": ("Government of France (UN General Assembly)", "2005",
                        "My country welcomes the responsibility to protect that the summit has agreed, "
                        "and asks for targeted sanctions against those who plan mass crimes."),
    "france-2006.txt": ("France", "2006", "My country supports mediation between the parties."),
    "kenya-2005.txt": ("Kenya", "2005",
                       "Kenya embraces the responsibility to protect and calls for early warning."),
    "kenya-2006.txt": ("Republic of Kenya", "2006", "Kenya asks the Council to impose an arms embargo."),
    "ghana-2006.txt": ("Ghana", "2006", "Ghana recalls that the responsibility to protect binds all."),
    "freedonia-2006.txt": ("Freedonia", "2006", "Freedonia offers its good offices for mediation."),
    "kenya-undated.txt": ("Kenya", "", "Kenya recalls the responsibility to protect once more."),
}  # fmt: skip
DENOMINATOR_WORDS = "only speeches that mention an atrocity term"


@pytest.fixture(scope="module")
def trends_kb(tmp_path_factory, settings) -> Path:
    from apkg.build import build

    root = tmp_path_factory.mktemp("trends")
    corpus = root / "corpus"
    corpus.mkdir()
    for name, (speaker, year, text) in SPEECHES.items():
        (corpus / name).write_text(text, encoding="utf-8")
        meta = {"title": f"Statement {name}", "institution": speaker, "date": year, "doc_type": "speech"}
        (corpus / f"{name}.meta.json").write_text(json.dumps(meta), encoding="utf-8")
    (corpus / "report.txt").write_text(f"A report on the {R2P} in Kenya.", encoding="utf-8")
    meta = {"title": "A report", "institution": "Kenya", "date": "2005", "doc_type": "report"}
    (corpus / "report.txt.meta.json").write_text(json.dumps(meta), encoding="utf-8")
    build(corpus, root / "kb", settings, progress=False)
    return root / "kb"


@pytest.fixture(scope="module")
def kb(trends_kb) -> KnowledgeBase:
    return KnowledgeBase.open(trends_kb)


def _years(series) -> dict[int, tuple[int, int]]:
    return {y.year: (y.speeches, y.speeches_mentioning) for y in series.years}


def test_speakers_are_the_states_behind_the_names(kb):
    speakers = {s.name: s for s in kb.speakers()}
    assert set(speakers) == {"France", "Kenya", "Ghana", "Freedonia"}  # the report is no speech
    kenya = speakers["Kenya"]
    assert (kenya.key, kenya.code, kenya.region, kenya.subregion) == (
        str(APKGR.Kenya), "KEN", "Africa", "Eastern Africa",
    )  # fmt: skip
    assert (kenya.speeches, kenya.first_year, kenya.last_year) == (3, 2005, 2006)
    assert speakers["Freedonia"].key == "Freedonia" and speakers["Freedonia"].region is None


def test_attention_of_every_speaker_per_year(kb):
    attention = kb.attention(R2P)
    assert attention.concept == ONTOLOGY + "ResponsibilityToProtect"
    [series] = attention.series
    assert series.speakers.kind == "all"
    # the undated speech has no year; the report is not a speech
    assert _years(series) == {2005: (2, 2), 2006: (4, 1)}
    passages = {p.doc_id: 0 for p in kb.passages()}
    for p in kb.passages():
        passages[p.doc_id] += 1
    speeches_2006 = [r.meta.doc_id for r in kb.documents() if r.meta.date == "2006"]
    assert series.years[1].passages == sum(passages[d] for d in speeches_2006)
    assert series.years[1].passages_mentioning == 1
    assert series.years[0].speech_share == 1.0 and series.years[1].speech_share == 0.25


def test_attention_by_state_region_and_subregion(kb):
    attention = kb.attention(R2P, speakers=["FRA", "apkgr:Kenya"], regions=["africa", "Eastern Africa"])
    by_name = {s.speakers.name: _years(s) for s in attention.series}
    assert by_name == {
        "France": {2005: (1, 1), 2006: (1, 0)},
        "Kenya": {2005: (1, 1), 2006: (1, 0)},
        "Africa": {2005: (1, 1), 2006: (2, 1)},
        "Eastern Africa": {2005: (1, 1), 2006: (1, 0)},
    }
    with_all = kb.attention(R2P, speakers=["Ghana"], all_speakers=True, start=2006)
    assert [(s.speakers.name, _years(s)) for s in with_all.series] == [
        ("Ghana", {2006: (1, 1)}),
        ("all speakers", {2006: (4, 1)}),
    ]


def test_narrower_concepts_count_unless_turned_off(kb):
    # targeted sanctions (France 2005) and an arms embargo (Kenya 2006) are sanctions
    [series] = kb.attention("Sanctions").series
    assert _years(series) == {2005: (2, 1), 2006: (4, 1)}
    assert {ONTOLOGY + "TargetedSanctions", ONTOLOGY + "ArmsEmbargo"} <= kb.attention("Sanctions").counted
    [own] = kb.attention("Sanctions", narrower=False).series
    assert _years(own) == {2005: (2, 0), 2006: (4, 0)}


def test_the_graph_counts_a_regions_speeches_as_attention_does(trends_kb, kb):
    from .test_corpus_build import _answers

    rows = _answers(trends_kb, "speeches-by-region-per-year")
    africa = {
        int(r["year"]): (int(r["speeches"]), int(r["r2pSpeeches"])) for r in rows if r["region"] == "Africa"
    }
    [series] = kb.attention(R2P, regions=["Africa"]).series
    assert africa == _years(series) == {2005: (1, 1), 2006: (2, 1)}


def test_profile_against_all_speakers_of_the_same_years(kb):
    profile = kb.profile("France", min_speeches=1, top=50)
    assert profile.speaker.key == str(APKGR.France)
    assert (profile.speeches, profile.all_speeches) == (2, 6)
    r2p = next(c for c in profile.concepts if c.concept == ONTOLOGY + "ResponsibilityToProtect")
    # France: 1 of 2 speeches; all speakers: 2 of 2 in 2005, 1 of 4 in 2006, so (1 + 1/4) / 2
    assert (r2p.speeches, r2p.share, r2p.expected) == (1, 0.5, 0.625)
    assert r2p.lift == pytest.approx(0.8) and r2p.difference == pytest.approx(-0.125)
    mediation = next(c for c in profile.concepts if c.concept == ONTOLOGY + "Mediation")
    assert mediation.expected == pytest.approx((0 + 2 / 4) / 2)
    assert profile.concepts == sorted(profile.concepts, key=lambda c: (-c.lift, c.label))
    assert kb.profile("Freedonia", min_speeches=1).speeches == 1  # a speaker the ontology does not know


def test_the_stored_vocabulary_is_the_ontologys(kb):
    from apkg.ontology import taxonomy
    from apkg.trends.vocabulary import stored_vocabulary

    stored, ontology = stored_vocabulary(kb.db, kb.path), taxonomy()
    assert stored.lexicon.labels_of == ontology.lexicon.labels_of
    assert stored.lexicon.kind_of == ontology.lexicon.kind_of
    assert stored.by_label == ontology.by_label  # the same term wins a label two share
    assert stored.narrower == {iri: below for iri, below in ontology.narrower.items() if len(below) > 1}


def test_concepts_the_speeches_mention(kb):
    concepts = kb.trend_concepts()
    assert concepts["Responsibility to Protect"] == ONTOLOGY + "ResponsibilityToProtect"
    assert concepts["Sanctions"] == ONTOLOGY + "Sanctions"  # broader than the targeted sanctions named
    assert "Genocide" not in concepts
    assert list(concepts) == sorted(concepts)


def test_unknown_names_say_what_there_is(kb):
    with pytest.raises(UnknownFacet, match=r"unknown speaker 'Fran'.*France"):
        kb.attention(R2P, speakers=["Fran"])
    with pytest.raises(UnknownFacet, match=r"unknown region 'Atlantis'.*Eastern Africa"):
        kb.attention(R2P, regions=["Atlantis"])
    with pytest.raises(UnknownFacet, match="unknown concept"):
        kb.attention("no such concept at all")


def test_cli_csv_json_and_table_state_the_denominator(trends_kb):
    runner = CliRunner()
    base = ["trends", "attention", R2P, "--kb", str(trends_kb), "--state", "Kenya"]
    result = runner.invoke(app, [*base, "--format", "csv"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(r["speakers"], r["year"], r["speeches_mentioning"], r["speech_share"]) for r in rows] == [
        ("Kenya", "2005", "1", "1.0"),
        ("Kenya", "2006", "0", "0.0"),
    ]
    assert all(DENOMINATOR_WORDS in row["denominator"] for row in rows)
    data = json.loads(runner.invoke(app, [*base, "--format", "json", "--no-narrower"]).stdout)
    assert data["with_narrower"] is False and DENOMINATOR_WORDS in data["denominator"]
    assert data["series"][0]["years"][0]["speech_share"] == 1.0
    table = runner.invoke(app, [*base, "--from", "2006"], env={"COLUMNS": "200"})
    assert table.exit_code == 0 and "Kenya" in table.stdout and DENOMINATOR_WORDS in table.stdout
    profile = runner.invoke(app, ["trends", "profile", "France", "--kb", str(trends_kb), "--format", "csv"])
    assert profile.exit_code == 0, profile.output
    assert "all_speakers_share" in profile.stdout.splitlines()[0]
    speakers = runner.invoke(app, ["trends", "speakers", "--kb", str(trends_kb), "--format", "json"])
    assert {s["name"] for s in json.loads(speakers.stdout)} == {"France", "Kenya", "Ghana", "Freedonia"}
    wrong = runner.invoke(app, [*base, "--format", "xml"])
    assert wrong.exit_code != 0


def test_a_knowledge_base_built_before_trends_says_to_rebuild(trends_kb, tmp_path: Path):
    old = tmp_path / "kb"
    shutil.copytree(trends_kb, old)
    with sqlite3.connect(old / "passages.sqlite") as db:
        db.execute("DROP TABLE speeches")
    with pytest.raises(KnowledgeBaseError, match="rebuild it: apkg build"):
        KnowledgeBase.open(old).attention(R2P)


def test_an_update_rewrites_the_speeches(trends_kb, tmp_path: Path, settings):
    from apkg.build import build

    kb_path, corpus = tmp_path / "kb", tmp_path / "corpus"
    shutil.copytree(trends_kb, kb_path)
    shutil.copytree(trends_kb.parent / "corpus", corpus)
    (corpus / "ghana-2006.txt").unlink()
    (corpus / "ghana-2006.txt.meta.json").unlink()
    build(corpus, kb_path, settings, progress=False)
    [series] = KnowledgeBase.open(kb_path).attention(R2P).series
    assert _years(series) == {2005: (2, 2), 2006: (3, 0)}


@pytest.mark.slow
def test_attention_on_the_real_corpus(corpus_kb):
    kb = KnowledgeBase.open(corpus_kb[0])
    speeches = [r for r in kb.documents() if r.meta.doc_type == "speech"]
    speakers = kb.speakers()
    assert sum(s.speeches for s in speakers) == len(speeches) > 40
    assert all(s.key.startswith(str(APKGR)) for s in speakers)  # every delegation is the register's
    rwanda = kb.attention("genocide", speakers=["Rwanda"], start=1994, end=1994)
    assert _years(rwanda.series[0]) == {1994: (1, 1)}  # the Rwandan statement of October 1994
    [every] = kb.attention("genocide").series
    assert sum(y.speeches for y in every.years) == sum(1 for r in speeches if r.meta.year is not None)
    assert all(0 < y.speeches_mentioning <= y.speeches for y in every.years if y.passages_mentioning)
