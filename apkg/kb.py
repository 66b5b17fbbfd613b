"""The knowledge base: one directory that the build writes and every other stage opens.

Its parts and format are described in ``apkg.layout``.

``KnowledgeBase.open`` checks the format version and names any missing part; the build writes a
new version into a staging directory and swaps it in only when it has succeeded.
"""

from __future__ import annotations

import dataclasses
import importlib
import sqlite3
import time
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from apkg.config import Settings
from apkg.errors import ConfigError, KnowledgeBaseError
from apkg.layout import (
    DATABASE_FILE,
    FORMAT_VERSION,
    MANIFEST_FILE,
    BuildIdentity,
    build_identity,
    connect_read_only,
    read_manifest,
)
from apkg.ontology.taxonomy import Taxonomy, taxonomy
from apkg.records import Mention, NewActor, Passage
from apkg.stored import DocumentRecord, StoredRecords

if TYPE_CHECKING:  # the stages load on first use, so that opening a knowledge base stays quick
    import networkx as nx
    from starlette.applications import Starlette

    from apkg.graph.answers import QueryAnswer
    from apkg.graph.explain import ProvenanceChain
    from apkg.graph.query_pool import BlockingQueryPool
    from apkg.graph.store import GraphStore
    from apkg.graph.views import GraphStats, PathStep
    from apkg.ontology.catalogue import Catalogue
    from apkg.precedents import Precedent, RelationFilter
    from apkg.reading import PassageInContext
    from apkg.search.engine import Searcher, SearchMode
    from apkg.search.evidence import EvidenceMatrix, Extracted
    from apkg.search.facets import Facets
    from apkg.search.hits import Hit
    from apkg.trends import Attention, Ranking, Speaker, SpeakerProfile, StanceTable, Trends


