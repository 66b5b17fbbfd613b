"""Trends over speeches: attention to a concept by speaker and year, speaker profiles and the R2P
statement tracker (sense and stance by speaker and year), read from the tables the build writes
(``apkg.trends.tables.sync_trends`` and ``apkg.ingest.statements``, imported from there so that a
query does not load what writing needs)."""

from apkg.trends.attention import DENOMINATOR, Attention, AttentionSeries, YearCount
from apkg.trends.profile import ConceptShare, Ranking, SpeakerProfile
from apkg.trends.queries import Trends
from apkg.trends.speakers import EVERY_SPEAKER, Speaker, SpeakerGroup
from apkg.trends.stances import STATEMENT_DENOMINATOR, StanceTable, StanceYear, TrackedStatement

__all__ = [
    "DENOMINATOR",
    "EVERY_SPEAKER",
    "STATEMENT_DENOMINATOR",
    "Attention",
    "AttentionSeries",
    "ConceptShare",
    "Ranking",
    "Speaker",
    "SpeakerGroup",
    "SpeakerProfile",
    "StanceTable",
    "StanceYear",
    "TrackedStatement",
    "Trends",
    "YearCount",
]
