"""Hands-free attention: the wake phrase (real PocketSphinx keyword spotting and a real Vosk
grammar spotter), follow-ups without it, push-to-talk, and the key reader."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest

from voice_skill import Skill
from voice_skill.asr import RecognizerError, Transcript, Word, domain_text
from voice_skill.asr.pocketsphinx_engine import PocketSphinxRecognizer
from voice_skill.audio import chunked
from voice_skill.devices import KeyReader
from voice_skill.intent import builtin_intent_dir
from voice_skill.pipeline import Ignored, Listener, Woke
from voice_skill.wake import (
    Attention,
    Confirm,
    ConfirmedSpotter,
    ScoreCheck,
    StrongSpot,
    Trigger,
    Verdict,
    WakeHit,
    WakeSettings,
    WakeSpotter,
    after_wake,
    find_phrase,
    holds_phrase,
    open_spotter,
    spellings,
)
from voice_skill.wake.engines import open_checker
from voice_skill.wake.pocketsphinx_spotter import PocketSphinxSpotter

from .support import join, silence, speak, with_noise
from .support.vosk_model import make_tiny_model, word_audio
from .support.vosk_model import silence as pcm_silence

pytestmark = pytest.mark.engine

PHRASE = "hey helper"


@pytest.fixture(scope="module")
def sphinx(skill: Skill) -> PocketSphinxRecognizer:
    return PocketSphinxRecognizer(domain_text(skill.intents, [PHRASE]), builtin_intent_dir() / "pronunciations.dict")


@pytest.fixture(scope="module")
def spotter(skill: Skill, sphinx: PocketSphinxRecognizer) -> PocketSphinxSpotter:
    found = open_spotter(sphinx, skill.intents, WakeSettings(confirm=Confirm.NONE))
    assert isinstance(found, PocketSphinxSpotter)
    return found


@pytest.fixture(scope="module")
def checker():
    """The transcript check (``wake.confirm: whisper``)."""
    found = open_checker(WakeSettings(phrase=PHRASE, confirm=Confirm.WHISPER))
    yield found
    found.close()


@pytest.fixture(scope="module")
def scorer():
    """The phrase score (``wake.confirm: score``, the default)."""
    found = open_checker(WakeSettings(phrase=PHRASE))
    assert isinstance(found, ScoreCheck)
    yield found
    found.close()


def spot(spotter, audio) -> WakeHit | None:
    spotter.start()
    for chunk in chunked(audio.samples):
        spotter.feed(chunk)
    return spotter.finish()


# -- attention (no I/O) -----------------------------------------------------------------


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_always_admits_everything() -> None:
    attention = Attention(Trigger.ALWAYS)
    assert attention.admits(0.0) and attention.admits(1e6)
    assert not attention.spots


def test_wake_opens_a_follow_up_window_that_closes() -> None:
    attention = Attention(Trigger.WAKE, follow_up_s=8.0)
    assert attention.spots
    assert not attention.admits(5.0), "nothing is acted on until asked"
    attention.keep_awake(10.0)
    assert attention.admits(17.9) and attention.awake(18.0)
    assert not attention.admits(18.1)
    attention.keep_awake(20.0)
    attention.sleep()
    assert not attention.admits(21.0), "goodbye closes the window"


def test_a_key_press_admits_one_utterance_soon_after() -> None:
    clock = Clock()
    attention = Attention(Trigger.PUSH, follow_up_s=0.0, press_window_s=8.0, clock=clock)
    assert not attention.admits(1.0) and not attention.spots
    attention.press()
    clock.now += 3
    assert attention.admits(2.0)
    assert not attention.admits(3.0), "one press, one question"
    attention.press()
    clock.now += 9
    assert not attention.admits(4.0), "a press long ago does not admit a stranger's speech"


def test_find_phrase_and_what_follows_it() -> None:
    words = (Word("hey", 0.1, 0.3), Word("helper", 0.3, 0.8), Word("is", 0.9, 1.0), Word("cramping", 1.0, 1.5))
    hit = find_phrase(words, PHRASE)
    assert hit == WakeHit(PHRASE, 0.1, 0.8)
    assert find_phrase(words[1:], PHRASE) is None
    rest = after_wake(Transcript("hey helper is cramping", words), hit, PHRASE)
    assert rest.text == "is cramping" and [w.word for w in rest.words] == ["is", "cramping"]
    # The recogniser heard the phrase as something else: its times still tell where it was.
    misheard = (Word("hay", 0.1, 0.3), Word("help", 0.3, 0.8), Word("bleeding", 0.9, 1.4))
    assert after_wake(Transcript("hay help bleeding", misheard), hit, PHRASE).text == "bleeding"
    # N-best alternatives carry no times: a leading copy of the phrase is dropped from the text.
    plain = Transcript("hey helper fever", alternatives=("hey helper fever and chills", "fever"))
    stripped = after_wake(plain, hit, PHRASE)
    assert stripped.text == "fever" and stripped.alternatives == ("fever and chills", "fever")


# -- the real PocketSphinx keyword spotter --------------------------------------------------


@pytest.mark.parametrize("voice", ["kal16", "slt", "rms"])
def test_pocketsphinx_spots_the_wake_phrase_and_where_it_ends(spotter, voice: str) -> None:
    # A quiet room's floor (40 dB down), as a microphone gives: digital silence drags the cepstral mean.
    audio = with_noise(
        join(silence(0.3), speak("hey helper, is cramping normal", voice), silence(0.3)), 40, kind="pink"
    )
    hit = spot(spotter, audio)
    assert hit is not None and hit.phrase == PHRASE
    assert 0.2 <= hit.start < hit.end <= 1.8, hit


@pytest.mark.parametrize("voice", ["kal16", "slt"])
def test_pocketsphinx_reports_how_strongly_it_heard_the_phrase(spotter, voice: str) -> None:
    audio = with_noise(join(silence(0.3), speak("hey helper, can I take a bath", voice), silence(0.3)), 40, kind="pink")
    hit = spot(spotter, audio)
    assert hit is not None and hit.score_exponent is not None
    # At least the threshold it was spotted at (less PocketSphinx's rounding of it to its shifted units).
    assert WakeSettings().threshold_exponent - ROUNDING_EXPONENT <= hit.score_exponent < MAX_EXPONENT, hit


def test_pocketsphinx_spots_the_phrase_in_noise(spotter) -> None:
    clean = join(silence(0.3), speak("hey helper, is cramping normal", "slt"), silence(0.3))
    audio = with_noise(clean, 15, kind="pink")
    assert spot(spotter, audio) is not None


@pytest.mark.parametrize("text", ["is cramping normal after the test", "hello there how are you", "hey"])
def test_pocketsphinx_does_not_wake_on_other_speech(spotter, text: str) -> None:
    assert spot(spotter, join(silence(0.3), speak(text, "kal16"), silence(0.3))) is None


def test_a_fresh_spotter_starts_from_a_typical_cepstral_mean(spotter) -> None:
    from voice_skill.wake.pocketsphinx_spotter import TYPICAL_CMN

    fresh = PocketSphinxSpotter(PHRASE, 1e-20)
    heard = [float(x) for x in fresh._decoder.get_cmn(False).split(",")]
    assert heard == pytest.approx([float(x) for x in TYPICAL_CMN.split(",")], abs=0.01)


def test_a_wake_word_without_a_pronunciation_is_one_clear_error(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    with pytest.raises(RecognizerError, match="'zzxqv' has no pronunciation"):
        PocketSphinxSpotter("hey zzxqv", 1e-20)


ROUNDING_EXPONENT = 0.05
"""A threshold is rounded down to PocketSphinx's shifted units (1024 steps of 1.0001: 0.044 as a power of ten)."""
MAX_EXPONENT = 60.0
"""Far above any real hit's score (the clearest phrases score about 1e20 to 1e25)."""


