"""The apkg ontology: Turtle vocabulary, SHACL shapes and competency queries, with the code to
load, check, count and document them.

Names are imported on first use, so that a search does not load the checker (pySHACL) or the
documentation writer.
"""

from importlib import import_module
from typing import Any

_EXPORTS = {
    "Catalogue": "apkg.ontology.catalogue",
    "RiskFactor": "apkg.ontology.catalogue",
    "Term": "apkg.ontology.catalogue",
    "Tool": "apkg.ontology.catalogue",
    "catalogue": "apkg.ontology.catalogue",
    "load_catalogue": "apkg.ontology.catalogue",
    "tool_rows": "apkg.ontology.catalogue",
    "OntologyReport": "apkg.ontology.check",
    "Problem": "apkg.ontology.check",
    "check_ontology": "apkg.ontology.check",
    "write_docs": "apkg.ontology.docs",
    "ONTOLOGY_DIR": "apkg.ontology.load",
    "QUERIES_DIR": "apkg.ontology.load",
    "SHAPES_DIR": "apkg.ontology.load",
    "load_ontology": "apkg.ontology.load",
    "load_shapes": "apkg.ontology.load",
    "ontology_files": "apkg.ontology.load",
    "ontology_hash": "apkg.ontology.load",
    "ontology_store": "apkg.ontology.load",
    "APKG": "apkg.ontology.namespace",
    "APKGR": "apkg.ontology.namespace",
    "OA": "apkg.ontology.namespace",
    "ONTOLOGY_IRI": "apkg.ontology.namespace",
    "WD": "apkg.ontology.namespace",
    "bind_prefixes": "apkg.ontology.namespace",
    "CompetencyQuery": "apkg.ontology.queries",
    "competency_queries": "apkg.ontology.queries",
    "StateRegister": "apkg.ontology.states",
    "OntologyStats": "apkg.ontology.stats",
    "ontology_stats": "apkg.ontology.stats",
    "Taxonomy": "apkg.ontology.taxonomy",
    "taxonomy": "apkg.ontology.taxonomy",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module 'apkg.ontology' has no attribute {name!r}")
    return getattr(import_module(_EXPORTS[name]), name)
