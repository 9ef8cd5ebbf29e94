"""Lines typed at a terminal, with line editing and history (the standard :mod:`readline` module).

The history lives in this process's memory only: it is never read from or written to a file, and it is
cleared when the editor is closed, so nothing a patient typed outlives the conversation.
"""

from __future__ import annotations

from types import ModuleType

HISTORY_LINES = 200
"""Lines kept for the up arrow (in memory); older ones are dropped."""


class LineEditor:
    """Reads one line at a time from the terminal (standard input), showing ``prompt`` before each."""

    def __init__(self, prompt: str) -> None:
        self.prompt = prompt
        self._readline: ModuleType | None = None
        try:
            import readline  # importing it is what makes input() edit lines and keep a history
        except ImportError:  # a Python built without readline: plain lines, no editing
            return
        readline.clear_history()  # nothing from before this conversation
        readline.set_history_length(HISTORY_LINES)
        self._readline = readline

    @property
    def editing(self) -> bool:
        """Whether line editing and history are available."""
        return self._readline is not None

    def read(self) -> str | None:
        """The next line (without its line break), or None at the end of input (Ctrl-D). Bytes that are not
        text in the terminal's encoding come back as Python reads undecodable input: lone surrogates."""
        try:
            return input(self.prompt)
        except EOFError:
            return None
        except UnicodeDecodeError as exc:
            raw = exc.object if isinstance(exc.object, bytes) else bytes(exc.object)
            return raw.decode("utf-8", errors="surrogateescape").rstrip("\n")

    def close(self) -> None:
        """Forget the history."""
        if self._readline is not None:
            self._readline.clear_history()
