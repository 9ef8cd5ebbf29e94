"""Vosk speech models: finding an installed one, listing them, downloading one safely.

A folder is a Vosk model when ``am/final.mdl`` and ``conf/model.conf`` both exist (the layout
every model on the official list has; vosk's older flat layout is not recognised).

This module never imports vosk: ``vosk.Model(lang=...)`` and ``Model(model_name=...)`` go to
the network and call ``sys.exit`` when something fails, so the skill always hands vosk a folder
found by :func:`resolve_model`.

Downloads go to ``<dest>/<name>.zip.part`` first and resume from there (HTTP ``Range``) after an
interrupted transfer. The archive is checked (size, MD5, member names) before anything is
unpacked, unpacked into a hidden temporary folder inside ``<dest>``, checked to be a model, and
only then renamed to ``<dest>/<name>``; an existing folder of that name is never overwritten.
"""

from __future__ import annotations

import contextlib
import difflib
import hashlib
import http.client
import json
import os
import re
import shutil
import stat
import tempfile
import urllib.error
import urllib.parse
import urllib.request
import zipfile
import zlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from .errors import SkillError

DEFAULT_MODEL_LIST_URL = "https://alphacephei.com/vosk/models/model-list.json"
"""The official list of Vosk models (JSON)."""
MODEL_LIST_URL_ENV = "VOICE_SKILL_MODEL_LIST_URL"
"""Environment variable overriding :data:`DEFAULT_MODEL_LIST_URL` (e.g. a local mirror)."""
MODEL_PATH_ENV = "VOSK_MODEL_PATH"
"""Environment variable naming a model folder, or (vosk's own meaning) a folder of models."""
SUGGESTED_MODEL = "vosk-model-small-en-us-0.15"
"""The model the "no model found" message suggests downloading."""
REQUIRED_FILES = ("am/final.mdl", "conf/model.conf")
"""Files that make a folder a Vosk model, checked in this order."""

_CHUNK = 64 * 1024
_MAX_LIST_BYTES = 16 * 1024 * 1024
_NAME_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._+-]*\Z")
_MD5_RE = re.compile(r"[0-9a-f]{32}\Z")
_CONTENT_RANGE_RE = re.compile(r"bytes\s+(\d+)-(\d+)/(\d+|\*)\Z")
_DRIVE_RE = re.compile(r"[A-Za-z]:")
_OPTIONAL_TEXT = ("lang", "lang_text", "size_text", "type", "version")

Progress = Callable[[int, int], None]
"""Called as ``progress(done_bytes, total_bytes)`` while a download runs."""


class ModelError(SkillError):
    """A speech model is missing, broken, or cannot be listed or downloaded."""

    exit_code = 7


@dataclass(frozen=True)
class ModelInfo:
    """One model of the official list (``model-list.json``)."""

    name: str
    """Folder name, e.g. ``vosk-model-small-en-us-0.15``."""
    url: str
    """Absolute http(s) URL of the zip archive."""
    size: int
    """Size of the zip archive in bytes."""
    md5: str
    """MD5 of the zip archive, 32 lower-case hex digits."""
    lang: str = ""
    """Language code, e.g. ``en-us``."""
    lang_text: str = ""
    """Language name, e.g. ``US English``."""
    type: str = ""
    """``small``, ``big``, ``big-lgraph``, ... as the list says."""
    version: str = ""
    size_text: str = ""
    """Size for people, e.g. ``39.3MiB``."""
    obsolete: bool = False


@dataclass(frozen=True)
class InstalledModel:
    """A folder found where models are kept; ``problem`` says why it is not a usable model."""

    name: str
    path: Path
    size_bytes: int
    valid: bool
    problem: str | None


# -- finding installed models -------------------------------------------------------------


def default_cache_dir() -> Path:
    """``~/.cache/vosk``, where vosk itself keeps downloaded models."""
    return Path.home() / ".cache" / "vosk"


def model_problem(path: Path) -> str | None:
    """Why ``path`` is not a Vosk model folder (e.g. ``missing am/final.mdl``), or None."""
    try:
        if not path.exists():
            return "folder does not exist"
        if not path.is_dir():
            return "not a folder"
        for relative in REQUIRED_FILES:
            if not (path / relative).is_file():
                return f"missing {relative}"
    except OSError as exc:
        return f"cannot be read: {_os_reason(exc)}"
    return None


