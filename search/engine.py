"""Hybrid search over a knowledge base: a dense ranking (FAISS) and two lexical rankings (tantivy
BM25 on the query's words with its concepts' names, and on consecutive query words near each
other among the passages the first two found) fused by their normalised scores, with facet
filters applied inside every search; then passages that are not running text ranked after prose,
and near-copies folded into one hit."""

from __future__ import annotations

import sqlite3
from concurrent.futures import ThreadPoolExecutor
from enum import StrEnum
from pathlib import Path

import numpy as np

from apkg.config import SearchSettings
from apkg.errors import ConfigError
from apkg.ingest.quality import RANKED_BELOW_PROSE
from apkg.layout import INDEX_FILE, LEXICAL_DIR
from apkg.ontology.taxonomy import Taxonomy, taxonomy
from apkg.search.dense import dense_search, read_index
from apkg.search.duplicates import fold_near_duplicates
from apkg.search.expand import Expansion, expand_query, query_matcher
from apkg.search.facets import Facets, allowed_rowids
from apkg.search.fusion import score_fusion
from apkg.search.hits import Hit, find_spans, share_of_words
from apkg.search.lexical import LexicalIndex, match_expression, proximity_expression, query_words
from apkg.search.query_encoder import load_query_encoder


class SearchMode(StrEnum):
    """How passages are ranked."""

    HYBRID = "hybrid"  # dense and lexical rankings fused
    DENSE = "dense"
    LEXICAL = "lexical"


MODES = tuple(mode.value for mode in SearchMode)
_LEGS = ThreadPoolExecutor(max_workers=4, thread_name_prefix="apkg-lexical")  # shared by all searchers


