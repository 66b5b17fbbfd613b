"""Graph: the RDF knowledge graph on the apkg ontology, its analytics, exports and SPARQL endpoint."""
