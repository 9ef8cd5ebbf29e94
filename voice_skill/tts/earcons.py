"""Earcons: short tones that mark when the skill starts and stops listening."""

from __future__ import annotations

import numpy as np

from ..audio import Audio

EARCON_RATE = 22050


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
