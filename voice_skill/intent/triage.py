"""Safety triage: find warning signs anywhere in an utterance, before any matching.

Two ways, both always: each urgent intent's ``triggers`` (warning-sign phrases with their
colloquial variants) are present when each of their words matches a word of the utterance
(spelling-tolerant, via rapidfuzz) and those words lie close together, in the trigger's order
("really bad pain" is not in "is hsg pain that bad"; two words side by side may swap, "smelling
discharge" is "discharge smells"); and
:mod:`.signs` finds signs by meaning (a symptom with what makes it urgent, a temperature as a
number). Stop words are kept here: "passed out" must not shrink to "passed".

A sign is *cleared* only when it is clearly denied or clearly over, with no hedge and nothing
getting worse ("no fever at all", "the pain is easing"); "I don't think it's a fever" or a
denial next to a worsening stays urgent. When unsure, urgent wins.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from itertools import pairwise, product

import numpy as np
from rapidfuzz import fuzz, process

from .intents import IntentKind, IntentSet
from .normalize import Normalized
from .settings import MatchSettings
from .signs import SignFinder

_APOSTROPHE_S = re.compile(r"['\u2019]s\b")
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
    modified: bool
    """The phrase says what makes the symptom urgent or tells a lasting sign ("bleeding heavily", "fainted")."""


class Triage:
    """Detects warning-sign phrases. Built once; :meth:`scan` is pure and synchronous."""

    def __init__(self, intents: IntentSet, settings: MatchSettings) -> None:
        self.settings = settings
        normalizer = intents.normalizer
        self._normalizer = normalizer
        # "really bad" is "very bad" where a modifier says "very" so; "really pouring" stays as it was.
        spec = intents.language.triage
        very = "|".join(re.escape(w) for w in spec.very)
        after = {p.split()[1] for group in spec.modifiers.values() for p in group if p.startswith("very ")}
        before = "|".join(re.escape(w) for w in sorted(after))
        self._very = re.compile(rf"\b(?:{very})\s+(?=(?:{before})\b)", re.IGNORECASE) if very and before else None
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
                modified = self.signs.modified(norm)
                triggers.append(_Trigger(intent.id, text, ids, len(triggers), modified))
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
        reread = self._reread(raw)
        if reread != raw:
            text = self._normalizer(reread)
        words = list(text.surface)
        if not words:
            return []
        found: dict[str, list[tuple[TriageHit, int, bool, bool, bool]]] = {}
        indexed = self.signs.indexed(text)
        for hit, at, modified in self._phrase_hits(text):
            if self.signs.other_sense(indexed, at, len(hit.trigger.split())):
                continue  # a sign's word in another sense ("a faint pink tinge")
            # A one-word trigger ("dizzy") names the symptom only: an improvement may clear it, unless it tells a
            # lasting sign ("fainted").
            strong = len(hit.trigger.split()) > 1 or modified
            found.setdefault(hit.intent, []).append((hit, at, strong, modified, False))
        for sign in self.signs.find(text, raw):
            negated = self._negated(words, sign.position)
            hit = TriageHit(intent=sign.intent, trigger=sign.evidence, score=SIGN_SCORE, negated=negated)
            strong = not sign.alone or sign.lasting
            found.setdefault(sign.intent, []).append((hit, sign.position, strong, strong, sign.measured))
        best = []
        for intent, hits in found.items():
            top = max(hits, key=lambda item: item[0].score)[0]
            cleared = all(
                self.signs.clearing.cleared(
                    text, at, intent, strong=strong, modified=modified, measured=measured, raw=raw
                )
                for _, at, strong, modified, measured in hits
            )
            best.append(replace(top, negated=any(h[0].negated for h in hits), cleared=cleared))
        # Signs that stand first, an emergency before a warning sign ("she collapsed" is a collapse before it is
        # a faint), then the strongest.
        return sorted(best, key=lambda h: (h.cleared, h.intent not in self._emergencies, -h.score))

    def speaks_of_body(self, text: Normalized) -> bool:
        """Whether ``text`` holds a word of the body or of feeling unwell (``caution_words``: "pain", "blood",
        "scared"): a question the skill cannot answer with one gets the warning signs told with the fallback."""
        return not self.signs.lex.caution_words.isdisjoint(text.words)

    def _reread(self, raw: str) -> str:
        """``raw`` as the triage reads it: "everything's", "pain's" with the "s" as "is" (or a possessive), not a
        plural; "really", "proper" as "very" (the normaliser drops "really" as a filler)."""
        reread = _APOSTROPHE_S.sub(" is", raw)
        if self._very is not None:
            reread = self._very.sub("very ", reread)
        return reread

    def _negated(self, words: list[str], at: int) -> bool:
        window = words[max(0, at - self.settings.negation_window) : at]
        return any(w in self._negations for w in window)

    def _phrase_hits(self, text: Normalized) -> list[tuple[TriageHit, int, bool]]:
        """Every trigger phrase present, with where it starts and whether it is ``modified``."""
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
            located = self._locate(self._triggers[int(complete_at)], sim, words, text.words)
            if located is not None:
                hits.append((*located, self._triggers[int(complete_at)].modified))
        return hits

    def _locate(
        self, trig: _Trigger, sim: np.ndarray, words: list[str], stems: Sequence[str]
    ) -> tuple[TriageHit, int] | None:
        positions = [np.flatnonzero(sim[:, i]).tolist() for i in trig.word_ids]
        span_limit = len(trig.word_ids) + self.settings.triage_span_slack
        best_score = -1.0
        best_start = best_end = 0
        for combo in product(*positions):
            # In the trigger's order, each word once; two words may swap when side by side ("smelling discharge"
            # for "discharge smells"), but not further apart ("pain that bad" is not "bad pain").
            swapped = len(combo) == 2 and combo[0] == combo[1] + 1
            if any(a >= b for a, b in pairwise(combo)) and not swapped:
                continue
            start, end = min(combo), max(combo)
            if end - start + 1 > span_limit:
                continue
            if any(words[p] in self._negations for p in range(start, end + 1) if p not in combo):
                continue  # denied inside ("the discharge does not smell")
            score = float(np.mean([sim[p, i] for p, i in zip(combo, trig.word_ids, strict=True)]))
            if score > best_score:
                best_score, best_start, best_end = score, start, end
        if best_score < 0 or self.signs.compared(stems, best_end):
            return None  # nothing found, or how much better ("the bleeding is a lot lighter")
        negated = self._negated(words, best_start)
        return TriageHit(intent=trig.intent, trigger=trig.text, score=round(best_score, 1), negated=negated), best_start
