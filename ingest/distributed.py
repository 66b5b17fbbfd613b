"""Per-document ingest work (read, clean, split, extract, embed) as a batch map on a Ray cluster.

Each Ray task takes a batch of sources and returns them processed; the driver writes the results
into the knowledge base in source order, so the Ray path and the local path store the same
passages and mentions. Workers keep their spaCy pipeline and embedding model loaded between
tasks. Set ``ingest.engine = "ray"`` and, for an existing cluster, ``ingest.ray_address``
(``auto`` or ``ray://HOST:10001``); with no address a local cluster is started for the build.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from apkg.config import Settings
from apkg.errors import ConfigError, SourceError
from apkg.ingest.metadata import Candidate
from apkg.records import IngestedDocument, Mention, NewActor


@dataclass(frozen=True)
class ProcessedDocument:
    """One source after all per-document work: its passages, mentions and passage vectors."""

    document: IngestedDocument
    mentions: list[Mention]
    new_actors: list[tuple[str, NewActor]]  # (doc_id, actor)
    vectors: np.ndarray  # one row per passage, in passage order


@dataclass(frozen=True)
class Failure:
    """A source that could not be ingested, and why."""

    path: str
    reason: str


def process_documents(candidates: list[Candidate], settings: Settings) -> list[ProcessedDocument | Failure]:
    """Read, extract and embed ``candidates`` in this process; a source that cannot be read
    comes back as a ``Failure``."""
    from apkg.ingest.pipeline import read_document
    from apkg.ingest.stream import collect_mentions, make_extractor
    from apkg.search.encoder import encode, load_encoder, passage_input

    extractor, encoder = make_extractor(settings.extract), load_encoder(settings.search.model)
    results: list[ProcessedDocument | Failure] = []
    for candidate in candidates:
        try:
            document = read_document(candidate, settings.ingest)
        except SourceError as exc:
            results.append(Failure(str(exc.path), exc.detail))
            continue
        mentions, new_actors = collect_mentions(
            extractor.extract(document.passages, batch_size=settings.extract.batch_size)
        )
        texts = [passage_input(document.meta.title, p.text) for p in document.passages]
        vectors = encode(encoder, texts, batch_size=settings.search.batch_size)
        results.append(ProcessedDocument(document, mentions, new_actors, vectors))
    return results


def ray_map(candidates: list[Candidate], settings: Settings) -> Iterator[ProcessedDocument | Failure]:
    """Process ``candidates`` as Ray tasks of ``ingest.ray_batch`` sources each, yielding the
    results in source order as the tasks finish.

    Raises:
        ConfigError: Ray is not installed or the cluster cannot be reached.
    """
    try:
        import ray
    except ImportError:
        raise ConfigError("ingest.engine", "ray is not installed: pip install 'apkg[distributed]'") from None
    started = not ray.is_initialized()
    if started:
        try:
            ray.init(
                address=settings.ingest.ray_address or None,
                include_dashboard=False,
                log_to_driver=False,
                configure_logging=False,
            )
        except (ConnectionError, RuntimeError, ValueError) as exc:
            address = settings.ingest.ray_address or "a local cluster"
            raise ConfigError(
                "ingest.ray_address", f"cannot start or reach Ray at {address}: {exc}"
            ) from None
    try:
        task = ray.remote(process_documents)
        size = max(1, settings.ingest.ray_batch)
        pending = [task.remote(candidates[i : i + size], settings) for i in range(0, len(candidates), size)]
        for reference in pending:
            yield from ray.get(reference)
    finally:
        if started:
            ray.shutdown()
