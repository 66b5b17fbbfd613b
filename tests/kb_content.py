"""Everything a knowledge base holds, as plain comparable values: two builds of the same folder
must give equal contents whatever path led to them (build times left out)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import faiss
import numpy as np

from apkg.graph.store import OxigraphStore
from apkg.layout import DATABASE_FILE, INDEX_FILE, LEXICAL_DIR
from apkg.search.lexical import LexicalIndex

_BUILD_TIME = "http://www.w3.org/ns/prov#endedAtTime"


def kb_content(kb: Path) -> dict[str, object]:
    """Documents (metadata and text), passages, mentions, new actors, the lexical index's rows, the
    vectors and the dense index's passages, and the graph's quads, each keyed by content."""
    db = sqlite3.connect(kb / DATABASE_FILE)
    try:
        return {
            "documents": _rows(db, "SELECT doc_id, path, title, institution, date, doc_type, language, "
                               "licence, source, collection, sha256, pages, text FROM documents"),
            "passages": _rows(db, "SELECT passage_id, doc_id, idx, page, char_start, char_end, text, "
                              "content_hash FROM passages"),
            "mentions": _rows(db, "SELECT mention_id, passage_id, doc_id, kind, target, surface, char_start, "
                              "char_end, extractor, extractor_version FROM mentions"),
            "new_actors": _rows(db, "SELECT iri, doc_id, name, type FROM new_actors"),
            "fulltext": _fulltext(kb, db),
            "vectors": _vectors(db),
            "dense_index": _indexed_passages(kb, db),
            "graph": _quads(kb),
        }  # fmt: skip
    finally:
        db.close()


def _fulltext(kb: Path, db: sqlite3.Connection) -> list[tuple]:
    """The lexical index's text of each passage, by passage id (None for a row of no passage)."""
    ids = dict(db.execute("SELECT rowid, passage_id FROM passages").fetchall())
    return sorted(((ids.get(rowid), text) for rowid, text in LexicalIndex(kb / LEXICAL_DIR).rows()), key=repr)


def _rows(db: sqlite3.Connection, sql: str) -> list[tuple]:
    return sorted(db.execute(sql).fetchall(), key=repr)


class Vectors(dict):
    """Passage id -> vector; equal to another when both hold the same passages with vectors equal
    up to the float noise that batching passages differently leaves in the last bits."""

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, dict) or self.keys() != other.keys():
            return False
        return all(np.allclose(self[key], other[key], atol=1e-5) for key in self)

    __hash__ = None  # type: ignore[assignment]


def _vectors(db: sqlite3.Connection) -> Vectors:
    rows = db.execute("SELECT passage_id, vector FROM vectors")
    return Vectors((passage_id, np.frombuffer(blob, dtype=np.float32)) for passage_id, blob in rows)


def _indexed_passages(kb: Path, db: sqlite3.Connection) -> list[str]:
    """The passage ids the FAISS index holds (through the rowids it is keyed by)."""
    index = faiss.read_index(str(kb / INDEX_FILE))
    rowids = faiss.vector_to_array(index.id_map).tolist()
    by_rowid = dict(db.execute("SELECT rowid, passage_id FROM passages"))
    return sorted(by_rowid.get(rowid, f"<rowid {rowid} of no passage>") for rowid in rowids)


def _quads(kb: Path) -> set[str]:
    store = OxigraphStore.open(kb)
    try:
        return {str(quad) for quad in store.quads() if quad.predicate.value != _BUILD_TIME}
    finally:
        del store
