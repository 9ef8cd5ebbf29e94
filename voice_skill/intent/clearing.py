"""When a warning sign is *cleared*: clearly denied ("no fever at all", "I haven't fainted"), clearly over ("the
pain is easing", "I felt faint but I'm fine now") with no sign of it getting worse, not the speaker's own
(someone else's, a question about what counts as one, a figure of speech), supposed or long past, or a mild
sign with a harmless cause said in so many words ("out of breath because I ran for the bus"), always with no
hedge ("I think", "maybe"). Emergencies are cleared only by a harmless cause told as past or with the speaker
well again, or (for those the language's ``settled:`` names) supposed or told as long past. When unsure, the
sign stands: urgent wins."""

from __future__ import annotations

from collections.abc import Sequence, Set

from .clauses import Clauses
from .normalize import Normalized
from .ownership import SignOwnership
from .phrases import Phrases, Words
from .signwords import SignLexicon

PAST_REACH = 3
"""A past-tense word this close before a sign (little words not counted) tells it as past ("I was a bit dizzy")."""
PRESENT_REACH = 3
"""A present tense this close to a sign says it is happening now ("the hsg was two days ago and i am in agony")."""
PAST_AFTER = 3
"""... or this close after it ("the cramps were awful")."""
SUPPOSED_REACH = 3
"""How many words may stand between a supposition and its sign ("what if i get *a really high* fever")."""
LINKED_AFTER = 2
"""How far after the sign a supposition's verb of becoming may stand ("if the pain *gets* bad")."""
THEIRS_REACH = 4
"""How close after a supposed emergency a word of the speaker's makes it theirs ("the hives *i* have"; not
"a seizure as a teenager, is the hsg safe for *me*")."""


EMERGENCY_SIGN_WORDS = 3
"""How many words of an emergency denied are read for a negation of its own ("no, i *can not* breathe")."""
RELATIVE_REACH = 2
"""A subject this close after a sign opens a clause said of it ("the faint feeling *i had*"), not another clause."""
TIME_REACH = 9
"""How close to a sign a time long past must stand to be said of it ("i had a fever *last month*"; not "*back in march*
i had a scan, now i have a fever of 39")."""


def _regular_past(word: str) -> bool:
    """A regular past tense as written ("fainted", "vomited"; not "bleed", "need")."""
    return word.endswith("ed") and not word.endswith("eed")


