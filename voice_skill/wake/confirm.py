"""A second look before waking: the spotter proposes, Whisper confirms on the audio around the phrase.

PocketSphinx keyword spotting hears "hey helper" in "they help her a lot" and "he is a big help". Given the
couple of seconds around the spot, Whisper (the built-in tiny.en) checks it one of two ways:

- :class:`ScoreCheck` (``wake.confirm: score``): how likely the phrase itself is as the start of what was
  said (its tokens' probabilities, forced on the audio); the skill wakes when that is at least
  ``wake.confirm_log_prob`` per word. The phrase can score well where Whisper's own transcript leaves it
  out or misspells it ("The helper is ..."), and a near miss ("They help her") scores low on its first
  word;
- :class:`TranscriptCheck` (``wake.confirm: whisper``): Whisper writes what was said, and the skill wakes
  only when that transcript holds the phrase (:func:`holds_phrase`).

Either costs one short pass of the model per proposal, and proposals are rare (a few an hour besides the
real wakes).
"""

from __future__ import annotations

import itertools
import re
import time
from abc import ABC, abstractmethod
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from ..asr import Doubt, Recognizer, Transcript
from ..audio import SPEECH_RATE
from .spotter import WakeHit, WakeSpotter, phrase_words

if TYPE_CHECKING:
    from ..asr.whisper_engine import WhisperRecognizer

CONFIRM_SIMILARITY = 92.0
"""Spelling similarity (0-100, spaces ignored) for words of the transcript to count as the phrase: "Hey,
Helper." and "hey help her" (94.7) do, "they help her" (90), "the helper" (88.9) and "the helpers" (84.2)
do not."""
BEFORE_S = 0.5
"""Audio kept before the spotted phrase: the spotter's start can be late by a syllable."""
AFTER_S = 0.8
"""Audio kept after it: a late end, and the next word, which tells "hey helper" from "they help her a lot"."""
CONFIRM_LOG_PROB = -1.5
"""The default least average log-probability per word of the phrase, forced on the audio, for
:class:`ScoreCheck` to confirm (e^-1.5: about 0.22 a word). Chosen by the wake benchmark
(benchmarks/wake.py, docs/benchmarks.md): the most wakes at no more than 1 false wake an hour on the
pessimistic hour of talk (-1.0 woke on fewer, with none). Real wakes by slt and rms score about -0.1 to
-0.75 a word; "hey Heather" and "hey how are you" -1.35 to -1.5 (the spotter seldom proposes them),
"he helped her" -1.6 to -2.3, "they help her a lot" -2.7 and lower."""
CONFIRM_SPOTTER_EXPONENT = 10.0
"""The default spotter score (a power of ten) from which a spot counts as heard strongly, so that the phrase needs
only :data:`CONFIRM_STRONG_LOG_PROB` (``wake.confirm_spotter_exponent``). Chosen on the wake benchmark's tuning
half (docs/benchmarks.md, fusing the spotter's score): flite's kal16 says "hey helper" so that Whisper hears "hey
hello" (-1.6 to -2.6 a word) while PocketSphinx often hears it strongly (1e3 to 1e16); near misses it hears that
strongly scored -2.8 and lower, but "helper" alone by rms -2.0 at 1e8.6, which is why the level is not lower."""
CONFIRM_STRONG_LOG_PROB = -2.7
"""The default least average log-probability per word for a spot the spotter heard strongly
(``wake.confirm_strong_log_prob``)."""
CONFIRM_STRONG_FIRST_LOG_PROB = -2.5
"""The default least log-probability of the phrase's first word alone ("Hey") for such a spot
(``wake.confirm_strong_first_log_prob``): "helper" said alone and clearly scores -1.9 to -2.7 a word and is spotted
at 1e15 to 1e28, but its missing "Hey" scores -2.8 to -5.0; the real wakes the fusion takes on the wake benchmark's
tuning half score -0.65 to -2.28 (docs/benchmarks.md)."""
LEAD_INS = ("Hey,", "Um,", "Uh,", "Okay,", "Oh,", "So,")
"""Filler words said before the phrase ("um, hey helper", "hey, hey helper"): when the phrase does not score
well enough as the start, it is scored again after each of these that Whisper hears there."""
LEAD_IN_LOG_PROB = -3.0
"""The least log-probability of a filler word as the start for the phrase to be scored after it: a filler
that is said scores -0.5 to -2.7, one that is not -5 and lower (flite voices, docs/benchmarks.md). Without
this, "Okay," taken as the start of "hey Heather" would leave "hey helper" likelier than it is."""
RECOVER_LOG_PROB = -1.25
"""The default least average log-probability per word of the phrase for a wake the spotter missed but the
utterance's own transcript opens with (:meth:`ConfirmedSpotter.recover`, ``wake.recover_log_prob``). With the sound
gate and spots the check turned away tried again (the defaults), -1.25 woke the wake benchmark's tuning voices 94.7%
/ 91.8% (quiet / 15 dB, full set) against 93.0% / 91.2% at -1.0 with the spelling gate, at the same false wakes; it
stays above the best-scoring tuning near miss, "hey Heather" (-1.35 to -1.5), which -1.5 did not, and -1.5 also woke
on a held-out near miss ("hey Harper"); "he helped her" scores -1.6 to -2.3 (docs/benchmarks.md)."""
RECOVER_LEAD_WORDS = 1
"""Words of the transcript allowed before the phrase for it to count as opening with it (a filler: "Um, hey
helper"); the score check tries the phrase after such a filler itself (:data:`LEAD_INS`)."""
RECOVER_PRE_S = 0.5
"""Audio of the utterance's window allowed before the phrase: the endpointer's pre-roll (0.3 s) and a breath."""
RECOVER_WORD_S = 0.6
"""Audio allowed per word of the phrase (said slowly) in the window scored for a recovered wake."""
RECOVER_SOUND_SIMILARITY = 0.7
"""Sound similarity (one less the phone edit distance over the phrase's phones) for the transcript's first words
to count as the phrase when the sound gate is on (:class:`SoundsLike`, ``wake.recover_gate: sound``): "hey hello"
(HH EY HH EH L OW against HH EY HH EH L P ER: 2 edits of 7, 0.71), "hey hello her" (0.71), "hi helper" (0.86)
and "a helper" (0.71) do; so do "hey help" (0.86), "hey Heather", "hey Harper" and "they help her" (0.71), which
the score check must turn away; "said hey helper" (0.57) and "he helped her" (0.57) do not."""
RECOVER_SOUND_VARIANTS = 3
"""Pronunciations tried per word (the dictionary's first ones): "hello" is HH AH L OW or HH EH L OW."""
REJECTING_DOUBTS = frozenset({Doubt.NO_SPEECH, Doubt.ECHO, Doubt.REPETITIVE})
"""A transcript with one of these doubts was not speech, so it confirms nothing."""
_NOT_LETTERS = re.compile(r"[^a-z']+")


