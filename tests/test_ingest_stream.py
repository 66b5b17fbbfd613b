"""process_documents, the per-document work of both build engines: every document comes back in
source order with the mentions of its own passages, whether spaCy runs here or in processes, and
a source that cannot be read comes back as a Failure in its place; a speech's metadata reaches the
extractor (its first person is the speaking state)."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from apkg.ingest.metadata import discover_sources
from apkg.ingest.stream import Failure, ProcessedDocument, make_extractor, process_documents
from apkg.ontology import APKGR


@pytest.mark.parametrize("n_process", [1, 2])
def test_documents_come_back_in_source_order_with_their_own_mentions(
    mini_corpus: Path, settings, n_process: int
):
    (mini_corpus / "g-broken.pdf").write_bytes(b"%PDF-1.7 not really")
    (mini_corpus / "statement.txt").write_text("We call for early warning.\n", encoding="utf-8")
    sidecar = {"doc_type": "speech", "institution": "Government of Ireland (UN General Assembly)"}
    (mini_corpus / "statement.txt.meta.json").write_text(json.dumps(sidecar), encoding="utf-8")
    small = dataclasses.replace(settings, extract=dataclasses.replace(settings.extract, batch_size=3))
    candidates = list(discover_sources(mini_corpus))
    results = list(process_documents(candidates, small, n_process=n_process))

    assert len(results) == len(candidates)
    for result, candidate in zip(results, candidates, strict=True):
        if isinstance(result, Failure):
            assert result.path == str(candidate.path) and candidate.path.name == "g-broken.pdf"
        else:
            assert result.document.meta.doc_id == candidate.meta.doc_id
    failed = [i for i, result in enumerate(results) if isinstance(result, Failure)]
    assert len(failed) == 1 and 0 < failed[0] < len(results) - 1  # between two documents
    extractor = make_extractor(settings.extract)
    for result in results:
        if isinstance(result, ProcessedDocument):
            passages = result.document.passages
            sources = {result.document.meta.doc_id: result.document.meta}
            expected = [m for _, found, _ in extractor.extract(passages, sources=sources) for m in found]
            assert result.mentions == expected, result.document.meta.doc_id
    [statement] = [
        r for r in results if isinstance(r, ProcessedDocument) and r.document.meta.doc_type == "speech"
    ]
    assert str(APKGR.Ireland) in {m.target for m in statement.mentions}  # "we": the speaking state
    assert sum(len(r.mentions) for r in results if isinstance(r, ProcessedDocument)) > 20
