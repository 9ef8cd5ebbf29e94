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

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .clearing import SignClearing
from .normalize import Normalized, Normalizer
from .numbers import spoken_numbers
from .phrases import Phrases, Words
from .signspec import Explained, SignRule, TriageSpec
from .signwords import DENIED_MODIFIER_REACH, SignLexicon

__all__ = ["Explained", "SignFinder", "SignHit", "SignRule", "TriageSpec", "spoken_numbers"]

WELL_REACH = 3
"""How far after a symptom a word of ``well`` says it is well ("my breathing *is fine*")."""
PRONOUN_SPAN = 12
"""How far after a symptom a pronoun may take it up again."""
PRONOUN_REACH = 3
"""How close after a pronoun that takes a symptom up again ("they are awful") what makes it urgent must stand."""
WORSENING = "worsening"
"""The modifier group of a symptom getting worse: said of a symptom that started mild, it is still a sign."""


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
    """Finds warning signs by meaning and decides when one is cleared (:mod:`.clearing`). Built once per language;
    :meth:`find` and ``clearing.cleared`` are pure."""

    def __init__(self, spec: TriageSpec, normalizer: Normalizer, urgent_intents: Iterable[str]) -> None:
        self.spec = spec
        self.lex = SignLexicon(spec, normalizer, urgent_intents)
        self.clearing = SignClearing(self.lex)

    def indexed(self, text: Normalized) -> Words:
        """The words of ``text`` as the sign rules read them (see :meth:`.SignLexicon.indexed`)."""
        return self.lex.indexed(text)

    def other_sense(self, words: Words, at: int, length: int = 1) -> bool:
        """Whether a word at ``at`` stands in a phrase where it means something else ("a faint pink tinge")."""
        return self.lex.other_sense(words, at, length)

    def compared(self, words: Sequence[str], last: int) -> bool:
        """Whether the word after position ``last`` of ``words`` (stems) says how much better ("a lot *lighter*")."""
        return self.lex.compared(words, last)

    def modified(self, phrase: Normalized) -> bool:
        """Whether a phrase (a trigger, normalised) says what makes a symptom urgent or tells a lasting sign
        ("bleeding heavily", "passed out"), rather than naming the symptom only ("felt faint")."""
        return self.lex.all_modifiers.any_in(Words(phrase.words)) or self.lex.lasting.any_in(Words(phrase.surface))

    def find(self, text: Normalized, raw: str) -> list[SignHit]:
        """Every warning sign ``text`` holds by meaning (``raw``, the text as said, is read for numbers)."""
        words = self.lex.indexed(text)
        surface: Words | None = None
        hits: list[SignHit] = []
        for intent, rule in self.lex.rules:
            if self.lex.firsts[intent].isdisjoint(words.at):
                continue  # none of the rule's words is here
            for at, phrase in self.lex.alone[intent].found(words):
                if self.lex.other_sense(words, at, len(phrase)):
                    continue
                surface = surface or self.lex.surface(text)
                lasting = self.lex.lasting.starts_at(surface, at)
                hits.append(SignHit(intent, " ".join(phrase), at, True, lasting))
            for at, symptom in self.lex.symptoms[intent].found(words):
                if self.lex.other_sense(words, at, len(symptom)):
                    continue
                for group in rule.needs:
                    found = self._modifier(words, at, group, self.spec.window)
                    if found is not None:
                        hits.append(SignHit(intent, f"{' '.join(symptom)} + {group} ({found})", at, False))
                    else:
                        hits += self._by_pronoun(words, intent, symptom, at, group)
                found = self.lex.close(words, at, self.lex.near[intent], self.spec.window)
                if found is not None:
                    hits.append(SignHit(intent, f"{' '.join(symptom)} + {found}", at, False))
            for at, thing in self.lex.things[intent].found(words):
                if self.lex.other_sense(words, at, len(thing)):
                    continue  # "a hot shower" is no skin feeling hot
                for group in rule.things_need:
                    found = self._modifier(words, at, group, rule.things_window or self.spec.window)
                    if found is not None:
                        hits.append(SignHit(intent, f"{' '.join(thing)} + {group} ({found})", at, False))
        if self.lex.bleeding is not None:
            # Pads counted over a time: "my fourth tampon in three hours".
            hits += [
                SignHit(self.lex.bleeding, f"{rate:g} pads an hour", at, True, measured=True)
                for rate, at in self.lex.rates.too_fast(text)
            ]
        if self.lex.fever is not None:
            # A temperature of a fever: where a temperature word stands (or at the start).
            hits += [
                SignHit(self.lex.fever, f"temperature {v:g}", at, True, measured=True)
                for v, at in self.lex.temperatures.fevers(text, raw)
            ]
        return hits

    def _by_pronoun(self, words: Words, intent: str, symptom: tuple[str, ...], at: int, group: str) -> list[SignHit]:
        """The symptom at ``at`` taken up again later by a pronoun with what makes it urgent close after it ("the
        cramps are coming in waves and *they are awful*"), at the pronoun; not a symptom said to be slight ("the
        cramps are mild, it was awful at the dentist"), unless it is said to get worse ("it started as mild cramps
        but it's gotten steadily worse")."""
        if group != WORSENING and self.lex.close(words, at, self.lex.mild, self.spec.window) is not None:
            return []
        end = min(len(words.words), at + PRONOUN_SPAN + 1)
        for where in (i for i in range(at + 1, end) if words.words[i] in self.lex.pronouns):
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

    def _modifier(self, words: Words, at: int, group: str, window: int) -> str | None:
        if group in self.lex.negated:
            return self._close_denied(words, at, self.lex.negated[group], window)
        return self.lex.close(words, at, self.lex.modifiers.get(group), window)

    def _close_denied(self, words: Words, at: int, phrases: Phrases, window: int) -> str | None:
        """The first of ``phrases`` within ``window`` words of ``at`` with a denial just before it."""
        for where in (w for w, _ in self.lex.denied_phrases(words, phrases)):
            if where != at and abs(where - at) <= window + 1:
                return f"not {words.words[where]}"
        return None

    def mentions(self, text: Normalized, intent: str) -> bool:
        """Whether ``text`` speaks of the symptom of ``intent`` at all (and does not clearly deny it): without
        that, resembling a warning sign's examples ("can I lift heavy boxes") is no warning sign."""
        rule = self.spec.signs.get(intent)
        if rule is None:
            return True  # no rule for this sign: resemblance alone stands, urgent wins
        words = self.lex.indexed(text)
        spots = [
            at for at, phrase in self.lex.alone[intent].found(words) if not self.lex.other_sense(words, at, len(phrase))
        ]
        if not rule.near:
            # A symptom said with what would make it urgent denied is not spoken of as a sign ("the pain is not
            # so bad", "my bleeding is not heavy at all").
            # Nor is a slight one ("my bleeding is about like a light period").
            spots += [
                at
                for at, _ in self.lex.symptoms[intent].found(words)
                if not self._denied_modifier(words, at, rule)
                and not self.lex.other_sense(words, at)
                and self.lex.close(words, at, self.lex.mild, 3) is None
                and not self._said_well(words, at)
            ]
        return any(not self.clearing.cleared(text, at, intent) for at in spots)

    def _said_well(self, words: Words, at: int) -> bool:
        """Whether the symptom at ``at`` is said to be well just after it, with no denial between ("my breathing *is
        fine*"; not "my breathing is not normal")."""
        after = words.words[at + 1 : at + 1 + WELL_REACH]
        for w in after:
            if w in self.lex.negating:
                return False
            if w in self.lex.well:
                return True
        return False

    def _denied_modifier(self, words: Words, at: int, rule: SignRule) -> bool:
        """A modifier of one of the rule's groups close to ``at``, with a negation just before it."""
        window = self.spec.window
        for group in rule.needs:
            for where, phrase in self.lex.modifiers[group].found(words) if group in self.lex.modifiers else ():
                before = words.words[max(0, where - DENIED_MODIFIER_REACH) : where]
                if abs(where - at) <= window + len(phrase) and set(before) & self.lex.negations:
                    return True
        return False
