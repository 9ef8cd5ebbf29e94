"""A small n-gram language model builder (ARPA format) for domain biasing.

Trigram, absolute discounting with back-off, from the intents' example sentences, with an
optional background of general words mixed into the unigrams (so a word the examples never
use can still be heard, through back-off). Pure Python and deterministic: the same input
always gives the same file, so it can be cached by content hash.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence

BOS, EOS = "<s>", "</s>"
DISCOUNT = 0.5
"""Absolute discount taken from every seen n-gram and given to back-off."""
UNIGRAM_FLOOR = 0.1
"""Added to every unigram count, so no vocabulary word is impossible."""


def _log10(p: float) -> float:
    return math.log10(p) if p > 0 else -99.0


def build_arpa(
    sentences: Iterable[Sequence[str]],
    order: int = 3,
    background: Mapping[str, float] | None = None,
    background_weight: float = 0.0,
) -> str:
    """ARPA text of an ``order``-gram model (1-3) over the given tokenised sentences.

    ``background`` maps general words to how common they are (any positive scale); that
    distribution gets ``background_weight`` (0-1) of the unigram probability, the sentences
    the rest. Longer n-grams come from the sentences alone.
    """
    if not 1 <= order <= 3:
        raise ValueError("order must be 1, 2 or 3")
    if not 0.0 <= background_weight < 1.0:
        raise ValueError("background_weight must be at least 0 and below 1")
    background = {w: f for w, f in (background or {}).items() if f > 0 and w not in (BOS, EOS) and background_weight}
    background_total = sum(background.values())
    weight = background_weight if background_total else 0.0
    counts: list[Counter[tuple[str, ...]]] = [Counter() for _ in range(order + 1)]
    for sentence in sentences:
        words = [BOS, *sentence, EOS]
        for n in range(1, order + 1):
            for i in range(len(words) - n + 1):
                gram = tuple(words[i : i + n])
                if n == 1 and gram == (BOS,):
                    continue
                counts[n][gram] += 1
    seen = {g[0] for g in counts[1]} | {BOS}
    total = sum(counts[1].values()) + UNIGRAM_FLOOR * (len(seen) - 1)  # <s> is never predicted
    prob: list[dict[tuple[str, ...], float]] = [{} for _ in range(order + 1)]
    for w in sorted(seen | set(background)):
        own = (counts[1][(w,)] + UNIGRAM_FLOOR) / total if w in seen else 0.0
        general = background[w] / background_total if w in background else 0.0
        prob[1][(w,)] = (1 - weight) * own + weight * general if w != BOS else 0.0

    def lower(gram: tuple[str, ...]) -> float:
        """P(last word | shorter history), following back-off (for back-off weights)."""
        n = len(gram)
        if n == 1:
            return prob[1].get(gram, 0.0)
        if gram in prob[n]:
            return prob[n][gram]
        return backoff[n - 1].get(gram[:-1], 1.0) * lower(gram[1:])

    backoff: list[dict[tuple[str, ...], float]] = [{} for _ in range(order + 1)]
    for n in range(2, order + 1):
        by_context: dict[tuple[str, ...], list[tuple[str, ...]]] = defaultdict(list)
        for gram in counts[n]:
            by_context[gram[:-1]].append(gram)
        for context, grams in by_context.items():
            context_total = sum(counts[n][g] for g in grams)
            for gram in grams:
                prob[n][gram] = (counts[n][gram] - DISCOUNT) / context_total
            left = DISCOUNT * len(grams) / context_total
            seen_lower = sum(lower(g[1:]) for g in grams)
            backoff[n - 1][context] = left / max(1e-9, 1.0 - seen_lower)
    lines = ["", "\\data\\"]
    for n in range(1, order + 1):
        lines.append(f"ngram {n}={len(prob[n])}")
    for n in range(1, order + 1):
        lines += ["", f"\\{n}-grams:"]
        for gram in sorted(prob[n]):
            entry = f"{_log10(prob[n][gram]):.4f}\t{' '.join(gram)}"
            if n < order:
                entry += f"\t{_log10(backoff[n].get(gram, 1.0)):.4f}" if gram[-1] != EOS else ""
            lines.append(entry)
    lines += ["", "\\end\\", ""]
    return "\n".join(lines)