class KnowledgeBase:
    """A built knowledge base, opened read-only.

    Example:
        >>> kb = KnowledgeBase.open("kb")            # doctest: +SKIP
        >>> kb.counts()["passages"]                 # doctest: +SKIP
        1941
    """

    def __init__(self, path: Path, settings: Settings | None = None, *, any_thread: bool = False) -> None:
        """Open the knowledge base at ``path``; see ``open``."""
        self.path = path
        self.settings = settings or Settings()
        self._any_thread = any_thread
        self._snapshot = _open_snapshot(path, any_thread=any_thread)
        self._searcher: Searcher | None = None
        self._per_build: dict[str, Any] = {}  # what is derived from this build, made on first use
        self._pool: BlockingQueryPool | None = None  # workers for time-limited queries

    @classmethod
    def open(
        cls, path: Path | str, settings: Settings | None = None, *, any_thread: bool = False
    ) -> KnowledgeBase:
        """Open the knowledge base at ``path`` with resolved ``settings`` (default: the defaults):
        ``[search]`` tunes its searches, except the embedding model, which is always the one the
        build used, and ``[graph]`` names its graph store.
        With ``any_thread``, the read-only database connection may be used from other threads
        than the one that opened it (callers serialise its use, as the app does).

        A knowledge base opened before a rebuild switches to the new build whole at its next
        call (database, manifest and search index together); a call already running finishes
        on the build it started with.

        Raises:
            KnowledgeBaseError: the directory is missing, was never completely built, or has
                another format version.
        """
        return cls(Path(path), settings, any_thread=any_thread)

    def refresh(self) -> None:
        """Switch to a newer build, whole, if one has replaced the snapshot this object holds (every
        verb does this first; a front end calls it once per page so that the page is of one build)."""
        now = build_identity(self.path)
        if now is not None and now != self._snapshot.signature:
            # the old connection closes when no running call holds it any more
            self._snapshot = _open_snapshot(self.path, any_thread=self._any_thread)
            self._searcher, self._per_build = None, {}

    @property
    def manifest(self) -> dict[str, Any]:
        """kb.json of the build this object answers from."""
        return self._snapshot.manifest

    @property
    def db(self) -> sqlite3.Connection:
        """The read-only database connection of the build this object answers from."""
        return self._snapshot.records.db

    @property
    def build_id(self) -> str:
        """The id of the build this object answers from (after switching to the newest)."""
        self.refresh()
        return str(self.manifest.get("build_id", ""))

    @property
    def records(self) -> StoredRecords:
        """The stored documents, passages, mentions and new actors of the current build."""
        self.refresh()
        return self._snapshot.records

    def counts(self) -> dict[str, int]:
        """Numbers of documents, passages, mentions and new actors."""
        return self.records.counts()

    def documents(self) -> list[DocumentRecord]:
        """Every document with its metadata, ordered by id."""
        return self.records.documents()

    def document(self, doc_id: str) -> DocumentRecord:
        """One document's metadata and size.

        Raises:
            KnowledgeBaseError: no document has that id.
        """
        return self.records.document(doc_id)

    def document_text(self, doc_id: str) -> str:
        """The clean text of a document; passage and mention spans index it."""
        return self.records.document_text(doc_id)

    def extractors(self) -> list[tuple[str, str]]:
        """The (name, version) of every extractor that produced a stored mention."""
        return self.records.extractors()

    def new_actors(self, doc_id: str | None = None) -> list[NewActor]:
        """The actors and places found only in text, of one document or of all."""
        return self.records.new_actors(doc_id)

    def passages(self, doc_id: str | None = None) -> Iterator[Passage]:
        """Passages in document order, of one document or of all."""
        return self.records.passages(doc_id)

    def in_context(self, passage_id: str, *, sentences: int = 2) -> PassageInContext:
        """A passage with up to ``sentences`` sentences of its document before and after it, and
        its place in the document.

        Raises:
            KnowledgeBaseError: no passage has that id.
        """
        from apkg.reading import in_context

        self.refresh()
        return in_context(self.records, passage_id, sentences=sentences)

    def mentions(self, doc_id: str | None = None) -> Iterator[Mention]:
        """Mentions in document order, of one document or of all."""
        return self.records.mentions(doc_id)

    def search(
        self,
        query: str,
        *,
        k: int = 10,
        mode: SearchMode | str = "hybrid",
        facets: Facets | None = None,
        expand: bool = True,
    ) -> list[Hit]:
        """Hybrid search over the passages (see ``apkg.search.engine.Searcher.search``).

        Example:
            >>> kb.search("which tools help dissuade perpetrators?", k=5)   # doctest: +SKIP
        """
        self.refresh()
        if self._searcher is None:
            self._searcher = self._open_searcher()
        return self._searcher.search(query, k=k, mode=mode, facets=facets, expand=expand)

    def _open_searcher(self) -> Searcher:
        """The searcher over this build: its FAISS index is read from the directory, so a build
        swapped in meanwhile sends us to the new build first."""
        from apkg.config import SearchSettings
        from apkg.search.engine import Searcher

        for _ in range(_SWAP_RETRIES):
            model = self.manifest.get("search_model", SearchSettings.model)
            settings = dataclasses.replace(self.settings.search, model=model)
            searcher = Searcher(self.path, self.db, settings, model=model)
            if build_identity(self.path) == self._snapshot.signature:
                return searcher
            time.sleep(_SWAP_PAUSE)  # a build is swapping the directory in: look again
            self.refresh()
        raise KnowledgeBaseError(self.path, "the knowledge base kept changing while it was opened; try again")

    def similar(self, passage_id: str, *, k: int = 10, facets: Facets | None = None) -> list[Hit]:
        """The ``k`` passages closest in meaning to the stored passage ``passage_id`` (itself left
        out): "more like this".

        Raises:
            KnowledgeBaseError: no passage has that id.
        """
        found = self.passage_hits([passage_id])
        if not found:
            raise KnowledgeBaseError(self.path, f"no passage {passage_id!r}")
        [passage] = found
        hits = self.search(passage.text, k=k + 1, mode="dense", facets=facets, expand=False)
        return [hit for hit in hits if hit.passage_id != passage_id][:k]

    # --- the corpus behind the ontology -------------------------------------------------------

    def passage_hits(self, passage_ids: Iterable[str], *, highlight: Iterable[str] = ()) -> list[Hit]:
        """Citable hits for stored passages, in the order given; the mentions of the ``highlight``
        IRIs are marked."""
        from apkg.search.evidence import passage_hits

        self.refresh()
        return passage_hits(self.db, passage_ids, highlight=highlight)

    def passages_mentioning(self, iris: Iterable[str], *, limit: int | None = None) -> list[str]:
        """Ids of the passages that mention any of ``iris``, most mentions first."""
        from apkg.search.evidence import passages_mentioning

        self.refresh()
        return passages_mentioning(self.db, iris, limit=limit)

    def evidence_matrix(self, rows: dict[str, set[str]], columns: dict[str, set[str]]) -> EvidenceMatrix:
        """Passages that mention both a row and a column (label -> the IRIs that count for it)."""
        from apkg.search.evidence import evidence_matrix, passage_targets

        targets = self._derived("passage_targets", lambda: passage_targets(self.db))
        return evidence_matrix(targets, rows, columns)

    def document_extractions(self, doc_id: str) -> list[Extracted]:
        """What the extractor found in one document, most mentioned first."""
        from apkg.search.evidence import document_extractions

        self.refresh()
        return document_extractions(self.db, doc_id, self.labels())

    # --- relations: who applied, urged or opposed which tool, towards whom --------------------------

    def relations(
        self,
        *,
        tool: str | None = None,
        agent: str | None = None,
        target: str | None = None,
        mode: str | None = None,
        start: int | None = None,
        end: int | None = None,
        narrower: bool = True,
        min_confidence: float = 0.0,
        limit: int | None = None,
    ) -> list[Precedent]:
        """The relations the documents state, latest first: each an agent that applied (``did``),
        called for (``urged``) or opposed a tool, towards a target where the sentence names one,
        with its sentence and its passage as a citable hit. Names may be labels, ``apkg:Name`` or
        IRIs; a tool counts with the tools below it unless ``narrower`` is false.

        Example:
            >>> [p.summary() for p in kb.relations(tool="sanctions", mode="urged", limit=3)]  # doctest: +SKIP

        Raises:
            UnknownFacet: a tool, agent, target or mode goes by no known name (with close names).
        """
        from apkg.precedents import find_precedents

        where = self._relation_filter(tool, agent, target, mode, start, end, narrower, min_confidence)
        return find_precedents(self.db, self._relation_labels(), where, limit=limit)

    def precedents(self, relation_ids: Iterable[str]) -> list[Precedent]:
        """The relations with these ids (an evidence matrix's cell holds them), latest first."""
        from apkg.precedents import RelationFilter, find_precedents

        self.refresh()
        return find_precedents(self.db, self._relation_labels(), RelationFilter(ids=tuple(relation_ids)))

    def relation_matrix(
        self, rows: dict[str, set[str]], columns: dict[str, set[str]] | None = None, *, column: str = "agent"
    ) -> EvidenceMatrix:
        """Relations by tool (``rows``: label -> the tool IRIs that count) and by their agent or
        target (``column``; ``columns``: label -> IRIs, by default every agent or target that has a
        relation, most relations first); each cell holds the ids of its relations (``precedents``
        reads them).

        Raises:
            ValueError: ``column`` is neither agent nor target.
        """
        from apkg.precedents import RelationFilter, relation_items
        from apkg.search.evidence import evidence_matrix

        self.refresh()
        items = relation_items(self.db, RelationFilter(), column=column)
        if columns is None:
            labels = self._relation_labels()
            tools = set().union(*rows.values())
            named = Counter(iri for found in items.values() if found & tools for iri in found - tools)
            ranked = sorted(named, key=lambda iri: (-named[iri], labels.get(iri, iri)))
            columns = {labels.get(iri, iri): {iri} for iri in ranked}
        return evidence_matrix(items, rows, columns)

    def relation_network(self) -> nx.MultiDiGraph:
        """Agents and targets joined by their relations (agent -> target), each edge labelled by its
        tool and mode, with the ids of the relations behind it (made once per build)."""
        from apkg.graph.views import relation_graph

        return self._derived("relation_network", lambda: relation_graph(self.db, self._relation_labels()))

    def _relation_filter(
        self,
        tool: str | None,
        agent: str | None,
        target: str | None,
        mode: str | None,
        start: int | None,
        end: int | None,
        narrower: bool,
        min_confidence: float,
    ) -> RelationFilter:
        from apkg.errors import UnknownFacet
        from apkg.ontology.lexicon import ENTITY_KINDS
        from apkg.precedents import MODE_LABELS, RelationFilter

        ontology = taxonomy()
        tools: set[str] = set()
        if tool:
            iri = ontology.resolve("tool", tool, kinds=frozenset({"tool"}))
            tools = ontology.below(iri) if narrower else {iri}
        modes = {name: name for name in MODE_LABELS} | {label: name for name, label in MODE_LABELS.items()}
        if mode and mode.lower() not in modes:
            raise UnknownFacet("mode", mode, sorted(MODE_LABELS.values()))
        self.refresh()
        found_in_text = {actor.name.lower(): actor.iri for actor in self.new_actors()}

        def actor(facet: str, name: str | None) -> set[str]:
            if not name:
                return set()
            if name.lower() in found_in_text:
                return {found_in_text[name.lower()]}
            return {ontology.resolve(facet, name, kinds=ENTITY_KINDS)}

        return RelationFilter(
            tools=tools, agents=actor("agent", agent), targets=actor("target", target),
            modes={modes[mode.lower()]} if mode else set(), start=start, end=end,
            min_confidence=min_confidence,
        )  # fmt: skip

    def _relation_labels(self) -> dict[str, str]:
        """Names of every agent, tool and target: the ontology's labels, then the actors found in text."""
        return {**{actor.iri: actor.name for actor in self.new_actors()}, **self.labels()}

    # --- trends over speeches ---------------------------------------------------------------------

    def speakers(self) -> list[Speaker]:
        """Every speaker of the stored speeches (documents of type speech), with its ISO code, M49
        region, number of speeches and years.

        Raises:
            KnowledgeBaseError: the knowledge base was built before apkg trends.
        """
        return list(self._trends().speakers)

    def trend_concepts(self) -> dict[str, str]:
        """Preferred label -> IRI of every concept the stored speeches mention (itself or a narrower
        one), by label: what ``attention`` can draw.

        Raises:
            KnowledgeBaseError: the knowledge base was built before apkg trends.
        """
        return self._derived("trend_concepts", lambda: self._trends().concepts())

    def attention(
        self,
        concept: str,
        *,
        speakers: Sequence[str] = (),
        regions: Sequence[str] = (),
        all_speakers: bool = False,
        narrower: bool = True,
        start: int | None = None,
        end: int | None = None,
    ) -> Attention:
        """Year by year, how many speeches of each group of speakers there are and how many mention
        ``concept``, and the same for their passages: one series a speaker (a label, ISO code or
        IRI: "France", "FRA") and a region (an M49 region or sub-region: "Africa", "Western
        Europe"), and one for every speaker when none is named or ``all_speakers`` is set.

        ``concept`` is a label, ``apkg:`` name or IRI of any term of the ontology; with ``narrower``
        a mention of a narrower concept counts too. A share is of the speeches the knowledge base
        holds (``Attention.denominator`` says so in words).

        Example:
            >>> kb.attention("responsibility to protect", regions=["Africa"], start=2000)  # doctest: +SKIP

        Raises:
            UnknownFacet: no term, speaker or region goes by a name given (with close names).
            KnowledgeBaseError: the knowledge base was built before apkg trends.
        """
        return self._trends().attention(
            concept, speakers=speakers, regions=regions, all_speakers=all_speakers, narrower=narrower,
            start=start, end=end,
        )  # fmt: skip

    def profile(
        self,
        speaker: str,
        *,
        start: int | None = None,
        end: int | None = None,
        narrower: bool = True,
        ranking: Ranking = "lift",
        top: int = 15,
        min_speeches: int = 2,
    ) -> SpeakerProfile:
        """The concepts a speaker (a state: label, ISO code or IRI) raises most above all speakers:
        the share of its speeches from ``start`` to ``end`` that mention each concept, against the
        share of every speaker's speeches of the same years, ranked by ``ranking`` (their ratio,
        ``lift``, or their ``difference``); only concepts at least ``min_speeches`` of its speeches
        mention.

        Raises:
            UnknownFacet: no speaker goes by that name.
            KnowledgeBaseError: the knowledge base was built before apkg trends.
        """
        return self._trends().profile(
            speaker, start=start, end=end, narrower=narrower, ranking=ranking, top=top,
            min_speeches=min_speeches,
        )  # fmt: skip

    def r2p_stances(
        self,
        *,
        speakers: Sequence[str] = (),
        regions: Sequence[str] = (),
        all_speakers: bool = False,
        start: int | None = None,
        end: int | None = None,
        stance: str | None = None,
    ) -> StanceTable:
        """The R2P statement tracker: year by year, for every speaker or for each speaker and region
        named (as in ``attention``), the sentences of speeches that mention the responsibility to
        protect, in the everyday sense or for the norm with their stance (support, critical,
        neutral), with the sentences behind the counts (only those of one ``stance``, if given).
        A speech that holds support and criticism counts in both.

        Example:
            >>> kb.r2p_stances(speakers=["Venezuela"], start=2005).rows  # doctest: +SKIP

        Raises:
            UnknownFacet: no speaker or region goes by a name given (with close names).
            KnowledgeBaseError: the knowledge base was built before apkg trends.
        """
        return self._trends().stances(
            speakers=speakers, regions=regions, all_speakers=all_speakers, start=start, end=end, stance=stance
        )

    def _trends(self) -> Trends:
        from apkg.trends import Trends

        return self._derived("trends", lambda: Trends(self.db, self.path))

    # --- the ontology ---------------------------------------------------------------------------

    def taxonomy(self) -> Taxonomy:
        """Labels, hierarchy and sphere membership of the ontology's terms."""
        return taxonomy()

    def catalogue(self) -> Catalogue:
        """Spheres, tools, risk factors and crimes, as the app and tool cards show them."""
        from apkg.ontology.catalogue import catalogue

        return catalogue()

    def labels(self) -> dict[str, str]:
        """IRI -> preferred label of every concept, actor, case and place of the ontology."""
        return {iri: names[0] for iri, names in taxonomy().lexicon.labels_of.items() if names}

    # --- the graph --------------------------------------------------------------------------------

    def graph_store(self) -> GraphStore:
        """The graph of this build: its local Oxigraph store, or the server ``graph.store`` names."""
        from apkg.graph.store import open_store

        return self._derived("graph_store", lambda: open_store(self.path, self.settings.graph))

    def sparql(self, text: str, *, time_limit: float | None = None) -> QueryAnswer:
        """Run a read-only SPARQL query with the endpoint's checks: here, or with a ``time_limit``
        in seconds in a worker process that is stopped when the limit is hit (the worker follows
        new builds by itself and serves this knowledge base's later time-limited queries).

        Raises:
            QueryError: the query is refused, malformed, too large, or ran out of time.
        """
        from apkg.graph.answers import QueryAnswer, answer_here

        if time_limit is None:
            return answer_here(self.graph_store(), text)
        if self._pool is None or self._pool.pool.timeout != time_limit:
            from apkg.graph.query_pool import BlockingQueryPool

            if self._pool is not None:
                self._pool.close()
            self._pool = BlockingQueryPool(
                self.path, graph=self.settings.graph, timeout=time_limit, workers=1
            )
        media, body = self._pool.run(text, requested=("json", "ntriples"))
        return QueryAnswer(media, body)

    def explain(self, name: str, *, limit: int = 5) -> list[ProvenanceChain]:
        """The provenance chains behind a mention, passage, document, concept or actor (``name``: an
        id as search prints it, an ``apkg:`` name or an IRI).

        Raises:
            UnknownSubject: ``name`` is none of these, or nothing in the graph rests on it.
        """
        from apkg.errors import UnknownSubject
        from apkg.graph.explain import explain, subject_iri

        iri = subject_iri(name)
        chains = explain(self.graph_store(), iri, limit=limit)
        if not chains:
            raise UnknownSubject(name, f"nothing in the graph rests on <{iri}>")
        return chains

    def network(self) -> nx.Graph:
        """The concept and actor co-occurrence network of this build (made once per build)."""
        from apkg.graph.views import cooccurrence_graph

        return self._derived("network", lambda: cooccurrence_graph(self.records, taxonomy().lexicon))

    def node(self, name: str) -> str:
        """The network node for a label, ``apkg:Name`` or IRI.

        Raises:
            UnknownSubject: no node goes by that name (with close labels as suggestions).
        """
        from apkg.graph.views import resolve_node

        return resolve_node(self.network(), name)

    def graph_path(
        self, source: str, target: str, *, avoid: Collection[str] = (), min_passages: int = 1
    ) -> list[PathStep]:
        """The most specific path between two concepts or actors (cheap where the two ends of a
        link are rarely mentioned apart, dear through a hub), with the passages behind each step.

        Args:
            avoid: network nodes the path may not pass through (hidden hubs).
            min_passages: use only links backed by at least this many passages.
        """
        from apkg.graph.views import concept_path, resolve_node

        network = self.network()
        return concept_path(
            network,
            resolve_node(network, source),
            resolve_node(network, target),
            avoid=avoid,
            min_passages=min_passages,
        )

    def graph_stats(self, *, top: int = 10) -> GraphStats:
        """Size, PageRank, betweenness and communities of the co-occurrence network."""
        from apkg.graph.views import graph_stats

        return graph_stats(self.network(), top=top)

    def export(self, fmt: str, out: Path, *, network: str = "cooccurrence") -> Path:
        """Write the RDF (every named graph, or their union) or a network to ``out`` in ``fmt``
        (see ``apkg.graph.export.FORMATS``); a network format writes the co-occurrence network or,
        with ``network="relations"``, the relation network (``relation_network``).

        Raises:
            ConfigError: unknown format or network.
        """
        from apkg.graph.export import FORMATS, NETWORK_FORMATS, export_network, export_rdf

        if fmt not in FORMATS:
            raise ConfigError("--format", f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
        networks = {"cooccurrence": self.network, "relations": self.relation_network}
        if network not in networks:
            raise ConfigError("--network", f"unknown network {network!r}; choose cooccurrence or relations")
        if fmt in NETWORK_FORMATS:
            export_network(networks[network](), fmt, out)
        else:
            export_rdf(self.graph_store(), fmt, out)
        return out

    def endpoint(self, *, timeout: float, workers: int) -> Starlette:
        """The read-only SPARQL 1.1 endpoint over this knowledge base (an ASGI app), with the
        competency questions as examples on its query page.

        Raises:
            ConfigError: the graph lives on a SPARQL server, which has its own endpoint.
            KnowledgeBaseError: there is no local graph store.
        """
        from apkg.graph.endpoint import create_app
        from apkg.graph.store import OxigraphStore
        from apkg.ontology import competency_queries

        graph = self.settings.graph
        if graph.remote:
            raise ConfigError(
                "graph.store",
                f"apkg serve serves only the local store; the graph is on "
                f"{graph.store.removeprefix('sparql+')}: query that server's own SPARQL endpoint",
            )
        OxigraphStore.open(self.path)  # fail here, with a clear message, if there is no graph
        examples = {f"{q.user}: {q.question}": q.sparql for q in competency_queries()}
        return create_app(self.path, timeout=timeout, workers=workers, examples=examples)

    def evaluate_retrieval(
        self,
        queries: Path,
        out: Path,
        *,
        mode: SearchMode | str = "hybrid",
        scorer: Path | None = None,
        collection: str | None = None,
    ) -> dict[str, Any]:
        """Search every query of ``queries`` (../shared/eval format; only ``collection``'s when
        given), write the results to ``out`` and return the shared scorer's figures, overall and
        by kind of query."""
        from apkg.search.evaluate import evaluate_retrieval

        return evaluate_retrieval(queries, out, self, mode=mode, scorer=scorer, collection=collection)

    def _derived(self, name: str, make: Callable[[], Any]) -> Any:
        """``make()`` once per build: what is derived from the stored data is rebuilt after a rebuild."""
        self.refresh()
        if name not in self._per_build:
            self._per_build[name] = make()
        return self._per_build[name]

    def close(self) -> None:
        """Close the database connection and stop any query workers."""
        if self._pool is not None:
            self._pool.close()
            self._pool = None
        self.db.close()


_SWAP_RETRIES = 50
_SWAP_PAUSE = 0.05  # seconds; a build's swap is two renames


@dataclass(frozen=True)
class _Snapshot:
    """One build as a reader holds it: its manifest, its records (through a read-only connection,
    which keeps the build's database readable after a rebuild replaces it) and the identity of
    its kb.json."""

    manifest: dict[str, Any]
    records: StoredRecords
    signature: BuildIdentity


def _open_snapshot(path: Path, *, any_thread: bool) -> _Snapshot:
    """The manifest and the records of the build ``path`` holds now, both of the same build."""
    hint = f"build it with: apkg build --kb {path}"
    if not path.is_dir():
        raise KnowledgeBaseError(path, "no knowledge base here", hint)
    for _ in range(_SWAP_RETRIES):
        signature = build_identity(path)
        manifest = read_manifest(path)
        if not manifest:
            raise KnowledgeBaseError(path, f"{MANIFEST_FILE} is missing: the build never finished", hint)
        if manifest.get("format_version") != FORMAT_VERSION:
            raise KnowledgeBaseError(
                path, f"format version {manifest.get('format_version')}, expected {FORMAT_VERSION}", hint
            )
        database = path / DATABASE_FILE
        if not database.exists():
            raise KnowledgeBaseError(path, f"{DATABASE_FILE} is missing", hint)
        connection = connect_read_only(database, any_thread=any_thread)
        if signature is not None and build_identity(path) == signature:  # manifest and database of one build
            return _Snapshot(manifest, StoredRecords(connection, path), signature)
        connection.close()
        time.sleep(_SWAP_PAUSE)  # a build is swapping the directory in: look again
    raise KnowledgeBaseError(path, "the knowledge base kept changing while it was opened; try again")


# What the callers of the verbs need from the stages, loaded on first use: the search stage loads
# its model code and the graph stage its store, and opening a knowledge base should not wait.
_FROM_STAGES = {
    "Facets": ("apkg.search.facets", "Facets"),
    "Hit": ("apkg.search.hits", "Hit"),
    "PassageInContext": ("apkg.reading", "PassageInContext"),
    "WEAK_MATCH": ("apkg.search.hits", "WEAK_MATCH"),
    "SearchMode": ("apkg.search.engine", "SearchMode"),
    "QueryAnswer": ("apkg.graph.answers", "QueryAnswer"),
    "EvidenceMatrix": ("apkg.search.evidence", "EvidenceMatrix"),
    "QUERY_TIMEOUT": ("apkg.graph.query_pool", "DEFAULT_TIMEOUT"),
    "EXPORT_SUFFIXES": ("apkg.graph.export", "SUFFIXES"),
    "Attention": ("apkg.trends", "Attention"),
    "SpeakerProfile": ("apkg.trends", "SpeakerProfile"),
    "Speaker": ("apkg.trends", "Speaker"),
    "StanceTable": ("apkg.trends", "StanceTable"),
    "TrackedStatement": ("apkg.trends", "TrackedStatement"),
}


def __getattr__(name: str) -> Any:
    """The types and constants of ``_FROM_STAGES``, imported when first asked for."""
    if name not in _FROM_STAGES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    module, attribute = _FROM_STAGES[name]
    return getattr(importlib.import_module(module), attribute)
