"""The register of organisations: UN organs, offices, funds, special procedures and peace
operations, regional and other intergovernmental organisations, courts and tribunals, national bodies,
armed groups and forces, each with its names, type and (where certain) Wikidata item; the
organisations actors.ttl described keep their IRIs."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from rdflib import RDF, Graph
from rdflib.compare import isomorphic
from rdflib.namespace import ORG, OWL, RDFS, SKOS

from apkg.errors import OntologyError
from apkg.ontology import APKG, APKGR, WD, check_ontology
from apkg.ontology.lexicon import build_lexicon, matches_exact_case, term_labels
from apkg.ontology.load import parse_turtle
from apkg.ontology.organisations import (
    CLASSES,
    DATA_FILE,
    REGISTER_FILE,
    build_organisations,
    read_organisations,
)

ROWS = read_organisations()


def test_counts_by_type(ontology_graph):
    by_class = Counter(row.cls for row in ROWS)
    assert by_class["UNEntity"] >= 100
    assert by_class["RegionalOrganisation"] >= 50
    assert by_class["IntergovernmentalOrganisation"] >= 20
    assert by_class["CourtOrTribunal"] >= 30
    assert by_class["NationalBody"] >= 20
    assert by_class["ArmedGroup"] >= 50
    for name, cls in CLASSES.items():  # the ontology holds exactly the register's rows of each class
        members = {s for s in ontology_graph.subjects(RDF.type, cls)}
        assert members == {row.iri for row in ROWS if row.cls == name}, name


def test_every_row_is_typed_and_labelled(ontology_graph):
    for row in ROWS:
        assert (row.iri, RDF.type, CLASSES[row.cls]) in ontology_graph, row.id
        assert str(ontology_graph.value(row.iri, SKOS.prefLabel)) == row.name
        labels = set(term_labels(ontology_graph, row.iri))
        assert {row.name, *row.other_names} <= labels, row.id
        assert ontology_graph.value(row.iri, SKOS.definition), row.id


def test_organisations_of_actors_ttl_keep_their_iri_and_definition(ontology_graph):
    actors = parse_turtle(Path(DATA_FILE).parents[1] / "actors.ttl")
    au = APKGR.AfricanUnion
    assert list(ontology_graph.objects(au, SKOS.definition)) == list(actors.objects(au, SKOS.definition))
    assert (APKGR.AUPeaceAndSecurityCouncil, ORG.subOrganizationOf, au) in ontology_graph
    assert (APKGR.ASEAN, OWL.sameAs, WD.Q7768) in ontology_graph  # an item the register adds
    for row in ROWS:
        if row.source == "actors.ttl":
            assert (row.iri, OWL.sameAs, WD[row.wikidata]) in actors, row.id


def test_the_field_s_bodies_are_registered():
    names = {name for row in ROWS for name in (row.name, *row.other_names)}
    assert {
        "Special Adviser on the Prevention of Genocide",
        "Special Procedures of the Human Rights Council",
        "Special Tribunal for Lebanon",
        "Extraordinary African Chambers",
        "Kosovo Specialist Chambers",
        "European Court of Human Rights",
        "Inter-American Court of Human Rights",
        "African Court on Human and Peoples' Rights",
        "Permanent Court of Arbitration",
        "Non-Aligned Movement",
        "Group of 77",
        "Warsaw Treaty Organization",
        "Commonwealth of Independent States",
        "Gulf Cooperation Council",
        "UNPREDEP",
        "AMISOM",
    } <= names


def test_the_field_s_armed_groups_and_forums_are_registered(ontology_graph):
    """Armed groups, terrorist organisations and forums the literature names are known actors, each
    an armed group (a kind of group, not of organisation) or an intergovernmental body."""
    names = {name: row for row in ROWS for name in (row.name, *row.other_names)}
    armed = {"Al-Qaida", "Taliban", "Al-Shabaab", "Boko Haram", "Hamas", "Hezbollah", "Ansar Allah",
             "Wagner Group", "Al-Nusra Front", "Hayat Tahrir al-Sham", "Séléka", "Anti-balaka",
             "Lord's Resistance Army", "Revolutionary United Front", "Allied Democratic Forces",
             "Revolutionary Armed Forces of Colombia", "Kurdistan Workers' Party", "Arakan Army",
             "Mai-Mai", "CODECO", "Popular Mobilization Forces", "Peshmerga", "UNITA",
             "Polisario Front"}  # fmt: skip
    forums = {"Asia-Pacific Economic Cooperation", "Group of Seven", "Group of Twenty", "BRICS",
              "Contadora Group", "OSCE Minsk Group", "World Trade Organization"}  # fmt: skip
    assert armed | forums <= set(names)
    for name in armed:
        assert names[name].cls == "ArmedGroup", name
    for name in forums:
        assert names[name].cls in {"IntergovernmentalOrganisation", "RegionalOrganisation"}, name
    for row in ROWS:
        if row.cls == "ArmedGroup":
            assert (row.iri, RDF.type, APKG.ArmedGroup) in ontology_graph, row.id
    assert (APKG.ArmedGroup, RDFS.subClassOf, APKG.Group) in ontology_graph


@pytest.mark.parametrize(
    "spellings",
    [
        ("Al-Qaida", "Al Qaeda", "al-Qaeda", "Al Qaida", "al-Qa'ida"),
        ("Hezbollah", "Hizbullah", "Hizballah"),
        ("Ansar Allah", "Houthis", "Houthi rebels", "Ansarullah"),
        ("Al-Shabaab", "al-Shabab", "Al Shabaab"),
        ("Mai-Mai", "Mayi-Mayi"),
        ("ISIL", "Islamic State in Iraq and the Sham", "Daesh"),
        ("Polisario Front", "POLISARIO", "Frente Polisario"),
    ],
)
def test_transliterations_name_one_actor(ontology_graph, spellings):
    lexicon = build_lexicon(ontology_graph)
    assert len({lexicon.link(name) for name in spellings} - {None}) == 1
    assert None not in {lexicon.link(name) for name in spellings}


def test_acronyms_of_armed_groups_match_their_case_only(ontology_graph):
    acronyms = {"LRA", "RUF", "FARC", "PKK", "JEM", "HTS", "PMF", "UNITA", "RENAMO", "MNLF", "FBI", "CIA"}
    names = {name for row in ROWS for name in term_labels(ontology_graph, row.iri)}
    assert acronyms <= names
    assert all(matches_exact_case(name, state=False) for name in acronyms)
    assert "Wagner Group" in names


def test_no_name_belongs_to_two_entries(ontology_graph):
    """Every name of a registered organisation links to it alone among actors, places and cases
    (a tool may share one: the IIIM is an actor and an investigative mechanism)."""
    lexicon = build_lexicon(ontology_graph)
    for row in ROWS:
        for label in term_labels(ontology_graph, row.iri):
            assert lexicon.link(label) == str(row.iri), (label, row.id)


def test_wikidata_items_are_well_formed_and_distinct(ontology_graph):
    items = [row.wikidata for row in ROWS if row.wikidata]
    assert len(items) == len(set(items)) >= 40
    assert all(re.fullmatch(r"Q[1-9][0-9]*", item) for item in items)
    assert {row.source for row in ROWS if row.wikidata} == {"actors.ttl", "hand"}
    for row in ROWS:
        found = list(ontology_graph.objects(row.iri, OWL.sameAs))
        assert found == ([WD[row.wikidata]] if row.wikidata else []), row.id


def test_organisations_ttl_is_what_the_script_writes():
    from apkg.ontology import ONTOLOGY_DIR

    committed = Graph().parse(ONTOLOGY_DIR / REGISTER_FILE)
    assert isomorphic(build_organisations(), committed), "run: python -m apkg.ontology.organisations"


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        # a name another entry already has
        ("UNPREDEP;UN Preventive Deployment Force", "UNPREDEP;ICTY", "already a name of"),
        # an organisation of actors.ttl left out of the register
        ("Dutchbat,UNEntity,Dutchbat,,,,,\n", "", "missing from"),
        # a class that contradicts actors.ttl's
        ("Dutchbat,UNEntity,", "Dutchbat,CourtOrTribunal,", "is not a CourtOrTribunal"),
        # an item that contradicts actors.ttl's
        (",Q7159,actors.ttl,", ",Q7160,actors.ttl,", "in the other files"),
        # a new organisation without a definition
        ("The UN peacekeeping force in Cyprus since 1964.", "", "needs a definition"),
        # two entries with one item
        ("UNISFA,,,,", "UNISFA,,Q7785,hand,", "share the Wikidata item"),
        ("UNISFA,,,,", "UNISFA,,Q12x,hand,", "is not a Wikidata item"),
        ("UNISFA,,,,", "UNISFA,Freedonia,,,", "is not in the register"),
    ],
)
def test_the_script_refuses_a_bad_row(ontology_copy, old, new, message):
    data = ontology_copy / "data" / DATA_FILE.name
    _edit(data, old, new)
    with pytest.raises(OntologyError, match=message):
        build_organisations(ontology_copy, data)


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("owl:sameAs wd:Q7785 ;", "owl:sameAs wd:Q7785, wd:Q1 ;", "at most one Wikidata item"),
        ("owl:sameAs wd:Q7785 ;", "owl:sameAs <http://www.wikidata.org/entity/P7785> ;", "Q and a number"),
        ("owl:sameAs wd:Q7785 ;", "owl:sameAs wd:Q458 ;", "share a Wikidata item"),
        ("apkgr:CommonwealthOfNations a apkg:IntergovernmentalOrganisation ;",
         "apkgr:CommonwealthOfNations a apkg:Organisation ;", "no type more specific"),
        (' ;\n    skos:prefLabel "Commonwealth of Nations"@en .', " .", "exactly one skos:prefLabel"),
        ("org:subOrganizationOf apkgr:UNSpecialProcedures", "org:subOrganizationOf apkgr:Rwanda",
         "not an organisation"),
    ],
)  # fmt: skip
def test_shapes_guard_the_register(ontology_copy, old, new, message):
    _edit(ontology_copy / REGISTER_FILE, old, new)
    problems = check_ontology(ontology_copy).problems
    assert any(p.kind == "shacl" and message in p.message for p in problems), problems


def test_a_passage_names_registered_organisations(extract_passage):
    text = (
        "The Council of the European Union and the Gulf Cooperation Council backed AMISOM, while the "
        "OSCE High Commissioner on National Minorities and the Special Rapporteur on torture warned the "
        "Fourth Committee. The Non-Aligned Movement (NAM), the G77 and the Special Tribunal for Lebanon "
        "were named, and so was the African Court on Human and Peoples’ Rights."
    )
    found = {m.target for m in extract_passage(text) if m.kind == "actor"}
    expected = {
        "CouncilOfTheEuropeanUnion", "GulfCooperationCouncil", "AMISOM",
        "OSCEHighCommissionerOnNationalMinorities", "SRTorture", "UNGAFourthCommittee",
        "NonAlignedMovement", "GroupOf77", "SpecialTribunalForLebanon",
        "AfricanCourtOnHumanAndPeoplesRights",
    }  # fmt: skip
    assert {str(APKGR[name]) for name in expected} <= found


def test_a_passage_names_registered_armed_groups(extract_passage):
    text = (
        "Al Qaeda and its affiliate al-Shabab, the Taliban and the Houthis were condemned, as were "
        "Hizbullah and the Lord's Resistance Army (LRA). The Mayi-Mayi and CODECO militias attacked "
        "camps in Ituri, while the Peshmerga and the Popular Mobilisation Forces fought ISIL."
    )
    mentions = [m for m in extract_passage(text) if m.kind == "actor"]
    expected = {"AlQaida", "AlShabaab", "Taliban", "Houthis", "Hezbollah", "LordsResistanceArmy", "MaiMai",
                "CODECO", "Peshmerga", "PopularMobilizationForces", "ISIL"}  # fmt: skip
    assert {str(APKGR[name]) for name in expected} <= {m.target for m in mentions}


def test_acronyms_that_are_words_match_their_case_only(extract_passage):
    text = "The nam and the cis were words in a glossary; a sco score and a pif file, the who."
    register = {str(row.iri) for row in ROWS}
    assert not {m.target for m in extract_passage(text)} & register


@pytest.fixture(scope="module")
def extract_passage(settings):
    from apkg.ingest.stream import make_extractor
    from apkg.records import Passage

    extractor = make_extractor(settings.extract)

    def run(text: str):
        [(_, mentions, _)] = list(extractor.extract([Passage("t", 0, text, 0, len(text))], n_process=1))
        return mentions

    return run
