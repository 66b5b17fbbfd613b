"""The relations of the stored passages, derived after the documents are read: in every passage
that names a tool and someone who can be its agent (an actor, or a speech's speaker), the sentences
that say an actor applied, called for or opposed the tool, and towards whom (``find_relations`` on
the dependency parse).

Only those passages are parsed, and only prose: a relation needs a tool and an agent, and a table
or a coding sheet states no one's act. Like the statements, the derivation has its own version: a
knowledge base whose relations another version derived gets them again from its stored passages
and mentions, without reading or extracting anything anew.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator

from apkg.ingest.parser import load_parser
from apkg.ingest.quality import PassageKind
from apkg.ingest.relations import anchors, find_relations, speaker_of, without_markup
from apkg.ontology import first_person_iri
from apkg.ontology.lexicon import CONCEPT_KINDS, ENTITY_KINDS
from apkg.records import Mention, Passage, Relation, year_of
from apkg.rows import replace_relations
from apkg.stored import StoredRecords

RELATIONS_EXTRACTOR = "apkg.relations"
RELATIONS_VERSION = "15"  # bump when what find_relations finds or decides changes
_BATCH = 64  # passages per parser batch


def sync_relations(
    records: StoredRecords, doc_ids: Collection[str] | None = None, *, progress: bool = False
) -> list[str]:
    """Derive again the relations of the stored documents among ``doc_ids`` (all of them with
    ``None``); return the ids of the documents that had or now have relations."""
    from tqdm import tqdm

    db = records.db
    if doc_ids is None:
        doc_ids = [row[0] for row in db.execute("SELECT doc_id FROM documents")]
    years = {doc_id: year_of(date) for doc_id, date in db.execute("SELECT doc_id, date FROM documents")}
    had = {row[0] for row in db.execute("SELECT DISTINCT doc_id FROM relations")}
    found: dict[str, list[Relation]] = {doc_id: [] for doc_id in doc_ids}
    speakers = {doc_id: first_person_iri(records.document(doc_id).meta) for doc_id in found}
    candidates = list(_candidates(records, sorted(found), speakers))
    texts = ((without_markup(p.text), (p, m)) for p, m in candidates)
    parsed = load_parser().pipe(texts, as_tuples=True, batch_size=_BATCH)
    bar = tqdm(parsed, total=len(candidates), desc="relations", unit="passage", disable=not progress)
    for doc, (passage, mentions) in bar:
        located = anchors(mentions, passage.char_start)
        for relation in find_relations(
            doc,
            [a for a in located if a.kind in CONCEPT_KINDS],
            [a for a in located if a.kind in ENTITY_KINDS],
            speaker=speaker_of(mentions) or speakers[passage.doc_id],
        ):
            start, end = _trimmed(passage.text, relation.start, relation.end)
            found[passage.doc_id].append(
                Relation(
                    passage.doc_id, passage.passage_id, passage.char_start + start, passage.char_start + end,
                    relation.agent, relation.tool, relation.target,
                    relation.mode, years.get(passage.doc_id), relation.pattern, relation.confidence,
                    RELATIONS_EXTRACTOR, RELATIONS_VERSION,
                )
            )  # fmt: skip
    for doc_id, relations in found.items():
        replace_relations(db, doc_id, relations)
    return [doc_id for doc_id, relations in found.items() if relations or doc_id in had]


def _candidates(
    records: StoredRecords, doc_ids: list[str], speakers: dict[str, str | None]
) -> Iterator[tuple[Passage, list[Mention]]]:
    """The prose passages that name a tool and someone who can be its agent: an actor or place, or
    in a speech its speaker (a table, a coding sheet or a list states no one's act)."""
    for doc_id in doc_ids:
        by_passage: dict[str, list[Mention]] = {}
        for mention in records.mentions(doc_id):
            by_passage.setdefault(mention.passage_id, []).append(mention)
        for passage in records.passages(doc_id):
            if passage.kind != PassageKind.PROSE:
                continue
            mentions = by_passage.get(passage.passage_id, [])
            kinds = {m.kind for m in mentions}
            if "tool" in kinds and (kinds & ENTITY_KINDS or speakers[doc_id]):
                yield passage, mentions


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """The span ``start:end`` of ``text`` without the white space around it (a parsed sentence
    ends with the blank lines that follow it)."""
    sentence = text[start:end]
    return start + len(sentence) - len(sentence.lstrip()), end - len(sentence) + len(sentence.rstrip())
