"""Barge-in: libspeexdsp's real echo canceller and real PocketSphinx keyword spotting, on the skill's own
voice (espeak-ng) played into a synthetic room, with "stop" said over it by a flite voice."""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
import pytest

from voice_skill import Skill
from voice_skill.asr import pronunciations_file
from voice_skill.audio import SPEECH_RATE, EchoCanceller, EchoError, chunked
from voice_skill.wake import BargeIn, BargeInSettings, Interrupted, WakeSettings

from .support import active_power, join, pink, silence, speak

pytestmark = pytest.mark.engine

ANSWER = (
    "Mild cramping is common after the test and usually settles within a day or two. A heat pack and the pain "
    "relief your care team suggested can help. If the pain is severe or keeps getting worse, call your clinic."
)
ECHO_DBFS = -32.0
CHUNK = 320


def level(samples: np.ndarray) -> float:
    return float(10 * np.log10(max(float(np.mean(np.asarray(samples, dtype=np.float64) ** 2)), 1e-9) / 32768.0**2))


def scaled(samples: np.ndarray, dbfs: float) -> np.ndarray:
    return samples * np.sqrt(32768.0**2 * 10 ** (dbfs / 10) / max(active_power(samples), 1e-9))


def room_echo(played: np.ndarray, seed: int = 1) -> np.ndarray:
    """The loudspeaker heard at the microphone: 25 ms away, with a 0.3 s reverberant tail."""
    rng = np.random.default_rng(seed)
    t = np.arange(round(0.2 * SPEECH_RATE)) / SPEECH_RATE
    response = np.zeros(round(0.025 * SPEECH_RATE) + len(t))
    response[-len(t) :] = 0.4 * rng.standard_normal(len(t)) * 10 ** (-3 * t / 0.3)
    response[-len(t)] += 1.8
    return scaled(np.convolve(played, response)[: len(played)], ECHO_DBFS)


def as_int16(samples: np.ndarray) -> np.ndarray:
    return np.clip(np.round(samples), -32768, 32767).astype(np.int16)


@pytest.fixture(scope="module")
def answer() -> np.ndarray:
    return join(silence(0.2), speak(ANSWER, "espeak"), silence(0.5)).samples.astype(np.float64)


@pytest.fixture(scope="module")
def barge(skill: Skill):
    found = BargeIn(BargeInSettings(), "hey helper", pronunciations_file(skill.intents))
    yield found
    found.close()


def run(barge: BargeIn, mic: np.ndarray, played: np.ndarray):
    barge.start()
    try:
        for at in range(0, len(mic), CHUNK):
            hit = barge.feed(mic[at : at + CHUNK], played[at : at + CHUNK])
            if hit is not None:
                return hit
        return None
    finally:
        barge.stop()


def test_the_echo_canceller_takes_the_skills_voice_out(answer) -> None:
    canceller = EchoCanceller()
    mic = as_int16(room_echo(answer) + scaled(pink(np.random.default_rng(2), len(answer)), -65.0))
    cleaned = np.concatenate(
        [canceller.process(m, p) for m, p in zip(chunked(mic), chunked(as_int16(answer)), strict=True)]
    )
    canceller.close()
    settled = slice(3 * SPEECH_RATE, len(cleaned))
    assert level(cleaned[settled]) <= level(mic[settled]) - 15, "at least 15 dB of echo taken out once it has learnt"


SHIFTS = (1, 3, -2, 48, -1)
"""How far the echo of each answer after the first comes from where the one before came (samples): real-time answers
came 1-3 samples off one another (docs/benchmarks.md); 48 is 3 ms, a sound card started late."""


def test_an_answer_whose_echo_comes_a_few_samples_off_is_cancelled_from_its_start(answer: np.ndarray) -> None:
    """The played audio and the microphone are placed on their timelines answer by answer, so the echo can come a
    sample or a few off where the canceller learnt it. It takes at least 20 dB out over each answer's first 2 s all
    the same (one sample off and left alone, it took 3-15 dB out there)."""
    canceller = EchoCanceller()
    floor = pink(np.random.default_rng(2), len(answer))
    played = as_int16(answer)
    first = slice(round(0.2 * SPEECH_RATE), round(2.2 * SPEECH_RATE))
    taken = []
    for shift in (0, 0, *np.cumsum(SHIFTS)):  # the first answer (twice) to learn the room
        mic = as_int16(room_echo(np.roll(answer, shift)) + scaled(floor, -65.0))
        cleaned = np.concatenate([canceller.process(m, p) for m, p in zip(chunked(mic), chunked(played), strict=True)])
        taken.append(round(level(mic[first]) - level(cleaned[first]), 1))
    canceller.close()
    assert min(taken[2:]) >= 20, f"dB taken out over the first 2 s, answer by answer: {taken}"


