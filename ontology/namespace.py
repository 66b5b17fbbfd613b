"""The namespaces apkg writes, declared like rdflib's so that a misspelt term raises an error."""

from __future__ import annotations

from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG, OWL, PROV, RDF, RDFS, SDO, SKOS, XSD, DefinedNamespace

ONTOLOGY_IRI = URIRef("https://w3id.org/apkg/ontology")


class APKG(DefinedNamespace):
    """Classes, properties and concept schemes of the apkg ontology (``ontology/apkg.ttl``)."""

    _NS = Namespace("https://w3id.org/apkg/ontology#")
    _fail = True

    # Literature
    Document: URIRef
    Passage: URIRef
    Mention: URIRef
    MentionCount: URIRef
    SphereCount: URIRef
    Extractor: URIRef
    ExtractionRun: URIRef
    # Concepts
    Concept: URIRef
    Sphere: URIRef
    Tool: URIRef
    InstrumentType: URIRef
    ActorLevel: URIRef
    Timing: URIRef
    AtrocityCrime: URIRef
    CriminalAct: URIRef
    R2PPillar: URIRef
    RiskFactor: URIRef
    Indicator: URIRef
    GenocideStage: URIRef
    PreventionConcept: URIRef
    Distinction: URIRef
    # Actors, cases, places
    Actor: URIRef
    State: URIRef
    UNMemberState: URIRef
    UNObserverState: URIRef
    FormerState: URIRef
    Organisation: URIRef
    NationalBody: URIRef
    IntergovernmentalOrganisation: URIRef
    UNEntity: URIRef
    RegionalOrganisation: URIRef
    CourtOrTribunal: URIRef
    CivilSocietyOrganisation: URIRef
    ResearchOrganisation: URIRef
    RegionalNetwork: URIRef
    LocalActor: URIRef
    Group: URIRef
    ArmedGroup: URIRef
    PerpetratorGroup: URIRef
    AtRiskGroup: URIRef
    Person: URIRef
    Case: URIRef
    Place: URIRef
    # Properties
    sphere: URIRef
    instrumentType: URIRef
    actorLevel: URIRef
    timing: URIRef
    addressesRiskFactor: URIRef
    supportsPillar: URIRef
    constitutesCrime: URIRef
    legalBasis: URIRef
    otherSenseLabel: URIRef
    distinctCrimeInInternationalLaw: URIRef
    hasIndicator: URIRef
    indicatorOf: URIRef
    riskFactorFor: URIRef
    nextStage: URIRef
    coversCrime: URIRef
    distinguishes: URIRef
    overlapsWith: URIRef
    concernsActorType: URIRef
    place: URIRef
    isoAlpha3: URIRef
    speaksFor: URIRef
    demonym: URIRef
    m49Region: URIRef
    m49SubRegion: URIRef
    startYear: URIRef
    endYear: URIRef
    involvesCrime: URIRef
    involvedActor: URIRef
    involvedIn: URIRef
    partOfCase: URIRef
    usedInCase: URIRef
    docType: URIRef
    collection: URIRef
    contentHash: URIRef
    passageIndex: URIRef
    page: URIRef
    charStart: URIRef
    charEnd: URIRef
    text: URIRef
    mentions: URIRef
    discusses: URIRef
    mentionCount: URIRef
    counts: URIRef
    passages: URIRef
    sphereCount: URIRef
    ofSphere: URIRef
    toolMentions: URIRef
    mentionKind: URIRef
    # Discourse
    Statement: URIRef
    speaker: URIRef
    sense: URIRef
    stance: URIRef
    stanceRule: URIRef
    sentence: URIRef
    inPassage: URIRef
    Sense: URIRef
    Stance: URIRef
    # Relations: who applied, urged or opposed which tool towards whom
    ToolRelation: URIRef
    agent: URIRef
    tool: URIRef
    aimedAt: URIRef
    mode: URIRef
    extractionPattern: URIRef
    confidence: URIRef
    Mode: URIRef
    ModeScheme: URIRef
    AppliedMode: URIRef
    UrgedMode: URIRef
    OpposedMode: URIRef
    # Concept schemes
    SphereScheme: URIRef
    ToolTaxonomy: URIRef
    InstrumentTypeScheme: URIRef
    ActorLevelScheme: URIRef
    TimingScheme: URIRef
    CrimeScheme: URIRef
    RiskFactorScheme: URIRef
    R2PPillarScheme: URIRef
    GenocideStageScheme: URIRef
    PreventionConceptScheme: URIRef
    SenseScheme: URIRef
    StanceScheme: URIRef
    # Senses and stances of statements
    ConceptSense: URIRef
    EverydaySense: URIRef
    SupportiveStance: URIRef
    CriticalStance: URIRef
    NeutralStance: URIRef
    # The three spheres
    PreventionSphere: URIRef
    ResponseSphere: URIRef
    RecoverySphere: URIRef
    # The norm whose statements the discourse tracker follows
    ResponsibilityToProtect: URIRef
    # Prevention concepts that relations treat as tools (RELATIONS.md section 1)
    AtrocityPrevention: URIRef
    GenocidePrevention: URIRef
    ConflictPrevention: URIRef
    # A tool whose word also names a general good, which relations tell apart
    Justice: URIRef


class OA(DefinedNamespace):
    """The W3C Web Annotation terms apkg uses for mentions."""

    _NS = Namespace("http://www.w3.org/ns/oa#")
    _fail = True

    Annotation: URIRef
    SpecificResource: URIRef
    TextPositionSelector: URIRef
    TextQuoteSelector: URIRef
    hasBody: URIRef
    hasTarget: URIRef
    hasSource: URIRef
    hasSelector: URIRef
    start: URIRef
    end: URIRef
    exact: URIRef
    prefix: URIRef
    suffix: URIRef


APKGR = Namespace("https://w3id.org/apkg/resource/")
WD = Namespace("http://www.wikidata.org/entity/")

PREFIXES: dict[str, Namespace] = {
    "apkg": APKG._NS,
    "apkgr": APKGR,
    "wd": WD,
    "skos": Namespace(str(SKOS)),
    "owl": Namespace(str(OWL)),
    "rdf": Namespace(str(RDF)),
    "rdfs": Namespace(str(RDFS)),
    "xsd": Namespace(str(XSD)),
    "dcterms": Namespace(str(DCTERMS)),
    "prov": Namespace(str(PROV)),
    "oa": OA._NS,
    "org": Namespace(str(ORG)),
    "foaf": Namespace(str(FOAF)),
    "schema": Namespace(str(SDO)),
}


def bind_prefixes(graph: Graph) -> Graph:
    """Bind apkg's usual prefixes on ``graph`` and return it."""
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True)
    return graph


def expand_iri(name: str) -> str:
    """The full IRI of a prefixed name (``apkg:EarlyWarning``, ``apkgr:Rwanda``, any prefix of
    ``PREFIXES``); any other string is returned as it is."""
    prefix, colon, local = name.partition(":")
    namespace = PREFIXES.get(prefix) if colon and not local.startswith("//") else None
    return str(namespace) + local if namespace is not None else name


def sparql_prologue() -> str:
    """Return ``PREFIX`` lines for every usual prefix, to put before a query."""
    return "".join(f"PREFIX {prefix}: <{namespace}>\n" for prefix, namespace in PREFIXES.items())
