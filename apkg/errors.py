"""The exceptions apkg raises for bad input: each names the file or request and the problem."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path


class ApkgError(Exception):
    """Base of every error apkg raises on purpose; the CLI prints it as one line."""


class OntologyError(ApkgError):
    """An ontology file cannot be parsed."""

    def __init__(self, path: Path, line: int | None, message: str) -> None:
        self.path, self.line, self.message = path, line, message
        where = f"{path}:{line}" if line else str(path)
        super().__init__(f"{where}: {message}")


class ConfigError(ApkgError):
    """A configuration file or override is invalid."""

    def __init__(self, source: str, message: str) -> None:
        self.source, self.message = source, message
        super().__init__(f"{source}: {message}")


class UnknownSetting(ConfigError):
    """An override names a setting that does not exist."""

    def __init__(self, source: str, name: str, available: Sequence[str]) -> None:
        self.name, self.available = name, list(available)
        super().__init__(source, f"unknown setting {name!r}; available: {', '.join(available)}")
