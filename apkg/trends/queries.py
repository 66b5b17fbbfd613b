"""The trends of one build: its speeches and vocabulary, read once, and the queries over them."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from pathlib import Path

from apkg.trends.attention import Attention, count_attention, mentioning_passages
from apkg.trends.profile import Ranking, SpeakerProfile, profile_speaker, speech_concepts
from apkg.trends.speakers import (
    EVERY_SPEAKER,
    Speaker,
    SpeakerGroup,
    find_region,
    find_speaker,
    in_years,
    read_speeches,
    summarise_speakers,
)
from apkg.trends.stances import StanceTable, TrackedStatement, count_stances, read_statements
from apkg.trends.vocabulary import stored_vocabulary


class Trends:
    """Attention and profiles over the speeches of the knowledge base at ``path`` (its database
    ``db``, which must hold the trends tables the build writes)."""

    def __init__(self, db: sqlite3.Connection, path: Path) -> None:
        self.db = db
        self.vocabulary = stored_vocabulary(db, path)
        self.speeches = read_speeches(db)
        self.speakers = summarise_speakers(self.speeches)
        self._concepts: dict[bool, dict[str, set[str]]] = {}  # with narrower? -> speech id -> concepts
        self._statements: list[TrackedStatement] | None = None

    def _speech_concepts(self, *, narrower: bool) -> dict[str, set[str]]:
        if narrower not in self._concepts:
            self._concepts[narrower] = speech_concepts(self.db, self.vocabulary, narrower=narrower)
        return self._concepts[narrower]

    def concepts(self) -> dict[str, str]:
        """Preferred label -> IRI of every concept some speech mentions (itself or one narrower), by label."""
        mentioned = set().union(*self._speech_concepts(narrower=True).values())
        labels = self.vocabulary.lexicon.labels_of
        return dict(sorted((labels[iri][0], iri) for iri in mentioned if iri in labels))

    def attention(
        self,
        concept: str,
        *,
        speakers: Sequence[str] = (),
        regions: Sequence[str] = (),
        all_speakers: bool = False,
        narrower: bool = True,
        start: int | None = None,
        end: int | None = None,
    ) -> Attention:
        """See ``apkg.kb.KnowledgeBase.attention``."""
        iri = self.vocabulary.resolve("concept", concept)
        counted = frozenset(self.vocabulary.below(iri) if narrower else {iri})
        groups = self._groups(speakers, regions, all_speakers)
        mentioning = mentioning_passages(self.db, counted)
        dated = in_years(self.speeches, start, end)
        label = self.vocabulary.lexicon.labels_of[iri][0]
        series = [count_attention(dated, mentioning, group) for group in groups]
        return Attention(iri, label, counted, narrower, series)

    def profile(
        self,
        speaker: str,
        *,
        start: int | None = None,
        end: int | None = None,
        narrower: bool = True,
        ranking: Ranking = "lift",
        top: int = 15,
        min_speeches: int = 2,
    ) -> SpeakerProfile:
        """See ``apkg.kb.KnowledgeBase.profile``."""
        found = find_speaker(speaker, self.speakers, self.vocabulary)
        concepts = self._speech_concepts(narrower=narrower)
        return profile_speaker(
            found, self.speeches, concepts, self.vocabulary, start=start, end=end, narrower=narrower,
            ranking=ranking, top=top, min_speeches=min_speeches,
        )  # fmt: skip

    def stances(
        self,
        *,
        speakers: Sequence[str] = (),
        regions: Sequence[str] = (),
        all_speakers: bool = False,
        start: int | None = None,
        end: int | None = None,
        stance: str | None = None,
    ) -> StanceTable:
        """See ``apkg.kb.KnowledgeBase.r2p_stances``."""
        groups = self._groups(speakers, regions, all_speakers)
        if self._statements is None:
            self._statements = read_statements(self.db)
        return count_stances(self._statements, groups, start=start, end=end, stance=stance)

    def _groups(
        self, speakers: Sequence[str], regions: Sequence[str], all_speakers: bool
    ) -> list[SpeakerGroup]:
        """The groups named (speakers, then regions), and every speaker when none is or when asked."""
        groups = [self._group(name) for name in speakers] + [find_region(r, self.speakers) for r in regions]
        if all_speakers or not groups:
            groups.append(EVERY_SPEAKER)
        return list(dict.fromkeys(groups))

    def _group(self, name: str) -> SpeakerGroup:
        speaker: Speaker = find_speaker(name, self.speakers, self.vocabulary)
        return SpeakerGroup("speaker", speaker.key, speaker.name)
