"""The knowledge-base directory: its part names, the SQLite schema, the manifest.

Layout (format version 6)::

    kb/
      kb.json          format version, settings, ontology hash, counts, sources, failures (written last)
      passages.sqlite  documents, passages, mentions, statements of speeches, relations (who applied,
                       urged or opposed which tool towards whom), actors found in text,
                       passage vectors, and what ``apkg trends`` reads: the speeches (speaker, year,
                       region) and the ontology's labels and narrower concepts as the build used them
      graph/           the Oxigraph store (one named graph per document)
      lexical/         the tantivy index of the passages and their documents' context, by rowid
      vectors.faiss    the dense index over the passage vectors, keyed by passage rowid

Passage rowids are ``AUTOINCREMENT``: SQLite never hands a removed passage's rowid to another, so
the lexical index and the FAISS ids keyed by rowid can never point at the wrong passage after an update.
The build writes a new version into a staging directory and swaps it in only when it has
succeeded (``apkg.staging``); readers open it read-only (``apkg.kb``).
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

from apkg.errors import KnowledgeBaseError

FORMAT_VERSION = 6
MANIFEST_FILE = "kb.json"
DATABASE_FILE = "passages.sqlite"
GRAPH_DIR = "graph"
INDEX_FILE = "vectors.faiss"
LEXICAL_DIR = "lexical"

SCHEMA = """
CREATE TABLE IF NOT EXISTS documents (
    doc_id TEXT PRIMARY KEY, path TEXT NOT NULL, title TEXT, institution TEXT, date TEXT,
    doc_type TEXT, language TEXT, licence TEXT, source TEXT, collection TEXT,
    sha256 TEXT NOT NULL, pages INTEGER, text TEXT NOT NULL, ingested TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS passages (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    passage_id TEXT NOT NULL UNIQUE,
    doc_id TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
    idx INTEGER NOT NULL, page INTEGER, char_start INTEGER NOT NULL, char_end INTEGER NOT NULL,
    text TEXT NOT NULL, content_hash TEXT NOT NULL, kind TEXT NOT NULL DEFAULT 'prose'
);
CREATE INDEX IF NOT EXISTS passages_doc ON passages(doc_id, idx);
CREATE TABLE IF NOT EXISTS mentions (
    mention_id TEXT PRIMARY KEY,
    passage_id TEXT NOT NULL REFERENCES passages(passage_id) ON DELETE CASCADE,
    doc_id TEXT NOT NULL, kind TEXT NOT NULL, target TEXT NOT NULL, surface TEXT NOT NULL,
    char_start INTEGER NOT NULL, char_end INTEGER NOT NULL,
    extractor TEXT NOT NULL, extractor_version TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS mentions_target ON mentions(target);
CREATE INDEX IF NOT EXISTS mentions_passage ON mentions(passage_id);
CREATE INDEX IF NOT EXISTS mentions_doc ON mentions(doc_id);
CREATE TABLE IF NOT EXISTS vectors (
    passage_id TEXT PRIMARY KEY REFERENCES passages(passage_id) ON DELETE CASCADE,
    vector BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS statements (
    statement_id TEXT PRIMARY KEY,
    doc_id TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
    passage_id TEXT NOT NULL, char_start INTEGER NOT NULL, char_end INTEGER NOT NULL, text TEXT NOT NULL,
    concept TEXT NOT NULL, sense TEXT NOT NULL, stance TEXT, rule TEXT, extractor TEXT NOT NULL,
    extractor_version TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS statements_doc ON statements(doc_id);
CREATE INDEX IF NOT EXISTS statements_concept ON statements(concept, sense, stance);
CREATE TABLE IF NOT EXISTS relations (
    relation_id TEXT PRIMARY KEY,
    doc_id TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
    passage_id TEXT NOT NULL, char_start INTEGER NOT NULL, char_end INTEGER NOT NULL,
    agent TEXT NOT NULL, tool TEXT NOT NULL, target TEXT, mode TEXT NOT NULL, year INTEGER,
    pattern TEXT NOT NULL, confidence REAL NOT NULL, extractor TEXT NOT NULL, extractor_version TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS relations_doc ON relations(doc_id);
CREATE INDEX IF NOT EXISTS relations_tool ON relations(tool, year);
CREATE INDEX IF NOT EXISTS relations_agent ON relations(agent);
CREATE INDEX IF NOT EXISTS relations_target ON relations(target);
CREATE TABLE IF NOT EXISTS speeches (
    doc_id TEXT PRIMARY KEY REFERENCES documents(doc_id) ON DELETE CASCADE,
    year INTEGER, speaker TEXT NOT NULL, speaker_iri TEXT, code TEXT, region TEXT, subregion TEXT,
    passages INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS term_labels (
    iri TEXT NOT NULL, kind TEXT NOT NULL, rank INTEGER NOT NULL, label TEXT NOT NULL,
    PRIMARY KEY (iri, rank)
);
CREATE TABLE IF NOT EXISTS narrower (
    iri TEXT NOT NULL, below TEXT NOT NULL, PRIMARY KEY (iri, below)
);
CREATE TABLE IF NOT EXISTS new_actors (
    iri TEXT NOT NULL, doc_id TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
    name TEXT NOT NULL, type TEXT NOT NULL, PRIMARY KEY (iri, doc_id)
);
"""


def connect(path: Path) -> sqlite3.Connection:
    """Open the knowledge-base database for writing, with foreign keys on and the schema in place."""
    connection = sqlite3.connect(path)
    connection.row_factory = sqlite3.Row
    connection.execute("PRAGMA foreign_keys = ON")
    connection.executescript(SCHEMA)
    return connection


def connect_read_only(path: Path, *, any_thread: bool = False) -> sqlite3.Connection:
    """Open the knowledge-base database at ``path`` read-only; with ``any_thread``, the connection
    may be used from other threads than this one (the caller serialises its use)."""
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=not any_thread)
    connection.row_factory = sqlite3.Row
    return connection


def read_manifest(path: Path) -> dict[str, Any]:
    """Return ``kb.json`` of the knowledge base at ``path``, or an empty manifest if none."""
    try:
        return json.loads((path / MANIFEST_FILE).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except ValueError as exc:
        raise KnowledgeBaseError(path, f"{MANIFEST_FILE} is not valid JSON: {exc}") from None


BuildIdentity = tuple[int, int, int]


def build_identity(path: Path) -> BuildIdentity | None:
    """Which build the knowledge base at ``path`` holds now: the identity of its kb.json (every
    build that changes anything writes a new file and swaps in a new directory), or None while
    there is none. One ``stat``, so readers can check it before every call; they compare it with
    the identity of the build they opened, to switch to a new build whole."""
    try:
        status = (path / MANIFEST_FILE).stat()
    except (FileNotFoundError, NotADirectoryError):
        return None
    return (status.st_dev, status.st_ino, status.st_mtime_ns)


def write_manifest(path: Path, manifest: dict[str, Any]) -> None:
    """Write ``kb.json`` through a temporary file, so a reader never sees half of it."""
    temporary = path / (MANIFEST_FILE + ".tmp")
    temporary.write_text(json.dumps(manifest, indent=2, ensure_ascii=False), encoding="utf-8")
    temporary.replace(path / MANIFEST_FILE)
