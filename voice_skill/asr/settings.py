"""Recognition settings (the engine part of the ``listen:`` section) and the engines there are."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Engine(StrEnum):
    """A speech engine, as ``--engine`` and ``listen.engine`` name it."""

    AUTO = "auto"
    """Vosk when a model is found, else the built-in PocketSphinx."""
    VOSK = "vosk"
    POCKETSPHINX = "pocketsphinx"


WARNING_SIGN_WEIGHT = 3
"""How many times each warning-sign phrase counts in the domain text (see ``bias.domain_text``)."""


@dataclass(frozen=True)
class GeneralWordSettings:
    """Everyday English that biased PocketSphinx may hear besides the skill's own words."""

    count: int = field(default=2000, metadata={"min": 0, "max": 20000})
    """How many of the commonest English words are added (0: only the skill's own words)."""
    weight: float = field(default=0.05, metadata={"min": 0.0, "max": 0.5})
    """Share of the language model's single-word probability they get: a question with an
    unexpected word is then not forced into the skill's words."""


@dataclass(frozen=True)
class RecognizerSettings:
    """Which engine hears speech, and how it is biased to the skill's words."""

    engine: Engine = Engine.AUTO
    """auto: Vosk when a model is found, else the built-in PocketSphinx."""
    model: str | None = None
    """Vosk model folder (relative to this file); see ``voice-skill models``."""
    bias: bool = True
    """Bias recognition to the skill's own words (off: the general model, for comparison)."""
    general_words: GeneralWordSettings = field(default_factory=GeneralWordSettings)
    """Biased PocketSphinx: everyday words it may also hear."""
    warning_sign_weight: int = field(default=WARNING_SIGN_WEIGHT, metadata={"min": 1, "max": 10})
    """Biased PocketSphinx: each warning-sign phrase counts this many times in the language
    model (1: like any example), so the recogniser is readier to hear warning signs."""
