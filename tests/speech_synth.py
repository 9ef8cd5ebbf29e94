"""Spoken test questions, synthesised at test time with Debian's flite and espeak-ng."""

from __future__ import annotations

import functools
import subprocess
import tempfile
from pathlib import Path

import numpy as np

from voice_skill import Skill
from voice_skill.audio import Audio, for_speech, read_wav
from voice_skill.normalize import Normalizer

VOICES = {
    "kal16": ["flite", "-voice", "kal16", "-t", "{text}", "-o", "{out}"],
    "slt": ["flite", "-voice", "slt", "-t", "{text}", "-o", "{out}"],
    "rms": ["flite", "-voice", "rms", "-t", "{text}", "-o", "{out}"],
    "awb": ["flite", "-voice", "awb", "-t", "{text}", "-o", "{out}"],
    "espeak": ["espeak-ng", "-v", "en-us", "-s", "150", "-w", "{out}", "{text}"],
}


@functools.cache
def _normalizer() -> Normalizer:
    return Skill.load().intents.normalizer


def speak(text: str, voice: str = "kal16") -> Audio:
    """``text`` spoken by ``voice``, as 16 kHz mono 16-bit audio; initialisms are spelled out
    as people say them ("i u i"), since the synthesisers read "iui" as a word."""
    text = _normalizer().spell_initialisms(text)
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "speech.wav"
        command = [part.format(text=text, out=out) for part in VOICES[voice]]
        subprocess.run(command, check=True, capture_output=True, timeout=60)
        return for_speech(read_wav(out))


def silence(seconds: float, rate: int = 16000) -> Audio:
    return Audio(np.zeros(round(seconds * rate), dtype=np.int16), rate)


def with_noise(audio: Audio, snr_db: float, seed: int = 0, kind: str = "white") -> Audio:
    """Mix noise into ``audio`` at ``snr_db`` (relative to the speech's level)."""
    rng = np.random.default_rng(seed)
    noise = rng.standard_normal(len(audio.samples))
    if kind == "pink":
        spectrum = np.fft.rfft(noise)
        spectrum /= np.sqrt(np.maximum(1, np.arange(len(spectrum))))
        noise = np.fft.irfft(spectrum, len(noise))
    speech = audio.samples.astype(np.float64)
    active = speech[np.abs(speech) > 0.05 * np.abs(speech).max()] if speech.any() else speech
    speech_power = float(np.mean(active**2)) if len(active) else 1.0
    noise *= np.sqrt(speech_power / (10 ** (snr_db / 10)) / np.mean(noise**2))
    mixed = np.clip(np.round(speech + noise), -32768, 32767).astype(np.int16)
    return Audio(mixed, audio.rate)


def join(*parts: Audio) -> Audio:
    return Audio.concat(list(parts))
