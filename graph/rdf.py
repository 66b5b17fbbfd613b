"""A document of the knowledge base as RDF quads in its own named graph.

Per document: its Dublin Core metadata; its passages (text, page, character span); each concept,
actor and place mention as a W3C Web Annotation whose target selects the span of the passage by
position and by quote; the extraction runs that produced them (PROV-O); the shortcuts
``passage apkg:mentions X`` and ``document apkg:discusses X``, and how many of the document's
passages mention each X (``apkg:MentionCount``, so that counting needs no visit to every mention);
the years a passage names (``dcterms:temporal``); for a speech, the state (or other actor) whose
delegation gave it (``dcterms:creator``), and its statements (``apkg:Statement``: a sentence
naming a concept, as an annotation with speaker, date, sense and stance); its relations
(``apkg:ToolRelation``: an agent applied, urged or opposed a tool towards a target, as an n-ary
node with its sentence as evidence), each with its sentence and passage also stated on itself
(``apkg:sentence``, ``apkg:inPassage``); and, where a tool or an actor is named in the same sentence
as a case, ``apkg:usedInCase`` / ``apkg:involvedIn`` (co-occurrence, for what relations do not
cover). What all documents share (the versioned extractors, the actors found only in text) is
stated once, in a shared graph.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from itertools import combinations

from pyoxigraph import Literal, NamedNode, Quad

from apkg.ontology import actor_classes, speaker_iri, tool_spheres
from apkg.ontology.namespace import APKG, OA
from apkg.records import Mention, Passage, Relation, SourceMeta, Statement
from apkg.stored import StoredRecords

ID = "https://w3id.org/apkg/id/"
_XSD = "http://www.w3.org/2001/XMLSchema#"
_DCT = "http://purl.org/dc/terms/"
_PROV = "http://www.w3.org/ns/prov#"
_RDF_TYPE = NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
_RDFS_LABEL = NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
_SKOS_PREF = NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel")
_SOFTWARE_VERSION = NamedNode("https://schema.org/softwareVersion")
_SENTENCE_END = re.compile(r"[.!?](?:\s|$)")
_QUOTE_CONTEXT = 32
SHARED_GRAPH = f"{ID}graph/shared"


def _n(iri: str) -> NamedNode:
    return NamedNode(iri)


def _dct(name: str) -> NamedNode:
    return NamedNode(_DCT + name)


def _prov(name: str) -> NamedNode:
    return NamedNode(_PROV + name)


def _int(value: int) -> Literal:
    return Literal(str(value), datatype=NamedNode(_XSD + "integer"))


def doc_iri(doc_id: str) -> str:
    """IRI of a document."""
    return f"{ID}doc/{doc_id}"


def graph_iri(doc_id: str) -> str:
    """IRI of the named graph holding one document's triples."""
    return f"{ID}graph/{doc_id}"


def passage_iri(passage_id: str) -> str:
    """IRI of a passage, from its id ``{doc}/p{n}``."""
    doc_id, _, index = passage_id.rpartition("/p")
    return f"{ID}doc/{doc_id}/passage/{index}"


def extractor_iri(name: str, version: str) -> str:
    """IRI of one version of an extractor."""
    return f"{ID}extractor/{name}/{version}"


def statement_iri(statement_id: str) -> str:
    """IRI of a statement."""
    return f"{ID}statement/{statement_id}"


def relation_iri(relation_id: str) -> str:
    """IRI of a relation."""
    return f"{ID}relation/{relation_id}"


def mention_iri(mention_id: str) -> str:
    """IRI of a mention."""
    return f"{ID}mention/{mention_id}"


def _date_literal(date: str) -> Literal:
    datatype = {4: "gYear", 7: "gYearMonth", 10: "date"}[len(date)]
    return Literal(date, datatype=NamedNode(_XSD + datatype))


