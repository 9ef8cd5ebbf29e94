"""Warning signs by meaning: a symptom with what makes it urgent, numbers read as numbers, and what clears it.

The phrase triggers of the urgent intents (:mod:`.triage`) catch the common wordings. This finds the rest by
composition, from the language's ``triage:`` data: a symptom word (pain, bleeding, dizziness, ...) that is
urgent on its own, or with a modifier close by (severity, worsening, quantity, duration, failed relief:
"the cramps keep ramping up", "nothing I take helps"); a temperature given as a number (38 °C or 100.4 °F or
more, in digits or in words); a symptom near a body part (a swollen throat).

It also decides when a sign is *cleared*: clearly denied ("no fever at all", "I haven't fainted"), clearly
over ("the pain is easing", "I felt faint but it passed") with no sign of it getting worse, or not the
speaker's own (someone else's, a question about what counts as one, a figure of speech), always with no hedge
("I think", "maybe"). Emergencies are never cleared. When unsure, the sign stands: urgent wins.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from .normalize import Normalized, Normalizer

_CURRENCY = re.compile(r"[$£€¥]")
_DECIMAL = re.compile(r"(?<![\w.])(\d{2,3})(?:[.,](\d))?(?![\w])")
_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}  # fmt: skip
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
CELSIUS_RANGE = (34.0, 45.0)
FAHRENHEIT_RANGE = (93.0, 113.0)
"""Numbers outside these are not body temperatures (a price, a date, a count)."""
BARE_FEVER_FAHRENHEIT = (100.0, 106.0)
"""A whole number in this range said almost on its own ("a hundred and two", "it's 101") is a temperature in °F:
hardly an age, a count or a date here. Whole numbers in the Celsius range are not: "I'm 39" is an age."""
BARE_MAX_WORDS = 3
"""How many other content words such a bare number may come with ("101 and shivering"); none may stand right
next to it ("room 101", "102 minutes")."""
_NUMBER_WORDS = frozenset((*_UNITS, *_TENS, "hundred", "point"))


@dataclass(frozen=True)
class SignRule:
    """How one warning sign is recognised by meaning."""

    words: tuple[str, ...] = ()
    """The symptom ("pain", "bleeding"), urgent with a modifier of one of the ``needs`` groups close by."""
    alone: tuple[str, ...] = ()
    """Words or phrases urgent on their own ("fever", "fainted", "trouble breathing")."""
    needs: tuple[str, ...] = ()
    """Modifier groups (see ``TriageSpec.modifiers``) that make ``words`` urgent."""
    near: tuple[str, ...] = ()
    """Words that make ``words`` urgent when close by, whatever the modifiers ("swollen" near "throat")."""
    things: tuple[str, ...] = ()
    """Things that show the symptom (a pad, the sheets), urgent only with a modifier of the ``things_need``
    groups close by ("the pads are full in an hour"): a pad worn all day is no sign."""
    things_need: tuple[str, ...] = ()


@dataclass(frozen=True)
class TriageSpec:
    """The language's warning-sign knowledge (``triage:`` in the intent YAML)."""

    window: int = field(default=4, metadata={"min": 1, "max": 12})
    """How many words may stand between a symptom and what makes it urgent."""
    modifiers: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Named groups of words and phrases: severity, worsening, quantity, duration, relief_failed."""
    signs: dict[str, SignRule] = field(default_factory=dict)
    """Each urgent intent's rule, by intent id."""
    improvement: tuple[str, ...] = ()
    """Words and phrases that say a symptom is getting better or is over ("easing", "it passed")."""
    hedges: tuple[str, ...] = ()
    """Words of doubt ("think", "maybe"): with them, a denial is not trusted."""
    temperature_words: tuple[str, ...] = ()
    """Words that make a number a body temperature ("temperature", "degrees", "thermometer")."""
    other_measures: tuple[str, ...] = ()
    """Words that make a number something else (money, weight, time): then only a temperature word makes it
    a temperature ("I paid 38.5 for parking")."""
    fever_celsius: float = 38.0
    """A temperature this high (°C) or higher is a fever."""
    fever_fahrenheit: float = 100.4
    """The same in °F."""
    fever_intent: str = "urgent_fever_infection"
    always_urgent: tuple[str, ...] = ()
    """Signs never cleared by a denial or an improvement (thoughts of self-harm, trouble breathing)."""
    others: tuple[str, ...] = ()
    """Other people ("my sister", "a friend"): their signs, with no word of the speaker's own, are not an alarm."""
    asking: tuple[str, ...] = ()
    """Asking what counts as a sign ("what temperature counts as a fever"), with no word of the speaker's own."""
    first_person: tuple[str, ...] = ()
    """Words by which the speakers speak of themselves ("i", "me"): with them, a sign is theirs."""
    figurative: tuple[str, ...] = ()
    """Figures of speech and jokes ("spinning with happiness", "lol"): the sign is not meant."""
    hypothetical: tuple[str, ...] = ()
    """What puts the sign that follows in a supposition ("what if", "if i get", "in case i"): asked about, not
    had, unless a word of ``ongoing`` says it is happening."""
    long_ago: tuple[str, ...] = ()
    """Times long past ("last year", "years ago", "as a kid"): a sign told in the past tense (``past``) with one
    of these is over, unless a word of ``ongoing`` says it is back."""
    past: tuple[str, ...] = ()
    """Past-tense words ("had", "was") that, just before a sign, tell it as past."""
    ongoing: tuple[str, ...] = ()
    """Words that say a sign is happening now or again ("still", "since", "again", "back", "is")."""
    list_words: tuple[str, ...] = ()
    """Words that join a list ("or", "nor"): a denial reaches over them ("no smell or discharge")."""


