"""A build stores the R2P statements of its speeches, with the passage and span as evidence, writes
them into the graph as annotations that the data shapes accept and the competency queries read,
and derives them again when only the statements' version changed."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from apkg.app.cli import app
from apkg.build import build
from apkg.ingest.statements import STATEMENTS_VERSION
from apkg.kb import KnowledgeBase
from apkg.layout import read_manifest, write_manifest
from apkg.ontology import APKGR, QUERIES_DIR

from .helpers import write_text_corpus

# Sentences written for this test: (file, delegation, year, text)
SPEECHES = [
    ("ruritania-2011.txt", "Rwanda", "2011",
     "Mr. President, my delegation speaks of peace.\n\nWe must never again allow the responsibility to "
     "protect to be used as a pretext for regime change and military intervention.\n\nWe thank you."),
    ("ghana-2009.txt", "Ghana", "2009",
     "We strongly support the responsibility to protect and call for its full implementation.\n\n"
     "Every Government has a responsibility to protect the environment for future generations."),
    ("chile-2012.txt", "Chile", "2012", "Mr. President, my delegation speaks of development and of trade."),
]  # fmt: skip


@pytest.fixture(scope="module")
def statements_kb(tmp_path_factory, settings) -> Path:
    root = tmp_path_factory.mktemp("statements")
    speeches = [(name, delegation, year, "speech", text) for name, delegation, year, text in SPEECHES]
    build(write_text_corpus(root / "corpus", speeches), root / "kb", settings, progress=False)
    return root / "kb"


def _stored(kb: Path) -> list[tuple[str, str, str | None, str]]:
    knowledge_base = KnowledgeBase.open(kb)
    text = {d.meta.doc_id: knowledge_base.document_text(d.meta.doc_id) for d in knowledge_base.documents()}
    return [
        (s.doc_id, s.sense, s.stance, text[s.doc_id][s.char_start : s.char_end])
        for s in knowledge_base.records.statements()
    ]


def _rows(kb: Path, query: str) -> list[dict[str, str]]:
    table = KnowledgeBase.open(kb).sparql((QUERIES_DIR / query).read_text(encoding="utf-8")).table()
    return [dict(zip(table.columns, row, strict=True)) for row in table.rows]


def test_the_build_stores_each_sentence_with_sense_stance_and_span(statements_kb):
    stored = _stored(statements_kb)
    assert [(doc, sense, stance) for doc, sense, stance, _ in stored] == [
        ("ghana-2009", "concept", "support"),
        ("ghana-2009", "everyday", None),
        ("ruritania-2011", "concept", "critical"),
    ]
    assert all("responsibility to protect" in span for *_, span in stored)  # the span holds the sentence


def test_statements_are_annotations_the_competency_queries_read(statements_kb):
    critics = _rows(statements_kb, "r2p-critics-2011-2012.rq")
    first = _rows(statements_kb, "r2p-first-use-per-state.rq")
    assert [(row["state"], row["year"]) for row in critics] == [(str(APKGR.Rwanda), "2011")]
    assert "pretext" in critics[0]["sentence"]
    assert {row["state"]: row["first"] for row in first} == {
        str(APKGR.Ghana): "2009",
        str(APKGR.Rwanda): "2011",
    }  # the everyday phrase is not a use of the norm


def test_a_new_statements_version_restates_without_reading_again(statements_kb, settings):
    manifest = read_manifest(statements_kb)
    write_manifest(statements_kb, {**manifest, "derived": {**manifest["derived"], "statements": "0"}})
    summary = build(statements_kb.parent / "corpus", statements_kb, settings, progress=False)
    assert summary.processed == 0  # nothing read or extracted again
    assert read_manifest(statements_kb)["derived"]["statements"] == STATEMENTS_VERSION
    assert len(_stored(statements_kb)) == 3


def test_the_tracker_counts_sense_and_stance_by_speaker_and_year(statements_kb):
    table = KnowledgeBase.open(statements_kb).r2p_stances(speakers=["Ghana", "RWA"])
    counts = [(r.speakers, r.year, r.speeches, r.sentences, r.everyday, r.support, r.critical, r.neutral)
              for r in table.rows]  # fmt: skip
    assert counts == [("Ghana", 2009, 1, 2, 1, 1, 0, 0), ("Rwanda", 2011, 1, 1, 0, 0, 1, 0)]
    assert [s.doc_id for s in table.statements] == ["ghana-2009", "ghana-2009", "ruritania-2011"]
    critical = KnowledgeBase.open(statements_kb).r2p_stances(stance="critical")
    assert [(s.speaker, s.rule is not None, "pretext" in s.sentence) for s in critical.statements] == [
        ("Rwanda", True, True)
    ]
    assert "everyday" in table.to_csv().splitlines()[0] and table.denominator in table.to_csv()


def test_apkg_trends_r2p_prints_counts_and_sentences(statements_kb):
    runner = CliRunner()
    base = ["trends", "r2p", "--kb", str(statements_kb)]
    counts = list(csv.DictReader(io.StringIO(runner.invoke(app, [*base, "--format", "csv"]).stdout)))
    assert [(r["speakers"], r["year"], r["support"], r["critical"]) for r in counts] == [
        ("all speakers", "2009", "1", "0"),
        ("all speakers", "2011", "0", "1"),
    ]
    sentences = runner.invoke(app, [*base, "--sentences", "--stance", "critical"], env={"COLUMNS": "240"})
    assert sentences.exit_code == 0 and "pretext" in sentences.stdout and "Rwanda" in sentences.stdout
    data = json.loads(runner.invoke(app, [*base, "--state", "Ghana", "--format", "json"]).stdout)
    assert [s["sense"] for s in data["statements"]] == ["concept", "everyday"]
    wrong = runner.invoke(app, [*base, "--stance", "hostile"], env={"COLUMNS": "240"})
    assert wrong.exit_code != 0 and "support, critical or neutral" in wrong.output