# -- the listener with attention, end to end through real PocketSphinx -------------------------


def run_listener(skill, sphinx, spotter, audio, attention):
    events: list[object] = []
    listener = Listener(
        sphinx, skill.conversation(), skill.intents.normalizer, on_event=events.append, attention=attention,
        spotter=spotter,
    )  # fmt: skip
    heard = list(listener.run(chunked(audio.samples), "test"))
    return heard, [e for e in events if isinstance(e, Woke | Ignored)]


def test_nothing_is_answered_until_the_wake_phrase(skill, sphinx, spotter) -> None:
    audio = join(
        silence(0.5),
        speak("is cramping normal after the test", "slt"),  # not asked: ignored
        silence(1.0),
        speak("hey helper, is cramping normal after the test", "slt"),  # asked, in one breath
        silence(1.5),
        speak("how long will the spotting last", "slt"),  # a follow-up: no wake phrase needed
        silence(12.0),  # the follow-up window closes
        speak("can I take ibuprofen", "slt"),
        silence(1.0),
    )
    heard, events = run_listener(skill, sphinx, spotter, audio, Attention(Trigger.WAKE, follow_up_s=8.0))
    assert [h.response.intent for h in heard] == ["cramping", "spotting_bleeding"]
    assert "helper" not in heard[0].transcript.text
    assert [type(e) for e in events] == [Ignored, Ignored]


