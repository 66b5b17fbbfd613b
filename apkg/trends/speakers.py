"""Who gave the stored speeches, and the groups of speakers a trend is drawn for: one speaker (a
state, or any speaker the corpus names), an M49 region or sub-region, or every speaker."""

from __future__ import annotations

import sqlite3
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Literal

from apkg.errors import UnknownFacet
from apkg.ontology.lexicon import normalise_name
from apkg.ontology.namespace import expand_iri
from apkg.ontology.taxonomy import Taxonomy
from apkg.records import Speech

GroupKind = Literal["speaker", "region", "all"]


def speaker_key(speech: Speech) -> str:
    """What tells speakers apart: the IRI of a speaker the ontology knows, else its name."""
    return speech.speaker_iri or speech.speaker


@dataclass(frozen=True)
class Speaker:
    """A speaker of the stored speeches, with how many it gave and when."""

    key: str  # the IRI of a speaker the ontology knows, else its name as the corpus gives it
    name: str
    code: str | None  # ISO 3166 alpha-3 code of a state
    region: str | None  # M49 region and sub-region of a state
    subregion: str | None
    speeches: int
    first_year: int | None
    last_year: int | None


@dataclass(frozen=True)
class SpeakerGroup:
    """Speakers whose speeches are counted together."""

    kind: GroupKind
    value: str  # the speaker's key, the region's or sub-region's name; "" for every speaker
    name: str  # as a table or chart shows it

    def holds(self, speech: Speech) -> bool:
        """Whether ``speech`` was given by a speaker of this group."""
        if self.kind == "speaker":
            return speaker_key(speech) == self.value
        if self.kind == "region":
            return self.value in (speech.region, speech.subregion)
        return True


EVERY_SPEAKER = SpeakerGroup("all", "", "all speakers")


def read_speeches(db: sqlite3.Connection) -> list[Speech]:
    """Every row of the speeches table."""
    rows = db.execute(
        "SELECT doc_id, year, speaker, speaker_iri, code, region, subregion, passages FROM speeches "
        "ORDER BY doc_id"
    )
    return [Speech(*row) for row in rows]


def in_years(speeches: list[Speech], start: int | None, end: int | None) -> list[tuple[int, Speech]]:
    """The dated ``speeches`` from ``start`` to ``end`` (either open), each with its year."""
    return [
        (s.year, s) for s in speeches
        if s.year is not None and (start is None or s.year >= start) and (end is None or s.year <= end)
    ]  # fmt: skip


def summarise_speakers(speeches: list[Speech]) -> list[Speaker]:
    """Every speaker of ``speeches`` with its count and years, by name."""
    by_key: dict[str, list[Speech]] = defaultdict(list)
    for speech in speeches:
        by_key[speaker_key(speech)].append(speech)
    speakers = []
    for key, given in by_key.items():
        first = given[0]
        years = [s.year for s in given if s.year is not None]
        speakers.append(
            Speaker(
                key,
                first.speaker,
                first.code,
                first.region,
                first.subregion,
                len(given),
                min(years, default=None),
                max(years, default=None),
            )
        )
    return sorted(speakers, key=lambda s: (normalise_name(s.name), s.key))


def find_speaker(name: str, speakers: list[Speaker], vocabulary: Taxonomy) -> Speaker:
    """The speaker ``name`` stands for: its IRI or ``apkgr:`` name, ISO alpha-3 code, or any label
    the ontology gives it (case and accents ignored).

    Raises:
        UnknownFacet: no speaker of the stored speeches goes by that name (with close names).
    """
    folded, iri = normalise_name(name), expand_iri(name)
    linked = vocabulary.by_label.get(folded)
    for speaker in speakers:
        if iri == speaker.key or name.upper() == speaker.code or folded == normalise_name(speaker.name):
            return speaker
    for speaker in speakers:
        if linked is not None and linked == speaker.key:
            return speaker
    close = [s.name for s in speakers if folded and folded in normalise_name(s.name)]
    raise UnknownFacet("speaker", name, close[:5])


def find_region(name: str, speakers: list[Speaker]) -> SpeakerGroup:
    """The M49 region or sub-region ``name`` names (case ignored).

    Raises:
        UnknownFacet: no stored speaker is in a region of that name (with the regions there are).
    """
    counts = Counter(r for s in speakers for r in (s.region, s.subregion) if r is not None)
    for region in counts:
        if normalise_name(region) == normalise_name(name):
            return SpeakerGroup("region", region, region)
    raise UnknownFacet("region", name, sorted(counts))
