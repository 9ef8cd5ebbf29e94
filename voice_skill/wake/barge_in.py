"""Barge-in: while the skill speaks, "stop", "wait" or the wake phrase said over its voice stops the answer.

The microphone goes through the echo canceller (:class:`~voice_skill.audio.echo.EchoCanceller`, with the
audio being played as its reference) and then to PocketSphinx keyword spotting of the stop words and the
wake phrase only, in a stream: a word is reported as soon as the spotter has heard it, not at the end of
an utterance. Everything else heard while the skill speaks is dropped. :class:`BargeIn` does no I/O: it is
fed the microphone and the played audio in step, so the benchmark's simulated room is fed the same way.
"""

from __future__ import annotations

import hashlib
from collections import Counter, deque
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ..asr import RecognizerError, require_module
from ..asr.pocketsphinx_engine import model_dir
from ..audio import SPEECH_RATE
from ..audio.echo import EchoCanceller, EchoSettings
from ..base.files import atomic_write, writable_cache_dir
from .pocketsphinx_spotter import phrase_dictionary, score_exponent
from .spotter import phrase_words

FULL_SCALE = 32768.0
REFUSED_KEPT = 100
"""How many of the last refused hits :attr:`BargeIn.refused` keeps (for a look at why; all are counted)."""


STOP_WORD_THRESHOLDS = {"stop": -20.0}
"""The default thresholds of single stop words (``word_threshold_exponents``): "stop" at 1e-20."""


@dataclass(frozen=True)
class BargeInSettings:
    """Interrupting the skill by voice while it speaks."""

    enabled: bool = True
    """Listen while speaking (through the echo canceller) for the stop words and the wake phrase, in ``voice-skill
    listen`` on a microphone with a speaker (full duplex; without libspeexdsp it says so and stays half-duplex).
    The kiosk only with ``kiosk`` too."""
    kiosk: bool = False
    """Also in ``voice-skill kiosk`` (on its microphone). Off: in a waiting room other people's "wait" or "stop"
    would cut answers meant for the visitor."""
    words: tuple[str, ...] = ("stop", "wait")
    """Words that stop the answer when said over it (the wake phrase does too)."""
    threshold_exponent: float = field(default=-10.0, metadata={"min": -60, "max": -1})
    """PocketSphinx keyword-spotting threshold for the stop words (those without an entry in
    ``word_threshold_exponents``), as a power of ten: lower hears them more easily, and interrupts the
    skill's own voice more often (benchmarks/barge_in.py: 1e-20 and 1e-10 hear as many words at normal volume, 1e-20
    interrupted itself before the word in 1 of 10 answers). "wait" at 1e-10 is heard 93-100% over normal echo;
    the skill's own voice spotted as "wait" scores 1e-5.6 to 1e-9.3, so 1e-3 would refuse it, but 1e-3 also missed
    3 of 10 real "wait"s said 6 dB below the echo, and interrupted itself on echo alone too (once in 1,160 answers,
    a sure "stop"; 1e-10 once in 2,060, a "wait"): docs/benchmarks.md."""
    word_threshold_exponents: dict[str, float] = field(default_factory=lambda: dict(STOP_WORD_THRESHOLDS))
    """Thresholds of single stop words, overriding ``threshold_exponent`` for them (an entry for a word not in
    ``words`` is unused; written in the config it is an error; written, it replaces this whole table: ``{}`` puts
    "stop" back at ``threshold_exponent``). "stop" scores lower than "wait": at ``{stop: -20.0}`` (the default; the
    weak hits it lets through held to ``unsure_min_share_db``) benchmarks/barge_in.py --live hears 90% of the words
    said at 0 dB over normal echo (72 of 80, seeds 11 and 31) instead of 82.5% (66 of 80) with "stop" at 1e-10; in
    real time (``--realtime``) none of 300 answers of echo alone was cut since the echo canceller realigns
    (:meth:`~voice_skill.audio.EchoCanceller.realign`; 11 of 300 before): docs/benchmarks.md."""
    phrase_threshold_exponent: float = field(default=-30.0, metadata={"min": -60, "max": -1})
    """The threshold of the wake phrase said over the skill's voice. Lower hears it more often, and interrupts the
    skill's own voice at loud echo (benchmarks/barge_in.py: "hey helper" heard 47% of the time at normal echo at
    1e-10, 84% at 1e-30, 13 of 13 at 0 dB since; on loud echo alone one answer in 100 interrupted itself at 1e-20
    to 1e-30 before ``unsure_min_share_db``, none in 300 since, its weak hits held to it)."""
    min_level_dbfs: float = field(default=-55.0, metadata={"min": -90, "max": 0})
    """A word heard in what the echo canceller leaves must be at least this loud (over its last
    ``window_s``): quieter is echo the canceller did not take out."""
    min_share_db: float = field(default=-10.0, metadata={"min": -60, "max": 0})
    """A word must also be at least this loud relative to the microphone (over the same window): while
    the canceller is still learning the room, what it leaves is echo, well below what the microphone hears. The
    skill's own voice spotted as a sure "stop" had shares of -10.7 to -11.7 dB, just above -12 dB (once, in real
    time, at -11.5 dB it cut an answer); real words heard at 0 dB over normal echo had -1.3 to -7.6 dB, at -6 dB
    -3.6 to -11.8 dB (benchmarks/barge_in.py --live --out, seed 11, 36 and 23 words): -11 (with -7 for unsure hits)
    would refuse 0 and 1-2 of them, -10 (-6) 1 and 4; whole runs at -11 / -7 and -10 / -6 heard 35 and 19, 37 and
    18 of 40 instead of 36 and 23. -10 leaves 0.7 dB to the echo's sure hits seen (docs/benchmarks.md)."""
    sure_exponent: float = field(default=-10.0, metadata={"min": -60, "max": 10})
    """A hit whose spotting score (the keyword's likelihood over the phone loop's, as a power of ten) is below this
    (1e-10, the default threshold of "wait", so that every hit of a word at 1e-10 is sure) is unsure: only the
    lowered thresholds of ``word_threshold_exponents`` and ``phrase_threshold_exponent`` let it through, and it
    must pass ``unsure_min_share_db`` instead of ``min_share_db``."""
    unsure_min_share_db: float = field(default=-6.0, metadata={"min": -60, "max": 0})
    """The share an unsure hit needs (see ``sure_exponent``): the skill's own voice left by the canceller spots as
    weak hits, mostly far below the microphone's level (benchmarks/barge_in.py --live: with "stop" at 1e-20 and the
    wake phrase at 1e-30, on 300 answers of echo alone at loud echo it refused 5 weak "stop"s and 9 weak wake
    phrases at -8 dB). Weak echo hits that passed -8 dB had -7.1 to -8.0 dB (once in real time -7.7 dB, which cut an
    answer); the weak real words heard at 0 dB had -5.1 to -6.4 dB, at -6 dB -7.0 dB. -6 leaves 1.1 dB to the echo's
    weak hits seen; -7 left 0.4 dB, refusing ones at -7.4 to -7.8 dB in real time (docs/benchmarks.md)."""
    window_s: float = field(default=0.5, metadata={"min": 0.1, "max": 2.0})
    """How much of the cleaned audio the levels are measured over."""
    settle_s: float = field(default=3.0, metadata={"min": 0, "max": 30})
    """Nothing interrupts until the canceller has heard this much of the skill's voice since start-up:
    until then it is still learning the room, and leaves echo loud enough to pass for a word."""
    echo: EchoSettings = field(default_factory=EchoSettings)
    """The echo canceller."""


