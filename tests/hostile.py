"""A hostile corpus, written for the tests: one file of each kind that has stopped a build or eaten
the machine, beside a few good ones, in two folders (one without a manifest, one with a manifest
that has bad rows)."""

from __future__ import annotations

import codecs
import io
import random
import struct
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from .conftest import PDF_PAGES
from .helpers import write_docx, write_encrypted_pdf, write_pdf

LATIN1_TEXT = (
    "Le Haut-Commissariat des Nations unies pour les réfugiés a signalé des déplacements forcés près de "
    "la frontière. Les témoins décrivent une escalade préoccupante des violences contre les civils.\n"
)
UTF16_TEXT = (
    "La commission d'enquête a recueilli des témoignages sur les exécutions sommaires et les "
    "détentions arbitraires. Elle recommande une médiation régionale et un embargo sur les armes.\n"
)
GOOD_TEXT = (
    "Early warning depends on monitoring. The ombudsperson reported hate speech on the radio and "
    "asked the regional organisation for preventive diplomacy before the elections.\n"
)
LONG_LINE_CHARS = 600_000  # under ingest.max_text_chars: ingested, cut into bounded passages
BOMB_BYTES = 400 << 20  # what the bomb's document.xml inflates to


def write_docx_parts(path: Path, replace: dict[str, bytes]) -> Path:
    """Write a real Word document, then swap the contents of some of its parts."""
    write_docx(path, ["A practitioner guide."], [["Tool", "Sphere"]], title="Guide")
    original = path.read_bytes()
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(original)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as copy,
    ):
        for member in source.infolist():
            copy.writestr(member.filename, replace.get(member.filename, source.read(member)))
    path.write_bytes(out.getvalue())
    return path


