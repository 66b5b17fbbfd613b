"""A printable tool card for training sessions: Markdown, HTML and PDF (PDF laid out by fpdf2), with
cited examples and the tool's most recent precedents (who applied, urged or opposed it)."""

from __future__ import annotations

import html
from collections.abc import Sequence

from apkg.citation import source_link
from apkg.kb import Hit
from apkg.ontology import Tool
from apkg.precedents import Precedent


def _facets(tool: Tool) -> list[tuple[str, str]]:
    return [
        ("Sphere", ", ".join(t.label for t in tool.spheres)),
        ("Instrument", ", ".join(t.label for t in tool.instruments)),
        ("Actor level", ", ".join(t.label for t in tool.actor_levels)),
        ("Timing", ", ".join(t.label for t in tool.timings)),
        ("Broader", ", ".join(t.label for t in tool.broader)),
        ("Narrower", ", ".join(t.label for t in tool.narrower)),
    ]


def _excerpt(text: str, words: int = 80) -> str:
    parts = text.split()
    return " ".join(parts[:words]) + (" …" if len(parts) > words else "")


def tool_card_markdown(tool: Tool, examples: list[Hit], precedents: Sequence[Precedent] = ()) -> str:
    """The card as Markdown: definition, synonyms, facets, risk factors addressed, cited examples,
    precedents with their sentence and citation.

    Example:
        >>> from apkg.ontology.catalogue import load_catalogue
        >>> from apkg.ontology import load_ontology
        >>> card = tool_card_markdown(load_catalogue(load_ontology()).tool("Mediation"), [])
        >>> card.splitlines()[0]
        '# Mediation'
    """
    lines = [f"# {tool.label}", "", tool.definition, ""]
    if tool.synonyms:
        lines += [f"**Also called:** {', '.join(tool.synonyms)}", ""]
    lines += [f"- **{name}:** {value}" for name, value in _facets(tool) if value]
    lines.append("")
    if tool.note:
        lines += [f"> {tool.note}", ""]
    if tool.risk_factors:
        lines += ["## Risk factors it addresses", ""]
        lines += [f"- {t.label}" for t in tool.risk_factors]
        lines.append("")
    if examples:
        lines += ["## Examples from the corpus", ""]
        for hit in examples:
            source = f" <{url}>" if (url := source_link(hit.source)) else ""
            lines += [f"> {_excerpt(hit.text)}", ">", f"> — {hit.citation()}{source}", ""]
    if precedents:
        lines += ["## Precedents", ""]
        lines += [f"- **{p.summary()}**: “{p.sentence}” — {p.hit.citation()}" for p in precedents]
        lines.append("")
    lines.append(f"_{tool.iri}_")
    return "\n".join(lines) + "\n"


def tool_card_html(tool: Tool, examples: list[Hit], precedents: Sequence[Precedent] = ()) -> str:
    """The card as a standalone, printable HTML page."""
    e = html.escape
    facets = "".join(
        f"<tr><th>{e(name)}</th><td>{e(value)}</td></tr>" for name, value in _facets(tool) if value
    )
    parts = [
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>",
        f"<title>{e(tool.label)} — tool card</title>",
        "<style>body{font-family:sans-serif;max-width:46em;margin:2em auto;line-height:1.4}"
        "th{text-align:left;padding-right:1em;vertical-align:top}blockquote{border-left:3px solid #999;"
        "margin:1em 0;padding-left:1em}cite{display:block;color:#555;font-size:.9em}"
        "@media print{body{margin:0}}</style></head><body>",
        f"<h1>{e(tool.label)}</h1><p>{e(tool.definition)}</p>",
    ]
    if tool.synonyms:
        parts.append(f"<p><strong>Also called:</strong> {e(', '.join(tool.synonyms))}</p>")
    parts.append(f"<table>{facets}</table>")
    if tool.note:
        parts.append(f"<p><em>{e(tool.note)}</em></p>")
    if tool.risk_factors:
        items = "".join(f"<li>{e(t.label)}</li>" for t in tool.risk_factors)
        parts.append(f"<h2>Risk factors it addresses</h2><ul>{items}</ul>")
    if examples:
        parts.append("<h2>Examples from the corpus</h2>")
        for hit in examples:
            link = f" <a href='{e(url)}'>source</a>" if (url := source_link(hit.source)) else ""
            parts.append(
                f"<blockquote>{e(_excerpt(hit.text))}<cite>{e(hit.citation())}{link}</cite></blockquote>"
            )
    if precedents:
        items = "".join(
            f"<li><strong>{e(p.summary())}</strong>: “{e(p.sentence)}”<cite>{e(p.hit.citation())}</cite></li>"
            for p in precedents
        )
        parts.append(f"<h2>Precedents</h2><ul>{items}</ul>")
    parts.append(f"<p><small>{e(tool.iri)}</small></p></body></html>")
    return "".join(parts)


def _latin1(text: str) -> str:
    """Text the PDF core fonts can draw: typographic quotes and dashes folded, the rest replaced."""
    table = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "–": "-", "—": "-", "…": "...", "•": "-"})
    return text.translate(table).encode("latin-1", "replace").decode("latin-1")


def tool_card_pdf(tool: Tool, examples: list[Hit], precedents: Sequence[Precedent] = ()) -> bytes:
    """The card as a one- or two-page A4 PDF."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_margins(18, 18, 18)
    pdf.set_auto_page_break(True, margin=18)
    pdf.add_page()
    pdf.set_title(_latin1(f"{tool.label} - tool card"))
    width = pdf.w - pdf.l_margin - pdf.r_margin

    def para(text: str, *, size: float = 11, style: str = "", gap: float = 2) -> None:
        pdf.set_font("Helvetica", style, size)
        pdf.multi_cell(width, size * 0.5, _latin1(text), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(gap)

    para(tool.label, size=20, style="B", gap=3)
    para(tool.definition)
    if tool.synonyms:
        para("Also called: " + ", ".join(tool.synonyms), size=10, style="I")
    for name, value in _facets(tool):
        if value:
            para(f"{name}: {value}", size=10, gap=0.5)
    pdf.ln(2)
    if tool.note:
        para(tool.note, size=10, style="I")
    if tool.risk_factors:
        para("Risk factors it addresses", size=13, style="B", gap=1)
        for term in tool.risk_factors:
            para(f"- {term.label}", size=10, gap=0.5)
        pdf.ln(2)
    if examples:
        para("Examples from the corpus", size=13, style="B", gap=1)
        for hit in examples:
            para(f'"{_excerpt(hit.text, 60)}"', size=10, gap=0.5)
            para(f"- {hit.citation()}", size=9, style="I", gap=3)
    if precedents:
        para("Precedents", size=13, style="B", gap=1)
        for p in precedents:
            para(p.summary(), size=10, style="B", gap=0.5)
            para(f'"{p.sentence}"', size=10, gap=0.5)
            para(f"- {p.hit.citation()}", size=9, style="I", gap=3)
    para(tool.iri, size=8)
    return bytes(pdf.output())
