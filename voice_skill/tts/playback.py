"""Playback: the :class:`Player` seam, in short blocks so that it stops at once.

The PortAudio player lives with the other device code (:mod:`voice_skill.devices.output`);
:class:`RecordingPlayer` plays nowhere, in real time, for machines without a sound card.
"""

from __future__ import annotations

import threading
import time
from abc import ABC, abstractmethod
from dataclasses import dataclass, field

import numpy as np

from ..audio import Audio

BLOCK_S = 0.02
"""Playback block length: the longest a stop waits for the current block."""


class Player(ABC):
    """Plays audio; :meth:`play` returns early (False) when ``stop`` is set."""

    @abstractmethod
    def play(self, audio: Audio, stop: threading.Event) -> bool: ...

    def close(self) -> None:  # noqa: B027 - optional hook
        """Release the device."""


def blocks(audio: Audio) -> list[np.ndarray]:
    size = max(1, round(BLOCK_S * audio.rate))
    return [audio.samples[i : i + size] for i in range(0, len(audio.samples), size)]


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
        for block in blocks(audio):
            # Wait out each block as a device would; a stop is seen before the next block.
            if stop.is_set() or (self.realtime and clip.played_samples and stop.wait(len(block) / audio.rate)):
                clip.stopped, clip.stopped_at = True, time.monotonic()
                return False
            clip.played_samples += len(block)
        return True
