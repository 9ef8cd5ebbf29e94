"""Downloading a Whisper model (CTranslate2 format) from a model hub: resumable, checksummed, atomic.

The known models are converted copies of OpenAI's Whisper checkpoints (MIT licence) in CTranslate2 format.
The hub's file listing (``/api/models/<repo>/tree/main``) gives every file's size and checksum: the SHA-256
of large (LFS) files, and the git blob SHA-1 of small ones. Each file is fetched from
``/<repo>/resolve/main/<path>`` into ``<dest>/.<name>.partial/`` (resumed from there after an interruption),
checked against the listing, and only when every file is there and checked is the folder renamed to
``<dest>/<name>``. An existing folder of that name is never touched; a failed first attempt leaves nothing
behind but the partial files a rerun resumes from.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import urllib.parse
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .common import (
    ModelError,
    check_scheme,
    file_size,
    make_folder,
    net_reason,
    open_url,
    os_reason,
    remove,
    remove_empty,
)
from .transfer import Progress, transfer
from .whisper import REQUIRED_FILES, whisper_model_problem

DEFAULT_HUB_URL = "https://huggingface.co"
"""Where Whisper models in CTranslate2 format are published."""
HUB_URL_ENV = "VOICE_SKILL_MODEL_HUB_URL"
"""Environment variable overriding :data:`DEFAULT_HUB_URL` (a mirror; the tests use a server on 127.0.0.1)."""
WHISPER_MODELS: Mapping[str, str] = {
    "whisper-tiny.en": "Systran/faster-whisper-tiny.en",
    "whisper-base.en": "Systran/faster-whisper-base.en",
    "whisper-small.en": "Systran/faster-whisper-small.en",
    "whisper-medium.en": "Systran/faster-whisper-medium.en",
    "whisper-distil-small.en": "Systran/faster-distil-whisper-small.en",
    "whisper-distil-medium.en": "Systran/faster-distil-whisper-medium.en",
}
"""The Whisper models ``voice-skill models download`` knows, by name, and where the hub keeps them."""
WHISPER_SIZES = {
    "whisper-tiny.en": "75 MB",
    "whisper-base.en": "145 MB",
    "whisper-small.en": "484 MB",
    "whisper-medium.en": "1.5 GB",
    "whisper-distil-small.en": "333 MB",
    "whisper-distil-medium.en": "789 MB",
}
WANTED = (*REQUIRED_FILES, "vocabulary.txt", "vocabulary.json", "preprocessor_config.json")
"""Files of a model folder that are fetched (when the listing has them)."""
_MAX_LISTING_BYTES = 4 * 1024 * 1024


@dataclass(frozen=True)
class HubFile:
    """One file of a model on the hub, with its size and checksum."""

    name: str
    """The path inside the model folder (``model.bin``)."""
    url: str
    size: int
    sha256: str | None = None
    git_sha1: str | None = None


def hub_url(environ: Mapping[str, str] = os.environ) -> str:
    return environ.get(HUB_URL_ENV, "").strip().rstrip("/") or DEFAULT_HUB_URL


def is_whisper_name(name: str) -> bool:
    return name.strip().lower().startswith("whisper-")


def whisper_repo(name: str) -> str:
    """The hub repository of a known Whisper model; an unknown name is a :class:`ModelError` before any network."""
    wanted = name.strip().lower()
    if wanted in WHISPER_MODELS:
        return WHISPER_MODELS[wanted]
    raise ModelError(
        f"unknown Whisper model '{name}'; known: {', '.join(WHISPER_MODELS)} ('voice-skill models list --available')"
    )


def fetch_listing(repo: str, base: str, timeout: float) -> list[HubFile]:
    """The files of ``repo`` that a model folder needs, with sizes and checksums, from the hub's listing."""
    url = f"{base}/api/models/{repo}/tree/main"
    check_scheme(url, f"hub URL {base!r}")
    response = open_url(url, timeout, what="list the files of")
    with response:
        try:
            body = response.read(_MAX_LISTING_BYTES + 1)
        except OSError as exc:
            raise ModelError(f"cannot list the files of {url}: {net_reason(exc, timeout)}") from None
    try:
        entries = json.loads(body)
    except (ValueError, RecursionError):
        raise ModelError(f"the file listing at {url} is not valid JSON") from None
    if not isinstance(entries, list):
        raise ModelError(f"the file listing at {url} is not a list of files")
    files = [_hub_file(entry, repo, base, url) for entry in entries if isinstance(entry, dict)]
    found = [f for f in files if f is not None and f.name in WANTED]
    missing = [name for name in REQUIRED_FILES if name not in {f.name for f in found}]
    if missing:
        raise ModelError(f"{repo} on {base} is not a CTranslate2 Whisper model (no {', '.join(missing)})")
    return found


