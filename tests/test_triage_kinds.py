"""The kinds of rule added for fresh phrasings (eval/triage-dev3.jsonl), each checked on new words: relief or an
improvement denied, words skipped or misspelt, numbers with "and a half", a trigger in its own order and not
denied inside, a question about how bad a symptom gets, someone else's sign with a question about oneself, a sign
told as past with the speaker well again (not a lasting one), and a harmless cause said in so many words (never
for a severe form of an emergency).

The phrasings are new: not rows of the eval sets."""

from __future__ import annotations

import pytest

from voice_skill import Skill
from voice_skill.intent.numbers import numbers

URGENT = [
    # Relief or an improvement that does not come.
    ("severe_pain", "the paracetamol hasnt touched the cramps"),
    ("severe_pain", "nothing is touching this pain"),
    ("severe_pain", "the cramps are not easing at all"),
    ("heavy_bleeding", "the bleeding isnt slowing down"),
    ("severe_pain", "the ibuprofen has done totally nothing"),
    # Pain scores, a dropped g, an apostrophe s, a misspelt temperature, "and a half".
    ("severe_pain", "my pain is an eight"),
    ("severe_pain", "belly pain about 9/10"),
    ("heavy_bleeding", "im bleedin loads"),
    ("dizziness", "the room's spinning"),
    ("dizziness", "everything's going black"),
    ("fever", "my temperture is 38"),
    ("fever", "temp is thirty eight and a half"),
    ("fever", "my skin is on fire and im shivery"),
    # Fainting, emergencies in other words.
    ("dizziness", "my legs turned to jelly in the shower"),
    ("emergency", "my eyelids have puffed up"),
    ("emergency", "my lips are tingling since the dye"),
    ("emergency", "itchy all over since the dye"),
    ("emergency", "shes not breathing"),
    ("emergency", "he is out cold on the floor"),
    ("emergency", "i took an overdose"),
    ("emergency", "i keep cutting myself"),
    ("emergency", "her eyes rolled back and she went stiff"),
    ("emergency", "my chest feels like its being squeezed"),
    # A lasting sign stays urgent when the speaker is well again; a denial in a trigger of its own stays.
    ("dizziness", "i fainted earlier but i feel fine now"),
    ("dizziness", "passed out this morning, ok now"),
    ("heavy_bleeding", "the bleeding will not stop"),
    # Two words of a trigger side by side may swap ("discharge smells").
    ("discharge", "i have a smelling discharge"),
    ("discharge", "an offensive discharge since the test"),
    # A harmless cause does not clear a severe form, a present one with nothing else said, a denied cause, or
    # a chill with a fever.
    ("emergency", "i cant breathe and i ran here"),
    ("emergency", "im out of breath because i ran"),
    ("emergency", "i was out of breath after the stairs and my chest hurts"),
    ("fever", "im shivering and the room isnt even cold"),
    ("fever", "i have a fever and im shivering from the cold room"),
    # A question about degree about one's own sign.
    ("severe_pain", "how bad can the pain get, mine is unbearable"),
    ("severe_pain", "is it normal for the pain to be this bad"),
    # Severity, failed relief and duration in other words; a reading is not cleared by a question about it.
    ("severe_pain", "the cramps are so strong im throwing up"),
    ("severe_pain", "the codeine isnt cutting it"),
    ("severe_pain", "my insides feel like theyre tearing"),
    ("severe_pain", "ive had this pain for days"),
    ("dizziness", "my head keeps swimming"),
    ("emergency", "i feel like im choking"),
    ("fever", "is a temperature of 38.6 anything to worry about"),
    ("severe_pain", "the cramps are unreal today"),
    ("severe_pain", "the naproxen isnt doing a thing"),
    # Over during the test, but still going now.
    ("severe_pain", "the pain was awful during the procedure and it is still awful"),
    ("severe_pain", "the hsg was two days ago and i am in agony"),
    # Idioms and medicine taken to do harm.
    ("emergency", "feels like an elephant is sitting on my chest"),
    ("emergency", "i took a load of pills on purpose"),
    ("emergency", "i swallowed a handful of tablets"),
    ("emergency", "i took too many painkillers"),
    ("heavy_bleeding", "i bled all over my jeans"),
    ("heavy_bleeding", "theres blood all over the bed"),
    ("severe_pain", "my pain is off the charts"),
    ("dizziness", "my head is all spinny"),
]

CALM = [
    # A question about how bad a symptom gets.
    "how bad is the cramping after an hsg usually",
    "is the pain after the test that bad",
    "how heavy is the bleeding supposed to be",
    # Denied inside a trigger or just before a modifier.
    "the discharge does not smell",
    "the pain is not so bad",
    "my bleeding is not heavy at all",
    # When a symptom ends is no failed relief.
    "when will the cramps wear off",
    # Someone else's, with a question about oneself.
    "my cousin had heavy bleeding after hers, should i expect that",
    # Told as past, the speaker well again; a fear told as past.
    "i felt a little dizzy this morning but im fine now",
    "i thought i would pass out from nerves but it was fine",
    # A mild sign with a harmless cause.
    "i was a bit breathless because i jogged here but im fine",
    "i got the shakes from nerves before the scan but im ok now",
    # What to look out for; what to expect; whether to worry about a sign.
    "what warning signs should i look out for",
    "will i feel dizzy afterwards",
    "can the contrast make you feel faint",
    "should i worry about a smelly discharge",
    # Someone else's; a severity denied.
    "my brother fainted in the waiting room",
    "i am not in agony, it is just a dull ache",
    # Over: during the test, passed, long ago; slight.
    "the pain was awful during the procedure but it stopped soon after",
    "the test was really painful, does that mean my tubes are blocked",
    "the dizzy spell passed after a minute",
    "i had a bit of a fever years ago",
    "my bleeding is like a light period",
    # A figure of speech.
    "the parking was a pain in the neck",
    "i had a weight off my chest after the results",
    # Medicine and blood words in everyday senses.
    "how many painkillers can i take after hsg",
    "can i take two ibuprofen at once",
    "i spilled tea all over the sheets",
    "there was a bit of blood on the tissue when i wiped",
]


@pytest.mark.parametrize(("kind", "utterance"), URGENT, ids=[f"{k}:{u[:40]}" for k, u in URGENT])
def test_signs_of_the_new_kinds_are_urgent(skill: Skill, kind: str, utterance: str) -> None:
    result = skill.matcher.match(utterance)
    assert result.urgent, (kind, result.intent, result.triage)


@pytest.mark.parametrize("utterance", CALM)
def test_near_misses_of_the_new_kinds_stay_calm(skill: Skill, utterance: str) -> None:
    result = skill.matcher.match(utterance)
    assert not result.urgent, (result.intent, result.triage)


def test_and_a_half_is_a_fraction() -> None:
    assert numbers("38 and a half") == [(38.5, True)]
    assert numbers("thirty eight and a half") == [(38.5, True)]
    assert numbers("a hundred and one") == [(101.0, False)]


def test_an_explained_sign_says_so(skill: Skill) -> None:
    """The triage names what it found even when it cleared it: the clinic can see why no alarm was raised."""
    result = skill.matcher.match("i was out of breath because i ran for the train")
    assert not result.urgent
    assert [(h.intent, h.cleared) for h in result.triage] == [("emergency_breathing", True)]
