"""Mention extraction: aliases link to one actor, labels match on case and lemma, rules hold."""

from __future__ import annotations

import pytest
from rdflib import Namespace
from typer.testing import CliRunner

from apkg.app.cli import app
from apkg.ingest.extract import new_actor_iri, new_actor_type
from apkg.ingest.stream import make_extractor
from apkg.ontology import APKG, APKGR
from apkg.ontology.lexicon import normalise_name
from apkg.records import Passage

CONCEPT = Namespace(str(APKG._NS))  # concept IRIs are data, not declared terms


@pytest.fixture(scope="module")
def extract(settings):
    extractor = make_extractor(settings.extract)

    def run(text: str):
        [(_, mentions, new_actors)] = list(
            extractor.extract([Passage("t", 0, text, 0, len(text))], n_process=1)
        )
        return mentions, new_actors

    return run


def targets(mentions) -> set[str]:
    return {m.target for m in mentions}


def assert_named(extract, concept: str, texts, *, not_in=()) -> None:
    """``concept`` is found in each of ``texts`` and in none of ``not_in``."""
    for text in texts:
        assert concept in targets(extract(text)[0]), text
    for text in not_in:
        assert concept not in targets(extract(text)[0]), text


def test_aliases_link_to_one_actor(extract):
    mentions, _ = extract(
        "The AU sent observers. Later the African Union asked the Security Council and the "
        "United Nations Security Council for support, and African Union mediators stayed."
    )
    actors = [m for m in mentions if m.kind == "actor"]
    assert {m.target for m in actors} == {str(APKGR.AfricanUnion), str(APKGR.UNSecurityCouncil)}
    assert sum(m.target == str(APKGR.AfricanUnion) for m in actors) == 3


def test_acronyms_match_their_case_only(extract):
    assert str(APKGR.AfricanUnion) not in targets(extract("Il est allé au marché avec au moins dix amis.")[0])


def test_lower_case_and_lemma_variants(extract):
    mentions, _ = extract(
        "Two arms embargoes and a Truth Commission were proposed; ARMS EMBARGO talks failed."
    )
    found = [m for m in mentions if m.target == str(CONCEPT.ArmsEmbargo)]
    assert [m.surface for m in found] == ["arms embargoes", "ARMS EMBARGO"]
    assert str(CONCEPT.TruthCommissions) in targets(mentions)


def test_longest_match_wins(extract):
    mentions, _ = extract("They called for a referral to the International Criminal Court.")
    referral = [m for m in mentions if m.kind == "tool"]
    assert [m.surface for m in referral] == ["referral to the International Criminal Court"]


def test_a_concept_named_inside_a_longer_name_of_another_kind_is_a_mention(extract):
    mentions, _ = extract(
        "States must act for the prevention of genocide before the War Crimes Tribunal sits."
    )
    found = {(m.surface, m.target) for m in mentions}
    assert ("prevention of genocide", str(CONCEPT.GenocidePrevention)) in found
    assert [m.surface for m in mentions if m.target == str(CONCEPT.Genocide)] == ["genocide"]  # once
    assert ("War Crimes", str(CONCEPT.WarCrimes)) in found
    narrower, _ = extract("The EU imposed targeted sanctions on the generals.")
    assert str(CONCEPT.Sanctions) not in targets(narrower)  # the same kind: one mention, the longer


def test_verb_forms_and_agent_nouns_name_the_concept(extract):
    mentions, _ = extract(
        "The ministers condemned the shelling. Prosecutors prosecuted two commanders, whom the "
        "court had investigated, and the invaders were driven out with help from Swiss mediators."
    )
    found = targets(mentions)
    for concept in ("PublicCondemnation", "Prosecution", "Investigation", "Aggression", "Mediation"):
        assert str(CONCEPT[concept]) in found, concept
    phrase, _ = extract("They failed to prevent genocide and to protect minorities.")
    assert {str(CONCEPT.GenocidePrevention), str(CONCEPT.MinorityRightsProtection)} <= targets(phrase)


def test_a_verb_and_its_goal_with_the_object_between(extract):
    mentions, _ = extract("We urge the Council to refer the situation in Syria to the ICC without delay.")
    referral = [m for m in mentions if m.target == str(CONCEPT.ReferralToICC)]
    assert [m.surface for m in referral] == ["refer the situation in Syria to the ICC"]
    assert [m.surface for m in mentions if m.target == str(APKGR.Syria)] == ["Syria"]  # once
    assert str(APKGR.InternationalCriminalCourt) in targets(mentions)
    other, _ = extract("They refer patients. Later, in another sentence, a case went to the ICC.")
    assert str(CONCEPT.ReferralToICC) not in targets(other)


