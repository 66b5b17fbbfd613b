"""A speech is linked to the state whose delegation gave it (``dcterms:creator``), however its
manifest or sidecar names the delegation; other documents, and speakers the ontology does not know,
get no creator."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from apkg.ontology import APKGR, first_person_iri, speaker_iri
from apkg.records import SourceMeta

SPEECHES = {
    # file: (delegation as the manifest gives it, date, expected state)
    "rwanda-1994.txt": ("Government of Rwanda (UN General Assembly)", "1994", "Rwanda"),
    "rwanda-1998.txt": ("Rwanda", "1998", "Rwanda"),
    "zaire-1995.txt": ("Government of Democratic Republic of the Congo (Zaire) (UN General Assembly)", "1995",
                       "DemocraticRepublicOfTheCongo"),
    "freedonia-2001.txt": ("Freedonia", "2001", None),
}  # fmt: skip
TEXT = (
    "Mr. President, my delegation speaks of early warning and of mediation. The Security Council "
    "must act before genocide, and regional organisations such as the African Union must help."
)


def _meta(**fields: str) -> SourceMeta:
    return SourceMeta(doc_id="d", path="d.txt", **fields)


def test_speaker_of_a_speech():
    rwanda = _meta(doc_type="speech", institution="Government of Rwanda (UN General Assembly)")
    assert speaker_iri(rwanda) == str(APKGR.Rwanda)
    assert speaker_iri(_meta(doc_type="speech", institution="European Union")) == str(APKGR.EuropeanUnion)
    assert speaker_iri(_meta(doc_type="report", institution="Rwanda")) is None  # not a speech
    assert speaker_iri(_meta(doc_type="speech", institution="Freedonia")) is None
    assert speaker_iri(_meta(doc_type="speech", institution="Darfur")) is None  # a place, not an actor


def test_first_person_of_a_document():
    # a speech's "we" is its delegation's state; a text by a state's executive speaks for the state
    # (apkg:speaksFor); a report's "we" is its authors, whom relations do not read
    rwanda = _meta(doc_type="speech", institution="Government of Rwanda (UN General Assembly)")
    assert first_person_iri(rwanda) == str(APKGR.Rwanda)
    white_house = _meta(doc_type="webpage", institution="The White House (Biden-Harris Administration)")
    assert first_person_iri(white_house) == str(APKGR.UnitedStates)
    assert first_person_iri(_meta(doc_type="webpage", institution="US Department of State")) == str(
        APKGR.UnitedStates
    )
    museum = _meta(doc_type="report", institution="United States Holocaust Memorial Museum")
    assert first_person_iri(museum) is None
    assert first_person_iri(_meta(doc_type="law", institution="US Congress")) is None  # a legislature
    assert speaker_iri(white_house) is None  # the creator of a speech only


@pytest.fixture(scope="module")
def speeches_kb(tmp_path_factory, settings) -> Path:
    from apkg.build import build

    root = tmp_path_factory.mktemp("speeches")
    corpus = root / "corpus"
    corpus.mkdir()
    for name, (delegation, date, _) in SPEECHES.items():
        (corpus / name).write_text(TEXT, encoding="utf-8")
        meta = {"title": f"Statement {name}", "institution": delegation, "date": date, "doc_type": "speech"}
        (corpus / f"{name}.meta.json").write_text(json.dumps(meta), encoding="utf-8")
    (corpus / "report.txt").write_text(TEXT, encoding="utf-8")
    meta = {"title": "A report", "institution": "Rwanda", "doc_type": "report"}
    (corpus / "report.txt.meta.json").write_text(json.dumps(meta), encoding="utf-8")
    build(corpus, root / "kb", settings, progress=False)
    return root / "kb"


def test_speeches_link_to_their_state_in_the_graph(speeches_kb):
    from apkg.graph.store import OxigraphStore

    from .test_graph import validate_instances

    store = OxigraphStore.open(speeches_kb)
    rows = store.query(
        "SELECT ?title ?creator WHERE { ?doc a <https://w3id.org/apkg/ontology#Document> ; "
        "<http://purl.org/dc/terms/title> ?title ; <http://purl.org/dc/terms/creator> ?creator }"
    )
    creators = {row["title"].value: row["creator"].value for row in rows}
    assert creators == {
        f"Statement {name}": str(APKGR[state]) for name, (_, _, state) in SPEECHES.items() if state
    }
    conforms, text, _ = validate_instances(store)
    assert conforms, text[:2000]


def test_competency_query_speeches_by_delegation(speeches_kb):
    from .test_corpus_build import _answers

    rows = _answers(speeches_kb, "speeches-by-delegation-per-year")
    rwanda = [(row["year"], int(row["speeches"])) for row in rows if row["delegation"] == str(APKGR.Rwanda)]
    assert rwanda == [("1994", 1), ("1998", 1)]
    assert {row["code"] for row in rows} == {"RWA", "COD"}
