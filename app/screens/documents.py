"""Documents: one document with its metadata, a reader of its passages (opened at a passage when
the address names one, as a search hit's link does) and the concepts and actors extracted from it;
the whole corpus with its metadata below."""

from __future__ import annotations

import streamlit as st
import streamlit.components.v1 as components

from apkg.app import resources
from apkg.app.reader import READER_HEIGHT, reader_html

kb = resources.knowledge_base()
documents = kb.documents()
counts = kb.counts()

st.title("Documents")
st.caption(
    f"{counts['documents']} documents, {counts['passages']:,} passages, {counts['mentions']:,} mentions, "
    f"{counts['new_actors']:,} actors found only in text."
)
ids = [d.meta.doc_id for d in documents]
titles = [f"{d.meta.doc_id} — {d.meta.title or d.meta.path}" for d in documents]
wanted = st.query_params.get("doc", "")
choice = st.selectbox("Document", titles, index=ids.index(wanted) if wanted in ids else 0)
document = documents[titles.index(choice)]
meta = document.meta
if wanted != meta.doc_id:  # another document chosen here: the address follows, without the passage
    st.query_params.from_dict({"doc": meta.doc_id})
st.header(meta.title or meta.doc_id)
st.markdown(
    f"{meta.institution or 'unknown institution'} · {meta.date or 'n.d.'} · {meta.doc_type or 'document'} · "
    f"{document.passages} passages" + (f" · {document.pages} pages" if document.pages else "")
)
if meta.source:
    st.markdown(f"Source: {meta.source}")

passages = list(kb.passages(meta.doc_id))
target = next((p for p in passages if p.passage_id == st.query_params.get("passage")), None)
st.subheader("Read")
if target is not None:
    where = f", page {target.page}" if target.page else ""
    st.caption(f"Opened at passage {target.index + 1} of {len(passages)}{where}, marked.")
components.html(
    reader_html(passages, target.passage_id if target else None), height=READER_HEIGHT, scrolling=True
)

extracted = kb.document_extractions(meta.doc_id)
concepts = [e for e in extracted if e.kind not in ("actor", "place")]
actors = [e for e in extracted if e.kind in ("actor", "place")]
left, right = st.columns(2)
for column, title, items in ((left, "Concepts", concepts), (right, "Actors and places", actors)):
    with column:
        st.subheader(f"{title} ({len(items)})")
        st.dataframe(
            [
                {"name": e.label, "kind": e.kind, "mentions": e.mentions, "passages": e.passages}
                for e in items
            ],
            hide_index=True,
            width="stretch",
            height=400,
        )

with st.expander(f"The corpus: {counts['documents']} documents with their metadata"):
    rows = [
        {
            "id": d.meta.doc_id,
            "title": d.meta.title,
            "institution": d.meta.institution,
            "date": d.meta.date,
            "type": d.meta.doc_type,
            "pages": d.pages,
            "passages": d.passages,
            "licence": d.meta.licence,
            "source": d.meta.source,
        }
        for d in documents
    ]
    st.dataframe(
        rows,
        hide_index=True,
        width="stretch",
        height=360,
        column_config={"source": st.column_config.LinkColumn("source")},
    )
