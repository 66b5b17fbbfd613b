"""Every competency query runs against the ontology; those the ontology alone answers get checked answers."""

from __future__ import annotations

import pyoxigraph
import pytest

from apkg.ontology import competency_queries, taxonomy, tool_spheres

QUERIES = {query.name: query for query in competency_queries()}


def run(store: pyoxigraph.Store, name: str) -> list[dict[str, str]]:
    """Run a competency query and return its rows as ``{variable: lexical value}``."""
    solutions = store.query(QUERIES[name].sparql, use_default_graph_as_union=True)
    names = [variable.value for variable in solutions.variables]
    return [{n: row[n].value for n in names if row[n] is not None} for row in solutions]


def test_queries_cover_the_three_user_groups():
    users = {query.user for query in QUERIES.values()}
    assert users == {"researcher", "trainer", "developer"}
    assert all(query.question.endswith("?") for query in QUERIES.values())


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_every_query_runs(ontology_oxigraph, name):
    rows = run(ontology_oxigraph, name)
    if QUERIES[name].scope == "ontology":
        assert rows, f"{name} has an empty answer on the ontology"


def test_response_sphere_has_many_tools_with_definitions_and_synonyms(ontology_oxigraph):
    rows = run(ontology_oxigraph, "response-tools")
    assert len(rows) >= 15
    labels = {row["label"] for row in rows}
    assert {"Targeted sanctions", "Arms embargo", "Mediation"} <= labels
    assert all(row["definition"] for row in rows)
    assert sum(1 for row in rows if row.get("synonyms")) >= 15


def test_tools_by_sphere_are_the_typed_tools_the_queries_count(ontology_oxigraph):
    """The tools of each sphere, as search facets and the graph's sphere counts read them, are the
    ``apkg:Tool`` instances with ``apkg:sphere`` that the reference query joins on."""
    sparql = "SELECT ?tool ?sphere { ?tool a apkg:Tool ; apkg:sphere ?sphere }"
    prefix = "PREFIX apkg: <https://w3id.org/apkg/ontology#> "
    solutions = ontology_oxigraph.query(prefix + sparql, use_default_graph_as_union=True)
    pairs = {(row["tool"].value, row["sphere"].value) for row in solutions}
    assert len(pairs) > 100
    assert {(tool, sphere) for sphere, tools in taxonomy().tools_by_sphere.items() for tool in tools} == pairs
    assert {(tool, sphere) for tool, spheres in tool_spheres().items() for sphere in spheres} == pairs


def test_tools_addressing_triggering_factors(ontology_oxigraph):
    rows = run(ontology_oxigraph, "tools-for-triggering-factors")
    assert len(rows) >= 4
    assert any("Early warning" in row["label"] or "early warning" in row["label"] for row in rows)


def test_every_risk_factor_has_five_indicators(ontology_oxigraph):
    rows = run(ontology_oxigraph, "risk-factor-indicators")
    by_number = {int(row["number"]): row for row in rows}
    assert sorted(by_number) == list(range(1, 15))
    assert all(int(row["indicators"]) >= 5 for row in rows)
    assert by_number[10]["crime"] == "Genocide"
    assert by_number[11]["crime"] == "Crimes against humanity"
    assert by_number[13]["crime"] == "War crimes"


def test_crimes_acts_and_ethnic_cleansing_status(ontology_oxigraph):
    rows = run(ontology_oxigraph, "crimes-and-acts")
    distinct = {row["crime"]: row.get("distinctInLaw") for row in rows}
    assert distinct["Ethnic cleansing"] == "false"
    assert distinct["Genocide"] == distinct["War crimes"] == distinct["Crimes against humanity"] == "true"
    article_two = {
        row["act"]
        for row in rows
        if row["crime"] == "Genocide"
        and row.get("legalBasis", "").startswith("Genocide Convention, art. II(")
    }
    assert len(article_two) == 5


def test_distinctions_between_atrocity_and_conflict_prevention(ontology_oxigraph):
    rows = run(ontology_oxigraph, "atrocity-vs-conflict-prevention")
    statements = " ".join(row["statement"].lower() for row in rows)
    assert len(rows) >= 3
    assert "neutral" in statements
    assert "peacetime" in statements or "outside armed conflict" in statements
    assert "early-warning" in statements or "early warning" in statements


def test_local_actors_are_first_responders(ontology_oxigraph):
    rows = run(ontology_oxigraph, "local-actors")
    assert any("first" in row["statement"].lower() for row in rows)


def test_cases_timeline(ontology_oxigraph):
    rows = run(ontology_oxigraph, "cases-timeline")
    assert len({row["case"] for row in rows}) == len(rows) >= 15  # one row per case
    rwanda = next(row for row in rows if row["label"] == "Rwanda 1994")
    assert rwanda["start"] == "1994" and "Rwanda" in rwanda["places"]
    assert "Genocide" in rwanda["crimes"]
    assert rwanda["wikidata"].startswith("http://www.wikidata.org/entity/Q")
    starts = [int(row["start"]) for row in rows]
    assert starts == sorted(starts)


def test_ten_stages_in_order(ontology_oxigraph):
    rows = run(ontology_oxigraph, "genocide-stages")
    stages = [row["stage"] for row in rows]
    assert (stages[0], stages[-1]) == ("Classification stage", "Denial stage")
    assert len(rows) == 10
    assert all(row.get("next") for row in rows[:-1]) and "next" not in rows[-1]


def test_three_pillars(ontology_oxigraph):
    rows = run(ontology_oxigraph, "r2p-pillars")
    assert [row["notation"] for row in rows] == ["I", "II", "III"]


def test_tools_by_actor_level(ontology_oxigraph):
    rows = run(ontology_oxigraph, "tools-by-actor-level")
    assert {row["level"] for row in rows} == {
        "Local level",
        "National level",
        "Regional level",
        "International level",
    }


def test_actor_types(ontology_oxigraph):
    rows = run(ontology_oxigraph, "actors-by-type")
    counts = {row["type"]: int(row["actors"]) for row in rows}
    assert sum(counts.values()) >= 50
    assert counts["Regional organisation"] >= 5
    assert counts["Court or tribunal"] >= 5
    examples = {row["type"]: row["example"] for row in rows}
    assert examples["State"] and examples["Court or tribunal"]


def test_every_actor_of_the_ontology_is_typed_actor_in_the_store(ontology_oxigraph):
    def actors(pattern: str) -> set[str]:
        query = f"SELECT DISTINCT ?x WHERE {{ ?x {pattern} <https://w3id.org/apkg/ontology#Actor> }}"
        return {row[0].value for row in ontology_oxigraph.query(query, use_default_graph_as_union=True)}

    by_path = actors("a/<http://www.w3.org/2000/01/rdf-schema#subClassOf>*")
    assert len(by_path) > 100 and actors("a") == by_path  # a state, a court, a person: all typed
