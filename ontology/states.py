"""Look-ups over the register of states: a state by its ISO code, its UN geoscheme (M49) region, its
demonym, the actor a UN General Debate delegation stands for, whichever way a corpus manifest names
it, and the state whose executive wrote a document (``apkg:speaksFor``)."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import cache

from rdflib import Graph

from apkg.ontology.lexicon import Lexicon, build_lexicon
from apkg.ontology.load import load_ontology
from apkg.ontology.namespace import APKG
from apkg.records import SourceMeta

_SPEAKER = re.compile(r"^(?:the )?government of |\s*\(UN General Assembly\)$", re.I)
_BRACKETED = re.compile(r"^(.+?) \((.+)\)$")


@dataclass(frozen=True)
class Region:
    """Where a state is in the UN geoscheme (M49): its region and sub-region."""

    region: str  # Africa, Americas, Asia, Europe or Oceania
    subregion: str  # one of 22, such as Eastern Africa


@dataclass(frozen=True)
class StateRegister:
    """The ontology's names of actors, and its states by ISO 3166 alpha-3 code."""

    lexicon: Lexicon
    by_code: dict[str, str]  # alpha-3 code -> state IRI
    region_of: dict[str, Region]  # state IRI -> its M49 region
    speaks_for: dict[str, str]  # a state's executive body -> the state (``apkg:speaksFor``)
    demonyms: dict[str, frozenset[str]]  # "Sudanese" -> the states it names ("Congolese": two)

    @classmethod
    def from_graph(cls, graph: Graph) -> StateRegister:
        """Build the look-ups from the ontology ``graph`` (``load_ontology()``)."""
        codes = {str(code): str(state) for state, code in graph.subject_objects(APKG.isoAlpha3)}
        regions = {
            str(state): Region(str(region), str(graph.value(state, APKG.m49SubRegion)))
            for state, region in graph.subject_objects(APKG.m49Region)
        }
        voices = {str(body): str(state) for body, state in graph.subject_objects(APKG.speaksFor)}
        owners: dict[str, set[str]] = defaultdict(set)
        for state, demonym in graph.subject_objects(APKG.demonym):
            owners[str(demonym)].add(str(state))
        demonyms = {name: frozenset(states) for name, states in owners.items()}
        return cls(build_lexicon(graph), codes, regions, voices, demonyms)

    def state_of_demonym(self, demonym: str) -> str | None:
        """The state ``demonym`` names ("Georgian": Georgia), or None when it names none or two
        ("Congolese")."""
        states = self.demonyms.get(demonym, frozenset())
        return next(iter(states)) if len(states) == 1 else None

    def resolve_delegation(self, delegation: str) -> str | None:
        """Return the IRI of the actor a delegation names, or None when its names lead nowhere or
        to more than one actor.

        The names tried are the delegation itself, without "Government of" and "(UN General
        Assembly)", and each part of a bracketed name, read both ways ("Micronesia (Federated
        States of)", "Democratic Republic of the Congo (Zaire)"). Each is looked up among the
        ontology's labels, then among the ISO 3166 names of the states' codes ("Congo").

        Example:
            >>> register = StateRegister.from_graph(load_ontology())
            >>> register.resolve_delegation("Government of Rwanda (UN General Assembly)")
            'https://w3id.org/apkg/resource/Rwanda'
        """
        found = {iri for name in _names(delegation) if (iri := self._resolve(name))}
        return found.pop() if len(found) == 1 else None

    def state_writing(self, author: str) -> str | None:
        """Return the IRI of the state whose executive ``author`` names ("The White House
        (Biden-Harris Administration)": the United States), or None for any other author, or
        names that lead to more than one state."""
        bodies = {self.lexicon.link(name) for name in _names(author)}
        found = {self.speaks_for[body] for body in bodies if body in self.speaks_for}
        return found.pop() if len(found) == 1 else None

    def _resolve(self, name: str) -> str | None:
        import pycountry

        iri = self.lexicon.link(name)
        if iri is not None:
            return iri
        for database in (pycountry.countries, pycountry.historic_countries):
            try:
                return self.by_code.get(database.lookup(name).alpha_3)
            except LookupError:
                continue
        return None


@cache
def state_register() -> StateRegister:
    """The register of the packaged ontology (made once per process)."""
    return StateRegister.from_graph(load_ontology())


def speaker_iri(meta: SourceMeta) -> str | None:
    """The actor of the ontology that gave a speech: for a UN General Debate speech, the state
    whose delegation its manifest names as author ("Government of Rwanda (UN General Assembly)",
    "Micronesia (Federated States of)"). None for any other document, and for a speaker the
    ontology does not know or knows only as a place or case."""
    if meta.doc_type != "speech" or not meta.institution:
        return None
    register = state_register()
    iri = register.resolve_delegation(meta.institution)
    return iri if iri is not None and register.lexicon.kind_of.get(iri) == "actor" else None


def first_person_iri(meta: SourceMeta) -> str | None:
    """The actor a document's first person stands for: a speech's speaker (``speaker_iri``), or the
    state whose executive wrote the document (RELATIONS.md section 3: in a White House text, "we"
    is the United States). None for any other document, such as a report whose "we" is its authors."""
    if meta.doc_type == "speech":
        return speaker_iri(meta)
    return state_register().state_writing(meta.institution) if meta.institution else None


def _names(delegation: str) -> list[str]:
    name = _SPEAKER.sub("", delegation.strip()).strip()
    bracketed = _BRACKETED.match(name)
    if not bracketed:
        return [name]
    outer, inner = bracketed.groups()
    return [outer, inner, f"{inner} {outer}"]
