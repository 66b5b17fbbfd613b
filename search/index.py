"""Bring a knowledge base's search indexes up to date after a build: write the lexical index anew
from the passages, and the FAISS index file from the stored passage vectors."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from apkg.config import SearchSettings
from apkg.layout import INDEX_FILE, LEXICAL_DIR
from apkg.ontology.lexicon import CONCEPT_KINDS
from apkg.search.dense import build_index, index_kind, write_index
from apkg.search.lexical import write_lexical_index

# What the full-text index knows of a passage's document: title, institution, year and type, so
# that a query naming a country, an institution or a year can match a passage through its source.
CONTEXT = " || ' ' || ".join(
    f"coalesce({field}, '')" for field in ("d.title", "d.institution", "substr(d.date, 1, 4)", "d.doc_type")
)


@dataclass(frozen=True)
class IndexStats:
    """What ``sync_search`` did."""

    vectors: int
    index_type: str


def lexical_rows(db: sqlite3.Connection) -> Iterator[tuple[int, str, str, list[str]]]:
    """Each passage's rowid, text, document context and the concepts found in it, by rowid: what
    the lexical index holds."""
    kinds = sorted(CONCEPT_KINDS)
    rows = db.execute(
        f"SELECT p.rowid, p.text, {CONTEXT}, (SELECT group_concat(DISTINCT m.target) FROM mentions m "
        f"WHERE m.passage_id = p.passage_id AND m.kind IN ({','.join('?' * len(kinds))})) "
        "FROM passages p JOIN documents d USING (doc_id) ORDER BY p.rowid",
        kinds,
    )
    for rowid, text, context, concepts in rows:
        yield rowid, text, context, concepts.split(",") if concepts else []


def sync_search(kb_path: Path, db: sqlite3.Connection, settings: SearchSettings) -> IndexStats:
    """Write the lexical index (passage text, document context, concepts) and ``vectors.faiss`` from the
    stored passages and vectors (the build embeds every passage it stores; see
    ``apkg.search.embedder``)."""
    db.execute("DROP TABLE IF EXISTS passages_fts")  # the full-text table of builds before the lexical index
    write_lexical_index(kb_path / LEXICAL_DIR, lexical_rows(db))
    rows = db.execute(
        "SELECT p.rowid, v.vector FROM vectors v JOIN passages p USING (passage_id) ORDER BY p.rowid"
    )
    ids, blobs = [], []
    for rowid, blob in rows:
        ids.append(rowid)
        blobs.append(blob)
    matrix = np.frombuffer(b"".join(blobs), dtype=np.float32).reshape(len(blobs), -1) if blobs else None
    index = build_index(matrix, np.asarray(ids, dtype=np.int64), settings)
    write_index(index, kb_path / INDEX_FILE)
    return IndexStats(vectors=len(ids), index_type=index_kind(index))
