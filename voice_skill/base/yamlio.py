"""Reading YAML files safely, keeping the line of every key and list item.

One pass of ``yaml.safe_load``'s loader (libyaml's C build when PyYAML has one) composes the document's
nodes; a walk over them records where each value stands, so that validation can name a file and line,
and refuses what YAML allows but a hand-written settings file never needs:

* a key written twice in one mapping (YAML would keep the last one silently): a problem naming both lines;
* aliases (``*name``), which let a few hundred bytes stand for billions of values (a "billion laughs");
* nesting deeper than :data:`MAX_NESTING`.

Only then is the data built from the nodes.
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
MAX_NESTING = 64
"""Deepest nesting of mappings and lists a file may have (the skill's own files need fewer than ten)."""


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


@dataclass
class _Walk:
    """What the walk over a document's nodes found."""

    path: str
    lines: dict[PathKey, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    refused: bool = False
    """The document must not be built (an alias, too deep, a key that is not plain text)."""

    def refuse(self, line: int | None, message: str) -> None:
        self.problems.append(Problem(self.path, line, message))
        self.refused = True


def _line(node: yaml.Node) -> int:
    return int(node.start_mark.line) + 1


def _where(prefix: PathKey) -> str:
    return f" in '{'.'.join(map(str, prefix))}'" if prefix else ""


def _walk(root: yaml.Node, text: str, path: str) -> _Walk:
    """Record the line of every key and item, in document order and iteratively (a deep file cannot exhaust
    the stack); a key written twice has the line of its last value, the one YAML keeps.

    An alias makes the composer hand out a node already seen, so meeting any node twice means an alias.
    """
    walk = _Walk(path)
    seen: set[int] = set()
    stack: list[tuple[yaml.Node, PathKey]] = [(root, ())]
    while stack and not walk.refused:
        node, prefix = stack.pop()
        if id(node) in seen:
            walk.refuse(*_alias(text))
            break
        seen.add(id(node))
        if len(prefix) > MAX_NESTING:
            walk.refuse(_line(node), f"nested more than {MAX_NESTING} levels deep")
            break
        children: list[tuple[yaml.Node, PathKey]] = []
        if isinstance(node, yaml.MappingNode):
            first: dict[tuple[str, str], int] = {}
            for key_node, value_node in node.value:
                line = _line(key_node)
                if not isinstance(key_node, yaml.ScalarNode):
                    walk.refuse(line, f"a key{_where(prefix)} is a list or mapping; keys must be plain text")
                    break
                if id(key_node) in seen:
                    walk.refuse(*_alias(text))
                    break
                seen.add(id(key_node))
                key = key_node.value
                earlier = first.setdefault((key_node.tag, key), line)
                if earlier != line:
                    twice = f"key '{key}' is written twice{_where(prefix)} (lines {earlier} and {line})"
                    walk.problems.append(Problem(path, line, twice))
                walk.lines[(*prefix, key)] = line
                children.append((value_node, (*prefix, key)))
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                walk.lines[(*prefix, index)] = _line(item)
                children.append((item, (*prefix, index)))
        stack.extend(reversed(children))
    return walk


def _alias(text: str) -> tuple[int | None, str]:
    """Where the first alias is, and the problem, found again from the parser's events (only on this error path)."""
    for event in yaml.parse(text, Loader=_SAFE_LOADER):
        if isinstance(event, yaml.AliasEvent):
            return int(event.start_mark.line) + 1, (
                f"YAML aliases are not accepted ('*{event.anchor}' repeats '&{event.anchor}'): write the value out"
            )
    return None, "YAML aliases are not accepted: write the value out"


def parse_yaml(text: str, path: str) -> tuple[YamlDocument | None, list[Problem]]:
    """Parse ``text``: the document and the keys written twice in it, or, on a syntax error, an alias or too
    deep nesting, no document and the problem."""
    loader = _SAFE_LOADER(text)
    try:
        root = loader.get_single_node()
        walk = _walk(root, text, path) if root is not None else _Walk(path)
        if walk.refused:
            return None, walk.problems
        data = loader.construct_document(root) if root is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        reason = exc.problem or exc.context or "invalid YAML"
        return None, [Problem(path, line, f"invalid YAML: {reason}")]
    except yaml.YAMLError as exc:
        return None, [Problem(path, None, f"invalid YAML: {exc}")]
    finally:
        loader.dispose()
    doc = YamlDocument(data=data, path=path, lines=walk.lines)
    doc.lines[()] = 1
    return doc, walk.problems


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
