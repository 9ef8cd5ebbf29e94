"""The reference text answers are grounded in: a Markdown file whose section titles intents cite.

The convention (the shipped ``intents/<lang>/reference.md``): a header, a line ``---``, then the
text kept verbatim, in which section titles are the lines without a full stop at the end.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

REFERENCE_FILE = "reference.md"
"""The reference text of an intent folder."""
_SEPARATOR = "---"


@dataclass(frozen=True)
class Reference:
    """Section titles of one or more reference texts, and where they came from."""

    sections: tuple[str, ...]
    paths: tuple[str, ...] = ()

    @classmethod
    def from_text(cls, text: str, path: str = "<reference>") -> Reference:
        lines = text.splitlines()
        body = lines
        for index, line in enumerate(lines):
            if line.strip() == _SEPARATOR:
                body = lines[index + 1 :]
                break
        titles = [line.strip() for line in body if line.strip() and not line.strip().endswith(".")]
        return cls(tuple(dict.fromkeys(titles)), (path,))

    @classmethod
    def from_file(cls, path: Path) -> Reference:
        return cls.from_text(path.read_text(encoding="utf-8"), str(path))

    def __contains__(self, section: object) -> bool:
        return section in self.sections

    def __add__(self, other: Reference) -> Reference:
        return Reference(tuple(dict.fromkeys((*self.sections, *other.sections))), (*self.paths, *other.paths))
