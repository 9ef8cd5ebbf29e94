"""Attention: when the skill acts on what it hears.

On a live microphone at home nothing is acted on until asked. An utterance is admitted when

- the wake phrase ("hey helper") opens it: a :class:`WakeSpotter` (the recogniser's keyword
  spotting, or a grammar holding only the phrase) finds it, and the rest of the utterance,
  if any, is the question;
- it follows an answer (or a bare wake phrase) within ``follow_up_s``: no wake phrase needed;
- a key was pressed just before (push-to-talk).

A kiosk in a waiting room may instead answer everything (:attr:`Trigger.ALWAYS`), as file
and standard-input listening always do. :class:`Attention` keeps this state; it does no
I/O, and its times are seconds of audio, so tests feed audio and get the same answers.
"""

from __future__ import annotations

import threading
import time
from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum

import numpy as np

from .recognize import Recognizer, Transcript, Word

WORD_OVERLAP_S = 0.05
"""A recognised word ending this little after the wake phrase still counts as part of it."""


class Trigger(StrEnum):
    """What makes the skill act on an utterance."""

    ALWAYS = "always"
    """Every utterance (files, standard input, a kiosk in continuous mode)."""
    WAKE = "wake"
    """The wake phrase, or a follow-up soon after an answer."""
    PUSH = "push"
    """A key press (push-to-talk), or a follow-up soon after an answer."""


@dataclass(frozen=True)
class WakeHit:
    """The wake phrase was heard from ``start`` to ``end`` seconds within the utterance."""

    phrase: str
    start: float
    end: float


class WakeSpotter(ABC):
    """Listens for the wake phrase in one utterance at a time (16 kHz mono int16)."""

    phrase: str = ""

    @abstractmethod
    def start(self) -> None:
        """Begin an utterance."""

    @abstractmethod
    def feed(self, samples: np.ndarray) -> None:
        """Add audio."""

    @abstractmethod
    def finish(self) -> WakeHit | None:
        """End the utterance: where the phrase was heard, or None."""

    def close(self) -> None:  # noqa: B027 - optional hook
        """Release the engine."""


def phrase_words(phrase: str) -> tuple[str, ...]:
    return tuple(phrase.lower().split())


def find_phrase(words: Sequence[Word], phrase: str) -> WakeHit | None:
    """The first place ``words`` hold the phrase, word for word."""
    wanted = phrase_words(phrase)
    heard = [w.word.lower() for w in words]
    for i in range(len(heard) - len(wanted) + 1):
        if tuple(heard[i : i + len(wanted)]) == wanted:
            return WakeHit(phrase, words[i].start, words[i + len(wanted) - 1].end)
    return None


class GrammarSpotter(WakeSpotter):
    """A recogniser restricted to the phrase (and ``[unk]``): a hit is the phrase in its words.

    Used for Vosk, whose runtime grammar makes a small keyword spotter of the model.
    """

    def __init__(self, recognizer: Recognizer, phrase: str) -> None:
        self.recognizer = recognizer
        self.phrase = phrase

    def start(self) -> None:
        self.recognizer.start()

    def feed(self, samples: np.ndarray) -> None:
        self.recognizer.feed(samples)

    def finish(self) -> WakeHit | None:
        return find_phrase(self.recognizer.finish().words, self.phrase)

    def close(self) -> None:
        self.recognizer.close()


def after_wake(transcript: Transcript, hit: WakeHit, phrase: str) -> Transcript:
    """The question that followed the wake phrase in the same utterance ("hey helper, is ...").

    Words that end before the phrase does are dropped (the recogniser's rendering of the
    phrase itself, whatever it made of it); without word times, a leading copy of the
    phrase is dropped from the text.
    """
    wanted = phrase_words(phrase)
    if transcript.words:
        kept = tuple(w for w in transcript.words if w.end > hit.end + WORD_OVERLAP_S)
        if kept and tuple(w.word for w in kept[: len(wanted)]) == wanted:
            kept = kept[len(wanted) :]
        return Transcript(" ".join(w.word for w in kept), kept, transcript.confidence)

    def strip(text: str) -> str:
        tokens = text.split()
        return " ".join(tokens[len(wanted) :]) if tuple(tokens[: len(wanted)]) == wanted else text

    return Transcript(
        strip(transcript.text), (), transcript.confidence, alternatives=tuple(strip(a) for a in transcript.alternatives)
    )


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
