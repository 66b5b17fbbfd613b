"""What every command shares: the resolved settings, and the --kb option."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

import typer

from apkg.config import Settings


@dataclass(frozen=True)
class CliState:
    """What the root callback resolves for every command."""

    settings: Settings
    verbose: bool
    config: Path | None = None  # the --config file, and the --set overrides, as given
    overrides: tuple[str, ...] = ()


def state(ctx: typer.Context) -> CliState:
    """Return the state the root callback stored on the context."""
    return ctx.find_root().obj


KbOption = Annotated[
    Path | None, typer.Option("--kb", help="Knowledge-base directory (default: setting kb.path).")
]
