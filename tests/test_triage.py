"""Safety triage: a warning sign wins over anything else the utterance resembles."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from voice_skill import Decision, Skill

CASES = yaml.safe_load((Path(__file__).parent / "data" / "warning_signs.yaml").read_text(encoding="utf-8"))
WARNING_CASES = [
    pytest.param(utterance, intent, id=f"{intent}:{utterance[:40]}")
    for intent, utterances in CASES.items()
    for utterance in utterances
]
NOT_URGENT = [
    "is mild cramping normal after the hsg",
    "i have a little light spotting",
    "is some clear discharge normal",
    "how long do the cramps last",
    "some pain like period cramps is that normal",
    "is a bit of bleeding expected after the test",
    "what should i watch out for after the test",
    "did my test pass",
    "when can i go back to work",
    "how soon will i get my results",
]


@pytest.mark.parametrize(("utterance", "expected"), WARNING_CASES)
def test_warning_sign_is_answered_urgently(skill: Skill, utterance: str, expected: str) -> None:
    result = skill.matcher.match(utterance)
    assert result.urgent and result.intent == expected, (result.intent, result.triage)
    assert result.decision is Decision.ANSWER


@pytest.mark.parametrize(("utterance", "expected"), WARNING_CASES)
def test_urgent_answer_leads_with_the_action_and_ends_with_the_emergency_line(
    skill: Skill, utterance: str, expected: str
) -> None:
    response = skill.conversation().handle(utterance)
    assert response.answer.startswith("Please call your healthcare provider now")
    assert response.answer.rstrip().endswith("call 911.")
    assert "not medical advice" not in response.answer


@pytest.mark.parametrize("utterance", NOT_URGENT)
def test_normal_after_effects_are_not_alarms(skill: Skill, utterance: str) -> None:
    result = skill.matcher.match(utterance)
    assert not result.urgent, (result.intent, result.triage)


@pytest.mark.parametrize(
    "utterance",
    [
        "i do not have a fever but is the cramping normal",
        "no fever just cramps",
        "i have not fainted but i feel odd",
    ],
)
def test_a_clearly_denied_warning_sign_is_not_an_alarm(skill: Skill, utterance: str) -> None:
    result = skill.matcher.match(utterance)
    assert not result.urgent and result.negated and result.cleared, result
    assert not result.intent.startswith("urgent_"), "nor the denied sign's own answer"


@pytest.mark.parametrize(
    "utterance",
    [
        "i do not think it is a fever but i feel hot",
        "i am not sure i do not have a fever",
        "no fever but the pain is getting worse",
        "the cramps are easing but i am bleeding heavily",
        "i do not want to live anymore",
    ],
)
def test_a_hedged_or_mixed_denial_still_gets_the_urgent_answer(skill: Skill, utterance: str) -> None:
    """When unsure, urgent wins: a hedge, a worsening, another sign, or a sign that is never cleared."""
    assert skill.matcher.match(utterance).urgent


def test_misspelled_and_recogniser_forms_are_caught(skill: Skill) -> None:
    for utterance, expected in [
        ("i have a feaver", "urgent_fever_infection"),
        ("i feel dizy", "urgent_dizziness_fainting"),
        ("i have been bleeding heavily", "urgent_heavy_bleeding"),
    ]:
        assert skill.matcher.match(utterance).intent == expected, utterance


def test_two_warning_signs_report_both(skill: Skill) -> None:
    result = skill.matcher.match("i have a fever and i passed out")
    found = {hit.intent for hit in result.triage}
    assert found == {"urgent_fever_infection", "urgent_dizziness_fainting"}
    assert result.intent in found
    others = found - {result.intent}
    assert result.alternatives[0].intent in others, "other warning signs come first among the alternatives"


def test_urgent_result_shows_what_else_it_resembled(skill: Skill) -> None:
    result = skill.matcher.match("is it normal to have cramps and a fever")
    assert result.intent == "urgent_fever_infection"
    assert result.alternatives[0].intent == "cramping"


def test_every_trigger_fires_on_its_own(skill: Skill) -> None:
    for intent in skill.intents.urgent:
        for trigger in intent.triggers:
            result = skill.matcher.match(f"is it normal to have {trigger}")
            assert result.urgent, trigger


@pytest.mark.parametrize(
    ("utterance", "expected"),
    [
        # Things that show the symptom, with how soaked or how fast.
        ("im using the overnight pads and theyre full in like forty five minutes", "urgent_heavy_bleeding"),
        ("woke up and the sheets are covered, it has gone through to the mattress", "urgent_heavy_bleeding"),
        # Painkillers that do nothing, without the word "pain".
        ("the painkillers wear off after an hour and then i am screaming", "urgent_severe_pain"),
        ("i would say a nine out of ten now", "urgent_severe_pain"),
        # A body temperature said with a decimal needs no "temperature" near it.
        ("the paracetamol brought it down but it has crept back up to 38.4", "urgent_fever_infection"),
        ("thirty eight point three this morning", "urgent_fever_infection"),
        ("the thermometer is reading high", "urgent_fever_infection"),
        # Discharge of a colour, or a smell that is "not right".
        ("there's this yellowy green gunk", "urgent_foul_discharge"),
        ("something's not right, it smells rank", "urgent_foul_discharge"),
        ("my partner says i went white and floppy for a moment", "urgent_dizziness_fainting"),
        # Typed or transcribed without the apostrophe.
        ("i dont want to be here anymore", "emergency_self_harm"),
        # The symptom far from what makes it urgent.
        ("the bleeding was light yesterday but now it is really pouring", "urgent_heavy_bleeding"),
    ],
)
def test_signs_in_everyday_words(skill: Skill, utterance: str, expected: str) -> None:
    result = skill.matcher.match(utterance)
    assert result.urgent and result.intent == expected, (result.intent, result.triage)


@pytest.mark.parametrize(
    "utterance",
    [
        "my sister fainted at her wedding years ago",
        "my friend got a fever after her hsg, does that happen a lot",
        "what temperature actually counts as a fever",
        "how much bleeding is too much after an hsg",
        "my head was spinning with happiness when i heard the result",
        "i felt a little lightheaded on the table but i am totally fine now",
        "i have been wearing a pad all day just in case",
        "can i use a heat pad after the test",
        "i paid 38.5 for parking",
    ],
)
def test_signs_that_are_not_the_speakers_own_now_are_not_alarms(skill: Skill, utterance: str) -> None:
    """Someone else's, asked about, a figure of speech, over, or no sign at all."""
    result = skill.matcher.match(utterance)
    assert not result.urgent, (result.intent, result.triage)


