"""The default corpus manifest, `apkg corpus fetch` from a local copy and `apkg corpus verify`."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from apkg.app.cli import app
from apkg.corpus import MANIFEST, fetch_corpus, manifest_rows, verify_corpus

runner = CliRunner()


def test_manifest_describes_the_default_corpus():
    rows = manifest_rows()
    assert len(rows) == 80
    assert all(len(row["sha256"]) == 64 and row["title"] and row["file"] for row in rows)
    assert rows[0]["id"] == "apkg-0001"


def test_verify_the_shared_corpus(shared_corpus: Path):
    assert {status.status for status in verify_corpus(shared_corpus)} == {"ok"}
    result = runner.invoke(app, ["corpus", "verify", str(shared_corpus)])
    assert result.exit_code == 0 and "80 of 80" in result.output


def test_fetch_from_local_copy_then_detect_tampering(shared_corpus: Path, tmp_path: Path):
    target = tmp_path / "corpus"
    results = fetch_corpus(target, local_copy=shared_corpus)
    assert {r.status for r in results} == {"copied"}
    assert (target / "MANIFEST.csv").read_bytes() == MANIFEST.read_bytes()
    assert {r.status for r in fetch_corpus(target, local_copy=shared_corpus)} == {"ok"}
    first = target / manifest_rows()[0]["file"]
    first.write_text("tampered", encoding="utf-8")
    statuses = {r.doc_id: r.status for r in verify_corpus(target)}
    assert statuses["apkg-0001"] == "mismatch"
    result = runner.invoke(app, ["corpus", "verify", str(target)])
    assert result.exit_code == 1 and "mismatch apkg-0001" in result.output
