"""Actor discovery: which names the ontology does not list become new actors (texts written here)."""

from __future__ import annotations

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Span

from apkg.ingest.discovery import is_discovered, is_place, unconfirmed
from apkg.ingest.stream import make_extractor
from apkg.records import NewActor, Passage


@pytest.fixture(scope="module")
def tokenizer() -> Language:
    return spacy.blank("en")


def entity(nlp: Language, text: str, name: str, label: str = "ORG") -> Span:
    """``name`` in ``text`` as the recogniser would hand it over."""
    start = text.index(name)
    span = nlp(text).char_span(start, start + len(name), label=label)
    assert span is not None, name
    return span


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # citations: a year, initials or "et al." beside the name
        ("Regimes at war kill more civilians (Valentino 2004).", "Valentino"),
        ("Harff and Gurr (1988) disagree on the threshold.", "Harff"),
        ("Kuperman, A., & Crawford, T. (2006) disagree.", "Kuperman"),
        ("Benoit, K., Watanabe, K., Wang, H. (2018). Quanteda.", "Wang"),
        ("as Straus et al. argue, the state leads", "Straus"),
        ("as D. Gatelli showed for the sensitivity indices", "D. Gatelli"),
        ("for the economic motives, see Collier (2) and Hoeffler (3–5).", "Hoeffler"),
        ("Pires, A. (2019). International organization. Ordo Publishing.", "Ordo Publishing"),
        ("“Modeling insurgency,” Ordo Physics Letters, vol. 11, 2008.", "Ordo Physics Letters"),
        ("Arms and peace. Ordo Institute Letters, 57 (3), 617–642.", "Ordo Institute Letters"),
        # shapes of formulas, page furniture and author lists
        ("Hooghe & Marks disagree with this account.", "Hooghe & Marks"),
        ("the update is Lold + kL for each agent", "Lold + kL"),
        ("the debate is in S/PV.9422 of that day", "S/PV.9422"),
        ("each agent Xi 2 in the grid moves", "Xi 2"),
        ("the camps of Ordo, Tessa and Vane were closed", "Ordo, Tessa"),
        # documents, events and legal roles
        ("Each Contracting Party shall inform the depositary.", "Contracting Party"),
        ("The Occupying Power shall ensure food supplies.", "Occupying Power"),
        ("a crime committed by that State Party's nationals", "State Party's"),
        ("The meeting of Heads of State ended.", "Heads"),
        ("held at the level of Heads of Government, who decide", "Heads of Government"),
        ("the voices of the heads of State and Government of the Union", "State and Government"),
        ("A State Party to this Convention may at any time declare", "A State Party"),
        ("the table lists Lord General Datuk Ms. Sheikh Judge Archbishop Mrs. King", "Archbishop"),
        ("Offences under the Freedonian Media Act are punished.", "Freedonian Media Act"),
        ("as the Rules of Procedure and Evidence provide", "Rules of Procedure and Evidence"),
        ("Freedonia is party to the Treaty on the Non-Proliferation of Nuclear Weapons.",
         "Non-Proliferation of Nuclear Weapons"),
        ("the results appear in the Journal of Ordo Studies this year", "Journal of Ordo Studies"),
        ("it opened the Fiftieth Session of the Assembly", "Fiftieth Session"),
        # cut names: the tail of a longer one, or a modifier of the next word
        ("the Congolese Minister of the Interior approached the Office", "Interior"),
        ("Each party must respect the Minsk agreements.", "Minsk"),
        ("As Mr. Jan Eliasson stressed in his speech", "Jan"),
        ("the input assumptions are given in Table 2 below", "Table"),
        ("the paper results from the Ordo Colloquium of the Academy", "Ordo Colloquium"),
        ("the members of the LGBTI community were targeted", "LGBTI"),
        ("the United States and the Government of Cote d’Ivoire signed", "Government of Cote"),
        # one word without an article: a word the recogniser guessed at
        ("co-operation is required,Hereby agree as provided", "Hereby"),
        ("He was a beloved leader, a Pan-Africanist and a statesman.", "Pan-Africanist"),
        ("the strings look different in machine-consumed Byte-code", "Byte"),
        # a kind after an indefinite article
        ("States Parties may decide to establish an Advisory Committee on nominations", "Advisory Committee"),
        ("As I said to a Supreme Court justice who disagreed", "Supreme Court"),
        # a heading run into its text
        ("powers of the Court\n\nThe Court shall have legal personality", "Court\n\nThe Court"),
        # an organisation's name that names no kind of body, or only the kind
        ("Bangladesh joined the Global Call to Action on the World Drug Problem.", "World Drug Problem"),
        ("we remain committed to the outcome of the Panel, which the Secretary-General formed", "Panel"),
        # a heading
        ("Expanded Human Rights Programming. In 2024, the agency provided funds.",
         "Expanded Human Rights Programming"),
        ("Empowered Journalists, Civil Society, Workers, and Reform-Minded Leaders. The Department",
         "Empowered Journalists"),
        # a capital that only opens a sentence
        ("Recognizing that peace matters, the parties agree.", "Recognizing"),
        ("It failed. Notice, however, that nobody objected.", "Notice"),
    ],
)  # fmt: skip
def test_what_is_not_an_agent_is_not_discovered(tokenizer: Language, text: str, name: str):
    assert not is_discovered(entity(tokenizer, text, name), "prose")


