"""Pads or tampons counted over a time ("my fourth tampon in three hours", "4 pads in 3 hours"), read as a rate for
the triage: soaking one an hour or faster is heavy bleeding. Pure; built once per language."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence, Set

from .normalize import Normalized
from .numbers import spoken_numbers

COUNT_BEFORE = 3
"""How many words before a pad word its count may stand ("*four* super absorbent pads", "my *fourth* night tampon")."""
COUNT_AFTER = 3
"""How many words after a pad word "N times" may stand ("changed my pad *three times*")."""
TIME_AFTER = 6
"""How many words after the pad word (or its "times") the time may stand ("four pads *in the last two hours*")."""
TIME_WORDS = 3
"""How many words may stand between "in" and the time's unit ("in the last two hours")."""
_ORDINAL_DIGITS = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)$")
_ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
    "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12,
}  # fmt: skip
_ONE = frozenset({"a", "an", "one"})
_AGO = frozenset({"ago"})


class PadRates:
    """Reads how many pads or tampons were used in how long. :meth:`too_fast` is pure."""

    def __init__(
        self, things: Set[str], hours: Set[str], minutes: Set[str], spans: Set[str], times: Set[str], per_hour: float
    ) -> None:
        self._things = things
        self._units: Mapping[str, float] = {**{w: 1 / 60 for w in minutes}, **{w: 1.0 for w in hours}}
        self._spans = spans
        self._times = times
        self.per_hour = per_hour

    def too_fast(self, text: Normalized) -> list[tuple[float, int]]:
        """Each rate of ``per_hour`` or more (pads an hour), with where its pad word stands. The words of the lists
        are read as stems (``text.words``), the numbers as written (``text.surface``)."""
        stems, said = text.words, text.surface
        found = []
        for at, word in enumerate(stems):
            if word not in self._things:
                continue
            count, end = self._count(stems, said, at)
            if count is None:
                continue
            hours = self._hours(stems, said, end + 1)
            if hours and count / hours >= self.per_hour:
                found.append((count / hours, at))
        return found

    def _count(self, stems: Sequence[str], said: Sequence[str], at: int) -> tuple[float | None, int]:
        """The count of the pad word at ``at`` and where the words that tell it end: a number or an ordinal just
        before it, or "N times" just after it."""
        for i in range(at - 1, max(-1, at - COUNT_BEFORE - 1), -1):
            value = _count_word(said[i])
            if value is not None:
                return value, at
        for i in range(at + 1, min(len(said) - 1, at + COUNT_AFTER + 1)):
            value = _count_word(said[i])
            if value is not None and stems[i + 1] in self._times:
                return value, i + 1
        return None, at

    def _hours(self, stems: Sequence[str], said: Sequence[str], start: int) -> float | None:
        """The hours of a time said after ``start``: "in three hours", "in the last two hours", "in half an hour",
        "within an hour"; None without one."""
        for i in range(start, min(len(stems), start + TIME_AFTER)):
            if stems[i] not in self._spans:
                continue
            for j in range(i + 1, min(len(stems), i + TIME_WORDS + 2)):
                unit = self._units.get(stems[j])
                if unit is None:
                    continue
                if j + 1 < len(stems) and stems[j + 1] in _AGO:
                    return None  # "put a fresh pad in an hour ago": when, not how long
                before = list(said[i + 1 : j])
                if before[-2:] in (["half", "an"], ["half", "a"]):
                    return 0.5 * unit
                if not before or before[-1] in _ONE:
                    return unit  # "every hour", "in an hour"
                values = spoken_numbers(" ".join(before))
                return values[-1] * unit if values and values[-1] > 0 else None
            return None
        return None


def _count_word(word: str) -> float | None:
    """A count said in one word: a number ("four", "4") or an ordinal ("fourth", "4th")."""
    if word in _ORDINALS:
        return float(_ORDINALS[word])
    if word in _ONE:
        return 1.0
    ordinal = _ORDINAL_DIGITS.match(word)
    if ordinal:
        return float(ordinal[1])
    values = spoken_numbers(word) if word.isdigit() or word.isalpha() else []
    return values[0] if len(values) == 1 and values[0] > 0 else None
