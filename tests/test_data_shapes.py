"""The SHACL shapes for instance data accept a well-formed example and reject broken ones by name."""

from __future__ import annotations

import pyshacl
import pytest
from rdflib import Graph

from apkg.ontology import SHAPES_DIR

from .conftest import DATA_DIR

SHAPES = Graph().parse(SHAPES_DIR / "data-shapes.ttl")
VALID = (DATA_DIR / "instance-valid.ttl").read_text(encoding="utf-8")


def validate(turtle: str) -> tuple[bool, str]:
    conforms, _, text = pyshacl.validate(
        Graph().parse(data=turtle, format="turtle"), shacl_graph=SHAPES, advanced=True
    )
    return conforms, text


def test_valid_example_conforms():
    conforms, text = validate(VALID)
    assert conforms, text


def test_a_speech_by_a_state_conforms():
    speech = 'apkg:docType "speech" ;\n    dcterms:creator <https://w3id.org/apkg/resource/Rwanda> ;'
    conforms, text = validate(VALID.replace('apkg:docType "article" ;', speech))
    assert conforms, text


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "    dcterms:isPartOf <https://w3id.org/apkg/id/doc/example> ;\n",
            "",
            "Passage belongs to no document",
        ),
        ("apkg:charEnd 58", "apkg:charEnd 0", "Passage ends before it starts"),
        (
            ' ,\n                       [ a oa:TextQuoteSelector ; oa:exact "Early warning" ;'
            ' oa:suffix " lets local" ]',
            "",
            "needs one oa:TextQuoteSelector",
        ),
        ("oa:hasBody apkg:EarlyWarning ;", "", "exactly one concept or actor"),
        ('dcterms:title "A note on early warning" ;', "", "Document has no title"),
        (
            'apkg:docType "article" ;',
            'apkg:docType "article" ;\n    dcterms:creator <https://w3id.org/apkg/resource/Rwanda> ;',
            "Only a speech has a creator",
        ),
        (
            'apkg:docType "article" ;',
            'apkg:docType "speech" ;\n    dcterms:creator "Government of Rwanda" ;',
            "creator is one actor of the ontology",
        ),
    ],
)
def test_broken_examples_are_rejected(old, new, message):
    assert old in VALID
    conforms, text = validate(VALID.replace(old, new))
    assert not conforms
    assert message in text


STATEMENT = """
<https://w3id.org/apkg/id/statement/s1> a apkg:Statement ;
    oa:hasBody apkg:ResponsibilityToProtect ;
    dcterms:isPartOf <https://w3id.org/apkg/id/doc/example> ;
    apkg:speaker <https://w3id.org/apkg/resource/Rwanda> ;
    apkg:sense apkg:ConceptSense ;
    apkg:stance apkg:SupportiveStance ;
    apkg:stanceRule "S2" ;
    apkg:sentence "We must live up to R2P." ;
    apkg:inPassage <https://w3id.org/apkg/id/doc/example/passage/0> ;
    oa:hasTarget [ a oa:SpecificResource ;
        oa:hasSource <https://w3id.org/apkg/id/doc/example/passage/0> ;
        oa:hasSelector [ a oa:TextPositionSelector ; oa:start 0 ; oa:end 58 ] ,
                       [ a oa:TextQuoteSelector ; oa:exact "We must live up to R2P." ] ] ;
    prov:wasGeneratedBy <https://w3id.org/apkg/id/run/example-concepts> .
"""


def test_a_statement_conforms():
    conforms, text = validate(VALID + STATEMENT)
    assert conforms, text


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("apkg:sense apkg:ConceptSense", "apkg:sense apkg:EverydaySense", "Only a statement whose"),
        ("apkg:stance apkg:SupportiveStance", "apkg:stance apkg:NormSupport", "apkg:stance"),
        ("    oa:hasBody apkg:ResponsibilityToProtect ;\n", "", "exactly one concept"),
        ("<https://w3id.org/apkg/resource/Rwanda>", '"Rwanda"', "speaker is one actor"),
        (
            'apkg:sentence "We must live up to R2P."',
            'apkg:sentence "We must."',
            "its target's quote and source",
        ),
        (
            "apkg:inPassage <https://w3id.org/apkg/id/doc/example/passage/0>",
            "apkg:inPassage <https://w3id.org/apkg/id/doc/example/passage/1>",
            "its target's quote and source",
        ),
        ('    apkg:sentence "We must live up to R2P." ;\n', "", "apkg:sentence"),
    ],
)
def test_broken_statements_are_rejected(old, new, message):
    assert old in STATEMENT
    conforms, text = validate(VALID + STATEMENT.replace(old, new))
    assert not conforms
    assert message in text


@pytest.mark.parametrize(
    ("mode", "accepted"), [("OpposedMode", True), ("UrgedMode", False), ("AppliedMode", False)]
)
def test_only_an_opposed_relation_may_be_aimed_at_its_agent(mode: str, accepted: bool) -> None:
    """A state opposes sanctions against itself; it does not apply or call for them."""
    relation = f"""
        @prefix apkg: <https://w3id.org/apkg/ontology#> .
        <https://w3id.org/apkg/id/relation/r1> a apkg:ToolRelation ;
            apkg:agent <https://w3id.org/apkg/resource/Burundi> ;
            apkg:aimedAt <https://w3id.org/apkg/resource/Burundi> ;
            apkg:tool apkg:Sanctions ;
            apkg:mode apkg:{mode} .
    """
    _, text = validate(relation)
    assert ("its own target" not in text) is accepted
