"""Search hits as citations: CSV, BibTeX and RIS exports, and passages marked up as HTML."""

from __future__ import annotations

import csv
import html
import io
import re
import unicodedata

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
_RIS_TYPES = {"report": "RPRT", "treaty": "LEGAL", "law": "LEGAL", "speech": "SOUND", "webpage": "ELEC"}
_BIB_TYPES = {"report": "techreport", "article": "article", "book": "book"}


def source_link(source: str) -> str | None:
    """The first web address in a document's ``source`` field (which may list several, or none).

    Example:
        >>> source_link("https://example.org/a.pdf ; github:owner/repo:path")
        'https://example.org/a.pdf'
    """
    match = re.search(r"https?://[^\s;<>\"]+", source or "")
    return match.group(0) if match else None


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


def _bib_escape(value: str) -> str:
    """Protect BibTeX's special characters; keep the value in one braced field."""
    value = " ".join(value.split())
    for char in ("\\", "{", "}"):
        value = value.replace(char, "")
    return re.sub(r"([&%$#_])", r"\\\1", value)


def citation_key(hit: Hit) -> str:
    """A BibTeX key from the institution's first word, the year and the passage: ``un2009p12``."""
    word = unicodedata.normalize("NFKD", hit.institution or hit.title or "doc")
    word = re.sub(r"[^a-z]", "", word.split()[0].lower() if word.split() else "doc") or "doc"
    year = hit.date[:4] if hit.date[:4].isdigit() else "nd"
    return f"{word}{year}{re.sub(r'[^A-Za-z0-9]', '', hit.passage_id.split('/')[-1])}_{hit.doc_id}"


def hits_to_bibtex(hits: list[Hit]) -> str:
    """One BibTeX entry per hit (``@techreport`` for reports, otherwise ``@misc``), with the page
    and the quoted passage in ``note``."""
    entries = []
    for hit in hits:
        kind = _BIB_TYPES.get(hit.doc_type.lower(), "misc")
        fields = [
            ("title", hit.title),
            ("author", f"{{{hit.institution}}}" if hit.institution else ""),
            ("institution" if kind == "techreport" else "publisher", hit.institution),
            ("year", hit.date[:4] if hit.date[:4].isdigit() else ""),
            ("date", hit.date),
            ("pages", str(hit.page) if hit.page else ""),
            ("url", source_link(hit.source) or ""),
            ("howpublished", "" if source_link(hit.source) else hit.source),
            ("note", f"Passage {hit.passage_id}: {hit.text[:400]}"),
        ]
        body = ",\n".join(f"  {name} = {{{_bib_escape(value)}}}" for name, value in fields if value)
        entries.append(f"@{kind}{{{citation_key(hit)},\n{body}\n}}\n")
    return "\n".join(entries)


def hits_to_ris(hits: list[Hit]) -> str:
    """One RIS record per hit (``TY  -`` to ``ER  -``), with the page and the passage as abstract."""
    records = []
    for hit in hits:
        lines = [("TY", _RIS_TYPES.get(hit.doc_type.lower(), "GEN")), ("TI", hit.title)]
        lines += [("AU", hit.institution), ("PB", hit.institution)] if hit.institution else []
        if hit.date:
            lines += [("PY", hit.date[:4]), ("DA", hit.date.replace("-", "/"))]
        lines += [("SP", str(hit.page))] if hit.page else []
        lines += [("UR", url)] if (url := source_link(hit.source)) else []
        lines += [("AB", " ".join(hit.text.split())), ("N1", f"Passage {hit.passage_id}"), ("ER", "")]
        records.append("".join(f"{tag}  - {value}\n" for tag, value in lines))
    return "\n".join(records)


def marked_html(hit: Hit, style: str = "") -> str:
    """The passage text as HTML-escaped text, with each highlight in ``<mark>`` (with ``style``)."""
    out, last = [], 0
    mark = f"<mark style='{html.escape(style)}'>" if style else "<mark>"
    for start, end in hit.highlights:
        out += [html.escape(hit.text[last:start]), mark, html.escape(hit.text[start:end]), "</mark>"]
        last = end
    out.append(html.escape(hit.text[last:]))
    return "".join(out)
