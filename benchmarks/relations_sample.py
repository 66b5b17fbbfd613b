"""A judged sample of the relations a build stored: precision as a reader of the corpus sees it.

Reads the relations of a built knowledge base (``--kb``, opened read-only; the build's relation
stage, ``apkg.ingest.stored_relations``, derived them), draws ``--n`` of them at random (``--seed``)
and writes them for judging (``--out``, CSV): document, passage index, the sentence's character span
in the passage, agent, tool and target IRIs, mode, pattern, confidence, and ``judgement`` and
``reason`` columns. No corpus text is written; ``--show`` prints each sentence on the terminal for
the judge. ``--carry FILE`` fills in the judgements of an earlier judged file for the relations it
holds unchanged (same document, passage, agent, tool, target and mode).

With ``--judged FILE`` (the CSV with ``judgement`` = correct/wrong filled in), checks that it holds
the same draw and reports precision overall, per pattern and per mode. With ``--still FILE ...``
(judged files of earlier builds) it reports the precision of the judged relations the build still
stores, and how many judged correct or wrong it no longer stores: what new rules did to relations
a reader has already judged.

Run: ``python benchmarks/relations_sample.py --kb KB [--show] [--carry OLD.csv]`` then
``python benchmarks/relations_sample.py --kb KB --judged benchmarks/relations-judged.csv``, and
``python benchmarks/relations_sample.py --kb KB --still benchmarks/relations-judged*.csv``.
"""

from __future__ import annotations

import argparse
import csv
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from hashlib import sha256
from pathlib import Path

from apkg.kb import KnowledgeBase
from apkg.records import Relation

FIELDS = ("doc", "passage", "start", "end", "agent", "tool", "target", "mode", "pattern", "confidence")
JUDGED = (*FIELDS, "judgement", "reason")


@dataclass(frozen=True)
class Found:
    """A stored relation, the index of its passage and its sentence's span in the passage."""

    passage: int
    start: int
    end: int
    relation: Relation
    sentence: str

    def row(self) -> dict[str, str]:
        r = self.relation
        values = (r.doc_id, self.passage, self.start, self.end, r.agent, r.tool, r.target or "", r.mode,
                  r.pattern, f"{r.confidence:.3f}")  # fmt: skip
        return dict(zip(FIELDS, map(str, values), strict=True))


def read_relations(kb: KnowledgeBase) -> Iterator[Found]:
    """Every relation the build stored, in document order."""
    for relation in kb.records.relations():
        passage, _ = kb.records.passage(relation.passage_id)
        start, end = relation.char_start - passage.char_start, relation.char_end - passage.char_start
        yield Found(passage.index, start, end, relation, passage.text[start:end])


def draw(found: Sequence[Found], n: int, seed: int) -> list[Found]:
    """``n`` relations drawn at random with ``seed``, in reading order: those whose keys hash lowest
    (bottom-k sampling), so that a change of rules redraws only the relations it changed."""

    def rank(f: Found) -> str:
        return sha256(f"{seed}\x1f{chr(31).join(_key(f.row()))}".encode()).hexdigest()

    chosen = set(map(id, sorted(found, key=rank)[:n]))
    return [f for f in found if id(f) in chosen]


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
    parser.add_argument("--kb", type=Path, required=True, help="a built knowledge base")
    parser.add_argument("--n", type=int, default=100)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, default=Path("benchmarks/relations-sample.csv"))
    parser.add_argument("--judged", type=Path, help="the sample with its judgements: report precision")
    parser.add_argument("--show", action="store_true", help="print each sampled sentence (terminal only)")
    parser.add_argument(
        "--carry", type=Path, nargs="*", default=[], help="earlier judged files whose judgements still hold"
    )
    parser.add_argument(
        "--still", type=Path, nargs="*", default=[], help="judged files: which the build keeps"
    )
    args = parser.parse_args()
    found = list(read_relations(KnowledgeBase.open(args.kb)))
    if args.still:
        still(found, args.still)
        return
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
    carried = {
        key: {"judgement": r["judgement"], "reason": r["reason"]}
        for key, r in judged_rows(args.carry).items()
    }
    blank = {"judgement": "", "reason": ""}
    with args.out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=JUDGED)
        writer.writeheader()
        writer.writerows({**f.row(), **carried.get(_key(f.row()), blank)} for f in sample)
    print(f"written to {args.out}")
    if args.show:
        for number, f in enumerate(sample, start=1):
            r = f.relation
            print(f"\n[{number}] {r.doc_id}/p{f.passage} {r.pattern} {r.confidence:.3f}: {r.agent} {r.mode} "
                  f"{r.tool} -> {r.target}\n    {f.sentence}")  # fmt: skip


def judged_rows(files: Sequence[Path]) -> dict[tuple[str, ...], dict[str, str]]:
    """The judged rows of ``files`` by relation (a later file's verdict on the same relation wins)."""
    rows: dict[tuple[str, ...], dict[str, str]] = {}
    for path in files:
        with path.open(encoding="utf-8", newline="") as handle:
            rows |= {_key(r): r for r in csv.DictReader(handle) if r["judgement"]}
    return rows


def still(found: Sequence[Found], files: Sequence[Path]) -> None:
    """Report the precision of the relations judged in ``files`` that ``found`` still holds, and
    how many judged correct or wrong it no longer holds."""
    judged = judged_rows(files)
    kept = {_key(f.row()) for f in found} & set(judged)
    print(f"{len(judged)} judged relations in {len(files)} files; the build still stores {len(kept)}")
    report([judged[key] for key in sorted(kept)])
    gone = [judged[key]["judgement"].strip().lower() for key in set(judged) - kept]
    print(f"no longer stored: {gone.count('correct')} judged correct, {gone.count('wrong')} judged wrong")


def _key(row: dict[str, str]) -> tuple[str, ...]:
    """What makes two judged rows the same relation: document, passage, agent, tool, target, mode."""
    return tuple(row[name] for name in ("doc", "passage", "agent", "tool", "target", "mode"))


if __name__ == "__main__":
    main()
