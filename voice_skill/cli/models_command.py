"""``voice-skill models list`` and ``voice-skill models download``."""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path

from ..asr import project_models_dir
from ..asr.models import (
    MODEL_PATH_ENV,
    WHISPER_MODELS,
    WHISPER_SIZES,
    InstalledModel,
    ModelError,
    default_cache_dir,
    download_model,
    download_whisper,
    fetch_model_list,
    find_model,
    installed_models,
    is_whisper_name,
    model_list_url,
    whisper_models_dir,
    whisper_repo,
)
from ..asr.models.whisper import builtin_whisper_model
from ..base.errors import UsageError
from .output import Out, ProgressBar
from .parser import PROG

LIST_TIMEOUT_S = 30
"""Seconds to wait for the model list's server."""


def models(args: argparse.Namespace, io: Out) -> int:
    if args.models_command is None:
        raise UsageError(f"missing action: list or download (see '{PROG} models --help')")
    if args.models_command == "download":
        return models_download(args, io)
    places = [project_models_dir(), whisper_models_dir(), default_cache_dir()]
    env = os.environ.get(MODEL_PATH_ENV)
    if env:
        places.append(Path(env))
    builtin = builtin_whisper_model()
    installed = [InstalledModel(f"{builtin.name} (built-in)", builtin.path, 0, True, None, kind="whisper")]
    installed += installed_models(places)
    available = fetch_model_list(model_list_url(), timeout=LIST_TIMEOUT_S) if args.available else []
    if args.json:
        io.line(
            json.dumps(
                {
                    "installed": [
                        {
                            "name": m.name,
                            "path": str(m.path),
                            "size": m.size_bytes,
                            "valid": m.valid,
                            "problem": m.problem,
                            "kind": m.kind,
                        }
                        for m in installed
                    ],
                    "available": [
                        {"name": m.name, "lang": m.lang, "size": m.size, "type": m.type, "obsolete": m.obsolete}
                        for m in available
                    ],
                    "whisper": [{"name": n, "size_text": WHISPER_SIZES[n]} for n in WHISPER_MODELS],
                }
            )
        )
        return 0
    io.line(f"installed (looked in {', '.join(str(p) for p in places)}):")
    for m in installed:
        state = "ok" if m.valid else f"not usable: {m.problem}"
        size = f"  {m.size_bytes / 1e6:.1f} MB" if m.size_bytes else ""
        io.line(f"  {m.name}  {m.kind}{size}  {state}  {m.path}")
    if args.available:
        io.line("available (voice-skill models download NAME):")
        for name in WHISPER_MODELS:
            io.line(f"  {name}  en  {WHISPER_SIZES[name]}  whisper")
        for info in available:
            if not info.obsolete:
                io.line(f"  {info.name}  {info.lang}  {info.size_text or info.size}  vosk {info.type}")
    return 0


def models_download(args: argparse.Namespace, io: Out) -> int:
    if is_whisper_name(args.name):
        whisper_repo(args.name)  # an unknown name fails here, before any network
        bar = ProgressBar(io.err, args.name)
        path = download_whisper(args.name, args.dir or whisper_models_dir(), progress=bar)
        bar.done()
        io.line(str(path))
        io.note(f"use it with --model {path} (or listen.model in the configuration)")
        return 0
    if not args.name.strip().lower().startswith("vosk-model"):
        raise ModelError(
            f"unknown model '{args.name}': Whisper models are named whisper-... and Vosk models vosk-model-...; "
            f"'{PROG} models list --available' shows them"
        )
    try:
        catalogue = fetch_model_list(model_list_url(), timeout=LIST_TIMEOUT_S)
    except ModelError as exc:
        raise ModelError(f"cannot look up the model '{args.name}': {exc}") from None
    info = find_model(catalogue, args.name)
    dest = args.dir or default_cache_dir()
    bar = ProgressBar(io.err, info.name)
    path = download_model(info, dest, progress=bar)
    bar.done()
    io.line(str(path))
    return 0
