"""Find the sentences of a speech that mention the responsibility to protect (R2P).

The rules are those of the shared evaluation notes (``../shared/eval/R2P.md``):

- a mention is ``responsibility to protect`` with whitespace and/or hyphens between the words, or
  the whole word ``R2P`` / ``RtoP``, case-insensitive; ``responsibilities to protect`` and
  ``responsibility for/of protecting`` are not mentions;
- page furniture is dropped first: lines holding only a page number, a UN job number (with or
  without a page) or a record symbol (with or without a date);
- blank lines and indented paragraph starts are hard breaks, unless the line before ends in
  mid-sentence (a lower-case letter, comma, semicolon, colon, hyphen, dash or open bracket);
- inside a block, a sentence ends after ``. ! ?`` (and any closing quote or bracket) when the next
  token starts with a capital, a digit, a quote or a bracket, unless the word before the stop is a
  title or abbreviation (Mr., No., U.N., e.g.) or a single-letter initial.

The text may be a raw speech file or the clean text apkg stores (``apkg.ingest.clean_text``, where
paragraphs are separated by blank lines); offsets index the text given.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import accumulate

# Between the words: whitespace and hyphens, or nothing where clean text mended a hyphen at a
# line end ("responsibility-" + "to-protect" becomes "responsibilityto-protect").
_BETWEEN = r"[\s\-\u2010\u2011]*"
MENTION = re.compile(
    rf"(?<![A-Za-z])(?:responsibility{_BETWEEN}to{_BETWEEN}protect(?![A-Za-z])"
    r"|R2P|RtoP)(?![A-Za-z0-9])",
    re.I,
)
_MAY_MENTION = re.compile(r"responsibility|R2P|RtoP", re.I)
_PAGE_NUMBER = r"\d{1,4}"
_JOB_NUMBER = r"\d{2}-\d{5}(?:\s*\(E\))?"
_SYMBOL = r"[A-Z]{1,3}(?:/[A-Z0-9.\-]+){2,}"
_DATE = r"\d{1,2}/\d{1,2}/\d{2,4}"
_FURNITURE = re.compile(
    rf"\s*(?:{_PAGE_NUMBER}"
    rf"|(?:{_PAGE_NUMBER}\s+)?{_JOB_NUMBER}(?:\s+{_PAGE_NUMBER})?"
    rf"|(?:{_DATE}\s+)?{_SYMBOL}(?:\s+{_DATE})?)\s*"
)
_MID_SENTENCE = re.compile(r"[a-z,;:\-\u2010\u2011\u2013\u2014(\[]$")
# A stop, any closing quotes or brackets, space, then a token that opens a sentence.
_STOP = re.compile(r"[.!?]+[\"'\u2019\u201d)\]]*(?=\s+(\S))")
_OPENERS = "\"'\u2018\u201c(["
# Titles and abbreviations after which a full stop does not end a sentence.
ABBREVIATIONS = frozenset(
    {"mr", "mrs", "ms", "messrs", "mme", "dr", "prof", "sr", "jr", "st", "no", "nos", "art", "arts",
     "para", "paras", "vol", "sect", "ch", "fig", "op", "rev", "gen", "col", "lt", "capt", "sgt",
     "hon", "amb", "cf", "viz", "vs", "approx"}
)  # fmt: skip
_DOTTED = re.compile(r"(?:[A-Za-z]\.)+[A-Za-z]")  # U.N, U.S, e.g, i.e
_WORD = re.compile(r"\S+")


@dataclass(frozen=True)
class R2PSentence:
    """A sentence that mentions R2P, with its neighbours in the same speech.

    ``start``/``end`` index the text given to ``r2p_sentences``; ``text`` is the sentence with page
    furniture dropped and whitespace collapsed; ``mentions`` are the spans of the matches in that
    text; ``before``/``after`` are the sentences next to it ("" at the edge of the speech).
    """

    start: int
    end: int
    text: str
    mentions: tuple[tuple[int, int], ...]
    before: str
    after: str

    @property
    def context(self) -> str:
        """The sentence between its neighbours, marked ``[TARGET]`` as in the stance gold."""
        return " ".join(part for part in (self.before, "[TARGET]", self.after) if part)


@dataclass(frozen=True)
class _Sentence:
    start: int
    end: int
    text: str


def _blocks(text: str) -> Iterator[list[tuple[int, str]]]:
    """Hard-break blocks of content lines, each line as (offset, stripped text); furniture dropped."""
    block: list[tuple[int, str]] = []
    pending_break = False
    offset = 0
    for line in text.split("\n"):
        start, offset = offset, offset + len(line) + 1
        stripped = line.strip()
        if not stripped:
            pending_break = True
            continue
        if _FURNITURE.fullmatch(line):
            continue
        indented = line[:1].isspace()
        if block and (pending_break or indented) and not _MID_SENTENCE.search(block[-1][1]):
            yield block
            block = []
        pending_break = False
        block.append((start + line.index(stripped[0]), stripped))
    if block:
        yield block


def _ends_sentence(block_text: str, stop: int) -> bool:
    """Whether the stop at ``stop`` ends a sentence: not after a title, abbreviation or initial."""
    if block_text[stop] != ".":
        return True
    word = block_text[block_text.rfind(" ", 0, stop) + 1 : stop].lstrip("\"'\u2018\u201c([")
    if (len(word) == 1 and word.isalpha()) or _DOTTED.fullmatch(word):
        return False
    return word.lower() not in ABBREVIATIONS


@dataclass(frozen=True)
class _Joined:
    """A block as one line of its words joined by single spaces, with each word's offset."""

    text: str
    starts: list[int]  # where each word starts in ``text``
    offsets: list[int]  # where each word starts in the source text

    @classmethod
    def of(cls, block: list[tuple[int, str]]) -> _Joined:
        words = [(offset + m.start(), m.group()) for offset, line in block for m in _WORD.finditer(line)]
        starts = list(accumulate((len(word) + 1 for _, word in words[:-1]), initial=0))
        return cls(" ".join(word for _, word in words), starts, [offset for offset, _ in words])

    def source(self, position: int) -> int:
        """The offset in the source text of the character at ``position`` of the joined text."""
        index = bisect_right(self.starts, position) - 1
        return self.offsets[index] + position - self.starts[index]

    def sentence(self, begin: int, end: int) -> _Sentence:
        return _Sentence(self.source(begin), self.source(end - 1) + 1, self.text[begin:end])


