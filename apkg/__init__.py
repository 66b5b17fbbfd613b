"""apkg: the Atrocity Prevention Knowledge Graph.

Stages live in sub-packages named after the data flow: ``apkg.corpus`` (the default corpus),
``apkg.ingest`` (documents to passages and mentions), ``apkg.graph`` (RDF, analytics, SPARQL),
``apkg.search`` (hybrid retrieval) and ``apkg.app`` (command line and Streamlit front end), with
``apkg.ontology`` as the shared vocabulary.
"""

from typing import TYPE_CHECKING, Any

from apkg.config import Settings, load_settings
from apkg.errors import (
    ApkgError,
    ConfigError,
    KnowledgeBaseError,
    OntologyError,
    SourceError,
    UnknownSetting,
    UnsupportedFormat,
)

if TYPE_CHECKING:
    from apkg.kb import KnowledgeBase

__version__ = "0.1.0"

__all__ = [
    "ApkgError",
    "ConfigError",
    "KnowledgeBase",
    "KnowledgeBaseError",
    "OntologyError",
    "Settings",
    "SourceError",
    "UnknownSetting",
    "UnsupportedFormat",
    "__version__",
    "load_settings",
]


def __getattr__(name: str) -> Any:
    """``KnowledgeBase``, imported when first asked for: it brings the ontology (rdflib, pySHACL),
    which a command that does not open a knowledge base, or asks a search server, does without."""
    if name == "KnowledgeBase":
        from apkg.kb import KnowledgeBase

        return KnowledgeBase
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
