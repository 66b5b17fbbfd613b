"""Citations a reference manager accepts: every document of the shared corpus written as BibTeX, RIS
and CSL-JSON and read back by independent readers (pybtex, rispy, citeproc-py), and the mapping on
records written here (an institutional author, a source with a stray parenthesis, a UNGDC speech)."""

from __future__ import annotations

import codecs
import json
import re
from dataclasses import dataclass

import latexcodec  # noqa: F401  registers the "ulatex" codec used to read pybtex's fields
import pytest
import rispy
from pybtex.database import parse_string

from apkg.citation import Citation, cite, render, source_link, to_bibtex, to_csl_json, to_ris
from apkg.ingest.metadata import read_manifest

from .conftest import SHARED

# What each document type must be, in CSL, BibTeX and RIS: the specification, written out again.
EXPECTED_TYPES = {
    "report": ("report", "techreport", "RPRT"),
    "treaty": ("treaty", "legal", "LEGAL"),
    "law": ("legislation", "legislation", "STAT"),
    "speech": ("speech", "misc", "CPAPER"),
    "webpage": ("webpage", "online", "ELEC"),
    "article": ("article-journal", "article", "JOUR"),
    "paper": ("article", "misc", "GEN"),
    "book": ("book", "book", "BOOK"),
}


@dataclass(frozen=True)
class Doc:
    """A document's metadata as the corpus records it."""

    title: str
    institution: str
    date: str = "2024"
    doc_type: str = "report"
    source: str = ""
    doc_id: str = "doc-1"


BOSNIA = Doc(
    title="Statement by Bosnia and Herzegovina in the UN General Assembly General Debate, 47th session",
    institution="Government of Bosnia and Herzegovina (UN General Assembly)",
    date="1992",
    doc_type="speech",
    source="github:someone/debates:data/TXT/Session 47 - 1992/BIH_47_1992.txt",
)


@pytest.fixture(scope="module")
def corpus_citations(shared_corpus) -> list[Citation]:
    """Every document of the shared corpus, read by apkg's own manifest reader, cited; every other
    one at a page, as a search hit is."""
    metas = read_manifest(shared_corpus)
    assert len(metas) >= 80
    return [cite(meta, page=number if number % 2 else None) for number, meta in enumerate(metas)]


def _latex(value: str) -> str:
    """A BibTeX field as text."""
    return codecs.decode(value, "ulatex")


def _folded(text: str) -> str:
    """Text for comparing with a styled reference: case, quote marks and spacing ignored."""
    return " ".join(text.replace("’", "'").replace("“", '"').replace("”", '"').split()).casefold()


# ---- the whole corpus, read back ---------------------------------------------------------------


def test_bibtex_of_the_corpus_reads_back_in_pybtex(corpus_citations):
    library = parse_string(to_bibtex(corpus_citations), "bibtex")
    assert len(library.entries) == len(corpus_citations)
    for citation in corpus_citations:
        entry = library.entries[citation.key]
        assert entry.type == EXPECTED_TYPES[citation.doc_type][1], citation.key
        assert _latex(entry.fields["title"]) == citation.title
        (author,) = entry.persons["author"]  # one name, however many "and"s or commas it holds
        assert _latex(str(author)) == "{" + citation.author + "}"
        assert entry.fields.get("year", "") == citation.year
        assert entry.fields.get("url") == citation.url
        assert entry.fields.get("pages") == (str(citation.page) if citation.page else None)


def test_ris_of_the_corpus_reads_back_in_rispy(corpus_citations):
    records = rispy.loads(to_ris(corpus_citations))
    assert len(records) == len(corpus_citations)
    for citation, record in zip(corpus_citations, records, strict=True):
        assert record["type_of_reference"] == EXPECTED_TYPES[citation.doc_type][2], citation.key
        assert record["title"] == citation.title
        assert record["authors"] == [citation.author]
        assert record.get("year", "") == citation.year
        assert record.get("urls") == ([citation.url] if citation.url else None)
        assert record.get("start_page") == (str(citation.page) if citation.page else None)


@pytest.mark.parametrize("style", ["apa", "chicago"])
def test_csl_json_of_the_corpus_renders_in_citeproc(corpus_citations, style):
    items = json.loads(to_csl_json(corpus_citations))
    for citation, item in zip(corpus_citations, items, strict=True):
        assert item["type"] == EXPECTED_TYPES[citation.doc_type][0], citation.key
        assert item["author"] == [{"literal": citation.author}]
        assert item.get("page") == (str(citation.page) if citation.page else None)
    for citation, reference in zip(corpus_citations, render(corpus_citations, style), strict=True):
        folded = _folded(reference)
        assert _folded(citation.title) in folded, reference
        assert _folded(citation.author) in folded or citation.doc_type in {"treaty", "law"}, reference
        assert citation.year in reference or not citation.year, reference
        assert citation.url is None or citation.url in reference, reference


