"""Which named entities that the ontology does not list are taken as new actors (or places).

A name the ontology knows is always a mention. An unknown one is kept only if the text presents it
as a party, and the statistical entity recogniser is not enough evidence of that. The checks below
are the surface signs that a capitalised span is not an agent:

- **where it stands**: a passage that is not running prose (a reference list, a table, a list of
  names, a form of records, a fragment; ``apkg.ingest.quality``) names entries, not agents;
- **its shape**: a name is capitalised words, with lower-case particles between them ("of", "bin",
  "d’"), starting and ending with a word; digits, symbols, commas and ampersands belong to formulas,
  page furniture, enumerations and author lists ("Xi 2", "S/PV.9422", "Hooghe & Marks"), and a
  leading initial to a citation ("D. Gatelli");
- **a citation around it**: a year after it ("Rummel (1994)", "Keck and Sikkink 1998"), a
  reference number ("Collier (2)"), "et al.", initials after or before it ("Wang, H.,", "K., Wang"),
  or a journal's volume ("…, vol. 11");
- **a document, an event or a role**: its head word names a document or a publisher (Treaty,
  Statute, Act, Protocol, Article, Report, Journal, Press, ...), an event (Session, Day, War, ...)
  or a role that a legal text defines for whoever fills it ("Contracting Party", "Occupying
  Power", "Heads"); conferences and summits are not events here: as bodies they decide and act;
- **a cut name**: the tail of a longer name after a preposition ("Treaty on the
  **Non-Proliferation of Nuclear Weapons**", "Minister of the **Interior**"), a name that goes on
  after the span ("Mr. **Jan** Eliasson", "**Table** 2") or that modifies the word after it ("the
  **Minsk** agreements", "the **LGBTI** community");
- **a capital that proves nothing**: a single capitalised word opening a sentence ("Notice, however,",
  "Recognizing that"), unless it is an acronym, or one that the same document also writes in lower
  case (``ordinary_words``: "House", "Legitimacy"); a sentence of nothing but capitalised words
  (a heading); a nationality or religion in the singular ("the **Afghan** side").

- **a list of people**: one of four or more persons named one after another with only commas and
  "and" between them is an author line or a list of thanks ("I thank Robert Axtell, Robert
  Axelrod, Paul Collier, William Dickens, ..."); parties to events are not named in such runs.

- **an organisation that names no kind of body**: an organisation's name of several words says
  what kind of body it is (Committee, Front, Bank, Partnership, ... ``BODY_HEADS``) or is an
  acronym; "World Drug Problem", "Secure Environments" do not; a kind alone ("the Panel") is no name.
  A one-word name is a body's when the text gives it the article or an Arabic one ("the Elders",
  "Al-Shabaab"); without it, it is a word the recogniser guessed at ("Hereby", "Byte", "a
  Pan-Africanist", "Kinshasa"), and before a noun, a modifier ("the Kinshasa news agency");
- **a name across a paragraph break**: a heading run into its text ("the Court\n\nThe Court");
- **a kind after "a" or "an"**: "an Advisory Committee" (one that may be set up), "a Pan-Africanist".

A one-word name right after "in", "at" or "near" (and the article) is a place, whatever the
recogniser said (``is_place``).

A passage is not the whole story: its document confirms or not what a passage let through
(``unconfirmed``). A person is an actor of the literature only where the document gives them a
title or an office ("Mr. Kakudji", "Secretary of State Blinken", "Tirana Hassan, Amnesty
International's crisis director"); the people it names without one are authors, scholars and
figures of anecdotes and quotations ("Epstein", "my brother, Jimmy", "the poet Jorge Debravo").
An acronym is an organisation's only where the document spells it out as the name of a body
("the National Unity Government (NUG)"); the others are symbols, formats and programmes ("LEO",
"PDF", "optical character recognition (OCR)"). A one-word name the document also writes in lower
case is an ordinary word that a heading or a sentence capitalised ("House", "Legitimacy").
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from spacy.tokens import Span

from apkg.ingest.quality import PassageKind
from apkg.records import NewActor

# Heads of names of documents and of their parts, and of publications.
DOCUMENT_HEADS = frozenset(
    {"treaty", "treaties", "convention", "conventions", "covenant", "charter", "statute", "protocol",
     "protocols", "act", "acts", "law", "laws", "code", "declaration", "resolution", "resolutions",
     "agreement", "agreements", "accord", "accords", "article", "articles", "annex", "annexes",
     "rules", "regulation", "regulations", "report", "reports", "strategy", "plan", "agenda",
     "principles", "guidelines", "constitution", "amendment", "amendments", "bill", "decree",
     "memorandum", "compact", "communiqué", "manual", "handbook", "journal", "proceedings", "review",
     "press", "publishing", "publishers", "dataset", "database", "codebook", "index", "chapter",
     "section", "paragraph", "clause", "reservation", "reservations", "elements", "doctrine",
     "policy", "outcome", "document", "documents"}
)  # fmt: skip
# Heads of names of events. Not conferences, forums and summits: as bodies they decide and act.
EVENT_HEADS = frozenset(
    {"session", "meeting", "colloquium", "symposium", "workshop", "seminar", "event", "day", "week",
     "year", "decade", "anniversary", "war", "olympics", "games", "election", "elections", "talks",
     "dialogue"}
)  # fmt: skip
_LOCATIVE = frozenset({"in", "at", "near"})
# Heads of names of organised bodies: what makes an unknown multi-word name an organisation.
BODY_HEADS = frozenset(
    {"committee", "council", "commission", "ministry", "department", "government", "administration",
     "court", "tribunal", "chamber", "bank", "institute", "institution", "organization",
     "organisation", "group", "army", "forces", "force", "front", "party", "movement", "union",
     "association", "agency", "office", "authority", "assembly", "parliament", "senate", "cabinet",
     "congress", "fund", "foundation", "centre", "center", "network", "coalition", "alliance",
     "league", "society", "church", "churches", "university", "academy", "command", "police",
     "service", "services", "bureau", "board", "secretariat", "mission", "conference", "summit",
     "forum", "federation", "corporation", "company", "watch", "international", "brigade",
     "brigades", "militia", "militias", "guard", "regime", "junta", "directorate", "unit",
     "consortium", "observers", "trust", "program", "programme", "panel", "entity", "republic",
     "state", "kingdom", "emirate", "caliphate", "team", "corps", "legion", "battalion", "rebels",
     "school", "college", "partnership", "judiciary", "prosecutor", "registry", "inspectorate",
     "endowment"}
)  # fmt: skip
# Roles a legal text defines for whoever fills them, and the words that qualify them.
ROLE_WORDS = frozenset(
    {"party", "parties", "power", "powers", "head", "heads", "chamber", "chambers", "presidency",
     "registry", "registrar", "depositary", "signatory", "signatories", "plenary", "member",
     "members", "state", "states", "contracting", "high", "occupying", "protecting", "administering",
     "requesting", "requested", "detaining", "neutral", "other", "third", "pre-trial", "trial",
     "appeals", "a", "an", "any", "each", "every", "such", "new", "government", "governments"}
)  # fmt: skip
# Titles and offices before or beside a person's name: what makes the person a party to events
# rather than an author, a scholar or a figure of an anecdote. Professions are left out on purpose
# ("the poet Jorge Debravo", "the author Thomas Friedman"). Those that are also ordinary words
# count only capitalised ("General Dallaire", not "in general").
TITLES = frozenset(
    {"mr", "mrs", "ms", "mme", "madam", "madame", "dr", "h.e", "excellency", "excellencies",
     "highness", "majesty", "honourable", "honorable", "president", "vice-president",
     "president-elect", "premier", "chancellor", "minister", "secretary", "secretary-general",
     "under-secretary-general", "senator", "congressman", "congresswoman", "representative",
     "governor", "mayor", "alderman", "councilman", "councillor", "ambassador", "envoy",
     "rapporteur", "commissioner", "adviser", "advisor", "counsellor", "director", "director-general",
     "administrator", "chairman", "chairwoman", "chairperson", "delegate", "king", "queen", "prince",
     "princess", "emperor", "empress", "emir", "amir", "sheikh", "sultan", "shah", "pope", "bishop",
     "archbishop", "cardinal", "reverend", "imam", "ayatollah", "rabbi", "judge", "prosecutor",
     "registrar", "colonel", "lieutenant", "captain", "commander", "marshal", "admiral", "brigadier",
     "sergeant", "dictator", "warlord", "leader", "chief", "head", "spokesperson", "spokesman",
     "spokeswoman", "ombudsman", "officer", "official", "mediator", "negotiator", "coordinator",
     "founder", "alhaji"}
)  # fmt: skip
CAPITALISED_TITLES = frozenset(
    {"Sir", "Dame", "Lord", "Lady", "Miss", "Father", "Justice", "General", "Major", "Chair", "Speaker",
     "Daw", "Dato", "Datuk", "Tun", "Rev"}
)  # fmt: skip
# What a name followed by one of these words modifies: "the Minsk agreements", "the LGBTI community".
_PROGRAMME_HEADS = frozenset(
    {"program", "programme", "programmes", "project", "mission", "community", "model", "method",
     "system", "approach", "framework", "type", "airport", "process", "chair"}
)  # fmt: skip
NOT_DISCOVERED_IN = frozenset(PassageKind) - {PassageKind.PROSE}

_PARTICLES = frozenset(
    {"of", "the", "and", "for", "on", "in", "to", "against", "at", "de", "des", "du", "la", "le",
     "el", "al", "bin", "ibn", "van", "von", "der", "den", "y", "et", "da", "do", "dos"}
)  # fmt: skip
_OF = frozenset({"of", "on", "for", "to", "against", "in"})  # what ends a name's head ("Rules of ...")
_WORD = re.compile(r"[^\W\d_](?:[^\W\d_]|[’'.\-])*$")  # letters, with inner or final ’ ' . -
_PARTICLE_PREFIX = re.compile(r"(?:[dl][’']|(?:al|el|ad|as|ash|an|ar)-)[^\W\d_]")  # d’Ivoire, al-Qaida
_INITIAL = re.compile(r"[^\W\d_]\.$")
_YEAR = r"\(?(?:1[5-9]|20)\d\d[a-z]?\b"
_CITED_AFTER = re.compile(
    r"^\s*(?:"
    + "|".join(
        [
            r"et al\b",  # Straus et al.
            rf",?\s*{_YEAR}",  # Valentino 2004, Rummel (1994)
            r"\(\d{1,3}(?:[–,-]\s*\d{1,3})*\)",  # Collier (2), Hoeffler (3–5)
            r",\s*(?:[A-Z]\.\s?)+(?:,|&|\(|$)",  # Wang, H.,
            rf"(?:&|and)\s+[A-Z][\w’'-]+,?\s*{_YEAR}",  # Keck and Sikkink 1998
            r"[”\"]?\s*,\s*(?:vol|no|pp?)\b",  # Journal, vol. 11
            r",\s*\d{1,4}\s*\(\d{1,4}\)",  # International Organization, 57 (3)
        ]
    )
    + ")"
)
_CITED_BEFORE = re.compile(r"\b[A-Z]\.,\s*(?:&\s*)?$")
_SENTENCE_END = frozenset({".", "!", "?", ":", ";"})


def bare_name(text: str) -> str:
    """A name without a leading "the" or a possessive ending ("the Advisory Commission’s")."""
    name = text.strip()
    name = name[4:] if name.lower().startswith("the ") else name
    return re.sub(r"[’']s$", "", name)


def is_discovered(ent: Span, passage_kind: str) -> bool:
    """Whether the entity ``ent``, unknown to the ontology, is taken as a new actor or place of a
    passage of ``passage_kind`` (see the module docstring)."""
    words = bare_name(ent.text).split()
    return (
        passage_kind not in NOT_DISCOVERED_IN
        and "\n" not in ent.text
        and _name_shaped(words)
        and not _cited(ent)
        and not _document_event_or_role(ent, words)
        and not _tail_of_a_longer_name(ent)
        and not _cut_before_more(ent)
        and not _adjective(ent, words)
        and not _capital_at_sentence_start(ent, words)
        and not _after_an_indefinite_article(ent)
        and not _in_a_heading(ent)
        and not _in_a_list_of_people(ent)
        and _named_as_a_party(ent, words)
    )


def is_place(ent: Span) -> bool:
    """Whether a one-word name the recogniser took for a party is a place: right after "in", "at"
    or "near", with or without the article ("talks in Durban", "the ceasefire agreed at Lusaka",
    "fighting in the Sinai")."""
    doc, name = ent.doc, bare_name(ent.text)
    before = [token.lower_ for token in doc[max(0, ent.start - 2) : ent.start]]
    if ent.text.lower().startswith("the "):
        before.append("the")
    if before[-1:] == ["the"]:
        before.pop()
    return bool(before) and before[-1] in _LOCATIVE and " " not in name and not name.isupper()


def modifies_next_word(ent: Span) -> bool:
    """Whether a content word follows the name, which then describes it: "Sudanese people", "the
    Kinshasa news agency", "the Durban mandate"."""
    following = ent.doc[ent.end] if ent.end < len(ent.doc) else None
    return following is not None and following.is_alpha and not following.is_stop


