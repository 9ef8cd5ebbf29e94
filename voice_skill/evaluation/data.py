"""Labelled evaluation data: one JSON object per line, ``{"text": ...}`` or ``{"audio": path}`` with a ``"label"``."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from ..base.errors import SkillError
from ..base.yamlio import read_text
from ..intent import FALLBACK_ID, IntentSet


class EvalError(SkillError):
    """The evaluation data is unusable."""

    exit_code = 8


@dataclass(frozen=True)
class EvalRow:
    """One labelled question."""

    label: str
    urgent: bool
    text: str | None = None
    audio: Path | None = None
    line: int = 0


def read_rows(path: Path, intents: IntentSet) -> list[EvalRow]:
    """Read and check a JSONL file; every problem names its line. A row is urgent when it says so, else
    when its label is an urgent intent."""
    known = {*intents.intents, FALLBACK_ID}
    text, problems = read_text(path)
    if text is None:
        raise EvalError(str(problems[0]))
    lines = text.splitlines()
    rows: list[EvalRow] = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            raise EvalError(f"{where}: invalid JSON ({exc.msg})") from None
        if not isinstance(item, dict):
            raise EvalError(f"{where}: each line must be a JSON object")
        label = item.get("label")
        if not isinstance(label, str) or label not in known:
            raise EvalError(f"{where}: 'label' must be an intent id or 'fallback', not {label!r}")
        text, audio = item.get("text"), item.get("audio")
        if not isinstance(text, str | None) or not isinstance(audio, str | None) or (text is None and audio is None):
            raise EvalError(f"{where}: give 'text' (a string) or 'audio' (a file path)")
        urgent = item.get("urgent", label in intents and intents[label].urgent)
        if not isinstance(urgent, bool):
            raise EvalError(f"{where}: 'urgent' must be true or false")
        rows.append(EvalRow(label, urgent, text, (path.parent / audio) if audio is not None else None, number))
    if not rows:
        raise EvalError(f"{path}: no rows")
    return rows
