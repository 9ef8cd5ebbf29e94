"""Knowing how good it is: labelled data (:mod:`.data`), running it (:mod:`.run`), the figures
(:mod:`.metrics`), the one pass/fail rule (:mod:`.outcomes`) and intents' own tests (:mod:`.intent_tests`)."""

from .data import EvalError, EvalRow, read_rows
from .intent_tests import TestRow, run_intent_tests
from .metrics import IntentScore, Prediction, Report, report, word_errors
from .outcomes import outcome_label, passes
from .run import SweepPoint, predict, sweep

__all__ = [
    "EvalError",
    "EvalRow",
    "IntentScore",
    "Prediction",
    "Report",
    "SweepPoint",
    "TestRow",
    "outcome_label",
    "passes",
    "predict",
    "read_rows",
    "report",
    "run_intent_tests",
    "sweep",
    "word_errors",
]
