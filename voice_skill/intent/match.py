"""The intent matcher: safety triage first, then fuzzy matching over all examples.

Built once from an :class:`IntentSet`; :meth:`Matcher.match` is pure, synchronous
and does no I/O.

Scoring, per example, on normalised content words weighted by how rare each word
is across intents (IDF):

- *recall*: how much of the example the question contains,
- *precision*: how much of the question the example (and its intent's vocabulary)
  explains, so long rambling questions still land on the topic they are about,
- *spelling*: a rapidfuzz ``token_sort_ratio`` of the whole phrases (``cdist`` over the
  prepared example strings), which absorbs recogniser splits such as "lapa roscopy".

Unknown words are mapped to known ones by spelling (rapidfuzz ``extract`` over the
vocabulary), so "crampin" still counts as "cramp". An intent scores its best example.

A question of a kind the guide never answers ("how common", "can it be wrong": :mod:`.unanswered`) or one asking for
the person's own result (:mod:`.own_result`) gets the fallback, with the topic it resembles offered after it.

When the triage finds no warning sign, a trained second opinion (:mod:`.second_opinion`, shipped with the intents)
may still judge that the question reports one: the answer is then the caution fallback, the warning signs first.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import replace

import numpy as np
from rapidfuzz import fuzz, process

from ..base.errors import SkillError
from .intents import FALLBACK_ID, IntentKind, IntentSet
from .normalize import Normalized, stem
from .own_result import OwnResult
from .results import Candidate, Decision, Evidence, MatchResult
from .settings import MatchSettings
from .triage import Triage, TriageHit
from .unanswered import FrameHit, Unanswered

_TOKEN_CACHE_LIMIT = 20_000


class Matcher:
    """Fuzzy intent matcher over a prepared index of every example."""

    def __init__(self, intents: IntentSet, settings: MatchSettings | None = None) -> None:
        self.intents = intents
        self.settings = settings or MatchSettings()
        self.normalize = intents.normalizer
        self.triage = Triage(intents, self.settings)
        self._own_result = OwnResult(intents.language.own_result)
        self._unanswered = Unanswered(intents.language.unanswered, intents.normalizer)
        common = intents.language.common_words
        self._common = frozenset(common) | {stem(w) for w in common}
        everyday = common[: self.settings.everyday_word_rank]
        self._everyday = frozenset(everyday) | {stem(w) for w in everyday}
        known_words = common[: self.settings.rare_word_rank]  # everyday English, and the signs' words ("knickers")
        self._not_rare = frozenset(known_words) | {stem(w) for w in known_words} | self.triage.signs.lex.vocab
        self._ids = [intent.id for intent in intents]
        self._control = np.array([intent.kind is IntentKind.CONTROL for intent in intents], dtype=bool)
        # How each command may begin: a question ("how is an hsg done") is no command ("done": goodbye) unless
        # the command itself is asked that way ("what did you say", "can you repeat that").
        self._openings = [
            {w for e in intent.examples if (w := self.normalize(e).words[:1])}
            if intent.kind is IntentKind.CONTROL
            else set()
            for intent in intents
        ]
        self._urgent = {intent.id for intent in intents if intent.urgent}
        self._second_opinion = intents.triage_model if self.settings.second_opinion else None

        vocab: dict[str, int] = {}
        example_words: list[list[int]] = []
        example_owner: list[int] = []
        phrases: list[str] = []
        bags: list[set[int]] = []
        for owner, intent in enumerate(intents):
            bag: set[int] = set()
            for example in intent.examples:
                words = self.normalize(example).key_words
                ids = sorted({vocab.setdefault(w, len(vocab)) for w in words})
                example_words.append(ids)
                example_owner.append(owner)
                phrases.append(" ".join(sorted(words)))
                bag.update(ids)
            bags.append(bag)
        self._vocab = list(vocab)
        self._vocab_index = vocab
        # IDF over intents: a word in many intents tells little about which one is meant.
        df = np.zeros(len(vocab), dtype=np.float32)
        for bag in bags:
            df[list(bag)] += 1
        n = len(bags)
        self._idf = (np.log((n + 1) / (df + 1)) + 1).astype(np.float32)
        self._unknown_weight = float(math.log(n + 1) + 1)
        # How much each word counts in the share of a question a topic must explain: the everyday words that frame
        # a question ("exactly", "meaning") little.
        frame = self.settings.everyday_word_weight
        self._explain_weight = np.array([frame if w in self._everyday else 1.0 for w in vocab], dtype=np.float32)
        self._ex_tok = np.array([t for ids in example_words for t in ids], dtype=np.int64)
        self._ex_ptr = np.cumsum([0] + [len(ids) for ids in example_words])[:-1]
        self._ex_owner = np.array(example_owner, dtype=np.int64)
        self._ex_norm = np.sqrt(np.add.reduceat(self._idf[self._ex_tok] ** 2, self._ex_ptr))
        # Each intent's centroid: the sum of its examples' unit vectors (sparse, per intent).
        centroid_tok: list[int] = []
        centroid_val: list[float] = []
        centroid_len: list[int] = []
        for owner in range(n):
            weights: dict[int, float] = {}
            for ex in np.flatnonzero(self._ex_owner == owner):
                for t in example_words[ex]:
                    weights[t] = weights.get(t, 0.0) + float(self._idf[t] / self._ex_norm[ex])
            centroid_tok.extend(weights)
            centroid_val.extend(weights.values())
            centroid_len.append(len(weights))
        self._c_tok = np.array(centroid_tok, dtype=np.int64)
        self._c_val = np.array(centroid_val, dtype=np.float32)
        self._c_ptr = np.cumsum([0, *centroid_len])[:-1]
        self._c_norm = np.sqrt(np.add.reduceat(self._c_val**2, self._c_ptr))
        self._owner_ptr = np.searchsorted(self._ex_owner, np.arange(n))
        self._phrases = phrases
        self._token_cache: dict[str, tuple[tuple[int, float], ...]] = {}
        if not phrases or any(not ids for ids in example_words):
            raise SkillError("intent index is empty: every intent needs examples")

    # -- public ----------------------------------------------------------------

    def match(self, text: str, *, among: Iterable[str] | None = None) -> MatchResult:
        """Match one utterance. ``among`` restricts the answer to some intents (no triage)."""
        if len(text) > self.settings.max_question_chars:
            raise SkillError(
                f"question is too long ({len(text)} characters; the limit is {self.settings.max_question_chars})"
            )
        norm = self.normalize(text)
        hits = self.triage.scan(norm, text) if among is None else []
        scores, coverage = self._scored(norm)
        order = np.argsort(-scores, kind="stable")
        if any(not hit.cleared for hit in hits):
            resembles = [
                Candidate(self._ids[i], round(float(scores[i]), 1)) for i in order[: self.settings.max_alternatives + 1]
            ]
            return self._urgent_result(text, norm, hits, resembles)
        if among is not None:
            allowed = set(among)
            order = np.array([i for i in order if self._ids[i] in allowed], dtype=np.int64)
        # An urgent intent is answered only for a sign the triage found; resembling its examples without the
        # symptom ("can I lift heavy boxes"), or with the sign clearly denied or over, is not a warning sign.
        denied = {hit.intent for hit in hits}
        order = np.array([i for i in self._speakable(order, norm, denied)], dtype=np.int64)
        ranked = [
            Candidate(self._ids[i], round(float(scores[i]), 1)) for i in order[: self.settings.max_alternatives + 1]
        ]
        held_back = (
            among is None
            and bool(ranked)
            and (
                self._asks_own_result(norm, ranked[0].intent)
                or self._asks_unanswered(norm, ranked[0].intent) is not None
            )
        )
        if held_back:
            offered = tuple(ranked[: self.settings.max_alternatives])  # the topic that explains it, offered after
            decided = MatchResult(text, norm.text, FALLBACK_ID, ranked[0].score, Decision.FALLBACK, False, offered)
        else:
            # Choosing among offered options ("the one about both"), a word is enough.
            explained = float(coverage[order[0]]) if len(order) and among is None else 1.0
            decided = self._decide(text, norm, ranked, explained, choosing=among is not None)
        caution = among is None and decided.decision is Decision.FALLBACK and self.triage.speaks_of_body(norm)
        decided = replace(decided, triage=tuple(hits), caution=caution)
        return decided if among is not None or caution or decided.urgent else self._second_look(decided, norm)

    def _second_look(self, decided: MatchResult, norm: Normalized) -> MatchResult:
        """A calm result, with the warning signs first (the caution fallback) if the second opinion thinks the
        question reports one in words the triage does not know. It is asked only here: it never calms a sign."""
        model = self._second_opinion
        command = decided.decision is not Decision.FALLBACK and not self.intents[decided.intent].is_topic
        if model is None or command:  # "stop", "say that again": a command is obeyed
            return decided
        probability = model.probability(norm.words)
        if probability < self.settings.second_opinion_threshold:
            return decided
        offered = decided.alternatives
        if decided.decision is not Decision.FALLBACK:  # the answer it would have given is offered after the signs
            offered = (Candidate(decided.intent, decided.score), *offered)[: self.settings.max_alternatives]
        return replace(
            decided,
            intent=FALLBACK_ID,
            decision=Decision.FALLBACK,
            alternatives=offered,
            caution=True,
            second_opinion=round(probability, 3),
        )

    def _query(self, norm: Normalized) -> tuple[np.ndarray, float, float, float] | None:
        """The utterance as a weighted word vector, its length, the weight of its unknown words, and that weight
        as it counts in what a topic must explain (everyday words count less)."""
        query = np.zeros(len(self._vocab), dtype=np.float32)
        unknown_weight = self.settings.unknown_word_weight * self._unknown_weight
        unknown = 0
        unexplained = 0.0
        for word in norm.key_words:
            matches = self._known(word)
            if not matches:
                unknown += 1
                frame = word in self._everyday
                # A rare word no example uses ("retroverted") names what the guide does not describe: it counts more.
                rare = word not in self._not_rare
                share = self.settings.everyday_word_weight if frame else self.settings.rare_word_weight if rare else 1.0
                unexplained += unknown_weight * share
                continue
            for vid, sim in matches:
                query[vid] = max(query[vid], self._idf[vid] * sim)
        length = math.sqrt(float(query @ query) + unknown * unknown_weight**2)
        return (query, length, unknown * unknown_weight, unexplained) if length > 0 else None

    def _scored(self, norm: Normalized) -> tuple[np.ndarray, np.ndarray]:
        """Every intent's score (0-100) and the share of the utterance's weight its vocabulary explains."""
        words = norm.key_words
        found = self._query(norm) if words else None
        if found is None:
            zeros = np.zeros(len(self._ids), dtype=np.float32)
            return zeros, zeros
        query, length, unknown_mass, unexplained = found
        # Share of the question's weight that an intent's vocabulary explains: every word alike (for commands),
        # and with the everyday words that frame a question counting less (for topics).
        coverage = np.add.reduceat(query[self._c_tok], self._c_ptr) / (float(query.sum()) + unknown_mass)
        weighed = query * self._explain_weight
        explained = np.add.reduceat(weighed[self._c_tok], self._c_ptr) / max(1e-9, float(weighed.sum()) + unexplained)
        example_cos = np.add.reduceat((query * self._idf)[self._ex_tok], self._ex_ptr) / (self._ex_norm * length)
        centroid_cos = np.add.reduceat(query[self._c_tok] * self._c_val, self._c_ptr) / (self._c_norm * length)
        c = self.settings.centroid_weight
        best_example = np.maximum.reduceat(example_cos, self._owner_ptr)
        lexical_intent = (1.0 - c) * best_example + c * centroid_cos
        # token_sort_ratio, with the examples' words sorted once at start-up.
        query_phrase = " ".join(sorted(words))
        spelling = process.cdist([query_phrase], self._phrases, scorer=fuzz.ratio, dtype=np.float32, workers=1)[0] / 100
        s = self.settings.spelling_weight
        best_spelling = np.maximum.reduceat(spelling, self._owner_ptr)
        score = 100.0 * ((1.0 - s) * lexical_intent + s * best_spelling)
        # Commands ("stop", "repeat that") must explain most of what was said: "how do I stop
        # snoring" is not a request to stop.
        gate = np.minimum(1.0, coverage / self.settings.control_min_coverage)
        opening = norm.words[:1]
        question = bool(opening) and opening[0] in self.normalize.question_words
        said_as_command = np.array([not question or opening in o for o in self._openings], dtype=bool)
        return np.where(self._control, np.where(said_as_command, score * gate, 0.0), score), explained

    def threshold(self, words: int) -> float:
        """The answer threshold for a question of ``words`` content words.

        Long questions spread their weight over many words and score lower, so the threshold
        slides from ``answer_threshold`` down to ``long_answer_threshold``.
        """
        return self._sliding(words, self.settings.answer_threshold, self.settings.long_answer_threshold)

    def min_coverage(self, words: int) -> float:
        """The share of a question of ``words`` content words that a topic must explain (sliding like the
        threshold, from ``topic_min_coverage`` down to ``long_topic_min_coverage``)."""
        st = self.settings
        return self._sliding(words, st.topic_min_coverage, st.long_topic_min_coverage)

    def _sliding(self, words: int, short: float, long: float) -> float:
        st = self.settings
        frac = (words - st.short_question_words) / (st.long_question_words - st.short_question_words)
        return short + min(1.0, max(0.0, frac)) * (long - short)

    def explain(self, result: MatchResult) -> Evidence:
        """Why ``result`` was decided: the warning sign, the closest example, or the threshold it missed."""
        standing = [h for h in result.triage if not h.cleared]
        cleared = [h.trigger for h in result.triage if h.cleared]
        note = f"; warning sign '{', '.join(cleared)}' cleared (denied or over)" if cleared else ""
        threshold = self.threshold(len(self.normalize(result.text).key_words))
        if standing:
            top = standing[0]
            return Evidence("warning sign", f"warning sign '{top.trigger}' ({top.intent})", trigger=top.trigger)
        if result.second_opinion is not None:
            least = self.settings.second_opinion_threshold
            detail = (f"no warning sign found, but the second opinion puts the chance of one at "
                      f"{result.second_opinion:.0%} (from {least:.0%} the warning signs come first){note}")  # fmt: skip
            return Evidence("second opinion", detail)
        intent = result.intent
        # When the fallback's own examples ("what is the price of an hsg") were closest, that example is the reason.
        closest_is_topic = bool(result.alternatives) and result.score <= result.alternatives[0].score
        if result.decision is Decision.FALLBACK and closest_is_topic and intent == FALLBACK_ID:
            best = result.alternatives[0]
            if self._asks_own_result(self.normalize(result.text), best.intent):
                detail = f"asks for the person's own result; {best.intent} explains what results mean, not whose"
                return Evidence("own result", detail + note)
            frame = self._asks_unanswered(self.normalize(result.text), best.intent)
            if frame is not None:
                asked = f"asks '{frame.phrase}' ({frame.frame}), which the guide does not answer"
                detail = f"{asked}; closest was {best.intent}"
                return Evidence("not in the guide", detail + note, trigger=frame.phrase)
            if result.score < threshold:
                detail = f"best match {best.intent} scored {result.score:g}, below the threshold {threshold:g}{note}"
                return Evidence("below threshold", detail, threshold=threshold)
            if best.intent != FALLBACK_ID and self.intents[best.intent].is_topic:
                norm = self.normalize(result.text)
                share = float(self._scored(norm)[1][self._ids.index(best.intent)])
                least = self.min_coverage(len(norm.key_words))
                detail = (f"best match {best.intent} scored {result.score:g} but its words explain only "
                          f"{100 * share:.0f}% of the question (at least {100 * least:.0f}% needed){note}")  # fmt: skip
                return Evidence("too little explained", detail, threshold=threshold)
        example = self.closest_example(result.text, intent)
        detail = f"closest example '{example}' of {intent} (score {result.score:g}, threshold {threshold:g}){note}"
        return Evidence("closest example", detail, example=example, threshold=threshold)

    def closest_example(self, text: str, intent_id: str) -> str:
        """The example of ``intent_id`` most like ``text`` (by the matcher's own example scores)."""
        owner = self._ids.index(intent_id)
        examples = np.flatnonzero(self._ex_owner == owner)
        norm = self.normalize(text)
        found = self._query(norm) if norm.key_words else None
        if found is None or not len(examples):
            return self.intents[intent_id].examples[0]
        query, length, _, _ = found
        cos = np.add.reduceat((query * self._idf)[self._ex_tok], self._ex_ptr)[examples] / (
            self._ex_norm[examples] * length
        )
        spelling = process.cdist([" ".join(sorted(norm.key_words))], [self._phrases[i] for i in examples],
                                 scorer=fuzz.ratio, dtype=np.float32, workers=1)[0] / 100  # fmt: skip
        s = self.settings.spelling_weight
        return self.intents[intent_id].examples[int(np.argmax((1 - s) * cos + s * spelling))]

    # -- internals -------------------------------------------------------------

    def _speakable(self, order: np.ndarray, norm: Normalized, denied: set[str]) -> Iterable[int]:
        """``order`` without urgent intents the utterance gives no sign of (checked lazily, best first)."""
        wanted = self.settings.max_alternatives + 1
        for index in order:
            intent = self._ids[index]
            if intent in self._urgent and (intent in denied or not self.triage.signs.mentions(norm, intent)):
                continue
            yield int(index)
            wanted -= 1
            if wanted == 0:
                return

    def _asks_unanswered(self, norm: Normalized, intent: str) -> FrameHit | None:
        """A kind of question the guide never answers ("how common are blocked tubes") put to calm topic ``intent``."""
        chosen = self.intents[intent]
        return self._unanswered.asks(norm, intent) if chosen.is_topic and not chosen.urgent else None

    def _asks_own_result(self, norm: Normalized, intent: str) -> bool:
        """A yes/no question about one's own result ("are my tubes blocked") that ``intent`` cannot answer."""
        return not self.intents[intent].answers_own_result and self._own_result.asks(norm)

    def _known(self, word: str) -> tuple[tuple[int, float], ...]:
        """Vocabulary words that ``word`` stands for, with a similarity in 0-1."""
        exact = self._vocab_index.get(word)
        if exact is not None:
            return ((exact, 1.0),)
        cached = self._token_cache.get(word)
        if cached is not None:
            return cached
        found: tuple[tuple[int, float], ...] = ()
        if len(word) >= self.settings.fuzzy_min_length and word not in self._common:
            hits = process.extract(
                word,
                self._vocab,
                scorer=fuzz.ratio,
                score_cutoff=self.settings.token_similarity,
                limit=3,
            )
            # A spelling match keeps the first letter: "crampin" is "cramp", "ever" is not "fever".
            found = tuple((index, score / 100.0) for known, score, index in hits if known[0] == word[0])
        if len(self._token_cache) >= _TOKEN_CACHE_LIMIT:
            self._token_cache.clear()
        self._token_cache[word] = found
        return found

    def _urgent_result(
        self, text: str, norm: Normalized, hits: list[TriageHit], resembles: list[Candidate]
    ) -> MatchResult:
        """A warning sign wins; the alternatives list the other signs, then what else it resembled."""
        standing = [h for h in hits if not h.cleared]
        top = standing[0]
        alternatives = [Candidate(h.intent, h.score) for h in standing[1:]]
        seen = {h.intent for h in hits}
        alternatives += [c for c in resembles if c.intent not in seen]
        return MatchResult(
            text=text,
            normalized=norm.text,
            intent=top.intent,
            score=top.score,
            decision=Decision.ANSWER,
            urgent=True,
            alternatives=tuple(alternatives[: self.settings.max_alternatives]),
            triage=tuple(hits),
        )

    def _decide(
        self, text: str, norm: Normalized, ranked: list[Candidate], explained: float, *, choosing: bool = False
    ) -> MatchResult:
        """Answer, confirm or fall back. ``explained``: the share of the utterance the best intent's words explain;
        a topic that leaves much of the question unexplained ("does an hsg need anaesthesia") is a guess.
        ``choosing``: the reply to "Did you mean A, or B?", where the better of the two is the choice."""
        limit = self.settings.max_alternatives
        if not ranked:
            return MatchResult(text, norm.text, FALLBACK_ID, 0.0, Decision.FALLBACK, False, ())
        best = ranked[0]
        rest = tuple(ranked[1 : 1 + limit])
        chosen = self.intents[best.intent]
        least = self.min_coverage(len(norm.key_words))
        unexplained = chosen.is_topic and not chosen.urgent and explained < least
        if best.score < self.threshold(len(norm.key_words)) or best.intent == FALLBACK_ID or unexplained:
            # Below the threshold the best guess is kept among the alternatives.
            alternatives = rest if best.intent == FALLBACK_ID else tuple(ranked[:limit])
            return MatchResult(text, norm.text, FALLBACK_ID, best.score, Decision.FALLBACK, False, alternatives)
        decision = Decision.ANSWER
        if len(ranked) > 1:
            second = ranked[1]
            both_topics = self.intents[best.intent].is_topic and self.intents[second.intent].is_topic
            close = best.score - second.score < self.settings.confirm_margin
            if both_topics and (best.score == second.score if choosing else close):
                decision = Decision.CONFIRM
        return MatchResult(text, norm.text, best.intent, best.score, decision, best.intent in self._urgent, rest)
