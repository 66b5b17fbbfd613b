"""Results kept between processes in the user's cache: made once, read back the same, made again
when their key or their code changes, and never a reason to fail."""

from __future__ import annotations

import importlib.util
import subprocess
import sys

import pytest

from apkg.ontology.load import ontology_hash
from apkg.ontology.taxonomy import _read_taxonomy, load_taxonomy
from apkg.user_cache import cache_folder, cached, code_fingerprint


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path / "cache"


class Maker:
    """Counts how often the result had to be made."""

    def __init__(self, result: object) -> None:
        self.result, self.calls = result, 0

    def __call__(self) -> object:
        self.calls += 1
        return self.result


def test_a_result_is_made_once_and_read_back_equal(cache):
    make = Maker({"sanctions": {"targeted sanctions", "arms embargo"}})
    first = cached("sample", ["v1"], make)
    again = cached("sample", ["v1"], make)
    assert make.calls == 1 and again == first == make.result
    assert again is not first  # the second came from the file
    assert [p.parent for p in cache.rglob("*.pickle")] == [cache_folder("sample")]
    assert not list(cache.rglob(".*"))  # no staged file left behind


def test_another_key_makes_another_result(cache):
    make = Maker([1, 2, 3])
    cached("sample", ["v1"], make)
    cached("sample", ["v2"], make)
    cached("sample", ["v1", "extra"], make)
    assert make.calls == 3


def test_a_damaged_entry_is_made_again(cache):
    make = Maker("taxonomy")
    cached("sample", ["v1"], make)
    [entry] = cache.rglob("*.pickle")
    entry.write_bytes(entry.read_bytes()[:5])
    assert cached("sample", ["v1"], make) == "taxonomy" and make.calls == 2
    assert cached("sample", ["v1"], make) == "taxonomy" and make.calls == 2  # repaired


def test_an_unwritable_cache_only_costs_time(cache):
    cache.parent.mkdir(exist_ok=True)
    cache.write_text("a file where the cache folder should be")
    make = Maker(42)
    assert cached("sample", ["v1"], make) == 42
    assert cached("sample", ["v1"], make) == 42 and make.calls == 2


def test_the_fingerprint_changes_with_the_code(tmp_path):
    source = tmp_path / "module_under_test.py"
    source.write_text("VALUE = 1\n")
    spec = importlib.util.spec_from_file_location("module_under_test", source)
    assert spec is not None
    module = importlib.util.module_from_spec(spec)
    before = code_fingerprint([module, sys.modules[__name__]])
    assert code_fingerprint([module, sys.modules[__name__]]) == before
    source.write_text("VALUE = 2\n")
    assert code_fingerprint([module, sys.modules[__name__]]) != before


def test_the_cached_taxonomy_is_the_one_read_from_the_ontology(cache):
    load_taxonomy.cache_clear()
    try:
        version = ontology_hash()
        kept = load_taxonomy(version)
        load_taxonomy.cache_clear()
        read_back = load_taxonomy(version)
    finally:
        load_taxonomy.cache_clear()
    fresh = _read_taxonomy(version)
    assert read_back is not kept and list(cache.rglob("*.pickle"))
    assert read_back.version == version
    assert read_back.lexicon == fresh.lexicon
    assert read_back.narrower == fresh.narrower and read_back.tools_by_sphere == fresh.tools_by_sphere
    assert read_back.by_label == fresh.by_label


def test_a_second_process_reads_the_ontology_from_the_cache(cache):
    script = (
        "import sys; from apkg.ontology.taxonomy import taxonomy; "
        "print(len(taxonomy().lexicon.entries), 'oxrdflib' in sys.modules)"
    )
    env = {"XDG_CACHE_HOME": str(cache), "PATH": ""}
    command = [sys.executable, "-c", script]
    runs = [subprocess.run(command, capture_output=True, text=True, env=env, check=True) for _ in range(2)]
    (entries, parsed_first), (entries_again, parsed_again) = (run.stdout.split() for run in runs)
    assert entries == entries_again and int(entries) > 5000
    assert (parsed_first, parsed_again) == ("True", "False")  # the second never parsed Turtle
