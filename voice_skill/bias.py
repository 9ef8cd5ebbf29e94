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
from dataclasses import dataclass
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


def words_of(text: str) -> tuple[str, ...]:
    return tuple(_WORD.findall(text.lower()))


def domain_text(intents: IntentSet, extra: Sequence[str] = ()) -> DomainText:
    """Every example, warning-sign phrase and title (and ``extra`` phrases such as the wake
    phrase), as the recogniser should hear them."""
    sentences: list[tuple[str, ...]] = [words for words in map(words_of, extra) if words]
    for intent in intents:
        for text in (*intent.examples, *intent.triggers, intent.title):
            words = words_of(text)
            if words:
                sentences.append(words)
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
