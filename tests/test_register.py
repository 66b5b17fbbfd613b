"""The register of states: every UN member and observer state with its ISO 3166 code and names
(checked against pycountry), former states, Wikidata items, and every General Debate delegation of
the shared corpora resolved to one entry."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pycountry
import pytest
from rdflib import RDF, Graph, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import OWL, SKOS

from apkg.ontology import APKG, APKGR, WD, Region, StateRegister, check_ontology
from apkg.ontology.lexicon import build_lexicon, normalise_name
from apkg.ontology.register import (
    REGISTER_FILE,
    TERRITORY_OF,
    UN_MEMBERS,
    build_register,
    m49_subregions,
    readable_names,
)

from .conftest import SHARED

MANIFESTS = [SHARED / "corpus-large" / "MANIFEST.csv", SHARED / "corpus" / "MANIFEST.csv"]
# The corpus files some delegations under the code of their successor.
FILED_UNDER_SUCCESSOR = {"Union of Soviet Socialist Republics": "rus", "Serbia and Montenegro": "yug"}


def codes_of(graph: Graph, cls) -> dict[str, str]:
    states = set(graph.subjects(RDF.type, cls))
    return {str(graph.value(s, APKG.isoAlpha3)): s for s in states}


def iso_names(code: str) -> set[str]:
    country = pycountry.countries.get(alpha_3=code)
    return {
        normalise_name(name)
        for attribute in ("name", "official_name", "common_name")
        if (value := getattr(country, attribute, None))
        for name in readable_names(value)
    }


def labels_of(graph: Graph, state) -> set[str]:
    return {normalise_name(str(o)) for p in (SKOS.prefLabel, SKOS.altLabel) for o in graph.objects(state, p)}


def test_193_un_members_with_their_iso_codes(ontology_graph):
    members = set(ontology_graph.subjects(RDF.type, APKG.UNMemberState))
    assert len(members) == 193
    codes = codes_of(ontology_graph, APKG.UNMemberState)
    assert sorted(codes) == sorted(UN_MEMBERS) and len(codes) == 193
    for code, state in codes.items():
        assert pycountry.countries.get(alpha_3=code) is not None, code
        # the code is this state's: one of its names is one of ISO 3166's names for the code
        assert labels_of(ontology_graph, state) & iso_names(code), (code, state)
    assert codes["RWA"] == APKGR.Rwanda and codes["USA"] == APKGR.UnitedStates
    assert codes["PRY"] == APKGR.Paraguay and codes["SOM"] == APKGR.Somalia


def test_observers_and_former_states(ontology_graph):
    assert codes_of(ontology_graph, APKG.UNObserverState) == {
        "VAT": APKGR.HolySee,
        "PSE": APKGR.StateOfPalestine,
    }
    former = codes_of(ontology_graph, APKG.FormerState)
    assert {"SUN", "CSK", "DDR", "YMD", "YUG", "SCG"} <= set(former)
    for code, state in former.items():
        if code != "None":  # every word of ISO 3166-3's name for the code is in the state's names
            iso_name = pycountry.historic_countries.get(alpha_3=code).name
            words = {word for label in labels_of(ontology_graph, state) for word in label.split()}
            assert set(normalise_name(iso_name).split()) <= words, (code, state)
    uncoded = {
        s
        for s in ontology_graph.subjects(RDF.type, APKG.State)
        if not ontology_graph.value(s, APKG.isoAlpha3)
    }
    assert uncoded == {APKGR.OttomanEmpire}  # ended before ISO 3166 was first published (1974)


def test_renamed_states_keep_one_entry(ontology_graph):
    lexicon = build_lexicon(ontology_graph)
    renamed = [
        ("Zaire", "DemocraticRepublicOfTheCongo"),
        ("Burma", "Myanmar"),
        ("Swaziland", "Eswatini"),
        ("Upper Volta", "BurkinaFaso"),
        ("West Germany", "Germany"),
        ("Yemen Arab Republic", "Yemen"),
    ]
    for name, state in renamed:
        assert lexicon.link(name) == str(APKGR[state]), name


def test_every_name_of_a_state_is_its_own(ontology_graph):
    lexicon = build_lexicon(ontology_graph)
    for state in ontology_graph.subjects(RDF.type, APKG.State):
        for predicate in (SKOS.prefLabel, SKOS.altLabel):
            for label in ontology_graph.objects(state, predicate):
                assert lexicon.link(str(label)) == str(state), (label, state)


def test_wikidata_items(ontology_graph):
    members = set(ontology_graph.subjects(RDF.type, APKG.UNMemberState))
    for state in members:
        [item] = ontology_graph.objects(state, OWL.sameAs)
        assert str(item).startswith(str(WD))
    # the items actors.ttl had before the register, unchanged
    assert (APKGR.Rwanda, OWL.sameAs, WD.Q1037) in ontology_graph
    assert (APKGR.SovietUnion, OWL.sameAs, WD.Q15180) in ontology_graph
    assert not set(ontology_graph.objects(APKGR.HolySee, OWL.sameAs))  # Q237 is Vatican City


def test_demonyms_are_not_labels(ontology_graph):
    demonyms = {str(d) for d in ontology_graph.objects(APKGR.Switzerland, APKG.demonym)}
    assert demonyms == {"Swiss"}
    assert build_lexicon(ontology_graph).link("Swiss") is None


def test_states_ttl_is_what_the_script_writes():
    from apkg.ontology import ONTOLOGY_DIR

    committed = Graph().parse(ONTOLOGY_DIR / REGISTER_FILE)
    assert isomorphic(build_register(), committed), "run: python -m apkg.ontology.register"


def test_every_state_has_its_m49_region(ontology_graph):
    """Against country_converter's table, and the UN Statistics Division's M49 list: Africa has 54
    member states, the Americas 35, Oceania 14."""
    subregions = m49_subregions()
    register = StateRegister.from_graph(ontology_graph)
    coded = {code: state for code, state in codes_of(ontology_graph, APKG.State).items() if code != "None"}
    assert len(coded) == 203  # member, observer and former states; the Ottoman Empire has no code
    for code, state in coded.items():
        region = register.region_of[str(state)]
        assert region.subregion == subregions[TERRITORY_OF.get(code, code)], code
    members = [
        register.region_of[str(s)].region for s in codes_of(ontology_graph, APKG.UNMemberState).values()
    ]
    assert (members.count("Africa"), members.count("Americas"), members.count("Oceania")) == (54, 35, 14)
    assert register.region_of[str(APKGR.Cyprus)] == Region("Asia", "Western Asia")
    assert register.region_of[str(APKGR.SovietUnion)] == Region("Europe", "Eastern Europe")
    assert register.region_of[str(APKGR.Brazil)] == Region("Americas", "South America")


@pytest.fixture(scope="module")
def register(ontology_graph):
    return StateRegister.from_graph(ontology_graph)


@pytest.mark.parametrize(
    ("delegation", "state"),
    [
        ("Government of Rwanda (UN General Assembly)", "Rwanda"),
        ("Government of Democratic Republic of the Congo (Zaire) (UN General Assembly)",
         "DemocraticRepublicOfTheCongo"),
        ("Congo", "RepublicOfTheCongo"),
        ("Micronesia (Federated States of)", "FederatedStatesOfMicronesia"),
        ("Union of Soviet Socialist Republics", "SovietUnion"),
        ("Democratic Yemen", "SouthYemen"),
        ("The former Yugoslav Republic of Macedonia", "NorthMacedonia"),
        ("Palestine", "StateOfPalestine"),
    ],
)  # fmt: skip
def test_resolve_delegation(register, delegation, state):
    assert register.resolve_delegation(delegation) == str(APKGR[state])


def test_unknown_delegation_resolves_to_nothing(register):
    assert register.resolve_delegation("Freedonia") is None


def general_debate_delegations() -> dict[str, set[str]]:
    """Each delegation of the two manifests' General Debate speeches, with the codes of its files."""
    delegations: dict[str, set[str]] = {}
    for manifest in MANIFESTS:
        with manifest.open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                match = re.search(r"ungd-\d{4}-([a-z]+)-session", row["file"])
                if match:
                    delegations.setdefault(row["author_or_institution"], set()).add(match.group(1))
    return delegations