def _sentences(text: str) -> Iterator[_Sentence]:
    """All sentences of ``text`` in order."""
    for block in _blocks(text):
        joined = _Joined.of(block)
        begin = 0
        for stop in _STOP.finditer(joined.text):
            opener = stop.group(1)
            if (opener.isupper() or opener.isdigit() or opener in _OPENERS) and _ends_sentence(
                joined.text, stop.start()
            ):
                yield joined.sentence(begin, stop.end())
                begin = stop.end() + 1
        if begin < len(joined.text):
            yield joined.sentence(begin, len(joined.text))


def r2p_sentences(text: str) -> list[R2PSentence]:
    """Every sentence of a speech that mentions the responsibility to protect, in order.

    Args:
        text: the speech, raw or as apkg's clean text.

    Returns:
        One ``R2PSentence`` per mentioning sentence (a sentence with two mentions is one record).

    Example:
        >>> [s.text for s in r2p_sentences("We support R2P. It matters.")]
        ['We support R2P.']
    """
    if not _MAY_MENTION.search(text):  # a quick test; furniture may still split a phrase
        return []
    sentences = list(_sentences(text))
    found = []
    for index, sentence in enumerate(sentences):
        mentions = tuple(match.span() for match in MENTION.finditer(sentence.text))
        if mentions:
            before = sentences[index - 1].text if index else ""
            after = sentences[index + 1].text if index + 1 < len(sentences) else ""
            found.append(R2PSentence(sentence.start, sentence.end, sentence.text, mentions, before, after))
    return found
