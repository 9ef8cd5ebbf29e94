"""PocketSphinx: the built-in engine. Its wheel ships an English model, so it needs no download.

Biased mode decodes with a trigram language model built from the intents' examples, with a
small share of its probability given to the commonest English words (ranked by the bundled
general model), and a dictionary holding just those words (CMU pronunciations, plus the
skill's own for words such as "hsg", "ivf", "iui"). The files are built once and cached by
content hash.
Unbiased mode uses the general en-us model, for comparison.
"""

from __future__ import annotations

import hashlib
import itertools
from pathlib import Path
from typing import Any

import numpy as np

from ..base.files import atomic_write, writable_cache_dir
from .bias import DomainText, read_pronunciations, words_of
from .lm import build_arpa
from .recognizer import Recognizer, RecognizerError, Transcript, Word, require_module
from .settings import GeneralWordSettings

NBEST = 8
"""Hypotheses kept besides the best one (tried when the best one cannot be answered)."""
FRAME_S = 0.01
"""PocketSphinx reports segment times in 10 ms frames."""
LOG_BASE = 1.0001
"""PocketSphinx's log base: its scores are powers of this."""
DOMAIN_FILES_VERSION = 2
"""Part of the domain files' cache key: raise it when the way they are built changes."""
NEVER_GENERAL = frozenset(
    {"ass", "crap", "damn", "fuck", "fucking", "shit", "hell", "god", "jesus", "gay", "stupid"}
    | {"die", "died", "dead", "kill", "killed", "killing"}
)
"""Common words never added as general words: profanity a caption screen in a waiting room
must not show when noise is misheard, and words of death (also "die" for "dye")."""


DEFAULT_GENERAL_WORDS = GeneralWordSettings()
FILLERS = frozenset({"<s>", "</s>", "<sil>", "[NOISE]", "<NOISE>", "[noise]"})
"""Tokens PocketSphinx emits that are not words."""


def model_dir() -> Path:
    """The bundled English model: ``en-us/`` (acoustic model), ``en-us.lm.bin`` and ``cmudict-en-us.dict``."""
    import pocketsphinx

    return Path(pocketsphinx.get_model_path()) / "en-us"


def pronouncing_dictionary(
    words: list[str], pronunciations: dict[str, list[str]], general: dict[str, list[str]]
) -> str:
    """A CMU-style dictionary of ``words``: the skill's own pronunciation first, else the general one."""
    lines = []
    for word in words:
        for i, pron in enumerate(pronunciations.get(word) or general[word]):
            lines.append(f"{word}{'' if i == 0 else f'({i + 1})'} {pron}")
    return "\n".join(lines) + "\n"


def common_words(count: int, dictionary: dict[str, list[str]]) -> dict[str, float]:
    """The ``count`` commonest words of ``dictionary`` (never those in :data:`NEVER_GENERAL`),
    with their probability in the bundled general English language model."""
    if count <= 0:
        return {}
    import pocketsphinx

    general = pocketsphinx.NGramModel(pocketsphinx.Config(), pocketsphinx.LogMath(), str(model_dir() / "en-us.lm.bin"))
    scored = sorted(
        ((general.prob([w]), w) for w in dictionary if words_of(w) == (w,) and w not in NEVER_GENERAL), reverse=True
    )
    return {word: LOG_BASE**score for score, word in scored[:count]}


def build_domain_files(
    domain: DomainText,
    pronunciations: dict[str, list[str]],
    where: Path,
    general_words: GeneralWordSettings = DEFAULT_GENERAL_WORDS,
) -> tuple[Path, Path, list[str]]:
    """Write (or reuse) the domain LM and dictionary; returns their paths and the words left out.

    The cache key covers the sentences, the extra pronunciations, the general-word settings
    and :data:`DOMAIN_FILES_VERSION`, so a reused folder never needs the 130,000-word general
    dictionary parsed again.
    """
    extra = "\n".join(f"{w} {'|'.join(p)}" for w, p in sorted(pronunciations.items()))
    settings = f"{DOMAIN_FILES_VERSION} {general_words.count} {general_words.weight} {' '.join(sorted(NEVER_GENERAL))}"
    key = hashlib.sha256(f"{domain.digest()}\n{extra}\n{settings}".encode()).hexdigest()[:16]
    folder = where / f"pocketsphinx-{key}"
    lm, dictionary, left_out = folder / "domain.lm", folder / "domain.dict", folder / "missing.txt"
    if lm.is_file() and dictionary.is_file() and left_out.is_file():
        return lm, dictionary, left_out.read_text(encoding="utf-8").split()
    general = read_pronunciations(model_dir() / "cmudict-en-us.dict")
    missing = [w for w in domain.vocabulary if w not in pronunciations and w not in general]
    keep = [s for s in domain.sentences if not any(w in missing for w in s)]
    background = common_words(general_words.count, general)
    words = sorted({w for s in keep for w in s} | set(background))
    arpa = build_arpa(keep, 3, background, general_words.weight)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        # missing.txt last: its presence says the folder is complete.
        for target, text in (
            (lm, arpa),
            (dictionary, pronouncing_dictionary(words, pronunciations, general)),
            (left_out, "\n".join(missing) + "\n"),
        ):
            atomic_write(target, text)
    except OSError as exc:
        raise RecognizerError(f"cannot write PocketSphinx's files in {folder}: {exc.strerror or exc}") from None
    return lm, dictionary, missing


