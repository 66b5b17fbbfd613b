"""Hybrid search over a knowledge base: dense (FAISS) and lexical (FTS5 BM25 on the words and on
their proximity) rankings fused by reciprocal rank, with concept expansion and facet filters
applied inside every search."""

from __future__ import annotations

import sqlite3
from enum import StrEnum
from pathlib import Path

import numpy as np

from apkg.config import SearchSettings
from apkg.errors import ConfigError
from apkg.ingest.quality import RANKED_BELOW_PROSE
from apkg.layout import INDEX_FILE
from apkg.ontology.taxonomy import taxonomy
from apkg.search.dense import dense_search, read_index
from apkg.search.encoder import encode, load_encoder
from apkg.search.expand import Expansion, expand_query
from apkg.search.facets import Facets, allowed_rowids
from apkg.search.fusion import reciprocal_rank_fusion
from apkg.search.hits import Hit, find_spans, share_of_words
from apkg.search.lexical import lexical_search, match_expression, proximity_expression, query_words


class SearchMode(StrEnum):
    """How passages are ranked."""

    HYBRID = "hybrid"  # dense and lexical rankings fused
    DENSE = "dense"
    LEXICAL = "lexical"


MODES = tuple(mode.value for mode in SearchMode)


class Searcher:
    """Searches one knowledge base; heavy parts (model, index, matcher) load on first use."""

    def __init__(
        self, kb_path: Path, db: sqlite3.Connection, settings: SearchSettings, *, model: str
    ) -> None:
        self.kb_path, self.db, self.settings, self.model = kb_path, db, settings, model
        self._index = read_index(kb_path / INDEX_FILE, settings)

    def expand(self, query: str) -> Expansion:
        """The concepts of ``query`` and the names of everything below them."""
        from apkg.config import ExtractSettings
        from apkg.ingest.stream import make_extractor

        return expand_query(query, make_extractor(ExtractSettings()), taxonomy())

    def search(
        self,
        query: str,
        *,
        k: int = 10,
        mode: SearchMode | str = SearchMode.HYBRID,
        facets: Facets | None = None,
        expand: bool = True,
    ) -> list[Hit]:
        """The ``k`` best passages for ``query``.

        Args:
            query: free text.
            k: number of hits.
            mode: ``hybrid`` (dense and lexical fused), ``dense`` or ``lexical``.
            facets: filters that every hit satisfies.
            expand: also rank passages by the synonyms and narrower concepts of the query's concepts
                (one more ranking, fused with weight ``search.expansion_weight``).

        Raises:
            ConfigError: unknown mode.
            UnknownFacet: a facet names nothing the ontology knows.
        """
        if mode not in MODES:
            raise ConfigError("mode", f"unknown search mode {mode!r}; choose one of {', '.join(MODES)}")
        mode = SearchMode(mode)
        labels = taxonomy().lexicon.labels_of  # read once: taxonomy() hashes the ontology's files
        allowed = allowed_rowids(self.db, facets or Facets(), taxonomy())
        expansion = self.expand(query) if expand else Expansion([], [], [])
        words = query_words(query)
        depth = max(50, 5 * k)
        dense: list[int] = []
        lexical: list[int] = []
        proximity: list[int] = []
        expanded: list[int] = []
        if mode in ("hybrid", "dense") and self._index is not None:
            vector = encode(load_encoder(self.model), [query])[0]
            dense = [rowid for rowid, _ in dense_search(self._index, vector, depth, allowed=allowed)]
        if mode in ("hybrid", "lexical"):
            lexical = self._lexical(match_expression(words), depth, allowed)
            proximity = self._lexical(
                proximity_expression(words, self.settings.proximity_window), depth, allowed
            )
            if expansion.phrases:
                expanded = self._lexical(match_expression([], expansion.phrases), depth, allowed)
        rankings = [
            (dense, 1.0),
            (lexical, 1.0),
            (proximity, 1.0),
            (expanded, self.settings.expansion_weight),
        ]
        fused = reciprocal_rank_fusion(
            [r for r, _ in rankings if r], k=self.settings.rrf_k, weights=[w for r, w in rankings if r]
        )
        fused, down = self._prose_first(fused, words)
        fused = fused[:k]
        rankings_of_hits = (dense, lexical, proximity, expanded)
        return [
            self._hit(rowid, score, words, expansion, labels, *rankings_of_hits, rowid in down)
            for rowid, score in fused
        ]

    def _prose_first(
        self, fused: list[tuple[int, float]], words: list[str]
    ) -> tuple[list[tuple[int, float]], set[int]]:
        """``fused`` with the passages that are not running text (tables, lists of names, reference
        lists, fragments) and hold fewer than half of the query's words after the others, each group
        in fused order; and the rowids so ranked down. Such a passage answers only a query that asks
        for what it holds; found through its document's title or its embedding alone, it is noise.
        Nothing is dropped."""
        if not fused:
            return fused, set()
        kinds = sorted(RANKED_BELOW_PROSE)
        rows = self.db.execute(
            f"SELECT rowid, text FROM passages WHERE rowid IN ({','.join('?' * len(fused))}) "
            f"AND kind IN ({','.join('?' * len(kinds))})",
            [*(rowid for rowid, _ in fused), *kinds],
        )
        down = {rowid for rowid, text in rows if share_of_words(text, words) < 0.5}
        return sorted(fused, key=lambda item: item[0] in down), down

    def _lexical(self, expression: str, depth: int, allowed: np.ndarray | None) -> list[int]:
        return [
            rowid for rowid, _ in lexical_search(
                self.db, expression, depth, allowed=allowed, context_weight=self.settings.context_weight
            )
        ]  # fmt: skip

    def _hit(
        self,
        rowid: int,
        score: float,
        words: list[str],
        expansion: Expansion,
        labels: dict[str, list[str]],
        dense: list[int],
        lexical: list[int],
        proximity: list[int],
        expanded: list[int],
        ranked_down: bool,
    ) -> Hit:
        row = self.db.execute(
            "SELECT p.passage_id, p.doc_id, p.text, p.page, d.title, d.institution, d.date, d.source, "
            "d.doc_type, p.kind FROM passages p JOIN documents d USING (doc_id) WHERE p.rowid = ?",
            (rowid,),
        ).fetchone()
        named = [
            target for (target,) in self.db.execute(
                "SELECT DISTINCT target FROM mentions WHERE passage_id = ?", (row[0],)
            ) if target in expansion.related
        ]  # fmt: skip
        spans = find_spans(row[2], words, expansion.phrases)
        in_lexical = rowid in lexical
        return Hit(
            passage_id=row[0], doc_id=row[1], text=row[2], score=score, page=row[3], title=row[4] or row[1],
            institution=row[5] or "", date=row[6] or "", source=row[7] or "", doc_type=row[8] or "",
            highlights=spans, concepts=[labels[t][0] for t in named if t in labels],
            dense_rank=dense.index(rowid) + 1 if rowid in dense else None,
            lexical_rank=lexical.index(rowid) + 1 if in_lexical else None,
            proximity_rank=proximity.index(rowid) + 1 if rowid in proximity else None,
            expanded=rowid in expanded and not in_lexical, kind=row[9], ranked_down=ranked_down,
        )  # fmt: skip
