"""Small files for tests, written here: a minimal text PDF (also encrypted) and a Word document;
a folder of text documents with their metadata sidecars; and the package's sources laid out as the
wheel installs them."""

from __future__ import annotations

import json
import shutil
import tomllib
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def write_text_corpus(folder: Path, documents: Iterable[tuple[str, str, str, str, str]]) -> Path:
    """A corpus folder of text files, one per (file name, institution, date, document type, text),
    each with its ``.meta.json`` sidecar (title "Document {file name}")."""
    folder.mkdir(parents=True)
    for name, institution, date, doc_type, text in documents:
        meta = {"title": f"Document {name}", "institution": institution, "date": date, "doc_type": doc_type}
        (folder / name).write_text(text, encoding="utf-8")
        (folder / f"{name}.meta.json").write_text(json.dumps(meta), encoding="utf-8")
    return folder


def installed_layout(target: Path) -> Path:
    """Copy every package folder of pyproject's ``package-dir`` to where its name puts it.

    setuptools' ``package-dir`` installs apkg from several folders (``ingest/`` as ``apkg.ingest`` ...),
    so tools that walk a package's folder (import-linter, mypy) need this tree, not the source tree.
    """
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    for package, folder in sorted(config["tool"]["setuptools"]["package-dir"].items()):
        shutil.copytree(
            ROOT / folder,
            target.joinpath(*package.split(".")),
            ignore=shutil.ignore_patterns("__pycache__", "*.pyc"),
            dirs_exist_ok=True,
        )
    return target


def _pdf_string(text: str) -> str:
    return "(" + text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ")"


def write_pdf(path: Path, pages: list[list[str]], *, title: str = "") -> Path:
    """Write a PDF whose pages hold the given lines in Helvetica, one text object a line."""
    objects: list[bytes] = []
    page_ids = [3 + 2 * i for i in range(len(pages))]
    font_id = 3 + 2 * len(pages)
    info_id = font_id + 1
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    kids = " ".join(f"{i} 0 R" for i in page_ids)
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {len(pages)} >>".encode())
    for index, lines in enumerate(pages):
        stream = (
            "BT /F1 11 Tf 14 TL 72 760 Td " + " ".join(f"{_pdf_string(line)} Tj T*" for line in lines) + " ET"
        )
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents {page_ids[index] + 1} 0 R "
            f"/Resources << /Font << /F1 {font_id} 0 R >> >> >>".encode()
        )
        data = stream.encode("latin-1")
        objects.append(b"<< /Length %d >>\nstream\n" % len(data) + data + b"\nendstream")
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    objects.append(f"<< /Title {_pdf_string(title)} >>".encode())
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        info_id,
        xref,
    )
    path.write_bytes(bytes(out))
    return path


def write_docx(path: Path, paragraphs: list[str], table: list[list[str]], *, title: str = "") -> Path:
    """Write a Word document with paragraphs, then a table."""
    import docx

    document = docx.Document()
    document.core_properties.title = title
    for text in paragraphs:
        document.add_paragraph(text)
    grid = document.add_table(rows=len(table), cols=len(table[0]))
    for row, values in zip(grid.rows, table, strict=True):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    document.save(path)
    return path


def write_encrypted_pdf(path: Path, pages: list[list[str]]) -> Path:
    """Write a text PDF that needs the password ``secret`` to open."""
    import io

    import pypdf

    plain = io.BytesIO()
    write_pdf(path, pages)
    writer = pypdf.PdfWriter(clone_from=path)
    writer.encrypt("secret")
    writer.write(plain)
    path.write_bytes(plain.getvalue())
    return path
