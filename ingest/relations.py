"""Relations of a passage read from its dependency parse: an actor (the *agent*) applied, called for
or opposed a tool concept, optionally towards a *target*, by the rules of
``../shared/eval/RELATIONS.md``. Precision first: what the rules cannot read safely gives nothing.

- **Agent.** From each tool mention the parse is climbed to the first verb with a subject ("the
  Council failed to adopt a draft resolution seeking to refer the situation in Syria to the ICC"
  climbs refer -> seeking -> resolution -> adopt -> failed, whose subject is the Council). The
  subject must be an actor mention, or the first person in a speech (the speaker's state); a
  passive needs its "by" agent. An effort or ability to apply a tool is its owner's ("Ukraine's
  effort to hold accountable") and, when it is the object of a verb, that verb's subject's too. A
  tool noun may carry its own agent ("the Council's referral", "sanctions by the EU", "Swiss
  mediators"). An obligation ("X must/should ...", "it is essential to ...") is the speaker's call,
  its subject the addressee: in a speech the agent is the speaker, elsewhere nobody named.
- **Nothing** for questions, negated clauses, a tool inside a subject or an adjunct ("after the
  negotiations"), a copula's description ("the Court is a pillar of justice"), a target named
  before the sentence ("we condemn this aggression"), or an actor that lifts or eases a tool.
- **Target.** An actor or place the tool or its verb is aimed at: after on/against/in/to/for, the
  object of a tool verb ("condemned Serbia"), its possessor, or "the situation in X".
- **Mode** from the words on the climbed path: refusal (oppose, reject, veto, fail, condemn,
  against, calling for lifting) is ``opposed``; a call, a modal or a plan (call, urge, must, will,
  intend, essential) ``urged``; a reported act ``did``.

Each relation keeps its pattern and a confidence: the pattern's prior, lowered with each step of
the climb; ``THRESHOLD`` was chosen under cross-validation (``benchmarks/relations.py``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from apkg.ingest.resolve import FIRST_PERSON

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

    from apkg.records import Mention

Mode = Literal["did", "urged", "opposed"]
TOOL_KIND = "tool"  # RELATIONS.md: only tools, strategies and responses are tools of a relation

# Verbs, adjectives and prepositions on the path from the tool to its agent that make the tool
# refused or blocked (RELATIONS.md section 2: "rejects", "failed to adopt").
OPPOSE_WORDS = frozenset(
    {"oppose", "reject", "veto", "refuse", "block", "fail", "obstruct", "resist", "against", "denounce",
     "condemn", "deplore"}
)  # fmt: skip
# Words for lifting or easing a tool: the actor who lifts it has no relation to it, calling for
# the lifting is ``opposed``, opposing the easing is support (section 2).
LIFT_WORDS = frozenset(
    {"lift", "lifting", "remove", "removal", "ease", "easing", "relax", "withdraw", "withdrawal", "suspend",
     "terminate", "abolish", "scrap", "halt"}
)  # fmt: skip
# Words that make the tool called for, proposed, promised or planned (section 2, ``urged``).
# Words of obligation: "X must/should ..." is a call by whoever speaks, X is its addressee
# (section 3: the agent of ``urged`` is the actor who makes the call).
NORMATIVE_WORDS = frozenset(
    {"must", "should", "ought", "need", "essential", "imperative", "necessary", "vital", "crucial",
     "important"}
)  # fmt: skip
URGE_WORDS = NORMATIVE_WORDS | frozenset(
    {"call", "urge", "appeal", "demand", "request", "recommend", "propose", "encourage", "ask",
     "invite", "hope", "want", "seek", "insist", "advocate", "press", "push", "require", "expect",
     "wish", "plan", "intend", "pledge", "promise", "commit", "prepare", "consider", "will", "shall",
     "would", "could", "may", "determined", "ready", "willing", "aim", "strive"}
)  # fmt: skip
# Nouns a first-person possessive turns into the speaker's state ("my Government", "our delegation").
SPEAKER_NOUNS = frozenset({"government", "delegation", "country", "nation", "state", "administration"})
# Prepositions that name whom a tool is aimed at, where it is applied, or for whose benefit.
TARGET_PREPOSITIONS = frozenset({"on", "against", "in", "upon", "into", "to", "for"})
_NOT_IN_LABEL = frozenset({"to", "for"})  # inside a tool's label they name its forum or purpose
# Prepositions of circumstance: a tool after one of them is not what the verb does ("judge our
# world by the yardstick of justice", "after the negotiations"). "Under" and "as" stay out: "designated
# under the sanctions programme", "support the Court as the mechanism for prosecution".
ADJUNCT_PREPOSITIONS = frozenset(
    {"by", "after", "before", "during", "despite", "since", "from", "within", "without", "among",
     "between", "at", "like", "until", "beyond", "via", "per"}
)  # fmt: skip
_MODIFIERS = frozenset({"compound", "poss", "amod", "nmod"})  # "Ethiopia's invasion", "US interference"
_PERSON_SUFFIXES = ("or", "er", "eur", "ist")  # mediator, peacekeeper, rapporteur, ...
_DEMONSTRATIVES = frozenset({"this", "that", "these", "those", "such"})
_SUBJECTS = frozenset({"nsubj", "csubj"})
_MAX_CLIMB = 8  # dependency steps from the tool up to its agent's verb
# Prior confidence of each pattern (fixed by the form of the rule, not fitted): a named subject
# is surer than "we", a passive's "by" agent or a noun's own agent. Each dependency step between the
# tool and its agent's verb multiplies it by STEP_DECAY: the further the tool, the likelier the
# parse or the reading goes astray. The threshold a relation needs is chosen under
# cross-validation (benchmarks/relations.py).
PATTERNS: dict[str, float] = {
    "clause": 0.9, "first_person": 0.8, "speaker_normative": 0.7, "passive_by": 0.7, "noun_agent": 0.6
}  # fmt: skip
STEP_DECAY = 0.9
# The confidence a relation needs: each of 5 seeded folds of dev2 chose 0.525 or 0.531 on the other
# four (best F0.5; benchmarks/relations.py), i.e. a named subject up to five steps from the tool,
# "we" up to four, an obligation's speaker up to two.
THRESHOLD = 0.52


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
    patterns: Iterable[str] = PATTERNS,
    threshold: float = THRESHOLD,
) -> list[Relation]:
    """The relations of the parsed passage ``doc`` between its tool ``concepts`` and its ``actors``
    (places included, as targets); ``speaker`` is the state a speech's first person stands for.
    ``patterns`` are the rules to use (all by default), ``threshold`` the confidence a relation
    needs (0 for every relation found). One relation per (agent, tool, target), the surest kept."""
    reader = _Reader(doc, actors, speaker)
    allowed = set(patterns)
    found: dict[tuple[str, str, str | None], Relation] = {}
    for tool in (c for c in concepts if c.kind == TOOL_KIND):
        span = doc.char_span(tool.start, tool.end, alignment_mode="expand")
        if span is None:
            continue
        for relation in reader.relations(span, tool.iri):
            key = relation.agent, relation.tool, relation.target
            if relation.pattern not in allowed or relation.confidence < threshold:
                continue
            if key not in found or found[key].confidence < relation.confidence:
                found[key] = relation
    return list(found.values())


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

    def __init__(self, doc: Doc, actors: Sequence[Anchor], speaker: str | None) -> None:
        self.speaker = speaker
        self.actor_at: dict[int, str] = {}
        for actor in sorted(actors, key=lambda a: a.start - a.end):  # the longest name holds a word
            span = doc.char_span(actor.start, actor.end, alignment_mode="expand")
            for token in span or ():
                self.actor_at.setdefault(token.i, actor.iri)

    def relations(self, tool: Span, iri: str) -> Iterator[Relation]:
        root = tool.root
        sentence = root.sent
        if sentence.text.rstrip().endswith("?"):
            return  # a question asks, it reports or calls for nothing (RELATIONS.md section 3)
        path, verb, aside = _climb(root)
        if verb is not None and verb.dep_ == "acl" and verb.head.dep_ == "dobj" and not aside:
            # "supports Ukraine's effort to hold accountable ...": the effort's owner, and above it
            # the supporter (section 2: the user and the supporter)
            outer, verb_above, aside = _climb(verb.head)
            path += outer[1:]
        else:
            verb_above = None
        if aside or any(c.dep_ == "neg" for t in path for c in t.children):
            return  # precision first: a negated clause is not read ("must not become the use of force")
        words = _cues(path)
        mode = _mode(words)
        if mode is None:
            return
        if verb is not None and verb.lemma_ == "be" and any(t.dep_ == "attr" for t in path):
            return  # "the Court is a pillar of international justice" describes, it reports no act
        own = list(self._noun_agents(root))
        targets = [t for t in dict.fromkeys(self._targets(root, tool, path)) if t not in own]
        if not targets and _points_back(root):
            return  # "we condemn this aggression": the target is named before, the relation is not whole
        agents = [a for v in (verb, verb_above) if v is not None for a in self._clause_agents(v)]
        modifiers = list(self._modifiers(root))
        if _names_people(root) and (modifiers or root.dep_ != "dobj"):
            # "our Swiss mediators": people, whose state is their modifier; "deployed observers"
            # is the deployer's act
            agents = [(actor, "noun_agent") for actor in modifiers]
        if words & NORMATIVE_WORDS:  # an obligation: the speaker calls, a named subject is addressed
            agents = [(agent, pattern) for agent, pattern in agents if pattern == "first_person"]
            if self.speaker is not None and not agents:
                agents = [(self.speaker, "speaker_normative")]
        # "We welcome the Council's referral": the supporter and the user (section 2).
        agents += [(agent, "noun_agent") for agent in own]
        for agent, pattern in dict.fromkeys(agents):
            if any(self.actor_at.get(t.i) == agent for t in tool):
                continue  # "United Nations peacekeepers": the actor names the tool, it does not use it
            target = next((t for t in targets if t != agent), None)
            confidence = round(PATTERNS[pattern] * STEP_DECAY ** (len(path) - 1), 3)
            yield Relation(
                agent, iri, target, mode, pattern, confidence, sentence.start_char, sentence.end_char
            )

    def _actor(self, token: Token) -> tuple[str, str] | None:
        """The actor a subject word names, with the pattern: an actor mention, or the first person."""
        if self.speaker is not None and token.lower_ in FIRST_PERSON:
            return self.speaker, "first_person"
        if token.i in self.actor_at:
            return self.actor_at[token.i], "clause"
        for child in token.children:  # "the Council's members", "the Sudanese Government"
            if child.dep_ in _MODIFIERS and child.i in self.actor_at:
                return self.actor_at[child.i], "clause"
        if self.speaker is None:
            return None
        if token.lemma_.lower() in SPEAKER_NOUNS and any(
            c.dep_ == "poss" and c.lower_ in FIRST_PERSON for c in token.children
        ):
            return self.speaker, "first_person"
        return None

    def _clause_agents(self, verb: Token) -> Iterator[tuple[str, str]]:
        subjects = [c for c in verb.children if c.dep_ in _SUBJECTS]
        if subjects and subjects[0].tag_ in ("WDT", "WP") and verb.dep_ == "relcl":
            subjects = [verb.head]  # "the Council, which imposed sanctions"
        pattern_of = None
        by = [g for c in verb.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
        if not subjects and by:
            subjects, pattern_of = by, "passive_by"
        elif not subjects and verb.dep_ == "acl":
            subjects = [verb.head]  # "the mediator organizing the negotiations"
        for subject in _with_conjuncts(subjects):
            found = self._actor(subject)
            if found is not None:
                yield found[0], pattern_of or found[1]

    def _noun_agents(self, root: Token) -> Iterator[str]:
        """The tool noun's own agent: "the Council's referral", "sanctions by the European Union"."""
        if root.pos_ not in ("NOUN", "PROPN"):
            return
        for child in root.children:
            if child.dep_ == "poss" and child.i in self.actor_at:
                yield self.actor_at[child.i]
            if child.dep_ == "prep" and child.lower_ == "by":
                for word in _with_conjuncts([g for g in child.children if g.dep_ == "pobj"]):
                    if word.i in self.actor_at:
                        yield self.actor_at[word.i]

    def _modifiers(self, word: Token) -> Iterator[str]:
        """The actors among the modifiers of ``word`` ("Swiss mediators", "the Council's experts")."""
        for child in word.children:
            if child.dep_ in _MODIFIERS and child.i in self.actor_at:
                yield self.actor_at[child.i]

    def _targets(self, root: Token, tool: Span, path: Sequence[Token]) -> Iterator[str]:
        """Actors and places the tool is aimed at, nearest first."""
        heads = [root, *(t for t in path if t.pos_ in ("VERB", "AUX"))][:2]
        for head in heads:
            for child in head.children:
                if child.i in range(tool.start, tool.end) and head is not root:
                    continue
                if child.dep_ == "prep" and child.lower_ in TARGET_PREPOSITIONS:
                    if child.lower_ in _NOT_IN_LABEL and child in tool:
                        continue  # "to" of "referral to the ICC" names the court, not the target
                    words = [g for g in child.children if g.dep_ == "pobj"]
                elif child.dep_ == "dobj" and (head is root or head in tool):
                    words = [child]  # "condemned Serbia", "refer the situation in Syria"
                else:
                    continue
                for word in _with_conjuncts(words):
                    yield from self._named(word)
        for token in tool:  # "refer the situation in Darfur to the ICC": a gap label holds it
            if token.dep_ == "pobj" and token.head.lower_ in TARGET_PREPOSITIONS - _NOT_IN_LABEL:
                yield from self._named(token)

    def _named(self, word: Token, depth: int = 3) -> Iterator[str]:
        """The actor or place ``word`` names: itself, its possessor or modifier ("Ethiopia's
        invasion"), or, through "in"/"of", the one its complement names ("the situation in X",
        "allegations of violations in X"), nearest first. Not through "against"/"on": in "condemned
        the aggression against X" X is the victim, not whom the condemnation is aimed at."""
        if word.i in self.actor_at:
            yield self.actor_at[word.i]
            return
        for child in word.children:
            if child.dep_ in _MODIFIERS and child.i in self.actor_at:
                yield self.actor_at[child.i]
        if depth == 0:
            return
        for child in word.children:
            if child.dep_ == "prep" and child.lower_ in ("in", "of"):
                for g in _with_conjuncts(g for g in child.children if g.dep_ == "pobj"):
                    yield from self._named(g, depth - 1)


