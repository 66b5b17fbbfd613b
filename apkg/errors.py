"""The exceptions apkg raises for bad input: each names the file or request and the problem."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path


class ApkgError(Exception):
    """Base of every error apkg raises on purpose; the CLI prints it as one line."""

    def __reduce__(self) -> tuple[object, ...]:
        """Pickle by fields, whatever the constructor's signature, so that an error crosses a
        process boundary intact (the embedding process's)."""
        return _restore, (type(self), self.args, self.__dict__)


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


class SourceError(ApkgError):
    """One input file cannot be ingested; the rest of the corpus still is."""

    def __init__(self, path: Path | str, reason: str, page: int | None = None) -> None:
        self.path, self.reason, self.page = Path(path), reason, page
        where = f"{path} (page {page})" if page else str(path)
        super().__init__(f"{where}: {reason}")

    @property
    def detail(self) -> str:
        """The reason, after the page when there is one."""
        return f"page {self.page}: {self.reason}" if self.page else self.reason


class UnsupportedFormat(SourceError):
    """A file's suffix names no format apkg can read."""

    def __init__(self, path: Path | str, suffix: str, supported: Sequence[str]) -> None:
        self.suffix, self.supported = suffix, list(supported)
        shown = suffix or "(no suffix)"
        super().__init__(path, f"unsupported format {shown}; supported: {', '.join(supported)}")


class KnowledgeBaseError(ApkgError):
    """A knowledge-base directory is missing, incomplete or of another format version."""

    def __init__(self, path: Path | str, problem: str, hint: str = "") -> None:
        self.path, self.problem, self.hint = Path(path), problem, hint
        super().__init__(f"{path}: {problem}" + (f" ({hint})" if hint else ""))


class QueryError(ApkgError):
    """A SPARQL request that cannot be run; ``status`` is the HTTP status an endpoint answers with."""

    def __init__(self, message: str, status: int = 400) -> None:
        self.message, self.status = message, status
        super().__init__(message)


class UnknownSubject(ApkgError):
    """A name that is neither an IRI nor the id of anything in the graph."""

    def __init__(self, name: str, problem: str) -> None:
        self.name, self.problem = name, problem
        super().__init__(
            f"{name!r}: {problem} (give a passage id such as briefing/p2, a document id, "
            "an apkg: or apkgr: name, or an IRI)"
        )


class UnknownFacet(ApkgError):
    """A search filter names a facet value the knowledge base does not know."""

    def __init__(self, name: str, value: str, suggestions: Sequence[str] = ()) -> None:
        self.name, self.value, self.suggestions = name, value, list(suggestions)
        hint = f"; did you mean: {', '.join(suggestions)}" if suggestions else ""
        super().__init__(f"unknown {name} {value!r}{hint}")


class StoreError(ApkgError):
    """A remote SPARQL store cannot be reached or refused a request; names the endpoint."""

    def __init__(self, endpoint: str, message: str) -> None:
        self.endpoint, self.message = endpoint, message
        super().__init__(f"{endpoint}: {message}")


def _restore(kind: type[ApkgError], args: tuple[object, ...], fields: dict[str, object]) -> ApkgError:
    error = kind.__new__(kind)
    error.args = args
    error.__dict__.update(fields)
    return error