class SignClearing:
    """Decides whether a sign found (by a trigger or by meaning) is cleared. Pure."""

    def __init__(self, lexicon: SignLexicon) -> None:
        self.lex = lexicon
        self.spec = lexicon.spec
        self.clauses = Clauses(lexicon)
        self.ownership = SignOwnership(lexicon, self.clauses)

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
        indexed = self.lex.indexed(text)
        if self.explained(text, position, intent, raw):
            return True
        if intent in self.spec.always_urgent:
            # A figure of speech ("the bill gave me chest pains"), a supposition or a denial right before it ("*no*
            # chest pain or anything") clears only the emergencies of ``settled``: never thoughts of self-harm.
            if intent not in self.spec.settled:
                return False
            figure = self.ownership.figure_of_speech(text, position)
            denied = self._denied_emergency(text, position, intent)
            return denied or figure or self._settled(text, position, intent, raw)
        if self.ownership.not_own(text, asking=not measured, position=position, raw=raw, intent=intent):
            return True
        if self.not_had(text, position, intent):
            return True  # a doubt about a sign supposed is no doubt about having it ("i'm scared of getting a fever")
        if self._hedged(indexed):
            return False
        if intent == self.lex.fever and not strong and not measured and self.lex.temperatures.below_fever(text, raw):
            return True  # "my temperature is 37.4, is that a fever"
        if strong and self._over(text, position, raw):
            return True
        if self.lex.worsening(indexed):
            return False
        inside = self.lex.modifier_positions(indexed)
        signs = self.lex.sign_positions(indexed, intent, position) - inside
        if self._denied(text, position, inside, signs, across=not strong):
            return True
        if not modified and self._told_past(text, position) and self._recovered(text, position, raw):
            return True
        if strong:
            return False
        after = Words(words[position : position + 2 * self.spec.window + 4])
        better = [at for at, _ in self.lex.improvement.found(after)]
        if not better or self._of_another(text, intent, position, position + better[0]):
            return False
        # Over in another clause only if told as past ("i felt dizzy at the clinic but i've been fine since"; not "i
        # have a fever of 39, i am fine otherwise").
        if self.clauses.apart(text, range(position + 1, position + better[0])) and not self._told_past(text, position):
            return False
        # Nothing said to go on before the improvement ("still dizzy, it hasn't worn off"; not "fine for hours since").
        return not self.clauses.goes_on(Words(indexed.words[: position + better[0]], self.lex.skip))

    def _of_another(self, text: Normalized, intent: str, start: int, end: int) -> bool:
        """Whether what is said at ``end`` is said of something else than the sign of ``intent`` at ``start``: another
        sign's symptom or another person stands between ("a fever of 39, *the cramping* during the procedure was
        easing off", "a fever of 39, *my friend* said it was fine")."""
        between = Words(text.words[start + 1 : end])
        if self.lex.others.any_in(between):
            return True
        return any(self.lex.symptoms[other].any_in(between) for other in self.lex.symptoms if other != intent)

    def _denied_emergency(self, text: Normalized, position: int, intent: str) -> bool:
        """An emergency denied by a word of ``emergency_denials`` ("no") right before it, or by a negated verb of
        having (``emergency_denied_having``: "i do *not have* a rash"), in the same clause, the sign itself holding
        no negation ("*no* chest pain or anything"; not "no, chest pain", nor "no i can't breathe"), with no hedge."""
        words = text.words
        if position == 0 or position in text.breaks:
            return False
        before = _before(words, position, self.lex.emergency_denied_articles, text.breaks)
        having = (
            intent in self.spec.emergency_denied_having_of
            and before > 0
            and words[before] in self.lex.emergency_denied_having
            and words[before - 1] in self.lex.negations
            and not {before, before + 1} & text.breaks
        )
        if words[position - 1] not in self.lex.emergency_denials and not having:
            return False
        sign = words[position : position + EMERGENCY_SIGN_WORDS]
        return self.lex.negations.isdisjoint(sign) and not self._hedged(self.lex.indexed(text))

    def _hedged(self, words: Words) -> bool:
        """A word of doubt, not one that is part of a supposition ("i was *scared i would* faint but i didnt")."""
        supposed = self._supposed(words)
        return any(at not in supposed for at, _ in self.lex.hedge_phrases.found(words))

    def _theirs_after(self, text: Normalized, position: int, raw: str) -> bool:
        """A word of the speaker's own after the sign at ``position`` ("the rash *i* have"), with no word that they are
        well again."""
        if self.lex.first_person.isdisjoint(text.words[position + 1 : position + THEIRS_REACH + 1]):
            return False
        return not self.clauses.said(raw, self.lex.recovery, self.lex.skip)

    def _supposed(self, words: Words) -> set[int]:
        """Where the words of a supposition stand ("what if", "need to worry about")."""
        return {i for at, phrase in self.lex.hypothetical.found(words) for i in words.span(at, phrase)}

    def _settled(self, text: Normalized, position: int, intent: str, raw: str) -> bool:
        """An emergency supposed ("what if i get hives") or told as long past ("a rash as a child"), with no hedge and
        nothing getting worse, and not one the speaker points to as theirs: "this rash", or a word of the speaker's
        after it ("could the dye cause the hives *i have*"), unless they are well again ("..., i'm fine")."""
        words = self.lex.indexed(text)
        pointed = position > 0 and text.words[position - 1] in self.lex.pointing
        if pointed or self._theirs_after(text, position, raw):
            return False
        if self._hedged(words) or self.lex.worsening(words):
            return False
        return self.not_had(text, position, intent, far=True)

    def explained(self, text: Normalized, position: int, intent: str, raw: str = "") -> bool:
        """Whether the sign at ``position`` is a mild one with a harmless cause said in so many words ("I was out
        of breath because I ran for the bus"), with no hedge, no denial and nothing getting worse; an emergency
        must also be told as past or with the speaker well again ("... but otherwise fine")."""
        if intent not in self.lex.explained:
            return False
        signs, causes = self.lex.explained[intent]
        words = self.lex.indexed(text)
        if not signs.starts_at(words, position) or not causes.any_in(words):
            return False
        # No hedge anywhere, no denial from the sign on ("not because i ran"; a denied other sign before it is
        # no matter: "no dizziness now, i was a bit lightheaded but that was hunger").
        hedged = self.lex.hedge_phrases.any_in(words)
        if (
            hedged
            or not self.lex.negating.isdisjoint(text.words[position:])
            or self.lex.worsening(words, besides=causes)
        ):
            return False
        if intent not in self.spec.always_urgent:
            return True
        habit = self.lex.habitual.any_in(words)
        return habit or self._told_past(text, position) or self._recovered(text, position, raw)

    def _told_past(self, text: Normalized, position: int) -> bool:
        """A past tense at, just before or just after ``position`` ("was", "had", "felt", "fainted", "the cramps
        were awful")."""
        return any(w in self.lex.past or w.endswith("ed") for w in self._around(text, position))

    def _around(self, text: Normalized, position: int, *, stems: bool = False) -> list[str]:
        """The word at ``position``, the words before it back over ``PAST_REACH`` words that are not little words
        ("had *a bit of a* temperature"), and those after it over ``PAST_AFTER`` such words ("the pain *during the
        test was*"), as written (``stems``: as stems); not a past that tells the present ("*i've got* a rash")."""
        surface = self.lex.surface(text)
        present = {i for at, phrase in self.lex.not_past.found(surface) for i in surface.span(at, phrase)}
        words = [w if i not in present else "" for i, w in enumerate(text.words if stems else text.surface)]
        found = [words[position]] if position < len(words) else []
        counted = 0
        for i in range(position + 1, len(words)):
            # Another clause's verb: "i have a fever of 39, *my* sister *had* her hsg last year"; not a clause said of
            # the sign just after it ("the faint feeling *i had*").
            subject = text.surface[i] in self.lex.subjects and i > position + RELATIVE_REACH
            if text.surface[i] in self.lex.clause_breaks or subject or i in text.breaks:
                break
            found.append(words[i])
            counted += words[i] not in self.lex.little
            if counted >= PAST_AFTER:
                break
        counted = 0
        for i in range(position - 1, -1, -1):
            if text.surface[i] in self.lex.clause_breaks or i + 1 in text.breaks:
                break
            found.append(words[i])
            counted += words[i] not in self.lex.little
            if counted >= PAST_REACH or text.surface[i] in self.lex.subjects:
                break  # the sign's own subject: "*i* had a fever", not "it went away, i have a fever"
        return found

    def _time_near(self, text: Normalized, words: Words, position: int, times: Phrases) -> bool:
        """A time of ``times`` said of the sign at ``position``: within ``TIME_REACH`` words of it, in its clause
        (no word of ``clause_breaks`` between), and after it only a time, not a clause of its own with a past tense
        ("a fever of 39, *the test was* two days ago")."""
        for at, phrase in times.found(words):
            span = words.span(at, phrase)
            if span[-1] < position:
                between, near = range(span[-1] + 1, position), position - span[-1] <= TIME_REACH
            elif at > position:
                between, near = range(position + 1, at), at - position <= TIME_REACH
                opens = text.surface[at] in self.lex.subjects or text.surface[at] in self.lex.determiners
                near = near and not (opens and not self.lex.past.isdisjoint(text.words[i] for i in span))
            else:
                return True
            if near and not self.clauses.apart(text, between):
                return True
        return False

    def _recovered(self, text: Normalized, position: int, raw: str) -> bool:
        """The speaker well again after the sign ("I'm fine now", "ok now"), nothing persisting ("still")."""
        if self.clauses.goes_on(self.lex.indexed(text)):
            return False
        after = Words(text.words[position:])
        return self.lex.improvement.any_in(after) or self.clauses.said(raw, self.lex.recovery)

    def _denied(self, text: Normalized, position: int, inside: set[int], signs: set[int], *, across: bool) -> bool:
        """A negation just before ``position`` (not one inside a modifier: the "not" of "not touching"; the
        modifiers between do not count, "no weird smell"), or further back over a list ("no smell or
        discharge"); not one that denies another word of the sign in between, said to put this one right ("not
        spotting, flooding"), nor one that puts right what was expected (``contrasts``: "i expected a bit of blood,
        not a crime scene"). Only with ``across`` (a sign named only) may another clause stand between ("no fever,
        chills or smell"; not "no pain really, just soaking through a pad every hour")."""
        words = text.words
        negations = [i for i in range(max(0, position - self.spec.window), position)
                     if words[i] in self.lex.negations and i not in inside]  # fmt: skip
        if self._denied_just_before(words, position, inside):
            return True
        if not negations:
            return False
        last = negations[-1]
        if not across and self.clauses.apart(text, range(last + 1, position)):
            return False
        if self.lex.contrasts.any_in(Words(words[max(0, last - self.spec.window) : last])):
            return False  # "i expected a bit of blood, *not* a crime scene"
        between = [i for i in range(last + 1, position) if i not in inside]
        listed = bool({words[i] for i in between} & self.lex.list_words)
        if not listed and any(i in signs for i in between):
            return False
        return len(between) < 3 or listed

    def _denied_just_before(self, words: Sequence[str], position: int, inside: set[int]) -> bool:
        """A word of ``denying`` right before the sign at ``position``, or one word of ``denying_links`` before that
        ("*nothing* smells off", "*nothing is* smelly"), not inside a modifier ("nothing is touching the pain")."""
        before = _before(words, position, self.lex.denying_links)
        return before >= 0 and words[before] in self.lex.denying and before not in inside

    def _over(self, text: Normalized, position: int, raw: str) -> bool:
        """A sign told as past, said after it to be over (``ended``: "it's completely gone now"), with the speaker
        well again (``recovery``, as typed: "I feel fine") and nothing going on still; never a lasting sign ("I
        fainted but it's all gone now")."""
        words = self.lex.indexed(text)
        if self.lex.lasting.starts_at(self.lex.surface(text), position):
            return False
        if not self._told_past(text, position) or self.clauses.goes_on(words):
            return False
        if not any(at > position for at, _ in self.lex.ended.found(words)):
            return False
        return self.clauses.said(raw, self.lex.recovery, self.lex.skip)

    def not_had(self, text: Normalized, position: int, intent: str, *, far: bool = False) -> bool:
        """Whether the sign of ``intent`` at ``position`` is a supposition ("what if i get a fever", "if i get a
        high temperature": only little words, modifiers or words of the sign between) or long over ("i had a
        fever last year"; ``far``: only a time of ``long_past``, "as a child"), with no word that it is happening
        now or again."""
        words = self.lex.indexed(text)
        suppositions = [(at, phrase) for at, phrase in self.lex.hypothetical.found(words) if at < position]
        suppositions += [(at, phrase) for at, phrase in self.lex.conditional.found(words) if at < position]
        told_past = bool(set(self._around(text, position, stems=True)) & self.lex.past)
        # A regular past ("fainted", "vomited") tells a sign as past only with a time far back.
        told_long_past = told_past or any(_regular_past(w) for w in self._around(text, position))
        long_ago = told_long_past and self._time_near(text, words, position, self.lex.long_past)
        if not far:
            long_ago = long_ago or (told_past and self._time_near(text, words, position, self.lex.long_ago))
        since = min(at for at, _ in suppositions) if suppositions and not long_ago else 0
        if not (suppositions or long_ago) or self.clauses.goes_on(words) or self._now(text.words, position, since):
            return False
        if long_ago:
            return True
        inside = self.lex.modifier_positions(words) | self.lex.sign_positions(words, intent)
        little = self.lex.little | self.lex.linking
        for at, phrase in suppositions:
            between = range(at + len(phrase), position)
            if len(between) > SUPPOSED_REACH or not all(i in inside or text.words[i] in little for i in between):
                continue
            if (at, phrase) in self.lex.conditional.found(words):
                # "if the pain gets bad": only with a verb of becoming, before the sign or just after it.
                after = text.words[at + len(phrase) : position + LINKED_AFTER + 1]
                if self.lex.linking.isdisjoint(after):
                    continue
            return True
        return False

    def _now(self, words: Sequence[str], position: int, since: int = 0) -> bool:
        """A present tense close to the sign at ``position`` ("i am in agony"; not "are my tubes blocked", nor one
        that opens a question after it: "i had a seizure as a teenager, is the test safe"), from ``since`` on (the
        present of a fear before the supposition is no sign happening: "i *am* anxious about fainting")."""
        start = max(since, position - PRESENT_REACH)
        for i, w in enumerate(words[start : position + PRESENT_REACH + 1], start):
            if w in self.lex.present and not (i > position and words[i + 1 : i + 2] in self.lex.asked_after):
                return True
        return False


def _before(words: Sequence[str], position: int, little: Set[str], breaks: Set[int] = frozenset()) -> int:
    """The position of the word before ``position``, over one word of ``little`` ("not have *a* rash", "nothing
    *is* smelly") that no clause break stands at, and not back to the start."""
    before = position - 1
    if before >= 1 and words[before] in little and before not in breaks:
        before -= 1
    return before
