"""Lexical retrieval: BM25 over the passages with SQLite FTS5 (``passages_fts`` in the knowledge
base's database), so the index is persisted and updated with the passages it mirrors, and facet
filters are plain SQL.

Each passage is indexed with its document's context (title, institution, year, type) in a second
column. Besides the bag of words, a proximity expression ranks passages where consecutive query
words occur near each other (the ordered-pairs part of Metzler and Croft's sequential dependence
model, with FTS5 ``NEAR`` as the unordered window)."""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterable
from itertools import pairwise

from spacy.lang.en.stop_words import STOP_WORDS

_WORD = re.compile(r"\w+", re.UNICODE)


def tokens(text: str) -> list[str]:
    """The words of ``text``, lower-cased, in order."""
    return [word.lower() for word in _WORD.findall(text)]


def query_words(text: str) -> list[str]:
    """The content words of a query, lower-cased, stop words dropped, in order, once each."""
    return list(dict.fromkeys(w for w in tokens(text) if w not in STOP_WORDS and len(w) > 1))


def match_expression(words: Iterable[str], phrases: Iterable[str] = ()) -> str:
    """An FTS5 MATCH expression: any of the words, or any of the phrases (each quoted)."""
    terms = [f'"{w}"' for w in words]
    for phrase in phrases:
        if words_of_phrase := tokens(phrase):
            terms.append('"' + " ".join(words_of_phrase) + '"')
    return " OR ".join(dict.fromkeys(terms))


def proximity_expression(words: list[str], window: int) -> str:
    """An FTS5 MATCH expression: any two consecutive ``words`` within ``window`` tokens of each
    other (empty for fewer than two words)."""
    return " OR ".join(f'NEAR("{a}" "{b}", {int(window)})' for a, b in pairwise(words))


def lexical_search(
    db: sqlite3.Connection,
    expression: str,
    k: int,
    *,
    allowed: Iterable[int] | None = None,
    context_weight: float = 1.0,
) -> list[tuple[int, float]]:
    """The ``k`` best passage rowids for ``expression`` by BM25 over the passage text and its
    document's context (weighted ``context_weight``), with their scores (higher is better), among
    ``allowed`` rowids only when given."""
    if not expression:
        return []
    weights = f"1.0, {float(context_weight)}"
    sql = (
        f"SELECT rowid, -bm25(passages_fts, {weights}) AS score FROM passages_fts WHERE passages_fts MATCH ?"
    )
    args: list[object] = [expression]
    if allowed is not None:
        sql += " AND rowid IN (SELECT value FROM json_each(?))"
        args.append(json.dumps([int(i) for i in allowed]))
    sql += f" ORDER BY bm25(passages_fts, {weights}) LIMIT ?"
    args.append(k)
    return [(row[0], row[1]) for row in db.execute(sql, args)]
