"""Lexical retrieval: BM25 over the passages with tantivy, an inverted index whose top-k search
skips the documents that cannot reach the top (block-max WAND), so a query of thirty words and
phrases over a million passages answers in milliseconds where SQLite FTS5 scored every match.

The index (``kb/lexical/``) holds each passage by rowid, its text followed by its document's
context (title, institution, year, type) in one field, as FTS5 scored a row with columns of equal
weight, and then one term for each concept the extractor found in the passage (``concept_term``):
a query's concepts and those below them are searched as these terms, one each, rather than as
phrases of their labels, which at a million passages cost most of a query. The build writes it
anew from the passages table whenever it writes the dense index, so it never holds text or
concepts the passages no longer have.
Besides the bag of words, a proximity expression ranks passages where consecutive query words occur
near each other (the ordered-pairs part of Metzler and Croft's sequential dependence model, as
phrases with slop); the search engine asks it among candidates only (``allowed``)."""

from __future__ import annotations

import re
import shutil
import tempfile
from collections.abc import Iterable
from itertools import pairwise
from pathlib import Path
from typing import cast

import tantivy
from spacy.lang.en.stop_words import STOP_WORDS

from apkg.errors import KnowledgeBaseError

LEXICAL_VERSION = "2"  # bump when what the lexical index holds or how it analyses text changes
_WORD = re.compile(r"\w+", re.UNICODE)
_ANALYZER = "apkg_english"  # registered on every index opened: tantivy does not store analyzers
_BODY = "body"  # the passage text, then its document's context
_WRITER_HEAP = 200_000_000  # bytes the writer buffers before it flushes a segment
_CONCEPT = "apkgconcept"  # before a concept's name in its term: one word, and none that text holds


def tokens(text: str) -> list[str]:
    """The words of ``text``, lower-cased, in order."""
    return [word.lower() for word in _WORD.findall(text)]


def query_words(text: str) -> list[str]:
    """The content words of a query, lower-cased, stop words dropped, in order, once each."""
    return list(dict.fromkeys(w for w in tokens(text) if w not in STOP_WORDS and len(w) > 1))


def concept_term(iri: str) -> str:
    """The word a concept is indexed and searched by: its name in the ontology after a prefix
    ("apkgconceptsanctions"), one word for the analyzer, which text does not hold."""
    return _CONCEPT + iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1].lower()


def match_expression(words: Iterable[str], concepts: Iterable[str] = ()) -> str:
    """A query in tantivy's syntax: any of the words, or any of the concepts (by their IRIs), each
    one term of the query."""
    terms = [f'"{w}"' for w in words] + [f'"{concept_term(c)}"' for c in concepts]
    return " OR ".join(dict.fromkeys(terms))


def proximity_expression(words: list[str], window: int) -> str:
    """A query in tantivy's syntax: any two consecutive ``words`` within ``window`` words of each
    other, in their order (empty for fewer than two words)."""
    return " OR ".join(f'"{a} {b}"~{int(window)}' for a, b in pairwise(words))


def _analyzer() -> tantivy.TextAnalyzer:
    """Words split on non-alphanumerics, lower-cased, accents folded, Snowball English stems."""
    return (
        tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
        .filter(tantivy.Filter.remove_long(40))
        .filter(tantivy.Filter.lowercase())
        .filter(tantivy.Filter.ascii_fold())
        .filter(tantivy.Filter.stemmer("english"))
        .build()
    )


def _schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_integer_field("rowid", stored=True, indexed=True, fast=True)
    builder.add_text_field(_BODY, stored=True, tokenizer_name=_ANALYZER)
    return builder.build()


def write_lexical_index(path: Path, rows: Iterable[tuple[int, str, str, Iterable[str]]]) -> int:
    """Write the lexical index at ``path`` anew from ``(rowid, passage text, document context,
    concept IRIs)`` rows; returns how many it holds."""
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    index = tantivy.Index(_schema(), path=str(path))
    index.register_tokenizer(_ANALYZER, _analyzer())
    # one thread adds the rows in order, so that passages tied in score rank alike in every build
    writer = index.writer(heap_size=_WRITER_HEAP, num_threads=1)
    count = 0
    for rowid, text, context, concepts in rows:
        terms = " ".join(sorted(concept_term(c) for c in concepts))
        writer.add_document(tantivy.Document(rowid=rowid, body=f"{text}\n{context}\n{terms}"))
        count += 1
    writer.commit()
    writer.wait_merging_threads()
    return count


class LexicalIndex:
    """The lexical index of a knowledge base, opened for searching."""

    def __init__(self, path: Path) -> None:
        if not (path / "meta.json").exists():
            raise KnowledgeBaseError(
                path.parent,
                "has no lexical index (an earlier apkg built it)",
                f"update it: apkg build --kb {path.parent}",
            )
        try:
            self._index = tantivy.Index.open(str(path))
        except ValueError as exc:
            if "Read-only file system" not in str(exc):
                raise
            # tantivy locks the index's metadata while it opens it, which a read-only disk refuses:
            # read a private copy instead (kept while this index is open)
            self._copy = tempfile.TemporaryDirectory(prefix="apkg-lexical-")
            shutil.copytree(path, Path(self._copy.name) / path.name)
            self._index = tantivy.Index.open(str(Path(self._copy.name) / path.name))
        self._index.register_tokenizer(_ANALYZER, _analyzer())
        self._searcher = self._index.searcher()

    def __len__(self) -> int:
        return self._searcher.num_docs

    def search(
        self,
        expression: str,
        k: int,
        *,
        allowed: Iterable[int] | None = None,
    ) -> list[tuple[int, float]]:
        """The ``k`` best passage rowids for ``expression`` by BM25 over the passage text and its
        document's context, with their scores (higher is better), among ``allowed`` rowids only
        when given."""
        if not expression:
            return []
        query = self._index.parse_query(expression, [_BODY])
        if allowed is not None:
            only = tantivy.Query.term_set_query(self._index.schema, "rowid", [int(i) for i in allowed])
            query = tantivy.Query.boolean_query(
                [
                    (tantivy.Occur.Must, query),
                    (tantivy.Occur.Must, tantivy.Query.const_score_query(only, 0.0)),
                ]
            )
        hits = self._searcher.search(query, k, count=False).hits
        # the rowids from their column, not from each stored document (decompressing a block each);
        # every segment has the column, so none is None
        rowids = cast(list[int], self._searcher.fast_field_values("rowid", [address for _, address in hits]))
        return [(rowid, score) for rowid, (score, _) in zip(rowids, hits, strict=True)]

    def rows(self) -> list[tuple[int, str]]:
        """Every ``(rowid, indexed text)`` the index holds, by rowid."""
        found = self._searcher.search(tantivy.Query.all_query(), max(1, len(self)), count=False)
        documents = (self._searcher.doc(address) for _, address in found.hits)
        return sorted((d["rowid"][0], d[_BODY][0]) for d in documents)