@pytest.mark.parametrize(
    ("text", "name", "label"),
    [
        ("The Valley Defence Forces attacked villages.", "Valley Defence Forces", "ORG"),
        ("Mr. Treki opened the debate.", "Treki", "PERSON"),
        ("Osama bin Laden and his followers fled.", "Osama bin Laden", "PERSON"),
        ("The Labour Party of Freedonia won the vote.", "Labour Party of Freedonia", "ORG"),
        ("The London Conference decided to send monitors.", "London Conference", "ORG"),
        ("a safe haven for Al Qaeda and its allies", "Al Qaeda", "ORG"),
        ("the New Partnership for Ordo’s Recovery helps", "New Partnership for Ordo’s Recovery", "ORG"),
        ("“We will not leave,” Jane Okonkwo said.", "Jane Okonkwo", "PERSON"),
        ("Funds from the U.S. Agency for International Development arrived.",
         "U.S. Agency for International Development", "ORG"),
        ("The 69th Inter-Parliamentary Conference condemned the invasion.",
         "Inter-Parliamentary Conference", "ORG"),
        ("Forces loyal to Al-Qadhafi’s son fled.", "Al-Qadhafi’s", "PERSON"),
        ("a lasting peace between Israel and the Palestinians", "Palestinians", "NORP"),
        ("Each State Party shall report to the Committee of Ordo on its measures.",
         "Committee of Ordo", "ORG"),
    ],
)  # fmt: skip
def test_named_parties_are_discovered(tokenizer: Language, text: str, name: str, label: str):
    assert is_discovered(entity(tokenizer, text, name, label), "prose")


@pytest.mark.parametrize(("text", "name", "named"), [
    ("progress needs commitment from the Afghan side", "Afghan", False),
    ("more than 8,000 people, mainly Muslim, were killed", "Muslim", False),
    ("minority groups such as the Mro and Hindus", "Hindus", True),
])  # fmt: skip
def test_a_group_is_named_in_the_plural(tokenizer: Language, text: str, name: str, named: bool):
    assert is_discovered(entity(tokenizer, text, name, "NORP"), "prose") is named


def test_nothing_is_discovered_outside_prose(tokenizer: Language):
    span = entity(tokenizer, "The Valley Defence Forces attacked villages.", "Valley Defence Forces")
    assert all(
        not is_discovered(span, kind) for kind in ("references", "table", "names", "records", "fragment")
    )


def test_known_actors_stay_mentions_in_a_reference_list(settings):
    extractor = make_extractor(settings.extract)
    text = (
        "African Union (2005). Report of the Peace and Security Council. Addis Ababa.\n"
        "Okonkwo, J. (2010). The Ordo Relief Network in the Valley. Ordo University Press.\n"
        "Diallo, A. & Mensah, K. (2012). Courts and clans. Journal of Ordo Studies, 4(2), 1-20."
    )
    for kind in ("references", "prose"):
        [(_, mentions, new_actors)] = list(
            extractor.extract([Passage("t", 0, text, 0, len(text), kind=kind)], n_process=1)
        )
        assert "African Union" in {m.surface for m in mentions}
        if kind == "references":
            assert not new_actors
    names = {actor.name for actor in new_actors}  # in prose, cited authors are still not actors
    assert not names & {"Okonkwo", "Diallo", "Mensah", "Journal of Ordo Studies", "Ordo University Press"}


def test_a_word_the_document_writes_in_lower_case_is_not_a_name():
    text = "House prices rose. Every house in the valley burned. Legitimacy matters. The Ordo Front spoke."
    names = ("House", "Legitimacy", "Ordo Front")
    actors = [NewActor(f"x/{name}", name, "Organisation") for name in names]
    assert unconfirmed(text, actors) == {"x/House"}