def _hub_file(entry: dict[str, Any], repo: str, base: str, listing: str) -> HubFile | None:
    path = entry.get("path")
    if entry.get("type") != "file" or not isinstance(path, str) or "/" in path or path.startswith("."):
        return None
    lfs = entry.get("lfs") if isinstance(entry.get("lfs"), dict) else None
    size = (lfs or entry).get("size")
    if not isinstance(size, int) or isinstance(size, bool) or size < 0:
        raise ModelError(f"the file listing at {listing} gives no size for {path}")
    sha256 = lfs.get("oid") if lfs else None
    sha1 = None if lfs else entry.get("oid")
    if not isinstance(sha256 or sha1, str):
        raise ModelError(f"the file listing at {listing} gives no checksum for {path}")
    url = f"{base}/{repo}/resolve/main/{urllib.parse.quote(path)}"
    return HubFile(path, url, size, sha256=sha256, git_sha1=sha1)


def _checksum_problem(file: HubFile, path: Path) -> str | None:
    try:
        data = path.open("rb")
    except OSError as exc:
        return f"cannot read it: {os_reason(exc)}"
    if file.sha256 is not None:
        digest = hashlib.sha256()
        want = file.sha256
    else:
        digest = hashlib.sha1(f"blob {file.size}\0".encode(), usedforsecurity=False)
        want = file.git_sha1 or ""
    with data:
        for block in iter(lambda: data.read(1024 * 1024), b""):
            digest.update(block)
    got = digest.hexdigest()
    return None if got == want.lower() else f"checksum {got[:12]}... is not {want[:12]}..."


def download_whisper(
    name: str,
    dest_dir: Path,
    *,
    progress: Progress | None = None,
    timeout: float = 30,
    environ: Mapping[str, str] = os.environ,
) -> Path:
    """Download, verify and install the Whisper model ``name`` into ``dest_dir/<name>``; returns that folder."""
    repo = whisper_repo(name)
    name = name.strip().lower()
    target = dest_dir / name
    if target.exists() or target.is_symlink():
        problem = whisper_model_problem(target)
        if problem is None:
            return target
        raise ModelError(f"{target} already exists but is not a Whisper model ({problem}); remove or rename it")
    base = hub_url(environ)
    files = fetch_listing(repo, base, timeout)
    work = dest_dir / f".{name}.partial"
    created = make_folder(work)
    try:
        _fetch_all(files, work, progress, timeout)
        problem = whisper_model_problem(work)
        if problem is not None:
            raise ModelError(f"the download of {name} is not a Whisper model ({problem}); it was deleted")
        if target.exists():
            raise ModelError(f"{target} appeared during the download; it was left alone")
        work.rename(target)
    except ModelError:
        _tidy(work, created)
        raise
    except OSError as exc:
        _tidy(work, created)
        raise ModelError(f"cannot install {name} into {dest_dir}: {os_reason(exc)}") from None
    return target


def _fetch_all(files: Sequence[HubFile], work: Path, progress: Progress | None, timeout: float) -> None:
    total = sum(f.size for f in files)
    done_before = 0

    def overall(done: int, _: int) -> None:
        if progress is not None:
            progress(done_before + done, total)

    for file in files:
        final = work / file.name
        if final.is_file() and file_size(final) == file.size and _checksum_problem(file, final) is None:
            done_before += file.size
            continue
        part = work / f"{file.name}.part"
        transfer(file, part, overall, timeout)
        problem = _checksum_problem(file, part)
        if problem is not None:
            remove(part)
            raise ModelError(f"checksum check failed for {file.name} of {file.url}: {problem}; it was deleted")
        part.replace(final)
        done_before += file.size


def _tidy(work: Path, created: list[Path]) -> None:
    """Keep partial files a rerun can resume from; remove the folder when nothing is worth keeping, and the
    folders ``created`` for it when they are then empty."""
    try:
        kept = [p for p in work.iterdir() if p.stat().st_size > 0]
    except OSError:
        return
    if not kept:
        shutil.rmtree(work, ignore_errors=True)
        remove_empty(created)
