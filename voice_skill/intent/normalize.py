"""Text normalisation: the same steps for intent examples and for what the user said.

Lower case, punctuation, contractions, digits, recogniser spellings of domain words
("h s g" -> "hsg"), filler words, then a light suffix stemmer so that "cramps",
"cramping" and "cramp" meet. Stop words are marked, not dropped, so the safety
triage can still see phrases such as "passed out".
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from rapidfuzz import fuzz

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'", "\u02bc": "'"})
_NON_WORD = re.compile(r"[^a-z0-9']+")
_CLAUSE_PUNCTUATION = re.compile(r"[,;:!?]+|\.+(?!\d)|\s[-\u2013\u2014]+\s")
"""Punctuation that ends a clause: not the point of a number ("38.5")."""
_NO_DOUBLING = frozenset("lsz")
RESPELL_MAX_WORDS = 4
RESPELL_LENGTH_SLACK = (0.75, 1.3)
"""A run of words is compared with a long word only if, joined, it is this much shorter or longer."""


@dataclass(frozen=True)
class NormalizeSpec:
    """Language data for normalisation (from ``normalize:`` in the intent YAML)."""

    fillers: tuple[str, ...] = ()
    stopwords: tuple[str, ...] = ()
    contractions: dict[str, str] = field(default_factory=dict)
    replacements: dict[str, str] = field(default_factory=dict)
    numbers: dict[str, str] = field(default_factory=dict)
    negations: tuple[str, ...] = ()
    question_words: tuple[str, ...] = ()
    """Words that open a question ("how", "what", "is"): a question is not a command."""
    respell: tuple[str, ...] = ()
    """Long domain words a recogniser breaks into pieces ("histrosalpine to gram"): a run of up to
    ``RESPELL_MAX_WORDS`` words that, joined, spells one of these closely becomes it."""
    respell_similarity: float = field(default=75.0, metadata={"min": 50.0, "max": 100.0})
    """How closely (rapidfuzz ratio, 0-100, with the same first letter) the joined words must spell it."""
    respell_word_similarity: float = field(default=88.0, metadata={"min": 50.0, "max": 100.0})
    """The same for one word alone, stricter: a single word is often another real one ("hysterectomy",
    "hysterosonography" are other procedures)."""


@dataclass(frozen=True)
class Normalized:
    """A normalised text: every word (stemmed) and the meaning-bearing subset."""

    words: tuple[str, ...]
    content: tuple[str, ...]
    surface: tuple[str, ...] = ()
    """The words before stemming ("passed" where ``words`` has "pass")."""
    breaks: frozenset[int] = frozenset()
    """Where a clause set off by punctuation starts ("i have a fever of 39, *my* sister had her hsg"); not the
    point of a number ("38.5")."""

    @property
    def text(self) -> str:
        return " ".join(self.words)

    @property
    def key_words(self) -> tuple[str, ...]:
        """Content words, or all words when every word is a stop word ("what is it")."""
        return self.content or self.words


def stem(word: str) -> str:
    """A light English suffix stemmer (plural, -ing, -ed), applied the same everywhere."""
    if len(word) <= 3 or not word.isalpha():
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("sses"):
        return word[:-2]
    if word.endswith("ing") and len(word) > 5:
        return _undouble(word[:-3])
    if word.endswith("ied") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("ed") and not word.endswith("eed") and len(word) > 4:
        return _undouble(word[:-2])
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def _undouble(word: str) -> str:
    if len(word) > 2 and word[-1] == word[-2] and word[-1] not in _NO_DOUBLING and word[-1].isalpha():
        return word[:-1]
    return word


_LETTERS = re.compile(r"[A-Za-z]+")


def _phrase_table(mapping: dict[str, str]) -> dict[tuple[str, ...], tuple[str, ...]]:
    table: dict[tuple[str, ...], tuple[str, ...]] = {}
    for source, target in mapping.items():
        key = tuple(_NON_WORD.sub(" ", source.lower()).split())
        if key:
            table[key] = tuple(target.lower().split())
    return table


class Normalizer:
    """Normalises text with one language's rules. Pure: no I/O, no state after init."""

    def __init__(self, spec: NormalizeSpec) -> None:
        self.spec = spec
        self._contractions = {k.lower().translate(_APOSTROPHES): v.lower() for k, v in spec.contractions.items()}
        self._numbers = {k.lower(): v.lower() for k, v in spec.numbers.items()}
        self._replacements = _phrase_table(spec.replacements)
        self._respell = tuple(w.lower() for w in spec.respell)
        self._fillers = _phrase_table({f: "" for f in spec.fillers})
        self._longest = max((len(k) for k in (*self._replacements, *self._fillers)), default=1)
        self._phrase_firsts = frozenset(k[0] for k in (*self._replacements, *self._fillers))
        """The words a replacement or a filler starts with: elsewhere a word stands as it is."""
        short, long = RESPELL_LENGTH_SLACK
        self._respell_by_first: dict[str, list[tuple[str, float, float]]] = {}
        """The domain words by first letter, each with the lengths a run of words may have to spell it."""
        for target in self._respell:
            if target:
                size = len(target)
                self._respell_by_first.setdefault(target[0], []).append((target, short * size, long * size))
        self._stop = frozenset(stem(w.lower()) for w in spec.stopwords) | frozenset(w.lower() for w in spec.stopwords)
        self.stopwords = self._stop
        """Stop words, written and stemmed."""
        self.negations = frozenset(stem(w.lower()) for w in spec.negations)
        self.question_words = frozenset(stem(w.lower()) for w in spec.question_words)

    def words(self, text: str) -> list[str]:
        """Lower-cased words with contractions, digits and domain spellings resolved."""
        return self._split(text)[0]

    def _split(self, text: str) -> tuple[list[str], frozenset[int]]:
        """The words of :meth:`words`, and the positions where punctuation opens a new clause among them."""
        text = unicodedata.normalize("NFKC", text).lower().translate(_APOSTROPHES)
        raw: list[str] = []
        opens: list[bool] = []
        for part in _CLAUSE_PUNCTUATION.split(text):
            first = bool(raw)
            for token in _NON_WORD.sub(" ", part).split():
                expanded = self._contractions.get(token)
                if expanded is None:
                    token = token.replace("'", "")
                    expanded = self._numbers.get(token, token)
                for word in expanded.split():
                    raw.append(word)
                    opens.append(first)
                    first = False
        if self._respell:
            raw, opens = self._respelled(raw, opens)
        out: list[str] = []
        breaks: set[int] = set()
        pending = False  # a clause opened on words a filler took out opens on the next word
        i = 0
        while i < len(raw):
            pending = pending or opens[i]
            size, produced = self._phrase_at(raw, i)
            if produced:
                if pending and out:
                    breaks.add(len(out))
                pending = False
                out.extend(produced)
            i += size
        return out, frozenset(breaks)

    def _phrase_at(self, words: list[str], i: int) -> tuple[int, tuple[str, ...]]:
        """How many words from ``i`` on a filler or a replacement takes, and the words it leaves (one word: itself)."""
        if words[i] in self._phrase_firsts:
            for size in range(min(self._longest, len(words) - i), 0, -1):
                chunk = tuple(words[i : i + size])
                if chunk in self._fillers:
                    return size, ()
                target = self._replacements.get(chunk)
                if target is not None:
                    return size, target
        return 1, (words[i],)

    def _respelled(self, tokens: list[str], opens: list[bool]) -> tuple[list[str], list[bool]]:
        """``tokens`` with each run of words that spells a long domain word closely joined into it (``opens``: which
        token opens a clause, kept for the first token of a run)."""
        out: list[str] = []
        out_opens: list[bool] = []
        i = 0
        while i < len(tokens):
            out_opens.append(opens[i])
            targets = self._respell_by_first.get(tokens[i][0])
            if targets is None:
                out.append(tokens[i])
                i += 1
                continue
            longest = max(most for _, _, most in targets)
            best: tuple[float, int, str] | None = None
            for size in range(1, min(RESPELL_MAX_WORDS, len(tokens) - i) + 1):
                joined = "".join(tokens[i : i + size])
                if len(joined) > longest or not joined.isalpha():
                    break
                cutoff = self.spec.respell_word_similarity if size == 1 else self.spec.respell_similarity
                for target, least, most in targets:
                    if not least <= len(joined) <= most:
                        continue
                    score = fuzz.ratio(joined, target, score_cutoff=cutoff)
                    if score and (best is None or score > best[0]):
                        best = (score, size, target)
            if best is None:
                out.append(tokens[i])
                i += 1
            else:
                out.append(best[2])
                i += best[1]
        return out, out_opens

    def __call__(self, text: str) -> Normalized:
        """``text`` normalised, with the positions where a comma, a full stop or the like opens a new clause
        (``breaks``)."""
        plain, breaks = self._split(text)
        stems = tuple(stem(w) for w in plain)
        content = tuple(s for w, s in zip(plain, stems, strict=True) if w not in self._stop and s not in self._stop)
        return Normalized(words=stems, content=content, surface=tuple(plain), breaks=breaks)

    def respelled_words(self) -> set[str]:
        """Words of the phrases the replacements rewrite ("falopian", the "roscopy" of "lap a roscopy"):
        misspellings and recogniser splits, in examples for the sake of typed questions."""
        return {w for k, v in self._replacements.items() if v != k for w in k}

    def initialisms(self) -> dict[str, str]:
        """Initialisms and how people say them, from the replacements that join spelled
        letters ("i v f: ivf" gives ``{"ivf": "i v f"}``)."""
        return {
            "".join(k): " ".join(k)
            for k, v in self._replacements.items()
            if len(k) > 1 and v == ("".join(k),) and all(len(w) == 1 for w in k)
        }

    def spell_initialisms(self, text: str) -> str:
        """``text`` with each initialism written letter by letter, as it is said ("IUI" is
        "i u i"): for speech synthesisers, which read "iui" as a word."""
        spelled = self.initialisms()
        return _LETTERS.sub(lambda m: spelled.get(m.group().lower(), m.group()), text)

    def key(self, text: str) -> str:
        """A comparison key: two texts with the same key say the same thing to the matcher."""
        return " ".join(self(text).key_words)
