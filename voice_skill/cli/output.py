"""What the commands show and say: printed lines, spoken answers, progress bars."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TextIO

from ..config import Config
from ..devices import open_speaker
from ..dialogue import Response
from ..pipeline import Heard
from ..tts import Speaker, SpeechSettings
from .parser import PROG


@dataclass
class Out:
    out: TextIO
    err: TextIO

    def line(self, text: str = "") -> None:
        print(text, file=self.out, flush=True)

    def error(self, text: str) -> None:
        print(f"{PROG}: error: {text}", file=self.err, flush=True)

    def note(self, text: str) -> None:
        print(f"{PROG}: note: {text}", file=self.err, flush=True)


class Mouth:
    """Speaks responses when a speaker is available; captions are printed regardless."""

    def __init__(self, config: Config, io: Out, enabled: bool) -> None:
        self.config = config
        self.io = io
        self.enabled = enabled
        self._speaker: Speaker | None = None
        self._opened = False

    def _open(self) -> Speaker | None:
        if not self._opened:
            self._opened = True
            self._speaker = open_speaker(self.config.voice)
            if self._speaker is None:
                self.io.note("no audio output device found; showing captions only (--no-speak hides this note)")
        return self._speaker

    def speaker(self) -> Speaker | None:
        """The speaker (opened now), or None when speech output is off or there is no output device."""
        return self._open() if self.enabled else None

    def say(self, response: Response) -> None:
        if not self.enabled or not response.answer:
            return
        speaker = self._open()
        if speaker is not None:
            settings = SpeechSettings(response.voice.rate, response.voice.volume, self.config.voice.voice)
            speaker.say(response.answer, settings)

    def cue(self, kind: str) -> None:
        """An earcon ("listening" / "done"), where speech output is on."""
        if not self.enabled:
            return
        speaker = self._open()
        if speaker is not None:
            v = self.config.voice
            speaker.cue(kind, SpeechSettings(v.rate, v.volume, v.voice))

    def stop(self) -> None:
        if self._speaker is not None:
            self._speaker.stop()

    def wait(self) -> None:
        if self._speaker is not None:
            self._speaker.wait()
            for problem in self._speaker.errors:
                self.io.error(problem)
            self._speaker.errors.clear()

    def close(self) -> None:
        if self._speaker is not None:
            self._speaker.close()


def emit(io: Out, response: Response, as_json: bool, explain: bool = False) -> None:
    if as_json:
        io.line(json.dumps(response.to_json(), ensure_ascii=False))
        return
    if response.answer:
        io.line(response.answer)
    if explain and response.evidence is not None:
        io.line(f"  why: {response.intent} ({response.decision.value}): {response.evidence.detail}")


def emit_heard(io: Out, heard: Heard, as_json: bool) -> None:
    if as_json:
        io.line(json.dumps(heard.to_json(), ensure_ascii=False))
        return
    io.line(f"heard: {heard.transcript.text}")
    if heard.response.answer:
        io.line(heard.response.answer)


class ProgressBar:
    """A progress bar on standard error: redrawn in place on a terminal, a few lines otherwise."""

    def __init__(self, stream: TextIO, label: str, unit: str = "MB", scale: float = 1e6) -> None:
        self.stream = stream
        self.label = label
        self.unit = unit
        self.scale = scale
        self.tty = stream.isatty()
        self._last = -1

    def __call__(self, done: int, total: int) -> None:
        percent = int(100 * done / total) if total else 0
        step = percent if self.tty else percent // 25 * 25
        if step == self._last:
            return
        self._last = step
        filled = percent * 30 // 100
        amount = f"{done / self.scale:.1f}/{total / self.scale:.1f}" if self.scale != 1 else f"{done}/{total}"
        text = f"{self.label} [{'#' * filled}{'.' * (30 - filled)}] {percent:3d}% {amount} {self.unit}"
        self.stream.write(("\r" + text) if self.tty else text + "\n")
        self.stream.flush()

    def done(self) -> None:
        if self.tty and self._last >= 0:
            self.stream.write("\n")
            self.stream.flush()