@pytest.mark.parametrize(
    "utterance",
    [
        "my husband says i am hot to touch and sweating buckets",
        "feeling faint, can someone help",
        "my wife is having a fit on the kitchen floor",
        "my friend is here and i think i am going to pass out",
    ],
)
def test_other_people_mentioned_do_not_clear_the_speakers_own_sign(skill: Skill, utterance: str) -> None:
    """Only a sign with no word of the speaker's own is someone else's; an emergency is never cleared."""
    assert skill.matcher.match(utterance).urgent


def test_a_temperature_with_a_decimal_and_a_time_is_still_a_fever(skill: Skill) -> None:
    assert skill.matcher.match("38.6 two days after the hsg").intent == "urgent_fever_infection"


@pytest.mark.parametrize(
    ("triage", "expected"),
    [
        # Fillers are dropped: "not okay" would be "not", and every "not" would read as part of a modifier.
        (
            "  modifiers:\n    concern: [not okay]\n",
            "words.yaml:4: triage modifiers.concern: 'not okay' normalises to not",
        ),
        # "kind of fit" would be "fit" once "kind of" is dropped: a seizure in "am i fit to drive".
        ("  signs:\n    emergency_seizure:\n      alone: [kind of fit]\n", "'kind of fit' normalises to fit"),
        # "what kind of" would be "what": every question would ask what counts.
        ("  asking: [what kind of]\n", "'what kind of' normalises to what"),
    ],
    ids=["lone negation", "shrinks to one word", "a cue shrinks"],
)
def test_a_sign_phrase_that_fillers_shrink_is_a_load_error(tmp_path: Path, triage: str, expected: str) -> None:
    from voice_skill import IntentError, IntentSet
    from voice_skill.intent import builtin_intent_dir

    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "words.yaml").write_text(f"language: en\ntriage:\n{triage}", encoding="utf-8")
    with pytest.raises(IntentError) as info:
        IntentSet.from_files([builtin_intent_dir(), tmp_path / "mine"])
    problems = [str(p) for p in info.value.problems]
    assert any(expected in p for p in problems), problems


@pytest.mark.parametrize(
    ("utterance", "urgent"),
    [
        ("i am soaking up at every hour", True),  # "a pad" lost by the recogniser
        ("there are clots the size of a coin", True),
        ("i am running the temperature after the dye test", True),
        ("can i soak in the bath for an hour", False),
        ("what is the temperature outside today", False),
    ],
)
def test_recognisers_slips_and_near_misses(skill: Skill, utterance: str, urgent: bool) -> None:
    assert skill.matcher.match(utterance).urgent is urgent
