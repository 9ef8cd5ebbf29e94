"""Phrase look-up in an utterance's words, for the triage: indexed by first word, with words to skip."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence

from .normalize import Normalizer


def normalized_phrases(normalizer: Normalizer, texts: Iterable[str]) -> list[tuple[str, ...]]:
    """``texts`` normalised to word tuples, the empty ones dropped."""
    return [words for words in (tuple(normalizer(t).words) for t in texts) if words]


class Words:
    """An utterance's words, indexed by word, so that a phrase is looked for only where its first word stands.
    Words of ``skip`` ("absolutely") are passed over; positions are always those of the whole utterance."""

    def __init__(self, words: Sequence[str], skip: Collection[str] = ()) -> None:
        self.words = tuple(words)
        kept = [i for i, w in enumerate(self.words) if w not in skip]
        self.kept = tuple(self.words[i] for i in kept)
        """The words, those of ``skip`` left out."""
        self.where = tuple(kept)
        """Each kept word's position in the whole utterance."""
        self._rank = {at: k for k, at in enumerate(kept)}
        self.at: dict[str, list[int]] = {}
        for k, w in enumerate(self.kept):
            self.at.setdefault(w, []).append(k)
        self.found: dict[int, list[tuple[int, tuple[str, ...]]]] = {}
        """What each :class:`Phrases` found here, by its id: looked for once per utterance."""

    def find(self, phrase: tuple[str, ...]) -> list[int]:
        """Where ``phrase`` starts, each time it stands."""
        n = len(phrase)
        return [self.where[k] for k in self.at.get(phrase[0], ()) if self.kept[k : k + n] == phrase]

    def has(self, phrase: tuple[str, ...]) -> bool:
        return bool(self.find(phrase))

    def span(self, at: int, phrase: tuple[str, ...]) -> range:
        """The positions ``phrase`` found at ``at`` covers (skipped words inside included)."""
        k = self._rank[at] + len(phrase) - 1
        return range(at, self.where[min(k, len(self.where) - 1)] + 1)


class Phrases:
    """Normalised phrases indexed by first word (and a longer phrase by its first two): only those whose start
    the utterance has are looked for."""

    def __init__(self, phrases: Sequence[tuple[str, ...]]) -> None:
        self._single: dict[str, list[tuple[int, tuple[str, ...]]]] = {}
        self._pair: dict[tuple[str, str], list[tuple[int, tuple[str, ...]]]] = {}
        for order, phrase in enumerate(dict.fromkeys(phrases)):  # each phrase once: "smells", "smell" are one stem
            if len(phrase) == 1:
                self._single.setdefault(phrase[0], []).append((order, phrase))
            else:
                self._pair.setdefault((phrase[0], phrase[1]), []).append((order, phrase))
        self.firsts = frozenset(self._single) | frozenset(first for first, _ in self._pair)
        """The words the phrases start with."""

    def found(self, words: Words) -> list[tuple[int, tuple[str, ...]]]:
        """(position, phrase) of every occurrence, in the phrases' order, then by position."""
        known = words.found.get(id(self))
        if known is None:
            known = words.found[id(self)] = [] if self.firsts.isdisjoint(words.at) else self._look(words)
        return known

    def _look(self, words: Words) -> list[tuple[int, tuple[str, ...]]]:
        firsts = self.firsts.intersection(words.at)
        kept, last = words.kept, len(words.kept) - 1
        hits: list[tuple[int, int, tuple[str, ...]]] = []
        for first in firsts:
            single = self._single.get(first, ())
            for k in words.at[first]:
                hits.extend((order, k, phrase) for order, phrase in single)
                if k < last:
                    for order, phrase in self._pair.get((first, kept[k + 1]), ()):
                        if kept[k : k + len(phrase)] == phrase:
                            hits.append((order, k, phrase))
        if len(hits) > 1:
            hits.sort(key=lambda hit: hit[:2])
        return [(words.where[k], phrase) for _, k, phrase in hits]

    def any_in(self, words: Words) -> bool:
        return bool(self.found(words))

    def starts_at(self, words: Words, at: int) -> bool:
        """Whether one of the phrases covers position ``at``."""
        return any(at in words.span(where, phrase) for where, phrase in self.found(words))
