"""``apkg serve``: a read-only SPARQL 1.1 Protocol endpoint at ``/sparql``, and a query page at ``/``.

Queries arrive by GET (``?query=``), by POST form (``query=``) or by POST direct
(``application/sparql-query``); results are negotiated from the Accept header (or ``format=``):
SPARQL JSON, XML, CSV and TSV for SELECT and ASK; Turtle, JSON-LD, N-Triples and RDF/XML for
CONSTRUCT and DESCRIBE. Updates, LOAD, SERVICE and outside FROM graphs are refused with 403; a
malformed query gets 400 and the parser's message; queries run in killable worker processes
under a time limit (503 when hit), with bounded result size (413) and concurrency (503).
``GET /sparql`` without a query returns the service description.
"""

from __future__ import annotations

import html
import json
from collections.abc import Sequence
from contextlib import asynccontextmanager
from pathlib import Path

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response
from starlette.routing import Route

from apkg.errors import QueryError
from apkg.graph.query_pool import GRAPH_FORMATS, RESULT_FORMATS, QueryPool
from apkg.graph.sparql import check_query
from apkg.graph.store import GRAPH_DIR

_MEDIA_TO_FORMAT = {media: name for name, (media, _) in {**RESULT_FORMATS, **GRAPH_FORMATS}.items()}
_MEDIA_TO_FORMAT |= {"application/json": "json", "text/xml": "xml", "application/xml": "xml"}


def negotiate(accept: str, form: str, requested: Sequence[str] = ()) -> str:
    """Pick the result format: a ``format=`` value (short name or media type) that suits the query
    form, else the Accept header's best match, else JSON results or Turtle."""
    allowed = GRAPH_FORMATS if form in ("construct", "describe") else RESULT_FORMATS
    for value in requested:
        name = value if value in allowed else _MEDIA_TO_FORMAT.get(value.lower())
        if name in allowed:
            return name
    choices = []
    for position, part in enumerate(accept.split(",")):
        media, *params = (item.strip() for item in part.split(";"))
        quality = next((float(p[2:]) for p in params if p.startswith("q=")), 1.0)
        choices.append((-quality, position, media.lower()))
    for _, _, media in sorted(choices):
        name = _MEDIA_TO_FORMAT.get(media)
        if name in allowed:
            return name
    return "turtle" if allowed is GRAPH_FORMATS else "json"


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
    kb_path: Path, *, timeout: float = 10.0, workers: int = 2, examples: dict[str, str] | None = None
) -> Starlette:
    """The endpoint's ASGI application over the knowledge base at ``kb_path``."""
    pool = QueryPool(kb_path / GRAPH_DIR, workers=workers, timeout=timeout)

    @asynccontextmanager
    async def lifespan(_: Starlette):  # noqa: ANN202 - ASGI lifespan
        await pool.start()
        yield
        await pool.close()

    async def sparql(request: Request) -> Response:
        query = request.query_params.get("query")
        if request.method == "POST":
            media = request.headers.get("content-type", "").split(";")[0].strip().lower()
            if media == "application/sparql-update":
                return PlainTextResponse("updates are refused: this endpoint is read-only", 403)
            if media == "application/sparql-query":
                query = (await request.body()).decode("utf-8", "replace")
            elif media == "application/x-www-form-urlencoded":
                data = await request.form()
                if "update" in data:
                    return PlainTextResponse("updates are refused: this endpoint is read-only", 403)
                query = data.get("query")
            else:
                return PlainTextResponse(f"unsupported content type {media!r}", 415)
        if query is None:
            return PlainTextResponse(
                service_description(str(request.url).split("?")[0]), media_type="text/turtle"
            )
        try:
            checked = check_query(str(query))
            requested = request.query_params.getlist("format")
            fmt = negotiate(request.headers.get("accept", ""), checked.form, requested)
            media, body = await pool.run(checked.text, checked.form, fmt)
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
