"""Files the skill writes itself: atomically, so a failed write never leaves half a file in place of a good one."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

CACHE_ENV = "XDG_CACHE_HOME"


def atomic_write(path: Path, data: bytes | str) -> None:
    """Write ``data`` to ``path`` through a hidden temporary file beside it, then rename it into place.

    Raises ``OSError`` (the temporary file is removed first); ``path`` is either the old file or the new one.
    """
    tmp = path.with_name(f".{path.name}.{os.getpid()}.partial")
    try:
        if isinstance(data, str):
            tmp.write_text(data, encoding="utf-8")
        else:
            tmp.write_bytes(data)
        tmp.replace(path)
    except OSError:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
        raise


def user_cache_dir() -> Path:
    """``$XDG_CACHE_HOME/voice-skill`` (default ``~/.cache/voice-skill``): derived files, rebuilt when missing."""
    base = os.environ.get(CACHE_ENV) or str(Path.home() / ".cache")
    return Path(base) / "voice-skill"


def writable_cache_dir() -> tuple[Path, str | None]:
    """The cache folder, created; when it cannot be written, a fresh temporary folder and a note saying so
    (the caller shows it: the derived files are then rebuilt at every start)."""
    where = user_cache_dir()
    try:
        where.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=where, prefix=".probe-"):
            pass
    except OSError as exc:
        fallback = Path(tempfile.mkdtemp(prefix="voice-skill-cache-"))
        reason = exc.strerror or str(exc)
        return fallback, (
            f"the cache folder {where} cannot be written ({reason}); using {fallback} for now, so the speech "
            f"engine's files are rebuilt at every start (set {CACHE_ENV} to a writable folder)"
        )
    return where, None
