"""The triage's second opinion: a small logistic regression over hashed word and letter n-grams.

The triage (:mod:`.triage`) reads warning signs from phrase lists and misses some fresh phrasings of them. This model,
trained on the same kind of phrasings (``scripts/train_triage_classifier.py``), is asked only when the triage found
no sign: if it thinks the question reports one, the matcher answers with the fallback and the warning signs first
(the caution answer). It can make an answer more careful, never calm an urgent one.

Pure: the weights come in as arrays (the loader reads the file); scoring one question is a few hundred hashes and a
sum, well under a tenth of a millisecond.
"""

from __future__ import annotations

import math
import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

MODEL_FILE = "triage-model.npz"
"""The shipped weights, in a language folder next to the intents."""
FORMAT_VERSION = 1
_WORD_TAG = "w\x00"
_CHAR_TAG = "c\x00"


@dataclass(frozen=True)
class FeatureSpec:
    """Which n-grams of the normalised words are features, hashed into ``2 ** buckets_log2`` buckets."""

    buckets_log2: int = 18
    word_ngrams: int = 2
    """Word n-grams from 1 to this."""
    char_min: int = 0
    char_max: int = 0
    """Letter n-grams of the words joined by spaces (padded), from ``char_min`` to ``char_max``; none when 0. Words
    alone were chosen: letter n-grams did no better out of fold (benchmarks/triage_second_opinion.py)."""

    @property
    def buckets(self) -> int:
        return 1 << self.buckets_log2


def features(words: Sequence[str], spec: FeatureSpec) -> np.ndarray:
    """The distinct feature buckets of a normalised question, sorted."""
    mask = spec.buckets - 1
    found: set[int] = set()
    for n in range(1, spec.word_ngrams + 1):
        for i in range(len(words) - n + 1):
            found.add(zlib.crc32((_WORD_TAG + " ".join(words[i : i + n])).encode()) & mask)
    text = f" {' '.join(words)} "
    for n in range(max(1, spec.char_min), spec.char_max + 1):
        for i in range(len(text) - n + 1):
            found.add(zlib.crc32((_CHAR_TAG + text[i : i + n]).encode()) & mask)
    return np.fromiter(sorted(found), dtype=np.int64, count=len(found))


@dataclass(frozen=True)
class TriageModel:
    """A trained second opinion: one weight per feature bucket and a bias."""

    weights: np.ndarray
    """float32, ``spec.buckets`` long."""
    bias: float
    spec: FeatureSpec
    checksum: str = ""
    """The fingerprint of the data it was trained on (``tests/support/triage_data.py``): a stale model is caught."""

    def probability(self, words: Sequence[str]) -> float:
        """How likely the question reports a warning sign or an emergency (0-1)."""
        return self.of_features(features(words, self.spec))

    def of_features(self, found: np.ndarray) -> float:
        """The probability for a question's :func:`features` (none: no sign)."""
        if not len(found):
            return 0.0
        z = float(self.weights[found].sum()) / math.sqrt(len(found)) + self.bias
        return 1.0 / (1.0 + math.exp(-z))

    def to_arrays(self) -> dict[str, np.ndarray]:
        """The model as arrays for ``np.savez_compressed`` (weights in float16: a quarter of the size)."""
        s = self.spec
        return {
            "format": np.array(FORMAT_VERSION),
            "weights": self.weights.astype(np.float16),
            "bias": np.array(self.bias, dtype=np.float64),
            "spec": np.array([s.buckets_log2, s.word_ngrams, s.char_min, s.char_max], dtype=np.int64),
            "checksum": np.array(self.checksum),
        }

    @classmethod
    def from_arrays(cls, arrays: Mapping[str, np.ndarray]) -> TriageModel:
        """The model from :meth:`to_arrays`; a :class:`ValueError` if they do not fit together."""
        if int(arrays["format"]) != FORMAT_VERSION:
            raise ValueError(f"model format {int(arrays['format'])} is not {FORMAT_VERSION}")
        log2, words, low, high = (int(v) for v in arrays["spec"])
        spec = FeatureSpec(log2, words, low, high)
        weights = np.asarray(arrays["weights"], dtype=np.float32)
        if weights.shape != (spec.buckets,):
            raise ValueError(f"model has {weights.size} weights; its features need {spec.buckets}")
        return cls(weights, float(arrays["bias"]), spec, str(arrays["checksum"]))


@dataclass(frozen=True)
class TrainSettings:
    """How the model is fitted: full-batch Adam on the class-balanced log loss with an L2 penalty."""

    l2: float = 1e-5
    steps: int = 300
    rate: float = 0.05
    balanced: bool = True
    """Weigh urgent and calm rows so that each class counts as much in the loss."""
    intercept: bool = False
    """Fit a bias. Without one a question of words never seen in training ("hello") scores 0.5, below any threshold
    allowed; with one it scores the training rows' base rate, and "hello" was flagged at 88%."""


_ADAM_BETAS = (0.9, 0.999)
_ADAM_EPS = 1e-8


def fit(
    rows: Sequence[np.ndarray], urgent: np.ndarray, spec: FeatureSpec, settings: TrainSettings, checksum: str = ""
) -> TriageModel:
    """Fit the model to ``rows`` (each a question's :func:`features`) labelled ``urgent`` (bool)."""
    lengths = np.array([len(r) for r in rows], dtype=np.int64)
    flat = np.concatenate(list(rows)) if rows else np.zeros(0, dtype=np.int64)
    used, index = np.unique(flat, return_inverse=True)  # only the buckets some row uses: a much smaller problem
    value = np.repeat(1.0 / np.sqrt(np.maximum(lengths, 1)), lengths)
    row_of = np.repeat(np.arange(len(rows)), lengths)
    y = urgent.astype(np.float64)
    share = np.full(len(rows), 1.0 / max(1, len(rows)))
    if settings.balanced:
        positives = max(1.0, float(y.sum()))
        negatives = max(1.0, float(len(y) - y.sum()))
        share = np.where(y > 0, 0.5 / positives, 0.5 / negatives)
    size = len(used)
    w = np.zeros(size)
    b = 0.0
    m, v = np.zeros(size + 1), np.zeros(size + 1)
    beta1, beta2 = _ADAM_BETAS
    for step in range(1, settings.steps + 1):
        z = np.bincount(row_of, weights=w[index] * value, minlength=len(rows)) + b
        err = (1.0 / (1.0 + np.exp(-z)) - y) * share
        grad = np.empty(size + 1)
        grad[:-1] = np.bincount(index, weights=err[row_of] * value, minlength=size) + settings.l2 * w
        grad[-1] = err.sum()
        m = beta1 * m + (1 - beta1) * grad
        v = beta2 * v + (1 - beta2) * grad**2
        move = settings.rate * (m / (1 - beta1**step)) / (np.sqrt(v / (1 - beta2**step)) + _ADAM_EPS)
        w -= move[:-1]
        b -= float(move[-1]) if settings.intercept else 0.0
    weights = np.zeros(spec.buckets, dtype=np.float32)
    weights[used] = w
    return TriageModel(weights, b, spec, checksum)


def probabilities(model: TriageModel, rows: Sequence[np.ndarray]) -> np.ndarray:
    """The model's probability for each row of :func:`features` (for evaluation)."""
    return np.array([model.of_features(r) for r in rows])