def test_every_corpus_speech_cites_the_general_debate_not_a_repository(corpus_citations):
    speeches = [c for c in corpus_citations if c.doc_type == "speech"]
    assert len(speeches) >= 49
    for speech in speeches:
        session = re.search(r"(\d+)(?:st|nd|rd|th) session", speech.title)
        assert session and f"{session.group(1)}" in speech.event and "General Assembly" in speech.event
        assert speech.archive == "UN General Debate Corpus (UNGDC)"
        assert speech.url and "github" not in speech.url
    assert "github" not in to_bibtex(speeches) + to_ris(speeches) + to_csl_json(speeches)


def test_every_large_corpus_speech_names_its_session_and_reads_back_in_rispy():
    large = SHARED / "corpus-large"
    if not (large / "MANIFEST.csv").exists():
        pytest.skip(f"the large General Debate corpus is not at {large}")
    citations = [cite(meta) for meta in read_manifest(large)]
    for citation in citations:
        session = re.search(r"(\d+(?:st|nd|rd|th)) session", citation.title)
        assert session and f"of the {session.group(1)} session" in citation.event, citation.key
    records = rispy.loads(to_ris(citations))
    assert [(r["type_of_reference"], r["authors"], r["accession_number"]) for r in records] == [
        ("CPAPER", [c.author], c.archive_location) for c in citations
    ]


# ---- records written here -----------------------------------------------------------------------


def test_an_institutional_author_is_one_literal_name_in_every_format():
    citation = cite(Doc(title="Early warning & response", institution="Office of A and B, Unit C"))
    (author,) = parse_string(to_bibtex([citation]), "bibtex").entries["doc-1"].persons["author"]
    assert str(author) == "{Office of A and B, Unit C}"
    assert rispy.loads(to_ris([citation]))[0]["authors"] == ["Office of A and B, Unit C"]
    assert json.loads(to_csl_json([citation]))[0]["author"] == [{"literal": "Office of A and B, Unit C"}]
    assert render([citation])[0].startswith("Office of A and B, Unit C. (2024). Early warning & response")


def test_a_source_link_stops_before_punctuation_that_is_not_part_of_it():
    guide = "the analytic guide (published at https://tools.example.org/guide/)."
    assert source_link(guide) == "https://tools.example.org/guide/"
    assert (
        source_link("https://example.org/Genocide_(1948); github:o/r:p")
        == "https://example.org/Genocide_(1948)"
    )
    assert source_link("github:owner/repo:path/file.docx") is None
    citation = cite(Doc(title="Guide", institution="Museum", source=guide))
    assert "https://tools.example.org/guide/" in to_bibtex([citation]) + to_ris([citation])
    assert ")" not in json.loads(to_csl_json([citation]))[0]["URL"]


def test_a_general_debate_speech_is_cited_as_the_delegations_statement_at_the_session():
    citation = cite(BOSNIA, page=3)
    assert citation.event == "General debate of the 47th session of the United Nations General Assembly"
    assert (citation.archive, citation.archive_location) == (
        "UN General Debate Corpus (UNGDC)",
        "BIH_47_1992.txt",
    )
    assert citation.url == "https://doi.org/10.7910/DVN/0TJX8Y"
    record = rispy.loads(to_ris([citation]))[0]
    assert (record["type_of_reference"], record["secondary_title"]) == ("CPAPER", citation.event)
    assert record["start_page"] == "3"
    entry = parse_string(to_bibtex([citation]), "bibtex").entries["doc-1"]
    assert (entry.type, entry.fields["howpublished"]) == ("misc", citation.event)
    reference = render([citation], "chicago")[0]
    assert reference.startswith("Government of Bosnia and Herzegovina (UN General Assembly). 1992.")
    assert "General debate of the 47th session" in reference and "github" not in reference


def test_session_ordinals_and_doi_in_a_source():
    sessions = {
        n: cite(Doc("T", "X", doc_type="speech", source=f"Session {n} - 2000/X_{n}_2000.txt"))
        for n in (1, 2, 3, 11, 12, 13, 21, 63)
    }
    assert [c.event.split()[4] for c in sessions.values()] == [
        "1st",
        "2nd",
        "3rd",
        "11th",
        "12th",
        "13th",
        "21st",
        "63rd",
    ]
    paper = cite(
        Doc("P", "Y", doc_type="paper", source="Journal 9: 1-2, doi:10.1073/pnas.1 (via github:o/r:p)")
    )
    assert (paper.doi, paper.url) == ("10.1073/pnas.1", None)