@dataclass(frozen=True)
class SignHit:
    """A warning sign found by meaning, where it stands, and why."""

    intent: str
    evidence: str
    position: int
    alone: bool


def _phrases(normalizer: Normalizer, texts: Iterable[str]) -> list[tuple[str, ...]]:
    return [words for words in (tuple(normalizer(t).words) for t in texts) if words]


class _Phrases:
    """Normalised phrases indexed by first word: only those whose first word the utterance has are looked for."""

    def __init__(self, phrases: Sequence[tuple[str, ...]]) -> None:
        self._by_first: dict[str, list[tuple[int, tuple[str, ...]]]] = {}
        for order, phrase in enumerate(phrases):
            self._by_first.setdefault(phrase[0], []).append((order, phrase))

    def found(self, words: _Words) -> list[tuple[int, tuple[str, ...]]]:
        """(position, phrase) of every occurrence, in the phrases' order, then by position."""
        candidates = sorted(entry for w in words.at if w in self._by_first for entry in self._by_first[w])
        return [(at, phrase) for _, phrase in candidates for at in words.find(phrase)]

    def any_in(self, words: _Words) -> bool:
        return any(words.has(phrase) for w in words.at for _, phrase in self._by_first.get(w, ()))


class _Words:
    """An utterance's words, indexed by word, so that a phrase is looked for only where its first word stands."""

    def __init__(self, words: Sequence[str]) -> None:
        self.words = tuple(words)
        self.at: dict[str, list[int]] = {}
        for i, w in enumerate(self.words):
            self.at.setdefault(w, []).append(i)

    def find(self, phrase: tuple[str, ...]) -> list[int]:
        n = len(phrase)
        return [i for i in self.at.get(phrase[0], ()) if self.words[i : i + n] == phrase]

    def has(self, phrase: tuple[str, ...]) -> bool:
        return bool(self.find(phrase))


def spoken_numbers(text: str) -> list[float]:
    """The numbers in ``text``, in digits ("38.2", "100,4") or in words ("thirty eight point two")."""
    return [value for value, _ in _numbers(text)]


def _numbers(text: str) -> list[tuple[float, bool]]:
    """The numbers in ``text``, each with whether it was said with a decimal ("38.2", "thirty eight point two")."""
    found = [(float(f"{m[1]}.{m[2] or 0}"), m[2] is not None) for m in _DECIMAL.finditer(text)]
    tokens = re.findall(r"[a-z]+", text.lower())
    i = 0
    while i < len(tokens):
        value, used = _number_at(tokens, i)
        if used:
            found.append((value, "point" in tokens[i : i + used]))
            i += used
        else:
            i += 1
    return found


def _number_at(tokens: list[str], i: int) -> tuple[float, int]:
    """A number spelled out from ``tokens[i]``: "a hundred and one", "thirty eight point five"."""
    value, j = 0.0, i
    if j < len(tokens) and tokens[j] in ("a", "one") and j + 1 < len(tokens) and tokens[j + 1] == "hundred":
        value, j = 100.0, j + 2
        if j < len(tokens) and tokens[j] == "and":
            j += 1
    whole, used = _below_hundred(tokens, j)
    if not used and j == i:
        return 0.0, 0
    value += whole
    j += used
    if j + 1 < len(tokens) and tokens[j] == "point" and tokens[j + 1] in _UNITS and _UNITS[tokens[j + 1]] < 10:
        value += _UNITS[tokens[j + 1]] / 10
        j += 2
    return value, j - i


def _below_hundred(tokens: list[str], j: int) -> tuple[float, int]:
    if j < len(tokens) and tokens[j] in _TENS:
        value = _TENS[tokens[j]]
        if j + 1 < len(tokens) and tokens[j + 1] in _UNITS and _UNITS[tokens[j + 1]] < 10:
            return value + _UNITS[tokens[j + 1]], 2
        return value, 1
    if j < len(tokens) and tokens[j] in _UNITS:
        return _UNITS[tokens[j]], 1
    return 0.0, 0