def test_the_wake_phrase_alone_opens_listening_for_the_question(skill, sphinx, spotter) -> None:
    audio = join(
        silence(0.5), speak("hey helper", "kal16"), silence(1.5), speak("I have a fever and chills", "kal16"),
        silence(1.0),
    )  # fmt: skip
    heard, events = run_listener(skill, sphinx, spotter, audio, Attention(Trigger.WAKE))
    assert [type(e) for e in events] == [Woke]
    assert [h.response.intent for h in heard] == ["urgent_fever_infection"]
    assert heard[0].response.urgent


def test_push_to_talk_answers_only_after_a_press(skill, sphinx) -> None:
    attention = Attention(Trigger.PUSH, follow_up_s=0.0)
    question = join(silence(0.5), speak("is cramping normal after the test", "rms"), silence(1.0))
    listener = Listener(sphinx, skill.conversation(), skill.intents.normalizer, attention=attention)
    assert list(listener.run(chunked(question.samples), "test")) == []
    attention.press()
    [heard] = list(listener.run(chunked(question.samples), "test"))
    assert heard.response.intent == "cramping"
    assert list(listener.run(chunked(question.samples), "test")) == [], "one press, one question"


# -- the second look: Whisper confirms what the spotter proposes -----------------------------------


@pytest.mark.parametrize("text", ["Hey, Helper.", "hey helper is cramping normal", "Hey help her.", "um, hey helper"])
def test_transcripts_holding_the_phrase(text: str) -> None:
    assert holds_phrase(text, PHRASE)


@pytest.mark.parametrize(
    "text", ["They help her a lot.", "The helper lot.", "The helpers are here.", "Hey, hello.", "He helped her.", ""]
)
def test_near_misses_do_not_hold_the_phrase(text: str) -> None:
    assert not holds_phrase(text, PHRASE)


class Proposes(WakeSpotter):
    """A unit seam: proposes the phrase at a fixed place in every utterance."""

    phrase = PHRASE

    def __init__(self, hit: WakeHit | None) -> None:
        self.hit = hit

    def start(self) -> None:
        pass

    def feed(self, samples: np.ndarray) -> None:
        pass

    def finish(self) -> WakeHit | None:
        return self.hit


def check(spotter: WakeSpotter, audio) -> WakeHit | None:
    spotter.start()
    for chunk in chunked(audio.samples):
        spotter.feed(chunk)
    return spotter.finish()


def test_whisper_confirms_the_phrase_in_the_audio_around_the_spot(checker) -> None:
    said = speak("hey helper, is cramping normal after the test", "rms")
    audio = join(silence(3.0), said, silence(0.5))
    # The spot is where the phrase was said: Whisper hears it there and confirms.
    confirmed = ConfirmedSpotter(Proposes(WakeHit(PHRASE, 3.0, 3.7)), checker)
    assert check(confirmed, audio) == WakeHit(PHRASE, 3.0, 3.7)
    # Only the audio around the spot is decoded: a spot in the leading silence confirms nothing.
    early = ConfirmedSpotter(Proposes(WakeHit(PHRASE, 0.5, 1.2)), checker)
    assert check(early, audio) is None
    assert (confirmed.proposed, confirmed.confirmed, early.proposed, early.confirmed) == (1, 1, 1, 0)


