"""The wake phrase with Vosk: a recogniser sharing the question recogniser's model, on a grammar of the phrase."""

from __future__ import annotations

from ..asr import DomainText, RecognizerError
from ..asr.vosk_engine import VoskRecognizer
from .spotter import GrammarSpotter, phrase_words


def vosk_spotter(recognizer: VoskRecognizer, phrase: str) -> GrammarSpotter:
    """A wake-phrase spotter sharing ``recognizer``'s model: a grammar of the phrase and ``[unk]``."""
    words = phrase_words(phrase)
    missing = [w for w in words if not recognizer.knows(w)]
    if missing:
        raise RecognizerError(
            f"the wake phrase word(s) {', '.join(missing)} are not in the Vosk model at {recognizer.model_path}; "
            "choose another phrase"
        )
    spotter = VoskRecognizer(recognizer.model_path, DomainText((words,)), model=recognizer.model)
    return GrammarSpotter(spotter, " ".join(words))
