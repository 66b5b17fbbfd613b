"""A private SPARQL 1.1 server for tests: an in-memory Oxigraph store behind the SPARQL Protocol
(form POST of ``query=`` or ``update=``, as ``SparqlStore`` sends them) on 127.0.0.1, which
answers 401 unless the request carries the HTTP Basic credentials it was started with."""

from __future__ import annotations

import base64
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

import pyoxigraph


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, *_: object) -> None:
        pass

    def do_POST(self) -> None:
        if self.headers.get("Authorization") != self.server.authorization:
            self._answer(401, b"credentials required", "text/plain")
            return
        form = parse_qs(self.rfile.read(int(self.headers.get("Content-Length", 0))).decode())
        with self.server.lock:
            if "update" in form:
                self.server.store.update(form["update"][0])
                self._answer(204, b"", "text/plain")
                return
            result = self.server.store.query(form["query"][0], use_default_graph_as_union=True)
            if isinstance(result, pyoxigraph.QueryTriples):
                body = pyoxigraph.serialize(result, format=pyoxigraph.RdfFormat.N_TRIPLES)
                self._answer(200, body, "application/n-triples")
            else:
                body = result.serialize(format=pyoxigraph.QueryResultsFormat.JSON)
                self._answer(200, body, "application/sparql-results+json")

    def _answer(self, status: int, body: bytes, media: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", media)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class _Server(ThreadingHTTPServer):
    def __init__(self, user: str, password: str) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.store, self.lock = pyoxigraph.Store(), threading.Lock()
        token = base64.b64encode(f"{user}:{password}".encode()).decode()
        self.authorization = f"Basic {token}"


@contextmanager
def sparql_server(user: str, password: str) -> Iterator[str]:
    """Run the server; yield its endpoint URL (without the credentials)."""
    server = _Server(user, password)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/sparql"
    finally:
        server.shutdown()
        server.server_close()
