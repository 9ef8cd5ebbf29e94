#!/usr/bin/env python3
# ruff: noqa: T201
"""Regenerate the README's example outputs by running their commands.

A block to regenerate is marked with an HTML comment on the line before its ```console fence::

    <!-- example: ask-json -->
    ```console
    $ voice-skill ask --no-speak --json "is it normal to have cramps and a fever"
    (output, replaced)
    ```

The commands (the lines starting with ``$ ``) are the source of truth: they are run in order in one bash
shell from the repository's root, ``voice-skill`` being this checkout's ``python -m voice_skill``, with
standard error shown where it comes, as on a terminal; ``$?`` is the exit code of the command before. No
configuration file of yours applies. ``--check`` changes nothing and exits 1 when a block is out of date
(tests/test_readme_examples.py runs each block the same way).
"""

from __future__ import annotations

import argparse
import difflib
import os
import re
import shlex
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
PROMPT = "$ "
MARK = re.compile(r"^<!-- example: (?P<name>[\w-]+) -->\n```console\n(?P<body>.*?)^```\n", re.MULTILINE | re.DOTALL)
TIMEOUT_S = 600
_SEPARATOR = "\x1e--voice-skill-example--\x1e"
"""Printed between the commands' outputs (a record separator no command prints)."""


@dataclass(frozen=True)
class Example:
    """One marked block of the README: its name, its commands, and the output it shows."""

    name: str
    commands: tuple[str, ...]
    shown: str
    start: int
    end: int

    def render(self, outputs: list[str]) -> str:
        """The block with ``outputs`` after their commands."""
        body = "".join(f"{PROMPT}{command}\n{output}" for command, output in zip(self.commands, outputs, strict=True))
        return f"<!-- example: {self.name} -->\n```console\n{body}```\n"


def examples(text: str) -> list[Example]:
    """The marked blocks of ``text``, in order."""
    found = []
    for match in MARK.finditer(text):
        commands = tuple(line[len(PROMPT) :] for line in match["body"].splitlines() if line.startswith(PROMPT))
        if not commands:
            raise SystemExit(f"README example '{match['name']}' has no '$ ' command line")
        found.append(Example(match["name"], commands, match.group(0), match.start(), match.end()))
    return found


def run(example: Example) -> list[str]:
    """What each command of ``example`` shows (standard output and error, as they come)."""
    script = [f'voice-skill() {{ {shlex.quote(sys.executable)} -m voice_skill "$@"; }}', "__status=0"]
    for command in example.commands:
        script += [
            f"printf '%s' {shlex.quote(_SEPARATOR)}",
            f"(exit $__status); {{ {command}\n}} 2>&1; __status=$?",
        ]
    with tempfile.TemporaryDirectory() as home:
        env = {key: value for key, value in os.environ.items() if key != "VOICE_SKILL_CONFIG"}
        env |= {"PYTHONPATH": str(ROOT), "XDG_CONFIG_HOME": str(Path(home) / "config"), "COLUMNS": "100"}
        done = subprocess.run(
            ["bash", "-c", "\n".join(script)],
            capture_output=True,
            text=True,
            cwd=ROOT,
            env=env,
            timeout=TIMEOUT_S,
            check=False,
        )
    if done.stderr:
        raise SystemExit(f"README example '{example.name}': the shell said: {done.stderr.strip()}")
    outputs = done.stdout.split(_SEPARATOR)[1:]
    return [output if output.endswith("\n") or not output else output + "\n" for output in outputs]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 when a block is out of date")
    args = parser.parse_args()
    text = README.read_text(encoding="utf-8")
    found = examples(text)
    stale = 0
    for example in reversed(found):  # from the end, so the earlier blocks' offsets stay right
        fresh = example.render(run(example))
        if fresh == example.shown:
            continue
        stale += 1
        if args.check:
            diff = difflib.unified_diff(
                example.shown.splitlines(), fresh.splitlines(), "README.md", f"run of '{example.name}'", lineterm=""
            )
            print("\n".join(diff))
        text = text[: example.start] + fresh + text[example.end :]
    if args.check:
        return 1 if stale else 0
    if stale:
        README.write_text(text, encoding="utf-8")
    print(f"{len(found)} examples run; {stale} updated")
    return 0


if __name__ == "__main__":
    sys.exit(main())
