"""The sense of a sentence that mentions the responsibility to protect: the norm (``r2p``) or the
everyday phrase (``other``, "our responsibility to protect the planet"), by the rules of
``../shared/eval/R2P.md``.

A mention is the norm when it names it: ``R2P``/``RtoP``, the phrase capitalised or quoted, the
phrase with no object ("the responsibility to protect is ...", "... to protect in order to prevent
genocide"), followed or preceded by a word for a norm ("the responsibility to protect principle",
"the concept of the responsibility to protect"), or a topic after a preposition ("the debate on the
responsibility to protect"). Used with an object (read from the dependency parse), the phrase is
the norm when it is the duty to protect populations from genocide, war crimes, ethnic cleansing and
crimes against humanity: the sentence names those crimes, or the object is a population (people,
civilians, human beings, victims) and no other harm is named ("from the pandemic"). R2P.md takes
every hit before 2000 as the everyday phrase (the name comes from the 2001 ICISS report).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Literal

from apkg.ingest.parser import load_parser
from apkg.ingest.r2p import MENTION

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Span, Token

Sense = Literal["r2p", "other"]
SENSES: tuple[Sense, ...] = ("r2p", "other")
FIRST_YEAR = 2000  # R2P.md: every hit before 2000 is the everyday phrase

# Words that make the phrase the name of a norm when they follow or govern it.
NORM_WORDS = frozenset(
    {"principle", "principles", "concept", "concepts", "doctrine", "norm", "notion", "idea", "agenda",
     "framework", "approach", "pillar", "pillars", "paradigm", "report", "commitment", "mandate"}
)  # fmt: skip
# The people the R2P duty protects (R2P.md: "to protect populations from genocide ...").
POPULATION_WORDS = frozenset(
    {"population", "populations", "civilian", "civilians", "people", "peoples", "being", "beings",
     "victim", "victims", "minority", "minorities", "inhabitant", "inhabitants"}
)  # fmt: skip
# The four crimes of the norm, and the words for them together.
ATROCITY_CRIMES = re.compile(
    r"\b(?:genocid\w*|war crimes?|ethnic cleansing|crimes? against humanity|atrocit\w*|"
    r"mass (?:murder|killing|killings|violations|crimes)|massive violations)\b",
    re.I,
)
# A preposition and "the" before the phrase: it is a topic spoken about, not a duty someone has.
_TOPIC = re.compile(
    r"\b(?:of|on|about|regarding|concerning|for|to|under|with|in|into|towards?|upon)\s+the\s*$", re.I
)
# Harms outside the norm's four crimes: "protect our people from the pandemic" is the everyday phrase.
EVERYDAY_HARMS = re.compile(
    r"\bfrom (?:the |this |a )?(?:\w+ )?(?:pandemic|epidemic|virus|disease|poverty|hunger|drugs|"
    r"narcotics|climate|disasters?|floods?|terrori\w+|crime|criminals|cyber\w*|pollution)\b",
    re.I,
)
_QUOTES = "\"'\u2018\u2019\u201c\u201d`"


def _names_the_norm(sentence: str, start: int, end: int) -> bool:
    """Whether the mention at ``start:end`` is the name of the norm by its form alone."""
    phrase = sentence[start:end]
    if not phrase.lower().startswith("responsibility") or phrase.split()[-1][:1] == "P":
        return True  # R2P, RtoP, or "Responsibility to Protect"
    before = sentence[:start].rstrip()
    after = sentence[end:].lstrip()
    if before[-1:] in _QUOTES or after[:1] in _QUOTES or after[:1] == "(":
        return True
    following = re.match(r"[\w-]+", after)
    if following is None or following.group().lower() in NORM_WORDS:
        return True  # nothing follows ("... to protect."), or "the responsibility to protect principle"
    if _TOPIC.search(before):
        return True  # "the negotiations on the responsibility to protect and support ..."
    preceding = re.search(r"(\w+)\s+of(?:\s+the)?\s*$", before)
    return preceding is not None and preceding.group(1).lower() in NORM_WORDS


def _object(span: Span) -> Token | None:
    """The direct object of "protect" (or of a verb coordinated with it) in the mention ``span``;
    None where the "object" is the sentence's own verb misread as a plural noun ("the responsibility
    to protect means that ...", "... underpins the notion", "... serves as")."""
    verb = span[-1]
    for head in (verb, *(child for child in verb.children if child.dep_ == "conj")):
        for child in head.children:
            if child.dep_ in ("dobj", "obj"):
                return None if _verb_read_as_noun(child) else child
    return None


def _verb_read_as_noun(token: Token) -> bool:
    """A bare plural noun right after "protect" that is followed by a clause, a pronoun or a noun
    phrase ("obliges us", "underpins the notion", "means that")."""
    following = token.nbor() if token.i + 1 < len(token.doc) else None
    return (
        token.tag_ == "NNS"
        and token.i == token.head.i + 1
        and not any(child.i < token.i for child in token.children)
        and following is not None
        and (following.tag_ in ("DT", "PRP", "PRP$") or following.lower_ in ("that", "as"))
    )


def mention_sense(sentence: str, start: int, end: int, *, nlp: Language | None = None) -> Sense:
    """The sense of the mention at ``start:end`` of ``sentence`` (see the module docstring)."""
    if _names_the_norm(sentence, start, end):
        return "r2p"
    doc = (nlp or load_parser())(sentence)
    span = doc.char_span(start, end, alignment_mode="expand")
    target = _object(span) if span is not None else None
    if target is None:
        return "r2p"  # "protect" without an object: the duty itself
    if ATROCITY_CRIMES.search(sentence):
        return "r2p"
    if target.text.lower() in POPULATION_WORDS and not EVERYDAY_HARMS.search(sentence):
        return "r2p"
    return "other"


def classify_r2p_sense(sentence: str, *, year: int | None = None, nlp: Language | None = None) -> Sense:
    """Whether ``sentence`` uses "responsibility to protect" for the norm (``r2p``) or not.

    Args:
        sentence: a sentence that mentions the phrase (as ``r2p_sentences`` finds them).
        year: the year of the speech, if known; before 2000 the answer is ``other``.
        nlp: a spaCy pipeline with a dependency parser (default: ``load_parser()``).

    Returns:
        ``r2p`` when any mention refers to the norm, else ``other``.

    Example:
        >>> classify_r2p_sense("We have a responsibility to protect the ocean.")
        'other'
    """
    if year is not None and year < FIRST_YEAR:
        return "other"
    for match in MENTION.finditer(sentence):
        if mention_sense(sentence, *match.span(), nlp=nlp) == "r2p":
            return "r2p"
    return "other"
