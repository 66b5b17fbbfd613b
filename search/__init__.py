"""Search: hybrid semantic and lexical retrieval over passages, with concept expansion and graph facets."""

from apkg.search.engine import MODES, Searcher, SearchMode
from apkg.search.facets import Facets
from apkg.search.hits import Hit

__all__ = ["MODES", "Facets", "Hit", "SearchMode", "Searcher"]
