"""Playback: audio out to a sound device, in short blocks so that it stops at once."""

from __future__ import annotations

import importlib.util
import threading
import time
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .audio import Audio
from .synthesis import SpeechError

BLOCK_S = 0.02
"""Playback block length: the longest a stop waits for the current block."""


class Player(ABC):
    """Plays audio; :meth:`play` returns early (False) when ``stop`` is set."""

    @abstractmethod
    def play(self, audio: Audio, stop: threading.Event) -> bool: ...

    def close(self) -> None:  # noqa: B027 - optional hook
        """Release the device."""


def _blocks(audio: Audio) -> list[np.ndarray]:
    size = max(1, round(BLOCK_S * audio.rate))
    return [audio.samples[i : i + size] for i in range(0, len(audio.samples), size)]


class SoundDevicePlayer(Player):
    """PortAudio output through ``sounddevice``."""

    def __init__(self, sd: Any, device: int | str | None = None) -> None:
        self._sd = sd
        self.device = device

    def play(self, audio: Audio, stop: threading.Event) -> bool:
        try:
            with self._sd.OutputStream(
                samplerate=audio.rate, channels=1, dtype="int16", device=self.device, blocksize=0
            ) as stream:
                for block in _blocks(audio):
                    if stop.is_set():
                        stream.abort()
                        return False
                    stream.write(block.reshape(-1, 1))
        except self._sd.PortAudioError as exc:
            raise SpeechError(f"audio output failed: {exc}") from None
        return True


@dataclass
class PlayedClip:
    """What a :class:`RecordingPlayer` was asked to play, and how much of it it played."""

    audio: Audio
    played_samples: int = 0
    stopped: bool = False
    stopped_at: float | None = None
    """``time.monotonic()`` when the player noticed the stop."""


@dataclass
class RecordingPlayer(Player):
    """A player that plays nowhere, at real-time pace, and records what it did.

    For machines without a sound card (tests, CI): it measures how quickly a stop takes
    effect exactly as :class:`SoundDevicePlayer` would see it, block by block.
    """

    realtime: bool = True
    clips: list[PlayedClip] = field(default_factory=list)
    started: threading.Event = field(default_factory=threading.Event)

    def play(self, audio: Audio, stop: threading.Event) -> bool:
        clip = PlayedClip(audio)
        self.clips.append(clip)
        self.started.set()
        for block in _blocks(audio):
            # Wait out each block as a device would; a stop is seen before the next block.
            if stop.is_set() or (self.realtime and clip.played_samples and stop.wait(len(block) / audio.rate)):
                clip.stopped, clip.stopped_at = True, time.monotonic()
                return False
            clip.played_samples += len(block)
        return True


def open_output(device: int | str | None = None) -> Player | None:
    """A player for the default (or given) output device, or None when there is none.

    PortAudio and ``sounddevice`` are probed without failing: a server or container with
    no sound card gets None, and the caller shows captions instead.
    """
    if importlib.util.find_spec("sounddevice") is None:
        return None
    try:
        import sounddevice as sd
    except OSError:  # the PortAudio library is missing
        return None
    try:
        sd.query_devices(device, kind="output")
    except (sd.PortAudioError, ValueError):
        if device is not None:
            raise SpeechError(f"unknown audio output device '{device}'") from None
        return None
    return SoundDevicePlayer(sd, device)
