"""User-facing errors: one exception type with an exit code and a one-line message (as in click).

Each stage defines its own subclass with its exit code (``AudioError`` 5, ``SpeechError`` 6,
``RecognizerError`` 7, ...); the command line turns any :class:`SkillError` into one line on
standard error and that exit code.
"""

from __future__ import annotations

from dataclasses import dataclass


class SkillError(Exception):
    """An error the command line reports as one line and a non-zero exit code."""

    exit_code: int = 1

    def __init__(self, message: str, exit_code: int | None = None) -> None:
        super().__init__(message)
        self.message = " ".join(message.split())
        if exit_code is not None:
            self.exit_code = exit_code

    def __str__(self) -> str:
        return self.message


class UsageError(SkillError):
    """The command was called wrongly (bad option, bad argument)."""

    exit_code = 2


class ConfigError(SkillError):
    """The configuration file is missing, unreadable or invalid."""

    exit_code = 3


@dataclass(frozen=True)
class Problem:
    """One problem found in a file, with where it is."""

    path: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"
