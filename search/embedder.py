"""Embed passages on a worker thread while the build reads and extracts, so that the embedding
model (the slowest stage) starts loading and encoding as soon as the first document is stored
instead of after every other stage has finished. Torch releases the GIL while it computes."""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterable
from typing import TypeVar

import numpy as np

from apkg.search.encoder import encode, load_encoder

_DONE = None
T = TypeVar("T")


class BackgroundEmbedder:
    """Accepts ``(passage_id, text)`` pairs and embeds them in batches on a daemon thread, started
    (and the model loaded) on the first ``submit``.

    Use as a context manager; ``vectors()`` waits for the queue to drain and returns every vector,
    raising again any error the worker met.
    """

    def __init__(self, model: str, *, batch_size: int = 32, chunk: int = 256) -> None:
        self.model, self.batch_size, self.chunk = model, batch_size, chunk
        self._queue: queue.Queue[list[tuple[str, str]] | None] = queue.Queue()
        self._vectors: dict[str, np.ndarray] = {}
        self._error: BaseException | None = None
        self._submitted, self._finished = 0, False
        self._thread = threading.Thread(target=self._run, name="apkg-embedder", daemon=True)

    def submit(self, items: Iterable[tuple[str, str]]) -> None:
        """Queue passages for embedding."""
        batch = list(items)
        self._submitted += len(batch)
        self._queue.put(batch)
        if self._thread.ident is None:
            self._thread.start()

    def vectors(self, *, progress: bool = False) -> dict[str, np.ndarray]:
        """Wait for every queued passage (with a progress bar) and return ``{passage_id: vector}``."""
        from tqdm import tqdm

        with tqdm(total=self._submitted, desc="embed", unit="passage", disable=not (progress and self._submitted)) as bar:
            self._finish()
            while self._thread.is_alive():
                self._thread.join(timeout=0.5)
                bar.update(len(self._vectors) - bar.n)
        if self._error is not None:
            raise self._error
        return self._vectors

    def close(self) -> None:
        """Stop accepting work and wait for the worker to finish."""
        self._finish()
        if self._thread.ident is not None:
            self._thread.join()

    def _finish(self) -> None:
        if not self._finished:
            self._finished = True
            self._queue.put(_DONE)

    def __enter__(self) -> BackgroundEmbedder:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _run(self) -> None:
        self._guarded(load_encoder, self.model)  # import torch and load the weights meanwhile
        pending: list[tuple[str, str]] = []
        while (items := self._queue.get()) is not _DONE:
            pending += items
            while len(pending) >= self.chunk and self._error is None:
                self._encode(pending[: self.chunk])
                pending = pending[self.chunk :]
        if pending and self._error is None:
            self._encode(pending)

    def _encode(self, items: list[tuple[str, str]]) -> None:
        texts = [text for _, text in items]
        matrix = self._guarded(lambda: encode(load_encoder(self.model), texts, batch_size=self.batch_size))
        if matrix is not None:
            self._vectors.update(zip((pid for pid, _ in items), matrix, strict=True))

    def _guarded(self, work: Callable[..., T], *args: object) -> T | None:
        """Run ``work``, keeping its error for ``vectors()`` instead of losing it on this thread."""
        try:
            return work(*args)
        except BaseException as exc:  # noqa: BLE001 - raised again by vectors()
            self._error = exc
            return None
