"""The ontology as the app shows it: spheres, tools with their facets, risk factors with indicators.

Read once from the packaged ontology (an rdflib graph) into plain dataclasses, so that pages,
tool cards and tests share one shape.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from rdflib import RDF, Graph, URIRef
from rdflib.namespace import SKOS
from rdflib.term import Node

from apkg.ontology.load import load_ontology, ontology_hash
from apkg.ontology.namespace import APKG

_BASE = str(APKG._NS)


@dataclass(frozen=True)
class Term:
    """A concept named by its IRI and its preferred label."""

    iri: str
    label: str


@dataclass(frozen=True)
class Tool:
    """A tool of the taxonomy, with everything a trainer needs to present it."""

    iri: str
    label: str
    definition: str
    synonyms: list[str]
    spheres: list[Term]
    instruments: list[Term]
    actor_levels: list[Term]
    timings: list[Term]
    risk_factors: list[Term]
    broader: list[Term]
    narrower: list[Term]
    note: str = ""

    @property
    def name(self) -> str:
        """The local name (``TargetedSanctions``), as used in URLs and ``apkg:Name``."""
        return self.iri.rsplit("#", 1)[-1]


@dataclass(frozen=True)
class RiskFactor:
    """One of the 14 risk factors of the UN Framework of Analysis, with its indicators."""

    iri: str
    label: str
    notation: str
    definition: str
    indicators: list[Term]
    tools: list[Term] = field(default_factory=list)  # tools that address it

    @property
    def number(self) -> int:
        """The Framework's number of the factor (1-14)."""
        return int(self.notation) if self.notation.isdigit() else 0


@dataclass(frozen=True)
class Catalogue:
    """Spheres, tools and risk factors of the ontology."""

    spheres: list[Term]
    tools: list[Tool]
    risk_factors: list[RiskFactor]
    crimes: list[Term]

    def tool(self, name: str) -> Tool:
        """The tool with this local name, IRI or label (case ignored).

        Raises:
            KeyError: no such tool.
        """
        wanted = name.casefold()
        for tool in self.tools:
            if wanted in (tool.name.casefold(), tool.iri.casefold(), tool.label.casefold()):
                return tool
        raise KeyError(f"no tool named {name!r}")

    def tree(self) -> dict[str, list[tuple[Tool, int]]]:
        """Sphere label -> its tools in depth-first order, each with its depth below the sphere."""
        by_iri = {tool.iri: tool for tool in self.tools}
        out: dict[str, list[tuple[Tool, int]]] = {}
        for sphere in self.spheres:
            members = [t for t in self.tools if sphere in t.spheres]
            member_iris = {t.iri for t in members}
            roots = [t for t in members if not any(b.iri in member_iris for b in t.broader)]
            rows: list[tuple[Tool, int]] = []

            seen: set[str] = set()
            stack = [(root, 0) for root in sorted(roots, key=lambda t: t.label, reverse=True)]
            while stack:  # depth first, children in label order
                tool, depth = stack.pop()
                if tool.iri in seen:
                    continue
                seen.add(tool.iri)
                rows.append((tool, depth))
                children = [by_iri[c.iri] for c in tool.narrower if c.iri in member_iris]
                stack += [
                    (child, depth + 1) for child in sorted(children, key=lambda t: t.label, reverse=True)
                ]
            out[sphere.label] = rows
        return out


def _label(graph: Graph, node: Node) -> str:
    for predicate in (SKOS.prefLabel,):
        for literal in graph.objects(node, predicate):
            if getattr(literal, "language", None) in (None, "en"):
                return str(literal)
    return str(node).rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _text(graph: Graph, node: Node, predicate: URIRef) -> str:
    for literal in graph.objects(node, predicate):
        if getattr(literal, "language", None) in (None, "en"):
            return " ".join(str(literal).split())
    return ""


def _terms(graph: Graph, node: Node, predicate: URIRef) -> list[Term]:
    terms = {Term(str(o), _label(graph, o)) for o in graph.objects(node, predicate) if isinstance(o, URIRef)}
    return sorted(terms, key=lambda t: t.label)


def _term(name: str) -> URIRef:
    """An ontology term by local name (concepts are instances, not in the closed APKG namespace)."""
    return URIRef(_BASE + name)