def _name_shaped(words: list[str]) -> bool:
    def capitalised(word: str) -> bool:
        return bool(_WORD.match(word)) and word[0].isupper()

    if not words or not capitalised(words[0]) or not capitalised(words[-1]) or _INITIAL.match(words[0]):
        return False
    return all(
        capitalised(word) or word in _PARTICLES or bool(_PARTICLE_PREFIX.match(word)) for word in words
    )


_LIST_OF_PEOPLE = 4
_LIST_JOINS = frozenset({",", "and", "&"})


def _in_a_list_of_people(ent: Span) -> bool:
    if ent.label_ != "PERSON":
        return False
    others = [e for e in ent.doc.ents if e.label_ == "PERSON" and e.start != ent.start]
    people = sorted([*others, ent], key=lambda e: e.start)
    index = people.index(ent)

    def joined(a: Span, b: Span) -> bool:
        return all(token.lower_ in _LIST_JOINS for token in ent.doc[a.end : b.start]) and b.start > a.end

    start = index
    while start > 0 and joined(people[start - 1], people[start]):
        start -= 1
    end = index
    while end + 1 < len(people) and joined(people[end], people[end + 1]):
        end += 1
    return end - start + 1 >= _LIST_OF_PEOPLE


def _cited(ent: Span) -> bool:
    text = ent.doc.text
    return bool(
        _CITED_AFTER.match(text[ent.end_char : ent.end_char + 40])
        or _CITED_BEFORE.search(text[max(0, ent.start_char - 12) : ent.start_char])
    )


