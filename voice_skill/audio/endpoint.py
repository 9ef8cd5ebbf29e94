"""Endpointing: cut a stream of 16 kHz audio into utterances by voice activity.

An energy detector with an adaptive noise floor, in 30 ms frames. Speech starts after
``start_frames`` loud frames (with ``preroll_s`` of audio before it kept, so the first
word is not clipped); it ends after ``trailing_silence_s`` of quiet, or at
``max_utterance_s``. A burst shorter than ``min_speech_s`` is dropped as noise. All the
settings are named (see :class:`EndpointSettings`); the endpointer does no I/O.
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field

import numpy as np

from .format import SPEECH_RATE
from .vad import VadKind, VoiceActivity


@dataclass(frozen=True)
class EndpointSettings:
    """Voice activity and utterance cutting."""

    frame_ms: int = field(default=30, metadata={"min": 10, "max": 100})
    """Analysis frame length."""
    speech_db: float = field(default=8.0, metadata={"min": 3, "max": 40})
    """A frame is speech when this many dB above the noise floor."""
    min_level_db: float = field(default=-50.0, metadata={"min": -90, "max": 0})
    """...and above this absolute level (dB relative to full scale)."""
    start_frames: int = field(default=3, metadata={"min": 1, "max": 20})
    """Loud frames in a row that start an utterance."""
    preroll_s: float = field(default=0.3, metadata={"min": 0, "max": 2})
    """Audio kept from before the start of speech."""
    trailing_silence_s: float = field(default=0.6, metadata={"min": 0.1, "max": 5})
    """Quiet that ends an utterance."""
    pause_s: float = field(default=0.2, metadata={"min": 0.03, "max": 5})
    """Quiet that may be the end: an engine that decodes whole utterances (Whisper) starts decoding
    then, so that the answer is ready when ``trailing_silence_s`` closes the utterance."""
    max_utterance_s: float = field(default=15.0, metadata={"min": 1, "max": 120})
    """An utterance is cut here even if speech goes on."""
    min_speech_s: float = field(default=0.25, metadata={"min": 0, "max": 5})
    """Shorter bursts of sound are dropped as noise."""
    near_speech_db: float = field(default=25.0, metadata={"min": 0, "max": 90})
    """Speech this far above the noise floor was said close to the microphone: with continuous listening
    only such speech is asked to repeat, or told the skill cannot answer (distant talk gets no reply)."""
    leading_silence_timeout_s: float = field(default=8.0, metadata={"min": 0.5, "max": 120})
    """Live listening: with no speech this long after listening starts, the skill stops listening."""
    initial_floor_db: float = field(default=-35.0, metadata={"min": -90, "max": 0})
    """The noise floor starts at the first frame's level, but no higher than this."""
    floor_adapt: float = field(default=0.05, metadata={"min": 0.001, "max": 1})
    """How fast the noise floor follows quiet frames (0-1 per frame)."""
    vad: VadKind = VadKind.ENERGY
    """Voice activity: ``energy`` (loudness above the noise floor) or ``silero`` (and Silero VAD's verdict
    that the sound is a voice)."""
    vad_threshold: float = field(default=0.5, metadata={"min": 0.01, "max": 0.99})
    """Silero: speech probability above which a loud frame counts as speech."""


@dataclass(frozen=True)
class SpeechStarted:
    """Speech began at ``start`` seconds; ``audio`` holds the pre-roll and the first frames,
    beginning at ``audio_start`` seconds."""

    start: float
    audio: np.ndarray
    audio_start: float


@dataclass(frozen=True)
class SpeechAudio:
    """More audio inside the current utterance."""

    audio: np.ndarray


@dataclass(frozen=True)
class SpeechPaused:
    """Speech has been quiet for ``pause_s`` (at ``at`` seconds): the utterance may be ending."""

    at: float


@dataclass(frozen=True)
class SpeechResumed:
    """Speech went on after a pause (at ``at`` seconds)."""

    at: float


@dataclass(frozen=True)
class SpeechEnded:
    """The utterance ended: speech from ``start`` to ``end`` seconds; ``reason`` is
    "silence", "max_length" or "end_of_input"; ``kept`` is False for a too-short burst."""

    start: float
    end: float
    reason: str
    kept: bool
    snr_db: float = 0.0
    """How far the utterance's loud frames stood above the noise floor (dB): close speech stands far above
    it, distant talk in a waiting room does not."""


@dataclass(frozen=True)
class ListeningTimedOut:
    """No speech within ``leading_silence_timeout_s`` of (re)starting."""

    at: float


Event = SpeechStarted | SpeechAudio | SpeechPaused | SpeechResumed | SpeechEnded | ListeningTimedOut


