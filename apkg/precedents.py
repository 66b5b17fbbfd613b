"""Precedents: the stored relations (who applied, urged or opposed which tool, towards whom, when)
as a reader looks them up: filtered by tool (with its narrower tools), agent, target, mode, years
and confidence, each with its participants' names, its sentence and a citable hit for its passage."""

from __future__ import annotations

import csv
import dataclasses
import io
import sqlite3
from collections.abc import Collection, Mapping
from dataclasses import dataclass

from apkg.records import Relation
from apkg.search.evidence import passage_hits
from apkg.search.hits import Hit

MODES = ("did", "urged", "opposed")
MODE_LABELS = {"did": "applied", "urged": "urged", "opposed": "opposed"}
FIELDS = (
    "year", "agent", "mode", "tool", "target", "sentence", "citation", "page", "doc_id", "passage_id",
    "char_start", "char_end", "agent_iri", "tool_iri", "target_iri", "pattern", "confidence",
)  # fmt: skip


@dataclass(frozen=True)
class Precedent:
    """A relation with the names of its agent, tool and target, its sentence, and its passage as
    a citable hit (agent, tool and target marked)."""

    relation: Relation
    agent: str
    tool: str
    target: str | None
    sentence: str
    hit: Hit

    @property
    def mode(self) -> str:
        """What the agent did with the tool: applied, urged or opposed."""
        return MODE_LABELS[self.relation.mode]

    @property
    def year(self) -> int | None:
        """The year of the document that states it."""
        return self.relation.year

    def as_dict(self) -> dict[str, object]:
        """The relation as one flat record: names, IRIs, sentence, citation and provenance."""
        r = self.relation
        return {
            "year": r.year, "agent": self.agent, "mode": self.mode, "tool": self.tool, "target": self.target,
            "sentence": self.sentence, "citation": self.hit.citation(), "page": self.hit.page,
            "doc_id": r.doc_id, "passage_id": r.passage_id, "char_start": r.char_start,
            "char_end": r.char_end,
            "agent_iri": r.agent, "tool_iri": r.tool, "target_iri": r.target, "pattern": r.pattern,
            "confidence": r.confidence,
        }  # fmt: skip

    def summary(self) -> str:
        """One line: "United States urged targeted sanctions against Syria (2012)"."""
        towards = f" towards {self.target}" if self.target else ""
        when = f" ({self.year})" if self.year else ""
        return f"{self.agent} {self.mode} {self.tool}{towards}{when}"


def precedents_csv(precedents: list[Precedent]) -> str:
    """The precedents as CSV, one row per relation (the columns of ``Precedent.as_dict``)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(FIELDS))
    writer.writeheader()
    writer.writerows(p.as_dict() for p in precedents)
    return out.getvalue()


@dataclass(frozen=True)
class RelationFilter:
    """Which relations to look up; an empty collection or ``None`` does not filter."""

    ids: Collection[str] = ()
    tools: Collection[str] = ()
    agents: Collection[str] = ()
    targets: Collection[str] = ()
    modes: Collection[str] = ()
    start: int | None = None
    end: int | None = None
    min_confidence: float = 0.0

    def where(self) -> tuple[str, list[object]]:
        """The SQL condition on the ``relations`` table (alias ``r``) and its parameters."""
        clauses: list[str] = ["r.confidence >= ?"]
        args: list[object] = [self.min_confidence]
        columns = {"relation_id": self.ids, "tool": self.tools, "agent": self.agents, "target": self.targets}
        for column, values in {**columns, "mode": self.modes}.items():
            if values:
                clauses.append(f"r.{column} IN ({','.join('?' * len(values))})")
                args += list(values)
        for bound, value in ((">=", self.start), ("<=", self.end)):
            if value is not None:
                clauses.append(f"r.year {bound} ?")
                args.append(value)
        return " AND ".join(clauses), args


_COLUMNS = ", ".join(f"r.{field.name}" for field in dataclasses.fields(Relation))


def find_precedents(
    db: sqlite3.Connection, labels: Mapping[str, str], where: RelationFilter, *, limit: int | None = None
) -> list[Precedent]:
    """The relations that ``where`` admits, latest first and surest first within a year, with names
    from ``labels`` (IRI -> name; an IRI without one shows as itself)."""
    condition, args = where.where()
    sql = (
        f"SELECT {_COLUMNS}, substr(d.text, r.char_start + 1, r.char_end - r.char_start) AS sentence "
        f"FROM relations r JOIN documents d USING (doc_id) WHERE {condition} "
        "ORDER BY r.year IS NULL, r.year DESC, r.confidence DESC, r.doc_id, r.char_start"
    )
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    hits: dict[tuple[str, ...], Hit] = {}
    precedents = []
    for *columns, sentence in db.execute(sql, args):
        relation = Relation(*columns)
        marked = tuple(iri for iri in (relation.agent, relation.tool, relation.target) if iri)
        key = (relation.passage_id, *marked)
        if key not in hits:
            hits[key] = passage_hits(db, [relation.passage_id], highlight=marked)[0]
        precedents.append(
            Precedent(
                relation=relation,
                agent=labels.get(relation.agent, relation.agent),
                tool=labels.get(relation.tool, relation.tool),
                target=labels.get(relation.target, relation.target) if relation.target else None,
                sentence=" ".join(sentence.split()),
                hit=hits[key],
            )
        )
    return precedents


def relation_items(db: sqlite3.Connection, where: RelationFilter, *, column: str) -> dict[str, set[str]]:
    """Relation id -> its tool and its ``column`` (agent or target), for every relation ``where``
    admits: what an evidence matrix of tools against agents or targets counts."""
    if column not in ("agent", "target"):
        raise ValueError(f"cannot count relations by {column!r}; choose agent or target")
    condition, args = where.where()
    sql = f"SELECT relation_id, tool, {column} FROM relations r WHERE {condition} AND {column} IS NOT NULL"
    return {relation_id: {tool, other} for relation_id, tool, other in db.execute(sql, args)}
