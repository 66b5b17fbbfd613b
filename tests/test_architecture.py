"""Imports point downstream only: the layers contract in pyproject.toml, checked by import-linter.

import-linter finds a package's modules by walking its folder, and setuptools' ``package-dir``
installs apkg from several folders (``ingest/`` as ``apkg.ingest`` ...). The test copies the
sources into one ``apkg/`` tree, laid out as the wheel would be (``helpers.installed_layout``),
and lints that.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .helpers import ROOT, installed_layout


def test_imports_point_downstream_only(tmp_path: Path):
    lint_imports = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    if lint_imports is None:
        pytest.fail("lint-imports is missing: pip install -e '.[dev]'")
    tree = installed_layout(tmp_path / "src")
    result = subprocess.run(
        [lint_imports, str(ROOT / "pyproject.toml"), "--no-cache"],
        cwd=tree,
        env={**os.environ, "PYTHONPATH": str(tree)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout
