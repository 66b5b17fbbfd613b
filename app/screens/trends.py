"""Trends: attention to concepts over time in the stored speeches, by state and region; what states
say about the responsibility to protect (sense and stance, with the sentences); and a state's
profile against all speakers.

The page is a list of sections (``SECTIONS``), each a function of the knowledge base."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import asdict, dataclass

import altair as alt
import streamlit as st

from apkg.app import resources
from apkg.app.blocks import show_hits
from apkg.errors import ApkgError
from apkg.kb import Attention, KnowledgeBase, StanceTable, TrackedStatement

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


# What a cell of the stance map shows: the stances its sentences take (a year can hold both).
STANCE_COLOURS = {
    "support": "#1a9850",
    "critical": "#d73027",
    "support and critical": "#7b3294",
    "neutral": "#999999",
    "everyday sense only": "#e0e0e0",
}


def stance_section(kb: KnowledgeBase) -> None:
    """A state-by-year map of the stance of the sentences that invoke the responsibility to protect;
    a click on a cell (or the pickers) lists its sentences with their sources; a CSV."""
    st.header("What states say about the responsibility to protect")
    speakers = kb.speakers()
    regions = sorted({r for s in speakers for r in (s.region, s.subregion) if r})
    left, right = st.columns(2)
    states = left.multiselect("States", [s.name for s in speakers], key="stance_states")
    picked_regions = right.multiselect("M49 regions and sub-regions", regions, key="stance_regions")
    table = kb.r2p_stances(speakers=states, regions=picked_regions)
    if not table.statements:
        st.info("No speech of these speakers mentions the responsibility to protect.")
        return
    st.caption(table.denominator)
    every = _stance_cells(table, grouped=bool(states or picked_regions))
    weight = Counter[str]()
    for cell in every:
        weight[cell.speaker] += cell.support + cell.critical + cell.neutral
    shown = sorted(weight, key=lambda name: -weight[name])[:40]  # the speakers who said most
    cells = [cell for cell in every if cell.speaker in shown]
    pick = alt.selection_point(fields=["speaker", "year"], name="cell")
    chart = (
        alt.Chart(alt.Data(values=[cell.record() for cell in cells]))
        .mark_rect()
        .encode(
            x=alt.X("year:O", title=None),
            y=alt.Y("speaker:N", title=None, sort=shown, axis=alt.Axis(labelLimit=200, labelOverlap=False)),
            color=alt.Color(
                "stance:N", title=None, legend=alt.Legend(orient="top"),
                scale=alt.Scale(domain=list(STANCE_COLOURS), range=list(STANCE_COLOURS.values())),
            ),
            opacity=alt.condition(pick, alt.value(1.0), alt.value(0.5)),
            tooltip=["speaker:N", "year:O", "support:Q", "critical:Q", "neutral:Q", "everyday:Q"],
        )
        .add_params(pick)
        .properties(height=max(160, 20 * len(shown)), width="container")
    )  # fmt: skip
    event = st.altair_chart(
        chart, on_select="rerun", selection_mode="cell", key="stance_map", width="stretch"
    )
    chosen = (event.get("selection", {}).get("cell") or [{}])[0] if event else {}
    if chosen.get("speaker") in shown and chosen != st.session_state.get("stance_last"):
        st.session_state["stance_last"] = chosen  # a click on the map picks the cell below
        st.session_state["stance_speaker"] = chosen["speaker"]
        st.session_state["stance_year"] = chosen["year"]
    pickers = st.columns(2)
    speaker = pickers[0].selectbox("Speaker", shown, key="stance_speaker")
    years = sorted({cell.year for cell in cells if cell.speaker == speaker})
    if st.session_state.get("stance_year") not in years:
        st.session_state.pop("stance_year", None)
    year = pickers[1].selectbox("Year", years, key="stance_year")
    behind = [s for s in table.statements if s.year == year and _said_by(s, speaker)]
    st.subheader(f"{speaker}, {year}: {len(behind)} sentence(s)")
    st.dataframe(
        [
            {"stance": s.stance or "everyday sense", "rule": s.rule or "", "speaker": s.speaker,
             "sentence": s.sentence, "source": f"{s.title}, p. {s.page}" if s.page else s.title}
            for s in behind
        ],
        hide_index=True, width="stretch", key=f"stance_sentences:{speaker}:{year}",
    )  # fmt: skip
    st.caption("The passages that hold them, to read and cite:")
    show_hits(
        kb.passage_hits(dict.fromkeys(s.passage_id for s in behind), highlight={s.concept for s in behind}),
        key=f"stance:{speaker}:{year}", empty="No passage.",
    )  # fmt: skip
    st.download_button(
        "Download statements CSV", table.statements_csv(), file_name="apkg-r2p-statements.csv",
        mime="text/csv", key="stance_csv", on_click="ignore",
    )  # fmt: skip


@dataclass(frozen=True)
class StanceCell:
    """A speaker (or group) and year of the stance map, with its counts."""

    speaker: str
    year: int
    support: int
    critical: int
    neutral: int
    everyday: int

    @property
    def stance(self) -> str:
        """What the cell shows: the stances its sentences take, both where it holds both."""
        if self.support and self.critical:
            return "support and critical"
        if self.support or self.critical:
            return "support" if self.support else "critical"
        return "neutral" if self.neutral else "everyday sense only"

    def record(self) -> dict[str, object]:
        return {**asdict(self), "stance": self.stance}


def _stance_cells(table: StanceTable, *, grouped: bool) -> list[StanceCell]:
    """A cell a speaker and year: each state on its own row, or the groups asked for."""
    if grouped:
        return [
            StanceCell(r.speakers, r.year, r.support, r.critical, r.neutral, r.everyday) for r in table.rows
        ]
    counts: dict[tuple[str, int], Counter[str | None]] = defaultdict(Counter)
    for statement in table.statements:
        counts[statement.speaker, statement.year or 0][statement.stance] += 1
    return [
        StanceCell(name, year, tally["support"], tally["critical"], tally["neutral"], tally[None])
        for (name, year), tally in sorted(counts.items(), key=lambda item: item[0][1])
    ]


def _said_by(statement: TrackedStatement, name: str) -> bool:
    """Whether a row of the stance map named ``name`` holds ``statement``."""
    return name in ("all speakers", statement.speaker, statement.region, statement.subregion)


SECTIONS: list[Callable[[KnowledgeBase], None]] = [attention_section, stance_section, profile_section]

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
