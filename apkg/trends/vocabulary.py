"""The ontology as a knowledge base stored it: labels, kinds and narrower concepts of its terms,
read back into a ``Taxonomy`` in a few milliseconds (parsing the Turtle files takes a second)."""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from pathlib import Path

from apkg.errors import KnowledgeBaseError
from apkg.ontology.lexicon import Lexicon
from apkg.ontology.taxonomy import Taxonomy

TABLES = ("speeches", "term_labels", "narrower")


def require_tables(db: sqlite3.Connection, path: Path) -> None:
    """Check that the knowledge base at ``path`` has the tables ``apkg trends`` reads.

    Raises:
        KnowledgeBaseError: it was built before they were (or by a build that wrote none).
    """
    found = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if not set(TABLES) <= found or db.execute("SELECT 1 FROM term_labels LIMIT 1").fetchone() is None:
        raise KnowledgeBaseError(
            path,
            f"no trends tables ({', '.join(TABLES)}): it was built before apkg trends",
            f"rebuild it: apkg build --kb {path}",
        )


def stored_vocabulary(db: sqlite3.Connection, path: Path) -> Taxonomy:
    """The labels, kinds and hierarchy of the ontology the knowledge base at ``path`` was built with.

    Raises:
        KnowledgeBaseError: the knowledge base has no trends tables.
    """
    require_tables(db, path)
    lexicon = Lexicon()
    for iri, kind, label in db.execute("SELECT iri, kind, label FROM term_labels ORDER BY iri, rank"):
        lexicon.labels_of.setdefault(iri, []).append(label)
        lexicon.kind_of[iri] = kind
    narrower: dict[str, set[str]] = defaultdict(set)
    for iri, below in db.execute("SELECT iri, below FROM narrower"):
        narrower[iri].update((iri, below))
    vocabulary = Taxonomy(lexicon=lexicon, narrower=dict(narrower))
    vocabulary.index_labels()
    return vocabulary
