"""A judged sample of the relations that the relation reader finds in a built knowledge base.

Runs ``apkg.ingest.relations`` over every passage of the knowledge base (``--kb``, opened
read-only) as ``apkg eval extraction`` does: anchors from the stored mentions, the speaker from the
first person or, in a speech, its setting, ``find_relations`` at its default threshold. Draws
``--n`` relations at random (``--seed``) and writes them for judging (``--out``, CSV): document,
passage, the sentence's character span in the passage, agent, tool and target IRIs, mode, pattern,
confidence, and empty ``judgement`` and ``reason`` columns. No corpus text is written; ``--show``
prints each sentence on the terminal for the judge.

With ``--judged FILE`` (the CSV with ``judgement`` = correct/wrong filled in), checks that it holds
the same draw and reports precision overall, per pattern and per mode.

Run: ``python benchmarks/relations_sample.py --kb /work/kbs/corpus-v11 [--show]`` then
``python benchmarks/relations_sample.py --kb /work/kbs/corpus-v11 --judged benchmarks/relations-judged.csv``.
"""

from __future__ import annotations

import argparse
import csv
import random
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from apkg.config import ExtractSettings
from apkg.ingest import make_extractor
from apkg.ingest.relations import Relation, anchors, find_relations, parse, speaker_of
from apkg.kb import KnowledgeBase
from apkg.ontology.lexicon import CONCEPT_KINDS, ENTITY_KINDS

FIELDS = ("doc", "passage", "start", "end", "agent", "tool", "target", "mode", "pattern", "confidence")
JUDGED = (*FIELDS, "judgement", "reason")


@dataclass(frozen=True)
class Found:
    """A relation and the passage it was read in."""

    doc: str
    passage: int
    relation: Relation
    sentence: str

    def row(self) -> dict[str, str]:
        r = self.relation
        values = (self.doc, self.passage, r.start, r.end, r.agent, r.tool, r.target or "", r.mode,
                  r.pattern, f"{r.confidence:.3f}")  # fmt: skip
        return dict(zip(FIELDS, map(str, values), strict=True))


def read_relations(kb: KnowledgeBase) -> Iterator[Found]:
    """Every relation of the knowledge base's passages, document by document."""
    resolver = make_extractor(ExtractSettings()).resolver
    for document in kb.documents():
        doc_id = document.meta.doc_id
        by_passage = defaultdict(list)
        for mention in kb.mentions(doc_id):
            by_passage[mention.passage_id].append(mention)
        setting = resolver.setting(document.meta).speaker
        for passage in kb.passages(doc_id):
            mentions = by_passage.get(passage.passage_id, [])
            located = anchors(mentions, passage.char_start)
            concepts = [a for a in located if a.kind in CONCEPT_KINDS]
            if not concepts:
                continue
            relations = find_relations(
                parse(passage.text),
                concepts,
                [a for a in located if a.kind in ENTITY_KINDS],
                speaker=speaker_of(mentions) or setting,
            )
            for relation in relations:
                sentence = passage.text[relation.start : relation.end]
                yield Found(doc_id, passage.index, relation, sentence)


def draw(found: Sequence[Found], n: int, seed: int) -> list[Found]:
    """``n`` relations drawn at random with ``seed``, in reading order."""
    chosen = random.Random(seed).sample(range(len(found)), min(n, len(found)))
    return [found[i] for i in sorted(chosen)]


def precision(rows: Sequence[dict[str, str]], key: str | None = None) -> list[tuple[str, int, int]]:
    """(group, correct, judged) overall or per value of column ``key``."""
    groups: dict[str, list[bool]] = defaultdict(list)
    for row in rows:
        groups["all" if key is None else row[key]].append(row["judgement"].strip().lower() == "correct")
    return [(name, sum(marks), len(marks)) for name, marks in sorted(groups.items())]


def report(rows: Sequence[dict[str, str]]) -> None:
    print("| group | correct | judged | precision |")
    print("|---|---|---|---|")
    for key in (None, "pattern", "mode"):
        for name, correct, judged in precision(rows, key):
            label = name if key is None else f"{key} {name}"
            print(f"| {label} | {correct} | {judged} | {correct / judged:.2f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kb", type=Path, default=Path("/work/kbs/corpus-v11"))
    parser.add_argument("--n", type=int, default=100)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, default=Path("benchmarks/relations-sample.csv"))
    parser.add_argument("--judged", type=Path, help="the sample with its judgements: report precision")
    parser.add_argument("--show", action="store_true", help="print each sampled sentence (terminal only)")
    args = parser.parse_args()
    found = list(read_relations(KnowledgeBase.open(args.kb)))
    sample = draw(found, args.n, args.seed)
    print(f"{len(found)} relations in {args.kb}; {len(sample)} drawn with seed {args.seed}")
    if args.judged is not None:
        with args.judged.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
        drawn = [f.row() for f in sample]
        if [{k: r[k] for k in FIELDS} for r in rows] != drawn:
            raise SystemExit(f"{args.judged} is not this draw: the rules changed, judge the new sample")
        report(rows)
        return
    with args.out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=JUDGED)
        writer.writeheader()
        writer.writerows({**f.row(), "judgement": "", "reason": ""} for f in sample)
    print(f"written to {args.out}")
    if args.show:
        for number, f in enumerate(sample, start=1):
            r = f.relation
            print(f"\n[{number}] {f.doc}/p{f.passage} {r.pattern} {r.confidence:.3f}: {r.agent} {r.mode} "
                  f"{r.tool} -> {r.target}\n    {f.sentence}")  # fmt: skip


if __name__ == "__main__":
    main()
