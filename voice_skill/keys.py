"""Push-to-talk keys from a terminal (a USB button that types a key works the same).

:class:`KeyReader` reads a stream one character at a time on its own thread and calls
``on_press`` for the chosen key. On a terminal it switches to cbreak mode (no Enter needed,
no echo) and restores the terminal when closed.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Callable
from typing import BinaryIO

KEYS = {"space": b" ", "enter": b"\n\r", "any": b""}
"""Key names of the ``key`` settings, and the bytes that count as that key (empty: any)."""


class KeyReader:
    """Calls ``on_press`` whenever ``key`` is typed on ``stream`` (standard input)."""

    def __init__(self, stream: BinaryIO, key: str, on_press: Callable[[], None]) -> None:
        if key not in KEYS:
            raise ValueError(f"unknown key {key!r}; choose one of {', '.join(KEYS)}")
        self.stream = stream
        self.accepted = KEYS[key]
        self.on_press = on_press
        self._saved: list | None = None
        self._fd = stream.fileno()
        if os.isatty(self._fd):
            import termios
            import tty

            self._saved = termios.tcgetattr(self._fd)
            tty.setcbreak(self._fd)
        self._thread = threading.Thread(target=self._run, name="voice-skill-keys", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while True:
            try:
                data = os.read(self._fd, 1)
            except OSError:
                return
            if not data:
                return  # end of input: no more keys
            if not self.accepted or data in self.accepted:
                self.on_press()

    def close(self) -> None:
        """Give the terminal back as it was (the thread ends with the process)."""
        if self._saved is not None:
            import termios

            with contextlib.suppress(OSError):
                termios.tcsetattr(self._fd, termios.TCSADRAIN, self._saved)
            self._saved = None
