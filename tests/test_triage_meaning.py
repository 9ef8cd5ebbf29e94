"""Warning signs in hurried, transcribed words (lower case, no apostrophes, fillers), and the calm near misses
that must stay calm: a supposition, a time long past, a denial that reaches over a list, someone else's sign.

Each row names the kind of rule it checks; the phrasings are new (not rows of the eval sets)."""

from __future__ import annotations

import pytest

from voice_skill import Skill
from voice_skill.intent.signs import spoken_numbers

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


URGENT = [
    # Severity by what the pain stops ("can not sit", "woke me"), idioms, and pain "down there".
    ("severe_pain", "so sore down there i cant sit on the sofa"),
    ("severe_pain", "the cramps woke me twice last night"),
    ("severe_pain", "my belly pain is through the roof"),
    ("severe_pain", "its excruciating when i move"),
    ("severe_pain", "the cramps are that bad i cant think straight"),
    ("severe_pain", "i dont know how much more of this pain i can take"),
    # Failed relief in other words.
    ("severe_pain", "the heating pad is not doing anything for the cramps"),
    ("severe_pain", "the ibuprofen made no difference to the pain"),
    ("severe_pain", "ive had two doses and the ache wont budge"),
    # Worsening by the hour, building.
    ("severe_pain", "um the ache keeps building since lunch"),
    ("severe_pain", "the cramps get worse by the hour"),
    # Pads filled, blood dripping, idioms of a lot of blood.
    ("heavy_bleeding", "ive filled three pads since this morning"),
    ("heavy_bleeding", "blood keeps dripping when i get off the toilet"),
    ("heavy_bleeding", "so the bleeding is like a tap"),
    ("heavy_bleeding", "the bathroom looks like a murder scene"),
    ("heavy_bleeding", "theres blood everywhere on the sheets"),
    # Hot with a chill close by; a Fahrenheit fever said almost on its own.
    ("fever", "im roasting and shivering at the same time"),
    ("fever", "i feel boiling but my feet are freezing"),
    ("fever", "sweaty and shaky all evening"),
    ("fever", "um a hundred and one"),
    ("fever", "its 103 and i feel rough"),
    # Smells and colours in other words.
    ("discharge", "it reeks down below"),
    ("discharge", "there is a stinky discharge"),
    ("discharge", "it smells of rotten eggs"),
    ("discharge", "green stuff on the liner"),
    ("discharge", "my discharge smells like ammonia"),
    # Sight going strange, coming round.
    ("dizziness", "my vision goes all fuzzy when i stand"),
    ("dizziness", "everything went dark for a second in the kitchen"),
    ("dizziness", "i came to on the hallway floor"),
    ("dizziness", "i almost fell over getting out of bed"),
    # Despair in other words (never cleared).
    ("emergency", "i cant go on like this anymore"),
    ("emergency", "i just want everything to stop"),
    ("emergency", "theres no point in anything"),
]

CALM_WORDS = [
    # Words of these rules used for something else.
    "do i need to fill in the date of my last period",
    "can i have a hot drink or an ice cold one after the test",
    "how long should i wait before sitting down",
    "i am 39 is that too old for this test",
    "room 101 is where the scan is",
    "i waited 102 minutes for my appointment",
    "will my vision be affected by the dye",
]


@pytest.mark.parametrize(("kind", "utterance"), URGENT, ids=[f"{k}:{u[:40]}" for k, u in URGENT])
def test_warning_signs_by_meaning_are_urgent(skill: Skill, kind: str, utterance: str) -> None:
    result = skill.matcher.match(utterance)
    assert result.urgent, (kind, result.intent, result.triage)


@pytest.mark.parametrize("utterance", CALM_WORDS)
def test_the_words_of_a_sign_used_for_something_else_are_calm(skill: Skill, utterance: str) -> None:
    result = skill.matcher.match(utterance)
    assert not result.urgent, (result.intent, result.triage)


@pytest.mark.parametrize(
    ("utterance", "expected"),
    [
        ("i feel boiling but my feet are freezing", "urgent_fever_infection"),
        ("um a hundred and one", "urgent_fever_infection"),
        ("i came to on the hallway floor", "urgent_dizziness_fainting"),
        ("green stuff on the liner", "urgent_foul_discharge"),
        ("ive filled three pads since this morning", "urgent_heavy_bleeding"),
        ("i cant go on like this anymore", "emergency_self_harm"),
    ],
)
def test_signs_by_meaning_reach_their_own_answer(skill: Skill, utterance: str, expected: str) -> None:
    assert skill.matcher.match(utterance).intent == expected


def test_a_whole_number_alone_is_a_fever_only_in_the_fahrenheit_range(skill: Skill) -> None:
    """ "i'm 39" is an age; "a hundred and two" is hardly anything but a temperature. A unit or a word right next
    to the number makes it something else ("102 minutes", "room 101")."""
    assert spoken_numbers("i am thirty nine") == [39.0]
    assert not skill.matcher.match("i am thirty nine").urgent
    assert skill.matcher.match("a hundred and two").urgent
    assert skill.matcher.match("102").urgent
    assert not skill.matcher.match("102 minutes").urgent
