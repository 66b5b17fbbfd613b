"""Streamlit pages run headless with ``AppTest`` over the mini knowledge base: the SPARQL page runs
a query once per submission, through the endpoint's workers (checks and time limit), and bad
input anywhere shows one message, never a traceback."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from apkg.app.cli_app import KB_ENV
from apkg.graph.query_pool import DEFAULT_TIMEOUT

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
