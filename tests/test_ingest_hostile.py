"""Bad input never stops a build nor eats the machine (issue 16, items 5-9): one line per bad file,
naming it and the problem; the rest is ingested; exit status 3; nothing already stored is lost."""

from __future__ import annotations

import re
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

import pytest
from typer.testing import CliRunner

from apkg.app.cli import app
from apkg.config import IngestSettings
from apkg.errors import SourceError
from apkg.ingest import discover_sources, read_document, split_passages
from apkg.ingest.load import load_source
from apkg.ingest.metadata import doc_id_from_name, unlisted_files
from apkg.kb import KnowledgeBase

from .helpers import write_pdf
from .hostile import (
    GOOD_TEXT,
    LATIN1_TEXT,
    UTF16_TEXT,
    write_docx_parts,
    write_hostile_corpus,
    write_zip_bomb_docx,
)

runner = CliRunner()
UNLISTED = "not listed in MANIFEST.csv; add a row to ingest it"
INSIDE = "must be a relative path inside the corpus folder"


def _build(kb: Path, *folders: Path) -> tuple[int, list[str]]:
    """Run ``apkg build`` in this process; return the exit status and the output lines."""
    corpus = [arg for folder in folders for arg in ("--corpus", str(folder))]
    result = runner.invoke(app, ["build", "-q", "--kb", str(kb), *corpus])
    assert "Traceback" not in result.output
    return result.exit_code, result.output.splitlines()


def _starting(lines: list[str], prefix: str) -> list[str]:
    return [line for line in lines if line.startswith(prefix)]


def _doc_ids(kb: Path) -> set[str]:
    return {document.meta.doc_id for document in KnowledgeBase.open(kb).documents()}


def _corpus(tmp_path: Path, files: dict[str, str]) -> Path:
    corpus = tmp_path / "corpus"
    for name, text in files.items():
        (corpus / name).parent.mkdir(parents=True, exist_ok=True)
        (corpus / name).write_text(text, encoding="utf-8")
    return corpus


# 5. Files the manifest does not list


def test_unlisted_files_are_skipped_with_a_line_and_do_not_fail_the_build(tmp_path: Path):
    corpus = _corpus(
        tmp_path,
        {
            "MANIFEST.csv": "id,file\nlisted,docs/listed.txt\n",
            "docs/listed.txt": GOOD_TEXT,
            "docs/listed.txt.meta.json": '{"title": "Listed"}',
            "README.md": "About this corpus.",
            ".notes.txt": "hidden",
        },
    )
    write_pdf(corpus / "docs" / "forgotten.pdf", [["A report nobody listed."]])
    status, lines = _build(tmp_path / "kb", corpus)
    assert status == 0
    assert _starting(lines, "skipped") == [
        f"skipped {corpus / 'README.md'}: {UNLISTED}",
        f"skipped {corpus / 'docs' / 'forgotten.pdf'}: {UNLISTED}",
    ]
    assert not _starting(lines, "failed")
    [document] = KnowledgeBase.open(tmp_path / "kb").documents()
    assert (document.meta.doc_id, document.meta.title) == ("listed", "Listed")


def test_the_shared_corpus_has_only_its_readme_unlisted_and_no_bad_row(shared_corpus: Path):
    assert unlisted_files(shared_corpus) == [shared_corpus / "README.md"]
    candidates = list(discover_sources(shared_corpus))
    assert len(candidates) == 80 and not [c.error for c in candidates if c.error]


# 6. A zip bomb


def test_zip_bomb_docx_is_refused_from_its_zip_directory(tmp_path: Path):
    corpus = _corpus(tmp_path, {"good.txt": GOOD_TEXT})
    bomb = write_zip_bomb_docx(corpus / "bomb.docx")
    assert bomb.stat().st_size < 1_000_000
    status, lines = _build(tmp_path / "kb", corpus)
    assert status == 3
    assert _starting(lines, "failed") == [
        f"failed {bomb}: unpacks to 420,255,044 bytes (word/document.xml: 419,430,422), "
        "over the limit of 50,000,000 (setting ingest.max_unzipped_bytes)"
    ]
    assert _doc_ids(tmp_path / "kb") == {"good"}


