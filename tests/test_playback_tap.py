"""The tap on what is played (the echo canceller's reference): 16 kHz, in step with the microphone, zeros when
nothing plays; fed by real players (RecordingPlayer) through the Player seam, on a clock the test moves."""

from __future__ import annotations

import threading

import numpy as np
import soxr

from voice_skill.audio import SPEECH_RATE, Audio
from voice_skill.tts import PlaybackTap, RecordingPlayer

RATE = 22050
"""espeak-ng's rate: what the speaker plays."""
CHUNK = 1600
"""One 100 ms microphone chunk at 16 kHz."""


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def tone(seconds: float, freq: float = 997.0, rate: int = RATE) -> Audio:
    t = np.arange(round(seconds * rate)) / rate
    return Audio((np.sin(2 * np.pi * freq * t) * 10000).astype(np.int16), rate)


def test_nothing_played_is_zeros_of_the_chunks_length() -> None:
    tap = PlaybackTap(Clock())
    for count in (CHUNK, 1599, 7):
        got = tap.take(count)
        assert got.dtype == np.int16 and len(got) == count and not got.any()
    assert not tap.ahead()


def test_a_clip_is_resampled_to_16_khz_as_one_stream() -> None:
    """In 20 ms blocks at 22050 Hz, as the player plays it: the same as resampling the whole clip at once."""
    clock = Clock()
    tap = PlaybackTap(clock)
    player = RecordingPlayer(realtime=False)
    player.attach(tap)
    audio = tone(1.0)
    tap.take(CHUNK)  # the consumer is there: position 0 is now
    assert player.play(audio, threading.Event())
    got = np.concatenate([tap.take(CHUNK) for _ in range(11)])
    whole = soxr.resample(audio.samples, RATE, SPEECH_RATE, quality="HQ").astype(np.float64)
    # The first chunk taken ended at the clip's start: the clip begins at sample 0 of what follows.
    n = len(whole)
    error = got[:n].astype(np.float64) - whole
    assert 10 * np.log10(np.sum(whole**2) / np.sum(error**2)) > 60, "seamless: no error at block boundaries"
    assert not got[n + 5 :].any(), "zeros once the clip has been played"
    assert not tap.ahead()


def test_each_chunk_gets_what_was_played_while_it_was_recorded() -> None:
    """Playback starting 0.25 s after the consumer's first chunk, and a second clip after a 0.5 s pause (the
    next sentence being synthesised): both land where they were played on the microphone's timeline."""
    clock = Clock()
    tap = PlaybackTap(clock)
    player = RecordingPlayer(realtime=False)
    player.attach(tap)
    tap.clear()
    clock.now += 0.1
    assert not tap.take(CHUNK).any()  # chunk 0: 0.0-0.1 s, nothing played
    clock.now += 0.15
    first = tone(0.5, 440.0)
    player.play(first, threading.Event())  # starts at 0.25 s
    clock.now += 1.0
    player.play(tone(0.3, 660.0), threading.Event())  # starts at 1.25 s, 0.5 s after the first ended
    taken = np.concatenate([tap.take(CHUNK) for _ in range(20)])  # 0.1-2.1 s
    loud = np.flatnonzero(np.abs(taken) > 3000) / SPEECH_RATE + 0.1
    assert abs(loud[0] - 0.25) < 0.005 and abs(loud[-1] - 1.55) < 0.005
    gap = loud[np.argmax(np.diff(loud))], loud[np.argmax(np.diff(loud)) + 1]
    assert abs(gap[0] - 0.75) < 0.005 and abs(gap[1] - 1.25) < 0.005, gap


def test_any_chunk_length_keeps_the_streams_in_step() -> None:
    """Chunks of any length, one after the other, are the same stream as one long take."""
    clock = Clock()
    odd, whole = PlaybackTap(clock), PlaybackTap(clock)
    player = RecordingPlayer(realtime=False)
    for tap in (odd, whole):
        player.attach(tap)
        tap.take(CHUNK)
    player.play(tone(0.5), threading.Event())
    sizes = [1600, 1601, 333, 4000, 17, 3000]
    parts = [odd.take(n) for n in sizes]
    assert [len(p) for p in parts] == sizes
    assert np.abs(np.concatenate(parts).astype(int) - whole.take(sum(sizes))).max() <= 2  # soxr dithers
    assert np.abs(np.concatenate(parts)).max() > 9000


def test_a_stopped_clip_ends_where_it_was_stopped() -> None:
    clock = Clock()
    tap = PlaybackTap(clock)
    player = RecordingPlayer(realtime=False)
    player.attach(tap)
    stop = threading.Event()
    stop.set()
    tap.take(CHUNK)
    assert not player.play(tone(1.0), stop)
    played = tap.take(CHUNK)
    assert np.count_nonzero(played) <= 0.025 * SPEECH_RATE, "one 20 ms block at most was handed out"
    assert not tap.ahead() and not tap.take(CHUNK).any()
    player.play(tone(0.2), threading.Event())  # the next clip is a fresh stream
    assert np.abs(tap.take(CHUNK)).max() > 3000


def test_every_tap_of_a_player_sees_the_same_audio() -> None:
    clock = Clock()
    taps = PlaybackTap(clock), PlaybackTap(clock)
    player = RecordingPlayer(realtime=False)
    for tap in taps:
        player.attach(tap)
        tap.take(CHUNK)
    player.play(tone(0.4), threading.Event())
    assert np.abs(taps[0].take(8000).astype(int) - taps[1].take(8000)).max() <= 2  # soxr dithers


def test_what_nobody_takes_is_not_kept_for_ever() -> None:
    clock = Clock()
    tap = PlaybackTap(clock, keep_s=1.0)
    player = RecordingPlayer(realtime=False)
    player.attach(tap)
    for _ in range(10):
        player.play(tone(1.0), threading.Event())
    assert tap.held <= 1.1 * SPEECH_RATE


def test_ahead_while_played_audio_waits_for_the_microphone() -> None:
    clock = Clock()
    tap = PlaybackTap(clock)
    player = RecordingPlayer(realtime=False)
    player.attach(tap)
    tap.take(CHUNK)
    player.play(tone(0.25), threading.Event())
    assert tap.ahead()
    tap.take(CHUNK)
    tap.take(CHUNK)
    assert tap.ahead()
    tap.take(CHUNK)
    assert not tap.ahead()