def document_quads(records: StoredRecords, doc_id: str) -> Iterator[Quad]:
    """Every quad of document ``doc_id``, in the named graph ``graph_iri(doc_id)``."""
    graph = _n(graph_iri(doc_id))
    record = records.document(doc_id)
    meta = record.meta
    doc = _n(doc_iri(doc_id))
    text = records.document_text(doc_id)

    def quad(s: NamedNode, p: NamedNode, o: NamedNode | Literal) -> Quad:
        return Quad(s, p, o, graph)

    yield quad(doc, _RDF_TYPE, _n(APKG.Document))
    yield quad(doc, _dct("identifier"), Literal(doc_id))
    yield quad(doc, _dct("title"), Literal(meta.title or doc_id))
    yield quad(doc, _n(APKG.contentHash), Literal(meta.sha256))
    for name, value in (
        ("publisher", meta.institution),
        ("language", meta.language),
        ("license", meta.licence),
    ):
        if value:
            yield quad(doc, _dct(name), Literal(value))
    if meta.source:
        is_address = meta.source.startswith(("http://", "https://")) and " " not in meta.source
        yield quad(doc, _dct("source"), _n(meta.source) if is_address else Literal(meta.source))
    if meta.date:
        yield quad(doc, _dct("date"), _date_literal(meta.date))
    if meta.doc_type:
        yield quad(doc, _n(APKG.docType), Literal(meta.doc_type))
    if meta.collection:
        yield quad(doc, _n(APKG.collection), Literal(meta.collection))
    speaker = speaker_iri(meta)
    if speaker:
        yield quad(doc, _dct("creator"), _n(speaker))

    passages = {p.passage_id: p for p in records.passages(doc_id)}
    for passage in passages.values():
        node = _n(passage_iri(passage.passage_id))
        yield quad(node, _RDF_TYPE, _n(APKG.Passage))
        yield quad(node, _dct("isPartOf"), doc)
        yield quad(node, _n(APKG.passageIndex), _int(passage.index))
        yield quad(node, _n(APKG.charStart), _int(passage.char_start))
        yield quad(node, _n(APKG.charEnd), _int(passage.char_end))
        yield quad(node, _n(APKG.text), Literal(passage.text))
        if passage.page is not None:
            yield quad(node, _n(APKG.page), _int(passage.page))

    mentions = list(records.mentions(doc_id))
    statements = list(records.statements(doc_id))
    relations = list(records.relations(doc_id))
    runs = {}
    produced: list[Mention | Statement | Relation] = [*mentions, *statements, *relations]
    for extractor, version in [(record.extractor, record.extractor_version) for record in produced]:
        if (extractor, version) not in runs:
            runs[extractor, version] = _n(f"{ID}run/{doc_id}/{extractor}")
    for (extractor, version), run in runs.items():
        yield quad(run, _RDF_TYPE, _n(APKG.ExtractionRun))
        yield quad(run, _prov("used"), doc)
        yield quad(run, _prov("wasAssociatedWith"), _n(extractor_iri(extractor, version)))
        yield quad(run, _prov("endedAtTime"), Literal(record.ingested, datatype=NamedNode(_XSD + "dateTime")))
    for statement in statements:
        passage = passages[statement.passage_id]
        run = runs[statement.extractor, statement.extractor_version]
        yield from _statement_quads(statement, passage, text, meta, run, graph)
    for relation in relations:
        passage = passages[relation.passage_id]
        run = runs[relation.extractor, relation.extractor_version]
        yield from _relation_quads(relation, passage, text, meta, run, graph)

    mentioned_in: dict[str, set[str]] = {}  # target -> the passages that mention it
    for mention in mentions:
        passage = passages[mention.passage_id]
        if mention.kind == "date":
            yield quad(_n(passage_iri(passage.passage_id)), _dct("temporal"), _date_literal(mention.target))
            continue
        yield from _mention_quads(
            mention, passage, text, runs[mention.extractor, mention.extractor_version], graph
        )
        mentioned_in.setdefault(mention.target, set()).add(passage.passage_id)
    for target, in_passages in mentioned_in.items():
        yield quad(doc, _n(APKG.discusses), _n(target))
        count = _n(f"{doc.value}/count/{hashlib.sha1(target.encode()).hexdigest()[:16]}")
        yield quad(doc, _n(APKG.mentionCount), count)
        yield quad(count, _RDF_TYPE, _n(APKG.MentionCount))
        yield quad(count, _n(APKG.counts), _n(target))
        yield quad(count, _n(APKG.passages), _int(len(in_passages)))
    yield from _sphere_counts(doc, mentioned_in, graph)
    yield from (quad(*triple) for triple in _case_links(mentions, passages))


def shared_quads(records: StoredRecords) -> Iterator[Quad]:
    """What every document's graph refers to, stated once in ``SHARED_GRAPH``: the versioned
    extractors, and the actors and places found only in text (typed and labelled)."""
    graph = _n(SHARED_GRAPH)
    for extractor, version in records.extractors():
        agent = _n(extractor_iri(extractor, version))
        yield Quad(agent, _RDF_TYPE, _n(APKG.Extractor), graph)
        yield Quad(agent, _RDFS_LABEL, Literal(extractor), graph)
        yield Quad(agent, _SOFTWARE_VERSION, Literal(version), graph)
    seen = set()
    for actor in records.new_actors():
        if actor.iri in seen:
            continue
        seen.add(actor.iri)
        node = _n(actor.iri)
        yield Quad(node, _RDF_TYPE, _n(APKG[actor.type_name]), graph)
        if str(APKG[actor.type_name]) in actor_classes():  # as the ontology's actors (ontology_triples)
            yield Quad(node, _RDF_TYPE, _n(APKG.Actor), graph)
        yield Quad(node, _RDFS_LABEL, Literal(actor.name), graph)
        yield Quad(node, _SKOS_PREF, Literal(actor.name, language="en"), graph)


