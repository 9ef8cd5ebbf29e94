"""Bringing one remote file to disk: resumable (HTTP ``Range``), size-checked, into a ``.part`` file.

Used for a Vosk model's archive and for each file of a Whisper model; checking the content (MD5, SHA-256)
and putting the result in place is the caller's part.
"""

from __future__ import annotations

import http.client
import re
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from .common import (
    ModelError,
    RangeNotSatisfiable,
    check_free_space,
    content_length,
    file_size,
    net_reason,
    open_url,
    os_reason,
    remove,
)

CHUNK = 64 * 1024
_CONTENT_RANGE_RE = re.compile(r"bytes\s+(\d+)-(\d+)/(\d+|\*)\Z")

Progress = Callable[[int, int], None]
"""Called as ``progress(done_bytes, total_bytes)`` while a download runs."""


class Remote(Protocol):
    """What a transfer needs to know of a file: a name for messages, where it is, and its size."""

    @property
    def name(self) -> str: ...

    @property
    def url(self) -> str: ...

    @property
    def size(self) -> int: ...


def transfer(info: Remote, part: Path, progress: Progress | None, timeout: float) -> None:
    """Bring ``part`` to ``info.size`` bytes, resuming what is already there."""
    have = file_size(part)
    if have > info.size:
        remove(part)
        have = 0
    if have == info.size:
        if progress is not None:
            progress(have, info.size)
        return
    check_free_space(part.parent, info.size - have, f"download {info.name}")
    try:
        response = open_url(info.url, timeout, what="download", start=have)
    except RangeNotSatisfiable:  # the server cannot continue this partial file: start over
        have = 0
        response = open_url(info.url, timeout, what="download")
    with response:
        start = start_offset(response, have, info, part)
        receive(response, part, start, info, progress, timeout)


def start_offset(response: http.client.HTTPResponse, have: int, info: Remote, part: Path) -> int:
    """Where the response body starts in the archive: ``have`` for a 206, 0 for a 200."""
    status = response.status
    if status == 206 and have:
        header = (response.headers.get("Content-Range") or "").strip()
        match = _CONTENT_RANGE_RE.match(header)
        if match is None or int(match[1]) != have:
            remove(part)
            raise ModelError(
                f"cannot resume {info.url}: asked for bytes from {have}, the server sent "
                f"'{header or 'no Content-Range'}'; the partial download was deleted, try again"
            )
        if match[3] != "*" and int(match[3]) != info.size:
            remove(part)
            raise ModelError(
                f"size check failed for {info.name}: {info.url} has {match[3]} bytes, "
                f"the list says {info.size}; the partial download was deleted"
            )
        return have
    if status == 200:
        length = content_length(response)
        if length is not None and length != info.size:
            remove(part)
            raise ModelError(
                f"size check failed for {info.name}: {info.url} has {length} bytes, "
                f"the list says {info.size}; nothing was kept"
            )
        return 0
    raise ModelError(f"cannot download {info.url}: unexpected HTTP {status} {response.reason}")


def receive(
    response: http.client.HTTPResponse,
    part: Path,
    start: int,
    info: Remote,
    progress: Progress | None,
    timeout: float,
) -> None:
    """Write the body to ``part`` (appending after ``start`` bytes, or from scratch).

    Only file and network errors become :class:`ModelError`; whatever ``progress`` raises
    (a broken pipe, Ctrl-C) passes through unchanged, and the ``.part`` file is kept.
    """
    expected = content_length(response)
    total = info.size
    done = start
    received = 0
    too_long = False
    try:
        out = part.open("ab" if start else "wb")
    except OSError as exc:
        raise ModelError(f"cannot write {part}: {os_reason(exc)}") from None
    with out:
        if progress is not None:
            progress(done, total)
        while True:
            try:
                chunk = response.read(CHUNK)
            except (OSError, http.client.HTTPException) as exc:
                raise ModelError(
                    f"download of {info.url} interrupted after {done} of {total} bytes "
                    f"({net_reason(exc, timeout)}); run it again to resume"
                ) from None
            if not chunk:
                break
            if done + len(chunk) > total:
                too_long = True
                break
            try:
                out.write(chunk)
                out.flush()
            except OSError as exc:
                raise ModelError(f"cannot write {part}: {os_reason(exc)}") from None
            done += len(chunk)
            received += len(chunk)
            if progress is not None:
                progress(done, total)
    if too_long:
        remove(part)
        raise ModelError(
            f"size check failed for {info.name}: {info.url} sent more than the {total} bytes "
            "the list says; the partial download was deleted"
        )
    if expected is not None and received < expected:
        raise ModelError(
            f"download of {info.url} interrupted after {done} of {total} bytes "
            "(connection closed early); run it again to resume"
        )
