"""Biasing Whisper to the skill: a prompt built from the intents, and guards against what prompts cause.

Whisper takes a prompt as "the text before this one": naming the skill's words there makes it readier to
write "HSG", "IUI" or "laparoscopy". Two side effects are guarded against: on noise Whisper may repeat the
prompt back ("IUI, IUI, IUI"), and a prompt that ends in a domain word can make it drop the user's first
words. So the prompt names the topics inside a sentence that ends in everyday words, and
:class:`PromptGuard` discards a transcript that only repeats the prompt, or is one of the stock phrases
Whisper invents on noise.
"""

from __future__ import annotations

import re

from ..intent import IntentSet

_WORD = re.compile(r"[a-z0-9']+")
PROMPT_HEAD = "A patient asks about her HSG test, for example about"
PROMPT_TAIL = "Here is what she asked."
PHANTOMS = frozenset(
    {
        "thank you",
        "thank you very much",
        "thanks for watching",
        "thank you for watching",
        "thank you so much for watching",
        "please subscribe",
        "you",
        "bye",
        "okay",
        "so",
        "oh",
        "um",
        "hmm",
    }
)
"""What Whisper writes on noise and silence (its training data's subtitles), as normalised words."""
MIN_ECHO_WORDS = 3


def words(text: str) -> tuple[str, ...]:
    return tuple(_WORD.findall(text.lower().replace("-", " ")))


def whisper_prompt(intents: IntentSet, extra: tuple[str, ...] = ()) -> str:
    """The topics of ``intents`` (their titles) and the initialisms people say, in one sentence that ends in
    everyday words; ``extra`` phrases (the wake phrase) come first."""
    initialisms = [name.upper() for name in intents.normalizer.initialisms()]
    titles = [intent.title for intent in intents.topics if not intent.title.lower().startswith(("what ", "how "))]
    seen: set[str] = set()
    topics = []
    for item in (*titles, *initialisms):
        key = item.lower()
        if key not in seen:
            seen.add(key)
            topics.append(item)
    lead = " ".join(f"{phrase.strip().capitalize()}." for phrase in extra if phrase.strip())
    body = f"{PROMPT_HEAD} {', '.join(topics[:-1])} or {topics[-1]}. {PROMPT_TAIL}" if topics else PROMPT_TAIL
    return f"{lead} {body}".strip()


class PromptGuard:
    """Tells a transcript that repeats the prompt, or that Whisper made up on noise, from real speech."""

    def __init__(self, prompt: str) -> None:
        self.prompt_words = words(prompt)
        self._joined = f" {' '.join(self.prompt_words)} "
        self._vocabulary = frozenset(self.prompt_words)

    def is_echo(self, text: str) -> bool:
        """Whether ``text`` only repeats the prompt: a run of three or more of its words in order, or prompt
        words said over and over ("IUI, IUI, IUI")."""
        said = words(text)
        if not said or not self.prompt_words:
            return False
        if len(said) >= MIN_ECHO_WORDS and f" {' '.join(said)} " in self._joined:
            return True
        return len(said) >= 2 and set(said) <= self._vocabulary and len(set(said)) < len(said)

    @staticmethod
    def is_phantom(text: str) -> bool:
        """Whether ``text`` is one of the stock phrases Whisper writes on noise."""
        return " ".join(words(text)) in PHANTOMS