def test_every_general_debate_delegation_resolves(register, ontology_graph):
    if not all(path.exists() for path in MANIFESTS):
        pytest.skip(f"the shared corpora's manifests are not at {SHARED}")
    delegations = general_debate_delegations()
    assert len(delegations) > 200
    for delegation, codes in delegations.items():
        iri = register.resolve_delegation(delegation)
        assert iri is not None, delegation
        if delegation == "European Union":  # the one delegation that is not a state
            assert iri == str(APKGR.EuropeanUnion)
            continue
        code = ontology_graph.value(URIRef(iri), APKG.isoAlpha3)
        assert code is not None, (delegation, iri)
        assert codes == {FILED_UNDER_SUCCESSOR.get(delegation, str(code).lower())}, (delegation, iri)


def _break(copy: Path, old: str, new: str) -> None:
    path = copy / REGISTER_FILE
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ('apkg:isoAlpha3 "PRY"', 'apkg:isoAlpha3 "PRY", "PAR"', "at most one ISO alpha-3 code"),
        ('apkg:isoAlpha3 "PRY"', 'apkg:isoAlpha3 "EST"', "share an ISO alpha-3 code"),
        ('apkg:isoAlpha3 "PRY"', 'apkg:isoAlpha3 "pry"', "three capital letters"),
        ('    apkg:isoAlpha3 "PRY" ;\n', "", ""),
        ('"PRY" ;\n    apkg:m49Region "Americas"', '"PRY" ;\n    apkg:m49Region "America"', "M49 region"),
        ("owl:sameAs wd:Q733 ;", "owl:sameAs wd:Q733, wd:Q1 ;", "more than one Wikidata item"),
    ],
)
def test_shapes_guard_the_register(ontology_copy, old, new, message):
    _break(ontology_copy, old, new)
    problems = [p for p in check_ontology(ontology_copy).problems if "Paraguay" in p.subject]
    assert problems, problems
    assert all(p.kind == "shacl" for p in problems)
    assert any(message in p.message for p in problems), problems