def _sphere_counts(doc: NamedNode, mentioned_in: dict[str, set[str]], graph: NamedNode) -> Iterator[Quad]:
    """Per sphere, the document's tool mentions: for each of its tools, the passages naming it."""
    mentions: dict[str, int] = {}
    for target, in_passages in mentioned_in.items():
        for sphere in tool_spheres().get(target, ()):
            mentions[sphere] = mentions.get(sphere, 0) + len(in_passages)
    for sphere, count in sorted(mentions.items()):
        node = _n(f"{doc.value}/sphere-count/{sphere.rsplit('#', 1)[-1]}")
        yield Quad(doc, _n(APKG.sphereCount), node, graph)
        yield Quad(node, _RDF_TYPE, _n(APKG.SphereCount), graph)
        yield Quad(node, _n(APKG.ofSphere), _n(sphere), graph)
        yield Quad(node, _n(APKG.toolMentions), _int(count), graph)


def _mention_quads(
    mention: Mention, passage: Passage, text: str, run: NamedNode, graph: NamedNode
) -> Iterator[Quad]:
    def quad(s: NamedNode, p: NamedNode, o: NamedNode | Literal) -> Quad:
        return Quad(s, p, o, graph)

    node = _n(mention_iri(mention.mention_id))
    yield quad(node, _RDF_TYPE, _n(APKG.Mention))
    yield quad(node, _RDF_TYPE, _n(OA.Annotation))
    yield quad(node, _n(OA.hasBody), _n(mention.target))
    yield quad(node, _n(APKG.mentionKind), Literal(mention.kind))
    yield quad(node, _prov("wasGeneratedBy"), run)
    yield from _target_quads(node, passage, text, mention.char_start, mention.char_end, graph)
    source = _n(passage_iri(passage.passage_id))
    yield quad(source, _n(APKG.mentions), _n(mention.target))


def _target_quads(
    node: NamedNode, passage: Passage, text: str, char_start: int, char_end: int, graph: NamedNode
) -> Iterator[Quad]:
    """The target of annotation ``node``: the span ``char_start``-``char_end`` of the document's
    ``text``, selected in ``passage`` by position (offsets into the passage) and by quote."""

    def quad(s: NamedNode, p: NamedNode, o: NamedNode | Literal) -> Quad:
        return Quad(s, p, o, graph)

    target, position, quote = (_n(f"{node.value}/{part}") for part in ("target", "position", "quote"))
    yield quad(node, _n(OA.hasTarget), target)
    yield quad(target, _RDF_TYPE, _n(OA.SpecificResource))
    yield quad(target, _n(OA.hasSource), _n(passage_iri(passage.passage_id)))
    yield quad(target, _n(OA.hasSelector), position)
    yield quad(target, _n(OA.hasSelector), quote)
    yield quad(position, _RDF_TYPE, _n(OA.TextPositionSelector))
    yield quad(position, _n(OA.start), _int(char_start - passage.char_start))
    yield quad(position, _n(OA.end), _int(char_end - passage.char_start))
    yield quad(quote, _RDF_TYPE, _n(OA.TextQuoteSelector))
    yield quad(quote, _n(OA.exact), Literal(text[char_start:char_end]))
    prefix = text[max(passage.char_start, char_start - _QUOTE_CONTEXT) : char_start]
    suffix = text[char_end : min(passage.char_end, char_end + _QUOTE_CONTEXT)]
    yield quad(quote, _n(OA.prefix), Literal(prefix))
    yield quad(quote, _n(OA.suffix), Literal(suffix))


_SENSES = {"concept": APKG.ConceptSense, "everyday": APKG.EverydaySense}
_STANCES = {"support": APKG.SupportiveStance, "critical": APKG.CriticalStance, "neutral": APKG.NeutralStance}


