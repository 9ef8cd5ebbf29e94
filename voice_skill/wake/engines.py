"""Opening the wake-phrase spotter that fits the question recogniser's engine."""

from __future__ import annotations

from ..asr import Recognizer, RecognizerError, pronunciations_file
from ..intent import IntentSet
from .settings import WakeSettings
from .spotter import WakeSpotter


def open_spotter(recognizer: Recognizer, intents: IntentSet, wake: WakeSettings) -> WakeSpotter:
    """A wake-phrase spotter for the engine of ``recognizer`` (sharing its Vosk model)."""
    if recognizer.name == "vosk":
        from ..asr.vosk_engine import VoskRecognizer
        from .vosk_spotter import vosk_spotter

        if not isinstance(recognizer, VoskRecognizer):
            raise RecognizerError("the Vosk wake-phrase spotter needs a Vosk recogniser")
        return vosk_spotter(recognizer, wake.phrase)
    from .pocketsphinx_spotter import PocketSphinxSpotter

    return PocketSphinxSpotter(wake.phrase, 10.0**wake.threshold_exponent, pronunciations_file(intents))
