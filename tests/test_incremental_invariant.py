"""The incremental build's invariant: whatever sequence of edits a corpus folder goes through, a
build after each edit leaves the knowledge base equal in content to a build from scratch of the
same folder (passages, full-text rows, vectors, dense index, graph, document metadata)."""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from apkg.build import build
from apkg.config import load_settings

from .kb_content import kb_content

SENTENCES = (
    "The Security Council imposed targeted sanctions and an arms embargo on the militia leaders.",
    "Early warning indicators included hate speech on the radio and the arbitrary detention of journalists.",
    "A truth commission and reparations helped the survivors after the genocide in Rwanda.",
    "Preventive diplomacy by the African Union eased tensions before the elections in Kenya.",
    "The International Criminal Court opened an investigation into crimes against humanity.",
    "Mediation between the parties was supported by the Office on Genocide Prevention.",
)
TITLES = ("Field report", "Briefing note", "Situation update", "Country brief")
NAMES = ("alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf")
BUILD_SETTINGS = load_settings(environ={})

texts = st.lists(st.sampled_from(SENTENCES), min_size=1, max_size=4).map(" ".join)


class CorpusEdits(RuleBasedStateMachine):
    """Adds, changes, renames, removes and retitles the files of a small corpus, building the
    knowledge base after each edit."""

    @initialize(text=texts)
    def start(self, text: str) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="apkg-invariant-"))
        self.corpus = self.root / "corpus"
        self.corpus.mkdir()
        self.kb = self.root / "kb"
        (self.corpus / "alpha.txt").write_text(text, encoding="utf-8")
        self._build()

    def teardown(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)

    def _files(self) -> list[Path]:
        return sorted(self.corpus.glob("*.txt"))

    def _build(self) -> None:
        summary = build(self.corpus, self.kb, BUILD_SETTINGS, progress=False)
        assert summary.ok, summary.failures

    @rule(name=st.sampled_from(NAMES), text=texts)
    def add(self, name: str, text: str) -> None:
        (self.corpus / f"{name}.txt").write_text(text, encoding="utf-8")
        self._build()

    @precondition(lambda self: self._files())
    @rule(pick=st.integers(0, 10), text=texts)
    def change(self, pick: int, text: str) -> None:
        files = self._files()
        files[pick % len(files)].write_text(text, encoding="utf-8")
        self._build()

    @precondition(lambda self: self._files())
    @rule(pick=st.integers(0, 10), name=st.sampled_from(NAMES))
    def rename(self, pick: int, name: str) -> None:
        files = self._files()
        source, target = files[pick % len(files)], self.corpus / f"{name}.txt"
        if source != target and not target.exists():
            source.rename(target)
            sidecar = source.with_name(source.name + ".meta.json")
            if sidecar.exists():
                sidecar.rename(target.with_name(target.name + ".meta.json"))
        self._build()

    @precondition(lambda self: len(self._files()) > 1)
    @rule(pick=st.integers(0, 10))
    def remove(self, pick: int) -> None:
        victim = self._files()[pick % len(self._files())]
        victim.unlink()
        victim.with_name(victim.name + ".meta.json").unlink(missing_ok=True)
        self._build()

    @precondition(lambda self: self._files())
    @rule(pick=st.integers(0, 10), title=st.sampled_from(TITLES), year=st.integers(1994, 2024))
    def edit_metadata(self, pick: int, title: str, year: int) -> None:
        target = self._files()[pick % len(self._files())]
        sidecar = target.with_name(target.name + ".meta.json")
        sidecar.write_text(json.dumps({"title": title, "date": str(year)}), encoding="utf-8")
        self._build()

    @invariant()
    def equals_a_build_from_scratch(self) -> None:
        if not hasattr(self, "kb"):
            return
        scratch = self.root / "scratch"
        shutil.rmtree(scratch, ignore_errors=True)
        build(self.corpus, scratch, BUILD_SETTINGS, progress=False)
        incremental, fresh = kb_content(self.kb), kb_content(scratch)
        for part in fresh:
            assert incremental[part] == fresh[part], f"{part} differs from a build from scratch"


CorpusEdits.TestCase.settings = settings(
    max_examples=4,
    stateful_step_count=5,
    deadline=None,
    derandomize=True,  # the same sequences in every run, so CI cannot pass by luck
    phases=[Phase.explicit, Phase.generate],  # a failure prints its steps; shrinking one takes minutes
    suppress_health_check=[HealthCheck.too_slow],
)
test_incremental_build_equals_build_from_scratch = pytest.mark.slow(CorpusEdits.TestCase)
