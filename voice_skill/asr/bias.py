"""Domain biasing: the skill's own words, taken from the intents, for the recognisers.

Both engines hear the domain better when told what people will say: PocketSphinx gets an
n-gram language model built from the example sentences (plus pronunciations for words its
dictionary lacks, such as "hsg" and "ivf"); Vosk gets a phrase grammar with ``[unk]``.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..intent import IntentSet
from .recognizer import RecognizerError
from .settings import WARNING_SIGN_WEIGHT

_WORD = re.compile(r"[a-z][a-z']*")


@dataclass(frozen=True)
class DomainText:
    """Sentences (as word tuples) the skill expects to hear."""

    sentences: tuple[tuple[str, ...], ...]
    respelled: frozenset[str] = frozenset()
    """Words the normaliser rewrites as another word (known misspellings such as "falopian"): examples
    hold them for typed questions, and an engine that cannot say them loses nothing."""

    def unexpectedly_missing(self, missing: Sequence[str]) -> tuple[str, ...]:
        """The words of ``missing`` (not in an engine's vocabulary) that are not known misspellings."""
        return tuple(w for w in missing if w not in self.respelled)

    @property
    def vocabulary(self) -> list[str]:
        return sorted({w for s in self.sentences for w in s})

    def digest(self) -> str:
        text = "\n".join(" ".join(s) for s in self.sentences)
        return hashlib.sha256(text.encode()).hexdigest()[:16]


def words_of(text: str) -> tuple[str, ...]:
    return tuple(_WORD.findall(text.lower()))


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
    return DomainText(tuple(sentences), frozenset(intents.normalizer.respelled_words()))


def read_pronunciations(path: Path) -> dict[str, list[str]]:
    """A CMU-style dictionary file: ``word PH ON ES`` per line (``word(2)`` for variants).

    A file that is missing or unreadable is a :class:`RecognizerError`: without it the skill's own
    words ("hsg", "ivf") could not be heard."""
    found: dict[str, list[str]] = {}
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise RecognizerError(f"cannot read the pronunciations file {path}: {reason}") from None
    for line in text.splitlines():
        parts = line.split()
        if len(parts) < 2 or line.startswith(";;"):
            continue
        word = parts[0].lower()
        if word.endswith(")"):  # a variant, "word(2)"
            word = re.sub(r"\(\d+\)$", "", word)
        found.setdefault(word, []).append(" ".join(parts[1:]))
    return found
