"""Score fusion, near-duplicate folding and the good-match signal, on rankings and text written here."""

from __future__ import annotations

import json

import pytest

from apkg.search.duplicates import fold_near_duplicates, overlap, shingles
from apkg.search.fusion import normalised, score_fusion
from apkg.search.hits import Hit

FORMULA = (
    "We reaffirm our commitment to the responsibility to protect populations from genocide, war "
    "crimes, ethnic cleansing and crimes against humanity, as agreed at the World Summit."
)


def test_normalised_spans_three_deviations_and_keeps_an_outliers_lead():
    scores = normalised([(1, 10.0), (2, 2.0), (3, 2.0), (4, 2.0)])
    assert scores[2] == scores[3] == scores[4] < 0.5 < scores[1]
    assert scores[1] - scores[2] == pytest.approx(8.0 / (6 * 3.4641016), rel=1e-6)  # 8 / 6σ
    assert normalised([(7, 0.3)]) == {7: 1.0} and normalised([(1, 2.0), (2, 2.0)]) == {1: 1.0, 2: 1.0}


def test_a_clear_lead_in_one_ranking_beats_middling_presence_in_both():
    dense = [(1, 0.80), (2, 0.42), (3, 0.41), (4, 0.40), (5, 0.39)]
    lexical = [(6, 9.0), (7, 8.9), (8, 8.8), (9, 8.7), (2, 8.0)]
    fused = [item for item, _ in score_fusion([(dense, 0.5), (lexical, 0.5)])]
    assert fused[0] == 1  # far ahead on meaning; reciprocal rank fusion would put 2 first
    assert fused.index(2) < fused.index(3)  # present in both beats present in one at the same level


def test_a_ranking_with_no_weight_changes_nothing():
    dense = [(1, 0.9), (2, 0.5), (3, 0.1)]
    alone = score_fusion([(dense, 1.0)])
    assert [i for i, _ in score_fusion([(dense, 1.0), ([(3, 50.0), (2, 1.0)], 0.0)])] == [i for i, _ in alone]


def _hit(passage_id: str, text: str) -> Hit:
    doc_id = passage_id.rpartition("/")[0]
    return Hit(passage_id=passage_id, doc_id=doc_id, text=text, score=1.0, title=doc_id, institution="",
               date="", page=None, source="", doc_type="speech")  # fmt: skip


def test_shingles_and_overlap():
    assert shingles("Hello, hello world") == {("hello", "hello", "world")}
    assert shingles("Two words") == {("two",), ("words",)}
    assert overlap(shingles(FORMULA), shingles(FORMULA.upper())) == 1.0
    assert overlap(frozenset(), frozenset()) == 0.0


def test_near_copies_fold_into_the_first_and_name_their_documents():
    hits = [
        _hit("norway-2009/p3", FORMULA),
        _hit(
            "ghana-2009/p1", "Ghana fully supports the mediation efforts of the African Union in the region."
        ),
        _hit("chile-2010/p2", FORMULA.replace("We reaffirm", "Chile reaffirms")),
        _hit("norway-2009/p9", FORMULA + " We"),  # the same document again: a copy, not another source
        _hit(
            "peru-2011/p4", "Peru calls for the early warning capacity of the Secretariat to be strengthened."
        ),
        _hit("kenya-2012/p5", "Kenya hosted refugees from the region for two decades."),
    ]
    folded = fold_near_duplicates(hits, k=3, threshold=0.6)
    assert [h.passage_id for h in folded] == ["norway-2009/p3", "ghana-2009/p1", "peru-2011/p4"]
    assert folded[0].duplicates == ["chile-2010/p2", "norway-2009/p9"]
    assert folded[0].duplicate_documents() == ["chile-2010"]
    assert folded[1].duplicates == [] and folded[2].duplicates == []


def test_passages_on_the_same_topic_in_other_words_are_not_folded():
    other = (
        "Populations must be protected from genocide and crimes against humanity; the commitment "
        "made at the 2005 World Summit binds every State and this Assembly."
    )
    assert overlap(shingles(FORMULA), shingles(other)) < 0.1
    assert len(fold_near_duplicates([_hit("a/p0", FORMULA), _hit("b/p0", other)], k=2, threshold=0.6)) == 2


