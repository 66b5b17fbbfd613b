"""Shared fixtures: the real ontology, copies of it to break, and paths to the shared corpus."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from apkg.ontology import ONTOLOGY_DIR, load_ontology, ontology_store

TESTS_DIR = Path(__file__).resolve().parent
DATA_DIR = TESTS_DIR / "data"


@pytest.fixture(scope="session")
def ontology_graph():
    """The packaged ontology as one rdflib graph."""
    return load_ontology()


@pytest.fixture(scope="session")
def ontology_oxigraph():
    """The packaged ontology in an in-memory Oxigraph store (its own named graph)."""
    return ontology_store()


@pytest.fixture
def ontology_copy(tmp_path: Path) -> Path:
    """A writable copy of the ontology folder (Turtle, shapes, queries) to break in a test."""
    target = tmp_path / "ontology"
    shutil.copytree(ONTOLOGY_DIR, target, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    return target
