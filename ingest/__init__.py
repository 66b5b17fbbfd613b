"""Ingest: read documents, clean them, split them into passages and extract concept and actor mentions."""
