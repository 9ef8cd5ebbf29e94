"""Kinds of question the guide never answers ("how common", "can it be wrong", "which is better", "what does it
cost"): the honest fallback, not the topic whose words they share. Phrasings written for these tests, none copied
from an eval set."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from voice_skill import Decision, Skill
from voice_skill.intent import Matcher
from voice_skill.intent.unanswered import Frame, Unanswered, UnansweredSpec

from .test_intent_files import load_with_builtin, problems_of, topic, write


@pytest.mark.parametrize(
    ("utterance", "frame"),
    [
        ("how common is it to have a blocked tube", "how common"),
        ("what percentage of women have blocked fallopian tubes", "how common"),
        ("how rare is a uterus with two horns", "how common"),
        ("how accurate is an hsg at finding a blockage", "accuracy"),
        ("could the x ray have got it wrong about my tubes", "accuracy"),
        ("can the hsg give a false positive for a blocked tube", "accuracy"),
        ("is an hsg better than a laparoscopy for checking the tubes", "comparison"),
        ("what is the difference between an hsg and a laparoscopy", "comparison"),
        ("ivf versus iui with one blocked tube", "comparison"),
        ("how much will ivf cost me", "cost"),
        ("does a sonohysterogram check the tubes too", "other procedures and conditions"),
        ("would a hysteroscopy show why my tubes are blocked", "other procedures and conditions"),
        ("could my bicornuate uterus stop me getting pregnant", "other procedures and conditions"),
        ("does a hydrosalpinx mean both tubes are blocked", "other procedures and conditions"),
    ],
)
def test_a_kind_the_guide_never_answers_gets_the_fallback(skill: Skill, utterance: str, frame: str) -> None:
    result = skill.matcher.match(utterance)
    assert result.decision is Decision.FALLBACK and result.intent == "fallback", result
    assert not result.urgent
    # The shipped frame finds it whatever topic it resembles (some resemble the fallback's own examples too).
    rule = Unanswered(skill.intents.language.unanswered, skill.intents.normalizer)
    hit = rule.asks(skill.intents.normalizer(utterance), "what_is_hsg")
    assert hit is not None and hit.frame == frame


@pytest.mark.parametrize(
    "utterance",
    [
        "how common are tubes blocked by an infection",
        "could an hsg be wrong about a blockage",
        "is an oil based dye better than a water based one for the flushing effect",
        "what is the difference between ivf and iui",
    ],
)
def test_explain_names_the_frame(skill: Skill, utterance: str) -> None:
    result = skill.matcher.match(utterance)
    evidence = skill.matcher.explain(result)
    assert result.intent == "fallback" and evidence.reason == "not in the guide", evidence
    assert evidence.trigger and evidence.trigger in evidence.detail


@pytest.mark.parametrize(
    ("utterance", "expected"),
    [
        # The guide says these are common after the test: the frame names them in answered_by.
        ("is cramping common after an hsg", "cramping"),
        ("how common is spotting after the dye test", "spotting_bleeding"),
        # "better" that compares nothing.
        ("how long does the better chance of pregnancy last after the test", "flushing_effect_fertility"),
        ("what are my chances of getting pregnant after an hsg", "flushing_effect_fertility"),
    ],
)
def test_the_same_words_in_a_question_the_guide_answers(skill: Skill, utterance: str, expected: str) -> None:
    result = skill.matcher.match(utterance)
    assert result.intent == expected and result.decision is not Decision.FALLBACK, result


@pytest.mark.parametrize(
    ("utterance", "expected"),
    [
        ("the cramps are much worse than my period and getting worse, how common is that", "urgent_severe_pain"),
        ("i am soaking a pad every hour, is that better than yesterday or not", "urgent_heavy_bleeding"),
    ],
)
def test_a_warning_sign_is_never_held_back(skill: Skill, utterance: str, expected: str) -> None:
    result = skill.matcher.match(utterance)
    assert result.urgent and result.intent == expected, result


def test_a_command_is_still_obeyed(skill: Skill) -> None:
    assert skill.matcher.match("say that again").intent == "repeat"


def test_frames_from_a_spec_alone(skill: Skill) -> None:
    """The rule on its own, fed a spec (no files): a listed topic is exempt, any other is held back."""
    spec = UnansweredSpec(frames={"how common": Frame(phrases=("how common",), answered_by=("cramping",))})
    rule = Unanswered(spec, skill.intents.normalizer)
    norm = skill.intents.normalizer("How common are blocked tubes?")
    hit = rule.asks(norm, "blockage_causes")
    assert hit is not None and hit.frame == "how common" and hit.phrase == "how common"
    assert rule.asks(norm, "cramping") is None
    assert rule.asks(skill.intents.normalizer("how long do the cramps last"), "cramping") is None


FRAMES = """\
language: en
unanswered:
  frames:
    waiting time:
      phrases: [how long is the wait]
      answered_by: [{answered_by}]
