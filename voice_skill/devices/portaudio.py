"""PortAudio through ``sounddevice``: imported here only, with an install hint when it is missing."""

from __future__ import annotations

from typing import Any

from ..base.errors import SkillError

PORTAUDIO_HINT = "sudo apt-get install libportaudio2; pip install sounddevice"


class DeviceError(SkillError):
    """An audio device (microphone, sound card) is missing or failed."""

    exit_code = 1


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
