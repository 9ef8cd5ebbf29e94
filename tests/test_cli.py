"""The command line: output contract, batch mode, chat state, check, and every error path."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

import pytest

from voice_skill import __version__
from voice_skill.cli import build_parser, main

from .conftest import ROOT


def test_ask_prints_the_answer(cli, skill) -> None:
    result = cli("ask", "--no-speak", "is this cramping normal?")
    assert result.code == 0 and result.err == ""
    assert skill.intents["cramping"].answer in result.out


def test_ask_json_contract(cli) -> None:
    result = cli("ask", "--json", "--no-speak", "is it normal to have cramps and a fever")
    payload = json.loads(result.out)
    assert {"text", "intent", "score", "urgent", "decision", "answer", "alternatives"} <= set(payload)
    assert payload["intent"] == "urgent_fever_infection" and payload["urgent"] is True
    assert payload["decision"] == "answer" and 0 <= payload["score"] <= 100
    assert all(set(a) == {"intent", "score"} for a in payload["alternatives"])


def test_ask_reads_one_question_per_line_each_a_fresh_conversation(cli) -> None:
    result = cli("ask", "--json", "--no-speak", stdin="is this cramping normal\n\nwhat is an hsg\nrepeat that\n")
    rows = [json.loads(line) for line in result.out.splitlines()]
    assert [r["intent"] for r in rows] == ["cramping", "what_is_hsg", "repeat"]
    assert all(r["answer"].startswith("This is general information") for r in rows[:2])
    assert rows[2]["answer"] == "I haven't said anything yet. What would you like to know?"


def test_ask_batch_reports_a_bad_line_and_goes_on(cli) -> None:
    result = cli("ask", "--json", "--no-speak", stdin="x" * 10_000 + "\nwhat is an hsg\n")
    assert result.code == 1
    assert [json.loads(line)["intent"] for line in result.out.splitlines()] == ["what_is_hsg"]
    assert result.err.count("\n") == 1 and "too long" in result.err


def test_chat_keeps_state(cli, skill) -> None:
    result = cli("chat", "--no-speak", stdin="what is an hsg\ntell me more\ngoodbye\nis cramping normal\n")
    lines = result.out.splitlines()
    assert lines[1] == skill.intents["what_is_hsg"].detail
    assert lines[2] == skill.intents["goodbye"].answer
    assert len(lines) == 3, "chat ends on goodbye"


def test_chat_at_a_terminal_ends_the_prompt_line_at_the_end_of_input(cli) -> None:
    result = cli("chat", "--no-speak", stdin=None, tty=True)
    assert result.code == 0 and result.out.endswith("\n> \n"), "Ctrl-D: the shell's prompt starts on its own line"


def test_check_passes_on_the_shipped_intents(cli) -> None:
    result = cli("check")
    assert result.code == 0, result.out[-2000:]
    assert "0 failed" in result.out.splitlines()[-1]
    assert result.out.splitlines()[0].split()[:3] == ["RESULT", "EXPECTED", "GOT"]


def test_check_fails_on_a_failing_test_utterance(cli, tmp_path: Path, skill) -> None:
    examples = "\n".join(f"      - widget question {w}" for w in "abcdefghijklmnop")
    (tmp_path / "w.yaml").write_text(
        "language: en\nintents:\n  widgets:\n    kind: topic\n    urgent: false\n    title: widgets\n"
        "    source: Monitoring for Concerns\n    answer: Widgets.\n    detail: More widgets.\n"
        f"    examples:\n{examples}\n    tests:\n      - what is an hsg\n",
        encoding="utf-8",
    )
    result = cli("check", str(tmp_path))
    assert result.code == 1
    assert any(line.startswith("FAIL") and "what is an hsg" in line for line in result.out.splitlines())


def test_check_lists_every_problem_and_exits_non_zero(cli, tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("language: en\nintents:\n  bad:\n    kind: topic\n", encoding="utf-8")
    (tmp_path / "b.yaml").write_bytes(b"language: en\n\xff\xfe")
    result = cli("check", str(tmp_path))
    assert result.code == 4
    assert "a.yaml:3:" in result.out and "b.yaml:2:" in result.out
    assert result.err.strip().endswith("problems in the intent files")


def test_broken_user_intents_are_one_line(cli, tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("language: en\nintents: [oops\n", encoding="utf-8")
    result = cli("--intents", str(tmp_path), "ask", "--no-speak", "what is an hsg")
    assert result.code == 4 and result.out == ""
    assert result.err.count("\n") == 1 and "a.yaml" in result.err


@pytest.mark.parametrize(
    ("args", "stdin", "code", "message"),
    [
        (["ask", ""], None, 2, "the question is empty"),
        (["ask", "--no-speak", "x" * 10_000], None, 1, "too long"),
        (["--config", "/nonexistent/config.yaml", "ask", "hi"], None, 3, "file not found"),
        (["frobnicate"], None, 2, "invalid choice"),
        ([], None, 2, "missing command"),
        (["ask", "--bogus", "hi"], None, 2, "unrecognized arguments"),
        (["--intents", "/nonexistent", "ask", "hi"], None, 4, "no such file or folder"),
    ],
)
def test_errors_are_one_line_with_non_zero_exit(cli, args, stdin, code, message) -> None:
    result = cli(*args, stdin=stdin)
    assert result.code == code
    assert result.err.count("\n") == 1 and result.err.startswith("voice-skill: error:")
    assert message in result.err


def test_ask_without_text_on_a_terminal_explains(cli) -> None:
    result = cli("ask", tty=True)
    assert result.code == 2 and "give a question" in result.err


def test_bad_config_is_one_line(cli, tmp_path: Path) -> None:
    config = tmp_path / "config.yaml"
    config.write_text("emergency_number: 112\nmatch:\n  answer_threshold: 300\n  bogus: 1\n", encoding="utf-8")
    result = cli("--config", str(config), "ask", "hi")
    assert result.code == 3 and result.err.count("\n") == 1
    assert "config.yaml:" in result.err


def test_config_file_sets_emergency_number_and_intent_folders(cli, tmp_path: Path) -> None:
    config = tmp_path / "config.yaml"
    config.write_text("emergency_number: '112'\nintent_dirs: []\n", encoding="utf-8")
    result = cli("--config", str(config), "ask", "--no-speak", "i have a fever")
    assert result.out.strip().endswith("call 112.")


@pytest.mark.slow
def test_version_and_help() -> None:
    run = [sys.executable, "-m", "voice_skill"]
    version = subprocess.run([*run, "--version"], capture_output=True, text=True, check=True, cwd=ROOT)
    assert version.stdout.strip() == f"voice-skill {__version__}"
    helptext = subprocess.run([*run, "--help"], capture_output=True, text=True, check=True, cwd=ROOT)
    for command in ("ask", "chat", "check"):
        assert command in helptext.stdout


@pytest.mark.slow
def test_real_process_never_prints_a_traceback(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_bytes(b"\x00\x01\x02 not yaml at all: [")
    for args in (["ask", "x" * 10_000], ["--intents", str(broken), "ask", "hi"], ["check", str(broken)]):
        done = subprocess.run(
            [sys.executable, "-m", "voice_skill", *args], capture_output=True, text=True, cwd=ROOT, timeout=60
        )
        assert done.returncode != 0
        assert "Traceback" not in done.stderr and "Traceback" not in done.stdout
        assert done.stderr.count("\n") == 1, done.stderr


def _commands(parser: argparse.ArgumentParser, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every command and sub-command of ``parser``, as the words typed before ``--help``."""
    found = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, child in action.choices.items():
                found.append((*prefix, name))
                found += _commands(child, (*prefix, name))
    return found