@lru_cache(maxsize=1)
def _packaged_catalogue(version: str) -> Catalogue:
    del version  # only a cache key
    return load_catalogue(load_ontology())


def catalogue() -> Catalogue:
    """The catalogue of the packaged ontology (read once per process and ontology version)."""
    return _packaged_catalogue(ontology_hash())


def load_catalogue(graph: Graph) -> Catalogue:
    """Read spheres, tools, risk factors and crimes from the ontology ``graph``.

    Example:
        >>> from apkg.ontology import load_ontology
        >>> catalogue = load_catalogue(load_ontology())
        >>> [s.label for s in catalogue.spheres]
        ['Prevention', 'Response', 'Recovery']
    """
    order = ["PreventionSphere", "ResponseSphere", "RecoverySphere"]
    spheres = sorted(
        (Term(str(s), _label(graph, s)) for s in graph.subjects(RDF.type, APKG.Sphere)),
        key=lambda t: order.index(t.iri[len(_BASE) :]) if t.iri[len(_BASE) :] in order else 99,
    )
    tools = []
    for node in graph.subjects(RDF.type, APKG.Tool):
        synonyms = sorted({str(x) for x in graph.objects(node, SKOS.altLabel)}, key=str.casefold)
        tools.append(
            Tool(
                iri=str(node),
                label=_label(graph, node),
                definition=_text(graph, node, SKOS.definition),
                synonyms=synonyms,
                spheres=_terms(graph, node, _term("sphere")),
                instruments=_terms(graph, node, _term("instrumentType")),
                actor_levels=_terms(graph, node, _term("actorLevel")),
                timings=_terms(graph, node, _term("timing")),
                risk_factors=_terms(graph, node, _term("addressesRiskFactor")),
                broader=_terms(graph, node, SKOS.broader),
                narrower=_terms(graph, node, SKOS.narrower),
                note=_text(graph, node, SKOS.scopeNote),
            )
        )
    tools.sort(key=lambda t: t.label.casefold())
    factors = []
    for node in graph.subjects(RDF.type, APKG.RiskFactor):
        iri = str(node)
        indicators = {Term(str(i), _label(graph, i)) for i in graph.objects(node, _term("hasIndicator"))}
        indicators |= {Term(str(i), _label(graph, i)) for i in graph.subjects(_term("indicatorOf"), node)}
        factors.append(
            RiskFactor(
                iri=iri,
                label=_label(graph, node),
                notation=str(graph.value(node, SKOS.notation) or ""),
                definition=_text(graph, node, SKOS.definition),
                indicators=sorted(indicators, key=lambda t: t.label),
                tools=[Term(t.iri, t.label) for t in tools if any(r.iri == iri for r in t.risk_factors)],
            )
        )
    factors.sort(key=lambda f: (f.number, f.label))
    crime_nodes = set(graph.subjects(RDF.type, APKG.AtrocityCrime))
    crimes = [Term(str(c), _label(graph, c)) for c in crime_nodes]
    umbrella = {str(b) for c in crime_nodes for b in graph.objects(c, SKOS.broader) if b in crime_nodes}
    umbrella |= {str(c) for c in crime_nodes for n in graph.objects(c, SKOS.narrower) if n in crime_nodes}
    crimes = sorted((c for c in crimes if c.iri not in umbrella), key=lambda t: t.label)
    return Catalogue(spheres=spheres, tools=tools, risk_factors=factors, crimes=crimes)


def tool_rows(tools: list[Tool], text: str = "") -> list[dict[str, str]]:
    """One flat row per tool for a searchable table; ``text`` keeps tools whose label, synonyms,
    definition or facets contain it (case ignored)."""
    rows = []
    wanted = text.casefold().strip()
    for tool in tools:
        row = {
            "tool": tool.label,
            "sphere": ", ".join(t.label for t in tool.spheres),
            "instrument": ", ".join(t.label for t in tool.instruments),
            "actor level": ", ".join(t.label for t in tool.actor_levels),
            "timing": ", ".join(t.label for t in tool.timings),
            "risk factors": ", ".join(t.label for t in tool.risk_factors),
            "synonyms": ", ".join(tool.synonyms),
            "definition": tool.definition,
        }
        if not wanted or wanted in " ".join(row.values()).casefold():
            rows.append(row)
    return rows
