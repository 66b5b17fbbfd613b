"""What a passage is, from its surface: prose, or a table, records, a list of names, references,
a fragment; and search ranks what is not prose below it, saying so."""

from __future__ import annotations

import pytest

from apkg.ingest.quality import PassageKind, passage_kind

PROSE = (
    "The Security Council imposed an arms embargo on the parties after months of hesitation, "
    "and the mediators argued that it came too late to change the calculations of the commanders."
)
TABLE = "Variable n missing unique Mean 9163 0 178 0.035 0.10 0.25 0.50 (8887, 98%) 1 (199, 2%) 2 (10, 0%)"
RECORDS = "Family: Mediation factors\n\nType: Factor\n\nInterview name: neutral_venue\n\nCoder: NA\n"
NAMES = (
    "Organization Of American States Organization Of Islamic Cooperation Oxfam International "
    "Pan African Parliament Peace Brigades International Permanent Mission Of Ghana Qatar Foundation"
)
REFERENCES = (
    "Abbott, K. W. & Snidal, D. (2000). Hard and soft law. Barnett, M. & Finnemore, M. (2004). "
    "Rules for the World. Bauer, M. W. et al. (2017). International bureaucracy. Hooghe, L. (2015)."
)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        (PROSE, PassageKind.PROSE),
        (TABLE, PassageKind.TABLE),
        (RECORDS, PassageKind.RECORDS),
        (NAMES, PassageKind.NAMES),
        (REFERENCES, PassageKind.REFERENCES),
        ("###", PassageKind.FRAGMENT),
        ("4:35 P.M. EDT", PassageKind.FRAGMENT),
        (
            "Le Conseil de sécurité a imposé un embargo sur les armes aux parties au conflit.",
            PassageKind.PROSE,
        ),
        (
            "El Consejo de Seguridad impuso un embargo de armas a las partes en el conflicto.",
            PassageKind.PROSE,
        ),
    ],
)
def test_passage_kinds(text, kind):
    assert passage_kind(text) == kind


def test_prose_with_citations_is_still_prose():
    text = (
        "Given that the dataset distinguishes the statements of member states from those of the "
        "secretariat, it is a new source of evidence on the influence of international bureaucracies "
        "(Abbott et al., 2014; Barnett & Finnemore, 2004; Bauer et al., 2017; Eckhard & Ege, 2016)."
    )
    assert passage_kind(text) == PassageKind.PROSE


def test_search_ranks_tables_found_without_their_words_below_prose(tmp_path, settings):
    """A table found only through its document's title is ranked after the prose and says so; a
    query for what the table holds finds it where it ranks."""
    import json

    from apkg.build import build
    from apkg.kb import KnowledgeBase

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "codebook.txt").write_text(
        "onsetyr n missing unique Mean 1 0 0 1 0 2 1 3 0.25 0.5 (12, 3%) 1946 1950 1960 1970 0 1 2 4 5\n",
        encoding="utf-8",
    )
    sidecar = {"title": "Early warning of genocide: codebook"}
    (corpus / "codebook.txt.meta.json").write_text(json.dumps(sidecar), encoding="utf-8")
    (corpus / "report.txt").write_text(
        "Early warning of genocide depends on reading the signs of mass violence in time.\n", encoding="utf-8"
    )
    build(corpus, tmp_path / "kb", settings, progress=False)
    kb = KnowledgeBase.open(tmp_path / "kb")
    assert [p.kind for p in kb.passages("codebook")] == ["table"]
    hits = kb.search("early warning of genocide codebook", k=2)
    assert [hit.doc_id for hit in hits] == ["report", "codebook"]
    assert hits[1].ranked_down and "ranked below running text: a table of numbers" in hits[1].reasons()
    assert not hits[0].ranked_down
    [asked] = kb.search("onsetyr", k=1, mode="lexical")
    assert asked.doc_id == "codebook" and not asked.ranked_down
