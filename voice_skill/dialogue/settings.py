"""How a conversation behaves (the ``dialogue`` settings) and the range its voice moves in (``voice``)."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field

from ..base.schema import Mismatch, order_mismatch


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
class VoiceRange:
    """The conversation's speech rate and volume: where they start and how "slower", "faster",
    "louder" and "quieter" move them."""

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

    def problems(self, section: str = "voice", written: Collection[str] = ()) -> list[Mismatch]:
        """Values that each look fine but do not fit together, blaming a key the file sets (``written``)."""
        key = f"{section}." if section else ""
        found = []
        for name in ("rate", "volume"):
            names = (f"{name}_min", name, f"{name}_max")
            low, value, high = ((f"{key}{field_name}", getattr(self, field_name)) for field_name in names)
            mismatch = order_mismatch(low, value, high, written)
            if mismatch is not None:
                found.append(mismatch)
        return found
