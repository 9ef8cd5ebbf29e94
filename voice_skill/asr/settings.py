"""Recognition settings (the engine part of the ``listen:`` section) and the engines there are."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Engine(StrEnum):
    """A speech engine, as ``--engine`` and ``listen.engine`` name it."""

    AUTO = "auto"
    """Whisper (the built-in tiny.en, or the configured Whisper model); Vosk when the configured model is a
    Vosk model."""
    WHISPER = "whisper"
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
class WhisperSettings:
    """How Whisper decodes, and when its transcript is not trusted."""

    prompt: bool = True
    """Bias Whisper to the skill's words with a prompt built from the intents."""
    alternatives: int = field(default=2, metadata={"min": 0, "max": 8})
    """Other hypotheses (beam search) searched for warning signs besides the best one (0: none)."""
    confident_log_prob: float = field(default=-0.3, metadata={"min": -10.0, "max": 0.0})
    """A best transcript with at least this average log-probability is sure enough to need no alternatives
    (they cost a second, slower decode)."""
    no_speech_threshold: float = field(default=0.6, metadata={"min": 0.0, "max": 1.0})
    """Whisper's probability that there was no speech above which (with a low log-probability) the
    utterance is taken as noise."""
    log_prob_threshold: float = field(default=-1.0, metadata={"min": -10.0, "max": 0.0})
    """Average token log-probability below which a transcript is unclear (the skill asks again)."""
    compression_ratio_threshold: float = field(default=2.4, metadata={"min": 1.0, "max": 10.0})
    """A transcript this repetitive (zlib compression ratio) is taken as invented text."""
    fallback_temperature: float = field(default=0.0, metadata={"min": 0.0, "max": 1.0})
    """One more decode at this temperature when the first is unclear or repetitive (0: none)."""
    max_new_tokens: int = field(default=80, metadata={"min": 8, "max": 220})
    """Longest transcript decoded (a question needs far fewer: this caps the time spent on noise)."""
    threads: int = field(default=2, metadata={"min": 1, "max": 64})
    """CPU threads for the model."""


@dataclass(frozen=True)
class RecognizerSettings:
    """Which engine hears speech, and how it is biased to the skill's words."""

    engine: Engine = Engine.AUTO
    """auto: Whisper (the built-in tiny.en), or Vosk when ``model`` is a Vosk model."""
    model: str | None = None
    """A Whisper (CTranslate2) or Vosk model folder (relative to this file); see ``voice-skill models``."""
    bias: bool = True
    """Bias recognition to the skill's own words (off: the general model, for comparison)."""
    general_words: GeneralWordSettings = field(default_factory=GeneralWordSettings)
    """Biased PocketSphinx: everyday words it may also hear."""
    warning_sign_weight: int = field(default=WARNING_SIGN_WEIGHT, metadata={"min": 1, "max": 10})
    """Biased PocketSphinx: each warning-sign phrase counts this many times in the language
    model (1: like any example), so the recogniser is readier to hear warning signs."""
    whisper: WhisperSettings = field(default_factory=WhisperSettings)
    """Whisper's decoding and its guards against invented text."""
    second_opinion: bool = False
    """Whisper: also decode each utterance with biased PocketSphinx and answer as urgent when it heard a
    warning sign (safer in noise, at the cost of more false alarms and about 70 MB)."""
