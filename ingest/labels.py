"""Find the ontology's labels in text with spaCy's matchers.

Labels match on lower case and on lemmas (a component copies each token's lower-cased lemma into
``token.norm_``), longest match first; acronyms and one-word names of states match with their exact
case only; a label with a gap ("refer … to the ICC") matches across a few words of one sentence;
a conjunct names the label its coordination elides ("conflict prevention and resolution").
This needs only spaCy's tokenizer and lookup lemmatizer, so a query can be matched without loading
the entity recogniser (``load_pipeline(model, entities=False)``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.pipeline import Lemmatizer
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from apkg.ontology.lexicon import CONCEPT_KINDS, GAP, MAX_GAP, Entry, Lexicon

# Risk factors and their indicators name a situation. Leading a longer name, as a modifier ("war"
# in "war crimes", "conflict" in "conflict prevention"), they qualify its head and do not say
# that a war or a conflict is going on; as its object ("the fight against impunity") they do.
_SITUATION_KINDS = frozenset({"risk_factor", "indicator"})
# Components the matcher does without: the lemmas come from spaCy's lookup tables
# (spacy-lookups-data), which makes the tagger, and the tok2vec that feeds it, unnecessary.
_UNUSED = ["parser", "senter", "tok2vec", "tagger", "morphologizer", "attribute_ruler", "lemmatizer"]
_CONJUNCTIONS = frozenset({"and", "or"})
_SEPARATORS = _CONJUNCTIONS | {","}  # between the conjuncts of "prevention, management and resolution"
# Endings that mark a word as a noun or as an adjective, without a tagger: "development and
# international cooperation" coordinates a noun with a modified noun, and elides nothing.
_NOUN_ENDINGS = ("ment", "tion", "sion", "ity", "ness", "ance", "ence", "ism", "ship")
_ADJECTIVE_ENDINGS = ("al", "ic", "ive", "ous", "ary", "ful", "less", "able", "ible", "ian")


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
        # Each concept label without a gap by its words, lower-cased and as lemma norms, for the
        # labels a coordination names by ellipsis ("conflict prevention and resolution").
        self._concept_words: dict[tuple[str, ...], int] = {}
        self._longest_from: dict[tuple[str, str], int] = {}  # first two words -> longest such label
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
        found = self._elided(doc, longest)
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
                if len(doc) > 1 and not {entry.kind for entry in group}.isdisjoint(CONCEPT_KINDS):
                    for words in (tuple(t.lower_ for t in doc), tuple(t.norm_ for t in doc)):
                        self._concept_words.setdefault(words, key)
                        start = words[0], words[1]
                        self._longest_from[start] = max(len(words), self._longest_from.get(start, 0))

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

    def _elided(self, doc: Doc, longest: list[Span]) -> list[tuple[Span, Entry]]:
        """The concepts that a coordination names by ellipsis, each on the one word that completes
        it: a shared modifier ("conflict prevention and resolution" names conflict resolution in
        "resolution") or a shared complement ("the prevention and punishment of genocide" names the
        prevention of genocide in "prevention"). The completed phrase must be a concept label, the
        word no part of a longer match; entity recognition may still take the word (a name the
        lexicon lacks: "the Conference on Security and Cooperation")."""
        inside = {i for span in longest if len(span) > 1 for i in self._words_of(span)}
        named = {(span.start, e.iri) for span in longest for e in self._entries[span.label]}
        found: list[tuple[Span, Entry]] = []

        def complete(word: Token, phrase: list[Token]) -> None:
            if word.i in inside:
                return
            key = self._concept_words.get(tuple(t.lower_ for t in phrase))
            if key is None:
                key = self._concept_words.get(tuple(t.norm_ for t in phrase))
            if key is None:
                return
            for entry in self._entries[key]:
                if entry.kind in CONCEPT_KINDS and (word.i, entry.iri) not in named:
                    named.add((word.i, entry.iri))
                    found.append((doc[word.i : word.i + 1], entry))

        # A conjunct that repeats the head is no ellipsis: "war crimes and crimes against humanity".
        for span in longest:
            if len(span) > 1 and span.label not in self._gap_ends:
                for word in _conjuncts_after(doc, span.end):
                    if word.norm_ != span[-1].norm_:
                        complete(word, [*span[:-1], word])
        for conjunction in (t for t in doc if t.lower_ in _CONJUNCTIONS and 0 < t.i < len(doc) - 2):
            head = doc[conjunction.i + 1]  # of the conjunct that has the complement
            if not head.is_alpha:
                continue
            after = doc[head.i + 1]
            for word in _conjuncts_before(doc, conjunction.i):
                if word.norm_ == head.norm_ or _is_noun_before_modifier(word, head):
                    break
                longest_label = max(
                    self._longest_from.get((word.lower_, after.lower_), 0),
                    self._longest_from.get((word.norm_, after.norm_), 0),
                )
                for end in range(head.i + 2, min(len(doc), head.i + longest_label) + 1):
                    complete(word, [word, *doc[head.i + 1 : end]])
        return found

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


def _conjuncts_after(doc: Doc, start: int) -> Iterator[Token]:
    """The words coordinated right after position ``start``: "resolution" in "[conflict prevention]
    and resolution", "management" and "resolution" in "[...], management and resolution"."""
    i = start
    while i + 1 < len(doc) and doc[i].lower_ in _SEPARATORS and doc[i + 1].is_alpha:
        yield doc[i + 1]
        if doc[i].lower_ in _CONJUNCTIONS:
            return
        i += 2


def _conjuncts_before(doc: Doc, conjunction: int) -> Iterator[Token]:
    """The words coordinated before the conjunction at ``conjunction``, nearest first:
    "prevention" in "the prevention and punishment", "management" and "prevention" in
    "prevention, management and resolution"."""
    i = conjunction
    while i >= 1 and doc[i].lower_ in _SEPARATORS and doc[i - 1].is_alpha:
        yield doc[i - 1]
        if i >= 2 and doc[i - 2].lower_ == ",":
            i -= 2
        else:
            return


def _is_noun_before_modifier(first: Token, second: Token) -> bool:
    """Whether the conjunct ``first`` reads as a noun and ``second`` as an adjective by their
    endings: then ``second`` modifies a noun of its own ("development and international
    cooperation"), where an elided complement would need them alike ("humanitarian and
    development assistance" coordinates two modifiers)."""
    return first.lower_.endswith(_NOUN_ENDINGS) and second.lower_.endswith(_ADJECTIVE_ENDINGS)
