"""Write records into the knowledge-base database: one function per table, with named columns.

These are the only statements that add rows; the build, extraction and the search index all write
through them, so the columns of ``apkg.layout.SCHEMA`` are spelt out in one place.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterable

import numpy as np

from apkg.records import IngestedDocument, Mention, NewActor, Relation, Speech, Statement


def delete_document(db: sqlite3.Connection, doc_id: str) -> None:
    """Remove a document; its passages, mentions, statements, new actors and vectors go with it
    (cascade)."""
    db.execute("DELETE FROM documents WHERE doc_id = ?", (doc_id,))


def insert_document(db: sqlite3.Connection, document: IngestedDocument) -> None:
    """Replace a document's row and its passages with those of ``document``, stamped with the time now."""
    meta = document.meta
    delete_document(db, meta.doc_id)
    db.execute(
        "INSERT INTO documents (doc_id, path, title, institution, date, doc_type, language, licence, "
        "source, collection, sha256, pages, text, ingested) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        (meta.doc_id, meta.path, meta.title, meta.institution, meta.date, meta.doc_type, meta.language,
         meta.licence, meta.source, meta.collection, meta.sha256, document.pages, document.text.text,
         time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())),
    )  # fmt: skip
    db.executemany(
        "INSERT INTO passages (passage_id, doc_id, idx, page, char_start, char_end, text, content_hash, "
        "kind) VALUES (?,?,?,?,?,?,?,?,?)",
        [(p.passage_id, p.doc_id, p.index, p.page, p.char_start, p.char_end, p.text, p.content_hash,
          p.kind) for p in document.passages],
    )  # fmt: skip


def insert_mentions(db: sqlite3.Connection, mentions: Iterable[Mention]) -> None:
    """Add mentions (one already stored, by id, is kept)."""
    db.executemany(
        "INSERT OR IGNORE INTO mentions (mention_id, passage_id, doc_id, kind, target, surface, "
        "char_start, char_end, extractor, extractor_version) VALUES (?,?,?,?,?,?,?,?,?,?)",
        [(m.mention_id, m.passage_id, m.doc_id, m.kind, m.target, m.surface, m.char_start, m.char_end,
          m.extractor, m.extractor_version) for m in mentions],
    )  # fmt: skip


def insert_new_actors(db: sqlite3.Connection, doc_id: str, actors: Iterable[NewActor]) -> None:
    """Record the actors found in document ``doc_id`` that the ontology does not list."""
    db.executemany(
        "INSERT OR IGNORE INTO new_actors (iri, doc_id, name, type) VALUES (?,?,?,?)",
        [(actor.iri, doc_id, actor.name, actor.type_name) for actor in actors],
    )


def insert_vectors(db: sqlite3.Connection, vectors: Iterable[tuple[str, np.ndarray]]) -> None:
    """Write ``(passage_id, vector)`` pairs as float32 bytes (replacing any the passages had)."""
    db.executemany(
        "INSERT OR REPLACE INTO vectors (passage_id, vector) VALUES (?, ?)",
        ((passage_id, vector.tobytes()) for passage_id, vector in vectors),
    )


def replace_statements(db: sqlite3.Connection, doc_id: str, statements: Iterable[Statement]) -> None:
    """Replace the statements of document ``doc_id`` with ``statements``."""
    db.execute("DELETE FROM statements WHERE doc_id = ?", (doc_id,))
    db.executemany(
        "INSERT OR IGNORE INTO statements (statement_id, doc_id, passage_id, char_start, char_end, text, "
        "concept, sense, stance, rule, extractor, extractor_version) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
        [(s.statement_id, s.doc_id, s.passage_id, s.char_start, s.char_end, s.text, s.concept, s.sense,
          s.stance, s.rule, s.extractor, s.extractor_version) for s in statements],
    )  # fmt: skip


def replace_relations(db: sqlite3.Connection, doc_id: str, relations: Iterable[Relation]) -> None:
    """Replace the relations of document ``doc_id`` with ``relations``."""
    db.execute("DELETE FROM relations WHERE doc_id = ?", (doc_id,))
    db.executemany(
        "INSERT OR IGNORE INTO relations (relation_id, doc_id, passage_id, char_start, char_end, agent, "
        "tool, target, mode, year, pattern, confidence, extractor, extractor_version) "
        "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        [(r.relation_id, r.doc_id, r.passage_id, r.char_start, r.char_end, r.agent, r.tool, r.target, r.mode,
          r.year, r.pattern, r.confidence, r.extractor, r.extractor_version) for r in relations],
    )  # fmt: skip


def replace_speeches(db: sqlite3.Connection, speeches: Iterable[Speech]) -> None:
    """Replace every row of the speeches table with ``speeches``."""
    db.execute("DELETE FROM speeches")
    db.executemany(
        "INSERT INTO speeches (doc_id, year, speaker, speaker_iri, code, region, subregion, passages) "
        "VALUES (?,?,?,?,?,?,?,?)",
        [(s.doc_id, s.year, s.speaker, s.speaker_iri, s.code, s.region, s.subregion, s.passages)
         for s in speeches],
    )  # fmt: skip


def replace_vocabulary(
    db: sqlite3.Connection, labels: Iterable[tuple[str, str, list[str]]], narrower: Iterable[tuple[str, str]]
) -> None:
    """Replace the stored vocabulary: ``(iri, kind, labels)`` of every term, the preferred label
    first, and the ``(iri, narrower iri)`` pairs of its hierarchy."""
    db.execute("DELETE FROM term_labels")
    db.execute("DELETE FROM narrower")
    db.executemany(
        "INSERT INTO term_labels (iri, kind, rank, label) VALUES (?,?,?,?)",
        [(iri, kind, rank, label) for iri, kind, names in labels for rank, label in enumerate(names)],
    )
    db.executemany("INSERT INTO narrower (iri, below) VALUES (?,?)", narrower)
