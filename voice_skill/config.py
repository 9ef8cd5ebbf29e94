"""Configuration: one YAML file, validated against the dataclasses below.

Every threshold the matcher and dialogue use is a named field here; the README's
configuration reference documents the same fields.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path

from .bias import WARNING_SIGN_WEIGHT, GeneralWordSettings
from .denoise import DenoiseSettings
from .endpoint import EndpointSettings
from .errors import ConfigError
from .schema import build
from .yamlio import parse_yaml, read_text

CONFIG_ENV = "VOICE_SKILL_CONFIG"


@dataclass(frozen=True)
class MatchSettings:
    """Thresholds of the intent matcher (scores are 0-100)."""

    answer_threshold: float = field(default=45.0, metadata={"min": 0, "max": 100})
    """Best score needed to answer; below it the skill falls back."""
    long_answer_threshold: float = field(default=28.0, metadata={"min": 0, "max": 100})
    """Threshold for long questions (``long_question_words`` content words or more)."""
    short_question_words: int = field(default=6, metadata={"min": 1, "max": 200})
    """Questions up to this many content words use ``answer_threshold``."""
    long_question_words: int = field(default=16, metadata={"min": 2, "max": 400})
    """From this many content words on, ``long_answer_threshold`` applies (linear in between)."""
    control_min_coverage: float = field(default=0.7, metadata={"min": 0.01, "max": 1})
    """A command (stop, repeat, ...) scores fully only if its words explain this share of the
    question; below, its score shrinks in proportion."""
    confirm_margin: float = field(default=2.0, metadata={"min": 0, "max": 100})
    """If the two best topics score within this margin, the skill asks which was meant."""
    token_similarity: float = field(default=80.0, metadata={"min": 50, "max": 100})
    """Spelling similarity for an unknown word to count as a known one ("crampin" ~ "cramping")."""
    fuzzy_min_length: int = field(default=4, metadata={"min": 1, "max": 20})
    """Words shorter than this must match exactly."""
    centroid_weight: float = field(default=0.6, metadata={"min": 0, "max": 1})
    """Weight of similarity to an intent's examples taken together, against its closest example."""
    unknown_word_weight: float = field(default=0.5, metadata={"min": 0, "max": 2})
    """How much a word no example uses counts against a match (relative to a rare known word)."""
    spelling_weight: float = field(default=0.45, metadata={"min": 0, "max": 1})
    """Weight of whole-phrase spelling similarity in the final score."""
    triage_similarity: float = field(default=85.0, metadata={"min": 50, "max": 100})
    """Spelling similarity for a word of a warning-sign phrase to count as present."""
    triage_min_stem_length: int = field(default=5, metadata={"min": 1, "max": 20})
    """A warning-sign word matches by its stem ("fainting" ~ "fainted") only if the stem is this
    long; shorter ones must match as written ("passed out" is not "pass out of my body")."""
    triage_span_slack: int = field(default=2, metadata={"min": 0, "max": 10})
    """Extra words allowed between the words of a warning-sign phrase."""
    negation_window: int = field(default=3, metadata={"min": 0, "max": 10})
    """Words before a warning sign searched for a negation (recorded, never suppresses)."""
    max_alternatives: int = field(default=3, metadata={"min": 1, "max": 20})
    """Runner-up intents reported with a result."""
    max_question_chars: int = field(default=2000, metadata={"min": 10, "max": 100000})
    """Longer input is refused with an error."""


