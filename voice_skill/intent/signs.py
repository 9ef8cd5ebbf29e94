"""Warning signs by meaning: a symptom with what makes it urgent, numbers read as numbers, and what clears it.

The phrase triggers of the urgent intents (:mod:`.triage`) catch the common wordings. This finds the rest by
composition, from the language's ``triage:`` data (:mod:`.signspec`): a symptom word (pain, bleeding, dizziness,
...) that is urgent on its own, or with a modifier close by (severity, worsening, quantity, duration, failed
relief: "the cramps keep ramping up", "nothing I take helps"), or with relief or an improvement denied ("it
hasn't made a dent"); a temperature given as a number (38 °C or 100.4 °F or more, in digits or in words); a
symptom near a body part (a swollen throat). A modifier that is itself denied ("not heavy") or asked about
("how heavy") does not count.

It also decides when a sign is *cleared*: clearly denied ("no fever at all", "I haven't fainted"), clearly
over ("the pain is easing", "I felt faint but I'm fine now") with no sign of it getting worse, not the
speaker's own (someone else's, a question about what counts as one, a figure of speech), or a mild sign with a
harmless cause said in so many words ("out of breath because I ran for the bus"), always with no hedge ("I
think", "maybe"). Emergencies are cleared only by a harmless cause, told as past or with the speaker well
again. When unsure, the sign stands: urgent wins.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .normalize import Normalized, Normalizer, stem
from .numbers import spoken_numbers
from .phrases import Phrases, Words, normalized_phrases
from .signspec import Explained, SignRule, TriageSpec
from .temperatures import Temperatures

__all__ = ["Explained", "SignFinder", "SignHit", "SignRule", "TriageSpec", "spoken_numbers"]

DENIED_MODIFIER_REACH = 2
"""A negation this close before a modifier denies it ("not heavy", "no big clots")."""
PAST_REACH = 3
"""A past-tense word this close before a sign (little words not counted) tells it as past ("I was a bit dizzy")."""
PRESENT_REACH = 3
"""A present tense this close to a sign says it is happening now ("the hsg was two days ago and i am in agony")."""
PAST_AFTER = 2
"""... or this close after it ("the cramps were awful")."""
_RAW_WORDS = re.compile(r"[a-z0-9]+")
SUPPOSED_REACH = 3
"""How many words may stand between a supposition and its sign ("what if i get *a really high* fever")."""
LINKED_AFTER = 2
"""How far after the sign a supposition's verb of becoming may stand ("if the pain *gets* bad")."""
PRONOUN_SPAN = 12
"""How far after a symptom a pronoun may take it up again."""
PRONOUN_REACH = 3
"""How close after a pronoun that takes a symptom up again ("they are awful") what makes it urgent must stand."""
INDEXED_CACHE = 64
"""How many utterances' indexed words are kept (one utterance is found and cleared at a time)."""
_DROPPED_G_MIN = 5
"""Words this long ending in "in" may be an "-ing" with the g dropped ("bleedin", "crampin")."""


def _typed_words(raw: str) -> list[str]:
    """The words as typed, lower case, apostrophes dropped, fillers kept ("i'm ok now": "im", "ok", "now")."""
    return _RAW_WORDS.findall(raw.lower().replace("'", "").replace("\u2019", ""))


def _regular_past(word: str) -> bool:
    """A regular past tense as written ("fainted", "vomited"; not "bleed", "need")."""
    return word.endswith("ed") and not word.endswith("eed")


@dataclass(frozen=True)
class SignHit:
    """A warning sign found by meaning, where it stands, and why."""

    intent: str
    evidence: str
    position: int
    alone: bool
    """Urgent on its own (a symptom word), not by a modifier close by."""
    lasting: bool = False
    """A sign an improvement does not clear ("fainted")."""
    measured: bool = False
    """A temperature read as a number."""


