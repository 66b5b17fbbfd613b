"""The Python namespace class names exactly the terms the ontology defines."""

from __future__ import annotations

from rdflib import RDF
from rdflib.namespace import OWL, SKOS

from apkg.ontology import APKG


def test_every_declared_term_is_defined(ontology_graph):
    declared = {APKG._NS[name] for name in APKG.__annotations__}
    undefined = {term for term in declared if (term, RDF.type, None) not in ontology_graph}
    assert not undefined


def test_every_schema_term_is_declared(ontology_graph):
    declared = {APKG._NS[name] for name in APKG.__annotations__}
    schema_terms = {
        term
        for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, SKOS.ConceptScheme)
        for term in ontology_graph.subjects(RDF.type, kind)
        if str(term).startswith(str(APKG._NS))
    }
    assert schema_terms <= declared, sorted(schema_terms - declared)
