"""PocketSphinx keyword spotting ("keyphrase" search) for the wake phrase, on the bundled English model."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import numpy as np

from ..asr import RecognizerError, read_pronunciations, require_module
from ..asr.pocketsphinx_engine import FRAME_S, model_dir, pronouncing_dictionary
from ..base.files import atomic_write, writable_cache_dir
from .spotter import WakeHit, WakeSpotter, phrase_words

KWS_MAX = 1500
"""PocketSphinx's keyword spotting reports a hit's score less this (kws_search.c), in its shifted log units."""
SENSCR_SHIFT = 10
"""The bits PocketSphinx shifts acoustic scores by (a keyword's threshold is shifted the same way)."""
TYPICAL_CMN = "41.63,-1.44,6.27,10.49,-0.65,-0.81,1.24,-4.68,-3.20,-2.49,3.94,1.04,1.66"
"""The cepstral mean PocketSphinx had reached after 18 wake-phrase questions (three flite voices) in a
quiet room (pink noise 40 dB down). A fresh decoder starts from the model's "40,3,-1,0,..." instead,
so the first wake after start-up was the likeliest miss: at 15 dB, 30 of 45 first wakes against 45 of 45
later ones; from this mean, 40 of 45 (docs/benchmarks.md, warm start). The running mean then adapts
to the room as before."""


class PocketSphinxSpotter(WakeSpotter):
    """``threshold`` trades missed wakes against false ones: lower values (1e-30) hear the
    phrase more easily, higher ones (1e-10) demand a clearer match."""

    def __init__(self, phrase: str, threshold: float, pronunciations: Path | None = None) -> None:
        require_module("pocketsphinx", "pocketsphinx")
        import pocketsphinx

        self.phrase = " ".join(phrase_words(phrase))
        dictionary, note = phrase_dictionary(self.phrase, pronunciations)
        self.notes = (note,) if note else ()
        try:
            self._decoder = pocketsphinx.Decoder(
                hmm=str(model_dir() / "en-us"),
                dict=str(dictionary),
                keyphrase=self.phrase,
                kws_threshold=threshold,
                samprate=16000,
                loglevel="FATAL",
            )
        except (RuntimeError, ValueError) as exc:
            raise RecognizerError(f"PocketSphinx keyword spotting failed to start: {exc}") from None
        self._decoder.set_cmn(TYPICAL_CMN)  # warm start: the first wake as likely as later ones
        self._active = False

    def start(self) -> None:
        if self._active:
            self._decoder.end_utt()
        self._decoder.start_utt()
        self._active = True

    def feed(self, samples: np.ndarray) -> None:
        if not self._active:
            self.start()
        try:
            self._decoder.process_raw(samples.astype("<i2").tobytes(), False, False)
        except RuntimeError as exc:
            raise RecognizerError(f"PocketSphinx keyword spotting failed: {exc}") from None

    def finish(self) -> WakeHit | None:
        if not self._active:
            return None
        self._decoder.end_utt()
        self._active = False
        if self._decoder.hyp() is None:
            return None
        for seg in self._decoder.seg() or ():
            if seg.word == self.phrase:
                score = score_exponent(self._decoder, seg.prob)
                return WakeHit(self.phrase, seg.start_frame * FRAME_S, (seg.end_frame + 1) * FRAME_S, score)
        return None


def score_exponent(decoder: Any, prob: float) -> float:
    """A keyword-spotting hit's score (its segment's ``prob``) as a power of ten: the keyword's likelihood
    over the phone loop's, in the units of the spotting threshold (-inf: no score).

    PocketSphinx reports the score as a probability: its log (the decoder's log base) in units shifted by
    ``SENSCR_SHIFT`` bits, less ``KWS_MAX``."""
    if prob <= 0:
        return float("-inf")
    logmath = decoder.get_logmath()
    return float(logmath.log_to_log10((logmath.log(prob) + KWS_MAX) << SENSCR_SHIFT))


def phrase_dictionary(phrase: str, pronunciations: Path | None) -> tuple[Path, str | None]:
    """A dictionary of just the phrase's words (cached), from the skill's and the general one."""
    extra = read_pronunciations(pronunciations) if pronunciations else {}
    words = list(dict.fromkeys(phrase.split()))
    key = hashlib.sha256(f"{phrase}\n{sorted(extra.items())}".encode()).hexdigest()[:16]
    where, note = writable_cache_dir()
    target = where / f"wake-{key}.dict"
    if target.is_file():
        return target, note
    general = read_pronunciations(model_dir() / "cmudict-en-us.dict")
    for word in words:
        if word not in extra and word not in general:
            raise RecognizerError(
                f"the wake phrase word '{word}' has no pronunciation; "
                f"choose another phrase or add it to {pronunciations}"
            )
    try:
        atomic_write(target, pronouncing_dictionary(words, extra, general))
    except OSError as exc:
        raise RecognizerError(f"cannot write the wake phrase's dictionary {target}: {exc.strerror or exc}") from None
    return target, note
