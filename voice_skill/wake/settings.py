"""Hands-free settings (the ``wake:`` section), and the triggers and keys there are."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from enum import StrEnum

from ..base.schema import Mismatch
from .barge_in import BargeInSettings
from .confirm import (
    CONFIRM_LOG_PROB,
    CONFIRM_SPOTTER_EXPONENT,
    CONFIRM_STRONG_FIRST_LOG_PROB,
    CONFIRM_STRONG_LOG_PROB,
    RECOVER_LOG_PROB,
)


class Trigger(StrEnum):
    """What makes the skill act on an utterance."""

    ALWAYS = "always"
    """Every utterance (files, standard input, a kiosk in continuous mode)."""
    WAKE = "wake"
    """The wake phrase, or a follow-up soon after an answer."""
    PUSH = "push"
    """A key press (push-to-talk), or a follow-up soon after an answer."""


class Confirm(StrEnum):
    """The second look at a spotted wake phrase before the skill wakes."""

    SCORE = "score"
    """Whisper (the built-in tiny.en) scores the phrase itself on the audio around it (forced): it must be
    likely enough (``confirm_log_prob``)."""
    WHISPER = "whisper"
    """Whisper (the built-in tiny.en) writes what was said around the phrase; it must hold the phrase."""
    NONE = "none"
    """The spotter alone decides (faster, and more false wakes)."""


class RecoverGate(StrEnum):
    """What the utterance's transcript must open with for recovery to score the phrase (``wake.recover``)."""

    SPELLING = "spelling"
    """Words spelt like the phrase ("Hey, Helper.", "hey help her")."""
    SOUND = "sound"
    """Those, or words that sound like it by their pronunciations ("Hey, hello", "hi helper"); the score check
    still decides."""


class PushKey(StrEnum):
    """The push-to-talk key (a USB button that types it works the same)."""

    SPACE = "space"
    ENTER = "enter"
    ANY = "any"


