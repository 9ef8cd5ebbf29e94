"""User-facing errors: one exception type with an exit code and a one-line message."""

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
    """One problem found in an intent file, with where it is."""

    path: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"


class IntentError(SkillError):
    """Intent files failed validation; every problem found is kept in ``problems``."""

    exit_code = 4

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = list(problems)
        first = str(self.problems[0]) if self.problems else "invalid intents"
        more = len(self.problems) - 1
        suffix = f" (and {more} more problem{'s' if more != 1 else ''})" if more else ""
        super().__init__(first + suffix)
