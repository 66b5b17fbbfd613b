"""A search result a researcher can cite: the passage, where it comes from, and why it matched."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from apkg.ingest.quality import PassageKind

_WORDS_SHOWN = 6  # of the words a passage matched, named in its reasons
WEAK_MATCH = (
    "No passage matches this query well: none is close in meaning or holds all its words. "
    "The closest follow; try other words."
)


@dataclass(frozen=True)
class Hit:
    """One passage found by a search, with its citation and the reasons it ranked."""

    passage_id: str
    doc_id: str
    text: str
    score: float
    title: str
    institution: str
    date: str
    page: int | None
    source: str
    doc_type: str
    highlights: list[tuple[int, int]] = field(default_factory=list)  # spans of text to mark
    concepts: list[str] = field(default_factory=list)  # labels of the query's concepts it mentions
    dense_rank: int | None = None
    lexical_rank: int | None = None
    proximity_rank: int | None = None  # rank among passages with consecutive query words near each other
    expanded: bool = False  # found lexically through an expansion phrase, without the query's words
    kind: str = PassageKind.PROSE  # what the passage is (apkg.ingest.quality)
    ranked_down: bool = False  # ranked after running text: not prose, and without the query's words
    similarity: float | None = None  # cosine of query and passage, when the dense ranking found it
    good_match: bool = True  # similar enough to the query, or holding every word of it
    duplicates: list[str] = field(default_factory=list)  # passages folded into this one: near-copies

    def reasons(self) -> list[str]:
        """Why the passage matched, in plain words: the query's words it holds, closeness in
        meaning, the query's concepts it mentions; and why it ranked lower when it is not running
        text."""
        words = list(dict.fromkeys(self.text[start:end].lower() for start, end in self.highlights))
        shown = ", ".join(f"“{word}”" for word in words[:_WORDS_SHOWN]) + (
            ", …" if len(words) > _WORDS_SHOWN else ""
        )
        closeness = "close in meaning to the query" if self.good_match else "related in meaning, loosely"
        lower = f"ranked below running text: {PassageKind(self.kind).description}"
        return [
            reason for reason in (
                f"holds {shown}" if words and (self.lexical_rank or self.expanded) else "",
                "with the query's words near each other" if self.proximity_rank else "",
                "through a phrase related to the query" if self.expanded else "",
                closeness if self.dense_rank else "",
                f"mentions {', '.join(self.concepts)}" if self.concepts else "",
                lower if self.ranked_down else "",
            ) if reason
        ]  # fmt: skip

    def duplicate_documents(self) -> list[str]:
        """The other documents that hold a near-copy of this passage, once each."""
        docs = (passage_id.rpartition("/")[0] for passage_id in self.duplicates)
        return list(dict.fromkeys(doc for doc in docs if doc != self.doc_id))

    def also_in(self, shown: int = 5) -> str:
        """ "also in N other documents (a, b, ...)" for the near-copies folded into this hit, naming
        the first ``shown``; empty when there are none."""
        documents = self.duplicate_documents()
        if not documents:
            return ""
        names = ", ".join(documents[:shown]) + (", …" if len(documents) > shown else "")
        return f"also in {len(documents)} other document{'s' if len(documents) > 1 else ''} ({names})"

    def citation(self) -> str:
        """A one-line citation: institution, title, date, page."""
        parts = [self.institution, f"“{self.title}”", self.date or "n.d."]
        if self.page:
            parts.append(f"p. {self.page}")
        return ", ".join(p for p in parts if p)

    def marked(self, before: str = "[", after: str = "]") -> str:
        """The text with every highlight wrapped in ``before``/``after``."""
        out, last = [], 0
        for start, end in self.highlights:
            out += [self.text[last:start], before, self.text[start:end], after]
            last = end
        out.append(self.text[last:])
        return "".join(out)


def share_of_words(text: str, words: list[str]) -> float:
    """The share of ``words`` that begin a word of ``text`` (case ignored); 0 without words."""
    if not words:
        return 0.0
    return sum(bool(_word_start(word).search(text)) for word in words) / len(words)


def find_spans(text: str, words: list[str], phrases: list[str]) -> list[tuple[int, int]]:
    """Non-overlapping spans of ``text`` where a query word (as a word prefix) or a phrase occurs."""
    pattern = _spans_pattern(tuple(words), tuple(phrases))
    if pattern is None:
        return []
    spans: list[tuple[int, int]] = []
    for match in pattern.finditer(text):
        if not spans or match.start() >= spans[-1][1]:
            spans.append(match.span())
    return spans


@lru_cache(maxsize=256)
def _word_start(word: str) -> re.Pattern[str]:
    return re.compile(rf"\b{re.escape(word)}", re.IGNORECASE)


@lru_cache(maxsize=16)
def _spans_pattern(words: tuple[str, ...], phrases: tuple[str, ...]) -> re.Pattern[str] | None:
    """One pattern for a query's phrases (longest first) and words, compiled once per query."""
    patterns = [re.escape(p) for p in sorted(phrases, key=len, reverse=True) if p]
    patterns += [rf"{re.escape(w)}\w*" for w in words]
    return re.compile(rf"\b(?:{'|'.join(patterns)})\b", re.IGNORECASE) if patterns else None
