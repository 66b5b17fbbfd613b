"""`apkg serve` against real clients: SPARQLWrapper, rdflib's SPARQLStore and plain HTTP."""

from __future__ import annotations

import csv
import io
import json
import socket
import subprocess
import sys
import time

import httpx
import pytest
import rdflib
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import CSV, JSON, TSV, XML, SPARQLWrapper

COUNT_DOCS = "SELECT (COUNT(?d) AS ?n) WHERE { ?d a <https://w3id.org/apkg/ontology#Document> }"
CARTESIAN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
CONSTRUCT = (
    "CONSTRUCT { ?d <http://purl.org/dc/terms/title> ?t } "
    "WHERE { ?d a <https://w3id.org/apkg/ontology#Document> ; <http://purl.org/dc/terms/title> ?t }"
)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def endpoint(mini_kb):
    port = _free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "apkg.app.cli",
            "serve",
            "--kb",
            str(mini_kb),
            "--port",
            str(port),
            "--timeout",
            "2",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}/sparql"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(url, timeout=1).status_code == 200:
                break
        except httpx.TransportError:
            time.sleep(0.2)
    else:
        process.kill()
        pytest.fail(f"apkg serve did not start: {process.stdout.read().decode()}")
    yield url
    process.terminate()
    process.wait(timeout=10)


@pytest.mark.parametrize(("fmt", "check"), [(JSON, "json"), (XML, "xml"), (CSV, "csv"), (TSV, "tsv")])
def test_sparqlwrapper_result_formats(endpoint, fmt, check):
    client = SPARQLWrapper(endpoint)
    client.setQuery(COUNT_DOCS)
    client.setReturnFormat(fmt)
    result = client.query().convert()
    if check == "json":
        assert result["results"]["bindings"][0]["n"]["value"] == "5"
    elif check == "xml":
        assert result.getElementsByTagName("literal")[0].firstChild.data == "5"
    else:
        rows = list(csv.reader(io.StringIO(result.decode()), delimiter="," if check == "csv" else "\t"))
        assert rows[1][0].split("^^")[0].strip('"') == "5"


def test_rdflib_sparqlstore(endpoint):
    graph = rdflib.Graph(store=SPARQLStore(endpoint, returnFormat="json"))
    [(count,)] = list(graph.query(COUNT_DOCS))
    assert int(count) == 5


@pytest.mark.parametrize("method", ["get", "form", "direct"])
def test_protocol_forms(endpoint, method):
    headers = {"Accept": "application/sparql-results+json"}
    if method == "get":
        response = httpx.get(endpoint, params={"query": COUNT_DOCS}, headers=headers)
    elif method == "form":
        response = httpx.post(endpoint, data={"query": COUNT_DOCS}, headers=headers)
    else:
        response = httpx.post(
            endpoint, content=COUNT_DOCS, headers={**headers, "Content-Type": "application/sparql-query"}
        )
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/sparql-results+json")
    assert json.loads(response.text)["results"]["bindings"][0]["n"]["value"] == "5"


@pytest.mark.parametrize(
    ("accept", "media", "reader"),
    [("text/turtle", "text/turtle", "turtle"), ("application/ld+json", "application/ld+json", "json-ld"),
     ("application/n-triples", "application/n-triples", "nt")],
)  # fmt: skip
def test_graph_results_negotiated(endpoint, accept, media, reader):
    response = httpx.get(endpoint, params={"query": CONSTRUCT}, headers={"Accept": accept})
    assert response.status_code == 200 and response.headers["content-type"].startswith(media)
    assert len(rdflib.Graph().parse(data=response.text, format=reader)) == 5


@pytest.mark.parametrize(
    ("send", "status"),
    [
        ({"data": {"update": "INSERT DATA { <urn:a> <urn:b> <urn:c> }"}}, 403),
        (
            {
                "content": "DELETE WHERE { ?s ?p ?o }",
                "headers": {"Content-Type": "application/sparql-update"},
            },
            403,
        ),
        ({"data": {"query": "LOAD <http://example.org/x.ttl>"}}, 403),
        ({"data": {"query": "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"}}, 403),
        ({"data": {"query": "SELECT * WHERE { ?s ?p }"}}, 400),
    ],
)
def test_refusals(endpoint, send, status):
    response = httpx.post(endpoint, **send)
    assert response.status_code == status
    assert response.text


def test_time_limit_stops_the_query_and_the_next_answers_at_once(endpoint):
    started = time.monotonic()
    response = httpx.post(endpoint, data={"query": CARTESIAN}, timeout=30)
    assert response.status_code == 503 and "limit" in response.text
    assert time.monotonic() - started < 6
    started = time.monotonic()
    response = httpx.get(endpoint, params={"query": COUNT_DOCS})
    assert response.status_code == 200
    assert time.monotonic() - started < 1.0


def test_service_description_and_page(endpoint):
    description = httpx.get(endpoint)
    assert description.headers["content-type"].startswith("text/turtle")
    graph = rdflib.Graph().parse(data=description.text, format="turtle")
    assert (None, rdflib.URIRef("http://www.w3.org/ns/sparql-service-description#endpoint"), None) in graph
    page = httpx.get(endpoint.removesuffix("sparql"))
    assert page.status_code == 200 and "Competency questions" in page.text and "<textarea" in page.text
