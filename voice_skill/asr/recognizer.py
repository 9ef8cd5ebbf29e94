"""Speech recognition behind one small seam: :class:`Recognizer`.

A recogniser decodes one utterance at a time from 16 kHz mono 16-bit audio: ``start``,
``feed`` chunks (getting partial text), ``finish`` (the final :class:`Transcript` with
word timings). Engines are probed without importing them and fail with an install hint.
"""

from __future__ import annotations

import importlib.util
from abc import ABC, abstractmethod
from dataclasses import dataclass
from enum import StrEnum

import numpy as np

from ..base.errors import SkillError


class RecognizerError(SkillError):
    """A speech engine is missing, or failed."""

    exit_code = 7


@dataclass(frozen=True)
class Word:
    """A recognised word with its times (seconds within the utterance) and confidence (0-1)."""

    word: str
    start: float
    end: float
    confidence: float | None = None


class Doubt(StrEnum):
    """Why a transcript is not to be answered as it stands."""

    NO_SPEECH = "no speech"
    """Nothing was said (noise, a door, a cough): say nothing."""
    UNCLEAR = "unclear"
    """Speech was heard but not understood with confidence: ask again rather than guess."""
    ECHO = "echo"
    """The recogniser repeated its own prompt instead of hearing speech."""
    REPETITIVE = "repetitive"
    """The recogniser looped on a phrase (a sign it invented text on noise)."""


@dataclass(frozen=True)
class Transcript:
    """What was heard in one utterance."""

    text: str
    words: tuple[Word, ...] = ()
    confidence: float | None = None
    final: bool = True
    alternatives: tuple[str, ...] = ()
    """Other hypotheses, most likely first (n-best), where the engine gives them."""
    doubt: Doubt | None = None
    """Why the engine does not trust what it heard (then ``text`` may be empty): see :class:`Doubt`."""
    second_opinion: tuple[str, ...] = ()
    """Hypotheses of another engine on the same audio: searched for warning signs only, never answered."""


class Recognizer(ABC):
    """Streaming recogniser for one utterance at a time (16 kHz mono int16)."""

    name: str = "recognizer"
    sample_rate: int = 16000
    missing_words: tuple[str, ...] = ()
    """Words of the skill the engine's vocabulary lacks (left out of the biasing)."""
    notes: tuple[str, ...] = ()
    """What the user should know about how the engine was set up (the command line shows them)."""

    @abstractmethod
    def start(self) -> None:
        """Begin an utterance."""

    @abstractmethod
    def feed(self, samples: np.ndarray) -> Transcript | None:
        """Add audio; may return a partial transcript."""

    @abstractmethod
    def finish(self) -> Transcript:
        """End the utterance and return the final transcript."""

    def pause(self) -> None:  # noqa: B027 - optional hook
        """Hint: speech has paused (the utterance may be about to end). An engine that decodes whole
        utterances may start decoding now, so that the answer is ready when the utterance closes."""

    def resume(self) -> None:  # noqa: B027 - optional hook
        """Hint: speech went on after a pause (what was decoded early is stale)."""

    def close(self) -> None:  # noqa: B027 - optional hook
        """Release the engine."""


def require_module(module: str, package: str) -> None:
    """Fail with an install hint when ``module`` cannot be imported (probed, not imported)."""
    if importlib.util.find_spec(module) is None:
        raise RecognizerError(f"the {package} engine is not installed: pip install {package}")
