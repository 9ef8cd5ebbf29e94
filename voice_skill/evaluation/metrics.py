"""Evaluation figures: top-1 accuracy, per-intent precision and recall, the commonest confusions,
fallback and false-accept rates, urgent recall, **false reassurances** (an urgent row answered with a
non-urgent topic: the number that must be zero), false alarms, word error rate for audio rows, and
latency percentiles.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from ..intent import FALLBACK_ID, Decision
from .data import EvalRow
from .outcomes import REPROMPT, outcome_label


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
        return outcome_label(self.intent, self.decision)

    @property
    def correct(self) -> bool:
        return self.predicted in self.row.accept

    @property
    def answered(self) -> bool:
        """Answered with an intent (neither the fallback nor a request to repeat)."""
        return self.predicted not in (FALLBACK_ID, REPROMPT)

    @property
    def wrong(self) -> bool:
        """Answered, with an intent that does not serve the asker."""
        return self.answered and not self.correct

    @property
    def false_reassurance(self) -> bool:
        """An urgent row answered with a topic that is not urgent (the number that must be zero); a request to
        say it again counts too, as it did not send the person to call."""
        return (
            self.row.urgent
            and not self.urgent
            and self.decision != Decision.FALLBACK.value
            and self.predicted != FALLBACK_ID
        )

    @property
    def verdict(self) -> Verdict:
        """What went right or wrong with this row, the worst first."""
        if self.false_reassurance:
            return Verdict.FALSE_REASSURANCE
        if self.correct:
            return Verdict.GOOD
        if self.urgent and not self.row.urgent:
            return Verdict.FALSE_ALARM
        if self.predicted == REPROMPT:
            return Verdict.REPROMPT
        if self.predicted == FALLBACK_ID:
            return Verdict.FALLBACK
        return Verdict.WRONG if self.row.answerable else Verdict.FALSE_ACCEPT

    def to_json(self) -> dict[str, object]:
        """One row's outcome for ``eval --rows``: what was asked, what was expected, what the skill did."""
        row = self.row
        asked: dict[str, object] = {"line": row.line}
        if row.audio is not None:
            asked["audio"] = str(row.audio)
            asked["transcript"] = self.transcript
        if row.text is not None:
            asked["text"] = row.text
        return {
            **asked,
            "expected": list(row.accept),
            "expected_urgent": row.urgent,
            "got": self.predicted,
            "decision": self.decision,
            "urgent": self.urgent,
            "verdict": self.verdict.value,
        }


class Verdict(StrEnum):
    """How one row went (``eval --rows``)."""

    GOOD = "good"
    """An acceptable outcome."""
    FALSE_REASSURANCE = "false_reassurance"
    """An urgent row answered with a calm topic."""
    FALSE_ALARM = "false_alarm"
    """A calm row answered as urgent."""
    WRONG = "wrong"
    """Answered with an intent that does not serve the asker."""
    FALLBACK = "fallback"
    """An answerable row the skill could not answer."""
    FALSE_ACCEPT = "false_accept"
    """An out-of-scope row answered with a topic."""
    REPROMPT = "reprompt"
    """Asked to say it again (audio rows)."""


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
    wrong_answer_rate: float = 0.0
    """Share of rows answered with an intent that does not serve the asker."""
    fallback_when_answerable: float = 0.0
    """Share of answerable rows that got the fallback (the same as ``fallback_rate``)."""
    reprompt_rate: float = 0.0
    """Share of rows answered with "Sorry, I didn't catch that" (audio rows)."""

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
            "wrong_answer_rate": round(self.wrong_answer_rate, 4),
            "fallback_when_answerable": round(self.fallback_when_answerable, 4),
            "reprompt_rate": round(self.reprompt_rate, 4),
        }


def word_errors(reference: Sequence[str], hypothesis: Sequence[str]) -> int:
    """Levenshtein distance over words."""
    row = list(range(len(hypothesis) + 1))
    for i, ref in enumerate(reference, 1):
        prev, row[0] = row[0], i
        for j, hyp in enumerate(hypothesis, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (ref != hyp))
    return row[-1]


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
        # A row may accept several outcomes: precision counts the rows answered with this label that accept
        # it; recall, the rows labelled with it first that got any acceptable outcome.
        predicted = [p for p in predictions if p.predicted == label]
        labelled = [p for p in predictions if p.row.label == label]
        precision = sum(p.correct for p in predicted) / len(predicted) if predicted else 0.0
        recall = sum(p.correct for p in labelled) / len(labelled) if labelled else 0.0
        scores.append(IntentScore(label, precision, recall, len(labelled)))
    confusions = Counter((p.row.label, p.predicted) for p in predictions if not p.correct)
    in_scope = [p for p in predictions if p.row.answerable]
    out_scope = [p for p in predictions if not p.row.answerable]
    urgent_rows = [p for p in predictions if p.row.urgent]
    calm_rows = [p for p in predictions if not p.row.urgent]
    false_reassurances = sum(p.false_reassurance for p in predictions)
    words = sum(p.reference_words for p in predictions)
    latencies = [p.latency_ms for p in predictions]
    fallback_rate = sum(p.predicted == FALLBACK_ID for p in in_scope) / len(in_scope) if in_scope else 0.0
    return Report(
        rows=total,
        accuracy=correct / total if total else 0.0,
        per_intent=tuple(scores),
        confusions=tuple((a, b, n) for (a, b), n in confusions.most_common(top_confusions)),
        fallback_rate=fallback_rate,
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
        wrong_answer_rate=sum(p.wrong for p in predictions) / total if total else 0.0,
        fallback_when_answerable=fallback_rate,
        reprompt_rate=sum(p.predicted == REPROMPT for p in predictions) / total if total else 0.0,
    )
