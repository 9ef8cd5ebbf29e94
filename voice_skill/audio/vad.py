"""Voice activity: is this frame speech? The seam the endpointer asks besides its energy detector.

The energy detector (in :mod:`.endpoint`) hears anything loud: a door, a cough, a clatter. A
:class:`VoiceActivity` model can say whether the sound is a voice. :class:`SileroVAD` runs Silero VAD
(the ONNX model faster-whisper ships, so nothing is downloaded) with onnxruntime, on 32 ms windows,
keeping its state between them as a stream.
"""

from __future__ import annotations

import importlib.util
from abc import ABC, abstractmethod
from enum import StrEnum
from pathlib import Path

import numpy as np

from ..base.errors import SkillError

WINDOW = 512
"""Samples per Silero window at 16 kHz (32 ms): the model works on 16 kHz audio only, as the skill does."""
CONTEXT = 64
"""Samples of the previous window the model sees with each window."""
SILERO_FILE = "silero_vad_v6.onnx"


class VadError(SkillError):
    """A voice-activity model is missing or failed."""

    exit_code = 7


class VadKind(StrEnum):
    """Which voice-activity detector cuts utterances (``listen.endpoint.vad``)."""

    ENERGY = "energy"
    """Loudness above an adaptive noise floor only."""
    SILERO = "silero"
    """Loudness, and Silero VAD's verdict that the sound is a voice."""


class VoiceActivity(ABC):
    """Speech probability of consecutive frames of 16 kHz int16 audio (any frame length)."""

    @abstractmethod
    def probability(self, frame: np.ndarray) -> float:
        """The probability (0-1) that the latest audio is speech, after taking ``frame`` in."""

    @abstractmethod
    def reset(self) -> None:
        """Forget the stream (a new source)."""


def silero_model_path() -> Path:
    """Silero VAD's ONNX file, from the faster-whisper package (found without importing it)."""
    spec = importlib.util.find_spec("faster_whisper")
    if spec is None or spec.origin is None:
        raise VadError("the Silero voice-activity model comes with faster-whisper: pip install faster-whisper")
    path = Path(spec.origin).parent / "assets" / SILERO_FILE
    if not path.is_file():
        raise VadError(f"the Silero voice-activity model is missing ({path}); reinstall faster-whisper")
    return path


class SileroVAD(VoiceActivity):
    """Silero VAD v6 through onnxruntime (one thread), streamed window by window."""

    def __init__(self, path: Path | None = None) -> None:
        if importlib.util.find_spec("onnxruntime") is None:
            raise VadError("Silero voice activity needs onnxruntime: pip install onnxruntime")
        import onnxruntime

        options = onnxruntime.SessionOptions()
        options.inter_op_num_threads = 1
        options.intra_op_num_threads = 1
        options.log_severity_level = 4
        try:
            self._session = onnxruntime.InferenceSession(
                str(path or silero_model_path()), providers=["CPUExecutionProvider"], sess_options=options
            )
        except (RuntimeError, ValueError, OSError) as exc:
            raise VadError(f"the Silero voice-activity model failed to load: {exc}") from None
        self.reset()

    def reset(self) -> None:
        self._pending = np.zeros(0, dtype=np.float32)
        self._context = np.zeros(CONTEXT, dtype=np.float32)
        self._h = np.zeros((1, 1, 128), dtype=np.float32)
        self._c = np.zeros((1, 1, 128), dtype=np.float32)
        self._last = 0.0

    def probability(self, frame: np.ndarray) -> float:
        self._pending = np.concatenate([self._pending, frame.astype(np.float32) / 32768.0])
        while len(self._pending) >= WINDOW:
            window, self._pending = self._pending[:WINDOW], self._pending[WINDOW:]
            batch = np.concatenate([self._context, window])[None, :]
            try:
                out, self._h, self._c = self._session.run(None, {"input": batch, "h": self._h, "c": self._c})
            except Exception as exc:  # noqa: BLE001 - onnxruntime raises its own exception types
                raise VadError(f"Silero voice activity failed: {exc}") from None
            self._context = window[-CONTEXT:]
            self._last = float(np.asarray(out).reshape(-1)[0])
        return self._last


def open_vad(kind: VadKind) -> VoiceActivity | None:
    """The voice-activity model of ``kind`` (None: energy only)."""
    if VadKind(kind) is VadKind.SILERO:
        return SileroVAD()
    return None
