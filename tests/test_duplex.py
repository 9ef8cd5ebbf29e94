"""Full-duplex listening: the listen loop reads the microphone while the skill speaks and stops the answer on
"stop". End to end on real components with no sound card: a real pyttsx3/espeak-ng answer played in real time
through a RecordingPlayer with the tap, heard by a simulated microphone through a synthetic room, plus a flite
"stop"; and the loop's seams (barge-in off, libspeexdsp missing) with fakes."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from typing import Any

import numpy as np
import pytest

from voice_skill import Config, Skill
from voice_skill.asr import pronunciations_file
from voice_skill.audio import CHUNK_S, SPEECH_RATE, Audio
from voice_skill.duplex import Duplex, open_duplex
from voice_skill.tts import RecordingPlayer, Speaker, SpeechSettings, Synthesizer, VoiceInfo
from voice_skill.wake import BargeIn, BargeInSettings, Interrupted

from .support import join, silence, speak
from .support.duplex_room import CHUNK, ECHO_DBFS, Room, open_room
from .support.noise import scaled


class ToneSynth(Synthesizer):
    """Each sentence is a 0.5 s tone at espeak-ng's rate (a stand-in at the synthesis seam)."""

    def render(self, text: str, settings: SpeechSettings) -> Audio:
        t = np.arange(11025) / 22050
        return Audio((np.sin(2 * np.pi * 440 * t) * 8000).astype(np.int16), 22050)

    def voices(self) -> list[VoiceInfo]:
        return []


class ScriptedBargeIn(BargeIn):
    """Hears "stop" in the ``hit_at``-th chunk (never when None); records what it was fed."""

    def __init__(self, hit_at: int | None = None) -> None:
        self.hit_at = hit_at
        self.fed: list[tuple[int, int, bool]] = []
        self.active = False

    def start(self) -> None:
        self.active = True

    def feed(self, mic: np.ndarray, played: np.ndarray) -> Interrupted | None:
        self.fed.append((len(mic), len(played), bool(np.any(played))))
        if self.hit_at is not None and len(self.fed) == self.hit_at:
            return Interrupted("stop", len(self.fed) * CHUNK_S, -30.0, -3.0, 0.0)
        return None

    def stop(self) -> None:
        self.active = False

    def close(self) -> None:
        pass


def quiet_microphone(read: list[int]) -> Iterator[np.ndarray]:
    """Silence in 100 ms chunks, at the pace of a real microphone."""
    due = time.monotonic()
    while True:
        due += CHUNK_S
        time.sleep(max(0.0, due - time.monotonic()))
        read.append(CHUNK)
        yield np.zeros(CHUNK, dtype=np.int16)


ANSWER_SHORT = "One. Two."


def test_without_a_stop_word_the_answer_is_played_to_the_end_while_the_microphone_is_read() -> None:
    player = RecordingPlayer()
    speaker = Speaker(ToneSynth(), player, earcons=False)
    barge = ScriptedBargeIn()
    read: list[int] = []
    duplex = Duplex(speaker, barge)
    began = time.monotonic()
    assert duplex.speak(lambda: speaker.say(ANSWER_SHORT, SpeechSettings()), quiet_microphone(read)) is None
    assert len(player.clips) == 2 and not any(c.stopped for c in player.clips)
    assert all(c.played_samples == len(c.audio.samples) for c in player.clips)
    assert time.monotonic() - began >= 1.0, "the loop ran while the answer played"
    assert all(m == p == CHUNK for m, p, _ in barge.fed), "reference in step: as long as each chunk"
    assert 8 <= len(barge.fed) <= 16 and sum(heard for *_, heard in barge.fed) >= 8
    assert not barge.active
    speaker.close()


def test_a_stop_word_stops_the_speaker_at_once_and_later_chunks_are_left_for_the_listener() -> None:
    player = RecordingPlayer()
    speaker = Speaker(ToneSynth(), player, earcons=False)
    barge = ScriptedBargeIn(hit_at=4)
    read: list[int] = []
    duplex = Duplex(speaker, barge)
    hit = duplex.speak(lambda: speaker.say("One. Two. Three. Four.", SpeechSettings()), quiet_microphone(read))
    stopped = time.monotonic()
    assert hit is not None and hit.word == "stop"
    assert not speaker.speaking
    assert player.clips[-1].stopped and player.clips[-1].stopped_at is not None
    assert stopped - player.clips[-1].stopped_at < 0.1
    assert len(player.clips) == 1, "the sentences queued after were dropped"
    assert len(read) == 4, "nothing read after the stop word: the next chunk goes to the listener"
    speaker.close()


