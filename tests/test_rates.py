"""Pads or tampons counted over a time, read as a rate (voice_skill/intent/rates.py): one an hour or faster is heavy
bleeding, said with a count, an ordinal or "N times", over hours or minutes; slower is no sign. The phrasings are
new: not rows of the eval sets."""

from __future__ import annotations

import pytest

from voice_skill import Skill

FAST = [
    "ive used five pads in four hours",
    "my fourth tampon in three hours",
    "this is my third tampon in two hours",
    "on my 6th pad in 3 hrs",
    "had to change my pad four times in three hours",
    "two pads in half an hour",
    "changing a tampon every 40 minutes",
    "gone through three pads in the last two hours",
]
SLOW = [
    "two pads in eight hours, is that ok",
    "my second pad today",
    "i changed my pad twice in 6 hours",
    "one pad in the last 12 hours",
    "3 pads since this morning",
    "i put a fresh pad in an hour ago and its barely marked",
]


@pytest.mark.parametrize("text", FAST)
def test_pads_used_an_hour_or_faster_are_heavy_bleeding(skill: Skill, text: str) -> None:
    result = skill.matcher.match(text)
    assert result.urgent and result.intent == "urgent_heavy_bleeding", (result.intent, result.triage)
    assert skill.matcher.triage.signs.lex.rates.too_fast(skill.matcher.normalize(text)), "read as a rate"


@pytest.mark.parametrize("text", SLOW)
def test_slower_is_no_sign(skill: Skill, text: str) -> None:
    assert skill.matcher.triage.signs.lex.rates.too_fast(skill.matcher.normalize(text)) == []
    result = skill.matcher.match(text)
    assert not result.urgent, (result.intent, result.triage)


def test_the_rate_is_read_from_the_count_and_the_time(skill: Skill) -> None:
    rates = skill.matcher.triage.signs.lex.rates
    normalize = skill.matcher.normalize
    assert rates.too_fast(normalize("my fourth tampon in three hours")) == [(4 / 3, 2)]
    assert rates.too_fast(normalize("a pad every 30 minutes")) == [(2.0, 1)]
    assert rates.too_fast(normalize("four pads in eight hours")) == []
