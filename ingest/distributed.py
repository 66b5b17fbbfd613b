"""Per-document work as a batch map on a Ray cluster.

``ray_map`` runs a function over batches of sources as Ray tasks and hands the results back in
source order, so that the driver stores them as the local path would. Workers are long-lived
processes: what a task function caches (its spaCy pipeline, an embedding model) stays loaded between
tasks. Set ``ingest.engine = "ray"`` and, for an existing cluster, ``ingest.ray_address``
(``auto`` or ``ray://HOST:10001``); with no address a local cluster is started for the build.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TypeVar

from apkg.config import Settings
from apkg.errors import ConfigError
from apkg.ingest.metadata import Candidate

R = TypeVar("R")


def ray_map(
    work: Callable[[list[Candidate], Settings], list[R]], candidates: list[Candidate], settings: Settings
) -> Iterator[R]:
    """Run ``work`` over ``candidates`` as Ray tasks of ``ingest.ray_batch`` sources each, yielding
    the results in source order as the tasks finish. ``work`` must be a module-level function (the
    workers import it).

    Raises:
        ConfigError: Ray is not installed or the cluster cannot be reached.
    """
    try:
        import ray
    except ImportError:
        raise ConfigError("ingest.engine", "ray is not installed: pip install 'apkg[distributed]'") from None
    started = not ray.is_initialized()
    if started:
        try:
            ray.init(
                address=settings.ingest.ray_address or None,
                include_dashboard=False,
                log_to_driver=False,
                configure_logging=False,
            )
        except (ConnectionError, RuntimeError, ValueError) as exc:
            address = settings.ingest.ray_address or "a local cluster"
            raise ConfigError(
                "ingest.ray_address", f"cannot start or reach Ray at {address}: {exc}"
            ) from None
    try:
        task = ray.remote(work)
        size = max(1, settings.ingest.ray_batch)
        pending = [task.remote(candidates[i : i + size], settings) for i in range(0, len(candidates), size)]
        for reference in pending:
            yield from ray.get(reference)
    finally:
        if started:
            ray.shutdown()