class SignFinder:
    """Finds warning signs by meaning. Built once per language; :meth:`find` is pure."""

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

        self._modifiers = {name: index(texts) for name, texts in spec.modifiers.items()}
        self._negated = {name: index(texts) for name, texts in spec.negated.items()}
        self._all_modifiers = index(t for texts in spec.modifiers.values() for t in texts)
        self._worse = index((*spec.modifiers.get("worsening", ()), *spec.modifiers.get("severity", ())))
        self._rules = [(intent, rule) for intent, rule in spec.signs.items() if intent in known]
        self._words = {intent: index(rule.words) for intent, rule in self._rules}
        self._alone = {intent: index(rule.alone) for intent, rule in self._rules}
        self._near = {intent: index(rule.near) for intent, rule in self._rules}
        self._things = {intent: index(rule.things) for intent, rule in self._rules}
        self._firsts = {
            i: self._alone[i].firsts | self._words[i].firsts | self._things[i].firsts for i, _ in self._rules
        }
        self._explained = {i: (index(e.signs), index(e.causes)) for i, e in spec.explained.items() if i in known}
        self._others = index(spec.others)
        self._asking = index(spec.asking)
        self._figurative = index(spec.figurative)
        self._degree = index(spec.degree)
        self._own = words_of(spec.own)
        self._question_words = normalizer.question_words
        self._first_person = words_of(spec.first_person)
        self._asking_self = words_of(spec.asking_self)
        self._improvement = index(spec.improvement)
        self._mild = index(spec.mild)
        # Lasting signs by their written forms: "fainted" is lasting, "faint" (the stem of both) is not.
        self._lasting = Phrases([p for p in (tuple(normalizer(t).surface) for t in spec.lasting) if p])
        self._recovery = [tuple(_RAW_WORDS.findall(t.lower().replace("'", ""))) for t in spec.recovery]
        self._hypothetical = index(spec.hypothetical)
        self._conditional = index(spec.conditional)
        self._pronouns = words_of(spec.pronouns)
        self._habitual = index(spec.habitual)
        self._now_typed = [tuple(_typed_words(t)) for t in spec.now]
        self._long_ago = index(spec.long_ago)
        self._long_past = index(spec.long_past)
        self._other_senses = index(spec.other_senses)
        self._linking = words_of(spec.linking)
        self._past = words_of(spec.past)
        self._ongoing = index(spec.ongoing)
        self._present = words_of(spec.present)
        self._asked_after = {(w,) for w in words_of(spec.asked_after)}
        self._list_words = words_of(spec.list_words)
        self._hedges = words_of(spec.hedges)
        self._hedge_phrases = index(spec.hedges)
        self._temperatures = Temperatures(spec, words_of(spec.temperature_words), words_of(spec.other_measures))
        self._negations = normalizer.negations
        self._negating = self._negations | words_of(spec.negating)
        self._skip = frozenset(words_of(spec.intensifiers))
        self._vocab = frozenset(vocab)
        self._little = normalizer.stopwords - self._first_person
        self._fever = spec.fever_intent if spec.fever_intent in known else None
        self._indexed: dict[tuple[str, ...], Words] = {}

    def indexed(self, text: Normalized) -> Words:
        """The words of ``text`` as the sign rules read them: intensifiers skipped, a dropped "g" put back.
        Kept for the last few utterances: finding and clearing read the same words many times."""
        known = self._indexed.get(text.words)
        if known is None:
            if len(self._indexed) >= INDEXED_CACHE:
                self._indexed.clear()
            known = self._indexed[text.words] = self._index(text)
        return known

    def _index(self, text: Normalized) -> Words:
        words = list(text.words)
        for i, w in enumerate(words):
            if len(w) >= _DROPPED_G_MIN and w.endswith("in") and w not in self._vocab:
                restored = stem(w + "g")
                if restored in self._vocab:
                    words[i] = restored
        return Words(words, self._skip)

    def modified(self, phrase: Normalized) -> bool:
        """Whether a phrase (a trigger, normalised) says what makes a symptom urgent or tells a lasting sign
        ("bleeding heavily", "passed out"), rather than naming the symptom only ("felt faint")."""
        return self._all_modifiers.any_in(Words(phrase.words)) or self._lasting.any_in(Words(phrase.surface))

    def find(self, text: Normalized, raw: str) -> list[SignHit]:
        """Every warning sign ``text`` holds by meaning (``raw``, the text as said, is read for numbers)."""
        words = self.indexed(text)
        surface: Words | None = None
        hits: list[SignHit] = []
        for intent, rule in self._rules:
            if self._firsts[intent].isdisjoint(words.at):
                continue  # none of the rule's words is here
            for at, phrase in self._alone[intent].found(words):
                if self.other_sense(words, at, len(phrase)):
                    continue
                surface = surface or Words(text.surface)
                lasting = self._lasting.starts_at(surface, at)
                hits.append(SignHit(intent, " ".join(phrase), at, True, lasting))
            for at, symptom in self._words[intent].found(words):
                if self.other_sense(words, at, len(symptom)):
                    continue
                for group in rule.needs:
                    found = self._modifier(words, at, group, self.spec.window)
                    if found is not None:
                        hits.append(SignHit(intent, f"{' '.join(symptom)} + {group} ({found})", at, False))
                    else:
                        hits += self._by_pronoun(words, intent, symptom, at, group)
                found = self._close(words, at, self._near[intent], self.spec.window)
                if found is not None:
                    hits.append(SignHit(intent, f"{' '.join(symptom)} + {found}", at, False))
            for at, thing in self._things[intent].found(words):
                for group in rule.things_need:
                    found = self._modifier(words, at, group, rule.things_window or self.spec.window)
                    if found is not None:
                        hits.append(SignHit(intent, f"{' '.join(thing)} + {group} ({found})", at, False))
        if self._fever is not None:
            # A temperature of a fever: where a temperature word stands (or at the start).
            hits += [
                SignHit(self._fever, f"temperature {v:g}", at, True, measured=True)
                for v, at in self._temperatures.fevers(text, raw)
            ]
        return hits

    def _by_pronoun(self, words: Words, intent: str, symptom: tuple[str, ...], at: int, group: str) -> list[SignHit]:
        """The symptom at ``at`` taken up again later by a pronoun with what makes it urgent close after it ("the
        cramps are coming in waves and *they are awful*"), at the pronoun; not a symptom said to be slight ("the
        cramps are mild, it was awful at the dentist")."""
        if self._close(words, at, self._mild, self.spec.window) is not None:
            return []
        end = min(len(words.words), at + PRONOUN_SPAN + 1)
        for where in (i for i in range(at + 1, end) if words.words[i] in self._pronouns):
            found = self._modifier(words, where, group, PRONOUN_REACH)
            if found is not None and self._after(words, where, found):
                evidence = f"{' '.join(symptom)} + {group} ({found}, of '{words.words[where]}')"
                return [SignHit(intent, evidence, where, False)]
        return []

    @staticmethod
    def _after(words: Words, at: int, found: str) -> bool:
        """Whether the phrase ``found`` (or its last word, for a denial) stands after position ``at``."""
        last = found.split()[-1]
        return last in words.words[at + 1 :]

    def other_sense(self, words: Words, at: int, length: int = 1) -> bool:
        """Whether a word of the ``length`` words at ``at`` stands in a phrase where it means something else ("a
        faint pink tinge")."""
        return any(self._other_senses.starts_at(words, i) for i in range(at, at + length))

    def _modifier(self, words: Words, at: int, group: str, window: int) -> str | None:
        if group in self._negated:
            return self._close_denied(words, at, self._negated[group], window)
        return self._close(words, at, self._modifiers.get(group), window)

    def _close(self, words: Words, at: int, phrases: Phrases | None, window: int) -> str | None:
        """The first of ``phrases`` within ``window`` words of position ``at`` (not denied, not asked about, not
        said as an improvement)."""
        question = self._question(words.words)
        for where, phrase in phrases.found(words) if phrases is not None else ():
            if where == at:
                continue  # the symptom itself ("soaking") is not what makes it urgent
            if abs(where - at) <= window + len(phrase) and not self._softened(words.words, where, question):
                return " ".join(phrase)
        return None

    def _close_denied(self, words: Words, at: int, phrases: Phrases, window: int) -> str | None:
        """The first of ``phrases`` within ``window`` words of ``at`` with a denial just before it."""
        for where in (w for w, _ in self._denied_phrases(words, phrases)):
            if where != at and abs(where - at) <= window + 1:
                return f"not {words.words[where]}"
        return None

    def _denied_phrases(self, words: Words, phrases: Phrases) -> list[tuple[int, int]]:
        """(position, where its denial stands) of each phrase with a denial at most ``negated_reach`` words
        before it."""
        found = []
        reach = self.spec.negated_reach
        for where, _ in phrases.found(words):
            denial = [i for i in range(max(0, where - reach), where) if words.words[i] in self._negating]
            if denial:
                found.append((where, denial[0]))
        return found

    def _question(self, words: Sequence[str]) -> bool:
        """Whether ``words`` open as a question ("is", "how"; not "can not")."""
        return bool(words) and words[0] in self._question_words and words[1:2] != ("not",)

    def _softened(self, words: Sequence[str], at: int, question: bool) -> bool:
        """A modifier said as an improvement ("less severe", "not as bad", "no longer heavy"), denied ("not
        heavy", "no big clots") or asked about in a question ("how heavy is normal bleeding"; not "I don't know
        how much more of this I can take")."""
        before = tuple(words[max(0, at - DENIED_MODIFIER_REACH) : at])
        if set(before) & {"less", "longer"} or before[-2:] == ("not", "as") or (question and before[-1:] == ("how",)):
            return True
        return bool(set(before) & self._negations)

    # -- clearing ------------------------------------------------------------------------------

    def cleared(
        self,
        text: Normalized,
        position: int,
        intent: str,
        *,
        strong: bool = False,
        modified: bool = True,
        measured: bool = False,
        raw: str = "",
    ) -> bool:
        """Whether the sign at ``position`` is explained by a harmless cause (:meth:`explained`), clearly denied,
        not the speaker's own (:meth:`not_own`), not had (:meth:`not_had`), or clearly over: unless ``strong``
        (said with what makes it urgent, "bleeding heavily") an improvement follows it; unless ``modified`` (a
        modifier or a lasting sign is part of it) it is told as past and the speaker is well again ("felt a bit
        faint hours ago and I'm fine now"). A ``measured`` sign (a temperature read as a number) is not cleared
        by a question about what counts ("is a temp of 102 something to worry about"). Nothing may say otherwise
        (a hedge; a worsening, unless the sign is not the speaker's own or not had). Someone else's sign is cleared
        even with a hedge ("my sister is worried she has a fever")."""
        words = text.words
        indexed = self.indexed(text)
        if self.explained(text, position, intent, raw):
            return True
        if intent in self.spec.always_urgent:
            return intent in self.spec.settled and self._settled(text, position, intent)
        if self.not_own(text, asking=not measured, position=position, raw=raw):
            return True
        if self._hedged(indexed):
            return False
        if intent == self._fever and not strong and not measured and self._temperatures.below_fever(text, raw):
            return True  # "my temperature is 37.4, is that a fever"
        if self.not_had(text, position, intent):
            return True
        if self._worsening(indexed):
            return False
        if self._denied(words, position, self._modifier_positions(indexed)):
            return True
        if not modified and self._told_past(text, position) and self._recovered(text, position, raw):
            return True
        if strong:
            return False
        after = words[position : position + 2 * self.spec.window + 4]
        return self._improvement.any_in(Words(after))

    def _hedged(self, words: Words) -> bool:
        """A word of doubt, not one that is part of a supposition ("i was *scared i would* faint but i didnt")."""
        supposed = {i for at, phrase in self._hypothetical.found(words) for i in words.span(at, phrase)}
        return any(w in self._hedges and i not in supposed for i, w in enumerate(words.words))

    def _settled(self, text: Normalized, position: int, intent: str) -> bool:
        """An emergency supposed ("what if i get hives") or told as long past ("a rash as a child"), with no hedge and
        nothing getting worse."""
        words = self.indexed(text)
        if self._hedge_phrases.any_in(words) or self._worsening(words):
            return False
        return self.not_had(text, position, intent, far=True)

    def explained(self, text: Normalized, position: int, intent: str, raw: str = "") -> bool:
        """Whether the sign at ``position`` is a mild one with a harmless cause said in so many words ("I was out
        of breath because I ran for the bus"), with no hedge, no denial and nothing getting worse; an emergency
        must also be told as past or with the speaker well again ("... but otherwise fine")."""
        if intent not in self._explained:
            return False
        signs, causes = self._explained[intent]
        words = self.indexed(text)
        if not signs.starts_at(words, position) or not causes.any_in(words):
            return False
        if set(text.words) & (self._hedges | self._negating) or self._worsening(words, besides=causes):
            return False
        if intent not in self.spec.always_urgent:
            return True
        habit = self._habitual.any_in(words)
        return habit or self._told_past(text, position) or self._recovered(text, position, raw)

    def _told_past(self, text: Normalized, position: int) -> bool:
        """A past tense at, just before or just after ``position`` ("was", "had", "felt", "fainted", "the cramps
        were awful")."""
        return any(w in self._past or w.endswith("ed") for w in self._around(text.surface, position))

    def _around(self, words: Sequence[str], position: int) -> list[str]:
        """The word at ``position``, the words before it back over ``PAST_REACH`` words that are not little words
        ("had *a bit of a* temperature"), and the two after it."""
        found = list(words[position : position + PAST_AFTER + 1])
        counted = 0
        for w in reversed(words[:position]):
            found.append(w)
            counted += w not in self._little
            if counted >= PAST_REACH:
                break
        return found

    def _recovered(self, text: Normalized, position: int, raw: str) -> bool:
        """The speaker well again after the sign ("I'm fine now", "ok now"), nothing persisting ("still")."""
        if self._goes_on(self.indexed(text)):
            return False
        after = Words(text.words[position:])
        typed = Words(_typed_words(raw))
        return self._improvement.any_in(after) or any(typed.has(p) for p in self._recovery if p)

    def _denied(self, words: Sequence[str], position: int, inside: set[int]) -> bool:
        """A negation just before ``position`` (not one inside a modifier: the "not" of "not touching"; the
        modifiers between do not count, "no weird smell"), or further back over a list ("no smell or
        discharge")."""
        negations = [i for i in range(max(0, position - self.spec.window), position)
                     if words[i] in self._negations and i not in inside]  # fmt: skip
        if not negations:
            return False
        last = negations[-1]
        between = [i for i in range(last + 1, position) if i not in inside]
        return len(between) < 3 or bool({words[i] for i in between} & self._list_words)

    def not_had(self, text: Normalized, position: int, intent: str, *, far: bool = False) -> bool:
        """Whether the sign of ``intent`` at ``position`` is a supposition ("what if i get a fever", "if i get a
        high temperature": only little words, modifiers or words of the sign between) or long over ("i had a
        fever last year"; ``far``: only a time of ``long_past``, "as a child"), with no word that it is happening
        now or again."""
        words = self.indexed(text)
        suppositions = [(at, phrase) for at, phrase in self._hypothetical.found(words) if at < position]
        suppositions += [(at, phrase) for at, phrase in self._conditional.found(words) if at < position]
        told_past = bool(set(self._around(text.words, position)) & self._past)
        # A regular past ("fainted", "vomited") tells a sign as past only with a time far back.
        told_long_past = told_past or any(_regular_past(w) for w in self._around(text.surface, position))
        long_ago = told_long_past and self._long_past.any_in(words)
        if not far:
            long_ago = long_ago or (told_past and self._long_ago.any_in(words))
        if not (suppositions or long_ago) or self._goes_on(words) or self._now(text.words, position):
            return False
        if long_ago:
            return True
        inside = self._modifier_positions(words) | self._sign_positions(words, intent)
        little = self._little | self._linking
        for at, phrase in suppositions:
            between = range(at + len(phrase), position)
            if len(between) > SUPPOSED_REACH or not all(i in inside or text.words[i] in little for i in between):
                continue
            if (at, phrase) in self._conditional.found(words):
                # "if the pain gets bad": only with a verb of becoming, before the sign or just after it.
                after = text.words[at + len(phrase) : position + LINKED_AFTER + 1]
                if self._linking.isdisjoint(after):
                    continue
            return True
        return False

    def _goes_on(self, words: Words) -> bool:
        """A word of ``ongoing`` ("still", "again"), not one in a question about one's plans ("can i still have the
        test", "should i still go")."""
        for at, _ in self._ongoing.found(words):
            before = words.words[max(0, at - 2) : at]
            if not (len(before) == 2 and before[0] in self._asking_self and before[1] in self._first_person):
                return True
        return False

    def _now(self, words: Sequence[str], position: int) -> bool:
        """A present tense close to the sign at ``position`` ("i am in agony"; not "are my tubes blocked", nor one
        that opens a question after it: "i had a seizure as a teenager, is the test safe")."""
        start = max(0, position - PRESENT_REACH)
        for i, w in enumerate(words[start : position + PRESENT_REACH + 1], start):
            if w in self._present and not (i > position and words[i + 1 : i + 2] in self._asked_after):
                return True
        return False

    def not_own(self, text: Normalized, *, asking: bool = True, position: int | None = None, raw: str = "") -> bool:
        """Whether the signs in ``text`` are not the speaker's own now: a figure of speech, or someone else's or a
        question about what counts as one, with no word by which the speaker speaks of themselves (a question
        about oneself, "will i", does not count). Someone else's sign at ``position`` told as happening now ("my
        sister had her hsg this morning and now she is bleeding heavily") is a carer speaking for the patient: it
        stands."""
        words = self.indexed(text)
        if self._figurative.any_in(words):
            return True
        if self._speaks_of_self(text.words):
            return False
        if asking and self._asking.any_in(words):
            return True
        if self._others.any_in(words):
            return position is None or not self._happening(text, words, position, raw)
        return self._question(text.words) and not set(text.words) & self._own and self._degree.any_in(words)

    def _happening(self, text: Normalized, words: Words, position: int, raw: str) -> bool:
        """Whether the sign at ``position`` is told as happening now: a present tense just before it ("she is
        bleeding"; not "if heavy bleeding is normal"), a word that it goes on, or one of ``now`` ("now", "just") in
        the words as typed (fillers kept)."""
        before = text.words[max(0, position - PRESENT_REACH) : position]
        if not self._present.isdisjoint(before) or self._goes_on(words):
            return True
        typed = Words(_typed_words(raw))
        return any(typed.has(p) for p in self._now_typed if p)

    def _speaks_of_self(self, words: Sequence[str]) -> bool:
        for i, w in enumerate(words):
            if w not in self._first_person:
                continue
            asked = i > 0 and words[i - 1] in self._asking_self and (i < 2 or words[i - 2] not in {"so", "nor"})
            if not asked:
                return True
        return False

    def mentions(self, text: Normalized, intent: str) -> bool:
        """Whether ``text`` speaks of the symptom of ``intent`` at all (and does not clearly deny it): without
        that, resembling a warning sign's examples ("can I lift heavy boxes") is no warning sign."""
        rule = self.spec.signs.get(intent)
        if rule is None:
            return True  # no rule for this sign: resemblance alone stands, urgent wins
        words = self.indexed(text)
        spots = [at for at, phrase in self._alone[intent].found(words) if not self.other_sense(words, at, len(phrase))]
        if not rule.near:
            # A symptom said with what would make it urgent denied is not spoken of as a sign ("the pain is not
            # so bad", "my bleeding is not heavy at all").
            # Nor is a slight one ("my bleeding is about like a light period").
            spots += [
                at
                for at, _ in self._words[intent].found(words)
                if not self._denied_modifier(words, at, rule) and self._close(words, at, self._mild, 3) is None
            ]
        return any(not self.cleared(text, at, intent) for at in spots)

    def _denied_modifier(self, words: Words, at: int, rule: SignRule) -> bool:
        """A modifier of one of the rule's groups close to ``at``, with a negation just before it."""
        window = self.spec.window
        for group in rule.needs:
            for where, phrase in self._modifiers[group].found(words) if group in self._modifiers else ():
                before = words.words[max(0, where - DENIED_MODIFIER_REACH) : where]
                if abs(where - at) <= window + len(phrase) and set(before) & self._negations:
                    return True
        return False

    def _sign_positions(self, words: Words, intent: str) -> set[int]:
        """Where the words of the sign of ``intent`` stand: what is urgent alone, its symptom, or near it."""
        if intent not in self._alone:
            return set()
        found = [*self._alone[intent].found(words), *self._words[intent].found(words), *self._near[intent].found(words)]
        return {i for at, phrase in found for i in words.span(at, phrase)}

    def _modifier_positions(self, words: Words) -> set[int]:
        inside = {i for at, phrase in self._all_modifiers.found(words) for i in words.span(at, phrase)}
        for phrases in self._negated.values():
            inside |= {i for at, denial in self._denied_phrases(words, phrases) for i in range(denial, at + 1)}
        return inside

    def _worsening(self, words: Words, besides: Phrases | None = None) -> bool:
        """Something getting worse or severe, not denied ("not in agony"), or an improvement denied; not a word of
        ``besides`` (a cause: "climbing the stairs")."""
        question = self._question(words.words)
        known = {i for at, p in besides.found(words) for i in words.span(at, p)} if besides is not None else set()
        worse = any(
            not self._softened(words.words, at, question) for at, _ in self._worse.found(words) if at not in known
        )
        return worse or any(self._denied_phrases(words, p) for p in self._negated.values())