class SignFinder:
    """Finds warning signs by meaning. Built once per language; :meth:`find` is pure."""

    def __init__(self, spec: TriageSpec, normalizer: Normalizer, urgent_intents: Iterable[str]) -> None:
        self.spec = spec
        known = set(urgent_intents)

        def index(texts: Iterable[str]) -> _Phrases:
            return _Phrases(_phrases(normalizer, texts))

        self._modifiers = {name: index(texts) for name, texts in spec.modifiers.items()}
        self._all_modifiers = index(t for texts in spec.modifiers.values() for t in texts)
        self._worse = index((*spec.modifiers.get("worsening", ()), *spec.modifiers.get("severity", ())))
        self._rules = [(intent, rule) for intent, rule in spec.signs.items() if intent in known]
        self._words = {intent: index(rule.words) for intent, rule in self._rules}
        self._alone = {intent: index(rule.alone) for intent, rule in self._rules}
        self._near = {intent: index(rule.near) for intent, rule in self._rules}
        self._things = {intent: index(rule.things) for intent, rule in self._rules}
        self._not_own = index((*spec.others, *spec.asking))
        self._figurative = index(spec.figurative)
        self._first_person = {w for p in _phrases(normalizer, spec.first_person) for w in p}
        self._improvement = index(spec.improvement)
        self._hypothetical = index(spec.hypothetical)
        self._long_ago = index(spec.long_ago)
        self._past = {w for p in _phrases(normalizer, spec.past) for w in p}
        self._ongoing = index(spec.ongoing)
        self._list_words = {w for p in _phrases(normalizer, spec.list_words) for w in p}
        self._hedges = {w for p in _phrases(normalizer, spec.hedges) for w in p}
        self._temperature = {w for p in _phrases(normalizer, spec.temperature_words) for w in p}
        self._other_measures = {w for p in _phrases(normalizer, spec.other_measures) for w in p}
        self._negations = normalizer.negations
        self._little = normalizer.stopwords - self._first_person
        self._fever = spec.fever_intent if spec.fever_intent in known else None

    def find(self, text: Normalized, raw: str) -> list[SignHit]:
        """Every warning sign ``text`` holds by meaning (``raw``, the text as said, is read for numbers)."""
        words = _Words(text.words)
        hits: list[SignHit] = []
        for intent, rule in self._rules:
            hits += [SignHit(intent, " ".join(phrase), at, True) for at, phrase in self._alone[intent].found(words)]
            for at, symptom in self._words[intent].found(words):
                for group in rule.needs:
                    found = self._close(words, at, self._modifiers.get(group))
                    if found is not None:
                        hits.append(SignHit(intent, f"{' '.join(symptom)} + {group} ({found})", at, False))
                found = self._close(words, at, self._near[intent])
                if found is not None:
                    hits.append(SignHit(intent, f"{' '.join(symptom)} + {found}", at, False))
            for at, thing in self._things[intent].found(words):
                for group in rule.things_need:
                    found = self._close(words, at, self._modifiers.get(group))
                    if found is not None:
                        hits.append(SignHit(intent, f"{' '.join(thing)} + {group} ({found})", at, False))
        if self._fever is not None:
            hits += self._temperatures(text, raw)
        return hits

    def _close(self, words: _Words, at: int, phrases: _Phrases | None) -> str | None:
        """The first of ``phrases`` within the window of position ``at`` (not preceded by an improvement)."""
        window = self.spec.window
        for where, phrase in phrases.found(words) if phrases is not None else ():
            if where == at:
                continue  # the symptom itself ("soaking") is not what makes it urgent
            if abs(where - at) <= window + len(phrase) and not self._softened(words.words, where):
                return " ".join(phrase)
        return None

    def _softened(self, words: Sequence[str], at: int) -> bool:
        """A modifier said as an improvement: "less severe", "not as bad", "no longer heavy"."""
        before = tuple(words[max(0, at - 2) : at])
        return bool(set(before) & {"less", "longer"}) or before[-2:] == ("not", "as")

    def _temperatures(self, text: Normalized, raw: str) -> list[SignHit]:
        """Temperatures of a fever: a number with a temperature word, a body temperature said with a decimal
        ("it's crept back up to 38.4"), which is hardly anything else here, or a Fahrenheit fever said almost on
        its own ("um a hundred and two")."""
        words = text.words
        named = bool(set(words) & self._temperature)
        other = bool(set(words) & self._other_measures) or bool(_CURRENCY.search(raw))
        bare = not other and self._bare_number(text)
        s = self.spec
        hits = []
        for value, decimal in _numbers(raw):
            whole_fahrenheit = BARE_FEVER_FAHRENHEIT[0] <= value <= BARE_FEVER_FAHRENHEIT[1] and not decimal
            if not (named or (decimal and not other) or (bare and whole_fahrenheit)):
                continue
            celsius = CELSIUS_RANGE[0] <= value <= CELSIUS_RANGE[1] and value >= s.fever_celsius
            fahrenheit = FAHRENHEIT_RANGE[0] <= value <= FAHRENHEIT_RANGE[1] and value >= s.fever_fahrenheit
            if celsius or fahrenheit:
                assert self._fever is not None
                at = next((i for i, w in enumerate(words) if w in self._temperature), 0)
                hits.append(SignHit(self._fever, f"temperature {value:g}", at, True))
        return hits

    @staticmethod
    def _bare_number(text: Normalized) -> bool:
        """Whether the numbers in ``text`` stand almost alone: few other content words, none next to a number."""

        def number(w: str) -> bool:
            return w in _NUMBER_WORDS or w.replace(".", "").isdigit()

        content = set(text.content)
        words = text.words
        if sum(not number(w) for w in text.content) > BARE_MAX_WORDS:
            return False
        for i, w in enumerate(words):
            if not number(w):
                continue
            for j in (i - 1, i + 1):
                if 0 <= j < len(words) and words[j] in content and not number(words[j]):
                    return False
        return True

    # -- clearing ------------------------------------------------------------------------------

    def cleared(self, text: Normalized, position: int, intent: str, *, strong: bool = False) -> bool:
        """Whether the sign at ``position`` is clearly denied, not the speaker's own (:meth:`not_own`), not had
        (:meth:`not_had`), or (unless ``strong``: said with what makes it urgent, "bleeding heavily") clearly
        over; and nothing says otherwise (a hedge; a worsening, unless the sign is not the speaker's own or not
        had). Someone else's sign is cleared even with a hedge ("my sister is worried she has a fever")."""
        words = text.words
        indexed = _Words(words)
        if intent in self.spec.always_urgent:
            return False
        if self.not_own(text):
            return True
        if set(words) & self._hedges:
            return False
        if self.not_had(text, position, intent):
            return True
        if self._worsening(indexed):
            return False
        if self._denied(words, position, self._modifier_positions(indexed)):
            return True
        if strong:
            return False
        after = words[position : position + 2 * self.spec.window + 4]
        return self._improvement.any_in(_Words(after))

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

    def not_had(self, text: Normalized, position: int, intent: str) -> bool:
        """Whether the sign of ``intent`` at ``position`` is a supposition ("what if i get a fever", "if i get a
        high temperature": only little words, modifiers or words of the sign between) or long over ("i had a
        fever last year"), with no word that it is happening now or again."""
        words = _Words(text.words)
        suppositions = [(at, phrase) for at, phrase in self._hypothetical.found(words) if at < position]
        told_past = bool(set(text.words[max(0, position - 3) : position]) & self._past)
        long_ago = told_past and self._long_ago.any_in(words)
        if not (suppositions or long_ago) or self._ongoing.any_in(words):
            return False
        if long_ago:
            return True
        inside = self._modifier_positions(words) | self._sign_positions(words, intent)
        for at, phrase in suppositions:
            between = range(at + len(phrase), position)
            if len(between) <= 3 and all(i in inside or text.words[i] in self._little for i in between):
                return True
        return False

    def not_own(self, text: Normalized) -> bool:
        """Whether the signs in ``text`` are not the speaker's own now: a figure of speech, or someone else's or a
        question about what counts as one, with no word by which the speaker speaks of themselves."""
        words = _Words(text.words)
        if self._figurative.any_in(words):
            return True
        if set(text.words) & self._first_person:
            return False
        return self._not_own.any_in(words)

    def mentions(self, text: Normalized, intent: str) -> bool:
        """Whether ``text`` speaks of the symptom of ``intent`` at all (and does not clearly deny it): without
        that, resembling a warning sign's examples ("can I lift heavy boxes") is no warning sign."""
        rule = self.spec.signs.get(intent)
        if rule is None:
            return True  # no rule for this sign: resemblance alone stands, urgent wins
        words = _Words(text.words)
        spots = [at for at, _ in self._alone[intent].found(words)]
        if not rule.near:
            spots += [at for at, _ in self._words[intent].found(words)]
        return any(not self.cleared(text, at, intent) for at in spots)

    def _sign_positions(self, words: _Words, intent: str) -> set[int]:
        """Where the words of the sign of ``intent`` stand: what is urgent alone, or near its symptom."""
        found = [*self._alone[intent].found(words), *self._near[intent].found(words)] if intent in self._alone else []
        return {at + k for at, phrase in found for k in range(len(phrase))}

    def _modifier_positions(self, words: _Words) -> set[int]:
        return {at + k for at, phrase in self._all_modifiers.found(words) for k in range(len(phrase))}

    def _worsening(self, words: _Words) -> bool:
        return self._worse.any_in(words)
