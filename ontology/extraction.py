"""What mention extraction reads of the ontology, and its hash: the part of the ontology a
knowledge base's passages and mentions depend on, so that an edit elsewhere re-extracts nothing."""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

from rdflib import RDF, RDFS, Graph

from apkg.ontology.lexicon import KIND_OF_CLASS, LABEL_PREDICATES
from apkg.ontology.load import ONTOLOGY_DIR, load_ontology, ontology_hash
from apkg.ontology.namespace import APKG
from apkg.user_cache import cached, code_fingerprint

# What is read of each term: its types (kind, state or person) and its names (``build_lexicon``).
_TERM_PREDICATES = (RDF.type, *LABEL_PREDICATES, APKG.otherSenseLabel)
# Read whatever the subject: the demonyms (``ActorResolver``) and the register of states
# (``StateRegister``).
_REGISTER_PREDICATES = (APKG.demonym, APKG.isoAlpha3, APKG.m49Region, APKG.m49SubRegion, APKG.speaksFor)


def extraction_graph(graph: Graph) -> Graph:
    """The triples of the ontology ``graph`` that mention extraction reads: the classes below the
    matched kinds (``KIND_OF_CLASS``), the types and labels of their instances, the demonyms, the
    register of states and the executives that speak for them. The extractor is built from this
    graph alone, so that ``extraction_hash`` covers everything it reads.
    """
    part = Graph()
    classes = {sub for cls in KIND_OF_CLASS for sub in graph.transitive_subjects(RDFS.subClassOf, cls)}
    for cls in classes:
        part += graph.triples((cls, RDFS.subClassOf, None))
    for term in {term for cls in classes for term in graph.subjects(RDF.type, cls)}:
        for predicate in _TERM_PREDICATES:
            part += graph.triples((term, predicate, None))
    for predicate in _REGISTER_PREDICATES:
        part += graph.triples((None, predicate, None))
    return part


def extraction_hash(directory: Path = ONTOLOGY_DIR) -> str:
    """SHA-256 over the sorted N-Triples of ``extraction_graph``: changes with a label, a kind, an
    alias or the register of states, not with a definition, a sphere, a broader concept or a class
    without instances. Kept in the user's cache by the vocabulary files' hash (``ontology_hash``),
    so that a build of an unchanged corpus parses no ontology."""
    from apkg.ontology import lexicon, load, namespace

    key = [ontology_hash(directory), code_fingerprint([sys.modules[__name__], lexicon, load, namespace])]
    return cached("extraction-hash", key, lambda: _digest(extraction_graph(load_ontology(directory))))


def _digest(graph: Graph) -> str:
    triples = sorted(line for line in graph.serialize(format="nt").splitlines() if line)
    return hashlib.sha256("\n".join(triples).encode("utf-8")).hexdigest()
