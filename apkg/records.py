"""The records apkg passes between stages: a source's metadata, its clean text, passages, mentions."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass


def stable_id(*parts: object, length: int = 16) -> str:
    """Return a short hex digest of ``parts``: the same input always gives the same id."""
    digest = hashlib.sha256("\x1f".join(str(part) for part in parts).encode("utf-8"))
    return digest.hexdigest()[:length]


def year_of(date: str | None) -> int | None:
    """The year of an ISO 8601 date (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``), if it has one."""
    return int(date[:4]) if date and date[:4].isdigit() else None


@dataclass(frozen=True)
class SourceMeta:
    """What is known about a source document before reading it (manifest, sidecar, or file)."""

    doc_id: str
    path: str
    title: str = ""
    institution: str = ""
    date: str = ""  # ISO 8601: YYYY, YYYY-MM or YYYY-MM-DD; empty when unknown
    doc_type: str = ""
    language: str = "en"
    licence: str = ""
    source: str = ""  # where the document was published (address or description)
    collection: str = ""
    sha256: str = ""  # of the file's bytes

    @property
    def year(self) -> int | None:
        """The publication year, if the date has one."""
        return year_of(self.date)


@dataclass(frozen=True)
class DocumentText:
    """A document's clean text, with the character offset at which each page starts."""

    text: str
    page_starts: tuple[int, ...] = ()  # empty for formats without pages

    def page_at(self, offset: int) -> int | None:
        """Return the 1-based page holding character ``offset``, or None for unpaginated text."""
        if not self.page_starts:
            return None
        page = 0
        for index, start in enumerate(self.page_starts):
            if start > offset:
                break
            page = index
        return page + 1


@dataclass(frozen=True)
class Passage:
    """A span of a document's clean text: the unit of citation and retrieval."""

    doc_id: str
    index: int
    text: str
    char_start: int
    char_end: int
    page: int | None = None
    kind: str = "prose"  # what the text is: prose, table, records, ... (see apkg.ingest.quality)

    @property
    def passage_id(self) -> str:
        """Stable id: the document id and the passage's position in it."""
        return f"{self.doc_id}/p{self.index}"

    @property
    def content_hash(self) -> str:
        """SHA-256 of the passage text."""
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Mention:
    """A span of a passage that refers to a concept, an actor, a place or a date.

    ``char_start``/``char_end`` are offsets into the document's clean text, so
    ``document.text[char_start:char_end] == surface``.
    """

    passage_id: str
    doc_id: str
    # tool, sphere, crime, act, risk_factor, indicator, pillar, stage, concept, case, actor, place, date
    kind: str
    target: str  # IRI of the concept or actor, or an ISO year for dates
    surface: str
    char_start: int
    char_end: int
    extractor: str
    extractor_version: str

    @property
    def mention_id(self) -> str:
        """Stable id from the passage, span, target and extractor."""
        return stable_id(self.passage_id, self.char_start, self.char_end, self.target, self.extractor)


@dataclass(frozen=True)
class IngestedDocument:
    """A source read, cleaned and split: what ingest stores before extraction."""

    meta: SourceMeta
    text: DocumentText
    passages: list[Passage]
    pages: int | None = None  # page count of paginated formats


@dataclass(frozen=True)
class NewActor:
    """An actor or place named in text that the ontology does not list."""

    iri: str
    name: str
    type_name: str  # local name of its apkg class, e.g. ArmedGroup


@dataclass(frozen=True)
class Statement:
    """A sentence of a speech that names a concept, with the sense of its words and, where they
    name the concept, the stance the sentence takes on it.

    ``char_start``/``char_end`` are offsets into the document's clean text; ``passage_id`` is the
    passage the sentence starts in.
    """

    doc_id: str
    passage_id: str
    char_start: int
    char_end: int
    text: str  # the sentence, whitespace collapsed and page furniture dropped
    concept: str  # IRI of the concept named
    sense: str  # "concept" (the words name it) or "everyday" (the everyday phrase)
    stance: str | None  # support, critical or neutral, where the sense is the concept
    rule: str | None  # the guideline rule or cue that decided the stance
    extractor: str  # what found and classified the sentence
    extractor_version: str

    @property
    def statement_id(self) -> str:
        """Stable id from the document, span and concept."""
        return stable_id(self.doc_id, self.char_start, self.char_end, self.concept)


@dataclass(frozen=True)
class Relation:
    """What a sentence states an actor did with a tool: applied it (``did``), called for it
    (``urged``) or rejected it (``opposed``), towards a target where the sentence names one.

    ``char_start``/``char_end`` are the sentence's offsets into the document's clean text;
    ``passage_id`` is the passage that holds it; ``year`` is the year of the document (a speech's
    session, a report's publication); ``pattern`` names the rule that read it and ``confidence``
    its prior, lowered with each step of the parse between tool and agent.
    """

    doc_id: str
    passage_id: str
    char_start: int
    char_end: int
    agent: str  # IRI of the actor
    tool: str  # IRI of the tool concept
    target: str | None  # IRI of the actor or place it is aimed at
    mode: str  # did, urged or opposed
    year: int | None
    pattern: str
    confidence: float
    extractor: str
    extractor_version: str

    @property
    def relation_id(self) -> str:
        """Stable id from the document, sentence, agent, tool and target."""
        return stable_id(
            self.doc_id, self.char_start, self.char_end, self.agent, self.tool, self.target or ""
        )


@dataclass(frozen=True)
class Speech:
    """A document given as a speech (``doc_type`` speech), with who gave it: the speaker as the
    corpus names it, and where the ontology knows the speaker, its IRI, ISO code and M49 region."""

    doc_id: str
    year: int | None
    speaker: str  # the ontology's preferred label, or the author as the manifest gives it
    speaker_iri: str | None
    code: str | None  # ISO 3166 alpha-3 code of a state
    region: str | None  # M49 region and sub-region of a state
    subregion: str | None
    passages: int
