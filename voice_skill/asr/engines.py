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
from .models import MODEL_PATH_ENV, ModelError, default_cache_dir, is_vosk_model, model_problem, resolve_model
from .models.whisper import (
    WhisperModelInfo,
    builtin_whisper_model,
    is_whisper_model,
    verified_builtin,
    whisper_model_problem,
)
from .prompt import whisper_prompt
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
    """Which engine to open, and with which model (``builtin``: the packaged Whisper tiny.en)."""

    engine: Engine
    model: Path | None
    note: str | None = None
    builtin: bool = False


def choose_engine(engine: Engine, settings: RecognizerSettings, explicit_model: Path | None = None) -> EngineChoice:
    """The engine and model to open.

    ``auto`` is Whisper: the model given (``--model``, else the config's ``listen.model``) when it is a
    Whisper folder, the built-in tiny.en when none is given; Vosk when the model given is a Vosk model
    or ``$VOSK_MODEL_PATH`` names one. A model that was asked for and is broken is an error, never a
    silent switch to another engine.
    """
    engine = Engine(engine)
    configured = Path(settings.model).expanduser() if settings.model else None
    given, label = (explicit_model, "--model") if explicit_model is not None else (configured, "configured model")
    if engine is Engine.POCKETSPHINX:
        return EngineChoice(Engine.POCKETSPHINX, None)
    if engine is Engine.VOSK:
        return EngineChoice(Engine.VOSK, _vosk_model(explicit_model, configured))
    if given is not None:
        if is_whisper_model(given):
            return EngineChoice(Engine.WHISPER, given)
        if engine is Engine.WHISPER:
            raise ModelError(f"{label} {given}: not a Whisper model ({whisper_model_problem(given)})")
        if is_vosk_model(given):
            return EngineChoice(Engine.VOSK, given)
        raise ModelError(
            f"{label} {given}: neither a Whisper model ({whisper_model_problem(given)}) nor a Vosk model "
            f"({model_problem(given)})"
        )
    if engine is Engine.AUTO and os.environ.get(MODEL_PATH_ENV, "").strip():
        return EngineChoice(Engine.VOSK, _vosk_model(None, None))
    return EngineChoice(Engine.WHISPER, builtin_whisper_model().path, builtin=True)


def _vosk_model(explicit: Path | None, configured: Path | None) -> Path:
    return resolve_model(explicit, configured, models_dir=project_models_dir(), cache_dir=default_cache_dir())


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
    if choice.engine is Engine.WHISPER:
        from .whisper_engine import WhisperRecognizer

        if choice.model is None:
            raise RecognizerError("the Whisper engine needs a model folder (--model PATH)")
        model = verified_builtin() if choice.builtin else WhisperModelInfo(choice.model, choice.model.name)
        prompt = whisper_prompt(intents, tuple(extra_phrases)) if biased and settings.whisper.prompt else ""
        whisper = WhisperRecognizer(model, prompt, settings.whisper)
        if not settings.second_opinion:
            return whisper
        from .pocketsphinx_engine import PocketSphinxRecognizer
        from .second_opinion import SecondOpinion

        sphinx = PocketSphinxRecognizer(
            domain_text(intents, extra_phrases, settings.warning_sign_weight),
            pronunciations_file(intents),
            general_words=settings.general_words,
        )
        return SecondOpinion(whisper, sphinx)
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
