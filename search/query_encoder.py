"""Embed queries without transformers and sentence-transformers.

Importing those two and loading the model takes about 5 s, most of a cold ``apkg search``. So
the first process that holds the embedding model (a build) exports it to ONNX, once per model,
into the user's cache; a search then needs only onnxruntime and the model's tokenizer (about
0.5 s). The export is the whole sentence-transformers module (transformer, pooling,
normalisation) and is kept only if it gives the model's own embeddings for a set of probe
sentences; where there is none, queries are embedded by sentence-transformers as before.
"""

from __future__ import annotations

import json
import shutil
import tempfile
import warnings
from functools import lru_cache
from hashlib import sha256
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

import numpy as np

from apkg.search.encoder import encode, load_encoder, model_location

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

ONNX_FILE, TOKENIZER_FILE, SETTINGS_FILE = "model.onnx", "tokenizer.json", "settings.json"
# The export must reproduce the model on these within float noise, or it is not used.
PROBES = [
    "Which tools help dissuade perpetrators?",
    "The Security Council imposed targeted sanctions and an arms embargo.",
    "early warning",
    " ".join(["Hate speech and incitement precede mass atrocities."] * 60),  # longer than the window
]
AGREEMENT = 0.9999


class QueryEncoder(Protocol):
    """Turns texts into L2-normalised float32 vectors."""

    def __call__(self, texts: list[str]) -> np.ndarray: ...


def export_folder(name: str) -> Path:
    """Where the ONNX export of the model named ``name`` lives: the user's cache, one folder per
    model name and state of its files (a changed model is exported again)."""
    from platformdirs import user_cache_dir

    location = Path(model_location(name))
    files = sorted(location.rglob("*")) if location.is_dir() else []
    state = [name, str(location), *(f"{f.relative_to(location)}:{f.stat().st_size}" for f in files)]
    key = sha256("\n".join(state).encode()).hexdigest()[:16]
    return Path(user_cache_dir("apkg")) / "query-encoders" / key


@lru_cache(maxsize=2)
def load_query_encoder(name: str) -> QueryEncoder:
    """The fastest faithful encoder for ``name``: its ONNX export if one exists, else the model."""
    folder = export_folder(name)
    if (folder / SETTINGS_FILE).exists():
        return OnnxEncoder(folder)
    model = load_encoder(name)
    return lambda texts: encode(model, texts)


def export_for_queries(model: SentenceTransformer, name: str) -> Path | None:
    """Export ``model`` (loaded for ``name``) to ONNX in its cache folder unless it is there, and
    return the folder; ``None`` if the export does not reproduce the model."""
    folder = export_folder(name)
    if (folder / SETTINGS_FILE).exists():
        return folder
    folder.parent.mkdir(parents=True, exist_ok=True)
    staged = Path(tempfile.mkdtemp(prefix=".export-", dir=folder.parent))
    try:
        _export(model, staged)
        agreement = np.sum(OnnxEncoder(staged)(PROBES) * encode(model, PROBES), axis=1)
        if agreement.min() < AGREEMENT:
            return None
        staged.rename(folder)  # complete or absent, never half-written
    except OSError:
        if not (folder / SETTINGS_FILE).exists():  # not another process's export in the meantime
            raise
    finally:
        shutil.rmtree(staged, ignore_errors=True)
    return folder


def _export(model: SentenceTransformer, folder: Path) -> None:
    import torch

    class SentenceEmbedding(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.model = model

        def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
            features = {"input_ids": input_ids, "attention_mask": attention_mask}
            return torch.nn.functional.normalize(self.model(features)["sentence_embedding"], dim=-1)

    sample = model.tokenizer(PROBES[:2], padding=True, return_tensors="pt")
    batch_and_tokens = {0: "batch", 1: "tokens"}
    axes = {"input_ids": batch_and_tokens, "attention_mask": batch_and_tokens, "embedding": {0: "batch"}}
    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # tracer notes; the probes check the result instead
        torch.onnx.export(
            SentenceEmbedding().eval(), (sample["input_ids"], sample["attention_mask"]),
            str(folder / ONNX_FILE), input_names=["input_ids", "attention_mask"],
            output_names=["embedding"], dynamic_axes=axes, dynamo=False,
        )  # fmt: skip
    model.tokenizer.backend_tokenizer.save(str(folder / TOKENIZER_FILE))
    settings = {"max_tokens": model.max_seq_length, "pad_id": model.tokenizer.pad_token_id}
    (folder / SETTINGS_FILE).write_text(json.dumps(settings))


class OnnxEncoder:
    """An exported model run by onnxruntime, with its tokenizer."""

    def __init__(self, folder: Path) -> None:
        import onnxruntime
        from tokenizers import Tokenizer

        settings = json.loads((folder / SETTINGS_FILE).read_text())
        options = onnxruntime.SessionOptions()
        options.log_severity_level = 3  # errors only
        self.session = onnxruntime.InferenceSession(
            str(folder / ONNX_FILE), options, providers=["CPUExecutionProvider"]
        )
        self.tokenizer = Tokenizer.from_file(str(folder / TOKENIZER_FILE))
        self.tokenizer.enable_truncation(settings["max_tokens"])
        self.tokenizer.enable_padding(pad_id=settings["pad_id"])

    def __call__(self, texts: list[str]) -> np.ndarray:
        encodings = self.tokenizer.encode_batch(texts)
        feed = {
            "input_ids": np.array([e.ids for e in encodings], dtype=np.int64),
            "attention_mask": np.array([e.attention_mask for e in encodings], dtype=np.int64),
        }
        return np.asarray(self.session.run(None, feed)[0], dtype=np.float32)