@pytest.mark.parametrize(("text", "voice"), [("they help her a lot", "rms"), ("he is a big help", "awb")])
def test_a_near_miss_the_spotter_proposes_is_not_confirmed(skill, sphinx, checker, text: str, voice: str) -> None:
    loose = open_spotter(sphinx, skill.intents, WakeSettings(threshold_exponent=-30.0, confirm=Confirm.NONE))
    audio = join(silence(0.3), speak(text, voice), silence(0.3))
    assert spot(loose, audio) is not None, "the spotter alone wakes on it"
    confirmed = ConfirmedSpotter(loose, checker)
    assert check(confirmed, audio) is None
    assert confirmed.proposed == 1 and confirmed.heard[0].lower().startswith(("they", "he"))


def test_the_confirmed_spotter_wakes_the_listener(skill, sphinx, spotter, checker) -> None:
    audio = join(
        silence(0.5), speak("hey helper", "slt"), silence(1.5), speak("I have a fever and chills", "slt"),
        silence(1.0),
    )  # fmt: skip
    confirmed = ConfirmedSpotter(spotter, checker)
    heard, events = run_listener(skill, sphinx, confirmed, audio, Attention(Trigger.WAKE))
    assert [type(e) for e in events] == [Woke]
    assert [h.response.intent for h in heard] == ["urgent_fever_infection"]
    assert confirmed.confirmed == 1


def test_open_spotter_adds_the_second_look_by_default(skill, sphinx) -> None:
    found = open_spotter(sphinx, skill.intents, WakeSettings())
    assert isinstance(found, ConfirmedSpotter) and isinstance(found.inner, PocketSphinxSpotter)
    assert isinstance(found.checker, ScoreCheck) and found.checker.least == WakeSettings().confirm_log_prob
    assert found.strong == StrongSpot(WakeSettings().confirm_spotter_exponent, WakeSettings().confirm_strong_log_prob)
    found.close()


def test_the_phrase_is_scored_in_the_ways_whisper_writes_it() -> None:
    assert spellings("hey helper") == ("Hey helper", "Hey, helper", "hey helper", "Hey Helper")
    assert spellings("Computer") == ("Computer", "computer")


SAID_AT = WakeHit(PHRASE, 0.3, 1.0)
"""Where the sentences below start (after 0.3 s of a quiet room): what a spotter proposing them reports."""


def said(text: str, voice: str):
    return with_noise(join(silence(0.3), speak(text, voice), silence(0.5)), 40.0, seed=3, kind="pink")


@pytest.mark.parametrize("voice", ["slt", "rms", "awb"])
def test_the_scored_phrase_is_confirmed_in_several_voices(scorer, voice: str) -> None:
    for text in ("hey helper", "hey helper, is cramping normal after the test"):
        confirmed = ConfirmedSpotter(Proposes(SAID_AT), scorer)
        assert check(confirmed, said(text, voice)) == SAID_AT, f"{text!r} by {voice}: {confirmed.heard}"


@pytest.mark.parametrize("voice", ["slt", "rms", "kal16"])
def test_helper_said_alone_does_not_wake_even_when_spotted_strongly(scorer, voice: str) -> None:
    """The fusion's looser floor needs the phrase's first word too: "helper" alone scores -1.9 to -2.7 a word but
    lacks its "Hey"."""
    strong = WakeHit(PHRASE, SAID_AT.start, SAID_AT.end, 28.0)
    fused = ConfirmedSpotter(Proposes(strong), scorer, StrongSpot(10.0, -2.7))
    assert check(fused, said("helper", voice)) is None, f"by {voice}: {fused.heard}, first word {fused.first_words}"
    assert fused.first_words[0] < WakeSettings().confirm_strong_first_log_prob


