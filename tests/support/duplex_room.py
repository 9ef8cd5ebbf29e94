"""The live path in real time, as at home: a real answer (pyttsx3 on espeak-ng) spoken by a :class:`Speaker` on a
paced :class:`RecordingPlayer`, heard through a synthetic room by a simulated microphone delivering 100 ms chunks
every 100 ms, and a :class:`Duplex` listening over it. One session: one speaker, one listener, one room, its echo
path learnt once (:data:`LEARNING_ANSWERS` answers first).

Shared by tests/test_duplex.py (a few answers, with and without a "stop") and ``benchmarks/barge_in.py --realtime``
(many answers of echo alone: how often the skill cuts its own voice).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from voice_skill import Config
from voice_skill.audio import CHUNK_S, SPEECH_RATE, for_speech
from voice_skill.duplex import Duplex, open_duplex
from voice_skill.tts import PlaybackTap, RecordingPlayer, Speaker, SpeechSettings, Synthesizer
from voice_skill.wake import Interrupted

from .noise import active_power, db_power, pink, scaled

CHUNK = round(CHUNK_S * SPEECH_RATE)
ECHO_DBFS = -32.0
"""The echo's level at the microphone: normal volume (benchmarks/barge_in.py)."""
FLOOR_DBFS = -65.0
ANSWER = (
    "A clear or slightly blood-tinged discharge may happen as the contrast dye leaves your body. This is normal and "
    "temporary. If discharge is unusual or smells foul, call your healthcare provider, as it can be a sign of "
    "infection."
)
"""The skill's answer about discharge: three sentences, about 13 s."""
ANSWER_SENTENCES = 3
WORD_AFTER_S = 5.0
"""The word is said this long after the answer starts, over its second sentence."""
LEARNING_ANSWERS = 1
"""Answers played before the ones judged, as on a first evening at home: the canceller learns the room."""
OUTPUT_BUFFER_S = 0.1
"""Played audio handed out ahead, as to a sound card (without it the tap could be read before the player,
delayed by the listening loop's work, handed out the block due)."""
ROOM_SEED = 1
FLOOR_SEED = 2
JITTER_SEED = 3


def room_response(seed: int = ROOM_SEED) -> np.ndarray:
    """The loudspeaker heard at the microphone: 25 ms away, with a 0.3 s reverberant tail (as test_barge_in)."""
    rng = np.random.default_rng(seed)
    t = np.arange(round(0.2 * SPEECH_RATE)) / SPEECH_RATE
    response = np.zeros(round(0.025 * SPEECH_RATE) + len(t))
    response[-len(t) :] = 0.4 * rng.standard_normal(len(t)) * 10 ** (-3 * t / 0.3)
    response[-len(t)] += 1.8
    return response


def noise_floor(seed: int = FLOOR_SEED) -> Iterator[np.ndarray]:
    """A quiet room's pink noise at ``FLOOR_DBFS``, a chunk at a time (a microphone never hears digital silence)."""
    rng = np.random.default_rng(seed)
    while True:
        yield scaled(pink(rng, CHUNK), FLOOR_DBFS)


def echo_gain(synth: Synthesizer, text: str = ANSWER, dbfs: float = ECHO_DBFS) -> float:
    """The room's gain that puts the echo of ``text`` (said by ``synth``) at the microphone at ``dbfs``."""
    said = for_speech(synth.render(text, SpeechSettings())).samples.astype(np.float64)
    echo = np.convolve(said, room_response())[: len(said)]
    return float(np.sqrt(db_power(dbfs) / active_power(echo)))


