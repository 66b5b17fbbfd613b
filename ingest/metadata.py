"""Find the sources of a corpus folder and what is known about each before reading it.

Metadata comes from, in order of precedence: the folder's ``MANIFEST.csv``, a sidecar
``NAME.meta.json`` beside a file, and what the file itself declares (PDF/DOCX properties,
HTML meta tags, Markdown front matter), which ``merge_embedded`` fills in after reading.
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, fields, replace
from pathlib import Path

from apkg.errors import SourceError, UnsupportedFormat
from apkg.ingest.load import READERS
from apkg.records import SourceMeta

MANIFEST_NAME = "MANIFEST.csv"
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


@dataclass(frozen=True)
class Candidate:
    """A file the corpus names, with its metadata, or the reason it cannot be used."""

    path: Path
    meta: SourceMeta
    error: SourceError | None = None


def file_sha256(path: Path) -> str:
    """SHA-256 of a file's bytes, read in blocks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def normalise_date(value: str) -> str:
    """Return the ISO date (YYYY, YYYY-MM or YYYY-MM-DD) at the start of ``value``, or ``""``."""
    match = _DATE.search(value or "")
    if not match or not 1000 <= int(match.group(1)) <= 2999:
        return ""
    return "-".join(part for part in match.groups() if part)


def _doc_id_for(root: Path, path: Path) -> str:
    relative = path.relative_to(root).with_suffix("").as_posix()
    return re.sub(r"[^A-Za-z0-9._-]+", "-", relative).strip("-").lower()


def _read_sidecar(path: Path) -> dict[str, str]:
    sidecar = path.with_name(path.name + SIDECAR_SUFFIX)
    if not sidecar.exists():
        return {}
    try:
        data = json.loads(sidecar.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise SourceError(sidecar, f"invalid sidecar metadata: {exc}") from None
    if not isinstance(data, dict):
        raise SourceError(sidecar, "sidecar metadata must be a JSON object")
    unknown = set(data) - _META_FIELDS
    if unknown:
        raise SourceError(sidecar, f"unknown field(s) {', '.join(sorted(unknown))}")
    return {key: str(value) for key, value in data.items()}


def _candidate(root: Path, path: Path, values: dict[str, str]) -> Candidate:
    values = {**values, **_read_sidecar(path)} if path.exists() else values
    values.setdefault("doc_id", _doc_id_for(root, path))
    values["path"] = path.relative_to(root).as_posix()
    values["date"] = normalise_date(values.get("date", ""))
    meta = SourceMeta(**{key: value for key, value in values.items() if key in _META_FIELDS})
    return Candidate(path=path, meta=meta)


def discover_sources(root: Path) -> Iterator[Candidate]:
    """Yield every source of the corpus folder ``root``.

    With a ``MANIFEST.csv``, exactly the files it lists (a listed file that is missing is a
    candidate with an error); without one, every file under ``root`` whose suffix has a reader.
    The ``sha256`` of each candidate is the file's actual hash, not the manifest's.
    """
    manifest = root / MANIFEST_NAME
    if manifest.exists():
        with manifest.open(encoding="utf-8", newline="") as handle:
            for number, row in enumerate(csv.DictReader(handle), start=2):
                values = {_MANIFEST_FIELDS[k]: v for k, v in row.items() if k in _MANIFEST_FIELDS and v}
                if "path" not in values or "doc_id" not in values:
                    raise SourceError(manifest, f"line {number}: a row needs 'id' and 'file'")
                yield _checked(_candidate(root, root / values["path"], values))
        return
    files = (
        p for p in root.rglob("*") if (p.is_file() or p.is_symlink()) and not p.name.endswith(SIDECAR_SUFFIX)
    )
    for path in sorted(files):
        if path.name.startswith("."):
            continue
        yield _checked(_candidate(root, path, {}))


def _checked(candidate: Candidate) -> Candidate:
    path = candidate.path
    if path.suffix.lower() not in READERS:
        error: SourceError = UnsupportedFormat(path, path.suffix.lower(), sorted(READERS))
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
