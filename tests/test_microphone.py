"""The microphone seam, with a stand-in for sounddevice (CI has no microphone)."""

from __future__ import annotations

import threading

import numpy as np
import pytest

from voice_skill import Skill
from voice_skill.base.errors import SkillError
from voice_skill.devices import Microphone
from voice_skill.pipeline import Listener

from .support import join, silence, speak


class FakePortAudioError(Exception):
    pass


class FakeStream:
    """Calls the callback from its own thread with 0.1 s blocks, like PortAudio does."""

    def __init__(self, sd: FakeSoundDevice, samplerate: int, blocksize: int, callback, **_: object) -> None:
        self.sd, self.rate, self.block, self.callback = sd, samplerate, blocksize, callback
        self.active = False
        self._thread = threading.Thread(target=self._run, daemon=True)

    def start(self) -> None:
        self.active = True
        self.sd.opened += 1
        self._thread.start()

    def _run(self) -> None:
        audio = self.sd.script.pop(0)
        for i in range(0, len(audio), self.block):
            self.callback(audio[i : i + self.block].tobytes(), self.block, None, None)
        self.active = False  # the device went away (or the script ended)

    def close(self) -> None:
        self.active = False


class FakeSoundDevice:
    PortAudioError = FakePortAudioError

    def __init__(self, script: list[np.ndarray], rate: int = 16000, present: bool = True) -> None:
        self.script, self.rate, self.present, self.opened = script, rate, present, 0

    def query_devices(self, device=None, kind=None):
        if not self.present:
            raise FakePortAudioError("Error querying device -1")
        return {"name": "fake mic", "default_samplerate": self.rate, "max_input_channels": 1}

    def RawInputStream(self, **kwargs):
        if not self.script:
            raise FakePortAudioError("Device unavailable")
        return FakeStream(self, **kwargs)


def test_no_microphone_is_one_clear_error() -> None:
    with pytest.raises(SkillError, match=r"no microphone .* found; 'voice-skill devices' lists inputs"):
        Microphone(sd=FakeSoundDevice([], present=False))


@pytest.mark.engine
@pytest.mark.slow
def test_live_audio_is_answered_and_a_lost_device_is_reopened(skill: Skill, monkeypatch) -> None:
    monkeypatch.setattr("voice_skill.devices.microphone.time.sleep", lambda s: None)
    first = join(silence(0.5), speak("what is an hsg"), silence(1.0)).samples
    second = join(silence(0.5), speak("i have a fever"), silence(1.0)).samples
    sd = FakeSoundDevice([first, second])
    problems: list[str] = []
    mic = Microphone(sd=sd, on_problem=problems.append, retries=1)
    from voice_skill.asr import domain_text
    from voice_skill.asr.pocketsphinx_engine import PocketSphinxRecognizer
    from voice_skill.intent import builtin_intent_dir

    recognizer = PocketSphinxRecognizer(domain_text(skill.intents), builtin_intent_dir() / "pronunciations.dict")
    listener = Listener(recognizer, skill.conversation(), skill.intents.normalizer)
    heard = []
    with pytest.raises(SkillError, match="the microphone failed 2 times"):
        for h in listener.run(mic.chunks(), "fake mic"):
            heard.append(h.response.intent)
    assert heard == ["what_is_hsg", "urgent_fever_infection"]
    assert sd.opened == 2 and len(problems) == 2 and all("retrying" in p for p in problems)


@pytest.mark.slow
def test_a_48_khz_microphone_is_resampled_at_the_boundary() -> None:
    tone = (np.sin(2 * np.pi * 440 * np.arange(48000) / 48000) * 8000).astype(np.int16)
    mic = Microphone(sd=FakeSoundDevice([tone], rate=48000), retries=0)
    chunks = []
    with pytest.raises(SkillError):
        for chunk in mic.chunks():
            chunks.append(chunk)
    assert sum(len(c) for c in chunks) == pytest.approx(16000, abs=20)


def test_audio_heard_while_speaking_is_discarded() -> None:
    mic = Microphone(sd=FakeSoundDevice([np.zeros(16000, dtype=np.int16)]), retries=0)
    for _ in range(3):
        mic._callback(b"\x00\x01" * 800, 800, None, None)
    mic.discard_pending()
    assert mic._queue.empty()
    mic.stop()
    mic.discard_pending()
    assert mic._queue.get_nowait() is None, "a stop request survives"


