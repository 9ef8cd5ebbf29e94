"""The speaker: answers spoken sentence by sentence, interruptible at any moment.

One worker thread takes utterances from a queue, renders each sentence with the
:class:`~voice_skill.tts.synthesis.Synthesizer` and plays it with the
:class:`~voice_skill.tts.playback.Player`. The worker never dies of an exception: a failure is
recorded in :attr:`Speaker.errors` and the next job is taken. The first sentence starts as soon as it is
rendered; :meth:`Speaker.stop` ("stop", a key, or the user starting to speak) cuts the
current block and drops what is queued.
"""

from __future__ import annotations

import queue
import re
import threading
from dataclasses import dataclass

from .earcons import earcon
from .playback import Player
from .synthesis import SpeechError, SpeechSettings, Synthesizer

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'(])")
WAIT_TIMEOUT_S = 120.0
"""The longest :meth:`Speaker.wait` blocks by default: far longer than any answer takes to say."""


def sentences(text: str) -> list[str]:
    """Split spoken text into sentences (so the first one can start at once)."""
    return [s.strip() for s in _SENTENCE_END.split(text.strip()) if s.strip()]


@dataclass(frozen=True)
class _Job:
    text: str | None
    settings: SpeechSettings
    cue: str | None = None


class Speaker:
    """Speaks text in the background; one owner of synthesis and playback."""

    def __init__(self, synthesizer: Synthesizer, player: Player, *, earcons: bool = True) -> None:
        self.synthesizer = synthesizer
        self.player = player
        self.earcons = earcons
        self.errors: list[str] = []
        self._jobs: queue.Queue[_Job | None] = queue.Queue()
        self._stop = threading.Event()
        self._idle = threading.Event()
        self._idle.set()
        self._pending = 0
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._run, name="voice-skill-speaker", daemon=True)
        self._thread.start()

    def say(self, text: str, settings: SpeechSettings) -> None:
        """Queue ``text``; returns at once."""
        self._enqueue(_Job(text, settings))

    def cue(self, kind: str, settings: SpeechSettings) -> None:
        """Queue an earcon ("listening" or "done"), unless earcons are off."""
        if self.earcons:
            self._enqueue(_Job(None, settings, cue=kind))

    def _enqueue(self, job: _Job) -> None:
        with self._lock:
            self._pending += 1
            self._idle.clear()
            self._stop.clear()
        self._jobs.put(job)

    def stop(self, settle_s: float = 1.0) -> None:
        """Stop speaking now and drop everything queued.

        Returns once the worker has let go of the current clip (one playback block, or
        ``settle_s`` at most), so that speech queued next cannot be cut by this stop.
        """
        with self._lock:
            self._stop.set()
            while True:
                try:
                    if self._jobs.get_nowait() is not None:
                        self._pending -= 1
                except queue.Empty:
                    break
            if self._pending == 0:
                self._idle.set()
        self._idle.wait(settle_s)

    def wait(self, timeout: float = WAIT_TIMEOUT_S) -> bool:
        """Block until everything queued was spoken (or stopped); False on timeout (then it is
        recorded in :attr:`errors` and speech is stopped, so the caller never hangs on a stuck engine)."""
        if self._idle.wait(timeout):
            return True
        self.errors.append(f"speech output did not finish within {timeout:g} s; it was stopped")
        self.stop()
        return False

    @property
    def speaking(self) -> bool:
        return not self._idle.is_set()

    def close(self) -> None:
        self.stop()
        self._jobs.put(None)
        self._thread.join(timeout=5)
        self.synthesizer.close()
        self.player.close()

    def _run(self) -> None:
        while True:
            job = self._jobs.get()
            if job is None:
                return
            try:
                self._speak(job)
            except SpeechError as exc:
                self.errors.append(str(exc))
            except Exception as exc:  # noqa: BLE001 - the worker must outlive any failure of an engine or device
                self.errors.append(f"speech output failed: {type(exc).__name__}: {exc}")
            finally:
                with self._lock:
                    self._pending -= 1
                    if self._pending <= 0:
                        self._pending = 0
                        self._idle.set()

    def _speak(self, job: _Job) -> None:
        if job.cue is not None:
            if not self._stop.is_set():
                self.player.play(earcon(job.cue, job.settings.volume), self._stop)
            return
        for sentence in sentences(job.text or ""):
            if self._stop.is_set():
                return
            audio = self.synthesizer.render(sentence, job.settings)
            if self._stop.is_set() or not self.player.play(audio, self._stop):
                return
