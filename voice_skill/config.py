"""Configuration: one YAML file, validated against the components' settings dataclasses.

Each component owns its settings (``MatchSettings`` in :mod:`voice_skill.intent`,
``EndpointSettings`` in :mod:`voice_skill.audio`, ...); this module only composes them into the
file's sections and loads the YAML. The README's configuration reference documents the same fields.
"""

from __future__ import annotations

import os
from collections.abc import Collection
from dataclasses import dataclass, field, replace
from pathlib import Path

from .asr import RecognizerSettings
from .audio import DenoiseSettings, EndpointSettings
from .base.errors import ConfigError, Problem
from .base.schema import Mismatch, build
from .base.yamlio import parse_yaml, read_text
from .dialogue import DialogueSettings, VoiceRange
from .intent import MatchSettings, available_languages
from .kiosk.settings import KioskSettings
from .tts import SpeechOutputSettings
from .wake import WakeSettings

CONFIG_ENV = "VOICE_SKILL_CONFIG"


@dataclass(frozen=True)
class VoiceSettings(VoiceRange, SpeechOutputSettings):
    """The ``voice:`` section: the conversation's rate and volume (:class:`VoiceRange`) and the
    voice, device and engine limits of speech output (:class:`SpeechOutputSettings`)."""


@dataclass(frozen=True)
class ListenSettings(RecognizerSettings):
    """The ``listen:`` section: the recogniser (:class:`RecognizerSettings`), the microphone,
    utterance cutting and noise reduction."""

    input_device: str | None = None
    """Microphone (name or index, see ``voice-skill devices``); empty: the default."""
    endpoint: EndpointSettings = field(default_factory=EndpointSettings)
    """How utterances are cut from the audio."""
    denoise: DenoiseSettings = field(default_factory=DenoiseSettings)
    """Noise reduction before recognition."""


@dataclass(frozen=True)
class Config:
    """The whole configuration file."""

    emergency_number: str = "911"
    """Said at the end of every urgent answer ("If it feels like an emergency, call 911.")."""
    crisis_line: str = "988"
    """Named when someone speaks of harming themselves ("Please call or text 988"; 988 is the US line)."""
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

    def inconsistencies(self, written: Collection[str] = ()) -> list[Mismatch]:
        """Problems between fields that each look fine on their own, each blaming a key the file sets
        (``written``: the dotted keys it holds)."""
        found: list[Mismatch] = []
        for key in ("emergency_number", "crisis_line"):
            if not getattr(self, key).strip():
                found.append(Mismatch(key, f"'{key}' must not be empty"))
        if self.builtin_intents and self.language not in available_languages():
            shipped = ", ".join(available_languages()) or "none"
            found.append(
                Mismatch("language", f"no built-in intents for language '{self.language}' (available: {shipped})")
            )
        found += self.voice.problems("voice", written)
        found += self.wake.problems("wake", written)
        found += self.match.problems("match", written)
        return found

    @classmethod
    def from_yaml(cls, text: str, path: str = "<config>") -> Config:
        doc, problems = parse_yaml(text, path)
        if doc is None:
            raise ConfigError(f"config {problems[0]}")
        config, invalid = build(cls, doc.data, doc)
        problems += invalid
        if config is not None and not problems:
            written = {".".join(map(str, key)) for key in doc.lines}
            for mismatch in config.inconsistencies(written):
                problems.append(Problem(path, doc.line(*mismatch.key.split(".")), mismatch.message))
        if problems or config is None:
            more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
            raise ConfigError(f"config {problems[0]}{more}")
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
