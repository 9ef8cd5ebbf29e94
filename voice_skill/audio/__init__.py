"""Signal code, no devices: the audio value object and WAV files (:mod:`.format`), sample-rate
conversion (:mod:`.resample`), utterance cutting (:mod:`.endpoint`) and noise reduction (:mod:`.denoise`)."""

from .denoise import DenoiseSettings, NoiseReducer
from .endpoint import Endpointer, EndpointSettings, SpeechAudio, SpeechEnded, SpeechStarted
from .format import CHUNK_S, SPEECH_RATE, Audio, AudioError, chunked, decode_wav, from_pcm16, read_wav
from .resample import StreamResampler, for_speech, resample

__all__ = [
    "CHUNK_S",
    "SPEECH_RATE",
    "Audio",
    "AudioError",
    "DenoiseSettings",
    "EndpointSettings",
    "Endpointer",
    "NoiseReducer",
    "SpeechAudio",
    "SpeechEnded",
    "SpeechStarted",
    "StreamResampler",
    "chunked",
    "decode_wav",
    "for_speech",
    "from_pcm16",
    "read_wav",
    "resample",
]
