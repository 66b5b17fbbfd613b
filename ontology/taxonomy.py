"""The ontology as search and the graph need it: names to IRIs, narrower concepts, tools by sphere."""

from __future__ import annotations

import sys
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache, lru_cache

from rdflib.namespace import RDF, SKOS

from apkg.errors import UnknownFacet
from apkg.ontology.lexicon import Lexicon, build_lexicon, normalise_name
from apkg.ontology.load import load_ontology, ontology_hash
from apkg.ontology.namespace import APKG, expand_iri
from apkg.user_cache import cached, code_fingerprint


@dataclass(eq=False)  # one per ontology version, compared and hashed by identity
class Taxonomy:
    """Labels, hierarchy and sphere membership of the ontology's terms."""

    lexicon: Lexicon
    version: str = ""  # hash of the ontology it was read from (ontology_hash); empty if not from files
    narrower: dict[str, set[str]] = field(default_factory=dict)  # IRI -> itself and all below it
    tools_by_sphere: dict[str, set[str]] = field(default_factory=dict)  # each apkg:Tool of the sphere
    by_label: dict[str, str] = field(default_factory=dict)  # folded label -> IRI

    def resolve(self, facet: str, value: str, *, kinds: frozenset[str] | None = None) -> str:
        """The IRI for ``value``: an IRI, ``apkg:Name``, or a label (case and accents ignored).

        Raises:
            UnknownFacet: nothing of the wanted ``kinds`` goes by that name.
        """
        value = expand_iri(value)
        iri = value if value in self.lexicon.kind_of else self.by_label.get(normalise_name(value))
        if iri is not None and (kinds is None or self.lexicon.kind_of[iri] in kinds):
            return iri
        folded = normalise_name(value)
        close = sorted(
            labels[0]
            for candidate, labels in self.lexicon.labels_of.items()
            if (kinds is None or self.lexicon.kind_of[candidate] in kinds)
            and any(folded and folded in normalise_name(label) for label in labels)
        )
        raise UnknownFacet(facet, value, close[:5])

    def below(self, iri: str) -> set[str]:
        """``iri`` and every concept narrower than it, at any depth."""
        return self.narrower.get(iri, {iri})

    def index_labels(self) -> None:
        """Fill ``by_label`` from the lexicon's labels: a folded label shared by two terms goes to the
        first in IRI order (``resolve`` looks names up there)."""
        for iri, labels in self.lexicon.labels_of.items():
            for label in labels:
                self.by_label.setdefault(normalise_name(label), iri)


@lru_cache(maxsize=1)
def load_taxonomy(version: str) -> Taxonomy:
    """The taxonomy of the packaged ontology whose files hash to ``version``: kept per process,
    and between processes in the user's cache (parsing the ontology takes most of a second)."""
    from apkg.ontology import lexicon, load, namespace

    key = [version, code_fingerprint([sys.modules[__name__], lexicon, load, namespace])]
    return cached("taxonomy", key, lambda: _read_taxonomy(version))


def _read_taxonomy(version: str) -> Taxonomy:
    graph = load_ontology()
    taxonomy = Taxonomy(lexicon=build_lexicon(graph), version=version)
    children: dict[str, set[str]] = defaultdict(set)
    for child, parent in graph.subject_objects(SKOS.broader):
        children[str(parent)].add(str(child))
    for parent, child in graph.subject_objects(SKOS.narrower):
        children[str(parent)].add(str(child))

    def closure(iri: str, seen: set[str]) -> set[str]:
        if iri in seen:
            return set()
        seen.add(iri)
        found = {iri}
        for child in children.get(iri, ()):
            found |= closure(child, seen)
        return found

    taxonomy.narrower = {iri: closure(iri, set()) for iri in taxonomy.lexicon.kind_of}
    for tool in graph.subjects(RDF.type, APKG.Tool):  # as the competency queries count tools
        for sphere in graph.objects(tool, APKG.sphere):
            taxonomy.tools_by_sphere.setdefault(str(sphere), set()).add(str(tool))
    taxonomy.index_labels()
    return taxonomy


def taxonomy() -> Taxonomy:
    """The current ontology's taxonomy."""
    return load_taxonomy(ontology_hash())


@cache
def tool_spheres() -> dict[str, frozenset[str]]:
    """The spheres of each tool of the packaged ontology: ``tools_by_sphere`` of its taxonomy,
    inverted (the graph counts a document's tool mentions per sphere with it)."""
    spheres: dict[str, set[str]] = defaultdict(set)
    for sphere, tools in taxonomy().tools_by_sphere.items():
        for tool in tools:
            spheres[tool].add(sphere)
    return {tool: frozenset(found) for tool, found in spheres.items()}
