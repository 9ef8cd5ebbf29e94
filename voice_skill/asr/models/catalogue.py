"""The official list of Vosk models (``model-list.json``): fetching, validating, looking a name up."""

from __future__ import annotations

import difflib
import http.client
import json
import os
import re
import urllib.parse
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .common import ModelError, check_scheme, content_length, is_number, net_reason, open_url

DEFAULT_MODEL_LIST_URL = "https://alphacephei.com/vosk/models/model-list.json"
"""The official list of Vosk models (JSON)."""
MODEL_LIST_URL_ENV = "VOICE_SKILL_MODEL_LIST_URL"
"""Environment variable overriding :data:`DEFAULT_MODEL_LIST_URL` (e.g. a local mirror)."""
NAME_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._+-]*\Z")
"""A model name: a plain folder name."""
_MAX_LIST_BYTES = 16 * 1024 * 1024
_MD5_RE = re.compile(r"[0-9a-f]{32}\Z")
_OPTIONAL_TEXT = ("lang", "lang_text", "size_text", "type", "version")


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


def model_list_url(environ: Mapping[str, str] = os.environ) -> str:
    """``$VOICE_SKILL_MODEL_LIST_URL`` if set and not empty, else :data:`DEFAULT_MODEL_LIST_URL`."""
    return environ.get(MODEL_LIST_URL_ENV, "").strip() or DEFAULT_MODEL_LIST_URL


def fetch_model_list(url: str, timeout: float) -> list[ModelInfo]:
    """Download and validate the model list at ``url`` (http or https).

    Raises :class:`ModelError` naming ``url`` when it cannot be fetched, is not JSON, or does not
    have the expected shape.
    """
    check_scheme(url, f"model list URL {url!r}")
    response = open_url(url, timeout, what="fetch the model list from")
    with response:
        expected = content_length(response)
        try:
            body = response.read(_MAX_LIST_BYTES + 1)
        except (OSError, http.client.HTTPException) as exc:
            raise ModelError(f"cannot fetch the model list from {url}: {net_reason(exc, timeout)}") from None
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
    if not NAME_RE.match(name):
        raise ModelError(f"{where}: name {name!r} is not a plain folder name")
    where = f"{where} ({name})"

    url = item.get("url")
    if not isinstance(url, str) or not url.strip():
        raise ModelError(f"{where} has no 'url'")
    url = urllib.parse.urljoin(base_url, url.strip())
    check_scheme(url, f"{where}: 'url' {url!r}")

    size = item.get("size")
    if isinstance(size, str) and is_number(size.strip()):
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
    raise ModelError(f"unknown model '{name}'; 'voice-skill models list --available' shows the models to download")


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
