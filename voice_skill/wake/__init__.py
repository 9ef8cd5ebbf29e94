"""Hands-free: when to act on what is heard (:mod:`.attention`) and the wake-phrase spotters
(the :class:`WakeSpotter` seam in :mod:`.spotter`, one module per backend)."""

from .attention import Attention
from .barge_in import BargeIn, BargeInSettings, Interrupted, Refused
from .confirm import (
    ConfirmedSpotter,
    PhraseCheck,
    ScoreCheck,
    StrongSpot,
    TranscriptCheck,
    Verdict,
    holds_phrase,
    opens_with_phrase,
    spellings,
)
from .engines import open_spotter
from .settings import Confirm, PushKey, Trigger, WakeSettings
from .spotter import GrammarSpotter, WakeHit, WakeSpotter, after_wake, find_phrase, phrase_words

__all__ = [
    "Attention",
    "BargeIn",
    "BargeInSettings",
    "Confirm",
    "ConfirmedSpotter",
    "GrammarSpotter",
    "Interrupted",
    "PhraseCheck",
    "PushKey",
    "Refused",
    "ScoreCheck",
    "StrongSpot",
    "TranscriptCheck",
    "Trigger",
    "Verdict",
    "WakeHit",
    "WakeSettings",
    "WakeSpotter",
    "after_wake",
    "find_phrase",
    "holds_phrase",
    "open_spotter",
    "opens_with_phrase",
    "phrase_words",
    "spellings",
]
