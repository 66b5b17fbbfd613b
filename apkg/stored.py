"""The records a knowledge-base database holds, read back: documents, passages, mentions,
statements, relations, new actors.

``StoredRecords`` reads through whatever connection it is given: the build's writable staging
connection (the graph stage) or a reader's read-only one (``apkg.kb.KnowledgeBase``).
"""

from __future__ import annotations

import dataclasses
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from apkg.errors import KnowledgeBaseError
from apkg.records import Mention, NewActor, Passage, Relation, SourceMeta, Statement

_DOCUMENTS = "SELECT d.*, (SELECT COUNT(*) FROM passages p WHERE p.doc_id = d.doc_id) AS n FROM documents d"
_MENTION_COLUMNS = (
    "passage_id", "doc_id", "kind", "target", "surface", "char_start", "char_end", "extractor",
    "extractor_version",
)  # fmt: skip
_META_COLUMNS = (
    "doc_id", "path", "title", "institution", "date", "doc_type", "language", "licence", "source",
    "collection", "sha256",
)  # fmt: skip
_COUNTED = ("documents", "passages", "mentions", "statements", "relations", "new_actors")


@dataclass(frozen=True)
class DocumentRecord:
    """A stored document's metadata and size."""

    meta: SourceMeta
    pages: int | None
    passages: int
    ingested: str  # UTC time the document was last processed


class StoredRecords:
    """Read-only verbs over the rows of the database of the knowledge base at ``path`` (named in
    errors), through ``connection``."""

    def __init__(self, connection: sqlite3.Connection, path: Path) -> None:
        self.db, self.path = connection, path

    def counts(self) -> dict[str, int]:
        """Numbers of documents, passages, mentions and new actors."""
        return {t: self.db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in _COUNTED}

    def documents(self) -> list[DocumentRecord]:
        """Every document with its metadata, ordered by id."""
        return [_record(row) for row in self.db.execute(_DOCUMENTS + " ORDER BY doc_id")]

    def document(self, doc_id: str) -> DocumentRecord:
        """One document's metadata and size.

        Raises:
            KnowledgeBaseError: no document has that id.
        """
        row = self.db.execute(_DOCUMENTS + " WHERE doc_id = ?", (doc_id,)).fetchone()
        if row is None:
            raise KnowledgeBaseError(self.path, f"no document {doc_id!r}")
        return _record(row)

    def document_text(self, doc_id: str) -> str:
        """The clean text of a document; passage and mention spans index it.

        Raises:
            KnowledgeBaseError: no document has that id.
        """
        row = self.db.execute("SELECT text FROM documents WHERE doc_id = ?", (doc_id,)).fetchone()
        if row is None:
            raise KnowledgeBaseError(self.path, f"no document {doc_id!r}")
        return row["text"]

    def extractors(self) -> list[tuple[str, str]]:
        """The (name, version) of every extractor that produced a stored mention, statement or relation."""
        rows = self.db.execute(
            "SELECT extractor, extractor_version FROM mentions UNION "
            "SELECT extractor, extractor_version FROM statements UNION "
            "SELECT extractor, extractor_version FROM relations ORDER BY 1, 2"
        )
        return [(row[0], row[1]) for row in rows]

    def new_actors(self, doc_id: str | None = None) -> list[NewActor]:
        """The actors and places found only in text, of one document or of all."""
        rows = self._rows("new_actors", doc_id, "iri")
        return list(dict.fromkeys(NewActor(row["iri"], row["name"], row["type"]) for row in rows))

    def passages(self, doc_id: str | None = None) -> Iterator[Passage]:
        """Passages in document order, of one document or of all."""
        for row in self._rows("passages", doc_id, "doc_id, idx"):
            yield _passage(row)

    def passage(self, passage_id: str) -> tuple[Passage, int]:
        """One passage, and how many passages its document has.

        Raises:
            KnowledgeBaseError: no passage has that id.
        """
        row = self.db.execute(
            "SELECT p.*, (SELECT COUNT(*) FROM passages q WHERE q.doc_id = p.doc_id) AS n "
            "FROM passages p WHERE passage_id = ?",
            (passage_id,),
        ).fetchone()
        if row is None:
            raise KnowledgeBaseError(self.path, f"no passage {passage_id!r}")
        return _passage(row), row["n"]

    def mentions(self, doc_id: str | None = None) -> Iterator[Mention]:
        """Mentions in document order, of one document or of all."""
        for row in self._rows("mentions", doc_id, "doc_id, char_start, target"):
            yield Mention(*(row[name] for name in _MENTION_COLUMNS))

    def statements(self, doc_id: str | None = None) -> Iterator[Statement]:
        """Statements in document order, of one document or of all."""
        for row in self._rows("statements", doc_id, "doc_id, char_start, concept"):
            yield Statement(*(row[field.name] for field in dataclasses.fields(Statement)))

    def relations(self, doc_id: str | None = None) -> Iterator[Relation]:
        """Relations in document order, of one document or of all."""
        for row in self._rows("relations", doc_id, "doc_id, char_start, tool, agent"):
            yield Relation(*(row[field.name] for field in dataclasses.fields(Relation)))

    def _rows(self, table: str, doc_id: str | None, order: str) -> sqlite3.Cursor:
        """Rows of ``table``, of one document or of all, in ``order``."""
        where, args = ("WHERE doc_id = ?", (doc_id,)) if doc_id is not None else ("", ())
        return self.db.execute(f"SELECT * FROM {table} {where} ORDER BY {order}", args)


def _record(row: sqlite3.Row) -> DocumentRecord:
    meta = SourceMeta(**{name: row[name] or "" for name in _META_COLUMNS})
    return DocumentRecord(meta=meta, pages=row["pages"], passages=row["n"], ingested=row["ingested"])


def _passage(row: sqlite3.Row) -> Passage:
    return Passage(
        row["doc_id"], row["idx"], row["text"], row["char_start"], row["char_end"], row["page"], row["kind"]
    )
