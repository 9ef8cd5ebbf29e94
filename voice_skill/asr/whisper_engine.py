"""Whisper through faster-whisper (CTranslate2): the built-in engine, on tiny.en from a registry package.

Whisper decodes whole utterances, not streams: :meth:`WhisperRecognizer.feed` collects the audio and
:meth:`~WhisperRecognizer.finish` decodes it. To have the answer ready when the endpointer closes the
utterance, :meth:`~WhisperRecognizer.pause` starts decoding in the background as soon as the speech
pauses; if the speech goes on (:meth:`~WhisperRecognizer.resume`) that result is dropped.

Whisper invents text on noise and can echo its prompt, so every transcript is guarded before anyone
answers it: the model's no-speech probability with a low log-probability means silence, a low
log-probability means "unclear", a repetitive text (zlib compression ratio) or a text that only repeats
the prompt is discarded (:class:`~voice_skill.asr.recognizer.Doubt`). The decoding is greedy (beam
search gained nothing and invents more on babble); ``alternatives`` extra hypotheses from a small beam
search are kept for the safety check (a warning sign in any of them is answered as urgent).
"""

from __future__ import annotations

import threading
import zlib
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from .models.whisper import WhisperModelInfo, whisper_model_problem
from .prompt import PromptGuard
from .recognizer import Doubt, Recognizer, RecognizerError, Transcript, require_module
from .settings import WhisperSettings

N_FRAMES = 3000
"""Whisper's encoder always sees 30 s of features (100 frames a second); shorter audio is padded."""
MAX_SECONDS = 30.0
TOKENS_PER_SECOND = 6.0
"""More tokens than a few plus this many per second of audio cannot be speech: the decoder is stopped there,
so that noise (on which Whisper can talk on and on) costs little time."""
MIN_TOKENS = 8
MIN_TOKEN_PROB = 1e-9
"""A token's probability is floored here before its logarithm (a forced token can be all but impossible)."""
PHANTOM_NO_SPEECH = 0.2
"""A stock phrase ("Thank you.") with at least this no-speech probability is taken as invented."""


@dataclass(frozen=True)
class Decoded:
    """One decode of one utterance: the best text and what the model thought of it."""

    text: str
    avg_logprob: float
    no_speech_prob: float
    compression_ratio: float
    alternatives: tuple[str, ...] = ()
    samples: int = 0
    """How much audio (samples) was decoded."""


@dataclass(frozen=True)
class EncodedWindow:
    """A short window of audio, encoded once by :meth:`WhisperRecognizer.window`: its start can be scored
    against given texts as often as needed, for the price of the decoder alone."""

    recognizer: WhisperRecognizer
    encoded: Any
    """The encoder's output (``None`` for an empty window: every text scores minus infinity)."""
    frames: int
    """Feature frames that were audio, not padding."""

    def prefix_log_probs(self, texts: Sequence[str]) -> tuple[float, ...]:
        """Each text's log-probability as the start of what was said (:meth:`WhisperRecognizer.prefix_log_probs`)."""
        return self.recognizer._score_prefixes(self, texts)


def compression_ratio(text: str) -> float:
    data = text.encode("utf-8")
    return len(data) / len(zlib.compress(data)) if data else 0.0