@pytest.mark.parametrize(
    ("text", "voice"),
    [
        ("they help her a lot", "rms"),
        ("they help her a lot", "slt"),
        ("he helped her", "rms"),
        ("he helped her", "awb"),
        ("the helper will come", "slt"),
        ("the helpers are here", "rms"),
        ("hey, hello", "slt"),
        ("he is a big help", "awb"),
    ],
)
def test_a_scored_near_miss_is_not_confirmed(scorer, text: str, voice: str) -> None:
    confirmed = ConfirmedSpotter(Proposes(SAID_AT), scorer)
    assert check(confirmed, said(text, voice)) is None, f"{text!r} by {voice}: {confirmed.heard}"
    assert (confirmed.proposed, confirmed.confirmed) == (1, 0)


@pytest.mark.parametrize(
    ("text", "voice"),
    [("um, hey helper, is cramping normal?", "slt"), ("okay, hey helper, when can I shower?", "rms"),
     ("so hey helper can I take a bath", "slt")],
)  # fmt: skip
def test_the_phrase_after_a_filler_word_is_confirmed(scorer, text: str, voice: str) -> None:
    confirmed = ConfirmedSpotter(Proposes(SAID_AT), scorer)
    assert check(confirmed, said(text, voice)) == SAID_AT, f"{text!r} by {voice}: {confirmed.heard}"


@pytest.mark.parametrize(
    ("text", "voice"),
    [("okay, they help her a lot", "rms"), ("um, he is a big help", "slt"), ("hey, hello", "kal16"),
     ("hey Heather", "rms"), ("hey Heather", "slt"), ("so, he helped her", "slt")],
)  # fmt: skip
def test_a_near_miss_after_a_filler_word_or_said_like_the_phrase_is_not_confirmed(
    scorer, text: str, voice: str
) -> None:
    confirmed = ConfirmedSpotter(Proposes(SAID_AT), scorer)
    assert check(confirmed, said(text, voice)) is None, f"{text!r} by {voice}: {confirmed.heard}"


KAL16_WAKES = ("hey helper, when can I shower", "hey helper, can I go to work", "hey helper, I have a fever")


def test_a_voice_that_says_hey_twice_wakes(skill, sphinx, scorer) -> None:
    # flite's kal16 says "hey helper" so that Whisper reads "Hey, hey helper" or "Hey, hello": the phrase
    # can score low as the start, and well after a "Hey," that is heard there.
    loose = open_spotter(sphinx, skill.intents, WakeSettings(confirm=Confirm.NONE))
    confirmed = ConfirmedSpotter(loose, scorer)
    for text in KAL16_WAKES:
        assert check(confirmed, said(text, "kal16")) is not None, f"{text!r}: {confirmed.heard}"
    assert any("after 'Hey,'" in heard for heard in confirmed.heard), confirmed.heard


class Window:
    """A unit seam for :class:`ScoreCheck`: fixed scores for given texts (everything else very unlikely)."""

    def __init__(self, scores: dict[str, float]) -> None:
        self.scores = scores
        self.asked: list[str] = []

    def prefix_log_probs(self, texts) -> tuple[float, ...]:
        self.asked += texts
        return tuple(self.scores.get(t, -50.0) for t in texts)


class Scores:
    def __init__(self, window: Window) -> None:
        self.made = window

    def window(self, samples) -> Window:
        return self.made


@pytest.mark.parametrize(
    ("scores", "confirmed", "scored_after"),
    [
        ({"Hey helper": -0.6}, True, []),  # confident at the start: no filler is tried
        ({"Um,": -1.0, "Um, hey helper": -2.0}, True, ["Um, hey helper"]),  # -0.5 a word after "Um,"
        ({"Um,": -1.0, "Um, hey helper": -5.0}, False, ["Um, hey helper"]),  # -2.0 a word after it
        ({"Okay,": -8.6, "Okay, hey helper": -9.0}, False, []),  # "Okay," is not heard: not tried
        ({"Hey helper": -3.2, "Hey,": -0.7, "Hey, hey helper": -2.5}, True, ["Hey, hey helper"]),
    ],
)
def test_the_score_check_tries_the_phrase_after_a_filler_it_hears(scores, confirmed, scored_after) -> None:
    window = Window(scores)
    found = ScoreCheck(Scores(window), least=-1.5, lead_in=-3.0)  # type: ignore[arg-type]
    verdict = found.check(np.zeros(16000, dtype=np.int16), PHRASE)
    assert verdict.confirmed is confirmed, verdict.heard
    assert [t for t in window.asked if "," in t and t.endswith(" hey helper")] == scored_after


