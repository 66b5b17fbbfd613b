"""Readers, cleaning and splitting on small files written for the tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from apkg.config import IngestSettings
from apkg.ingest import clean_text, discover_sources, load_source, read_document, split_passages
from apkg.ingest.load import RawText
from apkg.records import DocumentText

LIMITS = IngestSettings()


def test_txt_is_rejoined_and_cleaned(mini_corpus: Path):
    text = clean_text(load_source(mini_corpus / "field-note.txt", limits=LIMITS)).text
    assert "the same day." in text
    assert "\n12\n" not in text and "08-51606" not in text  # page number and UN job number gone
    assert "When nothing happened, religious leaders" in text  # hyphenation mended
    assert "alerted the regional office of the African Union the same day." in text
    paragraphs = text.split("\n\n")
    assert paragraphs[0] == "Field note from a district peace committee"
    assert paragraphs[2].startswith("The regional office asked")


def test_markdown_front_matter_and_links(mini_corpus: Path):
    raw = load_source(mini_corpus / "briefing.md", limits=LIMITS)
    assert raw.metadata["title"] == "Briefing: tools for dissuading perpetrators"
    text = clean_text(raw).text
    assert "https://" not in text and "**" not in text and "#" not in text
    assert "push for a referral to the International Criminal Court." in text
    assert text.split("\n\n")[0] == "Tools for dissuading perpetrators"


def test_html_main_content_only(mini_corpus: Path):
    raw = load_source(mini_corpus / "bulletin.html", limits=LIMITS)
    text = clean_text(raw).text
    assert "truth commission heard thousands of survivors" in text
    for boilerplate in ("Donate", "newsletter", "About us"):
        assert boilerplate not in text


def test_pdf_pages_headers_and_hyphens(mini_corpus: Path):
    raw = load_source(mini_corpus / "monitoring-report.pdf", limits=LIMITS)
    assert raw.paginated and len(raw.pages) == 3
    document = clean_text(raw)
    assert "Monitoring report - Country X" not in document.text  # running head removed
    assert "armed groups recruited young men" in document.text
    assert document.page_at(document.text.index("dehumanising rhetoric")) == 2
    assert document.page_at(document.text.index("preventive diplomacy")) == 3


def test_docx_paragraphs_and_tables(mini_corpus: Path):
    raw = load_source(mini_corpus / "practitioner-guide.docx", limits=LIMITS)
    assert raw.metadata["title"] == "Practitioner guide"
    text = clean_text(raw).text
    assert "Mediation | Response" in text
    assert "Truth commission | Recovery" in text


def test_metadata_from_sidecar_and_file(mini_corpus: Path, settings):
    candidates = {c.meta.doc_id: c for c in discover_sources(mini_corpus)}
    assert set(candidates) == {
        "field-note",
        "briefing",
        "bulletin",
        "monitoring-report",
        "practitioner-guide",
    }
    assert candidates["field-note"].meta.date == "2024-03-15"
    briefing = read_document(candidates["briefing"], settings.ingest)
    assert briefing.meta.title == "Briefing: tools for dissuading perpetrators"
    assert briefing.meta.date == "2023-06-01"
    report = read_document(candidates["monitoring-report"], settings.ingest)
    assert report.meta.title == "Monitoring report on Country X"
    assert report.pages == 3


def test_passages_respect_limits_and_index_the_text():
    paragraph = " ".join(f"Sentence {i} says something about early warning." for i in range(60))
    text = "Heading of a section\n\n" + paragraph + "\n\nA closing paragraph of a few words."
    passages = split_passages("doc", DocumentText(text), target_words=50, max_words=80, min_words=10)
    assert len(passages) > 4
    for passage in passages:
        assert text[passage.char_start : passage.char_end] == passage.text
        assert len(passage.text.split()) <= 80
    assert passages[0].text.startswith("Heading of a section\n\nSentence 0")
    assert [p.index for p in passages] == list(range(len(passages)))
    assert passages[0].passage_id == "doc/p0"


def test_unpunctuated_run_is_cut_between_words():
    text = " ".join(["word"] * 500)
    passages = split_passages("doc", DocumentText(text), target_words=100, max_words=120)
    assert all(len(p.text.split()) <= 120 for p in passages)
    assert sum(len(p.text.split()) for p in passages) == 500


@pytest.mark.parametrize(
    ("layout", "lines", "paragraphs"),
    [
        ("lines", "One line.\nAnother line.", 2),
        ("blocks", "One line\ncontinues here.\n\nNew block.", 2),
    ],
)
def test_layouts(layout: str, lines: str, paragraphs: int):
    text = clean_text(RawText(pages=[lines], layout=layout)).text
    assert len(text.split("\n\n")) == paragraphs


def test_mojibake_is_repaired_before_passages_are_cut(tmp_path: Path):
    # A file saved twice: its UTF-8 bytes were once read as Windows-1252 (as browsers do, bytes
    # the code page leaves undefined taken as Latin-1) and written out again.
    import ftfy.bad_codecs  # noqa: F401  (registers the "sloppy-windows-1252" codec)

    paragraph = "The Government’s envoy met the Comité’s chair in Zürich on the crisis. " * 8
    proper = f"Report of the mission\n\n{paragraph}\n\nThe end of the ﬁrst report."
    path = tmp_path / "mojibake.txt"
    path.write_bytes(proper.encode("utf-8").decode("sloppy-windows-1252").encode("utf-8"))
    document = clean_text(load_source(path, limits=LIMITS))
    assert "Government’s" in document.text and "Comité’s" in document.text and "Zürich" in document.text
    assert "â€" not in document.text and "first report" in document.text  # the ligature too
    passages = split_passages("doc", document, target_words=40, max_words=60, min_words=10)
    assert all(document.text[p.char_start : p.char_end] == p.text for p in passages)


def test_windows_text_read_as_mac_roman_is_decoded_again(tmp_path: Path):
    # Windows-1252 bytes once read as Mac Roman: "’" became "í", "—" "ó", "é" "È".
    proper = "The Union’s envoy said: “we will act” — and the Assembly’s Comité did. " * 6
    path = tmp_path / "speech.txt"
    path.write_text(proper.encode("cp1252").decode("mac_roman"), encoding="utf-8")
    assert "Unionís" in path.read_text(encoding="utf-8")
    text = clean_text(load_source(path, limits=LIMITS)).text
    assert "The Union’s envoy said: “we will act” — and the Assembly’s Comité did." in text


def test_spanish_words_in_a_text_with_curly_quotes_stay(tmp_path: Path):
    proper = "The minister spoke of “mi país” and of the Government’s plan. Oís and Martí came too. " * 5
    path = tmp_path / "speech.txt"
    path.write_text(proper, encoding="utf-8")
    text = clean_text(load_source(path, limits=LIMITS)).text
    assert "“mi país”" in text and "Oís and Martí" in text
