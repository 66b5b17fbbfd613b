"""Score extraction against a gold file in the format of ``../shared/eval/`` (``dev-extraction.jsonl``)."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from apkg.corpus.folder import MANIFEST_NAME
from apkg.errors import SourceError
from apkg.ingest.discovery import unconfirmed
from apkg.ingest.extract import MentionExtractor
from apkg.ingest.metadata import read_manifest
from apkg.ingest.parser import load_parser
from apkg.ingest.relations import THRESHOLD, Relation, anchors, find_relations, parse, speaker_of
from apkg.ingest.resolve import RESOLVE_EXTRACTOR
from apkg.ontology import first_person_iri
from apkg.ontology.lexicon import CONCEPT_KINDS, ENTITY_KINDS
from apkg.records import Passage, SourceMeta


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    """Read a JSON-lines file, naming the line of any malformed record."""
    records = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise SourceError(path, f"cannot read: {exc.strerror or exc}") from None
    for number, line in enumerate(lines, start=1):
        if line.strip():
            try:
                records.append(json.loads(line))
            except ValueError as exc:
                raise SourceError(path, f"line {number}: invalid JSON ({exc})") from None
    return records


def gold_sources(
    gold: Path, records: Iterable[dict[str, Any]], corpora: Sequence[Path]
) -> dict[str, SourceMeta]:
    """The manifest rows of the documents the gold ``records`` come from, read from ``corpora``.

    Raises:
        SourceError: a corpus has no manifest, or a gold document is in none of them.
    """
    sources = {meta.doc_id: meta for folder in corpora for meta in read_manifest(folder)}
    missing = sorted({r["doc"] for r in records if "doc" in r} - set(sources))
    if missing:
        where = ", ".join(str(folder) for folder in corpora) or f"no corpus folder beside {gold.parent}"
        raise SourceError(
            gold, f"document {missing[0]} (and {len(missing) - 1} more) is in no manifest of {where}; "
            "pass --corpus FOLDER for each corpus the gold comes from"
        )  # fmt: skip
    return sources


def corpora_beside(gold: Path) -> list[Path]:
    """The corpus folders beside the gold file's folder (those with a manifest), as in ``../shared``."""
    return sorted(path for path in gold.resolve().parent.parent.iterdir() if (path / MANIFEST_NAME).is_file())


def extraction_results(
    gold: Iterable[dict[str, Any]],
    extractor: MentionExtractor,
    *,
    sources: Mapping[str, SourceMeta] | None = None,
    threshold: float = THRESHOLD,
) -> Iterator[dict[str, Any]]:
    """Yield one result line per gold passage: its concepts (all labels each), actor names and
    relations (names of agent, tool and target, mode, and the pattern and confidence behind each).
    ``sources`` holds the manifest rows of the gold documents (a speech's speaker is an actor);
    ``threshold`` is the confidence a relation needs."""
    parser = load_parser()
    records = list(gold)
    passages = (Passage(r.get("doc", "gold"), 0, r["text"], 0, len(r["text"])) for r in records)
    found = extractor.extract(passages, sources=sources)
    for record, (_, all_mentions, new_actors) in zip(records, found, strict=True):
        concepts: dict[str, list[str]] = {}
        actors: dict[str, str] = {}
        unconfirmed_actors = unconfirmed(record["text"], new_actors)  # the passage is its document
        mentions = [m for m in all_mentions if m.target not in unconfirmed_actors]
        for mention in mentions:
            if mention.kind in CONCEPT_KINDS:
                concepts.setdefault(mention.target, extractor.lexicon.labels_of[mention.target])
            elif mention.kind in ENTITY_KINDS:
                # The name as the text gives it, which is what annotators list first; the
                # preferred label where the text refers to the actor otherwise ("we", "Swiss").
                name = mention.surface.removeprefix("the ").removeprefix("The ")
                if mention.extractor == RESOLVE_EXTRACTOR:
                    name = extractor.lexicon.labels_of.get(mention.target, [name])[0]
                actors.setdefault(mention.target, name)
        located = anchors(mentions)
        meta = (sources or {}).get(record.get("doc", ""))  # a speech speaks for its state throughout
        relations = find_relations(
            parse(record["text"], parser),
            [a for a in located if a.kind in CONCEPT_KINDS],
            [a for a in located if a.kind in ENTITY_KINDS],
            speaker=speaker_of(mentions) or (first_person_iri(meta) if meta else None),  # as the build does
            threshold=threshold,
        )
        names = {m.target: [actors.get(m.target, m.surface), *extractor.lexicon.labels_of.get(m.target, [])]
                 for m in mentions if m.kind in ENTITY_KINDS}  # fmt: skip
        yield {
            "id": record["id"],
            "concepts": list(concepts.values()),
            "actors": list(actors.values()),
            "relations": [_relation_line(r, names, extractor.lexicon.labels_of) for r in relations],
        }


def _relation_line(
    relation: Relation, names: Mapping[str, list[str]], labels_of: Mapping[str, list[str]]
) -> dict[str, Any]:
    """A relation in the results format: the names of agent and target, the tool's labels; with the
    pattern, confidence and sentence span (character offsets in the passage) behind it."""

    def named(iri: str) -> list[str]:  # as the passage names it, else by the ontology's labels
        return list(dict.fromkeys(names.get(iri, labels_of.get(iri, []))))

    return {
        "agent": named(relation.agent),
        "tool": labels_of[relation.tool],
        "target": named(relation.target) if relation.target else [],
        "mode": relation.mode,
        "pattern": relation.pattern,
        "confidence": relation.confidence,
        "span": [relation.start, relation.end],
    }


def evaluate_extraction(
    gold: Path,
    out: Path,
    extractor: MentionExtractor,
    *,
    scorer: Path | None = None,
    corpora: Sequence[Path] | None = None,
) -> dict[str, float]:
    """Write extraction results for ``gold`` to ``out`` and score them with the shared scorer.

    Args:
        gold: gold passages, one JSON object a line.
        out: where to write the results.
        extractor: the extractor under test.
        scorer: ``score.py`` to use; by default the one beside ``gold``.
        corpora: the corpus folders whose manifests describe the gold documents; by default
            those beside the gold file's folder.

    Returns:
        The scorer's metrics (concept and actor precision, recall, F1).

    Raises:
        SourceError: a gold document is in no corpus manifest, or the scorer fails.
    """
    records = read_jsonl(gold)
    sources = gold_sources(gold, records, corpora_beside(gold) if corpora is None else corpora)
    with out.open("w", encoding="utf-8") as handle:
        for line in extraction_results(records, extractor, sources=sources):
            handle.write(json.dumps(line, ensure_ascii=False) + "\n")
    return run_scorer("extraction", gold, out, scorer=scorer)


def run_scorer(task: str, gold: Path, results: Path, *, scorer: Path | None = None) -> dict[str, float]:
    """Run the evaluation scorer (``score.py TASK GOLD RESULTS --json``) and return its metrics."""
    scorer = scorer or gold.parent / "score.py"
    if not scorer.exists():
        raise SourceError(scorer, "scorer not found; pass --scorer PATH")
    completed = subprocess.run(
        [sys.executable, str(scorer), task, str(gold), str(results), "--json"],
        capture_output=True,
        text=True,
        check=False,
    )
    if completed.returncode != 0:
        raise SourceError(scorer, f"scorer failed: {completed.stderr.strip() or completed.stdout.strip()}")
    return json.loads(completed.stdout)