def test_an_office_is_not_its_act(extract):
    mentions, _ = extract("The Prosecutor met the President in The Hague.")
    assert str(CONCEPT.Prosecution) not in targets(mentions)


def test_a_situation_word_inside_another_term_is_not_the_situation(extract):
    assert_named(
        extract,
        str(CONCEPT.ArmedConflictOrInstability),
        ("The war in the east displaced thousands.", "Hostilities resumed in May."),
        not_in=("War crimes were committed.", "Conflict prevention works.", "He was a war criminal."),
    )
    assert str(CONCEPT.WarCrimes) in targets(extract("He was a war criminal.")[0])
    fight = targets(extract("They lead the fight against impunity.")[0])  # its object, not a modifier
    assert {str(CONCEPT.Impunity), str(CONCEPT.JusticeAndAccountability)} <= fight


def test_a_word_in_another_sense_is_no_mention(extract):
    torture = "It does not include pain arising only from lawful sanctions."
    assert str(CONCEPT.Sanctions) not in targets(extract(torture)[0])
    assert str(CONCEPT.Sanctions) in targets(extract("The Council imposed sanctions on the junta.")[0])
    assert str(CONCEPT.Justice) not in targets(extract("They campaign for social justice.")[0])
    assert str(CONCEPT.Justice) in targets(extract("Survivors still wait for justice.")[0])
    standard = "Counsel is assigned where the interests of justice so require."  # a legal standard
    assert str(CONCEPT.Justice) not in targets(extract(standard)[0])
    interest = "The judge declared a conflict of interest."
    assert str(CONCEPT.ArmedConflictOrInstability) not in targets(extract(interest)[0])
    trade = "The intergovernmental negotiations on reform and the trade negotiations stalled."
    assert str(CONCEPT.PeaceNegotiations) not in targets(extract(trade)[0])
    assert str(CONCEPT.PeaceNegotiations) in targets(
        extract("The negotiations between the parties stalled.")[0]
    )


def test_a_state_people_by_its_demonym_is_no_new_actor(extract):
    _, new_actors = extract("Thousands of Syrians and Rwandans fled, while the Zorbians stayed.")
    names = {actor.name for actor in new_actors}
    assert not {"Syrians", "Rwandans"} & names


def test_coordinated_labels_name_two_concepts(extract):
    mentions, _ = extract("The programme funded dialogue and trust building in the valley.")
    assert {str(CONCEPT.Dialogue), str(CONCEPT.TrustBuilding)} <= targets(mentions)
    assert str(CONCEPT.DialogueAndTrustBuilding) not in targets(mentions)


def test_a_coordination_names_the_concepts_it_elides(extract):
    # a shared modifier, a shared complement, a list, a shared head: each conjunct completes a label
    assert_named(extract, str(CONCEPT.ConflictResolution), [
        "The League invested in conflict prevention and resolution across the region.",
        "Its charter sets out conflict prevention, management and resolution.",
    ])  # fmt: skip
    assert_named(extract, str(CONCEPT.GenocidePrevention), [
        "Both states ratified the treaty on the prevention and punishment of genocide.",
        "The parliament passed a Genocide and Atrocities Prevention Act.",
    ])  # fmt: skip
    mentions, _ = extract("Delegates discussed the prevention and resolution of conflicts in the Sahel.")
    [elided] = [m for m in mentions if m.target == str(CONCEPT.ConflictPrevention)]
    assert elided.surface == "prevention"  # the word that the completed label stands on


def test_a_repeated_head_is_no_ellipsis(extract):
    # "crimes" and "violence" head their own conjuncts; no label is completed across them
    mentions, _ = extract("They answered for war crimes and crimes against humanity.")
    assert [m.surface for m in mentions if m.target == str(CONCEPT.WarCrimes)] == ["war crimes"]
    assert_named(extract, str(CONCEPT.HumanitarianAssistance), [
        "The agency gave humanitarian and development assistance.",
    ])  # fmt: skip
    assert_named(extract, str(CONCEPT.DevelopmentAssistance), [], not_in=[
        "The treaty promotes development and international cooperation.",
    ])  # fmt: skip
    mentions, _ = extract("Programmes address gender violence and violence against children.")
    assert [m.surface for m in mentions if m.target == str(CONCEPT.ViolenceAgainstChildren)] == [
        "violence against children"
    ]


def test_bare_sphere_word_needs_a_second_sphere_word(extract):
    assert str(APKG.ResponseSphere) not in targets(extract("In response to the attack, troops moved.")[0])
    both = targets(extract("Work divides into prevention, response and recovery.")[0])
    assert {str(APKG.PreventionSphere), str(APKG.ResponseSphere), str(APKG.RecoverySphere)} <= both


