"""The quick ways to search many times: ``apkg search --queries`` (one process, JSON lines) and
``apkg search --server`` against a running ``apkg search-server``; both give what single calls give."""

from __future__ import annotations

import json
import subprocess
import sys
import time

import httpx
import pytest
from typer.testing import CliRunner

from apkg.app.cli import app

from .virtuoso import free_port

runner = CliRunner()
QUERIES = ["arms embargo against militias", "early warning of atrocity crimes"]


def single_call(kb, query: str, *extra: str) -> str:
    result = runner.invoke(app, ["search", query, "--kb", str(kb), "--k", "3", *extra])
    assert result.exit_code == 0, result.output
    return result.output


def test_queries_file_gives_one_json_line_per_query_with_the_hits_of_single_calls(mini_kb, tmp_path):
    queries = tmp_path / "queries.txt"
    queries.write_text(f"{QUERIES[0]}\n\n  {QUERIES[1]}  \n", encoding="utf-8")
    result = runner.invoke(app, ["search", "--queries", str(queries), "--kb", str(mini_kb), "--k", "3"])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.output.splitlines()]
    assert [line["query"] for line in lines] == QUERIES  # blank lines skipped, spaces trimmed
    for line in lines:
        assert line["hits"] == json.loads(single_call(mini_kb, line["query"], "--json"))


def test_queries_from_standard_input(mini_kb):
    result = runner.invoke(
        app, ["search", "--queries", "-", "--kb", str(mini_kb), "--k", "3"], input=QUERIES[0] + "\n"
    )
    assert result.exit_code == 0, result.output
    [line] = [json.loads(line) for line in result.output.splitlines()]
    assert line["hits"] == json.loads(single_call(mini_kb, QUERIES[0], "--json"))


def test_search_wants_a_query_or_a_queries_file(mini_kb, tmp_path):
    assert runner.invoke(app, ["search", "--kb", str(mini_kb)]).exit_code == 2
    both = runner.invoke(app, ["search", "x", "--queries", str(tmp_path), "--kb", str(mini_kb)])
    assert both.exit_code == 2


@pytest.fixture(scope="module")
def search_server(mini_kb):
    """``apkg search-server`` over the mini knowledge base on a free port, once it answers."""
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "apkg.app.cli",
        "search-server",
        "--kb",
        str(mini_kb),
        "--port",
        str(port),
    ]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 180  # it loads the model and the expander before it listens
    while time.monotonic() < deadline and process.poll() is None:
        try:
            httpx.post(f"{url}/search", json={}, timeout=2)
            break
        except httpx.TransportError:
            time.sleep(0.3)
    else:
        process.kill()
        pytest.fail(f"apkg search-server did not start: {process.stdout.read().decode()}")
    yield url
    process.terminate()
    process.wait(10)


@pytest.mark.parametrize("extra", [(), ("--json",), ("--mode", "lexical", "--no-expand")])
def test_server_prints_what_a_local_call_prints(mini_kb, search_server, extra):
    for query in QUERIES:
        remote = single_call(mini_kb, query, "--server", search_server, *extra)
        assert remote == single_call(mini_kb, query, *extra)


def test_server_passes_errors_on_and_refuses_another_knowledge_base(mini_kb, search_server, tmp_path):
    facet = ["search", "x", "--kb", str(mini_kb), "--server", search_server, "--sphere", "Upstream"]
    wrong = runner.invoke(app, facet)
    assert wrong.exit_code == 1 and "unknown sphere" in wrong.output
    other = runner.invoke(app, ["search", "x", "--kb", str(tmp_path), "--server", search_server])
    assert other.exit_code == 1 and f"not {tmp_path}" in other.output
    assert httpx.post(f"{search_server}/search", json={"query": "x"}).status_code == 400


def test_no_server_is_one_error_line(mini_kb):
    url = f"http://127.0.0.1:{free_port()}"
    result = runner.invoke(app, ["search", "x", "--kb", str(mini_kb), "--server", url])
    assert result.exit_code == 1 and "no search server answers" in result.output


def test_a_call_to_a_server_loads_no_search_code(mini_kb):
    """The client side of ``--server`` is the standard library: no spaCy, rdflib or model."""
    url = f"http://127.0.0.1:{free_port()}"
    script = (
        "import sys; from apkg.app.cli import main; "
        f"sys.argv = ['apkg', 'search', 'x', '--kb', {str(mini_kb)!r}, '--server', {url!r}]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in ('spacy', 'rdflib', 'faiss', 'onnxruntime', 'apkg.kb') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "[]"
