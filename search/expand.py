"""Concept-aware query expansion: ontology labels found in a query bring in their synonyms and
every narrower concept's names ("dissuading perpetrators" adds targeted sanctions, referral to
the International Criminal Court, naming and shaming, ...)."""

from __future__ import annotations

from dataclasses import dataclass

from apkg.ingest.extract import MentionExtractor
from apkg.ontology.lexicon import CONCEPT_KINDS
from apkg.ontology.taxonomy import Taxonomy
from apkg.records import Passage

LABELS_PER_CONCEPT = 3


@dataclass(frozen=True)
class Expansion:
    """What a query's concepts add to it."""

    concepts: list[str]  # IRIs of the concepts named in the query
    related: list[str]  # IRIs of those concepts and the concepts below them
    phrases: list[str]  # their labels, for the lexical search


def expand_query(
    query: str, extractor: MentionExtractor, taxonomy: Taxonomy, *, limit: int = 40
) -> Expansion:
    """Find the query's concepts and collect the names of everything below them."""
    [(_, mentions, _)] = list(extractor.extract([Passage("query", 0, query, 0, len(query))], n_process=1))
    concepts = list(dict.fromkeys(m.target for m in mentions if m.kind in CONCEPT_KINDS))
    related: list[str] = []
    for concept in concepts:
        related.append(concept)
        related += sorted(taxonomy.below(concept) - {concept})
    related = list(dict.fromkeys(related))
    phrases: list[str] = []
    for iri in related:
        phrases += taxonomy.lexicon.labels_of.get(iri, [])[:LABELS_PER_CONCEPT]
    return Expansion(concepts=concepts, related=related, phrases=list(dict.fromkeys(phrases))[:limit])