@pytest.mark.parametrize("forged", [False, True], ids=["honest", "forged-directory"])
def test_a_zip_bomb_is_refused_without_inflating_it(tmp_path: Path, forged: bool):
    bomb = write_zip_bomb_docx(tmp_path / "bomb.docx", 100 << 20, forged=forged)
    tracemalloc.start()
    try:
        with pytest.raises(SourceError, match="Bad CRC-32" if forged else "over the limit of 50,000,000"):
            load_source(bomb, limits=IngestSettings())
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 10_000_000  # the member inflates to 100 MB


# 7. Aborts with a traceback


def test_damaged_word_xml_fails_that_file_alone(tmp_path: Path):
    corpus = _corpus(tmp_path, {"good.txt": GOOD_TEXT})
    cut = b'<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml'
    damaged = write_docx_parts(corpus / "damaged.docx", {"word/document.xml": cut})
    status, lines = _build(tmp_path / "kb", corpus)
    assert status == 3
    [line] = _starting(lines, "failed")
    assert line.startswith(f"failed {damaged}: corrupt DOCX: damaged XML (")
    assert _doc_ids(tmp_path / "kb") == {"good"}


def test_a_bad_sidecar_fails_its_file_alone_and_keeps_what_was_stored(tmp_path: Path):
    corpus = _corpus(
        tmp_path,
        {
            "good.txt": GOOD_TEXT,
            "stored.txt": GOOD_TEXT,
            "stored.txt.meta.json": '{"title": "Stored"}',
            "misspelt.txt": GOOD_TEXT,
            "misspelt.txt.meta.json": '{"titel": "Misspelt"}',
            "bad-id.txt": GOOD_TEXT,
            "bad-id.txt.meta.json": '{"doc_id": "a b"}',
        },
    )
    kb = tmp_path / "kb"
    assert _build(kb, corpus)[0] == 3
    (corpus / "stored.txt.meta.json").write_text('{"title": "Stored",', encoding="utf-8")
    status, lines = _build(kb, corpus)
    assert status == 3
    assert sorted(_starting(lines, "failed")) == [
        f"failed {corpus / 'bad-id.txt'}: id 'a b' in bad-id.txt.meta.json may hold only ASCII letters, "
        "digits, '.', '_' and '-', and not start with '.'",
        f"failed {corpus / 'misspelt.txt'}: unknown field(s) titel in misspelt.txt.meta.json; known: "
        "collection, date, doc_id, doc_type, institution, language, licence, path, sha256, source, title",
        f"failed {corpus / 'stored.txt'}: invalid sidecar stored.txt.meta.json: Expecting property name "
        "enclosed in double quotes: line 1 column 20 (char 19)",
    ]
    knowledge = KnowledgeBase.open(kb)
    assert _doc_ids(kb) == {"good", "stored"}
    assert knowledge.document("stored").meta.title == "Stored"  # as stored before the sidecar broke


def test_bad_manifest_rows_fail_alone_naming_their_line(tmp_path: Path):
    outside = tmp_path / "outside.txt"
    outside.write_text(GOOD_TEXT, encoding="utf-8")
    rows = [
        "id,file,title",
        "good,docs/good.txt,Good",
        "my doc,docs/good.txt,An id with a space",
        f"absolute,{outside},An absolute path",
        "escape,docs/../../outside.txt,Out of the folder",
        ",docs/good.txt,No id",
    ]
    corpus = _corpus(tmp_path, {"MANIFEST.csv": "\n".join(rows) + "\n", "docs/good.txt": GOOD_TEXT})
    manifest = corpus / "MANIFEST.csv"
    status, lines = _build(tmp_path / "kb", corpus)
    assert status == 3
    assert _starting(lines, "failed") == [
        f"failed {manifest}: line 3: id 'my doc' may hold only ASCII letters, digits, '.', '_' and '-', "
        "and not start with '.'",
        f"failed {manifest}: line 4: file '{outside}' {INSIDE}",
        f"failed {manifest}: line 5: file 'docs/../../outside.txt' {INSIDE}",
        f"failed {manifest}: line 6: a row needs 'id' and 'file'",
    ]
    assert _doc_ids(tmp_path / "kb") == {"good"}


