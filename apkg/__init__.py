"""apkg: the Atrocity Prevention Knowledge Graph.

Stages live in sub-packages named after the data flow: ``apkg.corpus`` (the default corpus),
``apkg.ingest`` (documents to passages and mentions), ``apkg.graph`` (RDF, analytics, SPARQL),
``apkg.search`` (hybrid retrieval) and ``apkg.app`` (command line and Streamlit front end), with
``apkg.ontology`` as the shared vocabulary.
"""

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
