"""The speaker: answers spoken sentence by sentence, interruptible at any moment.

One worker thread takes utterances from a queue, renders each sentence with the
:class:`~voice_skill.synthesis.Synthesizer` and plays it with the
:class:`~voice_skill.playback.Player`. The first sentence starts as soon as it is
rendered; :meth:`Speaker.stop` ("stop", a key, or the user starting to speak) cuts the
current block and drops what is queued.
"""

from __future__ import annotations

import queue
import re
import threading
from dataclasses import dataclass

import numpy as np

from .audio import Audio, device_choice
from .playback import Player
from .synthesis import SpeechError, SpeechSettings, Synthesizer

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'(])")
EARCON_RATE = 22050


def sentences(text: str) -> list[str]:
    """Split spoken text into sentences (so the first one can start at once)."""
    return [s.strip() for s in _SENTENCE_END.split(text.strip()) if s.strip()]


def earcon(kind: str, volume: float = 0.5, rate: int = EARCON_RATE) -> Audio:
    """A short cue: "listening" rises (the skill listens), "done" falls (it stopped)."""
    tones = {"listening": (660.0, 880.0), "done": (880.0, 660.0)}
    if kind not in tones:
        raise ValueError(f"unknown earcon {kind!r}")
    parts = []
    for freq in tones[kind]:
        t = np.arange(round(0.08 * rate)) / rate
        envelope = np.minimum(1.0, np.minimum(t, t[::-1]) / 0.01)  # 10 ms fades: no clicks
        parts.append(np.sin(2 * np.pi * freq * t) * envelope)
        parts.append(np.zeros(round(0.03 * rate)))
    wave = np.concatenate(parts) * (0.6 * volume * 32767)
    return Audio(wave.astype(np.int16), rate)


@dataclass(frozen=True)
class _Job:
    text: str | None
    settings: SpeechSettings
    cue: str | None = None


class Speaker:
    """Speaks text in the background; one owner of synthesis and playback."""

    def __init__(self, synthesizer: Synthesizer, player: Player, *, earcons: bool = True) -> None:
        self.synthesizer = synthesizer
        self.player = player
        self.earcons = earcons
        self.errors: list[str] = []
        self._jobs: queue.Queue[_Job | None] = queue.Queue()
        self._stop = threading.Event()
        self._idle = threading.Event()
        self._idle.set()
        self._pending = 0
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._run, name="voice-skill-speaker", daemon=True)
        self._thread.start()

    def say(self, text: str, settings: SpeechSettings) -> None:
        """Queue ``text``; returns at once."""
        self._enqueue(_Job(text, settings))

    def cue(self, kind: str, settings: SpeechSettings) -> None:
        """Queue an earcon ("listening" or "done"), unless earcons are off."""
        if self.earcons:
            self._enqueue(_Job(None, settings, cue=kind))

    def _enqueue(self, job: _Job) -> None:
        with self._lock:
            self._pending += 1
            self._idle.clear()
            self._stop.clear()
        self._jobs.put(job)

    def stop(self, settle_s: float = 1.0) -> None:
        """Stop speaking now and drop everything queued.

        Returns once the worker has let go of the current clip (one playback block, or
        ``settle_s`` at most), so that speech queued next cannot be cut by this stop.
        """
        with self._lock:
            self._stop.set()
            while True:
                try:
                    if self._jobs.get_nowait() is not None:
                        self._pending -= 1
                except queue.Empty:
                    break
            if self._pending == 0:
                self._idle.set()
        self._idle.wait(settle_s)

    def wait(self, timeout: float | None = None) -> bool:
        """Block until everything queued was spoken (or stopped); False on timeout."""
        return self._idle.wait(timeout)

    @property
    def speaking(self) -> bool:
        return not self._idle.is_set()

    def close(self) -> None:
        self.stop()
        self._jobs.put(None)
        self._thread.join(timeout=5)
        self.synthesizer.close()
        self.player.close()

    def _run(self) -> None:
        while True:
            job = self._jobs.get()
            if job is None:
                return
            try:
                self._speak(job)
            except SpeechError as exc:
                self.errors.append(str(exc))
            finally:
                with self._lock:
                    self._pending -= 1
                    if self._pending <= 0:
                        self._pending = 0
                        self._idle.set()

    def _speak(self, job: _Job) -> None:
        if job.cue is not None:
            if not self._stop.is_set():
                self.player.play(earcon(job.cue, job.settings.volume), self._stop)
            return
        for sentence in sentences(job.text or ""):
            if self._stop.is_set():
                return
            audio = self.synthesizer.render(sentence, job.settings)
            if self._stop.is_set() or not self.player.play(audio, self._stop):
                return


def open_speaker(
    earcons: bool = True, device: str | None = None, timeout_s: float = 10.0, player: Player | None = None
) -> Speaker | None:
    """A speaker on the default (or given) output device; None when there is no device.

    A missing espeak-ng library is a :class:`SpeechError` naming the package to install.
    """
    from .playback import open_output
    from .synthesis import Pyttsx3Synthesizer, probe_espeak

    probe_espeak()
    if player is None:
        player = open_output(device_choice(device))
    if player is None:
        return None
    return Speaker(Pyttsx3Synthesizer(timeout_s=timeout_s), player, earcons=earcons)