def test_unknown_names_become_typed_actors(extract):
    _, new_actors = extract(
        "The Valley Defence Forces attacked villages; the Supreme Court of Freedonia later heard the case."
    )
    types = {actor.name: actor.type_name for actor in new_actors}
    assert types.get("Valley Defence Forces") == "ArmedGroup"
    assert any(kind == "CourtOrTribunal" for kind in types.values())
    assert new_actor_iri("Valley Defence Forces") == str(APKGR["actor/valley-defence-forces"])


def test_years_and_offsets(extract):
    text = "In April 1994 the killing began."
    mentions, _ = extract(text)
    [year] = [m for m in mentions if m.kind == "date"]
    assert year.target == "1994" and text[year.char_start : year.char_end] == "1994"
    assert all(m.extractor in {"apkg.concepts", "apkg.entities"} and m.extractor_version for m in mentions)


def test_adjectival_nationality_is_not_an_actor(extract):
    mentions, _ = extract("The Sudanese people deserve peace, said the Hutu and the Tutsi leaders.")
    surfaces = {m.surface for m in mentions if m.kind == "actor"}
    assert "Sudanese" not in surfaces


@pytest.mark.parametrize(
    ("name", "folded"), [("the African Union's", "african union"), ("U.S.", "us"), ("Višegrad", "visegrad")]
)
def test_normalise_name(name, folded):
    assert normalise_name(name) == folded


def test_new_actor_type_rules():
    assert new_actor_type("ORG", "Ministry of Justice") == "NationalBody"
    assert new_actor_type("ORG", "Centre for Peace Studies") == "ResearchOrganisation"
    assert new_actor_type("PERSON", "Jane Doe") == "Person"
    assert new_actor_type("GPE", "Freedonia") == "Place"


def test_cli_extract_json():
    result = CliRunner().invoke(app, ["extract", "Targeted sanctions hit the commanders.", "--json"])
    assert result.exit_code == 0, result.output
    assert '"kind": "tool"' in result.output


def test_states_of_the_register_are_actors(extract):
    mentions, new_actors = extract("Paraguay, Estonia and Somalia voted for the resolution.")
    found = {m.surface: m.target for m in mentions if m.kind == "actor"}
    assert found == {
        "Paraguay": str(APKGR.Paraguay),
        "Estonia": str(APKGR.Estonia),
        "Somalia": str(APKGR.Somalia),
    }
    assert not new_actors


def test_one_word_state_names_match_their_case_only(extract):
    text = "A turkey, some chile and a guinea pig were sold in Chad and Turkey; Jordan's king met them."
    found = {m.surface for m in extract(text)[0] if m.kind == "actor"}
    assert {"Chad", "Turkey", "Jordan"} <= found
    assert not found & {"turkey", "chile", "guinea"}


def test_the_designations_of_un_special_procedures_name_the_tool(extract):
    assert_named(
        extract,
        str(CONCEPT.SpecialProcedures),
        (
            "Two special rapporteurs visited the camps in March and reported to Geneva.",
            "The Government refused to receive the special procedures mandate holders.",
            "The Independent Expert on the situation of human rights in Freedonia met the minister.",
            "A working group of the Human Rights Council examined the cases.",
        ),
        not_in=("A panel of independent experts reviewed the budget.", "The working group met on Monday."),
    )


def test_the_rome_statute_and_security_council_wordings_of_icc_referral(extract):
    referral = str(CONCEPT.ReferralToICC)
    assert_named(
        extract,
        referral,
        (
            "A situation may be referred to the Prosecutor by any State Party.",
            "A State Party may refer to the Prosecutor a situation in which crimes appear to have occurred.",
            "The Council decided to refer the situation in Freedonia to the Prosecutor of the International "
            "Criminal Court.",
            "The referral of the situation in the north to the ICC came late.",
            "Uganda's self-referral opened the first investigation.",
        ),
    )
    mentions, _ = extract("The Council voted to refer the situation in Utopia to the Prosecutor of the ICC.")
    surfaces = [m.surface for m in mentions if m.target == referral]
    assert surfaces == ["refer the situation in Utopia to the Prosecutor of the ICC"]


def test_the_recognised_names_of_psychosocial_support(extract):
    text = "Clinics offer psycho-social support, psychological first aid and psychosocial care to survivors."
    found = [m.surface for m in extract(text)[0] if m.target == str(CONCEPT.TraumaHealing)]
    assert found == ["psycho-social support", "psychological first aid", "psychosocial care"]


