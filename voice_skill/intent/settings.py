"""The matcher's and the triage's settings (the ``match:`` section of the configuration)."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field

from ..base.schema import Mismatch, blamed


@dataclass(frozen=True)
class MatchSettings:
    """Thresholds of the intent matcher (scores are 0-100)."""

    answer_threshold: float = field(default=45.0, metadata={"min": 0, "max": 100})
    """Best score needed to answer; below it the skill falls back."""
    long_answer_threshold: float = field(default=28.0, metadata={"min": 0, "max": 100})
    """Threshold for long questions (``long_question_words`` content words or more)."""
    short_question_words: int = field(default=6, metadata={"min": 1, "max": 200})
    """Questions up to this many content words use ``answer_threshold``."""
    long_question_words: int = field(default=16, metadata={"min": 2, "max": 400})
    """From this many content words on, ``long_answer_threshold`` applies (linear in between)."""
    control_min_coverage: float = field(default=0.7, metadata={"min": 0.01, "max": 1})
    """A command (stop, repeat, ...) scores fully only if its words explain this share of the
    question; below, its score shrinks in proportion."""
    topic_min_coverage: float = field(default=0.7, metadata={"min": 0.0, "max": 1})
    """A topic is answered only if its words explain this share of the question's weight; a question that is
    mostly about something else ("does an hsg need anaesthesia") gets the fallback, not a near topic."""
    long_topic_min_coverage: float = field(default=0.3, metadata={"min": 0.0, "max": 1})
    """The same for long questions (``long_question_words`` or more; linear in between): people ramble."""
    everyday_word_rank: int = field(default=1000, metadata={"min": 0, "max": 1_000_000})
    """The commonest this many everyday words ("exactly", "happen", "meaning") frame a question ..."""
    everyday_word_weight: float = field(default=0.25, metadata={"min": 0.0, "max": 1})
    """... and count this much (against 1 for other words) in the share a topic must explain."""
    rare_word_rank: int = field(default=20_000, metadata={"min": 0, "max": 1_000_000})
    """A word that no example uses, not among the commonest this many everyday words nor a word of the warning
    signs' language ("knickers"), is rare: it names something the guide does not describe ("retroverted") ..."""
    rare_word_weight: float = field(default=2.0, metadata={"min": 0.0, "max": 10})
    """... and counts this much (against 1 for other unknown words) in the share a topic must explain."""
    confirm_margin: float = field(default=2.0, metadata={"min": 0, "max": 100})
    """If the two best topics score within this margin, the skill asks which was meant."""
    token_similarity: float = field(default=80.0, metadata={"min": 50, "max": 100})
    """Spelling similarity for an unknown word to count as a known one ("crampin" ~ "cramping")."""
    fuzzy_min_length: int = field(default=4, metadata={"min": 1, "max": 20})
    """Words shorter than this must match exactly."""
    centroid_weight: float = field(default=0.6, metadata={"min": 0, "max": 1})
    """Weight of similarity to an intent's examples taken together, against its closest example."""
    unknown_word_weight: float = field(default=0.5, metadata={"min": 0, "max": 2})
    """How much a word no example uses counts against a match (relative to a rare known word)."""
    spelling_weight: float = field(default=0.45, metadata={"min": 0, "max": 1})
    """Weight of whole-phrase spelling similarity in the final score."""
    triage_similarity: float = field(default=85.0, metadata={"min": 50, "max": 100})
    """Spelling similarity for a word of a warning-sign phrase to count as present."""
    triage_min_stem_length: int = field(default=5, metadata={"min": 1, "max": 20})
    """A warning-sign word matches by its stem ("fainting" ~ "fainted") only if the stem is this
    long; shorter ones must match as written ("passed out" is not "pass out of my body")."""
    triage_span_slack: int = field(default=2, metadata={"min": 0, "max": 10})
    """Extra words allowed between the words of a warning-sign phrase."""
    negation_window: int = field(default=3, metadata={"min": 0, "max": 10})
    """Words before a warning sign searched for a negation (recorded, never suppresses)."""
    second_opinion: bool = True
    """When the triage finds no warning sign, ask the trained second opinion (``triage-model.npz`` beside the
    intents) whether the question reports one in words the phrase lists do not know; if it does, the warning signs
    come first (the caution answer). It never makes an urgent answer calm."""
    second_opinion_threshold: float = field(default=0.85, metadata={"min": 0.6, "max": 1})
    """The second opinion's probability from which the warning signs come first. Out of fold it took no answer from a
    calm question from 0.8 on; 0.85 catches as many of the check rows' unwarned signs (2 of 6) and took no answer from
    eval/dev.jsonl's calm questions, where 0.8 took one (docs/benchmarks.md, benchmarks/triage_second_opinion.py)."""
    max_alternatives: int = field(default=3, metadata={"min": 1, "max": 20})
    """Runner-up intents reported with a result."""
    max_question_chars: int = field(default=2000, metadata={"min": 10, "max": 100000})
    """Longer input is refused with an error."""

    def problems(self, section: str = "match", written: Collection[str] = ()) -> list[Mismatch]:
        """Values that each look fine but do not fit together, blaming a key the file sets (``written``)."""
        short, long = f"{section}.short_question_words", f"{section}.long_question_words"
        if self.short_question_words >= self.long_question_words:
            message = f"'{short}' ({self.short_question_words}) must be less than '{long}' ({self.long_question_words})"
            return [Mismatch(blamed((short, long), written), message)]
        return []