def test_stop_said_over_the_answer_stops_it_soon_after_the_word(barge, answer) -> None:
    echo = room_echo(answer)
    run(barge, as_int16(echo), as_int16(answer))  # the canceller learns the room on a first answer
    for voice in ("slt", "rms"):
        word = speak("stop", voice).samples.astype(np.float64)
        at = 5 * SPEECH_RATE
        mic = echo.copy()
        mic[at : at + len(word)] += scaled(word, ECHO_DBFS)
        hit = run(barge, as_int16(mic), as_int16(answer))
        assert hit is not None and hit.word == "stop", voice
        ended = (at + len(word)) / SPEECH_RATE
        assert at / SPEECH_RATE < hit.at <= ended + 0.3, (voice, hit, ended)


OTHER_ANSWERS = (
    "Wait at least a day before you have a bath. You can stop taking pain relief once the cramps settle.",
    "Spotting can last a few days. Please call your clinic if the bleeding soaks a pad an hour.",
)


def test_the_skills_own_voice_alone_never_interrupts_it(barge, answer) -> None:
    """Even when the answer itself says "wait" and "stop" (the same room throughout, as at home)."""
    run(barge, as_int16(room_echo(answer)), as_int16(answer))
    for text in OTHER_ANSWERS:
        said = join(silence(0.2), speak(text, "espeak"), silence(0.5)).samples.astype(np.float64)
        assert run(barge, as_int16(room_echo(said)), as_int16(said)) is None, text


def test_nothing_interrupts_before_the_canceller_has_learnt_the_room(skill, answer) -> None:
    fresh = BargeIn(BargeInSettings(settle_s=30.0), "hey helper", pronunciations_file(skill.intents))
    word = speak("stop", "slt").samples.astype(np.float64)
    mic = room_echo(answer)
    mic[SPEECH_RATE : SPEECH_RATE + len(word)] += scaled(word, ECHO_DBFS)
    assert run(fresh, as_int16(mic), as_int16(answer)) is None
    fresh.close()


def test_the_microphone_and_the_played_audio_come_in_step() -> None:
    canceller = EchoCanceller()
    with pytest.raises(ValueError, match="in step"):
        canceller.process(np.zeros(320, dtype=np.int16), np.zeros(160, dtype=np.int16))
    canceller.close()


@pytest.mark.usefixtures("no_libspeexdsp")
def test_a_missing_libspeexdsp_is_one_line_with_an_install_hint() -> None:
    with pytest.raises(EchoError, match="apt-get install libspeexdsp1") as caught:
        EchoCanceller()
    assert "\n" not in str(caught.value)


def test_a_phrase_of_its_own_threshold_is_heard_where_the_common_one_hears_nothing(
    skill: Skill, answer: np.ndarray
) -> None:
    """``word_threshold_exponents`` sets one phrase's threshold: "stop" at 1e-20 is heard with the others at
    1e-1 (which hears nothing); a word not among the stop words is a config error where written."""
    echo = room_echo(answer)
    word = speak("stop", "slt").samples.astype(np.float64)
    at = 5 * SPEECH_RATE
    mic = echo.copy()
    mic[at : at + len(word)] += scaled(word, ECHO_DBFS)
    heard = {}
    for own in ({}, {"stop": -20.0}):
        settings = BargeInSettings(
            threshold_exponent=-1.0, word_threshold_exponents=own, phrase_threshold_exponent=-1.0
        )
        spotter = BargeIn(settings, "hey helper", pronunciations_file(skill.intents))
        assert spotter.threshold_exponent("stop") == own.get("stop", -1.0)
        run(spotter, as_int16(echo), as_int16(answer))  # the canceller learns the room
        heard[bool(own)] = run(spotter, as_int16(mic), as_int16(answer))
        spotter.close()
    assert heard[False] is None
    assert heard[True] is not None and heard[True].word == "stop"
    key = "wake.barge_in.word_threshold_exponents"
    odd = WakeSettings(barge_in=BargeInSettings(word_threshold_exponents={"halt": -20.0}))
    assert [m.key for m in odd.problems("wake", {key})] == [key], "a word not in the stop words, written"
    assert odd.problems("wake") == [], "the default's entries are unused when the words change"


