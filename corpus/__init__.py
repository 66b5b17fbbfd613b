"""Corpus: the description of the default corpus and the code to obtain and verify it."""