def is_vosk_model(path: Path) -> bool:
    return model_problem(path) is None


def resolve_model(
    explicit: Path | None,
    configured: Path | None,
    *,
    models_dir: Path,
    cache_dir: Path,
    environ: Mapping[str, str] = os.environ,
) -> Path:
    """The Vosk model folder to use, looked for in this order:

    1. ``explicit`` (``--model PATH``), 2. ``configured`` (the config file's path),
    3. ``$VOSK_MODEL_PATH``, 4. a model folder inside ``models_dir``, 5. one inside ``cache_dir``.

    The first of 1-3 that is given decides: if it is not a valid model, that is an error (it is
    never skipped silently). ``$VOSK_MODEL_PATH`` may name a model folder or, as vosk itself
    reads it, a folder holding models. When a folder holds several valid models, the one whose
    name sorts last in natural order (numbers compared as numbers, so ``...-0.22`` beats
    ``...-0.4``) is chosen; hidden folders (``.name``) are ignored.

    Raises :class:`ModelError` with one line: the broken path and its missing file, or every
    place looked in and how to get a model.
    """
    if explicit is not None:
        return _given_model(explicit, "--model")
    if configured is not None:
        return _given_model(configured, "configured model")
    env_value = environ.get(MODEL_PATH_ENV, "").strip()
    if env_value:
        return _env_model(Path(env_value).expanduser())
    broken: tuple[Path, str] | None = None
    for folder in (models_dir, cache_dir):
        valid, invalid = _scan(folder)
        if valid:
            return valid[-1]
        if broken is None and invalid:
            broken = invalid[0]
    places = ", ".join(["--model", "config", f"${MODEL_PATH_ENV}", _display(models_dir), _display(cache_dir)])
    note = f"; {_display(broken[0])} is not a usable model ({broken[1]})" if broken else ""
    raise ModelError(
        f"no Vosk model found (looked in: {places}){note}; "
        f"get one with 'voice-skill models download {SUGGESTED_MODEL}' or use --engine pocketsphinx"
    )


def installed_models(dirs: Sequence[Path]) -> list[InstalledModel]:
    """Every folder inside ``dirs`` (each a folder *holding* models), valid or not.

    Folders are listed per directory in natural name order; hidden folders and plain files are
    left out, and a directory that is missing, unreadable or listed twice is skipped. A directory
    that is itself a valid model (``$VOSK_MODEL_PATH`` may name one) is listed as that one model.
    """
    found: list[InstalledModel] = []
    seen: set[Path] = set()
    for folder in dirs:
        key = _resolved(folder)
        if key in seen:
            continue
        seen.add(key)
        if is_vosk_model(folder):
            found.append(InstalledModel(folder.name, folder, _tree_size(folder), True, None))
            continue
        for child in _subfolders(folder):
            problem = model_problem(child)
            found.append(InstalledModel(child.name, child, _tree_size(child), problem is None, problem))
    return found


def _given_model(path: Path, label: str) -> Path:
    path = path.expanduser()
    problem = model_problem(path)
    if problem is None:
        return path
    hint = ""
    if problem.startswith("missing"):
        inner, _ = _scan(path)
        if inner:
            hint = f"; did you mean {inner[-1]}?"
    raise ModelError(f"{label} {path}: {_describe(problem)}{hint}")


def _env_model(path: Path) -> Path:
    problem = model_problem(path)
    if problem is None:
        return path
    inner, _ = _scan(path)
    if inner:
        return inner[-1]
    extra = " and holds no model folder" if problem.startswith("missing") else ""
    raise ModelError(f"${MODEL_PATH_ENV} {path}: {_describe(problem)}{extra}")


def _describe(problem: str) -> str:
    return f"not a Vosk model ({problem})" if problem.startswith("missing") else problem


def _natural_key(name: str) -> tuple[list[int | str], str]:
    pieces = re.split(r"([0-9]+)", name)  # text, number, text, number, ..., text
    parts: list[int | str] = [int(p) if i % 2 else p.lower() for i, p in enumerate(pieces)]
    return parts, name


