"""Safety triage: find warning signs anywhere in an utterance, before any matching.

Each urgent intent declares ``triggers`` (warning-sign phrases with their colloquial
variants). A trigger is present when each of its words matches a word of the
utterance (spelling-tolerant, via rapidfuzz) and those words lie close together,
in any order. Stop words are kept here: "passed out" must not shrink to "passed".

Negation ("I don't have a fever") is detected and recorded, but it never suppresses
the urgent answer: recognisers drop "not", and "I don't think it's a fever" is
uncertain. When unsure, urgent wins.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import product

import numpy as np
from rapidfuzz import fuzz, process

from .intents import IntentSet
from .normalize import Normalized
from .settings import MatchSettings


@dataclass(frozen=True)
class TriageHit:
    """A warning sign found in an utterance."""

    intent: str
    trigger: str
    score: float
    negated: bool


@dataclass(frozen=True)
class _Trigger:
    intent: str
    text: str
    word_ids: tuple[int, ...]
    order: int


class Triage:
    """Detects warning-sign phrases. Built once; :meth:`scan` is pure and synchronous."""

    def __init__(self, intents: IntentSet, settings: MatchSettings) -> None:
        self.settings = settings
        normalizer = intents.normalizer
        self._negations = normalizer.negations
        vocab: dict[tuple[str, str], int] = {}
        triggers: list[_Trigger] = []
        for intent in intents.urgent:
            for text in intent.triggers:
                norm = normalizer(text)
                if not norm.words:
                    continue
                pairs = zip(norm.surface, norm.words, strict=True)
                ids = tuple(vocab.setdefault(pair, len(vocab)) for pair in pairs)
                triggers.append(_Trigger(intent.id, text, ids, len(triggers)))
        self._surface = [surface for surface, _ in vocab]
        self._stems = [stem for _, stem in vocab]
        self._surface_index = {w: i for i, w in enumerate(self._surface)}
        self._stem_index: dict[str, list[int]] = {}
        for i, stem in enumerate(self._stems):
            self._stem_index.setdefault(stem, []).append(i)
        self._inflected = np.array([surface != stem for surface, stem in vocab], dtype=bool)
        self._firsts = np.array([ord(w[0]) for w in self._surface])
        self._short = np.array([len(w) < settings.fuzzy_min_length for w in self._surface], dtype=bool)
        # Short stems are ambiguous ("pass" in "passed out" and "pass out of my body"):
        # a trigger word with a short stem must match on its written form.
        self._stem_ok = np.array([len(w) >= settings.triage_min_stem_length for w in self._stems], dtype=bool)
        self._triggers = triggers
        self._trig_tok = np.array([i for t in triggers for i in t.word_ids], dtype=np.int64)
        self._trig_ptr = np.cumsum([0] + [len(t.word_ids) for t in triggers])[:-1]

    def scan(self, text: Normalized) -> list[TriageHit]:
        """Warning signs in ``text``, the strongest per urgent intent, strongest first."""
        words = list(text.surface)
        if not words or not self._triggers:
            return []
        cutoff = self.settings.triage_similarity
        sim = process.cdist(words, self._surface, scorer=fuzz.ratio, score_cutoff=cutoff, dtype=np.float32, workers=1)
        # A spelling match must keep the first letter ("fevr" is "fever", "ever" is not);
        # short words ("hot", "out") must match exactly: fuzzy matches there are noise.
        firsts = np.array([ord(w[0]) for w in words])
        sim[firsts[:, None] != self._firsts[None, :]] = 0.0
        sim[:, self._short] = 0.0
        for row, (word, stem) in enumerate(zip(words, text.words, strict=True)):
            index = self._surface_index.get(word)
            if index is not None:
                sim[row, index] = 100.0
            for index in self._stem_index.get(stem, ()):
                # An inflected trigger word ("fainted") takes other inflections ("fainting"),
                # not the bare stem, which is often another word ("a faint pink tinge").
                if self._stem_ok[index] and (word != stem or not self._inflected[index]):
                    sim[row, index] = 100.0
        present = sim.max(axis=0) > 0
        # Triggers whose every word is present somewhere (vectorised), then where exactly.
        complete = np.minimum.reduceat(present[self._trig_tok], self._trig_ptr)
        best: dict[str, TriageHit] = {}
        for found in np.flatnonzero(complete):
            trig = self._triggers[int(found)]
            hit = self._locate(trig, sim, words)
            if hit is None:
                continue
            current = best.get(trig.intent)
            if current is None or hit.score > current.score:
                best[trig.intent] = hit
        return sorted(best.values(), key=lambda h: -h.score)

    def _locate(self, trig: _Trigger, sim: np.ndarray, words: list[str]) -> TriageHit | None:
        positions = [np.flatnonzero(sim[:, i]).tolist() for i in trig.word_ids]
        span_limit = len(trig.word_ids) + self.settings.triage_span_slack
        best_score = -1.0
        best_start = 0
        for combo in product(*positions):
            if len(set(combo)) != len(combo):
                continue
            start, end = min(combo), max(combo)
            if end - start + 1 > span_limit:
                continue
            score = float(np.mean([sim[p, i] for p, i in zip(combo, trig.word_ids, strict=True)]))
            if score > best_score:
                best_score, best_start = score, start
        if best_score < 0:
            return None
        window = words[max(0, best_start - self.settings.negation_window) : best_start]
        negated = any(w in self._negations for w in window)
        return TriageHit(intent=trig.intent, trigger=trig.text, score=round(best_score, 1), negated=negated)
