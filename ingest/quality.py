"""What kind of text a passage is: running prose, or something a reader would not cite as an
answer: a table of numbers, a form of ``Field: value`` records, a list of names, a reference list,
or a fragment (a rule, a time stamp, a lone heading).

The tests are the surface signs that web-text quality filters use to tell prose from the rest
(the stop-word, symbol and alphabetic-word rules of Rae et al. 2021, "Scaling Language Models",
appendix A; the line-shape rules of C4): prose is made of words, a good share of them function
words; tables are made of numbers; forms of short labelled lines; lists of capitalised names
with no sentences; reference lists of authors and years. Search ranks the other kinds below
prose (they stay stored and searchable, and a hit says what it is).
"""

from __future__ import annotations

import re
from enum import StrEnum
from functools import cache


class PassageKind(StrEnum):
    """What a passage is, as far as its surface tells."""

    PROSE = "prose"
    TABLE = "table"  # mostly numbers: statistics, data dictionaries, tables of contents
    RECORDS = "records"  # mostly "Field: value" lines: coding sheets, forms, metadata blocks
    NAMES = "names"  # a list of capitalised names without sentences: members, signatories
    REFERENCES = "references"  # author-year citations: bibliographies
    FRAGMENT = "fragment"  # fewer than a handful of words: rules, stamps, separators

    @property
    def description(self) -> str:
        """How a reader would call it."""
        return _DESCRIPTIONS[self]


# What a reader would not cite as an answer, ranked after running text by search. Records are not
# among them: a coding sheet's or a form's fields often hold the definition a reader is after.
RANKED_BELOW_PROSE = frozenset(
    {PassageKind.TABLE, PassageKind.NAMES, PassageKind.REFERENCES, PassageKind.FRAGMENT}
)

_DESCRIPTIONS = {
    PassageKind.PROSE: "prose",
    PassageKind.TABLE: "a table of numbers",
    PassageKind.RECORDS: "field: value records",
    PassageKind.NAMES: "a list of names",
    PassageKind.REFERENCES: "a reference list",
    PassageKind.FRAGMENT: "a fragment",
}

# The commonest English function words (running prose of any subject is about 40 % these); with
# spaCy's stop words of the other UN languages written in Latin script (``function_words``), so
# that French or Spanish prose is not taken for a list.
ENGLISH_FUNCTION_WORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "and",
        "or",
        "but",
        "nor",
        "to",
        "in",
        "on",
        "at",
        "by",
        "for",
        "with",
        "from",
        "into",
        "onto",
        "upon",
        "about",
        "as",
        "than",
        "that",
        "this",
        "these",
        "those",
        "which",
        "who",
        "whom",
        "whose",
        "what",
        "when",
        "where",
        "while",
        "if",
        "because",
        "so",
        "not",
        "no",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "has",
        "have",
        "had",
        "do",
        "does",
        "did",
        "will",
        "would",
        "shall",
        "should",
        "can",
        "could",
        "may",
        "might",
        "must",
        "it",
        "its",
        "they",
        "them",
        "their",
        "we",
        "our",
        "us",
        "he",
        "she",
        "his",
        "her",
        "i",
        "you",
        "your",
        "there",
        "here",
        "all",
        "any",
        "each",
        "such",
        "also",
        "only",
        "other",
        "more",
        "most",
        "very",
    ]
)
_TOKEN = re.compile(r"\S+")
_NUMBER = re.compile(r"[-+(]?[\d.,:%/–-]*\d[\d.,:%/–-]*[)%]?")
_WORD = re.compile(r"[^\W\d_]{2,}")
_FIELD_LINE = re.compile(r"^\s*[A-Z][^:\n]{0,48}:\s*\S")
_SENTENCE_END = re.compile(r"[a-z)\]][.!?](?:\s|$)")
_CITATION = re.compile(r"\b(1[89]|20)\d{2}[a-z]?\b[);,:]|\bet al\.|\bpp?\.\s*\d")

MIN_WORDS = 4  # fewer words than this: a fragment
TABLE_NUMBER_SHARE = 0.3  # numbers among the tokens
RECORD_LINE_SHARE = 0.5  # "Field: value" lines among the lines (and at least three of them)
PROSE_FUNCTION_SHARE = 0.12  # below this, a passage without sentences is a list, not prose
NAMES_CAPITAL_SHARE = 0.6  # capitalised words among the words of a list of names
REFERENCE_CITATIONS = 4  # author-year marks (per 100 tokens) of a reference list


@cache
def function_words() -> frozenset[str]:
    """The English function words and spaCy's French and Spanish stop words, loaded when first
    needed: importing spaCy's French language takes seconds that a search never needs."""
    from spacy.lang.es.stop_words import STOP_WORDS as SPANISH_STOP_WORDS
    from spacy.lang.fr.stop_words import STOP_WORDS as FRENCH_STOP_WORDS

    return ENGLISH_FUNCTION_WORDS | FRENCH_STOP_WORDS | SPANISH_STOP_WORDS


def passage_kind(text: str) -> PassageKind:
    """Classify a passage by its surface (see the module's docstring)."""
    tokens = _TOKEN.findall(text)
    words = [token for token in tokens if _WORD.search(token)]
    if len(words) < MIN_WORDS:
        return PassageKind.FRAGMENT
    if sum(bool(_NUMBER.fullmatch(token)) for token in tokens) / len(tokens) >= TABLE_NUMBER_SHARE:
        return PassageKind.TABLE
    lines = [line for line in text.splitlines() if line.strip()]
    fields = sum(bool(_FIELD_LINE.match(line)) for line in lines)
    if fields >= 3 and fields / len(lines) >= RECORD_LINE_SHARE:
        return PassageKind.RECORDS
    function_share = sum(_bare(token) in function_words() for token in tokens) / len(tokens)
    citations = len(_CITATION.findall(text)) * 100 / len(tokens)
    if citations >= REFERENCE_CITATIONS and function_share < 1.5 * PROSE_FUNCTION_SHARE:
        return PassageKind.REFERENCES
    sentences = len(_SENTENCE_END.findall(text))
    capitalised = sum(word[0].isupper() for word in words) / len(words)
    if function_share < PROSE_FUNCTION_SHARE or (sentences <= 1 and capitalised >= NAMES_CAPITAL_SHARE):
        return PassageKind.NAMES if capitalised >= NAMES_CAPITAL_SHARE else PassageKind.TABLE
    return PassageKind.PROSE


def _bare(token: str) -> str:
    return token.strip(".,;:!?()[]{}\"'“”‘’").lower()
