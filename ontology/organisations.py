"""Write ``organisations.ttl``, the register of organisations: the United Nations' organs, offices,
funds, programmes, special procedures and peace operations, regional and other intergovernmental
organisations, international courts and tribunals, national bodies, and armed groups and forces, from
``data/organisations.csv``.

An organisation ``actors.ttl`` already describes keeps its IRI, type, labels and definition there;
the register adds only the names, parent organisation and Wikidata item it lacks. Run from a source
checkout::

    python -m apkg.ontology.organisations
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import ORG, OWL, SKOS

from apkg.errors import OntologyError
from apkg.ontology.lexicon import normalise_name, term_labels
from apkg.ontology.load import ONTOLOGY_DIR, load_ontology, write_generated
from apkg.ontology.namespace import APKG, APKGR, WD, bind_prefixes

REGISTER_FILE = "organisations.ttl"
DATA_FILE = Path(__file__).resolve().parent / "data" / "organisations.csv"
CLASSES: dict[str, URIRef] = {
    "UNEntity": APKG.UNEntity,
    "RegionalOrganisation": APKG.RegionalOrganisation,
    "IntergovernmentalOrganisation": APKG.IntergovernmentalOrganisation,
    "CourtOrTribunal": APKG.CourtOrTribunal,
    "NationalBody": APKG.NationalBody,
    "ArmedGroup": APKG.ArmedGroup,
}
SOURCES = ("actors.ttl", "hand")  # where a Wikidata item comes from
_ITEM = re.compile(r"Q[1-9][0-9]*")


@dataclass(frozen=True)
class Organisation:
    """One row of ``data/organisations.csv``."""

    id: str  # local name of the IRI
    cls: str  # a key of CLASSES
    name: str
    other_names: tuple[str, ...]
    part_of: str  # id of the organisation it belongs to, or ""
    wikidata: str  # Q-number, or ""
    source: str  # of the Wikidata item: a SOURCES value, or "" without an item
    definition: str  # "" for an organisation actors.ttl defines

    @property
    def iri(self) -> URIRef:
        """The organisation's IRI."""
        return APKGR[self.id]


def _error(message: str) -> OntologyError:
    return OntologyError(DATA_FILE, None, message)


def read_organisations(path: Path = DATA_FILE) -> list[Organisation]:
    """Read the register's rows (lines starting with ``#`` are comments).

    Raises:
        OntologyError: a row names an unknown class or source, or a malformed Wikidata item.
    """
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(line for line in handle if not line.startswith("#")))
    organisations = []
    for row in rows:
        names = tuple(name.strip() for name in row["other_names"].split(";") if name.strip())
        organisation = Organisation(
            row["id"], row["class"], row["name"], names, row["part_of"], row["wikidata"], row["source"],
            row["definition"],
        )  # fmt: skip
        if organisation.cls not in CLASSES:
            raise _error(f"{organisation.id}: class {organisation.cls!r} is not one of {sorted(CLASSES)}")
        if organisation.wikidata and not _ITEM.fullmatch(organisation.wikidata):
            raise _error(f"{organisation.id}: {organisation.wikidata!r} is not a Wikidata item")
        if bool(organisation.wikidata) != (organisation.source in SOURCES):
            raise _error(f"{organisation.id}: a Wikidata item needs a source in {SOURCES}, and only an item")
        organisations.append(organisation)
    return organisations


def build_organisations(directory: Path = ONTOLOGY_DIR, data: Path = DATA_FILE) -> Graph:
    """Return the register of organisations for the other ontology files of ``directory``.

    Raises:
        OntologyError: an organisation of the register's classes in another file is missing from
            the data; a row's class, preferred label or Wikidata item contradicts that file; a new
            organisation has no definition; a name belongs to another term; two rows share an id or
            an item; a ``part_of`` names no row.
    """
    others = load_ontology(directory, skip={REGISTER_FILE})
    organisations = read_organisations(data)
    ids = [organisation.id for organisation in organisations]
    if len(set(ids)) != len(ids):
        raise _error(f"ids used twice: {sorted({i for i in ids if ids.count(i) > 1})}")
    described = {s for cls in CLASSES.values() for s in others.subjects(RDF.type, cls)}
    missing = sorted(str(term) for term in described - {o.iri for o in organisations})
    if missing:
        raise _error(f"organisations of the other files missing from {data.name}: {missing}")
    owners = {normalise_name(str(label)): term for term, label in _labels(others)}
    items: dict[str, str] = {}
    register = bind_prefixes(Graph())
    for organisation in organisations:
        _add(register, others, organisation, owners, items, set(ids))
    return register


