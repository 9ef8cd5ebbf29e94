"""The kinds of rule added for fresh phrasings (eval/triage-dev3.jsonl, then eval/triage-dev4.jsonl), each checked
on new words: relief or an improvement denied, words skipped or misspelt, numbers with "and a half", a trigger in
its own order and not denied inside, a question about how bad a symptom gets, someone else's sign with a question
about oneself (and told as happening now: a carer), a sign told as past with the speaker well again (not a lasting
one), a harmless cause said in so many words (never for a severe form of an emergency), an emergency supposed or
long past (never self-harm), a word in another sense, a temperature below the fever line, a pronoun that takes a
symptom up again; and, for eval/triage-dev7.jsonl, a figure of speech said of one sign only, "I've got" as the
present, a question about what counts with the sign said to be happening now, a warning given beforehand, a time
long past said with "when I was", how much better a symptom is; and, for eval/triage-dev8.jsonl, a sign told by
what it does, a carer's word for someone else's sign, a unit written on a temperature, a denial that puts right what
was expected, a figure of speech said of an emergency, a purpose ("just so i know"), "just" as "only", a risk asked;
and, for eval/triage-dev11.jsonl, a symptom getting worse after a mild start, bedding soaked, a smell getting worse,
the room moving told as past, the speaker well beside someone else's sign.

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
    # The kinds added for eval/triage-dev4.jsonl (tuned on its even rows), each in new words.
    # An itch spread over the body; taking one's own life; a whole packet of a named medicine; a sense of dying.
    ("emergency", "my whole body itches since the dye"),
    ("emergency", "im itchy from head to toe"),
    ("emergency", "my skin is itching like crazy everywhere"),
    ("emergency", "i want to take my own life"),
    ("emergency", "thinking about taking my life"),
    ("emergency", "im going to hang myself"),
    ("emergency", "i dont want to exist anymore"),
    ("emergency", "ive got nothing to live for"),
    ("emergency", "i keep thinking about ending things"),
    ("emergency", "i swallowed a whole bottle of ibuprofen"),
    ("emergency", "ive taken an entire box of codeine"),
    ("emergency", "i took a bunch of sleeping tablets"),
    ("emergency", "i feel like im going to die"),
    ("emergency", "i honestly think i am dying"),
    ("emergency", "im covered in red bumps since the dye"),
    ("emergency", "it feels like i am drowning"),
    # An emergency said to be happening now is not cleared as a supposition or as long past; an explained sign with
    # something else, or more than the habit, stays.
    ("emergency", "what should i do if i have chest pain right now"),
    ("emergency", "i had a seizure years ago and my face is swelling up now"),
    ("emergency", "i had a seizure years ago, it is happening again"),
    ("emergency", "i get out of breath on the stairs and now my chest hurts"),
    ("emergency", "im always breathless but today i cant breathe at all"),
    # A symptom taken up again by a pronoun; severity, quantity and fainting in more words.
    ("severe_pain", "the cramps are coming in waves and they are awful"),
    ("severe_pain", "the cramping began this morning after i got home from the clinic and it is horrendous"),
    ("severe_pain", "i threw up from the pain"),
    ("severe_pain", "hurts like hell down there"),
    ("severe_pain", "ive been doubled up all night"),
    ("severe_pain", "pain level nine"),
    ("severe_pain", "ive got crazy bad cramps"),
    ("severe_pain", "the pain takes my breath away"),
    ("severe_pain", "the pain is like nothing ive ever felt"),
    ("heavy_bleeding", "my pads are drenched"),
    ("heavy_bleeding", "the flow is insane since the dye"),
    ("heavy_bleeding", "my pad overflowed in less than an hour"),
    ("heavy_bleeding", "im bleeding more than i did after giving birth"),
    ("dizziness", "i went all wobbly and had to lie down"),
    ("dizziness", "im seeing double and feel sick"),
    ("dizziness", "i feel like im going to hit the deck"),
    ("dizziness", "i keep seeing black spots"),
    ("dizziness", "my legs keep giving way"),
    # Someone else's sign told as happening now: a carer speaking for the patient. A reading of a fever stays.
    ("heavy_bleeding", "my sister had her hsg this morning and now she is bleeding heavily"),
    ("dizziness", "my daughter just fainted after her hsg"),
    ("dizziness", "my mum is really dizzy since her test"),
    ("fever", "my temperature is 38.3, is that a fever"),
    # The kinds added for eval/triage-dev5.jsonl (its even rows), in new words: a fit told without the word; a
    # denial that another word of the sign takes ("not spotting, flooding"); a strong sign over only in part, or
    # back again; a supposition's "worry about" of an emergency happening now.
    ("emergency", "he went rigid and then started jerking"),
    ("emergency", "my wife went stiff and shook on the floor"),
    ("heavy_bleeding", "it is not spotting it is flooding"),
    ("severe_pain", "the pain was awful, it went away but now it is back"),
    ("severe_pain", "the cramps were unbearable this morning and they still are"),
    ("heavy_bleeding", "i was bleeding heavily earlier and it has not stopped"),
    ("emergency", "do i need to worry about my throat swelling up right now"),
    # The kinds of triage-dev4 (now tuned on whole), in new words: screaming with it, blood trickling down, a
    # lightheadedness not worn off, pills swallowed by the dozen.
    ("severe_pain", "i scream when i try to roll over"),
    ("heavy_bleeding", "blood trickled down my legs when i stood up"),
    ("dizziness", "i am still lightheaded and it has not worn off"),
    ("dizziness", "the light headedness is not going away"),
    ("emergency", "i took about thirty of my painkillers"),
    # A lasting sign is never over, however well the speaker is now.
    ("dizziness", "i fainted this morning but its all gone now and im fine"),
    ("dizziness", "i passed out earlier but it has completely gone and i feel fine now"),
    ("dizziness", "i blacked out for a second, its gone now and i feel fine"),
    # A supposed emergency the speaker has ("this rash", "the hives i have"); laughter is no figure of speech; a
    # figure of speech does not clear a sign said beside it.
    ("emergency", "could the dye cause this rash all over my arms"),
    ("emergency", "do i have to worry about the hives i have now"),
    ("emergency", "can the dye cause breathing problems like the ones im having"),
    ("heavy_bleeding", "im bleeding through a pad an hour lol"),
    ("severe_pain", "the pain is unbearable, joking aside"),
    ("heavy_bleeding", "all these medical words aside, im bleeding through a pad an hour"),
    # triage-dev6 kinds: something coming out that looks wrong, a stabbing with no pain word, "won't settle";
    # "can't sit still" is no denial of a sign going on.
    ("discharge", "there is green stuff coming out and it smells off"),
    ("severe_pain", "a sharp stabbing low on my right that wont settle"),
    ("severe_pain", "my daughter had her hsg today and now she is in so much pain she cant sit still"),
    # triage-dev7 kinds. A figure of speech clears only the sign it is said of, not one elsewhere.
    ("fever", "the waiting is awful and i have a fever of 39"),
    ("heavy_bleeding", "my head is spinning with all this information and i am bleeding through a pad an hour"),
    ("dizziness", "im dying to know the results but i fainted twice this morning"),
    # "I've got" is the present; a question about what counts, with the sign said to be happening now.
    ("severe_pain", "ive got this terrible pain low down that is much worse than the test itself"),
    ("heavy_bleeding", "is filling a pad every hour too much, because that is what is going on right now"),
    # More than one was told to expect; a menstrual cup full; a smell in slang; the room tipping; eyes rolled back;
    # indirect thoughts of ending one's life.
    ("heavy_bleeding", "the blood is much heavier than the nurse said it would be"),
    ("heavy_bleeding", "my period cup is full again after forty minutes"),
    ("discharge", "theres a horrible pong coming from down there"),
    ("dizziness", "the room tilts when i get up and i have to hold onto something"),
    ("emergency", "his eyes have rolled back and hes jerking"),
    ("emergency", "sometimes i think about stepping in front of a train"),
    ("emergency", "i looked up how many tablets it would take"),
    # "Supposed to be" is no supposition; a hedge of many words is the whole phrase ("could be"), but a hedge it is.
    ("heavy_bleeding", "this was supposed to be light spotting but it is pouring out"),
    ("fever", "i could be wrong but i feel hot and shivery"),
    # Each clearing cue counts only in the sign's own clause: a story, a question, a time or someone else beside a
    # sign happening now leaves it standing.
    ("fever", "my temp is 38.7, my cousin had her hsg a couple of years ago"),
    ("fever", "im burning up and freezing, the scan itself was last tuesday"),
    ("severe_pain", "what are the signs of infection? my stomach pain is unbearable"),
    ("heavy_bleeding", "my aunt said it was nothing for her, but there are huge clots coming out of me"),
    ("dizziness", "back in the summer i had a smear. i keep nearly passing out"),
    ("discharge", "when i was a kid i had chickenpox, and now my discharge smells rotten"),
    ("emergency", "i had a rash as a toddler, but now my throat is swelling up"),
    ("severe_pain", "the cramps keep getting worse, the cost of parking is killing me"),
    ("fever", "i have a fever of 38.9, i feel fine otherwise"),
    ("heavy_bleeding", "my partner has a bad cold and i am soaking a pad every hour"),
    # A temperature read as a number stands at the temperature word closest to it, not at a denied one before it.
    ("fever", "there was no fever at lunch, but the thermometer now says 38.8"),
    # eval/triage-dev8.jsonl: a sign told by what it does, not by its name; a sign of someone else's said by a
    # carer; a temperature with its unit written on; a denial that puts right what was expected.
    ("severe_pain", "i cant even straighten up its that bad"),
    ("severe_pain", "ive been sick from the pain three times"),
    ("severe_pain", "the pain is so bad i cant keep anything down"),
    ("severe_pain", "my mums cramps stopped after an hour, mine have been going on for hours"),
    ("heavy_bleeding", "it gushed out when i got off the sofa"),
    ("heavy_bleeding", "theres blood dripping onto the floor"),
    ("heavy_bleeding", "blood is coming out in big pieces"),
    ("heavy_bleeding", "i was expecting some spotting, not a bloodbath"),
    ("fever", "thermometer says 38.6c"),
    ("fever", "its 101f on the thermometer"),
    ("discharge", "my partner says she can smell it through her clothes"),
    ("discharge", "it smells wrong down there and its thick"),
    ("dizziness", "everything keeps going round and round"),
    ("emergency", "like something heavy sitting on me in the middle"),
    ("emergency", "shes come up in raised red blotches and cant stop scratching"),
    ("emergency", "my daughter keeps saying she wants to kill herself"),
    # eval/triage-dev11.jsonl kinds: worse after a mild start, taken up by a pronoun; bedding or clothes soaked; a
    # smell getting worse; the room moving, told as past.
    ("severe_pain", "it was a mild ache in my belly at first but over the weekend it has got steadily worse"),
    ("heavy_bleeding", "i soaked the bed last night"),
    ("heavy_bleeding", "woke up and had soaked my pyjamas"),
    ("discharge", "the smell is getting worse"),
    ("discharge", "that smell is getting stronger and worse"),
    ("dizziness", "the room was moving when i got out of bed"),
    # ... and from its check half, read after it was measured: a bleed or a faint named in another word; a place
    # ("down there") after "died down", which is no improvement.
    ("heavy_bleeding", "im haemorrhaging after the hsg"),
    ("dizziness", "i keep swooning when i stand"),
    ("discharge", "there is a smell like something died down there"),
    # "nothing" just before a sign denies it only there, not further back.
    ("dizziness", "nothing i do stops the dizziness"),
    # A denied verb of having clears an emergency only where it stands: not another one after it, not breath.
    ("emergency", "i do not have a rash but my lips are swelling"),
    ("emergency", "i dont have any breath"),
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
    # The kinds added for eval/triage-dev4.jsonl (tuned on its even rows), each in new words.
    # Over and done with: "long gone", "can i still" is no ongoing sign, a past far back (an irregular or a regular
    # past), an emergency long past (not self-harm).
    "i had a temperature last year but its long gone, can i still go ahead",
    "i felt dizzy this morning but im fine now, can i still drive",
    "i bled a lot years ago after a d and c, is that a problem",
    "i ran a fever last year after a flu shot",
    "i fainted once at the dentist years ago, will i faint during the hsg",
    "i had hives from shellfish years ago, will the dye be a problem",
    "as a teenager i had a seizure, is the hsg safe for me",
    "i had a rash from amoxicillin as a kid",
    # Supposed: an emergency, how a symptom might develop, whether the test gives people a sign; a fear told as past.
    "what if i get hives from the dye",
    "what happens if i have an allergic reaction to the dye",
    "if i got hives would the clinic know what to do",
    "what should i do if the pain gets bad",
    "who do i ring if my bleeding becomes heavy",
    "can the test give you a fever",
    "does the hsg give women heavy bleeding",
    "do some women faint after it",
    "i was scared i would faint but i didnt",
    "i thought i might pass out but i was fine",
    # Not the speaker's own: strangers told of, a pet, someone else's question; what a sign means or is classed as,
    # asked in general.
    "someone on reddit said she had a fever after hers",
    "a lady in the waiting room fainted",
    "people online say they bleed heavily afterwards",
    "my cat has a fever",
    "my aunt wonders if a fever is common after it",
    "is heavy bleeding a sign of infection",
    "what temperature is classed as a fever",
    # A temperature read below the fever line.
    "is it bad if i have a temperature of 37.5",
    "my temperature is 37.4, is that a fever",
    # A sign's word in another sense or a figure of speech: faint as pale, hay fever, laughing, information,
    # suspense, a smell of a thing, dying of embarrassment, drowning in work.
    "there is a faint brown streak on the pad",
    "a very faint pink tinge when i wipe",
    "i get hay fever in spring, is that a problem",
    "i watched a comedy and nearly passed out laughing",
    "my head is spinning from all the information",
    "the suspense is unbearable",
    "the gel smelled funny",
    "i want to die of embarrassment",
    "im drowning in emails at work",
    # A mild explained sign told as a habit.
    "i get short of breath climbing the stairs normally",
    "i always get winded running for the bus",
    # Over and done with, the speaker well again (dev5 kinds); a figure of speech for breath; a supposition's
    # "worry about" an emergency; a rash with a lifelong cause; "back" in "back to normal".
    "the pains were horrendous last night but they have completely gone now and i feel fine",
    "the bleeding was heavy this morning but it has stopped now and im ok",
    "i was a little lightheaded for a minute but now im back to normal",
    "im breathless with excitement about the results",
    "do i have to worry about an allergic reaction to the dye a week later",
    "my eczema rash has been there for years",
    # triage-dev4 kinds: "zero" as a denial, a side effect asked about, whether the dye can cause a sign, hot
    # weather, jargon, a supposition of a painful test, pain during the test that ended, fine "for hours since".
    "zero pain so far, is that normal",
    "is dizziness a side effect of the dye",
    "can the dye cause hives",
    "it is boiling hot outside today, can i go for a walk",
    "all the medical words are making my head spin",
    "will having a tilted uterus make the test more painful",
    "the cramps during the procedure were horrible but they went as soon as it finished",
    "i felt dizzy at the clinic but ive been fine for hours since",
    # triage-dev6 kinds: "still fine"; a mild sign with a harmless cause after a denied one; a period due; a strong
    # sign now barely noticed; "back in" a month; "hasn't come back"; "was gone before".
    "i had a temperature a while ago but it is long gone, is it still ok to have the test",
    "no dizziness at all now, i was a bit woozy earlier but i had skipped breakfast",
    "my heavy period is due on friday, will the dye change it",
    "the cramping was awful for a minute on the table, now i barely notice it",
    "i had a high temperature back in january, should i tell them",
    "i felt a bit faint in the car but it passed in seconds and has not come back",
    "the dizzy spell i had was gone before i got home",
    # triage-dev7 kinds: how much better ("a lot lighter"); a warning given beforehand; a time long past said with
    # "when i was"; a chest tight with nerves, told as over; asking how one would know; "be" alone is no hedge.
    "the bleeding is a lot lighter than it was this morning",
    "the doctor warned me i might feel faint afterwards, is that usual",
    "i passed out at the dentist when i was a kid, will i be alright for the hsg",
    "my chest felt tight from nerves in the waiting room but that has gone now",
    "how would i know if i was getting an infection after the test",
    "my mum had a high fever after an operation in the nineties, will i be the same",
    # ... and still clears the sign it is said of, across a comma when the question goes on.
    "what counts as a high temperature, how high is too high",
    "the dizzy feeling i had at the clinic was gone by the time i got home",
    "my sister is anxious because she heard about women passing out",
    "i fainted once at school as a teenager, will the test be ok",
    # eval/triage-dev8.jsonl: a figure of speech said of an emergency, a purpose, "just" as "only", a risk asked.
    "the parking fees nearly gave me chest pains",
    "the prices made me want to faint",
    "my sister bled heavily after hers, i didnt, will i",
    "how heavy is too heavy, just so i know what to watch for",
    "a woman at the clinic fainted after hers, just wondering why",
    "is there any risk of a fever later on",
    # eval/triage-dev11.jsonl: the speaker well, said beside someone else's sign.
    "my sister almost fainted in the waiting room, im fine though, when will i get my results",
    "my friend nearly fainted at her hsg, im ok, how long do results take",
    "my husband passed out at the sight of the needle haha, i feel fine, when do results come",
    # A low pain score; "nothing" right before a sign.
    "pain is 2 out of 10",
    "nothing is smelly at all, just a bit of brown",
    "the cramps have died down now",
    "i havent had any chest pain, is that normal",
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
