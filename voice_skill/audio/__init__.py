"""Signal code, no devices: the audio value object and WAV files (:mod:`.format`, :mod:`.wavfile`), sample-rate
conversion (:mod:`.resample`), utterance cutting (:mod:`.endpoint`) and noise reduction (:mod:`.denoise`)."""

from .denoise import DenoiseSettings, NoiseReducer
from .echo import EchoCanceller, EchoError, EchoSettings
from .endpoint import Endpointer, EndpointSettings, SpeechAudio, SpeechEnded, SpeechPaused, SpeechResumed, SpeechStarted
from .format import (
    CHUNK_S,
    SPEECH_RATE,
    Audio,
    AudioError,
    OutputExists,
    check_wav_target,
    chunked,
    from_pcm16,
    is_wav_file,
)
from .resample import StreamResampler, for_speech, resample
from .vad import SileroVAD, VadError, VadKind, VoiceActivity, open_vad
from .wavfile import BLOCK_S, WavReader, decode_wav, read_wav

__all__ = [
    "BLOCK_S",
    "CHUNK_S",
    "SPEECH_RATE",
    "Audio",
    "AudioError",
    "DenoiseSettings",
    "EchoCanceller",
    "EchoError",
    "EchoSettings",
    "EndpointSettings",
    "Endpointer",
    "NoiseReducer",
    "OutputExists",
    "SileroVAD",
    "SpeechAudio",
    "SpeechEnded",
    "SpeechPaused",
    "SpeechResumed",
    "SpeechStarted",
    "StreamResampler",
    "VadError",
    "VadKind",
    "VoiceActivity",
    "WavReader",
    "check_wav_target",
    "chunked",
    "decode_wav",
    "for_speech",
    "from_pcm16",
    "is_wav_file",
    "open_vad",
    "read_wav",
    "resample",
]
