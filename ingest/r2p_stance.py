"""The stance of a sentence towards the responsibility to protect: ``support``, ``critical`` or
``neutral``, by the guideline of ``../shared/eval/R2P.md`` (rules S1-S6, C1-C5, N1-N5, R1-R4).

Each rule class is a small lexicon of the cue words and phrases the guideline itself gives for it
("pretext", "so-called", "abuse", "selectivity", "needs to be clearly defined", "non-intervention",
"welcomes", "implement", "live up to", "focal points", "has received broad support" ...). A
sentence is read in this order:

1. after "but", "however" or "yet", the last clause that holds a cue decides (tie-break, C5);
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
from typing import Literal

from apkg.ingest.r2p import MENTION

Stance = Literal["support", "critical", "neutral"]
STANCES: tuple[Stance, ...] = ("support", "critical", "neutral")


def _cues(*patterns: str) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(patterns) + r")", re.I)


# C1-C5: rejection, abuse, a definition or debate as a gate, sovereignty first, the caveat.
_NORM = (
    r"(?:the |this |that |such |its )?(?:principle|concept|norm|doctrine|responsibility|R2P|RtoP|internation)"
)
CRITICAL = {
    "C1": _cues(r"pretext", r"so-called", r"misnamed", r"trendy", r"phony", r"under the (?:guise|cover)",
                r"smokescreen", rf"reject\w* {_NORM}"),
    "C2": _cues(r"abused", r"misus\w+", rf"(?:abuse|misuse) of {_NORM}",
                r"(?:its|possible|potential|any|risk of|prevent|avoid) (?:\w+ )?(?:abuse|misuse)",
                r"selectiv\w+", r"double standards?", r"ulterior", r"politici[sz]\w+",
                r"political (?:use|cover|ends|purposes)", r"manipulat\w+", r"instrumentali[sz]\w+",
                r"responsibility while protecting", r"regime change", r"hidden agendas?",
                r"(?:used|invoked) to justify", r"justify (?:military )?(?:intervention|interference)"),
    "C3": _cues(r"not (?:yet )?(?:been )?(?:internationally |universally |clearly )?(?:agreed|defined)",
                r"controversial", r"ambiguit\w+", r"ambiguous", r"clearly defined", r"better defin\w+",
                r"in-depth discussions?", r"sufficient time", r"(?<!no )more time",
                r"lack of (?:clarity|consensus)", r"no (?:consensus|agreement)", r"further consideration",
                r"(?:needs?|needed|requires?|required) (?:to be )?(?:further |more )?"
                r"(?:defin\w+|clarif\w+|discuss\w+|debat\w+|consider\w+)",
                r"further (?:discussions?|debate|consideration|clarification) (?:is|are) "
                r"(?:needed|required)"),
    "C4": _cues(r"non-intervention", r"non-interference", r"internal affairs",
                r"up to (?:each|every) State", r"domestic jurisdiction",
                r"(?:full |strict )?respect for (?:the )?(?:national )?sovereignty"),
    "C5": _cues(r"caution", r"cautious", r"unfeasible", r"without a legal framework",
                r"(?:R2P|RtoP|protect|principle|concept|it)[\"\u201d\u2019]? (?:must|should|can) "
                r"(?:not |never )?be (?:used|misused|abused)"),
}  # fmt: skip
# S5: condemning an actor's perversion of R2P upholds the norm; S3: sovereignty yields to R2P.
UPHELD = {
    "S5": _cues(r"pervert\w*", r"perversion"),
    "S3": _cues(
        r"(?:yield|give way|be subordinated?) to",
        r"(?:cannot|can no longer|must not) be (?:used as )?"
        r"(?:a shield|an excuse|a pretext for inaction)",
        r"is no (?:longer )?(?:a )?(?:shield|excuse)",
    ),
}
# S1-S6: endorsement, calls to implement or act, the duty asserted, institutional work, laments.
SUPPORT = {
    "S1": _cues(r"support(?:s|ed|ing)?\b", r"welcom\w+", r"commend\w*",
                r"applaud\w*", r"endors\w+", r"important", r"breakthrough", r"far-reaching",
                r"most positive", r"positive", r"milestone", r"historic", r"for the first time",
                r"achievements?", r"gains?\b", r"advances?\b", r"crucial", r"essential", r"vital",
                r"fundamental", r"cause for hope", r"merit", r"no hesitation", r"pleased",
                r"significan\w+", r"hopes?\b", r"norm\b", r"tenet", r"standard of", r"ideals?"),
    "S2": _cues(r"implement\w*", r"operationali[sz]\w+", r"strengthen\w*", r"promot\w+", r"integrat\w+",
                r"live up to", r"remain true", r"into (?:concrete )?action", r"concrete application",
                r"application of", r"translat\w+ into", r"invok\w+", r"fail\w*", r"ignored",
                r"shied away", r"betrayal", r"at stake", r"no longer be confined", r"must act",
                r"should act", r"must be", r"should be", r"need to", r"we need", r"basis for",
                r"core elements?", r"consolidat\w+", r"take (?:\w+ )?(?:initiative )?forward",
                r"stand ready", r"reaffirm\w*", r"reiterat\w*", r"commitment", r"committed"),
    "S6": _cues(r"prevent(?:ion|ive)?\b", r"diploma\w+", r"last (?:resort|recourse)",
                r"not (?:as )?military"),
    "S4": _cues(r"focal points?", r"group of friends", r"special adviser", r"co-?chair\w*",
                r"advancing"),
}  # fmt: skip
# Reported support ("has received broad support") is a report (N2), not the speaker's support.
REPORTED_SUPPORT = _cues(r"(?:received|gained|enjoys|broad|wide|widespread|growing) support")
# N4: welcoming a debate, a discussion or a report rather than the norm.
WELCOMED_DEBATE = _cues(r"welcom\w* (?:the |this |that )?(?:\w+ )?(?:debate|discussion|dialogue|report)s?")
# N1-N5: lists of topics, reports of history and practice, an NGO's name, an illustration.
NEUTRAL = {
    "N1": _cues(r"issues of", r"topics?", r"agenda items?",
                r"(?:issues|questions|matters|subjects|themes|concepts|notions|areas) "
                r"(?:such as|including|like)"),
    "N2": _cues(r"(?:was|were|has been|have been|had been) (?:\w+ )?(?:accepted|agreed|adopted|endorsed|"
                r"recognized|recognised|approved|invoked|discussed|debated|defined|presented|published|issued|"
                r"held|launched|organi[sz]ed|convened|considered|introduced|mentioned|cited|reaffirmed)",
                r"has received", r"(?:has |have )?dr[ae]wn? (?:up)?on", r"under way", r"took place",
                r"(?:adopted|agreed (?:on|to|upon)|endorsed|recognized|defined|established|approved) "
                r"(?:the |a |our )?(?:principle|concept|notion|responsibility)",
                r"interactive dialogue", r"dialogue on", r"debates? on", r"discussions? (?:on|of)"),
    "N3": _cues(r"Global Centre for the Responsibility to Protect"),
    "N5": _cues(r"remind\w* us", r"illustrat\w+", r"an example of"),
}  # fmt: skip
_CONTRAST = re.compile(r"(?:,|;|—|\band)\s+(?:but|however|yet)\b|\bbut\b|\bhowever\b", re.I)
_CONCESSION = re.compile(r"\s*(?:while|although|though|even though|whereas|despite)\b[^,]*,", re.I)
# A neighbour that evaluates R2P through an anaphor: "that concept", "this major advance", "it is".
ANAPHOR = re.compile(
    r"\b(?:that|this|these|such an?) (?:\w+ )?(?:principles?|concepts?|norms?|doctrine|idea|notion|"
    r"responsibility|commitments?|advances?|achievements?|gains?|steps?|initiatives?|agreements?|"
    r"decisions?|developments?|approach|framework|tool)\b"
    r"|(?:^|[,;:]\s*)(?:it|that|this)\s+(?:is|was|has|will|must|should|remains|represents)\b",
    re.I,
)


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


def explain_stance(sentence: str, *, before: str = "", after: str = "") -> StanceCall:
    """The stance of ``sentence`` towards R2P and the rule that decided it.

    Args:
        sentence: a sentence that mentions R2P in its sense of the norm.
        before: the sentence before it in the speech ("" if none).
        after: the sentence after it ("" if none).

    Example:
        >>> explain_stance("R2P is a pretext for intervention.")
        StanceCall(stance='critical', rule='C1')
    """
    clauses = _CONTRAST.split(sentence)
    for clause in reversed(clauses[1:]):  # tie-break: the clause after "but" / "however" decides
        if call := _read(clause):
            return call
    concession = _CONCESSION.match(sentence)
    if concession and (call := _read(sentence[concession.end() :])):  # "While ..., main clause"
        return call
    if call := _read(sentence):
        return call
    if rule := _first(NEUTRAL, sentence) or (WELCOMED_DEBATE.search(sentence) and "N4"):
        return _neighbour(before, after) or StanceCall("neutral", rule)
    return StanceCall("support", "default")


def r2p_stance(sentence: str, *, before: str = "", after: str = "") -> Stance:
    """The stance of ``sentence`` towards R2P: support, critical or neutral (see ``explain_stance``)."""
    return explain_stance(sentence, before=before, after=after).stance