def test_the_microphone_tells_when_each_chunk_was_delivered() -> None:
    """The listening loop lines the microphone up with the loudspeaker by it (voice_skill/duplex.py)."""
    import time

    mic = Microphone(sd=FakeSoundDevice([np.zeros(16000, dtype=np.int16)]), retries=0)
    assert mic.chunk_ended_at is None
    before = time.monotonic()
    chunks = mic.chunks()
    next(chunks)
    first = mic.chunk_ended_at
    assert first is not None and before <= first <= time.monotonic()
    next(chunks)
    assert mic.chunk_ended_at is not None and mic.chunk_ended_at >= first
    mic.stop()


class StopAfterScript(FakeSoundDevice):
    """Ends the session (as Ctrl-C would) once the script has been played and the device is reopened."""

    def RawInputStream(self, **kwargs):
        if not self.script:
            raise KeyboardInterrupt
        return super().RawInputStream(**kwargs)


@pytest.mark.engine
@pytest.mark.slow
def test_hands_free_listening_acts_only_after_the_wake_phrase(cli, monkeypatch) -> None:
    audio = join(
        silence(0.5), speak("is cramping normal after the test", "slt"), silence(1.0),
        speak("hey helper, i have a fever and chills", "slt"), silence(1.0),
    ).samples  # fmt: skip
    sd = StopAfterScript([audio])
    monkeypatch.setattr("voice_skill.devices.microphone.open_sounddevice", lambda: sd)
    monkeypatch.setattr("voice_skill.devices.microphone.time.sleep", lambda s: None)
    result = cli("listen", "--json", "--no-speak")
    assert result.code == 130
    answers = [line for line in result.out.splitlines() if line.startswith("{")]
    assert len(answers) == 1 and '"intent": "urgent_fever_infection"' in answers[0]
    assert "say 'hey helper' to ask a question" in result.err


@pytest.mark.engine
@pytest.mark.slow
def test_kiosk_on_a_microphone_that_vanishes_keeps_answering(cli, monkeypatch) -> None:
    first = join(silence(0.5), speak("is cramping normal after the test", "slt"), silence(1.0)).samples
    second = join(silence(0.5), speak("i have a fever and chills", "slt"), silence(1.0)).samples
    sd = StopAfterScript([first, second])
    monkeypatch.setattr("voice_skill.devices.microphone.open_sounddevice", lambda: sd)
    monkeypatch.setattr("voice_skill.devices.microphone.time.sleep", lambda s: None)
    result = cli("kiosk", "--no-speak", "--no-captions")
    assert result.code == 130
    assert "intent=cramping" in result.err and "intent=urgent_fever_infection" in result.err
    assert "microphone problem" in result.err and "retrying" in result.err
    assert sd.opened == 2


def _snr_db(reference: np.ndarray, got: np.ndarray) -> float:
    n = min(len(reference), len(got))
    ref, out = reference[:n].astype(np.float64), got[:n].astype(np.float64)
    return float(10 * np.log10(np.sum(ref**2) / max(np.sum((ref - out) ** 2), 1e-9)))


@pytest.mark.slow
@pytest.mark.parametrize("rate", [48000, 44100])
def test_the_microphone_resamples_as_one_stream_not_block_by_block(rate: int) -> None:
    """A tone whose period does not line up with the 100 ms blocks: block-by-block resampling puts an error at
    every block boundary (about 41 dB SNR against resampling the whole signal); a stream is seamless."""
    import soxr

    seconds = 2.0
    t = np.arange(round(seconds * rate)) / rate
    tone = (np.sin(2 * np.pi * 997.0 * t) * 12000).astype(np.int16)
    whole = soxr.resample(tone, rate, 16000, quality="HQ")
    mic = Microphone(sd=FakeSoundDevice([tone], rate=rate), retries=0)
    chunks = []
    with pytest.raises(SkillError):
        for chunk in mic.chunks():
            chunks.append(chunk)
    streamed = np.concatenate(chunks)
    assert abs(len(streamed) - len(whole)) <= 2
    edge = 800  # the filter's start-up at the very beginning and end is the same either way
    assert _snr_db(whole[edge:-edge], streamed[edge:-edge]) > 80
    blockwise = np.concatenate(
        [soxr.resample(tone[i : i + rate // 10], rate, 16000, quality="HQ") for i in range(0, len(tone), rate // 10)]
    )
    assert _snr_db(whole[edge:-edge], blockwise[edge:-edge]) < 60, "the check can tell the two apart"
