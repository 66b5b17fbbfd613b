"""Ingest: read documents, clean them, split them into passages and extract concept and actor mentions."""

from apkg.ingest.clean import clean_text
from apkg.ingest.extract import MentionExtractor, NewActor, load_pipeline
from apkg.ingest.lexicon import Lexicon, build_lexicon, normalise_name
from apkg.ingest.load import READERS, RawText, load_source
from apkg.ingest.metadata import Candidate, discover_sources, file_sha256
from apkg.ingest.pipeline import read_document
from apkg.ingest.split import split_passages

__all__ = [
    "READERS",
    "Candidate",
    "Lexicon",
    "MentionExtractor",
    "NewActor",
    "RawText",
    "build_lexicon",
    "clean_text",
    "discover_sources",
    "file_sha256",
    "load_pipeline",
    "load_source",
    "normalise_name",
    "read_document",
    "split_passages",
]