def test_the_score_check_reports_the_phrase_s_best_score() -> None:
    found = ScoreCheck(Scores(Window({"Hey helper": -4.0, "Um,": -1.0, "Um, hey helper": -6.0})), least=-1.5)  # type: ignore[arg-type]
    verdict = found.check(np.zeros(16000, dtype=np.int16), PHRASE)
    assert not verdict.confirmed and verdict.score == pytest.approx(-2.0), "the better of -2.0 at the start and -2.5"


class Says:
    """A unit seam for the second look: every proposal gets the same verdict."""

    def __init__(self, verdict: Verdict) -> None:
        self.verdict = verdict

    def check(self, samples, phrase: str) -> Verdict:
        return self.verdict

    def close(self) -> None:
        pass


STRONG = StrongSpot(exponent=-5.0, least=-3.0)


@pytest.mark.parametrize(
    ("spotter_exponent", "score", "first", "confirmed", "wakes"),
    [
        (-20.0, -0.5, -0.2, True, True),  # the score alone is enough: the spotter's does not matter
        (-20.0, -2.0, -0.2, False, False),  # a weak spot at a loose score: turned away
        (-5.0, -2.0, -0.2, False, True),  # a strong spot (at the edge) at a score above the floor: wakes
        (12.0, -3.0, -2.5, False, True),  # ... with its first word ("Hey") at the edge of its floor
        (12.0, -3.1, -0.2, False, False),  # strong, but the phrase scores below the floor
        (20.0, -1.9, -3.3, False, False),  # strong and well scored, but no "Hey": "helper" said alone
        (None, -2.0, -0.2, False, False),  # a spotter that gives no score is never strong
    ],
)
def test_a_strongly_spotted_phrase_wakes_at_a_looser_score(spotter_exponent, score, first, confirmed, wakes) -> None:
    hit = WakeHit(PHRASE, 0.3, 1.0, spotter_exponent)
    verdict = Verdict(confirmed, "", score, first)
    assert STRONG.admits(hit, verdict) is (wakes and not confirmed)
    fused = ConfirmedSpotter(Proposes(hit), Says(verdict), STRONG)  # type: ignore[arg-type]
    assert (check(fused, silence(2.0)) == hit) is wakes
    assert (fused.scores, fused.exponents, fused.confirmed) == ([score], [spotter_exponent], int(wakes))
    assert fused.first_words == [first]
    alone = ConfirmedSpotter(Proposes(hit), Says(verdict))  # type: ignore[arg-type]
    assert (check(alone, silence(2.0)) == hit) is confirmed, "without the fusion only the check decides"


def test_the_fusion_is_set_up_from_the_wake_settings(skill, sphinx) -> None:
    from voice_skill.wake.engines import strong_spot

    assert strong_spot(WakeSettings(confirm_spotter_exponent=-5.0, confirm_strong_log_prob=-3.0)) == STRONG
    assert strong_spot(WakeSettings(confirm=Confirm.WHISPER, confirm_spotter_exponent=-5.0)) is None
    assert strong_spot(WakeSettings(confirm_log_prob=-1.5, confirm_strong_log_prob=-1.5)) is None, "the score decides"
    found = open_spotter(sphinx, skill.intents, WakeSettings(confirm_spotter_exponent=-5.0))
    assert isinstance(found, ConfirmedSpotter) and found.strong == StrongSpot(
        -5.0, WakeSettings().confirm_strong_log_prob
    )
    found.close()