def test_barge_in_disabled_or_no_speaker_is_half_duplex_without_a_note(monkeypatch: pytest.MonkeyPatch) -> None:
    def never(*args: object, **kwargs: object) -> None:
        raise AssertionError("BargeIn opened")

    monkeypatch.setattr("voice_skill.duplex.BargeIn", never)
    notes: list[str] = []
    speaker = Speaker(ToneSynth(), RecordingPlayer(realtime=False), earcons=False)
    assert open_duplex(BargeInSettings(enabled=False), "hey helper", None, speaker, notes.append) is None
    assert open_duplex(BargeInSettings(), "hey helper", None, None, notes.append) is None
    assert notes == [] and speaker.player.taps == ()
    speaker.close()


@pytest.mark.engine
@pytest.mark.usefixtures("no_libspeexdsp")
def test_missing_libspeexdsp_with_barge_in_on_is_one_visible_note(skill: Skill) -> None:
    notes: list[str] = []
    speaker = Speaker(ToneSynth(), RecordingPlayer(realtime=False), earcons=False)
    found = open_duplex(BargeInSettings(), "hey helper", pronunciations_file(skill.intents), speaker, notes.append)
    assert found is None and len(notes) == 1
    assert notes[0].startswith("barge-in off") and "install libspeexdsp1" in notes[0] and "\n" not in notes[0]
    speaker.close()


# -- end to end: a real answer, a simulated room, a flite "stop" (tests/support/duplex_room.py) ---------------------

NOTICED_S = 0.5
"""Speech must stop sooner than this after the word ends (the target is 0.3 s; the rest is the machine's load)."""


@pytest.fixture(scope="module")
def synth() -> Iterator[Synthesizer]:
    from voice_skill.tts.pyttsx3_engine import Pyttsx3Synthesizer

    with Pyttsx3Synthesizer() as engine:
        yield engine


@pytest.fixture(scope="module")
def room(synth: Synthesizer, skill: Skill) -> Iterator[Room]:
    session = open_room(synth, Config(), pronunciations_file(skill.intents))
    yield session
    session.duplex.close()


@pytest.mark.engine
@pytest.mark.slow
def test_the_answer_alone_plays_to_the_end_without_interrupting_itself(room: Room) -> None:
    # Self-interruption on the echo alone is rare, not impossible: benchmarks/barge_in.py --realtime measured 11 of
    # 300 with "stop" at 1e-20 (docs/benchmarks.md; the default is 1e-10). So of three answers at least two must play
    # to the end untouched; without the canceller nearly every answer stops itself (19 of 20 in the benchmark).
    whole = 0
    for _ in range(3):
        hit = room.answer(None)
        if hit is None and room.played_whole():
            whole += 1
    assert whole >= 2


@pytest.mark.engine
@pytest.mark.slow
def test_stop_said_over_a_live_answer_cuts_it_soon_after_the_word(room: Room) -> None:
    # Said a little above the echo (+6 dB). benchmarks/barge_in.py --live measures the rates this test cannot: a
    # word is missed now and then (about one in five at +6 dB) and an answer stops itself before the word about
    # once in a hundred. So the word is said over up to three answers: one of them must stop soon after it, and
    # at most one may stop itself before it.
    word = scaled(join(speak("stop", "slt"), silence(0.05)).samples.astype(np.float64), ECHO_DBFS + 6)
    early, cut = 0, None
    for _ in range(3):
        hit = room.answer(word)
        clip = room.player.clips[-1]
        ended = room.microphone.word_end_at
        if hit is None or ended is None or clip.stopped_at is None:
            continue  # not heard: the answer played on
        after = clip.stopped_at - ended
        if after <= -len(word) / SPEECH_RATE:
            early += 1
            continue
        assert hit.word == "stop", hit
        cut = after
        assert len(room.player.clips) < 3, "the rest of the answer was not played"
        break
    assert early <= 1, f"{early} answers stopped themselves before the word"
    assert cut is not None, "'stop' said over three answers stopped none of them"
    assert cut <= NOTICED_S, f"stopped {cut:+.2f} s after the word ended"


@pytest.mark.engine
@pytest.mark.slow
@pytest.mark.usefixtures("no_libspeexdsp")
def test_listen_without_libspeexdsp_says_so_once_and_answers_half_duplex(
    cli: Callable[..., Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    from .test_microphone import StopAfterScript

    audio = join(silence(0.5), speak("is cramping normal after the test", "slt"), silence(1.0)).samples
    monkeypatch.setattr("voice_skill.devices.microphone.open_sounddevice", lambda: StopAfterScript([audio]))
    monkeypatch.setattr("voice_skill.devices.microphone.time.sleep", lambda s: None)
    player = RecordingPlayer(realtime=False)
    monkeypatch.setattr(
        "voice_skill.cli.output.open_speaker", lambda *a, **k: Speaker(ToneSynth(), player, earcons=False)
    )
    result = cli("listen", "--json", "--no-wake")
    assert result.code == 130
    assert result.err.count("barge-in off") == 1 and "install libspeexdsp1" in result.err
    answers = [line for line in result.out.splitlines() if line.startswith("{")]
    assert len(answers) == 1 and '"intent": "cramping"' in answers[0]
    assert player.clips and not any(c.stopped for c in player.clips), "the answer was spoken, half-duplex"
