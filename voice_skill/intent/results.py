"""What the matcher decides: typed results for the dialogue and the command line."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from enum import StrEnum

from .triage import TriageHit


class Decision(StrEnum):
    """What the dialogue should do with a match."""

    ANSWER = "answer"
    CONFIRM = "confirm"
    FALLBACK = "fallback"
    REPROMPT = "reprompt"
    """Speech was heard but not understood: ask the person to say it again (the dialogue decides this,
    from the recogniser's doubt; the matcher never does)."""


@dataclass(frozen=True)
class Candidate:
    """An intent and its score (0-100)."""

    intent: str
    score: float


@dataclass(frozen=True)
class Evidence:
    """Why the matcher decided what it did, for people (``ask --explain``) and for the JSON output."""

    reason: str
    """``warning sign``, ``second opinion``, ``closest example``, ``below threshold``, ``too little explained``,
    ``own result`` or ``not in the guide`` (a kind of question the guide never answers, such as "how common")."""
    detail: str
    example: str | None = None
    trigger: str | None = None
    threshold: float | None = None

    def to_json(self) -> dict[str, object]:
        return {k: v for k, v in dataclasses.asdict(self).items() if v is not None}


@dataclass(frozen=True)
class MatchResult:
    """The matcher's verdict on one utterance."""

    text: str
    normalized: str
    intent: str
    score: float
    decision: Decision
    urgent: bool
    alternatives: tuple[Candidate, ...]
    triage: tuple[TriageHit, ...] = ()
    caution: bool = False
    """A fallback on a question that speaks of the body or of feeling unwell (``triage.caution_words``): no warning
    sign was recognised, but one may have been said in words the triage does not know, so the warning signs are
    told with the fallback."""
    second_opinion: float | None = None
    """When the trained second opinion (:mod:`.second_opinion`) turned a calm result into the caution answer: its
    probability that the question reports a warning sign; otherwise None."""

    @property
    def negated(self) -> bool:
        """True when every warning sign found was negated ("no fever")."""
        return bool(self.triage) and all(hit.negated for hit in self.triage)

    @property
    def cleared(self) -> bool:
        """True when warning signs were found but every one was clearly denied or over (not urgent)."""
        return bool(self.triage) and all(hit.cleared for hit in self.triage)
