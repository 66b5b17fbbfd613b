"""Trends: attention to concepts over time in the stored speeches, by state and region, and a
state's profile against all speakers.

The page is a list of sections (``SECTIONS``), each a function of the knowledge base; a section
added later (the stance of statements on the responsibility to protect, say) is one more function
and one more entry."""

from __future__ import annotations

from collections.abc import Callable

import altair as alt
import streamlit as st

from apkg.app import resources
from apkg.errors import ApkgError
from apkg.kb import Attention, KnowledgeBase

DEFAULT_CONCEPT = "Responsibility to Protect"
MEASURES = {  # what the chart draws -> the share's column and its title
    "Speeches": ("speech_share", "share of speeches mentioning it"),
    "Passages": ("passage_share", "share of passages mentioning it"),
}


def attention_section(kb: KnowledgeBase) -> None:
    """A line chart a concept, a line a state, region or all speakers; the counts; a CSV."""
    st.header("Attention over time")
    concepts = kb.trend_concepts()
    speakers = kb.speakers()
    regions = sorted({r for s in speakers for r in (s.region, s.subregion) if r})
    years = [y for s in speakers for y in (s.first_year, s.last_year) if y is not None]
    default = [DEFAULT_CONCEPT] if DEFAULT_CONCEPT in concepts else list(concepts)[:1]
    chosen = st.multiselect("Concepts", list(concepts), default=default, key="trend_concepts")
    left, right = st.columns(2)
    states = left.multiselect("States and other speakers", [s.name for s in speakers], key="trend_states")
    picked_regions = right.multiselect("M49 regions and sub-regions", regions, key="trend_regions")
    options = st.columns(3)
    everyone = options[0].checkbox("All speakers", value=True, key="trend_all")
    narrower = options[1].checkbox("With narrower concepts", value=True, key="trend_narrower")
    measure = options[2].radio("Share of", list(MEASURES), horizontal=True, key="trend_measure")
    first, last = (min(years), max(years)) if years else (0, 0)
    start, end = (
        st.slider("Years", first, last, (first, last), key="trend_years") if first < last else (None, None)
    )
    results = [
        kb.attention(
            concepts[label],
            speakers=states,
            regions=picked_regions,
            all_speakers=everyone,
            narrower=narrower,
            start=start,
            end=end,
        )
        for label in chosen
    ]
    if not results:
        st.info("Pick a concept.")
        return
    st.info(results[0].denominator, icon=":material/info:")
    for attention in results:
        _chart(attention, measure)
    csv = "".join(a.to_csv() if i == 0 else a.to_csv().split("\n", 1)[1] for i, a in enumerate(results))
    st.download_button(
        "Download CSV",
        csv,
        file_name="apkg-attention.csv",
        mime="text/csv",
        key="trend_csv",
        on_click="ignore",
    )


def _chart(attention: Attention, measure: str) -> None:
    column, title = MEASURES[measure]
    below = f" and {len(attention.counted) - 1} narrower concepts" if len(attention.counted) > 1 else ""
    st.subheader(attention.label)
    lines = ", ".join(series.speakers.name for series in attention.series)
    st.caption(f"Mentions of {attention.label}{below}. Lines: {lines}.")
    rows = attention.rows()
    chart = (
        alt.Chart(alt.Data(values=rows))
        .mark_line(point=True)
        .encode(
            x=alt.X("year:Q", title=None, axis=alt.Axis(format="d"), scale=alt.Scale(zero=False, nice=False)),
            y=alt.Y(f"{column}:Q", title=title, axis=alt.Axis(format="%")),
            color=alt.Color("speakers:N", title=None),
            tooltip=[
                "speakers:N", "year:Q", "speeches:Q", "speeches_mentioning:Q",
                alt.Tooltip("speech_share:Q", format=".1%"), "passages:Q", "passages_mentioning:Q",
                alt.Tooltip("passage_share:Q", format=".1%"),
            ],
        )
        .properties(height=300, width="container")
    )  # fmt: skip
    st.altair_chart(chart, width="stretch", key=f"trend_chart_{attention.concept}")
    with st.expander("Counts"):
        st.dataframe([{k: v for k, v in row.items() if k != "denominator"} for row in rows], hide_index=True)


def profile_section(kb: KnowledgeBase) -> None:
    """The concepts one speaker raises most above all speakers of the same years; a CSV."""
    st.header("A state's profile")
    speakers = kb.speakers()
    names = [s.name for s in speakers]
    if not names:
        return
    columns = st.columns(3)
    name = columns[0].selectbox("State or other speaker", names, key="profile_speaker")
    ranking = columns[1].radio("Rank by", ["lift", "difference"], horizontal=True, key="profile_rank")
    top = columns[2].number_input("Concepts", 5, 50, 15, key="profile_top")
    speaker = speakers[names.index(name)]
    if (
        speaker.first_year is not None
        and speaker.last_year is not None
        and speaker.first_year < speaker.last_year
    ):
        span: tuple[int | None, int | None] = st.slider(
            "Years", speaker.first_year, speaker.last_year, (speaker.first_year, speaker.last_year),
            key=f"profile_years_{speaker.key}",
        )  # fmt: skip
    else:
        span = (speaker.first_year, speaker.last_year)
    start, end = span
    profile = kb.profile(
        speaker.key, start=start, end=end, ranking="lift" if ranking == "lift" else "difference", top=int(top)
    )
    st.caption(
        f"{profile.speaker.name}: {profile.speeches} speeches, against {profile.all_speeches} speeches "
        "of all speakers in the same years. Lift: its share over theirs; difference: its share less theirs. "
        "Only concepts two or more of its speeches mention."
    )
    shown = ("concept", "kind", "speeches_mentioning", "share", "all_speakers_share", "difference", "lift")
    percent = st.column_config.NumberColumn(format="percent")
    st.dataframe(
        [{k: row[k] for k in shown} for row in profile.rows()],
        hide_index=True,
        width="stretch",
        column_config={
            "speeches_mentioning": st.column_config.NumberColumn("its speeches"),
            "share": percent,
            "all_speakers_share": st.column_config.NumberColumn("all speakers", format="percent"),
            "difference": percent,
            "lift": st.column_config.NumberColumn(format="%.2f"),
        },
    )
    st.download_button(
        "Download profile CSV", profile.to_csv(), file_name="apkg-profile.csv", mime="text/csv",
        key="profile_csv", on_click="ignore",
    )  # fmt: skip


SECTIONS: list[Callable[[KnowledgeBase], None]] = [attention_section, profile_section]

kb = resources.knowledge_base()
st.title("Trends")
st.caption(
    "How often the speeches in the knowledge base (documents of type speech, each with its speaker) "
    "mention a concept, year by year, by state and by UN geoscheme (M49) region; and what a state "
    "raises more than all speakers."
)
try:
    kb.speakers()
except ApkgError as exc:
    st.warning(str(exc))
    st.stop()
for section in SECTIONS:
    section(kb)
