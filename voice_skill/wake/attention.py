"""Attention: when the skill acts on what it hears.

On a live microphone at home nothing is acted on until asked. An utterance is admitted when

- the wake phrase ("hey helper") opens it: a :class:`~voice_skill.wake.spotter.WakeSpotter` finds it,
  and the rest of the utterance, if any, is the question;
- it follows an answer (or a bare wake phrase) within ``follow_up_s``: no wake phrase needed;
- a key was pressed just before (push-to-talk).

A kiosk in a waiting room may instead answer everything (:attr:`Trigger.ALWAYS`), as file
and standard-input listening always do. :class:`Attention` keeps this state; it does no
I/O, and its times are seconds of audio, so tests feed audio and get the same answers.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from .settings import Trigger


class Attention:
    """Whether the next utterance is acted on. Thread-safe :meth:`press` (a key thread).

    ``clock`` is the wall clock for key presses (a press counts for ``press_window_s``);
    everything else counts in seconds of audio, passed in by the listener.
    """

    def __init__(
        self,
        trigger: Trigger,
        follow_up_s: float = 8.0,
        press_window_s: float = 8.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.trigger = trigger
        self.follow_up_s = follow_up_s
        self.press_window_s = press_window_s
        self._clock = clock
        self._awake_until = float("-inf")
        self._pressed_at: float | None = None
        self._lock = threading.Lock()

    def press(self) -> None:
        """A push-to-talk key: the next utterance is acted on."""
        with self._lock:
            self._pressed_at = self._clock()

    def admits(self, start: float) -> bool:
        """Act on an utterance starting at ``start`` (seconds of audio) without a wake phrase?"""
        if self.trigger is Trigger.ALWAYS or start <= self._awake_until:
            return True
        with self._lock:
            pressed, self._pressed_at = self._pressed_at, None
        return pressed is not None and self._clock() - pressed <= self.press_window_s

    def awake(self, at: float) -> bool:
        """Whether speech at ``at`` seconds would be a follow-up (no wake phrase or key needed)."""
        return self.trigger is Trigger.ALWAYS or at <= self._awake_until

    @property
    def spots(self) -> bool:
        """Whether utterances not admitted are searched for the wake phrase."""
        return self.trigger is Trigger.WAKE

    def keep_awake(self, end: float) -> None:
        """An answer (or a bare wake phrase) ended at ``end``: follow-ups need no wake phrase."""
        if self.trigger is not Trigger.ALWAYS:
            self._awake_until = end + self.follow_up_s

    def sleep(self) -> None:
        """Close the follow-up window (goodbye, a new visitor, a new audio clock).

        A key press still counts: it is recent by construction (``press_window_s``).
        """
        self._awake_until = float("-inf")
