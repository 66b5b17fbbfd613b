"""The README stays true: CI runs its test command verbatim and it documents every command."""

from __future__ import annotations

import re
from pathlib import Path

import typer

from apkg.app.cli import app

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _code_blocks() -> list[str]:
    return [block.strip() for block in re.findall(r"```bash\n(.*?)```", README, re.S)]


def test_ci_runs_the_readme_test_command():
    setup, tests = _code_blocks()[:2]
    assert tests.endswith("-m pytest")
    assert tests in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert setup.startswith("python3 -m venv .venv")


def _command_paths(group: typer.Typer, prefix: str = "apkg") -> list[str]:
    paths = [f"{prefix} {command.name}" for command in group.registered_commands]
    for sub in group.registered_groups:
        paths += _command_paths(sub.typer_instance, f"{prefix} {sub.name}")
    return paths


def test_every_command_is_documented():
    missing = [path for path in _command_paths(app) if f"`{path}" not in README]
    assert not missing