def _climb(root: Token) -> tuple[list[Token], Token | None, bool]:
    """The tokens from the tool's head up to the first verb with a subject or a "by" agent, that
    verb (None when it has neither, or no such verb is near), and whether the climb stopped because
    the tool stands in a subject ("sanctions have failed", "the imperatives of justice may compete")
    or an adjunct ("after the negotiations"), where the clause says nothing about the tool."""
    path = [root]
    token = root
    for _ in range(_MAX_CLIMB):
        if token.pos_ in ("VERB", "AUX") and any(
            c.dep_ in (*_SUBJECTS, "nsubjpass", "agent") for c in token.children
        ):
            has_agent = any(c.dep_ in (*_SUBJECTS, "agent") for c in token.children)
            return path, token if has_agent else None, False
        if token.pos_ == "VERB" and token.dep_ == "acl":
            return path, token, False  # "the mediator organizing the negotiations": the noun acts
        if token.dep_ in _SUBJECTS or (token.dep_ == "prep" and token.lower_ in ADJUNCT_PREPOSITIONS):
            return path, None, True
        if token.head is token:
            break
        token = token.head
        path.append(token)
    return path, None, False


def _names_people(root: Token) -> bool:
    """Whether the tool's word names people who carry it out ("mediators", "peacekeepers",
    "investigators", "rapporteurs") rather than the tool."""
    return root.pos_ == "NOUN" and root.lemma_.lower().endswith(_PERSON_SUFFIXES)


