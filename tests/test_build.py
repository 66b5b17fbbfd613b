"""`apkg build` on the mini corpus: contents, bad input, incremental updates and atomic writes."""

from __future__ import annotations

import dataclasses
import hashlib
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from apkg.app.cli import app
from apkg.build import build
from apkg.errors import KnowledgeBaseError
from apkg.kb import KnowledgeBase
from apkg.layout import read_manifest
from apkg.ontology import ONTOLOGY_DIR, extraction_hash, ontology_hash

from .conftest import PDF_PAGES
from .helpers import write_encrypted_pdf

runner = CliRunner()


def _fingerprint(kb: Path) -> dict[str, str]:
    return {
        str(p.relative_to(kb)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(kb.rglob("*"))
        if p.is_file()
    }


def test_build_stores_documents_passages_and_mentions(mini_corpus: Path, tmp_path: Path, settings):
    summary = build(mini_corpus, tmp_path / "kb", settings, progress=False)
    assert summary.ok and summary.processed == summary.documents == 5
    kb = KnowledgeBase.open(tmp_path / "kb")
    passages = list(kb.passages("monitoring-report"))
    assert passages[0].page == 1
    mentions = list(kb.mentions())
    targets = {m.target.rsplit("#", 1)[-1].rsplit("/", 1)[-1] for m in mentions}
    assert {"EarlyWarning", "TargetedSanctions", "ArmsEmbargo", "TruthCommissions", "AfricanUnion"} <= targets
    assert any(m.kind == "date" and m.target == "1994" for m in mentions)
    for mention in mentions:
        assert kb.document_text(mention.doc_id)[mention.char_start : mention.char_end] == mention.surface
    assert summary.mentions_by_kind["tool"] >= 10


def test_bad_inputs_are_named_and_skipped(mini_corpus: Path, tmp_path: Path, settings):
    (mini_corpus / "gone.txt").symlink_to(mini_corpus / "no-such-file.txt")
    (mini_corpus / "corrupt.pdf").write_bytes(b"%PDF-1.4\n" + bytes(range(256)) * 4)
    write_encrypted_pdf(mini_corpus / "encrypted.pdf", PDF_PAGES)
    (mini_corpus / "empty.txt").write_bytes(b"")
    (mini_corpus / "big.txt").write_text("early warning " * 8000, encoding="utf-8")
    (mini_corpus / "page.pdf").write_text("<html><body>not a pdf</body></html>", encoding="utf-8")
    (mini_corpus / "sheet.docx").write_text("plain text", encoding="utf-8")
    (mini_corpus / "data.xlsx").write_bytes(b"PK\x03\x04")
    limited = dataclasses.replace(settings, ingest=dataclasses.replace(settings.ingest, max_bytes=60_000))
    summary = build(mini_corpus, tmp_path / "kb", limited, progress=False)
    reasons = {Path(path).name: reason for path, reason in summary.failures}
    assert reasons["gone.txt"].startswith("broken link to ")
    assert reasons["corrupt.pdf"].startswith("corrupt PDF")
    assert reasons["encrypted.pdf"].startswith("encrypted PDF")
    assert reasons["empty.txt"] == "empty file"
    assert "over the limit of 60,000" in reasons["big.txt"]
    assert reasons["page.pdf"].startswith("named .pdf but is not a PDF")
    assert reasons["sheet.docx"] == "named .docx but is not a Word (zip) document"
    assert reasons["data.xlsx"].startswith("unsupported format .xlsx")
    assert len(reasons) == 8
    assert summary.documents == 5  # the good documents are all in


def test_cli_exit_status_and_one_line_per_failure(mini_corpus: Path, tmp_path: Path):
    (mini_corpus / "empty.txt").write_bytes(b"")
    result = runner.invoke(app, ["build", "--corpus", str(mini_corpus), "--kb", str(tmp_path / "kb"), "-q"])
    assert result.exit_code == 3, result.output
    [line] = [line for line in result.output.splitlines() if line.startswith("failed")]
    assert line == f"failed {mini_corpus / 'empty.txt'}: empty file"


def test_failed_update_keeps_the_previous_version(mini_corpus: Path, tmp_path: Path, settings):
    kb = tmp_path / "kb"
    build(mini_corpus, kb, settings, progress=False)
    before = [p.text for p in KnowledgeBase.open(kb).passages("briefing")]
    (mini_corpus / "briefing.md").write_bytes(b"\xff\xfe\x00broken" + "caf\xe9".encode("latin-1"))
    summary = build(mini_corpus, kb, settings, progress=False)
    assert [Path(p).name for p, _ in summary.failures] == ["briefing.md"]
    assert [p.text for p in KnowledgeBase.open(kb).passages("briefing")] == before


def test_incremental_skip_change_and_removal(mini_corpus: Path, tmp_path: Path, settings):
    kb = tmp_path / "kb"
    first = build(mini_corpus, kb, settings, progress=False)
    again = build(mini_corpus, kb, settings, progress=False)
    assert (again.processed, again.unchanged) == (0, 5)
    assert again.seconds < first.seconds * 0.05
    note = mini_corpus / "field-note.txt"
    note.write_text(
        note.read_text(encoding="utf-8") + "\nA new paragraph about mediation.\n", encoding="utf-8"
    )
    changed = build(mini_corpus, kb, settings, progress=False)
    assert (changed.processed, changed.unchanged) == (1, 4)
    assert "mediation" in KnowledgeBase.open(kb).document_text("field-note")
    (mini_corpus / "bulletin.html").unlink()
    removed = build(mini_corpus, kb, settings, progress=False)
    assert removed.removed == 1
    opened = KnowledgeBase.open(kb)
    assert not list(opened.passages("bulletin")) and not list(opened.mentions("bulletin"))
    assert "bulletin" not in opened.manifest["sources"]


TURTLE_PREFIXES = (
    "@prefix apkg: <https://w3id.org/apkg/ontology#> .\n"
    "@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
    "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
    "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
)
UNREAD_CLASS = "apkg:ReadingNote a owl:Class ; rdfs:subClassOf apkg:Document .\n"


def test_extraction_hash_changes_with_a_label_not_with_what_extraction_does_not_read(
    ontology_copy: Path, tmp_path: Path, monkeypatch
):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    extra = ontology_copy / "extra.ttl"
    before, files_before = extraction_hash(ontology_copy), ontology_hash(ontology_copy)
    unread = 'apkg:Mediation skos:definition "Talks."@en ; apkg:sphere apkg:RecoverySphere .\n'
    extra.write_text(TURTLE_PREFIXES + UNREAD_CLASS + unread)
    assert ontology_hash(ontology_copy) != files_before
    assert extraction_hash(ontology_copy) == before
    extra.write_text(TURTLE_PREFIXES + 'apkg:Mediation skos:altLabel "shuttle talks"@en .\n')
    assert extraction_hash(ontology_copy) != before


def test_the_extractor_reads_the_same_from_its_part_of_the_ontology(ontology_graph):
    from rdflib import RDF, RDFS

    from apkg.ontology import APKG, StateRegister, extraction_graph
    from apkg.ontology.lexicon import build_lexicon

    def read_by_the_resolver(graph):  # as ActorResolver.from_graph: demonyms, states, persons
        def members(cls):
            return {
                s
                for c in graph.transitive_subjects(RDFS.subClassOf, cls)
                for s in graph.subjects(RDF.type, c)
            }

        return set(graph.subject_objects(APKG.demonym)), members(APKG.State), members(APKG.Person)

    part = extraction_graph(ontology_graph)
    assert len(part) < len(ontology_graph) * 0.6
    assert build_lexicon(part) == build_lexicon(ontology_graph)
    assert StateRegister.from_graph(part) == StateRegister.from_graph(ontology_graph)
    assert read_by_the_resolver(part) == read_by_the_resolver(ontology_graph)


def test_an_ontology_edit_extraction_does_not_read_rewrites_only_the_graph(
    mini_corpus: Path, tmp_path: Path, settings, ontology_copy: Path, monkeypatch
):
    from apkg.graph.store import OxigraphStore

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    kb = tmp_path / "kb"
    build(mini_corpus, kb, settings, progress=False)
    pipeline = read_manifest(kb)["pipeline"]
    (ontology_copy / "extra.ttl").write_text(TURTLE_PREFIXES + UNREAD_CLASS)
    files = sorted(ontology_copy.glob("*.ttl"))
    monkeypatch.setattr("apkg.ontology.load.ontology_files", lambda directory=ONTOLOGY_DIR: files)
    again = build(mini_corpus, kb, settings, progress=False)
    assert (again.processed, again.unchanged) == (0, 5)
    assert read_manifest(kb)["pipeline"] == pipeline and read_manifest(kb)["ontology"] == ontology_hash()
    found = OxigraphStore.open(kb).query(
        "PREFIX apkg: <https://w3id.org/apkg/ontology#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
        "SELECT ?super { apkg:ReadingNote rdfs:subClassOf ?super }"
    )
    assert [row["super"].value for row in found] == ["https://w3id.org/apkg/ontology#Document"]


def test_crash_mid_build_leaves_the_kb_untouched(mini_corpus: Path, tmp_path: Path, settings, monkeypatch):
    kb = tmp_path / "kb"
    build(mini_corpus, kb, settings, progress=False)
    before = _fingerprint(kb)
    (mini_corpus / "field-note.txt").write_text("A changed note about early warning.", encoding="utf-8")

    def crash(*args, **kwargs):
        raise RuntimeError("power cut")

    monkeypatch.setattr("apkg.ingest.stream.process_documents", crash)
    with pytest.raises(RuntimeError, match="power cut"):
        build(mini_corpus, kb, settings, progress=False)
    assert _fingerprint(kb) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [".kb.lock", "corpus", "kb"]  # no staging left


def test_refuses_to_overwrite_a_folder_that_is_not_a_kb(mini_corpus: Path, tmp_path: Path, settings):
    target = tmp_path / "precious"
    target.mkdir()
    (target / "notes.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(KnowledgeBaseError, match="not a knowledge base"):
        build(mini_corpus, target, settings, progress=False)
    assert (target / "notes.txt").read_text(encoding="utf-8") == "keep me"


def test_open_names_what_is_missing(tmp_path: Path):
    with pytest.raises(KnowledgeBaseError, match="apkg build"):
        KnowledgeBase.open(tmp_path / "nowhere")
    shutil.rmtree(tmp_path, ignore_errors=True)


def test_build_from_two_corpus_folders(mini_corpus: Path, tmp_path: Path):
    extra = tmp_path / "extra"
    extra.mkdir()
    (extra / "field-notes.txt").write_text(
        "Field notes. Monitors reported hate speech on local radio and asked the regional "
        "organisation for preventive diplomacy before the elections.\n",
        encoding="utf-8",
    )
    kb = tmp_path / "kb"
    both = runner.invoke(
        app, ["build", "-q", "--corpus", str(mini_corpus), "--corpus", str(extra), "--kb", str(kb)]
    )
    assert both.exit_code == 0, both.output
    assert len(KnowledgeBase.open(kb).documents()) == 6
    one = runner.invoke(app, ["build", "-q", "--corpus", str(mini_corpus), "--kb", str(kb)])
    assert one.exit_code == 0, one.output
    assert len(KnowledgeBase.open(kb).documents()) == 5
