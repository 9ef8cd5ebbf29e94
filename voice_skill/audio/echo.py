"""Acoustic echo cancellation: the skill's own voice taken out of what the microphone hears.

libspeexdsp's echo canceller (Debian's libspeexdsp1, loaded with ctypes) learns the room's echo path from
the audio being played (the reference) and subtracts its estimate from the microphone; its preprocessor
then suppresses what echo is left. What remains is the person speaking over the skill ("stop").
Both streams are 16 kHz mono int16, fed in step: the microphone chunk and the audio played at that time.

"In step" is to the sample only as well as the two are timed: each answer (each clip) is placed on the played
audio's timeline by the wall clock, and the microphone's chunks by theirs, so from one answer to the next the echo
can come a sample or a few earlier or later against the played audio than in the one before. The canceller's
learnt path is then off by that much, and a shift of even one sample takes most of it away for seconds (a real-time
answer cancelled 25-35 dB when the echo came where the canceller had learnt it, 3-15 dB over its first 4 s one
sample off: docs/benchmarks.md). So when the played audio starts again (a new answer, or after a pause) the
canceller first looks where the echo now comes against the path it has learnt (:meth:`EchoCanceller.realign`) and
shifts the played audio to match, before cancelling.
"""

from __future__ import annotations

import ctypes
import ctypes.util
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from .format import SPEECH_RATE

LIBRARY = "speexdsp"
INSTALL_HINT = "apt-get install libspeexdsp1"
_SET_SAMPLING_RATE = 24
"""speex_echo.h: SPEEX_ECHO_SET_SAMPLING_RATE."""
_SET_ECHO_STATE = 24
"""speex_preprocess.h: SPEEX_PREPROCESS_SET_ECHO_STATE."""
_SET_ECHO_SUPPRESS = 20
_SET_ECHO_SUPPRESS_ACTIVE = 22
_SET_DENOISE = 0
"""speex_preprocess.h: SPEEX_PREPROCESS_SET_DENOISE (off: the skill has its own noise reducer)."""
_GET_IMPULSE_RESPONSE_SIZE = 27
_GET_IMPULSE_RESPONSE = 29
"""speex_echo.h: the learnt echo path (int32, scaled; only its shape is used)."""
REALIGN_MIN_MATCH = 0.5
"""The learnt path's prediction of the echo must correlate at least this well with the microphone (at its best
shift) for the shift to be taken: a path not learnt yet (the first answer) predicts nothing and shifts nothing."""
REALIGN_MIN_GAIN = 4.0
"""And the shift must leave at most a quarter of what the prediction leaves unshifted (6 dB less). In simulation,
where the echo never moves, chance best shifts left 1.01-1.12 times less and, taken, cut answers (2 of 100 at each
of two seeds); the echo one sample off in real time left 19-61 times less (docs/benchmarks.md)."""
REALIGN_WINDOW_MS = 40
"""At least this much microphone audio (beyond the shifts looked at) is matched against the prediction."""
REALIGN_TRIES = 3
"""Chunks with sound played in which a match is looked for after the played audio starts again; then it is left."""
EMPHASIS = 0.95
"""The matching's pre-emphasis (first-order, as for speech analysis)."""
SHIFTS_KEPT = 10_000
"""How many of the latest shifts are kept for the benchmark to report (27 in a real-time run of 40 answers)."""
REALIGN_GAP_MS = 50
"""Played silence at least this long (exact zeros: the tap between clips) before sound: the next clip may be placed
anew, so the echo is looked for again."""


def _emphasised(samples: np.ndarray) -> np.ndarray:
    """``samples`` with their highs raised (one sample shorter)."""
    return samples[1:] - EMPHASIS * samples[:-1]


class EchoError(Exception):
    """The echo canceller cannot be used (one line, with an install hint)."""


@dataclass(frozen=True)
class EchoSettings:
    """How the skill's own voice is taken out of the microphone while it speaks."""

    frame_ms: int = field(default=10, metadata={"min": 5, "max": 40})
    """Samples processed at a time (speexdsp works best on 10-20 ms)."""
    tail_ms: int = field(default=256, metadata={"min": 32, "max": 1000})
    """Longest echo path learnt: the loudspeaker-to-microphone delay plus the room's reverberation."""
    suppress_db: int = field(default=-40, metadata={"min": -90, "max": 0})
    """Residual echo suppression while the skill speaks (more negative: stronger)."""
    suppress_active_db: int = field(default=-15, metadata={"min": -90, "max": 0})
    """Residual echo suppression while someone also speaks (milder, to keep their words)."""
    realign_ms: int = field(default=20, metadata={"min": 0, "max": 100})
    """When the played audio starts again, the echo is looked for up to this much earlier or later than where the
    canceller learnt it, and the played audio shifted to match (0: never). The two streams' timing moved by 1-3
    samples between real-time answers of the benchmark (docs/benchmarks.md); a sound card's start can move by
    milliseconds."""