COMMANDS = _commands(build_parser())


def test_every_command_is_listed() -> None:
    assert {("chat",), ("devices",), ("voices",), ("models", "list"), ("models", "download")} <= set(COMMANDS)


@pytest.mark.parametrize("words", COMMANDS, ids=" ".join)
def test_every_command_has_a_help_description(words: tuple[str, ...], capsys) -> None:
    with pytest.raises(SystemExit) as done:
        main([*words, "--help"])
    assert done.value.code == 0
    paragraphs = capsys.readouterr().out.split("\n\n")
    assert paragraphs[0].startswith("usage:")
    description = paragraphs[1]
    assert not description.startswith(("options:", "positional arguments:")), f"'{' '.join(words)} --help' says what"
    assert len(description.split()) >= 8, description


def test_devices_lists_inputs_and_outputs(cli, monkeypatch) -> None:
    class SoundCard:
        PortAudioError = OSError

        def query_devices(self) -> list[dict[str, object]]:
            return [
                {
                    "name": "USB headset",
                    "max_input_channels": 1,
                    "max_output_channels": 2,
                    "default_samplerate": 48000.0,
                },
                {"name": "HDMI", "max_input_channels": 0, "max_output_channels": 8, "default_samplerate": 44100.0},
            ]

    monkeypatch.setattr("voice_skill.devices.portaudio.open_sounddevice", lambda purpose: SoundCard())
    listed = [line.split() for line in cli("devices").out.splitlines()]
    assert listed == [
        ["INDEX", "KIND", "CHANNELS", "RATE", "NAME"],
        ["0", "input", "1", "48000", "USB", "headset"],
        ["0", "output", "2", "48000", "USB", "headset"],
        ["1", "output", "8", "44100", "HDMI"],
    ]
    rows = json.loads(cli("devices", "--json").out)
    assert [(r["index"], r["kind"], r["channels"]) for r in rows] == [
        (0, "input", 1),
        (0, "output", 2),
        (1, "output", 8),
    ]


