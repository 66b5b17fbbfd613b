"""Find mentions in passages with spaCy: ontology labels by phrase matching (``labels``), actors
and places by named-entity recognition linked through the ontology's aliases, and years for the
timeline."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping

from spacy.language import Language
from spacy.tokens import Doc, Span

from apkg.ingest.discovery import bare_name, is_discovered, is_place, modifies_next_word
from apkg.ingest.labels import LabelMatcher
from apkg.ingest.resolve import ActorResolver, Context
from apkg.ontology.lexicon import Lexicon, normalise_name
from apkg.ontology.namespace import APKGR
from apkg.records import Mention, NewActor, Passage, SourceMeta

CONCEPT_EXTRACTOR = "apkg.concepts"
ENTITY_EXTRACTOR = "apkg.entities"
EXTRACTOR_VERSION = "9"

_ENTITY_LABELS = {"ORG": "actor", "NORP": "actor", "PERSON": "actor", "GPE": "place", "LOC": "place"}
_YEAR = re.compile(r"\b(1[5-9]\d\d|20\d\d)\b")
# A name starts with a letter or digit and holds two or more of them: no lone initials ("R."),
# bullets or stray quotes read as entities.
_NAME = re.compile(r"^(?=[^\W_])(?:.*?[^\W_]){2}", re.S)
_GENERIC_NAMES = frozenset(
    {"state", "states", "member states", "government", "governments", "assembly", "council",
     "committee", "organization", "organisation", "court", "commission", "secretariat", "mission",
     "administration"}
)  # fmt: skip
# Type rules for an organisation the ontology does not know, first match wins.
_ORG_TYPES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(rf"\b({words})\b", flags), kind)
    for words, flags, kind in (
        ("court|tribunal|chambers?", re.I, "CourtOrTribunal"),
        ("forces|army|militias?|brigades?|front|rebels?|janjaweed|police", re.I, "ArmedGroup"),
        ("United Nations|UN", 0, "UNEntity"),
        ("ministry|department|congress|parliament|senate|cabinet|agency|board", re.I, "NationalBody"),
        ("institute|university|centre|center|project|foundation", re.I, "ResearchOrganisation"),
    )
)
_ENTITY_TYPES = {"NORP": "Group", "PERSON": "Person", "GPE": "Place", "LOC": "Place"}


def new_actor_iri(name: str) -> str:
    """Stable IRI for an actor found in text only."""
    slug = normalise_name(name).replace(" ", "-")
    return str(APKGR[f"actor/{slug}"])


def new_actor_type(ner_label: str, name: str) -> str:
    """The apkg class (local name) of an unknown actor, from its entity label and its name."""
    if ner_label == "ORG":
        return next((kind for pattern, kind in _ORG_TYPES if pattern.search(name)), "Organisation")
    return _ENTITY_TYPES[ner_label]


class MentionExtractor:
    """Extract mentions from passages; build once, reuse for every document."""

    def __init__(self, nlp: Language, lexicon: Lexicon, resolver: ActorResolver) -> None:
        self.nlp = nlp
        self.lexicon = lexicon
        self.resolver = resolver
        self.version = f"{EXTRACTOR_VERSION}+{nlp.meta.get('name', 'spacy')}-{nlp.meta.get('version', '')}"
        self.labels = LabelMatcher(nlp, lexicon)

    def mentions_in(
        self, doc: Doc, passage: Passage, context: Context | None = None
    ) -> tuple[list[Mention], list[NewActor]]:
        """Return the mentions of a processed passage (spans in document offsets), with the actors
        it refers to without a full name (``context``: who speaks in its document, what the
        passages before named), and the actors and places it names that the ontology does not list."""
        found, taken = self.labels.matches(doc)
        mentions = [self._mention(passage, span, e.iri, e.kind, CONCEPT_EXTRACTOR) for span, e in found]
        new_actors: list[NewActor] = []
        for ent in doc.ents:
            if ent.label_ in _ENTITY_LABELS and not taken.intersection(range(ent.start, ent.end)):
                if ent.label_ == "NORP" and modifies_next_word(ent):
                    continue  # an adjective ("Sudanese people"), not a group acting
                linked = self._link(ent)
                if linked is None:
                    continue
                if linked[0] not in self.lexicon.kind_of:
                    name = bare_name(ent.text)
                    if not is_discovered(ent, passage.kind) or self.resolver.names_a_population(name):
                        continue
                    label = "GPE" if is_place(ent) else ent.label_
                    linked = linked[0], _ENTITY_LABELS[label]
                    new_actors.append(NewActor(linked[0], name, new_actor_type(label, name)))
                mentions.append(self._mention(passage, ent, *linked, ENTITY_EXTRACTOR))
            elif ent.label_ == "DATE":
                for match in _YEAR.finditer(ent.text):
                    start = passage.char_start + ent.start_char + match.start()
                    mentions.append(
                        Mention(passage.passage_id, passage.doc_id, "date", match.group(), match.group(),
                                start, start + 4, ENTITY_EXTRACTOR, self.version)
                    )  # fmt: skip
        context = context or Context()
        return self.resolver.resolve(doc, passage, mentions, new_actors, context, version=self.version)

    def _link(self, ent: Span) -> tuple[str, str] | None:
        name = bare_name(ent.text)
        proper = _NAME.match(name) and any(c.isupper() for c in name)
        if not proper or normalise_name(name) in _GENERIC_NAMES:
            return None
        iri = self.lexicon.link(name)
        if iri is not None:
            return iri, self.lexicon.kind_of[iri]
        return new_actor_iri(name), _ENTITY_LABELS[ent.label_]

    def _mention(self, passage: Passage, span: Span, iri: str, kind: str, extractor: str) -> Mention:
        return Mention(
            passage_id=passage.passage_id,
            doc_id=passage.doc_id,
            kind=kind,
            target=iri,
            surface=span.text,
            char_start=passage.char_start + span.start_char,
            char_end=passage.char_start + span.end_char,
            extractor=extractor,
            extractor_version=self.version,
        )

    def extract(
        self,
        passages: Iterable[Passage],
        *,
        sources: Mapping[str, SourceMeta] | None = None,
        batch_size: int = 64,
        n_process: int = 1,
    ) -> Iterator[tuple[Passage, list[Mention], list[NewActor]]]:
        """Run the pipeline over ``passages`` in batches; yield each with its mentions.
        ``sources`` holds the metadata of the passages' documents by id, when known by the time
        a passage's turn comes (a speech's manifest row names who speaks). Names given in full
        count for the next passages of a document while they come in order."""
        stream = ((passage.text, passage) for passage in passages)
        context = None
        for doc, passage in self.nlp.pipe(stream, as_tuples=True, batch_size=batch_size, n_process=n_process):
            context = self.resolver.context(passage, sources or {}, context)
            yield passage, *self.mentions_in(doc, passage, context)
