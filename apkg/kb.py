"""The knowledge base: one directory that the build writes and every other stage opens.

Its parts and format are described in ``apkg.layout``.

``KnowledgeBase.open`` checks the format version and names any missing part; the build writes a
new version into a staging directory and swaps it in only when it has succeeded.
"""

from __future__ import annotations

import dataclasses
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from apkg.errors import KnowledgeBaseError
from apkg.layout import DATABASE_FILE, FORMAT_VERSION, MANIFEST_FILE, read_manifest
from apkg.records import Mention, NewActor, Passage, SourceMeta
from apkg.stored import DocumentRecord

if TYPE_CHECKING:
    from apkg.config import SearchSettings
    from apkg.search.engine import Searcher
    from apkg.search.facets import Facets
    from apkg.search.hits import Hit

_DOCUMENTS = "SELECT d.*, (SELECT COUNT(*) FROM passages p WHERE p.doc_id = d.doc_id) AS n FROM documents d"
_MENTION_COLUMNS = (
    "passage_id", "doc_id", "kind", "target", "surface", "char_start", "char_end", "extractor",
    "extractor_version",
)  # fmt: skip
_META_COLUMNS = (
    "doc_id", "path", "title", "institution", "date", "doc_type", "language", "licence", "source",
    "collection", "sha256",
)  # fmt: skip


class KnowledgeBase:
    """A built knowledge base, opened read-only.

    Example:
        >>> kb = KnowledgeBase.open("kb")            # doctest: +SKIP
        >>> kb.counts()["passages"]                 # doctest: +SKIP
        1941
    """

    def __init__(
        self,
        path: Path,
        manifest: dict[str, Any],
        connection: sqlite3.Connection,
        search_settings: SearchSettings | None = None,
        *,
        any_thread: bool = False,
    ) -> None:
        self.path = path
        self.manifest = manifest
        self.db = connection
        self.search_settings = search_settings
        self._any_thread = any_thread
        self._signature: _Signature | None = None  # of the kb.json this snapshot was opened from
        self._searcher: Searcher | None = None

    @classmethod
    def open(
        cls, path: Path | str, *, search_settings: SearchSettings | None = None, any_thread: bool = False
    ) -> KnowledgeBase:
        """Open the knowledge base at ``path``; ``search_settings`` tune its searches (default:
        the defaults), except the embedding model, which is always the one the build used.
        With ``any_thread``, the read-only database connection may be used from other threads
        than the one that opened it (callers serialise its use, as the app does).

        A knowledge base opened before a rebuild switches to the new build whole at its next
        call (database, manifest and search index together); a call already running finishes
        on the build it started with.

        Raises:
            KnowledgeBaseError: the directory is missing, was never completely built, or has
                another format version.
        """
        path = Path(path)
        manifest, connection, signature = _open_snapshot(path, any_thread=any_thread)
        kb = cls(path, manifest, connection, search_settings, any_thread=any_thread)
        kb._signature = signature
        return kb

    def _load(self) -> None:
        """Switch to the build that ``path`` holds now."""
        self.manifest, self.db, self._signature = _open_snapshot(self.path, any_thread=self._any_thread)
        self._searcher = None

    def refresh(self) -> None:
        """Switch to a newer build, whole, if one has replaced the snapshot this object holds (every
        verb does this first; a front end calls it once per page so that the page is of one build)."""
        if self._signature is None:
            return  # not opened from a directory (the build's own view of its staging copy)
        now = _signature_of(self.path)
        if now is not None and now != self._signature:
            self._load()  # the old connection closes when no running call holds it any more

    @property
    def build_id(self) -> str:
        """The id of the build this object answers from (after switching to the newest)."""
        self.refresh()
        return str(self.manifest.get("build_id", ""))

    def counts(self) -> dict[str, int]:
        """Numbers of documents, passages, mentions and new actors."""
        self.refresh()
        tables = ("documents", "passages", "mentions", "new_actors")
        return {t: self.db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in tables}

    def documents(self) -> list[DocumentRecord]:
        """Every document with its metadata, ordered by id."""
        self.refresh()
        return [_record(row) for row in self.db.execute(_DOCUMENTS + " ORDER BY doc_id")]

    def document(self, doc_id: str) -> DocumentRecord:
        """One document's metadata and size."""
        self.refresh()
        row = self.db.execute(_DOCUMENTS + " WHERE doc_id = ?", (doc_id,)).fetchone()
        if row is None:
            raise KnowledgeBaseError(self.path, f"no document {doc_id!r}")
        return _record(row)

    def extractors(self) -> list[tuple[str, str]]:
        """The (name, version) of every extractor that produced a stored mention."""
        self.refresh()
        rows = self.db.execute("SELECT DISTINCT extractor, extractor_version FROM mentions ORDER BY 1, 2")
        return [(row[0], row[1]) for row in rows]

    def new_actors(self, doc_id: str | None = None) -> list[NewActor]:
        """The actors and places found only in text, of one document or of all."""
        rows = self._rows("new_actors", doc_id, "iri")
        return list(dict.fromkeys(NewActor(row["iri"], row["name"], row["type"]) for row in rows))

    def document_text(self, doc_id: str) -> str:
        """The clean text of a document; passage and mention spans index it."""
        self.refresh()
        row = self.db.execute("SELECT text FROM documents WHERE doc_id = ?", (doc_id,)).fetchone()
        if row is None:
            raise KnowledgeBaseError(self.path, f"no document {doc_id!r}")
        return row["text"]

    def _rows(self, table: str, doc_id: str | None, order: str) -> sqlite3.Cursor:
        """Rows of ``table``, of one document or of all, in ``order``."""
        self.refresh()
        where, args = ("WHERE doc_id = ?", (doc_id,)) if doc_id is not None else ("", ())
        return self.db.execute(f"SELECT * FROM {table} {where} ORDER BY {order}", args)

    def passages(self, doc_id: str | None = None) -> Iterator[Passage]:
        """Passages in document order, of one document or of all."""
        for row in self._rows("passages", doc_id, "doc_id, idx"):
            yield Passage(
                row["doc_id"], row["idx"], row["text"], row["char_start"], row["char_end"], row["page"]
            )

    def mentions(self, doc_id: str | None = None) -> Iterator[Mention]:
        """Mentions in document order, of one document or of all."""
        for row in self._rows("mentions", doc_id, "doc_id, char_start, target"):
            yield Mention(*(row[name] for name in _MENTION_COLUMNS))

    def search(
        self,
        query: str,
        *,
        k: int = 10,
        mode: str = "hybrid",
        facets: Facets | None = None,
        expand: bool = True,
    ) -> list[Hit]:
        """Hybrid search over the passages (see ``apkg.search.engine.Searcher.search``).

        Example:
            >>> kb.search("which tools help dissuade perpetrators?", k=5)   # doctest: +SKIP
        """
        self.refresh()
        if self._searcher is None:
            self._searcher = self._open_searcher()
        return self._searcher.search(query, k=k, mode=mode, facets=facets, expand=expand)

    def _open_searcher(self) -> Searcher:
        """The searcher over this build: its FAISS index is read from the directory, so a build
        swapped in meanwhile sends us to the new build first."""
        from apkg.config import SearchSettings
        from apkg.search.engine import Searcher

        for _ in range(_SWAP_RETRIES):
            model = self.manifest.get("search_model", SearchSettings.model)
            settings = dataclasses.replace(self.search_settings or SearchSettings(), model=model)
            searcher = Searcher(self.path, self.db, settings, model=model)
            if self._signature is None or _signature_of(self.path) == self._signature:
                return searcher
            self._load()
        raise KnowledgeBaseError(self.path, "the knowledge base kept changing while it was opened; try again")

    def close(self) -> None:
        """Close the database connection."""
        self.db.close()


