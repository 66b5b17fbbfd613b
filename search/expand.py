"""Concept-aware query expansion: ontology labels found in a query bring in their synonyms and
every narrower concept's names ("dissuading perpetrators" adds targeted sanctions, referral to
the International Criminal Court, naming and shaming, ...)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from apkg.ingest.labels import LabelMatcher, load_pipeline
from apkg.ontology.lexicon import CONCEPT_KINDS
from apkg.ontology.taxonomy import Taxonomy, load_taxonomy

LABELS_PER_CONCEPT = 3


@dataclass(frozen=True)
class Expansion:
    """What a query's concepts add to it."""

    concepts: list[str]  # IRIs of the concepts named in the query
    related: list[str]  # IRIs of those concepts and the concepts below them
    phrases: list[str]  # their labels, for the lexical search


@lru_cache(maxsize=2)
def query_matcher(spacy_model: str, ontology_version: str) -> LabelMatcher:
    """The extractor's matcher of the ontology's labels, on a pipeline without the entity
    recogniser, which a query's concepts do not need (built once per process and ontology)."""
    return LabelMatcher(load_pipeline(spacy_model, entities=False), load_taxonomy(ontology_version).lexicon)


def expand_query(query: str, matcher: LabelMatcher, taxonomy: Taxonomy, *, limit: int = 40) -> Expansion:
    """Find the query's concepts and collect the names of everything below them."""
    found, _ = matcher.matches(matcher.nlp(query))
    concepts = list(dict.fromkeys(entry.iri for _, entry in found if entry.kind in CONCEPT_KINDS))
    related: list[str] = []
    for concept in concepts:
        related.append(concept)
        related += sorted(taxonomy.below(concept) - {concept})
    related = list(dict.fromkeys(related))
    phrases: list[str] = []
    for iri in related:
        phrases += taxonomy.lexicon.labels_of.get(iri, [])[:LABELS_PER_CONCEPT]
    return Expansion(concepts=concepts, related=related, phrases=list(dict.fromkeys(phrases))[:limit])
