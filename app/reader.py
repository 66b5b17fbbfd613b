"""The document reader: a document's passages as one scrolling page, opened at a passage.

The page runs in its own frame (``streamlit.components.v1.html``), so that a line of script can
scroll it to the passage a search hit named; the passage is marked, and every page of the source
starts with its number in the margin.
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterable

from apkg.app.blocks import passage_html
from apkg.records import Passage

READER_HEIGHT = 560  # pixels of the frame the document scrolls in

_STYLE = """
body { font-family: "Source Serif Pro", Georgia, serif; line-height: 1.55; margin: 0 .6em; color: #222; }
section { position: relative; padding: .1em .6em; margin: .2em 0 .2em 3.2em; border-radius: 4px; }
section.target { background: #fff3c4; outline: 2px solid #f0c040; }
.page { position: absolute; left: -3.4em; top: .55em; font: .75em sans-serif; color: #888; }
.number { float: right; font: .7em sans-serif; color: #aaa; }
"""


def reader_html(passages: Iterable[Passage], target: str | None = None) -> str:
    """The page of a document's ``passages`` (in order), scrolled to and marking the passage
    ``target`` (a passage id) when it is one of them."""
    sections, page = [], None
    for passage in passages:
        marker = ""
        if passage.page is not None and passage.page != page:
            page = passage.page
            marker = f"<span class='page'>p. {page}</span>"
        kind = " class='target'" if passage.passage_id == target else ""
        anchor = html.escape(passage.passage_id, quote=True)
        sections.append(
            f"<section id='{anchor}'{kind}>{marker}<span class='number'>{passage.index + 1}</span>"
            f"{passage_html(passage.text, [])}</section>"
        )
    script = ""
    if target:  # scroll the frame only, not the page around it (as scrollIntoView would)
        found = f"document.getElementById({_js_string(target)})"
        script = f"<script>const t = {found}; if (t) scrollTo(0, t.offsetTop - 8);</script>"
    head = f"<!DOCTYPE html><html><head><style>{_STYLE}</style></head>"
    return f"{head}<body>{''.join(sections)}{script}</body></html>"


def _js_string(value: str) -> str:
    """``value`` as a JavaScript string literal that is safe inside a ``<script>`` element."""
    return json.dumps(value).replace("<", "\\u003c")
