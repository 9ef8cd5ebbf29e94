"""The only code that touches PortAudio or the terminal: the microphone (:mod:`.microphone`), file and
standard-input sources (:mod:`.sources`), push-to-talk keys (:mod:`.keys`), typed lines with editing and
history (:mod:`.typed`) and sound out (:mod:`.output`)."""

from .keys import KeyReader
from .microphone import Microphone
from .output import SoundDevicePlayer, open_output, open_speaker
from .portaudio import AudioDevice, DeviceError, DeviceKind, audio_devices, device_choice, open_sounddevice
from .sources import file_chunks, input_chunks, paced, raw_chunks
from .typed import LineEditor

__all__ = [
    "AudioDevice",
    "DeviceError",
    "DeviceKind",
    "KeyReader",
    "LineEditor",
    "Microphone",
    "SoundDevicePlayer",
    "audio_devices",
    "device_choice",
    "file_chunks",
    "input_chunks",
    "open_output",
    "open_sounddevice",
    "open_speaker",
    "paced",
    "raw_chunks",
]