def _sentence_annotation(
    node: NamedNode,
    kind: str,
    record: Statement | Relation,
    passage: Passage,
    text: str,
    meta: SourceMeta,
    run: NamedNode,
    graph: NamedNode,
) -> Iterator[Quad]:
    """What a statement and a relation state alike: the annotation's class, its document and the
    document's date, the run that found it, and its sentence as evidence (``_target_quads``).
    The sentence's words and passage are stated on the annotation as well, so that a question
    listing thousands of them reads one triple each instead of the target and its selectors."""
    yield Quad(node, _RDF_TYPE, _n(APKG[kind]), graph)
    yield Quad(node, _RDF_TYPE, _n(OA.Annotation), graph)
    yield Quad(node, _dct("isPartOf"), _n(doc_iri(record.doc_id)), graph)
    if meta.date:
        yield Quad(node, _dct("date"), _date_literal(meta.date), graph)
    yield Quad(node, _prov("wasGeneratedBy"), run, graph)
    yield Quad(node, _n(APKG.sentence), Literal(text[record.char_start : record.char_end]), graph)
    yield Quad(node, _n(APKG.inPassage), _n(passage_iri(passage.passage_id)), graph)
    yield from _target_quads(node, passage, text, record.char_start, record.char_end, graph)


def _statement_quads(
    statement: Statement, passage: Passage, text: str, meta: SourceMeta, run: NamedNode, graph: NamedNode
) -> Iterator[Quad]:
    """A statement as an annotation of its sentence: the concept as body, the speaker, the date of
    the speech, the sense and the stance, and the run that found it."""

    def quad(s: NamedNode, p: NamedNode, o: NamedNode | Literal) -> Quad:
        return Quad(s, p, o, graph)

    node = _n(statement_iri(statement.statement_id))
    yield from _sentence_annotation(node, "Statement", statement, passage, text, meta, run, graph)
    yield quad(node, _n(OA.hasBody), _n(statement.concept))
    speaker = speaker_iri(meta)
    if speaker:
        yield quad(node, _n(APKG.speaker), _n(speaker))
    yield quad(node, _n(APKG.sense), _n(_SENSES[statement.sense]))
    if statement.stance:
        yield quad(node, _n(APKG.stance), _n(_STANCES[statement.stance]))
    if statement.rule:
        yield quad(node, _n(APKG.stanceRule), Literal(statement.rule))


_MODES = {"did": APKG.AppliedMode, "urged": APKG.UrgedMode, "opposed": APKG.OpposedMode}


def _relation_quads(
    relation: Relation, passage: Passage, text: str, meta: SourceMeta, run: NamedNode, graph: NamedNode
) -> Iterator[Quad]:
    """A relation as an n-ary node: agent, tool, target, mode and the date of the document, with
    its sentence as evidence (an annotation target with position and quote), the rule that read it,
    its confidence and the run that found it."""

    def quad(s: NamedNode, p: NamedNode, o: NamedNode | Literal) -> Quad:
        return Quad(s, p, o, graph)

    node = _n(relation_iri(relation.relation_id))
    yield from _sentence_annotation(node, "ToolRelation", relation, passage, text, meta, run, graph)
    yield quad(node, _n(APKG.agent), _n(relation.agent))
    yield quad(node, _n(APKG.tool), _n(relation.tool))
    if relation.target:
        yield quad(node, _n(APKG.aimedAt), _n(relation.target))
    yield quad(node, _n(APKG.mode), _n(_MODES[relation.mode]))
    yield quad(node, _n(APKG.extractionPattern), Literal(relation.pattern))
    confidence = Literal(f"{relation.confidence:.3f}", datatype=NamedNode(_XSD + "decimal"))
    yield quad(node, _n(APKG.confidence), confidence)


def _case_links(
    mentions: list[Mention], passages: dict[str, Passage]
) -> Iterator[tuple[NamedNode, NamedNode, NamedNode]]:
    """``tool apkg:usedInCase case`` and ``actor apkg:involvedIn case`` for pairs named in one sentence."""
    by_passage: dict[str, list[Mention]] = {}
    for mention in mentions:
        if mention.kind in ("case", "tool", "actor"):
            by_passage.setdefault(mention.passage_id, []).append(mention)
    seen = set()
    for passage_id, group in by_passage.items():
        passage = passages[passage_id]
        for a, b in combinations(sorted(group, key=lambda m: m.char_start), 2):
            kinds = {a.kind, b.kind}
            if "case" not in kinds or kinds == {"case"}:
                continue
            between = passage.text[a.char_end - passage.char_start : b.char_start - passage.char_start]
            if _SENTENCE_END.search(between):
                continue
            case, other = (a, b) if a.kind == "case" else (b, a)
            predicate = APKG.usedInCase if other.kind == "tool" else APKG.involvedIn
            if (other.target, predicate, case.target) not in seen:
                seen.add((other.target, predicate, case.target))
                yield _n(other.target), _n(predicate), _n(case.target)
