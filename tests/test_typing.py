"""The package type-checks: mypy, with pyproject's ``[tool.mypy]`` settings, reports no error.

apkg ships ``py.typed``, so its annotations are part of the API. mypy cannot follow the package from
the source tree (``package-dir`` installs it from several folders), so the test lays the sources out
as the wheel would (``helpers.installed_layout``) and checks that tree. The cache goes in tmp_path,
so every run is cold (about 70 s on this machine) and sees exactly the files it checks.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from .helpers import ROOT, installed_layout


def test_package_type_checks(tmp_path: Path):
    tree = installed_layout(tmp_path / "src")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--config-file",
            str(ROOT / "pyproject.toml"),
            "--cache-dir",
            str(tmp_path / "mypy_cache"),
            "-p",
            "apkg",
        ],
        cwd=tree,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Success" in result.stdout
