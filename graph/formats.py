"""SPARQL result formats: which exist, how a request picks one, and how a result is written.

SELECT and ASK answer in SPARQL JSON, XML, CSV or TSV results; CONSTRUCT and DESCRIBE in Turtle,
JSON-LD, N-Triples or RDF/XML. The endpoint, the CLI and the app all serialise through here.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pyoxigraph

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
_MEDIA_TO_FORMAT = {media: name for name, (media, _) in {**RESULT_FORMATS, **GRAPH_FORMATS}.items()}
_MEDIA_TO_FORMAT |= {"application/json": "json", "text/xml": "xml", "application/xml": "xml"}


def _quality(params: Sequence[str]) -> float:
    """An Accept entry's ``q`` (1 when absent; 0, i.e. never chosen, when it is not a number)."""
    for param in params:
        name, _, value = param.partition("=")
        if name.strip().lower() == "q":
            try:
                return float(value)
            except ValueError:
                return 0.0
    return 1.0


def negotiate(accept: str, form: str, requested: Sequence[str] = ()) -> str:
    """Pick the result format: a ``format=`` value (short name or media type) that suits the query
    form, else the Accept header's best match, else JSON results or Turtle (also for an Accept
    header that cannot be read)."""
    allowed = GRAPH_FORMATS if form in ("construct", "describe") else RESULT_FORMATS
    for value in requested:
        name = value if value in allowed else _MEDIA_TO_FORMAT.get(value.lower())
        if name is not None and name in allowed:
            return name
    choices = []
    for position, part in enumerate(accept.split(",")):
        media, *params = (item.strip() for item in part.split(";"))
        choices.append((-_quality(params), position, media.lower()))
    for quality, _, media in sorted(choices):
        name = _MEDIA_TO_FORMAT.get(media)
        if name is not None and name in allowed and quality < 0:
            return name
    return "turtle" if allowed is GRAPH_FORMATS else "json"


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
