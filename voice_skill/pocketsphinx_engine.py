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
import tempfile
from pathlib import Path
from typing import Any

import numpy as np

from .bias import DEFAULT_GENERAL_WORDS, DomainText, GeneralWordSettings, cache_dir, read_pronunciations, words_of
from .lm import build_arpa
from .recognize import Recognizer, RecognizerError, Transcript, Word, require_module
from .wake import WakeHit, WakeSpotter, phrase_words

NBEST = 8
"""Hypotheses kept besides the best one (tried when the best one cannot be answered)."""
FRAME_S = 0.01
"""PocketSphinx reports segment times in 10 ms frames."""
_FILLERS = {"<s>", "</s>", "<sil>", "[NOISE]", "<NOISE>", "[noise]"}
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


def _model_dir() -> Path:
    import pocketsphinx

    return Path(pocketsphinx.get_model_path()) / "en-us"


def common_words(count: int, dictionary: dict[str, list[str]]) -> dict[str, float]:
    """The ``count`` commonest words of ``dictionary`` (never those in :data:`NEVER_GENERAL`),
    with their probability in the bundled general English language model."""
    if count <= 0:
        return {}
    import pocketsphinx

    general = pocketsphinx.NGramModel(pocketsphinx.Config(), pocketsphinx.LogMath(), str(_model_dir() / "en-us.lm.bin"))
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
    general = read_pronunciations(_model_dir() / "cmudict-en-us.dict")
    missing = [w for w in domain.vocabulary if w not in pronunciations and w not in general]
    keep = [s for s in domain.sentences if not any(w in missing for w in s)]
    background = common_words(general_words.count, general)
    lines = []
    for word in sorted({w for s in keep for w in s} | set(background)):
        for i, pron in enumerate(pronunciations.get(word) or general[word]):
            lines.append(f"{word}{'' if i == 0 else f'({i + 1})'} {pron}")
    folder.mkdir(parents=True, exist_ok=True)
    arpa = build_arpa(keep, 3, background, general_words.weight)
    for target, text in ((lm, arpa), (dictionary, "\n".join(lines) + "\n"), (left_out, "\n".join(missing) + "\n")):
        tmp = target.with_name(target.name + ".tmp")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(target)
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
        model = _model_dir()
        options: dict[str, Any] = {
            "hmm": str(model / "en-us"),
            "samprate": self.sample_rate,
            "loglevel": "FATAL",
        }
        if domain is not None:
            extra = read_pronunciations(pronunciations) if pronunciations else {}
            try:
                where = cache_dir()
                where.mkdir(parents=True, exist_ok=True)
            except OSError:
                where = Path(tempfile.mkdtemp(prefix="voice-skill-"))
            lm, dictionary, missing = build_domain_files(domain, extra, where, general_words)
            self.missing_words = tuple(missing)
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
        self._decoder.process_raw(samples.astype("<i2").tobytes(), False, False)
        hyp = self._decoder.hyp()
        return Transcript(hyp.hypstr, final=False) if hyp is not None and hyp.hypstr else None

    def finish(self) -> Transcript:
        if not self._active:
            return Transcript("")
        self._decoder.end_utt()
        self._active = False
        hyp = self._decoder.hyp()
        if hyp is None or not hyp.hypstr:
            return Transcript("")
        words = []
        for seg in self._decoder.seg():
            token = seg.word
            if token in _FILLERS or token.startswith("++") or token.startswith("["):
                continue
            token = token.split("(")[0]
            words.append(Word(token, round(seg.start_frame * FRAME_S, 2), round((seg.end_frame + 1) * FRAME_S, 2)))
        text = " ".join(w.word for w in words) or hyp.hypstr
        alternatives: list[str] = []
        for other in itertools.islice(self._decoder.nbest(), NBEST + 1):
            if other is None or not other.hypstr:
                continue  # PocketSphinx yields None when the lattice has no further path
            candidate = " ".join(t.split("(")[0] for t in other.hypstr.split() if t not in _FILLERS)
            if candidate and candidate != text and candidate not in alternatives:
                alternatives.append(candidate)
        return Transcript(text, tuple(words), confidence=None, alternatives=tuple(alternatives[:NBEST]))


class PocketSphinxSpotter(WakeSpotter):
    """PocketSphinx keyword spotting ("keyphrase" search) for the wake phrase.

    ``threshold`` trades missed wakes against false ones: lower values (1e-30) hear the
    phrase more easily, higher ones (1e-10) demand a clearer match.
    """

    def __init__(self, phrase: str, threshold: float, pronunciations: Path | None = None) -> None:
        require_module("pocketsphinx", "pocketsphinx")
        import pocketsphinx

        self.phrase = " ".join(phrase_words(phrase))
        dictionary = _phrase_dictionary(self.phrase, pronunciations)
        try:
            self._decoder = pocketsphinx.Decoder(
                hmm=str(_model_dir() / "en-us"),
                dict=str(dictionary),
                keyphrase=self.phrase,
                kws_threshold=threshold,
                samprate=16000,
                loglevel="FATAL",
            )
        except (RuntimeError, ValueError) as exc:
            raise RecognizerError(f"PocketSphinx keyword spotting failed to start: {exc}") from None
        self._active = False

    def start(self) -> None:
        if self._active:
            self._decoder.end_utt()
        self._decoder.start_utt()
        self._active = True

    def feed(self, samples: np.ndarray) -> None:
        if not self._active:
            self.start()
        self._decoder.process_raw(samples.astype("<i2").tobytes(), False, False)

    def finish(self) -> WakeHit | None:
        if not self._active:
            return None
        self._decoder.end_utt()
        self._active = False
        if self._decoder.hyp() is None:
            return None
        for seg in self._decoder.seg() or ():
            if seg.word == self.phrase:
                return WakeHit(self.phrase, seg.start_frame * FRAME_S, (seg.end_frame + 1) * FRAME_S)
        return None


def _phrase_dictionary(phrase: str, pronunciations: Path | None) -> Path:
    """A dictionary of just the phrase's words (cached), from the skill's and the general one."""
    extra = read_pronunciations(pronunciations) if pronunciations else {}
    words = phrase.split()
    key = hashlib.sha256(f"{phrase}\n{sorted(extra.items())}".encode()).hexdigest()[:16]
    try:
        where = cache_dir()
        where.mkdir(parents=True, exist_ok=True)
    except OSError:
        where = Path(tempfile.mkdtemp(prefix="voice-skill-"))
    target = where / f"wake-{key}.dict"
    if target.is_file():
        return target
    general = read_pronunciations(_model_dir() / "cmudict-en-us.dict")
    lines = []
    for word in dict.fromkeys(words):
        found = extra.get(word) or general.get(word)
        if not found:
            raise RecognizerError(
                f"the wake phrase word '{word}' has no pronunciation; "
                f"choose another phrase or add it to {pronunciations}"
            )
        lines += [f"{word}{'' if i == 0 else f'({i + 1})'} {pron}" for i, pron in enumerate(found)]
    tmp = target.with_name(target.name + ".tmp")
    tmp.write_text("\n".join(lines) + "\n", encoding="utf-8")
    tmp.replace(target)
    return target
