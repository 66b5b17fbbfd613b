"""A speaker's profile: the concepts its speeches raise more (or less) often than all speakers'
speeches of the same years."""

from __future__ import annotations

import sqlite3
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from apkg.ontology.lexicon import CONCEPT_KINDS
from apkg.ontology.taxonomy import Taxonomy
from apkg.records import Speech
from apkg.trends.attention import DENOMINATOR, csv_text
from apkg.trends.speakers import Speaker, in_years, speaker_key

Ranking = Literal["lift", "difference"]
PROFILE_COLUMNS = (
    "speaker", "concept", "concept_iri", "kind", "speeches_mentioning", "speeches", "share",
    "all_speakers_share", "difference", "lift", "denominator",
)  # fmt: skip


@dataclass(frozen=True)
class ConceptShare:
    """How often a speaker's speeches mention a concept, against all speakers' of the same years."""

    concept: str  # IRI
    label: str
    kind: str
    speeches: int  # the speaker's speeches that mention it
    share: float  # of the speaker's speeches
    expected: float  # the share all speakers' speeches give it, averaged over the speaker's years

    @property
    def difference(self) -> float:
        """``share`` less ``expected``."""
        return self.share - self.expected

    @property
    def lift(self) -> float:
        """``share`` over ``expected``."""
        return self.share / self.expected if self.expected else 0.0


@dataclass(frozen=True)
class SpeakerProfile:
    """The concepts a speaker raises most above what all speakers do, in a range of years."""

    speaker: Speaker
    start: int | None
    end: int | None
    speeches: int  # the speaker's dated speeches in the range
    all_speeches: int  # every speaker's speeches of the years in which the speaker spoke
    narrower: bool
    ranking: Ranking
    concepts: list[ConceptShare]
    denominator: str = field(default=DENOMINATOR)

    def rows(self) -> list[dict[str, Any]]:
        """One row a concept, as the CSV and JSON outputs hold them."""
        return [
            {
                "speaker": self.speaker.name,
                "concept": c.label,
                "concept_iri": c.concept,
                "kind": c.kind,
                "speeches_mentioning": c.speeches,
                "speeches": self.speeches,
                "share": round(c.share, 4),
                "all_speakers_share": round(c.expected, 4),
                "difference": round(c.difference, 4),
                "lift": round(c.lift, 3),
                "denominator": self.denominator,
            }
            for c in self.concepts
        ]

    def to_csv(self) -> str:
        """The rows as CSV, with a header; every row says what its shares are of."""
        return csv_text(self.rows(), PROFILE_COLUMNS)

    def as_dict(self) -> dict[str, Any]:
        """The speaker, the range, the counts, the denominator in words and the concepts, for JSON."""
        return {
            "speaker": asdict(self.speaker),
            "from": self.start,
            "to": self.end,
            "speeches": self.speeches,
            "all_speeches": self.all_speeches,
            "with_narrower": self.narrower,
            "ranking": self.ranking,
            "denominator": self.denominator,
            "concepts": [{**asdict(c), "difference": c.difference, "lift": c.lift} for c in self.concepts],
        }


def speech_concepts(db: sqlite3.Connection, vocabulary: Taxonomy, *, narrower: bool) -> dict[str, set[str]]:
    """Speech id -> the concepts it mentions (with ``narrower``, also every concept broader than one
    it mentions: a speech that mentions targeted sanctions mentions sanctions)."""
    kinds = sorted(CONCEPT_KINDS)
    rows = db.execute(
        f"SELECT DISTINCT m.doc_id, m.target FROM mentions m JOIN speeches s ON s.doc_id = m.doc_id "
        f"WHERE m.kind IN ({','.join('?' * len(kinds))})",
        kinds,
    )
    broader: dict[str, set[str]] = defaultdict(set)
    if narrower:
        for iri, below in vocabulary.narrower.items():
            for term in below:
                broader[term].add(iri)
    found: dict[str, set[str]] = defaultdict(set)
    for doc_id, target in rows:
        found[doc_id].add(target)
        found[doc_id].update(broader.get(target, ()))
    return found


def profile_speaker(
    speaker: Speaker,
    speeches: list[Speech],
    concepts: dict[str, set[str]],
    vocabulary: Taxonomy,
    *,
    start: int | None,
    end: int | None,
    narrower: bool,
    ranking: Ranking,
    top: int,
    min_speeches: int,
) -> SpeakerProfile:
    """The ``top`` concepts of ``speaker`` by ``ranking`` among those at least ``min_speeches`` of
    its speeches mention, against every speaker's speeches of the same years (of ``speeches``,
    whose concepts ``concepts`` gives)."""
    dated = in_years(speeches, start, end)
    own = [s for _, s in dated if speaker_key(s) == speaker.key]
    years = Counter(year for year, s in dated if speaker_key(s) == speaker.key)
    held = Counter(year for year, _ in dated if year in years)
    per_year: dict[int, Counter[str]] = defaultdict(Counter)
    for year, speech in dated:
        if year in years:
            per_year[year].update(concepts.get(speech.doc_id, ()))
    mentioned = Counter(c for s in own for c in concepts.get(s.doc_id, ()))
    shares = []
    for concept, count in mentioned.items():
        if count < min_speeches:
            continue
        expected = sum((n * per_year[y][concept] / held[y] for y, n in years.items()), 0.0) / len(own)
        labels = vocabulary.lexicon.labels_of.get(concept, [concept])
        kind = vocabulary.lexicon.kind_of.get(concept, "")
        shares.append(ConceptShare(concept, labels[0], kind, count, count / len(own), expected))
    shares.sort(key=lambda c: (-(c.lift if ranking == "lift" else c.difference), c.label))
    return SpeakerProfile(speaker, start, end, len(own), sum(held.values()), narrower, ranking, shares[:top])
