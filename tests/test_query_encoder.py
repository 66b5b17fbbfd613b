"""Queries are embedded without transformers and sentence-transformers, by the model's ONNX
export, which gives the model's own vectors; a query's concepts are found by the extractor's label
matcher without the entity recogniser, restricted to the labels whose words the query holds, with
the same result as the full extractor."""

from __future__ import annotations

import itertools
import re
import subprocess
import sys

import numpy as np
import pytest

from apkg.config import ExtractSettings, SearchSettings
from apkg.ingest.labels import LabelMatcher
from apkg.ingest.stream import make_extractor
from apkg.kb import KnowledgeBase
from apkg.ontology.lexicon import CONCEPT_KINDS
from apkg.ontology.taxonomy import taxonomy
from apkg.records import Passage
from apkg.search.encoder import encode, load_encoder
from apkg.search.expand import expand_query, query_matcher
from apkg.search.query_encoder import OnnxEncoder, export_folder, export_for_queries, load_query_encoder

QUERIES = [
    "Which tools help dissuade perpetrators?",
    "arms embargoes and targeted sanctions against militias in Darfur",
    "referral of the situation to the International Criminal Court by the Security Council",
    "hate speech, incitement and early warning of genocide",
    "prevention and response",
    "social justice, lawful sanctions and transitional justice after mass violence",
]


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    return tmp_path


def test_the_onnx_export_gives_the_models_vectors(cache):
    model = SearchSettings().model
    folder = export_for_queries(load_encoder(model), model)
    assert folder == export_folder(model) and folder.is_relative_to(cache)
    expected = encode(load_encoder(model), QUERIES)
    np.testing.assert_allclose(OnnxEncoder(folder)(QUERIES), expected, atol=1e-5)
    assert export_for_queries(load_encoder(model), model) == folder  # exported once
    assert [p.name for p in cache.rglob(".export-*")] == []  # no scratch left behind


def test_a_search_process_embeds_queries_without_transformers(cache):
    model = SearchSettings().model
    export_for_queries(load_encoder(model), model)
    script = (
        "import sys; from apkg.search.query_encoder import load_query_encoder; "
        f"vector = load_query_encoder({model!r})(['early warning'])[0]; "
        "print(len(vector), 'transformers' in sys.modules, 'sentence_transformers' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["384", "False", "False"]


def test_without_an_export_queries_use_the_model(cache):
    model = SearchSettings().model
    load_query_encoder.cache_clear()
    try:
        vectors = load_query_encoder(model)(QUERIES[:2])
    finally:
        load_query_encoder.cache_clear()
    np.testing.assert_allclose(vectors, encode(load_encoder(model), QUERIES[:2]), atol=1e-6)


@pytest.mark.parametrize("query", QUERIES)
def test_a_querys_concepts_are_those_the_extractor_finds(query):
    matcher = query_matcher(ExtractSettings().spacy_model, taxonomy())
    assert "ner" not in matcher.nlp.pipe_names
    passage = Passage("q", 0, query, 0, len(query))
    [(_, mentions, _)] = list(make_extractor(ExtractSettings()).extract([passage]))
    expected = list(dict.fromkeys(m.target for m in mentions if m.kind in CONCEPT_KINDS))
    assert expected  # every query names a concept
    assert expand_query(query, matcher, taxonomy()).concepts == expected


def test_a_query_matcher_finds_what_the_matcher_of_every_label_finds(corpus_kb):
    """Matching only the labels whose words a text holds loses nothing: compared on sentences of
    the corpus, many of which name several concepts."""
    ontology = taxonomy()
    matcher = query_matcher(ExtractSettings().spacy_model, ontology)
    every_label = LabelMatcher(matcher.nlp, ontology.lexicon)
    passages = itertools.islice(KnowledgeBase.open(corpus_kb[0]).passages(), 0, None, 7)
    sentences = [s for p in passages for s in re.split(r"(?<=[.;?!])\s+", p.text) if len(s) < 600][:1500]
    named = 0
    for sentence in sentences:
        expected = [entry for _, entry in every_label.matches(matcher.nlp(sentence))[0]]
        assert matcher.matches(sentence) == expected, sentence
        named += bool(expected)
    assert named > len(sentences) / 3
