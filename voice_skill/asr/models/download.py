"""Downloading a model safely: resumable, size- and checksum-verified, unpacked atomically.

Downloads go to ``<dest>/<name>.zip.part`` first and resume from there (HTTP ``Range``) after an
interrupted transfer. The archive is checked (size, MD5, member names) before anything is
unpacked, unpacked into a hidden temporary folder inside ``<dest>``, checked to be a model, and
only then renamed to ``<dest>/<name>``; an existing folder of that name is never overwritten.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import stat
import tempfile
import zipfile
import zlib
from collections.abc import Sequence
from pathlib import Path, PurePosixPath

from .catalogue import NAME_RE, ModelInfo
from .common import (
    ModelError,
    check_free_space,
    check_scheme,
    file_size,
    make_folder,
    os_reason,
    remove,
    remove_empty,
)
from .find import REQUIRED_FILES, model_problem
from .transfer import Progress, transfer

_DRIVE_RE = re.compile(r"[A-Za-z]:")


def download_model(
    info: ModelInfo,
    dest_dir: Path,
    *,
    progress: Progress | None = None,
    timeout: float = 30,
) -> Path:
    """Download, verify and unpack ``info`` into ``dest_dir/<name>``; returns that folder.

    * ``dest_dir/<name>`` already a valid model: returned as is, nothing is downloaded.
    * ``dest_dir/<name>`` exists but is not a model: :class:`ModelError`; it is never touched.
    * The archive is written to ``dest_dir/<name>.zip.part``. If that file exists, the transfer
      resumes (``Range: bytes=N-``) when the server answers 206, and starts over on 200.
      An interrupted transfer keeps the ``.part`` file for the next call.
    * Size and MD5 are checked against ``info``; on a mismatch the ``.part`` file is deleted.
    * The zip is refused, with nothing extracted, if a member has an absolute path, a drive
      letter, a backslash, a ``..`` component or is a symbolic link.
    * The archive is unpacked into a hidden temporary folder in ``dest_dir``, checked to be a
      Vosk model (one top-level folder, or the model files at the top), then renamed into place.
      The ``.part`` file is removed after success.
    * A failure leaves only a ``.part`` file with something in it to resume from: an empty one is removed,
      and so are the folders created for the download when they are empty.

    ``progress(done_bytes, total_bytes)`` is called when the transfer starts and after each
    chunk (``done`` counts bytes resumed from the ``.part`` file; throttling is the caller's job).
    Every failure is a one-line :class:`ModelError`; network failures name the URL.
    """
    name = info.name
    if not NAME_RE.match(name):
        raise ModelError(f"model name {name!r} is not a plain folder name")
    target = dest_dir / name
    if target.exists() or target.is_symlink():
        problem = model_problem(target)
        if problem is None:
            return target
        raise ModelError(
            f"{target} already exists but is not a Vosk model ({problem}); remove or rename it, then download again"
        )
    check_scheme(info.url, f"download URL {info.url!r}")
    created = make_folder(dest_dir)
    part = dest_dir / f"{name}.zip.part"
    done = False
    try:
        transfer(info, part, progress, timeout)
        _verify(info, part)
        model = _unpack(info, part, dest_dir, target)
        remove(part)
        done = True
    finally:
        if not done:  # keep only a partial archive to resume from: no empty file, no folder made for nothing
            if file_size(part) == 0:
                remove(part)
            remove_empty(created)
    return model


def _verify(info: ModelInfo, part: Path) -> None:
    size = file_size(part)
    if size != info.size:
        remove(part)
        raise ModelError(
            f"size check failed for {info.name}: got {size} bytes, the model list says {info.size}; "
            "the download was deleted"
        )
    digest = hashlib.md5(usedforsecurity=False)
    try:
        with part.open("rb") as data:
            for block in iter(lambda: data.read(1024 * 1024), b""):
                digest.update(block)
    except OSError as exc:
        raise ModelError(f"cannot read {part}: {os_reason(exc)}") from None
    if digest.hexdigest() != info.md5.lower():
        remove(part)
        raise ModelError(
            f"checksum (MD5) check failed for {info.name}: got {digest.hexdigest()}, "
            f"the model list says {info.md5}; the download was deleted"
        )


def _unpack(info: ModelInfo, part: Path, dest_dir: Path, target: Path) -> Path:
    """Unpack the verified archive into ``target``; a bad archive deletes ``part``."""
    try:
        archive = zipfile.ZipFile(part)
    except zipfile.BadZipFile:
        remove(part)
        raise ModelError(f"the download of {info.name} is not a zip archive; it was deleted") from None
    except OSError as exc:
        raise ModelError(f"cannot read {part}: {os_reason(exc)}") from None
    with archive:
        members = archive.infolist()
        unsafe = _unsafe_member(members)
        if unsafe is not None:
            remove(part)
            raise ModelError(f"refusing to unpack {info.name}: {unsafe}; nothing was extracted")
        check_free_space(dest_dir, sum(m.file_size for m in members), f"unpack {info.name}")
        try:
            workdir = Path(tempfile.mkdtemp(prefix=f".{info.name}.", suffix=".unpacking", dir=dest_dir))
        except OSError as exc:
            raise ModelError(f"cannot unpack into {dest_dir}: {os_reason(exc)}") from None
        try:
            workdir.chmod(0o755)
            archive.extractall(workdir)
            root = _model_root(workdir, info.name)
            if target.exists() or target.is_symlink():
                raise ModelError(f"{target} appeared during the download; it was left alone")
            root.rename(target)
        except ModelError:
            remove(part)
            raise
        except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError) as exc:
            # a damaged member, an unsupported compression method, an encrypted member
            remove(part)
            reason = str(exc) or type(exc).__name__
            raise ModelError(f"the archive of {info.name} cannot be unpacked ({reason}); it was deleted") from None
        except OSError as exc:
            raise ModelError(f"cannot unpack {info.name} into {dest_dir}: {os_reason(exc)}") from None
        finally:
            shutil.rmtree(workdir, ignore_errors=True)
    return target


def _unsafe_member(members: Sequence[zipfile.ZipInfo]) -> str | None:
    """Why one member could land outside the destination folder, or None if all are safe."""
    for member in members:
        raw = member.filename
        if "\x00" in raw:
            reason = "has a NUL character in its name"
        elif "\\" in raw:
            reason = "has a backslash in its name"
        elif raw.startswith("/"):
            reason = "has an absolute path"
        elif _DRIVE_RE.match(raw):
            reason = "has a drive letter"
        elif ".." in PurePosixPath(raw).parts:
            reason = "leaves the folder with '..'"
        elif stat.S_ISLNK(member.external_attr >> 16):
            reason = "is a symbolic link"
        else:
            continue
        return f"archive member '{raw}' {reason}"
    return None


def _model_root(folder: Path, name: str) -> Path:
    """The model inside an unpacked archive: ``folder`` itself or its single top-level folder."""
    if model_problem(folder) is None:
        return folder
    tops = [p for p in folder.iterdir() if not p.name.startswith((".", "__MACOSX"))]
    dirs = [p for p in tops if p.is_dir()]
    if len(dirs) == 1:
        problem = model_problem(dirs[0])
        if problem is None:
            return dirs[0]
        raise ModelError(f"the archive of {name} is not a Vosk model ({dirs[0].name}: {problem}); it was deleted")
    needs = " and ".join(REQUIRED_FILES)
    raise ModelError(f"the archive of {name} is not a Vosk model (no folder with {needs}); it was deleted")
