"""Running an evaluation: each row through the matcher (text) or the whole listening pipeline (audio)."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from ..audio import AudioError
from ..devices import file_chunks
from ..intent import FALLBACK_ID, Decision, IntentSet, Matcher, MatchSettings
from ..pipeline import Listener
from .data import EvalError, EvalRow
from .metrics import Prediction, report, word_errors


def predict(
    matcher: Matcher,
    rows: Sequence[EvalRow],
    new_listener: Callable[[], Listener] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> list[Prediction]:
    """Run every row: text through ``matcher``, audio through a fresh listener from ``new_listener``
    (endpointing, recognition and a new conversation for each row)."""
    out: list[Prediction] = []
    for n, row in enumerate(rows, 1):
        if row.audio is not None:
            if new_listener is None:
                raise EvalError(f"{row.where}: audio rows need a speech engine")
            try:
                out.append(_predict_audio(new_listener(), row, row.audio))
            except AudioError as exc:
                raise EvalError(f"{row.where}: {exc}") from None
        else:
            start = time.perf_counter()
            result = matcher.match(row.text or "")
            elapsed = (time.perf_counter() - start) * 1000
            out.append(Prediction(row, result.intent, result.decision.value, result.urgent, latency_ms=elapsed))
        if progress is not None:
            progress(n, len(rows))
    return out


def _predict_audio(listener: Listener, row: EvalRow, audio: Path) -> Prediction:
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


@dataclass(frozen=True)
class SweepPoint:
    threshold: float
    accuracy: float
    """Top-1 accuracy over every text row, as ``eval`` reports it (an out-of-scope row is right when it falls back)."""
    false_accept_rate: float
    """Share of out-of-scope rows answered with a topic, as ``eval`` reports it."""


def sweep(
    intents: IntentSet, base: MatchSettings, rows: Sequence[EvalRow], thresholds: Sequence[float]
) -> list[SweepPoint]:
    """Accuracy against false-accept rate over the answer threshold (text rows only), each figure computed by
    :func:`report`, as ``eval`` computes it: at the configured threshold the sweep and ``eval`` agree.

    The long-question threshold moves in proportion, keeping the shipped ratio; the configured threshold is
    run with the configured settings themselves.
    """
    text_rows = [r for r in rows if r.text is not None]
    ratio = base.long_answer_threshold / base.answer_threshold if base.answer_threshold else 1.0
    points = []
    for threshold in thresholds:
        settings = (
            base
            if threshold == base.answer_threshold
            else replace(base, answer_threshold=threshold, long_answer_threshold=threshold * ratio)
        )
        figures = report(predict(Matcher(intents, settings), text_rows))
        points.append(SweepPoint(threshold, figures.accuracy, figures.false_accept_rate))
    return points
