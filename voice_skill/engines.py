"""Choosing and opening a speech recogniser (Vosk or the built-in PocketSphinx)."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .bias import domain_text
from .config import Config, ListenSettings, WakeSettings
from .intents import IntentSet, builtin_intent_dir
from .models import MODEL_PATH_ENV, ModelError, default_cache_dir, resolve_model
from .recognize import Recognizer, RecognizerError
from .wake import WakeSpotter

ENGINES = ("auto", "vosk", "pocketsphinx")


def project_models_dir() -> Path:
    """The project's ``models/`` folder (beside ``intents/`` in a checkout)."""
    return builtin_intent_dir().parent.parent / "models"


@dataclass(frozen=True)
class EngineChoice:
    """Which engine to open, and with which Vosk model."""

    engine: str
    model: Path | None
    note: str | None = None


def choose_engine(engine: str, config: Config, explicit_model: Path | None = None) -> EngineChoice:
    """Resolve ``auto``: Vosk when a model is found, else PocketSphinx (saying so once).

    A model that was asked for (``--model``, the config, ``$VOSK_MODEL_PATH``) and is broken
    is an error, never a silent switch to another engine.
    """
    configured = Path(config.listen.model) if config.listen.model else None
    if engine == "pocketsphinx":
        return EngineChoice("pocketsphinx", None)
    asked = explicit_model is not None or configured is not None or bool(os.environ.get(MODEL_PATH_ENV, "").strip())
    try:
        model = resolve_model(
            explicit_model, configured, models_dir=project_models_dir(), cache_dir=default_cache_dir()
        )
    except ModelError:
        if engine == "vosk" or asked:
            raise
        return EngineChoice(
            "pocketsphinx",
            None,
            note="no Vosk model found, using the built-in PocketSphinx engine; for better accuracy get a "
            "Vosk model: voice-skill models download vosk-model-small-en-us-0.15",
        )
    return EngineChoice("vosk", model)


def open_recognizer(
    choice: EngineChoice,
    intents: IntentSet,
    settings: ListenSettings | None = None,
    extra_phrases: Sequence[str] = (),
    bias: bool | None = None,
) -> Recognizer:
    """Open the chosen engine, biased to the skill's words (and ``extra_phrases``, such as the
    wake phrase) unless ``bias`` (default: ``settings.bias``) is False. Biased PocketSphinx
    also allows ``settings.general_words``; Vosk's grammar has ``[unk]`` for words outside it."""
    settings = settings or ListenSettings()
    biased = settings.bias if bias is None else bias
    domain = domain_text(intents, extra_phrases, settings.warning_sign_weight) if biased else None
    if choice.engine == "vosk":
        from .vosk_engine import VoskRecognizer

        if choice.model is None:
            raise RecognizerError("the Vosk engine needs a model folder (--model PATH)")
        return VoskRecognizer(choice.model, domain)
    from .pocketsphinx_engine import PocketSphinxRecognizer

    pronunciations = builtin_intent_dir(intents.language.code) / "pronunciations.dict"
    return PocketSphinxRecognizer(domain, pronunciations, general_words=settings.general_words)


def open_spotter(recognizer: Recognizer, intents: IntentSet, wake: WakeSettings) -> WakeSpotter:
    """A wake-phrase spotter for the engine of ``recognizer`` (sharing its Vosk model)."""
    if recognizer.name == "vosk":
        from .vosk_engine import VoskRecognizer, vosk_spotter

        if not isinstance(recognizer, VoskRecognizer):
            raise RecognizerError("the Vosk wake-phrase spotter needs a Vosk recogniser")
        return vosk_spotter(recognizer, wake.phrase)
    from .pocketsphinx_engine import PocketSphinxSpotter

    return PocketSphinxSpotter(
        wake.phrase, 10.0**wake.threshold_exponent, builtin_intent_dir(intents.language.code) / "pronunciations.dict"
    )
