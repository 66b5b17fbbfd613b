"""Write ``states.ttl``, the register of states: the 193 UN member states, the two observer states
and the former states the corpus names, with their ISO 3166 codes and names (pycountry), Wikidata
items (``data/wikidata-states.csv``), demonyms (countryinfo), former names and UN geoscheme (M49)
regions and sub-regions (country_converter).

A state that ``actors.ttl`` already describes keeps its IRI, labels and definition there; the
register adds only what it lacks. Run from a source checkout with the ``dev`` extra::

    python -m apkg.ontology.register
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import OWL, SKOS

from apkg.errors import OntologyError
from apkg.ontology.lexicon import normalise_name, term_labels
from apkg.ontology.load import ONTOLOGY_DIR, load_ontology, write_generated
from apkg.ontology.namespace import APKG, APKGR, WD, bind_prefixes

REGISTER_FILE = "states.ttl"
WIKIDATA_FILE = Path(__file__).resolve().parent / "data" / "wikidata-states.csv"

# ISO 3166-1 alpha-3 codes of the 193 member states of the United Nations.
_UN_MEMBER_CODES = """
    AFG AGO ALB AND ARE ARG ARM ATG AUS AUT AZE BDI BEL BEN BFA BGD BGR BHR BHS BIH BLR BLZ BOL BRA
    BRB BRN BTN BWA CAF CAN CHE CHL CHN CIV CMR COD COG COL COM CPV CRI CUB CYP CZE DEU DJI DMA DNK
    DOM DZA ECU EGY ERI ESP EST ETH FIN FJI FRA FSM GAB GBR GEO GHA GIN GMB GNB GNQ GRC GRD GTM GUY
    HND HRV HTI HUN IDN IND IRL IRN IRQ ISL ISR ITA JAM JOR JPN KAZ KEN KGZ KHM KIR KNA KOR KWT LAO
    LBN LBR LBY LCA LIE LKA LSO LTU LUX LVA MAR MCO MDA MDG MDV MEX MHL MKD MLI MLT MMR MNE MNG MOZ
    MRT MUS MWI MYS NAM NER NGA NIC NLD NOR NPL NRU NZL OMN PAK PAN PER PHL PLW PNG POL PRK PRT PRY
    QAT ROU RUS RWA SAU SDN SEN SGP SLB SLE SLV SMR SOM SRB SSD STP SUR SVK SVN SWE SWZ SYC SYR TCD
    TGO THA TJK TKM TLS TON TTO TUN TUR TUV TZA UGA UKR URY USA UZB VCT VEN VNM VUT WSM YEM ZAF ZMB
    ZWE
    """
UN_MEMBERS = tuple(_UN_MEMBER_CODES.split())
# Non-member states with permanent observer status: the Holy See and the State of Palestine.
UN_OBSERVERS = ("VAT", "PSE")


@dataclass(frozen=True)
class FormerState:
    """A state that no longer exists, with the alpha-3 code ISO 3166-3 keeps for it."""

    alpha3: str
    local_name: str
    labels: tuple[str, ...]  # the preferred label first
    demonyms: tuple[str, ...]
    definition: str


FORMER_STATES = (
    FormerState(
        "SUN", "SovietUnion", ("Soviet Union", "Union of Soviet Socialist Republics", "USSR", "U.S.S.R."),
        ("Soviet",),
        "The union of Soviet socialist republics (1922-1991), a founding member of the United Nations "
        "whose seat passed to the Russian Federation.",
    ),
    FormerState(
        "CSK", "Czechoslovakia",
        ("Czechoslovakia", "Czechoslovak Socialist Republic", "Czech and Slovak Federal Republic"),
        ("Czechoslovak",),
        "The Central European state (1918-1992) that divided into the Czech Republic and Slovakia on "
        "1 January 1993.",
    ),
    FormerState(
        "DDR", "GermanDemocraticRepublic", ("German Democratic Republic", "East Germany", "GDR"),
        ("East German",),
        "The socialist German state (1949-1990), a UN member from 1973, which joined the Federal "
        "Republic of Germany in October 1990.",
    ),
    FormerState(
        "YMD", "SouthYemen",
        ("People's Democratic Republic of Yemen", "Democratic Yemen", "South Yemen", "PDRY"),
        ("South Yemeni",),
        "The socialist state of southern Yemen (1967-1990), which united with the Yemen Arab Republic "
        "in May 1990 to form the Republic of Yemen.",
    ),
    FormerState(
        "SCG", "SerbiaAndMontenegro", ("Serbia and Montenegro", "State Union of Serbia and Montenegro"),
        (),
        "The state union that succeeded the Federal Republic of Yugoslavia in 2003 and ended in 2006, "
        "when Montenegro became independent and Serbia kept the UN seat.",
    ),
    FormerState(
        "RHO", "SouthernRhodesia", ("Southern Rhodesia", "Rhodesia", "Republic of Rhodesia"),
        ("Rhodesian",),
        "The British colony whose white-minority government declared an independence no state "
        "recognised in 1965, was put under UN sanctions, and which became Zimbabwe in 1980.",
    ),
    FormerState(
        "VDR", "NorthVietnam",
        ("Democratic Republic of Viet-Nam", "Democratic Republic of Vietnam", "North Vietnam",
         "North Viet-Nam"),
        ("North Vietnamese",),
        "The state of northern Vietnam (1945-1976), which united with the south in 1976 as the "
        "Socialist Republic of Viet Nam.",
    ),
)  # fmt: skip

# The state that holds a former state's territory today, whose M49 sub-region the former state
# takes: M49 lists only today's states.
TERRITORY_OF = {
    "SUN": "RUS", "CSK": "CZE", "DDR": "DEU", "YMD": "YEM", "SCG": "SRB", "RHO": "ZWE", "VDR": "VNM",
    "YUG": "SRB",
}  # fmt: skip
# The region of each of the 22 sub-regions of the UN geoscheme (M49, UN Statistics Division).
M49_REGIONS = {
    "Africa": ("Eastern Africa", "Middle Africa", "Northern Africa", "Southern Africa", "Western Africa"),
    "Americas": ("Caribbean", "Central America", "Northern America", "South America"),
    "Asia": ("Central Asia", "Eastern Asia", "South-eastern Asia", "Southern Asia", "Western Asia"),
    "Europe": ("Eastern Europe", "Northern Europe", "Southern Europe", "Western Europe"),
    "Oceania": ("Australia and New Zealand", "Melanesia", "Micronesia", "Polynesia"),
}
REGION_OF_SUBREGION = {sub: region for region, subs in M49_REGIONS.items() for sub in subs}

# Former states actors.ttl already describes: their codes, or None where ISO 3166 has none.
KNOWN_FORMER_STATES: dict[URIRef, str | None] = {APKGR.Yugoslavia: "YUG", APKGR.OttomanEmpire: None}

# Names pycountry does not give: former names (in ISO 3166-3 where the code changed) and the
# short forms the UN and the corpus use.
OTHER_NAMES: dict[str, tuple[str, ...]] = {
    "BEN": ("Dahomey",),
    "BFA": ("Upper Volta",),
    "BLR": ("Byelorussian Soviet Socialist Republic", "Byelorussian SSR"),
    "BRN": ("Brunei",),
    "COG": ("Congo-Brazzaville",),
    "CPV": ("Cape Verde",),
    "DEU": ("West Germany",),
    "IRN": ("Persia",),
    "LKA": ("Ceylon",),
    "MKD": ("former Yugoslav Republic of Macedonia", "Republic of Macedonia", "FYROM"),
    "PSE": ("Palestine",),
    "STP": ("São Tomé and Príncipe",),
    "SWZ": ("Swaziland", "Kingdom of Swaziland"),
    "THA": ("Siam",),
    "TLS": ("East Timor",),
    "UKR": ("Ukrainian Soviet Socialist Republic", "Ukrainian SSR"),
    "VUT": ("New Hebrides",),
    "YEM": ("Yemen Arab Republic", "North Yemen"),
}
# Names no state gets: "Congo" is the ISO name of the Republic of the Congo, but text uses it for
# both Congos.
AMBIGUOUS_NAMES = frozenset({"Congo"})

# Demonyms where countryinfo gives none, a noun only, a misspelling or an old transliteration.
DEMONYMS: dict[str, tuple[str, ...]] = {
    "CPV": ("Cape Verdean", "Cabo Verdean"),
    "DJI": ("Djiboutian",),
    "ISL": ("Icelandic",),
    "KGZ": ("Kyrgyz",),
    "LUX": ("Luxembourgish",),
    "MDV": ("Maldivian",),
    "PSE": ("Palestinian",),
    "SUR": ("Surinamese",),
    "TJK": ("Tajik",),
    "YUG": ("Yugoslav",),
}
KNOWN_DEMONYMS: dict[URIRef, tuple[str, ...]] = {APKGR.OttomanEmpire: ("Ottoman",)}


@dataclass
class _Entry:
    iri: URIRef
    alpha3: str | None
    status: URIRef
    names: list[str]
    demonyms: tuple[str, ...]
    definition: str | None  # None: actors.ttl defines the state


def _error(message: str) -> OntologyError:
    return OntologyError(Path(__file__), None, message)


def readable_names(iso_name: str) -> list[str]:
    """The names an ISO 3166 name stands for, in running-text order: "Korea, Republic of" gives
    "Republic of Korea", "Holy See (Vatican City State)" gives both names."""
    name = iso_name.removeprefix("the ")
    bracketed = re.fullmatch(r"(.+) \((.+)\)", name)
    if bracketed:
        return [bracketed.group(1), bracketed.group(2)]
    head, comma, tail = name.partition(", ")
    if comma and tail.endswith((" of", " of the")):
        return [f"{tail} {head}".removeprefix("The ")]
    return [name]


def _iso_names(country: Any) -> list[str]:
    names: list[str] = []
    for attribute in ("common_name", "name", "official_name"):
        value = getattr(country, attribute, None)
        for name in readable_names(value) if value else []:
            if name not in names and name not in AMBIGUOUS_NAMES:
                names.append(name)
    return names


def _demonyms(alpha3: str) -> tuple[str, ...]:
    from countryinfo import CountryInfo

    if alpha3 in DEMONYMS:
        return DEMONYMS[alpha3]
    demonym = CountryInfo(alpha3).info().get("demonym") or ""
    return tuple(word.strip() for word in demonym.split(",") if word.strip())


def _wikidata(path: Path = WIKIDATA_FILE) -> dict[str, str]:
    with path.open(encoding="utf-8") as handle:
        rows = csv.DictReader(line for line in handle if not line.startswith("#"))
        return {row["alpha3"]: row["wikidata"] for row in rows}


def m49_subregions() -> dict[str, str]:
    """ISO 3166 alpha-3 code -> M49 sub-region, from country_converter's data (its ``UNregion``)."""
    from importlib.resources import files

    # the table itself: country_converter's CountryConverter needs a pandas it does not break on
    with (files("country_converter") / "country_data.tsv").open(encoding="utf-8") as handle:
        rows = csv.DictReader(handle, delimiter="\t")
        return {row["ISO3"]: row["UNregion"] for row in rows if row["UNregion"]}


