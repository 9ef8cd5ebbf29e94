"""Warning signs in hurried, transcribed words (lower case, no apostrophes, fillers), and the calm near misses
that must stay calm: a supposition, a time long past, a denial that reaches over a list, someone else's sign.

Each row names the kind of rule it checks; the phrasings are new (not rows of the eval sets)."""

from __future__ import annotations

import pytest

from voice_skill import Skill

NOT_CLEARED = [
    # A supposition or a time long past does not clear what is happening now.
    ("dizziness", "if i stand up the room spins"),
    ("severe_pain", "if i start walking the pain is unbearable"),
    ("fever", "i had a fever last year and its back again"),
    ("fever", "what if i have a fever its 38.5"),
    ("heavy_bleeding", "i had heavy bleeding years ago and it is happening again"),
    ("dizziness", "i am scared what if i faint"),
]

CALM = [
    # Suppositions.
    "what if i get a fever tonight",
    "what if the cramps get worse",
    "in case i start bleeding heavily who do i call",
    "should i ring someone if i get a high temperature",
    # Long past, told in the past tense.
    "i had a fever years ago after a different procedure",
    "i was dizzy a lot as a teenager",
    # A denial over a list, and with a modifier between.
    "no fever or chills or smell",
    "i dont have any strange smell or discharge",
    # Someone else's, even with a hedge.
    "my sister is worried because she read about women fainting",
]


@pytest.mark.parametrize(("kind", "utterance"), NOT_CLEARED, ids=[f"{k}:{u[:40]}" for k, u in NOT_CLEARED])
def test_a_sign_happening_now_is_urgent_whatever_else_is_said(skill: Skill, kind: str, utterance: str) -> None:
    result = skill.matcher.match(utterance)
    assert result.urgent, (kind, result.intent, result.triage)


@pytest.mark.parametrize("utterance", CALM)
def test_calm_near_misses_stay_calm(skill: Skill, utterance: str) -> None:
    result = skill.matcher.match(utterance)
    assert not result.urgent, (result.intent, result.triage)
