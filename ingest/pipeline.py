"""One source from file to passages: read, merge metadata, clean, split."""

from __future__ import annotations

import logging

from apkg.config import IngestSettings
from apkg.ingest.clean import clean_text
from apkg.ingest.load import load_source
from apkg.ingest.metadata import Candidate, merge_embedded
from apkg.ingest.split import split_passages
from apkg.records import IngestedDocument

# pypdf logs every recoverable oddity of a PDF; only real failures matter here.
logging.getLogger("pypdf").setLevel(logging.ERROR)


def read_document(candidate: Candidate, settings: IngestSettings) -> IngestedDocument:
    """Read, clean and split one source.

    Raises:
        SourceError: the file cannot be read or yields no text.
    """
    if candidate.error is not None:
        raise candidate.error
    raw = load_source(candidate.path, limits=settings)
    meta = merge_embedded(candidate.meta, raw.metadata)
    text = clean_text(raw)
    passages = split_passages(
        meta.doc_id,
        text,
        target_words=settings.target_words,
        max_words=settings.max_words,
        min_words=settings.min_words,
    )
    return IngestedDocument(meta, text, passages, pages=len(raw.pages) if raw.paginated else None)
