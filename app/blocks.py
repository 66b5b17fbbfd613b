"""Streamlit pieces the pages share: a cited passage, a list of them, the missing-KB notice."""

from __future__ import annotations

import streamlit as st

from apkg.app.citations import marked_html, source_link
from apkg.kb import Hit


def show_hit(hit: Hit, *, rank: int | None = None, why: str = "") -> None:
    """One passage with its full citation (title, institution, date, page, source link)."""
    title = hit.title or hit.doc_id
    url = source_link(hit.source)
    safe_title = title.replace("[", "(").replace("]", ")")
    link = f"[{safe_title}]({url.replace('(', '%28').replace(')', '%29')})" if url else title
    page = f" · p. {hit.page}" if hit.page else ""
    number = f"{rank}. " if rank is not None else ""
    st.markdown(
        f"**{number}{link}**  \n{hit.institution or 'unknown institution'} · {hit.date or 'n.d.'}{page}"
    )
    st.html(f"<div style='{PASSAGE_STYLE}'>{marked_html(hit, MARK_STYLE)}</div>")
    details = [f"`{hit.passage_id}`", hit.citation()]
    if why:
        details.append(why)
    if hit.duplicates:
        details.append(hit.also_in())
    st.caption(" · ".join(details))


def show_hits(hits: list[Hit], *, limit: int = 10, empty: str = "No passage.") -> None:
    """The first ``limit`` hits, each in a bordered box, and how many there are."""
    if not hits:
        st.info(empty)
        return
    st.caption(f"{len(hits)} passage(s){f', the first {limit} shown' if len(hits) > limit else ''}")
    for hit in hits[:limit]:
        with st.container(border=True):
            show_hit(hit)


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


PASSAGE_STYLE = "white-space: pre-wrap; line-height: 1.5; max-height: 22em; overflow-y: auto"
MARK_STYLE = "background: #ffe08a; padding: 0 .1em; border-radius: 2px"
