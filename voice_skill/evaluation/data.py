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
    """One labelled question: the outcomes that would serve the asker (intent ids and/or ``fallback``)."""

    accept: tuple[str, ...]
    urgent: bool
    text: str | None = None
    audio: Path | None = None
    line: int = 0
    source: Path | None = None
    """The file the row was read from."""

    @property
    def where(self) -> str:
        """The row's file and line, as errors name it (``dev.jsonl:12``)."""
        return f"{self.source}:{self.line}" if self.source is not None else f"row {self.line}"

    @property
    def label(self) -> str:
        """The first acceptable outcome (per-intent figures count the row there)."""
        return self.accept[0]

    @property
    def answerable(self) -> bool:
        """Whether some intent would serve the asker (else only the honest fallback does)."""
        return any(a != FALLBACK_ID for a in self.accept)


def read_rows(path: Path, intents: IntentSet) -> list[EvalRow]:
    """Read and check a JSONL file; every problem names its line. ``label`` is an outcome or a list of
    acceptable ones (``accept`` says the same). A row is urgent when it says so, else when an acceptable
    outcome is an urgent intent."""
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
        label = item.get("accept", item.get("label"))
        accept = (label,) if isinstance(label, str) else tuple(label) if isinstance(label, list) else ()
        if not accept or not all(isinstance(a, str) and a in known for a in accept):
            raise EvalError(f"{where}: 'label' must be an intent id or 'fallback' (or a list of them), not {label!r}")
        text, audio = item.get("text"), item.get("audio")
        if not isinstance(text, str | None) or not isinstance(audio, str | None) or (text is None and audio is None):
            raise EvalError(f"{where}: give 'text' (a string) or 'audio' (a file path)")
        urgent = item.get("urgent", any(a in intents and intents[a].urgent for a in accept))
        if not isinstance(urgent, bool):
            raise EvalError(f"{where}: 'urgent' must be true or false")
        sound = path.parent / audio if audio is not None else None
        if sound is not None and not sound.is_file():
            missing = "is a folder" if sound.is_dir() else "not found"
            raise EvalError(f"{where}: audio file {sound} {missing} (paths are relative to the folder of {path.name})")
        rows.append(EvalRow(accept, urgent, text, sound, number, path))
    if not rows:
        raise EvalError(f"{path}: no rows")
    return rows
