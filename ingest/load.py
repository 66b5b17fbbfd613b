"""Read a source file into raw page texts and embedded metadata, one reader per format.

Every failure raises ``SourceError`` (or ``UnsupportedFormat``) naming the file and the problem:
missing or unreadable, empty, over a size limit (on disk, unzipped or in characters), not the
format its suffix claims, corrupt, encrypted, not text in any encoding, or without extractable text.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from apkg.config import IngestSettings
from apkg.errors import SourceError, UnsupportedFormat
from apkg.ingest.decode import check_length, decode_text


@dataclass(frozen=True)
class RawText:
    """What a reader returns: the text of each page (one entry for unpaginated formats)."""

    pages: list[str]
    paginated: bool = False
    # How lines make paragraphs: "wrapped" (fixed-width lines to re-join by heuristics),
    # "blocks" (blank lines separate paragraphs) or "lines" (every line is a paragraph).
    layout: str = "wrapped"
    metadata: dict[str, str] = field(default_factory=dict)


def _read_txt(path: Path, data: bytes, limits: IngestSettings) -> RawText:
    return RawText(pages=[decode_text(path, data, max_chars=limits.max_text_chars)])


_FRONT_MATTER = re.compile(r"\A---\s*\n(.*?)\n---\s*\n", re.S)
_BLOCK_TAGS = ("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "pre", "blockquote", "tr", "dt", "dd")


def split_front_matter(path: Path, text: str) -> tuple[dict[str, str], str]:
    """Split YAML front matter off a Markdown text; return (metadata, body)."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, text
    import yaml

    try:
        data = yaml.safe_load(match.group(1)) or {}
    except yaml.YAMLError as exc:
        raise SourceError(path, f"invalid YAML front matter: {exc}") from None
    if not isinstance(data, dict):
        raise SourceError(path, "YAML front matter is not a mapping of fields")
    return {str(k): str(v) for k, v in data.items() if v is not None}, text[match.end() :]


def html_blocks_to_text(html: str) -> str:
    """Return the text of an HTML fragment with one paragraph per block element."""
    import lxml.html

    root = lxml.html.fragment_fromstring(html, create_parent="div")
    for element in root.iter("td", "th"):
        element.tail = " | " + (element.tail or "")
    for element in root.iter(*_BLOCK_TAGS):
        element.tail = "\n\n" + (element.tail or "")
        if element.text:
            element.text = "\n\n" + element.text
    return root.text_content()


def _read_markdown(path: Path, data: bytes, limits: IngestSettings) -> RawText:
    import markdown

    metadata, body = split_front_matter(path, decode_text(path, data, max_chars=limits.max_text_chars))
    html = markdown.markdown(body, extensions=["tables"])
    return RawText(pages=[html_blocks_to_text(html)], layout="blocks", metadata=metadata)


def _read_html(path: Path, data: bytes, limits: IngestSettings) -> RawText:
    import trafilatura

    html = decode_text(path, data, max_chars=limits.max_text_chars, markup=True)
    text = trafilatura.extract(
        html, output_format="txt", include_tables=True, include_comments=False, favor_recall=True
    )
    if not text:
        raise SourceError(path, "no main content found in the HTML page")
    found = trafilatura.extract_metadata(html)
    metadata = {}
    if found is not None:
        metadata = {
            key: value
            for key, value in (
                ("title", found.title),
                ("date", found.date),
                ("author", found.author),
                ("institution", found.sitename),
                ("source", found.url),
            )
            if value
        }
    return RawText(pages=[text], layout="lines", metadata=metadata)


def _read_pdf(path: Path, data: bytes, limits: IngestSettings) -> RawText:
    import pypdf
    from pypdf.errors import PdfReadError

    if not data.startswith(b"%PDF"):
        raise SourceError(path, f"named .pdf but is not a PDF (starts with {data[:12]!r})")
    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise SourceError(path, "encrypted PDF: it needs a password to open")
        pages = []
        for number, page in enumerate(reader.pages, start=1):
            try:
                pages.append(page.extract_text() or "")
            except Exception as exc:  # pypdf raises many types on damaged content streams
                raise SourceError(path, f"cannot extract text: {exc}", page=number) from None
        info: Mapping[str, object] = reader.metadata or {}
    except SourceError:
        raise
    except (PdfReadError, ValueError, KeyError, OSError) as exc:
        raise SourceError(path, f"corrupt PDF: {exc}") from None
    metadata = {
        key: str(info.get(field_name))
        for key, field_name in (("title", "/Title"), ("author", "/Author"))
        if info.get(field_name)
    }
    return RawText(pages=pages, paginated=True, metadata=metadata)


_ZIP_METHODS = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)  # what Word writes
_ZIP_CHUNK = 1 << 20


