"""Find mentions in passages with spaCy: ontology labels by phrase matching, actors and places by
named-entity recognition linked through the ontology's aliases, and years for the timeline.

Labels match on lower case and on lemmas (a component copies each token's lower-cased lemma into
``token.norm_``), longest match first; acronyms and one-word names of states match with their exact
case only.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping

from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.pipeline import Lemmatizer
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from apkg.ingest.discovery import bare_name, is_discovered, is_place, modifies_next_word
from apkg.ingest.resolve import ActorResolver, Context
from apkg.ontology.lexicon import GAP, MAX_GAP, Entry, Lexicon, normalise_name
from apkg.ontology.namespace import APKGR
from apkg.records import Mention, NewActor, Passage, SourceMeta

CONCEPT_EXTRACTOR = "apkg.concepts"
ENTITY_EXTRACTOR = "apkg.entities"
EXTRACTOR_VERSION = "6"

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
# Risk factors and their indicators name a situation. Leading a longer name, as a modifier ("war"
# in "war crimes", "conflict" in "conflict prevention"), they qualify its head and do not say
# that a war or a conflict is going on; as its object ("the fight against impunity") they do.
_SITUATION_KINDS = frozenset({"risk_factor", "indicator"})


def new_actor_iri(name: str) -> str:
    """Stable IRI for an actor found in text only."""
    slug = normalise_name(name).replace(" ", "-")
    return str(APKGR[f"actor/{slug}"])


def new_actor_type(ner_label: str, name: str) -> str:
    """The apkg class (local name) of an unknown actor, from its entity label and its name."""
    if ner_label == "ORG":
        return next((kind for pattern, kind in _ORG_TYPES if pattern.search(name)), "Organisation")
    return _ENTITY_TYPES[ner_label]


@Language.factory("apkg_lemma_norm")
def _lemma_norm(nlp: Language, name: str) -> Callable[[Doc], Doc]:
    """Copy each token's lower-cased lemma into ``norm_``, looked up twice so that both forms of
    an inconsistent pair meet ("bombings" -> "bombing" -> "bomb", as "bombing" -> "bomb")."""
    lemmatizer = nlp.get_pipe("lemmatizer")
    assert isinstance(lemmatizer, Lemmatizer)  # load_pipeline adds spaCy's lookup lemmatizer
    table = lemmatizer.lookups.get_table("lemma_lookup", {})

    def lemma_norm(doc: Doc) -> Doc:
        for token in doc:
            lemma = token.lemma_ or token.text
            token.norm_ = table.get(lemma, lemma).lower()
        return doc

    return lemma_norm


# Components the extractor does without: the lemmas come from spaCy's lookup tables
# (spacy-lookups-data), which makes the tagger, and the tok2vec that feeds it, unnecessary.
_UNUSED = ["parser", "senter", "tok2vec", "tagger", "morphologizer", "attribute_ruler", "lemmatizer"]


def load_pipeline(model: str) -> Language:
    """Load a spaCy pipeline by package name or path with only its entity recogniser, then add the
    lookup lemmatizer and the lemma-norm component."""
    import spacy

    from apkg.errors import ConfigError

    try:
        nlp = spacy.load(model, exclude=_UNUSED)
        lemmatizer = nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
        assert isinstance(lemmatizer, Lemmatizer)
        lemmatizer.initialize()
    except (OSError, ValueError) as exc:
        raise ConfigError("extract.spacy_model", f"cannot load spaCy model {model!r}: {exc}") from None
    nlp.add_pipe("apkg_lemma_norm", last=True)
    nlp.max_length = 10_000_000
    return nlp


class MentionExtractor:
    """Extract mentions from passages; build once, reuse for every document."""

    def __init__(self, nlp: Language, lexicon: Lexicon, resolver: ActorResolver) -> None:
        self.nlp = nlp
        self.lexicon = lexicon
        self.resolver = resolver
        self.version = f"{EXTRACTOR_VERSION}+{nlp.meta.get('name', 'spacy')}-{nlp.meta.get('version', '')}"
        self._entries: dict[int, list[Entry]] = {}
        self._by_lower: dict[str, list[Entry]] = {}
        self._lower = PhraseMatcher(nlp.vocab, attr="LOWER")
        self._norm = PhraseMatcher(nlp.vocab, attr="NORM")
        self._exact = PhraseMatcher(nlp.vocab, attr="ORTH")
        self._gapped = Matcher(nlp.vocab)
        self._gap_ends: dict[int, tuple[int, int]] = {}  # label key -> words before and after the gap
        self._other_sense = PhraseMatcher(nlp.vocab, attr="NORM")
        self._build(lexicon.entries)
        phrases = sorted(lexicon.other_senses)
        for phrase, doc in zip(phrases, self.nlp.pipe(phrases, disable=["ner"]), strict=True):
            self._other_sense.add(lexicon.other_senses[phrase], [doc])

    def _build(self, entries: list[Entry]) -> None:
        by_label: dict[str, list[Entry]] = {}
        for entry in entries:
            by_label.setdefault(entry.label, []).append(entry)
        labels = sorted(by_label)
        for label, doc in zip(labels, self.nlp.pipe(labels, disable=["ner"]), strict=True):
            key = self.nlp.vocab.strings.add(label)
            group = by_label[label]
            preferred = [e for e in group if e.preferred]
            self._entries[key] = preferred or group
            self._by_lower.setdefault(label.lower(), preferred or group)
            if GAP in label:
                self._add_gapped(key, label)
            elif any(entry.exact_case for entry in group):
                self._exact.add(label, [self.nlp.make_doc(label)])
            else:
                self._lower.add(label, [self.nlp.make_doc(label)])
                self._norm.add(label, [doc])

    def _add_gapped(self, key: int, label: str) -> None:
        """Match "refer … to the ICC" on lemmas, with up to ``MAX_GAP`` words of one sentence between."""
        before, after = (list(self.nlp(part.strip())) for part in label.split(GAP))
        gap = {"TEXT": {"NOT_IN": [".", ";", "!", "?"]}, "OP": f"{{0,{MAX_GAP}}}"}
        words = [{"NORM": token.norm_} for token in before], [{"NORM": token.norm_} for token in after]
        self._gapped.add(label, [[*words[0], gap, *words[1]]])
        self._gap_ends[key] = (len(before), len(after))

    def _words_of(self, span: Span) -> range | list[int]:
        """The tokens a match names: all of them, or those around the gap of a gapped label."""
        if span.label not in self._gap_ends:
            return range(span.start, span.end)
        before, after = self._gap_ends[span.label]
        return [*range(span.start, span.start + before), *range(span.end - after, span.end)]

    def mentions_in(
        self, doc: Doc, passage: Passage, context: Context | None = None
    ) -> tuple[list[Mention], list[NewActor]]:
        """Return the mentions of a processed passage (spans in document offsets), with the actors
        it refers to without a full name (``context``: who speaks in its document, what the
        passages before named), and the actors and places it names that the ontology does not list."""
        matchers = (self._exact, self._lower, self._norm, self._gapped)
        spans = [Span(doc, start, end, label=key) for matcher in matchers for key, start, end in matcher(doc)]
        spans = self._without_other_senses(doc, spans)
        concept_spans = filter_spans(spans)
        taken = {i for span in concept_spans for i in self._words_of(span)}
        mentions: list[Mention] = []
        new_actors: list[NewActor] = []
        sphere_words = {
            span.text.lower() for span in concept_spans if self._entries[span.label][0].kind == "sphere"
        }
        for span in concept_spans + self._nested(spans, concept_spans):
            parts = self._coordinated_parts(span)
            if parts:
                for part, entries in parts:
                    mentions += [
                        self._mention(passage, part, e.iri, e.kind, CONCEPT_EXTRACTOR) for e in entries
                    ]
                continue
            for entry in self._entries[span.label]:
                # A bare sphere word ("response") names a sphere only beside another sphere word.
                if entry.kind == "sphere" and " " not in span.text and len(sphere_words) < 2:
                    continue
                mentions.append(self._mention(passage, span, entry.iri, entry.kind, CONCEPT_EXTRACTOR))
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

    def _without_other_senses(self, doc: Doc, spans: list[Span]) -> list[Span]:
        """Drop the matches that lie inside a phrase giving their word another sense: "sanctions"
        in "lawful sanctions" (penalties), "justice" in "social justice"."""
        other = [(start, end, self.nlp.vocab.strings[key]) for key, start, end in self._other_sense(doc)]
        if not other:
            return spans

        def other_sense(span: Span) -> bool:
            iris = {entry.iri for entry in self._entries[span.label]}
            return any(start <= span.start and span.end <= end and iri in iris for start, end, iri in other)

        return [span for span in spans if not other_sense(span)]

    def _nested(self, spans: list[Span], outer: list[Span]) -> list[Span]:
        """The matches inside a longer match that name a concept of another kind: the text names
        genocide in "prevention of genocide" (a tool) and in "Genocide Convention" (a framework),
        war crimes in "War Crimes Tribunal"; a narrower name of the same kind ("sanctions" in
        "targeted sanctions") is not a second mention."""

        def kinds(span: Span) -> set[str]:
            return {entry.kind for entry in self._entries[span.label]}

        nested: dict[tuple[int, int, frozenset[str]], Span] = {}  # one span per place and target
        for span in spans:
            words = set(range(span.start, span.end))
            around = [o for o in outer if words <= set(self._words_of(o)) and len(o) > len(span)]
            modifier = kinds(span) <= _SITUATION_KINDS and any(o.start == span.start for o in around)
            if around and not modifier and all(kinds(span).isdisjoint(kinds(o)) for o in around):
                iris = frozenset(entry.iri for entry in self._entries[span.label])
                nested.setdefault((span.start, span.end, iris), span)
        return list(nested.values())

    def _coordinated_parts(self, span: Span) -> list[tuple[Span, list[Entry]]]:
        """Split "A and B" into A and B when both are labels themselves: the text names two
        concepts, not the umbrella whose label happens to join them."""
        conjunctions = [t for t in span if t.lower_ == "and" and span.start < t.i < span.end - 1]
        if len(conjunctions) != 1:
            return []
        cut = conjunctions[0].i
        parts = [span.doc[span.start : cut], span.doc[cut + 1 : span.end]]
        found = [self._by_lower.get(part.text.lower()) for part in parts]
        if not all(found):
            return []
        return list(zip(parts, found, strict=True))  # type: ignore[arg-type]

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