def _local_name(label: str) -> str:
    words = re.findall(r"[A-Za-z]+", normalise_name(label).title())
    return "".join(words)


def _entries(hand_written: Graph) -> Iterator[_Entry]:
    import pycountry

    status = dict.fromkeys(UN_MEMBERS, APKG.UNMemberState) | dict.fromkeys(UN_OBSERVERS, APKG.UNObserverState)
    by_name = {
        normalise_name(name): code
        for code in status
        for name in _iso_names(pycountry.countries.get(alpha_3=code)) + list(OTHER_NAMES.get(code, ()))
    }
    known: dict[str, URIRef] = {}
    for state in sorted(s for s in hand_written.subjects(RDF.type, APKG.State) if isinstance(s, URIRef)):
        if state in KNOWN_FORMER_STATES:
            code = KNOWN_FORMER_STATES[state]
            if code and pycountry.historic_countries.get(alpha_3=code) is None:
                raise _error(f"{code} is not an ISO 3166-3 alpha-3 code")
            yield _Entry(state, code, APKG.FormerState, [], _known_demonyms(state, code), None)
            continue
        codes = {by_name[n] for n in map(normalise_name, term_labels(hand_written, state)) if n in by_name}
        if len(codes) != 1:
            raise _error(f"{state} matches ISO codes {sorted(codes)}, not exactly one")
        known[codes.pop()] = state
    for code, kind in status.items():
        country = pycountry.countries.get(alpha_3=code)
        names = _iso_names(country) + list(OTHER_NAMES.get(code, ()))
        if code in known:
            yield _Entry(known[code], code, kind, names, _demonyms(code), None)
            continue
        definition = _definition(names[0], getattr(country, "official_name", None), kind)
        iri = _new_iri(hand_written, _local_name(names[0]))
        yield _Entry(iri, code, kind, names, _demonyms(code), definition)
    historic = {country.alpha_3 for country in pycountry.historic_countries}
    for former in FORMER_STATES:
        if former.alpha3 not in historic:
            raise _error(f"{former.alpha3} is not an ISO 3166-3 alpha-3 code")
        yield _Entry(
            _new_iri(hand_written, former.local_name),
            former.alpha3,
            APKG.FormerState,
            list(former.labels),
            former.demonyms,
            former.definition,
        )