class WhisperRecognizer(Recognizer):
    """A CTranslate2 Whisper model folder, decoded on the CPU with int8 weights."""

    name = "whisper"

    def __init__(self, model: WhisperModelInfo, prompt: str = "", settings: WhisperSettings | None = None) -> None:
        require_module("faster_whisper", "faster-whisper")
        problem = whisper_model_problem(model.path)
        if problem is not None:
            raise RecognizerError(f"the Whisper model at {model.path}: {problem}")
        from faster_whisper import WhisperModel
        from faster_whisper.tokenizer import Tokenizer

        self.settings = settings or WhisperSettings()
        self.model_info = model
        try:
            self._model = WhisperModel(
                str(model.path),
                device="cpu",
                compute_type="int8",
                cpu_threads=self.settings.threads,
                local_files_only=True,
            )
        except (RuntimeError, ValueError, OSError) as exc:
            raise RecognizerError(f"the Whisper model at {model.path} failed to load: {exc}") from None
        self._tokenizer = Tokenizer(
            self._model.hf_tokenizer, self._model.model.is_multilingual, task="transcribe", language="en"
        )
        self.prompt = prompt.strip()
        self.guard = PromptGuard(self.prompt)
        prompt_tokens = self._tokenizer.encode(" " + self.prompt) if self.prompt else []
        head = [self._tokenizer.sot_prev, *prompt_tokens] if prompt_tokens else []
        self._prompt_ids = [*head, *self._tokenizer.sot_sequence, self._tokenizer.no_timestamps]
        self._suppress = [-1]
        self._buffer: list[np.ndarray] = []
        self._samples = 0
        self._lock = threading.Lock()
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="voice-skill-whisper")
        self._early: Future[Decoded] | None = None

    @property
    def model_path(self) -> Path:
        return self.model_info.path

    # -- the Recognizer seam ------------------------------------------------------------

    def start(self) -> None:
        self._buffer = []
        self._samples = 0
        self._early = None

    def feed(self, samples: np.ndarray) -> Transcript | None:
        if self._samples < MAX_SECONDS * self.sample_rate:
            self._buffer.append(np.asarray(samples, dtype=np.int16))
            self._samples += len(samples)
        return None

    def pause(self) -> None:
        audio = self._audio()
        if len(audio):
            self._early = self._worker.submit(self.decode, audio)

    def resume(self) -> None:
        self._early = None

    def finish(self) -> Transcript:
        early, self._early = self._early, None
        audio = self._audio()
        self._buffer, self._samples = [], 0
        if not len(audio):
            return Transcript("", doubt=Doubt.NO_SPEECH)
        decoded = early.result() if early is not None else self._worker.submit(self.decode, audio).result()
        return self.judge(decoded)

    def close(self) -> None:
        self._worker.shutdown(wait=True, cancel_futures=True)

    # -- decoding -----------------------------------------------------------------------

    def _audio(self) -> np.ndarray:
        return np.concatenate(self._buffer) if self._buffer else np.zeros(0, dtype=np.int16)

    def decode(self, samples: np.ndarray) -> Decoded:
        """Decode int16 audio at 16 kHz (greedy, then a fallback and alternatives as configured)."""
        try:
            with self._lock:  # one decode at a time: the model is fed from one thread
                encoded = self._encode(samples)
                s = self.settings
                budget = min(s.max_new_tokens, MIN_TOKENS + round(TOKENS_PER_SECOND * len(samples) / self.sample_rate))
                best = self._generate(encoded, budget, beam=1, hypotheses=1)
                if s.fallback_temperature > 0 and self._doubt(best) in (Doubt.UNCLEAR, Doubt.REPETITIVE):
                    again = self._generate(encoded, budget, beam=1, hypotheses=1, temperature=s.fallback_temperature)
                    if (
                        again.avg_logprob > best.avg_logprob
                        and again.compression_ratio <= s.compression_ratio_threshold
                    ):
                        best = again
                alternatives: tuple[str, ...] = ()
                if s.alternatives and best.avg_logprob < s.confident_log_prob:
                    beam = self._generate(encoded, budget, beam=s.alternatives + 1, hypotheses=s.alternatives + 1)
                    alternatives = tuple(t for t in (beam.text, *beam.alternatives) if t and t != best.text)
        except RuntimeError as exc:
            raise RecognizerError(f"Whisper failed while decoding: {exc}") from None
        return Decoded(
            best.text, best.avg_logprob, best.no_speech_prob, best.compression_ratio, alternatives, len(samples)
        )

    def prefix_log_probs(self, samples: np.ndarray, texts: Sequence[str]) -> tuple[float, ...]:
        """How likely each of ``texts`` is as the start of what was said in ``samples`` (int16, 16 kHz): the
        sum of its tokens' log-probabilities, each given the audio, the prompt and the tokens before it
        (CTranslate2's forced alignment). Scores a given text instead of searching for the best one."""
        return self.window(samples).prefix_log_probs(texts)

    def window(self, samples: np.ndarray) -> EncodedWindow:
        """``samples`` (a short window, int16 at 16 kHz) through the encoder once, to score its start several
        times without encoding it again."""
        if not len(samples):
            return EncodedWindow(self, None, 0)
        try:
            with self._lock:
                encoded, frames = self._encode_counted(samples)
        except RuntimeError as exc:
            raise RecognizerError(f"Whisper failed while encoding a window: {exc}") from None
        return EncodedWindow(self, encoded, frames)

    def _score_prefixes(self, window: EncodedWindow, texts: Sequence[str]) -> tuple[float, ...]:
        if window.encoded is None:
            return tuple(float("-inf") for _ in texts)
        start = self._prompt_ids[:-1]  # align() adds the no-timestamps token itself
        try:
            with self._lock:
                found = []
                for text in texts:
                    tokens = self._tokenizer.encode(" " + text.strip())
                    [aligned] = self._model.model.align(window.encoded, start, [tokens], [window.frames])
                    probs = np.maximum(np.asarray(aligned.text_token_probs, dtype=np.float64), MIN_TOKEN_PROB)
                    found.append(float(np.sum(np.log(probs))))
        except RuntimeError as exc:
            raise RecognizerError(f"Whisper failed while scoring a phrase: {exc}") from None
        return tuple(found)

    def _encode(self, samples: np.ndarray) -> Any:
        return self._encode_counted(samples)[0]

    def _encode_counted(self, samples: np.ndarray) -> tuple[Any, int]:
        """The encoder's output for the audio, and how many feature frames were audio (not padding)."""
        audio = samples.astype(np.float32) / 32768.0
        features = self._model.feature_extractor(audio)
        frames = features.shape[-1]
        if frames < N_FRAMES:
            features = np.pad(features, ((0, 0), (0, N_FRAMES - frames)))
        return self._model.encode(features[:, :N_FRAMES]), min(frames, N_FRAMES)

    def _generate(self, encoded: Any, budget: int, *, beam: int, hypotheses: int, temperature: float = 0.0) -> Decoded:
        options: dict[str, Any] = {"beam_size": beam, "num_hypotheses": hypotheses}
        if temperature > 0:
            options = {"beam_size": 1, "num_hypotheses": 1, "sampling_topk": 0, "sampling_temperature": temperature}
        result = self._model.model.generate(
            encoded,
            [self._prompt_ids],
            max_length=len(self._prompt_ids) + budget,
            return_scores=True,
            return_no_speech_prob=True,
            suppress_blank=True,
            suppress_tokens=self._suppress,
            **options,
        )[0]
        texts = [self._tokenizer.decode(ids).strip() for ids in result.sequences_ids]
        tokens = len(result.sequences_ids[0])
        # CTranslate2 returns the log-probability divided by the length; Whisper's average counts one more token.
        avg = float(result.scores[0]) * tokens / (tokens + 1) if tokens else -10.0
        return Decoded(texts[0], avg, float(result.no_speech_prob), compression_ratio(texts[0]), tuple(texts[1:]))

    # -- guarding -----------------------------------------------------------------------

    def _doubt(self, decoded: Decoded) -> Doubt | None:
        s = self.settings
        if not decoded.text.strip(" .,!?-"):
            return Doubt.NO_SPEECH
        if decoded.no_speech_prob > s.no_speech_threshold and decoded.avg_logprob < s.log_prob_threshold:
            return Doubt.NO_SPEECH
        if self.guard.is_phantom(decoded.text) and decoded.no_speech_prob >= PHANTOM_NO_SPEECH:
            return Doubt.NO_SPEECH
        if self.guard.is_echo(decoded.text):
            return Doubt.ECHO
        if decoded.compression_ratio > s.compression_ratio_threshold:
            return Doubt.REPETITIVE
        if decoded.avg_logprob < s.log_prob_threshold:
            return Doubt.UNCLEAR
        return None

    def judge(self, decoded: Decoded) -> Transcript:
        """The transcript of a decode, with the doubt the guards found (no text for noise, echoes and loops)."""
        doubt = self._doubt(decoded)
        confidence = float(np.exp(decoded.avg_logprob))
        if doubt in (Doubt.NO_SPEECH, Doubt.ECHO, Doubt.REPETITIVE):
            return Transcript("", confidence=confidence, doubt=doubt)
        alternatives = tuple(a for a in decoded.alternatives if not self.guard.is_echo(a))
        return Transcript(decoded.text, confidence=confidence, alternatives=alternatives, doubt=doubt)
