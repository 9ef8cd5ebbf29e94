"""Reading WAV files: the header is checked first, so a file cut short is an error before any of its audio is
used; then the samples, whole (:func:`read_wav`, :func:`decode_wav`) or block by block in constant memory
(:class:`WavReader`), decoded from PCM 8/16/24/32-bit or 32/64-bit float, any channels, to mono int16."""

from __future__ import annotations

import io
import os
import struct
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import BinaryIO

import numpy as np

from .format import Audio, AudioError

_PCM = 1
_FLOAT = 3
_EXTENSIBLE = 0xFFFE
_SUPPORTED = {(_PCM, 1), (_PCM, 2), (_PCM, 3), (_PCM, 4), (_FLOAT, 4), (_FLOAT, 8)}
"""(format tag, bytes per sample) pairs that can be decoded."""
_RIFF_HEADER = 12
_CHUNK_HEADER = 8
_FMT_SIZE = 16
"""Bytes of the format chunk every WAV has; WAVE_FORMAT_EXTENSIBLE adds its sub-format after them."""
_SUBFORMAT_AT = slice(24, 26)
_FMT_MAX = 4096
"""A format chunk larger than this is not a WAV file's."""
_UNKNOWN_LENGTH = 0x7FFFF000
"""A data size this large (or 0) is what a writer puts when it cannot know the length (writing to a pipe):
the audio then runs to the end of the file."""
BLOCK_S = 1.0
"""A file is read in blocks of this much audio."""
_INT24_SIGN = 0x800000
_INT24_RANGE = 0x1000000
_FULL_SCALE = {1: 128.0, 2: 32768.0, 3: 8388608.0, 4: 2147483648.0}
"""PCM full scale by bytes per sample."""


@dataclass(frozen=True)
class WavLayout:
    """What a WAV header says: the encoding, and where the whole frames of audio lie in the file."""

    tag: int
    channels: int
    rate: int
    width: int
    """Bytes per sample."""
    offset: int
    size: int
    """Bytes of whole frames."""

    @property
    def frame_bytes(self) -> int:
        return self.channels * self.width

    @property
    def duration(self) -> float:
        return self.size / self.frame_bytes / self.rate


def _seconds(size: int, frame_bytes: int, rate: int) -> str:
    return f"{size / frame_bytes / rate:.2f} s"


def parse_header(stream: BinaryIO, total: int, name: str) -> WavLayout:
    """The layout of the WAV file in ``stream`` (``total`` bytes long), read from its start up to its audio."""
    head = stream.read(_RIFF_HEADER)
    if len(head) < _RIFF_HEADER or head[:4] != b"RIFF" or head[8:12] != b"WAVE":
        raise AudioError(f"{name}: not a WAV file")
    fmt: bytes | None = None
    pos = _RIFF_HEADER
    while True:
        header = stream.read(_CHUNK_HEADER)
        if len(header) < _CHUNK_HEADER:
            raise AudioError(f"{name}: WAV file has no {'audio data' if fmt else 'format chunk'}")
        cid, size = header[:4], struct.unpack("<I", header[4:])[0]
        pos += _CHUNK_HEADER
        if cid == b"data":
            break
        if pos + size > total:
            raise AudioError(f"{name}: WAV file is cut short (it ends inside its {cid!r} chunk)")
        if cid == b"fmt " and fmt is None and size <= _FMT_MAX:
            fmt = stream.read(size)
        else:
            stream.seek(size, io.SEEK_CUR)
        stream.seek(size & 1, io.SEEK_CUR)
        pos += size + (size & 1)
    if fmt is None or len(fmt) < _FMT_SIZE:
        raise AudioError(f"{name}: WAV file has no format chunk")
    tag, channels, rate, _, _, bits = struct.unpack("<HHIIHH", fmt[:_FMT_SIZE])
    if tag == _EXTENSIBLE and len(fmt) >= _SUBFORMAT_AT.stop:
        tag = struct.unpack("<H", fmt[_SUBFORMAT_AT])[0]
    if channels == 0 or rate == 0 or bits == 0:
        raise AudioError(f"{name}: WAV header is invalid")
    width, odd_bits = divmod(bits, 8)
    if odd_bits or (tag, width) not in _SUPPORTED:
        raise AudioError(f"{name}: unsupported WAV encoding (format {tag}, {bits}-bit)")
    frame_bytes = channels * width
    available = total - pos
    if size == 0 or size >= _UNKNOWN_LENGTH:
        size = available
    elif size > available:
        promised, held = _seconds(size, frame_bytes, rate), _seconds(available, frame_bytes, rate)
        raise AudioError(f"{name}: WAV file is cut short: its header promises {promised} of audio, it holds {held}")
    size -= size % frame_bytes
    if size == 0:
        raise AudioError(f"{name}: WAV file holds no audio")
    return WavLayout(tag=tag, channels=channels, rate=rate, width=width, offset=pos, size=size)


