"""Speech synthesis: text to :class:`Audio`, behind a small :class:`Synthesizer` seam.

One module per engine: pyttsx3 on espeak-ng is :mod:`voice_skill.tts.pyttsx3_engine`.
"""

from __future__ import annotations

import ctypes.util
import importlib.util
from abc import ABC, abstractmethod
from dataclasses import dataclass

from ..audio import Audio
from ..base.errors import SkillError

ESPEAK_PACKAGE = "espeak-ng"


class SpeechError(SkillError):
    """Speech output is unavailable or failed."""

    exit_code = 6


@dataclass(frozen=True)
class SpeechSettings:
    """How to speak: words per minute, volume 0-1, and a voice id (None: the default)."""

    rate: int = 165
    volume: float = 0.8
    voice: str | None = None


@dataclass(frozen=True)
class VoiceInfo:
    """An installed voice."""

    id: str
    name: str
    languages: tuple[str, ...]


class Synthesizer(ABC):
    """Renders text to audio. Implementations may be slow; callers use a worker thread."""

    @abstractmethod
    def render(self, text: str, settings: SpeechSettings) -> Audio: ...

    @abstractmethod
    def voices(self) -> list[VoiceInfo]: ...

    def close(self) -> None:  # noqa: B027 - optional hook
        """Release the engine."""


def probe_espeak() -> None:
    """Fail with an install hint when pyttsx3 or the espeak-ng library is missing (no import)."""
    if importlib.util.find_spec("pyttsx3") is None:
        raise SpeechError("speech output needs the Python package pyttsx3: pip install pyttsx3")
    if ctypes.util.find_library("espeak-ng") is None and ctypes.util.find_library("espeak") is None:
        raise SpeechError(
            f"speech output needs the espeak-ng library: install the package {ESPEAK_PACKAGE} "
            f"(sudo apt-get install {ESPEAK_PACKAGE})"
        )
