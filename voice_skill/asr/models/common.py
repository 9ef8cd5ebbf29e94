"""What finding, listing and downloading models share: the error type, and HTTP and file helpers."""

from __future__ import annotations

import contextlib
import http.client
import shutil
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from ...base.errors import SkillError


class ModelError(SkillError):
    """A speech model is missing, broken, or cannot be listed or downloaded."""

    exit_code = 7


def user_agent() -> str:
    from ...base.version import __version__

    return f"voice-skill/{__version__}"


def check_scheme(url: str, what: str) -> None:
    if urllib.parse.urlsplit(url).scheme.lower() not in ("http", "https"):
        raise ModelError(f"{what} must start with http:// or https://")


class RangeNotSatisfiable(Exception):
    """HTTP 416 to a range request."""


def open_url(url: str, timeout: float, *, what: str, start: int = 0) -> http.client.HTTPResponse:
    """GET ``url``, from byte ``start`` if that is not 0."""
    headers = {"User-Agent": user_agent()}
    if start:
        headers["Range"] = f"bytes={start}-"
    try:
        request = urllib.request.Request(url, headers=headers)
        response: http.client.HTTPResponse = urllib.request.urlopen(request, timeout=timeout)
        return response
    except urllib.error.HTTPError as exc:
        exc.close()
        if exc.code == 416 and start:
            raise RangeNotSatisfiable from None
        raise ModelError(f"cannot {what} {url}: HTTP {exc.code} {exc.reason}") from None
    except (OSError, http.client.HTTPException, ValueError) as exc:
        raise ModelError(f"cannot {what} {url}: {net_reason(exc, timeout)}") from None


def net_reason(exc: BaseException, timeout: float) -> str:
    if isinstance(exc, urllib.error.HTTPError):
        return f"HTTP {exc.code} {exc.reason}"
    if isinstance(exc, urllib.error.URLError):
        reason = exc.reason
        return net_reason(reason, timeout) if isinstance(reason, BaseException) else str(reason)
    if isinstance(exc, TimeoutError):
        return f"no answer within {timeout:g} s"
    if isinstance(exc, OSError):
        return os_reason(exc)
    return str(exc) or type(exc).__name__


def os_reason(exc: OSError) -> str:
    return exc.strerror or str(exc) or type(exc).__name__


def content_length(response: http.client.HTTPResponse) -> int | None:
    value = (response.headers.get("Content-Length") or "").strip()
    return int(value) if is_number(value) else None


def is_number(text: str) -> bool:
    return text.isascii() and text.isdigit()


def file_size(path: Path) -> int:
    try:
        return path.stat().st_size if path.is_file() else 0
    except OSError:
        return 0


def remove(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink(missing_ok=True)


def make_folder(folder: Path) -> list[Path]:
    """Create ``folder`` and its missing parents; returns the folders created, deepest first (for
    :func:`remove_empty` to take away again after a failure). A failure is a :class:`ModelError`."""
    missing = []
    here = folder
    while not here.exists() and here != here.parent:
        missing.append(here)
        here = here.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ModelError(f"cannot create {folder}: {os_reason(exc)}") from None
    return missing


def remove_empty(folders: list[Path]) -> None:
    """Remove those of ``folders`` (deepest first) that are empty, stopping at the first that is not."""
    for folder in folders:
        if not folder.is_dir():
            continue
        try:
            folder.rmdir()
        except OSError:
            return


def check_free_space(folder: Path, needed: int, what: str) -> None:
    try:
        free = shutil.disk_usage(folder).free
    except OSError:
        return
    if free < needed:
        raise ModelError(f"not enough free space in {folder} to {what}: needs {mib(needed)}, {mib(free)} free")


def mib(count: int) -> str:
    return f"{count / (1024 * 1024):.1f} MiB"
