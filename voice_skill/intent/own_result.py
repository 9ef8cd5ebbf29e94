"""Asking for one's own result, not for what a result means.

"Are my tubes blocked?", "did my test show a blockage?" and "what does it mean if my tubes are blocked" share
their content words, so the matcher scores them alike; but the guide explains what results mean, it cannot tell
someone what their own result is. That is for their care team: the fallback.

The rule, from the ``own_result:`` section of the intent YAML: a yes/no question ("are", "did", "is there"), or a
request to read it ("can you tell if"), about the person's own body or test ("my", "i have"), with no word
asking for an explanation ("mean", "what", "if"), and not about an impersonal "it" or "that" ("is it bad if",
"is that normal": a result told, its meaning asked). It applies only to intents marked
``answers_own_result: false``: the symptoms the guide describes ("is my cramping normal") are still answered.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .normalize import Normalized


@dataclass(frozen=True)
class OwnResultSpec:
    """Language data for telling a question about one's own result (``own_result:`` in the intent YAML)."""

    openings: tuple[str, ...] = ()
    """First words of a yes/no question about how things are ("are", "is", "do"): the person's own thing must be
    its subject ("are my tubes blocked", "do i have blocked tubes"; not "does the x ray look at my uterus")."""
    past_openings: tuple[str, ...] = ()
    """First words of a yes/no question about what a test found ("did", "was"): the person's own thing may come
    anywhere ("did the hsg show that my tubes are open")."""
    existentials: tuple[str, ...] = ()
    """Words right after a present-tense opening that ask whether something is there ("is there a blockage in my
    left tube"): the person's own thing may then come anywhere, as after a past opening."""
    readings: tuple[str, ...] = ()
    """Phrases that open a request to read a result ("can you tell if", "do you know whether"); as past openings."""
    lead_ins: tuple[str, ...] = ()
    """Words skipped before the opening ("so", "and")."""
    owners: tuple[str, ...] = ()
    """Phrases that make something the person's own ("my", "our", "i have") ..."""
    owned: tuple[str, ...] = ()
    """... when one of these follows closely: a body part or a test ("tubes", "uterus", "hsg", "results"), not
    a person or a plan ("does my partner need tests", "is ivf my only option")."""
    impersonal: tuple[str, ...] = ()
    """Words right after the opening that make it a question about a result told ("is it bad", "is that normal")."""
    explaining: tuple[str, ...] = ()
    """Phrases that ask for an explanation or a cause ("mean", "what", "if", "cause"): then it is no request for
    a reading."""
    subject_window: int = field(default=3, metadata={"min": 1, "max": 10})
    """How far after a present-tense opening the subject may begin ("are both of my tubes clear")."""
    owned_window: int = field(default=2, metadata={"min": 1, "max": 10})
    """How many words after the owner the owned thing may come ("my left tube", "i have blocked tubes")."""


def _phrases(items: tuple[str, ...]) -> list[list[str]]:
    return [item.lower().split() for item in items if item.split()]


def _at(words: list[str], phrase: list[str], index: int) -> bool:
    return words[index : index + len(phrase)] == phrase


class OwnResult:
    """Tells whether a question asks for the person's own result."""

    def __init__(self, spec: OwnResultSpec) -> None:
        self.spec = spec
        self._openings = frozenset(w.lower() for w in spec.openings)
        self._past = frozenset(w.lower() for w in spec.past_openings)
        self._existentials = frozenset(w.lower() for w in spec.existentials)
        self._readings = _phrases(spec.readings)
        self._lead_ins = frozenset(w.lower() for w in spec.lead_ins)
        self._owners = _phrases(spec.owners)
        self._owned = frozenset(w.lower() for w in spec.owned)
        self._impersonal = frozenset(w.lower() for w in spec.impersonal)
        self._explaining = _phrases(spec.explaining)

    def asks(self, norm: Normalized) -> bool:
        """True for a yes/no question or a request to read one's own result (see the module's docstring)."""
        words = list(norm.surface or norm.words)
        while words and words[0] in self._lead_ins:
            words.pop(0)
        opened = self._after_opening(words)
        if opened is None:
            return False
        rest, anywhere = opened
        if not rest or rest[0] in self._impersonal:
            return False
        if any(_at(rest, phrase, i) for phrase in self._explaining for i in range(len(rest))):
            return False
        reach = len(rest) if anywhere else min(len(rest), self.spec.subject_window)
        return any(self._owns(rest, i) for i in range(reach))

    def _owns(self, words: list[str], index: int) -> bool:
        """An owner at ``index`` with an owned thing closely after it."""
        for owner in self._owners:
            if _at(words, owner, index):
                after = index + len(owner)
                return any(w in self._owned for w in words[after : after + self.spec.owned_window])
        return False

    def _after_opening(self, words: list[str]) -> tuple[list[str], bool] | None:
        """The words after a request to read or a yes/no opening, and whether the owner may come anywhere."""
        for reading in self._readings:
            if _at(words, reading, 0):
                return words[len(reading) :], True
        if len(words) > 1 and words[0] in self._openings and words[1] in self._existentials:
            return words[2:], True
        if words and (words[0] in self._openings or words[0] in self._past):
            return words[1:], words[0] in self._past
        return None
