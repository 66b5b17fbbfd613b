"""The cue lexicon of the R2P stance guideline (``../shared/eval/R2P.md``), one entry per rule class.

The cues are the words and phrases the guideline gives for each class ("pretext", "so-called",
"abuse", "selectivity", "needs to be clearly defined", "non-intervention", "welcomes", "implement",
"live up to", "focal points", "has received broad support" ...) and their near synonyms and
inflections. Patterns are case-insensitive and start at a word boundary.
"""

from __future__ import annotations

import re


def _cues(*patterns: str) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(patterns) + r")", re.I)


# C1-C5: rejection, abuse, a definition or debate as a gate, sovereignty first, the caveat.
_NORM = (
    r"(?:the |this |that |such |its )?(?:principle|concept|norm|doctrine|responsibility|R2P|RtoP|internation)"
)
CRITICAL = {
    "C1": _cues(
        r"pretext",
        r"so-called",
        r"misnamed",
        r"trendy",
        r"phony",
        r"under the (?:guise|cover)",
        r"(?:a |as )cover for",
        r"smokescreen",
        rf"reject\w* (?:\w+ ){{0,3}}?{_NORM}",
        r"blank cheque",
        r"imposition",
        r"(?<!without )reservations?",
        r"(?<!no )(?<!without )(?<!beyond )doubts?",
        r"(?:cannot|can not|will not|never|do not|does not|refuse to|could not) (?:\w+ )?"
        r"(?:endorse|support|accept)\w* (?:\w+ ){0,2}?(?:principle|concept|notion|doctrine|R2P|"
        r"responsibility|it)\b",
        r"(?:instrument|tool) (?:of|for) (?:the )?(?:powerful|strong|interference|intervention|domination)",
        r"instrument of",
        r"Trojan horse",
        rf"oppos\w* (?:the )?(?:so-called )?{_NORM}",
        r"(?<!not )contradict\w*",
        r"in the name of (?:the )?(?:R2P|responsibility|humanitarian|protection)",
        r"licen[cs]e to",
        r"neo-?coloniali\w+",
        r"imperiali\w+",
        r"interventionis\w+",
        r"right (?:to|of) (?:humanitarian )?interven\w+",
        r"twist\w*",
        r"overthrow\w*",
    ),
    "C2": _cues(
        r"abused",
        r"misus\w+",
        rf"(?:abuse|misuse) of {_NORM}",
        r"(?:its|possible|potential|any|risk of|prevent|avoid) (?:\w+ )?(?:abuse|misuse)",
        r"selectiv\w+",
        r"in some (?:places|cases|situations|countries) (?:and|but) not (?:in )?others",
        r"risks? becoming",
        r"double standards?",
        r"ulterior",
        r"politici[sz]\w+",
        r"political (?:use|cover|ends|purposes)",
        r"manipulat\w+",
        r"instrumentali[sz]\w+",
        r"responsibility while protecting",
        r"regime change",
        r"hidden agendas?",
        r"warn\w* (?:against|of)",
        r"(?:used|invoked) to justify",
        r"justify (?:military )?(?:intervention|interference)",
        r"interference",
        r"domestic affairs",
        r"(?:applied|used|invoked) (?:only|exclusively)",
        r"violat\w+ (?:the |of )?(?:national )?sovereignty",
        r"stretch\w*",
        r"beyond (?:its|the) (?:scope|mandate|limits)",
        r"never (?:meant|intended)",
        r"(?:powerful|strong)\b[^.]*\bweak",
    ),
    "C3": _cues(
        r"not (?:yet )?(?:been )?(?:internationally |universally |clearly )?"
        r"(?:agreed|defined|endorsed|accepted|recognized)",
        r"still under discussion",
        r"controversial",
        r"ambiguit\w+",
        r"ambiguous",
        r"unclear",
        r"vague",
        r"lacks? (?:a |any )?(?:clear |precise |agreed |legal )?"
        r"(?:definition|consensus|clarity|basis)",
        r"clearly defined",
        r"better defin\w+",
        r"in-depth discussions?",
        r"sufficient time",
        r"(?<!no )more time",
        r"lack of (?:clarity|consensus)",
        r"no (?:consensus|agreement)",
        r"further consideration",
        r"(?:needs?|needed|requires?|required) (?:to be )?(?:further |more )?"
        r"(?:defin\w+|clarif\w+|discuss\w+|debat\w+|consider\w+)",
        r"further (?:discussions?|debate|consideration|clarification) (?:is|are) "
        r"(?:needed|required)",
    ),
    "C4": _cues(
        r"non-intervention",
        r"non-interference",
        r"internal affairs",
        r"up to (?:each|every) State",
        r"domestic jurisdiction",
        r"(?:full |strict )?respect (?:for |of )?(?:the )?(?:national )?sovereignty",
        r"sovereignty and territorial integrity",
        r"(?:each|every) State alone",
        r"overrid\w+ (?:the )?(?:consent|sovereignty)",
        r"limited to (?:assistance|support|capacity-building|cooperation)",
    ),
    "C5": _cues(
        r"caution",
        r"cautious",
        r"careful",
        r"unfeasible",
        rf"concern\w* (?:about|over|regarding|with) (?:the )?(?:so-called )?{_NORM}",
        r"without a legal framework",
        r"(?:R2P|RtoP|protect|principle|concept|it)[\"\u201d\u2019]? (?:must|should|can) "
        r"(?:not |never )?be (?:used|misused|abused)",
    ),
}
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
    "S1": _cues(
        r"support(?:s|ed|ing)?\b",
        r"welcom\w+",
        r"commend\w*",
        r"applaud\w*",
        r"endors\w+",
        r"importan\w+",
        r"breakthrough",
        r"far-reaching",
        r"most positive",
        r"positive",
        r"milestone",
        r"steps? forward",
        r"progress",
        r"historic",
        r"for the first time",
        r"achievements?",
        r"gains?\b",
        r"advances?\b",
        r"crucial",
        r"essential",
        r"vital",
        r"fundamental",
        r"cause for hope",
        r"merit",
        r"no hesitation",
        r"pleased",
        r"significan\w+",
        r"hopes?\b",
        r"norm\b",
        r"tenet",
        r"standard of",
        r"ideals?",
    ),
    "S2": _cues(
        r"implement\w*",
        r"operationali[sz]\w+",
        r"strengthen\w*",
        r"promot\w+",
        r"integrat\w+",
        r"live up to",
        r"remain true",
        r"into (?:concrete )?action",
        r"concrete application",
        r"application of",
        r"translat\w+ into",
        r"invok\w+",
        r"fail\w*",
        r"ignor\w+",
        r"shied away",
        r"betrayal",
        r"at stake",
        r"no longer be confined",
        r"must act",
        r"should act",
        r"must be",
        r"should be",
        r"need to",
        r"we need",
        r"basis for",
        r"core elements?",
        r"consolidat\w+",
        r"take (?:\w+ )?(?:initiative )?forward",
        r"stand ready",
        r"reaffirm\w*",
        r"reiterat\w*",
        r"commitment",
        r"committed",
    ),
    "S6": _cues(
        r"prevent(?:ion|ive)?\b", r"diploma\w+", r"last (?:resort|recourse)", r"not (?:as )?military"
    ),
    "S4": _cues(r"focal points?", r"group of friends", r"special adviser", r"co-?chair\w*", r"advancing"),
}
# Reported support ("has received broad support") is a report (N2), not the speaker's support.
REPORTED_SUPPORT = _cues(r"(?:received|gained|enjoys|broad|wide|widespread|growing) support")
# N4: welcoming a debate, a discussion or a report rather than the norm.
WELCOMED_DEBATE = _cues(r"welcom\w* (?:the |this |that )?(?:\w+ )?(?:debate|discussion|dialogue|report)s?")
# N1-N5: lists of topics, reports of history and practice, an NGO's name, an illustration.
NEUTRAL = {
    "N4": WELCOMED_DEBATE,
    "N1": _cues(
        r"issues of",
        r"topics?",
        r"agenda items?",
        r"on the agenda",
        r"items? on",
        r"(?:issues|questions|matters|subjects|themes|concepts|notions|areas) "
        r"(?:such as|including|like)",
    ),
    "N2": _cues(
        r"(?:was|were|has been|have been|had been) (?:\w+ )?(?:accepted|agreed|adopted|endorsed|"
        r"recognized|recognised|approved|invoked|discussed|debated|defined|presented|published|issued|"
        r"held|launched|organi[sz]ed|convened|considered|introduced|mentioned|cited|reaffirmed)",
        r"has received",
        r"(?:has |have )?dr[ae]wn? (?:up)?on",
        r"under way",
        r"took place",
        r"takes? note",
        r"referred to",
        r"(?:adopted|agreed (?:on|to|upon)|endorsed|recognized|defined|established|approved) "
        r"(?:the |a |our )?(?:principle|concept|notion|responsibility)",
        r"interactive dialogue",
        r"dialogue on",
        r"debates? on",
        r"discussions? (?:on|of)",
    ),
    "N3": _cues(r"Global Centre for the Responsibility to Protect"),
    "N5": _cues(r"remind\w* us", r"illustrat\w+", r"an example of", r"just as"),
}
CONTRAST = re.compile(r"(?:,|;|—|\band)\s+(?:but|however|yet)\b|\bbut\b|\bhowever\b", re.I)
# A neighbour that evaluates R2P through an anaphor: "that concept", "this major advance", "it is".
ANAPHOR = re.compile(
    r"\b(?:that|this|these|such an?) (?:\w+ )?(?:principles?|concepts?|norms?|doctrine|idea|notion|"
    r"responsibility|commitments?|advances?|achievements?|gains?|steps?|initiatives?|agreements?|"
    r"decisions?|developments?|approach|framework|tool)\b"
    r"|(?:^|[,;:]\s*)(?:it|that|this)\s+(?:is|was|has|will|must|should|remains|represents)\b",
    re.I,
)
