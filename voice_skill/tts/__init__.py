"""Speaking: the :class:`Synthesizer` seam (:mod:`.synthesis`) with pyttsx3 on espeak-ng
(:mod:`.pyttsx3_engine`), the :class:`Player` seam (:mod:`.playback`), the :class:`Speaker` that owns
both on one worker thread (:mod:`.speaker`), earcons (:mod:`.earcons`), and the tap on what is played
(:mod:`.tap`)."""

from .earcons import earcon
from .playback import PlayedClip, Player, RecordingPlayer
from .settings import SpeechOutputSettings
from .speaker import Speaker, sentences
from .synthesis import SpeechError, SpeechSettings, Synthesizer, VoiceInfo, probe_espeak
from .tap import PlaybackTap

__all__ = [
    "PlaybackTap",
    "PlayedClip",
    "Player",
    "RecordingPlayer",
    "Speaker",
    "SpeechError",
    "SpeechOutputSettings",
    "SpeechSettings",
    "Synthesizer",
    "VoiceInfo",
    "earcon",
    "probe_espeak",
    "sentences",
]
