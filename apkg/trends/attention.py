"""Attention over time: how many of a group's speeches, and of their passages, mention a concept
(or one narrower than it), year by year."""

from __future__ import annotations

import csv
import io
import sqlite3
from collections import defaultdict
from collections.abc import Collection
from dataclasses import asdict, dataclass, field
from typing import Any

from apkg.records import Speech
from apkg.trends.speakers import SpeakerGroup

DENOMINATOR = (
    "A share is of the speeches (or their passages) this knowledge base holds for that year and those "
    "speakers, not of every speech given: the UN General Debate large collection holds only speeches "
    "that mention an atrocity term, so there a share is a share of those speeches."
)

ATTENTION_COLUMNS = (
    "concept", "concept_iri", "with_narrower", "speakers", "year", "speeches", "speeches_mentioning",
    "speech_share", "passages", "passages_mentioning", "passage_share", "denominator",
)  # fmt: skip


@dataclass(frozen=True)
class YearCount:
    """One year of a group's speeches: how many there are, and how many mention the concept."""

    year: int
    speeches: int
    speeches_mentioning: int
    passages: int
    passages_mentioning: int

    @property
    def speech_share(self) -> float:
        """The share of the year's speeches that mention the concept."""
        return self.speeches_mentioning / self.speeches if self.speeches else 0.0

    @property
    def passage_share(self) -> float:
        """The share of the passages of the year's speeches that mention the concept."""
        return self.passages_mentioning / self.passages if self.passages else 0.0


@dataclass(frozen=True)
class AttentionSeries:
    """A group of speakers' attention to a concept, for each year in which the group spoke."""

    speakers: SpeakerGroup
    years: list[YearCount]


@dataclass(frozen=True)
class Attention:
    """The attention of one or more groups of speakers to a concept, year by year."""

    concept: str  # IRI
    label: str
    counted: frozenset[str]  # the IRIs whose mentions count: the concept, and what is narrower
    narrower: bool
    series: list[AttentionSeries]
    denominator: str = field(default=DENOMINATOR)

    def rows(self) -> list[dict[str, Any]]:
        """One row a group and year, as the CSV and JSON outputs hold them."""
        return [
            {
                "concept": self.label,
                "concept_iri": self.concept,
                "with_narrower": self.narrower,
                "speakers": series.speakers.name,
                "year": year.year,
                "speeches": year.speeches,
                "speeches_mentioning": year.speeches_mentioning,
                "speech_share": round(year.speech_share, 4),
                "passages": year.passages,
                "passages_mentioning": year.passages_mentioning,
                "passage_share": round(year.passage_share, 4),
                "denominator": self.denominator,
            }
            for series in self.series
            for year in series.years
        ]

    def to_csv(self) -> str:
        """The rows as CSV, with a header; every row says what its shares are of."""
        return csv_text(self.rows(), ATTENTION_COLUMNS)

    def as_dict(self) -> dict[str, Any]:
        """The concept, what was counted, the denominator in words and each series, for JSON."""
        return {
            "concept": self.label,
            "concept_iri": self.concept,
            "with_narrower": self.narrower,
            "counted": sorted(self.counted),
            "denominator": self.denominator,
            "series": [
                {
                    "speakers": series.speakers.name,
                    "kind": series.speakers.kind,
                    "years": [
                        {
                            **asdict(year),
                            "speech_share": year.speech_share,
                            "passage_share": year.passage_share,
                        }
                        for year in series.years
                    ],
                }
                for series in self.series
            ],
        }


def mentioning_passages(db: sqlite3.Connection, iris: Collection[str]) -> dict[str, int]:
    """Document id -> how many of its passages mention any of ``iris``."""
    marks = ",".join("?" * len(iris))
    rows = db.execute(
        f"SELECT doc_id, COUNT(DISTINCT passage_id) FROM mentions WHERE target IN ({marks}) GROUP BY doc_id",
        tuple(iris),
    )
    return dict(rows.fetchall())


def count_attention(
    dated: list[tuple[int, Speech]], mentioning: dict[str, int], group: SpeakerGroup
) -> AttentionSeries:
    """The yearly counts of ``group``'s speeches among ``dated`` (with their years), given how many
    passages of each document mention the concept (``mentioning``)."""
    counts: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for year, speech in dated:
        if not group.holds(speech):
            continue
        found = mentioning.get(speech.doc_id, 0)
        tally = counts[year]
        tally[0] += 1
        tally[1] += found > 0
        tally[2] += speech.passages
        tally[3] += found
    return AttentionSeries(group, [YearCount(y, *counts[y]) for y in sorted(counts)])


def csv_text(rows: list[dict[str, Any]], columns: tuple[str, ...]) -> str:
    """``rows`` as CSV with a header of ``columns`` (their keys)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()