class RoomMicrophone:
    """A microphone in a room with the loudspeaker: every 100 ms (real time) the echo of what the player played
    meanwhile (its own tap on the player), plus a word said ``WORD_AFTER_S`` after the answer started.

    Its tap places each answer on the wall clock as the listener's does, read a little later (after the listener's
    tap has converted the block), so its echo comes 1-3 samples after the listener's reference, by a sample more or
    less from one answer to the next (docs/benchmarks.md). ``jitter_s`` delays each answer's echo by up to that
    much more (uniform, drawn per answer): a sound card that starts some answers later than others."""

    def __init__(self, player: RecordingPlayer, gain: float, jitter_s: float = 0.0) -> None:
        self.tap = PlaybackTap()
        player.attach(self.tap)
        self.response = room_response() * gain
        self.jitter_s = jitter_s
        self.jitter = np.random.default_rng(JITTER_SEED)
        self.delay = 0
        """The current answer's extra delay of the echo (samples)."""
        self.word_end_at: float | None = None
        """Wall time (monotonic) at which the word ended."""
        self.ended_at: float | None = None
        """When the chunk just delivered ended (as a real microphone's callback tells)."""
        self.late_s = 0.0
        """In the current answer, the most a chunk was delivered after it was due (the listening loop behind real
        time: a loaded machine)."""
        self.floor = noise_floor()

    def chunks(self, word: np.ndarray | None, paced: bool = True) -> Iterator[np.ndarray]:
        """The microphone during one answer, with ``word`` said over it (or nothing but the echo); ``paced``:
        one chunk every 100 ms, as a real microphone (else as fast as they are read)."""
        self.tap.clear()
        self.word_end_at = None
        self.late_s = 0.0
        origin = time.monotonic()
        tail = np.zeros(len(self.response) - 1)
        self.delay = round(self.jitter.uniform(0.0, self.jitter_s) * SPEECH_RATE) if self.jitter_s else 0
        late = np.zeros(self.delay)
        due, position = origin, 0
        started: int | None = None
        word_at: int | None = None
        while True:
            due += CHUNK_S
            if paced:
                time.sleep(max(0.0, due - time.monotonic()))
                self.late_s = max(self.late_s, time.monotonic() - due)
            self.ended_at = due
            played = np.concatenate([late, self.tap.take(CHUNK, due).astype(np.float64)])
            played, late = played[:CHUNK], played[CHUNK:]
            echo = np.convolve(played, self.response)
            echo[: len(tail)] += tail
            mic, tail = echo[:CHUNK], echo[CHUNK:]
            mic += next(self.floor)
            if started is None and np.any(played):
                started = position + int(np.flatnonzero(played)[0])
            if word is not None and word_at is None and started is not None:
                word_at = started + round(WORD_AFTER_S * SPEECH_RATE)
                self.word_end_at = origin + (word_at + len(word)) / SPEECH_RATE
            if word is not None and word_at is not None:
                at = word_at - position
                lo, hi = max(0, at), min(CHUNK, at + len(word))
                if lo < hi:
                    mic[lo:hi] += word[lo - at : hi - at]
            position += CHUNK
            yield np.clip(np.round(mic), -32768, 32767).astype(np.int16)


@dataclass
class Room:
    """One session, as at home: one speaker, one duplex listener, one room (its echo path learnt once)."""

    player: RecordingPlayer
    speaker: Speaker
    duplex: Duplex
    microphone: RoomMicrophone
    learnt: list[Interrupted | None] = field(default_factory=list)
    """What stopped each learning answer (None: nothing)."""

    def answer(self, word: np.ndarray | None, realtime: bool = True) -> Interrupted | None:
        """Say :data:`ANSWER` with ``word`` said over it (None: the echo alone); what stopped it, if anything."""
        self.player.clips.clear()
        self.player.realtime = realtime
        hit = self.duplex.speak(
            lambda: self.speaker.say(ANSWER, SpeechSettings()),
            self.microphone.chunks(word, paced=realtime),
            lambda: self.microphone.ended_at,
        )
        self.speaker.stop()
        return hit

    def played_whole(self) -> bool:
        """The last answer was played to its end: every sentence, none stopped, every sample."""
        clips = self.player.clips
        return (
            len(clips) == ANSWER_SENTENCES
            and not any(c.stopped for c in clips)
            and all(c.played_samples == len(c.audio.samples) for c in clips)
        )

    def close(self) -> None:
        """Close the listener and the speaker (and with it the synthesizer)."""
        self.duplex.close()
        self.speaker.close()


class NoDuplex(RuntimeError):
    """Barge-in could not be opened (its note says why)."""


def open_room(synth: Synthesizer, config: Config, pronunciations: Path | None, jitter_s: float = 0.0) -> Room:
    """A session on ``synth`` with ``config``'s barge-in settings, its :data:`LEARNING_ANSWERS` played (the
    canceller learns the room, interrupting itself or not: not judged); ``jitter_s``: see :class:`RoomMicrophone`."""
    player = RecordingPlayer(buffer_s=OUTPUT_BUFFER_S)
    speaker = Speaker(synth, player, earcons=False)
    notes: list[str] = []
    duplex = open_duplex(config.wake.barge_in, config.wake.phrase, pronunciations, speaker, notes.append)
    if duplex is None:
        speaker.close()
        raise NoDuplex("; ".join(notes) or "barge-in is disabled")
    session = Room(player, speaker, duplex, RoomMicrophone(player, echo_gain(synth), jitter_s))
    session.learnt = [session.answer(None) for _ in range(LEARNING_ANSWERS)]
    return session
