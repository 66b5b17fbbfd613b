"""``apkg serve``: a read-only SPARQL 1.1 Protocol endpoint at ``/sparql``, and a query page at ``/``.

Queries arrive by GET (``?query=``), by POST form (``query=``) or by POST direct
(``application/sparql-query``); results are negotiated from the Accept header (or ``format=``):
SPARQL JSON, XML, CSV and TSV for SELECT and ASK; Turtle, JSON-LD, N-Triples and RDF/XML for
CONSTRUCT and DESCRIBE (an Accept header that cannot be read gets the default). Updates, by any
method or parameter, LOAD, SERVICE and outside FROM graphs are refused with 403; a malformed or
too deeply nested query gets 400 and a message; a body over ``MAX_BODY_BYTES`` or a query over
``MAX_QUERY_CHARS`` gets 413. Queries are checked, parsed and run in killable worker processes
under a time limit (503 when hit), with bounded result size (413) and concurrency (503), so the
request loop never parses a query.
``GET /sparql`` without a query returns the service description.
"""

from __future__ import annotations

import html
import json
from contextlib import asynccontextmanager
from pathlib import Path
from urllib.parse import parse_qs

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response
from starlette.routing import Route

from apkg.errors import QueryError
from apkg.graph.query_pool import DEFAULT_TIMEOUT, QueryPool

MAX_BODY_BYTES = 1_000_000  # a request body; the query text itself is capped by MAX_QUERY_CHARS
UPDATE_PARAMETERS = ("update", "using-graph-uri", "using-named-graph-uri")
_READ_ONLY = "updates are refused: this endpoint is read-only"


async def _read_body(request: Request) -> bytes:
    """The request body, read no further than ``MAX_BODY_BYTES``.

    Raises:
        QueryError: 413 when the body is larger.
    """
    too_large = QueryError(f"the request body is larger than {MAX_BODY_BYTES:,} bytes", 413)
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_BODY_BYTES:
        raise too_large
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_BODY_BYTES:
            raise too_large
    return bytes(body)


async def query_text(request: Request) -> str | None:
    """The query a SPARQL Protocol request carries (None: none, answer the service description).

    Raises:
        QueryError: 403 for an update (``update=`` by GET or form, ``application/sparql-update``),
            413 for a body over ``MAX_BODY_BYTES``, 415 for another content type.
    """
    if any(name in request.query_params for name in UPDATE_PARAMETERS):
        raise QueryError(_READ_ONLY, 403)
    query = request.query_params.get("query")
    if request.method != "POST":
        return query
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media == "application/sparql-update":
        raise QueryError(_READ_ONLY, 403)
    if media == "application/sparql-query":
        return (await _read_body(request)).decode("utf-8", "replace")
    if media != "application/x-www-form-urlencoded":
        raise QueryError(f"unsupported content type {media!r}", 415)
    form = parse_qs((await _read_body(request)).decode("utf-8", "replace"), keep_blank_values=True)
    if any(name in form for name in UPDATE_PARAMETERS):
        raise QueryError(_READ_ONLY, 403)
    return form["query"][0] if "query" in form else query


def service_description(endpoint: str) -> str:
    """The SPARQL 1.1 service description of the endpoint, in Turtle."""
    results = " ".join(
        f"<http://www.w3.org/ns/formats/{name}>"
        for name in ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV",
                     "Turtle", "JSON-LD", "N-Triples", "RDF_XML")
    )  # fmt: skip
    return f"""@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .
<{endpoint}> a sd:Service ;
    sd:endpoint <{endpoint}> ;
    sd:supportedLanguage sd:SPARQL11Query ;
    sd:feature sd:UnionDefaultGraph ;
    sd:resultFormat {", ".join(results.split())} ;
    sd:defaultDataset [ a sd:Dataset ; sd:defaultGraph [ a sd:Graph ] ] .
"""


def create_app(
    kb_path: Path,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    workers: int = 2,
    examples: dict[str, str] | None = None,
) -> Starlette:
    """The endpoint's ASGI application over the knowledge base at ``kb_path``."""
    pool = QueryPool(kb_path, workers=workers, timeout=timeout)

    @asynccontextmanager
    async def lifespan(_: Starlette):  # noqa: ANN202 - ASGI lifespan
        await pool.start()
        yield
        await pool.close()

    async def sparql(request: Request) -> Response:
        try:
            query = await query_text(request)
            if query is None:
                description = service_description(str(request.url).split("?")[0])
                return PlainTextResponse(description, media_type="text/turtle")
            accept, requested = request.headers.get("accept", ""), request.query_params.getlist("format")
            media, body = await pool.run(query, accept=accept, requested=requested)
        except QueryError as exc:
            return PlainTextResponse(exc.message, exc.status)
        return Response(body, media_type=media)

    async def page(_: Request) -> HTMLResponse:
        return HTMLResponse(_page(examples or {}))

    return Starlette(
        routes=[Route("/sparql", sparql, methods=["GET", "POST"]), Route("/", page)], lifespan=lifespan
    )


def _page(examples: dict[str, str]) -> str:
    options = "".join(
        f'<option value="{html.escape(json.dumps(text))}">{html.escape(question)}</option>'
        for question, text in examples.items()
    )
    first = html.escape(next(iter(examples.values()), "SELECT * WHERE { ?s ?p ?o } LIMIT 10"))
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8"><title>apkg SPARQL</title>
<style>body{{font-family:sans-serif;margin:2em;max-width:70em}}textarea{{width:100%;height:16em;font-family:monospace}}
table{{border-collapse:collapse;margin-top:1em}}
td,th{{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}}
select{{max-width:100%}}</style></head><body>
<h1>apkg SPARQL endpoint</h1>
<p>Read-only SPARQL 1.1 at <code>/sparql</code> (GET, POST form, POST direct). The default graph is the
union of all graphs. Updates, LOAD and SERVICE are refused.</p>
<label>Competency questions: <select id="examples">
<option value="">choose an example…</option>{options}</select></label>
<textarea id="query">{first}</textarea><br><button id="run">Run</button> <span id="status"></span>
<div id="results"></div>
<script>
const ex = document.getElementById('examples'), q = document.getElementById('query');
ex.onchange = () => {{ if (ex.value) q.value = JSON.parse(ex.value); }};
document.getElementById('run').onclick = async () => {{
  const status = document.getElementById('status'), out = document.getElementById('results');
  status.textContent = 'running…'; out.innerHTML = '';
  const r = await fetch('sparql', {{method: 'POST', headers: {{'Content-Type': 'application/sparql-query',
    'Accept': 'application/sparql-results+json'}}, body: q.value}});
  if (!r.ok) {{ status.textContent = r.status + ': ' + await r.text(); return; }}
  const type = r.headers.get('content-type') || '';
  if (!type.includes('json')) {{ status.textContent = 'done'; out.textContent = await r.text(); return; }}
  const data = await r.json();
  if ('boolean' in data) {{ status.textContent = 'answer: ' + data.boolean; return; }}
  const vars = data.head.vars, rows = data.results.bindings;
  status.textContent = rows.length + ' rows';
  const esc = s => s.replace(/[&<>]/g, c => ({{'&':'&amp;','<':'&lt;','>':'&gt;'}})[c]);
  out.innerHTML = '<table><tr>' + vars.map(v => '<th>' + esc(v) + '</th>').join('') + '</tr>' +
    rows.map(b => '<tr>' + vars.map(v => '<td>' + (b[v] ? esc(b[v].value) : '') + '</td>').join('') + '</tr>')
      .join('') + '</table>';
}};
</script></body></html>"""
