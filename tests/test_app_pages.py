"""Streamlit pages run headless with ``AppTest`` over the mini knowledge base: the SPARQL page runs
a query once per submission, through the endpoint's workers (checks and time limit), and bad
input anywhere shows one message, never a traceback."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from apkg.app.cli_app import KB_ENV
from apkg.graph.query_pool import DEFAULT_TIMEOUT
from apkg.search.hits import WEAK_MATCH

SCREENS = Path(__file__).resolve().parents[1] / "app" / "screens"
CARTESIAN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


@pytest.fixture
def page(mini_kb, monkeypatch):
    monkeypatch.setenv(KB_ENV, str(mini_kb))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")

    def open_page(name: str, **params: str) -> AppTest:
        app = AppTest.from_file(str(SCREENS / name), default_timeout=60)
        app.query_params.update(params)
        return app.run()

    return open_page


def submit(app: AppTest, query: str) -> AppTest:
    app.text_area(key="sparql_text").set_value(query)
    return app.button[0].click().run(timeout=DEFAULT_TIMEOUT + 30)


def test_sparql_page_runs_a_query_once_per_submission(page):
    app = page("sparql.py")
    assert not app.exception and not app.error
    first = app.session_state["sparql_answer"]
    app.run()  # a rerun without a submission (as a download click causes) reuses the answer
    assert app.session_state["sparql_answer"] == first
    submit(app, "SELECT ?d WHERE { ?d a <https://w3id.org/apkg/ontology#Document> }")
    assert app.session_state["sparql_answer"] != first
    assert "5 row(s)" in app.markdown[-1].value and len(app.dataframe[0].value) == 5


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("DELETE WHERE { ?s ?p ?o }", "read-only"),
        ("SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }", "SERVICE is refused"),
        ("SELECT * WHERE " + "{ " * 5000 + "}" * 5000, "nests brackets more than 200 deep"),
        ("SELECT * WHERE { ?s ?p }", "malformed query"),
    ],
)
def test_sparql_page_refuses_with_one_message(page, query, message):
    app = submit(page("sparql.py"), query)
    assert not app.exception
    assert len(app.error) == 1 and message in app.error[0].value


def test_sparql_page_stops_a_query_at_the_endpoints_time_limit(page):
    app = page("sparql.py")
    started = time.monotonic()
    submit(app, CARTESIAN)
    assert not app.exception
    assert len(app.error) == 1 and f"{DEFAULT_TIMEOUT:g} s limit" in app.error[0].value
    assert time.monotonic() - started < DEFAULT_TIMEOUT + 5


def test_search_with_an_unknown_more_like_this_passage_shows_one_message(page):
    app = page("search.py", like="apkg-0011/p7")
    assert not app.exception
    assert len(app.warning) == 1 and "No passage 'apkg-0011/p7'" in app.warning[0].value


def test_a_query_nothing_matches_well_says_so(page):
    app = page("search.py", q="purple elephant knitting a sourdough scarf")
    assert not app.exception
    assert [w.value for w in app.warning] == [WEAK_MATCH]
    assert not page("search.py", q="arms embargo against militias").warning


def test_the_search_page_honours_search_settings_as_apkg_search_does(mini_kb, monkeypatch, tmp_path):
    """``apkg app --config F --set ...`` hands its settings to the page: the same hits, in the same
    order, as ``apkg search`` with the same settings, and ``search.k`` hits by default."""
    import json

    from typer.testing import CliRunner

    from apkg.app.cli import app as cli
    from apkg.app.cli_app import CONFIG_ENV, OVERRIDES_ENV

    config = tmp_path / "apkg.toml"
    config.write_text("[search]\ndense_weight = 1.0\n", encoding="utf-8")
    overrides = ["search.k=3", "search.proximity_window=2"]
    query = "sanctions against militias"
    arguments = ["--config", str(config)] + [part for o in overrides for part in ("--set", o)]
    printed = CliRunner().invoke(cli, [*arguments, "search", query, "--json", "--kb", str(mini_kb)])
    assert printed.exit_code == 0, printed.output
    tuned = json.loads(printed.output)
    expected = [hit["passage_id"] for hit in tuned]
    default = json.loads(CliRunner().invoke(cli, ["search", query, "--json", "--kb", str(mini_kb)]).output)
    dense = CliRunner().invoke(cli, ["search", query, "--json", "--mode", "dense", "--kb", str(mini_kb)])
    dense_scores = [hit["score"] for hit in json.loads(dense.output)][:3]
    # all of the fusion's weight on the dense ranking: the dense mode's scores, not the default's
    assert len(default) > 3 and [hit["score"] for hit in tuned] == dense_scores != [
        h["score"] for h in default[:3]
    ]

    monkeypatch.setenv(KB_ENV, str(mini_kb))
    monkeypatch.setenv(CONFIG_ENV, str(config))
    monkeypatch.setenv(OVERRIDES_ENV, json.dumps(overrides))
    st.cache_resource.clear()  # a server process starts with none: settings are read once per server
    try:
        page = AppTest.from_file(str(SCREENS / "search.py"), default_timeout=120)
        page.query_params["q"] = query
        page.run()
    finally:
        st.cache_resource.clear()
    assert not page.exception
    shown = [box.key.removeprefix("sel_") for box in page.checkbox if box.key.startswith("sel_")]
    assert len(expected) == 3 and shown == expected
