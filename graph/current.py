"""The graph of the build a knowledge base holds now, for readers that outlive a rebuild.

A rebuild writes a staging copy and renames it into place, with a new ``kb.json``. A reader that
opened the old store would keep answering from it (its files stay readable after the rename), so
``CurrentStore`` compares the build's identity (``apkg.layout.build_identity``, one ``stat``)
before each use and opens the new store when it changed.
"""

from __future__ import annotations

import time
from pathlib import Path

from apkg.errors import KnowledgeBaseError, QueryError
from apkg.graph.store import OxigraphStore
from apkg.layout import BuildIdentity, build_identity


class CurrentStore:
    """The store of the knowledge base at ``kb_path`` as of its latest build.

    Args:
        kb_path: the knowledge base directory.
        wait: seconds to keep retrying while the directory is being swapped.
    """

    def __init__(self, kb_path: Path, *, wait: float = 2.0) -> None:
        self.kb_path, self.wait = kb_path, wait
        self.build: BuildIdentity | None = None
        self._store: OxigraphStore | None = None

    def get(self) -> OxigraphStore:
        """The store of the current build, reopened when another build has been swapped in.

        Raises:
            QueryError: 503 when no complete knowledge base appears within ``wait`` seconds.
        """
        if self._store is None or self._read_build() != self.build:
            self._store = None  # close the old build's store before opening the new one
            self.build, self._store = self._open()
        return self._store

    def _read_build(self) -> BuildIdentity | None:
        return build_identity(self.kb_path)

    def _open(self) -> tuple[BuildIdentity | None, OxigraphStore]:
        """Open the store, and accept it only if the build is the same before and after: then
        the store belongs to that build even if a swap happened around the call."""
        deadline = time.monotonic() + self.wait
        while True:
            before = self._read_build()
            try:
                store = OxigraphStore.open(self.kb_path)
                if self._read_build() == before:
                    return before, store
                problem = "a rebuild replaced it while it was being opened"
            except KnowledgeBaseError as exc:
                problem = exc.problem
            if time.monotonic() > deadline:
                raise QueryError(f"the knowledge base's graph cannot be opened: {problem}", 503)
            time.sleep(0.05)
