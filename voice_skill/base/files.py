"""Files the skill writes itself: atomically, so a failed write never leaves half a file in place of a good one."""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import tempfile
from pathlib import Path

CACHE_ENV = "XDG_CACHE_HOME"
PARTIAL_SUFFIX = ".partial"
"""Ends the name of the hidden temporary file a write goes through."""
_NEW_FILE_MODE = 0o666
"""Mode a written file is created with (less the umask), as ``open(path, "w")`` would."""
_NAME_BYTES = 8
"""Random bytes in a temporary file's name."""
_NO_HARD_LINKS = frozenset({errno.EPERM, errno.EOPNOTSUPP, errno.ENOTSUP, errno.EMLINK})
"""What ``link`` fails with on file systems without hard links (FAT, some network shares)."""


def atomic_write(path: Path, data: bytes | str, *, replace: bool = True) -> None:
    """Write ``data`` to ``path`` through a hidden temporary file in the same folder, then rename it into place.

    With ``replace=False`` an existing ``path`` is never replaced, even one that appears while writing:
    ``FileExistsError``. Raises ``OSError`` (the temporary file is removed first, and removing it never raises);
    ``path`` is either the old file or the new one, never part of one.
    """
    raw = data.encode("utf-8") if isinstance(data, str) else data
    tmp, fd = _temporary_beside(path)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(raw)
            out.flush()
            os.fsync(out.fileno())
        if replace:
            tmp.replace(path)
        else:
            _rename_new(tmp, path)
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)


def _temporary_beside(path: Path) -> tuple[Path, int]:
    """A new hidden file next to ``path`` (created exclusively, under a random name) and its open descriptor."""
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(_NAME_BYTES)}{PARTIAL_SUFFIX}")
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
    return tmp, os.open(tmp, flags, _NEW_FILE_MODE)


def _rename_new(tmp: Path, path: Path) -> None:
    """Give ``tmp`` the name ``path`` only if no file has it: a hard link, which fails on an existing name."""
    try:
        os.link(tmp, path)
    except OSError as exc:
        if exc.errno not in _NO_HARD_LINKS:
            raise
        if path.exists() or path.is_symlink():
            raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), str(path)) from None
        tmp.replace(path)


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