def _labels(graph: Graph) -> list[tuple[URIRef, str]]:
    predicates = (SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel)
    return [(s, str(o)) for p in predicates for s, o in graph.subject_objects(p) if isinstance(s, URIRef)]


def _add(
    register: Graph,
    others: Graph,
    organisation: Organisation,
    owners: dict[str, URIRef],
    items: dict[str, str],
    ids: set[str],
) -> None:
    iri, cls = organisation.iri, CLASSES[organisation.cls]
    described = (iri, RDF.type, None) in others
    if described:
        if (iri, RDF.type, cls) not in others:
            raise _error(f"{organisation.id} is not a {organisation.cls} in the other files")
        if str(others.value(iri, SKOS.prefLabel)) != organisation.name:
            raise _error(f"{organisation.id}: name {organisation.name!r} is not its skos:prefLabel")
        if organisation.definition:
            raise _error(f"{organisation.id} is defined in the other files: leave its definition empty")
    elif not organisation.definition:
        raise _error(f"{organisation.id} is new and needs a definition")
    else:
        register.add((iri, RDF.type, cls))
        register.add((iri, RDFS.label, Literal(organisation.name, lang="en")))
        register.add((iri, SKOS.prefLabel, Literal(organisation.name, lang="en")))
        register.add((iri, SKOS.definition, Literal(organisation.definition, lang="en")))
    have = set(term_labels(others, iri)) | {organisation.name}
    for name in (organisation.name, *organisation.other_names):
        owner = owners.setdefault(normalise_name(name), iri)
        if owner != iri:
            raise _error(f"{organisation.id}: {name!r} is already a name of {owner}")
        if name not in have:
            have.add(name)
            register.add((iri, SKOS.altLabel, Literal(name, lang="en")))
    if organisation.part_of:
        if organisation.part_of not in ids:
            raise _error(f"{organisation.id}: part_of {organisation.part_of!r} is not in the register")
        register.add((iri, ORG.subOrganizationOf, APKGR[organisation.part_of]))
    _add_item(register, others, organisation, items)


def _add_item(register: Graph, others: Graph, organisation: Organisation, items: dict[str, str]) -> None:
    iri, item = organisation.iri, organisation.wikidata
    existing = {str(o) for o in others.objects(iri, OWL.sameAs)}
    from_actors = organisation.source == "actors.ttl"
    if existing and existing != {str(WD[item])}:
        raise _error(f"{organisation.id} is {sorted(existing)} in the other files, {item or 'no item'} here")
    if from_actors != bool(existing):
        raise _error(f"{organisation.id}: source {organisation.source!r}, the other files give {existing}")
    if not item:
        return
    if items.setdefault(item, organisation.id) != organisation.id:
        raise _error(f"{organisation.id} and {items[item]} share the Wikidata item {item}")
    if not existing:
        register.add((iri, OWL.sameAs, WD[item]))


_HEADER = """\
# The register of organisations: UN organs, offices, funds, programmes, special procedures and peace
# operations, regional and other intergovernmental organisations, international courts and tribunals,
# national bodies, armed groups and forces.
# Generated by ontology/organisations.py (python -m apkg.ontology.organisations) from
# ontology/data/organisations.csv: edit that file, or actors.ttl for the organisations it describes.

"""


def write_organisations(directory: Path = ONTOLOGY_DIR) -> Path:
    """Write ``organisations.ttl`` into ``directory`` and return its path."""
    return write_generated(directory / REGISTER_FILE, _HEADER, build_organisations(directory))


if __name__ == "__main__":
    write_organisations()
