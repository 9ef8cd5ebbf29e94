"""Finding installed Vosk models: ``--model``, the config, ``$VOSK_MODEL_PATH``, ``models/``, ``~/.cache/vosk``.

A folder is a Vosk model when ``am/final.mdl`` and ``conf/model.conf`` both exist (the layout
every model on the official list has; vosk's older flat layout is not recognised).

This module never imports vosk: ``vosk.Model(lang=...)`` and ``Model(model_name=...)`` go to
the network and call ``sys.exit`` when something fails, so the skill always hands vosk a folder
found by :func:`resolve_model`.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from ...base.files import user_cache_dir
from .common import ModelError, os_reason
from .whisper import is_whisper_model

MODEL_PATH_ENV = "VOSK_MODEL_PATH"
"""Environment variable naming a model folder, or (vosk's own meaning) a folder of models."""
SUGGESTED_MODEL = "vosk-model-small-en-us-0.15"
"""The model the "no model found" message suggests downloading."""
REQUIRED_FILES = ("am/final.mdl", "conf/model.conf")
"""Files that make a folder a Vosk model, checked in this order."""


@dataclass(frozen=True)
class InstalledModel:
    """A folder found where models are kept; ``problem`` says why it is not a usable model."""

    name: str
    path: Path
    size_bytes: int
    valid: bool
    problem: str | None
    kind: str = "vosk"
    """``vosk`` or ``whisper``."""


def whisper_models_dir() -> Path:
    """Where ``voice-skill models download whisper-...`` puts Whisper models (``~/.cache/voice-skill/whisper``)."""
    return user_cache_dir() / "whisper"


def default_cache_dir() -> Path:
    """``~/.cache/vosk``, where vosk itself keeps downloaded models."""
    return Path.home() / ".cache" / "vosk"


def model_problem(path: Path) -> str | None:
    """Why ``path`` is not a Vosk model folder (e.g. ``missing am/final.mdl``), or None."""
    try:
        if not path.exists():
            return "folder does not exist"
        if not path.is_dir():
            return "not a folder"
        for relative in REQUIRED_FILES:
            if not (path / relative).is_file():
                return f"missing {relative}"
    except OSError as exc:
        return f"cannot be read: {os_reason(exc)}"
    return None


def is_vosk_model(path: Path) -> bool:
    return model_problem(path) is None


def resolve_model(
    explicit: Path | None,
    configured: Path | None,
    *,
    models_dir: Path,
    cache_dir: Path,
    environ: Mapping[str, str] = os.environ,
) -> Path:
    """The Vosk model folder to use, looked for in this order:

    1. ``explicit`` (``--model PATH``), 2. ``configured`` (the config file's path),
    3. ``$VOSK_MODEL_PATH``, 4. a model folder inside ``models_dir``, 5. one inside ``cache_dir``.

    The first of 1-3 that is given decides: if it is not a valid model, that is an error (it is
    never skipped silently). ``$VOSK_MODEL_PATH`` may name a model folder or, as vosk itself
    reads it, a folder holding models. When a folder holds several valid models, the one whose
    name sorts last in natural order (numbers compared as numbers, so ``...-0.22`` beats
    ``...-0.4``) is chosen; hidden folders (``.name``) are ignored.

    Raises :class:`ModelError` with one line: the broken path and its missing file, or every
    place looked in and how to get a model.
    """
    if explicit is not None:
        return _given_model(explicit, "--model")
    if configured is not None:
        return _given_model(configured, "configured model")
    env_value = environ.get(MODEL_PATH_ENV, "").strip()
    if env_value:
        return _env_model(Path(env_value).expanduser())
    broken: tuple[Path, str] | None = None
    for folder in (models_dir, cache_dir):
        valid, invalid = _scan(folder)
        if valid:
            return valid[-1]
        if broken is None and invalid:
            broken = invalid[0]
    places = ", ".join(["--model", "config", f"${MODEL_PATH_ENV}", _display(models_dir), _display(cache_dir)])
    note = f"; {_display(broken[0])} is not a usable model ({broken[1]})" if broken else ""
    raise ModelError(
        f"no Vosk model found (looked in: {places}){note}; "
        f"get one with 'voice-skill models download {SUGGESTED_MODEL}' or use --engine pocketsphinx"
    )


def installed_models(dirs: Sequence[Path]) -> list[InstalledModel]:
    """Every folder inside ``dirs`` (each a folder *holding* models), valid or not.

    Folders are listed per directory in natural name order; hidden folders and plain files are
    left out, and a directory that is missing, unreadable or listed twice is skipped. A directory
    that is itself a valid model (``$VOSK_MODEL_PATH`` may name one) is listed as that one model.
    """
    found: list[InstalledModel] = []
    seen: set[Path] = set()
    for folder in dirs:
        key = _resolved(folder)
        if key in seen:
            continue
        seen.add(key)
        if is_vosk_model(folder) or is_whisper_model(folder):
            found.append(_installed(folder))
            continue
        found += [_installed(child) for child in _subfolders(folder)]
    return found


def _installed(folder: Path) -> InstalledModel:
    if is_whisper_model(folder):
        return InstalledModel(folder.name, folder, _tree_size(folder), True, None, kind="whisper")
    problem = model_problem(folder)
    return InstalledModel(folder.name, folder, _tree_size(folder), problem is None, problem)


def _given_model(path: Path, label: str) -> Path:
    path = path.expanduser()
    problem = model_problem(path)
    if problem is None:
        return path
    hint = ""
    if problem.startswith("missing"):
        inner, _ = _scan(path)
        if inner:
            hint = f"; did you mean {inner[-1]}?"
    raise ModelError(f"{label} {path}: {_describe(problem)}{hint}")


def _env_model(path: Path) -> Path:
    problem = model_problem(path)
    if problem is None:
        return path
    inner, _ = _scan(path)
    if inner:
        return inner[-1]
    extra = " and holds no model folder" if problem.startswith("missing") else ""
    raise ModelError(f"${MODEL_PATH_ENV} {path}: {_describe(problem)}{extra}")


def _describe(problem: str) -> str:
    return f"not a Vosk model ({problem})" if problem.startswith("missing") else problem


def _natural_key(name: str) -> tuple[list[int | str], str]:
    pieces = re.split(r"([0-9]+)", name)  # text, number, text, number, ..., text
    parts: list[int | str] = [int(p) if i % 2 else p.lower() for i, p in enumerate(pieces)]
    return parts, name


def _subfolders(folder: Path) -> list[Path]:
    try:
        children = [c for c in folder.iterdir() if not c.name.startswith(".") and c.is_dir()]
    except OSError:
        return []
    return sorted(children, key=lambda c: _natural_key(c.name))


def _scan(folder: Path) -> tuple[list[Path], list[tuple[Path, str]]]:
    """Valid model folders inside ``folder`` (natural order) and the invalid ones with why."""
    valid: list[Path] = []
    invalid: list[tuple[Path, str]] = []
    for child in _subfolders(folder):
        problem = model_problem(child)
        if problem is None:
            valid.append(child)
        else:
            invalid.append((child, problem))
    return valid, invalid


def _tree_size(path: Path) -> int:
    total = 0
    for root, _dirs, files in os.walk(path):
        for name in files:
            try:
                total += (Path(root) / name).lstat().st_size
            except OSError:
                continue
    return total


def _resolved(path: Path) -> Path:
    try:
        return path.expanduser().resolve()
    except (OSError, RuntimeError):
        return path


def _display(path: Path) -> str:
    """``path`` with the home folder shown as ``~``."""
    try:
        relative = path.expanduser().relative_to(Path.home())
    except (ValueError, RuntimeError, KeyError):
        return str(path)
    return "~" if relative == Path() else f"~/{relative.as_posix()}"
