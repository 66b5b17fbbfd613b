"""The derived labels (verb forms and agent nouns from WordNet) stay hidden labels of concepts and
never take another term's name."""

from __future__ import annotations

from collections import Counter

import pytest
from rdflib import Graph
from rdflib.namespace import SKOS

from apkg.ontology.derivations import DERIVED_FILE, is_derived_from
from apkg.ontology.lexicon import CONCEPT_KINDS, build_lexicon
from apkg.ontology.load import ONTOLOGY_DIR, load_ontology


@pytest.fixture(scope="module")
def derived() -> Graph:
    return Graph().parse(ONTOLOGY_DIR / DERIVED_FILE)


def test_derived_labels_are_hidden_labels_of_concepts(derived: Graph):
    lexicon = build_lexicon(load_ontology())
    assert len(derived) > 50
    for term, predicate, label in derived:
        assert predicate == SKOS.hiddenLabel, (term, predicate)
        assert lexicon.kind_of[str(term)] in CONCEPT_KINDS - {"sphere", "case", "stage"}, (term, label)


def test_a_derived_label_names_one_term_only(derived: Graph):
    labels = Counter(entry.label.lower() for entry in build_lexicon(load_ontology()).entries)
    shared = [str(label) for label in derived.objects() if labels[str(label).lower()] > 1]
    assert shared == []


@pytest.mark.parametrize(
    ("base", "derived_word", "expected"),
    [("prosecute", "prosecution", True), ("refer", "referral", True), ("intervene", "intervention", True),
     ("criminalise", "crime", False), ("mediate", "mediator", True), ("apologist", "apology", False)],
)  # fmt: skip
def test_derived_from_reads_the_direction_of_derivation(base: str, derived_word: str, expected: bool):
    assert is_derived_from(base, derived_word) is expected