def _head(words: list[str]) -> str:
    """The head of a name: its last word before an "of"-phrase ("Rules of Procedure"), or its last."""
    cut = next((i for i, word in enumerate(words) if word in _OF and i), len(words))
    return words[cut - 1].lower().rstrip(".")


def _document_event_or_role(ent: Span, words: list[str]) -> bool:
    lower = [word.lower() for word in words if word not in _PARTICLES]
    if _head(words) in DOCUMENT_HEADS | EVENT_HEADS | {"head", "heads"}:  # "Heads of Government"
        return True
    if all(word in ROLE_WORDS for word in lower) or all(_is_title(word) for word in words):
        return True  # a role a legal text defines, an office alone ("Archbishop", "Excellencies")
    following = ent.doc[ent.end] if ent.end < len(ent.doc) else None
    return following is not None and following.lower_ in DOCUMENT_HEADS | EVENT_HEADS | _PROGRAMME_HEADS


def _cut_before_more(ent: Span) -> bool:
    """The name goes on after the span: a capitalised word ("Mr. [Jan] Eliasson", "[International
    Studies] Quarterly") or a number, which makes it the label of a numbered thing ("Table 2",
    "Sec. 333")."""
    doc, i = ent.doc, ent.end
    if i < len(doc) and doc[i].text == ".":  # "Sec. 333", "Fig. 1"
        i += 1
    if i >= len(doc):
        return False
    following = doc[i]
    if following.text[:1].isdigit():
        return True
    if i == ent.end and _PARTICLE_PREFIX.match(following.text):  # "the Government of Cote [d’Ivoire]"
        return True
    return i == ent.end and following.is_title and following.is_alpha and following.text != "I"


