"""A tap on what is played: the skill's own voice at 16 kHz, in step with the microphone, for the echo canceller.

The player hands every block it plays to its taps (:meth:`PlaybackTap.played`, on the speaker's worker thread);
the listening loop takes, for each microphone chunk, as many samples as the chunk holds (:meth:`PlaybackTap.take`,
on its own thread): what was played while the microphone recorded that chunk, zeros where nothing played.

Both are continuous streams on the wall clock. A clip (one sentence, an earcon) is converted to 16 kHz as one
stream (:class:`~voice_skill.audio.StreamResampler`) and placed on the tap's timeline where it started to play;
the consumer's position is anchored once, at its first chunk after :meth:`PlaybackTap.clear`, and then advances
by the samples it takes. So the pauses between sentences (while the next one is synthesised) are silence in the
reference exactly as long as they were, and the echo canceller sees one constant echo path through the answer.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import numpy as np

from ..audio import SPEECH_RATE, StreamResampler

KEEP_S = 5.0
"""Played audio kept for a consumer that has not taken it yet (a consumer further behind gets zeros)."""


class PlaybackTap:
    """What the player played, at 16 kHz mono int16, taken in step with the microphone. Thread-safe."""

    def __init__(self, clock: Callable[[], float] = time.monotonic, keep_s: float = KEEP_S) -> None:
        self._clock = clock
        self._keep = round(keep_s * SPEECH_RATE)
        self._lock = threading.Lock()
        self._origin = clock()
        """Wall time of position 0 on the timeline."""
        self._placed: list[tuple[int, np.ndarray]] = []
        """Played audio not yet taken: (position, samples), in order, not overlapping."""
        self._head: int | None = None
        """Where the clip being played continues; None between clips."""
        self._end = 0
        """Where the last audio placed ends."""
        self._taken: int | None = None
        """The consumer's position; None until its first :meth:`take` after :meth:`clear`."""
        self._resampler: StreamResampler | None = None

    def _now(self) -> int:
        return round((self._clock() - self._origin) * SPEECH_RATE)

    def clear(self) -> None:
        """Start afresh (before the skill speaks): drop what was played, and re-anchor the consumer."""
        with self._lock:
            origin = self._clock()
            shift = round((origin - self._origin) * SPEECH_RATE)
            self._origin = origin
            self._placed, self._end, self._taken = [], 0, None
            if self._head is not None:  # a clip is playing: it goes on where it is now (or ahead)
                self._head = max(0, self._head - shift)

    # -- the player's side (the speaker's worker thread) --------------------------------------------

    def played(self, block: np.ndarray, rate: int) -> None:
        """The player starts playing ``block`` (int16 at ``rate`` Hz), right after the previous one of its clip."""
        with self._lock:
            if self._resampler is None or self._resampler.in_rate != rate or self._head is None:
                self._resampler = StreamResampler(rate, SPEECH_RATE)
                self._head = max(self._now(), self._end)
            self._place(self._resampler.process(np.asarray(block, dtype=np.int16)))

    def ended(self) -> None:
        """The clip ended (played to its end, or stopped)."""
        with self._lock:
            if self._resampler is not None and self._head is not None:
                self._place(self._resampler.flush())
            self._resampler, self._head = None, None

    def _place(self, samples: np.ndarray) -> None:
        assert self._head is not None
        if len(samples):
            self._placed.append((self._head, samples))
            self._head += len(samples)
            self._end = self._head
        # Nobody takes it (half-duplex, or a consumer far behind): keep only the last ``keep_s``.
        oldest = self._end - self._keep
        while self._placed and self._placed[0][0] + len(self._placed[0][1]) <= oldest:
            self._placed.pop(0)

    # -- the microphone's side (the listening loop) -------------------------------------------------

    def take(self, count: int, ended_at: float | None = None) -> np.ndarray:
        """The ``count`` samples played while the microphone recorded its latest ``count`` samples, which ended at
        ``ended_at`` (on the tap's clock; None: now). Only the first chunk after :meth:`clear` is placed by its
        time: the ones after it follow it sample by sample, as the microphone's stream does."""
        out = np.zeros(count, dtype=np.int16)
        with self._lock:
            if self._taken is None:
                ended = self._clock() if ended_at is None else ended_at
                self._taken = round((ended - self._origin) * SPEECH_RATE) - count
            start, stop = self._taken, self._taken + count
            kept = []
            for position, samples in self._placed:
                end = position + len(samples)
                lo, hi = max(start, position), min(stop, end)
                if lo < hi:
                    out[lo - start : hi - start] = samples[lo - position : hi - position]
                if end > stop:
                    kept.append((position, samples))
            self._placed = kept
            self._taken = stop
        return out

    @property
    def held(self) -> int:
        """Samples of played audio held for the consumer."""
        with self._lock:
            return sum(len(samples) for _, samples in self._placed)

    def ahead(self) -> bool:
        """Whether audio was played that the consumer has not taken yet (the loudspeaker still sounds it)."""
        with self._lock:
            return bool(self._placed) and (self._taken is None or self._end > self._taken)
