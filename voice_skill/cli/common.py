"""What several commands share: choosing the speech engine from the options, and showing engine notes."""

from __future__ import annotations

import argparse
import gc
from collections.abc import Callable

from ..asr import Engine, EngineChoice, Recognizer, choose_engine
from ..config import Config
from ..wake import WakeSpotter


def chosen_engine(config: Config, args: argparse.Namespace, tell: Callable[[str], None]) -> EngineChoice:
    """The speech engine ``--engine``/``--model`` (or the config) ask for; ``tell`` hears the note
    when it is not the one asked for (no Vosk model: PocketSphinx, with the hint to get one)."""
    choice = choose_engine(Engine(args.engine or config.listen.engine), config.listen, args.model)
    if choice.note:
        tell(choice.note)
    return choice


def tell_engine_notes(engine: Recognizer | WakeSpotter, tell: Callable[[str], None]) -> None:
    """Hand on what the user should know about how ``engine`` was set up."""
    for note in engine.notes:
        tell(note)
    missing = getattr(engine, "missing_words", ())
    if missing:
        shown = ", ".join(missing[:8]) + (" ..." if len(missing) > 8 else "")
        name = getattr(engine, "name", "speech engine")
        tell(f"{len(missing)} of the skill's words are not in the {name} vocabulary and cannot be heard: {shown}")


def freeze_loaded() -> None:
    """Before a long run (``listen``, ``kiosk``): what is loaded by now (the intents, their index, the language data)
    lives as long as the process, so it is set out of the garbage collector's reach. A full collection then walks
    only what the run itself allocates, not the skill: a pause of several milliseconds in the middle of matching a
    question otherwise (benchmarks/matcher_latency.py, ``--no-freeze``)."""
    gc.collect()
    gc.freeze()
