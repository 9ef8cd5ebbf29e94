"""The ``voice-skill`` command line: the only part of the project that prints or exits.

One module per command (or group of commands); :func:`main` is the entry point.
"""

from __future__ import annotations

from .main import main
from .parser import build_parser

__all__ = ["build_parser", "main"]
