"""``apkg app``: the Streamlit front end over a built knowledge base."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from apkg.app.output import console
from apkg.app.state import KbOption, state

KB_ENV = "APKG_APP_KB"  # how the knowledge base path reaches the Streamlit process
CONFIG_ENV = "APKG_CONFIG"  # and the --config file (the variable load_settings reads)
OVERRIDES_ENV = "APKG_APP_SET"  # and the --set overrides, as a JSON list
FRONTEND = Path(__file__).resolve().parent / "frontend.py"


def streamlit_command(kb_path: Path, *, host: str, port: int) -> list[str]:
    """The ``streamlit run`` command line that serves the app on ``host:port``, headless."""
    options = {
        "server.address": host,
        "server.port": str(port),
        "server.headless": "true",
        "server.fileWatcherType": "none",
        "browser.gatherUsageStats": "false",
        "global.developmentMode": "false",
        "client.toolbarMode": "minimal",
    }
    flags = [part for name, value in options.items() for part in (f"--{name}", value)]
    return [sys.executable, "-m", "streamlit", "run", str(FRONTEND), *flags]


def app_command(
    ctx: typer.Context,
    kb: KbOption = None,
    host: Annotated[str, typer.Option("--host", help="Address to bind.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on.")] = 8501,
) -> None:
    """Serve the Streamlit app: search, taxonomy, risk factors, evidence map, graph, SPARQL, documents."""
    cli = state(ctx)
    kb_path = Path(kb or cli.settings.kb.path).resolve()
    console.print(f"apkg app on http://{host}:{port}/ (knowledge base: {kb_path})", highlight=False)
    env = {**os.environ, KB_ENV: str(kb_path), OVERRIDES_ENV: json.dumps(list(cli.overrides))}
    if cli.config is not None:
        env[CONFIG_ENV] = str(cli.config.resolve())
    command = streamlit_command(kb_path, host=host, port=port)
    sys.stdout.flush()
    os.execve(sys.executable, command, env)  # the server replaces this process: signals reach it
