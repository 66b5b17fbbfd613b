"""Find the sources of a corpus folder and what is known about each before reading it.

Metadata comes from, in order of precedence: the folder's ``MANIFEST.csv``, a sidecar
``NAME.meta.json`` beside a file, and what the file itself declares (PDF/DOCX properties,
HTML meta tags, Markdown front matter), which ``merge_embedded`` fills in after reading.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import posixpath
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, fields, replace
from pathlib import Path

from apkg.corpus.folder import MANIFEST_NAME, file_sha256
from apkg.errors import SourceError, UnsupportedFormat
from apkg.ingest.load import READERS
from apkg.records import SourceMeta

SIDECAR_SUFFIX = ".meta.json"
_MANIFEST_FIELDS = {
    "id": "doc_id",
    "file": "path",
    "title": "title",
    "author_or_institution": "institution",
    "date": "date",
    "doc_type": "doc_type",
    "language": "language",
    "licence": "licence",
    "source": "source",
    "collection": "collection",
    "sha256": "sha256",
}
_META_FIELDS = {f.name for f in fields(SourceMeta)}
_DATE = re.compile(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")
_DOC_ID = re.compile(r"[A-Za-z0-9_-][A-Za-z0-9._-]*")  # what a document IRI can hold as it is
_ID_RULE = "may hold only ASCII letters, digits, '.', '_' and '-', and not start with '.'"
_NOT_IN_ID = re.compile(r"[^A-Za-z0-9._-]+")
_MAX_ID_FROM_NAME = 80
UNLISTED_REASON = f"not listed in {MANIFEST_NAME}; add a row to ingest it"


@dataclass(frozen=True)
class Candidate:
    """A file the corpus names, with its metadata, or the reason it cannot be used (for a
    manifest row that names no usable file, ``path`` is the manifest)."""

    path: Path
    meta: SourceMeta
    error: SourceError | None = None


def normalise_date(value: str) -> str:
    """Return the ISO date (YYYY, YYYY-MM or YYYY-MM-DD) at the start of ``value``, or ``""``."""
    match = _DATE.search(value or "")
    if not match or not 1000 <= int(match.group(1)) <= 2999:
        return ""
    return "-".join(part for part in match.groups() if part)


def doc_id_from_name(name: str) -> str:
    """A document id for a file named ``name`` (its path in the corpus, without suffix).

    Accents fold to ASCII (``été`` gives ``ete``) and any other run of characters an id cannot
    hold becomes ``-``. A name with letters that do not fold (Arabic, Japanese ...), or too long
    for a readable id, also gets a short hash of the whole name, so two such names never share an id.

    Example:
        >>> doc_id_from_name("reports/Été 2024")
        'reports-ete-2024'
    """
    folded = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    slug = _NOT_IN_ID.sub("-", folded).strip("-.").lower()
    if folded.isascii() and slug and len(slug) <= _MAX_ID_FROM_NAME:
        return slug
    digest = hashlib.sha256(unicodedata.normalize("NFC", name).encode()).hexdigest()[:10]
    return f"{slug[:_MAX_ID_FROM_NAME]}-{digest}".lstrip("-")


def _read_sidecar(path: Path) -> dict[str, str]:
    sidecar = path.with_name(path.name + SIDECAR_SUFFIX)
    if not sidecar.exists():
        return {}
    try:
        data = json.loads(sidecar.read_text(encoding="utf-8-sig"))
    except (OSError, ValueError) as exc:
        raise SourceError(path, f"invalid sidecar {sidecar.name}: {exc}") from None
    if not isinstance(data, dict):
        raise SourceError(path, f"sidecar {sidecar.name} must hold a JSON object")
    unknown = set(data) - _META_FIELDS
    if unknown:
        raise SourceError(
            path,
            f"unknown field(s) {', '.join(sorted(unknown))} in {sidecar.name}; "
            f"known: {', '.join(sorted(_META_FIELDS))}",
        )
    return {key: str(value) for key, value in data.items()}


def _candidate(root: Path, path: Path, values: dict[str, str]) -> Candidate:
    """The candidate for ``path``; a bad sidecar fails this file alone."""
    relative = path.relative_to(root)
    values = {"doc_id": doc_id_from_name(relative.with_suffix("").as_posix()), **values}
    error = None
    try:
        sidecar = _read_sidecar(path)
        if not _DOC_ID.fullmatch(sidecar.get("doc_id", values["doc_id"])):
            raise SourceError(path, f"id {sidecar['doc_id']!r} in {path.name}{SIDECAR_SUFFIX} {_ID_RULE}")
    except SourceError as exc:
        sidecar, error = {}, exc
    values = {**values, **sidecar, "path": relative.as_posix()}
    values["date"] = normalise_date(values.get("date", ""))
    meta = SourceMeta(**{key: value for key, value in values.items() if key in _META_FIELDS})
    return _checked(root, Candidate(path=path, meta=meta, error=error))


def _corpus_files(root: Path) -> Iterator[Path]:
    """Every file (or link) under ``root`` but sidecars and hidden ones, sorted."""
    found = (p for p in root.rglob("*") if p.is_file() or p.is_symlink())
    for path in sorted(found):
        hidden = any(part.startswith(".") for part in path.relative_to(root).parts)
        if not hidden and not path.name.endswith(SIDECAR_SUFFIX):
            yield path


def _manifest_rows(manifest: Path) -> list[tuple[int, dict[str, str]]]:
    """The rows of a manifest with their line numbers, as values keyed by ``SourceMeta`` field.

    Raises:
        SourceError: the manifest is not UTF-8 CSV with the columns ``id`` and ``file``.
    """
    data = manifest.read_bytes()
    try:
        text = data.decode("utf-8-sig")  # a spreadsheet's "CSV UTF-8" starts with a byte-order mark
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise SourceError(
            manifest,
            f'line {line}: not valid UTF-8 (byte 0x{data[exc.start]:02x}); re-save it as UTF-8 ("CSV UTF-8")',
        ) from None
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        missing = {"id", "file"} - set(reader.fieldnames or ())
        if missing:
            raise SourceError(manifest, f"line 1: no column {' or '.join(sorted(missing))} in the header")
        rows = []
        for row in reader:
            values = {_MANIFEST_FIELDS[k]: v.strip() for k, v in row.items() if k in _MANIFEST_FIELDS and v}
            rows.append((reader.line_num, values))
    except csv.Error as exc:
        raise SourceError(manifest, f"line {reader.line_num}: {exc}") from None
    return rows


def _manifest_candidate(root: Path, manifest: Path, line: int, values: dict[str, str]) -> Candidate:
    """The candidate a manifest row names; a row that is wrong fails alone, naming its line."""
    doc_id, name = values.get("doc_id", ""), values.get("path", "")

    def failed(problem: str) -> Candidate:
        error = SourceError(manifest, f"line {line}: {problem}")
        return Candidate(path=manifest, meta=SourceMeta(doc_id=doc_id, path=name), error=error)

    if not doc_id or not name:
        return failed("a row needs 'id' and 'file'")
    if not _DOC_ID.fullmatch(doc_id):
        return failed(f"id {doc_id!r} {_ID_RULE}")
    relative = posixpath.normpath(name)
    if posixpath.isabs(relative) or relative.split("/")[0] == "..":
        return failed(f"file {name!r} must be a relative path inside the corpus folder")
    return _candidate(root, root / relative, {**values, "path": relative})


def discover_sources(root: Path) -> Iterator[Candidate]:
    """Yield every source of the corpus folder ``root``.

    With a ``MANIFEST.csv``, exactly the files it lists (a listed file that is missing, and a row
    that is wrong, is a candidate with an error); without one, every file under ``root`` but
    sidecars and hidden files. The ``sha256`` of each candidate is the file's actual hash, not the
    manifest's.

    Raises:
        SourceError: the manifest cannot be read as a whole.
    """
    manifest = root / MANIFEST_NAME
    if manifest.exists():
        for line, values in _manifest_rows(manifest):
            yield _manifest_candidate(root, manifest, line, values)
        return
    for path in _corpus_files(root):
        yield _candidate(root, path, {})


def read_manifest(root: Path) -> list[SourceMeta]:
    """The metadata that the manifest of the corpus folder ``root`` gives its documents, without
    reading the files (rows without an id or a file are left out).

    Raises:
        SourceError: the folder has no manifest, or it cannot be read as a whole.
    """
    manifest = root / MANIFEST_NAME
    if not manifest.is_file():
        raise SourceError(manifest, "not found: a corpus folder's manifest lists its documents")
    found = []
    for _, values in _manifest_rows(manifest):
        if values.get("doc_id") and values.get("path"):
            values["date"] = normalise_date(values.get("date", ""))
            found.append(SourceMeta(**{key: value for key, value in values.items() if key in _META_FIELDS}))
    return found


def unlisted_files(root: Path) -> list[Path]:
    """The files of a corpus folder with a manifest that the manifest does not list (but the
    manifest itself, sidecars and hidden files); empty without a manifest.

    Raises:
        SourceError: the manifest cannot be read as a whole.
    """
    manifest = root / MANIFEST_NAME
    if not manifest.exists():
        return []
    listed = {posixpath.normpath(values.get("path", "")) for _, values in _manifest_rows(manifest)}
    return [
        path
        for path in _corpus_files(root)
        if path != manifest and path.relative_to(root).as_posix() not in listed
    ]


def _checked(root: Path, candidate: Candidate) -> Candidate:
    """Add the file's hash, or the reason it cannot be read."""
    path = candidate.path
    if candidate.error is not None:
        return candidate
    if path.suffix.lower() not in READERS:
        return replace(candidate, error=UnsupportedFormat(path, path.suffix.lower(), sorted(READERS)))
    if path.is_symlink() and not path.exists():
        return replace(candidate, error=SourceError(path, f"broken link to {path.readlink()}"))
    if not path.resolve().is_relative_to(root.resolve()):
        error = SourceError(path, f"leads to {path.resolve()}, outside the corpus folder")
        return replace(candidate, error=error)
    try:
        return replace(candidate, meta=replace(candidate.meta, sha256=file_sha256(path)))
    except OSError as exc:
        return replace(candidate, error=SourceError(path, f"cannot read: {exc.strerror or exc}"))


def merge_embedded(meta: SourceMeta, embedded: dict[str, str]) -> SourceMeta:
    """Fill the fields the manifest and sidecar left empty from the file's own metadata."""
    found = {
        "title": embedded.get("title", ""),
        "institution": embedded.get("institution") or embedded.get("author", ""),
        "date": normalise_date(embedded.get("date", "")),
        "source": embedded.get("source") or embedded.get("source_url", ""),
    }
    updates = {
        key: " ".join(value.split()) for key, value in found.items() if value and not getattr(meta, key)
    }
    return replace(meta, **updates)
