"""The skill: the composition root. The configuration, the intents and the matcher are put together
once at start-up, and every stage is built from them with the configured settings."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from .asr import Recognizer
from .config import Config
from .dialogue import Conversation
from .intent import IntentSet, Matcher, builtin_intent_dir
from .pipeline import Listener
from .wake import Attention, WakeSpotter


def intent_paths(config: Config, extra: Sequence[Path] = ()) -> list[Path]:
    """The intent folders in load order: built-in, the config's, then ``extra``."""
    paths: list[Path] = []
    if config.builtin_intents:
        paths.append(builtin_intent_dir(config.language))
    paths.extend(Path(p) for p in config.intent_dirs)
    paths.extend(extra)
    return paths


@dataclass(frozen=True)
class Skill:
    """A loaded skill. Create conversations from it; it is safe to share (read-only)."""

    config: Config
    intents: IntentSet
    matcher: Matcher

    @classmethod
    def load(cls, config: Config | None = None, extra_intents: Sequence[Path] = ()) -> Skill:
        config = config or Config()
        intents = IntentSet.from_files(intent_paths(config, extra_intents))
        return cls.from_intents(intents, config)

    @classmethod
    def from_intents(cls, intents: IntentSet, config: Config | None = None) -> Skill:
        config = config or Config()
        return cls(config=config, intents=intents, matcher=Matcher(intents, config.match))

    def conversation(self, clock: Callable[[], float] = time.monotonic) -> Conversation:
        """A fresh conversation with the configured dialogue, voice and emergency number."""
        c = self.config
        return Conversation(
            self.intents, self.matcher, c.dialogue, c.voice, c.emergency_number, clock=clock, crisis_line=c.crisis_line
        )

    def listener(
        self,
        recognizer: Recognizer,
        conversation: Conversation | None = None,
        *,
        attention: Attention | None = None,
        spotter: WakeSpotter | None = None,
        on_event: Callable[[object], None] | None = None,
    ) -> Listener:
        """A listener with the configured endpointing and noise reduction (a fresh conversation unless given)."""
        listen = self.config.listen
        return Listener(
            recognizer,
            conversation or self.conversation(),
            self.intents.normalizer,
            listen.endpoint,
            on_event=on_event,
            attention=attention,
            spotter=spotter,
            denoise=listen.denoise,
        )
