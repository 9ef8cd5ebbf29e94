"""Full-duplex listening: while the skill speaks, "stop", "wait" or the wake phrase said over it stops the answer.

Half-duplex listening drops everything the microphone hears while the skill speaks. :class:`Duplex` keeps
reading the microphone meanwhile and feeds it, with what the loudspeaker played in the same time (a
:class:`~voice_skill.tts.PlaybackTap` on the speaker's player), to :class:`~voice_skill.wake.BargeIn`: the echo
canceller takes the skill's own voice out, and keyword spotting hears only the stop words and the wake phrase.
When one is heard the speaker is stopped at once. Only chunks during which something was played are listened
to (not the pauses while the next sentence is synthesised). Everything else heard while speaking is still
dropped: those microphone chunks never reach the :class:`~voice_skill.pipeline.Listener`, whose clock skips them, so a
follow-up right after "stop" needs no wake phrase (as after an answer).

:func:`open_duplex` decides whether listening is full duplex: ``wake.barge_in.enabled``, a speaker, and
libspeexdsp (missing, it says so once through ``on_note`` and listening stays half-duplex).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np

from .asr import RecognizerError
from .audio import EchoError
from .tts import PlaybackTap, Speaker
from .wake import BargeIn, BargeInSettings, Interrupted


class Duplex:
    """Speaks an answer while listening for the stop words over it. One per speaker."""

    def __init__(self, speaker: Speaker, barge: BargeIn, tap: PlaybackTap | None = None) -> None:
        self.speaker = speaker
        self.barge = barge
        self.tap = tap if tap is not None else PlaybackTap()
        speaker.player.attach(self.tap)

    def speak(
        self, say: Callable[[], None], chunks: Iterator[np.ndarray], ended_at: Callable[[], float | None] = lambda: None
    ) -> Interrupted | None:
        """Start speaking (``say`` queues the answer on the speaker) and read ``chunks`` (16 kHz microphone
        audio, live: nothing queued from before) until the answer has been played; a stop word heard over
        it stops the speaker at once and is returned. The chunks read are consumed: nobody else hears them.
        ``ended_at`` tells when the chunk just read ended (``time.monotonic()``; None: when it was read), which
        lines the microphone up with what was played."""
        self.tap.clear()
        say()
        self.barge.start()
        try:
            while self.speaker.speaking or self.tap.ahead():
                chunk = next(chunks, None)
                if chunk is None:  # the microphone stopped
                    return None
                if not len(chunk):
                    continue
                played = self.tap.take(len(chunk), ended_at())
                if not np.any(played):
                    # Nothing played meanwhile (the next sentence is being synthesised): nothing to talk over. Both
                    # streams skip it, so the canceller and the spotter hear the skill's voice without the pauses.
                    continue
                hit = self.barge.feed(chunk, played)
                if hit is not None:
                    self.speaker.stop()
                    return hit
            return None
        finally:
            self.barge.stop()

    def close(self) -> None:
        self.barge.close()


def open_duplex(
    settings: BargeInSettings,
    phrase: str,
    pronunciations: Path | None,
    speaker: Speaker | None,
    on_note: Callable[[str], None],
) -> Duplex | None:
    """Full-duplex listening on ``speaker``, or None (half-duplex): barge-in disabled, no speaker, or barge-in
    unavailable (libspeexdsp or PocketSphinx missing: said through ``on_note``, one line)."""
    if not settings.enabled or speaker is None:
        return None
    try:
        barge = BargeIn(settings, phrase, pronunciations)
    except (EchoError, RecognizerError) as exc:
        on_note(f"barge-in off (answers cannot be stopped by voice): {exc}")
        return None
    return Duplex(speaker, barge)
