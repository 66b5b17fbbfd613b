"""Sources into the staging database, on this machine or on a Ray cluster.

Both engines run the same per-document work, ``apkg.ingest.stream.process_documents`` (read, clean,
split, find mentions), and embed the same inputs (``embedding_inputs``). The local engine streams
every passage through one spaCy pipe and embeds on a background thread meanwhile; the Ray engine
embeds in its workers. Either way the results are stored here, in source order, by ``_store``.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from apkg.config import Settings
from apkg.ingest.metadata import Candidate
from apkg.records import IngestedDocument
from apkg.rows import insert_document, insert_mentions, insert_new_actors, insert_vectors
from apkg.search.embedder import BackgroundEmbedder
from apkg.search.encoder import passage_input

if TYPE_CHECKING:
    from apkg.ingest.stream import Failure, ProcessedDocument


@dataclass
class Stored:
    """What ``store_sources`` did: the ids of the documents stored and the sources that failed."""

    doc_ids: list[str] = field(default_factory=list)
    failures: list[tuple[str, str]] = field(default_factory=list)  # (path, reason)


def embedding_inputs(document: IngestedDocument) -> list[tuple[str, str]]:
    """``(passage_id, text to embed)`` for every passage of ``document``."""
    return [(p.passage_id, passage_input(document.meta.title, p.text)) for p in document.passages]


def store_sources(
    db: sqlite3.Connection,
    candidates: list[Candidate],
    settings: Settings,
    embedder: BackgroundEmbedder,
    *,
    progress: bool,
) -> Stored:
    """Process ``candidates`` with the ``ingest.engine`` setting and store their documents,
    passages, mentions, new actors and whatever vectors are ready (the rest stay with
    ``embedder``, to be drained)."""
    from tqdm import tqdm

    from apkg.ingest.stream import Failure

    stored = Stored()
    if not candidates:
        return stored
    bar: Iterable[_Embedded | ProcessedDocument | Failure]
    if settings.ingest.engine == "ray":
        from apkg.ingest.distributed import ray_map

        results = ray_map(_process_and_embed, candidates, settings)
        bar = tqdm(results, total=len(candidates), desc="ingest (ray)", unit="doc", disable=not progress)
    else:
        bar = _process_here(
            tqdm(candidates, desc="ingest", unit="doc", disable=not progress), settings, embedder
        )
    for result in bar:
        if isinstance(result, Failure):
            stored.failures.append((result.path, result.reason))
            continue
        processed = result.processed if isinstance(result, _Embedded) else result
        _store(db, processed)
        stored.doc_ids.append(processed.document.meta.doc_id)
        if isinstance(result, _Embedded):
            insert_vectors(db, result.vectors)
        else:  # the passages are stored: their vectors may follow
            embedder.submit(embedding_inputs(processed.document))
            insert_vectors(db, embedder.take())
    return stored


def _process_here(
    candidates: Iterable[Candidate], settings: Settings, embedder: BackgroundEmbedder
) -> Iterator[ProcessedDocument | Failure]:
    from apkg.ingest.stream import process_documents, spacy_processes

    embedder.start()  # load the embedding model while spaCy starts
    return process_documents(candidates, settings, n_process=spacy_processes(settings.extract))


@dataclass(frozen=True)
class _Embedded:
    """A document processed on a Ray worker, with its passage vectors."""

    processed: ProcessedDocument
    vectors: list[tuple[str, np.ndarray]]  # (passage_id, vector), in passage order


def _process_and_embed(candidates: list[Candidate], settings: Settings) -> list[_Embedded | Failure]:
    """A Ray task: process a batch of sources and embed their passages."""
    from apkg.ingest.stream import Failure, process_documents
    from apkg.search.encoder import encode, load_encoder

    encoder = load_encoder(settings.search.model)
    results: list[_Embedded | Failure] = []
    for result in process_documents(candidates, settings):
        if isinstance(result, Failure):
            results.append(result)
            continue
        inputs = embedding_inputs(result.document)
        matrix = encode(encoder, [text for _, text in inputs], batch_size=settings.search.batch_size)
        results.append(_Embedded(result, [(pid, v) for (pid, _), v in zip(inputs, matrix, strict=True)]))
    return results


def _store(db: sqlite3.Connection, processed: ProcessedDocument) -> None:
    """Replace a document's rows with those of ``processed``."""
    insert_document(db, processed.document)
    insert_mentions(db, processed.mentions)
    insert_new_actors(db, processed.document.meta.doc_id, processed.new_actors)
