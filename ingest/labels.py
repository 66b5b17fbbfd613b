"""Find the ontology's labels in text with spaCy's matchers.

Labels match on lower case and on lemmas (a component copies each token's lower-cased lemma into
``token.norm_``), longest match first; acronyms and one-word names of states match with their exact
case only; a label with a gap ("refer … to the ICC") matches across a few words of one sentence.
This needs only spaCy's tokenizer and lookup lemmatizer, so a query can be matched without loading
the entity recogniser (``load_pipeline(model, entities=False)``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.pipeline import Lemmatizer
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from apkg.ontology.lexicon import GAP, MAX_GAP, Entry, Lexicon

# Risk factors and their indicators name a situation. Leading a longer name, as a modifier ("war"
# in "war crimes", "conflict" in "conflict prevention"), they qualify its head and do not say
# that a war or a conflict is going on; as its object ("the fight against impunity") they do.
_SITUATION_KINDS = frozenset({"risk_factor", "indicator"})
# Components the matcher does without: the lemmas come from spaCy's lookup tables
# (spacy-lookups-data), which makes the tagger, and the tok2vec that feeds it, unnecessary.
_UNUSED = ["parser", "senter", "tok2vec", "tagger", "morphologizer", "attribute_ruler", "lemmatizer"]


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


def load_pipeline(model: str, *, entities: bool = True) -> Language:
    """Load a spaCy pipeline by package name or path with only its entity recogniser (or, with
    ``entities=False``, only its tokenizer), then add the lookup lemmatizer and the lemma-norm
    component."""
    import spacy

    from apkg.errors import ConfigError

    try:
        nlp = spacy.load(model, exclude=_UNUSED if entities else [*_UNUSED, "ner"])
        lemmatizer = nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
        assert isinstance(lemmatizer, Lemmatizer)
        lemmatizer.initialize()
    except (OSError, ValueError) as exc:
        raise ConfigError("extract.spacy_model", f"cannot load spaCy model {model!r}: {exc}") from None
    nlp.add_pipe("apkg_lemma_norm", last=True)
    nlp.max_length = 10_000_000
    return nlp


def label_words(nlp: Language, lexicon: Lexicon) -> dict[str, tuple[tuple[str, str], ...]]:
    """Each label's and other-sense phrase's words as the matchers compare them, (lower case,
    lemma norm), gapped labels without their gap: a phrase can only match a text that holds,
    for each of its words, the lower case or the norm."""
    phrases = sorted({entry.label for entry in lexicon.entries} | set(lexicon.other_senses))
    parts = [part.strip() for phrase in phrases for part in phrase.split(GAP)]
    words = {
        part: tuple((t.lower_, t.norm_) for t in doc)
        for part, doc in zip(parts, nlp.pipe(parts), strict=True)
    }
    return {phrase: tuple(w for part in phrase.split(GAP) for w in words[part.strip()]) for phrase in phrases}


class LabelMatcher:
    """The lexicon's labels as spaCy matchers; build once, reuse for every text."""

    def __init__(self, nlp: Language, lexicon: Lexicon) -> None:
        self.nlp = nlp
        self.lexicon = lexicon
        self._entries: dict[int, list[Entry]] = {}
        self._by_lower: dict[str, list[Entry]] = {}
        self._lower = PhraseMatcher(nlp.vocab, attr="LOWER")
        self._norm = PhraseMatcher(nlp.vocab, attr="NORM")
        self._exact = PhraseMatcher(nlp.vocab, attr="ORTH")
        self._gapped = Matcher(nlp.vocab)
        self._gap_ends: dict[int, tuple[int, int]] = {}  # label key -> words before and after the gap
        self._other_sense = PhraseMatcher(nlp.vocab, attr="NORM")
        self._other_sense_gapped = Matcher(nlp.vocab)  # "commemorate … anniversary"
        self._build(lexicon.entries)
        phrases = sorted(lexicon.other_senses)
        for phrase, doc in zip(phrases, self.nlp.pipe(phrases, disable=["ner"]), strict=True):
            if GAP in phrase:
                self._other_sense_gapped.add(lexicon.other_senses[phrase], [self._gapped_pattern(phrase)])
            else:
                self._other_sense.add(lexicon.other_senses[phrase], [doc])

    def matches(self, doc: Doc) -> tuple[list[tuple[Span, Entry]], set[int]]:
        """Every label found in a processed text with the entry it names, and the tokens that the
        longest matches take (which entity recognition then leaves alone)."""
        matchers = [m for m in (self._exact, self._lower, self._norm, self._gapped) if len(m)]
        spans = [Span(doc, start, end, label=key) for matcher in matchers for key, start, end in matcher(doc)]
        spans = self._without_other_senses(doc, spans)
        longest = filter_spans(spans)
        taken = {i for span in longest for i in self._words_of(span)}
        spheres = {span.text.lower() for span in longest if self._entries[span.label][0].kind == "sphere"}
        found: list[tuple[Span, Entry]] = []
        for span in longest + self._nested(spans, longest):
            parts = self._coordinated_parts(span)
            if parts:
                found += [(part, entry) for part, entries in parts for entry in entries]
                continue
            for entry in self._entries[span.label]:
                # A bare sphere word ("response") names a sphere only beside another sphere word.
                if entry.kind == "sphere" and " " not in span.text and len(spheres) < 2:
                    continue
                found.append((span, entry))
        return found, taken

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
        self._gapped.add(label, [self._gapped_pattern(label)])
        before, after = (len(self.nlp.make_doc(part.strip())) for part in label.split(GAP))
        self._gap_ends[key] = (before, after)

    def _gapped_pattern(self, phrase: str) -> list[dict[str, Any]]:
        """The matcher pattern of a phrase with a gap: the words around it on their lemma norms, and
        up to ``MAX_GAP`` words of one sentence between."""
        before, after = (list(self.nlp(part.strip())) for part in phrase.split(GAP))
        gap = {"TEXT": {"NOT_IN": [".", ";", "!", "?"]}, "OP": f"{{0,{MAX_GAP}}}"}
        return [*({"NORM": t.norm_} for t in before), gap, *({"NORM": t.norm_} for t in after)]

    def _words_of(self, span: Span) -> range | list[int]:
        """The tokens a match names: all of them, or those around the gap of a gapped label."""
        if span.label not in self._gap_ends:
            return range(span.start, span.end)
        before, after = self._gap_ends[span.label]
        return [*range(span.start, span.start + before), *range(span.end - after, span.end)]

    def _without_other_senses(self, doc: Doc, spans: list[Span]) -> list[Span]:
        """Drop the matches that lie inside a phrase giving their word another sense: "sanctions"
        in "lawful sanctions" (penalties), "justice" in "social justice"."""
        matchers = [m for m in (self._other_sense, self._other_sense_gapped) if len(m)]
        matches = [match for matcher in matchers for match in matcher(doc)]
        other = [(start, end, self.nlp.vocab.strings[key]) for key, start, end in matches]
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
