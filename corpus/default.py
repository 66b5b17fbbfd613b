"""The default corpus: its manifest (ids, titles, dates, types, licences, sources, checksums),
and the code to obtain its documents and verify them.

Documents are third-party text and never ship with apkg. ``fetch_corpus`` copies them from a
local copy of the collection when one is present (``../shared/corpus`` on the project's own
machines) and otherwise downloads each from the address its manifest row names, where it names
one; ``verify_corpus`` checks every file against the manifest's SHA-256. A download is streamed
to a temporary file, up to a size limit, and kept only if its SHA-256 is the manifest's.
"""

from __future__ import annotations

import csv
import hashlib
import re
import shutil
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from apkg.corpus.folder import MANIFEST_NAME, file_sha256
from apkg.errors import SourceError

MANIFEST = Path(__file__).resolve().parent / "manifest.csv"
_URL = re.compile(r"https?://\S+")


@dataclass(frozen=True)
class FileStatus:
    """The state of one manifest document in a folder."""

    doc_id: str
    path: str
    status: str  # ok | copied | downloaded | missing | mismatch | failed
    detail: str = ""


def manifest_rows(manifest: Path = MANIFEST) -> list[dict[str, str]]:
    """The rows of a corpus manifest."""
    try:
        with manifest.open(encoding="utf-8", newline="") as handle:
            return list(csv.DictReader(handle))
    except OSError as exc:
        raise SourceError(manifest, f"cannot read manifest: {exc.strerror or exc}") from None


def verify_corpus(folder: Path, manifest: Path = MANIFEST) -> list[FileStatus]:
    """Check every document of the manifest in ``folder`` against its SHA-256."""
    results = []
    for row in manifest_rows(manifest):
        path = folder / row["file"]
        if not path.is_file():
            results.append(FileStatus(row["id"], row["file"], "missing"))
        elif file_sha256(path) != row["sha256"]:
            results.append(
                FileStatus(row["id"], row["file"], "mismatch", "SHA-256 differs from the manifest")
            )
        else:
            results.append(FileStatus(row["id"], row["file"], "ok"))
    return results


def fetch_corpus(
    target: Path, *, local_copy: Path | None = None, manifest: Path = MANIFEST, timeout: float = 30.0,
    max_bytes: int = 100_000_000,
) -> list[FileStatus]:  # fmt: skip
    """Put the default corpus into ``target`` (with its manifest as ``MANIFEST.csv``).

    Each document already present with the right checksum is kept; otherwise it is copied from
    ``local_copy`` when that holds a verified copy, else downloaded from the first address in its
    ``source`` field. A download larger than ``max_bytes``, or whose checksum differs from the
    manifest, is not kept: it is reported (``failed`` or ``mismatch``) and nothing is written.
    """
    target.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(manifest, target / MANIFEST_NAME)
    results = []
    for row in manifest_rows(manifest):
        destination = target / row["file"]
        destination.parent.mkdir(parents=True, exist_ok=True)
        if destination.is_file() and file_sha256(destination) == row["sha256"]:
            results.append(FileStatus(row["id"], row["file"], "ok"))
            continue
        source = local_copy / row["file"] if local_copy else None
        if source is not None and source.is_file() and file_sha256(source) == row["sha256"]:
            shutil.copyfile(source, destination)
            results.append(FileStatus(row["id"], row["file"], "copied", str(source)))
            continue
        results.append(_download(row, destination, timeout=timeout, max_bytes=max_bytes))
    return results


def _download(row: dict[str, str], destination: Path, *, timeout: float, max_bytes: int) -> FileStatus:
    """Stream the document to a temporary file beside ``destination``, hashing as it comes, and
    move it into place only if it is at most ``max_bytes`` and its SHA-256 is the manifest's."""
    address = _URL.search(row.get("source", ""))
    if address is None:
        return FileStatus(row["id"], row["file"], "failed", "the manifest names no download address")
    url = address.group().rstrip(".,;)")
    partial = destination.with_name(f".{destination.name}.download")
    digest, size = hashlib.sha256(), 0
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response, partial.open("wb") as out:
            while block := response.read(1 << 20):
                size += len(block)
                if size > max_bytes:
                    detail = f"{url}: larger than the {max_bytes:,}-byte limit; not kept"
                    return FileStatus(row["id"], row["file"], "failed", detail)
                digest.update(block)
                out.write(block)
        if digest.hexdigest() != row["sha256"]:
            detail = (
                f"{url}: SHA-256 {digest.hexdigest()} differs from the manifest's {row['sha256']}; not kept"
            )
            return FileStatus(row["id"], row["file"], "mismatch", detail)
        partial.replace(destination)
    except OSError as exc:
        return FileStatus(row["id"], row["file"], "failed", f"{url}: {exc}")
    finally:
        partial.unlink(missing_ok=True)
    return FileStatus(row["id"], row["file"], "downloaded", url)
