"""Asking for one's own result ("are my tubes blocked") against asking what a result means."""

from __future__ import annotations

import pytest

from voice_skill import Decision, Skill


@pytest.mark.parametrize(
    "utterance",
    [
        "are my tubes blocked",
        "So are my fallopian tubes blocked or not?",
        "did my test show a blockage",
        "was my hsg normal",
        "is my right tube open",
        "do i have blocked tubes",
        "are both of my tubes clear",
        "did the x ray show that my tubes are open",
        "can you tell me if my tubes are blocked",
        "does my report say my tubes are patent",
        # Whether something is there, the person's own thing later in the question.
        "is there a blockage in my left tube",
        "are there polyps in my uterus",
        "is there scarring in my tubes",
    ],
)
def test_own_result_asked_as_yes_no_gets_the_fallback(skill: Skill, utterance: str) -> None:
    result = skill.matcher.match(utterance)
    assert result.decision is Decision.FALLBACK and result.intent == "fallback"
    # The topic that explains such results is still offered among the alternatives.
    assert result.alternatives and not skill.intents[result.alternatives[0].intent].answers_own_result
    evidence = skill.matcher.explain(result)
    assert evidence.reason == "own result" and result.alternatives[0].intent in evidence.detail


@pytest.mark.parametrize(
    ("utterance", "expected"),
    [
        ("what does it mean if my tubes are blocked", "results_blocked_meaning"),
        ("my tubes are blocked what does that mean", "results_blocked_meaning"),
        ("my hsg showed a blockage", "results_blocked_meaning"),
        ("is it bad if one of my tubes is blocked", "one_tube_blocked"),
        ("is it serious if both my tubes are blocked", "both_tubes_blocked"),
        ("could my endometriosis have caused the blockage", "blockage_causes"),
        ("does the hsg check the uterus too", "uterine_findings"),
        ("does my partner need to be tested", "further_testing"),
    ],
)
def test_what_a_result_means_is_still_answered(skill: Skill, utterance: str, expected: str) -> None:
    result = skill.matcher.match(utterance)
    assert result.intent == expected and result.decision is not Decision.FALLBACK


@pytest.mark.parametrize(
    ("utterance", "expected"),
    [("is my cramping normal", "cramping"), ("is my spotting normal", "spotting_bleeding")],
)
def test_own_symptom_the_guide_describes_is_still_answered(skill: Skill, utterance: str, expected: str) -> None:
    assert skill.matcher.match(utterance).intent == expected


def test_without_the_mark_the_topic_answers(skill: Skill) -> None:
    """The rule applies only to intents marked ``answers_own_result: false``."""
    assert not skill.intents["results_blocked_meaning"].answers_own_result
    assert skill.intents["cramping"].answers_own_result
