"""The large collection at growing sizes: build time against the floor of bare embedding, peak
memory (RSS), knowledge-base size, a no-change re-build, and search latency on each build.

After each build, a fresh process embeds the same passage texts the build embedded (title and
text, as ``apkg.search.encoder.passage_input`` makes them) with one bare
``SentenceTransformer.encode`` call at the build's batch size on every core: the time a build
cannot go below while it embeds every passage on this machine. The ratio of the two is the cost
of everything else the build does (reading, extraction, relations, graph, indexes) that does not
hide behind the embedding.

Run: ``python benchmarks/scale.py [--corpus ../shared/corpus-large] [--fractions 0.25 0.5 1]
[--work DIR]``. Each fraction is a seeded sample of the manifest's rows (the smaller samples are
part of the larger ones), built from empty in a fresh process so that its peak RSS is its own;
the embedding worker and spaCy's worker processes count too. Prints a Markdown table, then the
search latency table of ``benchmarks/search.py`` for each build.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import resource
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def sample_corpus(corpus: Path, fraction: float, target: Path) -> int:
    """Write a corpus folder at ``target`` listing a seeded ``fraction`` of ``corpus``'s manifest
    rows, with copies of their files (a build refuses links that lead outside its corpus folder);
    returns the number of rows."""
    with (corpus / "MANIFEST.csv").open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        fields, rows = reader.fieldnames or [], list(reader)
    order = list(range(len(rows)))
    random.Random(0).shuffle(order)
    keep = sorted(order[: round(fraction * len(rows))])
    shutil.rmtree(target, ignore_errors=True)
    for i in keep:
        (target / rows[i]["file"]).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(corpus / rows[i]["file"], target / rows[i]["file"])
    with (target / "MANIFEST.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows[i] for i in keep)
    return len(keep)


def child_build(corpus: Path, kb: Path) -> None:
    """Build ``kb`` from ``corpus`` in this process and print timings and peak RSS as JSON."""
    from apkg.build import build
    from apkg.config import load_settings
    from apkg.search.embedder import stop_worker

    settings = load_settings(environ={})
    first = build(corpus, kb, settings, progress=True)
    again = build(corpus, kb, settings, progress=False)
    stop_worker()  # a finished child counts in RUSAGE_CHILDREN
    own, workers = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    print(json.dumps({
        "seconds": first.seconds, "again": again.seconds, "documents": first.documents,
        "passages": first.passages, "failures": len(first.failures), "quads": first.triples,
        "rss_mb": own.ru_maxrss / 1024, "worker_rss_mb": workers.ru_maxrss / 1024,
    }))  # fmt: skip


def child_encode(kb: Path) -> None:
    """Embed ``kb``'s passages as its build did, in one bare ``encode`` call; print the seconds as
    JSON (model loading left out)."""
    import sqlite3
    import time

    from apkg.config import load_settings
    from apkg.layout import DATABASE_FILE
    from apkg.search.encoder import load_encoder, model_location, passage_input

    settings = load_settings(environ={}).search
    with sqlite3.connect(kb / DATABASE_FILE) as db:
        rows = db.execute("SELECT d.title, p.text FROM passages p JOIN documents d USING (doc_id)").fetchall()
    texts = [passage_input(title or "", text) for title, text in rows]
    model = load_encoder(settings.model)
    start = time.perf_counter()
    model.encode(texts, batch_size=settings.batch_size)
    print(json.dumps({"encode": time.perf_counter() - start, "model": model_location(settings.model)}))


def _size_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 2**20


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=Path("../shared/corpus-large"))
    parser.add_argument("--fractions", type=float, nargs="+", default=[0.25, 0.5, 1.0])
    parser.add_argument("--work", type=Path, default=Path("/tmp/apkg-scale"))
    parser.add_argument("--child", nargs=2, type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--encode", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child_build(*args.child)
        return
    if args.encode:
        child_encode(args.encode)
        return
    if not (args.corpus / "MANIFEST.csv").exists():
        raise SystemExit(f"no corpus at {args.corpus}: pass --corpus DIR")
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    rows, builds = [], []
    for fraction in sorted(args.fractions):
        corpus, kb = args.work / f"corpus-{fraction:g}", args.work / f"kb-{fraction:g}"
        count = sample_corpus(args.corpus, fraction, corpus)
        subprocess.run(["rm", "-rf", str(kb)], check=True)
        output = subprocess.run(
            [sys.executable, __file__, "--child", str(corpus), str(kb)],
            env=env, check=True, stdout=subprocess.PIPE, text=True,
        ).stdout  # fmt: skip
        result = json.loads(output.strip().splitlines()[-1])
        encoded = subprocess.run(
            [sys.executable, __file__, "--encode", str(kb)],
            env=env,
            check=True,
            stdout=subprocess.PIPE,
            text=True,
        ).stdout
        result.update(json.loads(encoded.strip().splitlines()[-1]))
        result.update(fraction=fraction, sources=count, kb_mb=_size_mb(kb))
        rows.append(result)
        builds.append(kb)
        print(json.dumps(result), file=sys.stderr, flush=True)
    print(f"corpus: {args.corpus}; cores: {os.cpu_count()}\n")
    print("| share | sources | passages | build s | bare encode s | build / encode | passages/s "
          "| no-change re-build s | peak RSS MB (main + largest worker) | knowledge base MB |")  # fmt: skip
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        rss = r["rss_mb"] + r["worker_rss_mb"]
        print(f"| {r['fraction']:.0%} | {r['sources']:,} | {r['passages']:,} | {r['seconds']:.0f} "
              f"| {r['encode']:.0f} | {r['seconds'] / r['encode']:.2f}x "
              f"| {r['passages'] / r['seconds']:.1f} | {r['again']:.1f} | {rss:,.0f} "
              f"({r['rss_mb']:,.0f} + {r['worker_rss_mb']:,.0f}) | {r['kb_mb']:,.0f} |")  # fmt: skip
    for kb in builds:
        print(f"\nSearch latency on {kb.name}:")
        sys.stdout.flush()
        command = [sys.executable, str(HERE / "search.py"), "--kb", str(kb), "--synthetic", "0"]
        subprocess.run(command, env=env, check=True)


if __name__ == "__main__":
    main()
