"""Streamlit pieces the pages share: a cited passage, a cited relation (a precedent), a list of
either a page at a time, the missing-KB notice.

A passage shows whole, as its document wrote it: its Markdown rendered (by Python-Markdown, which
also reads Markdown sources at ingest; raw HTML stays text), the words that matched marked, and on
request the sentences around it and the document reader opened at it.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from typing import TypeVar

import markdown
import streamlit as st

from apkg.app import pages, resources
from apkg.citation import source_link
from apkg.kb import Hit
from apkg.precedents import Precedent

T = TypeVar("T")

_START, _END = "\ue000", "\ue001"  # private-use characters: where a highlight starts and ends


def passage_html(text: str, highlights: list[tuple[int, int]], mark_style: str = "") -> str:
    """``text`` rendered from Markdown to HTML, each ``highlights`` span in ``<mark>`` (with
    ``mark_style``): no "**" shows through, and raw HTML in the text stays text."""
    marked, last = [], 0
    for start, end in highlights:
        marked += [text[last:start], _START, text[start:end], _END]
        last = end
    marked.append(text[last:])
    mark = f"<mark style='{html.escape(mark_style)}'>" if mark_style else "<mark>"
    rendered = markdown.markdown(html.escape("".join(marked), quote=False))  # escaped: no raw HTML
    return rendered.replace(_START, mark).replace(_END, "</mark>")


def show_hit(hit: Hit, *, rank: int | None = None, why: bool = False) -> None:
    """One passage, whole, with its full citation (title, institution, date, page, source link),
    why it matched (``why``), the sentences around it on request and a link to read it in its
    document."""
    _cite(hit, rank=rank)
    passage = passage_html(hit.text, hit.highlights, MARK_STYLE)
    st.html(f"{PASSAGE_CSS}<div class='apkg-passage'>{passage}</div>")
    details = [f"`{hit.passage_id}`", hit.citation()]
    if why and hit.reasons():
        details.append("matched: " + "; ".join(hit.reasons()))
    if hit.duplicates:
        details.append(hit.also_in())
    st.caption(" · ".join(details))
    _links(hit, passage, around="Sentences before and after")


def show_precedent(precedent: Precedent) -> None:
    """One relation: who applied, urged or opposed which tool towards whom and when, the sentence
    that says so, its full citation, the passage that holds it (agent, tool and target marked)
    on request and a link that opens the document reader at that passage."""
    hit = precedent.hit
    st.html(
        f"{PASSAGE_CSS}<p class='apkg-summary'><strong>{html.escape(precedent.summary())}</strong></p>"
        f"<blockquote class='apkg-passage apkg-sentence'>{html.escape(precedent.sentence)}</blockquote>"
    )
    _cite(hit)
    rule, sure = precedent.relation.pattern, precedent.relation.confidence
    st.caption(f"`{hit.passage_id}` · {hit.citation()} · read by the rule {rule}, confidence {sure:.2f}")
    _links(
        hit,
        passage_html(hit.text, hit.highlights, MARK_STYLE),
        around="The passage, with the sentences around it",
    )


def _cite(hit: Hit, *, rank: int | None = None) -> None:
    """The hit's title (linked to its source), institution, date and page."""
    title = hit.title or hit.doc_id
    url = source_link(hit.source)
    safe_title = title.replace("[", "(").replace("]", ")")
    link = f"[{safe_title}]({url.replace('(', '%28').replace(')', '%29')})" if url else title
    page = f" · p. {hit.page}" if hit.page else ""
    number = f"{rank}. " if rank is not None else ""
    st.markdown(
        f"**{number}{link}**  \n{hit.institution or 'unknown institution'} · {hit.date or 'n.d.'}{page}"
    )


def _links(hit: Hit, passage: str, *, around: str) -> None:
    """The passage (``passage``, as HTML) with the sentences around it in a popover named
    ``around``, and a link that opens the document reader at it."""
    context_column, reader = st.columns([3, 1])
    with context_column.popover(around, icon=":material/unfold_more:"):
        context = resources.knowledge_base().in_context(hit.passage_id)
        before = html.escape(context.before or "(the start of the document)")
        after = html.escape(context.after or "(the end of the document)")
        st.html(
            f"{PASSAGE_CSS}<div class='apkg-passage'><p class='apkg-context'>{before}</p>{passage}"
            f"<p class='apkg-context'>{after}</p></div>"
        )
    reader.page_link(
        pages.page("documents"),
        label="Open in the document",
        icon=":material/menu_book:",
        query_params={"doc": hit.doc_id, "passage": hit.passage_id},
    )


def show_hits(hits: list[Hit], *, key: str, page_size: int = 10, empty: str = "No passage.") -> None:
    """The hits a page at a time (``page_size``, the page chosen under the key ``key``), each in a
    bordered box, and how many there are."""
    _show_paged(hits, show_hit, key=key, page_size=page_size, empty=empty, noun="passage(s)")


def show_precedents(
    precedents: list[Precedent], *, key: str, page_size: int = 5, empty: str = "No relation."
) -> None:
    """The precedents a page at a time, as ``show_hits`` shows hits: each in a bordered box with
    its sentence, citation and a link to the reader."""
    _show_paged(precedents, show_precedent, key=key, page_size=page_size, empty=empty, noun="relation(s)")


def _show_paged(
    items: Sequence[T], show: Callable[[T], None], *, key: str, page_size: int, empty: str, noun: str
) -> None:
    """``items`` a page at a time, each shown by ``show`` in a bordered box; ``empty`` when none."""
    if not items:
        st.info(empty)
        return
    pages = (len(items) + page_size - 1) // page_size
    number = 1
    if pages > 1:
        number = st.number_input(
            f"Page (of {pages})", min_value=1, max_value=pages, value=1, step=1, key=f"page_{key}"
        )
    first = (number - 1) * page_size
    shown = items[first : first + page_size]
    st.caption(f"{len(items)} {noun}; {first + 1}–{first + len(shown)} shown")
    for item in shown:
        with st.container(border=True):
            show(item)


def show_missing_kb(problem: str, path: str) -> None:
    """How to build a knowledge base, instead of a traceback."""
    st.title("No knowledge base yet")
    st.error(problem)
    st.markdown(
        "The app serves a knowledge base that `apkg build` writes. Build one from a corpus folder, "
        "then start the app on it:"
    )
    st.code(f"apkg build --corpus ../shared/corpus --kb {path}\napkg app --kb {path}", language="bash")
    st.markdown("Without a local corpus, fetch the default one first: `apkg corpus fetch --to data/corpus`.")


# A passage shows whole (no fixed height cuts it), its paragraphs close together, its context grey;
# a precedent's sentence is set off by a bar.
PASSAGE_CSS = (
    "<style>.apkg-passage { line-height: 1.5; overflow-wrap: anywhere; }"
    ".apkg-passage p, .apkg-passage ul, .apkg-passage ol { margin: 0 0 .45em 0; }"
    ".apkg-passage .apkg-context { color: #6b6b6b; }"
    ".apkg-summary { margin: 0 0 .3em 0; }"
    ".apkg-sentence { margin: 0 0 .4em 0; padding-left: .8em; border-left: 3px solid #e0a800; }</style>"
)
MARK_STYLE = "background: #ffe08a; padding: 0 .1em; border-radius: 2px"
