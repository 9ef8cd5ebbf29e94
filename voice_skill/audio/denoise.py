"""Noise reduction in front of the recogniser: a streaming Wiener filter (numpy only).

The noise spectrum is learnt from audio the endpointer heard as non-speech (the pre-roll it
hands over with each utterance), so steady background noise (a fan, traffic, hiss) is taken
out before recognition. Short-time Fourier transform with 32 ms frames and a 16 ms hop,
square-root Hann windows (perfect reconstruction), and the decision-directed a-priori SNR
estimate of Ephraim and Malah, which keeps "musical" residual noise low. In silence that is
digitally zero, or before any noise was heard, audio passes through unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

FRAME = 512
"""Samples per analysis frame (32 ms at 16 kHz)."""
HOP = FRAME // 2
"""Samples between frames (half a frame: square-root Hann windows then add up to one)."""
_WINDOW = np.sqrt(np.hanning(FRAME + 1)[:FRAME])
_TINY = 1e-10


@dataclass(frozen=True)
class DenoiseSettings:
    """Noise reduction before speech recognition."""

    enabled: bool = True
    """Reduce steady background noise before recognition (learnt from the audio before speech)."""
    gain_floor: float = field(default=0.1, metadata={"min": 0.0, "max": 1.0})
    """Least gain of a frequency band (0-1): 0.1 takes noise down by at most 20 dB."""
    over_subtraction: float = field(default=1.0, metadata={"min": 0.5, "max": 4.0})
    """Multiplies the learnt noise spectrum: above 1 removes more noise and more speech."""
    snr_smoothing: float = field(default=0.9, metadata={"min": 0.0, "max": 0.999})
    """Weight of the previous frame in the a-priori SNR (decision-directed); higher is smoother."""
    noise_memory: float = field(default=0.5, metadata={"min": 0.0, "max": 1.0})
    """Share of the previous utterances' noise spectrum kept when a new pre-roll is learnt."""


class NoiseReducer:
    """Streaming noise reduction for 16 kHz mono int16 audio, one utterance at a time.

    :meth:`learn` takes non-speech audio; :meth:`start` begins an utterance; :meth:`process`
    returns cleaned audio (lagging the input by up to one hop); :meth:`flush` returns the rest.
    """

    def __init__(self, settings: DenoiseSettings | None = None) -> None:
        self.settings = settings or DenoiseSettings()
        self.noise: np.ndarray | None = None
        """Learnt noise power per frequency bin (None until some noise was heard)."""
        self.start()

    def learn(self, samples: np.ndarray) -> None:
        """Update the noise spectrum from audio known to hold no speech."""
        x = samples.astype(np.float64)
        if len(x) < FRAME:
            return
        starts = range(0, len(x) - FRAME + 1, HOP)
        frames = np.stack([x[i : i + FRAME] for i in starts]) * _WINDOW
        power = np.mean(np.abs(np.fft.rfft(frames, axis=1)) ** 2, axis=0)
        keep = self.settings.noise_memory
        self.noise = power if self.noise is None else keep * self.noise + (1 - keep) * power

    def start(self) -> None:
        """Begin a new utterance (the learnt noise is kept)."""
        self._input = np.zeros(HOP)
        self._overlap = np.zeros(HOP)
        self._skip = HOP  # the output of the padding in front of the first frame
        self._last_clean: np.ndarray | None = None

    def process(self, samples: np.ndarray) -> np.ndarray:
        """Cleaned int16 audio for ``samples`` (whole hops only; the rest waits for more)."""
        self._input = np.concatenate([self._input, samples.astype(np.float64)])
        hops = (len(self._input) - HOP) // HOP
        out = np.empty(hops * HOP)
        for k in range(hops):
            out[k * HOP : (k + 1) * HOP] = self._frame(self._input[k * HOP : k * HOP + FRAME])
        self._input = self._input[hops * HOP :]
        skipped = min(self._skip, len(out))
        self._skip -= skipped
        return np.clip(np.round(out[skipped:]), -32768, 32767).astype(np.int16)

    def flush(self) -> np.ndarray:
        """The audio still held back, cleaned; the next :meth:`process` starts a new utterance."""
        waiting = len(self._input) - HOP  # input not yet in any frame
        held = HOP + waiting - self._skip
        tail = self.process(np.zeros(2 * HOP - waiting))
        self.start()
        return tail[:held]

    def _frame(self, frame: np.ndarray) -> np.ndarray:
        spectrum = np.fft.rfft(frame * _WINDOW)
        if self.noise is not None:
            s = self.settings
            noise = s.over_subtraction * self.noise + _TINY
            posterior = np.abs(spectrum) ** 2 / noise
            previous = self._last_clean / noise if self._last_clean is not None else 1.0
            prior = s.snr_smoothing * previous + (1 - s.snr_smoothing) * np.maximum(posterior - 1.0, 0.0)
            gain = np.maximum(prior / (1.0 + prior), s.gain_floor)
            spectrum = spectrum * gain
            self._last_clean = np.abs(spectrum) ** 2
        out = np.fft.irfft(spectrum, FRAME) * _WINDOW
        done = self._overlap + out[:HOP]
        self._overlap = out[HOP:]
        return done
