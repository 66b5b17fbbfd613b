"""The per-year counts of ../shared/eval/R2P.md (sentences, countries, speeches that mention the
responsibility to protect) reproduced exactly over the General Debate speeches of both shared
collections, on the raw files and on the clean text apkg stores."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

import pytest

from apkg.config import IngestSettings
from apkg.graph.rdf import speaker_iri
from apkg.ingest import clean_text, load_source
from apkg.ingest.metadata import read_manifest
from apkg.ingest.r2p import MENTION, r2p_sentences
from apkg.records import SourceMeta

from .conftest import SHARED

# R2P.md: year -> (sentences, countries, speeches); 2001 has none.
EXPECTED = {
    1953: (1, 1, 1), 1965: (1, 1, 1), 1979: (1, 1, 1), 1980: (1, 1, 1), 1985: (1, 1, 1),
    1989: (2, 2, 2), 1993: (2, 2, 2), 1996: (2, 2, 2), 1998: (1, 1, 1), 1999: (2, 2, 2),
    2000: (3, 2, 2), 2002: (4, 4, 4), 2003: (4, 3, 3), 2004: (7, 5, 5), 2005: (62, 49, 49),
    2006: (25, 20, 20), 2007: (16, 9, 9), 2008: (32, 17, 17), 2009: (35, 23, 23),
    2010: (22, 15, 15), 2011: (28, 19, 19), 2012: (40, 25, 25), 2013: (31, 21, 21),
    2014: (14, 10, 10), 2015: (26, 15, 15), 2016: (8, 8, 8), 2017: (9, 7, 7), 2018: (11, 9, 9),
    2019: (3, 3, 3), 2020: (6, 6, 6), 2021: (3, 1, 1), 2022: (10, 7, 7), 2023: (5, 4, 4),
    2024: (7, 6, 6),
}  # fmt: skip
TOTALS = (425, 109, 302)  # sentences, distinct countries, speeches
COLLECTIONS = (SHARED / "corpus-large", SHARED / "corpus")


@pytest.fixture(scope="module")
def speeches() -> list[tuple[SourceMeta, Path, str]]:
    """The General Debate speeches of both collections: manifest row, file and raw text."""
    missing = [folder for folder in COLLECTIONS if not (folder / "MANIFEST.csv").is_file()]
    if missing:
        pytest.skip(f"the shared collections are not at {', '.join(map(str, missing))}")
    return [
        (meta, path, path.read_text(encoding="utf-8"))
        for folder in COLLECTIONS
        for meta in read_manifest(folder)
        if meta.doc_type == "speech"
        for path in [folder / meta.path]
    ]


def _table(
    speeches: list[tuple[SourceMeta, Path, str]], text_of: Callable[[Path, str], str]
) -> tuple[dict[int, tuple[int, int, int]], tuple[int, int, int]]:
    """Per year: mentioning sentences, distinct speaker states, speeches; and the totals."""
    sentences: dict[int, int] = defaultdict(int)
    countries: dict[int, set[str]] = defaultdict(set)
    docs: dict[int, set[str]] = defaultdict(set)
    for meta, path, raw in speeches:
        if not MENTION.search(raw):  # cleaning only mends and drops: no mention appears from nothing
            continue
        text = text_of(path, raw)
        found = r2p_sentences(text)
        # Each span holds its sentence (clean text has no page furniture left to drop).
        assert all(" ".join(text[s.start : s.end].split()) == s.text for s in found if text is not raw)
        if found and meta.year is not None:
            sentences[meta.year] += len(found)
            countries[meta.year].add(speaker_iri(meta) or meta.institution)
            docs[meta.year].add(meta.doc_id)
    table = {year: (sentences[year], len(countries[year]), len(docs[year])) for year in sentences}
    totals = (sum(sentences.values()), len(set().union(*countries.values())), sum(map(len, docs.values())))
    return table, totals


def test_counts_on_raw_files(speeches):
    table, totals = _table(speeches, lambda _, raw: raw)
    assert table == EXPECTED
    assert totals == TOTALS


def test_counts_on_clean_text(speeches):
    """The text apkg stores (repaired, furniture dropped, lines re-joined) gives the same counts."""
    limits = IngestSettings()
    table, totals = _table(speeches, lambda path, _: clean_text(load_source(path, limits=limits)).text)
    assert table == EXPECTED
    assert totals == TOTALS