def test_repatriation_of_refugees_and_not_of_prisoners_money_or_by_force(extract):
    assert_named(
        extract,
        str(CONCEPT.ReturnOfDisplacedPersons),
        (
            "Since the ceasefire, forty thousand refugees have been repatriated.",
            "UNHCR organised the repatriation of the refugees from the camps.",
            "The agreement provides for the voluntary return of displaced families.",
        ),
        not_in=(
            "Both sides agreed on the repatriation of prisoners of war.",
            "Foreign firms may repatriate profits after one year.",
            "The forced repatriation of asylum seekers continued.",
        ),
    )


def test_targeted_financial_measures_are_targeted_sanctions(extract):
    text = "The government introduced targeted financial measures against the junta's leaders."
    assert str(CONCEPT.TargetedSanctions) in targets(extract(text)[0])


def test_the_names_of_humanitarian_assistance_and_of_public_condemnation(extract):
    assert_named(
        extract,
        str(CONCEPT.HumanitarianAssistance),
        (
            "Donors pledged more for humanitarian action in the Sahel.",
            "The agency scaled up its humanitarian operations after the floods.",
            "The humanitarian response reached two million people.",
            "They praised the humanitarian work of the Red Crescent.",
        ),
    )
    spoke = extract("The bishops spoke out against the massacres in the east.")[0]
    assert str(CONCEPT.PublicCondemnation) in targets(spoke)


def test_the_names_of_holocaust_and_genocide_education_and_their_verb(extract):
    assert_named(
        extract,
        str(CONCEPT.AtrocityPreventionEducation),
        (
            "The foundation funds teaching and learning about the Holocaust in secondary schools.",
            "Education about genocide belongs in every curriculum.",
            "Schools must teach about the Holocaust from the age of twelve.",
        ),
    )


def test_indicting_is_prosecution_and_a_figurative_indictment_is_not(extract):
    assert_named(
        extract,
        str(CONCEPT.Prosecution),
        (
            "The Tribunal indicted the former commander for crimes against humanity.",
            "Those who may yet be indicted must be arrested.",
        ),
        not_in=("The report is a damning indictment of the world's priorities.",),
    )


def test_warning_signs_are_what_early_warning_reads(extract):
    assert_named(
        extract,
        str(CONCEPT.EarlyWarning),
        ("We must improve our ability to read the warning signs.",),
        not_in=("The signs of recovery are encouraging.",),
    )


def test_freezing_or_blocking_assets_whatever_stands_between(extract):
    assert_named(
        extract,
        str(CONCEPT.AssetFreezes),
        (
            "The Treasury froze the assets of six generals.",
            "The order provides for the blocking of foreign assets under U.S. jurisdiction.",
        ),
        not_in=("The generals moved their assets abroad.",),
    )


def test_refraining_from_the_veto_is_veto_restraint(extract):
    assert_named(
        extract,
        str(CONCEPT.VetoRestraint),
        (
            "Council members should refrain from using their veto power in such votes.",
            "France is refraining from the use of the veto.",
        ),
        not_in=("Russia cast its veto on the draft.",),
    )


def test_amnesty_international_is_no_amnesty(extract):
    assert_named(
        extract,
        str(CONCEPT.Amnesty),
        ("The peace agreement granted a blanket amnesty to the commanders.",),
        not_in=("Amnesty International documented the burning villages.",),
    )


def test_negotiations_on_other_subjects_are_no_peace_negotiations(extract):
    assert_named(
        extract,
        str(CONCEPT.PeaceNegotiations),
        (
            "The parties resumed the negotiations in Doha.",
            "Both sides agreed to negotiate a ceasefire.",
        ),
        not_in=(
            "We urge Iran to engage in substantive negotiations on its nuclear programme.",
            "The United States negotiated the adoption of the resolution.",
            "We support the intergovernmental negotiations on the reform of the Security Council.",
        ),
    )
    assert_named(
        extract,
        str(CONCEPT.Dialogue),
        ("The Government opened a national dialogue with the opposition.",),
        not_in=("We hope for a dialogue between Iran and its partners on its nuclear programme.",),
    )


def test_an_anniversary_commemorated_is_no_memorialisation(extract):
    assert_named(
        extract,
        str(CONCEPT.Memorialisation),
        ("Every year we commemorate the victims of the genocide.", "We remember the victims of Srebrenica."),
        not_in=(
            "This year the United Nations is commemorating its fiftieth anniversary.",
            "We will commemorate the centenary of the Charter's signature.",
            "We all remember that the Security Council espoused the plan.",
        ),
    )
