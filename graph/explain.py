"""``apkg explain``: the provenance chain behind a fact, down to the cited characters."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pyoxigraph

from apkg.errors import UnknownSubject
from apkg.graph.rdf import doc_iri, passage_iri
from apkg.graph.store import GraphStore, as_solutions
from apkg.ontology.namespace import expand_iri, sparql_prologue

_PASSAGE_ID = re.compile(r"[^/:\s]+/p\d+")  # {doc}/p{n}, as search prints it
_DOCUMENT_ID = re.compile(r"[^/:\s]+")

_CHAIN = (
    sparql_prologue()
    + """
SELECT DISTINCT ?subject ?mention ?body ?bodyLabel ?kind ?quote ?start ?end ?passage ?page ?text ?doc ?title
       ?date ?source ?extractor ?version ?time
WHERE {
  {
    SELECT DISTINCT ?subject ?mention WHERE {
      VALUES ?subject { ?iri }
      { ?mention oa:hasBody ?subject } UNION { ?mention oa:hasTarget/oa:hasSource ?subject }
      UNION { ?mention oa:hasTarget/oa:hasSource/dcterms:isPartOf ?subject }
      UNION { ?subject a apkg:Mention BIND (?subject AS ?mention) }
    }
    ORDER BY ?mention
    LIMIT ?limit
  }
  ?mention oa:hasBody ?body ; apkg:mentionKind ?kind ; oa:hasTarget ?target ; prov:wasGeneratedBy ?run .
  ?target oa:hasSource ?passage ; oa:hasSelector ?position, ?quoteSelector .
  ?position a oa:TextPositionSelector ; oa:start ?start ; oa:end ?end .
  ?quoteSelector a oa:TextQuoteSelector ; oa:exact ?quote .
  ?passage apkg:text ?text ; dcterms:isPartOf ?doc .
  OPTIONAL { ?passage apkg:page ?page }
  ?doc dcterms:title ?title .
  OPTIONAL { ?doc dcterms:date ?date }
  OPTIONAL { ?doc dcterms:source ?source }
  ?run prov:wasAssociatedWith ?agent ; prov:endedAtTime ?time .
  ?agent rdfs:label ?extractor ; schema:softwareVersion ?version .
  OPTIONAL { ?body skos:prefLabel ?bodyLabel FILTER (LANG(?bodyLabel) = "en") }
}
ORDER BY ?mention
"""
)


@dataclass(frozen=True)
class ProvenanceChain:
    """One mention and everything it rests on: passage, document, extractor, time."""

    mention: str
    body: str
    body_label: str
    kind: str
    quote: str
    start: int  # offsets within the passage
    end: int
    passage: str
    page: int | None
    passage_text: str
    document: str
    title: str
    date: str
    source: str
    extractor: str
    version: str
    time: str


def subject_iri(name: str) -> str:
    """The IRI that ``name`` stands for: a passage id (``briefing/p2``), a document id
    (``briefing``), an ``apkg:`` or ``apkgr:`` name, or an IRI.

    Raises:
        UnknownSubject: ``name`` is none of these.
    """
    name = expand_iri(name)
    if _PASSAGE_ID.fullmatch(name):
        name = passage_iri(name)
    elif _DOCUMENT_ID.fullmatch(name):
        name = doc_iri(name)
    try:
        return pyoxigraph.NamedNode(name).value
    except ValueError:
        raise UnknownSubject(name, "not an IRI, a passage id or a document id") from None


def explain(store: GraphStore, iri: str, *, limit: int = 5) -> list[ProvenanceChain]:
    """The provenance chains behind ``iri``: a mention, a passage, a document, or a concept or
    actor (the mentions of it), at most ``limit`` of them. The IRI goes in as a checked IRI term
    (``pyoxigraph.NamedNode`` refuses anything that could end it early), never as raw text.

    Raises:
        UnknownSubject: ``iri`` is not an IRI.
    """
    try:
        term = str(pyoxigraph.NamedNode(iri))
    except ValueError:
        raise UnknownSubject(iri, "not an IRI") from None
    rows = as_solutions(store.query(_CHAIN.replace("?limit", str(int(limit))).replace("?iri", term)))
    return [_chain(row) for row in rows]


def _chain(row: pyoxigraph.QuerySolution) -> ProvenanceChain:
    """The provenance chain of one row of ``_CHAIN``."""

    def text(variable: str) -> str:
        term = row[variable]
        return term.value if term is not None else ""

    return ProvenanceChain(
        mention=text("mention"),
        body=text("body"),
        body_label=text("bodyLabel") or text("body"),
        kind=text("kind"),
        quote=text("quote"),
        start=int(text("start")),
        end=int(text("end")),
        passage=text("passage"),
        page=int(text("page")) if text("page") else None,
        passage_text=text("text"),
        document=text("doc"),
        title=text("title"),
        date=text("date"),
        source=text("source"),
        extractor=text("extractor"),
        version=text("version"),
        time=text("time"),
    )
