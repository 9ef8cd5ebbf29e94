"""The matcher: typed results, decisions, robustness to how people and recognisers talk."""

from __future__ import annotations

import dataclasses

import pytest

from voice_skill import Candidate, Decision, Matcher, MatchResult, Skill, SkillError
from voice_skill.intent import MatchSettings

RAMBLING = (
    "okay so um i had the h s g done yesterday morning at the hospital and the nurse was really "
    "nice and everything went fine i think but since i got home last night i have had this "
    "crampy achy feeling down low in my belly kind of like when my period is starting and i "
    "wanted to know if that is a normal thing to have after this kind of x ray or not"
)


def test_result_is_typed(skill: Skill) -> None:
    result = skill.matcher.match("is this cramping normal")
    assert isinstance(result, MatchResult)
    assert result.intent == "cramping" and result.decision is Decision.ANSWER
    assert 0 <= result.score <= 100
    assert all(isinstance(c, Candidate) for c in result.alternatives)
    assert result.alternatives and all(c.intent != "cramping" for c in result.alternatives)
    assert [c.score for c in result.alternatives] == sorted((c.score for c in result.alternatives), reverse=True)
    assert result.score >= result.alternatives[0].score


def test_long_rambling_question_matches_its_topic(skill: Skill) -> None:
    assert len(RAMBLING.split()) >= 50
    result = skill.matcher.match(RAMBLING)
    assert result.intent == "cramping" and result.decision is Decision.ANSWER


@pytest.mark.parametrize(
    ("utterance", "expected"),
    [
        ("what is an age s g", "what_is_hsg"),
        ("what is a h.s.g.", "what_is_hsg"),
        ("Is IVF my best option if both tubes are blocked?", "ivf"),
        ("what does i u i mean", "iui"),
        ("WHAT IS A LAPAROSCOPY???", "laparoscopy"),
        ("what is a lapriscopy", "laparoscopy"),
        ("my falopian tubes are both blocked", "both_tubes_blocked"),
        ("is crampin normal", "cramping"),
    ],
)
def test_recogniser_spellings_and_typing(skill: Skill, utterance: str, expected: str) -> None:
    assert skill.matcher.match(utterance).intent == expected


@pytest.mark.parametrize(
    "utterance",
    ["what's the weather like", "play me a song", "how much does the test cost", "", "   ", "???", "asdf qwerty zxcv"],
)
def test_out_of_scope_falls_back(skill: Skill, utterance: str) -> None:
    result = skill.matcher.match(utterance)
    assert result.decision is Decision.FALLBACK and result.intent == "fallback"
    assert not result.urgent


def test_too_long_input_is_an_error(skill: Skill) -> None:
    with pytest.raises(SkillError, match="too long"):
        skill.matcher.match("cramps " * 2000)


def test_thresholds_are_settings_not_literals(skill: Skill) -> None:
    strict = Matcher(skill.intents, dataclasses.replace(MatchSettings(), answer_threshold=99.9))
    assert strict.match("my belly feels crampy since the procedure").decision is Decision.FALLBACK
    eager = Matcher(skill.intents, dataclasses.replace(MatchSettings(), confirm_margin=100))
    assert eager.match("is this cramping normal").decision is Decision.CONFIRM


@pytest.mark.parametrize(
    "utterance", ["is this cramping normal", "what is an hsg", "what does it mean if both tubes are blocked"]
)
def test_clear_questions_are_answered_without_asking_back(skill: Skill, utterance: str) -> None:
    result = skill.matcher.match(utterance)
    assert result.decision is Decision.ANSWER
    assert result.score - result.alternatives[0].score >= skill.config.match.confirm_margin


def test_restricting_to_some_intents(skill: Skill) -> None:
    result = skill.matcher.match("the one about i v f", among=["ivf", "iui"])
    assert result.intent == "ivf"
    assert {c.intent for c in result.alternatives} <= {"ivf", "iui"}


def test_matcher_is_deterministic(skill: Skill) -> None:
    first = skill.matcher.match(RAMBLING)
    assert all(skill.matcher.match(RAMBLING) == first for _ in range(3))


def test_explain_names_the_fallback_example_when_it_was_closest(skill: Skill) -> None:
    """A question close to one the guide does not cover is explained by that example, not by a topic's share."""
    result = skill.matcher.match("how much is an hsg going to cost me")
    assert result.intent == "fallback" and result.score > result.alternatives[0].score
    evidence = skill.matcher.explain(result)
    assert evidence.reason == "closest example" and evidence.example in skill.intents["fallback"].examples
