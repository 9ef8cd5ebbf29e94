"""The triage second opinion's data: what it is trained on, and the rows it is checked on but never tuned on.

TRAIN: the triage development sets ``eval/triage-dev.jsonl``, ``-dev2``, ``-dev4``, ``-dev5``, ``-dev6``, ``-dev11``
whole, the first 100 rows of ``-dev3`` and the even lines (0, 2, 4, ...) of ``-dev7`` to ``-dev10``; the triage
probes of ``tests/test_triage_effects.py`` (urgent and calm groups); the urgent intents' examples and tests
(``warning_signs.yaml``, ``emergencies.yaml``) and the calm topics' examples (``after_the_test.yaml``,
``about_the_test.yaml``, ``results.yaml``, ``next_steps.yaml``) and the commands' and the fallback's examples
(``conversation.yaml``, ``fallback.yaml``); the real questions of ``eval/real-dev*.jsonl`` (calm
unless labelled with an urgent intent) and ``eval/other-dev.jsonl`` (calm).

CHECK: the rest of ``-dev3`` (rows 100 on) and the odd lines of ``-dev7`` to ``-dev10``: measured, never read to
tune. No file with ``-test`` in its name is read here.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from voice_skill.intent import IntentSet

ROOT = Path(__file__).resolve().parent.parent.parent
EVAL = ROOT / "eval"
WHOLE = (
    "triage-dev.jsonl",
    "triage-dev2.jsonl",
    "triage-dev4.jsonl",
    "triage-dev5.jsonl",
    "triage-dev6.jsonl",
    "triage-dev11.jsonl",
)
SPLIT_AT = {"triage-dev3.jsonl": 100}
"""Sets whose first rows are TRAIN and the rest CHECK."""
EVEN_ODD = ("triage-dev7.jsonl", "triage-dev8.jsonl", "triage-dev9.jsonl", "triage-dev10.jsonl")
"""Sets whose even lines are TRAIN and odd lines CHECK."""
URGENT_FILES = ("warning_signs.yaml", "emergencies.yaml")
CALM_FILES = ("after_the_test.yaml", "about_the_test.yaml", "results.yaml", "next_steps.yaml")
COMMAND_FILES = ("conversation.yaml", "fallback.yaml")
"""The commands' and the fallback's examples are calm too: without them "hello" and "hush and be quiet" were
flagged (greetings open many urgent probes; the rows of the triage sets hold no commands)."""
URGENT_LABEL_PREFIXES = ("urgent_", "emergency_")


@dataclass(frozen=True)
class Row:
    """One phrasing: its text, whether it reports a warning sign, and where it came from."""

    text: str
    urgent: bool
    source: str
    """The file (or probe group) it came from: cross-validation holds out one triage set at a time."""
    category: str = ""
    answerable: bool = False
    """A real question the skill has a topic for (real-dev rows whose label is not the fallback)."""


def _lines(path: Path) -> list[tuple[int, dict[str, object]]]:
    rows = []
    for index, line in enumerate(path.read_text(encoding="utf-8").splitlines()):
        if line.strip():
            rows.append((index, json.loads(line)))
    return rows


def _triage_row(data: dict[str, object], source: str) -> Row:
    return Row(str(data["text"]), bool(data["urgent"]), source, str(data.get("category", "")))


def triage_rows(check: bool) -> list[Row]:
    """The triage sets' TRAIN rows, or (``check``) their CHECK rows."""
    out: list[Row] = []
    for name in (*WHOLE, *SPLIT_AT, *EVEN_ODD):
        for index, data in _lines(EVAL / name):
            if name in WHOLE:
                held = False
            elif name in SPLIT_AT:
                held = index >= SPLIT_AT[name]
            else:
                held = index % 2 == 1
            if held == check:
                out.append(_triage_row(data, name))
    return out


def real_rows() -> list[Row]:
    """The real questions of the development splits: calm unless labelled with an urgent intent."""
    out: list[Row] = []
    for path in sorted(EVAL.glob("real-dev*.jsonl")):
        for _, data in _lines(path):
            label = str(data.get("label", ""))
            urgent = label.startswith(URGENT_LABEL_PREFIXES)
            out.append(Row(str(data["text"]), urgent, path.name, label, answerable=label != "fallback"))
    for _, data in _lines(EVAL / "other-dev.jsonl"):
        out.append(Row(str(data["text"]), False, "other-dev.jsonl", str(data.get("label", ""))))
    return out


def probe_rows() -> list[Row]:
    """The triage probes (tests/test_triage_effects.py): every urgent group urgent, every calm group calm."""
    from tests.test_triage_effects import CALM_GROUPS, URGENT_GROUPS

    out = [Row(u, True, f"probe:{g}") for g, (_, said) in URGENT_GROUPS.items() for u in said]
    out += [Row(u, False, f"probe:{g}") for g, said in CALM_GROUPS.items() for u in said]
    return out


def intent_rows(intents: IntentSet) -> list[Row]:
    """The urgent intents' examples and tests, and the calm topics' examples."""
    out: list[Row] = []
    for intent in intents:
        name = Path(intent.path).name
        if intent.urgent and name in URGENT_FILES:
            out += [Row(t, True, f"intent:{intent.id}", intent.id) for t in (*intent.examples, *intent.tests)]
        elif not intent.urgent and ((intent.is_topic and name in CALM_FILES) or name in COMMAND_FILES):
            out += [Row(t, False, f"intent:{intent.id}", intent.id) for t in intent.examples]
    return out


def train_rows(intents: IntentSet) -> list[Row]:
    """Every TRAIN row, in a fixed order."""
    return [*triage_rows(check=False), *probe_rows(), *intent_rows(intents), *real_rows()]


def check_rows() -> list[Row]:
    return triage_rows(check=True)


def checksum(rows: list[Row]) -> str:
    """The training data's fingerprint (text and label of every row, in order): a model trained on other data is
    stale."""
    digest = hashlib.sha256()
    for row in rows:
        digest.update(f"{int(row.urgent)}\t{row.text}\n".encode())
    return digest.hexdigest()
