"""Read-only SPARQL: every query is checked before it runs, then run.

The check reads the query's tokens once, left to right, with no recursion, so any text is judged
in time proportional to its length (bounded by ``MAX_QUERY_CHARS``). Refused: updates (including
LOAD), SERVICE (a federated call would let a query reach other hosts), FROM / FROM NAMED naming
any graph outside the knowledge base, and brackets nested deeper than ``MAX_NESTING``. The full
parse is Oxigraph's (in Rust); its parser and evaluator recurse once per nesting level or
operator, so callers run queries on a thread with ``QUERY_STACK_BYTES`` of stack
(``on_query_stack``), enough for the deepest query the size limit allows.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import urljoin

from apkg.errors import QueryError

if TYPE_CHECKING:
    from apkg.graph.store import GraphStore

LOCAL_GRAPHS = ("https://w3id.org/apkg/",)
MAX_QUERY_CHARS = 100_000
MAX_NESTING = 200  # brackets: {, ( and [
QUERY_STACK_BYTES = 512 * 1024 * 1024  # virtual; measured: 100 KB of "!" or "1||" needs < 256 MB
QUERY_FORMS = ("select", "construct", "describe", "ask")
_UPDATES = {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"}
_TOKEN = re.compile(
    r"""(?P<space>\s+|\#[^\n]*)
    |(?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
        |'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")
    |(?P<iri><[^<>"{}|^`\\\s]*>)
    |(?P<var>[?$]\w+)
    |(?P<pname>(?:[A-Za-z_][\w.-]*)?:[\w.:%\\-]*)
    |(?P<word>[A-Za-z]\w*)
    |(?P<open>[{(\[])
    |(?P<close>[})\]])
    |(?P<other>.)""",
    re.VERBOSE | re.DOTALL,
)
# the prologue (BASE and PREFIX declarations, comments) and the keyword that follows it
_FORM = re.compile(
    r"(?:\s+|#[^\n]*|BASE\s*<[^>]*>|PREFIX\s+[^\s:]*:\s*<[^>]*>)*(SELECT|CONSTRUCT|DESCRIBE|ASK)\b",
    re.IGNORECASE,
)
_Result = TypeVar("_Result")
_STACK_LOCK = threading.Lock()  # threading.stack_size is process-wide


@dataclass(frozen=True)
class CheckedQuery:
    """A query that passed the read-only checks, with its form."""

    text: str
    form: str  # select | ask | construct | describe


def _tokens(text: str) -> Iterator[tuple[str, str]]:
    """(kind, text) of every token but whitespace and comments."""
    for match in _TOKEN.finditer(text):
        if match.lastgroup != "space":
            yield match.lastgroup or "other", match.group()


def _graph_name(token: tuple[str, str], prefixes: dict[str, str], base: str) -> str:
    """The IRI a FROM clause names (an IRI, relative to BASE, or a prefixed name)."""
    kind, value = token
    if kind == "iri":
        return urljoin(base, value[1:-1])
    if kind == "pname":
        prefix, _, local = value.partition(":")
        return prefixes[prefix] + local if prefix in prefixes else value
    return value  # not a graph name: the parser will say so


def check_query(text: str) -> CheckedQuery:
    """Refuse anything but a read-only query over local graphs, in one pass over ``text``.

    Syntax errors are left to the parser (``run_sparql`` reports them).

    Raises:
        QueryError: 413 for a query longer than ``MAX_QUERY_CHARS``; 400 for brackets nested
            deeper than ``MAX_NESTING``; 403 for an update, LOAD, SERVICE or a FROM / FROM NAMED
            that names an outside graph.
    """
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(f"the query is {len(text):,} characters long; the limit is {MAX_QUERY_CHARS:,}", 413)
    prefixes: dict[str, str] = {}
    base, form, depth = "", "", 0
    tokens = _tokens(text)
    for kind, value in tokens:
        word = value.upper() if kind == "word" else ""
        if kind == "open":
            depth += 1
            if depth > MAX_NESTING:
                raise QueryError(f"the query nests brackets more than {MAX_NESTING} deep", 400)
        elif kind == "close":
            depth -= 1
        elif not form and word in _UPDATES:
            raise QueryError("updates (INSERT, DELETE, LOAD, CLEAR, DROP, ...) are refused: read-only", 403)
        elif not form and word.lower() in QUERY_FORMS:
            form = word.lower()
        elif not form and word == "PREFIX":
            name, namespace = next(tokens, ("", "")), next(tokens, ("", ""))
            prefixes[name[1].removesuffix(":")] = urljoin(base, namespace[1][1:-1])
        elif not form and word == "BASE":
            base = urljoin(base, next(tokens, ("", "<>"))[1][1:-1])
        elif word == "SERVICE":
            raise QueryError("SERVICE is refused: queries cannot call other endpoints", 403)
        elif word == "FROM":
            target = next(tokens, ("", ""))
            if target[0] == "word" and target[1].upper() == "NAMED":
                target = next(tokens, ("", ""))
            iri = _graph_name(target, prefixes, base)
            if not iri.startswith(LOCAL_GRAPHS):
                raise QueryError(f"FROM <{iri}> is refused: only the knowledge base's own graphs", 403)
    return CheckedQuery(text=text, form=form or "select")


def run_sparql(store: GraphStore, text: str) -> tuple[CheckedQuery, Any]:
    """Check ``text`` and run it on ``store``; return the checked query and the (lazy) result.

    Call it, and read the result, inside ``on_query_stack``.

    Raises:
        QueryError: the query is refused (see ``check_query``) or malformed (400).
    """
    checked = check_query(text)
    try:
        return checked, store.query(checked.text)
    except SyntaxError as exc:
        raise QueryError(f"malformed query: {exc}", 400) from None


def on_query_stack(function: Callable[..., _Result], *args: Any) -> _Result:
    """Call ``function(*args)`` on a thread with ``QUERY_STACK_BYTES`` of stack; return its
    result or raise its exception (Oxigraph recurses once per nesting level of a query)."""
    outcome: list[Any] = []

    def call() -> None:
        try:
            outcome.append((True, function(*args)))
        except BaseException as exc:  # handed back to the caller's thread
            outcome.append((False, exc))

    with _STACK_LOCK:  # stack_size is process-wide: set it only for this thread's creation
        previous = threading.stack_size(QUERY_STACK_BYTES)
        try:
            thread = threading.Thread(target=call, name="apkg-query", daemon=True)
            thread.start()
        finally:
            threading.stack_size(previous)
    thread.join()
    ok, value = outcome[0]
    if not ok:
        raise value
    return value


def query_form(text: str) -> str:
    """The form of a query, read from the keyword after its prologue: ``select``, ``construct``,
    ``describe`` or ``ask`` (``select`` when there is none, leaving the error to the parser)."""
    match = _FORM.match(text)
    return match.group(1).lower() if match else "select"