@dataclass(frozen=True)
class WakeSettings:
    """Hands-free listening on a live microphone: the wake phrase, follow-ups, push-to-talk."""

    trigger: Trigger = Trigger.WAKE
    """What makes ``listen`` on a microphone act: the wake phrase, a key (push-to-talk), or
    every utterance. Files and standard input always answer every utterance."""
    phrase: str = "hey helper"
    """Said before a question ("hey helper, is cramping normal?"), or alone to start listening."""
    threshold_exponent: float = field(default=-30.0, metadata={"min": -60, "max": -1})
    """PocketSphinx keyword-spotting threshold, as a power of ten: lower hears the phrase more
    easily and wakes falsely more often. With ``confirm: score`` the spotter only proposes, so it is
    set low (benchmarks/wake.py: 1e-30 with the check wakes 83% at 15 dB against 75% at 1e-20, with
    1 false wake an hour at both; 41 an hour at 1e-30 with ``confirm: none``). With ``confirm: none``
    raise it to -20 or more."""
    confirm: Confirm = Confirm.SCORE
    """A second look before waking, on the audio around each spotted phrase: ``score`` has Whisper score
    the phrase itself, ``whisper`` has it write what was said (it must hold the phrase), ``none`` trusts
    the spotter (see docs/benchmarks.md for the trade-off)."""
    confirm_log_prob: float = field(default=CONFIRM_LOG_PROB, metadata={"min": -10.0, "max": 0.0})
    """``confirm: score``: the least average log-probability per word of the phrase to wake: higher (-0.5)
    wakes falsely less often and misses more unclear wakes, lower (-1.5) the reverse."""
    confirm_spotter_exponent: float = field(default=CONFIRM_SPOTTER_EXPONENT, metadata={"min": -60, "max": 60})
    """``confirm: score``: a spot the spotter itself heard at least this strongly (its score as a power of ten,
    like ``threshold_exponent``) wakes when the phrase scores at least ``confirm_strong_log_prob`` a word, below
    ``confirm_log_prob``. benchmarks/wake.py, tuning voices: 1e10 with -2.7 wakes 93.0% in a quiet room and 91.2%
    at 15 dB against 90.6% / 88.3% with the score alone (full set; quick set 91.7 / 83.3 against 87.5 / 75.0), at
    the same 1 false wake an hour (flite's kal16, whose "hey helper" Whisper hears as "hey hello", gains most).
    "helper" said alone and clearly (spotted at 1e15 to 1e28, -1.9 to -2.7 a word on the test clips) is held back by
    ``confirm_strong_first_log_prob``; ``confirm_strong_log_prob: -1.5`` turns the fusion off."""
    confirm_strong_log_prob: float = field(default=CONFIRM_STRONG_LOG_PROB, metadata={"min": -10.0, "max": 0.0})
    """The least average log-probability per word for a spot the spotter heard strongly (see
    ``confirm_spotter_exponent``): lower wakes more unclear phrases and lets near misses the spotter hears strongly
    through ("the helpers are here" scored -3.7 at 1e17, "helper" alone -2.8 at 1e9). At ``confirm_log_prob`` or
    above, the phrase's score alone decides, however strongly the spotter heard it."""
    confirm_strong_first_log_prob: float = field(
        default=CONFIRM_STRONG_FIRST_LOG_PROB, metadata={"min": -10.0, "max": 0.0}
    )
    """For such a spot, the least log-probability of the phrase's first word alone ("Hey") as the start: "helper"
    said alone (-2.8 to -5.0 for the "Hey" it lacks) is turned away, while the real wakes the fusion takes on the
    wake benchmark's tuning half scored -0.65 to -2.28, so none of them is lost (benchmarks/wake.py proposals,
    docs/benchmarks.md)."""
    recover: bool = True
    """``confirm: score``: when the spotter proposes nothing in an utterance but the utterance's own transcript
    (the question recogniser's, already made) opens with the phrase, Whisper scores the phrase on the utterance's
    first 2.5 s and the skill wakes when it scores at least ``recover_log_prob`` a word. benchmarks/wake.py
    (quick set, Whisper transcripts): the same 91.7% / 83.3% woke in a quiet room / at 15 dB on the tuning voices,
    54.2% against 20.8% at 5 dB, the phrase alone 80% against 60%; held-out voices 66.7% / 75.0% against 33.3% /
    45.8% (espeak-ng's female voice, which the spotter never proposes, 0 -> 100% quiet); the same 1 false wake an
    hour, and no recovery tried at all on the 80 minutes of non-wake talk (docs/benchmarks.md, Whisper recovers
    what the spotter missed). ``false``: the spotter's proposals only."""
    recover_log_prob: float = field(default=RECOVER_LOG_PROB, metadata={"min": -10.0, "max": 0.0})
    """``recover: true``: the least average log-probability per word of the phrase for a wake the spotter
    missed: higher wakes falsely less often on talk whose transcript opens like the phrase. -1.25 stays above the
    tuning near misses' best ("hey Heather", -1.40); -1.5 woke on a held-out one ("hey Harper")."""
    recover_gate: RecoverGate = RecoverGate.SOUND
    """``recover: true``: what the transcript must open with for the phrase to be scored: words spelt like it
    (``spelling``), or also words that sound like it (``sound``, the default: "Hey, hello" for flite's kal16 "hey
    helper"; the PocketSphinx dictionary is read at start, about 0.3 s). benchmarks/wake.py, full set, with
    ``recover_rejected`` and -1.25: tuning voices 94.7% / 91.8% (quiet / 15 dB) against 93.0% / 91.2% with the
    spelling gate at -1.0, held-out voices 87.7% / 88.3% against 68.4% / 84.8%, no false wake on the short streams;
    quick set: the same 1 false wake an hour on the pessimistic hour, none on the held-out stream, 6-36 checks an
    hour on talk instead of none (docs/benchmarks.md). The spelling gate with the same settings gains nothing."""
    recover_rejected: bool = True
    """``recover: true``: also try recovery on an utterance whose spot the score check turned away (scored again on
    the utterance's start); ``false``: only on utterances the spotter proposed nothing in. kal16's misses were such
    spots ("Hey, hello"), which recovery never saw (docs/benchmarks.md)."""
    follow_up_s: float = field(default=8.0, metadata={"min": 0, "max": 120})
    """After an answer, or the wake phrase alone, speech within this long needs no wake phrase."""
    key: PushKey = PushKey.SPACE
    """Push-to-talk key (a USB button that types it works the same)."""
    press_window_s: float = field(default=8.0, metadata={"min": 1, "max": 120})
    """Speech must start within this long of the key press."""
    barge_in: BargeInSettings = field(default_factory=BargeInSettings)
    """Stopping an answer by voice ("stop", "wait", the wake phrase) while the skill speaks."""

    def problems(self, section: str = "wake", written: Collection[str] = ()) -> list[Mismatch]:
        """Values that look fine on their own but cannot work."""
        key = f"{section}.phrase"
        found = [] if self.phrase.split() else [Mismatch(key, f"'{key}' must not be empty")]
        key = f"{section}.barge_in.word_threshold_exponents"
        words = {w.lower() for w in self.barge_in.words}
        unknown = [w for w in self.barge_in.word_threshold_exponents if w.lower() not in words]
        if unknown and key in written:
            found.append(Mismatch(key, f"'{key}' names {', '.join(unknown)}, not in '{section}.barge_in.words'"))
        return found
