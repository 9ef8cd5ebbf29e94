"""The words of the warning-sign rules, indexed once per language, and the readings that finding a sign and
clearing one share (a modifier close by, softened or denied; something getting worse). See :mod:`.signs`."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from .normalize import Normalized, Normalizer, stem
from .phrases import Phrases, Words, normalized_phrases
from .rates import PadRates
from .signspec import TriageSpec
from .temperatures import Temperatures

DENIED_MODIFIER_REACH = 2
"""A negation this close before a modifier denies it ("not heavy", "no big clots")."""
INDEXED_CACHE = 64
"""How many utterances' indexed words are kept (one utterance is found and cleared at a time)."""
_RAW_WORDS = re.compile(r"[a-z0-9]+")
_DROPPED_G_MIN = 5
"""Words this long ending in "in" may be an "-ing" with the g dropped ("bleedin", "crampin")."""


def typed_words(raw: str) -> list[str]:
    """The words as typed, lower case, apostrophes dropped, fillers kept ("i'm ok now": "im", "ok", "now")."""
    return _RAW_WORDS.findall(raw.lower().replace("'", "").replace("\u2019", ""))


class SignLexicon:
    """The ``triage:`` data of a language as phrase indexes, for the urgent intents it knows. Built once; the
    readings are pure (apart from a small cache of indexed utterances)."""

    def __init__(self, spec: TriageSpec, normalizer: Normalizer, urgent_intents: Iterable[str]) -> None:
        self.spec = spec
        known = set(urgent_intents)
        vocab: set[str] = set()

        def index(texts: Iterable[str]) -> Phrases:
            phrases = normalized_phrases(normalizer, texts)
            vocab.update(w for p in phrases for w in p)
            return Phrases(phrases)

        def words_of(texts: Iterable[str]) -> set[str]:
            return {w for p in normalized_phrases(normalizer, texts) for w in p}

        self.modifiers = {name: index(texts) for name, texts in spec.modifiers.items()}
        self.negated = {name: index(texts) for name, texts in spec.negated.items()}
        self.all_modifiers = index(t for texts in spec.modifiers.values() for t in texts)
        self.worse = index((*spec.modifiers.get("worsening", ()), *spec.modifiers.get("severity", ())))
        self.rules = [(intent, rule) for intent, rule in spec.signs.items() if intent in known]
        self.symptoms = {intent: index(rule.words) for intent, rule in self.rules}
        self.alone = {intent: index(rule.alone) for intent, rule in self.rules}
        self.near = {intent: index(rule.near) for intent, rule in self.rules}
        self.things = {intent: index(rule.things) for intent, rule in self.rules}
        self.firsts = {i: self.alone[i].firsts | self.symptoms[i].firsts | self.things[i].firsts for i, _ in self.rules}
        self.explained = {i: (index(e.signs), index(e.causes)) for i, e in spec.explained.items() if i in known}
        self.others = index(spec.others)
        self.asking = index(spec.asking)
        self.figurative = index(spec.figurative)
        self.degree = index(spec.degree)
        self.own = words_of(spec.own)
        self.question_words = normalizer.question_words
        self.first_person = words_of(spec.first_person)
        self.asking_self = words_of(spec.asking_self)
        self.asked_of = words_of(spec.asked_of)
        self.pointing = words_of(spec.pointing)
        self.ended = index(spec.ended)
        self.improvement = index(spec.improvement)
        self.mild = index(spec.mild)
        # Lasting signs by their written forms: "fainted" is lasting, "faint" (the stem of both) is not.
        self.lasting = Phrases([p for p in (tuple(normalizer(t).surface) for t in spec.lasting) if p])
        self.recovery = [tuple(typed_words(t)) for t in spec.recovery]
        self.hypothetical = index(spec.hypothetical)
        self.conditional = index(spec.conditional)
        self.pronouns = words_of(spec.pronouns)
        self.habitual = index(spec.habitual)
        self.now_typed = [tuple(typed_words(t)) for t in spec.now]
        self.not_now_typed = [tuple(typed_words(t)) for t in spec.not_now]
        self.long_ago = index(spec.long_ago)
        self.long_past = index(spec.long_past)
        self.other_senses = index(spec.other_senses)
        self.linking = words_of(spec.linking)
        self.past = words_of(spec.past)
        self.not_past = Phrases([p for p in (tuple(normalizer(t).surface) for t in spec.not_past) if p])
        self.comparatives = {(w,) for w in words_of(spec.comparatives)}
        self.clause_breaks = frozenset(w for t in spec.clause_breaks for w in normalizer(t).surface)
        self.subjects = frozenset(w for t in spec.subjects for w in normalizer(t).surface)
        self.asked_links = words_of(spec.asked_links)
        self.determiners = frozenset(w for t in spec.determiners for w in normalizer(t).surface)
        self.third_person = frozenset(w for t in spec.third_person for w in normalizer(t).surface)
        self.ongoing = index(spec.ongoing)
        self.present = words_of(spec.present)
        self.asked_after = {(w,) for w in words_of(spec.asked_after)}
        self.list_words = words_of(spec.list_words)
        self.not_self = index(spec.not_self)
        self.caution_words = frozenset(words_of(spec.caution_words))
        self.still_ok = frozenset(words_of(spec.still_ok))
        self.emergency_denials = frozenset(words_of(spec.emergency_denials))
        self.emergency_denied_having = frozenset(words_of(spec.emergency_denied_having))
        self.emergency_denied_articles = frozenset(words_of(spec.emergency_denied_articles))
        self.well = frozenset(words_of(spec.well))
        self.contrasts = index(spec.contrasts)
        self.hedge_phrases = index(spec.hedges)
        self.temperatures = Temperatures(spec, words_of(spec.temperature_words), words_of(spec.other_measures))
        self.rates = PadRates(
            words_of(spec.rate_things), words_of(spec.rate_hours), words_of(spec.rate_minutes),
            words_of(spec.rate_spans), words_of(spec.rate_times), spec.pads_per_hour,
        )  # fmt: skip
        self.negations = normalizer.negations
        self.negating = self.negations | words_of(spec.negating)
        self.denying = frozenset(words_of(spec.denying))
        self.denying_links = frozenset(words_of(spec.denying_links))
        self.skip = frozenset(words_of(spec.intensifiers))
        self.vocab = frozenset(vocab)
        self.little = normalizer.stopwords - self.first_person
        self.fever = spec.fever_intent if spec.fever_intent in known else None
        self.bleeding = spec.bleeding_intent if spec.bleeding_intent in known else None
        self._cache: dict[tuple[str, ...], Words] = {}
        self._surface_cache: dict[tuple[str, ...], Words] = {}

    def indexed(self, text: Normalized) -> Words:
        """The words of ``text`` as the sign rules read them: intensifiers skipped, a dropped "g" put back.
        Kept for the last few utterances: finding and clearing read the same words many times."""
        known = self._cache.get(text.words)
        if known is None:
            if len(self._cache) >= INDEXED_CACHE:
                self._cache.clear()
            known = self._cache[text.words] = self._index(text)
        return known

    def surface(self, text: Normalized) -> Words:
        """The words of ``text`` as written (not stemmed, nothing skipped), kept like :meth:`indexed`."""
        known = self._surface_cache.get(text.surface)
        if known is None:
            if len(self._surface_cache) >= INDEXED_CACHE:
                self._surface_cache.clear()
            known = self._surface_cache[text.surface] = Words(text.surface)
        return known

    def _index(self, text: Normalized) -> Words:
        words = list(text.words)
        for i, w in enumerate(words):
            if len(w) >= _DROPPED_G_MIN and w.endswith("in") and w not in self.vocab:
                restored = stem(w + "g")
                if restored in self.vocab:
                    words[i] = restored
        return Words(words, self.skip)

    def other_sense(self, words: Words, at: int, length: int = 1) -> bool:
        """Whether a word of the ``length`` words at ``at`` stands in a phrase where it means something else ("a
        faint pink tinge")."""
        return any(self.other_senses.starts_at(words, i) for i in range(at, at + length))

    def close(self, words: Words, at: int, phrases: Phrases | None, window: int) -> str | None:
        """The first of ``phrases`` within ``window`` words of position ``at`` (not denied, not asked about, not
        said as an improvement)."""
        question = self.question(words.words)
        for where, phrase in phrases.found(words) if phrases is not None else ():
            if where == at:
                continue  # the symptom itself ("soaking") is not what makes it urgent
            if abs(where - at) > window + len(phrase) or self.softened(words.words, where, question):
                continue
            if self.compared(words.words, words.span(where, phrase)[-1]):
                continue  # "a lot lighter": how much better, not how heavy
            return " ".join(phrase)
        return None

    def compared(self, words: Sequence[str], last: int) -> bool:
        """Whether the word after position ``last`` of ``words`` (stems) says how much better ("a lot *lighter*")."""
        return tuple(words[last + 1 : last + 2]) in self.comparatives

    def denied_phrases(self, words: Words, phrases: Phrases) -> list[tuple[int, int]]:
        """(position, where its denial stands) of each phrase with a denial at most ``negated_reach`` words
        before it."""
        found = []
        reach = self.spec.negated_reach
        for where, _ in phrases.found(words):
            denial = [i for i in range(max(0, where - reach), where) if words.words[i] in self.negating]
            if denial:
                found.append((where, denial[0]))
        return found

    def question(self, words: Sequence[str]) -> bool:
        """Whether ``words`` open as a question ("is", "how"; not "can not")."""
        return bool(words) and words[0] in self.question_words and words[1:2] != ("not",)

    def softened(self, words: Sequence[str], at: int, question: bool) -> bool:
        """A modifier said as an improvement ("less severe", "not as bad", "no longer heavy"), denied ("not
        heavy", "no big clots") or asked about in a question ("how heavy is normal bleeding"; not "I don't know
        how much more of this I can take")."""
        before = tuple(words[max(0, at - DENIED_MODIFIER_REACH) : at])
        if set(before) & {"less", "longer"} or before[-2:] == ("not", "as") or (question and before[-1:] == ("how",)):
            return True
        return bool(set(before) & self.negations)

    def sign_positions(self, words: Words, intent: str, besides: int | None = None) -> set[int]:
        """Where the words of the sign of ``intent`` stand: what is urgent alone, its symptom, or near it (not the
        phrases that take in position ``besides``)."""
        if intent not in self.alone:
            return set()
        found = [*self.alone[intent].found(words), *self.symptoms[intent].found(words), *self.near[intent].found(words)]
        spans = [words.span(at, phrase) for at, phrase in found]
        return {i for span in spans if besides is None or besides not in span for i in span}

    def modifier_positions(self, words: Words) -> set[int]:
        inside = {i for at, phrase in self.all_modifiers.found(words) for i in words.span(at, phrase)}
        for phrases in self.negated.values():
            inside |= {i for at, denial in self.denied_phrases(words, phrases) for i in range(denial, at + 1)}
        return inside

    def worsening(self, words: Words, besides: Phrases | None = None) -> bool:
        """Something getting worse or severe, not denied ("not in agony"), or an improvement denied; not a word of
        ``besides`` (a cause: "climbing the stairs")."""
        question = self.question(words.words)
        known = {i for at, p in besides.found(words) for i in words.span(at, p)} if besides is not None else set()
        worse = any(
            not self.softened(words.words, at, question) for at, _ in self.worse.found(words) if at not in known
        )
        return worse or any(self.denied_phrases(words, p) for p in self.negated.values())
