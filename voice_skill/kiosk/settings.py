"""Kiosk settings (the ``kiosk:`` section)."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..wake import Trigger


@dataclass(frozen=True)
class KioskSettings:
    """``voice-skill kiosk``: unattended use in a waiting room."""

    trigger: Trigger = Trigger.ALWAYS
    """Answer every utterance (continuous listening), only after a key or the page's talk
    button (push), or after the wake phrase."""
    new_visitor_after_s: float = field(default=45.0, metadata={"min": 5, "max": 3600})
    """Quiet this long ends the conversation: the next visitor starts afresh (greeting,
    disclaimer, no memory, the captions cleared)."""
    greeting: bool = True
    """Greet each new visitor (and say the disclaimer) when their conversation starts."""
    show_question: bool = False
    """Show the visitor's words on the caption page ("You asked: ..."); false shows only the title of the
    matched topic, so a waiting room does not read what a stranger asked."""
    captions: bool = True
    """Serve the large-caption page."""
    captions_host: str = "127.0.0.1"
    """Address the caption page is served on (127.0.0.1: only this machine)."""
    captions_port: int = field(default=8080, metadata={"min": 0, "max": 65535})
    """Port of the caption page (0: any free port)."""
    restart_backoff_max_s: float = field(default=30.0, metadata={"min": 0.1, "max": 600})
    """Longest wait before reopening a failed microphone or restarting a failed speech engine."""
