"""What the caption page's idle screen offers a passer-by, taken from the intents themselves.

The example questions are real examples of the shipped (or configured) intents, one from each of the first
topic files in order (about the test, after it, next steps, ...), so they always name topics the kiosk
answers and change when the intents do.
"""

from __future__ import annotations

from ..intent import Intent, IntentSet
from .captions import Welcome

EXAMPLE_COUNT = 3
"""Example questions on the idle screen."""

QUESTION_WORDS = frozenset({"is", "are", "can", "how", "what", "when", "will", "do", "does", "should", "why"})
"""An example that starts with one of these reads as a question a visitor could ask."""

SHOUTED = frozenset({"hsg", "ivf", "iui", "i"})
"""Words written in capitals on screen (the intents' examples are lower case)."""


def _as_question(example: str) -> str:
    words = [w.upper() if w in SHOUTED else w for w in example.split()]
    text = " ".join(words)
    return f"{text[:1].upper()}{text[1:]}?"


def _first_question(intent: Intent) -> str | None:
    for example in intent.examples:
        words = example.split()
        if words and words[0] in QUESTION_WORDS:
            return example
    return None


def example_questions(intents: IntentSet, count: int = EXAMPLE_COUNT) -> tuple[str, ...]:
    """Up to ``count`` questions: the first question-like example of the first calm topic of each intent file,
    then of further topics if there are fewer files than ``count``."""
    calm = [i for i in intents.topics if not i.urgent]
    first_of_file: dict[str, Intent] = {}
    for intent in calm:
        if _first_question(intent) is not None:
            first_of_file.setdefault(intent.path, intent)
    chosen = list(first_of_file.values())[:count]
    chosen += [i for i in calm if i not in chosen and _first_question(i) is not None][: count - len(chosen)]
    return tuple(_as_question(q) for i in chosen if (q := _first_question(i)) is not None)


def welcome(intents: IntentSet, wake_phrase: str = "") -> Welcome:
    """The idle screen for ``intents``: example questions and the language's disclaimer."""
    return Welcome(
        examples=example_questions(intents),
        disclaimer=intents.language.responses.disclaimer,
        wake_phrase=wake_phrase,
    )
