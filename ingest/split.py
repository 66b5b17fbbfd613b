"""Cut a clean text into passages on paragraph and sentence boundaries.

Short paragraphs are merged with their neighbours up to ``target_words``; a paragraph longer than
``max_words`` is cut between sentences; a heading (a short line without final punctuation) opens
the passage of the paragraph it introduces. A passage never exceeds ``max_words`` unless one
sentence alone does.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import TYPE_CHECKING

from apkg.records import DocumentText, Passage

if TYPE_CHECKING:
    from spacy.language import Language

_PARAGRAPH = re.compile(r"[^\n]+")
_WORD = re.compile(r"\S+")
_TERMINAL = re.compile(r"[.!?:;\"”’)\]]$")


@lru_cache(maxsize=1)
def _sentencizer() -> Language:
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.max_length = 10_000_000
    return nlp


def _words(text: str) -> int:
    return len(_WORD.findall(text))


def _units(text: str, *, max_words: int) -> Iterator[tuple[int, int, bool]]:
    """Yield (start, end, is_heading) for each paragraph, or for each sentence of a long one."""
    for match in _PARAGRAPH.finditer(text):
        start, end = match.span()
        chunk = match.group()
        words = _words(chunk)
        if words <= max_words:
            yield start, end, words <= 12 and not _TERMINAL.search(chunk.rstrip())
            continue
        for sentence in _sentencizer()(chunk).sents:
            stripped = sentence.text.strip()
            if not stripped:
                continue
            offset = start + sentence.start_char + sentence.text.index(stripped)
            # A "sentence" longer than a passage (a table or list without punctuation) is cut
            # between words.
            spans = [m.span() for m in _WORD.finditer(stripped)]
            for first in range(0, len(spans), max_words):
                last = spans[min(first + max_words, len(spans)) - 1]
                yield offset + spans[first][0], offset + last[1], False


def split_passages(
    doc_id: str,
    document: DocumentText,
    *,
    target_words: int = 120,
    max_words: int = 200,
    min_words: int = 40,
) -> list[Passage]:
    """Split ``document`` into passages whose spans index its clean text.

    Args:
        doc_id: the document the passages belong to.
        document: clean text with page offsets.
        target_words: a passage is closed once it reaches this many words.
        max_words: a unit that would push a passage past this starts a new passage.
        min_words: a heading starts a new passage only once the current one has this many words.
    """
    text = document.text
    passages: list[Passage] = []
    span: list[int] = []  # [start, end] of the passage being built
    words = 0
    pending_heading = False

    def close() -> None:
        nonlocal span, words
        if span:
            start, end = span
            passages.append(
                Passage(
                    doc_id=doc_id,
                    index=len(passages),
                    text=text[start:end],
                    char_start=start,
                    char_end=end,
                    page=document.page_at(start),
                )
            )
        span, words = [], 0

    for start, end, is_heading in _units(text, max_words=max_words):
        unit_words = _words(text[start:end])
        if span and not pending_heading and (words >= target_words or words + unit_words > max_words):
            close()
        if is_heading and span and not pending_heading and words >= min_words:
            close()
        span = [span[0], end] if span else [start, end]
        words += unit_words
        pending_heading = is_heading
    close()
    return passages
