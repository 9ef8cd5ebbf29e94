"""pyttsx3 on espeak-ng, in a child process that owns the engine on one thread, fed by a queue.

That keeps pyttsx3's known traps away from the user: a second ``runAndWait()`` that never
returns (the child is killed and restarted after ``timeout_s``), "run loop already
started" and cross-thread use (one owner), a ``save_to_file`` that writes nothing
(checked, retried once on a fresh engine), and its own prints (the child's output goes to
/dev/null).
"""

from __future__ import annotations

import multiprocessing as mp
import os
import queue
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from ..audio import Audio, AudioError, decode_wav
from .synthesis import SpeechError, SpeechSettings, Synthesizer, VoiceInfo, probe_espeak

_START_TIMEOUT_S = 30.0
_FILE_WAIT_S = 5.0


def _silence_output() -> None:
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.dup2(devnull, 2)


def _apply_settings(engine: Any, rate: int, volume: float, voice: str | None) -> None:
    """Set rate, volume and voice, and make sure espeak-ng took them.

    In pyttsx3's retrieval mode espeak-ng applies parameters asynchronously and, after a
    synthesis, can leave them pending: every answer would then keep the first rate. Waiting
    for espeak-ng's queue (``Synchronize``) and reading the values back makes it reliable.
    """
    from pyttsx3.drivers import _espeak  # pyttsx3's own espeak-ng binding

    want_volume = round(volume * 100)
    engine.setProperty("rate", rate)
    engine.setProperty("volume", volume)
    if voice:
        engine.setProperty("voice", voice)
    for _ in range(3):
        _espeak.SetParameter(_espeak.RATE, rate, 0)
        _espeak.SetParameter(_espeak.VOLUME, want_volume, 0)
        _espeak.Synchronize()
        if _espeak.GetParameter(_espeak.RATE) == rate and _espeak.GetParameter(_espeak.VOLUME) == want_volume:
            return
    raise RuntimeError(f"espeak-ng did not accept rate {rate} and volume {volume}")


def _render_file(engine: Any, text: str, target: Path) -> bytes:
    """Render ``text`` to ``target`` and return its bytes (empty if nothing was written).

    espeak-ng writes the file from its own thread when the utterance ends, which can be
    just after ``runAndWait`` returns: wait until the file exists and stops growing.
    """
    engine.save_to_file(text, str(target))
    engine.runAndWait()
    deadline = time.monotonic() + _FILE_WAIT_S
    size = -1
    while time.monotonic() < deadline:
        current = target.stat().st_size if target.exists() else -1
        if current > 44 and current == size:
            break
        size = current
        time.sleep(0.005)
    data = target.read_bytes() if target.exists() else b""
    target.unlink(missing_ok=True)
    return data


def _engine_worker(requests: Any, replies: Any) -> None:
    """Child process: owns the pyttsx3 engine on its main thread."""
    _silence_output()
    try:
        import pyttsx3

        engine = pyttsx3.init("espeak")
    except Exception as exc:  # noqa: BLE001 - any init failure is reported to the parent
        replies.put((0, "error", f"{type(exc).__name__}: {exc}"))
        return
    workdir = Path(tempfile.mkdtemp(prefix="voice-skill-tts-"))
    # The first runAndWait of a new engine can return before espeak-ng has finished:
    # warm it up once so every real answer meets a settled engine.
    _render_file(engine, "ready", workdir / "warmup.wav")
    replies.put((0, "ok", None))
    try:
        while True:
            message = requests.get()
            if message is None:
                break
            seq, kind, payload = message
            try:
                if kind == "voices":
                    found = [(v.id, v.name or v.id, tuple(v.languages or ())) for v in engine.getProperty("voices")]
                    replies.put((seq, "ok", found))
                    continue
                text, rate, volume, voice = payload
                _apply_settings(engine, rate, volume, voice)
                replies.put((seq, "ok", _render_file(engine, text, workdir / f"{seq}.wav")))
            except Exception as exc:  # noqa: BLE001 - reported to the parent, the loop goes on
                replies.put((seq, "error", f"{type(exc).__name__}: {exc}"))
    finally:
        for leftover in workdir.glob("*"):
            leftover.unlink(missing_ok=True)
        workdir.rmdir()


class Pyttsx3Synthesizer(Synthesizer):
    """pyttsx3 on espeak-ng, in a child process that is restarted if it hangs or dies."""

    def __init__(self, timeout_s: float = 10.0) -> None:
        probe_espeak()
        self.timeout_s = timeout_s
        self.restarts = 0
        self._lock = threading.Lock()
        self._seq = 0
        self._context = mp.get_context("spawn")
        self._proc: Any = None
        self._voices: list[VoiceInfo] | None = None
        self._start()

    def _start(self) -> None:
        self._requests = self._context.Queue()
        self._replies = self._context.Queue()
        self._proc = self._context.Process(
            target=_engine_worker, args=(self._requests, self._replies), name="voice-skill-tts", daemon=True
        )
        self._proc.start()
        try:
            _, status, detail = self._replies.get(timeout=_START_TIMEOUT_S)
        except queue.Empty:
            self._kill()
            raise SpeechError("the speech engine did not start (pyttsx3 on espeak-ng)") from None
        if status != "ok":
            self._kill()
            raise SpeechError(f"the speech engine failed to start: {detail}")

    def _kill(self) -> None:
        if self._proc is not None and self._proc.is_alive():
            self._proc.kill()
        if self._proc is not None:
            self._proc.join(timeout=5)
        self._proc = None

    def _restart(self) -> None:
        self._kill()
        self.restarts += 1
        self._start()

    def _call(self, kind: str, payload: Any) -> Any:
        with self._lock:
            if self._proc is None or not self._proc.is_alive():
                self._restart()
            self._seq += 1
            seq = self._seq
            self._requests.put((seq, kind, payload))
            while True:
                try:
                    got, status, detail = self._replies.get(timeout=self.timeout_s)
                except queue.Empty:
                    self._restart()
                    raise SpeechError(
                        f"speech synthesis took longer than {self.timeout_s:g} s; the engine was restarted"
                    ) from None
                if got == seq:
                    break
            if status != "ok":
                raise SpeechError(f"speech synthesis failed: {detail}")
            return detail

    def voices(self) -> list[VoiceInfo]:
        if self._voices is None:
            self._voices = [VoiceInfo(i, n, tuple(map(str, langs))) for i, n, langs in self._call("voices", None)]
        return list(self._voices)

    def render(self, text: str, settings: SpeechSettings) -> Audio:
        if not text.strip():
            raise SpeechError("nothing to say: the text is empty")
        if settings.voice and settings.voice not in {v.id for v in self.voices()} | {v.name for v in self.voices()}:
            raise SpeechError(f"unknown voice '{settings.voice}' (see 'voice-skill voices')")
        payload = (text, settings.rate, settings.volume, settings.voice)
        for attempt in range(2):
            data = self._call("render", payload)
            try:
                return decode_wav(data, "synthesised speech")
            except AudioError:
                if attempt == 0:
                    self._restart()  # save_to_file wrote nothing: try once on a fresh engine
        raise SpeechError("speech synthesis produced no audio, twice")

    def close(self) -> None:
        with self._lock:
            if self._proc is not None and self._proc.is_alive():
                self._requests.put(None)
                self._proc.join(timeout=2)
            self._kill()

    def __enter__(self) -> Pyttsx3Synthesizer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
