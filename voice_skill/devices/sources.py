"""Audio sources other than a microphone: WAV files and raw PCM on standard input, as 16 kHz mono chunks."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import BinaryIO, TextIO

import numpy as np

from ..audio import SPEECH_RATE, StreamResampler, WavReader, chunked, from_pcm16

RAW_CHUNK_BYTES = 3200
"""Raw PCM is read in blocks of this many bytes (0.1 s of 16 kHz 16-bit audio)."""


def file_chunks(path: Path) -> Iterator[np.ndarray]:
    """A WAV file of any rate, channel count and sample format, as 16 kHz mono chunks: read, converted and handed
    on block by block, so memory stays the same however long the file is. A damaged header (a file cut short
    included) is an :class:`AudioError` before the first chunk."""
    reader = WavReader(path)
    resampler = StreamResampler(reader.rate)
    for block in reader.blocks():
        yield from chunked(resampler.process(block))
    yield from chunked(resampler.flush())


def raw_chunks(stream: BinaryIO, chunk_bytes: int = RAW_CHUNK_BYTES) -> Iterator[np.ndarray]:
    """Raw 16 kHz mono 16-bit little-endian PCM from a stream (standard input)."""
    leftover = b""
    while True:
        data = stream.read(chunk_bytes)
        if not data:
            break
        data = leftover + data
        usable = len(data) - len(data) % 2
        leftover = data[usable:]
        if usable:
            yield from_pcm16(data[:usable]).samples


def input_chunks(name: str, stdin: TextIO) -> tuple[Iterator[np.ndarray], str]:
    """The chunks of one ``--input``: a WAV file, or ``-`` for raw PCM on ``stdin``; and its source name."""
    if name == "-":
        return raw_chunks(stdin.buffer), "stdin"
    return file_chunks(Path(name)), name


def paced(
    chunks: Iterable[np.ndarray],
    *,
    clock: Callable[[], float] = time.monotonic,
    sleep: Callable[[float], None] = time.sleep,
) -> Iterator[np.ndarray]:
    """``chunks`` of 16 kHz audio handed on no faster than they would be heard, as a microphone would. Time spent
    by the consumer (speaking an answer) is not made up afterwards in a burst: each chunk is due one chunk's
    length after the previous one was handed on, or at once if that time has passed."""
    due: float | None = None
    for chunk in chunks:
        now = clock()
        if due is not None and now < due:
            sleep(due - now)
            now = due
        yield chunk
        due = now + len(chunk) / SPEECH_RATE