def test_folding_reads_hits_only_as_far_as_it_needs():
    read: list[int] = []

    def stream():
        for i in range(100):
            read.append(i)
            yield _hit(f"doc{i}/p0", f"passage number {i} says something entirely its own {i * 7}")

    assert len(fold_near_duplicates(stream(), k=3, threshold=0.6)) == 3
    assert len(read) == 4  # three kept, and one to know the third has no later copy


def test_search_folds_a_paragraph_reprinted_in_other_documents(tmp_path, settings):
    from apkg.build import build
    from apkg.kb import KnowledgeBase

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in ("norway", "chile", "japan"):
        (corpus / f"{name}.txt").write_text(f"{FORMULA}\n", encoding="utf-8")
    (corpus / "guide.txt").write_text(
        "Early warning of mass atrocities rests on monitoring hate speech and arms flows.\n", encoding="utf-8"
    )
    build(corpus, tmp_path / "kb", settings, progress=False)
    kb = KnowledgeBase.open(tmp_path / "kb")
    hits = kb.search("reaffirm the responsibility to protect", k=3)
    [first, *rest] = hits
    assert first.doc_id in {"norway", "chile", "japan"} and len(first.duplicate_documents()) == 2
    assert [hit.doc_id for hit in rest] == ["guide"]  # nothing else exists: the copies did not fill the list
    [lexical] = kb.search("reaffirm the responsibility to protect", k=3, mode="lexical")
    assert len(lexical.duplicate_documents()) == 2


def test_good_match_on_the_mini_corpus(mini_kb):
    from apkg.kb import KnowledgeBase

    kb = KnowledgeBase.open(mini_kb)
    [best, *_] = kb.search("arms embargo against militias", k=3)
    assert best.good_match and best.similarity is not None and best.similarity > 0.33
    nonsense = kb.search("purple elephant knitting a sourdough scarf", k=3)
    assert nonsense and not any(hit.good_match for hit in nonsense)
    [exact] = kb.search("embargo", k=1, mode="lexical")
    assert exact.similarity is None and exact.good_match  # no similarity, but every word of the query


def test_hybrid_weight_setting_applies(mini_kb):
    from apkg.config import load_settings
    from apkg.kb import KnowledgeBase

    settings = load_settings(overrides=["search.dense_weight=1.0", "search.model=no-such-model"], environ={})
    all_dense = KnowledgeBase.open(mini_kb, settings)  # the model stays the build's, the weight applies
    query = "truth commission and reparations"
    assert [h.passage_id for h in all_dense.search(query, k=5)] == [
        h.passage_id for h in KnowledgeBase.open(mini_kb).search(query, k=5, mode="dense")
    ]


def test_off_topic_queries_find_no_good_match_on_the_corpus(corpus_kb):
    """The calibration of search.good_match_similarity, on queries written for it (tests/data) and
    on every development query, all of which the corpus answers."""
    from apkg.kb import KnowledgeBase

    from .conftest import SHARED, TESTS_DIR

    kb = KnowledgeBase.open(corpus_kb[0])
    lines = (TESTS_DIR / "data" / "off_topic_queries.txt").read_text(encoding="utf-8").splitlines()
    off_topic = [line for line in lines if line and not line.startswith("#")]
    flagged = [q for q in off_topic if not any(hit.good_match for hit in kb.search(q))]
    assert len(flagged) >= 0.85 * len(off_topic)
    answerable = [
        json.loads(line)["query"]
        for name in ("dev-queries.jsonl", "dev2-queries.jsonl")
        if (SHARED / "eval" / name).exists()
        for line in (SHARED / "eval" / name).read_text(encoding="utf-8").splitlines()
        if line.strip() and json.loads(line).get("collection", "corpus") == "corpus"
    ]
    if not answerable:
        pytest.skip(f"no development queries in {SHARED / 'eval'}")
    missed = [q for q in answerable if not any(hit.good_match for hit in kb.search(q))]
    assert len(missed) <= 0.05 * len(answerable), missed
