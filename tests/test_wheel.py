"""The built wheel carries every sub-package and data file: it imports and checks outside the source tree."""

from __future__ import annotations

import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

SCRIPT = """
import sys
sys.path[:0] = [{target!r}, {deps!r}]
import apkg.ingest, apkg.graph, apkg.search, apkg.ontology, apkg.app, apkg.corpus
from apkg.ontology import check_ontology
assert apkg.ontology.__file__.startswith({target!r}), apkg.ontology.__file__
from pathlib import Path
from apkg.app.cli_app import FRONTEND
assert FRONTEND.exists() and len(list((FRONTEND.parent / "screens").glob("*.py"))) >= 8, FRONTEND
report = check_ontology()
assert report.ok, report.problems
from apkg.ontology import StateRegister, load_ontology
assert StateRegister.from_graph(load_ontology()).resolve_delegation("Paraguay").endswith("/Paraguay")
print("ok", report.triples, report.queries)
"""


@pytest.mark.slow
def test_wheel_installs_and_imports(tmp_path: Path):
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path / "dist"), str(ROOT)],
        check=True,
    )
    [wheel] = (tmp_path / "dist").glob("apkg-*.whl")
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)],
        check=True,
    )
    # -S skips site-packages and so the editable install's import hook; dependencies are
    # put back by path, after the wheel's own files.
    script = SCRIPT.format(target=str(target), deps=sysconfig.get_paths()["purelib"])
    result = subprocess.run(
        [sys.executable, "-S", "-c", script], cwd=tmp_path, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("ok ")
