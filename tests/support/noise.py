"""The one noise generator: white, pink (1/f) and babble (other people talking), mixed at an SNR.

The SNR is relative to the speech's active level (:func:`active_power`: the samples above 5 % of the
peak, so pauses do not count). Babble is four flite voices saying unrelated everyday sentences, so no
domain word leaks in. Every function takes a seeded ``numpy`` generator: the same seed gives the same noise.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from voice_skill.audio import SPEECH_RATE, Audio

from .speech import Speaks, to_audio

NOISE_KINDS = ("white", "pink", "babble")
BABBLE_VOICES = ("kal16", "slt", "rms", "awb")
BABBLE_GAP_S = 0.15
BABBLE_SENTENCES = (
    "The weather should turn sunny by the weekend after a rainy week.",
    "Add a pinch of salt and let the soup simmer for twenty minutes.",
    "Our train leaves the station at half past eight in the morning.",
    "The home team scored twice in the second half and won the match.",
    "It might snow in the mountains tonight so bring a warm coat.",
    "Chop the onions finely and fry them until they turn golden.",
    "We booked a small hotel near the harbour for three nights.",
    "The cyclists climbed the long hill before the final sprint.",
    "A strong wind is blowing from the west across the open fields.",
    "Bake the bread in a hot oven until the crust sounds hollow.",
    "The flight was delayed because of fog at the airport.",
    "She swam ten lengths of the pool before breakfast every day.",
    "Bring an umbrella because the clouds are getting darker.",
    "The market sells fresh tomatoes, peppers and sweet apples.",
    "He packed his suitcase and checked the map one more time.",
    "The tennis final went to five sets and lasted four hours.",
)


@dataclass(frozen=True)
class Noise:
    """A listening condition: ``clean``, or a kind of noise at ``snr`` dB."""

    kind: str
    snr: float | None = None

    @property
    def name(self) -> str:
        return self.kind if self.snr is None else f"{self.kind}:{self.snr:g}"

    @property
    def slug(self) -> str:
        if self.snr is None:
            return self.kind
        return f"{self.kind}{self.snr:g}".replace("-", "m").replace(".", "p")


def active_power(samples: np.ndarray) -> float:
    """Mean power of the samples above 5 % of the peak (the speech, not the pauses)."""
    peak = float(np.abs(samples).max()) if len(samples) else 0.0
    if peak == 0:
        return 0.0
    active = samples[np.abs(samples) > 0.05 * peak]
    return float(np.mean(active**2))


def db_power(dbfs: float) -> float:
    """The mean power of int16-scaled samples at ``dbfs``."""
    return 32768.0**2 * 10 ** (dbfs / 10)


def scaled(samples: np.ndarray, dbfs: float) -> np.ndarray:
    """``samples`` scaled so that their active level (:func:`active_power`) is ``dbfs``."""
    out: np.ndarray = samples * np.sqrt(db_power(dbfs) / max(active_power(samples), 1e-9))
    return out


def white(rng: np.random.Generator, n: int) -> np.ndarray:
    return rng.standard_normal(n)


def pink(rng: np.random.Generator, n: int) -> np.ndarray:
    spectrum = np.fft.rfft(rng.standard_normal(n))
    spectrum /= np.sqrt(np.maximum(1, np.arange(len(spectrum))))
    spectrum[0] = 0
    return np.fft.irfft(spectrum, n)


def babble(rng: np.random.Generator, n: int, synth: Speaks) -> np.ndarray:
    """Four flite voices, each saying a shuffled run of unrelated sentences, summed."""
    total = np.zeros(n)
    gap = np.zeros(round(BABBLE_GAP_S * SPEECH_RATE))
    for voice in BABBLE_VOICES:
        order = rng.permutation(len(BABBLE_SENTENCES))
        pieces: list[np.ndarray] = []
        length, i = 0, 0
        offset = int(rng.integers(0, SPEECH_RATE))  # start each talker somewhere inside its stream
        while length < n + offset:
            speech = synth.speak(BABBLE_SENTENCES[order[i % len(order)]], voice)
            speech = speech / np.sqrt(max(active_power(speech), 1e-9))
            pieces += [speech, gap]
            length += len(speech) + len(gap)
            i += 1
        total += np.concatenate(pieces)[offset : offset + n]
    return total


def noise_of(kind: str, rng: np.random.Generator, n: int, synth: Speaks | None = None) -> np.ndarray:
    """``n`` samples of ``kind`` noise at an arbitrary level (babble needs a synthesiser)."""
    if kind == "white":
        return white(rng, n)
    if kind == "pink":
        return pink(rng, n)
    if kind == "babble":
        if synth is None:
            raise ValueError("babble noise needs a synthesiser")
        return babble(rng, n, synth)
    raise ValueError(f"unknown noise {kind!r}: choose from {', '.join(NOISE_KINDS)}")


def mix(speech: np.ndarray, noise: Noise, rng: np.random.Generator, synth: Speaks | None = None) -> np.ndarray:
    """``speech`` (float samples) with ``noise`` added at its SNR; clean speech is returned as it is."""
    if noise.snr is None:
        return speech
    sound = noise_of(noise.kind, rng, len(speech), synth)
    sound_power = float(np.mean(sound**2))
    if sound_power <= 0:
        return speech
    sound *= np.sqrt(active_power(speech) / (10 ** (noise.snr / 10)) / sound_power)
    mixed: np.ndarray = speech + sound
    return mixed


def with_noise(audio: Audio, snr_db: float, seed: int = 0, kind: str = "white", synth: Speaks | None = None) -> Audio:
    """``audio`` with ``kind`` noise mixed in at ``snr_db``, reproducibly (``seed``)."""
    rng = np.random.default_rng(seed)
    return to_audio(mix(audio.samples.astype(np.float64), Noise(kind, snr_db), rng, synth))