_Signature = tuple[int, int, int]
_SWAP_RETRIES = 50
_SWAP_PAUSE = 0.05  # seconds; a build's swap is two renames


def _signature_of(path: Path) -> _Signature | None:
    """Identity of the kb.json at ``path`` (a new file for every build), None while there is none."""
    try:
        status = (path / MANIFEST_FILE).stat()
    except (FileNotFoundError, NotADirectoryError):
        return None
    return (status.st_dev, status.st_ino, status.st_mtime_ns)


def _open_snapshot(path: Path, *, any_thread: bool) -> tuple[dict[str, Any], sqlite3.Connection, _Signature]:
    """The manifest and a read-only database connection of the build ``path`` holds now, both of
    the same build, with the identity of that build's kb.json."""
    hint = f"build it with: apkg build --kb {path}"
    if not path.is_dir():
        raise KnowledgeBaseError(path, "no knowledge base here", hint)
    for _ in range(_SWAP_RETRIES):
        signature = _signature_of(path)
        manifest = read_manifest(path)
        if not manifest:
            raise KnowledgeBaseError(path, f"{MANIFEST_FILE} is missing: the build never finished", hint)
        if manifest.get("format_version") != FORMAT_VERSION:
            raise KnowledgeBaseError(
                path, f"format version {manifest.get('format_version')}, expected {FORMAT_VERSION}", hint
            )
        database = path / DATABASE_FILE
        if not database.exists():
            raise KnowledgeBaseError(path, f"{DATABASE_FILE} is missing", hint)
        connection = sqlite3.connect(f"file:{database}?mode=ro", uri=True, check_same_thread=not any_thread)
        connection.row_factory = sqlite3.Row
        if signature is not None and _signature_of(path) == signature:
            return manifest, connection, signature  # the manifest and the database are of one build
        connection.close()
        time.sleep(_SWAP_PAUSE)  # a build is swapping the directory in: look again
    raise KnowledgeBaseError(path, "the knowledge base kept changing while it was opened; try again")


def _record(row: sqlite3.Row) -> DocumentRecord:
    return DocumentRecord(meta=_meta(row), pages=row["pages"], passages=row["n"], ingested=row["ingested"])


def _meta(row: sqlite3.Row) -> SourceMeta:
    values = {name: row[name] or "" for name in _META_COLUMNS}
    return SourceMeta(**values)
