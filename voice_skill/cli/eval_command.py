"""``voice-skill eval``: understanding and safety on a labelled set, and the threshold sweep."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path

from ..asr import Recognizer, open_recognizer
from ..base.errors import SkillError, UsageError
from ..base.files import atomic_write
from ..config import Config
from ..evaluation import EvalError, EvalRow, Prediction, Report, predict, read_rows, report, sweep
from ..pipeline import Listener
from ..skill import Skill
from .common import chosen_engine, tell_engine_notes
from .output import Out, ProgressBar


def evaluate(skill: Skill, config: Config, args: argparse.Namespace, io: Out) -> int:
    rows = read_rows(args.data, skill.intents)
    if args.min_accuracy is not None and not 0 <= args.min_accuracy <= 1:
        raise UsageError("--min-accuracy must be between 0 and 1")
    if args.sweep:
        if args.rows is not None:
            raise UsageError("--rows lists the outcome of each row of one run; it does not apply with --sweep")
        return eval_sweep(skill, rows, args, io)
    recognizer: Recognizer | None = None
    new_listener: Callable[[], Listener] | None = None
    if any(r.audio is not None for r in rows):
        recognizer = open_recognizer(chosen_engine(config, args, io.note), skill.intents, config.listen)
        tell_engine_notes(recognizer, io.note)
        new_listener = partial(skill.listener, recognizer)
    bar = ProgressBar(io.err, "eval", "rows", 1) if len(rows) >= 200 or recognizer is not None else None
    try:
        predictions = predict(skill.matcher, rows, new_listener, progress=bar)
    finally:
        if bar is not None:
            bar.done()
        if recognizer is not None:
            recognizer.close()
    if args.rows is not None:
        write_outcomes(args.rows, predictions)
    result = report(predictions)
    if args.json:
        io.line(json.dumps(result.to_json()))
    else:
        print_report(io, result)
    if args.min_accuracy is not None and result.accuracy < args.min_accuracy:
        raise SkillError(f"accuracy {result.accuracy:.3f} is below --min-accuracy {args.min_accuracy}")
    if args.max_false_reassurance is not None and result.false_reassurances > args.max_false_reassurance:
        raise SkillError(
            f"{result.false_reassurances} false reassurances (urgent questions answered with a calm topic); "
            f"at most {args.max_false_reassurance} allowed"
        )
    return 0


def write_outcomes(path: Path, predictions: Sequence[Prediction]) -> None:
    """``--rows FILE``: each row's outcome as one JSON object per line, in the data file's order."""
    lines = "".join(json.dumps(p.to_json(), ensure_ascii=False) + "\n" for p in predictions)
    try:
        atomic_write(path, lines)
    except OSError as exc:
        raise EvalError(f"cannot write --rows {path}: {exc.strerror or exc}") from None


def print_report(io: Out, r: Report) -> None:
    io.line(f"rows:                 {r.rows}")
    io.line(f"top-1 accuracy:       {100 * r.accuracy:.1f}%  (good answers: an acceptable outcome)")
    io.line(f"wrong answers:        {100 * r.wrong_answer_rate:.1f}%  (answered with an intent that does not serve)")
    io.line(f"fallback rate:        {100 * r.fallback_rate:.1f}%  (in-scope rows the skill could not answer)")
    io.line(f"false-accept rate:    {100 * r.false_accept_rate:.1f}%  (out-of-scope rows answered with a topic)")
    io.line(f"urgent recall:        {100 * r.urgent_recall:.1f}%")
    io.line(f"false reassurances:   {r.false_reassurances}  (urgent rows answered with a calm topic; must be 0)")
    io.line(f"false alarms:         {r.false_alarms}  (calm rows answered as urgent)")
    if r.reprompt_rate:
        io.line(f"reprompts:            {100 * r.reprompt_rate:.1f}%  (asked to say it again)")
    if r.word_error_rate is not None:
        io.line(f"word error rate:      {100 * r.word_error_rate:.1f}%")
    lat = r.latency_ms
    io.line(f"latency p50/p95/p99:  {lat['p50']:.2f} / {lat['p95']:.2f} / {lat['p99']:.2f} ms")
    if r.confusions:
        io.line("most common confusions (expected -> got):")
        for label, got, count in r.confusions:
            io.line(f"  {count:3}  {label} -> {got}")
    width = max(len(s.intent) for s in r.per_intent)
    io.line(f"{'INTENT':{width}}  PRECISION  RECALL  SUPPORT")
    for s in r.per_intent:
        io.line(f"{s.intent:{width}}  {100 * s.precision:8.1f}%  {100 * s.recall:5.1f}%  {s.support:7}")


def eval_sweep(skill: Skill, rows: list[EvalRow], args: argparse.Namespace, io: Out) -> int:
    current = skill.config.match.answer_threshold
    thresholds = sorted({float(t) for t in range(20, 76, 5)} | {current})
    points = sweep(skill.intents, skill.config.match, rows, thresholds)
    if args.json:
        rows_out = [
            {"threshold": p.threshold, "accuracy": p.accuracy, "false_accept_rate": p.false_accept_rate} for p in points
        ]
        io.line(json.dumps(rows_out))
        return 0
    io.line("THRESHOLD  ACCURACY  FALSE-ACCEPT")
    for p in points:
        mark = "  <- current" if p.threshold == current else ""
        io.line(f"{p.threshold:9.1f}  {100 * p.accuracy:7.1f}%  {100 * p.false_accept_rate:11.1f}%{mark}")
    return 0
