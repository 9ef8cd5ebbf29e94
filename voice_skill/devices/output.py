"""Sound out: the PortAudio player, and opening a :class:`~voice_skill.tts.Speaker` on the output device."""

from __future__ import annotations

import threading
from contextlib import closing
from typing import Any

from ..audio import Audio
from ..tts import Player, Speaker, SpeechError, SpeechOutputSettings, probe_espeak
from .portaudio import DeviceError, device_choice, open_sounddevice


class SoundDevicePlayer(Player):
    """PortAudio output through ``sounddevice``."""

    def __init__(self, sd: Any, device: int | str | None = None) -> None:
        self._sd = sd
        self.device = device

    def play(self, audio: Audio, stop: threading.Event) -> bool:
        try:
            with (
                self._sd.OutputStream(
                    samplerate=audio.rate, channels=1, dtype="int16", device=self.device, blocksize=0
                ) as stream,
                closing(self.blocks(audio)) as played,
            ):
                for block in played:
                    if stop.is_set():
                        stream.abort()
                        return False
                    stream.write(block.reshape(-1, 1))
        except self._sd.PortAudioError as exc:
            raise SpeechError(f"audio output failed: {exc}") from None
        return True


def open_output(device: int | str | None = None) -> Player | None:
    """A player for the default (or given) output device, or None when the machine has none (a server,
    a container: the caller shows captions instead). Missing PortAudio or sounddevice is a
    :class:`SpeechError` naming what to install, not "no device"."""
    try:
        sd = open_sounddevice("speech output")
    except DeviceError as exc:
        raise SpeechError(str(exc)) from None
    try:
        sd.query_devices(device, kind="output")
    except (sd.PortAudioError, ValueError):
        if device is not None:
            raise SpeechError(f"unknown audio output device '{device}'") from None
        return None
    return SoundDevicePlayer(sd, device)


def open_speaker(settings: SpeechOutputSettings, player: Player | None = None) -> Speaker | None:
    """A speaker on the configured output device (or ``player``); None when there is no device.

    A missing espeak-ng library is a :class:`SpeechError` naming the package to install.
    """
    from ..tts.pyttsx3_engine import Pyttsx3Synthesizer

    probe_espeak()
    if player is None:
        player = open_output(device_choice(settings.output_device))
    if player is None:
        return None
    return Speaker(Pyttsx3Synthesizer(timeout_s=settings.synthesis_timeout_s), player, earcons=settings.earcons)
