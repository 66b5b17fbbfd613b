"""Run SPARQL queries in worker processes that can be stopped.

pyoxigraph has no way to cancel a running query, so each query runs in a worker process holding
the store open read-only; a query that outlives the time limit has its worker killed and replaced,
and the caller gets an error at once. Results are serialised in the worker into a buffer that
refuses to grow past a size limit.
"""

from __future__ import annotations

import asyncio
import io
import multiprocessing
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import pyoxigraph

from apkg.errors import QueryError

RESULT_FORMATS = {
    "json": ("application/sparql-results+json", pyoxigraph.QueryResultsFormat.JSON),
    "xml": ("application/sparql-results+xml", pyoxigraph.QueryResultsFormat.XML),
    "csv": ("text/csv", pyoxigraph.QueryResultsFormat.CSV),
    "tsv": ("text/tab-separated-values", pyoxigraph.QueryResultsFormat.TSV),
}
GRAPH_FORMATS = {
    "turtle": ("text/turtle", pyoxigraph.RdfFormat.TURTLE),
    "jsonld": ("application/ld+json", pyoxigraph.RdfFormat.JSON_LD),
    "ntriples": ("application/n-triples", pyoxigraph.RdfFormat.N_TRIPLES),
    "rdfxml": ("application/rdf+xml", pyoxigraph.RdfFormat.RDF_XML),
}


class _ResultTooLarge(Exception):
    pass


class _BoundedBuffer(io.BytesIO):
    def __init__(self, limit: int) -> None:
        super().__init__()
        self.limit = limit

    def write(self, data: Any) -> int:
        if self.tell() + len(data) > self.limit:
            raise _ResultTooLarge
        return super().write(data)


def serialise(result: Any, form: str, fmt: str, output: Any) -> str:
    """Write a query result to the binary stream ``output`` in format ``fmt``; return its media type.

    ``fmt`` is a key of ``RESULT_FORMATS`` (SELECT, ASK) or ``GRAPH_FORMATS`` (CONSTRUCT, DESCRIBE);
    an unknown or unsuitable one falls back to JSON results or Turtle.
    """
    if form in ("construct", "describe"):
        media, rdf_format = GRAPH_FORMATS.get(fmt, GRAPH_FORMATS["turtle"])
        pyoxigraph.serialize(result, output, rdf_format)
        return media
    media, results_format = RESULT_FORMATS.get(fmt, RESULT_FORMATS["json"])
    result.serialize(output, results_format)
    return media


def _work(store_path: str, connection: Connection, max_bytes: int) -> None:
    store = pyoxigraph.Store.read_only(store_path)
    while (request := connection.recv()) is not None:
        text, form, fmt = request
        try:
            result = store.query(text, use_default_graph_as_union=True)
            buffer = _BoundedBuffer(max_bytes)
            media = serialise(result, form, fmt, buffer)
            connection.send(("ok", media, buffer.getvalue()))
        except _ResultTooLarge:
            connection.send(("error", 413, f"the result is larger than {max_bytes:,} bytes; add a LIMIT"))
        except (SyntaxError, ValueError, OSError) as exc:
            connection.send(("error", 400, str(exc)))


@dataclass
class _Worker:
    process: multiprocessing.Process
    connection: Connection


class QueryPool:
    """A fixed set of query workers over one store, with a time limit that really stops a query.

    Args:
        store_path: the Oxigraph store directory (``kb/graph``).
        workers: queries run at once; more wait, up to ``max_waiting``, then get 503.
        timeout: seconds a query may run before its worker is killed.
        max_bytes: largest serialised result.
    """

    def __init__(
        self, store_path: Path, *, workers: int = 2, timeout: float = 10.0, max_bytes: int = 50_000_000,
        max_waiting: int = 64,
    ) -> None:  # fmt: skip
        self.store_path, self.workers, self.timeout = str(store_path), workers, timeout
        self.max_bytes, self.max_waiting = max_bytes, max_waiting
        self._context = multiprocessing.get_context("spawn")
        self._idle: asyncio.Queue[_Worker] | None = None
        self._waiting = 0
        self._all: list[_Worker] = []

    def _spawn(self) -> _Worker:
        parent, child = self._context.Pipe()
        process = self._context.Process(
            target=_work, args=(self.store_path, child, self.max_bytes), daemon=True, name="apkg-query"
        )
        process.start()
        worker = _Worker(process, parent)
        self._all.append(worker)
        return worker

    async def start(self) -> None:
        """Start the workers."""
        self._idle = asyncio.Queue()
        for _ in range(self.workers):
            self._idle.put_nowait(self._spawn())

    async def close(self) -> None:
        """Stop every worker."""
        for worker in self._all:
            if worker.process.is_alive():
                worker.process.kill()
            worker.process.join(timeout=5)
        self._all.clear()

    async def run(self, text: str, form: str, fmt: str) -> tuple[str, bytes]:
        """Run a checked query; return (media type, body).

        Raises:
            QueryError: 503 when too many queries wait or the time limit is hit, 413 when the
                result is too large, 400 when the store rejects the query.
        """
        assert self._idle is not None, "start() the pool first"
        if self._waiting >= self.max_waiting:
            raise QueryError("too many queries waiting; try again shortly", 503)
        self._waiting += 1
        try:
            worker = await self._idle.get()
        finally:
            self._waiting -= 1
        loop = asyncio.get_running_loop()
        try:
            worker.connection.send((text, form, fmt))
            ready = await loop.run_in_executor(None, worker.connection.poll, self.timeout)
            if not ready:
                worker.process.kill()
                worker.process.join()
                self._all.remove(worker)
                worker = self._spawn()
                raise QueryError(
                    f"the query ran longer than the {self.timeout:g} s limit and was stopped", 503
                )
            reply = worker.connection.recv()
        except (EOFError, OSError):
            self._all.remove(worker)
            worker = self._spawn()
            raise QueryError("the query worker died; try again", 500) from None
        finally:
            self._idle.put_nowait(worker)
        if reply[0] == "error":
            raise QueryError(reply[2], reply[1])
        return reply[1], reply[2]