def _subfolders(folder: Path) -> list[Path]:
    try:
        children = [c for c in folder.iterdir() if not c.name.startswith(".") and c.is_dir()]
    except OSError:
        return []
    return sorted(children, key=lambda c: _natural_key(c.name))


def _scan(folder: Path) -> tuple[list[Path], list[tuple[Path, str]]]:
    """Valid model folders inside ``folder`` (natural order) and the invalid ones with why."""
    valid: list[Path] = []
    invalid: list[tuple[Path, str]] = []
    for child in _subfolders(folder):
        problem = model_problem(child)
        if problem is None:
            valid.append(child)
        else:
            invalid.append((child, problem))
    return valid, invalid


def _tree_size(path: Path) -> int:
    total = 0
    for root, _dirs, files in os.walk(path):
        for name in files:
            try:
                total += (Path(root) / name).lstat().st_size
            except OSError:
                continue
    return total


def _resolved(path: Path) -> Path:
    try:
        return path.expanduser().resolve()
    except (OSError, RuntimeError):
        return path


def _display(path: Path) -> str:
    """``path`` with the home folder shown as ``~``."""
    try:
        relative = path.expanduser().relative_to(Path.home())
    except (ValueError, RuntimeError, KeyError):
        return str(path)
    return "~" if relative == Path() else f"~/{relative.as_posix()}"


# -- the official model list --------------------------------------------------------------


def model_list_url(environ: Mapping[str, str] = os.environ) -> str:
    """``$VOICE_SKILL_MODEL_LIST_URL`` if set and not empty, else :data:`DEFAULT_MODEL_LIST_URL`."""
    return environ.get(MODEL_LIST_URL_ENV, "").strip() or DEFAULT_MODEL_LIST_URL


def fetch_model_list(url: str, timeout: float) -> list[ModelInfo]:
    """Download and validate the model list at ``url`` (http or https).

    Raises :class:`ModelError` naming ``url`` when it cannot be fetched, is not JSON, or does not
    have the expected shape.
    """
    _check_scheme(url, f"model list URL {url!r}")
    response = _open(url, timeout, what="fetch the model list from")
    with response:
        expected = _content_length(response)
        try:
            body = response.read(_MAX_LIST_BYTES + 1)
        except (OSError, http.client.HTTPException) as exc:
            raise ModelError(f"cannot fetch the model list from {url}: {_net_reason(exc, timeout)}") from None
    if expected is not None and len(body) < expected <= _MAX_LIST_BYTES:
        raise ModelError(f"cannot fetch the model list from {url}: connection closed early")
    if len(body) > _MAX_LIST_BYTES:
        raise ModelError(f"model list from {url} is larger than {_MAX_LIST_BYTES // (1024 * 1024)} MiB")
    return parse_model_list(body, url)


def parse_model_list(body: str | bytes, url: str) -> list[ModelInfo]:
    """Validate model-list JSON; relative archive URLs are taken relative to ``url``.

    ``name``, ``url``, ``size`` and ``md5`` are required in every entry; ``lang``,
    ``lang_text``, ``type``, ``version``, ``size_text`` and ``obsolete`` default to empty /
    false when missing, but must have the right type when present. One bad entry rejects the list.
    """
    try:
        data = json.loads(body)
    except json.JSONDecodeError as exc:
        raise ModelError(
            f"model list from {url} is not valid JSON ({exc.msg} at line {exc.lineno} column {exc.colno})"
        ) from None
    except (ValueError, RecursionError):
        raise ModelError(f"model list from {url} is not valid JSON") from None
    if not isinstance(data, list):
        raise ModelError(f"model list from {url}: expected a JSON array of models, got {_json_type(data)}")
    return [_model_info(item, number, url) for number, item in enumerate(data, 1)]


