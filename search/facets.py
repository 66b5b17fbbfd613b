"""Search filters read from the graph's concepts: sphere, tool, crime, risk factor, actor, case,
place, year range and document type. Each resolves to the set of passage rowids it allows, which
the dense and lexical searches apply inside their search."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, fields

import numpy as np

from apkg.ontology.taxonomy import Taxonomy

# facet -> mention kinds its value may name
_CONCEPT_FACETS = {
    "tool": frozenset({"tool"}),
    "crime": frozenset({"crime", "act"}),
    "risk_factor": frozenset({"risk_factor", "indicator"}),
    "actor": frozenset({"actor"}),
    "case": frozenset({"case"}),
    "place": frozenset({"place", "actor"}),
}


@dataclass(frozen=True)
class Facets:
    """Filters for a search; every one that is set must hold."""

    sphere: str | None = None
    tool: str | None = None
    crime: str | None = None
    risk_factor: str | None = None
    actor: str | None = None
    case: str | None = None
    place: str | None = None
    year_from: int | None = None
    year_to: int | None = None
    doc_type: str | None = None

    def active(self) -> bool:
        """Whether any filter is set."""
        return any(getattr(self, f.name) is not None for f in fields(self))


def allowed_rowids(db: sqlite3.Connection, facets: Facets, taxonomy: Taxonomy) -> np.ndarray | None:
    """Passage rowids that satisfy every facet, or None when no facet is set.

    Raises:
        UnknownFacet: a value names no term of the right kind.
    """
    if not facets.active():
        return None
    clauses: list[str] = []
    args: list[str | int] = []
    targets: list[set[str]] = []
    if facets.sphere is not None:
        sphere = taxonomy.resolve("sphere", facets.sphere, kinds=frozenset({"sphere"}))
        targets.append({sphere} | taxonomy.tools_by_sphere.get(sphere, set()))
    for name, kinds in _CONCEPT_FACETS.items():
        value = getattr(facets, name)
        if value is not None:
            targets.append(taxonomy.below(taxonomy.resolve(name.replace("_", " "), value, kinds=kinds)))
    for allowed in targets:
        marks = ",".join("?" * len(allowed))
        clauses.append(f"p.passage_id IN (SELECT passage_id FROM mentions WHERE target IN ({marks}))")
        args += sorted(allowed)
    if facets.year_from is not None:
        clauses.append("CAST(substr(d.date, 1, 4) AS INTEGER) >= ? AND d.date != ''")
        args.append(facets.year_from)
    if facets.year_to is not None:
        clauses.append("CAST(substr(d.date, 1, 4) AS INTEGER) <= ? AND d.date != ''")
        args.append(facets.year_to)
    if facets.doc_type is not None:
        clauses.append("lower(d.doc_type) = lower(?)")
        args.append(facets.doc_type)
    sql = "SELECT p.rowid FROM passages p JOIN documents d USING (doc_id) WHERE " + " AND ".join(clauses)
    return np.fromiter((row[0] for row in db.execute(sql, args)), dtype=np.int64)
