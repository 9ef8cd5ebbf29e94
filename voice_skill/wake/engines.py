"""Opening the wake-phrase spotter that fits the question recogniser's engine, and its second look."""

from __future__ import annotations

from ..asr import Recognizer, RecognizerError, pronunciations_file, read_pronunciations
from ..intent import IntentSet
from .confirm import ConfirmedSpotter, PhraseCheck, ScoreCheck, SoundsLike, StrongSpot, TranscriptCheck
from .settings import Confirm, RecoverGate, WakeSettings
from .spotter import WakeSpotter, phrase_words


def open_spotter(recognizer: Recognizer, intents: IntentSet, wake: WakeSettings) -> WakeSpotter:
    """A wake-phrase spotter for the engine of ``recognizer`` (sharing its Vosk model), checked by
    Whisper before waking unless ``wake.confirm`` is ``none``."""
    spotter = _open_spotter(recognizer, intents, wake)
    if wake.confirm is Confirm.NONE:
        return spotter
    return ConfirmedSpotter(
        spotter, open_checker(wake), strong_spot(wake), recover_least(wake), sounds_like(wake, intents),
        wake.recover_rejected,
    )  # fmt: skip


def sounds_like(wake: WakeSettings, intents: IntentSet) -> SoundsLike | None:
    """The sound gate for recovery (``wake.recover_gate: sound``): the general PocketSphinx dictionary's
    pronunciations, the skill's own first; None for the spelling gate (or no recovery)."""
    if recover_least(wake) is None or wake.recover_gate is not RecoverGate.SOUND:
        return None
    from ..asr.pocketsphinx_engine import model_dir

    general = read_pronunciations(model_dir() / "cmudict-en-us.dict")
    own = pronunciations_file(intents)
    return SoundsLike(general | (read_pronunciations(own) if own.is_file() else {}))


def recover_least(wake: WakeSettings) -> float | None:
    """The least score for a wake the spotter missed but the transcript opens with (``wake.recover_log_prob``), or
    None: recovery off (``wake.recover: false``, or not the score check)."""
    return wake.recover_log_prob if wake.recover and wake.confirm is Confirm.SCORE else None


def strong_spot(wake: WakeSettings) -> StrongSpot | None:
    """The looser floor for spots the spotter heard strongly (``wake.confirm_spotter_exponent``), or None (not the
    score check, or a floor no looser than ``wake.confirm_log_prob``: the phrase's score alone decides)."""
    if wake.confirm is not Confirm.SCORE or wake.confirm_strong_log_prob >= wake.confirm_log_prob:
        return None
    return StrongSpot(wake.confirm_spotter_exponent, wake.confirm_strong_log_prob, wake.confirm_strong_first_log_prob)


def open_checker(wake: WakeSettings) -> PhraseCheck:
    """The second look ``wake.confirm`` names, on the built-in Whisper tiny.en prompted with the phrase
    alone (so that it spells the phrase as written when it hears it, and everything else as said)."""
    from ..asr.models.whisper import verified_builtin
    from ..asr.whisper_engine import WhisperRecognizer

    if wake.confirm is Confirm.NONE:
        raise RecognizerError("wake.confirm is none: there is no second look to open")
    prompt = " ".join(phrase_words(wake.phrase)).capitalize() + "."
    whisper = WhisperRecognizer(verified_builtin(), prompt)
    if wake.confirm is Confirm.SCORE:
        return ScoreCheck(whisper, wake.confirm_log_prob)
    return TranscriptCheck(whisper)


def _open_spotter(recognizer: Recognizer, intents: IntentSet, wake: WakeSettings) -> WakeSpotter:
    if recognizer.name == "vosk":
        from ..asr.vosk_engine import VoskRecognizer
        from .vosk_spotter import vosk_spotter

        if not isinstance(recognizer, VoskRecognizer):
            raise RecognizerError("the Vosk wake-phrase spotter needs a Vosk recogniser")
        return vosk_spotter(recognizer, wake.phrase)
    from .pocketsphinx_spotter import PocketSphinxSpotter

    return PocketSphinxSpotter(wake.phrase, 10.0**wake.threshold_exponent, pronunciations_file(intents))
