"""A second look before waking: the spotter proposes, a recogniser confirms on the audio around the phrase.

PocketSphinx keyword spotting hears "hey helper" in "they help her a lot" and "he is a big help"; Whisper,
given the couple of seconds around the spot, writes what was said, and the skill wakes only when that
transcript holds the phrase (:func:`holds_phrase`). The check costs one short decode per proposal, and
proposals are rare (a few an hour besides the real wakes).
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field

import numpy as np
from rapidfuzz import fuzz

from ..asr import Doubt, Recognizer
from ..audio import SPEECH_RATE
from .spotter import WakeHit, WakeSpotter, phrase_words

CONFIRM_SIMILARITY = 92.0
"""Spelling similarity (0-100, spaces ignored) for words of the transcript to count as the phrase: "Hey,
Helper." and "hey help her" (94.7) do, "they help her" (90), "the helper" (88.9) and "the helpers" (84.2)
do not."""
BEFORE_S = 0.5
"""Audio kept before the spotted phrase: the spotter's start can be late by a syllable."""
AFTER_S = 0.8
"""Audio kept after it: a late end, and the next word, which tells "hey helper" from "they help her a lot"."""
REJECTING_DOUBTS = frozenset({Doubt.NO_SPEECH, Doubt.ECHO, Doubt.REPETITIVE})
"""A transcript with one of these doubts was not speech, so it confirms nothing."""
_NOT_LETTERS = re.compile(r"[^a-z']+")


def holds_phrase(text: str, phrase: str, similarity: float = CONFIRM_SIMILARITY) -> bool:
    """Whether ``text`` holds the phrase: some run of as many words as it has (or one fewer or one more),
    joined without spaces or punctuation, spelt at least ``similarity`` like it."""
    wanted = "".join(phrase_words(phrase))
    said = [w for w in (_NOT_LETTERS.sub("", t.lower()) for t in text.split()) if w]
    size = len(phrase_words(phrase))
    for n in sorted({max(1, size - 1), size, size + 1}):
        for i in range(len(said) - n + 1):
            if fuzz.ratio("".join(said[i : i + n]), wanted) >= similarity:
                return True
    return False


@dataclass
class ConfirmedSpotter(WakeSpotter):
    """Wraps a spotter: each of its hits is decoded again by ``checker`` on the audio around it, and kept
    only when the transcript holds the phrase.

    ``checker`` is a recogniser of its own (not the question recogniser, which is biased to the skill's
    words). ``proposed``, ``confirmed`` and ``check_ms`` count what it did (the benchmark reads them).
    """

    inner: WakeSpotter
    checker: Recognizer
    proposed: int = 0
    confirmed: int = 0
    check_ms: list[float] = field(default_factory=list)
    heard: list[str] = field(default_factory=list)
    """The checker's transcript of every proposal, in order."""

    def __post_init__(self) -> None:
        self.phrase = self.inner.phrase
        self.notes = self.inner.notes
        self._audio: list[np.ndarray] = []

    def start(self) -> None:
        self._audio = []
        self.inner.start()

    def feed(self, samples: np.ndarray) -> None:
        self._audio.append(samples)
        self.inner.feed(samples)

    def finish(self) -> WakeHit | None:
        hit = self.inner.finish()
        if hit is None:
            return None
        self.proposed += 1
        audio = np.concatenate(self._audio) if self._audio else np.zeros(0, dtype=np.int16)
        self._audio = []
        began = time.perf_counter()
        first = max(0, round((hit.start - BEFORE_S) * SPEECH_RATE))
        self.checker.start()
        self.checker.feed(audio[first : round((hit.end + AFTER_S) * SPEECH_RATE)])
        transcript = self.checker.finish()
        self.check_ms.append((time.perf_counter() - began) * 1000)
        self.heard.append(transcript.text)
        if transcript.doubt in REJECTING_DOUBTS or not holds_phrase(transcript.text, self.phrase):
            return None
        self.confirmed += 1
        return hit

    def close(self) -> None:
        self.inner.close()
        self.checker.close()
