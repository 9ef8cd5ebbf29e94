"""Whisper recovers what the spotter missed: an utterance the spotter proposed nothing in, whose own transcript
opens with the wake phrase, is scored on its start (``ConfirmedSpotter.recover``, ``wake.recover``)."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pytest

from voice_skill import Skill
from voice_skill.asr import Doubt, Engine, Recognizer, Transcript, Word, choose_engine, open_recognizer
from voice_skill.audio import Audio, chunked
from voice_skill.pipeline import Ignored, Listener, Woke
from voice_skill.wake import (
    Attention,
    Confirm,
    ConfirmedSpotter,
    ScoreCheck,
    Trigger,
    Verdict,
    WakeHit,
    WakeSettings,
    WakeSpotter,
    open_spotter,
    opens_with_phrase,
)
from voice_skill.wake.confirm import RECOVER_LOG_PROB, SoundsLike
from voice_skill.wake.engines import open_checker, recover_least, sounds_like
from voice_skill.wake.pocketsphinx_spotter import PocketSphinxSpotter
from voice_skill.wake.settings import RecoverGate
from voice_skill.wake.spotter import after_wake, drop_words

from .support import join, silence, speak, with_noise

MISSED_TEXT, MISSED_VOICE, MISSED_INTENT = "hey helper, is cramping normal after the test", "espeak-f", "cramping"

PHRASE = "hey helper"


# -- the seam (no engines) ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "taken"),
    [
        ("Hey helper, is cramping normal?", 2),
        ("Hey, Helper. Is cramping normal?", 2),
        ("hey help her, can I shower", 3),
        ("Heyhelper can I shower", 1),
        ("Um, hey helper, when can I shower?", 3),
        ("They help her a lot.", 0),
        ("He is a big help.", 0),
        ("I said hey helper", 0),
        ("Hey Heather, how are you?", 0),
        ("", 0),
    ],
)
def test_a_transcript_opens_with_the_phrase_only_in_its_first_words(text: str, taken: int) -> None:
    assert opens_with_phrase(text, PHRASE) == taken


SOUNDS = SoundsLike(
    {
        "hey": ["HH EY"], "helper": ["HH EH L P ER"], "hello": ["HH AH L OW", "HH EH L OW"], "her": ["HH ER"],
        "hi": ["HH AY"], "they": ["DH EY"], "help": ["HH EH L P"], "he": ["HH IY"], "is": ["IH Z"], "a": ["AH", "EY"],
        "big": ["B IH G"], "said": ["S EH D"], "i": ["AY"], "heather": ["HH EH DH ER"], "how": ["HH AW"],
        "are": ["AA R"], "you": ["Y UW"], "there": ["DH EH R"],
    }
)  # fmt: skip


@pytest.mark.parametrize(
    ("text", "taken"),
    [
        ("Hey helper, is cramping normal?", 2),  # spelt as the phrase: the spelling gate's answer
        ("Hey, hello, is cramping normal?", 2),  # flite's kal16 "hey helper", as Whisper writes it
        ("Hey, hello, her when is an HSG recommended?", 3),  # the longer of two alike: "her" is the phrase's end
        ("Hey, hi helper. Is it normal?", 3),
        ("They help her a lot.", 3),  # sounds alike: only the score check can turn it away
        ("Hey Heather, how are you?", 2),
        ("He is a big help.", 0),
        ("I said hey helper", 0),
        ("Hey, how are you?", 0),
        ("Hello there.", 0),
        ("Hey, zyxwv.", 0),  # a word without a pronunciation sounds like nothing
    ],
)
def test_the_sound_gate_opens_for_words_that_sound_like_the_phrase(text: str, taken: int) -> None:
    assert SOUNDS.opens(text, PHRASE) == taken


def test_the_sound_gate_reads_the_dictionary_only_when_set(skill: Skill) -> None:
    assert sounds_like(WakeSettings(recover_gate=RecoverGate.SPELLING), skill.intents) is None
    assert sounds_like(WakeSettings(recover=False), skill.intents) is None, "no recovery, no gate"
    found = sounds_like(WakeSettings(), skill.intents)
    assert found is not None, "the sound gate by default"
    assert found.opens("Hey, hello, is it normal?", PHRASE) == 2
    assert WakeSettings().recover_rejected, "turned-away spots are tried again by default"


def test_a_recovered_wake_cuts_the_question_after_the_words_its_gate_took() -> None:
    assert drop_words("Hey, hello, her when is an HSG recommended?", 3) == "when is an HSG recommended?"
    assert drop_words("Hey , hello", 2) == ""
    said = Transcript("Hey, hello, when is an HSG recommended?")
    assert after_wake(said, WakeHit(PHRASE, 0.0, 2.5, said_words=2), PHRASE).text == "when is an HSG recommended?"
    assert after_wake(said, WakeHit(PHRASE, 0.0, 2.5), PHRASE).text == said.text, "a spot cuts the spelling only"


class Misses(WakeSpotter):
    """A unit seam: a spotter that never proposes the phrase."""

    phrase = PHRASE

    def start(self) -> None:
        pass

    def feed(self, samples: np.ndarray) -> None:
        pass

    def finish(self) -> WakeHit | None:
        return None


class Says:
    """A unit seam for the second look: every check gets the same verdict, and the audio it was given is kept."""

    def __init__(self, score: float) -> None:
        self.score = score
        self.seen: list[int] = []

    def check(self, samples: np.ndarray, phrase: str) -> Verdict:
        self.seen.append(len(samples))
        return Verdict(False, "", self.score)

    def close(self) -> None:
        pass


def missed(spotter: ConfirmedSpotter, seconds: float = 4.0) -> None:
    """An utterance the spotter proposes nothing in."""
    spotter.start()
    spotter.feed(np.zeros(round(seconds * 16000), dtype=np.int16))
    assert spotter.finish() is None


@pytest.mark.parametrize(
    ("text", "doubt", "score", "least", "wakes", "checked"),
    [
        ("Hey helper, is cramping normal?", None, -0.8, -1.0, True, True),
        ("Hey helper, is cramping normal?", None, -1.2, -1.0, False, True),  # scored below the floor
        ("They help her a lot.", None, -0.1, -1.0, False, False),  # the transcript does not open with it
        ("Hey helper.", Doubt.NO_SPEECH, -0.1, -1.0, False, False),  # not speech
        ("Hey helper, is cramping normal?", None, -0.1, None, False, False),  # recovery off
    ],
)
def test_a_missed_phrase_the_transcript_opens_with_is_recovered_when_it_scores(
    text: str, doubt: Doubt | None, score: float, least: float | None, wakes: bool, checked: bool
) -> None:
    says = Says(score)
    spotter = ConfirmedSpotter(Misses(), says, recover_least=least)  # type: ignore[arg-type]
    missed(spotter)
    hit = spotter.recover(Transcript(text, doubt=doubt))
    assert (hit is not None) is wakes
    assert (spotter.recoveries, spotter.recovered, spotter.proposed) == (int(checked), int(wakes), 0)
    if checked:
        assert says.seen == [round(spotter.recover_window() * 16000)], "only the utterance's start is scored"
        assert spotter.recover_scores == [score]


def test_a_recovered_hit_spans_the_phrase_s_words_when_the_transcript_has_their_times() -> None:
    spotter = ConfirmedSpotter(Misses(), Says(-0.5), recover_least=-1.0)  # type: ignore[arg-type]
    words = (Word("hey", 0.3, 0.5), Word("helper", 0.5, 0.9), Word("is", 1.0, 1.1), Word("cramping", 1.1, 1.6))
    missed(spotter)
    assert spotter.recover(Transcript("hey helper is cramping", words)) == WakeHit(PHRASE, 0.3, 0.9, said_words=2)
    missed(spotter, seconds=1.0)  # shorter than the window: all of it is scored, and the hit ends with it
    assert spotter.recover(Transcript("Hey helper.")) == WakeHit(PHRASE, 0.0, 1.0, said_words=2)


class Proposes(Misses):
    """A unit seam: a spotter that proposes the phrase in every utterance, at 1e-5 (not strongly)."""

    def finish(self) -> WakeHit | None:
        return WakeHit(PHRASE, 0.5, 1.2, -5.0)


@pytest.mark.parametrize("rejected", [False, True])
def test_a_spot_the_check_turned_away_is_recovered_only_when_set(rejected: bool) -> None:
    says = Says(-0.5)  # the spot is turned away (Says never confirms), and -0.5 passes recovery's -1.0
    says_no = ConfirmedSpotter(Proposes(), says, recover_least=-1.0, recover_rejected=rejected)  # type: ignore[arg-type]
    says_no.start()
    says_no.feed(np.zeros(4 * 16000, dtype=np.int16))
    assert says_no.finish() is None and says_no.proposed == 1
    woke = says_no.recover(Transcript("Hey helper, is cramping normal?"))
    assert (woke is not None) is rejected
    assert says_no.recoveries == int(rejected), "no audio is kept otherwise, so nothing is scored"
    assert says.seen[1:] == ([round(says_no.recover_window() * 16000)] if rejected else [])


def test_a_spotter_without_a_second_look_recovers_nothing() -> None:
    assert Misses().recover(Transcript("Hey helper, is cramping normal?")) is None


def test_recovery_is_set_up_from_the_wake_settings() -> None:
    assert recover_least(WakeSettings()) == RECOVER_LOG_PROB, "on by default"
    assert recover_least(WakeSettings(recover=False)) is None
    assert recover_least(WakeSettings(recover=True, recover_log_prob=-0.5)) == -0.5
    assert recover_least(WakeSettings(recover=True, confirm=Confirm.WHISPER)) is None, "the score check only"


class Writes(Recognizer):
    """A unit seam for the question recogniser: the same transcript for every utterance."""

    def __init__(self, text: str) -> None:
        self.text = text

    def start(self) -> None:
        pass

    def feed(self, samples: np.ndarray) -> Transcript | None:
        return None

    def finish(self) -> Transcript:
        return Transcript(self.text)


def listen(skill: Skill, recognizer: Recognizer, spotter: WakeSpotter, audio: Audio) -> tuple[list, list]:
    events: list[object] = []
    listener = Listener(
        recognizer, skill.conversation(), skill.intents.normalizer, on_event=events.append,
        attention=Attention(Trigger.WAKE), spotter=spotter,
    )  # fmt: skip
    heard = list(listener.run(chunked(audio.samples), "test"))
    return heard, [e for e in events if isinstance(e, Woke | Ignored)]


@pytest.mark.parametrize(
    ("text", "score", "intent", "told"),
    [
        ("Hey helper, is cramping normal after the test?", -0.5, "cramping", []),  # the rest is the question
        ("Hey helper.", -0.5, None, [Woke]),  # the phrase alone: listening for the question
        ("Hey helper, is cramping normal after the test?", -3.0, None, [Ignored]),  # scored low: not woken
    ],
)
def test_the_listener_wakes_through_recovery_as_for_a_confirmed_spot(
    skill: Skill, text: str, score: float, intent: str | None, told: list[type]
) -> None:
    spotter = ConfirmedSpotter(Misses(), Says(score), recover_least=-1.0)  # type: ignore[arg-type]
    audio = join(silence(0.5), speak("hey helper, is cramping normal after the test", "slt"), silence(1.0))
    heard, events = listen(skill, Writes(text), spotter, audio)
    assert [h.response.intent for h in heard] == ([intent] if intent else [])
    assert [type(e) for e in events] == told
    if heard:
        assert "helper" not in heard[0].transcript.text.lower()


# -- the real thing: PocketSphinx spots, Whisper writes and scores -------------------------------


@pytest.fixture(scope="module")
def whisper(skill: Skill) -> Iterator[Recognizer]:
    """The question recogniser as ``voice-skill listen`` opens it with the wake phrase (Whisper tiny.en)."""
    listen = skill.config.listen
    found = open_recognizer(choose_engine(Engine.AUTO, listen), skill.intents, listen, [PHRASE])
    yield found
    found.close()


@pytest.fixture(scope="module")
def scorer() -> Iterator[ScoreCheck]:
    found = open_checker(WakeSettings(phrase=PHRASE))
    assert isinstance(found, ScoreCheck)
    yield found
    found.close()


def recovering(skill: Skill, whisper: Recognizer, scorer: ScoreCheck) -> ConfirmedSpotter:
    """The default spotter and second look, with recovery at the default threshold (the checker is shared)."""
    wake = WakeSettings(phrase=PHRASE, confirm=Confirm.NONE)
    inner = open_spotter(whisper, skill.intents, wake)
    assert isinstance(inner, PocketSphinxSpotter)
    return ConfirmedSpotter(inner, scorer, recover_least=RECOVER_LOG_PROB)


def quiet_room(text: str, voice: str) -> Audio:
    return with_noise(join(silence(0.5), speak(text, voice), silence(1.0)), 40.0, seed=3, kind="pink")


@pytest.mark.engine
def test_a_voice_the_spotter_misses_wakes_through_recovery(
    skill: Skill, whisper: Recognizer, scorer: ScoreCheck
) -> None:
    spotter = recovering(skill, whisper, scorer)
    heard, events = listen(skill, whisper, spotter, quiet_room(MISSED_TEXT, MISSED_VOICE))
    assert (spotter.proposed, spotter.recoveries, spotter.recovered) == (0, 1, 1), spotter.recover_scores
    assert [h.response.intent for h in heard] == [MISSED_INTENT]
    assert events == []


@pytest.mark.engine
@pytest.mark.parametrize(("text", "voice"), [("they help her a lot", "rms"), ("they help her a lot", "slt")])
def test_a_near_miss_does_not_wake_through_recovery(
    skill: Skill, whisper: Recognizer, scorer: ScoreCheck, text: str, voice: str
) -> None:
    spotter = recovering(skill, whisper, scorer)
    heard, events = listen(skill, whisper, spotter, quiet_room(text, voice))
    assert heard == [] and [type(e) for e in events] == [Ignored], spotter.recover_scores
    # Even if the recogniser wrote it as the phrase, the phrase scores too low on the audio.
    audio = quiet_room(text, voice)
    missed_by = ConfirmedSpotter(Misses(), scorer, recover_least=RECOVER_LOG_PROB)
    missed_by.start()
    missed_by.feed(audio.samples)
    assert missed_by.finish() is None
    assert missed_by.recover(Transcript("Hey helper, a lot.")) is None, missed_by.recover_scores
    assert missed_by.recoveries == 1
