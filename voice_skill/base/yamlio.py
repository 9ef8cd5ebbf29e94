"""Reading YAML files safely, keeping the line of every key and list item.

Data comes from ``yaml.safe_load``; a second, node-level pass (``yaml.compose``)
records where each value stands so that validation can name a file and line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import Problem

PathKey = tuple[str | int, ...]
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""yaml.safe_load's loader; libyaml's C build of it when PyYAML has one (same rules, faster)."""


@dataclass
class YamlDocument:
    """A parsed YAML document and the 1-based line of each key path in it."""

    data: Any
    path: str
    lines: dict[PathKey, int] = field(default_factory=dict)

    def line(self, *key: str | int) -> int | None:
        """The line of ``key`` or, failing that, of its nearest parent."""
        for end in range(len(key), -1, -1):
            found = self.lines.get(tuple(key[:end]))
            if found is not None:
                return found
        return None


def _record(node: yaml.Node, prefix: PathKey, lines: dict[PathKey, int]) -> None:
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else str(key_node)
            path = (*prefix, key)
            lines.setdefault(path, key_node.start_mark.line + 1)
            _record(value_node, path, lines)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            path = (*prefix, index)
            lines.setdefault(path, item.start_mark.line + 1)
            _record(item, path, lines)


def parse_yaml(text: str, path: str) -> tuple[YamlDocument | None, list[Problem]]:
    """Parse ``text``; on a syntax error return no document and the problem."""
    try:
        data = yaml.load(text, Loader=_SAFE_LOADER)
        root = yaml.compose(text, Loader=_SAFE_LOADER)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        reason = exc.problem or exc.context or "invalid YAML"
        return None, [Problem(path, line, f"invalid YAML: {reason}")]
    except yaml.YAMLError as exc:
        return None, [Problem(path, None, f"invalid YAML: {exc}")]
    doc = YamlDocument(data=data, path=path)
    doc.lines[()] = 1
    if root is not None:
        _record(root, (), doc.lines)
    return doc, []


def read_text(path: Path) -> tuple[str | None, list[Problem]]:
    """Read a UTF-8 file, reporting unreadable or non-UTF-8 files as problems."""
    name = str(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None, [Problem(name, None, "file not found")]
    except IsADirectoryError:
        return None, [Problem(name, None, "is a directory, expected a YAML file")]
    except OSError as exc:
        return None, [Problem(name, None, f"cannot read file: {exc.strerror or exc}")]
    try:
        return raw.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [Problem(name, line, "not UTF-8 text (save the file as UTF-8)")]
