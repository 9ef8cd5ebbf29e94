"""Spoken questions, synthesised with Debian's flite and espeak-ng (for tests, benchmarks and scripts).

    synth = Synthesiser(workdir)                 # cached per (text, voice, rate)
    samples = synth.speak("is cramping normal", "kal16", rate=1.1)   # float64 at 16 kHz
    audio = speak("is cramping normal", "espeak")                    # Audio, 16 kHz mono int16

Initialisms are spelled out as people say them ("i u i") before synthesis (:func:`as_spoken`),
since the synthesisers read "iui" as a word.
"""

from __future__ import annotations

import functools
import hashlib
import io
import subprocess
import tempfile
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Protocol

import numpy as np

from voice_skill import Skill
from voice_skill.audio import SPEECH_RATE, Audio, AudioError, for_speech, read_wav
from voice_skill.base.files import atomic_write

FLITE_VOICES = ("kal16", "slt", "rms", "awb", "kal")
ESPEAK_VOICES = {"espeak": "en-us", "espeak-gb": "en-gb", "espeak-f": "en-us+f3"}
"""espeak-ng voices by name: American (the voice the skill speaks with), British, and a female variant."""
VOICES = (*FLITE_VOICES, *ESPEAK_VOICES)
"""Voice names: flite's, and espeak-ng's."""
ESPEAK_WPM = 160
"""espeak-ng's speaking rate at rate factor 1."""
TIMEOUT_S = 120


class SynthesisError(Exception):
    """A synthesiser is missing, failed or gave unusable audio (one line)."""


@functools.cache
def _skill() -> Skill:
    return Skill.load()


def as_spoken(text: str) -> str:
    """What the synthesiser is given for ``text``: initialisms spelled out ("i u i")."""
    return _skill().intents.normalizer.spell_initialisms(text)


def command_for(text: str, voice: str, rate: float, out: Path) -> list[str]:
    """The flite or espeak-ng command that says ``text`` into the WAV file ``out``."""
    if voice in ESPEAK_VOICES:
        return ["espeak-ng", "-v", ESPEAK_VOICES[voice], "-s", str(round(ESPEAK_WPM * rate)), "-w", str(out), text]
    if voice not in FLITE_VOICES:
        raise SynthesisError(f"unknown voice {voice!r}: choose from {', '.join(VOICES)}")
    return ["flite", "--setf", f"duration_stretch={1 / rate:.6f}", "-voice", voice, "-t", text, "-o", str(out)]


class Speaks(Protocol):
    """Anything that says a text in a voice as float samples at 16 kHz (:class:`Synthesiser`, :class:`SpeechCache`)."""

    def speak(self, text: str, voice: str, rate: float = 1.0) -> np.ndarray: ...


class Synthesiser:
    """flite / espeak-ng speech (of :func:`as_spoken` text) as float samples at 16 kHz, cached."""

    def __init__(self, workdir: Path) -> None:
        self._workdir = workdir
        self._cache: dict[tuple[str, str, float], np.ndarray] = {}

    def speak(self, text: str, voice: str, rate: float = 1.0) -> np.ndarray:
        key = (as_spoken(text), voice, rate)
        if key not in self._cache:
            self._cache[key] = self._run(*key)
        return self._cache[key]

    def _run(self, text: str, voice: str, rate: float) -> np.ndarray:
        out = self._workdir / "speech.wav"
        out.unlink(missing_ok=True)
        command = command_for(text, voice, rate, out)
        try:
            subprocess.run(command, check=True, capture_output=True, timeout=TIMEOUT_S)
        except FileNotFoundError:
            raise SynthesisError(f"{command[0]} is not installed (needed for voice {voice!r})") from None
        except subprocess.CalledProcessError as exc:
            message = exc.stderr.decode(errors="replace").strip().splitlines()
            raise SynthesisError(
                f"{command[0]} failed for voice {voice!r}: {message[-1] if message else exc}"
            ) from None
        except subprocess.TimeoutExpired:
            raise SynthesisError(f"{command[0]} timed out for voice {voice!r}") from None
        try:
            audio = for_speech(read_wav(out))
        except AudioError as exc:
            raise SynthesisError(f"{command[0]} gave unusable audio for voice {voice!r}: {exc}") from None
        return audio.samples.astype(np.float64)


