"""How a clause of the dependency parse bears on a tool mention, for ``apkg.ingest.relations``:
the climb from the tool to the verb whose subject acts, the words on the way that set the mode
(did, urged, opposed), and the shapes that report nothing (conditions, escaping, lifting)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from itertools import pairwise
from typing import TYPE_CHECKING, Literal

from apkg.ingest.resolve import FIRST_PERSON

if TYPE_CHECKING:
    from spacy.tokens import Token

Mode = Literal["did", "urged", "opposed"]

# Verbs, adjectives and prepositions on the path from the tool to its agent that make the tool
# refused or blocked (RELATIONS.md section 2: "rejects", "failed to adopt"), obstruction included
# ("the RSF delay and disrupt humanitarian operations"), and dismay at it ("appalled at the
# decision to ease the sanctions"). Two of them cancel out: "opposing any attempt to impede the
# transition" supports it, and so does regretting the Council's failure to act.
OPPOSE_WORDS = frozenset(
    {"oppose", "reject", "veto", "refuse", "block", "fail", "obstruct", "resist", "impede", "hinder",
     "hamper", "disrupt", "undermine", "sabotage", "thwart", "derail", "frustrate", "delay",
     "appal", "appalled", "dismay", "dismayed", "regret", "disappointed", "disappoint"}
)  # fmt: skip
# Words for lifting or easing a tool: the actor who lifts it has no relation to it, calling for
# the lifting is ``opposed``, opposing the easing is support (section 2).
LIFT_WORDS = frozenset(
    {"lift", "lifting", "remove", "removal", "ease", "easing", "relax", "withdraw", "withdrawal", "suspend",
     "terminate", "abolish", "scrap", "halt", "end", "void", "annul", "annulment", "repeal", "rescind",
     "revoke", "revocation", "cancel", "cancellation", "invalidate", "discontinue"}
)  # fmt: skip
# Words of condemnation. A tool they condemn is an act condemned, not a tool used (section 3: an
# intervention reported as aggression gives no relation, the condemnation is the relation); what
# they condemn may be an act named just before ("this aggression").
CONDEMN_WORDS = frozenset({"condemn", "condemnation", "denounce", "deplore"})
# Subordinators of a condition: the clause they open reports nothing.
CONDITIONS = frozenset({"if", "unless", "until", "once", "whether"})
# Words for escaping a tool (their subject is whom it is aimed at, not who applies it) or for being
# unable to apply it ("the United Nations has been unable to prevent conflicts"): no relation.
EVADE_WORDS = frozenset({"escape", "evade", "elude", "dodge", "unable", "incapable"})
# Verbs of watching: who follows or observes a tool neither applies nor calls for it ("we should
# continue to follow the peace process closely").
WATCH_WORDS = frozenset({"follow", "watch", "observe", "witness"})
# Words whose subject neither applies nor calls for the tool it escapes, condemns or watches.
NOT_APPLYING = EVADE_WORDS | CONDEMN_WORDS | WATCH_WORDS
# Words that make the tool called for, proposed, promised or planned (section 2, ``urged``).
# Words of obligation: "X must/should ..." is a call by whoever speaks, X is its addressee
# (section 3: the agent of ``urged`` is the actor who makes the call).
NORMATIVE_WORDS = frozenset(
    {"must", "should", "ought", "need", "essential", "imperative", "necessary", "vital", "crucial",
     "important"}
)  # fmt: skip
URGE_WORDS = NORMATIVE_WORDS | frozenset(
    {"call", "urge", "appeal", "demand", "request", "recommend", "propose", "encourage", "ask",
     "invite", "hope", "hopeful", "want", "seek", "insist", "advocate", "press", "push", "require",
     "expect", "wish", "plan", "intend", "pledge", "promise", "commit", "prepare", "prepared",
     "consider", "will", "shall", "would", "could", "may", "determined", "ready", "willing", "aim",
     "strive", "determination", "proposal", "can", "petition", "undertake", "importance", "necessity",
     "intention"}
)  # fmt: skip
# Verbs of an attempt: a call in the present ("we seek a referral"), an act reported in the past
# ("we have sought to hold them accountable", "the Union strove to mediate").
ATTEMPT_WORDS = frozenset({"seek", "strive"})
# Modifiers of a tool noun that say it does not exist yet: "the planned monitoring mission".
PROSPECTIVE = frozenset(
    {"planned", "proposed", "future", "envisaged", "prospective", "possible", "potential", "eventual",
     "forthcoming", "upcoming"}
)  # fmt: skip
# Verbs of thanks and acknowledgement, which "would like to" or "wish to" only makes polite.
COURTESIES = frozenset(
    {"thank", "express", "welcome", "commend", "congratulate", "acknowledge", "praise", "salute",
     "pay", "recognize", "recognise", "reiterate", "convey", "extend"}
)  # fmt: skip
# Prepositions after a verb of calling that name whom the call is addressed to ("call on X to").
ADDRESSEE_PREPOSITIONS = frozenset({"on", "upon"})
# Prepositions that name whom a tool is aimed at, where it is applied, or for whose benefit.
TARGET_PREPOSITIONS = frozenset({"on", "against", "in", "upon", "into", "to", "for", "throughout", "across"})
# Prepositions of circumstance: a tool after one of them is not what the verb does ("judge our
# world by the yardstick of justice", "after the negotiations"). "Under" and "as" stay out: "designated
# under the sanctions programme", "support the Court as the mechanism for prosecution".
ADJUNCT_PREPOSITIONS = frozenset(
    {"by", "after", "before", "during", "despite", "since", "from", "within", "without", "among",
     "between", "at", "like", "until", "beyond", "via", "per", "with"}
)  # fmt: skip
# Nouns of an aim after "with", which make it a purpose, not a circumstance ("with a view to").
PURPOSE_NOUNS = frozenset({"view", "aim", "purpose", "objective", "goal", "intention"})
# Nouns of discourse and the prepositions that give their topic: a tool as a topic is talked about.
TOPIC_NOUNS = frozenset(
    {"report", "debate", "discussion", "study", "analysis", "paper", "seminar", "conference", "workshop",
     "meeting", "consultation", "book", "article", "chapter", "lecture", "research", "survey", "briefing",
     "note", "speech", "statement", "remark", "presentation", "panel", "symposium", "course"}
)  # fmt: skip
TOPIC_PREPOSITIONS = frozenset({"on", "about", "regarding", "concerning"})
# Verbs of speaking about something, with the preposition that gives their topic ("" for an object):
# "we refer to the principle of the responsibility to protect", "Canada mentioned the negotiations".
TOPIC_VERBS = {"refer": "to", "mention": "", "discuss": "", "speak": "of", "talk": "about", "allude": "to"}
PERSON_SUFFIXES = ("or", "er", "eur", "ist")  # mediator, peacekeeper, rapporteur, ...
DEMONSTRATIVES = frozenset({"this", "that", "these", "those", "such"})
SUBJECTS = frozenset({"nsubj", "csubj"})
CALLED = frozenset({"ccomp", "xcomp", "acl"})  # what an agentless passive may be the content of
ACTING = frozenset({"nsubj", "nsubjpass"})  # an actor named in these roles can be referred back to
MAX_CLIMB = 8  # dependency steps from the tool up to its agent's verb


def climb(root: Token) -> tuple[list[Token], Token | None, bool]:
    """The tokens from the tool's head up to the first verb with a subject or a "by" agent, that
    verb (None when it has neither, or no such verb is near), and whether the climb stopped because
    the tool stands in a subject ("sanctions have failed", "the imperatives of justice may compete")
    or an adjunct ("after the negotiations"), where the clause says nothing about the tool."""
    path = [root]
    token = root
    for _ in range(MAX_CLIMB):
        if token.pos_ in ("VERB", "AUX") and any(
            c.dep_ in (*SUBJECTS, "nsubjpass", "agent") for c in token.children
        ):
            has_agent = any(c.dep_ in (*SUBJECTS, "agent") for c in token.children)
            if has_agent or token.dep_ not in CALLED:
                return path, token if has_agent else None, False
            # "we demand that those responsible be prosecuted": an agentless passive complement is
            # what the clause above it calls for
        elif token.pos_ == "VERB" and token.dep_ == "acl" and not is_in_order_to(token):
            return path, token, False  # "the mediator organizing the negotiations": the noun acts
        # a clausal subject climbs on: "Strengthening justice is necessary" calls for it
        if token.dep_ == "nsubj" or is_adjunct(token, path[-2] if len(path) > 1 else token):
            return path, None, True
        if token.head.i == token.i:
            break  # the root (spaCy makes a new Token object on each access: compare indexes)
        token = token.head
        path.append(token)
    return path, None, False


def is_in_order_to(verb: Token) -> bool:
    """Whether ``verb`` is the purpose of "in order to", which the parser hangs on the noun "order":
    the purpose of the clause above ("should start an investigation in order to indict him")."""
    return verb.head.lower_ == "order" and verb.head.head.lower_ == "in"


def is_topic(path: Sequence[Token]) -> bool:
    """Whether the tool is the topic of something said or written ("his report on the
    responsibility to protect", "a debate on sanctions", "we refer to the responsibility to
    protect"): it is talked about, not applied or called for (RELATIONS.md section 1)."""
    for token, above in pairwise(path):
        if (
            token.lower_ in TOPIC_PREPOSITIONS
            and above.pos_ == "NOUN"
            and above.lemma_.lower() in TOPIC_NOUNS
        ):
            return True
        topic = TOPIC_VERBS.get(above.lemma_.lower()) if above.pos_ == "VERB" else None
        if topic is not None and (token.lower_ == topic if topic else token.dep_ == "dobj"):
            return True
    return False


def is_purpose(path: Sequence[Token]) -> bool:
    """Whether the tool is what something else is needed for ("the responsibility to protect is
    essential to prevention", "resources are vital for peacekeeping"): the call is for the
    subject, the tool is its purpose."""
    return (
        len(path) > 2
        and path[1].lower_ in ("to", "for")
        and path[1].dep_ == "prep"
        and path[2].pos_ == "ADJ"
        and path[2].lemma_.lower() in NORMATIVE_WORDS
    )


def refers_back_to(name: Token) -> bool:
    """Whether a later pronoun may stand for the actor whose name's head is ``name``: a subject,
    not the first person."""
    return name.dep_ in ACTING and name.lower_ not in FIRST_PERSON


def is_imperative(verb: Token) -> bool:
    """Whether ``verb`` heads an imperative: a main verb in its base form with no subject and no
    auxiliary, and no verb before it in its sentence ("Exonerate the innocent and bring a
    reconciliation of our people."; a root after other verbs is a clause the parse lost the
    subject of: "USAID plans to invest in programs that ..., improve access to justice")."""
    return (
        verb.dep_ == "ROOT"
        and verb.tag_ == "VB"
        and not any(c.dep_ in (*SUBJECTS, "nsubjpass", "aux", "auxpass", "expl") for c in verb.children)
        and not any(t.pos_ in ("VERB", "AUX") for t in verb.doc[verb.sent.start : verb.i])
    )


def is_conditional(verb: Token | None) -> bool:
    """Whether the clause of ``verb`` is a condition or a time to come, which asserts nothing
    ("if the Council imposes sanctions", "as soon as the United Nations deploys peacekeepers")."""
    if verb is None:
        return False
    return verb.head.lower_ == "soon" or any(
        c.dep_ == "mark" and c.lower_ in CONDITIONS for c in verb.children
    )


def is_adjunct(token: Token, below: Token) -> bool:
    """Whether ``token`` is a preposition of circumstance over ``below`` ("after the negotiations");
    "by" before a gerund names the means ("prepared to help by deploying observers"), "with" before
    an aim the purpose ("with a view to ensuring accountability", "with the aim of monitoring"),
    "at" after dismay its object ("appalled at the sanctions")."""
    if token.dep_ != "prep" or token.lower_ not in ADJUNCT_PREPOSITIONS:
        return False
    if token.lower_ == "with" and below.lemma_.lower() in PURPOSE_NOUNS:
        return False
    if token.lower_ == "at" and token.head.lemma_.lower() in OPPOSE_WORDS:
        return False  # "appalled at the sanctions": what the dismay is about
    return not (token.lower_ == "by" and below.dep_ == "pcomp")


def caller_of(verb: Token) -> Token | None:
    """The predicate of a call whose that-clause ``verb`` heads ("we hope that the Council will
    refer ...", "it is essential that States investigate ..."): the caller is its subject, the
    clause's subject only the addressee (RELATIONS.md section 3); or the noun of a call the clause
    completes ("it is our hope that the Council will ..."), whose owner calls. None for other
    clauses."""
    clause = verb
    while clause.dep_ == "conj":  # "will demonstrate strong will and condemn ..."
        clause = clause.head
    if clause.dep_ == "acl" and clause.head.pos_ == "NOUN":
        completes = any(c.dep_ == "mark" and c.lower_ == "that" for c in clause.children)
        return clause.head if completes and clause.head.lemma_.lower() in URGE_WORDS else None
    if clause.dep_ != "ccomp":
        return None
    head = clause.head
    words = {head.lemma_.lower()} | {c.lemma_.lower() for c in head.children if c.dep_ in ("aux", "acomp")}
    if head.dep_ == "acomp":  # "we are hopeful that ...": the clause hangs on the adjective
        head = head.head
    return head if words & URGE_WORDS else None


def names_people(root: Token) -> bool:
    """Whether the tool's word names people who carry it out ("mediators", "peacekeepers",
    "investigators", "rapporteurs") rather than the tool."""
    return root.pos_ == "NOUN" and root.lemma_.lower().endswith(PERSON_SUFFIXES)


def is_deployed(root: Token) -> bool:
    """Whether the people noun ``root`` is the object of the clause, itself or through "of" of it
    ("deployed observers", "deployed a team of observers")."""
    if root.dep_ == "pobj" and root.head.lower_ == "of":
        root = root.head.head
    return root.dep_ == "dobj"


def points_back(root: Token) -> bool:
    """Whether what the tool acts on or is aimed at is a pronoun or a demonstrative phrase
    ("condemn this aggression", "condemned it", "the embargo against that country"): its target was
    named before the sentence."""
    for child in root.children:
        if child.dep_ == "prep" and child.lower_ in ("of", *TARGET_PREPOSITIONS):
            child = next((g for g in child.children if g.dep_ == "pobj"), child)
        elif child.dep_ != "dobj":
            continue
        if child.tag_ == "PRP" or any(d.dep_ == "det" and d.lower_ in DEMONSTRATIVES for d in child.children):
            return True
    return False


def cues(path: Sequence[Token]) -> set[str]:
    """The lemmas on the path above the tool (the tool's own word, "condemns", is no cue about it)
    and of the auxiliaries and adjectival complements of the path's words; a plan where the tool
    or a noun above it is a prospect ("the planned mission", "the planned missions to monitor") or
    the noun a to-clause completes ("plans to deploy"), a hope where it is looked forward to, a call
    where "let us" opens the clause. A verb that a conjoined verb hangs on gives its subject and
    auxiliaries, not its sense ("calls for the release, condemns the torture"); neither does a
    courtesy ("we would like to thank") nor an attempt made ("we have sought to ...")."""
    words: set[str] = set()
    for below, token in zip([None, *path], path, strict=False):
        if (
            below is not None
            and not (below.dep_ == "conj" and below.pos_ == token.pos_ == "VERB")
            and not is_past_attempt(token)
        ):
            words.add(token.lemma_.lower())
        words.update(c.lemma_.lower() for c in token.children if c.dep_ in ("aux", "acomp"))
        if token.pos_ == "NOUN" and any(c.dep_ == "amod" and c.lower_ in PROSPECTIVE for c in token.children):
            words.add("plan")  # "we support the planned monitoring mission"
        if token.lemma_.lower() == "look" and any(c.lower_ == "forward" for c in token.children):
            words.add("hope")  # "we look forward to the deployment"
        if (
            token.lemma_.lower() == "have"
            and below is not None
            and below.dep_ == "xcomp"
            and any(c.dep_ == "aux" and c.lower_ == "to" for c in below.children)
        ):
            words.add("must")  # "we have to invest more in good governance"
        if token.lemma_.lower() in COURTESIES and token.head.lemma_.lower() in ("like", "wish"):
            break  # "would like to" above it makes no call
    last = path[-1]
    if last.dep_ == "acl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in last.children):
        words.add(last.head.lemma_.lower())  # the noun a to-clause completes: "plans to deploy"
    hortative = last.head.lemma_.lower() == "let" and any(c.lower_ == "us" for c in last.children)
    if hortative:
        words.add("call")  # "let us impose sanctions": the speaker calls on all who hear
    return words


def is_past_attempt(word: Token) -> bool:
    """Whether ``word`` reports an attempt made ("we have sought to hold them accountable"): what
    was sought was done, where "we seek" calls for it."""
    return word.lemma_.lower() in ATTEMPT_WORDS and word.tag_ in ("VBD", "VBN")


def mode_of(words: set[str], path: Sequence[Token]) -> Mode | None:
    """Opposed, urged or did, from the cue words of a path ("rejected the sanctions" is opposed)
    and the word that governs the tool; None when the agent lifts, eases or ends the tool. Lifting, and
    "against", concern only the tool they govern ("lifting of the embargo", "voted against the
    sanctions"; not "withdraw its troops under the Ceasefire Agreement")."""
    governor = next((t for t in path[1:] if t.lower_ not in ("of", "to")), None)  # "an end to"
    lifted = governor is not None and any(  # "lift the embargo", "put an end to the embargo"
        word.lemma_.lower() in LIFT_WORDS
        for word in (governor, *(c for c in governor.children if c.dep_ == "dobj"))
    )
    refusals = len(words & OPPOSE_WORDS) + (len(path) > 1 and path[1].lower_ == "against")
    if refusals % 2:
        return "did" if lifted else "opposed"
    if words & URGE_WORDS:
        return "opposed" if lifted else "urged"
    return None if lifted else "did"


def with_conjuncts(tokens: Iterable[Token]) -> Iterator[Token]:
    """Each token and the words coordinated with it ("the United States and the European Union")."""
    for token in tokens:
        yield token
        yield from with_conjuncts(conjuncts(token))


def conjuncts(token: Token) -> Iterator[Token]:
    """The words coordinated directly with ``token``."""
    return (c for c in token.children if c.dep_ == "conj")


def steps(path: Sequence[Token]) -> int:
    """The steps between the tool and its agent's verb that may lead the reading astray: clauses
    and nouns passed on the way up (prepositions and conjunctions are not steps of their own)."""
    return sum(1 for t in path[1:] if t.pos_ not in ("ADP", "CCONJ", "PART"))
