"""Safety triage: find warning signs anywhere in an utterance, before any matching.

Two ways, both always: each urgent intent's ``triggers`` (warning-sign phrases with their
colloquial variants) are present when each of their words matches a word of the utterance
(spelling-tolerant, via rapidfuzz) and those words lie close together, in any order; and
:mod:`.signs` finds signs by meaning (a symptom with what makes it urgent, a temperature as a
number). Stop words are kept here: "passed out" must not shrink to "passed".

A sign is *cleared* only when it is clearly denied or clearly over, with no hedge and nothing
getting worse ("no fever at all", "the pain is easing"); "I don't think it's a fever" or a
denial next to a worsening stays urgent. When unsure, urgent wins.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from itertools import product

import numpy as np
from rapidfuzz import fuzz, process

from .intents import IntentKind, IntentSet
from .normalize import Normalized
from .settings import MatchSettings
from .signs import SignFinder

SIGN_SCORE = 95.0
"""The score of a sign found by meaning (a trigger phrase matched exactly scores 100)."""


@dataclass(frozen=True)
class TriageHit:
    """A warning sign found in an utterance."""

    intent: str
    trigger: str
    """What was found: a trigger phrase, or the rule by meaning ("pain + worsening (ramp up)")."""
    score: float
    negated: bool
    """A negation stood just before it ("no fever")."""
    cleared: bool = False
    """Clearly denied or clearly over, with nothing that says otherwise: not an alarm."""


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
        self.signs = SignFinder(intents.language.triage, normalizer, (i.id for i in intents.urgent))
        self._negations = normalizer.negations
        self._emergencies = {intent.id for intent in intents if intent.kind is IntentKind.EMERGENCY}
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

    def scan(self, text: Normalized, raw: str = "") -> list[TriageHit]:
        """Warning signs in ``text`` (``raw``: the utterance as said, read for numbers), the strongest per
        urgent intent; signs that stand first (emergencies first), then cleared ones, strongest first."""
        words = list(text.surface)
        if not words:
            return []
        found: dict[str, list[tuple[TriageHit, int, bool]]] = {}
        for hit, at in self._phrase_hits(text):
            # A one-word trigger ("dizzy") names the symptom only: an improvement may clear it.
            found.setdefault(hit.intent, []).append((hit, at, len(hit.trigger.split()) > 1))
        for sign in self.signs.find(text, raw):
            negated = self._negated(words, sign.position)
            hit = TriageHit(intent=sign.intent, trigger=sign.evidence, score=SIGN_SCORE, negated=negated)
            found.setdefault(sign.intent, []).append((hit, sign.position, not sign.alone))
        best = []
        for intent, hits in found.items():
            top = max(hits, key=lambda item: item[0].score)[0]
            cleared = all(self.signs.cleared(text, at, intent, strong=strong) for _, at, strong in hits)
            best.append(replace(top, negated=any(h.negated for h, _, _ in hits), cleared=cleared))
        # Signs that stand first, an emergency before a warning sign ("she collapsed" is a collapse before it is
        # a faint), then the strongest.
        return sorted(best, key=lambda h: (h.cleared, h.intent not in self._emergencies, -h.score))

    def _negated(self, words: list[str], at: int) -> bool:
        window = words[max(0, at - self.settings.negation_window) : at]
        return any(w in self._negations for w in window)

    def _phrase_hits(self, text: Normalized) -> list[tuple[TriageHit, int]]:
        """Every trigger phrase present, with where it starts."""
        words = list(text.surface)
        if not self._triggers:
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
        hits = []
        for complete_at in np.flatnonzero(complete):
            located = self._locate(self._triggers[int(complete_at)], sim, words)
            if located is not None:
                hits.append(located)
        return hits

    def _locate(self, trig: _Trigger, sim: np.ndarray, words: list[str]) -> tuple[TriageHit, int] | None:
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
        negated = self._negated(words, best_start)
        return TriageHit(intent=trig.intent, trigger=trig.text, score=round(best_score, 1), negated=negated), best_start
