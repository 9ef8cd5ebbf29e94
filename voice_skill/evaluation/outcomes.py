"""The one rule for whether the skill did what a labelled row (or an intent's test) expected."""

from __future__ import annotations

from ..intent import FALLBACK_ID, Decision

REPROMPT = "reprompt"
"""The label of "Sorry, I didn't catch that": never an acceptable outcome, never a wrong answer."""


def outcome_label(intent: str, decision: str) -> str:
    """What the skill did, as a label: ``fallback`` when it fell back, ``reprompt`` when it asked again, else
    the intent it answered (or offered first, for "Did you mean A, or B?")."""
    if decision == Decision.REPROMPT.value:
        return REPROMPT
    return FALLBACK_ID if decision == Decision.FALLBACK.value else intent


def passes(expected: str, intent: str, decision: str) -> bool:
    """Whether answering ``intent`` with ``decision`` is what was expected (an intent id or ``fallback``)."""
    return outcome_label(intent, decision) == expected