def holds_phrase(text: str, phrase: str, similarity: float = CONFIRM_SIMILARITY) -> bool:
    """Whether ``text`` holds the phrase: some run of as many words as it has (or one fewer or one more),
    joined without spaces or punctuation, spelt at least ``similarity`` like it."""
    said = said_words(text)
    return any(_phrase_at(said, i, phrase, similarity) for i in range(len(said)))


def said_words(text: str) -> list[str]:
    """The words of ``text`` in lower case, without punctuation (words of punctuation alone dropped)."""
    return [w for w in (_NOT_LETTERS.sub("", t.lower()) for t in text.split()) if w]


def opens_with_phrase(
    text: str, phrase: str, lead_words: int = RECOVER_LEAD_WORDS, similarity: float = CONFIRM_SIMILARITY
) -> int:
    """How many of the first words of ``text`` the phrase takes when the text opens with it, or 0 when it does
    not: as :func:`holds_phrase`, but only a run of words at the start (after at most ``lead_words`` others) counts.
    "Hey, Helper. Is it ..." and "Um, hey helper, ..." open with "hey helper"; "They help her a lot" and "I said
    hey helper" do not."""
    said = said_words(text)
    for lead in range(lead_words + 1):
        if n := _phrase_at(said, lead, phrase, similarity):
            return lead + n
    return 0


def _phrase_at(said: list[str], at: int, phrase: str, similarity: float) -> int:
    """How many words of ``said`` from ``at`` on spell the phrase (as many as it has, or one fewer or one more,
    joined, at least ``similarity`` like it; the fewest that do), or 0."""
    wanted = "".join(phrase_words(phrase))
    size = len(phrase_words(phrase))
    for n in sorted({max(1, size - 1), size, size + 1}):
        if at + n <= len(said) and fuzz.ratio("".join(said[at : at + n]), wanted) >= similarity:
            return n
    return 0


