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
