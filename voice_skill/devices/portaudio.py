"""PortAudio through ``sounddevice``: imported here only, with an install hint when it is missing."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from ..base.errors import SkillError

PORTAUDIO_HINT = "sudo apt-get install libportaudio2; pip install sounddevice"


class DeviceError(SkillError):
    """An audio device (microphone, sound card) is missing or failed, or PortAudio is not installed."""

    exit_code = 10


def open_sounddevice(purpose: str = "audio input") -> Any:
    """Import sounddevice (PortAudio), or fail with an install hint naming what needs it."""
    try:
        import sounddevice as sd
    except (ImportError, OSError):
        raise DeviceError(f"{purpose} needs PortAudio and sounddevice: {PORTAUDIO_HINT}") from None
    return sd


def device_choice(text: str | None) -> int | str | None:
    """An audio device as the user typed it: digits are an index, anything else a name (None: the default)."""
    return int(text) if text is not None and text.isdigit() else text


class DeviceKind(StrEnum):
    INPUT = "input"
    OUTPUT = "output"


@dataclass(frozen=True)
class AudioDevice:
    """One side of a device PortAudio sees: a sound card with a microphone and a speaker is listed twice."""

    index: int
    """What ``--device``, ``listen.input_device`` and ``voice.output_device`` take (as do names)."""
    name: str
    kind: DeviceKind
    channels: int
    default_samplerate: float

    def to_json(self) -> dict[str, object]:
        return {
            "index": self.index,
            "name": self.name,
            "kind": self.kind.value,
            "channels": self.channels,
            "default_samplerate": self.default_samplerate,
        }


_CHANNELS = {DeviceKind.INPUT: "max_input_channels", DeviceKind.OUTPUT: "max_output_channels"}
"""Where PortAudio says how many channels each side of a device has."""


def audio_devices() -> list[AudioDevice]:
    """The audio inputs (microphones), then the outputs (speakers), PortAudio sees; none without a sound card."""
    sd = open_sounddevice("listing audio devices")
    try:
        found = sd.query_devices()
    except sd.PortAudioError:
        return []
    return [
        AudioDevice(index, d["name"], kind, d[key], d["default_samplerate"])
        for kind, key in _CHANNELS.items()
        for index, d in enumerate(found)
        if d.get(key, 0) > 0
    ]
