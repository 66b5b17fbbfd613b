"""Sources to processed documents, as one stream: each source read, cleaned and split, then the
passages of every document streamed through one spaCy pipe and their mentions handed back per
document, in source order.

Both build engines use ``process_documents``: the local one over every source (with several
spaCy processes), each Ray task over its batch.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from apkg.config import ExtractSettings, Settings
from apkg.errors import SourceError
from apkg.ingest.discovery import unconfirmed
from apkg.ingest.extract import MentionExtractor
from apkg.ingest.labels import load_pipeline
from apkg.ingest.metadata import Candidate
from apkg.ingest.pipeline import read_document
from apkg.ingest.resolve import ActorResolver
from apkg.ontology import extraction_graph, load_ontology, ontology_hash
from apkg.ontology.lexicon import build_lexicon
from apkg.records import IngestedDocument, Mention, NewActor, Passage, SourceMeta


@dataclass(frozen=True)
class ProcessedDocument:
    """One source after reading and extraction: its passages, their mentions, and the actors it
    names that the ontology does not list."""

    document: IngestedDocument
    mentions: list[Mention]
    new_actors: list[NewActor]


@dataclass(frozen=True)
class Failure:
    """A source that could not be ingested, and why."""

    path: str
    reason: str


def make_extractor(settings: ExtractSettings) -> MentionExtractor:
    """Return the extractor for ``settings``' spaCy model, built once per process."""
    return _extractor(settings.spacy_model, ontology_hash())


def extract_text(text: str, settings: ExtractSettings) -> list[Mention]:
    """The mentions in one text, with offsets into it (to check the ontology's labels)."""
    [(_, mentions, _)] = list(make_extractor(settings).extract([Passage("text", 0, text, 0, len(text))]))
    return mentions


@lru_cache(maxsize=2)
def _extractor(spacy_model: str, ontology_version: str) -> MentionExtractor:
    # only the part of the ontology that the build's extraction fingerprint hashes
    graph, nlp = extraction_graph(load_ontology()), load_pipeline(spacy_model)
    return MentionExtractor(nlp, build_lexicon(graph), ActorResolver.from_graph(graph, nlp))


def spacy_processes(settings: ExtractSettings) -> int:
    """The ``extract.n_process`` setting, or when 0 one process per core but one (left to the
    embedder), at most 4."""
    return settings.n_process or min(4, max(1, (os.cpu_count() or 1) - 1))


def process_documents(
    candidates: Iterable[Candidate], settings: Settings, *, n_process: int = 1
) -> Iterator[ProcessedDocument | Failure]:
    """Read each source and find its mentions, with ``n_process`` spaCy processes; yield each
    document when its last passage is done, or a ``Failure`` for a source that cannot be read,
    in source order."""
    queue: deque[_Pending | Failure] = deque()  # read, in source order, not yet handed back
    sources: dict[str, SourceMeta] = {}  # the metadata of the documents in the queue, by id

    def passages() -> Iterator[Passage]:
        for candidate in candidates:
            try:
                document = read_document(candidate, settings.ingest)
            except SourceError as exc:
                queue.append(Failure(str(exc.path), exc.detail))
                continue
            queue.append(_Pending(document, remaining=len(document.passages)))
            sources[document.meta.doc_id] = document.meta
            yield from document.passages

    def finished() -> Iterator[ProcessedDocument | Failure]:
        while queue and (isinstance(queue[0], Failure) or queue[0].remaining == 0):
            head = queue.popleft()
            if isinstance(head, _Pending):
                sources.pop(head.document.meta.doc_id, None)
            yield head if isinstance(head, Failure) else head.processed()

    extractor = make_extractor(settings.extract)
    results = extractor.extract(
        passages(), sources=sources, batch_size=settings.extract.batch_size, n_process=n_process
    )
    for passage, mentions, new_actors in results:  # in passage order: each read before its result
        yield from finished()
        head = queue[0]
        assert isinstance(head, _Pending) and head.document.meta.doc_id == passage.doc_id
        head.mentions += mentions
        head.new_actors += new_actors
        head.remaining -= 1
    yield from finished()


@dataclass
class _Pending:
    """A document read whose last ``remaining`` passages are still being extracted."""

    document: IngestedDocument
    remaining: int
    mentions: list[Mention] = field(default_factory=list)
    new_actors: list[NewActor] = field(default_factory=list)

    def processed(self) -> ProcessedDocument:
        unconfirmed_actors = unconfirmed(self.document.text.text, self.new_actors)
        return ProcessedDocument(
            self.document,
            [mention for mention in self.mentions if mention.target not in unconfirmed_actors],
            [actor for actor in self.new_actors if actor.iri not in unconfirmed_actors],
        )
