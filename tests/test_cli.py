"""The `apkg` command line: help, config, ontology stats and docs, errors as one line."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from apkg.app.cli import app

runner = CliRunner()


def test_help_lists_commands():
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    for command in ("config", "ontology"):
        assert command in result.output


def test_config_prints_overrides_as_json():
    result = runner.invoke(app, ["--set", "kb.path=elsewhere", "config", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["kb"]["path"] == "elsewhere"


def test_bad_setting_is_one_clear_line():
    result = runner.invoke(app, ["--set", "kb.nope=1", "config"])
    assert result.exit_code == 1
    assert "unknown setting 'kb.nope'" in result.output
    assert "Traceback" not in result.output


def test_stats_json_meets_the_ontology_targets():
    result = runner.invoke(app, ["ontology", "stats", "--json"])
    assert result.exit_code == 0, result.output
    stats = json.loads(result.output)
    assert stats["tools"] >= 70
    assert stats["tool_alt_labels_mean"] >= 3
    assert stats["tools_with_risk_factors"] >= 30
    assert stats["risk_factors"] == 14
    assert stats["indicators"] >= 100
    assert stats["min_indicators_per_factor"] >= 5
    assert stats["genocide_stages"] == 10
    assert stats["pillars"] == 3
    assert stats["actors"] >= 50
    assert stats["cases"] >= 15
    assert stats["wikidata_links"] >= 30
    assert set(stats["tools_by_sphere"]) == {"Prevention", "Response", "Recovery"}


def test_docs_writes_html(tmp_path: Path):
    result = runner.invoke(app, ["ontology", "docs", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    html = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert "Atrocity Prevention Knowledge Graph ontology" in html
    assert "Passage" in html
