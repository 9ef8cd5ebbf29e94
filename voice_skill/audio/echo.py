"""Acoustic echo cancellation: the skill's own voice taken out of what the microphone hears.

libspeexdsp's echo canceller (Debian's libspeexdsp1, loaded with ctypes) learns the room's echo path from
the audio being played (the reference) and subtracts its estimate from the microphone; its preprocessor
then suppresses what echo is left. What remains is the person speaking over the skill ("stop").
Both streams are 16 kHz mono int16, fed in step: the microphone chunk and the audio played at that time.
"""

from __future__ import annotations

import ctypes
import ctypes.util
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

    @staticmethod
    def _ctl(function: Callable[..., object], state: int, request: int, value: int) -> None:
        number = ctypes.c_int32(value)
        function(state, request, ctypes.byref(number))

    def process(self, mic: np.ndarray, played: np.ndarray) -> np.ndarray:
        """The microphone's ``mic`` without the echo of ``played`` (whole frames; the rest waits)."""
        if len(mic) != len(played):
            raise ValueError("the microphone and the played audio must come in step (equal lengths)")
        self._mic = np.concatenate([self._mic, np.asarray(mic, dtype=np.int16)])
        self._played = np.concatenate([self._played, np.asarray(played, dtype=np.int16)])
        whole = len(self._mic) // self.frame * self.frame
        out = np.empty(whole, dtype=np.int16)
        for at in range(0, whole, self.frame):
            near = np.ascontiguousarray(self._mic[at : at + self.frame])
            far = np.ascontiguousarray(self._played[at : at + self.frame])
            cleaned = np.empty(self.frame, dtype=np.int16)
            self._lib.speex_echo_cancellation(self._echo, near.ctypes.data, far.ctypes.data, cleaned.ctypes.data)
            self._lib.speex_preprocess_run(self._pre, cleaned.ctypes.data)
            out[at : at + self.frame] = cleaned
        self._mic, self._played = self._mic[whole:], self._played[whole:]
        return out

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
