"""The default corpus manifest, `apkg corpus fetch` from a local copy and `apkg corpus verify`."""

from __future__ import annotations

import csv
import hashlib
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
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


@pytest.fixture
def file_server(tmp_path: Path):
    """(folder, base URL) of a plain HTTP server on 127.0.0.1 serving the folder."""
    root = tmp_path / "site"
    root.mkdir()
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_QuietHandler, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield root, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *_: object) -> None:
        pass


def test_fetch_keeps_only_verified_downloads_within_the_size_limit(file_server, tmp_path: Path):
    root, base = file_server
    files = {"good.txt": b"a verified document\n", "tampered.txt": b"the publisher changed this\n"}
    files["huge.txt"] = b"x" * 5000
    for name, data in files.items():
        (root / name).write_bytes(data)
    expected = {name: hashlib.sha256(data).hexdigest() for name, data in files.items()}
    expected["tampered.txt"] = hashlib.sha256(b"what the manifest describes\n").hexdigest()
    manifest = tmp_path / "manifest.csv"
    with manifest.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "file", "source", "sha256"])
        for number, name in enumerate(files, start=1):
            writer.writerow([f"t-{number}", f"docs/{name}", f"Publisher, {base}/{name}", expected[name]])
    target = tmp_path / "corpus"
    results = {r.path: r for r in fetch_corpus(target, manifest=manifest, max_bytes=1000)}
    assert results["docs/good.txt"].status == "downloaded"
    assert (target / "docs/good.txt").read_bytes() == files["good.txt"]
    tampered = results["docs/tampered.txt"]
    assert tampered.status == "mismatch" and "\n" not in tampered.detail
    assert hashlib.sha256(files["tampered.txt"]).hexdigest() in tampered.detail
    assert expected["tampered.txt"] in tampered.detail and "not kept" in tampered.detail
    huge = results["docs/huge.txt"]
    assert huge.status == "failed" and "larger than the 1,000-byte limit; not kept" in huge.detail
    assert sorted(p.name for p in (target / "docs").iterdir()) == ["good.txt"]  # no partial files
