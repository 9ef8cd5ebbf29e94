"""Audio as a value object, and writing WAV files (reading them is :mod:`.wavfile`'s).

Inside the skill, audio is mono 16-bit PCM at a known sample rate (:class:`Audio`).
Conversion happens once, at the boundary where audio enters (a file, a device): see
:func:`voice_skill.audio.resample.for_speech`.
"""

from __future__ import annotations

import io
import os
import wave
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..base.errors import SkillError
from ..base.files import atomic_write

SPEECH_RATE = 16000
"""The one format speech recognition works in: 16 kHz mono 16-bit."""
CHUNK_S = 0.1
"""Audio is handed on in chunks of this length."""


class AudioError(SkillError):
    """Audio that cannot be read or used."""

    exit_code = 5


class OutputExists(AudioError):
    """A WAV file is already where one would be written, and replacing it was not asked for."""


_WAV_MAGIC = 12
"""A WAV file starts with these many bytes: ``RIFF``, a size, ``WAVE``."""


@dataclass(frozen=True)
class Audio:
    """Mono 16-bit PCM samples at ``rate`` Hz."""

    samples: np.ndarray
    rate: int

    def __post_init__(self) -> None:
        if self.samples.dtype != np.int16 or self.samples.ndim != 1:
            raise ValueError("Audio holds a one-dimensional int16 array")
        if self.rate <= 0:
            raise ValueError("sample rate must be positive")

    @property
    def duration(self) -> float:
        return len(self.samples) / self.rate

    @property
    def rms(self) -> float:
        """Root-mean-square level, 0 for silence, up to 32767."""
        if not len(self.samples):
            return 0.0
        return float(np.sqrt(np.mean(self.samples.astype(np.float64) ** 2)))

    def to_wav_bytes(self) -> bytes:
        buffer = io.BytesIO()
        with wave.open(buffer, "wb") as out:
            out.setnchannels(1)
            out.setsampwidth(2)
            out.setframerate(self.rate)
            out.writeframes(self.samples.astype("<i2").tobytes())
        return buffer.getvalue()

    def write_wav(self, path: Path, *, replace: bool = True) -> None:
        """Write a 16-bit mono WAV, atomically (a partial file never replaces a good one).

        An existing file is replaced only if ``replace`` and only if it is a WAV file itself
        (:func:`check_wav_target`); a file that appears meanwhile is never replaced without ``replace``.
        """
        check_wav_target(path, replace=replace)
        try:
            atomic_write(path, self.to_wav_bytes(), replace=replace)
        except FileExistsError:
            raise OutputExists(f"{path} already exists") from None
        except OSError as exc:
            raise AudioError(f"cannot write {path}: {exc.strerror or exc}") from None

    @classmethod
    def silence(cls, seconds: float, rate: int) -> Audio:
        return cls(np.zeros(round(seconds * rate), dtype=np.int16), rate)

    @classmethod
    def concat(cls, parts: list[Audio]) -> Audio:
        if not parts:
            raise ValueError("nothing to join")
        rate = parts[0].rate
        if any(p.rate != rate for p in parts):
            raise ValueError("cannot join audio of different sample rates")
        return cls(np.concatenate([p.samples for p in parts]), rate)


def is_wav_file(path: Path) -> bool:
    """Whether ``path`` is a readable file that starts as a WAV file does."""
    try:
        with path.open("rb") as file:
            head = file.read(_WAV_MAGIC)
    except OSError:
        return False
    return len(head) == _WAV_MAGIC and head[:4] == b"RIFF" and head[8:12] == b"WAVE"


def check_wav_target(path: Path, *, replace: bool) -> None:
    """Raise :class:`AudioError` unless a WAV file may be written at ``path``: not a folder, in a folder that
    exists and can be written, and either a new name or (with ``replace``) an existing WAV file.

    A file that is not a WAV is never replaced; without ``replace`` the error is :class:`OutputExists`.
    """
    folder = path.parent
    if path.is_dir():
        raise AudioError(f"{path} is a folder; give a file name ending in .wav")
    if not folder.is_dir():
        raise AudioError(f"cannot write {path}: the folder {folder} does not exist")
    if path.exists() or path.is_symlink():
        if not is_wav_file(path):
            raise AudioError(f"{path} exists and is not a WAV file; it is never replaced (choose another name)")
        if not replace:
            raise OutputExists(f"{path} already exists")
    if not os.access(folder, os.W_OK):
        raise AudioError(f"cannot write {path}: the folder {folder} is not writable")


def from_pcm16(data: bytes, rate: int = SPEECH_RATE) -> Audio:
    """Raw little-endian 16-bit mono PCM (an odd trailing byte is dropped)."""
    usable = len(data) - (len(data) % 2)
    return Audio(np.frombuffer(data[:usable], "<i2").astype(np.int16), rate)


def chunked(samples: np.ndarray, seconds: float = CHUNK_S, rate: int = SPEECH_RATE) -> Iterator[np.ndarray]:
    """``samples`` in consecutive chunks of ``seconds``."""
    size = max(1, round(seconds * rate))
    for i in range(0, len(samples), size):
        yield samples[i : i + size]
