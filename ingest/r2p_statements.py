"""The R2P statements of a speech: every sentence that mentions the responsibility to protect, with
its sense and, for the norm, its stance and the guideline rule that decided it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from apkg.ingest.parser import load_parser
from apkg.ingest.r2p import R2PSentence, r2p_sentences
from apkg.ingest.r2p_sense import Sense, classify_r2p_sense
from apkg.ingest.r2p_stance import Stance, explain_stance

if TYPE_CHECKING:
    from spacy.language import Language


@dataclass(frozen=True)
class R2PStatement:
    """A mentioning sentence with its sense; ``stance`` and ``rule`` only where the sense is ``r2p``."""

    sentence: R2PSentence
    sense: Sense
    stance: Stance | None = None
    rule: str | None = None


def find_r2p_statements(
    text: str, *, year: int | None = None, nlp: Language | None = None
) -> list[R2PStatement]:
    """Find the R2P sentences of a speech and classify each (sense, then stance with its neighbours).

    Args:
        text: the speech, raw or as apkg's clean text (offsets index it).
        year: the year of the speech, if known (before 2000 every mention is the everyday phrase).
        nlp: a spaCy pipeline with a dependency parser (default: ``load_parser()``, loaded once).

    Example:
        >>> [(s.sense, s.stance) for s in find_r2p_statements("We welcome R2P.", year=2006)]
        [('r2p', 'support')]
    """
    found = r2p_sentences(text)
    if not found:
        return []
    nlp = nlp or load_parser()
    statements = []
    for sentence in found:
        sense = classify_r2p_sense(sentence.text, year=year, nlp=nlp)
        if sense != "r2p":
            statements.append(R2PStatement(sentence, sense))
            continue
        call = explain_stance(sentence.text, before=sentence.before, after=sentence.after, nlp=nlp)
        statements.append(R2PStatement(sentence, sense, call.stance, call.rule))
    return statements
