"""``voice-skill``: the entry point, which turns every user-facing error into one line and an exit code."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from ..base.errors import SkillError, UsageError
from ..config import Config, load_config
from ..intent import IntentError
from ..skill import Skill
from .check_command import check
from .common import freeze_loaded
from .eval_command import evaluate
from .listen_command import devices, listen
from .models_command import models
from .output import Mouth, Out
from .parser import PROG, build_parser
from .text_commands import ask, chat, say, voices


def main(argv: Sequence[str] | None = None, stdin: TextIO | None = None) -> int:
    io = Out(sys.stdout, sys.stderr)
    stdin = stdin or sys.stdin
    try:
        args = build_parser().parse_args(argv)
        if args.command is None:
            raise UsageError(f"missing command, e.g. ask, chat or listen (see '{PROG} --help')")
        config = load_config(args.config)
        if args.command == "check":
            return check(config, args, io)
        if args.command == "say":
            return say(config, args, io, stdin)
        if args.command == "voices":
            return voices(args, io)
        if args.command == "devices":
            return devices(args, io)
        if args.command == "models":
            return models(args, io)
        skill = load_skill(config, args.intents)
        mouth = Mouth(config, io, enabled=not getattr(args, "no_speak", True))
        try:
            if args.command == "ask":
                return ask(skill, args, io, stdin, mouth)
            if args.command == "listen":
                freeze_loaded()
                return listen(skill, config, args, io, mouth)
            if args.command == "eval":
                return evaluate(skill, config, args, io)
            if args.command == "kiosk":
                from .kiosk_command import run_kiosk

                freeze_loaded()
                return run_kiosk(skill, config, args, io.err, stdin)
            return chat(skill, args, io, stdin, mouth)
        finally:
            mouth.close()
    except SkillError as exc:
        io.error(str(exc))
        return exc.exit_code
    except KeyboardInterrupt:
        io.err.write("\n")
        return 130
    except BrokenPipeError:
        return 141


def load_skill(config: Config, extra: Sequence[Path]) -> Skill:
    try:
        return Skill.load(config, extra)
    except IntentError as exc:
        more = len(exc.problems) - 1
        hint = f" (and {more} more; run '{PROG} check' to list them)" if more > 0 else ""
        raise SkillError(f"{exc.problems[0]}{hint}", exc.exit_code) from None