def _load() -> ctypes.CDLL:
    name = ctypes.util.find_library(LIBRARY)
    try:
        library = ctypes.CDLL(name or "libspeexdsp.so.1")
    except OSError:
        raise EchoError(f"barge-in needs libspeexdsp for echo cancellation; install it with: {INSTALL_HINT}") from None
    library.speex_echo_state_init.restype = ctypes.c_void_p
    library.speex_echo_state_init.argtypes = [ctypes.c_int, ctypes.c_int]
    library.speex_echo_ctl.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_void_p]
    library.speex_echo_cancellation.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p]
    library.speex_echo_state_reset.argtypes = [ctypes.c_void_p]
    library.speex_echo_state_destroy.argtypes = [ctypes.c_void_p]
    library.speex_preprocess_state_init.restype = ctypes.c_void_p
    library.speex_preprocess_state_init.argtypes = [ctypes.c_int, ctypes.c_int]
    library.speex_preprocess_ctl.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_void_p]
    library.speex_preprocess_run.argtypes = [ctypes.c_void_p, ctypes.c_void_p]
    library.speex_preprocess_state_destroy.argtypes = [ctypes.c_void_p]
    return library


class EchoCanceller:
    """libspeexdsp's echo canceller and residual echo suppressor, on 16 kHz mono int16.

    :meth:`process` takes any number of samples of the microphone and of the audio played at the
    same time (equal lengths) and returns the microphone without the echo, delayed by less than a frame.
    """

    def __init__(self, settings: EchoSettings | None = None) -> None:
        self.settings = settings or EchoSettings()
        self._lib = _load()
        self.frame = SPEECH_RATE * self.settings.frame_ms // 1000
        tail = SPEECH_RATE * self.settings.tail_ms // 1000
        self._echo = self._lib.speex_echo_state_init(self.frame, tail)
        self._pre = self._lib.speex_preprocess_state_init(self.frame, SPEECH_RATE)
        if not self._echo or not self._pre:
            raise EchoError("libspeexdsp could not start its echo canceller")
        self._ctl(self._lib.speex_echo_ctl, self._echo, _SET_SAMPLING_RATE, SPEECH_RATE)
        self._lib.speex_preprocess_ctl(self._pre, _SET_ECHO_STATE, ctypes.c_void_p(self._echo))
        pre = self._lib.speex_preprocess_ctl
        self._ctl(pre, self._pre, _SET_DENOISE, 0)
        self._ctl(pre, self._pre, _SET_ECHO_SUPPRESS, self.settings.suppress_db)
        self._ctl(pre, self._pre, _SET_ECHO_SUPPRESS_ACTIVE, self.settings.suppress_active_db)
        self._mic = np.zeros(0, dtype=np.int16)
        self._played = np.zeros(0, dtype=np.int16)
        size = ctypes.c_int32(0)
        self._lib.speex_echo_ctl(self._echo, _GET_IMPULSE_RESPONSE_SIZE, ctypes.byref(size))
        self._taps = max(1, size.value)
        self._search = SPEECH_RATE * self.settings.realign_ms // 1000
        self._history = np.zeros(self._taps + self._search, dtype=np.int16)
        """The last played samples fed to the canceller (what its learnt path is convolved with)."""
        self._silent = 0
        """Zeros at the end of the played audio so far (a gap between clips)."""
        self._tries: int | None = None
        """Chunks with sound left in which to look for the echo (None: not looking)."""
        self.shifts: deque[int] = deque(maxlen=SHIFTS_KEPT)
        """The last shifts made (samples; positive: the echo came later than learnt, the played audio delayed),
        bounded: a kiosk's canceller runs all day."""

    @staticmethod
    def _ctl(function: Callable[..., object], state: int, request: int, value: int) -> None:
        number = ctypes.c_int32(value)
        function(state, request, ctypes.byref(number))

    def process(self, mic: np.ndarray, played: np.ndarray) -> np.ndarray:
        """The microphone's ``mic`` without the echo of ``played`` (whole frames; the rest waits)."""
        if len(mic) != len(played):
            raise ValueError("the microphone and the played audio must come in step (equal lengths)")
        played = np.asarray(played, dtype=np.int16)
        self._note_gap(played)
        self._mic = np.concatenate([self._mic, np.asarray(mic, dtype=np.int16)])
        self._played = np.concatenate([self._played, played])
        if self._tries is not None and np.any(played):
            self._look()
        whole = min(len(self._mic), len(self._played)) // self.frame * self.frame
        out = np.empty(whole, dtype=np.int16)
        for at in range(0, whole, self.frame):
            near = np.ascontiguousarray(self._mic[at : at + self.frame])
            far = np.ascontiguousarray(self._played[at : at + self.frame])
            cleaned = np.empty(self.frame, dtype=np.int16)
            self._lib.speex_echo_cancellation(self._echo, near.ctypes.data, far.ctypes.data, cleaned.ctypes.data)
            self._lib.speex_preprocess_run(self._pre, cleaned.ctypes.data)
            out[at : at + self.frame] = cleaned
        self._history = np.concatenate([self._history, self._played[:whole]])[-len(self._history) :]
        self._mic, self._played = self._mic[whole:], self._played[whole:]
        return out

    def realign(self) -> None:
        """The played audio starts again (a new answer): before cancelling, look for where its echo now comes."""
        if self._search:
            self._tries = REALIGN_TRIES

    def _note_gap(self, played: np.ndarray) -> None:
        sound = np.flatnonzero(played)
        if not len(sound):
            self._silent += len(played)
            return
        if self._silent + int(sound[0]) >= SPEECH_RATE * REALIGN_GAP_MS // 1000:
            self.realign()
        self._silent = len(played) - 1 - int(sound[-1])

    def _look(self) -> None:
        """Match the microphone not yet cancelled against the learnt path's prediction of its echo, shifted by up to
        ``realign_ms`` either way; at a good match, shift the played audio by as much (the echo path stays learnt)."""
        assert self._tries is not None
        search, count = self._search, min(len(self._mic), len(self._played))
        window = count - 2 * search
        if window < SPEECH_RATE * REALIGN_WINDOW_MS // 1000:
            return
        self._tries -= 1
        path = np.zeros(self._taps, dtype=np.int32)
        self._lib.speex_echo_ctl(self._echo, _GET_IMPULSE_RESPONSE, path.ctypes.data)
        response = path.astype(np.float64)
        far = np.concatenate([self._history[-(self._taps - 1) :], self._played[:count]]).astype(np.float64)
        size = 1 << (len(far) + self._taps - 1).bit_length()
        predicted = np.fft.irfft(np.fft.rfft(far, size) * np.fft.rfft(response, size), size)
        # Both with their highs raised (speech is mostly lows, which a sample's shift hardly changes).
        predicted = _emphasised(predicted[self._taps - 1 : self._taps - 1 + count])
        window -= 1
        heard = _emphasised(self._mic[:count].astype(np.float64))[search : search + window]
        # match[j]: the microphone against the prediction ``search - j`` samples later (the echo that much later).
        match = np.correlate(predicted, heard, "valid")
        energy = np.cumsum(np.concatenate([[0.0], predicted**2]))
        norms = np.sqrt(np.maximum((energy[window:] - energy[:-window])[: len(match)] * float(heard @ heard), 1e-9))
        score = match / norms
        best = int(np.argmax(score))
        shift = search - best
        left, left_unshifted = 1.0 - score[best] ** 2, 1.0 - score[search] ** 2
        if score[best] < REALIGN_MIN_MATCH or (shift and left_unshifted < REALIGN_MIN_GAIN * left):
            if self._tries <= 0:
                self._tries = None
            return
        self._tries = None
        if shift > 0:  # the echo comes later: feed the played audio later, again from what was fed last
            self._played = np.concatenate([self._history[-shift:], self._played])
        elif shift < 0:  # earlier: skip some played audio (the microphone waits for the rest)
            self._played = self._played[-shift:]
        if shift:
            self.shifts.append(shift)

    def reset(self) -> None:
        """Forget the echo path (another loudspeaker, another room)."""
        self._lib.speex_echo_state_reset(self._echo)

    def close(self) -> None:
        if self._pre:
            self._lib.speex_preprocess_state_destroy(self._pre)
            self._pre = None
        if self._echo:
            self._lib.speex_echo_state_destroy(self._echo)
            self._echo = None
