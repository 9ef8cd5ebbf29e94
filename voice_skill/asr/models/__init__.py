"""Speech models on disk: finding an installed one (:mod:`.find`), the official list (:mod:`.catalogue`),
and downloading one safely (:mod:`.download`)."""

from .catalogue import (
    DEFAULT_MODEL_LIST_URL,
    MODEL_LIST_URL_ENV,
    ModelInfo,
    fetch_model_list,
    find_model,
    model_list_url,
)
from .common import ModelError
from .download import download_model
from .find import (
    MODEL_PATH_ENV,
    REQUIRED_FILES,
    SUGGESTED_MODEL,
    InstalledModel,
    default_cache_dir,
    installed_models,
    is_vosk_model,
    model_problem,
    resolve_model,
    whisper_models_dir,
)
from .hub import WHISPER_MODELS, WHISPER_SIZES, download_whisper, is_whisper_name, whisper_repo

__all__ = [
    "DEFAULT_MODEL_LIST_URL",
    "MODEL_LIST_URL_ENV",
    "MODEL_PATH_ENV",
    "REQUIRED_FILES",
    "SUGGESTED_MODEL",
    "WHISPER_MODELS",
    "WHISPER_SIZES",
    "InstalledModel",
    "ModelError",
    "ModelInfo",
    "default_cache_dir",
    "download_model",
    "download_whisper",
    "fetch_model_list",
    "find_model",
    "installed_models",
    "is_vosk_model",
    "is_whisper_name",
    "model_list_url",
    "model_problem",
    "resolve_model",
    "whisper_models_dir",
    "whisper_repo",
]