def _tail_of_a_longer_name(ent: Span) -> bool:
    """The recogniser cut a longer name and kept its tail: "Treaty on the [Non-Proliferation ...]",
    "Minister of the [Interior]", "Latin American and [Caribbean Group]"."""
    doc, i = ent.doc, ent.start - 1
    crossed = False  # a preposition: "Israel and the [Palestinians]" is two names
    while i >= 0 and doc[i].lower_ in _OF | {"the", "and"}:
        crossed, i = crossed or doc[i].lower_ in _OF, i - 1
    return crossed and i >= 0 and (doc[i].is_title or doc[i].is_upper) and doc[i].is_alpha


def unconfirmed(text: str, actors: Iterable[NewActor]) -> set[str]:
    """The IRIs of the ``actors`` found in ``text``, their document, that it does not confirm as
    actors: ordinary words, people it gives no title or office, acronyms it does not spell out as
    a body's name (see the module docstring)."""
    lower = set(re.findall(r"(?<![\w’'-])[a-z][\w’'-]*", text))
    return {actor.iri for actor in actors if not _confirmed(text, lower, actor)}


def _confirmed(text: str, lower: set[str], actor: NewActor) -> bool:
    if " " not in actor.name and not actor.name.isupper() and actor.name.lower() in lower:
        return False  # an ordinary word: "House", "Legitimacy"
    if actor.type_name == "Person":
        return _given_a_role(text, actor.name)
    if actor.type_name not in _NOT_ORGANISATIONS and _ACRONYM.match(actor.name):
        return _spelled_out_as_a_body(text, actor.name)
    return True


