"""The competency questions of ``ontology/queries/*.rq``: SPARQL files that state their question."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from apkg.errors import OntologyError
from apkg.ontology.load import QUERIES_DIR

_HEADER = re.compile(r"^#\s*(?P<key>Question|User|Scope):\s*(?P<value>.+?)\s*$", re.MULTILINE)
USERS = ("researcher", "trainer", "developer")
SCOPES = ("ontology", "corpus")


@dataclass(frozen=True)
class CompetencyQuery:
    """One competency question and the SPARQL that answers it.

    Attributes:
        name: file stem, e.g. ``response-tools``.
        question: the question in plain words (``# Question:`` header).
        user: who asks it: researcher, trainer or developer (``# User:``).
        scope: ``ontology`` if the ontology alone answers it, ``corpus`` if it needs a built
            knowledge base (``# Scope:``).
        sparql: the query text.
    """

    name: str
    question: str
    user: str
    scope: str
    sparql: str
    path: Path


def read_competency_query(path: Path) -> CompetencyQuery:
    """Read one ``.rq`` file and its header comments.

    Raises:
        OntologyError: a header is missing or has a value outside the allowed ones.
    """
    text = path.read_text(encoding="utf-8")
    headers = {m["key"].lower(): m["value"] for m in _HEADER.finditer(text)}
    missing = {"question", "user", "scope"} - headers.keys()
    if missing:
        raise OntologyError(path, None, f"missing header(s) {', '.join(sorted(missing))}")
    if headers["user"] not in USERS:
        raise OntologyError(path, None, f"User must be one of {', '.join(USERS)}")
    if headers["scope"] not in SCOPES:
        raise OntologyError(path, None, f"Scope must be one of {', '.join(SCOPES)}")
    return CompetencyQuery(
        name=path.stem,
        question=headers["question"],
        user=headers["user"],
        scope=headers["scope"],
        sparql=text,
        path=path,
    )


def competency_queries(directory: Path = QUERIES_DIR) -> list[CompetencyQuery]:
    """Return every competency query of ``directory``, sorted by file name."""
    return [read_competency_query(path) for path in sorted(directory.glob("*.rq"))]