def test_the_wake_phrase_and_each_stop_word_get_their_own_threshold(skill: Skill) -> None:
    settings = BargeInSettings(threshold_exponent=-9.0, word_threshold_exponents={"Stop": -21.0})
    spotter = BargeIn(
        replace(settings, phrase_threshold_exponent=-33.0), "Hey Helper", pronunciations_file(skill.intents)
    )
    assert {k: spotter.threshold_exponent(k) for k in spotter.keywords} == {
        "stop": -21.0,
        "wait": -9.0,
        "hey helper": -33.0,
    }
    spotter.close()
    default = BargeIn(BargeInSettings(), "hey helper", pronunciations_file(skill.intents))
    assert {k: default.threshold_exponent(k) for k in default.keywords} == {
        "stop": -20.0,
        "wait": -10.0,
        "hey helper": -30.0,
    }, "the defaults chosen by benchmarks/barge_in.py --live and --realtime (docs/benchmarks.md)"
    assert (default.settings.min_share_db, default.settings.unsure_min_share_db) == (-10.0, -6.0)
    default.close()


def all_hits(barge: BargeIn, mic: np.ndarray, played: np.ndarray) -> list[Interrupted]:
    """Every interruption heard over a whole answer (the spotter runs on after each)."""
    barge.start()
    found = [
        hit for at in range(0, len(mic), CHUNK) if (hit := barge.feed(mic[at : at + CHUNK], played[at : at + CHUNK]))
    ]
    barge.stop()
    return found


def stop_over_the_answer(
    skill: Skill, answer: np.ndarray, settings: BargeInSettings
) -> tuple[list[Interrupted], float]:
    """The hits of a fresh spotter (after learning the room on the answer alone) on "stop" said at 5 s at 0 dB
    over the echo, and when the word starts."""
    barge = BargeIn(settings, "hey helper", pronunciations_file(skill.intents))
    echo = room_echo(answer)
    all_hits(barge, as_int16(echo), as_int16(answer))
    word = speak("stop", "slt").samples.astype(np.float64)
    at = 5 * SPEECH_RATE
    mic = echo.copy()
    mic[at : at + len(word)] += scaled(word, ECHO_DBFS)
    found = all_hits(barge, as_int16(mic), as_int16(answer))
    barge.close()
    return found, at / SPEECH_RATE


def test_a_hit_carries_its_spotting_score_and_a_clear_stop_is_sure(skill: Skill, answer: np.ndarray) -> None:
    """The score is read back from PocketSphinx: never below the keyword's threshold (within its rounding to
    PocketSphinx's shifted units), and a clear "stop" scores above ``sure_exponent``."""
    settings = BargeInSettings()
    found, start = stop_over_the_answer(skill, answer, settings)
    stop = [h for h in found if h.word == "stop" and h.at > start]
    assert stop, found
    assert all(math.isfinite(h.score_exponent) for h in found)
    assert stop[0].score_exponent >= settings.sure_exponent, stop[0]
    threshold = {"stop": -20.0, "wait": settings.threshold_exponent, "hey helper": settings.phrase_threshold_exponent}
    assert all(h.score_exponent >= threshold[h.word] - ROUNDING_EXPONENT for h in found), found


ROUNDING_EXPONENT = 0.05
"""A threshold is rounded down to PocketSphinx's shifted units (1024 steps of 1.0001: 0.044 as a power of ten)."""


