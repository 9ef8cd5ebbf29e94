"""The README's exit-code table, kept true: each documented code is produced by a real command line, run as
a real process, and every code a case produces is in the table."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from voice_skill.devices import DeviceError, DeviceKind, audio_devices

from .conftest import ROOT

pytestmark = pytest.mark.slow

README = ROOT / "README.md"
DATA = Path("tests") / "data" / "exit-codes"
TIMEOUT_S = 300
INTERRUPTED = 130


@dataclass(frozen=True)
class Case:
    """A command line and the exit code the README says it gives; ``message``: what its one-line error says."""

    name: str
    args: tuple[str, ...]
    code: int
    message: str | None = None
    stdin: str = ""


CASES = (
    Case("answered", ("ask", "--no-speak", "what is an hsg"), 0),
    Case("question too long", ("ask", "--no-speak", "x" * 10_000), 1, "too long"),
    Case("a check test fails", ("check", "--failures", str(DATA / "failing-test")), 1),
    Case("a check warning, strict", ("check", "--failures", "--strict", str(DATA / "calm-warning")), 1),
    Case(
        "an eval gate fails",
        ("eval", str(DATA / "half-right.jsonl"), "--min-accuracy", "0.9"),
        1,
        "below --min-accuracy",
    ),
    Case("unknown command", ("frobnicate",), 2, "invalid choice"),
    Case("empty question", ("ask", ""), 2, "the question is empty"),
    Case("input that is not text", ("ask", "--no-speak"), 2, "not text", stdin="what\x00is\n"),
    Case("no configuration file", ("--config", "/nonexistent/config.yaml", "ask", "hi"), 3, "file not found"),
    Case("broken intent files", ("check", "examples/broken-intents/"), 4, "problems in the intent files"),
    Case("audio file that is not audio", ("listen", "--no-speak", "--input", "README.md"), 5, "not a WAV file"),
    Case("WAV into a missing folder", ("say", "--out", "/nonexistent/answer.wav", "hi"), 5, "/nonexistent"),
    Case("unknown voice", ("say", "--out", "{tmp}/answer.wav", "--voice", "bogus", "hi"), 6, "unknown voice"),
    Case("missing speech model", ("listen", "--model", "/nonexistent", "--input", "README.md"), 7, "--model"),
    Case("missing eval data", ("eval", "/nonexistent.jsonl"), 8, "file not found"),
    Case("caption port in use", ("kiosk", "--no-speak", "--input", "README.md", "--captions-port", "{port}"), 9),
    Case("unknown microphone", ("listen", "--no-speak", "--device", "no such microphone"), 10, "no microphone"),
    Case("no microphone at all", ("listen", "--no-speak"), 10, "no microphone"),
)


def documented_codes() -> set[int]:
    """The codes of the README's exit-code table."""
    text = README.read_text(encoding="utf-8")
    table = text.split("<!-- exit-codes -->", 1)[1].split("<!-- /exit-codes -->", 1)[0]
    return {int(code) for code in re.findall(r"^\| (\d+) \|", table, flags=re.MULTILINE)}


@pytest.fixture
def busy_port() -> Iterator[int]:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        yield taken.getsockname()[1]


def has_microphone() -> bool:
    try:
        return any(d.kind is DeviceKind.INPUT for d in audio_devices())
    except DeviceError:  # no PortAudio: no microphone either
        return False


def environment(home: Path) -> dict[str, str]:
    return {
        "PATH": os.environ.get("PATH", ""),
        "PYTHONPATH": str(ROOT),
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_CACHE_HOME": os.environ.get("XDG_CACHE_HOME", str(Path.home() / ".cache")),
        "HF_HUB_OFFLINE": "1",
        "LANG": "C.UTF-8",
    }


def test_every_documented_code_has_a_case_and_every_case_is_documented() -> None:
    assert {case.code for case in CASES} | {INTERRUPTED} == documented_codes()


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c.code}-{c.name}")
def test_the_documented_exit_code(case: Case, tmp_path: Path, busy_port: int) -> None:
    if case.name == "no microphone at all" and has_microphone():
        pytest.skip("this machine has a microphone: listen would start listening")
    args = [a.format(tmp=tmp_path, port=busy_port) for a in case.args]
    done = subprocess.run(
        [sys.executable, "-m", "voice_skill", *args],
        input=case.stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=environment(tmp_path),
        timeout=TIMEOUT_S,
    )
    assert done.returncode == case.code, done.stderr
    assert "Traceback" not in done.stderr
    if case.message is not None:
        assert done.stderr.count("\n") == 1 and done.stderr.startswith("voice-skill: error:"), done.stderr
        assert case.message in done.stderr


def test_interrupted_is_130(tmp_path: Path) -> None:
    chat = subprocess.Popen(
        [sys.executable, "-m", "voice_skill", "chat", "--no-speak"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env=environment(tmp_path),
    )
    assert chat.stdin is not None and chat.stdout is not None
    chat.stdin.write("what is an hsg\n")
    chat.stdin.flush()
    assert "hysterosalpingogram" in chat.stdout.readline(), "answered: the chat is waiting for the next line"
    chat.send_signal(signal.SIGINT)
    _, err = chat.communicate(timeout=TIMEOUT_S)
    assert chat.returncode == INTERRUPTED and "Traceback" not in err
