"""Reading a cited passage: the sentences around it, its place in its document, the document
reader opened at it, and its Markdown rendered with the matched words marked."""

from __future__ import annotations

import pytest

from apkg.app.blocks import passage_html
from apkg.app.reader import reader_html
from apkg.errors import KnowledgeBaseError
from apkg.kb import KnowledgeBase
from apkg.records import Passage


@pytest.fixture(scope="module")
def kb(corpus_kb) -> KnowledgeBase:
    return KnowledgeBase.open(corpus_kb[0])


def test_a_passage_comes_with_the_whole_sentences_around_it(kb):
    doc_id = next(d.meta.doc_id for d in kb.documents() if d.meta.doc_type == "speech" and d.passages > 5)
    middle = list(kb.passages(doc_id))[3]
    context = kb.in_context(middle.passage_id, sentences=1)
    text = kb.document_text(doc_id)
    assert context.passage == middle and context.position == 4 and context.passages > 5
    assert context.before and " ".join(text[: middle.char_start].split()).endswith(context.before)
    assert context.after and " ".join(text[middle.char_end :].split()).startswith(context.after)
    two = kb.in_context(middle.passage_id, sentences=2)
    assert two.before.endswith(context.before) and len(two.before) > len(context.before)
    first = kb.in_context(f"{doc_id}/p0")
    assert first.before == "" and first.position == 1
    with pytest.raises(KnowledgeBaseError, match="no passage"):
        kb.in_context(f"{doc_id}/p9999")


def test_markdown_is_rendered_and_the_matched_words_marked():
    text = "**Early warning** of [genocide](https://example.org) & <b>raw</b> html\n\n- one\n- two"
    start = text.index("genocide")
    rendered = passage_html(text, [(2, 7), (start, start + 8)], "background: yellow")
    assert (
        "**" not in rendered
        and "<strong><mark style='background: yellow'>Early</mark> warning</strong>" in rendered
    )
    assert "<a href=\"https://example.org\"><mark style='background: yellow'>genocide</mark></a>" in rendered
    assert "&lt;b&gt;raw&lt;/b&gt;" in rendered and "&amp;" in rendered  # raw HTML stays text
    assert "<li>one</li>" in rendered


def test_the_reader_opens_at_the_passage_and_numbers_the_pages():
    passages = [
        Passage("doc", 0, "First *page* text.", 0, 18, page=1),
        Passage("doc", 1, "Still the first page.", 20, 41, page=1),
        Passage("doc", 2, "Second page </script><script>alert(1)</script>", 43, 90, page=2),
    ]
    page = reader_html(passages, target="doc/p2")
    assert page.count("class='page'") == 2 and "p. 2</span>" in page
    assert "<section id='doc/p2' class='target'>" in page and "<em>page</em>" in page
    assert 'getElementById("doc/p2")' in page
    assert "<script>alert(1)</script>" not in page  # the text stays text
    assert "scrollTo" not in reader_html(passages)
