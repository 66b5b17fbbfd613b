"""``apkg build``: bring a knowledge base up to date with a corpus folder, incrementally and atomically.

Unchanged sources (same content hash, same pipeline) are skipped, changed ones re-processed
alone, removed ones deleted everywhere. The work happens in a staging copy that replaces the
knowledge base only once everything has been written; a source that fails keeps whatever the
knowledge base held for it before.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from apkg.config import LOCAL_STORE, Settings
from apkg.errors import SourceError
from apkg.graph.store import open_store
from apkg.graph.sync import GRAPH_VERSION, sync_graph
from apkg.ingest.metadata import UNLISTED_REASON, Candidate, discover_sources, unlisted_files
from apkg.ingest.statements import STATEMENTS_VERSION, sync_statements
from apkg.ingest.stored_relations import RELATIONS_VERSION, sync_relations
from apkg.layout import DATABASE_FILE, FORMAT_VERSION, connect, read_manifest, write_manifest
from apkg.ontology import ontology_hash
from apkg.records import SourceMeta
from apkg.rows import delete_document, insert_vectors
from apkg.search.embedder import BackgroundEmbedder
from apkg.search.index import sync_search
from apkg.search.lexical import LEXICAL_VERSION
from apkg.staging import build_lock, staging
from apkg.store_sources import store_sources
from apkg.stored import StoredRecords
from apkg.trends.tables import sync_trends

PIPELINE_VERSION = "2"  # bump when reading, cleaning or splitting a source changes what it yields
# Layers derived from the stored documents after they are read, each with its own version: a
# knowledge base whose layer another version derived gets it again, without reading anything anew.
DERIVED_VERSIONS = {
    "statements": STATEMENTS_VERSION,
    "relations": RELATIONS_VERSION,
    "graph": GRAPH_VERSION,
    "lexical": LEXICAL_VERSION,
}


@dataclass
class BuildSummary:
    """What a build did and what the knowledge base now holds."""

    kb: Path
    corpus: list[Path]
    sources: int = 0
    processed: int = 0
    unchanged: int = 0
    removed: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)  # (path, reason)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (path, reason): not read, not failed
    documents: int = 0
    pages: int = 0
    passages: int = 0
    mentions_by_kind: dict[str, int] = field(default_factory=dict)
    actors: int = 0
    new_actors: int = 0
    triples: int = 0
    vectors: int = 0
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        """True when every source was ingested."""
        return not self.failures


def pipeline_fingerprint(settings: Settings) -> str:
    """Everything whose change invalidates stored passages and mentions: of the ontology, only
    what extraction reads (``extraction_hash``)."""
    from apkg.ingest.extract import EXTRACTOR_VERSION
    from apkg.ontology import extraction_hash

    parts = (
        PIPELINE_VERSION,
        EXTRACTOR_VERSION,
        extraction_hash(),
        settings.extract.spacy_model,
        settings.search.model,
        settings.ingest.target_words,
        settings.ingest.max_words,
        settings.ingest.min_words,
    )
    return hashlib.sha256(repr(parts).encode()).hexdigest()


def source_record(meta: SourceMeta) -> dict[str, str]:
    """What kb.json keeps of a source to know, on the next build, whether it changed: its path,
    the hash of its bytes, and a hash of the metadata the corpus gives it (manifest, sidecar), so
    that an edit to a title or a date alone is applied too."""
    metadata = json.dumps(dataclasses.asdict(meta), sort_keys=True, ensure_ascii=False)
    return {
        "path": meta.path,
        "sha256": meta.sha256,
        "metadata": hashlib.sha256(metadata.encode("utf-8")).hexdigest(),
    }


@dataclass
class _Plan:
    process: list[Candidate]
    unchanged: list[Candidate]
    failed: list[Candidate]
    removed: list[str]


def _plan(candidates: list[Candidate], previous: dict[str, dict[str, str]], reuse: bool) -> _Plan:
    plan = _Plan([], [], [], [])
    seen: dict[str, Path] = {}  # document id: the file that has it
    for candidate in candidates:
        doc_id = candidate.meta.doc_id
        if candidate.error is not None:  # its id stays seen: what the kb holds for it is kept
            plan.failed.append(candidate)
            seen.setdefault(doc_id, candidate.path)
            continue
        if doc_id in seen:
            reason = f"duplicate document id {doc_id!r}, already that of {seen[doc_id]}"
            plan.failed.append(replace(candidate, error=SourceError(candidate.path, reason)))
            continue
        seen[doc_id] = candidate.path
        if reuse and previous.get(doc_id) == source_record(candidate.meta):
            plan.unchanged.append(candidate)
        else:
            plan.process.append(candidate)
    plan.removed = sorted(set(previous) - set(seen)) if reuse else []
    return plan


def build(
    corpus: Path | Sequence[Path], kb: Path, settings: Settings, *, progress: bool = True
) -> BuildSummary:
    """Build or update the knowledge base ``kb`` from one corpus folder or several (whose document
    ids must not collide).

    Returns:
        A summary; ``summary.failures`` lists every source that could not be ingested.

    Raises:
        KnowledgeBaseError: ``kb`` exists but is not a knowledge base.
        SourceError: a corpus folder or its manifest cannot be read.
        ConfigError: Ray cannot be started or reached (``ingest.engine = "ray"``).
        StoreError: ``graph.store`` names a SPARQL server that cannot be reached or refuses an update.
    """
    started = time.perf_counter()
    folders = [corpus] if isinstance(corpus, Path) else list(corpus)
    for folder in folders:
        if not folder.is_dir():
            raise SourceError(folder, "corpus folder not found (set --corpus or corpus.path)")
    if settings.graph.remote:
        open_store(kb, settings.graph).query("ASK {}")  # reach the server before the long part, or fail now
    with build_lock(kb):
        return _build(folders, kb, settings, progress=progress, started=started)


def _build(
    folders: list[Path], kb: Path, settings: Settings, *, progress: bool, started: float
) -> BuildSummary:
    """``build`` under the knowledge base's lock."""
    summary = BuildSummary(kb=kb, corpus=folders)
    summary.skipped = [(str(path), UNLISTED_REASON) for folder in folders for path in unlisted_files(folder)]
    candidates = [candidate for folder in folders for candidate in discover_sources(folder)]
    summary.sources = len(candidates)
    manifest = read_manifest(kb) if kb.exists() else {}
    fingerprint = pipeline_fingerprint(settings)
    reuse = manifest.get("format_version") == FORMAT_VERSION and manifest.get("pipeline") == fingerprint
    previous = manifest.get("sources", {}) if reuse else {}
    plan = _plan(candidates, previous, reuse)
    derived = manifest.get("derived", {})
    stale = {layer for layer, version in DERIVED_VERSIONS.items() if derived.get(layer) != version}
    # The graph holds the whole ontology and types and counts by it (actor classes, tools' spheres):
    # an ontology edit that extraction does not read rewrites the graph (and the trends tables) alone.
    ontology = ontology_hash()
    if manifest.get("ontology") != ontology:
        stale.add("graph")
    summary.unchanged, summary.removed = len(plan.unchanged), len(plan.removed)
    summary.failures = [(str(c.path), c.error.reason) for c in plan.failed if c.error]
    # a knowledge base moved to another graph store gets its whole graph written there
    moved = manifest.get("graph_store", LOCAL_STORE) != settings.graph.store
    if (
        reuse
        and not moved
        and not plan.process
        and not plan.removed
        and not stale
        and manifest.get("failures") == summary.failures
    ):
        _count(kb, summary)
        summary.triples = manifest.get("counts", {}).get("quads", 0)
        summary.vectors = manifest.get("counts", {}).get("vectors", 0)
        summary.seconds = time.perf_counter() - started
        return summary
    records = {candidate.meta.doc_id: source_record(candidate.meta) for candidate in plan.process}
    embedder = BackgroundEmbedder(settings.search.model, batch_size=settings.search.batch_size)
    with staging(kb, keep_contents=reuse) as stage, embedder:
        db = connect(stage / DATABASE_FILE)
        for doc_id in plan.removed:
            delete_document(db, doc_id)
            previous.pop(doc_id, None)
        stored = store_sources(db, plan.process, settings, embedder, progress=progress)
        summary.failures += stored.failures
        sync_trends(db)  # speeches and vocabulary, for apkg trends
        db.commit()
        previous.update((doc_id, records[doc_id]) for doc_id in stored.doc_ids)
        embedder.finish()
        summary.processed = len(stored.doc_ids)
        restated = sync_statements(db, None if "statements" in stale else stored.doc_ids)
        related = sync_relations(
            StoredRecords(db, stage), None if "relations" in stale else stored.doc_ids, progress=progress
        )
        db.commit()
        full = not reuse or moved or "graph" in stale  # a new graph version writes every graph
        if full:
            changed = [row[0] for row in db.execute("SELECT doc_id FROM documents")]
        else:
            changed = list(dict.fromkeys([*stored.doc_ids, *restated, *related]))
        summary.triples = sync_graph(  # while the embedder finishes
            stage, StoredRecords(db, stage), settings.graph, changed=changed, removed=plan.removed, full=full
        )
        for vectors in embedder.drain(progress=progress):
            insert_vectors(db, vectors)
        summary.vectors = sync_search(stage, db, settings.search).vectors
        db.commit()
        db.close()
        _count(stage, summary)
        write_manifest(
            stage,
            {
                "format_version": FORMAT_VERSION,
                "build_id": uuid.uuid4().hex,
                "pipeline": fingerprint,
                "ontology": ontology,
                "derived": DERIVED_VERSIONS,
                "built": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                "settings": settings.as_dict(),
                "graph_store": settings.graph.store,
                "corpus": [str(folder) for folder in folders],
                "sources": previous,
                "failures": summary.failures,
                "counts": {
                    "documents": summary.documents,
                    "pages": summary.pages,
                    "passages": summary.passages,
                    "mentions": summary.mentions_by_kind,
                    "actors": summary.actors,
                    "new_actors": summary.new_actors,
                    "quads": summary.triples,
                    "vectors": summary.vectors,
                },
                "search_model": settings.search.model,
            },
        )
    summary.seconds = time.perf_counter() - started
    return summary


def _count(kb: Path, summary: BuildSummary) -> None:
    db = connect(kb / DATABASE_FILE)

    def one(sql: str) -> int:
        return db.execute(sql).fetchone()[0] or 0

    summary.documents = one("SELECT COUNT(*) FROM documents")
    summary.pages = one("SELECT SUM(pages) FROM documents")
    summary.passages = one("SELECT COUNT(*) FROM passages")
    summary.mentions_by_kind = dict(
        db.execute("SELECT kind, COUNT(*) FROM mentions GROUP BY kind ORDER BY 2 DESC")
    )
    summary.actors = one("SELECT COUNT(DISTINCT target) FROM mentions WHERE kind IN ('actor', 'place')")
    summary.new_actors = one("SELECT COUNT(DISTINCT iri) FROM new_actors")
    db.close()