@dataclass(frozen=True)
class VoiceSettings:
    """Speech output settings; slower/faster/louder/quieter move within the bounds."""

    voice: str | None = None
    """Voice name or id for the speech engine (see ``voice-skill voices``); empty: the default."""
    rate: int = field(default=165, metadata={"min": 60, "max": 400})
    """Speaking rate in words per minute at the start of a conversation."""
    rate_step: int = field(default=25, metadata={"min": 1, "max": 200})
    """How much "slower" / "faster" change the rate."""
    rate_min: int = field(default=90, metadata={"min": 60, "max": 400})
    """Slowest rate "slower" reaches."""
    rate_max: int = field(default=265, metadata={"min": 60, "max": 400})
    """Fastest rate "faster" reaches."""
    volume: float = field(default=0.8, metadata={"min": 0.05, "max": 1.0})
    """Volume (0-1) at the start of a conversation."""
    volume_step: float = field(default=0.15, metadata={"min": 0.01, "max": 1.0})
    """How much "louder" / "quieter" change the volume."""
    volume_min: float = field(default=0.2, metadata={"min": 0.0, "max": 1.0})
    """Quietest volume "quieter" reaches."""
    volume_max: float = field(default=1.0, metadata={"min": 0.05, "max": 1.0})
    """Loudest volume "louder" reaches."""
    earcons: bool = True
    """Short tones when the skill starts and stops listening."""
    output_device: str | None = None
    """Audio output device (name or index, see ``voice-skill devices``); empty: the default."""
    synthesis_timeout_s: float = field(default=10.0, metadata={"min": 0.5, "max": 120})
    """A synthesis taking longer is abandoned and the engine restarted."""


@dataclass(frozen=True)
class DialogueSettings:
    """Conversation behaviour."""

    idle_timeout_s: float = field(default=300.0, metadata={"min": 1, "max": 86400})
    """A conversation idle this long starts afresh (new disclaimer, no memory)."""
    disclaimer: bool = True
    """Say the 'general information, not medical advice' line once per conversation."""
    suggestions: int = field(default=3, metadata={"min": 0, "max": 6})
    """Topics offered after a fallback."""


@dataclass(frozen=True)
class ListenSettings:
    """Speech input."""

    engine: str = field(default="auto", metadata={"choices": ("auto", "vosk", "pocketsphinx")})
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
    input_device: str | None = None
    """Microphone (name or index, see ``voice-skill devices``); empty: the default."""
    endpoint: EndpointSettings = field(default_factory=EndpointSettings)
    """How utterances are cut from the audio."""
    denoise: DenoiseSettings = field(default_factory=DenoiseSettings)
    """Noise reduction before recognition."""


@dataclass(frozen=True)
class WakeSettings:
    """Hands-free listening on a live microphone: the wake phrase, follow-ups, push-to-talk."""

    trigger: str = field(default="wake", metadata={"choices": ("wake", "push", "always")})
    """What makes ``listen`` on a microphone act: the wake phrase, a key (push-to-talk), or
    every utterance. Files and standard input always answer every utterance."""
    phrase: str = "hey helper"
    """Said before a question ("hey helper, is cramping normal?"), or alone to start listening."""
    threshold_exponent: float = field(default=-20.0, metadata={"min": -60, "max": -1})
    """PocketSphinx keyword-spotting threshold, as a power of ten: lower hears the phrase more
    easily and wakes falsely more often."""
    follow_up_s: float = field(default=8.0, metadata={"min": 0, "max": 120})
    """After an answer, or the wake phrase alone, speech within this long needs no wake phrase."""
    key: str = field(default="space", metadata={"choices": ("space", "enter", "any")})
    """Push-to-talk key (a USB button that types it works the same)."""
    press_window_s: float = field(default=8.0, metadata={"min": 1, "max": 120})
    """Speech must start within this long of the key press."""


