"""What a reader needs around a cited passage: the sentences just before and after it in its
document, and where it stands there (its page, its place among the document's passages).

Sentences are cut by spaCy's rule-based sentencizer (no model), on a window of the document's text
either side of the passage.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from spacy.language import Language

from apkg.records import Passage
from apkg.stored import StoredRecords

_WINDOW = 2000  # characters of the document either side of a passage that its context is cut from


@dataclass(frozen=True)
class PassageInContext:
    """A passage with the sentences around it and its place in its document."""

    passage: Passage
    before: str  # the last sentences before the passage, "" at the start of its document
    after: str  # the first sentences after it, "" at the end
    position: int  # 1 for the document's first passage
    passages: int  # how many passages the document has


def in_context(records: StoredRecords, passage_id: str, *, sentences: int = 2) -> PassageInContext:
    """The passage ``passage_id`` with up to ``sentences`` sentences of its document either side.

    Raises:
        KnowledgeBaseError: no passage has that id.
    """
    passage, count = records.passage(passage_id)
    text = records.document_text(passage.doc_id)
    before = _sentences(text[max(0, passage.char_start - _WINDOW) : passage.char_start])
    after = _sentences(text[passage.char_end : passage.char_end + _WINDOW])
    return PassageInContext(
        passage=passage,
        before=" ".join(before[-sentences:] if sentences else []),
        after=" ".join(after[:sentences]),
        position=passage.index + 1,
        passages=count,
    )


def _sentences(text: str) -> list[str]:
    """The sentences of ``text``, each on one line."""
    sentences = (" ".join(sentence.text.split()) for sentence in _sentencizer()(text).sents)
    return [sentence for sentence in sentences if sentence]


@lru_cache(maxsize=1)
def _sentencizer() -> Language:
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp
