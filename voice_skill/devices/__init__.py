"""The only code that touches PortAudio or the terminal: the microphone (:mod:`.microphone`), file and
standard-input sources (:mod:`.sources`), push-to-talk keys (:mod:`.keys`) and sound out (:mod:`.output`)."""

from .keys import KeyReader
from .microphone import Microphone, input_devices
from .output import SoundDevicePlayer, open_output, open_speaker
from .portaudio import DeviceError, device_choice, open_sounddevice
from .sources import file_chunks, input_chunks, paced, raw_chunks

__all__ = [
    "DeviceError",
    "KeyReader",
    "Microphone",
    "SoundDevicePlayer",
    "device_choice",
    "file_chunks",
    "input_chunks",
    "input_devices",
    "open_output",
    "open_sounddevice",
    "open_speaker",
    "paced",
    "raw_chunks",
]
