"""Cut a clean text into passages on paragraph and sentence boundaries.

Short paragraphs are merged with their neighbours up to ``target_words``; a paragraph longer than
``max_words`` is cut between sentences; a heading (a short line without final punctuation) opens
the passage of the paragraph it introduces. A passage never exceeds ``max_words`` words nor
``max_chars`` characters: a sentence longer than that is cut between words, and a word longer than
``max_chars`` (a line of junk without spaces) is cut where the bound falls.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import TYPE_CHECKING

from apkg.ingest.quality import passage_kind
from apkg.records import DocumentText, Passage

if TYPE_CHECKING:
    from spacy.language import Language

_PARAGRAPH = re.compile(r"[^\n]+")
_WORD = re.compile(r"\S+")
_TERMINAL = re.compile(r"[.!?:;\"”’)\]]$")
CHARS_PER_WORD = 12  # the default character bound of a passage is max_words times this


@lru_cache(maxsize=1)
def _sentencizer() -> Language:
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.max_length = 10_000_000
    return nlp


def _words(text: str) -> int:
    return len(_WORD.findall(text))


def _units(text: str, *, max_words: int, max_chars: int) -> Iterator[tuple[int, int, bool]]:
    """Yield (start, end, is_heading) for each paragraph, or for each piece of a long one."""
    for match in _PARAGRAPH.finditer(text):
        start, end = match.span()
        chunk = match.group()
        words = _words(chunk)
        if words <= max_words and end - start <= max_chars:
            yield start, end, words <= 12 and not _TERMINAL.search(chunk.rstrip())
            continue
        for first, last in _sentences(chunk, max_chars=max_chars):
            for piece_start, piece_end in _pieces(
                chunk, first, last, max_words=max_words, max_chars=max_chars
            ):
                yield start + piece_start, start + piece_end, False


def _sentences(chunk: str, *, max_chars: int) -> Iterator[tuple[int, int]]:
    """Yield the span of each sentence of ``chunk``.

    A run of more than ``max_chars`` characters without whitespace is a sentence of its own, kept
    from spaCy, whose tokenizer takes time quadratic in the length of a token.
    """
    position = 0
    for run in _WORD.finditer(chunk):
        if run.end() - run.start() > max_chars:
            yield from _spacy_sentences(chunk, position, run.start())
            yield run.span()
            position = run.end()
    yield from _spacy_sentences(chunk, position, len(chunk))


def _spacy_sentences(chunk: str, begin: int, end: int) -> Iterator[tuple[int, int]]:
    piece = chunk[begin:end]
    if not piece.strip():
        return
    for sentence in _sentencizer()(piece).sents:
        stripped = sentence.text.strip()
        if stripped:
            first = begin + sentence.start_char + sentence.text.index(stripped)
            yield first, first + len(stripped)


def _pieces(text: str, begin: int, end: int, *, max_words: int, max_chars: int) -> Iterator[tuple[int, int]]:
    """Cut ``text[begin:end]`` between words into spans of at most ``max_words`` words and
    ``max_chars`` characters; a word longer than ``max_chars`` is cut every ``max_chars``
    characters. (A sentence longer than a passage is a table or list without punctuation, or junk.)
    """
    first, last, count = -1, -1, 0
    for word in _WORD.finditer(text, begin, end):
        for cut in range(word.start(), word.end(), max_chars):
            cut_end = min(cut + max_chars, word.end())
            if first >= 0 and (count == max_words or cut_end - first > max_chars):
                yield first, last
                first, count = -1, 0
            first = cut if first < 0 else first
            last, count = cut_end, count + 1
    if first >= 0:
        yield first, last


def split_passages(
    doc_id: str,
    document: DocumentText,
    *,
    target_words: int = 120,
    max_words: int = 200,
    min_words: int = 40,
    max_chars: int | None = None,
) -> list[Passage]:
    """Split ``document`` into passages whose spans index its clean text.

    Args:
        doc_id: the document the passages belong to.
        document: clean text with page offsets.
        target_words: a passage is closed once it reaches this many words.
        max_words: a unit that would push a passage past this starts a new passage.
        min_words: a heading starts a new passage only once the current one has this many words.
        max_chars: no passage is longer than this many characters; by default ``max_words`` times
            ``CHARS_PER_WORD``, far above what prose needs.
    """
    max_chars = max_chars or max_words * CHARS_PER_WORD
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
                    kind=passage_kind(text[start:end]),
                )
            )
        span, words = [], 0

    for start, end, is_heading in _units(text, max_words=max_words, max_chars=max_chars):
        unit_words = _words(text[start:end])
        too_long = bool(span) and end - span[0] > max_chars  # closes even a heading's passage
        full = words >= target_words or words + unit_words > max_words
        if span and (too_long or (full and not pending_heading)):
            close()
        if is_heading and span and not pending_heading and words >= min_words:
            close()
        span = [span[0], end] if span else [start, end]
        words += unit_words
        pending_heading = is_heading
    close()
    return passages
