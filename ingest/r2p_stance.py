"""The stance of a sentence towards the responsibility to protect: ``support``, ``critical`` or
``neutral``, by the guideline of ``../shared/eval/R2P.md`` (rules S1-S6, C1-C5, N1-N5, R1-R4).

Each rule class is a small lexicon of cue words and phrases (``apkg.ingest.r2p_cues``), and a
past-tense report of what others did is read from the dependency parse. A sentence is read in
this order:

1. after "but", "however" or "yet", the last clause that holds a cue decides, and a concessive
   clause ("While ..., ") is left out (tie-breaks: the main clause decides, C5);
2. a critical cue makes it ``critical``, unless the sentence condemns a perversion of R2P (S5);
3. a support cue makes it ``support``; welcoming a debate or report is not one (N4);
4. a neutral cue (a list of topics, a report of history or of others' support, an NGO's name, an
   illustration) makes it ``neutral``, unless rule (c) applies;
5. rule (c): a target without a cue of its own, or a bare report, takes the stance of a neighbouring
   sentence that evaluates R2P through an anaphor ("Latvia supports that concept") and does not
   itself name R2P (R3);
6. otherwise ``support``: a sentence that names the norm and asserts or invokes the duty with no
   other cue is support (S3).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from apkg.ingest.parser import load_parser
from apkg.ingest.r2p import MENTION
from apkg.ingest.r2p_cues import (
    ANAPHOR,
    CONTRAST,
    CRITICAL,
    NEUTRAL,
    REPORTED_SUPPORT,
    SUPPORT,
    UPHELD,
    WELCOMED_DEBATE,
)

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

Stance = Literal["support", "critical", "neutral"]
STANCES: tuple[Stance, ...] = ("support", "critical", "neutral")


FIRST_PERSON = frozenset({"we", "us", "our", "i", "my", "me"})
CONCESSIVE = frozenset({"while", "although", "though", "whereas"})


def third_party_report(doc: Doc) -> bool:
    """Whether the main clause of the parsed sentence reports, in the past tense, what someone other
    than the speaker did (N2: "The panel discussed ...", "R2P was adopted in 2005")."""
    root = next(iter(doc.sents)).root
    passive = any(child.dep_ == "auxpass" and child.tag_ == "VBD" for child in root.children)
    if root.tag_ != "VBD" and not (root.tag_ == "VBN" and passive):
        return False
    if doc.text.rstrip().endswith("?") or any(child.tag_ == "MD" for child in root.children):
        return False
    subjects = [child for child in root.children if child.dep_ in ("nsubj", "nsubjpass")]
    return not any(token.lower_ in FIRST_PERSON for subject in subjects for token in subject.subtree)


def main_clause(doc: Doc) -> str | None:
    """The parsed sentence without its concessive clauses ("While ..., [main clause]"), or None
    when it has none."""
    root = next(iter(doc.sents)).root
    dropped = {
        token.i
        for child in root.children
        if child.dep_ == "advcl" and any(t.dep_ == "mark" and t.lower_ in CONCESSIVE for t in child.children)
        for token in child.subtree
    }
    if not dropped:
        return None
    return "".join(token.text_with_ws for token in doc if token.i not in dropped)


@dataclass(frozen=True)
class StanceCall:
    """A stance with the guideline rule that decided it (``S1`` ... ``N5``, ``context``, ``default``)."""

    stance: Stance
    rule: str


def _first(cues: dict[str, re.Pattern[str]], text: str) -> str | None:
    return next((rule for rule, pattern in cues.items() if pattern.search(text)), None)


def _read(text: str) -> StanceCall | None:
    """The stance the cues of ``text`` give, or None when it has no critical or support cue."""
    if rule := _first(UPHELD, text):
        return StanceCall("support", rule)
    if rule := _first(CRITICAL, text):
        return StanceCall("critical", rule)
    plain = text
    for report in (WELCOMED_DEBATE, REPORTED_SUPPORT, NEUTRAL["N2"]):  # reports are no support
        plain = report.sub(" ", plain)
    if rule := _first(SUPPORT, plain):
        return StanceCall("support", rule)
    return None


def _neighbour(before: str, after: str) -> StanceCall | None:
    """Rule (c): the stance of a neighbour that evaluates R2P through an anaphor (R3: never one that
    names R2P itself)."""
    for text in (after, before):
        if text and not MENTION.search(text) and ANAPHOR.search(text) and (call := _read(text)):
            return StanceCall(call.stance, "context")
    return None


def explain_stance(
    sentence: str, *, before: str = "", after: str = "", nlp: Language | None = None
) -> StanceCall:
    """The stance of ``sentence`` towards R2P and the rule that decided it.

    Args:
        sentence: a sentence that mentions R2P in its sense of the norm.
        before: the sentence before it in the speech ("" if none).
        after: the sentence after it ("" if none).
        nlp: a spaCy pipeline with a dependency parser (default: ``load_parser()``).

    Example:
        >>> explain_stance("R2P is a pretext for intervention.")
        StanceCall(stance='critical', rule='C1')
    """
    clauses = CONTRAST.split(sentence)
    for clause in reversed(clauses[1:]):  # tie-break: the clause after "but" / "however" decides
        if call := _read(clause):
            return call
    doc = (nlp or load_parser())(sentence)
    if call := _read(main_clause(doc) or sentence):  # tie-break: the main clause decides
        return call
    if rule := _first(NEUTRAL, sentence) or (third_party_report(doc) and "N2"):
        return _neighbour(before, after) or StanceCall("neutral", rule)
    return StanceCall("support", "default")


def classify_r2p_stance(
    sentence: str, *, before: str = "", after: str = "", nlp: Language | None = None
) -> Stance:
    """The stance of ``sentence`` towards R2P: support, critical or neutral (see ``explain_stance``)."""
    return explain_stance(sentence, before=before, after=after, nlp=nlp).stance
