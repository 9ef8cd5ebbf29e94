"""Evaluation: how well the skill understands a labelled set, and how safely.

Rows (JSON lines) are ``{"text": ...}`` or ``{"audio": path}``, with ``"label"`` (an intent
id or ``fallback``) and optionally ``"urgent"``. The report gives top-1 accuracy, per-intent
precision and recall, the commonest confusions, fallback and false-accept rates, urgent
recall, **false reassurances** (an urgent row answered with a non-urgent topic: the number
that must be zero), false alarms, word error rate for audio rows, and latency percentiles.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from .errors import SkillError
from .intents import FALLBACK_ID
from .listen import Listener, file_chunks
from .match import Decision, Matcher
from .recognize import Recognizer
from .skill import Skill
from .yamlio import read_text


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


@dataclass(frozen=True)
class Prediction:
    """What the skill did with one row."""

    row: EvalRow
    intent: str
    decision: str
    urgent: bool
    transcript: str | None = None
    latency_ms: float = 0.0
    word_errors: int = 0
    reference_words: int = 0

    @property
    def predicted(self) -> str:
        return FALLBACK_ID if self.decision == Decision.FALLBACK.value else self.intent

    @property
    def correct(self) -> bool:
        return self.predicted == self.row.label


@dataclass(frozen=True)
class IntentScore:
    intent: str
    precision: float
    recall: float
    support: int


@dataclass(frozen=True)
class Report:
    """The figures of one evaluation run."""

    rows: int
    accuracy: float
    per_intent: tuple[IntentScore, ...]
    confusions: tuple[tuple[str, str, int], ...]
    fallback_rate: float
    """Share of in-scope rows that fell back."""
    false_accept_rate: float
    """Share of ``fallback`` rows answered with a topic."""
    urgent_recall: float
    false_reassurances: int
    false_alarms: int
    word_error_rate: float | None
    latency_ms: dict[str, float] = field(default_factory=dict)

    def to_json(self) -> dict[str, object]:
        return {
            "rows": self.rows,
            "accuracy": round(self.accuracy, 4),
            "per_intent": {
                s.intent: {"precision": round(s.precision, 4), "recall": round(s.recall, 4), "support": s.support}
                for s in self.per_intent
            },
            "confusions": [{"label": a, "got": b, "count": n} for a, b, n in self.confusions],
            "fallback_rate": round(self.fallback_rate, 4),
            "false_accept_rate": round(self.false_accept_rate, 4),
            "urgent_recall": round(self.urgent_recall, 4),
            "false_reassurances": self.false_reassurances,
            "false_alarms": self.false_alarms,
            "word_error_rate": None if self.word_error_rate is None else round(self.word_error_rate, 4),
            "latency_ms": {k: round(v, 3) for k, v in self.latency_ms.items()},
        }


def read_rows(path: Path, known: set[str]) -> list[EvalRow]:
    """Read and check a JSONL file; every problem names its line."""
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
        urgent = item.get("urgent", label.startswith("urgent_"))
        if not isinstance(urgent, bool):
            raise EvalError(f"{where}: 'urgent' must be true or false")
        rows.append(EvalRow(label, urgent, text, (path.parent / audio) if audio is not None else None, number))
    if not rows:
        raise EvalError(f"{path}: no rows")
    return rows


def word_errors(reference: Sequence[str], hypothesis: Sequence[str]) -> int:
    """Levenshtein distance over words."""
    row = list(range(len(hypothesis) + 1))
    for i, ref in enumerate(reference, 1):
        prev, row[0] = row[0], i
        for j, hyp in enumerate(hypothesis, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (ref != hyp))
    return row[-1]


def predict(
    skill: Skill,
    rows: Sequence[EvalRow],
    recognizer: Recognizer | None = None,
    matcher: Matcher | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> list[Prediction]:
    """Run every row: text through the matcher, audio through endpointing and recognition."""
    matcher = matcher or skill.matcher
    out: list[Prediction] = []
    for n, row in enumerate(rows, 1):
        if row.audio is not None:
            out.append(_predict_audio(skill, row, row.audio, recognizer))
        else:
            start = time.perf_counter()
            result = matcher.match(row.text or "")
            elapsed = (time.perf_counter() - start) * 1000
            out.append(Prediction(row, result.intent, result.decision.value, result.urgent, latency_ms=elapsed))
        if progress is not None:
            progress(n, len(rows))
    return out


def _predict_audio(skill: Skill, row: EvalRow, audio: Path, recognizer: Recognizer | None) -> Prediction:
    if recognizer is None:
        raise EvalError(f"row {row.line}: audio rows need a speech engine")
    listen = skill.config.listen
    listener = Listener(
        recognizer, skill.conversation(), skill.intents.normalizer, listen.endpoint, denoise=listen.denoise
    )
    start = time.perf_counter()
    heard = list(listener.run(file_chunks(audio), str(audio)))
    elapsed = (time.perf_counter() - start) * 1000
    transcript = " ".join(h.transcript.text for h in heard)
    errors = words = 0
    if row.text is not None:
        reference = row.text.lower().split()
        errors, words = word_errors(reference, transcript.split()), len(reference)
    if not heard:
        return Prediction(row, FALLBACK_ID, Decision.FALLBACK.value, False, transcript, elapsed, errors, words)
    response = heard[0].response
    return Prediction(
        row,
        response.intent,
        response.decision.value,
        response.urgent,
        transcript,
        heard[0].end_of_speech_to_answer_ms,
        errors,
        words,
    )


def _percentile(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))] if values else 0.0


def report(predictions: Sequence[Prediction], top_confusions: int = 10) -> Report:
    """The figures for a list of predictions."""
    total = len(predictions)
    correct = sum(p.correct for p in predictions)
    labels = sorted({p.row.label for p in predictions} | {p.predicted for p in predictions})
    scores = []
    for label in labels:
        tp = sum(p.correct and p.row.label == label for p in predictions)
        predicted = sum(p.predicted == label for p in predictions)
        support = sum(p.row.label == label for p in predictions)
        scores.append(
            IntentScore(label, tp / predicted if predicted else 0.0, tp / support if support else 0.0, support)
        )
    confusions = Counter((p.row.label, p.predicted) for p in predictions if not p.correct)
    in_scope = [p for p in predictions if p.row.label != FALLBACK_ID]
    out_scope = [p for p in predictions if p.row.label == FALLBACK_ID]
    urgent_rows = [p for p in predictions if p.row.urgent]
    calm_rows = [p for p in predictions if not p.row.urgent]
    # A false reassurance: an urgent row answered with a topic that is not urgent.
    false_reassurances = sum(
        not p.urgent and p.decision != Decision.FALLBACK.value and p.predicted != FALLBACK_ID for p in urgent_rows
    )
    words = sum(p.reference_words for p in predictions)
    latencies = [p.latency_ms for p in predictions]
    return Report(
        rows=total,
        accuracy=correct / total if total else 0.0,
        per_intent=tuple(scores),
        confusions=tuple((a, b, n) for (a, b), n in confusions.most_common(top_confusions)),
        fallback_rate=sum(p.predicted == FALLBACK_ID for p in in_scope) / len(in_scope) if in_scope else 0.0,
        false_accept_rate=sum(p.predicted != FALLBACK_ID for p in out_scope) / len(out_scope) if out_scope else 0.0,
        urgent_recall=sum(p.urgent for p in urgent_rows) / len(urgent_rows) if urgent_rows else 1.0,
        false_reassurances=false_reassurances,
        false_alarms=sum(p.urgent for p in calm_rows),
        word_error_rate=sum(p.word_errors for p in predictions) / words if words else None,
        latency_ms={
            "p50": _percentile(latencies, 0.5),
            "p95": _percentile(latencies, 0.95),
            "p99": _percentile(latencies, 0.99),
        },
    )


@dataclass(frozen=True)
class SweepPoint:
    threshold: float
    accuracy: float
    """Top-1 accuracy on in-scope rows."""
    false_accept_rate: float


def sweep(skill: Skill, rows: Sequence[EvalRow], thresholds: Sequence[float]) -> list[SweepPoint]:
    """Accuracy against false-accept rate over the answer threshold (text rows only).

    The long-question threshold moves in proportion, keeping the shipped ratio.
    """
    text_rows = [r for r in rows if r.text is not None]
    base = skill.config.match
    ratio = base.long_answer_threshold / base.answer_threshold if base.answer_threshold else 1.0
    points = []
    for threshold in thresholds:
        settings = replace(base, answer_threshold=threshold, long_answer_threshold=threshold * ratio)
        predictions = predict(skill, text_rows, matcher=Matcher(skill.intents, settings))
        in_scope = [p for p in predictions if p.row.label != FALLBACK_ID]
        out_scope = [p for p in predictions if p.row.label == FALLBACK_ID]
        points.append(
            SweepPoint(
                threshold,
                sum(p.correct for p in in_scope) / len(in_scope) if in_scope else 0.0,
                sum(p.predicted != FALLBACK_ID for p in out_scope) / len(out_scope) if out_scope else 0.0,
            )
        )
    return points
