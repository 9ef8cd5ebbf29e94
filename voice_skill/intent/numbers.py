"""Numbers as said or typed: in digits ("38.2", "100,4") or in words ("thirty eight point two", "a hundred and
one", "thirty eight and a half"), for the triage to read temperatures as numbers."""

from __future__ import annotations

import re

_DECIMAL = re.compile(r"(?<![\w.])(\d{2,3})(?:[.,](\d))?(?:[°º]?[cf]|[°º])?(?![\w])")
"""A number of two or three digits, with one decimal, and a unit written on to it ("39c", "101.2°f")."""
_DIGITS_AND_A_HALF = re.compile(r"(?<![\w.])(\d{2,3}) and a half\b")
_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}  # fmt: skip
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
NUMBER_WORDS = frozenset((*_UNITS, *_TENS, "hundred", "point", "half"))
_HALF = ("and", "a", "half")


def spoken_numbers(text: str) -> list[float]:
    """The numbers in ``text``, in digits ("38.2", "100,4") or in words ("thirty eight point two")."""
    return [value for value, _ in numbers(text)]


def numbers(text: str) -> list[tuple[float, bool]]:
    """The numbers in ``text``, each with whether it was said with a fraction ("38.2", "thirty eight point two",
    "38 and a half")."""
    halves = {m.start(1) for m in _DIGITS_AND_A_HALF.finditer(text.lower())}
    found = []
    for m in _DECIMAL.finditer(text.lower()):
        if m.start(1) in halves and m[2] is None:
            found.append((float(m[1]) + 0.5, True))
        else:
            found.append((float(f"{m[1]}.{m[2] or 0}"), m[2] is not None))
    tokens = re.findall(r"[a-z]+", text.lower())
    i = 0
    while i < len(tokens):
        value, used = _number_at(tokens, i)
        if used:
            fraction = "point" in tokens[i : i + used]
            if tuple(tokens[i + used : i + used + 3]) == _HALF:
                value, used, fraction = value + 0.5, used + 3, True
            found.append((value, fraction))
            i += used
        else:
            i += 1
    return found


def _number_at(tokens: list[str], i: int) -> tuple[float, int]:
    """A number spelled out from ``tokens[i]``: "a hundred and one", "thirty eight point five"."""
    value, j = 0.0, i
    if j < len(tokens) and tokens[j] in ("a", "one") and j + 1 < len(tokens) and tokens[j + 1] == "hundred":
        value, j = 100.0, j + 2
        if j < len(tokens) and tokens[j] == "and" and tokens[j + 1 : j + 3] != ["a", "half"]:
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
