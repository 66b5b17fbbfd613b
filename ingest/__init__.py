"""Ingest: read documents, clean them, split them into passages and extract concept and actor mentions;
find the sentences of a speech that mention R2P, with their sense and stance.

Names are imported on first use, so that reading a corpus folder does not load spaCy.
"""

from importlib import import_module
from typing import Any

_EXPORTS = {
    "READERS": "apkg.ingest.load",
    "RawText": "apkg.ingest.load",
    "decode_text": "apkg.ingest.decode",
    "load_source": "apkg.ingest.load",
    "clean_text": "apkg.ingest.clean",
    "split_passages": "apkg.ingest.split",
    "Candidate": "apkg.ingest.metadata",
    "discover_sources": "apkg.ingest.metadata",
    "unlisted_files": "apkg.ingest.metadata",
    "doc_id_from_name": "apkg.ingest.metadata",
    "file_sha256": "apkg.corpus.folder",
    "read_document": "apkg.ingest.pipeline",
    "Lexicon": "apkg.ontology.lexicon",
    "build_lexicon": "apkg.ontology.lexicon",
    "normalise_name": "apkg.ontology.lexicon",
    "MentionExtractor": "apkg.ingest.extract",
    "NewActor": "apkg.records",
    "load_pipeline": "apkg.ingest.labels",
    "make_extractor": "apkg.ingest.stream",
    "extract_text": "apkg.ingest.stream",
    "evaluate_extraction": "apkg.ingest.evaluate",
    "read_jsonl": "apkg.ingest.evaluate",
    "R2PSentence": "apkg.ingest.r2p",
    "r2p_sentences": "apkg.ingest.r2p",
    "classify_r2p_sense": "apkg.ingest.r2p_sense",
    "classify_r2p_stance": "apkg.ingest.r2p_stance",
    "explain_stance": "apkg.ingest.r2p_stance",
    "StanceCall": "apkg.ingest.r2p_stance",
    "R2PStatement": "apkg.ingest.r2p_statements",
    "find_r2p_statements": "apkg.ingest.r2p_statements",
    "LabelTask": "apkg.ingest.r2p_evaluate",
    "CrossValidation": "apkg.ingest.r2p_evaluate",
    "evaluate_labels": "apkg.ingest.r2p_evaluate",
    "cross_validate": "apkg.ingest.r2p_evaluate",
    "label_rules": "apkg.ingest.r2p_evaluate",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module 'apkg.ingest' has no attribute {name!r}")
    return getattr(import_module(_EXPORTS[name]), name)
