"""Finding the sentences that mention R2P: phrase variants, exclusions, page furniture, hard breaks,
sentence ends and abbreviations (the rules of ../shared/eval/R2P.md), on text written for the tests;
and the sentences of the sense gold file found verbatim in the shared speeches."""

from __future__ import annotations

import json

import pytest

from apkg.ingest.metadata import read_manifest
from apkg.ingest.r2p import r2p_sentences

from .conftest import SHARED, SHARED_EVAL


def _texts(text: str) -> list[str]:
    return [sentence.text for sentence in r2p_sentences(text)]


@pytest.mark.parametrize(
    "phrase",
    [
        "the responsibility to protect",
        "the Responsibility To Protect",
        "the responsibility-to-protect principle",
        "the responsibility- to-protect principle",
        "the responsibility\nto protect",
        "the responsibility to\n  protect",
        "the responsibilityto-protect principle",  # a line-end hyphen mended by clean text
        "R2P",
        "the r2p agenda",
        "RtoP",
        "“responsibility to protect”",
        "ìresponsibility to protectî",
    ],
)
def test_mention_variants(phrase):
    assert len(r2p_sentences(f"We spoke of {phrase} today.")) == 1


@pytest.mark.parametrize(
    "phrase",
    [
        "our responsibilities to protect the coast",
        "the responsibility for protecting refugees",
        "the responsibility of protecting refugees",
        "the responsibility while protecting",
        "the responsibility to protection",
        "the R2PX standard",
        "the AR2P standard",
    ],
)
def test_not_mentions(phrase):
    assert r2p_sentences(f"We spoke of {phrase} today.") == []


def test_two_mentions_make_one_sentence_and_offsets_index_the_text():
    text = "Opening words.\nR2P, the responsibility to protect, is ours. Closing words."
    [found] = r2p_sentences(text)
    assert found.text == "R2P, the responsibility to protect, is ours."
    assert text[found.start : found.end] == found.text
    assert [found.text[a:b] for a, b in found.mentions] == ["R2P", "responsibility to protect"]
    assert (found.before, found.after) == ("Opening words.", "Closing words.")
    assert found.context == "Opening words. [TARGET] Closing words."


def test_page_furniture_is_dropped_inside_a_sentence():
    text = (
        "We recall that the responsibility\n18\n09-52425 46\nA/64/PV.3\n"
        "31 09-52586\n01/10/2015 A/70/PV.22\nto protect was agreed. Next."
    )
    [found] = r2p_sentences(text)
    assert found.text == "We recall that the responsibility to protect was agreed."
    assert text[found.start : found.end].startswith("We recall")
    assert text[found.start : found.end].endswith("was agreed.")


def test_blank_lines_and_indents_break_unless_mid_sentence():
    heading = "Peace and security 2005\n\nThe responsibility to protect matters."
    assert _texts(heading) == ["The responsibility to protect matters."]
    indented = "A summit in 2005\n   The responsibility to protect matters."
    assert _texts(indented) == ["The responsibility to protect matters."]
    for end in ("and", "the", "of,", "as follows:", "these;", "non-", "world —", "("):
        glued = f"We reaffirm {end}\n\n   the responsibility to protect."
        assert _texts(glued) == [f"We reaffirm {end} the responsibility to protect."]


@pytest.mark.parametrize(
    "text",
    [
        "Mr. Smith spoke of R2P.",
        "Dr. Jones spoke of R2P.",
        "Resolution No. 5 spoke of R2P.",
        "The U.N. Charter and R2P.",
        "Many norms, e.g. R2P, matter.",
        "See Art. 5 and R2P.",
        "Professor J. Smith wrote on R2P.",
    ],
)
def test_abbreviations_and_initials_do_not_end_a_sentence(text):
    assert _texts(f"Before. {text} After.") == [text]


@pytest.mark.parametrize("stop", [". ", "! ", "? ", '." ', ".) ", "?” "])
@pytest.mark.parametrize("opener", ["The", "2005", "“The", "(The", "Élan"])
def test_sentence_ends_before_a_capital_digit_quote_or_bracket(stop, opener):
    text = f"We support R2P{stop}{opener} next one."
    assert _texts(text) == [f"We support R2P{stop.rstrip()}"]


def test_no_sentence_end_before_lower_case():
    assert _texts("We support R2P. and so on. Next.") == ["We support R2P. and so on."]


def test_bullets_are_kept():
    assert _texts("Our aims:\n• R2P in practice.") == ["Our aims: • R2P in practice."]


def test_sense_gold_sentences_found_verbatim():
    """Every speech of the sense dev file yields exactly its gold sentences, in order."""
    gold_path = SHARED_EVAL / "r2p-sense-dev.jsonl"
    folders = [SHARED / "corpus-large", SHARED / "corpus"]
    if not gold_path.exists() or not all((f / "MANIFEST.csv").exists() for f in folders):
        pytest.skip(f"the sense gold or the shared collections are not in {SHARED}")
    files = {meta.doc_id: folder / meta.path for folder in folders for meta in read_manifest(folder)}
    gold: dict[str, list[str]] = {}
    for line in gold_path.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        gold.setdefault(record["doc"], []).append(record["sentence"])
    for doc, sentences in gold.items():
        assert _texts(files[doc].read_text(encoding="utf-8")) == sentences, doc
