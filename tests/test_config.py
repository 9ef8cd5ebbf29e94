from __future__ import annotations

import dataclasses
import re
import time
from pathlib import Path

import pytest

from voice_skill import Config, load_config
from voice_skill.base.errors import ConfigError

from .conftest import ROOT
from .support.hostile import alias_bomb


def test_defaults_without_any_file() -> None:
    config = load_config()
    assert config == Config()
    assert config.emergency_number == "911"


def test_a_file_overrides_some_keys(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_text("emergency_number: '112'\nmatch:\n  answer_threshold: 50\nintent_dirs: [mine]\n", encoding="utf-8")
    config = load_config(path)
    assert config.emergency_number == "112"
    assert config.match.answer_threshold == 50.0 and config.match.confirm_margin == Config().match.confirm_margin
    assert config.intent_dirs == (str(tmp_path / "mine"),), "relative to the config file"


def test_environment_and_user_file_are_found(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    user = tmp_path / "xdg" / "voice-skill" / "config.yaml"
    user.parent.mkdir(parents=True)
    user.write_text("emergency_number: '999'\n", encoding="utf-8")
    assert load_config().emergency_number == "999"
    env = tmp_path / "env.yaml"
    env.write_text("emergency_number: '000'\n", encoding="utf-8")
    monkeypatch.setenv("VOICE_SKILL_CONFIG", str(env))
    assert load_config().emergency_number == "000"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("match:\n  answr_threshold: 3\n", r"c.yaml:2: unknown key 'answr_threshold'"),
        ("match:\n  answer_threshold: 300\n", r"c.yaml:2: 'match.answer_threshold' must be between 0 and 100"),
        ("voice:\n  rate: fast\n", r"c.yaml:2: 'voice.rate' must be a whole number"),
        ("voice:\n  rate: 300\n  rate_max: 200\n", r"c.yaml:2: 'voice.rate' \(300\) must lie between"),
        ("mtach:\n  answer_threshold: 3\n", r"c.yaml:1: unknown key 'mtach' in 'the file'; did you mean 'match'\? \("),
        ("match:\n  answr_threshold: 3\n", r"did you mean 'answer_threshold'\?"),
        ("bogus: 1\n", r"c.yaml:1: unknown key 'bogus' in 'the file' \(known: builtin_intents, "),
        (
            "voice:\n  rate_min: 300\n  rate_max: 100\n",
            r"c.yaml:2: 'voice.rate_min' \(300\) must not be above 'voice.rate_max' \(100\)$",
        ),
        (
            "voice:\n  rate_min: 300\n",
            r"c.yaml:2: 'voice.rate_min' \(300\) must not be above 'voice.rate_max' \(265, the",
        ),
        (
            "voice:\n  rate_max: 100\n",
            r"c.yaml:2: 'voice.rate_max' \(100\) must not be below 'voice.rate' \(165, the def",
        ),
        (
            "voice:\n  rate: 100\n  rate_min: 120\n",
            r"c.yaml:2: 'voice.rate' \(100\) must lie between 'voice.rate_min' \(120\)",
        ),
        ("voice:\n  volume_min: 0.9\n", r"c.yaml:2: 'voice.volume_min' \(0.9\) must not be above 'voice.volume' \(0.8"),
        ("match:\n  long_question_words: 4\n", r"c.yaml:2: 'match.short_question_words' \(6\) must be less than"),
        ("wake:\n  phrase: ' '\n", r"c.yaml:2: 'wake.phrase' must not be empty"),
        ("language: fr\n", r"c.yaml:1: no built-in intents for language 'fr' \(available: en\)"),
        ("emergency_number: ' '\n", r"c.yaml:1: 'emergency_number' must not be empty"),
        ("dialogue: [1, 2]\n", r"'dialogue' must be a mapping"),
        ("match: {answer_threshold: [\n", r"c.yaml:\d+: invalid YAML"),
        ("- just\n- a list\n", r"'the file' must be a mapping"),
        (
            "voice:\n  rate: 100\n  volume: 1\n  rate: 120\n",
            r"c.yaml:4: key 'rate' is written twice in 'voice' \(lines 2 and 4\)",
        ),
        ("language: en\nlanguage: en\n", r"c.yaml:2: key 'language' is written twice \(lines 1 and 2\)"),
        ("voice: &v {rate: 100}\nmatch: *v\n", r"c.yaml:2: YAML aliases are not accepted \('\*v' repeats '&v'\)"),
        ("match: " + "[" * 500 + "]" * 500 + "\n", r"c.yaml:1: nested more than 64 levels deep"),
    ],
)
def test_invalid_config_is_one_clear_error(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "c.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=message) as info:
        load_config(path)
    assert "\n" not in str(info.value)


def test_any_language_goes_without_the_built_in_intents(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_text("builtin_intents: false\nlanguage: fr\n", encoding="utf-8")
    assert load_config(path).language == "fr"


def test_an_alias_bomb_config_is_refused_at_once(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_text(alias_bomb("emergency_number"), encoding="utf-8")
    started = time.perf_counter()
    with pytest.raises(ConfigError, match=r"c.yaml:2: YAML aliases are not accepted") as info:
        load_config(path)
    assert time.perf_counter() - started < 1.0 and "\n" not in str(info.value)


def test_every_problem_is_counted_a_key_written_twice_first(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_text("voice:\n  rate: 100\n  rate: 500\nmatch:\n  bogus: 1\n", encoding="utf-8")
    with pytest.raises(
        ConfigError, match=r"c.yaml:3: key 'rate' is written twice in 'voice' \(lines 2 and 3\) \(and 2 more\)"
    ):
        load_config(path)


def test_missing_and_non_utf8_files(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="file not found"):
        load_config(tmp_path / "nope.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_bytes(b"emergency_number: '\xff'\n")
    with pytest.raises(ConfigError, match="not UTF-8"):
        load_config(bad)


def _keys(cls: type, prefix: str = "") -> list[str]:
    keys = []
    for field in dataclasses.fields(cls):
        default = field.default_factory() if field.default_factory is not dataclasses.MISSING else field.default
        if dataclasses.is_dataclass(default):
            keys += _keys(type(default), f"{prefix}{field.name}.")
        else:
            keys.append(f"{prefix}{field.name}")
    return keys


def test_readme_documents_every_config_key_with_its_default() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    config = Config()
    for key in _keys(Config):
        row = re.search(rf"^\| `{re.escape(key)}` \| ([^|]+) \|", readme, re.MULTILINE)
        assert row, f"README lacks the config key {key}"
        value: object = config
        for part in key.split("."):
            value = getattr(value, part)
        if isinstance(value, int | float) and not isinstance(value, bool):
            assert float(row.group(1).strip(" `")) == float(value), key


def test_example_config_is_valid() -> None:
    assert load_config(ROOT / "config.example.yaml").emergency_number == "911"


def test_the_second_look_and_barge_in_are_configured_in_the_wake_section() -> None:
    from voice_skill.wake import Confirm

    text = "wake:\n  confirm: none\n  barge_in:\n    words: [stop, cancel]\n    echo:\n      tail_ms: 400\n"
    config = Config.from_yaml(text)
    assert config.wake.confirm is Confirm.NONE
    assert config.wake.barge_in.words == ("stop", "cancel") and config.wake.barge_in.echo.tail_ms == 400
    assert Config().wake.confirm is Confirm.SCORE
    scored = Config.from_yaml("wake:\n  confirm: score\n  confirm_log_prob: -1.5\n").wake
    assert scored.confirm is Confirm.SCORE and scored.confirm_log_prob == -1.5
    with pytest.raises(ConfigError, match=re.escape("'wake.confirm' must be one of: score, whisper, none")):
        Config.from_yaml("wake:\n  confirm: maybe\n")
