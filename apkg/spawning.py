"""Start worker processes with multiprocessing's spawn method without running the caller's main
module in them."""

from __future__ import annotations

import sys
import types
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def main_module_hidden() -> Iterator[None]:
    """Hide ``__main__`` while a worker is spawned: spawn imports it again in the worker, which
    would run a script's unguarded top level, or under Streamlit the page script (which would
    start workers of its own). Workers need nothing from it."""
    main = sys.modules["__main__"]
    sys.modules["__main__"] = types.ModuleType("__main__")
    try:
        yield
    finally:
        sys.modules["__main__"] = main
