"""Corpus: what makes a folder a corpus, the description of the default corpus and the code to
obtain and verify it."""

from apkg.corpus.default import MANIFEST, FileStatus, fetch_corpus, manifest_rows, verify_corpus
from apkg.corpus.folder import MANIFEST_NAME, file_sha256

__all__ = [
    "MANIFEST",
    "MANIFEST_NAME",
    "FileStatus",
    "fetch_corpus",
    "file_sha256",
    "manifest_rows",
    "verify_corpus",
]
