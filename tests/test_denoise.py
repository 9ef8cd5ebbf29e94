"""Noise reduction before recognition: transparent without noise, quieter noise, speech kept."""

from __future__ import annotations

import numpy as np
import pytest

from voice_skill import Config, Skill
from voice_skill.asr import domain_text
from voice_skill.asr.pocketsphinx_engine import PocketSphinxRecognizer
from voice_skill.audio import chunked
from voice_skill.audio.denoise import HOP, DenoiseSettings, NoiseReducer
from voice_skill.intent import builtin_intent_dir
from voice_skill.pipeline import Listener

from .support import join, silence, speak, with_noise

pytestmark = pytest.mark.engine


def stream(reducer: NoiseReducer, samples: np.ndarray, chunk: int) -> np.ndarray:
    reducer.start()
    parts = [reducer.process(samples[i : i + chunk]) for i in range(0, len(samples), chunk)]
    return np.concatenate([*parts, reducer.flush()])


def pink(seconds: float, level: float, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    spectrum = np.fft.rfft(rng.standard_normal(round(16000 * seconds)))
    spectrum /= np.sqrt(np.maximum(1, np.arange(len(spectrum))))
    noise = np.fft.irfft(spectrum)
    return noise * level / noise.std()


@pytest.mark.parametrize("length", [1, 100, HOP, 1000, 4800, 12345])
@pytest.mark.parametrize("chunk", [480, 1600])
def test_without_learnt_noise_audio_passes_through_unchanged(length, chunk) -> None:
    samples = (np.random.default_rng(length).standard_normal(length) * 3000).astype(np.int16)
    assert np.array_equal(stream(NoiseReducer(), samples, chunk), samples)


def test_digital_silence_as_noise_changes_nothing() -> None:
    reducer = NoiseReducer()
    reducer.learn(np.zeros(4800, dtype=np.int16))
    samples = (np.random.default_rng(1).standard_normal(8000) * 3000).astype(np.int16)
    assert np.array_equal(stream(reducer, samples, 1600), samples)


def test_learnt_noise_is_taken_out_and_a_tone_kept() -> None:
    t = np.arange(16000 * 2) / 16000
    tone = 6000 * np.sin(2 * np.pi * 440 * t)
    noise = pink(2.5, 1500, seed=3)
    reducer = NoiseReducer()
    reducer.learn(noise[:4800].astype(np.int16))
    noisy = np.clip(np.round(tone + noise[8000:]), -32768, 32767).astype(np.int16)
    clean = stream(reducer, noisy, 1600).astype(np.float64)
    assert len(clean) == len(noisy)
    middle = slice(1600, -1600)
    residual = clean[middle] - tone[middle]
    before = 10 * np.log10(np.mean(noise[8000:][middle] ** 2) / np.mean(tone**2))
    after = 10 * np.log10(np.mean(residual**2) / np.mean(tone**2))
    assert after < before - 6  # the noise is at least 6 dB quieter against the tone


def test_chunk_size_does_not_change_the_output() -> None:
    noise = pink(1.0, 1000, seed=5)
    reducer = NoiseReducer()
    reducer.learn(noise[:4800].astype(np.int16))
    samples = np.round(noise[4800:] + 4000 * np.sin(np.arange(11200) / 7)).astype(np.int16)
    assert np.array_equal(stream(reducer, samples, 480), stream(reducer, samples, 1600))


def test_noise_memory_blends_utterances() -> None:
    reducer = NoiseReducer(DenoiseSettings(noise_memory=0.5))
    reducer.learn(pink(0.3, 1000, seed=1).astype(np.int16))
    first = reducer.noise
    assert first is not None
    reducer.learn(np.zeros(4800, dtype=np.int16))
    assert reducer.noise is not None
    assert np.allclose(reducer.noise, first / 2)


def test_the_listener_denoises_by_default_and_the_config_can_turn_it_off(skill: Skill) -> None:
    recognizer = PocketSphinxRecognizer(domain_text(skill.intents), builtin_intent_dir() / "pronunciations.dict")
    assert Listener(recognizer, skill.conversation(), skill.intents.normalizer).denoiser is not None
    off = Config.from_yaml("listen:\n  denoise:\n    enabled: false\n").listen.denoise
    assert Listener(recognizer, skill.conversation(), skill.intents.normalizer, denoise=off).denoiser is None
    audio = with_noise(join(silence(0.6), speak("i have a fever after my hsg", "slt"), silence(1.0)), 15, seed=11)
    listener = Listener(recognizer, skill.conversation(), skill.intents.normalizer)
    [heard] = listener.run(chunked(audio.samples), "test")
    assert heard.response.urgent
