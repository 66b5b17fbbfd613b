"""Run SPARQL queries in worker processes that can be stopped.

pyoxigraph has no way to cancel a running query, so each query runs in a worker process; a query
that outlives the time limit has its worker killed and replaced, and the caller gets an error at
once. Everything a query costs happens in the worker, under the time limit: the read-only check,
Oxigraph's parse, the evaluation and the serialisation, into a buffer that refuses to grow past a
size limit. Before each query the worker checks the knowledge base's build id and reopens the
store when a rebuild replaced it (``CurrentStore``), so every worker, old or newly spawned,
answers from the build that is current when the query starts.
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import multiprocessing
import threading
from collections.abc import Coroutine, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any, TypeVar

from apkg.config import GraphSettings
from apkg.errors import QueryError, StoreError
from apkg.graph.formats import negotiate, serialise
from apkg.graph.sparql import on_query_stack, run_sparql
from apkg.spawning import main_module_hidden

DEFAULT_TIMEOUT = 10.0  # seconds a query may run, in the endpoint and the app
_START_UP = 60.0  # seconds a new worker may take to import its modules and open the store
_Result = TypeVar("_Result")


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


def _work(kb_path: str, graph: GraphSettings | None, connection: Connection, max_bytes: int) -> None:
    on_query_stack(_serve, Path(kb_path), graph, connection, max_bytes)


def _serve(kb_path: Path, graph: GraphSettings | None, connection: Connection, max_bytes: int) -> None:
    from apkg.graph.current import CurrentStore
    from apkg.graph.store import open_store

    if graph is not None and graph.remote:
        remote = open_store(kb_path, graph)
        current_store = lambda: remote  # noqa: E731 - the server has one graph, whatever the builds
    else:
        current_store = CurrentStore(kb_path).get
    with contextlib.suppress(QueryError):  # each query retries, and reports the problem
        current_store()  # open the store before the first query, outside its time limit
    connection.send(("ready",))
    while (request := connection.recv()) is not None:
        text, accept, requested = request
        try:
            checked, result = run_sparql(current_store(), text)
            buffer = _BoundedBuffer(max_bytes)
            media = serialise(result, checked.form, negotiate(accept, checked.form, requested), buffer)
            connection.send(("ok", media, buffer.getvalue()))
        except QueryError as exc:
            connection.send(("error", exc.status, exc.message))
        except StoreError as exc:  # the remote server failed or refused
            connection.send(("error", 502, str(exc)))
        except _ResultTooLarge:
            connection.send(("error", 413, f"the result is larger than {max_bytes:,} bytes; add a LIMIT"))
        except (SyntaxError, ValueError, OSError) as exc:
            connection.send(("error", 400, str(exc)))


@dataclass
class _Worker:
    process: BaseProcess  # a spawn context's SpawnProcess
    connection: Connection
    ready: bool = False  # it has imported its modules and opened the store


class QueryPool:
    """A fixed set of query workers over one knowledge base, with a time limit that really stops
    a query.

    Args:
        kb_path: the knowledge base directory (its ``graph/`` store is queried).
        graph: graph settings naming a SPARQL server to query instead (``graph.store``).
        workers: queries run at once; more wait, up to ``max_waiting``, then get 503.
        timeout: seconds a query may run, check and parse included, before its worker is killed.
        max_bytes: largest serialised result.
    """

    def __init__(
        self, kb_path: Path, *, graph: GraphSettings | None = None, workers: int = 2,
        timeout: float = DEFAULT_TIMEOUT, max_bytes: int = 50_000_000, max_waiting: int = 64,
    ) -> None:  # fmt: skip
        self.kb_path, self.graph, self.workers, self.timeout = str(kb_path), graph, workers, timeout
        self.max_bytes, self.max_waiting = max_bytes, max_waiting
        self._context = multiprocessing.get_context("spawn")
        self._idle: asyncio.Queue[_Worker] | None = None
        self._waiting = 0
        self._all: list[_Worker] = []

    def _spawn(self) -> _Worker:
        parent, child = self._context.Pipe()
        arguments = (self.kb_path, self.graph, child, self.max_bytes)
        process = self._context.Process(target=_work, args=arguments, daemon=True, name="apkg-query")
        with main_module_hidden():
            process.start()
        worker = _Worker(process, parent)
        self._all.append(worker)
        return worker

    def _replace(self, worker: _Worker) -> _Worker:
        if worker.process.is_alive():
            worker.process.kill()
        worker.process.join()
        self._all.remove(worker)
        return self._spawn()

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

    async def run(self, text: str, *, accept: str = "", requested: Sequence[str] = ()) -> tuple[str, bytes]:
        """Check and run a query; return (media type, body). The format is the first of
        ``requested`` that suits the query's form, else the best match for ``accept``.

        Raises:
            QueryError: 503 when too many queries wait or the time limit is hit; 413 when the
                query or its result is too large; 403 when it is refused; 400 when it is malformed
                or stopped its worker.
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
            if not worker.ready:  # a new worker's start-up does not count against the time limit
                await loop.run_in_executor(None, worker.connection.poll, _START_UP)
                worker.ready = worker.connection.recv() == ("ready",)
            worker.connection.send((text, accept, tuple(requested)))
            ready = await loop.run_in_executor(None, worker.connection.poll, self.timeout)
            if not ready:
                worker = self._replace(worker)
                raise QueryError(
                    f"the query ran longer than the {self.timeout:g} s limit and was stopped", 503
                )
            reply = worker.connection.recv()
        except (EOFError, OSError):
            worker = self._replace(worker)
            raise QueryError(
                "the query stopped its worker: it is too deeply nested or too large", 400
            ) from None
        finally:
            self._idle.put_nowait(worker)
        if reply[0] == "error":
            raise QueryError(reply[2], reply[1])
        return reply[1], reply[2]


class BlockingQueryPool:
    """A ``QueryPool`` for synchronous callers (the Streamlit app), on its own event-loop thread.

    Takes the same arguments as ``QueryPool``; the workers start at once.
    """

    def __init__(self, kb_path: Path, **options: Any) -> None:
        self.pool = QueryPool(kb_path, **options)
        self._loop = asyncio.new_event_loop()
        threading.Thread(target=self._loop.run_forever, name="apkg-query-pool", daemon=True).start()
        self._call(self.pool.start())

    def _call(self, coroutine: Coroutine[Any, Any, _Result]) -> _Result:
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop).result()

    def run(self, text: str, *, accept: str = "", requested: Sequence[str] = ()) -> tuple[str, bytes]:
        """``QueryPool.run``, waiting for the answer."""
        return self._call(self.pool.run(text, accept=accept, requested=requested))

    def close(self) -> None:
        """Stop the workers and the event loop."""
        self._call(self.pool.close())
        self._loop.call_soon_threadsafe(self._loop.stop)