def write_zip_bomb_docx(path: Path, inflated: int = BOMB_BYTES, *, forged: bool = False) -> Path:
    """Write a Word document whose word/document.xml inflates to ``inflated`` bytes (a few hundred
    kilobytes on disk); ``forged``: its zip directory claims 2,000 bytes instead."""
    write_docx(path, ["A practitioner guide."], [["Tool", "Sphere"]])
    with zipfile.ZipFile(io.BytesIO(path.read_bytes())) as source:
        parts = {m.filename: source.read(m) for m in source.infolist() if m.filename != "word/document.xml"}
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as bomb:
        for name, data in parts.items():
            bomb.writestr(name, data)
        with bomb.open("word/document.xml", "w") as member:
            member.write(b'<?xml version="1.0"?>\n')
            block = b" " * (1 << 20)
            for _ in range(inflated // len(block)):
                member.write(block)
    data = bytearray(out.getvalue())
    if forged:
        _forge_size(data, b"word/document.xml", 2_000)
    path.write_bytes(bytes(data))
    return path


def _forge_size(data: bytearray, name: bytes, size: int) -> None:
    """Make the zip directory (and local header) declare ``size`` for member ``name``."""
    entry = data.find(b"PK\x01\x02")  # a central directory entry
    while entry >= 0:
        name_length = struct.unpack_from("<H", data, entry + 28)[0]
        if data[entry + 46 : entry + 46 + name_length] == name:
            struct.pack_into("<I", data, entry + 24, size)
            local = struct.unpack_from("<I", data, entry + 42)[0]
            struct.pack_into("<I", data, local + 22, size)
            return
        entry = data.find(b"PK\x01\x02", entry + 4)
    raise ValueError(f"no member {name!r}")


@dataclass
class HostileCorpus:
    """The folders to build, and what the build must say and store."""

    folders: list[Path]
    failed: dict[str, str] = field(default_factory=dict)  # the start of a failure line: a reason in it
    skipped: list[Path] = field(default_factory=list)
    good: dict[str, str] = field(default_factory=dict)  # a file's path: a word found only in it


def write_hostile_corpus(root: Path) -> HostileCorpus:
    """Write the hostile corpus under ``root`` (``loose/`` without a manifest, ``listed/`` with one)."""
    loose, listed = root / "loose", root / "listed"
    (listed / "docs").mkdir(parents=True)
    loose.mkdir()
    outside = root / "outside.txt"
    outside.write_text(GOOD_TEXT, encoding="utf-8")
    corpus = HostileCorpus(folders=[loose, listed])

    def bad(name: str, reason: str) -> Path:
        corpus.failed[f"failed {loose / name}: "] = reason
        return loose / name

    bad("corrupt.pdf", "corrupt PDF").write_bytes(b"%PDF-1.4\n" + bytes(range(256)) * 8)
    write_encrypted_pdf(bad("encrypted.pdf", "encrypted PDF: it needs a password"), PDF_PAGES)
    write_pdf(bad("scanned.pdf", "no text could be extracted (a scanned PDF needs OCR first)"), [[], []])
    write_zip_bomb_docx(bad("bomb.docx", "over the limit of 50,000,000 (setting ingest.max_unzipped_bytes)"))
    write_zip_bomb_docx(bad("forged-bomb.docx", "corrupt zip container: Bad CRC-32"), forged=True)
    truncated = b'<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
    write_docx_parts(bad("truncated-xml.docx", "corrupt DOCX: damaged XML"), {"word/document.xml": truncated})
    half = write_docx(root / "whole.docx", ["A guide."], [["Tool"]]).read_bytes()
    bad("cut-in-half.docx", "not a Word (zip) document").write_bytes(half[: len(half) // 2])
    bad("not-a-zip.docx", "not a Word (zip) document").write_text("plain text", encoding="utf-8")
    bad("junk.txt", "not text in any known encoding").write_bytes(random.Random(7).randbytes(20_000))
    bad("empty.txt", "empty file").write_bytes(b"")
    bad("blank.txt", "blank file: only whitespace").write_text(" \n\t\n" * 100, encoding="utf-8")
    bad("huge.txt", "over the limit of 2,000,000").write_text(GOOD_TEXT * 12_000, encoding="utf-8")
    bad("one-line.txt", "3,000,000 characters, over the limit").write_text("y" * 3_000_000, encoding="utf-8")
    nested = "<html><body>" + "<div>" * 100_000 + "deep" + "</div>" * 100_000 + "</body></html>"
    bad("nested.html", "no main content found").write_text(nested, encoding="utf-8")
    bad("link-out.txt", "outside the corpus folder").symlink_to(outside)
    bad("broken-link.txt", "broken link to").symlink_to(loose / "no-such-file.txt")
    bad("data.xlsx", "unsupported format .xlsx").write_bytes(b"PK\x03\x04")
    bad("bad-utf16.txt", "byte-order mark but is not valid").write_bytes(codecs.BOM_UTF16_LE + b"\x00a\x00")
    bad("bad-sidecar.txt", "invalid sidecar bad-sidecar.txt.meta.json").write_text(
        GOOD_TEXT, encoding="utf-8"
    )
    (loose / "bad-sidecar.txt.meta.json").write_text('{"title": "x",', encoding="utf-8")
    bad("misspelt.txt", "unknown field(s) titel in misspelt.txt").write_text(GOOD_TEXT, encoding="utf-8")
    (loose / "misspelt.txt.meta.json").write_text('{"titel": "x"}', encoding="utf-8")

    def good(name: str, word: str) -> Path:
        corpus.good[str(loose / name)] = word
        return loose / name

    good("good.md", "ombudsperson").write_text("# A briefing\n\n" + GOOD_TEXT, encoding="utf-8")
    write_pdf(good("report.pdf", "dehumanising"), PDF_PAGES)
    good("latin1.txt", "frontière").write_bytes(LATIN1_TEXT.encode("latin-1"))
    good("utf16.txt", "témoignages").write_bytes(UTF16_TEXT.encode("utf-16"))  # with its byte-order mark
    good("تقرير.txt", "Rwanda").write_text("Lessons from Rwanda for early warning.\n", encoding="utf-8")
    good("مراجعة.txt", "Srebrenica").write_text("Lessons from Srebrenica for protection.\n", encoding="utf-8")
    good("報告書.txt", "Darfur").write_text("Lessons from Darfur for sanctions.\n", encoding="utf-8")
    good("été 2024.txt", "Cambodia").write_text(
        "Lessons from Cambodia for truth commissions.\n", encoding="utf-8"
    )
    good("n" * 200 + ".txt", "Myanmar").write_text(
        "Lessons from Myanmar for accountability.\n", encoding="utf-8"
    )
    good("long-line.txt", "Guatemala").write_text("Guatemala.\n" + "z" * LONG_LINE_CHARS, encoding="utf-8")

    manifest = listed / "MANIFEST.csv"
    rows = [
        "id,file,title",
        "listed-good,docs/listed-good.md,A listed briefing",
        "my doc,docs/listed-good.md,An id with a space",
        f"absolute,{outside},An absolute path",
        "escape,../outside.txt,A path out of the folder",
    ]
    manifest.write_text("\n".join(rows) + "\n", encoding="utf-8-sig")  # with a byte-order mark
    corpus.failed[f"failed {manifest}: line 3: "] = "id 'my doc' may hold only"
    corpus.failed[f"failed {manifest}: line 4: "] = "must be a relative path inside the corpus folder"
    corpus.failed[f"failed {manifest}: line 5: "] = "must be a relative path inside the corpus folder"
    (listed / "docs" / "listed-good.md").write_text("Notes on genocide prevention.\n", encoding="utf-8")
    corpus.good[str(listed / "docs" / "listed-good.md")] = "genocide"
    (listed / "docs" / "stray.txt").write_text(GOOD_TEXT, encoding="utf-8")
    (listed / "README.md").write_text("About this folder.\n", encoding="utf-8")
    corpus.skipped = [listed / "README.md", listed / "docs" / "stray.txt"]
    return corpus
