"""A seeded random sample of the actors a build adds from text (named entities the ontology does
not list), to be judged by hand: actor or not.

Run: ``python benchmarks/new_actors.py --kb KB [--n 100] [--seed 19] [--places]``. Opens a built
knowledge base and prints a Markdown table: each sampled actor with its class, the first document
that names it, the kind of passage (prose, references, ...) and the words around its first mention
there, and an empty judgement column. The population is the distinct actors (by IRI) of an actor
class; places found in text (class Place) are a population of their own (``--places``).
``benchmarks/new-actors-sample.md`` is such a table, judged.
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

from apkg.kb import KnowledgeBase

CONTEXT_CHARS = 60  # words either side of the first mention shown to the judge


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kb", type=Path, required=True)
    parser.add_argument("--n", type=int, default=100)
    parser.add_argument("--seed", type=int, default=19)
    parser.add_argument("--places", action="store_true", help="sample the places found in text instead")
    args = parser.parse_args()

    kb = KnowledgeBase.open(args.kb)
    first_doc: dict[str, tuple[str, str, str]] = {}  # iri -> (doc, name, class)
    for document in kb.documents():
        doc_id = document.meta.doc_id
        for actor in kb.new_actors(doc_id):
            if (actor.type_name == "Place") == args.places:
                first_doc.setdefault(actor.iri, (doc_id, actor.name, actor.type_name))
    population = sorted(first_doc)
    sample = random.Random(args.seed).sample(population, min(args.n, len(population)))
    what = "places" if args.places else "actors"
    print(f"{len(population)} {what} found in text in {args.kb} ({len(kb.documents())} documents); "
          f"{len(sample)} drawn with seed {args.seed}.\n")  # fmt: skip
    print("| # | name | class | doc | passage | context | judgement |")
    print("|---|---|---|---|---|---|---|")
    for number, iri in enumerate(sample, start=1):
        doc_id, name, type_name = first_doc[iri]
        kind, context = _first_mention(kb, doc_id, iri)
        print(f"| {number} | {_cell(name)} | {type_name} | {doc_id} | {kind} | {_cell(context)} | |")


def _first_mention(kb: KnowledgeBase, doc_id: str, iri: str) -> tuple[str, str]:
    """The kind of passage of the first mention of ``iri`` in ``doc_id`` and the text around it."""
    mention = next(m for m in kb.mentions(doc_id) if m.target == iri)
    passage = next(p for p in kb.passages(doc_id) if p.char_start <= mention.char_start < p.char_end)
    text = kb.document_text(doc_id)
    before = text[max(0, mention.char_start - CONTEXT_CHARS) : mention.char_start]
    after = text[mention.char_end : mention.char_end + CONTEXT_CHARS]
    return passage.kind, f"…{before}**{text[mention.char_start : mention.char_end]}**{after}…"


def _cell(text: str) -> str:
    """One Markdown table cell: on one line, without control characters or bare bars."""
    printable = "".join(c if c.isprintable() else " " for c in text)
    return " ".join(printable.split()).replace("|", "\\|")


if __name__ == "__main__":
    main()
