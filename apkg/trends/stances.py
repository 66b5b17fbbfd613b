"""The R2P statement tracker: the stored statements of speeches (``apkg.ingest.statements``) by
speaker, year, sense and stance, with the sentences behind every number."""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from typing import Any

from apkg.records import Speech
from apkg.trends.attention import csv_text
from apkg.trends.speakers import SpeakerGroup

STANCES = ("support", "critical", "neutral")
STATEMENT_DENOMINATOR = (
    "Every sentence of a General Debate speech that mentions the responsibility to protect; "
    "'everyday' counts the phrase in its everyday sense (a responsibility to protect the planet), "
    "the stances count the sentences that use it for the norm."
)
_STATEMENTS = """
SELECT st.doc_id, st.passage_id, st.char_start, st.char_end, st.text, st.concept, st.sense, st.stance,
       st.rule, sp.year, sp.speaker, sp.speaker_iri, sp.code, sp.region, sp.subregion, d.title, p.page
FROM statements st JOIN speeches sp USING (doc_id) JOIN documents d USING (doc_id)
     JOIN passages p ON p.passage_id = st.passage_id
ORDER BY sp.year, sp.speaker, st.doc_id, st.char_start
"""


@dataclass(frozen=True)
class TrackedStatement:
    """One sentence, who said it and when, how it uses the phrase and what stance it takes."""

    doc_id: str
    passage_id: str
    char_start: int
    char_end: int
    sentence: str
    concept: str  # IRI of the concept named
    sense: str  # concept (the norm) or everyday
    stance: str | None
    rule: str | None  # the guideline rule or cue that decided the stance
    year: int | None
    speaker: str
    speaker_iri: str | None
    code: str | None
    region: str | None
    subregion: str | None
    title: str
    page: int | None

    @property
    def speech(self) -> Speech:
        """The speech the sentence is part of, as the speeches table describes it."""
        return Speech(
            self.doc_id, self.year, self.speaker, self.speaker_iri, self.code, self.region, self.subregion, 0
        )


@dataclass(frozen=True)
class StanceYear:
    """A speaker's (or group's) statements of one year, by sense and stance."""

    speakers: str
    year: int
    speeches: int  # speeches with at least one statement
    sentences: int
    everyday: int
    support: int
    critical: int
    neutral: int


@dataclass
class StanceTable:
    """Statements counted by speaker and year, with the statements behind the counts."""

    rows: list[StanceYear]
    statements: list[TrackedStatement]
    denominator: str = field(default=STATEMENT_DENOMINATOR)

    def to_csv(self) -> str:
        """One CSV row a speaker and year, each saying what it counts."""
        rows = [{**asdict(row), "denominator": self.denominator} for row in self.rows]
        return csv_text(rows, (*StanceYear.__dataclass_fields__, "denominator"))

    def statements_csv(self) -> str:
        """The statements behind the table, one CSV row each."""
        return csv_text([asdict(s) for s in self.statements], tuple(TrackedStatement.__dataclass_fields__))

    def as_dict(self) -> dict[str, Any]:
        """Counts, statements and the denominator, for JSON."""
        return {
            "denominator": self.denominator,
            "rows": [asdict(row) for row in self.rows],
            "statements": [asdict(s) for s in self.statements],
        }


def read_statements(db: sqlite3.Connection) -> list[TrackedStatement]:
    """Every stored statement of a speech, in order of year and speaker."""
    return [TrackedStatement(*row) for row in db.execute(_STATEMENTS)]


def count_stances(
    statements: list[TrackedStatement],
    groups: list[SpeakerGroup],
    *,
    start: int | None = None,
    end: int | None = None,
    stance: str | None = None,
) -> StanceTable:
    """Count the dated ``statements`` from ``start`` to ``end`` of each group by year, keeping those
    behind the counts (only those of one ``stance``, if given)."""
    kept = [
        s for s in statements
        if (start is None or (s.year or 0) >= start) and (end is None or (s.year or 0) <= end)
        and (stance is None or s.stance == stance)
    ]  # fmt: skip
    rows: list[StanceYear] = []
    behind: dict[str, TrackedStatement] = {}
    for group in groups:
        by_year: dict[int, list[TrackedStatement]] = defaultdict(list)
        for statement in kept:
            if statement.year is not None and group.holds(statement.speech):
                by_year[statement.year].append(statement)
                behind.setdefault(f"{statement.doc_id}:{statement.char_start}", statement)
        for year, items in sorted(by_year.items()):
            stances = [s.stance for s in items]
            rows.append(
                StanceYear(
                    group.name, year, len({s.doc_id for s in items}), len(items),
                    sum(s.sense == "everyday" for s in items), *(stances.count(name) for name in STANCES),
                )
            )  # fmt: skip
    ordered = sorted(behind.values(), key=lambda s: (s.year or 0, s.speaker, s.doc_id, s.char_start))
    return StanceTable(rows, ordered)