def _points_back(root: Token) -> bool:
    """Whether what the tool acts on is a pronoun or a demonstrative phrase ("condemn this
    aggression", "condemned it"): its target was named before the sentence."""
    for child in root.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            child = next((g for g in child.children if g.dep_ == "pobj"), child)
        elif child.dep_ != "dobj":
            continue
        if child.tag_ == "PRP" or any(
            d.dep_ == "det" and d.lower_ in _DEMONSTRATIVES for d in child.children
        ):
            return True
    return False


def _cues(path: Sequence[Token]) -> set[str]:
    """The lemmas on the path above the tool (the tool's own word, "condemns", is no cue about it)
    and of the auxiliaries and adjectival complements of the path's words."""
    words: set[str] = set()
    for token in path:
        if token is not path[0]:
            words.add(token.lemma_.lower())
        words.update(c.lemma_.lower() for c in token.children if c.dep_ in ("aux", "acomp"))
    return words


def _mode(words: set[str]) -> Mode | None:
    """Opposed, urged or did, from the cue words of a path ("condemned the sanctions" is opposed);
    None when the agent lifts or eases the tool."""
    lifted = bool(words & LIFT_WORDS)
    if words & OPPOSE_WORDS:
        return "did" if lifted else "opposed"
    if words & URGE_WORDS:
        return "opposed" if lifted else "urged"
    return None if lifted else "did"


def _with_conjuncts(tokens: Iterable[Token]) -> Iterator[Token]:
    """Each token and the words coordinated with it ("the United States and the European Union")."""
    for token in tokens:
        yield token
        yield from _with_conjuncts(c for c in token.children if c.dep_ == "conj")
