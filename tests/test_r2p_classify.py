"""Sense and stance of R2P sentences, one class of the R2P.md guideline at a time, on sentences
written for these tests."""

from __future__ import annotations

import pytest

from apkg.ingest.r2p_sense import classify_r2p_sense
from apkg.ingest.r2p_stance import StanceCall, explain_stance
from apkg.ingest.r2p_statements import find_r2p_statements


@pytest.mark.parametrize(
    "sentence",
    [
        "Our delegation has always backed R2P.",
        "The Responsibility to Protect was born of Rwanda and Srebrenica.",
        "We call the “responsibility to protect” a promise to the vulnerable.",
        "The responsibility to protect is no charter for invasion.",
        "Nobody here questions the responsibility to protect.",
        "We value the responsibility-to-protect agenda.",
        "The responsibility to protect framework guides our diplomacy.",
        "Much depends on the doctrine of the responsibility to protect.",
        "The debate on the responsibility to protect and the reform of the Council must go on.",
        "The world has a responsibility to protect when a Government turns on its people.",
        "Each State bears the responsibility to protect its populations from mass atrocities.",
        "We share a responsibility to protect civilians from genocide and war crimes.",
        "The Council must exercise its responsibility to protect the people of the region.",
        "The responsibility to protect means that we must act.",
        "The responsibility to protect obliges us to act when a Government massacres its own people.",
        "We reaffirm paragraphs 138 and 139 on the responsibility to protect.",
        "States must honour their responsibility to protect the Rohingya from ethnic cleansing.",
    ],
)
def test_sense_of_the_norm(sentence):
    assert classify_r2p_sense(sentence, year=2010) == "r2p"


@pytest.mark.parametrize(
    "sentence",
    [
        "We have a responsibility to protect the coral reefs of the Pacific.",
        "Every Government has a responsibility to protect its borders.",
        "Parents bear the responsibility to protect their children online.",
        "Our generation has a responsibility to protect the climate for those who follow.",
        "The police have the responsibility to protect the property of citizens.",
        "It is our shared responsibility to protect the integrity of the elections.",
        "Governments have a responsibility to protect their people from the pandemic.",
        "We bear the responsibility to protect civilians from floods and storms.",
        "As a host country, we take seriously our responsibility to protect diplomats and their premises.",
        "Governments have the responsibility to protect their citizens from terrorist attacks.",
    ],
)
def test_sense_of_the_everyday_phrase(sentence):
    assert classify_r2p_sense(sentence, year=2010) == "other"


def test_before_2000_the_phrase_is_never_the_norm():
    sentence = "The responsibility to protect populations from genocide rests with us all."
    assert classify_r2p_sense(sentence, year=1995) == "other"
    assert classify_r2p_sense(sentence, year=2006) == "r2p"


@pytest.mark.parametrize(
    ("sentence", "stance", "rule"),
    [
        ("My country applauds the responsibility to protect as a landmark of our age.", "support", "S1"),
        ("We regard R2P as a breakthrough in the protection of the vulnerable.", "support", "S1"),
        ("The time has come to operationalize the responsibility to protect in Darfur.", "support", "S2"),
        (
            "Where was the responsibility to protect when the villages burned? We have failed.",
            "support",
            "S2",
        ),
        ("R2P must be the basis on which the Council acts in Syria.", "support", "S2"),
        ("We have appointed a national focal point for the responsibility to protect.", "support", "S4"),
        ("The invader's perversion of the responsibility to protect insults the victims.", "support", "S5"),
        ("The responsibility to protect is first of all about prevention and mediation.", "support", "S6"),
        (
            "Sovereignty can no longer be a shield: it must give way to the responsibility to protect.",
            "support",
            "S3",
        ),
        (
            "States have the responsibility to protect their peoples from genocide and war crimes.",
            "support",
            "default",
        ),
        ("The so-called responsibility to protect is a licence for the powerful.", "critical", "C1"),
        ("R2P has become a pretext for bombing small countries.", "critical", "C1"),
        ("We fear the selective use of the responsibility to protect by the great Powers.", "critical", "C2"),
        ("The abuse of R2P in recent years has damaged trust among Member States.", "critical", "C2"),
        (
            "The responsibility to protect needs to be clearly defined before any step is taken.",
            "critical",
            "C3",
        ),
        ("The responsibility to protect remains a controversial idea among Member States.", "critical", "C3"),
        ("Any reading of R2P must respect the principle of non-intervention.", "critical", "C4"),
        (
            "Caution is required so that the responsibility to protect is applied within the law.",
            "critical",
            "C5",
        ),
        ("Issues of migration, R2P and climate change also deserve attention.", "neutral", "N1"),
        (
            "The responsibility to protect was discussed at length at the 2009 informal meeting.",
            "neutral",
            "N2",
        ),
        (
            "The concept has received broad support since the responsibility to protect was adopted.",
            "neutral",
            "N2",
        ),
        (
            "With the Global Centre for the Responsibility to Protect we held a concert for peace.",
            "neutral",
            "N3",
        ),
        ("We welcome the debate on the responsibility to protect held in July.", "neutral", "N4"),
        ("The responsibility to protect reminds us of how far cooperation can go.", "neutral", "N5"),
    ],
)
def test_stance_rule_classes(sentence, stance, rule):
    assert explain_stance(sentence) == StanceCall(stance, rule)


