"""The statements of speeches, derived from the stored documents after they are read: every
sentence of a speech that names the responsibility to protect, with the sense of its words and,
for the norm, its stance (``find_r2p_statements``).

The derivation has its own version: a knowledge base whose statements were derived by another
version gets them again from its stored texts, without reading or extracting anything anew.
"""

from __future__ import annotations

import bisect
import sqlite3
from collections.abc import Collection

from apkg.ingest.r2p_statements import find_r2p_statements
from apkg.ontology.namespace import APKG
from apkg.records import Statement, year_of
from apkg.rows import replace_statements

STATEMENTS_EXTRACTOR = "apkg.statements"
STATEMENTS_VERSION = "1"  # bump when what find_r2p_statements finds or decides changes
_SENSES = {"r2p": "concept", "other": "everyday"}


def sync_statements(db: sqlite3.Connection, doc_ids: Collection[str] | None = None) -> list[str]:
    """Derive again the statements of the stored speeches among ``doc_ids`` (all of them with
    ``None``); return the ids of the speeches that had or now have statements."""
    if doc_ids is None:
        doc_ids = [row[0] for row in db.execute("SELECT doc_id FROM documents WHERE doc_type = 'speech'")]
    touched = []
    for doc_id in sorted(doc_ids):
        speech = db.execute(
            "SELECT date, text FROM documents WHERE doc_id = ? AND doc_type = 'speech'", (doc_id,)
        ).fetchone()
        had = db.execute("SELECT 1 FROM statements WHERE doc_id = ? LIMIT 1", (doc_id,)).fetchone()
        statements = [] if speech is None else speech_statements(db, doc_id, speech[1], year_of(speech[0]))
        replace_statements(db, doc_id, statements)
        if had or statements:
            touched.append(doc_id)
    return touched


def speech_statements(db: sqlite3.Connection, doc_id: str, text: str, year: int | None) -> list[Statement]:
    """The statements of one stored speech, each tied to the passage its sentence starts in."""
    found = find_r2p_statements(text, year=year)
    if not found:
        return []
    passages = db.execute(
        "SELECT char_start, passage_id FROM passages WHERE doc_id = ? ORDER BY char_start", (doc_id,)
    ).fetchall()
    if not passages:
        return []
    starts = [start for start, _ in passages]
    concept = str(APKG.ResponsibilityToProtect)
    statements = []
    for item in found:
        sentence = item.sentence
        passage_id = passages[max(0, bisect.bisect_right(starts, sentence.start) - 1)][1]
        statements.append(
            Statement(
                doc_id, passage_id, sentence.start, sentence.end, sentence.text, concept,
                _SENSES[item.sense], item.stance, item.rule, STATEMENTS_EXTRACTOR, STATEMENTS_VERSION,
            )
        )  # fmt: skip
    return statements
