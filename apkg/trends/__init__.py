"""Trends over speeches: attention to a concept by speaker and year, and speaker profiles, read from
the tables the build writes (``apkg.trends.tables.sync_trends``, imported from there so that a query
does not load what writing needs)."""

from apkg.trends.attention import DENOMINATOR, Attention, AttentionSeries, YearCount
from apkg.trends.profile import ConceptShare, Ranking, SpeakerProfile
from apkg.trends.queries import Trends
from apkg.trends.speakers import EVERY_SPEAKER, Speaker, SpeakerGroup

__all__ = [
    "DENOMINATOR",
    "EVERY_SPEAKER",
    "Attention",
    "AttentionSeries",
    "ConceptShare",
    "Ranking",
    "Speaker",
    "SpeakerGroup",
    "SpeakerProfile",
    "Trends",
    "YearCount",
]