def _unzip_bounded(path: Path, data: bytes, *, max_unzipped_bytes: int) -> bytes:
    """Unpack the zip ``data`` into a new, uncompressed zip, refusing more than ``max_unzipped_bytes``.

    The sizes in the zip directory are checked before anything is inflated; then each member is
    inflated a chunk at a time and stops at its declared size (a directory that lies fails the
    CRC check), so neither a zip bomb nor a forged directory can make this, or a reader of the
    result, hold more than the limit.

    Raises:
        SourceError: the zip is damaged, uses another compression method or unpacks past the limit.
    """
    unpacked = io.BytesIO()
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive, zipfile.ZipFile(unpacked, "w") as copy:
            members = archive.infolist()
            total = sum(member.file_size for member in members)
            if total > max_unzipped_bytes:
                largest = max(members, key=lambda member: member.file_size)
                raise SourceError(
                    path,
                    f"unpacks to {total:,} bytes ({largest.filename}: {largest.file_size:,}), "
                    f"over the limit of {max_unzipped_bytes:,} (setting ingest.max_unzipped_bytes)",
                )
            for member in members:
                if member.compress_type not in _ZIP_METHODS:
                    raise SourceError(
                        path, f"{member.filename} uses zip compression method {member.compress_type}"
                    )
                with archive.open(member) as source, copy.open(member.filename, "w") as target:
                    while chunk := source.read(_ZIP_CHUNK):
                        target.write(chunk)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, zlib.error) as exc:
        raise SourceError(path, f"corrupt zip container: {exc}") from None
    return unpacked.getvalue()


def _read_docx(path: Path, data: bytes, limits: IngestSettings) -> RawText:
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from docx.table import Table
    from lxml.etree import XMLSyntaxError

    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise SourceError(path, "named .docx but is not a Word (zip) document")
    unpacked = _unzip_bounded(path, data, max_unzipped_bytes=limits.max_unzipped_bytes)
    try:
        document = docx.Document(io.BytesIO(unpacked))
    except XMLSyntaxError as exc:
        raise SourceError(path, f"corrupt DOCX: damaged XML ({exc})") from None
    except (KeyError, ValueError, PackageNotFoundError) as exc:
        raise SourceError(path, f"corrupt DOCX: {exc}") from None
    blocks = []
    for item in document.iter_inner_content():
        if isinstance(item, Table):
            for row in item.rows:
                cells: list[str] = []
                for cell in row.cells:
                    text = cell.text.strip()
                    if text and (not cells or cells[-1] != text):  # merged cells repeat
                        cells.append(text)
                if cells:
                    blocks.append(" | ".join(cells))
        elif item.text.strip():
            blocks.append(item.text)
    core = document.core_properties
    metadata = {
        key: str(value)
        for key, value in (("title", core.title), ("author", core.author), ("date", core.created))
        if value
    }
    return RawText(pages=["\n\n".join(blocks)], layout="lines", metadata=metadata)


READERS: dict[str, Callable[[Path, bytes, IngestSettings], RawText]] = {
    ".txt": _read_txt,
    ".text": _read_txt,
    ".md": _read_markdown,
    ".markdown": _read_markdown,
    ".html": _read_html,
    ".htm": _read_html,
    ".pdf": _read_pdf,
    ".docx": _read_docx,
}


def load_source(path: Path, *, limits: IngestSettings) -> RawText:
    """Read ``path`` with the reader for its suffix.

    Args:
        path: the file to read.
        limits: the size limits ``max_bytes`` (the file), ``max_unzipped_bytes`` (a Word document
            unpacked) and ``max_text_chars`` (its text).

    Raises:
        UnsupportedFormat: no reader for the suffix.
        SourceError: the file cannot be read, is over a limit or holds no text.
    """
    suffix = path.suffix.lower()
    reader = READERS.get(suffix)
    if reader is None:
        raise UnsupportedFormat(path, suffix, sorted(READERS))
    try:
        size = path.stat().st_size
        if size > limits.max_bytes:
            raise SourceError(
                path,
                f"file is {size:,} bytes, over the limit of {limits.max_bytes:,} (setting ingest.max_bytes)",
            )
        data = path.read_bytes()
    except OSError as exc:
        raise SourceError(path, f"cannot read: {exc.strerror or exc}") from None
    if not data.strip():
        raise SourceError(path, "empty file" if not data else "blank file: only whitespace")
    raw = reader(path, data, limits)
    if not any(page.strip() for page in raw.pages):
        if raw.paginated:
            raise SourceError(path, "no text could be extracted (a scanned PDF needs OCR first)")
        raise SourceError(path, "no text in it: only whitespace or markup")
    check_length(path, sum(map(len, raw.pages)), limits.max_text_chars)
    return raw
