"""``chat`` at a real terminal (a pseudo-terminal): line editing and history through readline, kept in
memory only, and Ctrl-D ending the prompt's line."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .conftest import ROOT

pytestmark = pytest.mark.slow

LEFT, UP, CTRL_D = "\x1b[D", "\x1b[A", "\x04"
"""What the arrow keys and Ctrl-D send."""
TIMEOUT_S = 60.0


class Terminal:
    """``voice-skill chat`` on a pseudo-terminal, driven as a person typing would."""

    def __init__(self, home: Path) -> None:
        self.master, slave = pty.openpty()
        env = {
            "PATH": os.environ.get("PATH", ""),
            "PYTHONPATH": str(ROOT),
            "HOME": str(home),
            "XDG_CONFIG_HOME": str(home / "config"),
            "XDG_CACHE_HOME": str(home / "cache"),
            "TERM": "xterm",
            "LANG": "C.UTF-8",
        }
        self.process = subprocess.Popen(
            [sys.executable, "-m", "voice_skill", "chat", "--no-speak"],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            cwd=home,
            env=env,
            close_fds=True,
        )
        os.close(slave)
        self.seen = b""

    def read_until(self, text: str) -> None:
        """Wait until ``text`` is shown (after what was shown before this call)."""
        start = len(self.seen)
        deadline = time.monotonic() + TIMEOUT_S
        while text.encode() not in self.seen[start:]:
            left = deadline - time.monotonic()
            assert left > 0, f"waited for {text!r}; the terminal showed {self.seen.decode(errors='replace')!r}"
            ready, _, _ = select.select([self.master], [], [], left)
            if ready:
                try:
                    chunk = os.read(self.master, 4096)
                except OSError:  # the other end closed
                    chunk = b""
                assert chunk, f"chat ended before {text!r}: {self.seen.decode(errors='replace')!r}"
                self.seen += chunk

    def type(self, keys: str) -> None:
        os.write(self.master, keys.encode())

    def finish(self) -> tuple[int, str]:
        """Wait for the end; the exit code and everything shown."""
        code = self.process.wait(timeout=TIMEOUT_S)
        while select.select([self.master], [], [], 0.2)[0]:
            try:
                chunk = os.read(self.master, 4096)
            except OSError:
                break
            if not chunk:
                break
            self.seen += chunk
        os.close(self.master)
        return code, self.seen.decode(errors="replace")


def answers(shown: str, words: str) -> int:
    """How many lines the terminal showed that hold ``words``, not counting the lines typed (after '> ')."""
    return sum(words in line and not line.startswith("> ") for line in shown.replace("\r", "").split("\n"))


def test_chat_edits_lines_keeps_a_history_and_ends_the_line_on_ctrl_d(tmp_path: Path) -> None:
    terminal = Terminal(tmp_path)
    terminal.read_until("> ")
    terminal.type("what is hsg" + LEFT * 3 + "an \r")  # the cursor moved back into the line: "what is an hsg"
    terminal.read_until("\n> ")
    assert answers(terminal.seen.decode(), "hysterosalpingogram") == 1, "the edited line was understood"
    terminal.type(UP + "\r")  # the up arrow brings the last question back
    terminal.read_until("\n> ")
    assert answers(terminal.seen.decode(), "hysterosalpingogram") == 2, "the question from the history was answered"
    terminal.type(CTRL_D)
    code, shown = terminal.finish()
    assert code == 0
    assert shown.endswith("> \r\n"), f"Ctrl-D ends the prompt's line: {shown[-40:]!r}"
    kept = [p for p in tmp_path.rglob("*") if p.is_file() and "hsg" in p.read_text(errors="ignore")]
    assert kept == [], "nothing typed is written to disk (no history file)"
