"""Actors referred to without their full name: the speaker's state behind "we" in a General
Assembly statement, a state behind its demonym before one of its organs, a short form after the
full name. The sentences are written for these tests."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from apkg.app.cli import app
from apkg.errors import SourceError
from apkg.ingest.evaluate import gold_sources
from apkg.ingest.metadata import read_manifest
from apkg.ingest.resolve import RESOLVE_EXTRACTOR
from apkg.ingest.stream import make_extractor
from apkg.ontology import APKGR
from apkg.records import Passage, SourceMeta

from .conftest import SHARED_EVAL

IRELAND = str(APKGR.Ireland)
STATEMENT = SourceMeta(
    doc_id="statement",
    path="statement.txt",
    title="Statement by Ireland in the UN General Assembly General Debate, 60th session (2005)",
    institution="Government of Ireland (UN General Assembly)",
    doc_type="speech",
)


@pytest.fixture(scope="module")
def extract(settings):
    extractor = make_extractor(settings.extract)

    def run(text: str, meta: SourceMeta | None = None):
        doc_id = meta.doc_id if meta else "t"
        passage = Passage(doc_id, 0, text, 0, len(text))
        sources = {doc_id: meta} if meta else None
        [(_, mentions, new_actors)] = list(extractor.extract([passage], sources=sources, n_process=1))
        return mentions, new_actors

    return run


def resolved(mentions) -> dict[str, str]:
    """Surface -> actor of the mentions the resolver made."""
    return {m.surface: m.target.rsplit("/", 1)[-1] for m in mentions if m.extractor == RESOLVE_EXTRACTOR}


def test_demonym_before_an_organ_names_the_state(extract):
    mentions, new_actors = extract(
        "With the help of Swiss mediators the talks resumed, although Serbian armed forces shelled "
        "the town. The Albanian Government condemns the shelling."
    )
    found = resolved(mentions)
    assert found["Swiss"] == "Switzerland" and found["Serbian"] == "Serbia"
    assert "Albania" in found.values()
    assert not [actor for actor in new_actors if "Albanian" in actor.name]  # no new actor for it
    swiss = next(m for m in mentions if m.surface == "Swiss")
    assert swiss.kind == "actor" and swiss.char_end - swiss.char_start == len("Swiss")


def test_demonym_before_a_population_or_a_non_state_group_is_no_actor(extract):
    mentions, _ = extract(
        "The Sudanese people deserve peace; Afghan women and Syrian refugees wait at the border. A "
        "Sudanese paramilitary leader was designated, and Latin American representatives spoke."
    )
    targets = {m.target.rsplit("/", 1)[-1] for m in mentions}
    assert not targets & {"Sudan", "Afghanistan", "Syria", "UnitedStates"}


def test_a_demonym_inside_a_known_name_stays_that_name(extract):
    mentions, _ = extract("The Sudanese Armed Forces and the Rapid Support Forces fought in Khartoum.")
    assert "Sudan" not in {m.target.rsplit("/", 1)[-1] for m in mentions}


def test_first_person_in_a_statement_is_the_speaking_state(extract):
    text = (
        "In 2005 (I) we pledged to protect. I ask this Assembly to act, and our Organization must not fail."
    )
    mentions, _ = extract(text, STATEMENT)
    speaker = [m for m in mentions if m.target == IRELAND]
    assert len(speaker) == 1  # once a passage: the passage mentions its speaker
    assert speaker[0].surface == "we" and text[speaker[0].char_start : speaker[0].char_end] == "we"
    found = resolved(mentions)
    assert found["Assembly"] == "UNGeneralAssembly"
    assert "UnitedNations" in {found.get("Organization"), found.get("our Organization")}


def test_the_council_in_a_statement_is_the_security_council_unless_another_was_named(extract):
    text = "The Council failed to act on Freedonia, and the Council of Europe sent observers."
    mentions, _ = extract(text, STATEMENT)
    council = [m for m in mentions if m.surface == "Council"]
    assert [m.target for m in council] == [str(APKGR.UNSecurityCouncil)]  # not the Council of Europe
    assert resolved(extract(text)[0]) == {}  # outside a General Assembly statement, no one
    after, _ = extract("The Human Rights Council met in June. The Council adopted its report.", STATEMENT)
    assert str(APKGR.UNSecurityCouncil) not in {m.target for m in after}


def test_first_person_elsewhere_is_no_one(extract):
    text = "We pledged to protect, and this Assembly must act."
    assert resolved(extract(text)[0]) == {}
    webpage = SourceMeta(doc_id="page", path="page.html", institution="Ireland", doc_type="webpage")
    assert resolved(extract(text, webpage)[0]) == {}


def test_numeral_i_is_not_the_speaker(extract):
    mentions, _ = extract("Part I of the report, item (i), and World War I.", STATEMENT)
    assert IRELAND not in {m.target for m in mentions}


def test_short_form_after_the_full_name_is_the_same_actor(extract):
    mentions, new_actors = extract(
        "Kofi Annan proposed reforms. Annan later said that the Freedonia Truth Commission would "
        "report soon, and the Commission heard 200 witnesses."
    )
    annan = [m for m in mentions if m.surface == "Annan"]
    assert annan and {m.target for m in annan} == {str(APKGR.KofiAnnan)}
    commission = {m.target for m in mentions if m.surface.endswith("Commission")}
    assert len(commission) == 1
    assert not [actor for actor in new_actors if actor.name == "Annan"]


def test_a_short_form_counts_in_the_next_passages_of_its_document(settings):
    extractor = make_extractor(settings.extract)
    first, then = "The Freedonia Electoral Commission opened hearings.", "The Commission heard 200 witnesses."
    passages = [Passage("d1", 0, first, 0, len(first)), Passage("d1", 1, then, 100, 100 + len(then))]
    passages.append(Passage("d2", 0, then, 0, len(then)))  # another document: no full name before
    results = list(extractor.extract(passages, n_process=1))
    named = {m.target for m in results[0][1] if m.surface.endswith("Commission")}
    later = [m for m in results[1][1] if m.surface == "Commission"]
    assert len(named) == 1 and [m.target for m in later] == list(named)
    assert later[0].char_start == 100 + then.index("Commission")
    assert not [m for m in results[2][1] if m.surface == "Commission" and m.target in named]


def test_a_short_form_is_the_head_of_the_name_and_two_actors_share_none(extract):
    mentions, _ = extract(
        "The Committee against Torture met in May. The Committee adopted its report in June."
    )
    committee = {m.target for m in mentions if "Committee" in m.surface}
    assert len(committee) == 1 and len([m for m in mentions if m.surface == "Committee"]) == 1
    mentions, _ = extract(
        "The Committee against Torture and the Freedonia Electoral Committee met. The Committee "
        "adopted its report."
    )
    assert not [m for m in mentions if m.surface == "Committee"]


def test_a_state_has_no_short_form(extract):
    mentions, _ = extract("South Africa hosted the summit. Africa needs peace.")
    africa = [m for m in mentions if m.surface == "Africa"]
    assert all(m.target != str(APKGR.SouthAfrica) for m in africa)


def speech_corpus(root: Path, title: str, author: str) -> Path:
    """A corpus folder whose manifest describes one speech, s-1."""
    corpus = root / "corpus"
    corpus.mkdir()
    (corpus / "MANIFEST.csv").write_text(
        f"id,file,title,author_or_institution,doc_type\ns-1,docs/s-1.txt,{title},{author},speech\n",
        encoding="utf-8",
    )
    return corpus


def test_manifest_rows_describe_the_gold_documents(tmp_path: Path):
    corpus = speech_corpus(tmp_path, "Statement", "Government of Ireland (UN General Assembly)")
    [meta] = read_manifest(corpus)
    assert (meta.doc_id, meta.doc_type, meta.institution) == ("s-1", "speech", STATEMENT.institution)
    gold = tmp_path / "eval" / "gold.jsonl"
    assert gold_sources(gold, [{"doc": "s-1"}], [corpus]) == {"s-1": meta}
    with pytest.raises(SourceError, match=r"s-2 .*--corpus"):
        gold_sources(gold, [{"doc": "s-1"}, {"doc": "s-2"}], [corpus])
    with pytest.raises(SourceError, match=r"MANIFEST\.csv"):
        read_manifest(tmp_path)


def test_eval_reads_the_speaker_from_the_corpus_beside_the_gold(tmp_path: Path):
    speech_corpus(tmp_path, "Statement in the UN General Assembly", "Ireland")
    (tmp_path / "eval").mkdir()
    gold = tmp_path / "eval" / "gold.jsonl"
    line = {
        "id": "g1",
        "doc": "s-1",
        "text": "We call for early warning.",
        "concepts": [],
        "actors": ["Ireland"],
    }
    gold.write_text(json.dumps(line) + "\n", encoding="utf-8")
    scorer = SHARED_EVAL / "score.py"
    if not scorer.exists():
        pytest.skip(f"no scorer at {scorer}")
    out = tmp_path / "results.jsonl"
    args = ["eval", "extraction", str(gold), "--out", str(out), "--scorer", str(scorer), "--json"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["actor_recall"] == 1.0
    assert json.loads(out.read_text(encoding="utf-8"))["actors"] == ["Ireland"]
    elsewhere = tmp_path / "other"
    elsewhere.mkdir()
    args = ["eval", "extraction", str(gold), "--out", str(out), "--corpus", str(elsewhere)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 1 and "MANIFEST.csv" in result.output
