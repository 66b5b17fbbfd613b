"""``apkg explain``: the provenance chain behind a fact, down to the cited characters."""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph

from apkg.graph.store import GraphStore
from apkg.ontology.namespace import sparql_prologue

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


def explain(store: GraphStore, iri: str, *, limit: int = 5) -> list[ProvenanceChain]:
    """The provenance chains behind ``iri``: a mention, a passage, or a concept or actor
    (the mentions of it), at most ``limit`` of them. The IRI goes in as a checked IRI term
    (``pyoxigraph.NamedNode`` refuses anything that could end it early), never as raw text."""
    term = str(pyoxigraph.NamedNode(iri))
    rows = store.query(_CHAIN.replace("?limit", str(int(limit))).replace("?iri", term))
    chains = []
    for row in rows:
        value = {field: (row[var].value if row[var] is not None else "") for var, field in _FIELDS.items()}
        value["body_label"] = value["body_label"] or value["body"]
        value["start"], value["end"] = int(value["start"]), int(value["end"])
        value["page"] = int(value["page"]) if value["page"] else None
        chains.append(ProvenanceChain(**value))
    return chains


# SPARQL variable -> ProvenanceChain field
_FIELDS = {
    "mention": "mention", "body": "body", "bodyLabel": "body_label", "kind": "kind", "quote": "quote",
    "start": "start", "end": "end", "passage": "passage", "page": "page", "text": "passage_text",
    "doc": "document", "title": "title", "date": "date", "source": "source", "extractor": "extractor",
    "version": "version", "time": "time",
}  # fmt: skip