def _new_iri(hand_written: Graph, local_name: str) -> URIRef:
    iri = APKGR[local_name]
    if (iri, RDF.type, None) in hand_written:
        raise _error(f"{iri} is already a term of the ontology that is not a state")
    return iri


def _known_demonyms(state: URIRef, code: str | None) -> tuple[str, ...]:
    return DEMONYMS.get(code or "", KNOWN_DEMONYMS.get(state, ()))


def _definition(name: str, official: str | None, kind: URIRef) -> str:
    role = "a member state" if kind == APKG.UNMemberState else "a non-member observer state"
    official_name = official.removeprefix("the ") if official else None
    also = f" (official name: {official_name})" if official_name and official_name != name else ""
    return f"{name}{also}, {role} of the United Nations."


def build_register(directory: Path = ONTOLOGY_DIR) -> Graph:
    """Return the register of states for the hand-written ontology files of ``directory``.

    Raises:
        OntologyError: a hand-written state matches no ISO code or several, a code is not in
            ISO 3166, a Wikidata item contradicts the one a state already has, or a name of a
            state is a label of another term.
    """
    hand_written = load_ontology(directory, skip={REGISTER_FILE})
    wikidata = _wikidata()
    labels_of_others = {
        normalise_name(str(label)): term
        for term, label in hand_written.subject_objects(SKOS.prefLabel | SKOS.altLabel | SKOS.hiddenLabel)
        if (term, RDF.type, APKG.State) not in hand_written
    }
    subregions = m49_subregions()
    register = bind_prefixes(Graph())
    for entry in _entries(hand_written):
        _add(register, hand_written, entry, wikidata, labels_of_others)
        _add_region(register, entry, subregions)
    return register


