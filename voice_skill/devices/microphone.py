"""The microphone: a live input stream through PortAudio (``sounddevice``).

As in Vosk's microphone example, the audio callback only puts bytes on a queue; :meth:`Microphone.chunks`
consumes them, converting the device's rate to 16 kHz as one continuous stream.
"""

from __future__ import annotations

import contextlib
import queue
import time
from collections.abc import Callable, Iterator
from typing import Any

import numpy as np

from ..audio import CHUNK_S, SPEECH_RATE, StreamResampler, from_pcm16
from ..base.backoff import Backoff
from .portaudio import DeviceError, open_sounddevice

QUEUE_POLL_S = 2.0
"""How long the consumer waits for audio before checking that the stream still runs."""


class Microphone:
    """A live input stream. The audio callback only queues bytes; :meth:`chunks` consumes them.

    A device that disappears mid-stream is reported through ``on_problem`` and reopened
    with growing back-off, up to ``retries`` times.
    """

    def __init__(
        self,
        device: int | str | None = None,
        retries: int = 5,
        on_problem: Callable[[str], None] | None = None,
        sd: Any = None,
        max_wait_s: float = 8.0,
        sleep: Callable[[float], None] | None = None,
    ) -> None:
        if sd is None:
            sd = open_sounddevice()
        self._sd = sd
        self.device = device
        self.retries = retries
        self.backoff = Backoff(max_s=max_wait_s)
        self.on_problem = on_problem or (lambda message: None)
        self.sleep = sleep if sleep is not None else time.sleep
        """Waits out the back-off between attempts (a kiosk passes one that keeps systemd's watchdog fed)."""
        self._queue: queue.Queue[tuple[bytes, float] | None] = queue.Queue()
        self.chunk_ended_at: float | None = None
        """When the audio of the chunk :meth:`chunks` yielded last was delivered (``time.monotonic()``; the
        echo canceller lines the microphone up with the loudspeaker by it)."""
        self._stream: Any = None
        self._stopped = False
        info = self._input_info()
        self.device_rate = int(info.get("default_samplerate") or SPEECH_RATE)

    def _input_info(self) -> dict[str, Any]:
        try:
            info = self._sd.query_devices(self.device, kind="input")
        except (self._sd.PortAudioError, ValueError):
            which = f"'{self.device}'" if self.device is not None else "(default)"
            raise DeviceError(
                f"no microphone {which} found; 'voice-skill devices' lists inputs, or use --input FILE"
            ) from None
        return dict(info)

    def _callback(self, indata: Any, frames: int, time_info: Any, status: Any) -> None:
        self._queue.put((bytes(indata), time.monotonic()))

    def _open(self) -> None:
        self._stream = self._sd.RawInputStream(
            samplerate=self.device_rate,
            channels=1,
            dtype="int16",
            device=self.device,
            blocksize=int(self.device_rate * CHUNK_S),
            callback=self._callback,
        )
        self._stream.start()

    def stop(self) -> None:
        self._stopped = True
        self._queue.put(None)

    def discard_pending(self) -> None:
        """Drop audio queued so far (what the microphone heard while the skill spoke)."""
        while True:
            try:
                item = self._queue.get_nowait()
            except queue.Empty:
                return
            if item is None:  # keep a stop request
                self._queue.put(None)
                return

    def chunks(self) -> Iterator[np.ndarray]:
        attempt = 0
        while not self._stopped:
            # One resampler per stream: its filter state joins the blocks seamlessly; what it still
            # holds when the stream ends (a few milliseconds) is handed on before the device is reopened.
            resampler = StreamResampler(self.device_rate, SPEECH_RATE)
            try:
                self._open()
                while not self._stopped:
                    try:
                        data = self._queue.get(timeout=QUEUE_POLL_S)
                    except queue.Empty:
                        if self._stream is not None and not self._stream.active:
                            raise self._sd.PortAudioError("the input stream stopped") from None
                        continue
                    if data is None:
                        break
                    attempt = 0  # audio flows again: the next failure starts a fresh count
                    raw, self.chunk_ended_at = data
                    yield resampler.process(from_pcm16(raw, self.device_rate).samples)
                yield resampler.flush()
            except self._sd.PortAudioError as exc:
                yield resampler.flush()
                attempt += 1
                if attempt > self.retries:
                    raise DeviceError(f"the microphone failed {attempt} times; last error: {exc}") from None
                wait = self.backoff.delay(attempt)
                self.on_problem(f"microphone problem ({exc}); retrying in {wait:g} s")
                self.sleep(wait)
            finally:
                if self._stream is not None:
                    with contextlib.suppress(self._sd.PortAudioError):
                        self._stream.close()
                    self._stream = None
