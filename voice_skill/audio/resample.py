"""Sample-rate conversion with libsoxr: whole signals, and streams cut into blocks.

A stream (a microphone delivering 100 ms blocks at 48 or 44.1 kHz) goes through one
:class:`StreamResampler`, which keeps the filter's state between blocks: resampling each block
on its own would put an error at every block boundary.
"""

from __future__ import annotations

import numpy as np
import soxr

from .format import SPEECH_RATE, Audio

QUALITY = "HQ"
"""libsoxr's high-quality preset (a steep anti-aliasing filter, 20-bit precision)."""


def resample(audio: Audio, rate: int = SPEECH_RATE) -> Audio:
    """``audio`` at ``rate`` Hz (unchanged when it already is)."""
    if audio.rate == rate:
        return audio
    if not len(audio.samples):
        return Audio(audio.samples, rate)
    out = soxr.resample(audio.samples, audio.rate, rate, quality=QUALITY)
    return Audio(np.asarray(out, dtype=np.int16), rate)


def for_speech(audio: Audio) -> Audio:
    """Normalise to the recognisers' format, once, at the boundary."""
    return resample(audio, SPEECH_RATE)


class StreamResampler:
    """Converts a stream of int16 blocks from ``in_rate`` to ``out_rate`` Hz, block by block, with the
    filter's state carried across blocks (the output is the same as resampling the whole signal)."""

    def __init__(self, in_rate: int, out_rate: int = SPEECH_RATE) -> None:
        self.in_rate = in_rate
        self.out_rate = out_rate
        self._stream = soxr.ResampleStream(in_rate, out_rate, 1, dtype="int16", quality=QUALITY)

    def process(self, samples: np.ndarray, last: bool = False) -> np.ndarray:
        """The converted samples that ``samples`` completes (``last``: flush what the filter still holds)."""
        if self.in_rate == self.out_rate:
            return samples
        return np.asarray(self._stream.resample_chunk(samples.astype(np.int16, copy=False), last=last), dtype=np.int16)

    def flush(self) -> np.ndarray:
        """What the filter still holds at the end of the stream (the resampler is then finished)."""
        return self.process(np.zeros(0, dtype=np.int16), last=True)