def test_a_manifest_not_in_utf8_is_one_line_and_the_kb_is_kept(tmp_path: Path):
    manifest = "id,file,title\ncafe,docs/cafe.txt,Le café\n"
    corpus = _corpus(tmp_path, {"MANIFEST.csv": manifest, "docs/cafe.txt": GOOD_TEXT})
    kb = tmp_path / "kb"
    assert _build(kb, corpus)[0] == 0
    (corpus / "MANIFEST.csv").write_bytes(manifest.replace("cafe,", "bistro,").encode("latin-1"))
    status, lines = _build(kb, corpus)
    assert status == 1
    assert _starting(lines, "Error") == [
        f"Error: {corpus / 'MANIFEST.csv'}: line 2: not valid UTF-8 (byte 0xe9); "
        're-save it as UTF-8 ("CSV UTF-8")'
    ]
    assert KnowledgeBase.open(kb).document("cafe").meta.title == "Le café"


def test_a_manifest_with_a_byte_order_mark_is_read(tmp_path: Path):
    corpus = _corpus(tmp_path, {"docs/cafe.txt": GOOD_TEXT})
    (corpus / "MANIFEST.csv").write_text("id,file,title\ncafe,docs/cafe.txt,Le café\n", encoding="utf-8-sig")
    status, lines = _build(tmp_path / "kb", corpus)
    assert status == 0, lines
    assert KnowledgeBase.open(tmp_path / "kb").document("cafe").meta.title == "Le café"


# 8. Ids from non-ASCII names


def test_ids_from_names_fold_accents_and_hash_what_does_not_fold(tmp_path: Path):
    names = ["تقرير", "مراجعة", "報告書", "été", "Ærø ß", "n" * 200]
    corpus = _corpus(tmp_path, {f"{name}.txt": f"{GOOD_TEXT} Number {i}." for i, name in enumerate(names)})
    status, lines = _build(tmp_path / "kb", corpus)
    assert status == 0, lines
    ids = {Path(d.meta.path).stem: d.meta.doc_id for d in KnowledgeBase.open(tmp_path / "kb").documents()}
    assert set(ids) == set(names)
    assert len(set(ids.values())) == len(names)
    assert ids["été"] == "ete"
    assert re.fullmatch(r"[0-9a-f]{10}", ids["تقرير"]) and re.fullmatch(r"r-[0-9a-f]{10}", ids["Ærø ß"])
    assert ids["n" * 200] == "n" * 80 + "-" + ids["n" * 200][-10:]
    assert doc_id_from_name("報告書") == ids["報告書"]  # stable from build to build


# 9. Limits that count characters


def test_text_over_the_character_limit_is_refused(tmp_path: Path):
    corpus = _corpus(tmp_path, {"good.txt": GOOD_TEXT, "huge.txt": "war crimes " * 200_000})
    status, lines = _build(tmp_path / "kb", corpus)
    assert status == 3
    assert _starting(lines, "failed") == [
        f"failed {corpus / 'huge.txt'}: text is 2,200,000 characters, over the limit of 2,000,000 "
        "(setting ingest.max_text_chars)"
    ]
    assert _doc_ids(tmp_path / "kb") == {"good"}


def test_a_web_page_is_bounded_by_its_text_not_its_markup(tmp_path: Path):
    script = "<script>" + "var x = 1;\n" * 250_000 + "</script>"  # 2.75 million characters
    page = tmp_path / "page.html"
    page.write_text(f"<html><head>{script}</head><body><article><p>{GOOD_TEXT}</p></article></body></html>")
    assert load_source(page, limits=IngestSettings()).pages == [GOOD_TEXT.strip()]
    with pytest.raises(SourceError, match="over 5 times the limit of 500,000"):
        load_source(page, limits=IngestSettings(max_text_chars=500_000))


def test_a_line_without_spaces_is_cut_into_bounded_passages(tmp_path: Path):
    line = "x" * 300_000
    corpus = _corpus(tmp_path, {"blob.txt": "A heading\n" + line})
    assert _build(tmp_path / "kb", corpus)[0] == 0
    passages = list(KnowledgeBase.open(tmp_path / "kb").passages("blob"))
    assert max(len(p.text) for p in passages) == 200 * 12  # max_words x CHARS_PER_WORD
    assert "".join(p.text for p in passages).replace("A heading", "").strip() == line