@dataclass(frozen=True)
class Interrupted:
    """A stop word (or the wake phrase) was heard over the skill's voice, ``at`` seconds into it."""

    word: str
    at: float
    level_dbfs: float
    share_db: float
    """The cleaned audio's level relative to the microphone's, over the last ``window_s``."""
    score_exponent: float
    """The spotting score, as a power of ten: the keyword's likelihood over the phone loop's (compare
    ``threshold_exponent``; below ``sure_exponent`` the hit was unsure)."""


@dataclass(frozen=True)
class Refused:
    """A hit the gates refused, and why: ``settling`` (the canceller is still learning the room), ``level``
    (below ``min_level_dbfs``), ``share`` or ``unsure share`` (below ``min_share_db``, or ``unsure_min_share_db``
    for a hit scoring below ``sure_exponent``)."""

    hit: Interrupted
    reason: str


class BargeIn:
    """Hears the stop words over the skill's own voice (16 kHz mono int16 in, in step with what is played)."""

    def __init__(self, settings: BargeInSettings, phrase: str, pronunciations: Path | None = None) -> None:
        require_module("pocketsphinx", "pocketsphinx")
        import pocketsphinx

        self.settings = settings
        self.words = tuple(w.lower() for w in settings.words)
        self.phrase = " ".join(phrase_words(phrase))
        self.keywords = tuple(dict.fromkeys([*self.words, self.phrase]))
        words = " ".join(dict.fromkeys(w for k in self.keywords for w in k.split()))
        dictionary, _ = phrase_dictionary(words, pronunciations)
        thresholds = {k: 10.0 ** self.threshold_exponent(k) for k in self.keywords}
        where, _ = writable_cache_dir()
        digest = hashlib.sha256(f"{thresholds}".encode()).hexdigest()[:16]
        keyfile = where / f"barge-in-{digest}.kws"
        try:
            atomic_write(keyfile, "".join(f"{k} /{t:g}/\n" for k, t in thresholds.items()))
        except OSError as exc:
            raise RecognizerError(f"cannot write the barge-in keywords {keyfile}: {exc.strerror or exc}") from None
        try:
            self._decoder = pocketsphinx.Decoder(
                hmm=str(model_dir() / "en-us"), dict=str(dictionary), kws=str(keyfile), samprate=SPEECH_RATE,
                loglevel="FATAL",
            )  # fmt: skip
        except (RuntimeError, ValueError) as exc:
            raise RecognizerError(f"PocketSphinx barge-in spotting failed to start: {exc}") from None
        self.echo = EchoCanceller(settings.echo)
        self._recent = np.zeros(0, dtype=np.float64)
        self._mic = np.zeros(0, dtype=np.float64)
        self._heard_s = 0.0
        self._played_s = 0.0
        self._active = False
        self._seen: list[tuple[str, int, int]] = []
        """The hits weighed in this answer: phrase, first and last frame."""
        self.refused: deque[Refused] = deque(maxlen=REFUSED_KEPT)
        """The last hits the gates refused."""
        self.refused_count: Counter[tuple[str, str]] = Counter()
        """How many hits the gates refused since this was made, by phrase and why (the benchmark prints them)."""

    def threshold_exponent(self, keyword: str) -> float:
        """The spotting threshold (a power of ten) for one of :attr:`keywords`."""
        if keyword in self.words:
            own = {w.lower(): exponent for w, exponent in self.settings.word_threshold_exponents.items()}
            return own.get(keyword, self.settings.threshold_exponent)
        return self.settings.phrase_threshold_exponent

    def start(self) -> None:
        """The skill starts speaking: listen afresh (the echo path learnt so far is kept, and looked for again where
        the echo now comes: :meth:`EchoCanceller.realign`)."""
        if self._active:
            self._decoder.end_utt()
        self.echo.realign()
        self._decoder.start_utt()
        self._active = True
        self._seen = []
        self._heard_s = 0.0
        self._recent = np.zeros(0, dtype=np.float64)
        self._mic = np.zeros(0, dtype=np.float64)

    def feed(self, mic: np.ndarray, played: np.ndarray) -> Interrupted | None:
        """The microphone and the audio played meanwhile: a stop word heard over it, or None.

        The spotter runs on through the whole answer: each hit, passed or refused, is weighed once, and the spotter
        is not restarted after it (restarted after each hit, the skill's own voice spotted as "wait" now and then
        afterwards: docs/benchmarks.md). A refused hit is counted in :attr:`refused_count`."""
        if not self._active:
            self.start()
        cleaned = self.echo.process(mic, played)
        keep = round(self.settings.window_s * SPEECH_RATE)
        self._mic = np.concatenate([self._mic, np.asarray(mic, dtype=np.float64)])[-keep:]
        if not len(cleaned):
            return None
        self._heard_s += len(cleaned) / SPEECH_RATE
        if np.any(played):
            self._played_s += len(played) / SPEECH_RATE
        self._recent = np.concatenate([self._recent, cleaned.astype(np.float64)])[-keep:]
        try:
            self._decoder.process_raw(cleaned.astype("<i2").tobytes(), False, False)
        except RuntimeError as exc:
            raise RecognizerError(f"PocketSphinx barge-in spotting failed: {exc}") from None
        found = None
        for word, score in self._new_hits():
            level = _dbfs(self._recent)
            hit = Interrupted(word, self._heard_s, level, level - _dbfs(self._mic), score)
            reason = self._refusal(hit)
            if reason is not None:
                self.refused.append(Refused(hit, reason))
                self.refused_count[word, reason] += 1
            elif found is None:
                found = hit
        return found

    def _new_hits(self) -> list[tuple[str, float]]:
        """The spotter's hits not weighed before (word, score exponent), in the order heard.

        PocketSphinx keeps every hit of the utterance, and merges a later, better-scoring hit of the same phrase
        that overlaps one into it (its frames move): a hit overlapping one weighed before is that one."""
        try:
            segments = [(s.word.strip(), s.start_frame, s.end_frame, s.prob) for s in self._decoder.seg() or ()]
        except RuntimeError as exc:
            raise RecognizerError(f"PocketSphinx barge-in spotting failed: {exc}") from None
        new = []
        for word, first, last, prob in segments:
            if word not in self.keywords or any(
                w == word and first <= seen_last and last >= seen_first for w, seen_first, seen_last in self._seen
            ):
                continue
            self._seen.append((word, first, last))
            new.append((word, score_exponent(self._decoder, prob)))
        return new

    def _refusal(self, hit: Interrupted) -> str | None:
        """Why the gates refuse ``hit`` (None: it stops the answer)."""
        if self._played_s < self.settings.settle_s:
            return "settling"
        if hit.level_dbfs < self.settings.min_level_dbfs:
            return "level"
        sure = hit.score_exponent >= self.settings.sure_exponent
        if hit.share_db < (self.settings.min_share_db if sure else self.settings.unsure_min_share_db):
            return "share" if sure else "unsure share"
        return None

    def stop(self) -> None:
        """The skill stopped speaking."""
        if self._active:
            self._decoder.end_utt()
            self._active = False

    def close(self) -> None:
        self.stop()
        self.echo.close()


def _dbfs(samples: np.ndarray) -> float:
    return float(10 * np.log10(max(float(np.mean(samples**2)), 1e-9) / FULL_SCALE**2))
