"""``voice-skill models list`` and ``voice-skill models download``."""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path

from ..asr import project_models_dir
from ..asr.models import (
    MODEL_PATH_ENV,
    default_cache_dir,
    download_model,
    fetch_model_list,
    find_model,
    installed_models,
    model_list_url,
)
from ..base.errors import UsageError
from .output import Out, ProgressBar
from .parser import PROG


def models(args: argparse.Namespace, io: Out) -> int:
    if args.models_command is None:
        raise UsageError(f"missing action: list or download (see '{PROG} models --help')")
    if args.models_command == "download":
        return models_download(args, io)
    places = [project_models_dir(), default_cache_dir()]
    env = os.environ.get(MODEL_PATH_ENV)
    if env:
        places.append(Path(env))
    installed = installed_models(places)
    available = fetch_model_list(model_list_url(), timeout=30) if args.available else []
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
                        }
                        for m in installed
                    ],
                    "available": [
                        {"name": m.name, "lang": m.lang, "size": m.size, "type": m.type, "obsolete": m.obsolete}
                        for m in available
                    ],
                }
            )
        )
        return 0
    io.line(f"installed (looked in {', '.join(str(p) for p in places)}):")
    if not installed:
        io.line("  none; try: voice-skill models download vosk-model-small-en-us-0.15")
    for m in installed:
        state = "ok" if m.valid else f"not usable: {m.problem}"
        io.line(f"  {m.name}  {m.size_bytes / 1e6:.1f} MB  {state}  {m.path}")
    if args.available:
        io.line("available:")
        for info in available:
            if not info.obsolete:
                io.line(f"  {info.name}  {info.lang}  {info.size_text or info.size}  {info.type}")
    return 0


def models_download(args: argparse.Namespace, io: Out) -> int:
    info = find_model(fetch_model_list(model_list_url(), timeout=30), args.name)
    dest = args.dir or default_cache_dir()
    bar = ProgressBar(io.err, info.name)
    path = download_model(info, dest, progress=bar)
    bar.done()
    io.line(str(path))
    return 0
