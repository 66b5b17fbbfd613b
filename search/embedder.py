"""Embed passages on a worker thread while the build reads and extracts, so that the embedding
model (the slowest stage) starts loading and encoding as soon as the first document is stored
instead of after every other stage has finished. The worker loads the model and exports it to
ONNX (``query_encoder``), then embeds through onnxruntime, which computes the model's vectors in
less time than torch on a CPU, or through the model where the export is not faithful. Both release
the GIL while they compute.

While the caller is still submitting, the worker encodes on one thread and leaves the other
cores to the caller's own work; once the caller drains, it encodes on every core. Finished vectors
are handed back in batches (``take``, ``drain``) for the caller to write, so memory holds at most
the queue, never the whole corpus's vectors.
"""

from __future__ import annotations

import logging
import os
import queue
import threading
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TypeVar

import numpy as np

from apkg.search.encoder import encode, load_encoder
from apkg.search.query_encoder import OnnxEncoder, encode_by_length, export_for_queries

Vectors = list[tuple[str, np.ndarray]]
T = TypeVar("T")
_DONE = None
_log = logging.getLogger(__name__)


class BackgroundEmbedder:
    """Accepts ``(passage_id, text)`` pairs and embeds them in batches on a daemon thread, started
    (and the model loaded) by ``start`` or on the first ``submit``.

    Use as a context manager; ``drain()`` waits for the last vectors, raising again any error
    the worker met.
    """

    def __init__(self, model: str, *, batch_size: int = 32, chunk: int = 256) -> None:
        self.model, self.batch_size, self.chunk = model, batch_size, chunk
        self._todo: queue.Queue[list[tuple[str, str]] | None] = queue.Queue()
        self._done: queue.Queue[Vectors] = queue.Queue()
        self._error: BaseException | None = None
        self._submitted = self._taken = 0
        self._finished = False
        self._export: Path | None = None  # the model's ONNX export, once the worker has made it
        self._sessions: dict[int, OnnxEncoder] = {}  # the export run on so many cores
        self._thread = threading.Thread(target=self._run, name="apkg-embedder", daemon=True)

    def submit(self, items: Iterable[tuple[str, str]]) -> None:
        """Queue passages for embedding."""
        batch = list(items)
        self._submitted += len(batch)
        self._todo.put(batch)
        self.start()

    def start(self) -> None:
        """Start the worker, which loads the model, if it is not running yet (``submit`` does)."""
        if self._thread.ident is None:
            self._thread.start()

    def take(self) -> Vectors:
        """The vectors finished since the last call, without waiting."""
        taken: Vectors = []
        while not self._done.empty():
            taken += self._done.get()
        self._taken += len(taken)
        return taken

    def drain(self, *, progress: bool = False) -> Iterator[Vectors]:
        """Stop accepting work and yield the remaining vectors in batches as they are finished,
        with a progress bar over everything submitted."""
        from tqdm import tqdm

        self.finish()
        show = progress and self._submitted > self._taken
        with tqdm(total=self._submitted, desc="embed", unit="passage", disable=not show) as bar:
            bar.update(self._taken)
            while self._thread.is_alive() or not self._done.empty():
                try:
                    batch = self._done.get(timeout=0.5)
                except queue.Empty:
                    continue
                bar.update(len(batch))
                yield batch
        if self._error is not None:
            raise self._error

    def close(self) -> None:
        """Stop accepting work and wait for the worker to finish."""
        self.finish()
        if self._thread.ident is not None:
            self._thread.join()

    def __enter__(self) -> BackgroundEmbedder:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def finish(self) -> None:
        """No more passages: encode the rest on every core."""
        if not self._finished:
            self._finished = True
            self._todo.put(_DONE)

    @property
    def engine(self) -> str:
        """What embeds the passages: ``onnxruntime`` (the model's export) or ``torch``."""
        return "onnxruntime" if self._export is not None else "torch"

    def _run(self) -> None:
        self._guarded(self._load)  # import torch, load the weights and export them meanwhile
        pending: list[tuple[str, str]] = []
        while (items := self._todo.get()) is not _DONE:
            pending += items
            while len(pending) >= self.chunk and self._error is None:
                self._encode(pending[: self.chunk])
                pending = pending[self.chunk :]
        if pending and self._error is None:
            self._encode(pending)

    def _load(self) -> None:
        """Load the model and export it to ONNX (once per model and machine), for the passages and
        for fast query embedding; without a faithful export both use the model."""
        model = load_encoder(self.model)
        try:
            self._export = export_for_queries(model, self.model)
        except Exception as exc:  # only a speed-up: the model embeds as well
            _log.warning("cannot export %s to ONNX (%s); the model embeds all", self.model, exc)
            return
        if self._export is None:
            _log.warning("the ONNX export of %s is not faithful; the model embeds all", self.model)

    def _encode(self, items: list[tuple[str, str]]) -> None:
        threads = (os.cpu_count() or 1) if self._finished else 1
        texts = [text for _, text in items]
        matrix = self._guarded(self._embed, texts, threads)
        if matrix is not None:
            self._done.put(list(zip((pid for pid, _ in items), matrix, strict=True)))

    def _embed(self, texts: list[str], threads: int) -> np.ndarray:
        if self._export is None:
            import torch

            torch.set_num_threads(threads)
            return encode(load_encoder(self.model), texts, batch_size=self.batch_size)
        if threads not in self._sessions:
            self._sessions[threads] = OnnxEncoder(self._export, threads=threads)
        return encode_by_length(self._sessions[threads], texts, batch_size=self.batch_size)

    def _guarded(self, work: Callable[..., T], *args: object) -> T | None:
        """Run ``work``, keeping its error for ``drain()`` instead of losing it on this thread."""
        try:
            return work(*args)
        except BaseException as exc:
            self._error = exc
            return None
