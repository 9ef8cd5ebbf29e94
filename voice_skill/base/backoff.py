"""The one back-off rule for everything that is retried (a microphone, a speech engine)."""

from __future__ import annotations

from dataclasses import dataclass

FIRST_WAIT_S = 0.5
"""The first wait before a retry; each further failure doubles it, up to the ceiling."""
_MAX_DOUBLINGS = 30


@dataclass(frozen=True)
class Backoff:
    """Waits that double from ``first_s`` up to ``max_s``."""

    max_s: float
    first_s: float = FIRST_WAIT_S

    def delay(self, attempt: int) -> float:
        """The wait before retry number ``attempt`` (1 for the first retry)."""
        return min(self.max_s, self.first_s * 2.0 ** min(max(attempt, 1) - 1, _MAX_DOUBLINGS))