def test_stance_tie_break_the_clause_after_but_decides():
    praise_then_caveat = "We support R2P, but its application without a legal framework is unfeasible."
    caveat_then_praise = (
        "Some fear its abuse, but the responsibility to protect remains essential to our work."
    )
    assert explain_stance(praise_then_caveat).stance == "critical"
    assert explain_stance(caveat_then_praise).stance == "support"


def test_stance_tie_break_the_main_clause_after_a_concession_decides():
    sentence = "While we value the responsibility to protect, caution must govern its use."
    assert explain_stance(sentence).stance == "critical"


def test_stance_a_concession_does_not_decide():
    sentence = (
        "While sovereignty and non-intervention remain dear to us, we must recognize "
        "our responsibility to protect civilians from genocide."
    )
    assert explain_stance(sentence).stance == "support"


def test_stance_definition_call_framed_as_a_step_to_action_is_support():
    sentence = "Let us make progress in defining the responsibility to protect so that we can act in time."
    assert explain_stance(sentence).stance == "support"


def test_stance_context_rule_c_through_an_anaphor():
    report = "The responsibility to protect was adopted at the 2005 World Summit."
    assert explain_stance(report, after="Our country firmly supports that principle.") == StanceCall(
        "support", "context"
    )
    assert explain_stance(report, after="That concept is a pretext for interference.").stance == "critical"
    assert explain_stance(report, after="The weather was fine.") == StanceCall("neutral", "N2")


def test_stance_never_passes_over_from_a_neighbour_that_names_r2p():
    report = "The responsibility to protect was adopted at the 2005 World Summit."
    neighbour = "That principle, the responsibility to protect, is a pretext."
    assert explain_stance(report, after=neighbour) == StanceCall("neutral", "N2")


@pytest.mark.parametrize(
    ("sentence", "stance"),
    [
        (
            "Our country is proud to have been among the first to champion the responsibility to protect.",
            "support",
        ),
        (
            "We urge the Council to honour the responsibility to protect in Myanmar without further delay.",
            "support",
        ),
        (
            "We call for a code of conduct restraining the veto in situations covered by R2P.",
            "support",
        ),
        (
            "We pay tribute to the Special Adviser on the Responsibility to Protect for her work.",
            "support",
        ),
        (
            "Nothing in the responsibility to protect authorizes the overthrow of legitimate Governments.",
            "critical",
        ),
        (
            "We will not accept that R2P be used to violate the sovereignty of States.",
            "critical",
        ),
        ("The notion of R2P still lacks a clear definition and consensus among Member States.", "critical"),
        ("My delegation has serious reservations about the responsibility to protect.", "critical"),
        (
            "We cannot endorse a concept like the responsibility to protect whose limits nobody has defined.",
            "critical",
        ),
        (
            "The principle of R2P must never override the consent of the host State.",
            "critical",
        ),
        ("Experience has shown that the responsibility to protect is invoked selectively.", "critical"),
        ("Cuba opposes the responsibility to protect, which contradicts the Charter.", "critical"),
        (
            "The aggression, carried out in the name of the responsibility to protect, destroyed a State.",
            "critical",
        ),
        ("We take note of the report of the Secretary-General on the responsibility to protect.", "neutral"),
        (
            "The Security Council referred to the responsibility to protect in resolution 1973 (2011).",
            "neutral",
        ),
        ("The panel discussed the responsibility to protect, peacekeeping and mediation.", "neutral"),
        (
            "Several delegations spoke about the responsibility to protect during the high-level week.",
            "neutral",
        ),
        (
            "Last year the General Assembly held its first formal debate on the responsibility to protect.",
            "neutral",
        ),
        ("R2P cannot serve as a cover for interventions aimed at toppling Governments.", "critical"),
        ("We warn against any attempt to use R2P for purposes alien to the Charter.", "critical"),
        ("Yet R2P is not a blank cheque for military action by self-appointed guardians.", "critical"),
        (
            "Without clear criteria, the responsibility to protect risks becoming a source of division.",
            "critical",
        ),
        ("We reject the imposition of the responsibility to protect by a handful of Powers.", "critical"),
        ("Many ask why R2P is applied in some places and not in others.", "critical"),
        ("In Rwanda the world learned the price of ignoring what we now call R2P.", "support"),
        ("We thank the Special Adviser for her advocacy of the responsibility to protect.", "support"),
    ],
)
def test_stance_of_sentences_in_other_words(sentence, stance):
    """The classes hold for phrasings other than the guideline's own examples."""
    assert explain_stance(sentence).stance == stance


def test_statements_of_a_written_speech():
    speech = (
        "Mr. President, we have a responsibility to protect our forests.\n\n"
        "The responsibility to protect was adopted at the 2005 World Summit. Our country firmly\n"
        "supports that principle. But R2P must never be a pretext for intervention."
    )
    found = find_r2p_statements(speech, year=2009)
    assert [(s.sense, s.stance, s.rule) for s in found] == [
        ("other", None, None),
        ("r2p", "support", "context"),
        ("r2p", "critical", "C1"),
    ]
    assert speech[found[1].sentence.start : found[1].sentence.end].startswith("The responsibility")
    assert [s.sense for s in find_r2p_statements(speech, year=1999)] == ["other"] * 3
