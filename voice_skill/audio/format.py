"""Audio as a value object, and WAV reading and writing.

Inside the skill, audio is mono 16-bit PCM at a known sample rate (:class:`Audio`).
Conversion happens once, at the boundary where audio enters (a file, a device): see
:func:`voice_skill.audio.resample.for_speech`.
"""

from __future__ import annotations

import io
import os
import struct
import wave
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..base.errors import SkillError
from ..base.files import atomic_write

_PCM = 1
_FLOAT = 3
_EXTENSIBLE = 0xFFFE

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


def _chunks(data: bytes, name: str) -> dict[bytes, bytes]:
    if len(data) < 12 or data[:4] != b"RIFF" or data[8:12] != b"WAVE":
        raise AudioError(f"{name}: not a WAV file")
    found: dict[bytes, bytes] = {}
    pos = 12
    while pos + 8 <= len(data):
        cid, size = data[pos : pos + 4], struct.unpack("<I", data[pos + 4 : pos + 8])[0]
        body = data[pos + 8 : pos + 8 + size]
        found.setdefault(cid, body)
        if cid == b"data":
            break
        pos += 8 + size + (size & 1)
    return found


def decode_wav(data: bytes, name: str = "audio") -> Audio:
    """Decode WAV bytes (PCM 8/16/24/32-bit or 32/64-bit float, any channels) to mono int16."""
    chunks = _chunks(data, name)
    fmt, raw = chunks.get(b"fmt "), chunks.get(b"data")
    if fmt is None or len(fmt) < 16:
        raise AudioError(f"{name}: WAV file has no format chunk")
    if raw is None:
        raise AudioError(f"{name}: WAV file has no audio data")
    tag, channels, rate, _, _, bits = struct.unpack("<HHIIHH", fmt[:16])
    if tag == _EXTENSIBLE and len(fmt) >= 26:
        tag = struct.unpack("<H", fmt[24:26])[0]
    if channels == 0 or rate == 0 or bits == 0:
        raise AudioError(f"{name}: WAV header is invalid")
    width = bits // 8
    frames = len(raw) // (width * channels)
    if frames == 0:
        raise AudioError(f"{name}: WAV file holds no audio")
    raw = raw[: frames * width * channels]
    if tag == _PCM and width == 1:
        values = (np.frombuffer(raw, np.uint8).astype(np.float64) - 128.0) / 128.0
    elif tag == _PCM and width == 2:
        values = np.frombuffer(raw, "<i2").astype(np.float64) / 32768.0
    elif tag == _PCM and width == 3:
        b = np.frombuffer(raw, np.uint8).reshape(-1, 3).astype(np.int32)
        ints = b[:, 0] | (b[:, 1] << 8) | (b[:, 2] << 16)
        ints = np.where(ints & 0x800000, ints - 0x1000000, ints)
        values = ints.astype(np.float64) / 8388608.0
    elif tag == _PCM and width == 4:
        values = np.frombuffer(raw, "<i4").astype(np.float64) / 2147483648.0
    elif tag == _FLOAT and width in (4, 8):
        values = np.frombuffer(raw, "<f4" if width == 4 else "<f8").astype(np.float64)
        values = np.nan_to_num(values)
    else:
        raise AudioError(f"{name}: unsupported WAV encoding (format {tag}, {bits}-bit)")
    mono = values.reshape(-1, channels).mean(axis=1)
    samples = np.clip(np.round(mono * 32767.0), -32768, 32767).astype(np.int16)
    return Audio(samples, rate)


def read_wav(path: Path) -> Audio:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise AudioError(f"{path}: file not found") from None
    except IsADirectoryError:
        raise AudioError(f"{path}: is a directory, expected a WAV file") from None
    except OSError as exc:
        raise AudioError(f"{path}: cannot read: {exc.strerror or exc}") from None
    if not data:
        raise AudioError(f"{path}: file is empty")
    return decode_wav(data, str(path))


def from_pcm16(data: bytes, rate: int = SPEECH_RATE) -> Audio:
    """Raw little-endian 16-bit mono PCM (an odd trailing byte is dropped)."""
    usable = len(data) - (len(data) % 2)
    return Audio(np.frombuffer(data[:usable], "<i2").astype(np.int16), rate)


def chunked(samples: np.ndarray, seconds: float = CHUNK_S, rate: int = SPEECH_RATE) -> Iterator[np.ndarray]:
    """``samples`` in consecutive chunks of ``seconds``."""
    size = max(1, round(seconds * rate))
    for i in range(0, len(samples), size):
        yield samples[i : i + size]
