"""Concept-aware query expansion: ontology labels found in a query bring in their synonyms and
every narrower concept's names ("dissuading perpetrators" adds targeted sanctions, referral to
the International Criminal Court, naming and shaming, ...)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata

import spacy
from spacy.language import Language

from apkg.ingest import labels
from apkg.ingest.labels import LabelMatcher, label_words, load_pipeline
from apkg.ontology import lexicon
from apkg.ontology.lexicon import CONCEPT_KINDS, Entry
from apkg.ontology.taxonomy import Taxonomy
from apkg.user_cache import cached, code_fingerprint

LABELS_PER_CONCEPT = 3


@dataclass(frozen=True)
class Expansion:
    """What a query's concepts add to it."""

    concepts: list[str]  # IRIs of the concepts named in the query
    related: list[str]  # IRIs of those concepts and the concepts below them
    phrases: list[str]  # their labels, for the lexical search


class QueryMatcher:
    """The extractor's label matching, for short texts: each query gets a matcher of only the
    labels whose words it holds, which finds what the matcher of all 5,500 labels would (a
    label cannot match a text without its words) and is built in a millisecond instead of half a
    second. The labels' words are tokenized once and kept in the user's cache; the labels that
    may match are looked up by their first word, not compared one by one."""

    def __init__(self, nlp: Language, taxonomy: Taxonomy) -> None:
        self.nlp, self.lexicon = nlp, taxonomy.lexicon
        model = f"{nlp.meta['lang']}_{nlp.meta['name']}-{nlp.meta['version']}"
        tables = metadata.version("spacy-lookups-data")
        key = [taxonomy.version, model, spacy.__version__, tables, code_fingerprint([labels, lexicon])]
        self.words = cached("label-words", key, lambda: label_words(nlp, self.lexicon))
        self._starting: dict[str, list[str]] = defaultdict(list)  # phrases by their first word's forms
        for phrase, words in self.words.items():
            if words:
                for form in set(words[0]):
                    self._starting[form].append(phrase)

    def matches(self, query: str) -> list[Entry]:
        """The terms named in ``query``, in the order the extractor finds them."""
        doc = self.nlp(query)
        held = {token.lower_ for token in doc} | {token.norm_ for token in doc}
        candidates = {phrase for word in held for phrase in self._starting.get(word, ())}
        wanted = {
            phrase
            for phrase in candidates
            if all(low in held or norm in held for low, norm in self.words[phrase])
        }
        found, _ = LabelMatcher(self.nlp, self.lexicon.restricted(wanted)).matches(doc)
        return [entry for _, entry in found]


@lru_cache(maxsize=2)
def query_matcher(spacy_model: str, taxonomy: Taxonomy) -> QueryMatcher:
    """The query matcher of ``taxonomy``, on a pipeline without the entity recogniser, which a
    query's concepts do not need (built once per process and ontology)."""
    return QueryMatcher(load_pipeline(spacy_model, entities=False), taxonomy)


def expand_query(query: str, matcher: QueryMatcher, taxonomy: Taxonomy, *, limit: int = 40) -> Expansion:
    """Find the query's concepts and collect the names of everything below them."""
    found = matcher.matches(query)
    concepts = list(dict.fromkeys(entry.iri for entry in found if entry.kind in CONCEPT_KINDS))
    related: list[str] = []
    for concept in concepts:
        related.append(concept)
        related += sorted(taxonomy.below(concept) - {concept})
    related = list(dict.fromkeys(related))
    phrases: list[str] = []
    for iri in related:
        phrases += taxonomy.lexicon.labels_of.get(iri, [])[:LABELS_PER_CONCEPT]
    return Expansion(concepts=concepts, related=related, phrases=list(dict.fromkeys(phrases))[:limit])
