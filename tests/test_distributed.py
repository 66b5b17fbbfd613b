"""Ingest on a local Ray cluster gives the same knowledge base as the local path: the same
documents, passages, mentions, new actors, graph size and (to float precision) vectors."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import numpy as np
import pytest

from apkg.build import build
from apkg.config import load_settings
from apkg.errors import ConfigError
from apkg.kb import KnowledgeBase

ray = pytest.importorskip("ray", reason="ray is not installed (pip install 'apkg[distributed]')")


def _on(settings, **ingest):
    return dataclasses.replace(settings, ingest=dataclasses.replace(settings.ingest, **ingest))


def _contents(kb_path: Path) -> dict[str, object]:
    kb = KnowledgeBase.open(kb_path)
    tables = {
        "documents": "SELECT doc_id, title, date, pages, text FROM documents ORDER BY doc_id",
        "passages": "SELECT passage_id, doc_id, idx, page, char_start, char_end, text FROM passages "
        "ORDER BY passage_id",
        "mentions": "SELECT * FROM mentions ORDER BY mention_id",
        "new_actors": "SELECT * FROM new_actors ORDER BY iri, doc_id",
    }
    contents: dict[str, object] = {
        name: [tuple(row) for row in kb.db.execute(sql)] for name, sql in tables.items()
    }
    contents["vectors"] = {
        pid: np.frombuffer(blob, dtype=np.float32)
        for pid, blob in kb.db.execute("SELECT passage_id, vector FROM vectors")
    }
    kb.close()
    return contents


def test_ray_and_local_builds_agree(mini_corpus: Path, tmp_path: Path, settings):
    (mini_corpus / "broken.pdf").write_bytes(b"%PDF-1.7 not really")
    local = build(mini_corpus, tmp_path / "local", settings, progress=False)
    on_ray = build(mini_corpus, tmp_path / "ray", _on(settings, engine="ray", ray_batch=2), progress=False)

    assert local.failures == on_ray.failures and len(local.failures) == 1
    assert (on_ray.documents, on_ray.passages, on_ray.triples) == (
        local.documents,
        local.passages,
        local.triples,
    )
    assert on_ray.mentions_by_kind == local.mentions_by_kind and sum(local.mentions_by_kind.values()) > 20
    expected, got = _contents(tmp_path / "local"), _contents(tmp_path / "ray")
    for table in ("documents", "passages", "mentions", "new_actors"):
        assert got[table] == expected[table], table
    assert got["vectors"].keys() == expected["vectors"].keys()
    for pid, vector in expected["vectors"].items():
        np.testing.assert_allclose(got["vectors"][pid], vector, atol=1e-4)


def test_unknown_engine_and_unreachable_cluster_are_clear_errors(mini_corpus: Path, tmp_path: Path, settings):
    with pytest.raises(ConfigError, match=r"ingest\.engine"):
        load_settings(environ={"APKG_INGEST_ENGINE": "spark"})
    with pytest.raises(ConfigError, match=re.escape("ray://127.0.0.1:1")):
        build(
            mini_corpus,
            tmp_path / "kb",
            _on(settings, engine="ray", ray_address="ray://127.0.0.1:1"),
            progress=False,
        )
    assert not (tmp_path / "kb").exists()