"""


def test_a_clinic_adds_a_frame(tmp_path: Path) -> None:
    write(tmp_path / "mine", "w.yaml", topic())
    write(tmp_path / "mine", "frames.yaml", FRAMES.format(answered_by="widgets"))
    frames = load_with_builtin(tmp_path / "mine").language.unanswered.frames
    assert frames["waiting time"].answered_by == ("widgets",)
    assert "how common" in frames, "the shipped frames stay"


@pytest.mark.parametrize(
    ("answered_by", "message"),
    [
        ("widgetz", "answered by an unknown intent 'widgetz'; did you mean 'widgets'?"),
        ("repeat", "unanswered frame 'waiting time': 'repeat' is not a calm topic"),
        ("urgent_severe_pain", "unanswered frame 'waiting time': 'urgent_severe_pain' is not a calm topic"),
    ],
)
def test_a_frame_names_only_calm_topics(tmp_path: Path, answered_by: str, message: str) -> None:
    write(tmp_path / "mine", "w.yaml", topic())
    path = write(tmp_path / "mine", "frames.yaml", FRAMES.format(answered_by=answered_by))
    problems = problems_of(tmp_path / "mine")
    assert any(message in p and f"{path}:4" in p for p in problems), problems


def test_a_frame_phrase_that_normalises_to_nothing_is_refused(tmp_path: Path) -> None:
    text = FRAMES.format(answered_by="").replace("[how long is the wait]", "[um]")
    path = write(tmp_path / "mine", "frames.yaml", text)
    problems = problems_of(tmp_path / "mine")
    assert any(f"{path}:" in p and "'um' normalises to nothing" in p for p in problems), problems


def test_a_clinic_topic_is_never_held_back(tmp_path: Path) -> None:
    """A clinic that answers what the guide does not (its prices) gets its own topic, not the shipped fallback."""
    examples = "\n".join(
        f"      - {q}"
        for q in (
            "how much does an hsg cost here",
            "what is the price of the dye test",
            "does my insurance cover the hsg",
            "what will i pay for the x ray",
            "is the test expensive",
            "how much do you charge for an hsg",
            "what are the fees for the test",
            "can i afford the hsg",
            "cost of an hsg at this clinic",
            "price of a hysterosalpingogram",
            "do i pay for the hsg today",
            "is the hsg covered by insurance",
            "how much money is the test",
            "what does the appointment cost",
            "hsg prices",
            "how expensive is an hsg",
        )
    )
    clinic = topic("prices", answer="An HSG here costs 200 dollars.", examples=examples)
    write(tmp_path / "clinic", "prices.yaml", clinic)
    intents = load_with_builtin(tmp_path / "clinic")
    assert "prices" in intents.language.unanswered.frames["cost"].answered_by
    result = Matcher(intents).match("how much would an hsg cost me at this clinic")
    assert result.intent == "prices" and result.decision is not Decision.FALLBACK, result


@pytest.mark.parametrize(
    "utterance", ["what medicines are taken prior to an iui", "getting ready for iui what should i know"]
)
def test_how_to_get_ready_is_not_in_the_guide(skill: Skill, utterance: str) -> None:
    # The guide is about afterwards: getting ready for a treatment is no answer its topic gives.
    result = skill.matcher.match(utterance)
    evidence = skill.matcher.explain(result)
    assert result.intent == "fallback" and evidence.reason == "not in the guide", evidence


@pytest.mark.parametrize(
    "utterance",
    [
        # A rare word no example uses names something the guide does not describe.
        "can a retroverted uterus affect the hsg",
        "do uterine adhesions show on the x-ray",
    ],
)
def test_a_rare_word_the_topic_leaves_unexplained_gets_the_fallback(skill: Skill, utterance: str) -> None:
    result = skill.matcher.match(utterance)
    assert result.decision is Decision.FALLBACK and result.intent == "fallback", result
    # Counted like any other unknown word, the rare one leaves the topic explaining enough to be answered.
    plain = Matcher(skill.intents, dataclasses.replace(skill.matcher.settings, rare_word_weight=1.0))
    assert plain.match(utterance).decision is not Decision.FALLBACK


def test_a_word_of_the_warning_signs_is_not_rare(skill: Skill) -> None:
    # "knickers" is no everyday word of the list, but the warning signs' own language knows it.
    result = skill.matcher.match("is it normal to have spotting on my knickers the day after the test")
    assert result.intent == "spotting_bleeding"
