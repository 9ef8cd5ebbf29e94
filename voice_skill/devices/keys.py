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

from ..wake import PushKey

KEYS = {PushKey.SPACE: b" ", PushKey.ENTER: b"\n\r", PushKey.ANY: b""}
"""The bytes that count as each push-to-talk key (empty: any)."""


class KeyReader:
    """Calls ``on_press`` whenever ``key`` is typed on ``stream`` (standard input)."""

    def __init__(self, stream: BinaryIO, key: PushKey | str, on_press: Callable[[], None]) -> None:
        try:
            self.accepted = KEYS[PushKey(key)]
        except ValueError:
            raise ValueError(f"unknown key {key!r}; choose one of {', '.join(KEYS)}") from None
        self.stream = stream
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
