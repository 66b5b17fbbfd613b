"""Embed passages on a worker thread while the build reads and extracts, so that the embedding
model (the slowest stage) starts loading and encoding as soon as the first document is stored
instead of after every other stage has finished. Torch releases the GIL while it computes.

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
from typing import TypeVar

import numpy as np

from apkg.search.encoder import encode, load_encoder
from apkg.search.query_encoder import export_for_queries

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

    def _run(self) -> None:
        self._guarded(load_encoder, self.model)  # import torch and load the weights meanwhile
        pending: list[tuple[str, str]] = []
        while (items := self._todo.get()) is not _DONE:
            pending += items
            while len(pending) >= self.chunk and self._error is None:
                self._encode(pending[: self.chunk])
                pending = pending[self.chunk :]
        if pending and self._error is None:
            self._encode(pending)
        if self._error is None:
            self._export_for_queries()

    def _export_for_queries(self) -> None:
        """Leave the model in ONNX for fast query embedding; a search does without if this fails."""
        try:
            if export_for_queries(load_encoder(self.model), self.model) is None:
                _log.warning("the ONNX export of %s is not faithful; queries use the model", self.model)
        except Exception as exc:  # the passages' vectors are done; this is only a speed-up
            _log.warning("cannot export %s to ONNX for queries (%s); queries use the model", self.model, exc)

    def _encode(self, items: list[tuple[str, str]]) -> None:
        import torch

        torch.set_num_threads((os.cpu_count() or 1) if self._finished else 1)
        texts = [text for _, text in items]
        matrix = self._guarded(lambda: encode(load_encoder(self.model), texts, batch_size=self.batch_size))
        if matrix is not None:
            self._done.put(list(zip((pid for pid, _ in items), matrix, strict=True)))

    def _guarded(self, work: Callable[..., T], *args: object) -> T | None:
        """Run ``work``, keeping its error for ``drain()`` instead of losing it on this thread."""
        try:
            return work(*args)
        except BaseException as exc:
            self._error = exc
            return None