class Searcher:
    """Searches one knowledge base; heavy parts (model, index, matcher) load on first use."""

    def __init__(
        self, kb_path: Path, db: sqlite3.Connection, settings: SearchSettings, *, model: str
    ) -> None:
        self.kb_path, self.db, self.settings, self.model = kb_path, db, settings, model
        self._index = read_index(kb_path / INDEX_FILE, settings)
        self._lexical_index = LexicalIndex(kb_path / LEXICAL_DIR)

    def expand(self, query: str, ontology: Taxonomy | None = None) -> Expansion:
        """The concepts of ``query`` and the names of everything below them (in ``ontology``, by
        default the current one)."""
        from apkg.config import ExtractSettings

        ontology = ontology or taxonomy()
        return expand_query(query, query_matcher(ExtractSettings().spacy_model, ontology), ontology)

    def search(
        self,
        query: str,
        *,
        k: int = 10,
        mode: SearchMode | str = SearchMode.HYBRID,
        facets: Facets | None = None,
        expand: bool = True,
    ) -> list[Hit]:
        """The ``k`` best passages for ``query``; a near-copy of a better hit is folded into it
        (``Hit.duplicates``), and ``Hit.good_match`` says whether a hit is close to the query at all.

        Args:
            query: free text.
            k: number of hits.
            mode: ``hybrid`` (dense and lexical fused), ``dense`` or ``lexical``.
            facets: filters that every hit satisfies.
            expand: also match, lexically, the synonyms and narrower concepts of the query's concepts.

        Raises:
            ConfigError: unknown mode.
            UnknownFacet: a facet names nothing the ontology knows.
        """
        if mode not in MODES:
            raise ConfigError("mode", f"unknown search mode {mode!r}; choose one of {', '.join(MODES)}")
        mode = SearchMode(mode)
        ontology = taxonomy()  # once per query: taxonomy() hashes the ontology's files
        labels = ontology.lexicon.labels_of
        allowed = allowed_rowids(self.db, facets or Facets(), ontology)
        expansion = self.expand(query, ontology) if expand else Expansion([], [], [])
        words = query_words(query)
        depth = max(50, 5 * k)
        dense: list[tuple[int, float]] = []
        lexical: list[tuple[int, float]] = []
        proximity: list[tuple[int, float]] = []
        # the word ranking runs on another thread while this one embeds the query and searches the
        # dense index (tantivy, ONNX Runtime and FAISS release the GIL); then the proximity ranking
        # re-ranks the passages those two found. Near query words are a sign of relevance among the
        # candidates, as in the sequential dependence model's re-ranking; over the whole index they
        # cost the most of any leg, since a phrase query must read positions for every passage
        # that holds both words, and a passage only they would find is one neither the words nor
        # the meaning put near the top.
        words_leg = (
            _LEGS.submit(self._lexical, match_expression(words, expansion.related), depth, allowed)
            if mode in ("hybrid", "lexical")
            else None
        )
        if mode in ("hybrid", "dense") and self._index is not None:
            vector = load_query_encoder(self.model)([query])[0]
            dense = dense_search(self._index, vector, depth, allowed=allowed)
        if words_leg is not None:
            lexical = words_leg.result()
            candidates = np.fromiter({rowid for rowid, _ in [*lexical, *dense]}, dtype=np.int64)
            near = proximity_expression(words, self.settings.proximity_window)
            proximity = self._lexical(near, depth, candidates) if len(candidates) else []
        fused, down = self._prose_first(score_fusion(self._weighted(mode, dense, lexical, proximity)), words)
        ranks = Ranks(dense, lexical, proximity)
        hits = (
            self._hit(rowid, score, words, expansion, labels, ranks, rowid in down) for rowid, score in fused
        )
        return fold_near_duplicates(hits, k, self.settings.duplicate_overlap)

    def _weighted(
        self,
        mode: SearchMode,
        dense: list[tuple[int, float]],
        lexical: list[tuple[int, float]],
        proximity: list[tuple[int, float]],
    ) -> list[tuple[list[tuple[int, float]], float]]:
        """The rankings to fuse with their weights: the dense one ``search.dense_weight`` in hybrid
        mode (all of it alone), the lexical rest shared equally by the lexical rankings found."""
        lexical_rankings = [ranking for ranking in (lexical, proximity) if ranking]
        dense_share = {SearchMode.HYBRID: self.settings.dense_weight, SearchMode.DENSE: 1.0}.get(mode, 0.0)
        if not dense:
            dense_share = 0.0
        elif not lexical_rankings:
            dense_share = 1.0
        lexical_share = (1 - dense_share) / len(lexical_rankings) if lexical_rankings else 0.0
        return [(dense, dense_share)] + [(ranking, lexical_share) for ranking in lexical_rankings]

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

    def _lexical(self, expression: str, depth: int, allowed: np.ndarray | None) -> list[tuple[int, float]]:
        return self._lexical_index.search(expression, depth, allowed=allowed)

    def _hit(
        self,
        rowid: int,
        score: float,
        words: list[str],
        expansion: Expansion,
        labels: dict[str, list[str]],
        ranks: Ranks,
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
        text = row[2]
        spans = find_spans(text, words, expansion.phrases)
        holds_words = share_of_words(text, words)
        similarity = ranks.similarities.get(rowid)
        good = holds_words == 1.0 or (
            similarity is not None and similarity >= self.settings.good_match_similarity
        )
        lexical_rank = ranks.lexical.get(rowid)
        # spans without any query word are the names of the query's concepts
        through_concepts = lexical_rank is not None and holds_words == 0 and bool(spans)
        return Hit(
            passage_id=row[0], doc_id=row[1], text=text, score=score, page=row[3], title=row[4] or row[1],
            institution=row[5] or "", date=row[6] or "", source=row[7] or "", doc_type=row[8] or "",
            highlights=spans, concepts=[labels[t][0] for t in named if t in labels],
            dense_rank=ranks.dense.get(rowid), lexical_rank=lexical_rank,
            proximity_rank=ranks.proximity.get(rowid),
            expanded=through_concepts,
            kind=row[9], ranked_down=ranked_down, similarity=similarity, good_match=good,
        )  # fmt: skip


class Ranks:
    """Where each passage stood in the rankings a search fused."""

    def __init__(
        self,
        dense: list[tuple[int, float]],
        lexical: list[tuple[int, float]],
        proximity: list[tuple[int, float]],
    ) -> None:
        self.similarities = dict(dense)  # the dense ranking's cosine by rowid
        self.dense, self.lexical, self.proximity = (
            {rowid: rank for rank, (rowid, _) in enumerate(ranking, start=1)}
            for ranking in (dense, lexical, proximity)
        )