@dataclass(frozen=True)
class SoundsLike:
    """The sound gate for recovery: a transcript opens with the phrase when its first words (after at most
    :data:`RECOVER_LEAD_WORDS` others) are spelt like it (:func:`opens_with_phrase`) or, by their pronunciations
    (CMU phones, the PocketSphinx dictionary's), sound like it: Whisper writes flite's kal16 "hey helper" as "Hey,
    hello", and a person with an accent may be heard so too. Sounding alike is only the gate: the score check on
    the audio decides (:meth:`ConfirmedSpotter.recover`)."""

    pronunciations: Mapping[str, Sequence[str]]
    """Word (lower case) -> its pronunciations, phones separated by spaces ("HH EY")."""
    similarity: float = RECOVER_SOUND_SIMILARITY

    def opens(self, text: str, phrase: str, lead_words: int = RECOVER_LEAD_WORDS) -> int:
        """How many of the first words of ``text`` the phrase takes, as :func:`opens_with_phrase`, or by sound
        (the run of as many words as the phrase has, or one fewer or one more, that sounds most like it; the
        longer of two alike, so that the question is cut after "Hey, hello, her"), or 0."""
        if taken := opens_with_phrase(text, phrase, lead_words):
            return taken
        said = said_words(text)
        wanted = self._phones(phrase_words(phrase))
        size = len(phrase_words(phrase))
        for lead in range(lead_words + 1):
            scored = [
                (self._likeness(said[lead : lead + n], wanted), n)
                for n in sorted({max(1, size - 1), size, size + 1})
                if lead + n <= len(said)
            ]
            best, taken = max(scored, default=(0.0, 0))  # a tie takes the longer run: "hey hello her"
            if best >= self.similarity:
                return lead + taken
        return 0

    def _likeness(self, words: Sequence[str], wanted: list[list[str]]) -> float:
        """The best phone similarity between any pronunciation of ``words`` and any of the phrase's."""
        heard = self._phones(words)
        return max((1 - Levenshtein.distance(h, w) / len(w) for h in heard for w in wanted), default=0.0)

    def _phones(self, words: Sequence[str]) -> list[list[str]]:
        """Every pronunciation of the run of ``words`` (their variants' product); none when a word has none."""
        variants = [list(self.pronunciations.get(w, ()))[:RECOVER_SOUND_VARIANTS] for w in words]
        if not words or not all(variants):
            return []
        return [" ".join(run).split() for run in itertools.product(*variants)]


@dataclass(frozen=True)
class Verdict:
    """What a check made of one proposal."""

    confirmed: bool
    heard: str
    """What the check heard: the transcript, or the phrase's score."""
    score: float = float("-inf")
    """:class:`ScoreCheck`: the phrase's best average log-probability per word (at the start or after a
    filler word); -inf for a check that does not score."""
    first_word: float = float("-inf")
    """:class:`ScoreCheck`, when the phrase was turned away: the log-probability of its first word alone as the
    start ("Hey"): what a spot heard strongly must also have (:class:`StrongSpot`), so that "helper" said alone
    is no "hey helper"."""


class PhraseCheck(ABC):
    """Looks again at the audio around a spotted phrase (16 kHz mono int16)."""

    @abstractmethod
    def check(self, samples: np.ndarray, phrase: str) -> Verdict:
        """Whether ``samples`` start with ``phrase``."""

    @abstractmethod
    def close(self) -> None:
        """Release the model."""


@dataclass
class TranscriptCheck(PhraseCheck):
    """A recogniser of its own (not the question recogniser, which is biased to the skill's words) writes
    what was said; it must hold the phrase (:func:`holds_phrase`) and not be noise, an echo or a loop."""

    recognizer: Recognizer

    def check(self, samples: np.ndarray, phrase: str) -> Verdict:
        self.recognizer.start()
        self.recognizer.feed(samples)
        transcript = self.recognizer.finish()
        held = transcript.doubt not in REJECTING_DOUBTS and holds_phrase(transcript.text, phrase)
        return Verdict(held, transcript.text)

    def close(self) -> None:
        self.recognizer.close()


