"""Find and parse the ontology's Turtle files."""

from __future__ import annotations

import hashlib
from collections.abc import Collection, Iterator
from functools import cache
from pathlib import Path

import pyoxigraph
from rdflib import Graph

from apkg.errors import OntologyError
from apkg.ontology.namespace import APKG, ONTOLOGY_IRI, bind_prefixes

ONTOLOGY_DIR = Path(__file__).resolve().parent
SHAPES_DIR = ONTOLOGY_DIR / "shapes"
QUERIES_DIR = ONTOLOGY_DIR / "queries"
_TYPE = pyoxigraph.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
_SUBCLASS_OF = pyoxigraph.NamedNode("http://www.w3.org/2000/01/rdf-schema#subClassOf")
_Subject = pyoxigraph.NamedNode | pyoxigraph.BlankNode | pyoxigraph.Triple


def ontology_files(directory: Path = ONTOLOGY_DIR) -> list[Path]:
    """Return the vocabulary files of an ontology directory (shapes excluded), sorted by name."""
    return sorted(directory.glob("*.ttl"))


def parse_turtle(path: Path, graph: Graph | None = None) -> Graph:
    """Parse one Turtle file into ``graph`` (a new graph by default).

    Raises:
        OntologyError: the file is missing or is not valid Turtle; names the line where known.
    """
    graph = graph if graph is not None else Graph()
    try:
        graph.parse(path, format="ox-turtle")  # Oxigraph's parser (oxrdflib), 3x rdflib's
    except SyntaxError as exc:
        raise OntologyError(path, exc.lineno, exc.msg) from None
    except (OSError, ValueError, UnicodeDecodeError) as exc:
        raise OntologyError(path, None, str(exc)) from None
    return graph


def load_ontology(directory: Path = ONTOLOGY_DIR, *, skip: Collection[str] = ()) -> Graph:
    """Parse every vocabulary file of ``directory`` into one rdflib graph, but those named in
    ``skip`` (a generated register reads everything but itself).

    Example:
        >>> graph = load_ontology()
        >>> len(graph) > 1000
        True
    """
    graph = Graph()
    bind_prefixes(graph)
    for path in ontology_files(directory):
        if path.name not in skip:
            parse_turtle(path, graph)
    return graph


def write_generated(path: Path, header: str, graph: Graph) -> Path:
    """Write a generated vocabulary file: its ``header`` (what generates it, from what), then
    ``graph`` as Turtle. Returns ``path``."""
    path.write_text(header + graph.serialize(format="turtle"), encoding="utf-8")
    return path


def load_shapes(directory: Path = SHAPES_DIR) -> Graph:
    """Parse the SHACL shapes of ``directory`` into one graph."""
    graph = Graph()
    for path in sorted(directory.glob("*.ttl")):
        parse_turtle(path, graph)
    return graph


def ontology_triples(directory: Path = ONTOLOGY_DIR) -> list[pyoxigraph.Triple]:
    """The triples a store holds for the ontology: those of its vocabulary files, and every
    instance of a subclass of ``apkg:Actor`` typed ``apkg:Actor`` as well, so that a query finds
    the actors by one triple pattern instead of ``a/rdfs:subClassOf*`` (slow at millions of quads
    on Oxigraph, and mis-evaluated by Virtuoso 7.2 inside joins).

    Raises:
        OntologyError: a file is not valid Turtle.
    """
    triples: list[pyoxigraph.Triple] = []
    for path in ontology_files(directory):
        try:
            parsed = pyoxigraph.parse(path=path, format=pyoxigraph.RdfFormat.TURTLE, rename_blank_nodes=True)
            triples += (quad.triple for quad in parsed)
        except SyntaxError as exc:
            raise OntologyError(path, None, str(exc)) from None
    return triples + list(_entailed_actor_types(triples))


def _entailed_actor_types(triples: list[pyoxigraph.Triple]) -> Iterator[pyoxigraph.Triple]:
    actor = str(APKG.Actor)
    typed = _instances(triples, _classes_below(triples, actor)) - _instances(triples, {actor})
    return (
        pyoxigraph.Triple(subject, _TYPE, pyoxigraph.NamedNode(actor)) for subject in sorted(typed, key=str)
    )


def _instances(triples: list[pyoxigraph.Triple], classes: Collection[str]) -> set[_Subject]:
    """The subjects typed (``rdf:type``) with one of the ``classes`` (IRIs) in ``triples``."""
    nodes = {pyoxigraph.NamedNode(iri) for iri in classes}
    return {t.subject for t in triples if t.predicate == _TYPE and t.object in nodes}


def _classes_below(triples: list[pyoxigraph.Triple], root: str) -> set[str]:
    """The IRIs of the classes under ``root`` at any depth (``rdfs:subClassOf`` in ``triples``)."""
    subclasses: dict[str, set[str]] = {}
    for t in triples:
        sub, sup = t.subject, t.object
        if (
            t.predicate == _SUBCLASS_OF
            and isinstance(sub, pyoxigraph.NamedNode)
            and isinstance(sup, pyoxigraph.NamedNode)
        ):
            subclasses.setdefault(sup.value, set()).add(sub.value)
    below: set[str] = set()
    todo = [root]
    while todo:
        for child in subclasses.get(todo.pop(), ()):
            if child not in below:
                below.add(child)
                todo.append(child)
    return below


@cache
def actor_classes() -> frozenset[str]:
    """The IRIs of ``apkg:Actor`` and of every class under it in the packaged ontology."""
    return frozenset({str(APKG.Actor), *_classes_below(ontology_triples(), str(APKG.Actor))})


@cache
def organisation_iris() -> frozenset[str]:
    """The IRIs of the packaged ontology's organisations: its instances of ``apkg:Organisation``
    and the classes under it (UN entities, regional organisations, courts, national bodies, ...)."""
    triples = ontology_triples()
    root = str(APKG.Organisation)
    typed = _instances(triples, {root, *_classes_below(triples, root)})
    return frozenset(node.value for node in typed if isinstance(node, pyoxigraph.NamedNode))


def ontology_store(directory: Path = ONTOLOGY_DIR) -> pyoxigraph.Store:
    """Return an in-memory Oxigraph store holding the ontology (``ontology_triples``) in its own
    named graph.

    Queries against it should pass ``use_default_graph_as_union=True``, as the knowledge-base
    store does, so that a plain ``{ ?s ?p ?o }`` pattern sees the ontology.
    """
    store = pyoxigraph.Store()
    graph_name = pyoxigraph.NamedNode(str(ONTOLOGY_IRI))
    store.extend(
        pyoxigraph.Quad(t.subject, t.predicate, t.object, graph_name) for t in ontology_triples(directory)
    )
    return store


def ontology_hash(directory: Path = ONTOLOGY_DIR) -> str:
    """SHA-256 over the vocabulary files' names and bytes: changes whenever a label does."""
    digest = hashlib.sha256()
    for path in ontology_files(directory):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()
