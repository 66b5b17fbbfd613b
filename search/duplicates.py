"""Near-duplicate hits: passages that say the same thing in (nearly) the same words, as the same
paragraph reprinted in several documents or a formula many speeches repeat, are folded into the
first (best-ranked) of them, which lists the others.

Two passages are near-duplicates when the Jaccard overlap of their word trigrams (shingles, after
Broder 1997) reaches a threshold: their wording, not only their topic, is shared.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace

from apkg.search.hits import Hit
from apkg.search.lexical import tokens


def shingles(text: str, size: int = 3) -> frozenset[tuple[str, ...]]:
    """The word ``size``-grams of ``text``, lower-cased (the words themselves below ``size`` words)."""
    words = tokens(text)
    if len(words) < size:
        return frozenset((w,) for w in words)
    return frozenset(tuple(words[i : i + size]) for i in range(len(words) - size + 1))


def overlap(a: frozenset[tuple[str, ...]], b: frozenset[tuple[str, ...]]) -> float:
    """Jaccard overlap of two shingle sets (0 when both are empty)."""
    union = len(a | b)
    return len(a & b) / union if union else 0.0


def fold_near_duplicates(hits: Iterable[Hit], k: int, threshold: float) -> list[Hit]:
    """The first ``k`` hits that are not near-duplicates of a better one, each with the passage ids
    of the later hits folded into it in ``duplicates``. ``hits`` is read lazily, only as far as it
    takes to find ``k``."""
    kept: list[tuple[Hit, frozenset[tuple[str, ...]], list[str]]] = []
    stream: Iterator[Hit] = iter(hits)
    for hit in stream:
        own = shingles(hit.text)
        twin = next((entry for entry in kept if overlap(own, entry[1]) >= threshold), None)
        if twin is not None:
            twin[2].append(hit.passage_id)
        elif len(kept) < k:
            kept.append((hit, own, []))
        else:
            break
    return [replace(hit, duplicates=folded) if folded else hit for hit, _, folded in kept]
