"""Check the ontology: every file parses, SHACL passes, no term is undefined, every query runs."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph
import pyshacl
from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import (
    DCTERMS,
    FOAF,
    ORG,
    OWL,
    PROV,
    RDF,
    RDFS,
    SDO,
    SH,
    SKOS,
    XSD,
    DefinedNamespace,
)

from apkg.errors import OntologyError
from apkg.ontology.load import (
    ONTOLOGY_DIR,
    SHAPES_DIR,
    load_shapes,
    ontology_files,
    ontology_store,
    parse_turtle,
)
from apkg.ontology.namespace import APKG, APKGR, OA, ONTOLOGY_IRI, bind_prefixes
from apkg.ontology.queries import CompetencyQuery, competency_queries

# Vocabularies whose terms are known, so that a misspelt term (skos:preflabel) is reported.
_CLOSED_VOCABULARIES: tuple[type[DefinedNamespace], ...] = (
    SKOS,
    OWL,
    RDF,
    RDFS,
    XSD,
    DCTERMS,
    PROV,
    ORG,
    FOAF,
    SDO,
    OA,
)
# Namespaces whose terms must be typed somewhere in the ontology itself.
_OWN_NAMESPACES: tuple[Namespace, ...] = (APKG._NS, APKGR)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the ontology."""

    kind: str  # parse | shacl | undefined | query
    subject: str
    message: str


@dataclass
class OntologyReport:
    """What ``check_ontology`` found."""

    files: list[Path] = field(default_factory=list)
    triples: int = 0
    queries: int = 0
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when no problem was found."""
        return not self.problems


def check_ontology(directory: Path = ONTOLOGY_DIR, shapes_dir: Path = SHAPES_DIR) -> OntologyReport:
    """Parse, validate and cross-check the ontology in ``directory``.

    Args:
        directory: folder of vocabulary ``.ttl`` files (with ``queries/*.rq`` beside them).
        shapes_dir: folder of SHACL shapes the vocabulary must satisfy.

    Returns:
        A report; ``report.ok`` is False if any file fails to parse, a SHACL shape is violated,
        a term is used but never defined, or a competency query fails to run.
    """
    report = OntologyReport(files=ontology_files(directory))
    graph = bind_prefixes(Graph())
    for path in report.files:
        try:
            parse_turtle(path, graph)
        except OntologyError as exc:
            report.problems.append(Problem("parse", str(path), str(exc)))
    report.triples = len(graph)
    if report.problems:
        return report
    shapes = load_shapes(shapes_dir)
    report.problems += _shacl_problems(graph, shapes)
    report.problems += _undefined_terms(graph)
    try:
        queries = competency_queries(directory / "queries")
    except OntologyError as exc:
        report.problems.append(Problem("query", str(exc.path), str(exc)))
        return report
    report.queries = len(queries)
    report.problems += _query_problems(directory, queries)
    report.problems += _undefined_query_terms(graph, queries)
    return report


def _shacl_problems(graph: Graph, shapes: Graph) -> list[Problem]:
    conforms, results, _ = pyshacl.validate(
        graph, shacl_graph=shapes, ont_graph=None, inference="none", advanced=True
    )
    if conforms:
        return []
    problems = []
    for result in results.subjects(RDF.type, SH.ValidationResult):
        focus = results.value(result, SH.focusNode)
        path = results.value(result, SH.resultPath)
        message = results.value(result, SH.resultMessage)
        subject = focus.n3(graph.namespace_manager) if focus is not None else "?"
        where = f" ({path.n3(graph.namespace_manager)})" if isinstance(path, URIRef) else ""
        problems.append(Problem("shacl", subject, f"{message}{where}"))
    return sorted(problems, key=lambda p: (p.subject, p.message))


def _undefined_terms(graph: Graph) -> list[Problem]:
    used = {term for triple in graph for term in triple if isinstance(term, URIRef)}
    problems = []
    for term in sorted(used):
        label = term.n3(graph.namespace_manager)
        if any(term.startswith(ns) for ns in _OWN_NAMESPACES):
            if (term, RDF.type, None) not in graph and term != ONTOLOGY_IRI:
                problems.append(Problem("undefined", label, "used but never defined (no rdf:type)"))
            continue
        for vocabulary in _CLOSED_VOCABULARIES:
            if term.startswith(str(vocabulary)) and term not in vocabulary:
                problems.append(Problem("undefined", label, f"not a term of {vocabulary._NS}"))
    return problems


def _query_problems(directory: Path, queries: list[CompetencyQuery]) -> list[Problem]:
    store = ontology_store(directory)
    problems = []
    for query in queries:
        try:
            result = store.query(query.sparql, use_default_graph_as_union=True)
            if not isinstance(result, pyoxigraph.QueryBoolean):
                for _ in result:
                    pass
        except (SyntaxError, OSError, ValueError) as exc:
            problems.append(Problem("query", str(query.path), str(exc)))
    return problems


_QUERY_TERM = re.compile(r"\b(apkgr?):([A-Za-z_][\w-]*)")


def _undefined_query_terms(graph: Graph, queries: list[CompetencyQuery]) -> list[Problem]:
    namespaces = {"apkg": APKG._NS, "apkgr": APKGR}
    problems = []
    for query in queries:
        body = "\n".join(
            line for line in query.sparql.splitlines() if not line.lstrip().upper().startswith("PREFIX")
        )
        for prefix, name in sorted(set(_QUERY_TERM.findall(body))):
            if (namespaces[prefix][name], RDF.type, None) not in graph:
                problems.append(
                    Problem("undefined", f"{prefix}:{name}", f"used in {query.path.name} but never defined")
                )
    return problems
