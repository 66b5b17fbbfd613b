"""The background embedder hands over the same vectors as embedding in the foreground, an error
in its worker process reaches the caller, an abandoned embedder leaves the worker usable, and the
worker never runs the caller's main module."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from apkg.config import SearchSettings
from apkg.errors import ConfigError
from apkg.search.embedder import BackgroundEmbedder, stop_worker
from apkg.search.encoder import encode, load_encoder

TEXTS = [
    "Targeted sanctions freeze the assets of those who plan mass atrocities.",
    "Early warning systems watch for hate speech and arbitrary detention.",
    "Truth commissions help societies recover after genocide.",
]


def test_background_vectors_equal_foreground_vectors():
    model = SearchSettings().model
    with BackgroundEmbedder(model, chunk=1, window=2) as embedder:
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


def test_an_embedder_closed_midway_leaves_the_worker_to_the_next():
    model = SearchSettings().model
    with BackgroundEmbedder(model, chunk=1, window=1) as abandoned:
        abandoned.submit([("a", TEXTS[0]), ("b", TEXTS[1])])
    with BackgroundEmbedder(model) as embedder:
        embedder.submit([("c", TEXTS[2])])
        assert [pid for batch in embedder.drain() for pid, _ in batch] == ["c"]
    stop_worker()  # the next embedder starts a new one
    with BackgroundEmbedder(model) as embedder:
        embedder.submit([("d", TEXTS[0])])
        assert [pid for batch in embedder.drain() for pid, _ in batch] == ["d"]


def test_a_script_without_a_main_guard_runs_once(tmp_path):
    # the worker must not import the caller's main module again (spawn would): an unguarded
    # script, or a Streamlit page, would run a second time inside it
    runs = tmp_path / "runs.txt"
    script = tmp_path / "embed.py"
    script.write_text(
        "from apkg.search.embedder import BackgroundEmbedder\n"
        f"open({str(runs)!r}, 'a').write('run\\n')\n"
        f"with BackgroundEmbedder({SearchSettings().model!r}) as embedder:\n"
        f"    embedder.submit([('a', {TEXTS[0]!r})])\n"
        "    print(sum(len(batch) for batch in embedder.drain()))\n"
    )
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["1"]
    assert runs.read_text() == "run\n"
