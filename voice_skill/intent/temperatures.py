"""Temperatures of a fever read as numbers: with a temperature word ("temp is 38"), said with a decimal ("it's
crept back up to 38.4"), which is hardly anything else here, or a Fahrenheit fever said almost on its own ("um
a hundred and two"). A price, a weight or a time is not a temperature ("I paid 38.5 for parking")."""

from __future__ import annotations

import re
from collections.abc import Set

from rapidfuzz import fuzz

from .normalize import Normalized
from .numbers import NUMBER_WORDS, numbers
from .signspec import TriageSpec

_CURRENCY = re.compile(r"[$£€¥]")
_DIGIT = re.compile(r"\d")
CELSIUS_RANGE = (34.0, 45.0)
FAHRENHEIT_RANGE = (93.0, 113.0)
"""Numbers outside these are not body temperatures (a price, a date, a count)."""
BARE_FEVER_FAHRENHEIT = (100.0, 106.0)
"""A whole number in this range said almost on its own ("a hundred and two", "it's 101") is a temperature in °F:
hardly an age, a count or a date here. Whole numbers in the Celsius range are not: "I'm 39" is an age."""
BARE_MAX_WORDS = 3
"""How many other content words such a bare number may come with ("101 and shivering"); none may stand right
next to it ("room 101", "102 minutes")."""
TEMPERATURE_SPELLING = 85.0
"""How closely (rapidfuzz ratio) a long word must spell "temperature" to be one ("temprature")."""
_TEMPERATURE = "temperature"
_SLACK = 3
"""How much shorter than "temperature" a misspelling may be."""


class Temperatures:
    """Reads fever temperatures in an utterance. Built once per language; :meth:`fevers` is pure."""

    def __init__(self, spec: TriageSpec, temperature_words: Set[str], other_measures: Set[str]) -> None:
        self.spec = spec
        self._temperature = temperature_words
        self._other_measures = other_measures

    def fevers(self, text: Normalized, raw: str) -> list[tuple[float, int]]:
        """Each fever temperature in ``raw`` (the utterance as said), with where its temperature word stands in
        ``text`` (0 without one)."""
        words = text.words
        if not _DIGIT.search(raw) and NUMBER_WORDS.isdisjoint(words):
            return []  # no number at all
        temperature = [i for i, w in enumerate(words) if self.temperature_word(w)]
        other = bool(set(words) & self._other_measures) or bool(_CURRENCY.search(raw))
        bare = not other and self._bare_number(text)
        s = self.spec
        found = []
        for value, decimal in numbers(raw):
            whole_fahrenheit = BARE_FEVER_FAHRENHEIT[0] <= value <= BARE_FEVER_FAHRENHEIT[1] and not decimal
            if not (temperature or (decimal and not other) or (bare and whole_fahrenheit)):
                continue
            celsius = CELSIUS_RANGE[0] <= value <= CELSIUS_RANGE[1] and value >= s.fever_celsius
            fahrenheit = FAHRENHEIT_RANGE[0] <= value <= FAHRENHEIT_RANGE[1] and value >= s.fever_fahrenheit
            if celsius or fahrenheit:
                found.append((value, self._nearest(words, temperature)))
        return found

    @staticmethod
    def _nearest(words: tuple[str, ...], temperature: list[int]) -> int:
        """Of the temperature words at ``temperature``, the one closest to a number ("no fever at all, but my
        *temperature* is 39"); 0 without one."""
        spoken = [i for i, w in enumerate(words) if _is_number(w)]
        if not temperature or not spoken:
            return next(iter(temperature), 0)
        return min(temperature, key=lambda t: min(abs(t - i) for i in spoken))

    def below_fever(self, text: Normalized, raw: str) -> bool:
        """Whether ``raw`` gives a body temperature, with a temperature word, and every one it gives is below a
        fever ("my temp is 37.4, is that a fever")."""
        if not any(self.temperature_word(w) for w in text.words):
            return False
        s = self.spec
        readings = [
            (value, value >= (s.fever_celsius if value <= CELSIUS_RANGE[1] else s.fever_fahrenheit))
            for value, _ in numbers(raw)
            if CELSIUS_RANGE[0] <= value <= CELSIUS_RANGE[1] or FAHRENHEIT_RANGE[0] <= value <= FAHRENHEIT_RANGE[1]
        ]
        return bool(readings) and not any(fever for _, fever in readings)

    def temperature_word(self, word: str) -> bool:
        """A word that makes a number a temperature, or "temperature" misspelt ("temprature")."""
        if word in self._temperature:
            return True
        close = len(word) >= len(_TEMPERATURE) - _SLACK and word[0] == _TEMPERATURE[0]
        return close and fuzz.ratio(word, _TEMPERATURE) >= TEMPERATURE_SPELLING

    @staticmethod
    def _bare_number(text: Normalized) -> bool:
        """Whether the numbers in ``text`` stand almost alone: few other content words, none next to a number."""

        number = _is_number
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


def _is_number(word: str) -> bool:
    """A number, in digits or in words."""
    return word in NUMBER_WORDS or word.replace(".", "").isdigit()
