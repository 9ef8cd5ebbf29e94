"""The wake-phrase seam: a :class:`WakeSpotter` listens for the phrase in one utterance at a time.

One module per backend: PocketSphinx keyword spotting (:mod:`.pocketsphinx_spotter`) and a Vosk
grammar holding only the phrase (:mod:`.vosk_spotter`); :func:`after_wake` keeps what followed it.
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np
from rapidfuzz import fuzz

from ..asr import Recognizer, Transcript, Word

WORD_OVERLAP_S = 0.05
"""A recognised word ending this little after the wake phrase still counts as part of it."""
PHRASE_SIMILARITY = 75.0
"""Spelling similarity (0-100) for the start of a transcript to count as the wake phrase."""
_PUNCTUATION = re.compile(r"[^\w']+")


@dataclass(frozen=True)
class WakeHit:
    """The wake phrase was heard from ``start`` to ``end`` seconds within the utterance."""

    phrase: str
    start: float
    end: float
    score_exponent: float | None = None
    """How strongly the spotter heard it, as a power of ten (PocketSphinx: the phrase's likelihood over its
    phone loop's, in the units of ``wake.threshold_exponent``), or None when the spotter gives no score."""
    said_words: int = 0
    """A wake recovered from the transcript: how many of its first words (punctuation aside) were the phrase,
    however they were written ("Hey, hello, her"); 0: not known (a spot), the phrase's spelling is cut instead."""


class WakeSpotter(ABC):
    """Listens for the wake phrase in one utterance at a time (16 kHz mono int16)."""

    phrase: str = ""
    notes: tuple[str, ...] = ()
    """What the user should know about how the spotter was set up (the command line shows them)."""

    @abstractmethod
    def start(self) -> None:
        """Begin an utterance."""

    @abstractmethod
    def feed(self, samples: np.ndarray) -> None:
        """Add audio."""

    @abstractmethod
    def finish(self) -> WakeHit | None:
        """End the utterance: where the phrase was heard, or None."""

    def recover(self, transcript: Transcript) -> WakeHit | None:
        """After :meth:`finish` found nothing: where the phrase was, judged from the utterance's own transcript
        (its recogniser's), or None. Only a spotter with a second look recovers
        (:meth:`~voice_skill.wake.confirm.ConfirmedSpotter.recover`)."""
        return None

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
    phrase itself, whatever it made of it); without word times (Whisper), a leading rendering
    of the phrase is dropped from the text, however it was written ("Hey, Helper." or "hey helpa").
    """
    wanted = phrase_words(phrase)
    if transcript.words:
        kept = tuple(w for w in transcript.words if w.end > hit.end + WORD_OVERLAP_S)
        if kept and tuple(w.word for w in kept[: len(wanted)]) == wanted:
            kept = kept[len(wanted) :]
        return replace(transcript, text=" ".join(w.word for w in kept), words=kept, alternatives=())
    return replace(
        transcript,
        text=drop_words(transcript.text, hit.said_words) if hit.said_words else strip_phrase(transcript.text, wanted),
        alternatives=tuple(strip_phrase(a, wanted) for a in transcript.alternatives),
        second_opinion=tuple(strip_phrase(a, wanted) for a in transcript.second_opinion),
    )


def drop_words(text: str, count: int) -> str:
    """``text`` without its first ``count`` words (tokens of punctuation alone not counted)."""
    tokens = text.split()
    seen = 0
    for i, token in enumerate(tokens):
        if seen == count:
            return " ".join(tokens[i:])
        seen += bool(_PUNCTUATION.sub("", token))
    return ""


def strip_phrase(text: str, wanted: tuple[str, ...]) -> str:
    """``text`` without a leading rendering of the phrase ``wanted`` (compared by spelling, ignoring case
    and punctuation, over as many words as the phrase has, or one more or one fewer)."""
    tokens = text.split()
    target = " ".join(wanted)
    best, cut = 0.0, 0
    for n in {max(1, len(wanted) - 1), len(wanted), len(wanted) + 1}:
        said = " ".join(_PUNCTUATION.sub("", t.lower()) for t in tokens[:n])
        score = fuzz.ratio(said, target)
        if score > best:
            best, cut = score, n
    return " ".join(tokens[cut:]) if best >= PHRASE_SIMILARITY else text