@dataclass(frozen=True)
class KioskSettings:
    """``voice-skill kiosk``: unattended use in a waiting room."""

    trigger: str = field(default="always", metadata={"choices": ("always", "push", "wake")})
    """Answer every utterance (continuous listening), only after a key or the page's talk
    button (push), or after the wake phrase."""
    new_visitor_after_s: float = field(default=45.0, metadata={"min": 5, "max": 3600})
    """Quiet this long ends the conversation: the next visitor starts afresh (greeting,
    disclaimer, no memory, the captions cleared)."""
    greeting: bool = True
    """Greet each new visitor (and say the disclaimer) when their conversation starts."""
    captions: bool = True
    """Serve the large-caption page."""
    captions_host: str = "127.0.0.1"
    """Address the caption page is served on (127.0.0.1: only this machine)."""
    captions_port: int = field(default=8080, metadata={"min": 0, "max": 65535})
    """Port of the caption page (0: any free port)."""
    restart_backoff_max_s: float = field(default=30.0, metadata={"min": 0.1, "max": 600})
    """Longest wait before reopening a failed microphone or restarting a failed speech engine."""


@dataclass(frozen=True)
class Config:
    """The whole configuration file."""

    emergency_number: str = "911"
    """Said at the end of every urgent answer ("If it feels like an emergency, call 911.")."""
    language: str = "en"
    """Language folder of the built-in intents."""
    intent_dirs: tuple[str, ...] = ()
    """Extra intent folders, after the built-in ones; a later folder overrides an intent id."""
    builtin_intents: bool = True
    """Load the shipped intents first; false to use only your own folders."""
    match: MatchSettings = field(default_factory=MatchSettings)
    voice: VoiceSettings = field(default_factory=VoiceSettings)
    dialogue: DialogueSettings = field(default_factory=DialogueSettings)
    listen: ListenSettings = field(default_factory=ListenSettings)
    wake: WakeSettings = field(default_factory=WakeSettings)
    kiosk: KioskSettings = field(default_factory=KioskSettings)

    def inconsistencies(self) -> list[str]:
        """Problems between fields that each look fine on their own."""
        found: list[str] = []
        v, m = self.voice, self.match
        if not self.emergency_number.strip():
            found.append("'emergency_number' must not be empty")
        if not v.rate_min <= v.rate <= v.rate_max:
            found.append(
                f"'voice.rate' ({v.rate}) must lie between rate_min ({v.rate_min}) and rate_max ({v.rate_max})"
            )
        if not v.volume_min <= v.volume <= v.volume_max:
            found.append(
                f"'voice.volume' ({v.volume}) must lie between volume_min ({v.volume_min}) "
                f"and volume_max ({v.volume_max})"
            )
        if not self.wake.phrase.split():
            found.append("'wake.phrase' must not be empty")
        if m.short_question_words >= m.long_question_words:
            found.append("'match.short_question_words' must be less than 'match.long_question_words'")
        return found

    @classmethod
    def from_yaml(cls, text: str, path: str = "<config>") -> Config:
        doc, problems = parse_yaml(text, path)
        if doc is None:
            raise ConfigError(f"config {problems[0]}")
        config, problems = build(cls, doc.data, doc)
        if problems or config is None:
            more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
            raise ConfigError(f"config {problems[0]}{more}")
        for message in config.inconsistencies():
            raise ConfigError(f"config {path}: {message}")
        base = Path(path).parent if path != "<config>" else Path.cwd()
        dirs = tuple(str((base / d).resolve()) for d in config.intent_dirs)
        listen = config.listen
        if listen.model:
            listen = replace(listen, model=str((base / listen.model).resolve()))
        return replace(config, intent_dirs=dirs, listen=listen)

    @classmethod
    def from_file(cls, path: Path) -> Config:
        text, problems = read_text(path)
        if text is None:
            raise ConfigError(f"config {problems[0]}")
        return cls.from_yaml(text, str(path))


def default_config_path() -> Path:
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "voice-skill" / "config.yaml"


def load_config(path: Path | None = None) -> Config:
    """Load the config: an explicit path, else $VOICE_SKILL_CONFIG, else the user's file.

    An explicit or environment path must exist; the user's default file is optional.
    """
    if path is not None:
        return Config.from_file(path)
    env = os.environ.get(CONFIG_ENV)
    if env:
        return Config.from_file(Path(env))
    default = default_config_path()
    if default.is_file():
        return Config.from_file(default)
    return Config()
