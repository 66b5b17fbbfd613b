"""The corpus behind the ontology: passages that mention a concept, tools-by-crime and tools-by-sphere
passage counts, and what each document mentions, read from the knowledge-base database. Every
query binds its values (no SQL built from user text)."""

from __future__ import annotations

import sqlite3
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from apkg.search.hits import Hit

_PASSAGE_HITS = """
SELECT p.passage_id, p.doc_id, p.text, p.page, d.title, d.institution, d.date, d.source, d.doc_type
FROM passages p JOIN documents d USING (doc_id) WHERE p.passage_id IN ({marks})
"""


def passage_hits(
    db: sqlite3.Connection, passage_ids: Iterable[str], *, highlight: Iterable[str] = ()
) -> list[Hit]:
    """Citable hits (score 0) for passages, in the order given; ``highlight`` names concept or actor
    IRIs whose mentions are marked."""
    ids = list(dict.fromkeys(passage_ids))
    if not ids:
        return []
    rows = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        sql = _PASSAGE_HITS.format(marks=",".join("?" * len(chunk)))
        rows.update({row["passage_id"]: row for row in db.execute(sql, chunk)})
    spans = _mention_spans(db, ids, set(highlight)) if highlight else {}
    return [
        Hit(
            passage_id=pid,
            doc_id=row["doc_id"],
            text=row["text"],
            score=0.0,
            title=row["title"] or "",
            institution=row["institution"] or "",
            date=row["date"] or "",
            page=row["page"],
            source=row["source"] or "",
            doc_type=row["doc_type"] or "",
            highlights=spans.get(pid, []),
        )
        for pid in ids
        if (row := rows.get(pid)) is not None
    ]


def _mention_spans(
    db: sqlite3.Connection, ids: list[str], targets: set[str]
) -> dict[str, list[tuple[int, int]]]:
    """Spans (relative to each passage) of the mentions of ``targets``, without overlaps."""
    marks_ids, marks_targets = ",".join("?" * len(ids)), ",".join("?" * len(targets))
    sql = (
        "SELECT m.passage_id, m.char_start - p.char_start, m.char_end - p.char_start FROM mentions m "
        f"JOIN passages p USING (passage_id) WHERE m.passage_id IN ({marks_ids}) "
        f"AND m.target IN ({marks_targets}) ORDER BY 1, 2"
    )
    spans: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for pid, start, end in db.execute(sql, [*ids, *sorted(targets)]):
        if not spans[pid] or start >= spans[pid][-1][1]:
            spans[pid].append((start, end))
    return spans


def passages_mentioning(
    db: sqlite3.Connection, targets: Iterable[str], *, limit: int | None = None
) -> list[str]:
    """Ids of passages that mention any of ``targets``: running prose first (the examples a reader
    wants before records, tables or lists), then most mentions first, then in document order."""
    wanted = sorted(set(targets))
    if not wanted:
        return []
    sql = (
        "SELECT m.passage_id, COUNT(*) AS n FROM mentions m JOIN passages p USING (passage_id) "
        f"WHERE m.target IN ({','.join('?' * len(wanted))}) "
        "GROUP BY m.passage_id ORDER BY p.kind != 'prose', n DESC, p.doc_id, p.idx"
    )
    args: list[object] = list(wanted)
    if limit is not None:
        sql += " LIMIT ?"
        args.append(limit)
    return [row[0] for row in db.execute(sql, args)]


def passage_targets(db: sqlite3.Connection) -> dict[str, set[str]]:
    """Passage id -> the IRIs of everything it mentions (dates left out)."""
    by_passage: dict[str, set[str]] = defaultdict(set)
    for pid, target in db.execute("SELECT passage_id, target FROM mentions WHERE kind != 'date'"):
        by_passage[pid].add(target)
    return dict(by_passage)


@dataclass(frozen=True)
class EvidenceMatrix:
    """Passage counts for rows x columns; ``passages[(row, column)]`` lists the passages of a cell."""

    rows: list[str]  # labels
    columns: list[str]
    counts: dict[tuple[str, str], int]
    passages: dict[tuple[str, str], list[str]]

    def records(self) -> list[dict[str, object]]:
        """One record per non-empty cell: row, column, passages (for a heatmap)."""
        return [{"row": r, "column": c, "passages": n} for (r, c), n in self.counts.items() if n]


def evidence_matrix(
    by_passage: dict[str, set[str]],
    rows: dict[str, set[str]],
    columns: dict[str, set[str]],
) -> EvidenceMatrix:
    """Count the passages that mention both a row and a column.

    Args:
        by_passage: passage id -> what it mentions (see ``passage_targets``).
        rows: row label -> the IRIs that count for it (e.g. a tool and the tools below it).
        columns: column label -> the IRIs that count for it (e.g. a crime and its acts).

    Returns:
        The matrix; rows and columns without any passage are left out, rows sorted by total.
    """
    cells: dict[tuple[str, str], list[str]] = defaultdict(list)
    for pid in sorted(by_passage):
        mentioned = by_passage[pid]
        hit_rows = [r for r, iris in rows.items() if mentioned & iris]
        if not hit_rows:
            continue
        hit_columns = [c for c, iris in columns.items() if mentioned & iris]
        for r in hit_rows:
            for c in hit_columns:
                cells[(r, c)].append(pid)
    totals: Counter[str] = Counter()
    for (r, _), pids in cells.items():
        totals[r] += len(pids)
    used_columns = [c for c in columns if any((r, c) in cells for r in rows)]
    return EvidenceMatrix(
        rows=[r for r, _ in totals.most_common()],
        columns=used_columns,
        counts={key: len(pids) for key, pids in cells.items()},
        passages=dict(cells),
    )


@dataclass(frozen=True)
class Extracted:
    """A concept or actor extracted from a document, and how often."""

    iri: str
    label: str
    kind: str
    mentions: int
    passages: int


def document_extractions(db: sqlite3.Connection, doc_id: str, labels: dict[str, str]) -> list[Extracted]:
    """What the extractor found in one document, most mentioned first (dates left out).

    Args:
        labels: IRI -> label for ontology terms; actors found only in text use their own name.
    """
    names = dict(db.execute("SELECT iri, name FROM new_actors WHERE doc_id = ?", (doc_id,)).fetchall())
    sql = (
        "SELECT target, kind, COUNT(*) AS n, COUNT(DISTINCT passage_id) AS p FROM mentions "
        "WHERE doc_id = ? AND kind != 'date' GROUP BY target, kind ORDER BY n DESC, target"
    )
    return [
        Extracted(
            iri=row["target"],
            label=labels.get(row["target"]) or names.get(row["target"]) or row["target"].rsplit("/", 1)[-1],
            kind=row["kind"],
            mentions=row["n"],
            passages=row["p"],
        )
        for row in db.execute(sql, (doc_id,))
    ]
