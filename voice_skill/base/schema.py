"""A small schema checker: builds frozen dataclasses from YAML mappings.

Each dataclass field's type is the schema (str, int, float, bool, a string enum, tuple[str, ...],
dict[str, str], an optional of those, or a nested dataclass); ``metadata`` may give
``min``/``max`` bounds. A string enum's members are the allowed values. Every problem is
collected with its line. Unknown keys get a "did you mean"; values that do not fit together are
:class:`Mismatch` es blaming a key the file sets.
"""

from __future__ import annotations

import dataclasses
import difflib
import enum
import types
import typing
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from .errors import Problem
from .yamlio import PathKey, YamlDocument

T = TypeVar("T")

_TYPE_NAMES = {str: "text", int: "a whole number", float: "a number", bool: "true or false"}
SUGGESTION_CUTOFF = 0.6
"""How alike an unknown key and a known one must be (difflib's ratio) for "did you mean" to offer it."""


def did_you_mean(word: str, known: Iterable[str]) -> str:
    """``"; did you mean 'match'?"`` for the known word closest to ``word``, or nothing when none is close."""
    close = difflib.get_close_matches(word, list(known), n=1, cutoff=SUGGESTION_CUTOFF)
    return f"; did you mean '{close[0]}'?" if close else ""


@dataclass(frozen=True)
class Mismatch:
    """Values that each look fine but do not fit together: the key to change (dotted) and why."""

    key: str
    message: str


def blamed(keys: Sequence[str], written: Collection[str]) -> str:
    """The first of ``keys`` the file sets (``written``: the dotted keys it holds); the first of all if none."""
    return next((key for key in keys if key in written), keys[0])


def order_mismatch(
    low: tuple[str, float], value: tuple[str, float], high: tuple[str, float], written: Collection[str]
) -> Mismatch | None:
    """Whether ``low <= value <= high`` fails, as a :class:`Mismatch` blaming a key the file sets: each pair is a
    dotted key and its value, and a value the file does not set is named as the default."""

    def shown(pair: tuple[str, float]) -> str:
        key, number = pair
        return f"'{key}' ({number:g}{'' if key in written else ', the default'})"

    if low[1] > high[1]:
        key = blamed((low[0], high[0]), written)
        return Mismatch(key, f"{shown(low)} must not be above {shown(high)}")
    if low[1] <= value[1] <= high[1]:
        return None
    if value[0] in written:
        return Mismatch(value[0], f"{shown(value)} must lie between {shown(low)} and {shown(high)}")
    if value[1] < low[1]:
        return Mismatch(low[0], f"{shown(low)} must not be above {shown(value)}")
    return Mismatch(high[0], f"{shown(high)} must not be below {shown(value)}")


def _describe(tp: Any) -> str:
    origin = typing.get_origin(tp)
    if origin is tuple:
        return "a list of texts"
    if tp is str:
        return "text"
    if origin is dict:
        return f"a mapping of text to {_describe(typing.get_args(tp)[1])}"
    if dataclasses.is_dataclass(tp):
        return "a mapping"
    return _TYPE_NAMES.get(tp, str(tp))


class _Builder:
    def __init__(self, doc: YamlDocument) -> None:
        self.doc = doc
        self.problems: list[Problem] = []

    def problem(self, key: PathKey, message: str) -> None:
        self.problems.append(Problem(self.doc.path, self.doc.line(*key), message))

    def value(self, tp: Any, value: Any, key: PathKey, meta: typing.Mapping[str, Any]) -> Any:
        name = ".".join(str(k) for k in key)
        origin = typing.get_origin(tp)
        if origin in (typing.Union, types.UnionType):
            options = [a for a in typing.get_args(tp) if a is not type(None)]
            if value is None:
                return None
            return self.value(options[0], value, key, meta)
        if dataclasses.is_dataclass(tp):
            return self.dataclass(typing.cast(type, tp), value, key)
        if isinstance(tp, type) and issubclass(tp, enum.Enum):
            allowed = [member.value for member in tp]
            if value not in allowed:
                self.problem(key, f"'{name}' must be one of: {', '.join(map(str, allowed))}, not {value!r}")
                return None
            return tp(value)
        if origin is tuple:
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                self.problem(key, f"'{name}' must be a list of texts")
                return None
            return tuple(value)
        if origin is dict:
            item = typing.get_args(tp)[1]
            if item is str:
                if not isinstance(value, dict) or not all(
                    isinstance(k, str) and isinstance(v, str) for k, v in value.items()
                ):
                    self.problem(key, f"'{name}' must be a mapping of text to text")
                    return None
                return dict(value)
            if not isinstance(value, dict) or not all(isinstance(k, str) for k in value):
                self.problem(key, f"'{name}' must be a mapping of text to {_describe(item)}")
                return None
            before = len(self.problems)
            built = {k: self.value(item, v, (*key, k), {}) for k, v in value.items()}
            return None if len(self.problems) > before else built
        ok = isinstance(value, tp) and not (tp is not bool and isinstance(value, bool))
        if tp is float and isinstance(value, int) and not isinstance(value, bool):
            value, ok = float(value), True
        if not ok:
            self.problem(key, f"'{name}' must be {_describe(tp)}, not {value!r}")
            return None
        low, high = meta.get("min"), meta.get("max")
        if (low is not None and value < low) or (high is not None and value > high):
            self.problem(key, f"'{name}' must be between {low} and {high}, not {value}")
            return None
        return value

    def dataclass(self, cls: type[T], data: Any, key: PathKey) -> T | None:
        name = ".".join(str(k) for k in key) or "the file"
        if data is None:
            data = {}
        if not isinstance(data, dict):
            self.problem(key, f"'{name}' must be a mapping")
            return None
        hints = typing.get_type_hints(cls)
        fields = {f.name: f for f in dataclasses.fields(cls) if f.init}  # type: ignore[arg-type]
        for unknown in sorted(set(map(str, data)) - set(fields)):
            known = ", ".join(sorted(fields))
            hint = did_you_mean(unknown, fields)
            self.problem((*key, unknown), f"unknown key '{unknown}' in '{name}'{hint} (known: {known})")
        values: dict[str, Any] = {}
        failed = False
        for fname, f in fields.items():
            if fname not in data:
                no_default = f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
                if no_default:
                    self.problem(key, f"'{name}' is missing required key '{fname}'")
                    failed = True
                continue
            before = len(self.problems)
            built = self.value(hints[fname], data[fname], (*key, fname), f.metadata)
            if len(self.problems) > before:
                failed = True
            elif built is not None:
                values[fname] = built
        if failed:
            return None
        return cls(**values)


def build(cls: type[T], data: Any, doc: YamlDocument, key: PathKey = ()) -> tuple[T | None, list[Problem]]:
    """Build ``cls`` from ``data`` (found at ``key`` in ``doc``), collecting problems."""
    builder = _Builder(doc)
    result = builder.dataclass(cls, data, key)
    return result, builder.problems