def test_the_character_bound_leaves_prose_passages_unchanged(
    mini_corpus: Path, shared_corpus: Path, settings
):
    candidates = [*discover_sources(mini_corpus), *list(discover_sources(shared_corpus))[:25]]
    for candidate in candidates:
        document = read_document(candidate, settings.ingest)
        unbounded = split_passages(document.meta.doc_id, document.text, max_chars=10**9)
        assert document.passages == unbounded, candidate.path


# Decoding


def test_latin1_and_utf16_text_keep_their_accents(tmp_path: Path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "latin1.txt").write_bytes(LATIN1_TEXT.encode("latin-1"))
    (corpus / "utf16.txt").write_bytes(UTF16_TEXT.encode("utf-16"))
    (corpus / "utf16-no-mark.txt").write_bytes(UTF16_TEXT.replace("armes", "mines").encode("utf-16-le"))
    status, lines = _build(tmp_path / "kb", corpus)
    assert status == 0, lines
    kb = KnowledgeBase.open(tmp_path / "kb")
    assert [p.text for p in kb.passages("latin1")] == [LATIN1_TEXT.strip()]
    assert [p.text for p in kb.passages("utf16")] == [UTF16_TEXT.strip()]
    assert "exécutions" in next(kb.passages("utf16-no-mark")).text
    assert [hit.doc_id for hit in kb.search("frontière", mode="lexical")] == ["latin1"]


# All at once, with the real CLI


# Peak RSS is read by a small launcher process: a child forked straight from pytest would inherit
# pytest's own peak in ru_maxrss (Linux keeps it across fork and exec), not start from zero.
_MEASURE = """
import os, subprocess, sys
process = subprocess.Popen(sys.argv[2:], stdout=sys.stdout, stderr=subprocess.STDOUT)
_, status, usage = os.wait4(process.pid, 0)
open(sys.argv[1], "w").write(f"{os.waitstatus_to_exitcode(status)} {usage.ru_maxrss * 1024}")
"""


def _run_measured(command: list[str], log: Path, timeout: float) -> tuple[int, float, int]:
    """Run ``command`` with its output in ``log``; return its exit status, wall seconds and peak RSS
    in bytes (of the process and any child it waited for)."""
    started = time.perf_counter()
    result = log.with_suffix(".rusage")
    with log.open("wb") as output:
        subprocess.run(
            [sys.executable, "-c", _MEASURE, str(result), *command], stdout=output, timeout=timeout
        )
    status, peak = map(int, result.read_text(encoding="utf-8").split())
    return status, time.perf_counter() - started, peak


def test_hostile_corpus_builds_with_one_line_per_bad_file(tmp_path: Path):
    corpus = write_hostile_corpus(tmp_path / "hostile")
    assert len(corpus.failed) >= 20
    apkg = Path(sys.executable).with_name("apkg")
    command = [str(apkg), "build", "-q", "--kb", str(tmp_path / "kb")]
    command += [arg for folder in corpus.folders for arg in ("--corpus", str(folder))]
    status, seconds, peak = _run_measured(command, tmp_path / "build.log", timeout=300)
    lines = (tmp_path / "build.log").read_text(encoding="utf-8").splitlines()
    assert status == 3, lines
    assert seconds < 300 and peak < 1.5e9, (seconds, peak)
    assert "Traceback" not in "\n".join(lines)
    failed = _starting(lines, "failed")
    for start, reason in corpus.failed.items():
        [line] = _starting(failed, start)
        assert reason in line, line
    assert len(failed) == len(corpus.failed)
    assert _starting(lines, "skipped") == [f"skipped {path}: {UNLISTED}" for path in corpus.skipped]
    kb = KnowledgeBase.open(tmp_path / "kb")
    paths = {str(folder / d.meta.path): d.meta.doc_id for folder in corpus.folders for d in kb.documents()}
    for path, word in corpus.good.items():
        assert paths[path] in {hit.doc_id for hit in kb.search(word, mode="lexical")}, word
    assert max(len(p.text) for p in kb.passages()) <= 200 * 12
    assert "réfugiés" in next(kb.passages(paths[str(corpus.folders[0] / "latin1.txt")])).text
