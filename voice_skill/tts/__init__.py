"""Speaking: the :class:`Synthesizer` seam (:mod:`.synthesis`) with pyttsx3 on espeak-ng
(:mod:`.pyttsx3_engine`), the :class:`Player` seam (:mod:`.playback`), the :class:`Speaker` that owns
both on one worker thread (:mod:`.speaker`), and earcons (:mod:`.earcons`)."""

from .earcons import earcon
from .playback import PlayedClip, Player, RecordingPlayer
from .settings import SpeechOutputSettings
from .speaker import Speaker, sentences
from .synthesis import SpeechError, SpeechSettings, Synthesizer, VoiceInfo, probe_espeak

__all__ = [
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
