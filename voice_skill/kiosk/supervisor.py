"""Keeping the kiosk going: restart and back-off in one place.

A speech engine that fails is closed and reopened, and a microphone that is missing or fails is
reopened, each time after a longer wait (:class:`~voice_skill.base.Backoff`), forever. Only engine
and device failures are retried this way; anything else is a bug and is left to the caller.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import TypeVar

from ..asr import RecognizerError
from ..audio import AudioError
from ..base.backoff import Backoff
from ..devices import DeviceError

log = logging.getLogger(__name__)

T = TypeVar("T")

ENGINE_ERRORS: tuple[type[Exception], ...] = (RecognizerError,)
"""Failures of a speech engine (recogniser or wake-phrase spotter): the engines are restarted."""
DEVICE_ERRORS: tuple[type[Exception], ...] = (DeviceError, AudioError)
"""Failures of an audio source: it is reopened."""


class Supervisor:
    """Counts failures in a row and waits out the back-off before each new attempt."""

    def __init__(self, max_wait_s: float, sleep: Callable[[float], None] = time.sleep) -> None:
        self.backoff = Backoff(max_s=max_wait_s)
        self.sleep = sleep
        self.failures = 0
        """Failures since the last success."""

    def succeeded(self) -> None:
        """Things work again: the next failure waits the shortest time."""
        self.failures = 0

    def wait(self) -> float:
        """One more failure: sleep the back-off for it and return how long that was."""
        self.failures += 1
        delay = self.backoff.delay(self.failures)
        self.sleep(delay)
        return delay

    def reopen(self, open_: Callable[[], T], what: str, errors: tuple[type[Exception], ...] = ENGINE_ERRORS) -> T:
        """``open_()`` after the back-off, again and again until it works (only ``errors`` are retried)."""
        while True:
            delay = self.wait()
            try:
                return open_()
            except errors as exc:
                log.error(
                    "%s did not start (%s); retrying in up to %g s", what, exc, self.backoff.delay(self.failures + 1)
                )
                log.debug("waited %g s before that attempt", delay)

    def keep_running(
        self,
        step: Callable[[], None],
        errors: tuple[type[Exception], ...] = DEVICE_ERRORS,
        on_failure: Callable[[Exception], None] | None = None,
    ) -> None:
        """Run ``step`` again and again, forever: after it fails with one of ``errors`` (a microphone that is
        missing or fails), tell ``on_failure`` and wait out the back-off first; after it returns, start again at
        once."""
        while True:
            try:
                step()
            except errors as exc:
                log.error("%s; retrying in %g s", exc, self.backoff.delay(self.failures + 1))
                if on_failure is not None:
                    on_failure(exc)
                self.wait()
            else:
                self.succeeded()
