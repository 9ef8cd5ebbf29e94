"""Hands-free settings (the ``wake:`` section), and the triggers and keys there are."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from enum import StrEnum

from ..base.schema import Mismatch
from .barge_in import BargeInSettings


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

    WHISPER = "whisper"
    """Whisper (the built-in tiny.en) decodes the audio around the phrase; it must hold the phrase."""
    NONE = "none"
    """The spotter alone decides (faster, and more false wakes)."""


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
    threshold_exponent: float = field(default=-20.0, metadata={"min": -60, "max": -1})
    """PocketSphinx keyword-spotting threshold, as a power of ten: lower hears the phrase more
    easily and wakes falsely more often."""
    confirm: Confirm = Confirm.WHISPER
    """A second look before waking: ``whisper`` checks each spotted phrase on the audio around it,
    ``none`` trusts the spotter (see docs/benchmarks.md for the trade-off)."""
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
        return [] if self.phrase.split() else [Mismatch(key, f"'{key}' must not be empty")]
