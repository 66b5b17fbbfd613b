"""The ontology's labels as a lexicon: every name a concept, case, actor or place goes by."""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field, replace

from rdflib import RDF, RDFS, Graph, URIRef
from rdflib.namespace import SKOS
from rdflib.term import Identifier, Node

from apkg.ontology.namespace import APKG

# Mention kind of each matched class, most specific first.
KIND_OF_CLASS: dict[URIRef, str] = {
    APKG.Tool: "tool",
    APKG.Sphere: "sphere",
    APKG.AtrocityCrime: "crime",
    APKG.CriminalAct: "act",
    APKG.RiskFactor: "risk_factor",
    APKG.Indicator: "indicator",
    APKG.R2PPillar: "pillar",
    APKG.GenocideStage: "stage",
    APKG.PreventionConcept: "concept",
    APKG.Distinction: "concept",
    APKG.Case: "case",
    APKG.Actor: "actor",
    APKG.Place: "place",
}
CONCEPT_KINDS = frozenset(
    {"tool", "sphere", "crime", "act", "risk_factor", "indicator", "pillar", "stage", "concept", "case"}
)
ENTITY_KINDS = frozenset({"actor", "place"})

LABEL_PREDICATES = (SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel)
# A label "refer … to the international criminal court" matches with up to MAX_GAP words of the
# same sentence (the verb's object: "refer the situation in Darfur") in place of the ellipsis.
GAP = "…"
MAX_GAP = 8
_APOSTROPHE_S = re.compile(r"['’]s$")
_NON_WORD = re.compile(r"[^\w&]+")


def term_labels(graph: Graph, term: URIRef) -> list[str]:
    """Every preferred, alternative and hidden label of ``term``."""
    return [str(o) for p in LABEL_PREDICATES for o in graph.objects(term, p)]


def normalise_name(name: str) -> str:
    """Fold a name for alias look-up: no accents, lower case, no leading 'the', no possessive."""
    folded = unicodedata.normalize("NFKD", name)
    folded = "".join(c for c in folded if not unicodedata.combining(c)).lower().strip()
    folded = _APOSTROPHE_S.sub("", folded)
    folded = re.sub(r"^the\s+", "", folded).replace(".", "")  # U.S. -> us
    return _NON_WORD.sub(" ", folded).strip()


def is_acronym(label: str) -> bool:
    """Labels such as AU, ICC, R2P or RtoP: matched with their exact case only."""
    letters = [c for c in label if c.isalpha()]
    return " " not in label and (len(label) <= 4 or all(c.isupper() for c in letters))


def matches_exact_case(label: str, *, state: bool) -> bool:
    """Acronyms, and one-word names of states ("Chad", "Turkey", "Guinea", "Jordan"), are matched
    with their exact case only: lower-cased, many are ordinary words."""
    return is_acronym(label) or (state and " " not in label)


@dataclass(frozen=True)
class Entry:
    """One name of one term."""

    label: str
    iri: str
    kind: str
    preferred: bool
    exact_case: bool = False


@dataclass
class Lexicon:
    """Every label of the ontology's matchable terms, with look-ups by IRI and by folded name."""

    entries: list[Entry] = field(default_factory=list)
    labels_of: dict[str, list[str]] = field(default_factory=dict)  # IRI -> [prefLabel, alt...]
    kind_of: dict[str, str] = field(default_factory=dict)
    by_name: dict[str, str] = field(default_factory=dict)  # normalised name -> IRI
    other_senses: dict[str, str] = field(default_factory=dict)  # phrase -> IRI it is not a mention of

    def link(self, name: str) -> str | None:
        """Return the IRI of the actor, place or case that ``name`` is an alias of."""
        return self.by_name.get(normalise_name(name))

    def restricted(self, phrases: Collection[str]) -> Lexicon:
        """The same lexicon with only the labels and other-sense phrases in ``phrases``."""
        return replace(
            self,
            entries=[entry for entry in self.entries if entry.label in phrases],
            other_senses={phrase: iri for phrase, iri in self.other_senses.items() if phrase in phrases},
        )


def _kind(graph: Graph, term: URIRef, class_kinds: dict[Node, str]) -> str | None:
    kinds = {class_kinds[c] for c in graph.objects(term, RDF.type) if c in class_kinds}
    for kind in dict.fromkeys(KIND_OF_CLASS.values()):  # most specific first
        if kind in kinds:
            return kind
    return None


def build_lexicon(graph: Graph) -> Lexicon:
    """Collect the labels of every tool, sphere, crime, act, risk factor, indicator, pillar,
    stage, prevention concept, case, actor and place of the ontology ``graph``."""
    class_kinds: dict[Node, str] = {}
    for cls, class_kind in KIND_OF_CLASS.items():
        for sub in graph.transitive_subjects(RDFS.subClassOf, cls):
            if sub is not None:
                class_kinds.setdefault(sub, class_kind)
    lexicon = Lexicon()
    names: dict[str, set[str]] = defaultdict(set)
    for term in sorted({s for s in graph.subjects(RDF.type, None) if isinstance(s, URIRef)}):
        kind = _kind(graph, term, class_kinds)
        if kind is None:
            continue
        iri = str(term)
        state = (term, RDF.type, APKG.State) in graph
        labels: list[str] = []
        for predicate in LABEL_PREDICATES:
            # every node rdflib makes is an Identifier (a str), so the labels sort
            for literal in sorted(o for o in graph.objects(term, predicate) if isinstance(o, Identifier)):
                if getattr(literal, "language", None) not in (None, "en"):
                    continue
                label = " ".join(str(literal).split())
                if label and label not in labels:
                    labels.append(label)
                    exact = matches_exact_case(label, state=state)
                    lexicon.entries.append(Entry(label, iri, kind, predicate == SKOS.prefLabel, exact))
        lexicon.labels_of[iri] = labels
        lexicon.kind_of[iri] = kind
        for phrase in graph.objects(term, APKG.otherSenseLabel):
            lexicon.other_senses[" ".join(str(phrase).split())] = iri
        if kind in ENTITY_KINDS or kind == "case":
            for label in labels:
                names[normalise_name(label)].add(iri)
    # A folded name shared by two terms is ambiguous: it links to neither.
    lexicon.by_name = {name: next(iter(iris)) for name, iris in names.items() if len(iris) == 1}
    return lexicon