def _alternatives(words: Iterable[str]) -> str:
    return "|".join(sorted((re.escape(word) for word in words), key=len, reverse=True))


_TITLE = rf"\b(?:(?i:{_alternatives(TITLES)})|{_alternatives(CAPITALISED_TITLES)})\b"
# A title, then up to six words of the office or first names ("Secretary of State", "President
# of Armenia,", "Mr. Alhaji Sir"), right before the name, in its sentence.
_TITLED_BEFORE = re.compile(_TITLE + r"\.?(?:,?\s+(?:of|for|on|the|and|[A-Z]\.|[A-Z][\w’'-]*)){0,6},?\s+$")
# After the name, set off by a comma, a noun phrase that ends in a title: "Tirana Hassan, Amnesty
# International's crisis response director", "Mr. Adam Malik, the Foreign Minister of Indonesia".
_TITLED_AFTER = re.compile(
    r"^(?:[’']s)?,\s+(?:(?:the|a|an|his|her|its|their|our|former|late|then|now)\s+)*"
    r"(?:(?:[A-Z][\w’'-]*|of|the|and)\s+)*(?:[a-z][\w-]*\s+){0,3}" + _TITLE
)
_ROLE_WINDOW = 90  # characters either side of a name where its title is looked for
_ACRONYM = re.compile(r"^[A-Z][A-Z0-9&.-]*[A-Z0-9]\.?$")
_NOT_ORGANISATIONS = frozenset({"Person", "Group", "Place"})


def _is_title(word: str) -> bool:
    return word.lower().rstrip(".") in TITLES or word in CAPITALISED_TITLES


def _given_a_role(text: str, name: str) -> bool:
    """Whether ``text`` gives the person ``name`` (or, for a full name, its last word) a title
    or an office somewhere: before it, or in a clause after it."""
    words = name.split()
    if _is_title(words[0]):  # "Representative Courtney", "Alderman DeLauro"
        return True
    for form in {name, words[-1]}:
        for match in re.finditer(rf"(?<![\w’'-]){re.escape(form)}(?![\w-])", text):
            before = text[max(0, match.start() - _ROLE_WINDOW) : match.start()]
            after = text[match.end() : match.end() + _ROLE_WINDOW]
            titled = _TITLED_BEFORE.search(before) or _TITLED_AFTER.match(after)
            if titled and "\n\n" not in titled.group():
                return True
    return False


