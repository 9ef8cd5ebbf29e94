"""Text typed or piped in: refused when it is not text (a binary file, another encoding), never answered line
by line; read in bounded pieces, so a file without line breaks (``/dev/zero``) cannot fill the memory."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TextIO

from ..base.errors import UsageError

LINE_LIMIT = 1_000_000
"""Characters of one line kept (above any question length the configuration allows); the rest is dropped."""
_NOT_TEXT = (
    (re.compile("\x00"), "a NUL byte"),
    (re.compile("[\udc80-\udcff]"), "bytes that are not UTF-8"),
    (re.compile("[\x01-\x08\x0e-\x1a\x1c-\x1f\x7f]"), "control characters"),
)
"""What text never holds, and how to name it. Tab, line and page breaks and escape (a terminal's arrow keys)
are text; undecodable bytes arrive as the lone surrogates Python's standard input decodes them to."""


def not_text(text: str) -> str | None:
    """Why ``text`` is not text (a NUL byte, bytes that are not UTF-8, control characters), or None."""
    for pattern, reason in _NOT_TEXT:
        if pattern.search(text):
            return reason
    return None


def refuse_binary(text: str, where: str) -> None:
    """A :class:`UsageError` when ``text`` (found at ``where``) is not text."""
    reason = not_text(text)
    if reason is not None:
        raise UsageError(f"{where} holds {reason}, so it is not text (a binary file?); give UTF-8 text")


def input_lines(stream: TextIO, limit: int = LINE_LIMIT) -> Iterator[str]:
    """The lines of ``stream``, each cut at ``limit`` characters (the rest of a longer line is read in pieces
    and dropped). Undecodable input on a strictly decoding stream is a :class:`UsageError`."""
    try:
        while line := stream.readline(limit):
            yield line  # first: a binary file is refused on its first piece, before more of it is read
            while len(line) == limit and not line.endswith("\n"):
                line = stream.readline(limit)
    except UnicodeDecodeError:
        raise UsageError("standard input holds bytes that are not UTF-8, so it is not text; give UTF-8 text") from None


def read_text(stream: TextIO, limit: int) -> str:
    """Up to ``limit`` characters of ``stream`` (the caller refuses more: one more is read to tell), as text."""
    try:
        text = stream.read(limit + 1)
    except UnicodeDecodeError:
        raise UsageError("standard input holds bytes that are not UTF-8, so it is not text; give UTF-8 text") from None
    refuse_binary(text, "standard input")
    return text
