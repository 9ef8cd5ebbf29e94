"""Intents: the validated model of the YAML intent files.

Loading is split as in hassil: :meth:`IntentSet.from_files` reads files and folders,
:meth:`IntentSet.from_yaml` parses one stream, :meth:`IntentSet.from_dict` validates data
(the work is done in :mod:`voice_skill.intent.loader`). Every problem is collected, with its
file and line, before anything fails.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from ..base.errors import Problem, SkillError
from .normalize import Normalizer, NormalizeSpec
from .own_result import OwnResultSpec
from .reference import Reference
from .second_opinion import TriageModel
from .signs import TriageSpec
from .unanswered import UnansweredSpec

MAX_ANSWER_WORDS = 45
"""A spoken answer longer than this is an error: long answers are hard to follow by ear."""
FALLBACK_ID = "fallback"


class IntentKind(StrEnum):
    """What an intent is: a topic the guide answers, a command, or the one fallback."""

    TOPIC = "topic"
    CONTROL = "control"
    FALLBACK = "fallback"
    EMERGENCY = "emergency"
    """An emergency the guide does not cover (trouble breathing, an allergic reaction, thoughts of
    self-harm): always urgent, answered by routing to the emergency number, never with advice."""


MIN_EXAMPLES = {IntentKind.TOPIC: 15, IntentKind.CONTROL: 3, IntentKind.FALLBACK: 10, IntentKind.EMERGENCY: 5}
ANSWER_PLACEHOLDERS = ("emergency_number", "crisis_line")
"""What an emergency's answer may name in braces, filled in from the configuration."""
"""Fewest examples per intent kind."""


class IntentError(SkillError):
    """Intent files failed validation; every problem found is kept in ``problems``."""

    exit_code = 4

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        first = str(self.problems[0]) if self.problems else "invalid intents"
        more = len(self.problems) - 1
        suffix = f" (and {more} more problem{'s' if more != 1 else ''})" if more else ""
        super().__init__(first + suffix)


@dataclass(frozen=True)
class Responses:
    """Sentences the dialogue wraps around answers ({placeholders} are filled in)."""

    disclaimer: str
    emergency_line: str
    confirm: str
    confirm_again: str
    suggest: str
    help_topics: str
    source_of_last: str
    rate_slower: str
    rate_faster: str
    rate_slowest: str
    rate_fastest: str
    volume_louder: str
    volume_quieter: str
    volume_loudest: str
    volume_quietest: str
    no_detail: str
    list_or: str
    greeting: str
    reprompt: str = "Sorry, I didn't catch that. Could you say it again?"
    reprompt_topics: str = "Sorry, I still didn't catch that. You can ask me about {topics}."
    reminder: str = "And please remember to call about the {sign} you mentioned."
    caution: str = (
        "If you have severe or worsening pain, heavy bleeding, a fever or chills, an unusual or foul-smelling "
        "discharge, or dizziness or fainting, please call your healthcare provider now. If it feels like an "
        "emergency, call {emergency_number}. If you are having thoughts of harming yourself, call {crisis_line}."
    )
    confirm_which: str = "Sorry, which one: {first}, or {second}?"
    fresh_start: str = "Starting fresh."
    conversation_cleared: str = (
        "Our earlier conversation was cleared after a while without questions. What would you like to know?"
    )


@dataclass(frozen=True)
class IntentSpec:
    """The schema of one intent in YAML."""

    kind: IntentKind
    title: str
    answer: str
    urgent: bool | None = None
    source: str | None = None
    detail: str | None = None
    triggers: tuple[str, ...] = ()
    examples: tuple[str, ...] = ()
    tests: tuple[str, ...] = ()
    answers_own_result: bool = True
    """False for a topic that explains what results mean but cannot tell someone their own ("are my tubes
    blocked" gets the fallback; "what does it mean if my tubes are blocked" the topic)."""


@dataclass(frozen=True)
class Intent:
    """One validated intent."""

    id: str
    kind: IntentKind
    title: str
    answer: str
    urgent: bool
    source: str | None
    detail: str | None
    triggers: tuple[str, ...]
    examples: tuple[str, ...]
    tests: tuple[str, ...]
    path: str
    line: int | None
    example_lines: tuple[int | None, ...] = ()
    test_lines: tuple[int | None, ...] = ()
    source_line: int | None = None
    answers_own_result: bool = True
    """See :attr:`IntentSpec.answers_own_result`."""

    def example_line(self, index: int) -> int | None:
        return self.example_lines[index] if index < len(self.example_lines) else self.line

    def test_line(self, index: int) -> int | None:
        return self.test_lines[index] if index < len(self.test_lines) else self.line

    @property
    def is_topic(self) -> bool:
        """A question the skill answers: a topic of the guide, or an emergency it routes."""
        return self.kind in (IntentKind.TOPIC, IntentKind.EMERGENCY)

    @property
    def is_emergency(self) -> bool:
        return self.kind is IntentKind.EMERGENCY


@dataclass(frozen=True)
class Language:
    """Language-level data: normalisation rules and response sentences."""

    code: str
    normalize: NormalizeSpec
    responses: Responses
    triage: TriageSpec = field(default_factory=TriageSpec)
    own_result: OwnResultSpec = field(default_factory=OwnResultSpec)
    unanswered: UnansweredSpec = field(default_factory=UnansweredSpec)
    """Kinds of question the guide never answers ("how common", "can it be wrong"): the fallback, not a topic."""
    common_words: tuple[str, ...] = ()
    """Everyday words (``common-words.txt``), commonest first: the matcher never respells one as a word of the
    skill, and the commonest ("exactly", "meaning") count for little in what a topic must explain."""


@dataclass(frozen=True)
class IntentSet:
    """A validated, ordered set of intents, their language data and the reference text they cite."""

    language: Language
    intents: dict[str, Intent]
    normalizer: Normalizer = field(compare=False, repr=False)
    reference: Reference | None = field(default=None, compare=False, repr=False)
    triage_model: TriageModel | None = field(default=None, compare=False, repr=False)
    """The triage's trained second opinion (``triage-model.npz`` in an intent folder; a later folder's wins), or
    None when no folder ships one."""

    def __getitem__(self, intent_id: str) -> Intent:
        return self.intents[intent_id]

    def __contains__(self, intent_id: object) -> bool:
        return intent_id in self.intents

    def __iter__(self) -> Iterator[Intent]:
        return iter(self.intents.values())

    def __len__(self) -> int:
        return len(self.intents)

    @property
    def topics(self) -> list[Intent]:
        return [i for i in self.intents.values() if i.is_topic]

    @property
    def urgent(self) -> list[Intent]:
        return [i for i in self.intents.values() if i.urgent]

    # -- loading -------------------------------------------------------------

    @classmethod
    def from_files(cls, paths: Sequence[Path]) -> IntentSet:
        """Load intent files and folders (a folder's ``*.yaml`` in name order, and its ``reference.md``).

        Within one folder an intent id may appear once; a later folder (or file given
        later) overrides an id from an earlier one.
        """
        from .loader import load_files

        return load_files(paths)

    @classmethod
    def from_yaml(cls, text: str, path: str = "<string>", reference: Reference | None = None) -> IntentSet:
        """Load one YAML document (it must hold language data too)."""
        from .loader import load_yaml

        return load_yaml(text, path, reference)

    @classmethod
    def from_dict(cls, data: dict[str, Any], path: str = "<dict>", reference: Reference | None = None) -> IntentSet:
        """Validate already-parsed data (lines are unknown)."""
        from .loader import load_dict

        return load_dict(data, path, reference)
