"""``voice-skill check``: validate intent files and run their test utterances."""

from __future__ import annotations

import argparse
import json

from ..base.errors import SkillError
from ..config import Config
from ..evaluation import TestRow, run_intent_tests
from ..intent import IntentError, IntentSet, warning_signs_in_calm_examples
from ..skill import Skill, intent_paths
from .output import Out


def check(config: Config, args: argparse.Namespace, io: Out) -> int:
    paths = intent_paths(config, [*args.intents, *args.paths])
    try:
        intents = IntentSet.from_files(paths)
    except IntentError as exc:
        if args.json:
            io.line(json.dumps({"valid": False, "problems": [str(p) for p in exc.problems]}))
        else:
            for problem in exc.problems:
                io.line(str(problem))
        count = len(exc.problems)
        raise SkillError(f"{count} problem{'s' if count != 1 else ''} in the intent files", exc.exit_code) from None
    skill = Skill.from_intents(intents, config)
    warnings = warning_signs_in_calm_examples(intents, skill.matcher.triage)
    rows: list[TestRow] = run_intent_tests(intents, skill.matcher)
    failed = [r for r in rows if not r.passed]
    if args.json:
        io.line(
            json.dumps(
                {
                    "valid": True,
                    "intents": len(intents),
                    "tests": [
                        {
                            "intent": r.intent,
                            "utterance": r.utterance,
                            "got": r.got,
                            "decision": r.decision,
                            "score": r.score,
                            "passed": r.passed,
                        }
                        for r in rows
                    ],
                    "passed": len(rows) - len(failed),
                    "failed": len(failed),
                    "warnings": [str(w) for w in warnings],
                }
            )
        )
    else:
        for warning in warnings:
            io.line(str(warning))
        shown = failed if args.failures else rows
        width = max([len(r.intent) for r in shown] + [8])
        io.line(f"{'RESULT':6}  {'EXPECTED':{width}}  {'GOT':{width}}  {'DECISION':8}  {'SCORE':>5}  UTTERANCE")
        for r in shown:
            mark = "pass" if r.passed else "FAIL"
            io.line(f"{mark:6}  {r.intent:{width}}  {r.got:{width}}  {r.decision:8}  {r.score:5.1f}  {r.utterance}")
        warned = f"; {len(warnings)} warning{'s' if len(warnings) != 1 else ''}" if warnings else ""
        io.line(
            f"{len(intents)} intents valid; {len(rows)} test utterances: "
            f"{len(rows) - len(failed)} passed, {len(failed)} failed{warned}"
        )
    return 1 if failed or (warnings and args.strict) else 0