def spellings(phrase: str) -> tuple[str, ...]:
    """The ways Whisper may write the phrase at the start of a transcript: "Hey helper", "Hey, helper",
    "hey helper", "Hey Helper" (a one-word phrase: "Computer", "computer")."""
    words = phrase_words(phrase)
    first = words[0].capitalize()
    found = [
        " ".join((first, *words[1:])),
        ", ".join((first, " ".join(words[1:]))) if len(words) > 1 else first,
        " ".join(words),
        " ".join(w.capitalize() for w in words),
    ]
    return tuple(dict.fromkeys(found))


@dataclass
class ScoreCheck(PhraseCheck):
    """Whisper scores the phrase itself on the audio: the best of its :func:`spellings`, as the start of
    the transcript, must average at least ``least`` a word. When it does not, the phrase is scored once more
    after each filler word of :data:`LEAD_INS` that Whisper hears at the start ("um, hey helper", "okay, hey
    helper", "hey, hey helper": the filler itself at least ``lead_in`` likely): the phrase's own tokens,
    given the filler, must then average ``least``."""

    whisper: WhisperRecognizer
    least: float = CONFIRM_LOG_PROB
    lead_in: float = LEAD_IN_LOG_PROB

    def check(self, samples: np.ndarray, phrase: str) -> Verdict:
        words = phrase_words(phrase)
        window = self.whisper.window(samples)
        start = max(window.prefix_log_probs(spellings(phrase))) / len(words)
        if start >= self.least:
            return Verdict(True, f"{start:.2f} per word", start)
        scored = zip(LEAD_INS, window.prefix_log_probs(LEAD_INS), strict=True)
        heard = [(lead, alone) for lead, alone in scored if alone >= self.lead_in]
        led = window.prefix_log_probs([f"{lead} {' '.join(words)}" for lead, _ in heard])
        after = [((both - alone) / len(words), lead) for (lead, alone), both in zip(heard, led, strict=True)]
        best, lead = max(after, default=(float("-inf"), ""))
        if best >= self.least:
            return Verdict(True, f"{best:.2f} per word after '{lead}'", best)
        said = f"{start:.2f} per word" + (f" ({best:.2f} after '{lead}')" if lead else "")
        first = max(window.prefix_log_probs(spellings(words[0])))
        return Verdict(False, said, max(start, best), first)

    def close(self) -> None:
        self.whisper.close()


@dataclass(frozen=True)
class StrongSpot:
    """Fusing the spotter's own score with the second look: a spot the spotter heard at least ``exponent``
    strongly (a power of ten, as :attr:`WakeHit.score_exponent`) is confirmed when the phrase scores at least
    ``least`` a word (:attr:`Verdict.score`), a looser floor than the check's own."""

    exponent: float
    least: float
    first_least: float = CONFIRM_STRONG_FIRST_LOG_PROB
    """The least score of the phrase's first word alone (:attr:`Verdict.first_word`): "helper" said alone is no
    "hey helper", however strongly the spotter heard it."""

    def admits(self, hit: WakeHit, verdict: Verdict) -> bool:
        """Whether ``hit``, turned away by the check's own threshold, is strong enough to wake anyway."""
        strong = hit.score_exponent is not None and hit.score_exponent >= self.exponent
        return strong and verdict.score >= self.least and verdict.first_word >= self.first_least


