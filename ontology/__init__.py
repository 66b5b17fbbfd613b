"""The apkg ontology: Turtle vocabulary, SHACL shapes and competency queries, with the code to
load, check, count and document them.

The checker (and pySHACL with it) is imported on first use, so that a search does not load it.
"""

from importlib import import_module
from typing import Any

from apkg.ontology.catalogue import Catalogue, RiskFactor, Term, Tool, catalogue, load_catalogue, tool_rows
from apkg.ontology.docs import write_docs
from apkg.ontology.extraction import extraction_graph, extraction_hash
from apkg.ontology.load import (
    ONTOLOGY_DIR,
    QUERIES_DIR,
    SHAPES_DIR,
    actor_classes,
    load_ontology,
    load_shapes,
    ontology_files,
    ontology_hash,
    ontology_store,
    ontology_triples,
    organisation_iris,
)
from apkg.ontology.namespace import APKG, APKGR, OA, ONTOLOGY_IRI, WD, bind_prefixes
from apkg.ontology.queries import CompetencyQuery, competency_queries
from apkg.ontology.states import Region, StateRegister, first_person_iri, speaker_iri, state_register
from apkg.ontology.stats import OntologyStats, ontology_stats
from apkg.ontology.taxonomy import Taxonomy, taxonomy, tool_spheres

__all__ = [
    "APKG",
    "APKGR",
    "OA",
    "ONTOLOGY_DIR",
    "ONTOLOGY_IRI",
    "QUERIES_DIR",
    "SHAPES_DIR",
    "WD",
    "Catalogue",
    "CompetencyQuery",
    "OntologyReport",
    "OntologyStats",
    "Problem",
    "Region",
    "RiskFactor",
    "StateRegister",
    "Taxonomy",
    "Term",
    "Tool",
    "actor_classes",
    "bind_prefixes",
    "catalogue",
    "check_ontology",
    "competency_queries",
    "extraction_graph",
    "extraction_hash",
    "first_person_iri",
    "load_catalogue",
    "load_ontology",
    "load_shapes",
    "ontology_files",
    "ontology_hash",
    "ontology_stats",
    "ontology_store",
    "ontology_triples",
    "organisation_iris",
    "speaker_iri",
    "state_register",
    "taxonomy",
    "tool_rows",
    "tool_spheres",
    "write_docs",
]

_CHECKER = ("OntologyReport", "Problem", "check_ontology")


def __getattr__(name: str) -> Any:
    if name not in _CHECKER:
        raise AttributeError(f"module 'apkg.ontology' has no attribute {name!r}")
    return getattr(import_module("apkg.ontology.check"), name)