def test_an_unsure_hit_must_pass_the_stricter_share(skill: Skill, answer: np.ndarray) -> None:
    """With ``sure_exponent`` above every score each hit is unsure: the "stop" that passes ``min_share_db`` is
    refused when ``unsure_min_share_db`` asks a little more than its share, and passes again at ``min_share_db``."""
    settings = BargeInSettings()
    found, start = stop_over_the_answer(skill, answer, settings)
    hit = next(h for h in found if h.word == "stop" and h.at > start)
    assert settings.min_share_db <= hit.share_db < 0.0, hit
    strict = hit.share_db + 0.5
    unsure = replace(settings, sure_exponent=10.0, unsure_min_share_db=strict)
    refused, _ = stop_over_the_answer(skill, answer, unsure)
    assert hit.at not in [h.at for h in refused] and all(h.share_db >= strict for h in refused), refused
    lenient, _ = stop_over_the_answer(skill, answer, replace(unsure, unsure_min_share_db=settings.min_share_db))
    assert hit in lenient, lenient


class CountingDecoder:
    """A PocketSphinx decoder that counts the utterances started and ended on it."""

    def __init__(self, decoder) -> None:
        self.decoder = decoder
        self.started = 0
        self.ended = 0

    def start_utt(self) -> None:
        self.started += 1
        self.decoder.start_utt()

    def end_utt(self) -> None:
        self.ended += 1
        self.decoder.end_utt()

    def __getattr__(self, name: str):
        return getattr(self.decoder, name)


def stop_twice(answer: np.ndarray) -> tuple[np.ndarray, list[float]]:
    """The answer's echo with "stop" said over it at 0 dB twice (4 s and 7 s in), and when each word ends."""
    mic = room_echo(answer)
    ends = []
    for at_s, voice in ((4, "slt"), (7, "rms")):
        word = speak("stop", voice).samples.astype(np.float64)
        at = at_s * SPEECH_RATE
        mic[at : at + len(word)] += scaled(word, ECHO_DBFS)
        ends.append((at + len(word)) / SPEECH_RATE)
    return mic, ends


def test_the_spotter_runs_on_after_a_hit_and_reports_each_hit_once(skill: Skill, answer: np.ndarray) -> None:
    """No restart after a hit (restarting the spotter mid-answer made "wait" hear the skill's own voice): one
    utterance per answer, each hit reported once, and a second "stop" in the same answer heard on its own."""
    barge = BargeIn(BargeInSettings(), "hey helper", pronunciations_file(skill.intents))
    counting = CountingDecoder(barge._decoder)
    barge._decoder = counting
    all_hits(barge, as_int16(room_echo(answer)), as_int16(answer))  # the canceller learns the room
    mic, ends = stop_twice(answer)
    started, ended, refused = counting.started, counting.ended, barge.refused_count.total()
    found = all_hits(barge, as_int16(mic), as_int16(answer))
    assert (counting.started - started, counting.ended - ended) == (1, 1), "one utterance for the whole answer"
    stops = [h for h in found if h.word == "stop"]
    assert len(stops) == 2, found
    assert ends[0] - 0.5 < stops[0].at <= ends[0] + 0.3 and ends[1] - 0.5 < stops[1].at <= ends[1] + 0.3, (stops, ends)
    weighed = len(found) + barge.refused_count.total() - refused
    assert weighed == len(barge._seen), ("every spotted hit weighed exactly once", found, barge.refused, barge._seen)
    barge.close()


def test_refused_hits_are_counted_with_their_reason(skill: Skill, answer: np.ndarray) -> None:
    """A hit the gates refuse is kept in ``refused`` with why, and is not weighed again later in the answer."""
    barge = BargeIn(BargeInSettings(settle_s=30.0), "hey helper", pronunciations_file(skill.intents))
    mic, _ = stop_twice(answer)
    assert all_hits(barge, as_int16(mic), as_int16(answer)) == []
    assert "stop" in [r.hit.word for r in barge.refused], barge.refused
    assert {why for _, why in barge.refused_count} == {"settling"}, barge.refused_count
    assert barge.refused_count.total() == len(barge.refused) == len(barge._seen), "each hit weighed once"
    loud = BargeIn(BargeInSettings(settle_s=0.0, min_level_dbfs=0.0), "hey helper", pronunciations_file(skill.intents))
    assert all_hits(loud, as_int16(mic), as_int16(answer)) == []
    assert loud.refused and {r.reason for r in loud.refused} == {"level"}, loud.refused
    barge.close()
    loud.close()