def _model_info(item: Any, number: int, base_url: str) -> ModelInfo:
    where = f"model list from {base_url}: entry {number}"
    if not isinstance(item, dict):
        raise ModelError(f"{where} is {_json_type(item)}, expected an object")
    name = item.get("name")
    if not isinstance(name, str) or not name.strip():
        raise ModelError(f"{where} has no 'name'")
    name = name.strip()
    if not _NAME_RE.match(name):
        raise ModelError(f"{where}: name {name!r} is not a plain folder name")
    where = f"{where} ({name})"

    url = item.get("url")
    if not isinstance(url, str) or not url.strip():
        raise ModelError(f"{where} has no 'url'")
    url = urllib.parse.urljoin(base_url, url.strip())
    _check_scheme(url, f"{where}: 'url' {url!r}")

    size = item.get("size")
    if isinstance(size, str) and _is_number(size.strip()):
        size = int(size)
    if not isinstance(size, int) or isinstance(size, bool) or size <= 0:
        raise ModelError(f"{where}: 'size' must be a positive whole number of bytes")

    md5 = item.get("md5")
    md5 = md5.strip().lower() if isinstance(md5, str) else ""
    if not _MD5_RE.match(md5):
        raise ModelError(f"{where}: 'md5' must be 32 hexadecimal digits")

    obsolete = item.get("obsolete", False)
    if isinstance(obsolete, str) and obsolete.strip().lower() in ("true", "false"):
        obsolete = obsolete.strip().lower() == "true"
    if not isinstance(obsolete, bool):
        raise ModelError(f'{where}: \'obsolete\' must be "true" or "false"')

    texts: dict[str, str] = {}
    for key in _OPTIONAL_TEXT:
        value = item.get(key, "")
        if key == "version" and isinstance(value, int | float) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str):
            raise ModelError(f"{where}: '{key}' must be text")
        texts[key] = value.strip()
    return ModelInfo(name=name, url=url, size=size, md5=md5, obsolete=obsolete, **texts)


def _json_type(value: Any) -> str:
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    return "null"


def find_model(models: Sequence[ModelInfo], name: str) -> ModelInfo:
    """The model called ``name`` (exact, else ignoring case; a trailing ``.zip`` is ignored).

    Raises :class:`ModelError` for an unknown name, suggesting up to three close names.
    """
    wanted = name.strip()
    if wanted.lower().endswith(".zip"):
        wanted = wanted[:-4]
    for model in models:
        if model.name == wanted:
            return model
    for model in models:
        if model.name.lower() == wanted.lower():
            return model
    if not models:
        raise ModelError("the model list is empty")
    close = _suggestions(wanted, [m.name for m in models])
    if close:
        quoted = [f"'{c}'" for c in close]
        options = quoted[0] if len(quoted) == 1 else f"{', '.join(quoted[:-1])} or {quoted[-1]}"
        raise ModelError(f"unknown model '{name}'; did you mean {options}?")
    raise ModelError(f"unknown model '{name}'; 'voice-skill models list' shows the available models")


def _suggestions(wanted: str, names: list[str], limit: int = 3) -> list[str]:
    by_lower: dict[str, str] = {}
    for candidate in names:
        by_lower.setdefault(candidate.lower(), candidate)
    query = wanted.lower()
    similar = difflib.get_close_matches(query, list(by_lower), n=limit, cutoff=0.6)
    containing = [n for n in by_lower if query and query in n] if len(query) >= 3 else []
    containing.sort(key=lambda n: -difflib.SequenceMatcher(None, query, n).ratio())
    chosen: list[str] = []
    for lowered in [*similar, *containing]:
        if by_lower[lowered] not in chosen:
            chosen.append(by_lower[lowered])
    return chosen[:limit]


