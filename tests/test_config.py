"""Settings resolve from defaults, a TOML file, APKG_* variables and --set, and reject bad input by name."""

from __future__ import annotations

from pathlib import Path

import pytest

from apkg import ConfigError, UnknownSetting, load_settings


def test_defaults():
    settings = load_settings(environ={}, config_file=None)
    assert settings.kb.path == Path("kb")


def test_precedence_file_then_environment_then_overrides(tmp_path: Path):
    config = tmp_path / "apkg.toml"
    config.write_text('[kb]\npath = "from-file"\n[corpus]\npath = "docs"\n', encoding="utf-8")
    settings = load_settings(config, environ={"APKG_KB_PATH": "from-env"})
    assert settings.kb.path == Path("from-env")
    assert settings.corpus.path == Path("docs")
    settings = load_settings(config, environ={"APKG_KB_PATH": "from-env"}, overrides=["kb.path=cli"])
    assert settings.kb.path == Path("cli")


def test_unknown_setting_lists_available(tmp_path: Path):
    with pytest.raises(UnknownSetting, match=r"unknown setting 'kb\.nope'.*kb\.path"):
        load_settings(environ={}, overrides=["kb.nope=1"])


def test_malformed_file_names_the_file(tmp_path: Path):
    config = tmp_path / "broken.toml"
    config.write_text("[kb\npath=", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"broken\.toml"):
        load_settings(config, environ={})


def test_override_without_equals_sign():
    with pytest.raises(ConfigError, match=r"section\.name=value"):
        load_settings(environ={}, overrides=["kb.path"])
