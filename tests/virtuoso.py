"""A private, throw-away Virtuoso (Debian's ``virtuoso-opensource``) on loopback, and answers in a
form two stores can be compared by; for the remote-store tests and the store benchmark.

The server gets its own database directory and ini, free ports on 127.0.0.1, anonymous SPARQL
updates (safe only because it listens on loopback and is thrown away), and a checkpoint before it
stops so that nothing is replayed on the next start.
"""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
import time
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import httpx
import pyoxigraph

from apkg.graph.store import GraphStore

DEFAULT_INI = Path("/usr/share/virtuoso-opensource-7/virtuoso.ini")
INI_VALUES = {
    ("Database", "DatabaseFile"): "virtuoso.db",
    ("Database", "ErrorLogFile"): "virtuoso.log",
    ("Database", "LockFile"): "virtuoso.lck",
    ("Database", "TransactionFile"): "virtuoso.trx",
    ("Database", "xa_persistent_file"): "virtuoso.pxa",
    ("TempDatabase", "DatabaseFile"): "virtuoso-temp.db",
    ("TempDatabase", "TransactionFile"): "virtuoso-temp.trx",
}


def virtuoso_missing() -> str | None:
    """Why a private Virtuoso cannot start here, or None when it can."""
    for tool in ("virtuoso-t", "isql-vt", "inifile"):
        if shutil.which(tool) is None:
            return f"{tool} is not installed (apt-get install virtuoso-opensource)"
    if not DEFAULT_INI.exists():
        return f"{DEFAULT_INI} is missing"
    return None


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Virtuoso:
    """A running private Virtuoso; ``url`` is its ``/sparql`` endpoint."""

    directory: Path
    sql_port: int
    http_port: int
    process: subprocess.Popen

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.http_port}/sparql"

    @property
    def graph_store_url(self) -> str:
        return f"http://127.0.0.1:{self.http_port}/sparql-graph-crud"

    def isql(self, statement: str) -> str:
        """Run one SQL statement as ``dba`` through ``isql-vt``; return its output."""
        done = subprocess.run(
            ["isql-vt", str(self.sql_port), "dba", "dba", f"exec={statement}"],
            capture_output=True, text=True, timeout=60, check=True,
        )  # fmt: skip
        return done.stdout

    def stop(self) -> None:
        """Checkpoint, then stop the server and wait for it to exit."""
        if self.process.poll() is None:
            try:
                self.isql("checkpoint;")
            finally:
                self.process.terminate()
                self.process.wait(timeout=60)


def start_virtuoso(directory: Path, *, max_rows: int = 100_000, query_seconds: int = 60) -> Virtuoso:
    """Start a Virtuoso with its database in ``directory``; return once ``/sparql`` answers.

    Raises:
        RuntimeError: the server exits or does not answer within 60 s (with its log's tail).
    """
    directory.mkdir(parents=True, exist_ok=True)
    ini = directory / "virtuoso.ini"
    shutil.copyfile(DEFAULT_INI, ini)
    sql_port, http_port = free_port(), free_port()
    values = {key: str(directory / name) for key, name in INI_VALUES.items()}
    values |= {
        ("Parameters", "ServerPort"): f"127.0.0.1:{sql_port}",
        ("HTTPServer", "ServerPort"): f"127.0.0.1:{http_port}",
        ("URIQA", "DefaultHost"): f"127.0.0.1:{http_port}",
        ("SPARQL", "ResultSetMaxRows"): str(max_rows),
        ("SPARQL", "MaxQueryExecutionTime"): str(query_seconds),
    }
    for (section, key), value in values.items():
        subprocess.run(
            ["inifile", "+inifile", str(ini), "+section", section, "+key", key, "+value", value], check=True
        )
    log = (directory / "stdout.log").open("wb")
    process = subprocess.Popen(
        ["virtuoso-t", "+foreground", "+configfile", str(ini)], cwd=directory, stdout=log, stderr=log
    )
    server = Virtuoso(directory, sql_port, http_port, process)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            break
        try:
            if httpx.get(server.url, params={"query": "ASK {}"}, timeout=2).status_code == 200:
                server.isql('grant SPARQL_UPDATE to "SPARQL";')
                return server
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    process.kill()
    error_log = directory / "virtuoso.log"
    tail = error_log.read_text(errors="replace")[-2000:] if error_log.exists() else ""
    raise RuntimeError(f"Virtuoso in {directory} did not start:\n{tail}")


_XSD = "http://www.w3.org/2001/XMLSchema#"
_NUMBERS = {_XSD + name for name in ("integer", "int", "long", "short", "decimal", "double", "float")}
_GROUP_CONCAT = re.compile(
    r'GROUP_CONCAT\((?:DISTINCT )?\?\w+; separator="([^"]*)"\) AS \?(\w+)', re.IGNORECASE
)


def _lexical(term: pyoxigraph.NamedNode | pyoxigraph.BlankNode | pyoxigraph.Literal | None) -> str:
    if term is None:
        return ""
    if isinstance(term, pyoxigraph.BlankNode):
        return "_:"  # labels are the store's own
    if isinstance(term, pyoxigraph.Literal) and term.datatype.value in _NUMBERS:
        return str(Decimal(term.value).normalize())  # 5, 5.0 and 5.00 are one number
    if isinstance(term, pyoxigraph.Literal) and term.datatype.value == _XSD + "boolean":
        return str(term.value in ("true", "1")).lower()  # Virtuoso answers "1" and "0"
    return term.value


def comparable_rows(store: GraphStore, sparql: str) -> list[tuple[str, ...]]:
    """A SELECT query's answer as sorted rows of lexical values, in a form that two stores agree on
    when their answers are equal: numbers and booleans in canonical form, blank nodes unlabelled,
    and the parts of each GROUP_CONCAT sorted (SPARQL leaves their order to the store)."""
    separators = {name: sep for sep, name in _GROUP_CONCAT.findall(sparql)}
    result = store.query(sparql)
    names = [variable.value for variable in result.variables]
    rows = []
    for solution in result:
        row = []
        for name in names:
            value = _lexical(solution[name])
            if name in separators:
                value = separators[name].join(sorted(value.split(separators[name])))
            row.append(value)
        rows.append(tuple(row))
    return sorted(rows)
