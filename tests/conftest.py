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


SHARED = TESTS_DIR.parents[1] / "shared"
SHARED_CORPUS = SHARED / "corpus"
SHARED_EVAL = SHARED / "eval"
MINI_CORPUS = DATA_DIR / "mini-corpus"

HEAD = "Monitoring report - Country X"
PDF_PAGES = [
    [HEAD, "Early warning indicators rose sharply in the north, where", "armed groups re-",
     "cruited young men from the camps.", "1"],
    [HEAD, "Observers recorded dehumanising rhetoric on state television",
     "and a rise in arbitrary detention of opposition figures.", "2"],
    [HEAD, "We recommend preventive diplomacy by the regional organisation",
     "and support for a commission of inquiry.", "3"],
]  # fmt: skip


def make_mini_corpus(target: Path) -> Path:
    """Copy the hand-written mini corpus to ``target`` and add a generated PDF and DOCX."""
    from .helpers import write_docx, write_pdf

    shutil.copytree(MINI_CORPUS, target)
    write_pdf(target / "monitoring-report.pdf", PDF_PAGES, title="Monitoring report on Country X")
    write_docx(
        target / "practitioner-guide.docx",
        [
            "Practitioner guide to mediation",
            "Mediation brings the parties to a conflict together with a neutral third party. "
            "The Office on Genocide Prevention and the Responsibility to Protect supports mediators.",
        ],
        [["Tool", "Sphere"], ["Mediation", "Response"], ["Truth commission", "Recovery"]],
        title="Practitioner guide",
    )
    return target


@pytest.fixture
def mini_corpus(tmp_path: Path) -> Path:
    """A writable mini corpus: one short document per format, written for the tests."""
    return make_mini_corpus(tmp_path / "corpus")


@pytest.fixture(scope="session")
def settings():
    """Default settings, without reading any apkg.toml or APKG_* variables."""
    from apkg.config import load_settings

    return load_settings(environ={})


@pytest.fixture(scope="session")
def shared_corpus() -> Path:
    """The project's real corpus in ../shared/corpus (tests skip where it is absent)."""
    if not (SHARED_CORPUS / "MANIFEST.csv").exists():
        pytest.skip(f"the shared corpus is not at {SHARED_CORPUS}")
    return SHARED_CORPUS


@pytest.fixture(scope="session")
def corpus_kb(tmp_path_factory, shared_corpus, settings):
    """The whole shared corpus built once into a knowledge base; returns (kb path, summary)."""
    from apkg.build import build

    kb = tmp_path_factory.mktemp("corpus") / "kb"
    summary = build(shared_corpus, kb, settings, progress=False)
    return kb, summary


@pytest.fixture(scope="session")
def mini_kb(tmp_path_factory, settings) -> Path:
    """The mini corpus built once into a knowledge base (read-only for the tests that use it)."""
    from apkg.build import build

    root = tmp_path_factory.mktemp("mini")
    kb = root / "kb"
    build(make_mini_corpus(root / "corpus"), kb, settings, progress=False)
    return kb
