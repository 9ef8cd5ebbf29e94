"""Choosing and opening a speech recogniser: the registry of engines behind the :class:`Recognizer` seam.

Engine modules are imported only when their engine is opened, so a missing optional engine costs
nothing until it is asked for (and then fails with an install hint).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..intent import IntentSet, builtin_intent_dir
from .bias import domain_text
from .models import MODEL_PATH_ENV, SUGGESTED_MODEL, ModelError, default_cache_dir, resolve_model
from .recognizer import Recognizer, RecognizerError
from .settings import Engine, RecognizerSettings

PRONUNCIATIONS_FILE = "pronunciations.dict"
"""The skill's own pronunciations, beside the intents of a language."""


def project_models_dir() -> Path:
    """The project's ``models/`` folder (beside ``intents/`` in a checkout)."""
    return builtin_intent_dir().parent.parent / "models"


def pronunciations_file(intents: IntentSet) -> Path:
    """The pronunciations of the skill's words for the language of ``intents``."""
    return builtin_intent_dir(intents.language.code) / PRONUNCIATIONS_FILE


@dataclass(frozen=True)
class EngineChoice:
    """Which engine to open, and with which model."""

    engine: Engine
    model: Path | None
    note: str | None = None


def choose_engine(engine: Engine, settings: RecognizerSettings, explicit_model: Path | None = None) -> EngineChoice:
    """Resolve ``auto``: Vosk when a model is found, else PocketSphinx (saying so once).

    A model that was asked for (``--model``, the config, ``$VOSK_MODEL_PATH``) and is broken
    is an error, never a silent switch to another engine.
    """
    engine = Engine(engine)
    configured = Path(settings.model) if settings.model else None
    if engine is Engine.POCKETSPHINX:
        return EngineChoice(Engine.POCKETSPHINX, None)
    asked = explicit_model is not None or configured is not None or bool(os.environ.get(MODEL_PATH_ENV, "").strip())
    try:
        model = resolve_model(
            explicit_model, configured, models_dir=project_models_dir(), cache_dir=default_cache_dir()
        )
    except ModelError:
        if engine is Engine.VOSK or asked:
            raise
        return EngineChoice(
            Engine.POCKETSPHINX,
            None,
            note="no Vosk model found, using the built-in PocketSphinx engine; for better accuracy get a "
            f"Vosk model: voice-skill models download {SUGGESTED_MODEL}",
        )
    return EngineChoice(Engine.VOSK, model)


def open_recognizer(
    choice: EngineChoice,
    intents: IntentSet,
    settings: RecognizerSettings | None = None,
    extra_phrases: Sequence[str] = (),
    bias: bool | None = None,
) -> Recognizer:
    """Open the chosen engine, biased to the skill's words (and ``extra_phrases``, such as the
    wake phrase) unless ``bias`` (default: ``settings.bias``) is False. Biased PocketSphinx
    also allows ``settings.general_words``; Vosk's grammar has ``[unk]`` for words outside it."""
    settings = settings or RecognizerSettings()
    biased = settings.bias if bias is None else bias
    domain = domain_text(intents, extra_phrases, settings.warning_sign_weight) if biased else None
    if choice.engine is Engine.VOSK:
        from .vosk_engine import VoskRecognizer

        if choice.model is None:
            raise RecognizerError("the Vosk engine needs a model folder (--model PATH)")
        return VoskRecognizer(choice.model, domain)
    if choice.engine is Engine.POCKETSPHINX:
        from .pocketsphinx_engine import PocketSphinxRecognizer

        return PocketSphinxRecognizer(domain, pronunciations_file(intents), general_words=settings.general_words)
    raise RecognizerError(f"no engine to open for '{choice.engine}' (choose one with --engine)")
