"""What the build writes for ``apkg trends``: who gave each speech, with the speaker's ISO code and
M49 region, and the ontology's labels and narrower concepts as this build extracted with them, so
that a trends query reads a few tables and parses no ontology."""

from __future__ import annotations

import sqlite3

from apkg.ontology import speaker_iri, state_register, taxonomy
from apkg.records import SourceMeta, Speech
from apkg.rows import replace_speeches, replace_vocabulary

_SPEECHES = (
    "SELECT d.doc_id, d.path, d.institution, d.date, d.doc_type, "
    "(SELECT COUNT(*) FROM passages p WHERE p.doc_id = d.doc_id) AS n "
    "FROM documents d WHERE d.doc_type = 'speech' AND COALESCE(d.institution, '') != '' ORDER BY d.doc_id"
)


def stored_speeches(db: sqlite3.Connection) -> list[Speech]:
    """Every stored speech (a document whose ``doc_type`` is speech and whose author is named), with
    its speaker: the state or organisation the ontology knows by the author's name
    (``speaker_iri``), or else the author as the corpus gives it."""
    register = state_register()
    code_of = {iri: code for code, iri in register.by_code.items()}
    speeches = []
    for row in db.execute(_SPEECHES):
        meta = SourceMeta(
            row["doc_id"], row["path"], institution=row["institution"], date=row["date"] or "",
            doc_type=row["doc_type"],
        )  # fmt: skip
        iri = speaker_iri(meta)
        region = register.region_of.get(iri) if iri else None
        name = register.lexicon.labels_of[iri][0] if iri else meta.institution
        speeches.append(
            Speech(
                meta.doc_id,
                meta.year,
                name,
                iri,
                code_of.get(iri) if iri else None,
                region.region if region else None,
                region.subregion if region else None,
                row["n"],
            )
        )
    return speeches


def sync_trends(db: sqlite3.Connection) -> int:
    """Rewrite the speeches and the vocabulary tables from the stored documents and the ontology;
    returns the number of speeches."""
    speeches = stored_speeches(db)
    replace_speeches(db, speeches)
    vocabulary = taxonomy()
    kind_of = vocabulary.lexicon.kind_of
    replace_vocabulary(
        db,
        ((iri, kind_of[iri], labels) for iri, labels in vocabulary.lexicon.labels_of.items()),
        ((iri, below) for iri, below_it in vocabulary.narrower.items() for below in below_it if below != iri),
    )
    return len(speeches)
