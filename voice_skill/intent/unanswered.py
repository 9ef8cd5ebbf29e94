"""Questions of a kind the guide never answers, whatever their topic.

"How common are blocked tubes?", "can an HSG be wrong?", "is oil-based dye better than water-based?" and "what does
an HSG cost?" share their content words with topics the guide does explain (what a blockage is, what the test is,
the dye's flushing effect), so the matcher scores them like those topics' examples and would answer them with a
confident, unrelated answer. The guide says nothing of how often something happens, how accurate the test is,
how one option compares with another, or what anything costs: those questions get the honest fallback.

The rule, from the ``unanswered:`` section of the intent YAML: each frame ("how common", "accuracy", ...) is a list
of phrases, matched on the question's normalised words; a question with one of them is not answered by a calm topic
unless the frame names that topic in ``answered_by`` (the guide does say cramping and spotting are common). It
never touches a warning sign (the triage decides those first) or a command.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from .normalize import Normalized, Normalizer
from .phrases import Phrases, Words, normalized_phrases


@dataclass(frozen=True)
class Frame:
    """One kind of question the guide does not answer (``unanswered.frames.<name>``)."""

    phrases: tuple[str, ...] = ()
    """What asks it ("how common", "what percentage"), as typed: normalised like the questions."""
    answered_by: tuple[str, ...] = ()
    """Topics whose answer does serve it ("is cramping common": the guide says it is)."""


@dataclass(frozen=True)
class UnansweredSpec:
    """Language data for questions the guide never answers (``unanswered:`` in the intent YAML)."""

    frames: dict[str, Frame] = field(default_factory=dict)


@dataclass(frozen=True)
class FrameHit:
    """A frame found in a question: its name and the phrase that asked it (as normalised)."""

    frame: str
    phrase: str


class Unanswered:
    """Tells whether a question asks something of a kind the guide never answers, for a given topic."""

    def __init__(self, spec: UnansweredSpec, normalizer: Normalizer) -> None:
        self._frames: Mapping[str, tuple[Phrases, frozenset[str]]] = {
            name: (Phrases(normalized_phrases(normalizer, frame.phrases)), frozenset(frame.answered_by))
            for name, frame in spec.frames.items()
        }

    def asks(self, norm: Normalized, intent: str) -> FrameHit | None:
        """The first frame of ``norm`` that ``intent`` does not answer, or None."""
        words: Words | None = None
        for name, (phrases, answered_by) in self._frames.items():
            if intent in answered_by or not phrases.firsts.intersection(norm.words):
                continue
            words = words or Words(norm.words)
            found = phrases.found(words)
            if found:
                return FrameHit(name, " ".join(found[0][1]))
        return None
