"""The background embedder hands over the same vectors as embedding in the foreground, and an
error on its thread reaches the caller."""

from __future__ import annotations

import numpy as np
import pytest

from apkg.config import SearchSettings
from apkg.errors import ConfigError
from apkg.search.embedder import BackgroundEmbedder
from apkg.search.encoder import encode, load_encoder

TEXTS = [
    "Targeted sanctions freeze the assets of those who plan mass atrocities.",
    "Early warning systems watch for hate speech and arbitrary detention.",
    "Truth commissions help societies recover after genocide.",
]


def test_background_vectors_equal_foreground_vectors():
    model = SearchSettings().model
    with BackgroundEmbedder(model, chunk=2) as embedder:
        embedder.submit([("a", TEXTS[0]), ("b", TEXTS[1])])
        embedder.submit([("c", TEXTS[2])])
        vectors = dict(embedder.take())
        for batch in embedder.drain():
            vectors.update(batch)
    expected = encode(load_encoder(model), TEXTS)
    assert sorted(vectors) == ["a", "b", "c"]
    for pid, row in zip("abc", expected, strict=True):
        np.testing.assert_allclose(vectors[pid], row, atol=1e-5)


def test_an_unloadable_model_is_reported_by_drain(tmp_path):
    with BackgroundEmbedder(str(tmp_path / "no-such-model")) as embedder:
        embedder.submit([("a", TEXTS[0])])
        with pytest.raises(ConfigError, match="no-such-model"):
            list(embedder.drain())


def test_an_embedder_given_no_work_loads_no_model(tmp_path):
    with BackgroundEmbedder(str(tmp_path / "no-such-model")) as embedder:
        assert list(embedder.drain()) == []


def test_passages_are_embedded_by_the_models_onnx_export(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))  # exported anew here
    model = SearchSettings().model
    with BackgroundEmbedder(model) as embedder:
        embedder.submit([(str(i), text) for i, text in enumerate(TEXTS)])
        vectors = dict(pair for batch in embedder.drain() for pair in batch)
    assert embedder.engine == "onnxruntime"
    assert list(tmp_path.rglob("model.onnx"))
    np.testing.assert_allclose(
        np.stack([vectors[str(i)] for i in range(len(TEXTS))]), encode(load_encoder(model), TEXTS), atol=1e-5
    )