# -- downloading --------------------------------------------------------------------------


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

    ``progress(done_bytes, total_bytes)`` is called when the transfer starts and after each
    chunk (``done`` counts bytes resumed from the ``.part`` file; throttling is the caller's job).
    Every failure is a one-line :class:`ModelError`; network failures name the URL.
    """
    name = info.name
    if not _NAME_RE.match(name):
        raise ModelError(f"model name {name!r} is not a plain folder name")
    target = dest_dir / name
    if target.exists() or target.is_symlink():
        problem = model_problem(target)
        if problem is None:
            return target
        raise ModelError(
            f"{target} already exists but is not a Vosk model ({problem}); remove or rename it, then download again"
        )
    _check_scheme(info.url, f"download URL {info.url!r}")
    try:
        dest_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ModelError(f"cannot create {dest_dir}: {_os_reason(exc)}") from None
    part = dest_dir / f"{name}.zip.part"
    _transfer(info, part, progress, timeout)
    _verify(info, part)
    model = _unpack(info, part, dest_dir, target)
    _remove(part)
    return model


def _transfer(info: ModelInfo, part: Path, progress: Progress | None, timeout: float) -> None:
    """Bring ``part`` to ``info.size`` bytes, resuming what is already there."""
    have = _file_size(part)
    if have > info.size:
        _remove(part)
        have = 0
    if have == info.size:
        if progress is not None:
            progress(have, info.size)
        return
    _check_free_space(part.parent, info.size - have, f"download {info.name}")
    try:
        response = _open(info.url, timeout, what="download", start=have)
    except _RangeNotSatisfiable:  # the server cannot continue this partial file: start over
        have = 0
        response = _open(info.url, timeout, what="download")
    with response:
        start = _start_offset(response, have, info, part)
        _receive(response, part, start, info, progress, timeout)


def _start_offset(response: http.client.HTTPResponse, have: int, info: ModelInfo, part: Path) -> int:
    """Where the response body starts in the archive: ``have`` for a 206, 0 for a 200."""
    status = response.status
    if status == 206 and have:
        header = (response.headers.get("Content-Range") or "").strip()
        match = _CONTENT_RANGE_RE.match(header)
        if match is None or int(match[1]) != have:
            _remove(part)
            raise ModelError(
                f"cannot resume {info.url}: asked for bytes from {have}, the server sent "
                f"'{header or 'no Content-Range'}'; the partial download was deleted, try again"
            )
        if match[3] != "*" and int(match[3]) != info.size:
            _remove(part)
            raise ModelError(
                f"size check failed for {info.name}: {info.url} has {match[3]} bytes, "
                f"the model list says {info.size}; the partial download was deleted"
            )
        return have
    if status == 200:
        length = _content_length(response)
        if length is not None and length != info.size:
            _remove(part)
            raise ModelError(
                f"size check failed for {info.name}: {info.url} has {length} bytes, "
                f"the model list says {info.size}; nothing was kept"
            )
        return 0
    raise ModelError(f"cannot download {info.url}: unexpected HTTP {status} {response.reason}")


def _receive(
    response: http.client.HTTPResponse,
    part: Path,
    start: int,
    info: ModelInfo,
    progress: Progress | None,
    timeout: float,
) -> None:
    """Write the body to ``part`` (appending after ``start`` bytes, or from scratch).

    Only file and network errors become :class:`ModelError`; whatever ``progress`` raises
    (a broken pipe, Ctrl-C) passes through unchanged, and the ``.part`` file is kept.
    """
    expected = _content_length(response)
    total = info.size
    done = start
    received = 0
    too_long = False
    try:
        out = part.open("ab" if start else "wb")
    except OSError as exc:
        raise ModelError(f"cannot write {part}: {_os_reason(exc)}") from None
    with out:
        if progress is not None:
            progress(done, total)
        while True:
            try:
                chunk = response.read(_CHUNK)
            except (OSError, http.client.HTTPException) as exc:
                raise ModelError(
                    f"download of {info.url} interrupted after {done} of {total} bytes "
                    f"({_net_reason(exc, timeout)}); run it again to resume"
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
                raise ModelError(f"cannot write {part}: {_os_reason(exc)}") from None
            done += len(chunk)
            received += len(chunk)
            if progress is not None:
                progress(done, total)
    if too_long:
        _remove(part)
        raise ModelError(
            f"size check failed for {info.name}: {info.url} sent more than the {total} bytes "
            "the model list says; the partial download was deleted"
        )
    if expected is not None and received < expected:
        raise ModelError(
            f"download of {info.url} interrupted after {done} of {total} bytes "
            "(connection closed early); run it again to resume"
        )


def _verify(info: ModelInfo, part: Path) -> None:
    size = _file_size(part)
    if size != info.size:
        _remove(part)
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
        raise ModelError(f"cannot read {part}: {_os_reason(exc)}") from None
    if digest.hexdigest() != info.md5.lower():
        _remove(part)
        raise ModelError(
            f"checksum (MD5) check failed for {info.name}: got {digest.hexdigest()}, "
            f"the model list says {info.md5}; the download was deleted"
        )


def _unpack(info: ModelInfo, part: Path, dest_dir: Path, target: Path) -> Path:
    """Unpack the verified archive into ``target``; a bad archive deletes ``part``."""
    try:
        archive = zipfile.ZipFile(part)
    except zipfile.BadZipFile:
        _remove(part)
        raise ModelError(f"the download of {info.name} is not a zip archive; it was deleted") from None
    except OSError as exc:
        raise ModelError(f"cannot read {part}: {_os_reason(exc)}") from None
    with archive:
        members = archive.infolist()
        unsafe = _unsafe_member(members)
        if unsafe is not None:
            _remove(part)
            raise ModelError(f"refusing to unpack {info.name}: {unsafe}; nothing was extracted")
        _check_free_space(dest_dir, sum(m.file_size for m in members), f"unpack {info.name}")
        try:
            workdir = Path(tempfile.mkdtemp(prefix=f".{info.name}.", suffix=".unpacking", dir=dest_dir))
        except OSError as exc:
            raise ModelError(f"cannot unpack into {dest_dir}: {_os_reason(exc)}") from None
        try:
            workdir.chmod(0o755)
            archive.extractall(workdir)
            root = _model_root(workdir, info.name)
            if target.exists() or target.is_symlink():
                raise ModelError(f"{target} appeared during the download; it was left alone")
            root.rename(target)
        except ModelError:
            _remove(part)
            raise
        except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError) as exc:
            # a damaged member, an unsupported compression method, an encrypted member
            _remove(part)
            reason = str(exc) or type(exc).__name__
            raise ModelError(f"the archive of {info.name} cannot be unpacked ({reason}); it was deleted") from None
        except OSError as exc:
            raise ModelError(f"cannot unpack {info.name} into {dest_dir}: {_os_reason(exc)}") from None
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


# -- helpers ------------------------------------------------------------------------------


def _user_agent() -> str:
    from . import __version__

    return f"voice-skill/{__version__}"


def _check_scheme(url: str, what: str) -> None:
    if urllib.parse.urlsplit(url).scheme.lower() not in ("http", "https"):
        raise ModelError(f"{what} must start with http:// or https://")


class _RangeNotSatisfiable(Exception):
    """HTTP 416 to a range request."""


def _open(url: str, timeout: float, *, what: str, start: int = 0) -> http.client.HTTPResponse:
    """GET ``url``, from byte ``start`` if that is not 0."""
    headers = {"User-Agent": _user_agent()}
    if start:
        headers["Range"] = f"bytes={start}-"
    try:
        request = urllib.request.Request(url, headers=headers)
        return urllib.request.urlopen(request, timeout=timeout)
    except urllib.error.HTTPError as exc:
        exc.close()
        if exc.code == 416 and start:
            raise _RangeNotSatisfiable from None
        raise ModelError(f"cannot {what} {url}: HTTP {exc.code} {exc.reason}") from None
    except (OSError, http.client.HTTPException, ValueError) as exc:
        raise ModelError(f"cannot {what} {url}: {_net_reason(exc, timeout)}") from None


def _net_reason(exc: BaseException, timeout: float) -> str:
    if isinstance(exc, urllib.error.HTTPError):
        return f"HTTP {exc.code} {exc.reason}"
    if isinstance(exc, urllib.error.URLError):
        reason = exc.reason
        return _net_reason(reason, timeout) if isinstance(reason, BaseException) else str(reason)
    if isinstance(exc, TimeoutError):
        return f"no answer within {timeout:g} s"
    if isinstance(exc, OSError):
        return _os_reason(exc)
    return str(exc) or type(exc).__name__


def _os_reason(exc: OSError) -> str:
    return exc.strerror or str(exc) or type(exc).__name__


def _content_length(response: http.client.HTTPResponse) -> int | None:
    value = (response.headers.get("Content-Length") or "").strip()
    return int(value) if _is_number(value) else None


def _is_number(text: str) -> bool:
    return text.isascii() and text.isdigit()


def _file_size(path: Path) -> int:
    try:
        return path.stat().st_size if path.is_file() else 0
    except OSError:
        return 0


def _remove(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink(missing_ok=True)


def _check_free_space(folder: Path, needed: int, what: str) -> None:
    try:
        free = shutil.disk_usage(folder).free
    except OSError:
        return
    if free < needed:
        raise ModelError(f"not enough free space in {folder} to {what}: needs {_mib(needed)}, {_mib(free)} free")


def _mib(count: int) -> str:
    return f"{count / (1024 * 1024):.1f} MiB"
