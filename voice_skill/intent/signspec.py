"""The language's warning-sign knowledge, as read from ``triage:`` in the intent YAML (see :mod:`.signs`)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class SignRule:
    """How one warning sign is recognised by meaning."""

    words: tuple[str, ...] = ()
    """The symptom ("pain", "bleeding"), urgent with a modifier of one of the ``needs`` groups close by."""
    alone: tuple[str, ...] = ()
    """Words or phrases urgent on their own ("fever", "fainted", "trouble breathing")."""
    needs: tuple[str, ...] = ()
    """Modifier groups (see ``TriageSpec.modifiers`` and ``TriageSpec.negated``) that make ``words`` urgent."""
    near: tuple[str, ...] = ()
    """Words that make ``words`` urgent when close by, whatever the modifiers ("swollen" near "throat")."""
    things: tuple[str, ...] = ()
    """Things that show the symptom (a pad, the sheets), urgent only with a modifier of the ``things_need``
    groups close by ("the pads are full in an hour"): a pad worn all day is no sign."""
    things_need: tuple[str, ...] = ()
    things_window: int = field(default=0, metadata={"min": 0, "max": 16})
    """How many words may stand between a thing and its modifier (0: the spec's ``window``): feeling hot and a
    chill make a fever further apart than a symptom and its severity ("shaking under three blankets but my skin
    feels hot")."""


@dataclass(frozen=True)
class Explained:
    """A sign with a harmless cause said in so many words ("out of breath because I ran for the bus")."""

    signs: tuple[str, ...] = ()
    """The mild forms of the sign a cause can explain ("out of breath", not "can't breathe")."""
    causes: tuple[str, ...] = ()
    """Harmless causes ("ran", "stairs", "the room", "nerves")."""


@dataclass(frozen=True)
class TriageSpec:
    """The language's warning-sign knowledge (``triage:`` in the intent YAML)."""

    window: int = field(default=4, metadata={"min": 1, "max": 12})
    """How many words may stand between a symptom and what makes it urgent."""
    modifiers: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Named groups of words and phrases: severity, worsening, quantity, duration, relief_failed."""
    negated: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Named groups of words that make a symptom urgent when denied: relief or an improvement that does not come
    ("it hasn't made a dent", "the bleeding isn't slowing"). Rules name them in ``needs`` like modifiers."""
    negating: tuple[str, ...] = ()
    """Words that deny a word of ``negated`` besides the language's negations ("nothing", "barely")."""
    denying: tuple[str, ...] = ()
    """Words that deny a sign said just after them, besides the language's negations ("*nothing* smells off",
    "*nothing* is smelly"; one word of ``denying_links`` may stand between). Not further back: "nothing i do stops
    the dizziness" denies no dizziness."""
    denying_links: tuple[str, ...] = ()
    """The little words that may stand between a word of ``denying`` and the sign it denies ("is", "was")."""
    negated_reach: int = field(default=3, metadata={"min": 1, "max": 6})
    """How many words before a word of ``negated`` its denial may stand ("has not made a dent")."""
    intensifiers: tuple[str, ...] = ()
    """Words skipped when reading signs ("absolutely", "totally"): "done absolutely nothing" is "done nothing"."""
    very: tuple[str, ...] = ()
    """Words, as typed, that the triage reads as "very" ("really bad" is "very bad", "proper sore" is "very
    sore"), before normalisation drops them as fillers."""
    signs: dict[str, SignRule] = field(default_factory=dict)
    """Each urgent intent's rule, by intent id."""
    mild: tuple[str, ...] = ()
    """Words that say a symptom is slight ("a light period", "a little sore"): with one close by and nothing that
    makes it urgent, a symptom is not spoken of as a warning sign, whatever the examples it resembles."""
    improvement: tuple[str, ...] = ()
    """Words and phrases that say a symptom is getting better or is over ("easing", "it passed")."""
    recovery: tuple[str, ...] = ()
    """Phrases, read in the words as typed (fillers kept), that say the speaker is well again ("ok now")."""
    lasting: tuple[str, ...] = ()
    """Signs an improvement does not clear: what happened stays a sign ("I fainted but I'm fine now")."""
    explained: dict[str, Explained] = field(default_factory=dict)
    """Harmless causes of mild signs, by intent id. An explained sign is cleared with no hedge, no denial and
    nothing getting worse; an emergency only if also told as past or with the speaker well again."""
    habitual: tuple[str, ...] = ()
    """Words that tell a sign as a habit ("i get short of breath on the stairs normally"): an explained emergency
    told so is cleared as if told as past."""
    hedges: tuple[str, ...] = ()
    """Words of doubt ("think", "maybe"): with them, a denial is not trusted."""
    temperature_words: tuple[str, ...] = ()
    """Words that make a number a body temperature ("temperature", "degrees", "thermometer")."""
    other_measures: tuple[str, ...] = ()
    """Words that make a number something else (money, weight, time): then only a temperature word makes it
    a temperature ("I paid 38.5 for parking")."""
    fever_celsius: float = 38.0
    """A temperature this high (°C) or higher is a fever."""
    fever_fahrenheit: float = 100.4
    """The same in °F."""
    fever_intent: str = "urgent_fever_infection"
    bleeding_intent: str = "urgent_heavy_bleeding"
    """The sign a count of pads over a time says (:mod:`.rates`)."""
    pads_per_hour: float = field(default=1.0, metadata={"min": 0.1, "max": 10})
    """Pads or tampons used this fast or faster, counted over a time ("my fourth tampon in three hours"), are heavy
    bleeding."""
    rate_things: tuple[str, ...] = ()
    """What is counted: pads, tampons, towels."""
    rate_hours: tuple[str, ...] = ()
    """Words for an hour ("hour", "hrs")."""
    rate_minutes: tuple[str, ...] = ()
    """Words for a minute ("minutes", "mins")."""
    rate_spans: tuple[str, ...] = ()
    """Words that open the time counted over ("in", "within", "every")."""
    rate_times: tuple[str, ...] = ()
    """The word after a count said after the thing ("changed my pad three *times*")."""
    always_urgent: tuple[str, ...] = ()
    """Signs never cleared by a denial or an improvement (thoughts of self-harm, trouble breathing)."""
    others: tuple[str, ...] = ()
    """Other people ("my sister", "a friend"): their signs, with no word of the speaker's own, are not an alarm."""
    asking: tuple[str, ...] = ()
    """Asking what counts as a sign ("what temperature counts as a fever"), with no word of the speaker's own."""
    degree: tuple[str, ...] = ()
    """Asking how bad a symptom gets ("is hsg pain that bad", "how heavy is normal bleeding"): in a question
    (it opens with a question word) with no word of the speaker's own (``first_person``, ``own``), not an alarm."""
    own: tuple[str, ...] = ()
    """Words that, besides ``first_person``, make a sign the speaker's own in a question about degree ("my")."""
    first_person: tuple[str, ...] = ()
    """Words by which the speakers speak of themselves ("i", "me"): with them, a sign is theirs."""
    asking_self: tuple[str, ...] = ()
    """Words that, just before a word of ``first_person``, make it a question about oneself ("will i", "should
    i"): not a word of the speaker's own sign ("my friend bled heavily, will i")."""
    pointing: tuple[str, ...] = ()
    """Words by which the speaker points to a sign as one they have ("this rash"): such an emergency is not supposed."""
    asked_of: tuple[str, ...] = ()
    """Besides ``first_person``, people a question about plans is asked of ("can he still come", "should we still
    go"): its word of ``ongoing`` says nothing of a sign going on."""
    ended: tuple[str, ...] = ()
    """A sign over and done with ("completely gone", "just spotting now"): with the speaker well again (``recovery``)
    it clears even a strong sign told as past ("the cramping was awful this morning but it's gone now and I feel
    fine"); never one still going on."""
    figurative: tuple[str, ...] = ()
    """Figures of speech ("spinning with happiness", "dying to know"): the sign is not meant. Not laughter ("lol"):
    people laugh nervously over real signs."""
    hypothetical: tuple[str, ...] = ()
    """What puts the sign that follows in a supposition ("what if", "if i get", "in case i"): asked about, not
    had, unless a word of ``ongoing`` says it is happening."""
    conditional: tuple[str, ...] = ()
    """Openings of a supposition only with a verb of ``linking`` before or just after the sign ("if the pain *gets*
    bad"; not "what does it mean if my discharge smells")."""
    pronouns: tuple[str, ...] = ()
    """Pronouns that take a symptom up again further on ("the cramps are coming in waves and *they* are awful"):
    what makes the symptom urgent may stand close after one."""
    linking: tuple[str, ...] = ()
    """Verbs that may stand between a supposition and its sign ("will i *feel* dizzy", "if i *start* bleeding")."""
    long_ago: tuple[str, ...] = ()
    """Times long past or over ("last year", "as a kid", "during the test"): a sign told in the past tense
    (``past``) with one
    of these is over, unless a word of ``ongoing`` says it is back."""
    long_past: tuple[str, ...] = ()
    """Times far past (years ago, as a child): the only ones that clear an emergency of ``settled`` told in the past
    tense ("i got a rash from penicillin as a child"); not "last week" or "during the test"."""
    settled: tuple[str, ...] = ()
    """Emergencies (of ``always_urgent``) that a supposition ("what if i get hives from the dye") or a time of
    ``long_past`` clears, with no hedge and nothing getting worse or said to be happening now; never a denial or an
    improvement, and never thoughts of self-harm."""
    other_senses: tuple[str, ...] = ()
    """Phrases in which a sign's word means something else ("a faint pink tinge": faint as pale, not as fainting):
    a sign found at a word of one is no sign."""
    past: tuple[str, ...] = ()
    """Past-tense words ("had", "was") that, just before a sign, tell it as past."""
    not_past: tuple[str, ...] = ()
    """Phrases with a word of ``past`` that tell the present ("i've got", "she has got"): not a sign told as past."""
    clause_breaks: tuple[str, ...] = ()
    """Words that open another clause ("and", "but"): a past tense or a time beyond one is not said of the sign."""
    subjects: tuple[str, ...] = ()
    """Words that open a clause as its subject ("i", "my", "she"): a past tense after one, past the sign, is another
    clause's ("a fever of 39, *my* sister *had* her hsg"); before the sign, the sign's own clause starts there."""
    third_person: tuple[str, ...] = ()
    """Words of ``subjects`` for someone else ("she", "her"): between another person named and a sign, the sign is
    still theirs ("my mum said *she* had a high fever")."""
    determiners: tuple[str, ...] = ()
    """Words that, with ``subjects``, open a clause of its own ("*the* test was two days ago")."""
    asked_links: tuple[str, ...] = ()
    """Words that tie a question about what counts to the sign after it ("signs *of* infection", "how do i know *if*
    my bleeding is too heavy")."""
    comparatives: tuple[str, ...] = ()
    """Words of improvement that, just after a modifier, make it say how much better the symptom is ("a lot
    lighter", "so much better"): then it is not what makes the symptom urgent."""
    ongoing: tuple[str, ...] = ()
    """Words that say a sign is happening now or again ("still", "since", "again", "back")."""
    now: tuple[str, ...] = ()
    """Words that tell someone else's sign as happening now ("now she is bleeding heavily", "he just fainted"): a
    carer speaking for the patient, not a story about someone else."""
    not_now: tuple[str, ...] = ()
    """Phrases with a word of ``now`` that does not mean now ("*just* asking", "*just* wondering")."""
    present: tuple[str, ...] = ()
    """Present-tense words ("am", "is") that, close to a sign, say it is happening now."""
    asked_after: tuple[str, ...] = ()
    """Words that, just after a present tense that follows a sign, make it open a question of its own ("... as a
    teenager, *is the* test safe"): not a word that the sign is happening now."""
    well: tuple[str, ...] = ()
    """Words that, just after a symptom with no denial between, say it is well ("my breathing is *fine*"): then a
    question resembling an urgent intent's examples is no warning sign."""
    emergency_denials: tuple[str, ...] = ()
    """Words that, right before an emergency of ``settled`` in its clause, deny it ("*no* chest pain or anything"):
    only a determiner, never "not" ("i can *not* get any air") and never one set off ("no, chest pain")."""
    emergency_denied_having: tuple[str, ...] = ()
    """Verbs of having that a negation before denies the emergency after them, in its clause ("i do *not have* a
    rash", "i have *not had* any chest pain"); a word of ``emergency_denied_articles`` may stand before the sign."""
    emergency_denied_articles: tuple[str, ...] = ()
    """Little words between such a denial and the emergency ("a", "any")."""
    emergency_denied_having_of: tuple[str, ...] = ()
    """The emergencies such a denial clears: not those told by what is missing ("i don't have any breath")."""
    still_ok: tuple[str, ...] = ()
    """Words that, just after a word of ``ongoing``, ask whether a plan holds ("is the test *still ok*", "can i still
    *have* it"): no sign going on."""
    caution_words: tuple[str, ...] = ()
    """Words of the body and of feeling unwell ("pain", "blood", "dizzy", "scared"): a question the skill cannot
    answer that holds one may be a warning sign in words the triage does not know, so the fallback tells the
    warning signs first (the language's ``responses.caution``)."""
    not_self: tuple[str, ...] = ()
    """Phrases in which a word of ``first_person`` says nothing of the speaker's own sign ("just *so i know*", "*i
    didnt*" said after someone else's sign): the sign is not theirs for that word."""
    contrasts: tuple[str, ...] = ()
    """Words of what was expected ("i *expected* a bit of blood, not a crime scene"): a denial after one puts right
    what was expected, and the sign it stands before is not denied."""
    list_words: tuple[str, ...] = ()
    """Words that join a list ("or", "nor"): a denial reaches over them ("no smell or discharge")."""
