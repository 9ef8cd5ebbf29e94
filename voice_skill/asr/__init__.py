"""Hearing: the :class:`Recognizer` seam (:mod:`.recognizer`), the engine registry (:mod:`.engines`),
domain biasing (:mod:`.bias`, :mod:`.lm`), one module per engine, and models on disk (:mod:`.models`)."""

from .bias import DomainText, domain_text, read_pronunciations
from .engines import EngineChoice, choose_engine, open_recognizer, project_models_dir, pronunciations_file
from .recognizer import Doubt, Recognizer, RecognizerError, Transcript, Word, require_module
from .settings import Engine, GeneralWordSettings, RecognizerSettings

__all__ = [
    "DomainText",
    "Doubt",
    "Engine",
    "EngineChoice",
    "GeneralWordSettings",
    "Recognizer",
    "RecognizerError",
    "RecognizerSettings",
    "Transcript",
    "Word",
    "choose_engine",
    "domain_text",
    "open_recognizer",
    "project_models_dir",
    "pronunciations_file",
    "read_pronunciations",
    "require_module",
]