def test_a_person_is_an_actor_where_the_document_gives_them_a_title_or_an_office():
    text = (
        "I thank Ana Lirio and Tomas Brek for comments. The model follows Falk. My brother, Jimmy, "
        "came too, as did the poet Ida Vane. Mr. Okonkwo (Ordo) took the Chair. We met Secretary "
        "of State Diallo and the President of Ordo, Amal Sayed. Tirana Mensah, Ordo Watch’s crisis "
        "director, said so. Later Jane Okonkwo spoke, and Ken Diallo, the Foreign Minister of "
        "Ordo. Ravi Nair, as envisioned by our father, died. Ambassador Pell and General Vance came."
    )
    people = ["Ana Lirio", "Tomas Brek", "Falk", "Jimmy", "Ida Vane", "Okonkwo", "Diallo", "Amal Sayed",
              "Tirana Mensah", "Jane Okonkwo", "Ken Diallo", "Ravi Nair", "Pell", "Vance"]  # fmt: skip
    actors = [NewActor(f"x/{name}", name, "Person") for name in people]
    confirmed = {actor.name for actor in actors} - {i.removeprefix("x/") for i in unconfirmed(text, actors)}
    # "Jane Okonkwo" by her surname's title ("Mr. Okonkwo"): a full name shares its person's title
    assert confirmed == {"Okonkwo", "Diallo", "Amal Sayed", "Tirana Mensah", "Jane Okonkwo", "Ken Diallo",
                         "Pell", "Vance"}  # fmt: skip
    in_general = "In general Vance agreed, and in major Pell cases too."
    assert unconfirmed(in_general, actors[-2:]) == {"x/Pell", "x/Vance"}  # ordinary words, not titles


def test_an_acronym_is_an_organisation_where_the_document_spells_it_out_as_a_body():
    text = (
        "the National Unity Government (NUG) and optical character recognition (OCR) and the "
        "Treaty on the Non-Proliferation of Nuclear Weapons (NPT); the NUG met. LEO is a variable."
    )
    actors = [NewActor(f"x/{name}", name, "Organisation") for name in ("NUG", "OCR", "NPT", "LEO")]
    assert unconfirmed(text, actors) == {"x/OCR", "x/NPT", "x/LEO"}


@pytest.mark.parametrize(("text", "name", "place"), [
    ("the ceasefire agreement signed in Ndorma last year", "Ndorma", True),
    ("the next meeting at Vantua will decide", "Vantua", True),
    ("the fighting in the Velia has stopped", "Velia", True),
    ("the Velia has stopped the fighting", "Velia", False),
    ("the report of Amnesty International in Ordo", "Amnesty International", False),
    ("support for Jane Okonkwo in the region", "Jane Okonkwo", False),
])  # fmt: skip
def test_one_word_after_in_or_at_is_a_place(tokenizer: Language, text: str, name: str, place: bool):
    assert is_place(entity(tokenizer, text, name, "PERSON")) is place


def people(nlp: Language, text: str, names: list[str]) -> list[Span]:
    """``names`` in ``text`` as the recogniser's PERSON entities of one document."""
    doc = nlp(text)
    spans = [doc.char_span(text.index(n), text.index(n) + len(n), label="PERSON") for n in names]
    assert all(spans), names
    doc.ents = spans  # type: ignore[assignment]
    return list(doc.ents)


def test_four_people_in_a_row_are_a_list_of_thanks_not_parties(tokenizer: Language):
    thanks = "I thank Ana Lirio, Tomas Brek, Ida Falk and Olu Ade for their comments on the model."
    assert not any(
        is_discovered(s, "prose")
        for s in people(tokenizer, thanks, ["Ana Lirio", "Tomas Brek", "Ida Falk", "Olu Ade"])
    )
    few = "Later Ana Lirio, Tomas Brek and Ida Falk ordered the attack on the camp."
    assert all(
        is_discovered(s, "prose") for s in people(tokenizer, few, ["Ana Lirio", "Tomas Brek", "Ida Falk"])
    )


@pytest.mark.parametrize(("text", "discovered"), [
    ("how should the region deal with the Ordonites? Nobody knows.", True),
    ("the Ordonites seized the capital in August", True),
    ("six journalists of the Ordonites news agency were arrested", False),
    ("the Ordonites mandate ends in May", False),
])  # fmt: skip
def test_one_word_before_a_noun_describes_it(settings, text: str, discovered: bool):
    doc = make_extractor(settings.extract).nlp(text)
    start = text.index("Ordonites")
    span = doc.char_span(start, start + len("Ordonites"), label="ORG")
    assert span is not None
    assert is_discovered(span, "prose") is discovered
