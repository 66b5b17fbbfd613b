"""`apkg ontology check` passes on the real ontology and fails, naming the problem, on broken copies."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from apkg.app.cli import app
from apkg.ontology import check_ontology

runner = CliRunner()


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not found in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_real_ontology_passes():
    report = check_ontology()
    assert report.ok, "\n".join(f"{p.kind} {p.subject}: {p.message}" for p in report.problems)
    assert len(report.files) >= 6
    assert report.queries >= 15


def test_cli_check_passes():
    result = runner.invoke(app, ["ontology", "check"])
    assert result.exit_code == 0, result.output
    assert "ontology ok" in result.output


def test_syntax_error_names_file_and_line(ontology_copy: Path):
    path = ontology_copy / "apkg.ttl"
    lines = path.read_text(encoding="utf-8").splitlines()
    index = next(i for i, line in enumerate(lines) if line.startswith("apkg:Passage a owl:Class"))
    lines[index] = "apkg:Passage a owl:Class ;;; ]"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = check_ontology(ontology_copy)
    assert not report.ok
    [problem] = report.problems
    assert problem.kind == "parse"
    assert f"apkg.ttl:{index + 1}" in problem.message


def test_missing_definition_is_reported(ontology_copy: Path):
    _replace(
        ontology_copy / "apkg.ttl",
        'skos:definition "A contiguous span',
        'rdfs:comment "A contiguous span',
    )
    report = check_ontology(ontology_copy)
    assert any(
        p.kind == "shacl" and p.subject == "apkg:Passage" and "definition" in p.message
        for p in report.problems
    )


def test_tool_without_sphere_is_reported(ontology_copy: Path):
    path = ontology_copy / "tools.ttl"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("apkg:sphere ", "apkg:instrumentType ").replace("apkg:sphere\n", "\n"))
    report = check_ontology(ontology_copy)
    assert any(p.kind == "shacl" and "no sphere" in p.message for p in report.problems)


def test_undefined_and_misspelt_terms_are_reported(ontology_copy: Path):
    with (ontology_copy / "extra.ttl").open("w", encoding="utf-8") as f:
        f.write(
            "@prefix apkg: <https://w3id.org/apkg/ontology#> .\n"
            "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
            'apkg:EarlyWarning skos:related apkg:NoSuchConcept ; skos:preflabel "typo"@en .\n'
        )
    report = check_ontology(ontology_copy)
    undefined = {p.subject for p in report.problems if p.kind == "undefined"}
    assert {"apkg:NoSuchConcept", "skos:preflabel"} <= undefined


def test_broken_competency_query_is_reported(ontology_copy: Path):
    (ontology_copy / "queries" / "broken.rq").write_text(
        "# Question: Does a broken query fail?\n# User: developer\n# Scope: ontology\n"
        "SELECT ?x WHERE { ?x ?p }\n",
        encoding="utf-8",
    )
    report = check_ontology(ontology_copy)
    assert [p.kind for p in report.problems] == ["query"]
    assert "broken.rq" in report.problems[0].subject


def test_ask_competency_query_passes(ontology_copy: Path):
    (ontology_copy / "queries" / "ask.rq").write_text(
        "# Question: Is any concept defined?\n# User: developer\n# Scope: ontology\n"
        "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
        "ASK { ?x a skos:Concept }\n",
        encoding="utf-8",
    )
    report = check_ontology(ontology_copy)
    assert report.ok, report.problems


def test_query_naming_an_undefined_concept_is_reported(ontology_copy: Path):
    (ontology_copy / "queries" / "stale.rq").write_text(
        "# Question: Does a stale IRI fail?\n# User: developer\n# Scope: ontology\n"
        "PREFIX apkg: <https://w3id.org/apkg/ontology#>\n"
        "SELECT ?x WHERE { ?x apkg:sphere apkg:RenamedSphere }\n",
        encoding="utf-8",
    )
    report = check_ontology(ontology_copy)
    assert any(p.subject == "apkg:RenamedSphere" for p in report.problems)


@pytest.mark.parametrize(
    "header", ["# User: developer\n# Scope: ontology\n", "# Question: x?\n# User: chef\n"]
)
def test_query_with_bad_header_is_reported(ontology_copy: Path, header: str):
    (ontology_copy / "queries" / "bad.rq").write_text(header + "ASK {}\n", encoding="utf-8")
    report = check_ontology(ontology_copy)
    assert not report.ok
    assert "bad.rq" in report.problems[0].subject


def test_cli_check_fails_on_broken_copy(ontology_copy: Path):
    _replace(ontology_copy / "apkg.ttl", "apkg:Passage a owl:Class", "apkg:Passage a owl:Class ]")
    result = runner.invoke(app, ["ontology", "check", "--dir", str(ontology_copy)])
    assert result.exit_code == 1
    assert "apkg.ttl" in result.output
    assert "ontology check failed" in result.output
