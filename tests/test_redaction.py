"""A password in a remote store's URL is used for the requests but never shown or stored:
``kb.json``, ``apkg config`` and error messages show ``user:***@host``."""

from __future__ import annotations

import json
import socket

import pytest
from typer.testing import CliRunner

from apkg.app.cli import app
from apkg.build import build
from apkg.config import GraphSettings
from apkg.errors import StoreError
from apkg.graph.store import open_store

from .conftest import make_mini_corpus
from .sparql_server import sparql_server

runner = CliRunner()
SECRET = "s3cret-Pa55"


def test_kb_json_holds_no_password_and_the_store_still_uses_it(tmp_path, settings):
    with sparql_server("apkg", SECRET) as url:
        remote = settings.with_overrides(
            {"graph.store": f"sparql+{url.replace('//', f'//apkg:{SECRET}@')}"}, source="test"
        )
        kb = tmp_path / "kb"
        build(make_mini_corpus(tmp_path / "corpus"), kb, remote, progress=False)
        assert len(open_store(kb, remote.graph)) > 1000  # the server took the password
        wrong = GraphSettings(store=f"sparql+{url.replace('//', '//apkg:wrong@')}")
        with pytest.raises(StoreError, match="HTTP 401") as caught:
            len(open_store(kb, wrong))
        assert "wrong" not in str(caught.value) and "apkg:***@127.0.0.1" in str(caught.value)
    manifest = (kb / "kb.json").read_text(encoding="utf-8")
    assert SECRET not in manifest
    stored = json.loads(manifest)
    assert stored["settings"]["graph"]["store"] == f"sparql+{url.replace('//', '//apkg:***@')}"
    assert stored["settings"]["graph"]["password"] == "***"


def test_apkg_config_shows_no_password():
    store = f"graph.store=sparql+https://reader:{SECRET}@example.org/sparql"
    updates = f"graph.update_endpoint=https://writer:{SECRET}@example.org/update"
    for options in ([], ["--json"]):
        result = runner.invoke(app, ["--set", store, "--set", updates, "config", *options])
        assert result.exit_code == 0, result.output
        assert SECRET not in result.output
        assert "reader:***@example.org" in result.output and "writer:***@example.org" in result.output


def test_errors_show_no_password():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # nothing listens there once the socket is closed
    graph = GraphSettings(store=f"sparql+http://apkg:{SECRET}@127.0.0.1:{port}/sparql")
    with pytest.raises(StoreError, match="cannot reach") as caught:
        len(open_store(None, graph))
    assert SECRET not in str(caught.value) and f"apkg:***@127.0.0.1:{port}" in str(caught.value)
    result = runner.invoke(app, ["--set", f"graph.store=sparql+ftp://apkg:{SECRET}@host/x", "config"])
    assert result.exit_code == 1 and SECRET not in result.output and "apkg:***@host" in result.output
