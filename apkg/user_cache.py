"""Results worth keeping between processes, pickled in the user's cache directory.

A cold ``apkg search`` would otherwise parse the ontology and tokenize its 5,500 labels on every
call. Each entry is keyed by what it was made from (the caller's key) and by the source of the
code that makes it, so an edited ontology or an edited module makes a fresh entry rather than
reading a stale one. The cache lives where ``platformdirs`` says (``$XDG_CACHE_HOME/apkg`` on
Linux); deleting it costs only time.
"""

from __future__ import annotations

import os
import pickle
from collections.abc import Callable, Iterable, Sequence
from contextlib import suppress
from hashlib import sha256
from inspect import getsourcefile
from pathlib import Path
from types import ModuleType
from typing import TypeVar, cast

T = TypeVar("T")


def cache_folder(kind: str) -> Path:
    """The folder of one kind of cached result."""
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("apkg")) / kind


def code_fingerprint(modules: Iterable[ModuleType]) -> str:
    """A digest of the modules' source files: changes whenever their code does."""
    digest = sha256()
    for module in modules:
        source = getsourcefile(module)
        if source is None:
            raise ValueError(f"module {module.__name__} has no source file to fingerprint")
        digest.update(Path(source).read_bytes())
    return digest.hexdigest()


def cached(kind: str, key: Sequence[str], make: Callable[[], T]) -> T:
    """``make()``'s result for ``key``, read from the user's cache if an earlier process kept it,
    otherwise made and kept. A missing, unreadable or unwritable cache only means making it again."""
    path = cache_folder(kind) / f"{sha256(chr(0).join(key).encode()).hexdigest()[:24]}.pickle"
    try:
        with path.open("rb") as file:
            return cast(T, pickle.load(file))
    except Exception:  # absent, truncated or written by other code: made again below
        pass
    result = make()
    staged = path.with_name(f".{path.name}.{os.getpid()}")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with staged.open("wb") as file:
            pickle.dump(result, file, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(staged, path)  # whole or absent, whatever runs beside it
    except OSError:  # a read-only or full cache: the result stands, the next process makes it again
        with suppress(OSError):
            staged.unlink()
    return result
