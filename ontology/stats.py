"""Count what the ontology holds: terms by kind, tools by sphere, labels, links."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyoxigraph

from apkg.ontology.load import ONTOLOGY_DIR, ontology_store
from apkg.ontology.namespace import sparql_prologue


@dataclass(frozen=True)
class OntologyStats:
    """Counts of the ontology's contents, as ``apkg ontology stats`` prints them."""

    triples: int
    classes: int
    properties: int
    concepts: int
    tools: int
    tool_alt_labels_mean: float
    tools_with_risk_factors: int
    tools_by_sphere: dict[str, int]
    risk_factors: int
    indicators: int
    min_indicators_per_factor: int
    crimes: int
    constitutive_acts: int
    pillars: int
    genocide_stages: int
    distinctions: int
    actors: int
    actors_by_class: dict[str, int]
    cases: int
    places: int
    wikidata_links: int

    def rows(self) -> list[tuple[str, str]]:
        """Return ``(name, value)`` rows for display, breakdowns flattened."""
        rows: list[tuple[str, str]] = []
        for name, value in vars(self).items():
            if isinstance(value, dict):
                rows += [(f"{name}.{key}", str(count)) for key, count in value.items()]
            elif isinstance(value, float):
                rows.append((name, f"{value:.2f}"))
            else:
                rows.append((name, str(value)))
        return rows


def _scalar(store: pyoxigraph.Store, where: str, expression: str = "COUNT(DISTINCT ?x)") -> float:
    query = f"{sparql_prologue()}SELECT ({expression} AS ?n) WHERE {{ {where} }}"
    solution = next(iter(_rows(store, query)))
    value = solution["n"]
    return float(value.value) if value is not None else 0.0


def _grouped(store: pyoxigraph.Store, where: str) -> dict[str, int]:
    query = (
        f"{sparql_prologue()}SELECT ?key (COUNT(DISTINCT ?x) AS ?n) WHERE {{ {where} }} "
        "GROUP BY ?key ORDER BY DESC(?n) ?key"
    )
    return {row["key"].value: int(row["n"].value) for row in _rows(store, query)}


def _rows(store: pyoxigraph.Store, select: str) -> pyoxigraph.QuerySolutions:
    """The rows of the SELECT query ``select`` over the union of the store's graphs."""
    rows = store.query(select, use_default_graph_as_union=True)
    if not isinstance(rows, pyoxigraph.QuerySolutions):
        raise TypeError(f"expected the rows of a SELECT query, got {type(rows).__name__}")
    return rows


def ontology_stats(directory: Path = ONTOLOGY_DIR) -> OntologyStats:
    """Count the contents of the ontology in ``directory``."""
    store = ontology_store(directory)

    def count(where: str) -> int:
        return int(_scalar(store, where))

    per_tool_alt = (
        "SELECT ?x (COUNT(?alt) AS ?k) WHERE { ?x a apkg:Tool . "
        "OPTIONAL { ?x skos:altLabel ?alt } } GROUP BY ?x"
    )
    per_factor = (
        "SELECT ?x (COUNT(?i) AS ?k) WHERE { ?x a apkg:RiskFactor . "
        "OPTIONAL { ?i apkg:indicatorOf ?x } } GROUP BY ?x"
    )
    return OntologyStats(
        triples=len(store),
        classes=count("?x a owl:Class"),
        properties=count("{ ?x a owl:ObjectProperty } UNION { ?x a owl:DatatypeProperty }"),
        concepts=count("?x a skos:Concept"),
        tools=count("?x a apkg:Tool"),
        tool_alt_labels_mean=_scalar(store, f"{{ {per_tool_alt} }}", "AVG(?k)"),
        tools_with_risk_factors=count("?x a apkg:Tool ; apkg:addressesRiskFactor ?f"),
        tools_by_sphere=_grouped(store, "?x a apkg:Tool ; apkg:sphere/skos:prefLabel ?key"),
        risk_factors=count("?x a apkg:RiskFactor"),
        indicators=count("?x a apkg:Indicator"),
        min_indicators_per_factor=int(_scalar(store, f"{{ {per_factor} }}", "MIN(?k)")),
        crimes=count("?x a apkg:AtrocityCrime"),
        constitutive_acts=count("?x a apkg:CriminalAct"),
        pillars=count("?x a apkg:R2PPillar"),
        genocide_stages=count("?x a apkg:GenocideStage"),
        distinctions=count("?x a apkg:Distinction"),
        actors=count("?x a/rdfs:subClassOf* apkg:Actor"),
        actors_by_class=_grouped(
            store,
            "?x a ?c . ?c rdfs:subClassOf* apkg:Actor ; rdfs:label ?key . "
            "FILTER NOT EXISTS { ?x a ?d . ?d rdfs:subClassOf+ ?c . ?d rdfs:subClassOf* apkg:Actor }",
        ),
        cases=count("?x a apkg:Case"),
        places=count("?x a apkg:Place"),
        wikidata_links=count(
            "{ ?x owl:sameAs ?w } UNION { ?x skos:exactMatch ?w } "
            'FILTER STRSTARTS(STR(?w), "http://www.wikidata.org/entity/Q")'
        ),
    )
