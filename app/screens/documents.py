"""Documents: the corpus with its metadata, and for each document the concepts and actors extracted."""

from __future__ import annotations

import streamlit as st

from apkg.app import resources

kb = resources.knowledge_base()
documents = kb.documents()
counts = kb.counts()

st.title("Documents")
st.caption(
    f"{counts['documents']} documents, {counts['passages']:,} passages, {counts['mentions']:,} mentions, "
    f"{counts['new_actors']:,} actors found only in text."
)
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

titles = [f"{d.meta.doc_id} — {d.meta.title or d.meta.path}" for d in documents]
choice = st.selectbox("Document", titles)
document = documents[titles.index(choice)]
meta = document.meta
st.header(meta.title or meta.doc_id)
st.markdown(
    f"{meta.institution or 'unknown institution'} · {meta.date or 'n.d.'} · {meta.doc_type or 'document'} · "
    f"{document.passages} passages" + (f" · {document.pages} pages" if document.pages else "")
)
if meta.source:
    st.markdown(f"Source: {meta.source}")

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
