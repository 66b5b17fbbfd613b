"""``apkg trends``: attention to a concept over time by speaker and region, speaker profiles, and
the R2P statement tracker."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from apkg.app.output import console, print_json
from apkg.app.state import KbOption, state

if TYPE_CHECKING:
    from apkg.kb import KnowledgeBase

trends_app = typer.Typer(
    help="Attention to concepts over time in speeches, by speaker and region; speaker profiles; "
    "what speakers say about the responsibility to protect.",
    no_args_is_help=True,
)
FormatOption = Annotated[str, typer.Option("--format", help="table, csv or json.")]
FromOption = Annotated[int | None, typer.Option("--from", help="From this year on.")]
ToOption = Annotated[int | None, typer.Option("--to", help="Up to this year.")]
StatesOption = Annotated[
    list[str] | None,
    typer.Option("--state", help="A state or other speaker: name, ISO code or IRI (repeatable)."),
]
RegionsOption = Annotated[
    list[str] | None,
    typer.Option("--region", help="An M49 region or sub-region: Africa, Western Europe (repeatable)."),
]
AllOption = Annotated[
    bool, typer.Option("--all", help="Add every speaker's series (the default when none is named).")
]
NoNarrowerOption = Annotated[
    bool, typer.Option("--no-narrower", help="Count the concept's own mentions only, not narrower ones.")
]


def _open(ctx: typer.Context, kb: Path | None) -> KnowledgeBase:
    from apkg.kb import KnowledgeBase

    settings = state(ctx).settings
    return KnowledgeBase.open(kb or settings.kb.path, settings)


def _check(fmt: str) -> None:
    if fmt not in ("table", "csv", "json"):
        raise typer.BadParameter(f"unknown format {fmt!r}; choose table, csv or json", param_hint="--format")


@trends_app.command("attention")
def attention_command(
    ctx: typer.Context,
    concept: Annotated[str, typer.Argument(help="A concept: label, apkg:Name or IRI.")],
    states: StatesOption = None,
    regions: RegionsOption = None,
    all_speakers: AllOption = False,
    start: FromOption = None,
    end: ToOption = None,
    no_narrower: NoNarrowerOption = False,
    fmt: FormatOption = "table",
    kb: KbOption = None,
) -> None:
    """Per year: speeches, and speeches mentioning CONCEPT (and their share); the same for passages."""
    _check(fmt)
    attention = _open(ctx, kb).attention(
        concept, speakers=states or (), regions=regions or (), all_speakers=all_speakers,
        narrower=not no_narrower, start=start, end=end,
    )  # fmt: skip
    if fmt == "csv":
        sys.stdout.write(attention.to_csv())
        return
    if fmt == "json":
        print_json(attention.as_dict())
        return
    below = f", with {len(attention.counted) - 1} narrower" if attention.narrower else ""
    table = Table(
        "speakers", "year", "speeches", "mention", "share", "passages", "mention", "share",
        title=f"{attention.label} <{attention.concept}>{below}",
        caption=attention.denominator,
    )  # fmt: skip
    for series in attention.series:
        for year in series.years:
            table.add_row(
                series.speakers.name, str(year.year), str(year.speeches), str(year.speeches_mentioning),
                f"{year.speech_share:.1%}", str(year.passages), str(year.passages_mentioning),
                f"{year.passage_share:.1%}",
            )  # fmt: skip
    console.print(table)


@trends_app.command("profile")
def profile_command(
    ctx: typer.Context,
    speaker: Annotated[str, typer.Argument(help="A state or other speaker: name, ISO code or IRI.")],
    start: FromOption = None,
    end: ToOption = None,
    no_narrower: NoNarrowerOption = False,
    ranking: Annotated[
        str, typer.Option("--rank", help="lift (share over all speakers') or difference.")
    ] = "lift",
    top: Annotated[int, typer.Option("--top", help="How many concepts.")] = 15,
    min_speeches: Annotated[
        int, typer.Option("--min-speeches", help="Only concepts at least this many of its speeches mention.")
    ] = 2,
    fmt: FormatOption = "table",
    kb: KbOption = None,
) -> None:
    """The concepts SPEAKER raises most above all speakers of the same years."""
    _check(fmt)
    if ranking not in ("lift", "difference"):
        raise typer.BadParameter(
            f"unknown ranking {ranking!r}; choose lift or difference", param_hint="--rank"
        )
    profile = _open(ctx, kb).profile(
        speaker, start=start, end=end, narrower=not no_narrower,
        ranking="lift" if ranking == "lift" else "difference", top=top, min_speeches=min_speeches,
    )  # fmt: skip
    if fmt == "csv":
        sys.stdout.write(profile.to_csv())
        return
    if fmt == "json":
        print_json(profile.as_dict())
        return
    years = (
        "all years"
        if profile.start is None and profile.end is None
        else f"{profile.start or ''}-{profile.end or ''}"
    )
    table = Table(
        "concept", "kind", "its speeches", "share", "all speakers", "difference", "lift",
        title=f"{profile.speaker.name}: {profile.speeches} speeches ({years}), against "
        f"{profile.all_speeches} speeches of all speakers in the same years",
        caption=profile.denominator,
    )  # fmt: skip
    for c in profile.concepts:
        table.add_row(
            c.label, c.kind, str(c.speeches), f"{c.share:.1%}", f"{c.expected:.1%}",
            f"{c.difference:+.1%}", f"{c.lift:.2f}",
        )  # fmt: skip
    console.print(table)


@trends_app.command("speakers")
def speakers_command(
    ctx: typer.Context,
    fmt: FormatOption = "table",
    kb: KbOption = None,
) -> None:
    """Every speaker of the stored speeches, with its ISO code, M49 region and speeches."""
    from dataclasses import asdict

    _check(fmt)
    speakers = _open(ctx, kb).speakers()
    if fmt == "json":
        print_json([asdict(s) for s in speakers])
        return
    if fmt == "csv":
        import csv

        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(["name", "code", "region", "subregion", "speeches", "first_year", "last_year", "iri"])
        for s in speakers:
            writer.writerow(
                [s.name, s.code, s.region, s.subregion, s.speeches, s.first_year, s.last_year, s.key]
            )
        return
    table = Table("speaker", "code", "region", "sub-region", "speeches", "years")
    for s in speakers:
        table.add_row(
            s.name, s.code or "", s.region or "", s.subregion or "", str(s.speeches),
            f"{s.first_year}-{s.last_year}" if s.first_year else "",
        )  # fmt: skip
    console.print(table)


@trends_app.command("r2p")
def r2p_command(
    ctx: typer.Context,
    states: StatesOption = None,
    regions: RegionsOption = None,
    all_speakers: AllOption = False,
    start: FromOption = None,
    end: ToOption = None,
    stance: Annotated[
        str | None, typer.Option("--stance", help="Only sentences of one stance: support, critical, neutral.")
    ] = None,
    sentences: Annotated[
        bool, typer.Option("--sentences", help="Print the sentences behind the counts, with their sources.")
    ] = False,
    fmt: FormatOption = "table",
    kb: KbOption = None,
) -> None:
    """Per speaker and year: sentences that mention the responsibility to protect, in the everyday
    sense or for the norm, with their stance (support, critical, neutral)."""
    _check(fmt)
    if stance is not None and stance not in ("support", "critical", "neutral"):
        raise typer.BadParameter(
            f"unknown stance {stance!r}; choose support, critical or neutral", param_hint="--stance"
        )
    found = _open(ctx, kb).r2p_stances(
        speakers=states or (), regions=regions or (), all_speakers=all_speakers, start=start, end=end,
        stance=stance,
    )  # fmt: skip
    if fmt == "csv":
        sys.stdout.write(found.statements_csv() if sentences else found.to_csv())
        return
    if fmt == "json":
        print_json(found.as_dict())
        return
    if sentences:
        table = Table("year", "speaker", "stance", "rule", "sentence", "source", caption=found.denominator)
        for s in found.statements:
            table.add_row(
                str(s.year or ""), s.speaker, s.stance or s.sense, s.rule or "", s.sentence,
                f"{s.title}, p. {s.page}" if s.page else s.title,
            )  # fmt: skip
    else:
        table = Table(
            "speakers", "year", "speeches", "sentences", "everyday", "support", "critical", "neutral",
            title="The responsibility to protect in speeches", caption=found.denominator,
        )  # fmt: skip
        for r in found.rows:
            table.add_row(
                r.speakers, str(r.year), str(r.speeches), str(r.sentences), str(r.everyday), str(r.support),
                str(r.critical), str(r.neutral),
            )  # fmt: skip
    console.print(table)