class PocketSphinxRecognizer(Recognizer):
    """PocketSphinx 5 with its bundled en-us acoustic model."""

    name = "pocketsphinx"

    def __init__(
        self,
        domain: DomainText | None = None,
        pronunciations: Path | None = None,
        language_weight: float | None = None,
        general_words: GeneralWordSettings = DEFAULT_GENERAL_WORDS,
    ) -> None:
        require_module("pocketsphinx", "pocketsphinx")
        import pocketsphinx

        self.biased = domain is not None
        model = model_dir()
        options: dict[str, Any] = {
            "hmm": str(model / "en-us"),
            "samprate": self.sample_rate,
            "loglevel": "FATAL",
        }
        if domain is not None:
            extra = read_pronunciations(pronunciations) if pronunciations else {}
            where, note = writable_cache_dir()
            self.notes = (note,) if note else ()
            lm, dictionary, missing = build_domain_files(domain, extra, where, general_words)
            self.missing_words = domain.unexpectedly_missing(missing)
            options.update(lm=str(lm), dict=str(dictionary))
        else:
            options.update(lm=str(model / "en-us.lm.bin"), dict=str(model / "cmudict-en-us.dict"))
        if language_weight is not None:
            options["lw"] = language_weight
        try:
            self._decoder = pocketsphinx.Decoder(**options)
        except (RuntimeError, ValueError) as exc:
            raise RecognizerError(f"PocketSphinx failed to start: {exc}") from None
        self._active = False
        self._frames = 0

    def start(self) -> None:
        if self._active:
            self._decoder.end_utt()
        self._decoder.start_utt()
        self._active = True

    def feed(self, samples: np.ndarray) -> Transcript | None:
        if not self._active:
            self.start()
        try:
            self._decoder.process_raw(samples.astype("<i2").tobytes(), False, False)
        except RuntimeError as exc:
            raise RecognizerError(f"PocketSphinx failed while decoding: {exc}") from None
        hyp = self._decoder.hyp()
        return Transcript(hyp.hypstr, final=False) if hyp is not None and hyp.hypstr else None

    def finish(self) -> Transcript:
        if not self._active:
            return Transcript("")
        try:
            self._decoder.end_utt()
        except RuntimeError as exc:
            raise RecognizerError(f"PocketSphinx failed while decoding: {exc}") from None
        self._active = False
        hyp = self._decoder.hyp()
        if hyp is None or not hyp.hypstr:
            return Transcript("")
        words = []
        for seg in self._decoder.seg():
            token = seg.word
            if token in FILLERS or token.startswith("++") or token.startswith("["):
                continue
            token = token.split("(")[0]
            words.append(Word(token, round(seg.start_frame * FRAME_S, 2), round((seg.end_frame + 1) * FRAME_S, 2)))
        text = " ".join(w.word for w in words) or hyp.hypstr
        alternatives: list[str] = []
        for other in itertools.islice(self._decoder.nbest(), NBEST + 1):
            if other is None or not other.hypstr:
                continue  # PocketSphinx yields None when the lattice has no further path
            candidate = " ".join(t.split("(")[0] for t in other.hypstr.split() if t not in FILLERS)
            if candidate and candidate != text and candidate not in alternatives:
                alternatives.append(candidate)
        return Transcript(text, tuple(words), confidence=None, alternatives=tuple(alternatives[:NBEST]))
