"""Playback: the :class:`Player` seam, in short blocks so that it stops at once.

The PortAudio player lives with the other device code (:mod:`voice_skill.devices.output`);
:class:`RecordingPlayer` plays nowhere, in real time, for machines without a sound card. Every player
plays through :meth:`Player.blocks`, which shows each block to the player's taps
(:class:`~voice_skill.tts.tap.PlaybackTap`: the echo canceller's reference) as it is handed out.
"""

from __future__ import annotations

import threading
import time
from abc import ABC, abstractmethod
from collections.abc import Generator
from contextlib import closing
from dataclasses import dataclass, field

import numpy as np

from ..audio import Audio
from .tap import PlaybackTap

BLOCK_S = 0.02
"""Playback block length: the longest a stop waits for the current block."""


class Player(ABC):
    """Plays audio; :meth:`play` returns early (False) when ``stop`` is set.

    Implementations play the blocks of :meth:`blocks`, so that the taps see what is played.
    """

    taps: tuple[PlaybackTap, ...] = ()

    @abstractmethod
    def play(self, audio: Audio, stop: threading.Event) -> bool: ...

    def attach(self, tap: PlaybackTap) -> None:
        """Show every block played from now on to ``tap``."""
        self.taps = (*self.taps, tap)

    def blocks(self, audio: Audio) -> Generator[np.ndarray, None, None]:
        """``audio`` in playback blocks, each shown to the taps as the player takes it to play; the taps
        hear that the clip ended when the player is done with it (played out, or stopped)."""
        try:
            for block in blocks(audio):
                for tap in self.taps:
                    tap.played(block, audio.rate)
                yield block
        finally:
            for tap in self.taps:
                tap.ended()

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
    buffer_s: float = 0.0
    """Audio taken to be played this far ahead of time, as a sound card's output buffer is filled ahead (the
    taps see it then); a stop still takes effect at the next block."""
    clips: list[PlayedClip] = field(default_factory=list)
    started: threading.Event = field(default_factory=threading.Event)

    def play(self, audio: Audio, stop: threading.Event) -> bool:
        clip = PlayedClip(audio)
        self.clips.append(clip)
        self.started.set()
        began = time.monotonic()
        with closing(self.blocks(audio)) as played:
            for block in played:
                # Wait out each block as a device would, on the clip's own clock (waiting block by block would fall
                # behind real time by the loop's overhead); a stop is seen before the next block.
                due = began + clip.played_samples / audio.rate - self.buffer_s
                if stop.is_set() or (self.realtime and stop.wait(max(0.0, due - time.monotonic()))):
                    clip.stopped, clip.stopped_at = True, time.monotonic()
                    return False
                clip.played_samples += len(block)
        return True