@pytest.mark.parametrize(
    ("text", "voice"),
    [
        ("the helpers are here", "slt"),
        ("they help her a lot", "rms"),
        ("a helping hand", "slt"),
        ("he helped her", "slt"),
    ],
)
def test_near_misses_the_spotter_hears_strongly_are_still_turned_away(
    skill, sphinx, scorer, text: str, voice: str
) -> None:
    # "the helpers are here" (slt) and "they help her a lot" (rms) spot at about 1e14, above the default
    # confirm_spotter_exponent, and score -3.8 and -2.9 a word: below the strong floor too.
    from voice_skill.wake.engines import strong_spot

    loose = open_spotter(sphinx, skill.intents, WakeSettings(confirm=Confirm.NONE))
    fused = ConfirmedSpotter(loose, scorer, strong_spot(WakeSettings()))
    assert check(fused, said(text, voice)) is None, (fused.exponents, fused.scores)
    assert fused.proposed == 1 and fused.exponents[0] is not None


def test_the_default_second_look_wakes_the_listener_on_the_phrase_not_the_near_miss(skill, sphinx, scorer) -> None:
    loose = open_spotter(sphinx, skill.intents, WakeSettings(threshold_exponent=-30.0, confirm=Confirm.NONE))
    confirmed = ConfirmedSpotter(loose, scorer)
    audio = join(
        silence(0.5), speak("they help her a lot", "rms"), silence(1.5), speak("hey helper", "slt"), silence(1.5),
        speak("I have a fever and chills", "slt"), silence(1.0),
    )  # fmt: skip
    heard, events = run_listener(skill, sphinx, confirmed, audio, Attention(Trigger.WAKE))
    assert [type(e) for e in events] == [Ignored, Woke], confirmed.heard
    assert [h.response.intent for h in heard] == ["urgent_fever_infection"]
    assert confirmed.confirmed == 1 and confirmed.proposed >= 2, "the near miss was proposed, and not confirmed"


# -- the real Vosk grammar spotter (tiny generated model) --------------------------------------


def test_vosk_spots_the_wake_phrase_with_a_grammar(tmp_path) -> None:
    from voice_skill.asr.vosk_engine import VoskRecognizer
    from voice_skill.wake.vosk_spotter import vosk_spotter

    words = ["hey", "helper", "cramping", "fever"]
    model = make_tiny_model(tmp_path / "model", words)
    spotter = vosk_spotter(VoskRecognizer(model), PHRASE)

    def heard(*parts: bytes) -> WakeHit | None:
        samples = np.frombuffer(b"".join(parts), dtype="<i2")
        spotter.start()
        for chunk in chunked(samples):
            spotter.feed(chunk)
        return spotter.finish()

    gap = pcm_silence(0.3)
    hit = heard(gap, word_audio("hey", words), word_audio("helper", words), gap)
    assert hit is not None and hit.phrase == PHRASE
    assert 0.25 <= hit.start < hit.end <= 1.4
    assert heard(gap, word_audio("helper", words), word_audio("hey", words), gap) is None, "order matters"


def test_vosk_wake_phrase_missing_from_the_model_is_an_error(tmp_path) -> None:
    from voice_skill.asr.vosk_engine import VoskRecognizer
    from voice_skill.wake.vosk_spotter import vosk_spotter

    model = make_tiny_model(tmp_path / "model", ["yes", "no"])
    with pytest.raises(RecognizerError, match="hey, helper are not in the Vosk model"):
        vosk_spotter(VoskRecognizer(model), PHRASE)


# -- keys --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "typed", "presses"), [("space", b"a b  \n", 3), ("enter", b"ab\ncd\n", 2), ("any", b"xyz", 3)]
)
def test_key_reader_counts_presses_of_its_key(key: str, typed: bytes, presses: int) -> None:
    read, write = os.pipe()
    count = []
    with os.fdopen(read, "rb", buffering=0) as stream:
        reader = KeyReader(stream, key, lambda: count.append(1))
        os.write(write, typed)
        os.close(write)
        reader._thread.join(timeout=5)
        reader.close()
    assert len(count) == presses


def test_unknown_key_name_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown key"), Path(os.devnull).open("rb") as stream:
        KeyReader(stream, "f13", lambda: None)