@dataclass
class ConfirmedSpotter(WakeSpotter):
    """Wraps a spotter: each of its hits is checked again by ``checker`` on the audio around it (from
    :data:`BEFORE_S` before to :data:`AFTER_S` after), and kept only when the check confirms it, or when
    ``strong`` admits it (the spotter heard it strongly and the phrase scored above a looser floor).

    With ``recover_least`` (a log-probability per word, as :attr:`Verdict.score`), an utterance the spotter
    proposed nothing in may still wake: :meth:`recover`, given the utterance's own transcript.

    ``proposed``, ``confirmed``, ``check_ms``, ``heard``, ``scores`` and ``exponents`` count what it did with the
    spotter's proposals, ``recoveries``, ``recovered``, ``recover_scores`` and ``recover_ms`` what :meth:`recover`
    did (the benchmark reads them).
    """

    inner: WakeSpotter
    checker: PhraseCheck
    strong: StrongSpot | None = None
    recover_least: float | None = None
    """The least score (:attr:`Verdict.score`) for :meth:`recover` to wake; None: no recovery."""
    sounds: SoundsLike | None = None
    """The sound gate for :meth:`recover` (``wake.recover_gate: sound``); None: the transcript must spell the
    phrase (:func:`opens_with_phrase`)."""
    recover_rejected: bool = False
    """Whether :meth:`recover` also tries an utterance whose spot the check turned away (``wake.recover_rejected``),
    on the utterance's start rather than the spot's window; otherwise only utterances the spotter proposed nothing
    in."""
    proposed: int = 0
    confirmed: int = 0
    recoveries: int = 0
    """Utterances the spotter missed whose transcript opened with the phrase: the checks :meth:`recover` ran."""
    recovered: int = 0
    """... of which the check passed (wakes)."""
    recover_scores: list[float] = field(default_factory=list)
    """The check's score for every recovery tried, in order."""
    recover_ms: list[float] = field(default_factory=list)
    """The check's milliseconds for every recovery tried."""
    check_ms: list[float] = field(default_factory=list)
    heard: list[str] = field(default_factory=list)
    """What the check heard for every proposal, in order."""
    scores: list[float] = field(default_factory=list)
    """The check's score (:attr:`Verdict.score`) for every proposal, in order."""
    first_words: list[float] = field(default_factory=list)
    """The first word's score (:attr:`Verdict.first_word`) for every proposal, in order."""
    exponents: list[float | None] = field(default_factory=list)
    """The spotter's score (:attr:`WakeHit.score_exponent`) for every proposal, in order."""

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
            return None  # the audio is kept for recover()
        self.proposed += 1
        audio = self._utterance()
        began = time.perf_counter()
        first = max(0, round((hit.start - BEFORE_S) * SPEECH_RATE))
        verdict = self.checker.check(audio[first : round((hit.end + AFTER_S) * SPEECH_RATE)], self.phrase)
        self.check_ms.append((time.perf_counter() - began) * 1000)
        self.heard.append(verdict.heard)
        self.scores.append(verdict.score)
        self.first_words.append(verdict.first_word)
        self.exponents.append(hit.score_exponent)
        if not (verdict.confirmed or (self.strong is not None and self.strong.admits(hit, verdict))):
            if self.recover_rejected:
                self._audio = [audio]  # kept for recover()
            return None
        self.confirmed += 1
        return hit

    def recover(self, transcript: Transcript) -> WakeHit | None:
        """Whisper recovers what the spotter missed: after :meth:`finish` found nothing, an utterance whose own
        transcript opens with the phrase (:func:`opens_with_phrase`; not noise, an echo or a loop) is checked on
        its start (:meth:`recover_window` seconds) and wakes when the phrase scores at least ``recover_least``.
        The hit spans the phrase's words where the transcript has word times, else the window."""
        audio = self._utterance()
        if self.recover_least is None or transcript.doubt in REJECTING_DOUBTS or not len(audio):
            return None  # no audio: a spot the check turned away (kept only with recover_rejected)
        taken = (
            self.sounds.opens(transcript.text, self.phrase)
            if self.sounds is not None
            else opens_with_phrase(transcript.text, self.phrase)
        )
        if not taken:
            return None
        self.recoveries += 1
        window = min(len(audio) / SPEECH_RATE, self.recover_window())
        began = time.perf_counter()
        verdict = self.checker.check(audio[: round(window * SPEECH_RATE)], self.phrase)
        self.recover_ms.append((time.perf_counter() - began) * 1000)
        self.recover_scores.append(verdict.score)
        if verdict.score < self.recover_least:
            return None
        self.recovered += 1
        words = transcript.words
        if len(words) >= taken:
            return WakeHit(self.phrase, words[0].start, words[taken - 1].end, said_words=taken)
        return WakeHit(self.phrase, 0.0, window, said_words=taken)

    def recover_window(self) -> float:
        """Seconds from the utterance's start scored by :meth:`recover`: the pre-roll, the phrase said slowly,
        and :data:`AFTER_S` for the next word (which tells "hey helper" from "they help her a lot")."""
        return RECOVER_PRE_S + RECOVER_WORD_S * len(phrase_words(self.phrase)) + AFTER_S

    def _utterance(self) -> np.ndarray:
        """The utterance's audio (then forgotten)."""
        audio = np.concatenate(self._audio) if self._audio else np.zeros(0, dtype=np.int16)
        self._audio = []
        return audio

    def close(self) -> None:
        self.inner.close()
        self.checker.close()
