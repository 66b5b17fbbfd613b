"""Search hits as citations: CSV, BibTeX, RIS and CSL-JSON exports.

The mapping of a document to a citation lives in :mod:`apkg.citation`; here a hit is cited at its page.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Callable
from typing import TYPE_CHECKING

from apkg.citation import Citation, cite, to_bibtex, to_csl_json, to_ris

if TYPE_CHECKING:
    from apkg.kb import Hit

CSV_COLUMNS = (
    "rank",
    "passage_id",
    "title",
    "institution",
    "date",
    "page",
    "source",
    "doc_type",
    "citation",
    "text",
)


def hits_to_csv(hits: list[Hit]) -> str:
    """One CSV row per hit, with a header: rank, passage id, citation fields and the passage text.

    Example:
        >>> hits_to_csv([]).splitlines()[0].startswith("rank,passage_id,title")
        True
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for rank, hit in enumerate(hits, start=1):
        writer.writerow(
            [
                rank,
                hit.passage_id,
                hit.title,
                hit.institution,
                hit.date,
                hit.page or "",
                hit.source,
                hit.doc_type,
                hit.citation(),
                hit.text,
            ]
        )
    return buffer.getvalue()


def citation_key(hit: Hit) -> str:
    """A BibTeX key from the institution's first word, the year and the passage: ``un2009p12``."""
    word = unicodedata.normalize("NFKD", hit.institution or hit.title or "doc")
    word = re.sub(r"[^a-z]", "", word.split()[0].lower() if word.split() else "doc") or "doc"
    year = hit.date[:4] if hit.date[:4].isdigit() else "nd"
    return f"{word}{year}{re.sub(r'[^A-Za-z0-9]', '', hit.passage_id.split('/')[-1])}_{hit.doc_id}"


def hit_citations(hits: list[Hit]) -> list[Citation]:
    """Each hit's document cited at the hit's page, keyed by the passage, with the passage quoted."""
    return [
        cite(hit, page=hit.page, key=citation_key(hit), note=f"Passage {hit.passage_id}: {hit.text[:400]}")
        for hit in hits
    ]


def hits_to_bibtex(hits: list[Hit]) -> str:
    """One BibTeX entry per hit (see :mod:`apkg.citation` for the entry types)."""
    return to_bibtex(hit_citations(hits))


def hits_to_ris(hits: list[Hit]) -> str:
    """One RIS record per hit."""
    return to_ris(hit_citations(hits))


def hits_to_csl_json(hits: list[Hit]) -> str:
    """One CSL-JSON item per hit (what Zotero and pandoc read)."""
    return to_csl_json(hit_citations(hits))


EXPORTS: dict[str, Callable[[list[Hit]], str]] = {
    "bibtex": hits_to_bibtex,
    "ris": hits_to_ris,
    "csl-json": hits_to_csl_json,
    "csv": hits_to_csv,
}
