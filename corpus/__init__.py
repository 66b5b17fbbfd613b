"""Corpus: the description of the default corpus and the code to obtain and verify it."""

from apkg.corpus.default import MANIFEST, FileStatus, fetch_corpus, manifest_rows, verify_corpus

__all__ = ["MANIFEST", "FileStatus", "fetch_corpus", "manifest_rows", "verify_corpus"]
