"""An intent file's own ``tests:`` utterances, run through the matcher (what ``voice-skill check`` reports)."""

from __future__ import annotations

from dataclasses import dataclass

from ..intent import IntentSet, Matcher
from .outcomes import passes


@dataclass(frozen=True)
class TestRow:
    """One test utterance of an intent, and what the matcher made of it."""

    __test__ = False  # not a pytest class

    intent: str
    utterance: str
    got: str
    decision: str
    score: float

    @property
    def passed(self) -> bool:
        return passes(self.intent, self.got, self.decision)


def run_intent_tests(intents: IntentSet, matcher: Matcher) -> list[TestRow]:
    """Every intent's test utterances, in file order."""
    rows = []
    for intent in intents:
        for utterance in intent.tests:
            result = matcher.match(utterance)
            rows.append(TestRow(intent.id, utterance, result.intent, result.decision.value, result.score))
    return rows
