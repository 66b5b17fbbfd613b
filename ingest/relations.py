"""Relations of a passage read from its dependency parse: an actor (the *agent*) applied, called for
or opposed a tool concept, optionally towards a *target*, by the rules of
``../shared/eval/RELATIONS.md``. Precision first: what the rules cannot read safely gives nothing.
``apkg.ingest.clauses`` holds the climb and the words of mode; this module finds the actors.

- **Agent.** From each tool mention the parse is climbed to the first verb with a subject ("the
  Council failed to adopt a draft resolution seeking to refer the situation in Syria to the ICC"
  climbs refer -> seeking -> resolution -> adopt -> failed, whose subject is the Council). The
  subject is an actor mention, the first person in a speech (the speaker's state), or a pronoun
  standing for the actor named as subject just before; a passive needs its "by" agent, an
  agentless passive complement climbs on ("we demand that they be prosecuted"). The caller of a
  that-clause is the agent, its subject the addressee ("we hope that the Council will refer");
  an obligation or an imperative is the speaker's call. The owner of a stance noun ("Botswana's
  commitment to justice", "our demand that ..."), of an effort ("Ukraine's effort to hold
  accountable") and the tool noun's own agent ("the Council's referral", "sanctions imposed by
  the EU", "Swiss mediators", an organisation qualifying it: "United Nations peacekeeping") are
  agents; so are partners ("in cooperation with OHCHR"). Who receives a tool is its target, the
  sender its agent ("we have received rapporteurs sent by OHCHR").
- **Nothing** for questions, negated clauses, conditions, a tool inside a subject or an adjunct
  ("after the negotiations"; its own agents still stand), a copula's description, a condemned or
  escaped tool, a target named before the sentence but not with the tool ("support this
  embargo" where the embargo was not named with its target just before), an actor that
  lifts or eases a tool, or justice among general goods ("peace, justice and development").
- **Target.** An actor or place the tool or its verb is aimed at: after on/against/in/to/for (on
  the noun a tool word qualifies too: "the reconstruction team in Bamyan"), the object of a tool
  verb ("condemned Serbia"), the subject of an agentless passive tool verb ("Milosevic must be
  prosecuted"), its possessor or "by" agent, "the situation in X", each of coordinated targets; a
  condemned "this aggression" takes the author named before; a tool named again ("the embargo")
  takes the target its sentence or the one before gave it.
- **Mode** from the words on the climbed path: refusal (oppose, reject, veto, fail, obstruct,
  dismay, against, calling for lifting) is ``opposed``, and two refusals cancel out; a call, a
  modal or a plan (call, urge, must, have to, will, intend, essential) ``urged``; a reported act
  or attempt ``did``.

Each relation keeps its pattern and a confidence: the pattern's prior, lowered with each word
passed on the climb; ``THRESHOLD`` was chosen under cross-validation (``benchmarks/relations.py``).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from apkg.ingest.clauses import (
    ADDRESSEE_PREPOSITIONS,
    CONDEMN_WORDS,
    DEMONSTRATIVES,
    NORMATIVE_WORDS,
    NOT_APPLYING,
    SUBJECTS,
    TARGET_PREPOSITIONS,
    URGE_WORDS,
    Mode,
    caller_of,
    climb,
    conjuncts,
    cues,
    is_conditional,
    is_deployed,
    is_imperative,
    is_purpose,
    is_topic,
    mode_of,
    names_people,
    points_back,
    refers_back_to,
    steps,
    with_conjuncts,
)
from apkg.ingest.resolve import FIRST_PERSON
from apkg.ontology.load import organisation_iris
from apkg.ontology.namespace import APKG
from apkg.ontology.states import state_register

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Span, Token

    from apkg.records import Mention

TOOL_KIND = "tool"  # RELATIONS.md: only tools, strategies and responses are tools of a relation
# ... and these concepts, which the guideline lists among them though the ontology files them as
# prevention concepts: atrocity, genocide and conflict prevention, the responsibility to protect.
TOOL_CONCEPTS = frozenset(
    str(term)
    for term in (APKG.AtrocityPrevention, APKG.GenocidePrevention, APKG.ConflictPrevention,
                 APKG.ResponsibilityToProtect)
)  # fmt: skip
PLACE_KIND = "place"  # places are targets, never agents
# Concepts that name a situation to fight, not a tool (RELATIONS.md section 1: "we must end impunity"
# gives no relation): a tool label that holds one as its object ("the fight against impunity") is
# no tool word.
SITUATION_KINDS = frozenset({"risk_factor", "indicator"})
# Tools whose word also names a general good (the ontology defines justice in its legal sense),
# and the goods beside which it is one: "peace, justice and development", "freedom and justice".
VALUE_SENSES = frozenset({str(APKG.Justice)})
VALUES = frozenset(
    {"development", "prosperity", "freedom", "liberty", "equality", "equity", "progress",
     "solidarity", "welfare", "happiness", "harmony", "poverty", "fraternity", "tolerance"}
)  # fmt: skip
# Verbs of praise: whom they praise for a tool ("we commend ECOWAS for its mediation") applied it,
# and the one who praises supports it (RELATIONS.md section 2: the user and the supporter).
PRAISE_WORDS = frozenset(
    {"thank", "commend", "congratulate", "praise", "salute", "applaud", "hail", "laud", "compliment"}
)
# Verbs whose subject receives a tool another applies: "Sudan has received the special rapporteurs".
RECEIVING_VERBS = frozenset({"receive", "host", "accept"})
# Verbs that aim what they are said of at their object: "a sanctions regime targeting the military".
AIMING_VERBS = frozenset({"target", "aim", "direct"})
# Third-person subject pronouns, which stand for an actor named as a subject just before.
PRONOUNS = frozenset({"it", "they", "he", "she"})

# Words of acting or speaking together: who is "with" the subject shares its act or call.
PARTNER_WORDS = frozenset(
    {"cooperation", "partnership", "collaboration", "coordination", "conjunction", "agree", "concur"}
)
# Nouns of a change brought to something ("the reconstruction of Iraq"), besides those in -ization:
# what follows their "of" undergoes the tool.
CHANGE_NOUNS = frozenset(
    {"reconstruction", "rebuilding", "rehabilitation", "recovery", "restoration", "reintegration",
     "reunification", "reform", "pacification", "liberation", "transformation", "reconciliation"}
)  # fmt: skip
# Participles that name people by the group they belong to, with the prepositions that follow.
AFFILIATION_WORDS = frozenset({"affiliate", "associate", "link", "tie", "ally"})  # lemmas
AFFILIATION_PREPOSITIONS = ("with", "to")
DEFINITE = DEMONSTRATIVES | {"the"}  # the determiners of a noun named before
# Nouns of a stance towards a tool, with the cue of their mode: an actor's commitment, support,
# decision or resolution is its act (did), its call, demand or hope a call (urged: "it is our hope
# that the Council will ..."), its opposition a refusal (opposed).
STANCE_NOUNS = {
    "commitment": "support", "support": "support", "contribution": "contribute",
    "call": "call", "demand": "demand", "appeal": "appeal", "proposal": "propose",
    "request": "request", "opposition": "oppose", "rejection": "reject",
    "decision": "decide", "resolution": "decide", "determination": "determined",
    "hope": "hope", "wish": "wish", "expectation": "expect",
}  # fmt: skip
# Nouns a first-person possessive turns into the speaker's state ("my Government", "our delegation").
SPEAKER_NOUNS = frozenset({"government", "delegation", "country", "nation", "state", "administration"})
_NOT_IN_LABEL = frozenset({"to", "for"})  # inside a tool's label they name its forum or purpose
_MODIFIERS = frozenset({"compound", "poss", "amod", "nmod"})  # "Ethiopia's invasion", "US interference"
_CLAUSES_OF_NOUNS = frozenset({"acl", "relcl"})  # "the effort to ...", "the efforts that X made"
_MARKUP = re.compile(r"\*+|#+|(?<!\w)_+|_+(?!\w)")  # emphasis and heading marks, not snake_case
# Prior confidence of each pattern (fixed by the form of the rule, not fitted): a named subject
# is surer than "we", a passive's "by" agent or a noun's own agent. Each step between the tool and
# its agent's verb (a word passed on the way up, not a preposition or conjunction) multiplies it by
# STEP_DECAY: the further the tool, the likelier the parse or the reading goes astray. The
# threshold a relation needs is chosen under cross-validation (benchmarks/relations.py).
PATTERNS: dict[str, float] = {
    "clause": 0.9, "stance_noun": 0.8, "first_person": 0.8, "praised": 0.8, "speaker_normative": 0.7,
    "passive_by": 0.7, "pronoun": 0.7, "partner": 0.7, "noun_agent": 0.6
}  # fmt: skip
STEP_DECAY = 0.9
# The confidence a relation needs: of 5 seeded folds of dev2, three chose 0.472 and two 0.525 on
# the other four (best F0.5; benchmarks/relations.py), i.e. a named subject up to six steps from the
# tool, "we" or a stance's owner up to five, an obligation's speaker, a pronoun or a passive's "by"
# agent up to three, a noun's own agent up to two.
THRESHOLD = 0.47


@dataclass(frozen=True)
class Anchor:
    """A concept or actor mention located in a passage: its IRI, kind and character span."""

    iri: str
    kind: str
    start: int
    end: int


@dataclass(frozen=True)
class Relation:
    """An agent applied (``did``), called for (``urged``) or rejected (``opposed``) a tool, towards
    a target (``None`` when the passage names none); ``start``/``end`` are the sentence's span in
    the passage, ``pattern`` the rule that found it."""

    agent: str
    tool: str
    target: str | None
    mode: Mode
    pattern: str
    confidence: float
    start: int
    end: int


def anchors(mentions: Iterable[Mention], offset: int = 0) -> list[Anchor]:
    """The mentions as anchors in a passage that starts at ``offset`` of its document."""
    return [Anchor(m.target, m.kind, m.char_start - offset, m.char_end - offset) for m in mentions]


def find_relations(
    doc: Doc,
    concepts: Sequence[Anchor],
    actors: Sequence[Anchor],
    *,
    speaker: str | None = None,
    organisations: Collection[str] | None = None,
    patterns: Iterable[str] = PATTERNS,
    threshold: float = THRESHOLD,
) -> list[Relation]:
    """The relations of the parsed passage ``doc`` between its tool ``concepts`` and its ``actors``
    (places included, as targets); ``speaker`` is the state a speech's first person stands for,
    ``organisations`` the actors that name a tool they run ("United Nations peacekeeping"; by
    default the ontology's organisations).
    ``patterns`` are the rules to use (all by default), ``threshold`` the confidence a relation
    needs (0 for every relation found). One relation per (agent, tool, target, mode), the surest kept;
    none without a target where its sentence gives the same agent, tool and mode one."""
    reader = _Reader(doc, actors, speaker, organisation_iris() if organisations is None else organisations)
    allowed = set(patterns)
    situations = [c for c in concepts if c.kind in SITUATION_KINDS]
    found: dict[tuple[str, str, str | None, Mode], Relation] = {}
    for tool in sorted(
        (c for c in concepts if c.kind == TOOL_KIND or c.iri in TOOL_CONCEPTS), key=lambda c: c.start
    ):
        span = doc.char_span(tool.start, tool.end, alignment_mode="expand")
        if span is None or all(t.i in reader.actor_at for t in span):
            continue  # a tool word inside a name ("the Office on Genocide Prevention") applies nothing
        if any(tool.start <= s.start and s.end <= tool.end for s in situations):
            continue  # "the fight against impunity" names the risk, not a tool
        if tool.iri in VALUE_SENSES and is_among_values(span.root):
            continue  # "the road to peace, justice and development": a goal, not the legal tool
        for relation in reader.relations(span, tool.iri):
            key = relation.agent, relation.tool, relation.target, relation.mode
            if relation.pattern not in allowed or relation.confidence < threshold:
                continue
            if key not in found or found[key].confidence < relation.confidence:
                found[key] = relation
    # "the United States provides security assistance to partners in Africa" under the heading
    # "Security Assistance": the statement has its target; the same statement without it is no other
    aimed = {(r.agent, r.tool, r.mode, r.start) for r in found.values() if r.target is not None}
    return [r for r in found.values() if r.target or (r.agent, r.tool, r.mode, r.start) not in aimed]


def is_definite(noun: Token) -> bool:
    """Whether the tool noun ``noun`` refers to one named before: "the embargo", "this embargo"."""
    return noun.pos_ == "NOUN" and any(c.dep_ == "det" and c.lower_ in DEFINITE for c in noun.children)


def previous_sentence_start(word: Token) -> int:
    """The index of the first word of the sentence before ``word``'s (of its own, if the first)."""
    sentence = word.sent
    return word.doc[sentence.start - 1].sent.start if sentence.start else sentence.start


def changes_its_complement(noun: Token) -> bool:
    """Whether the tool noun names a change brought to what its of-complement names, who then
    undergoes it rather than applies it: "the reconstruction of Iraq", "the stabilization of Mali"
    (a noun of ``CHANGE_NOUNS`` or one in -ization), unlike "the assistance of Japan"."""
    word = noun.lemma_.lower()
    return word in CHANGE_NOUNS or word.endswith(("ization", "isation"))


def is_of_complement(word: Token, noun: Token) -> bool:
    """Whether ``word`` completes ``noun`` through "of" ("the imposition of sanctions")."""
    return word.dep_ == "pobj" and word.head.lower_ == "of" and word.head.head.i == noun.i


def is_among_values(word: Token) -> bool:
    """Whether ``word`` is coordinated with a general good (``VALUES``): "peace, justice and
    development", "the pursuit of freedom and justice"."""
    head = word
    while head.dep_ == "conj":
        head = head.head
    return any(t.lemma_.lower() in VALUES for t in with_conjuncts([head]) if t.i != word.i)


def _subject_call(root: Token, path: Sequence[Token]) -> Mode | None:
    """The mode of the call a clause makes on the tool ``root`` in its subject, where the clause
    states an obligation ("Early action of the United Nations is crucial": urged; "the embargo
    must end": opposed); None for any other clause, and for a negated one ("need not be")."""
    subject = path[-1]
    if subject.dep_ != "nsubj":
        return None
    predicate = [subject, subject.head]
    words = cues(predicate)
    if not words & NORMATIVE_WORDS or any(c.dep_ == "neg" for t in predicate for c in t.children):
        return None
    return mode_of(words, [root, subject.head])


def parse(text: str, nlp: Language | None = None) -> Doc:
    """The passage parsed for ``find_relations`` (by ``nlp``, default the shared parser), its
    markdown marks blanked first (``without_markup``)."""
    from apkg.ingest.parser import load_parser

    return (nlp or load_parser())(without_markup(text))


def without_markup(text: str) -> str:
    """``text`` with its markdown marks ("**Sudan**", "### Article 4") blanked: they split names and
    clauses in the parse, and blanks keep every character offset."""
    return _MARKUP.sub(lambda m: " " * len(m.group()), text)


def speaker_of(mentions: Iterable[Mention]) -> str | None:
    """The state a speech's first person stands for, as the extractor resolved it (None elsewhere)."""
    from apkg.ingest.resolve import RESOLVE_EXTRACTOR

    return next(
        (
            m.target
            for m in mentions
            if m.extractor == RESOLVE_EXTRACTOR and m.surface.lower() in FIRST_PERSON
        ),
        None,
    )


class _Reader:
    """The actors of one parsed passage by token, and the rules that read relations from it."""

    def __init__(
        self, doc: Doc, actors: Sequence[Anchor], speaker: str | None, organisations: Collection[str]
    ) -> None:
        self.speaker = speaker
        self.organisations = organisations
        self.actor_at: dict[int, str] = {}
        self.place_at: set[int] = set()  # the words of places, which are targets and never agents
        self.subjects: list[tuple[int, str]] = []  # actors (not places) named as a clause's subject
        # each tool's targets where the passage last named them, by the start of that sentence
        self.aimed: dict[str, tuple[int, list[str]]] = {}
        for actor in sorted(actors, key=lambda a: a.start - a.end):  # the longest name holds a word
            span = doc.char_span(actor.start, actor.end, alignment_mode="expand")
            for token in span or ():
                self.actor_at.setdefault(token.i, actor.iri)
                if actor.kind == PLACE_KIND:
                    self.place_at.add(token.i)
            head = span.root if span else None
            if head is not None and actor.kind != PLACE_KIND and refers_back_to(head):
                self.subjects.append((head.i, actor.iri))
        self.subjects.sort()

    def relations(self, tool: Span, iri: str) -> Iterator[Relation]:
        root = tool.root
        sentence = root.sent
        if sentence.text.rstrip().endswith("?"):
            return  # a question asks, it reports or calls for nothing (RELATIONS.md section 3)
        path, verb, aside = climb(root)
        stance = self._stance(path)
        if stance is not None:  # "Botswana's commitment to international criminal justice"
            path, owner = stance
            if not any(c.dep_ == "neg" for t in path for c in t.children):
                yield from self._owned(tool, iri, path, owner)
            return
        inner = path  # the words up to the clause's own verb: its agent's mode
        if verb is not None and verb.dep_ in _CLAUSES_OF_NOUNS and verb.head.dep_ == "dobj" and not aside:
            # "supports Ukraine's effort to hold accountable ...", "supports the efforts that the
            # United Nations has made to monitor ...": the effort's owner, and above it the
            # supporter (section 2: the user and the supporter)
            outer, verb_above, aside = climb(verb.head)
            path = path + outer  # the noun ("effort") and up to the supporter's verb
        else:
            verb_above = None
        caller = caller_of(verb) if verb is not None else None
        if verb is not None and caller is not None:
            path += [t for t in verb.ancestors if t.i != caller.i and caller.is_ancestor(t)] + [caller]
            verb, inner = caller, path  # "we hope that the Council will refer ...": the one who hopes calls
        own_modes = dict(self._noun_agents(root))
        if aside or any(c.dep_ == "neg" for t in path for c in t.children):
            # precision first: a negated clause is not read ("must not become the use of force");
            # what the tool's own words report stands: "cannot withdraw arrest warrants issued by
            # the ICC", "despite the Council's sanctions", "with the help of Swiss mediators"
            owners = [*own_modes, *(self._modifiers(root) if names_people(root) else ())]
            reported = [(a, "noun_agent", own_modes.get(a) or "did") for a in owners if a != self.speaker]
            called = _subject_call(root, path)
            if called is not None:
                # "Early action of the United Nations is crucial": the speaker calls for it, and
                # the United Nations is only whom the call is addressed to; what a participle
                # reports stands ("the embargo imposed by Canada must end")
                reported = [(a, "noun_agent", said) for a in owners if (said := own_modes.get(a)) is not None]
                if self.speaker is not None:
                    reported.append((self.speaker, "speaker_normative", called))
            yield from self._emit(tool, iri, [root], reported, self._targets(root, tool, iri, [root], owners))
            return
        words = cues(path)
        imperative = verb is None and is_imperative(path[-1])  # "Bring the perpetrators to justice!"
        mode = mode_of(words | ({"call"} if imperative else set()), path)
        if mode is None or words & NOT_APPLYING or is_conditional(verb) or is_topic(path) or is_purpose(path):
            # lifting a tool, escaping it ("thinks it will escape accountability"), condemning it
            # ("condemns US military interference"), watching it ("follow the peace process"), a
            # condition ("if the Council imposes ..."), a topic ("a debate on sanctions") or a
            # purpose ("essential to prevention")
            return
        if verb is not None and verb.lemma_ == "be" and any(t.dep_ == "attr" for t in path):
            return  # "the Court is a pillar of international justice" describes, it reports no act
        own = list(own_modes)
        targets = self._targets(root, tool, iri, path, own)
        if not targets and points_back(root):
            # "Israel launched an aggression. We condemn this aggression": a condemned act's author
            # is named before; other tools' targets are not read back (the relation is not whole)
            author = self._antecedent(root, here=False) if root.lemma_.lower() in CONDEMN_WORDS else None
            if author is None:
                return
            targets = [author[0]]
        agents = (
            [(*a, mode_of(cues(inner), inner) or mode) for a in self._clause_agents(verb)] if verb else []
        )
        if verb_above is not None:
            agents += [(*a, mode) for a in self._clause_agents(verb_above)]
        modifiers = list(self._modifiers(root))
        if names_people(root) and (modifiers or not is_deployed(root)):
            # "our Swiss mediators": people, whose state is their modifier; "deployed observers"
            # is the deployer's act
            named = [actor for actor in modifiers if actor != self.speaker] or modifiers  # "our Swiss"
            agents = [(actor, "noun_agent", mode) for actor in named]
        if words & NORMATIVE_WORDS or imperative:  # an obligation: the speaker calls, a subject is addressed
            if caller is None:  # "Canada insists that Japan should ...": Canada calls
                speaking = any(agent[1] == "first_person" for agent in agents)  # and who agrees
                agents = [a for a in agents if a[1] == "first_person" or (speaking and a[1] == "partner")]
            if self.speaker is not None and not agents:
                agents = [(self.speaker, "speaker_normative", mode)]
        if verb is not None and verb.lemma_.lower() in RECEIVING_VERBS:
            # "we have received special rapporteurs sent by OHCHR": who receives a tool is where it
            # goes (unless the sentence says where), the sender applies it
            targets = targets or [agent for agent, _ in self._clause_agents(verb) if agent not in own]
            agents = []
        # "We welcome the Council's referral", "we commend ECOWAS for its mediation": the supporter
        # and the user (section 2).
        agents += [(agent, "noun_agent", own_modes[agent] or mode) for agent in own]
        if verb is not None:
            agents += [(agent, "praised", "did") for agent in self._praised(verb, path) if agent not in own]
        yield from self._emit(tool, iri, path, agents, targets)

    def _emit(
        self,
        tool: Span,
        iri: str,
        path: Sequence[Token],
        agents: Iterable[tuple[str, str, Mode]],
        targets: Sequence[str],
    ) -> Iterator[Relation]:
        """One relation per agent (by its pattern and mode) and target other than itself, unless it
        opposes the tool; the confidence is the pattern's prior lowered with each step of ``path``."""
        sentence = tool.root.sent
        for agent, pattern, mode in dict.fromkeys(agents):
            if any(self.actor_at.get(t.i) == agent for t in tool):
                continue  # "United Nations peacekeepers": the actor names the tool, it does not use it
            confidence = round(PATTERNS[pattern] * STEP_DECAY ** steps(path), 3)
            # a state opposes a tool against itself ("the embargo against us must be lifted")
            aims: list[str | None] = [t for t in targets if t != agent or mode == "opposed"]
            for target in aims or [None]:
                yield Relation(
                    agent, iri, target, mode, pattern, confidence, sentence.start_char, sentence.end_char
                )

    def _stance(self, path: list[Token]) -> tuple[list[Token], tuple[str, str]] | None:
        """The path up to a stance noun above the tool and the stance's owner, when an actor or
        the first person owns it ("Botswana's commitment to justice", "our demand that they be
        extradited"): the owner is the agent, whatever the clause around says of the stance."""
        for k, token in enumerate(path[1:], start=1):
            if path[k - 1].dep_ == "conj":
                continue  # "our rejection and condemnation of ...": a sibling, not the stance on it
            if token.pos_ == "NOUN" and token.lemma_.lower() in STANCE_NOUNS:
                owners = (self._actor(c) for c in token.children if c.dep_ in ("poss", "compound"))
                owner = next((o for o in owners if o), None)
                return (path[: k + 1], owner) if owner else None
        return None

    def _owned(self, tool: Span, iri: str, path: list[Token], owner: tuple[str, str]) -> Iterator[Relation]:
        """The relations of a stance's owner to the tool below it, in the stance's mode."""
        words = cues(path) | {STANCE_NOUNS[path[-1].lemma_.lower()]}
        mode = mode_of(words, path)
        targets = self._targets(tool.root, tool, iri, path, [])
        if mode is None or (not targets and points_back(tool.root)):
            return
        pattern = owner[1] if owner[1] == "first_person" else "stance_noun"
        yield from self._emit(tool, iri, path, [(owner[0], pattern, mode)], targets)

    def _actor(self, token: Token) -> tuple[str, str] | None:
        """The actor a subject word names, with the pattern: an actor mention, or the first person."""
        if self.speaker is not None and token.lower_ in FIRST_PERSON:
            return self.speaker, "first_person"
        if token.i in self.actor_at:
            return self.actor_at[token.i], "clause"
        if token.lower_ in PRONOUNS:
            return self._antecedent(token)
        for child in token.children:  # "the Council's members", "the Sudanese Government"
            if child.dep_ == "compound" and token.pos_ == "PROPN":
                continue  # "the EU Advisory Group" is a body of its own, not the EU
            if child.dep_ in _MODIFIERS and child.i in self.actor_at:
                return self.actor_at[child.i], "clause"
        if self.speaker is None:
            return None
        if token.lemma_.lower() in SPEAKER_NOUNS and any(
            c.dep_ == "poss" and c.lower_ in FIRST_PERSON for c in token.children
        ):
            return self.speaker, "first_person"
        return None

    def _antecedent(self, word: Token, *, here: bool = True) -> tuple[str, str] | None:
        """The actor a subject pronoun refers back to: the last actor named as a subject before
        it in its sentence, else the object of a verb its clause hangs on ("we commend the Union
        for the role it played"), else the last subject of the sentence before ("The Union wants
        peace. It is prepared to deploy ..."); with ``here`` False, only the last (a
        demonstrative's act)."""
        sentence = word.sent
        if here:
            named = [actor for i, actor in self.subjects if sentence.start <= i < word.i]
            named = named or self._objects_above(word)
            if named:
                return named[-1], "pronoun"
        start = previous_sentence_start(word)
        before = [actor for i, actor in self.subjects if start <= i < sentence.start]
        return (before[-1], "pronoun") if before else None

    def _objects_above(self, word: Token) -> list[str]:
        """The actors named before ``word`` as the object of a verb its clause hangs on, farthest
        first: "we commend the United Nations for the role that it has played" (it: the United
        Nations), "the Council asked Sudan to report on the steps it has taken"."""
        return [
            self.actor_at[c.i]
            for verb in reversed(list(word.ancestors))
            if verb.pos_ == "VERB"
            for c in verb.children
            if c.dep_ == "dobj" and c.i < word.i and c.i in self.actor_at
        ]

    def _clause_agents(self, verb: Token) -> Iterator[tuple[str, str]]:
        subjects = [c for c in verb.children if c.dep_ in SUBJECTS]
        if subjects and subjects[0].tag_ in ("WDT", "WP") and verb.dep_ == "relcl":
            subjects = [verb.head]  # "the Council, which imposed sanctions"
        pattern_of = None
        by = [g for c in verb.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
        if not subjects and by:
            subjects, pattern_of = by, "passive_by"
        elif not subjects and verb.dep_ == "acl" and verb.tag_ != "VBN":
            subjects = [verb.head]  # "the mediator organizing the negotiations"
        elif not subjects and verb.pos_ == "NOUN":
            subjects = [c for c in verb.children if c.dep_ == "poss"]  # "our hope that ...": its owner
        for subject in with_conjuncts(subjects):
            found = self._actor(subject)
            if found is not None:
                yield found[0], pattern_of or found[1]
        if subjects:
            yield from ((actor, "partner") for actor in self._partners(verb))

    def _praised(self, verb: Token, path: Sequence[Token]) -> Iterator[str]:
        """The actors ``verb`` praises for the tool its ``path`` comes up from ("we commend ECOWAS
        for its mediation efforts", "thanked the Secretary-General for deploying observers",
        "congratulate the Union on its mediation")."""
        if verb.lemma_.lower() not in PRAISE_WORDS:
            return
        below = next((k for k, t in enumerate(path) if t.dep_ == "prep" and t.lower_ in ("for", "on")), None)
        if below is None or verb.i not in (path[below].head.i, path[below].head.head.i):
            return  # the parse hangs "for ..." on the verb or on its object
        if any(t.lemma_.lower() in PRAISE_WORDS for t in path[:below]):
            return  # "thank X for its role and thank the mediation team": the second thanks its own
        for word in with_conjuncts(c for c in verb.children if c.dep_ == "dobj"):
            actor = self._actor(word)
            if actor is not None and actor[1] == "clause":  # named, not "we" nor a pronoun
                yield actor[0]

    def _partners(self, verb: Token) -> Iterator[str]:
        """The actors a clause's subject acts with: "in cooperation with OHCHR, we deployed ...",
        "I agree with the Secretary-General that ..."."""
        for prep in (c for c in verb.children if c.dep_ == "prep"):
            if prep.lower_ == "with" and verb.lemma_.lower() in PARTNER_WORDS:
                heads = [verb]
            elif prep.lower_ == "in":
                heads = [g for g in prep.children if g.dep_ == "pobj" and g.lemma_.lower() in PARTNER_WORDS]
            else:
                continue
            for head in heads:
                for with_ in (c for c in head.children if c.dep_ == "prep" and c.lower_ == "with"):
                    for word in with_conjuncts(g for g in with_.children if g.dep_ == "pobj"):
                        if word.i in self.actor_at:
                            yield self.actor_at[word.i]

    def _noun_agents(self, root: Token) -> Iterator[tuple[str, Mode | None]]:
        """The tool noun's own agents, with the mode a participle or a relative clause gives them
        (None: the clause's): "the Council's referral", "sanctions by the EU", "the embargo called
        for by the UN", "the sanctions that the EU imposed"; an organisation that qualifies it ("United
        Nations peacekeeping", "EU sanctions": a state may be the target instead, "Iran sanctions"),
        or that follows "of" ("the humanitarian work of UNHCR")."""
        if root.pos_ not in ("NOUN", "PROPN"):
            return
        for child in root.children:
            actor = self.actor_at.get(child.i)
            if actor is not None and (
                child.dep_ == "poss" or (child.dep_ == "compound" and actor in self.organisations)
            ):
                yield actor, None
        if root.lemma_.lower() not in CONDEMN_WORDS and not changes_its_complement(root):
            # "the condemnation of X" and "the reconstruction of X" are aimed at X
            # "the humanitarian work of UNHCR": an organisation after "of" runs the tool
            for of in (c for c in root.children if c.dep_ == "prep" and c.lower_ == "of"):
                for word in (g for g in of.children if g.dep_ == "pobj"):
                    if self.actor_at.get(word.i) in self.organisations:
                        yield self.actor_at[word.i], None
        yield from ((actor, None) for actor in self._by_agents(root))
        for child in root.children:
            if child.dep_ == "acl" and child.tag_ == "VBN":
                agents = list(self._by_agents(child))
            elif child.dep_ == "relcl" and child.pos_ == "VERB":  # "the sanctions that the EU imposed"
                subjects = [c for c in child.children if c.dep_ == "nsubj"]
                agents = [self.actor_at[s.i] for s in with_conjuncts(subjects) if s.i in self.actor_at]
            else:
                continue
            cues = {child.lemma_.lower()} | {c.lemma_.lower() for c in child.children if c.dep_ == "aux"}
            if cues & NOT_APPLYING or any(c.dep_ == "neg" for c in child.children):
                continue
            mode = mode_of(cues, [root, child])
            yield from ((actor, mode) for actor in agents if mode)

    def _by_agents(self, word: Token) -> Iterator[str]:
        """The actors after "by" under ``word`` ("sanctions by the EU", "imposed by Canada")."""
        for child in word.children:
            if child.dep_ in ("prep", "agent") and child.lower_ == "by":
                for pobj in with_conjuncts([g for g in child.children if g.dep_ == "pobj"]):
                    if pobj.i in self.actor_at:
                        yield self.actor_at[pobj.i]

    def _modifiers(self, word: Token) -> Iterator[str]:
        """The actors among the modifiers of ``word`` ("Swiss mediators", "the Council's experts")."""
        for child in word.children:
            if child.dep_ in _MODIFIERS and child.i in self.actor_at:
                yield self.actor_at[child.i]

    def _targets(
        self, root: Token, tool: Span, iri: str, path: Sequence[Token], own: Sequence[str]
    ) -> list[str]:
        """The actor or place the tool is aimed at, the nearest one outside ``own`` (the tool's own
        agents), and those coordinated with it ("sanctions on Iran and Syria"): one relation each.
        A tool named again with no word of its own for the target ("the embargo against Cuba ...
        We call for the lifting of the embargo", "this embargo"; not "the sanctions imposed on
        it") is aimed where its sentence or the one before named it."""
        referred = False  # "imposed on it": aimed at what the pronoun stands for
        for word in self._target_words(root, tool, path):
            named = [actor for actor in self._named(word) if actor not in own]
            if named:
                coordinated = (next(self._named(c), None) for c in with_conjuncts(conjuncts(word)))
                targets = list(dict.fromkeys([named[0], *(a for a in coordinated if a and a not in own)]))
                self.aimed[iri] = (root.sent.start, targets)
                return targets
            referred = referred or word.tag_ == "PRP"
        sentence, targets = self.aimed.get(iri, (-1, []))
        if referred or not is_definite(root) or sentence < previous_sentence_start(root):
            return []
        return [target for target in targets if target not in own]

    def _target_words(self, root: Token, tool: Span, path: Sequence[Token]) -> Iterator[Token]:
        """The words that may name what the tool is aimed at, nearest first: after on/against/in/to/
        for, or the object of a tool verb ("condemned Serbia", "refer the situation in Syria")."""
        if root.pos_ == "VERB":  # "Milosevic should be held accountable": the accused
            yield from (c for c in root.children if c.dep_ == "nsubjpass")
            if not any(c.dep_ == "dobj" and c.tag_ != "WDT" for c in root.children):
                # "monitor and improve the situation": the object they share
                for verb in with_conjuncts(conjuncts(root)):
                    yield from (c for c in verb.children if c.dep_ == "dobj")
        heads = [root, *(t for t in path if t.pos_ in ("VERB", "AUX"))][:2]
        # the noun the tool completes: "the deployment of observers in Darfur", "the restoration
        # of the rule of law in Burma"
        if len(path) > 2 and path[1].lower_ == "of" and path[2].pos_ == "NOUN":
            heads.insert(1, path[2])
        # the noun the tool word qualifies: "the reconstruction team in Bamyan", "a monitoring
        # mission to Georgia"
        if root.dep_ in ("compound", "amod") and root.head.pos_ in ("NOUN", "PROPN"):
            heads.insert(1, root.head)
        # the object inside a verb's label and the complement inside a noun's: "imposed sanctions
        # on Iran" and "the imposition of sanctions on Iran" hang "on" on "sanctions"
        heads[1:1] = [
            t for t in tool if (t.head.i == root.i and t.dep_ == "dobj") or is_of_complement(t, root)
        ]
        # the participle or relative clause that applies the tool noun: "the embargo imposed on
        # Cuba", "the sanctions that the EU imposed on Iran"
        heads[1:1] = [c for c in root.children if (c.dep_ == "acl" and c.tag_ == "VBN") or c.dep_ == "relcl"]
        # last, the agent's verb: "In Sudan, USAID intends to strengthen monitoring"
        heads += [t for t in path[-1:] if t.pos_ in ("VERB", "AUX") and t not in heads]
        # what a participle or relative clause aims the tool at: "a sanctions regime targeting X"
        for clause in (c for c in root.children if c.dep_ in _CLAUSES_OF_NOUNS):
            if clause.lemma_.lower() in AIMING_VERBS:
                yield from (g for g in clause.children if g.dep_ == "dobj")
        for head in heads:
            for child in head.children:
                if child.i in range(tool.start, tool.end) and head is not root:
                    continue
                if (
                    child.dep_ == "prep"
                    and child.lower_ in ADDRESSEE_PREPOSITIONS
                    and head.lemma_.lower() in URGE_WORDS
                ):
                    continue  # "we call on the United States to end the embargo": the addressee
                if child.dep_ == "prep" and child.lower_ in TARGET_PREPOSITIONS:
                    if child.lower_ in _NOT_IN_LABEL and child in tool:
                        continue  # "to" of "referral to the ICC" names the court, not the target
                    # not the tool itself ("participate in a United Nations peacekeeping mission")
                    yield from (g for g in child.children if g.dep_ == "pobj" and g not in tool)
                elif child.dep_ == "dobj" and (head is root or head in tool):
                    yield child
        if root.pos_ == "NOUN":
            # "the investigation of violations in Darfur": what the of-complement names, not the
            # complement itself when it is an actor ("the sanctions of the Council" are its own);
            # a place applies nothing ("the reconstruction of Darfur"), and what a change is
            # brought to undergoes it ("the reconstruction of Iraq")
            changes = changes_its_complement(root)
            for of in (c for c in root.children if c.dep_ == "prep" and c.lower_ == "of"):
                yield from (
                    g for g in of.children
                    if g.dep_ == "pobj" and (changes or g.i not in self.actor_at or g.i in self.place_at)
                )  # fmt: skip
        for token in tool:  # "refer the situation in Darfur to the ICC": a gap label holds it
            if (
                token.dep_ == "pobj"
                and token.head in tool
                and token.head.lower_ in TARGET_PREPOSITIONS - _NOT_IN_LABEL
            ):
                yield token

    def _named(self, word: Token, depth: int = 3) -> Iterator[str]:
        """The actor or place ``word`` names: itself, its possessor or modifier ("Ethiopia's
        invasion"), or, through "in"/"of", the one its complement names ("the situation in X",
        "allegations of violations in X", "crimes committed in X", and after an affiliation:
        "persons affiliated with X"), nearest first. Not through
        "against"/"on": in "condemned the aggression against X" X is the victim, not whom the
        condemnation is aimed at."""
        if word.i in self.actor_at:
            yield self.actor_at[word.i]
            return
        yield from self._modifiers(word)
        # a state's demonym on a situation or a population names the state as the target ("an
        # investigation of the Georgian conflict", "assistance to Syrian refugees")
        register = state_register()
        for child in word.children:
            if child.dep_ in _MODIFIERS and (state := register.state_of_demonym(child.text)):
                yield state
        participles = [c for c in word.children if c.dep_ == "acl" and c.tag_ == "VBN"]
        # "the intervention by the Soviet Union", like its possessor; "the killings in the mall
        # committed by Al-Shabaab": the author before the place
        for head in (word, *participles):
            yield from self._by_agents(head)
        if depth == 0:
            return
        for head in (word, *participles):
            # "persons affiliated with the Russian military": people named by whom they belong to
            through = (
                ("in", "of", *AFFILIATION_PREPOSITIONS)
                if head.lemma_.lower() in AFFILIATION_WORDS
                else ("in", "of")
            )
            for child in head.children:
                if child.dep_ == "prep" and child.lower_ in through:
                    for g in with_conjuncts(g for g in child.children if g.dep_ == "pobj"):
                        yield from self._named(g, depth - 1)
