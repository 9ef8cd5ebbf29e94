"""A sign happening now stays urgent beside a clause that clears something else: each clearing cue (a story about
someone else, a question about what counts, a time long past, a figure of speech, an improvement) counts only in
the sign's own clause. Data-driven from eval/triage-clauses-dev.json (the tuned probe; its -test twin is only
measured, by benchmarks/understanding.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from voice_skill import Skill

PROBE = json.loads((Path(__file__).resolve().parent.parent / "eval" / "triage-clauses-dev.json").read_text())


@pytest.mark.parametrize("sign", PROBE["signs"])
def test_a_sign_stays_urgent_beside_any_clause(skill: Skill, sign: str) -> None:
    assert skill.matcher.match(sign).urgent, sign
    said = [join.format(sign=sign, clause=clause) for clause in PROBE["clauses"] for join in PROBE["joins"]]
    calm = [text for text in said if not skill.matcher.match(text).urgent]
    assert calm == [], f"{len(calm)} of {len(said)} not urgent"


@pytest.mark.parametrize("clause", PROBE["clauses"])
def test_each_clause_alone_holds_no_sign_of_its_own(skill: Skill, clause: str) -> None:
    """The clauses are calm alone (or the probe would measure nothing): a past fever told as over is cleared."""
    assert not skill.matcher.match(clause).urgent, clause
