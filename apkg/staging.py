"""Hold one build at a time, and write each build beside the knowledge base before swapping it in.

A build takes ``build_lock``, writes into the directory ``staging`` yields (a copy of the current
knowledge base, or empty) and, when it has succeeded, the stage replaces the knowledge base with
two renames; a failed build leaves the knowledge base exactly as it was.
"""

from __future__ import annotations

import errno
import os
import re
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from apkg.errors import KnowledgeBaseError
from apkg.layout import MANIFEST_FILE


@contextmanager
def build_lock(path: Path) -> Iterator[None]:
    """Hold the lock that lets one build at a time update the knowledge base ``path``.

    The lock is ``.NAME.lock`` beside the knowledge base, taken with ``flock`` (the filelock
    package), so the system releases it when a build dies. Staging copies left by a build that
    was killed are removed once the lock is held: no build can be using them.

    Raises:
        KnowledgeBaseError: another build holds the lock, or nothing can be written beside ``path``.
    """
    from filelock import FileLock, Timeout

    if path.exists() and not path.is_dir():
        raise KnowledgeBaseError(path, "is a file, not a knowledge-base directory")
    lock = FileLock(path.with_name(f".{path.name}.lock"), timeout=0)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        lock.acquire()
    except Timeout:
        raise KnowledgeBaseError(
            path, "another apkg build is updating this knowledge base", "wait for it to finish"
        ) from None
    except OSError as exc:
        raise KnowledgeBaseError(path.parent, f"cannot write here: {exc.strerror or exc}") from None
    try:
        for leftover in path.parent.glob(f".{path.name}.*-*"):
            if leftover.name.startswith((f".{path.name}.staging-", f".{path.name}.old-")):
                shutil.rmtree(leftover, ignore_errors=True)
        yield
    finally:
        lock.release()


@contextmanager
def staging(path: Path, *, keep_contents: bool) -> Iterator[Path]:
    """Yield a staging directory that replaces the knowledge base ``path`` on success.

    With ``keep_contents`` the stage starts as a copy of the current knowledge base (for an
    incremental update); otherwise it starts empty. If the body raises, the stage is deleted and
    ``path`` is left exactly as it was; a failure to write (disk full, read-only) is reported as
    one line. Call it under ``build_lock``.

    Raises:
        KnowledgeBaseError: ``path`` is a non-empty directory that is not a knowledge base, or
            the staging copy cannot be written.
    """
    if path.exists() and any(path.iterdir()) and not (path / MANIFEST_FILE).exists():
        raise KnowledgeBaseError(path, "exists and is not a knowledge base; refusing to overwrite it")
    stage = path.with_name(f".{path.name}.staging-{os.getpid()}")
    try:
        if keep_contents and path.exists():
            shutil.copytree(path, stage)
        else:
            stage.mkdir(parents=True)
        yield stage
    except BaseException as exc:
        shutil.rmtree(stage, ignore_errors=True)
        if _is_write_error(exc):
            raise KnowledgeBaseError(
                path, f"cannot write the new build: {_reason(exc)}; the knowledge base is unchanged"
            ) from None
        raise
    _swap(stage, path)


def _swap(stage: Path, path: Path) -> None:
    """Put ``stage`` in the place of ``path`` with two renames; readers see one build or the other."""
    old = path.with_name(f".{path.name}.old-{os.getpid()}")
    if path.exists():
        path.rename(old)
    try:
        stage.rename(path)
    except OSError as exc:
        if old.exists():
            old.rename(path)
        shutil.rmtree(stage, ignore_errors=True)
        raise KnowledgeBaseError(path, f"cannot put the new build in place: {_reason(exc)}") from None
    shutil.rmtree(old, ignore_errors=True)


_SQLITE_WRITE_ERRORS = ("SQLITE_FULL", "SQLITE_READONLY", "SQLITE_IOERR", "SQLITE_CANTOPEN")


_WRITE_ERRNOS = (errno.ENOSPC, errno.EROFS, errno.EACCES, errno.EPERM, errno.EDQUOT, errno.EFBIG, errno.EIO)
_COPY_ERROR = re.compile(r"\[Errno (\d+)\] ([^:]+)")  # how shutil.copytree reports each file it failed


def _is_write_error(exc: BaseException) -> bool:
    """Whether ``exc`` says the disk refused a write (full, read-only, failing), not a bug."""
    if isinstance(exc, sqlite3.OperationalError):
        return (getattr(exc, "sqlite_errorname", "") or "").startswith(_SQLITE_WRITE_ERRORS)
    if isinstance(exc, shutil.Error):
        return any(int(number) in _WRITE_ERRNOS for number, _ in _COPY_ERROR.findall(str(exc)))
    return isinstance(exc, OSError) and exc.errno in _WRITE_ERRNOS


def _reason(exc: BaseException) -> str:
    """The system's words for a write error (``No space left on device``, ``Read-only file system``)."""
    if isinstance(exc, shutil.Error) and (found := _COPY_ERROR.search(str(exc))):
        return found.group(2)
    return (exc.strerror if isinstance(exc, OSError) else None) or str(exc)
