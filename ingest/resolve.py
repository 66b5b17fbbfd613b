"""Resolve the actors a passage refers to without their full name.

- In a speech whose manifest row names the delegation (a UN General Debate statement), the first
  person ("we", "our", "my delegation", "I") is the state that speaks; in a General Assembly
  statement "this Assembly" is the General Assembly and "the Organization" the United Nations;
  "the Council", where no other council was named in full before it, is the Security Council, the
  council a General Assembly statement addresses or reports on.
- A state's demonym before a noun for one of its organs ("Swiss mediators", "the Albanian
  Government", "Serbian forces") names the state; before a population ("the Sudanese people") it
  names no actor.
- A short form after the full name, earlier in the passage or in the passages of its document
  before it ("Annan" after "Kofi Annan", "the Court" after "the International Criminal Court"),
  is the same actor.

Generic groups named by common nouns ("armed groups", "the security forces") stay unresolved: the
annotation guideline does not count them as actors.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from rdflib import RDF, RDFS, Graph, URIRef
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from apkg.ontology.lexicon import ENTITY_KINDS
from apkg.ontology.namespace import APKG, APKGR
from apkg.ontology.states import StateRegister
from apkg.records import Mention, NewActor, Passage, SourceMeta

RESOLVE_EXTRACTOR = "apkg.resolve"

# Nouns (lemmas) that stand for a state or its organs: a demonym before one of them names the
# state. Nouns for populations (people, population, citizens, nationals, refugees, civilians,
# women ...) are left out on purpose: "the Sudanese people" names no actor.
STATE_ORGANS = frozenset(
    {"government", "authority", "regime", "administration", "state", "leadership", "leader",
     "president", "presidency", "chancellor", "minister", "ministry", "cabinet", "parliament",
     "junta", "delegation", "delegate", "representative", "ambassador", "embassy", "envoy",
     "diplomat", "mediator", "negotiator", "official", "officer", "force", "troop", "army",
     "military", "navy", "soldier", "police", "intelligence", "court", "judiciary"}
)  # fmt: skip
# Modifiers that take the organ away from the state ("Sudanese paramilitary leader").
NON_STATE = frozenset(
    {"paramilitary", "rebel", "opposition", "insurgent", "militia", "guerrilla", "separatist"}
)
# Head nouns of institutions' names: after "the International Criminal Court", "the Court" is it.
INSTITUTIONS = frozenset(
    {"Court", "Tribunal", "Chamber", "Prosecutor", "Registry", "Council", "Commission", "Committee",
     "Assembly", "Union", "Organization", "Organisation", "Office", "Agency", "Fund", "Programme",
     "Program", "Mission", "Secretariat", "Government", "Administration", "Parliament", "Congress",
     "Senate", "Ministry", "Department", "Bank", "Forum", "Institute", "Foundation", "Centre", "Center",
     "Unit", "Museum", "Group", "Network", "Alliance", "Coalition", "Movement", "Front", "Board"}
)  # fmt: skip
# Words of the first person, which a delegation's statement uses for its state.
FIRST_PERSON = frozenset({"we", "us", "our", "ours", "ourselves", "i", "me", "my", "myself"})
# What a General Assembly statement calls its setting by a common noun: the Assembly, the Organization.
_SETTING = {
    "Assembly": str(APKGR.UNGeneralAssembly),
    "Organization": str(APKGR.UnitedNations),
    "Organisation": str(APKGR.UnitedNations),
}
# ... and what it calls the Security Council, unless a short form claimed the word first ("the
# Council" after "the Human Rights Council").
_SETTING_DEFAULTS = {"Council": str(APKGR.UNSecurityCouncil)}
_DETERMINERS = frozenset({"the", "this", "that", "our", "its"})
_OF = frozenset({"of", "for", "against", "on", "in", "to"})  # what follows the head of a name
_IN_GENERAL_ASSEMBLY = re.compile(r"\bgeneral assembly\b", re.I)
# Words that a Roman numeral follows ("Part I", "World War I", "pillar I").
_NUMBERED = frozenset(
    {"part", "chapter", "article", "annex", "section", "title", "war", "phase", "stage", "pillar",
     "volume", "protocol", "appendix", "schedule", "category", "level", "type", "group", "no"}
)  # fmt: skip
_SENTENCE_END = frozenset({".", "!", "?", ":", ";", '"', "“", "”", "*", "#"})
_MODIFIERS = 2  # words allowed between a demonym and the organ it modifies ("Serbian armed forces")


@dataclass(frozen=True)
class Setting:
    """Who speaks in a document, and where: the IRI of the state whose delegation speaks (in a
    speech whose manifest row names it), and whether it speaks in the UN General Assembly."""

    speaker: str | None = None
    general_assembly: bool = False


NO_SETTING = Setting()


@dataclass
class Context:
    """What the resolver knows of a document while its passages come in order: who speaks, and
    the actors named in full so far, by the last word of their name."""

    doc_id: str = ""
    index: int = -1  # of the last passage resolved
    setting: Setting = NO_SETTING
    named: dict[str, set[str]] = field(default_factory=dict)


class ActorResolver:
    """Add and re-target the actor mentions of a passage; build once, reuse for every passage."""

    def __init__(
        self, nlp: Language, register: StateRegister, *, states: set[str], persons: set[str]
    ) -> None:
        self.register = register
        self._states, self._persons = states, persons
        # every demonym, in the singular and the plural, names a population ("the Congolese")
        self._populations = frozenset(
            name.lower() + plural for name in register.demonyms for plural in ("", "s")
        )
        self._demonyms = PhraseMatcher(nlp.vocab, attr="ORTH")
        self._state_of: dict[int, str] = {}
        for demonym in register.demonyms:
            state = register.state_of_demonym(demonym)  # one state, or none: "Congolese" names neither
            if state is not None:
                self._state_of[nlp.vocab.strings.add(demonym)] = state
                self._demonyms.add(demonym, [nlp.make_doc(demonym)])
        self._settings: dict[tuple[str, str, str], Setting] = {}

    @classmethod
    def from_graph(cls, graph: Graph, nlp: Language) -> ActorResolver:
        """Build the resolver from the ontology ``graph``: its register of states and their
        demonyms (a demonym two states share, "Congolese", names neither), and its persons."""

        def members(cls: URIRef) -> set[str]:
            classes = set(graph.transitive_subjects(RDFS.subClassOf, cls))
            return {str(s) for c in classes for s in graph.subjects(RDF.type, c)}

        register = StateRegister.from_graph(graph)
        return cls(nlp, register, states=members(APKG.State), persons=members(APKG.Person))

    def names_a_population(self, name: str) -> bool:
        """Whether ``name`` is a state's people by its demonym ("Syrians", "the Congolese"): a
        population, not an actor; ethnic and religious groups ("Serbs", "Hutu") are not demonyms."""
        return name.lower() in self._populations

    def setting(self, meta: SourceMeta | None) -> Setting:
        """The setting of a document: a speech speaks for the state its manifest row names as
        author (resolved through the register), in the General Assembly when its title or author
        says so."""
        if meta is None or meta.doc_type != "speech":
            return NO_SETTING
        key = (meta.doc_type, meta.institution, meta.title)
        if key not in self._settings:
            in_assembly = bool(_IN_GENERAL_ASSEMBLY.search(f"{meta.title} {meta.institution}"))
            speaker = self.register.resolve_delegation(meta.institution) if meta.institution else None
            self._settings[key] = Setting(speaker, in_assembly)
        return self._settings[key]

    def context(
        self, passage: Passage, sources: Mapping[str, SourceMeta], previous: Context | None = None
    ) -> Context:
        """The context of ``passage``: ``previous`` when the passage comes after it in the same
        document, else a new one with the setting of the document (``sources`` by id)."""
        if previous is not None and previous.doc_id == passage.doc_id and previous.index < passage.index:
            return previous
        return Context(passage.doc_id, passage.index - 1, self.setting(sources.get(passage.doc_id)))

    def resolve(
        self,
        doc: Doc,
        passage: Passage,
        mentions: list[Mention],
        new_actors: list[NewActor],
        context: Context,
        *,
        version: str,
    ) -> tuple[list[Mention], list[NewActor]]:
        """Return the passage's mentions with the actors it refers to without a full name, and the
        new actors that a mention still names.

        Args:
            doc: the passage processed by the extractor's pipeline.
            passage: the passage (its offsets place the mentions in the document).
            mentions: the mentions found by name.
            new_actors: the actors found by name that the ontology does not list.
            context: the passage's document so far (``context()``); the passage is added to it.
            version: the extractor version the resolved mentions carry.
        """
        found = _Found(doc, passage, mentions, self.register.lexicon.kind_of, version)
        self._organs(found)
        if context.setting.general_assembly:
            _setting_nouns(found, _SETTING)
        persons = {actor.iri for actor in new_actors if actor.type_name == "Person"}
        self._short_forms(found, persons, context)
        if context.setting.general_assembly:
            _setting_nouns(found, _SETTING_DEFAULTS)
        if context.setting.speaker:
            _first_person(found, context.setting.speaker)
        context.index = passage.index
        named = {m.target for m in found.mentions}
        return list(dict.fromkeys(found.mentions)), [actor for actor in new_actors if actor.iri in named]

    def _organs(self, found: _Found) -> None:
        """A demonym before an organ of its state, outside any longer name ("Latin American")."""
        doc = found.doc
        matches = [Span(doc, start, end, label=key) for key, start, end in self._demonyms(doc)]
        for span in filter_spans(matches):
            organ = _organ_after(doc, span)
            if organ is None or (span.start > 0 and _in_name(doc[span.start - 1])):
                continue
            state = self._state_of[span.label]
            over = found.over(span.start, span.end)
            if not over:
                found.add(span, state)
            elif not any(found.known(i) for i in over):  # "the Albanian Government", found as a name
                found.retarget(over, state, start=span.start - 1, end=organ.i + 1)

    def _short_forms(self, found: _Found, persons: set[str], context: Context) -> None:
        """After an actor's full name, in the passage or in the document before it (``context``),
        a short form of it: a person's surname ("Annan" after "Kofi Annan"; the ontology's persons
        and ``persons`` found in text), "the" and an institution's head noun ("the Court" after "the
        International Criminal Court", "the Committee" after "the Committee against Torture"). A
        short form two actors share refers to neither; states have none ("Africa" after "South
        Africa" is not South Africa)."""
        first: dict[str, dict[str, int]] = defaultdict(dict)  # short form -> actor -> where named first
        for i, mention in enumerate(found.mentions):
            span, target = found.spans[i], mention.target
            if mention.kind != "actor" or target in self._states:
                continue
            if target in self._persons or target in persons:
                words = [t for t in span if t.is_alpha]
                if len(words) > 1 and all(len(t) > 1 and t.is_title and not t.is_stop for t in words):
                    first[words[-1].text].setdefault(target, span.end)
            elif (head := _head(span)) is not None and head.text in INSTITUTIONS:
                first[head.text].setdefault(target, span.end)
        for token in found.doc:
            actors = {actor: -1 for actor in context.named.get(token.text, ())} | first.get(token.text, {})
            if len(actors) != 1 or not _stands_alone(token):
                continue
            [(target, named_at)] = actors.items()
            determined = token.i > 0 and token.nbor(-1).lower_ in _DETERMINERS
            if token.i >= named_at and (determined or token.text not in INSTITUTIONS):
                found.refer(token.i, target)
        for word, named in first.items():
            context.named.setdefault(word, set()).update(named)


class _Found:
    """The mentions of one passage while they are resolved: where each lies, and which words
    already name an actor the ontology knows."""

    def __init__(
        self, doc: Doc, passage: Passage, mentions: list[Mention], kind_of: Mapping[str, str], version: str
    ) -> None:
        self.doc, self.passage, self.mentions = doc, passage, list(mentions)
        self.kind_of, self.version = kind_of, version
        self.spans = [_token_span(doc, passage, m) for m in mentions]

    def over(self, start: int, end: int) -> list[int]:
        """The mentions over any of the tokens ``start`` to ``end``."""
        return [i for i, span in enumerate(self.spans) if span.start < end and start < span.end]

    def known(self, index: int) -> bool:
        """Whether a mention names a concept, or an actor or place of the ontology."""
        mention = self.mentions[index]
        return mention.kind not in ENTITY_KINDS or mention.target in self.kind_of

    def add(self, span: Span, iri: str) -> None:
        """Add a mention of ``iri`` at ``span``."""
        self.spans.append(span)
        self.mentions.append(
            Mention(
                passage_id=self.passage.passage_id,
                doc_id=self.passage.doc_id,
                kind=self.kind_of.get(iri, "actor"),
                target=iri,
                surface=span.text,
                char_start=self.passage.char_start + span.start_char,
                char_end=self.passage.char_start + span.end_char,
                extractor=RESOLVE_EXTRACTOR,
                extractor_version=self.version,
            )
        )

    def retarget(self, indexes: list[int], iri: str, *, start: int, end: int) -> None:
        """Point the mentions found in text at ``iri`` when they lie within tokens ``start`` to ``end``."""
        for i in indexes:
            if start <= self.spans[i].start and self.spans[i].end == end and self.mentions[i].target != iri:
                self.mentions[i] = replace(
                    self.mentions[i],
                    target=iri,
                    kind=self.kind_of.get(iri, "actor"),
                    extractor=RESOLVE_EXTRACTOR,
                    extractor_version=self.version,
                )

    def refer(self, index: int, iri: str, *, after: int = 1) -> None:
        """Let the word at ``index`` (with up to ``after`` words before it in a name found in text,
        "Our Organization") refer to ``iri``, unless it lies in a name the ontology knows."""
        over = self.over(index, index + 1)
        if not over:
            self.add(self.doc[index : index + 1], iri)
        elif not any(self.known(i) for i in over):
            self.retarget(over, iri, start=index - after, end=index + 1)


def _setting_nouns(found: _Found, nouns: Mapping[str, str]) -> None:
    """ "This Assembly", "the Organization", "the Council": the actor ``nouns`` gives each word
    after a determiner, where no name the ontology knows holds it."""
    for token in found.doc:
        iri = nouns.get(token.text)
        if iri and token.i > 0 and token.nbor(-1).lower_ in _DETERMINERS and _stands_alone(token):
            found.refer(token.i, iri)


def _first_person(found: _Found, speaker: str) -> None:
    """The passage's first word of the first person (once: the passage mentions the speaker)."""
    for token in found.doc:
        if token.lower_ not in FIRST_PERSON or found.over(token.i, token.i + 1):
            continue
        if _pronoun_i(token) if token.lower_ == "i" else token.is_lower or token.is_title:
            found.add(found.doc[token.i : token.i + 1], speaker)
            return


def _pronoun_i(token: Token) -> bool:
    """ "I" as a pronoun, not a numeral ("(i)", "World War I", "Part I")."""
    before = token.nbor(-1) if token.i > 0 else None
    after = token.nbor(1) if token.i + 1 < len(token.doc) else None
    if token.text != "I" or (before is not None and before.lower_ in _NUMBERED):
        return False
    opened = before is not None and before.text in ("(", "[")
    return not (opened or (after is not None and after.text in (")", "]")))


def _organ_after(doc: Doc, span: Span) -> Token | None:
    """The organ a demonym modifies: one of the next words, after only lower-case modifiers that
    leave it the state's ("Serbian armed forces", not "Sudanese paramilitary forces")."""
    for token in doc[span.end : span.end + _MODIFIERS + 1]:
        if token.norm_ in STATE_ORGANS or token.lower_ in STATE_ORGANS:
            return token
        if not (token.is_alpha and token.is_lower and not token.is_stop) or token.norm_ in NON_STATE:
            return None
    return None


def _in_name(token: Token) -> bool:
    """A capitalised word inside a sentence that is not a determiner or pronoun: part of a name."""
    return token.is_alpha and token.is_title and not token.is_stop and not _sentence_start(token)


def _sentence_start(token: Token) -> bool:
    return token.i == 0 or token.nbor(-1).text in _SENTENCE_END


def _stands_alone(token: Token) -> bool:
    """A capitalised word with no capitalised neighbour in a name ("the Court", not "the Supreme
    Court" or "the Court of Appeal")."""
    if not (token.is_alpha and token.is_title and len(token) > 2):
        return False
    doc = token.doc
    if token.i > 0 and _in_name(token.nbor(-1)):
        return False
    after = doc[token.i + 1 : token.i + 3]
    if len(after) and after[0].is_alpha and after[0].is_title:
        return False
    return not (len(after) == 2 and after[0].lower_ in {"of", "for", "on"} and after[1].is_title)


def _head(name: Span) -> Token | None:
    """The head noun of an institution's name: its last word, or the word before "of", "for",
    "against" ... ("Committee" in "the Committee against Torture"), when all words up to it are
    capitalised."""
    words = name[1:] if len(name) and name[0].lower_ == "the" else name
    if not (len(words) and words[-1].is_title):
        return None  # not a whole name ("Prosecutor of the")
    for index, token in enumerate(words):
        if token.is_alpha and not token.is_title:
            return words[index - 1] if index > 0 and token.lower_ in _OF else None
    return words[-1] if len(words) > 1 and words[-1].is_alpha else None


def _token_span(doc: Doc, passage: Passage, mention: Mention) -> Span:
    start, end = mention.char_start - passage.char_start, mention.char_end - passage.char_start
    return doc.char_span(start, end, alignment_mode="expand") or doc[0:0]
