"""What an update must never do: serve stale text, ignore a metadata edit, lose a concurrent
build's work, crash or mix builds in an open reader, leave a staging copy behind, or print a
traceback when the disk refuses a write."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from apkg.app.cli import app
from apkg.build import build
from apkg.kb import KnowledgeBase

from .kb_content import kb_content

runner = CliRunner()
HOLD_THE_LOCK = """
import sys, time
from pathlib import Path
from apkg.staging import build_lock
with build_lock(Path(sys.argv[1])):
    print("locked", flush=True)
    time.sleep(60)
"""
ELEPHANT = "Observers reported that the elephant sanctuary became a refuge for displaced families."
ZEBRA = "A zebra crossing outside the tribunal was where witnesses gathered before the hearings."


def _lexical_docs(kb: KnowledgeBase, query: str) -> list[str]:
    return [hit.doc_id for hit in kb.search(query, mode="lexical", expand=False)]


def _one_error_line(output: str) -> str:
    [line] = [line for line in output.splitlines() if line.strip()]
    assert line.startswith("Error:"), output
    return line


def test_lexical_index_follows_a_removed_and_a_new_document(mini_corpus: Path, tmp_path: Path, settings):
    """The most recently added document is removed and another added: SQLite must not give the
    new passages the old rowids, or the full-text index would serve the removed text for them."""
    kb_path = tmp_path / "kb"
    (mini_corpus / "zz-last.txt").write_text(ELEPHANT, encoding="utf-8")
    build(mini_corpus, kb_path, settings, progress=False)
    (mini_corpus / "zz-last.txt").unlink()
    (mini_corpus / "zz-newer.txt").write_text(ZEBRA, encoding="utf-8")
    build(mini_corpus, kb_path, settings, progress=False)
    kb = KnowledgeBase.open(kb_path)
    assert _lexical_docs(kb, "elephant sanctuary") == []
    assert _lexical_docs(kb, "zebra crossing") == ["zz-newer"]
    for hit in kb.search("elephant sanctuary"):  # hybrid: no passage ranks lexically for words it lacks
        assert hit.lexical_rank is None or "elephant" in hit.text.lower()


def test_a_metadata_edit_alone_is_applied(mini_corpus: Path, tmp_path: Path, settings):
    kb_path = tmp_path / "kb"
    build(mini_corpus, kb_path, settings, progress=False)
    sidecar = mini_corpus / "field-note.txt.meta.json"
    meta = json.loads(sidecar.read_text(encoding="utf-8"))
    sidecar.write_text(json.dumps({**meta, "title": "Corrected field note", "date": "2019-03-01"}), "utf-8")
    summary = build(mini_corpus, kb_path, settings, progress=False)
    assert summary.processed == 1 and summary.unchanged == 4
    kb = KnowledgeBase.open(kb_path)
    record = kb.document("field-note")
    assert (record.meta.title, record.meta.date) == ("Corrected field note", "2019-03-01")
    assert _lexical_docs(kb, "corrected")[:1] == ["field-note"]  # the title is in the full-text context
    fresh = tmp_path / "fresh"
    build(mini_corpus, fresh, settings, progress=False)
    assert kb_content(kb_path) == kb_content(fresh)  # graph titles, vectors (title + text) included


def test_a_second_build_is_refused_while_one_runs(mini_corpus: Path, tmp_path: Path, settings):
    """While one build holds the knowledge base, another is refused with one line, and the
    knowledge base stays as the first left it."""
    kb_path = tmp_path / "kb"
    build(mini_corpus, kb_path, settings, progress=False)
    before = kb_content(kb_path)
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_THE_LOCK, str(kb_path)],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout.readline().strip() == "locked"
        (mini_corpus / "field-note.txt").write_text(ZEBRA, encoding="utf-8")
        result = runner.invoke(app, ["build", "-q", "--corpus", str(mini_corpus), "--kb", str(kb_path)])
        assert result.exit_code == 1
        assert "another apkg build is updating this knowledge base" in _one_error_line(result.output)
        assert kb_content(kb_path) == before
    finally:
        holder.kill()
        holder.wait()
    assert build(mini_corpus, kb_path, settings, progress=False).processed == 1  # the lock died with it


def test_an_open_reader_switches_to_a_rebuild_whole(mini_corpus: Path, tmp_path: Path, settings):
    kb_path = tmp_path / "kb"
    build(mini_corpus, kb_path, settings, progress=False)
    searched, untouched = KnowledgeBase.open(kb_path), KnowledgeBase.open(kb_path)
    assert searched.search("arms embargo", k=3)
    (mini_corpus / "field-note.txt").write_text(ZEBRA, encoding="utf-8")
    (mini_corpus / "bulletin.html").unlink()
    build(mini_corpus, kb_path, settings, progress=False)
    for kb in (searched, untouched):  # with and without a searcher loaded before the rebuild
        assert _lexical_docs(kb, "zebra crossing") == ["field-note"]
        assert kb.search("zebra crossing witnesses", k=1)[0].doc_id == "field-note"
        assert "bulletin" not in {record.meta.doc_id for record in kb.documents()}
        assert kb.build_id == json.loads((kb_path / "kb.json").read_text(encoding="utf-8"))["build_id"]


def test_readers_during_rebuilds_never_crash_nor_mix(mini_corpus: Path, tmp_path: Path, settings):
    kb_path = tmp_path / "kb"
    build(mini_corpus, kb_path, settings, progress=False)
    kb = KnowledgeBase.open(kb_path, any_thread=True)
    versions = [{"bulletin", "briefing", "field-note", "monitoring-report", "practitioner-guide"}]
    problems: list[BaseException] = []
    seen: list[set[str]] = []
    stop = threading.Event()

    def read() -> None:
        while not stop.is_set():
            try:
                kb.search("early warning and sanctions", k=20)
                seen.append({record.meta.doc_id for record in kb.documents()})
            except BaseException as exc:  # any failure is the finding
                problems.append(exc)

    reader = threading.Thread(target=read)
    reader.start()
    try:
        for name in ("one", "two", "three"):
            (mini_corpus / f"{name}.txt").write_text(f"{ELEPHANT} Update {name}.", encoding="utf-8")
            build(mini_corpus, kb_path, settings, progress=False)
            versions.append(versions[-1] | {name})
    finally:
        stop.set()
        reader.join()
    assert not problems, problems[:3]
    assert seen and all(documents in versions for documents in seen)  # each answer is of one build
    assert {record.meta.doc_id for record in kb.documents()} == versions[-1]


def test_a_killed_build_leaves_no_staging_copy_behind(mini_corpus: Path, tmp_path: Path, settings):
    kb_path = tmp_path / "kb"
    build(mini_corpus, kb_path, settings, progress=False)
    before = kb_content(kb_path)
    for number in range(6):
        (mini_corpus / f"extra-{number}.txt").write_text(f"{ZEBRA} Copy {number}.", encoding="utf-8")
    command = [sys.executable, "-m", "apkg.app.cli", "build", "-q", "--corpus", str(mini_corpus),
               "--kb", str(kb_path)]  # fmt: skip
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while not list(tmp_path.glob(".kb.staging-*")) and time.monotonic() < deadline:
        time.sleep(0.02)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert list(tmp_path.glob(".kb.staging-*")), "the build was not caught mid-way"
    assert kb_content(kb_path) == before
    build(mini_corpus, kb_path, settings, progress=False)
    assert sorted(path.name for path in tmp_path.iterdir()) == [".kb.lock", "corpus", "kb"]


def test_kb_that_is_a_file_is_one_line(mini_corpus: Path, tmp_path: Path):
    target = tmp_path / "notes.txt"
    target.write_text("keep me", encoding="utf-8")
    result = runner.invoke(app, ["build", "-q", "--corpus", str(mini_corpus), "--kb", str(target)])
    assert result.exit_code == 1
    assert "is a file, not a knowledge-base directory" in _one_error_line(result.output)
    assert target.read_text(encoding="utf-8") == "keep me"


@pytest.fixture
def small_disk(tmp_path: Path):
    """A 48 MB tmpfs mounted for the test (real ENOSPC and EROFS); skips where mounting is not allowed."""
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=48m", "tmpfs", str(mount)], capture_output=True
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here: {done.stderr.decode().strip()}")
    yield mount
    subprocess.run(["umount", "-l", str(mount)], check=False)


def test_disk_full_and_read_only_are_one_line_and_change_nothing(
    mini_corpus: Path, small_disk: Path, settings
):
    kb_path = small_disk / "kb"
    build(mini_corpus, kb_path, settings, progress=False)
    before = kb_content(kb_path)
    (mini_corpus / "field-note.txt").write_text(ZEBRA, encoding="utf-8")
    arguments = ["build", "-q", "--corpus", str(mini_corpus), "--kb", str(kb_path)]

    ballast = small_disk / "ballast"
    free = shutil.disk_usage(small_disk).free
    with ballast.open("wb") as handle:  # leave less room than a staging copy needs
        handle.truncate(0)
        handle.write(b"\0" * max(0, free - 256 * 1024))
    full = runner.invoke(app, arguments)
    assert full.exit_code == 1
    assert "No space left on device" in _one_error_line(full.output)
    assert "the knowledge base is unchanged" in full.output
    assert kb_content(kb_path) == before
    assert sorted(path.name for path in small_disk.iterdir()) == [".kb.lock", "ballast", "kb"]
    ballast.unlink()

    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    read_only = runner.invoke(app, arguments)
    assert read_only.exit_code == 1
    assert "Read-only file system" in _one_error_line(read_only.output)
    assert kb_content(kb_path) == before
