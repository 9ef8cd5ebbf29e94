"""Speech output settings (the device part of the ``voice:`` section)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class SpeechOutputSettings:
    """Which voice speaks, where to, and how long a synthesis may take."""

    voice: str | None = None
    """Voice name or id for the speech engine (see ``voice-skill voices``); empty: the default."""
    earcons: bool = True
    """Short tones when the skill starts and stops listening."""
    output_device: str | None = None
    """Audio output device (name or index, see ``voice-skill devices``); empty: the default."""
    synthesis_timeout_s: float = field(default=10.0, metadata={"min": 0.5, "max": 120})
    """A synthesis taking longer is abandoned and the engine restarted."""
