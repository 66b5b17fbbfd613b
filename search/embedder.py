"""Embed passages in a worker process while the build reads and extracts, so that the embedding
model (the slowest stage) starts loading and encoding as soon as the first document is stored
instead of after every other stage has finished.

The worker is a process rather than a thread: the model's Python code holds the GIL for part of
every batch, so beside an embedding thread the build's own spaCy work ran slower (reading and
extraction of a 5% sample of the large collection took 57.7 s, against 54.3 s beside a process),
and the thread's two torch threads later shared the cores with the relation parse. The process
stays, with its model, for the next build of the same Python process (``stop_worker`` frees it).

While the build is still working, the worker encodes on one thread and leaves the other cores to
the build; once the build waits for the last vectors (``drain``), it encodes on every core.
Finished vectors are handed back in batches (``take``, ``drain``) for the caller to write, so
memory holds at most the passages waiting for the worker, never the whole corpus's vectors.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from functools import lru_cache
from multiprocessing.synchronize import Event

import numpy as np

from apkg.errors import ApkgError
from apkg.search.encoder import encode, load_encoder
from apkg.search.query_encoder import export_for_queries
from apkg.spawning import main_module_hidden

Vectors = list[tuple[str, np.ndarray]]
_log = logging.getLogger(__name__)
_all_cores: Event | None = None  # in the worker: set once the build waits for the last vectors


class BackgroundEmbedder:
    """Accepts ``(passage_id, text)`` pairs and embeds them in chunks in a worker process, started
    (and the model loaded) by ``start`` or when the first chunk is sent.

    Use as a context manager; ``drain()`` waits for the last vectors, raising again any error
    the worker met.
    """

    def __init__(self, model: str, *, batch_size: int = 32, chunk: int = 64, window: int = 512) -> None:
        # a chunk is about 5 s on one thread: the longest the worker keeps one core once the
        # build waits; passages wait for a window of ``window`` before they are sorted and sent
        self.model, self.batch_size, self.chunk, self.window = model, batch_size, chunk, window
        self._pool: ProcessPoolExecutor | None = None
        self._all_cores: Event | None = None
        self._waiting: list[tuple[str, str]] = []  # fewer than a window, not yet sent
        self._chunks: deque[tuple[list[str], Future[np.ndarray]]] = deque()  # sent, in order
        self._export: Future[str | None] | None = None
        self._submitted = self._taken = 0

    def submit(self, items: Iterable[tuple[str, str]]) -> None:
        """Queue passages for embedding."""
        self._waiting += items
        if len(self._waiting) >= self.window:
            self._send_waiting()

    def start(self) -> None:
        """Start the worker, which loads the model, if it is not running yet (sending a chunk does)."""
        if self._pool is None:
            self._pool, self._all_cores = _worker()
            self._all_cores.clear()  # one thread while the build works
            self._pool.submit(_load, self.model)  # while the build starts; an error comes back with a chunk

    def take(self) -> Vectors:
        """The vectors finished since the last call, without waiting."""
        taken: Vectors = []
        while self._chunks and self._chunks[0][1].done() and self._chunks[0][1].exception() is None:
            taken += self._vectors(*self._chunks.popleft())
        return taken

    def drain(self, *, progress: bool = False) -> Iterator[Vectors]:
        """Stop accepting work, let the worker use every core, and yield the remaining vectors in
        batches as they are finished, with a progress bar over everything submitted."""
        from tqdm import tqdm

        self.finish()
        if self._all_cores is not None:
            self._all_cores.set()
        show = progress and self._submitted > self._taken
        with tqdm(total=self._submitted, desc="embed", unit="passage", disable=not show) as bar:
            bar.update(self._taken)
            while self._chunks:
                batch = self._vectors(*self._chunks.popleft())  # raises the worker's error
                bar.update(len(batch))
                yield batch
        if self._export is not None:
            with _reported():
                warning = self._export.result()
            if warning is not None:
                _log.warning(warning)

    def finish(self) -> None:
        """No more passages: send the last ones, then have the model exported for queries."""
        self._send_waiting()
        if self._pool is not None and self._export is None:
            self._export = self._pool.submit(_export_for_queries, self.model)

    def close(self) -> None:
        """Stop accepting work and drop what the worker has not started (it stays, with its
        model, for the process's next build)."""
        for future in [f for _, f in self._chunks] + ([self._export] if self._export else []):
            future.cancel()
        self._chunks.clear()
        self._waiting = []

    def __enter__(self) -> BackgroundEmbedder:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _send_waiting(self) -> None:
        """Send the waiting passages in chunks of similar length: a batch is padded to its longest
        text, and sorting a window of 512 before chunking is as fast as sorting the whole corpus
        (10% faster than chunks in document order)."""
        waiting = sorted(self._waiting, key=lambda item: len(item[1]))
        for start in range(0, len(waiting), self.chunk):
            self._send(waiting[start : start + self.chunk])
        self._waiting = []

    def _send(self, items: list[tuple[str, str]]) -> None:
        self.start()
        assert self._pool is not None
        texts = [text for _, text in items]
        with _reported():
            future = self._pool.submit(_encode, self.model, texts, self.batch_size)
        self._chunks.append(([pid for pid, _ in items], future))
        self._submitted += len(items)

    def _vectors(self, ids: list[str], future: Future[np.ndarray]) -> Vectors:
        with _reported():
            vectors = list(zip(ids, future.result(), strict=True))
        self._taken += len(vectors)
        return vectors


@contextmanager
def _reported() -> Iterator[None]:
    """The worker's abrupt end (killed, out of memory) as one line."""
    try:
        yield
    except BrokenProcessPool:
        _worker.cache_clear()  # the next build starts a new one
        raise ApkgError("the embedding process ended abruptly (killed, or out of memory?)") from None


@lru_cache(maxsize=1)
def _worker() -> tuple[ProcessPoolExecutor, Event]:
    """The process's embedding worker and its all-cores flag, started on first use and kept for
    later builds, so that a process that builds several times loads the model once."""
    context = multiprocessing.get_context("spawn")  # no fork of a process with threads
    all_cores = context.Event()
    pool = ProcessPoolExecutor(1, mp_context=context, initializer=_start_worker, initargs=(all_cores,))
    with main_module_hidden():
        pool.submit(int)  # starts the process now, in this thread
    return pool, all_cores


def stop_worker() -> None:
    """Stop the process's embedding worker and free its memory (the next build starts another)."""
    if _worker.cache_info().currsize:
        pool, _ = _worker()
        _worker.cache_clear()
        pool.shutdown(wait=True, cancel_futures=True)


def _start_worker(all_cores: Event) -> None:
    global _all_cores
    _all_cores = all_cores


def _load(model: str) -> None:
    load_encoder(model)


def _encode(model: str, texts: list[str], batch_size: int) -> np.ndarray:
    """In the worker: embed ``texts`` on one thread, or on every core once the build waits."""
    import torch

    torch.set_num_threads((os.cpu_count() or 1) if _all_cores is not None and _all_cores.is_set() else 1)
    return encode(load_encoder(model), texts, batch_size=batch_size)


def _export_for_queries(model: str) -> str | None:
    """In the worker: leave the model in ONNX for fast query embedding; a warning if that fails
    (a search then does without)."""
    try:
        if export_for_queries(load_encoder(model), model) is None:
            return f"the ONNX export of {model} is not faithful; queries use the model"
    except Exception as exc:  # the passages' vectors are done; this is only a speed-up
        return f"cannot export {model} to ONNX for queries ({exc}); queries use the model"
    return None