def decode_frames(raw: bytes, layout: WavLayout) -> np.ndarray:
    """Whole frames of ``layout``'s encoding as mono int16 samples."""
    tag, width = layout.tag, layout.width
    if tag == _PCM and width == 1:
        values = np.frombuffer(raw, np.uint8).astype(np.float64) - _FULL_SCALE[1]
    elif tag == _PCM and width == 3:
        b = np.frombuffer(raw, np.uint8).reshape(-1, 3).astype(np.int32)
        ints = b[:, 0] | (b[:, 1] << 8) | (b[:, 2] << 16)
        values = np.where(ints & _INT24_SIGN, ints - _INT24_RANGE, ints).astype(np.float64)
    elif tag == _PCM:
        values = np.frombuffer(raw, f"<i{width}").astype(np.float64)
    else:
        values = np.nan_to_num(np.frombuffer(raw, f"<f{width}").astype(np.float64))
    if tag == _PCM:
        values /= _FULL_SCALE[width]
    mono = values.reshape(-1, layout.channels).mean(axis=1)
    samples: np.ndarray = np.clip(np.round(mono * 32767.0), -32768, 32767).astype(np.int16)
    return samples


def decode_wav(data: bytes, name: str = "audio") -> Audio:
    """Decode WAV bytes (PCM 8/16/24/32-bit or 32/64-bit float, any channels) to mono int16."""
    layout = parse_header(io.BytesIO(data), len(data), name)
    return Audio(decode_frames(data[layout.offset : layout.offset + layout.size], layout), layout.rate)


class WavReader:
    """An open WAV file, its header checked: the samples are read block by block, so memory does not grow with
    the file's length. Every problem, opening or reading, is an :class:`AudioError` naming the file."""

    def __init__(self, path: Path) -> None:
        self.name = str(path)
        try:
            self._file: BinaryIO = path.open("rb")
        except FileNotFoundError:
            raise AudioError(f"{path}: file not found") from None
        except IsADirectoryError:
            raise AudioError(f"{path}: is a directory, expected a WAV file") from None
        except OSError as exc:
            raise AudioError(f"{path}: cannot read: {exc.strerror or exc}") from None
        try:
            total = os.fstat(self._file.fileno()).st_size
            if total == 0:
                raise AudioError(f"{path}: file is empty")
            self.layout = parse_header(self._file, total, self.name)
        except OSError as exc:
            self._file.close()
            raise AudioError(f"{path}: cannot read: {exc.strerror or exc}") from None
        except AudioError:
            self._file.close()
            raise

    @property
    def rate(self) -> int:
        return self.layout.rate

    def blocks(self, seconds: float = BLOCK_S) -> Iterator[np.ndarray]:
        """The audio as mono int16 blocks of ``seconds`` (the last one shorter); the file is closed at the end."""
        layout = self.layout
        block = max(1, round(seconds * layout.rate)) * layout.frame_bytes
        left = layout.size
        try:
            while left > 0:
                raw = self._file.read(min(block, left))
                if not raw:
                    raise AudioError(f"{self.name}: WAV file is cut short (it shrank while being read)")
                raw = raw[: len(raw) - len(raw) % layout.frame_bytes]
                left -= len(raw)
                yield decode_frames(raw, layout)
        except OSError as exc:
            raise AudioError(f"{self.name}: cannot read: {exc.strerror or exc}") from None
        finally:
            self.close()

    def close(self) -> None:
        self._file.close()

    def __enter__(self) -> WavReader:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.close()


def read_wav(path: Path) -> Audio:
    """A whole WAV file as mono int16 audio."""
    with WavReader(path) as reader:
        parts = list(reader.blocks())
        return Audio(np.concatenate(parts), reader.rate)
