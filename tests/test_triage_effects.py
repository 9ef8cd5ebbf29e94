"""Warning signs and emergencies told by what they do, not by their name, as people in distress say them: a probe
written for the triage (not rows of the eval sets), after eval/triage-dev8.jsonl showed a fresh set missing 16% of
its signs. Each must be urgent; the look-alikes after them must stay calm."""

from __future__ import annotations

import pytest

from voice_skill import Skill

EMERGENCIES = [
    "i cant get any air in",
    "my lips have gone a bit blue and i cant catch my breath",
    "every breath is a struggle",
    "i'm gasping like a fish",
    "it feels like someone is standing on my chest",
    "theres a band squeezing round my ribs and down my left arm",
    "my heart is racing and theres pressure right in the middle",
    "pain going down my left arm and into my jaw",
    "my chest feels like its being crushed",
    "tight feeling across my chest when i breathe",
    "my tongue feels too big for my mouth",
    "my throat feels like its closing up",
    "i can barely swallow, my throat is swelling",
    "my face has puffed up like a balloon since the x ray",
    "my eyes are swelling shut",
    "my lips have blown up",
    "i've come out in big itchy welts all over",
    "im covered in itchy red patches since the dye",
    "my whole body is itching like crazy",
    "i'm breaking out in hives",
    "she's shaking uncontrollably and not answering me",
    "he found her jerking on the bathroom floor",
    "my wife is having some kind of fit",
    "she went rigid and her arms were jerking",
    "she just dropped and isnt waking up",
    "i found her on the floor and she wont respond",
    "she's breathing but i cant wake her",
    "my partner passed out and hasnt come round",
    "she's gone grey and floppy and wont open her eyes",
    "i dont want to be around anymore",
    "i keep thinking everyone would be better off without me",
    "i've been thinking about ending it all",
    "i want to go to sleep and never wake up",
    "i've got the pills lined up",
    "i dont see the point in carrying on",
    "i feel like i want to die",
    "thinking of taking all my tablets at once",
    "i've been having dark thoughts about hurting myself",
    "my husband says hes going to kill himself",
    "i cant do this anymore, i want out of life",
    "feels like i'm drowning, cant breathe properly",
    "i'm wheezing and my chest is tight",
    "cant talk in full sentences, so out of breath",
    "there's a heavy weight pressing on my chest",
    "sharp chest pain when i breathe in",
    "my heart hurts",
    "my neck and face are swelling up",
    "the inside of my mouth is swelling",
    "i've gone all blotchy and my throat is scratchy and tight",
    "raised bumps everywhere and i feel faint",
    "her eyes rolled back and she was twitching",
    "she had a seizure in the car",
    "he's convulsing",
    "my daughter is unconscious",
    "she collapsed in the kitchen",
    "i want to end my life",
    "i'm going to take an overdose",
    "i have a plan to kill myself",
    "no one would miss me if i was gone",
    "i just want it all to be over",
]

SIGNS = [
    ("severe_pain", "i cant stand up straight because of my stomach"),
    ("severe_pain", "im curled up in a ball on the bed with my belly"),
    ("severe_pain", "it hurts so much i feel sick"),
    ("severe_pain", "the painkillers arent touching it and im sweating with the pain"),
    ("severe_pain", "my tummy is agony when i move"),
    ("severe_pain", "this is way worse than labour"),
    ("severe_pain", "i had to get my husband to carry me to the car, the cramps are that bad"),
    ("severe_pain", "im on my hands and knees with the cramps"),
    ("severe_pain", "i cant even talk through the pain"),
    ("severe_pain", "each wave of cramping is stronger than the last"),
    ("severe_pain", "my belly is rock hard and sore to touch"),
    ("severe_pain", "the pain is making me throw up"),
    ("heavy_bleeding", "ive had to change my pad four times in two hours"),
    ("heavy_bleeding", "theres blood all over the sheets"),
    ("heavy_bleeding", "im passing clots the size of a golf ball"),
    ("heavy_bleeding", "it's like a tap has been turned on"),
    ("heavy_bleeding", "ive bled through my trousers on the bus"),
    ("heavy_bleeding", "the toilet bowl is full of blood"),
    ("heavy_bleeding", "im going through a super pad every forty minutes"),
    ("heavy_bleeding", "my pad is soaked again already"),
    ("heavy_bleeding", "its pouring out of me"),
    ("heavy_bleeding", "blood keeps running down my leg"),
    ("fever", "i feel hot and cold and shivery"),
    ("fever", "my temperature is thirty nine point two"),
    ("fever", "im burning up and shaking"),
    ("fever", "thermometer says 102"),
    ("fever", "i've got the sweats and chills since last night"),
    ("fever", "feel like i've got flu, shivering under the duvet"),
    ("fever", "my temp went up to 38.4"),
    ("fever", "my forehead is roasting and my teeth are chattering"),
    ("discharge", "theres a horrible smell down there"),
    ("discharge", "my discharge is green and smells off"),
    ("discharge", "it smells like something died"),
    ("discharge", "theres yellow gunk coming out"),
    ("discharge", "i can smell a really bad odour from my vagina"),
    ("discharge", "the discharge has gone a weird grey colour and stinks"),
    ("discharge", "everyone can smell it, its so embarrassing"),
    ("discharge", "it reeks of fish"),
    ("dizziness", "i nearly passed out in the shower"),
    ("dizziness", "the room keeps spinning when i stand"),
    ("dizziness", "i went all lightheaded and had to sit on the floor"),
    ("dizziness", "i keep seeing stars and feel wobbly"),
    ("dizziness", "i blacked out for a second"),
    ("dizziness", "my legs went and i ended up on the floor"),
    ("dizziness", "everything went fuzzy and i had to grab the sink"),
    ("dizziness", "i feel like im going to faint any second"),
    ("dizziness", "i came round on the bathroom floor"),
    ("dizziness", "im so woozy i cant stand"),
]

CALM = [
    "my heart is pounding with nerves before the results",
    "i have a heavy heart about the results",
    "my heart sank when i saw the bill",
    "i just want the waiting to be over",
    "i want it to be over so i can go home",
    "the tap in the bathroom is broken",
    "is the hsg heart safe",
]


@pytest.mark.parametrize("utterance", EMERGENCIES)
def test_an_emergency_told_by_what_it_does_is_urgent(skill: Skill, utterance: str) -> None:
    result = skill.matcher.match(utterance)
    assert result.urgent and result.intent.startswith("emergency_"), (result.intent, result.triage)


@pytest.mark.parametrize(("kind", "utterance"), SIGNS, ids=[f"{k}:{u[:40]}" for k, u in SIGNS])
def test_a_warning_sign_told_by_what_it_does_is_urgent(skill: Skill, kind: str, utterance: str) -> None:
    result = skill.matcher.match(utterance)
    assert result.urgent, (kind, result.intent, result.triage)


@pytest.mark.parametrize("utterance", CALM)
def test_look_alikes_stay_calm(skill: Skill, utterance: str) -> None:
    result = skill.matcher.match(utterance)
    assert not result.urgent, (result.intent, result.triage)
