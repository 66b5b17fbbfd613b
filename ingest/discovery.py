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

A one-word name right after "in", "at" or "near" is a place, whatever the recogniser said
(``is_place``).
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
     "policy", "outcome"}
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
     "school", "college", "partnership", "judiciary", "prosecutor", "registry", "inspectorate"}
)  # fmt: skip
# Roles a legal text defines for whoever fills them, and the words that qualify them.
ROLE_WORDS = frozenset(
    {"party", "parties", "power", "powers", "head", "heads", "chamber", "chambers", "presidency",
     "registry", "registrar", "depositary", "signatory", "signatories", "plenary", "member",
     "members", "state", "states", "contracting", "high", "occupying", "protecting", "administering",
     "requesting", "requested", "detaining", "neutral", "other", "third", "pre-trial", "trial",
     "appeals", "any", "each", "every", "such", "new"}
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
        and _name_shaped(words)
        and not _cited(ent)
        and not _document_event_or_role(ent, words)
        and not _tail_of_a_longer_name(ent)
        and not _cut_before_more(ent)
        and not _adjective(ent, words)
        and not _capital_at_sentence_start(ent, words)
        and not _in_a_heading(ent)
        and not _in_a_list_of_people(ent)
        and _named_as_a_party(ent, words)
    )


def is_place(ent: Span) -> bool:
    """Whether a one-word name the recogniser took for a party is a place: right after "in", "at"
    or "near" with no article ("talks in Durban", "the ceasefire agreed at Lusaka")."""
    previous = ent.doc[ent.start - 1] if ent.start else None
    name = ent.text.strip()
    return previous is not None and previous.lower_ in _LOCATIVE and " " not in name and not name.isupper()


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
    if _head(words) in DOCUMENT_HEADS | EVENT_HEADS or all(word in ROLE_WORDS for word in lower):
        return True
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
    return i == ent.end and following.is_title and following.is_alpha and following.text != "I"


def _tail_of_a_longer_name(ent: Span) -> bool:
    """The recogniser cut a longer name and kept its tail: "Treaty on the [Non-Proliferation ...]",
    "Minister of the [Interior]", "Latin American and [Caribbean Group]"."""
    doc, i = ent.doc, ent.start - 1
    crossed = False  # a preposition: "Israel and the [Palestinians]" is two names
    while i >= 0 and doc[i].lower_ in _OF | {"the", "and"}:
        crossed, i = crossed or doc[i].lower_ in _OF, i - 1
    return crossed and i >= 0 and (doc[i].is_title or doc[i].is_upper) and doc[i].is_alpha


def ordinary_words(text: str, actors: Iterable[NewActor]) -> set[str]:
    """The IRIs of the one-word ``actors`` that ``text`` (their document) also writes in lower
    case: ordinary words that a heading or a sentence capitalised ("House", "Legitimacy")."""
    lower = set(re.findall(r"(?<![\w’'-])[a-z][\w’'-]*", text))
    return {
        actor.iri
        for actor in actors
        if " " not in actor.name and not actor.name.isupper() and actor.name.lower() in lower
    }


def _named_as_a_party(ent: Span, words: list[str]) -> bool:
    """An organisation's name of several words says what kind of body it is ("... Committee",
    "... Front", "... Partnership"), or is an acronym; a one-word name (after an article: "Al
    Qaeda") is a name unless it is only such a kind ("the Panel", "the Centre")."""
    if ent.label_ != "ORG":
        return True
    content = [word.lower() for word in words if word.lower() not in _PARTICLES]
    if len(content) == 1:
        return content[0] not in BODY_HEADS or words[-1].isupper()
    return any(word in BODY_HEADS for word in content) or all(word.isupper() for word in words)


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
