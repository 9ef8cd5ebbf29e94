"""The skill: intents, matcher and configuration put together once at start-up."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from .config import Config
from .dialogue import Conversation
from .intents import IntentSet, builtin_intent_dir
from .match import Matcher


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
        return Conversation(self.intents, self.matcher, self.config, clock=clock)
