"""Extraction over a stream of passages, written to the knowledge-base database in batches."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterable, Iterator
from functools import lru_cache
from itertools import islice
from typing import TypeVar

from apkg.config import ExtractSettings
from apkg.ingest.extract import MentionExtractor, load_pipeline
from apkg.ontology import load_ontology, ontology_hash
from apkg.ontology.lexicon import build_lexicon
from apkg.records import Mention, NewActor, Passage

T = TypeVar("T")


def batched(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """Yield lists of ``size`` items (the last may be shorter)."""
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def make_extractor(settings: ExtractSettings) -> MentionExtractor:
    """Return the extractor for ``settings``' spaCy model, built once per process."""
    return _extractor(settings.spacy_model, ontology_hash())


def extract_text(text: str, settings: ExtractSettings) -> list[Mention]:
    """The mentions in one text, with offsets into it (to check the ontology's labels)."""
    [(_, mentions, _)] = list(make_extractor(settings).extract([Passage("text", 0, text, 0, len(text))]))
    return mentions


@lru_cache(maxsize=2)
def _extractor(spacy_model: str, ontology_version: str) -> MentionExtractor:
    return MentionExtractor(load_pipeline(spacy_model), build_lexicon(load_ontology()))


def extract_into(db: sqlite3.Connection, passages: Iterable[Passage], settings: ExtractSettings) -> int:
    """Extract the mentions of ``passages`` and insert them (and new actors) into ``db``.

    Returns:
        The number of mentions written.
    """
    extractor = make_extractor(settings)
    written = 0
    n_process = settings.n_process or min(4, max(1, (os.cpu_count() or 1) - 1))  # a core for embedding
    results = extractor.extract(passages, batch_size=settings.batch_size, n_process=n_process)
    for batch in batched(results, 256):
        written += write_mentions(db, *collect_mentions(batch))
    return written


def collect_mentions(
    results: Iterable[tuple[Passage, list[Mention], list[NewActor]]],
) -> tuple[list[Mention], list[tuple[str, NewActor]]]:
    """The mentions of extraction results, and their new actors as ``(doc_id, actor)`` pairs."""
    mentions: list[Mention] = []
    new_actors: list[tuple[str, NewActor]] = []
    for passage, found, actors in results:
        mentions += found
        new_actors += [(passage.doc_id, actor) for actor in actors]
    return mentions, new_actors


def write_mentions(
    db: sqlite3.Connection, mentions: list[Mention], new_actors: list[tuple[str, NewActor]]
) -> int:
    """Insert ``mentions`` and the ``(doc_id, actor)`` pairs of actors found that the ontology does
    not list; returns the number of mentions."""
    db.executemany(
        "INSERT OR IGNORE INTO mentions VALUES (?,?,?,?,?,?,?,?,?,?)",
        [(m.mention_id, m.passage_id, m.doc_id, m.kind, m.target, m.surface, m.char_start, m.char_end,
          m.extractor, m.extractor_version) for m in mentions],
    )  # fmt: skip
    db.executemany(
        "INSERT OR IGNORE INTO new_actors VALUES (?,?,?,?)",
        [(a.iri, doc_id, a.name, a.type_name) for doc_id, a in new_actors],
    )
    return len(mentions)
