from __future__ import annotations

import io
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from voice_skill import Skill
from voice_skill.cli import main

ROOT = Path(__file__).resolve().parent.parent
INTENTS_DIR = ROOT / "intents" / "en"
REFERENCE = ROOT / "intents" / "en" / "reference.md"


@pytest.fixture(scope="session")
def skill() -> Skill:
    return Skill.load()


@dataclass
class CliResult:
    code: int
    out: str
    err: str


class _FakeStdin(io.StringIO):
    def __init__(self, text: str, tty: bool) -> None:
        super().__init__(text)
        self._tty = tty

    def isatty(self) -> bool:
        return self._tty


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Callable[..., CliResult]:
    """Run the command line in-process, with optional standard input."""

    def run(*args: str, stdin: str | None = None, tty: bool = False) -> CliResult:
        stream = _FakeStdin(stdin or "", tty=tty and stdin is None)
        code = main(list(args), stdin=stream)
        captured = capsys.readouterr()
        return CliResult(code, captured.out, captured.err)

    return run


@pytest.fixture
def no_libspeexdsp(monkeypatch: pytest.MonkeyPatch) -> None:
    """The machine has no libspeexdsp: the echo canceller's library cannot be found or opened."""
    from voice_skill.audio import echo

    def absent(name: str) -> None:
        raise OSError(f"{name}: cannot open shared object file")

    monkeypatch.setattr(echo.ctypes.util, "find_library", lambda name: None)
    monkeypatch.setattr(echo.ctypes, "CDLL", absent)


@pytest.fixture(autouse=True)
def isolated_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No user config file leaks into tests."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    monkeypatch.delenv("VOICE_SKILL_CONFIG", raising=False)
    return tmp_path


def python() -> str:
    return sys.executable


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests that drive Chromium are ``browser`` tests (the fixture says so, whichever module they are in)."""
    for item in items:
        if "chromium_browser" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.browser)