def test_devices_without_a_sound_card_says_so(cli, monkeypatch) -> None:
    class NoSoundCard:
        PortAudioError = OSError

        def query_devices(self) -> list[dict[str, object]]:
            return []

    monkeypatch.setattr("voice_skill.devices.portaudio.open_sounddevice", lambda purpose: NoSoundCard())
    result = cli("devices")
    assert result.code == 0 and result.out == "" and "no audio devices found" in result.err


def _calm_intent_file(folder: Path, examples: list[str]) -> Path:
    """A calm topic whose examples are ``examples`` (then filler up to the 15 required), in its own file."""
    filler = [f"widget gadget {w}" for w in "abcdefghijklmnop"][: max(0, 15 - len(examples))]
    lines = "\n".join(f"      - {e}" for e in [*examples, *filler])
    path = folder / "widgets.yaml"
    path.write_text(
        "language: en\nintents:\n  widgets:\n    kind: topic\n    urgent: false\n    title: widgets\n"
        "    source: Monitoring for Concerns\n    answer: Widgets.\n    detail: More widgets.\n"
        f"    examples:\n{lines}\n",
        encoding="utf-8",
    )
    return path


def test_check_warns_about_a_warning_sign_in_a_calm_intents_examples(cli, tmp_path: Path) -> None:
    path = _calm_intent_file(tmp_path, ["widget gadget with a fever and chills", "i do not have a fever widget"])
    result = cli("check", str(tmp_path))
    assert result.code == 0, "a warning does not fail check"
    warnings = [line for line in result.out.splitlines() if "warning:" in line]
    assert len(warnings) == 1, "a clearly denied sign is no warning"
    assert warnings[0].startswith(f"{path}:11: warning: example 'widget gadget with a fever and chills'")
    assert "urgent_fever_infection" in warnings[0]
    assert result.out.splitlines()[-1].endswith("; 1 warning")
    strict = cli("check", "--strict", str(tmp_path))
    assert strict.code == 1 and strict.out == result.out
    assert json.loads(cli("check", "--json", str(tmp_path)).out)["warnings"] == [warnings[0]]


def test_the_shipped_intents_have_no_warning_sign_in_a_calm_example(cli) -> None:
    result = cli("check", "--strict", "--failures")
    assert result.code == 0 and "warning:" not in result.out, result.out