def _spelled_out_as_a_body(text: str, acronym: str) -> bool:
    """Whether ``text`` gives ``acronym`` in brackets after the name of a body: "the National
    Unity Government (NUG)", not "optical character recognition (OCR)" or "the Treaty on the
    Non-Proliferation of Nuclear Weapons (NPT)"."""
    for match in re.finditer(rf"\(\s*{re.escape(acronym)}\s*\)", text):
        words = text[max(0, match.start() - _ROLE_WINDOW) : match.start()].split()
        name: list[str] = []
        for word in reversed(words):
            if not (word[:1].isupper() or word in _PARTICLES):
                break
            name.insert(0, word.strip(",;:“”\"'"))
        while name and name[0] in _PARTICLES:
            name.pop(0)
        if name and _head(name) not in DOCUMENT_HEADS | EVENT_HEADS and _names_a_kind_of_body(name):
            return True
    return False


def _named_as_a_party(ent: Span, words: list[str]) -> bool:
    """An organisation's name of several words says what kind of body it is ("... Committee",
    "... Front", "... Partnership"), or is an acronym; a one-word name is one with an article
    ("the Elders", "Al Qaeda", "Al-Shabaab") unless it is only such a kind ("the Panel")."""
    if ent.label_ != "ORG":
        return True
    content = [word.lower() for word in words if word.lower() not in _PARTICLES]
    if len(content) == 1 and words[-1].isupper():
        return True  # an acronym: its document must spell it out (``unconfirmed``)
    if len(content) == 1:
        previous = ent.doc[ent.start - 1].lower_ if ent.start else ""
        the = previous == "the" or ent.text.lower().startswith("the ")
        with_article = the or len(words) > 1 or bool(_PARTICLE_PREFIX.match(words[0]))
        return content[0] not in BODY_HEADS and with_article and not _describes_next_word(ent)
    return _names_a_kind_of_body(words) or all(word.isupper() for word in words)


def _names_a_kind_of_body(words: list[str]) -> bool:
    """Whether a word of the name says what kind of body it is ("Committee", "Front", "Bank")."""
    return any(word.lower() in BODY_HEADS for word in words if word.lower() not in _PARTICLES)


def _describes_next_word(ent: Span) -> bool:
    """A content word in its base form follows the name: a noun it describes ("the Kinshasa news
    agency", "the Durban mandate"), not a verb it is the subject of ("the Taliban seized")."""
    return modifies_next_word(ent) and ent.doc[ent.end].norm_ == ent.doc[ent.end].lower_


def _after_an_indefinite_article(ent: Span) -> bool:
    """A name does not take "a" or "an": "an Advisory Committee on nominations" (if one is set up),
    "a Supreme Court justice" are kinds, not the names of bodies."""
    return ent.start > 0 and ent.doc[ent.start - 1].lower_ in {"a", "an"}


def _in_a_heading(ent: Span) -> bool:
    """The sentence is nothing but capitalised words: a heading ("Empowered Journalists, Civil
    Society, Workers, and Reform-Minded Leaders."), not a clause in which a party acts."""
    doc = ent.doc

    def heading_word(i: int) -> bool:
        token = doc[i]
        return token.is_punct or token.is_title or token.is_upper or token.lower_ in _PARTICLES

    start = ent.start
    while start > 0 and doc[start - 1].text not in _SENTENCE_END and not doc[start - 1].is_space:
        start -= 1
    end = ent.end
    while end < len(doc) and doc[end].text not in _SENTENCE_END and not doc[end].is_space:
        end += 1
    words = [i for i in [*range(start, ent.start), *range(ent.end, end)] if not doc[i].is_punct]
    return all(heading_word(i) for i in words) and end - start < 16


def _adjective(ent: Span, words: list[str]) -> bool:
    """A nationality or religion in the singular ("the Afghan side", "mainly Muslim") describes;
    a group is named in the plural ("Hindus") or by a name the ontology lists ("Rohingya")."""
    return ent.label_ == "NORP" and len(words) == 1 and not words[0].endswith("s")


def _capital_at_sentence_start(ent: Span, words: list[str]) -> bool:
    if len(words) != 1 or words[0].isupper():
        return False
    previous = ent.doc[ent.start - 1] if ent.start else None
    return previous is None or previous.text in _SENTENCE_END or "\n" in previous.whitespace_ + previous.text