def to_audio(samples: np.ndarray) -> Audio:
    """Float samples at 16 kHz as int16 :class:`Audio` (clipped)."""
    return Audio(np.clip(np.round(samples), -32768, 32767).astype(np.int16), SPEECH_RATE)


def speak(text: str, voice: str = "kal16", rate: float = 1.0) -> Audio:
    """``text`` spoken by ``voice``, as 16 kHz mono 16-bit audio."""
    with tempfile.TemporaryDirectory() as folder:
        return to_audio(Synthesiser(Path(folder)).speak(text, voice, rate))


def silence(seconds: float, rate: int = SPEECH_RATE) -> Audio:
    return Audio.silence(seconds, rate)


def join(*parts: Audio) -> Audio:
    return Audio.concat(list(parts))


PAD_BEFORE_S = 0.5
PAD_AFTER_S = 1.0
SPEECH_PEAK = 12000.0
"""Speech is scaled to this peak so that noise rarely clips."""


def clean_speech(synth: Speaks, text: str, voice: str, rate: float = 1.0) -> np.ndarray:
    """``text`` spoken, scaled to :data:`SPEECH_PEAK`, with silence before and after (float samples)."""
    speech = synth.speak(text, voice, rate)
    peak = float(np.abs(speech).max()) if len(speech) else 0.0
    if peak == 0:
        raise SynthesisError(f"voice {voice!r} produced silence for {text!r}")
    speech = np.round(speech * (SPEECH_PEAK / peak))
    before, after = np.zeros(round(PAD_BEFORE_S * SPEECH_RATE)), np.zeros(round(PAD_AFTER_S * SPEECH_RATE))
    return np.concatenate([before, speech, after])


class SpeechCache:
    """Speech from :class:`Synthesiser`, kept in memory and as .npy files in ``folder`` (keyed by what the
    synthesiser is given); :meth:`prefetch` synthesises missing sentences in ``jobs`` parallel workers.
    It has :class:`Synthesiser`'s ``speak``, so babble can be made from it too."""

    def __init__(self, folder: Path | None, jobs: int) -> None:
        self.folder = folder
        self.jobs = max(1, jobs)
        self.memory: dict[tuple[str, str, float], np.ndarray] = {}
        self.synthesised = 0
        if folder is not None:
            folder.mkdir(parents=True, exist_ok=True)

    def _file(self, key: tuple[str, str, float]) -> Path | None:
        if self.folder is None:
            return None
        text, voice, rate = key  # keyed by what the synthesiser is given, so a spelling change re-synthesises
        digest = hashlib.sha1(repr((as_spoken(text), voice, rate)).encode()).hexdigest()[:20]
        return self.folder / f"{key[1]}-{digest}.npy"

    def prefetch(self, keys: Iterable[tuple[str, str, float]]) -> None:
        missing = []
        for key in dict.fromkeys(keys):
            if key in self.memory:
                continue
            path = self._file(key)
            if path is not None and path.is_file():
                self.memory[key] = np.load(path).astype(np.float64)
            else:
                missing.append(key)
        if not missing:
            return
        shares = [missing[i :: self.jobs] for i in range(self.jobs)]
        with ThreadPoolExecutor(self.jobs) as pool:
            for done in pool.map(self._synthesise, shares):
                self.memory.update(done)
        self.synthesised += len(missing)

    def _synthesise(self, keys: list[tuple[str, str, float]]) -> dict[tuple[str, str, float], np.ndarray]:
        done = {}
        with tempfile.TemporaryDirectory(prefix="wake-bench-") as work:
            synth = Synthesiser(Path(work))
            for key in keys:
                samples = synth.speak(*key)
                path = self._file(key)
                if path is not None:
                    buffer = io.BytesIO()
                    np.save(buffer, samples.astype(np.int16))
                    atomic_write(path, buffer.getvalue())
                done[key] = samples
        return done

    def speak(self, text: str, voice: str, rate: float = 1.0) -> np.ndarray:
        key = (text, voice, rate)
        if key not in self.memory:
            self.prefetch([key])
        return self.memory[key]
