"""Search: hybrid dense and lexical retrieval over passages, with concept expansion and graph facets."""
