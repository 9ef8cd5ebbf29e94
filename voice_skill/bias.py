"""Domain biasing: the skill's own words, taken from the intents, for the recognisers.

Both engines hear the domain better when told what people will say: PocketSphinx gets an
n-gram language model built from the example sentences (plus pronunciations for words its
dictionary lacks, such as "hsg" and "ivf"); Vosk gets a phrase grammar with ``[unk]``.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .intents import IntentSet

_WORD = re.compile(r"[a-z][a-z']*")


@dataclass(frozen=True)
class DomainText:
    """Sentences (as word tuples) the skill expects to hear."""

    sentences: tuple[tuple[str, ...], ...]

    @property
    def vocabulary(self) -> list[str]:
        return sorted({w for s in self.sentences for w in s})

    def digest(self) -> str:
        text = "\n".join(" ".join(s) for s in self.sentences)
        return hashlib.sha256(text.encode()).hexdigest()[:16]


@dataclass(frozen=True)
class GeneralWordSettings:
    """Everyday English that biased PocketSphinx may hear besides the skill's own words."""

    count: int = field(default=2000, metadata={"min": 0, "max": 20000})
    """How many of the commonest English words are added (0: only the skill's own words)."""
    weight: float = field(default=0.05, metadata={"min": 0.0, "max": 0.5})
    """Share of the language model's single-word probability they get: a question with an
    unexpected word is then not forced into the skill's words."""


DEFAULT_GENERAL_WORDS = GeneralWordSettings()


def words_of(text: str) -> tuple[str, ...]:
    return tuple(_WORD.findall(text.lower()))


WARNING_SIGN_WEIGHT = 3
"""How many times each warning-sign phrase counts in the domain text (see ``domain_text``)."""


def domain_text(
    intents: IntentSet, extra: Sequence[str] = (), warning_sign_weight: int = WARNING_SIGN_WEIGHT
) -> DomainText:
    """Every example, warning-sign phrase and title (and ``extra`` phrases such as the wake
    phrase), as the recogniser should hear them. Warning-sign phrases count
    ``warning_sign_weight`` times, so a language model built from the text is readier to hear
    them: safety first, in the ears too."""
    sentences: list[tuple[str, ...]] = [words for words in map(words_of, extra) if words]
    for intent in intents:
        texts = (*intent.examples, *[t for t in intent.triggers for _ in range(warning_sign_weight)], intent.title)
        sentences += [words for words in map(words_of, texts) if words]
    return DomainText(tuple(sentences))


def read_pronunciations(path: Path) -> dict[str, list[str]]:
    """A CMU-style dictionary file: ``word PH ON ES`` per line (``word(2)`` for variants)."""
    found: dict[str, list[str]] = {}
    if not path.is_file():
        return found
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) < 2 or line.startswith(";;"):
            continue
        word = re.sub(r"\(\d+\)$", "", parts[0].lower())
        found.setdefault(word, []).append(" ".join(parts[1:]))
    return found


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "voice-skill"