def _add_region(register: Graph, entry: _Entry, subregions: dict[str, str]) -> None:
    """The M49 sub-region and region of a state with a code (a former state: of its territory's)."""
    if entry.alpha3 is None:
        return
    subregion = subregions.get(TERRITORY_OF.get(entry.alpha3, entry.alpha3))
    if subregion not in REGION_OF_SUBREGION:
        raise _error(f"{entry.alpha3} has no M49 sub-region of the 22 (country_converter: {subregion!r})")
    register.add((entry.iri, APKG.m49SubRegion, Literal(subregion)))
    register.add((entry.iri, APKG.m49Region, Literal(REGION_OF_SUBREGION[subregion])))


def _add(
    register: Graph, hand_written: Graph, entry: _Entry, wikidata: dict[str, str], taken: dict[str, Any]
) -> None:
    iri = entry.iri
    new = entry.definition is not None
    if new:
        register.add((iri, RDF.type, APKG.State))
        register.add((iri, RDF.type, APKG.Place))
        register.add((iri, RDFS.label, Literal(entry.names[0], lang="en")))
        register.add((iri, SKOS.prefLabel, Literal(entry.names[0], lang="en")))
        register.add((iri, SKOS.definition, Literal(entry.definition, lang="en")))
    register.add((iri, RDF.type, entry.status))
    if entry.alpha3:
        register.add((iri, APKG.isoAlpha3, Literal(entry.alpha3)))
    have = set(term_labels(hand_written, iri))
    for name in entry.names[1:] if new else entry.names:
        if normalise_name(name) in taken:
            raise _error(f"{name!r} of {iri} is already a label of {taken[normalise_name(name)]}")
        if name not in have:
            have.add(name)
            register.add((iri, SKOS.altLabel, Literal(name, lang="en")))
    item = wikidata.get(entry.alpha3 or "")
    existing = set(hand_written.objects(iri, OWL.sameAs))
    if item and existing and existing != {WD[item]}:
        raise _error(f"{iri} is {sorted(map(str, existing))} in actors.ttl, {item} in {WIKIDATA_FILE.name}")
    if item and not existing:
        register.add((iri, OWL.sameAs, WD[item]))
    for demonym in entry.demonyms:
        register.add((iri, APKG.demonym, Literal(demonym, lang="en")))


_HEADER = """\
# The register of states: UN member and observer states and former states, with ISO 3166 codes,
# Wikidata items, demonyms, former names and M49 regions. Generated by ontology/register.py (python -m
# apkg.ontology.register): edit that script, or actors.ttl for the states it describes, not this file.

"""


def write_register(directory: Path = ONTOLOGY_DIR) -> Path:
    """Write ``states.ttl`` into ``directory`` and return its path."""
    return write_generated(directory / REGISTER_FILE, _HEADER, build_register(directory))


if __name__ == "__main__":
    write_register()