class Endpointer:
    """Feed 16 kHz int16 samples; get utterance events. Keeps state between calls."""

    def __init__(
        self, settings: EndpointSettings | None = None, rate: int = SPEECH_RATE, vad: VoiceActivity | None = None
    ) -> None:
        self.settings = settings or EndpointSettings()
        self.vad = vad
        if vad is not None:
            vad.reset()
        self.rate = rate
        self.frame = max(1, rate * self.settings.frame_ms // 1000)
        self._pending = np.zeros(0, dtype=np.int16)
        self._frames_seen = 0
        self._floor: float | None = None
        self._preroll: deque[np.ndarray] = deque(
            maxlen=max(1, round(self.settings.preroll_s * 1000 / self.settings.frame_ms))
        )
        self._loud_run: list[np.ndarray] = []
        self._in_speech = False
        self._start = 0.0
        self._last_loud_end = 0.0
        self._quiet_frames = 0
        self._loud_levels: list[float] = []
        self._speech_floor = 0.0
        self._paused = False
        self._pause_frames = max(1, round(self.settings.pause_s * 1000 / self.settings.frame_ms))
        self._listen_start = 0.0
        self._timed_out = False

    @property
    def in_speech(self) -> bool:
        return self._in_speech

    @property
    def now(self) -> float:
        """Seconds of audio consumed so far."""
        return self._frames_seen * self.frame / self.rate

    def restart_listening(self) -> None:
        """Start the leading-silence clock again (after an answer, in live listening)."""
        self._listen_start = self.now
        self._timed_out = False

    def level_db(self, frame: np.ndarray) -> float:
        power = float(np.mean(frame.astype(np.float64) ** 2)) / (32768.0**2)
        return 10 * math.log10(power + 1e-12)

    def feed(self, samples: np.ndarray) -> Iterator[Event]:
        data = np.concatenate([self._pending, samples]) if len(self._pending) else samples
        whole = len(data) // self.frame * self.frame
        self._pending = data[whole:].copy()
        for offset in range(0, whole, self.frame):
            yield from self._frame(data[offset : offset + self.frame])

    def flush(self) -> Iterator[Event]:
        """End of input: close an open utterance."""
        if self._in_speech:
            yield from self._end("end_of_input")
        self._pending = np.zeros(0, dtype=np.int16)

    def _frame(self, frame: np.ndarray) -> Iterator[Event]:
        s = self.settings
        t0 = self.now
        self._frames_seen += 1
        t1 = self.now
        level = self.level_db(frame)
        if self._floor is None:
            # Start from the first frame, but no higher than a quiet room, so speech that
            # begins at once is still heard as speech.
            self._floor = min(level, s.initial_floor_db)
        loud = level > self._floor + s.speech_db and level > s.min_level_db
        if self.vad is not None:
            voiced = self.vad.probability(frame) >= s.vad_threshold  # every frame: the model follows the stream
            loud = loud and voiced
        if not loud or not self._in_speech:
            # The floor follows quiet frames (and drops at once to quieter ones).
            if level < self._floor:
                self._floor = level
            elif not loud:
                self._floor += s.floor_adapt * (level - self._floor)
        if not self._in_speech:
            if loud:
                self._loud_run.append(frame)
                if len(self._loud_run) >= s.start_frames:
                    self._in_speech = True
                    self._speech_floor = self._floor
                    self._loud_levels = [self.level_db(f) for f in self._loud_run]
                    self._start = t1 - len(self._loud_run) * self.frame / self.rate
                    self._last_loud_end = t1
                    self._quiet_frames = 0
                    audio = np.concatenate([*self._preroll, *self._loud_run])
                    self._preroll.clear()
                    self._loud_run = []
                    yield SpeechStarted(self._start, audio, t1 - len(audio) / self.rate)
                return
            for early in self._loud_run:
                self._preroll.append(early)
            self._loud_run = []
            self._preroll.append(frame)
            if not self._timed_out and t0 - self._listen_start >= s.leading_silence_timeout_s:
                self._timed_out = True
                yield ListeningTimedOut(t0)
            return
        yield SpeechAudio(frame)
        if loud:
            self._loud_levels.append(level)
            self._last_loud_end = t1
            self._quiet_frames = 0
            if self._paused:
                self._paused = False
                yield SpeechResumed(t1)
        else:
            self._quiet_frames += 1
            ends = self._quiet_frames * self.frame / self.rate >= s.trailing_silence_s
            if self._quiet_frames == self._pause_frames and not ends:
                self._paused = True
                yield SpeechPaused(t1)
        if self._quiet_frames * self.frame / self.rate >= s.trailing_silence_s:
            yield from self._end("silence")
        elif t1 - self._start >= s.max_utterance_s:
            yield from self._end("max_length")

    def _end(self, reason: str) -> Iterator[Event]:
        self._in_speech = False
        self._quiet_frames = 0
        self._paused = False
        self.restart_listening()
        end = self._last_loud_end
        power = float(np.mean(np.power(10.0, np.asarray(self._loud_levels) / 10))) if self._loud_levels else 1e-12
        snr = 10 * math.log10(power) - self._speech_floor  # against the floor heard before the speech
        kept = end - self._start >= self.settings.min_speech_s
        yield SpeechEnded(self._start, end, reason, kept=kept, snr_db=round(snr, 1))
