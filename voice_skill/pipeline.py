"""The pipeline: audio in, through the endpointer, noise reduction and a recogniser, to the dialogue.

Sources (:mod:`voice_skill.devices`) yield 16 kHz mono int16 chunks, converted once at the
boundary. :class:`Listener` turns each utterance into a :class:`Heard`: what was heard, how it
was understood and answered, and how long each stage took.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from enum import Enum

import numpy as np

from .asr import Doubt, Recognizer, Transcript
from .audio import (
    SPEECH_RATE,
    DenoiseSettings,
    Endpointer,
    EndpointSettings,
    NoiseReducer,
    SpeechAudio,
    SpeechEnded,
    SpeechPaused,
    SpeechResumed,
    SpeechStarted,
    open_vad,
)
from .dialogue import Action, Conversation, Response
from .intent import Decision, Normalizer
from .wake import Attention, Trigger, WakeSpotter, after_wake

SILENT_DOUBTS = frozenset({Doubt.NO_SPEECH, Doubt.ECHO, Doubt.REPETITIVE})
MAX_WORDS_PER_SECOND = 8.0
"""More words than one plus this many per second of speech cannot have been said: the recogniser invented them
on a short burst of noise ("And pull the test." on a quarter of a second of babble)."""
"""Doubts that mean nothing was said (noise, or text the recogniser invented): no answer, ever."""


class _Mode(Enum):
    """What happens to the utterance in progress."""

    ANSWER = "answer"
    SPOT = "spot"
    SKIP = "skip"


@dataclass(frozen=True)
class Heard:
    """One utterance, from audio to answer."""

    source: str
    start: float
    end: float
    audio_start: float
    """Where the audio given to the recogniser began (word times count from here)."""
    transcript: Transcript
    response: Response
    asr_ms: float
    match_ms: float
    end_of_speech_to_answer_ms: float

    def to_json(self) -> dict[str, object]:
        data = self.response.to_json()
        data.update(
            transcript=self.transcript.text,
            words=[
                {
                    "word": w.word,
                    "start": round(self.audio_start + w.start, 2),
                    "end": round(self.audio_start + w.end, 2),
                }
                for w in self.transcript.words
            ],
            doubt=self.transcript.doubt.value if self.transcript.doubt is not None else None,
            source=self.source,
            start=round(self.start, 2),
            end=round(self.end, 2),
            asr_ms=round(self.asr_ms, 1),
            match_ms=round(self.match_ms, 1),
            end_of_speech_to_answer_ms=round(self.end_of_speech_to_answer_ms, 1),
        )
        return data


@dataclass(frozen=True)
class Woke:
    """The wake phrase alone was heard (at ``at`` seconds): the next utterance is listened to."""

    at: float


@dataclass(frozen=True)
class Ignored:
    """An utterance from ``start`` to ``end`` seconds was not acted on (no wake phrase, no key)."""

    start: float
    end: float


class Listener:
    """Cuts audio into utterances, recognises each, and answers it in one conversation.

    With an :class:`~voice_skill.wake.Attention` only admitted utterances are answered; an
    utterance that is not admitted is searched for the wake phrase by ``spotter`` (when the
    attention asks for it; when it finds none, its ``recover`` may still place the phrase from the
    utterance's own transcript), and what follows the phrase is the question. ``on_event`` sees every
    endpointer event and :class:`Woke` / :class:`Ignored`.
    """

    def __init__(
        self,
        recognizer: Recognizer,
        conversation: Conversation,
        normalizer: Normalizer,
        settings: EndpointSettings | None = None,
        on_event: Callable[[object], None] | None = None,
        attention: Attention | None = None,
        spotter: WakeSpotter | None = None,
        denoise: DenoiseSettings | None = None,
    ) -> None:
        self.recognizer = recognizer
        denoise = denoise or DenoiseSettings()
        # Takes steady background noise out before recognition (learnt from each pre-roll).
        self.denoiser = NoiseReducer(denoise) if denoise.enabled else None
        self.conversation = conversation
        self.normalizer = normalizer
        self.settings = settings or EndpointSettings()
        self.vad = open_vad(self.settings.vad)
        self.on_event = on_event
        self.attention = attention
        self.spotter = spotter
        self.endpointer = Endpointer(self.settings, vad=self.vad)
        self._asr_s = 0.0
        self._audio_start = 0.0
        self._mode = _Mode.SKIP

    def replace_engines(self, recognizer: Recognizer, spotter: WakeSpotter | None) -> None:
        """Use freshly opened engines (after a failure); the utterance in progress is dropped."""
        self.recognizer = recognizer
        self.spotter = spotter
        self.reset()

    def reset(self) -> None:
        """Start a fresh endpointer (a new source, or after a failure); the conversation stays.

        The audio clock starts again with it, so a follow-up window does not carry over.
        """
        self.endpointer = Endpointer(self.settings, vad=self.vad)
        self._mode = _Mode.SKIP
        if self.attention is not None:
            self.attention.sleep()

    def run(self, chunks: Iterable[np.ndarray], source: str) -> Iterator[Heard]:
        """Answer every utterance in ``chunks``; a new source starts a fresh endpointer."""
        self.reset()
        for chunk in chunks:
            yield from self.feed(chunk, source)
        yield from self.flush(source)

    def feed(self, chunk: np.ndarray, source: str) -> list[Heard]:
        """Add audio; returns the utterances it completed, answered."""
        return self._answers(self.endpointer.feed(chunk), source)

    def flush(self, source: str) -> list[Heard]:
        """End of input: answer an utterance still open."""
        return self._answers(self.endpointer.flush(), source)

    def _answers(self, events: Iterable[object], source: str) -> list[Heard]:
        found = []
        for event in events:
            heard = self._handle(event, source)
            if heard is not None:
                found.append(heard)
        return found

    def _feed_engines(self, audio: np.ndarray) -> None:
        """Hand audio to the recogniser (through the noise reducer, when there is one) and, while
        looking for the wake phrase, to the spotter (as heard: its threshold was measured so)."""
        t = time.perf_counter()
        if self._mode is not _Mode.SKIP:
            self.recognizer.feed(self.denoiser.process(audio) if self.denoiser is not None else audio)
        if self._mode is _Mode.SPOT and self.spotter is not None:
            self.spotter.feed(audio)
        self._asr_s += time.perf_counter() - t

    def _handle(self, event: object, source: str) -> Heard | None:
        if self.on_event is not None:
            self.on_event(event)
        if isinstance(event, SpeechStarted):
            self._asr_s = 0.0
            self._audio_start = event.audio_start
            attention = self.attention
            if attention is None or attention.admits(event.start):
                self._mode = _Mode.ANSWER
            elif attention.spots and self.spotter is not None:
                self._mode = _Mode.SPOT
                self.spotter.start()
            else:
                self._mode = _Mode.SKIP
            if self._mode is not _Mode.SKIP:
                self.recognizer.start()
                if self.denoiser is not None:
                    # The pre-roll is what the endpointer heard before speech: the noise to take out.
                    self.denoiser.learn(event.audio[: max(0, round((event.start - event.audio_start) * SPEECH_RATE))])
                    self.denoiser.start()
            self._feed_engines(event.audio)
        elif isinstance(event, SpeechAudio):
            self._feed_engines(event.audio)
        elif isinstance(event, SpeechPaused) and self._mode is not _Mode.SKIP:
            self.recognizer.pause()
        elif isinstance(event, SpeechResumed) and self._mode is not _Mode.SKIP:
            self.recognizer.resume()
        elif isinstance(event, SpeechEnded):
            return self._ended(event, source)
        return None

    def _ended(self, event: SpeechEnded, source: str) -> Heard | None:
        mode, self._mode = self._mode, _Mode.SKIP
        if mode is _Mode.SKIP:
            self._tell(Ignored(event.start, event.end))
            return None
        closed = time.perf_counter()
        if self.denoiser is not None and len(tail := self.denoiser.flush()):
            self.recognizer.feed(tail)
        transcript = self.recognizer.finish()
        addressed = self._addressed(event)
        if mode is _Mode.SPOT and self.spotter is not None:
            hit = self.spotter.finish()
            if hit is None:
                hit = self.spotter.recover(transcript)  # the transcript opens with the phrase the spotter missed
            if hit is None:
                self._asr_s += time.perf_counter() - closed
                self._tell(Ignored(event.start, event.end))
                return None
            addressed = True
            transcript = after_wake(transcript, hit, self.spotter.phrase)
            if transcript.doubt in SILENT_DOUBTS or not self.normalizer(transcript.text).content:
                self._asr_s += time.perf_counter() - closed
                if self.attention is not None:
                    self.attention.keep_awake(event.end)
                self._tell(Woke(event.end))
                return None
        self._asr_s += time.perf_counter() - closed
        if not event.kept or transcript.doubt in SILENT_DOUBTS or not self.normalizer(transcript.text).content:
            return None  # noise, a cough, invented text, or only "the": nothing to answer
        if len(transcript.text.split()) > 1 + MAX_WORDS_PER_SECOND * (event.end - event.start):
            return None  # too many words for so little speech: invented
        t = time.perf_counter()
        transcript, urgent = self._understandable(transcript)
        if transcript.doubt is Doubt.UNCLEAR and not urgent:
            # Heard but not understood: asking again beats a guess, but only someone who spoke to the skill.
            if not addressed:
                self._tell(Ignored(event.start, event.end))
                return None
            response = self.conversation.reprompt(transcript.text)
        else:
            response = self.conversation.handle(transcript.text)
            if response.decision is Decision.FALLBACK and not addressed:
                self._tell(Ignored(event.start, event.end))
                return None  # continuous listening: distant talk the skill cannot answer gets no reply
        done = time.perf_counter()
        if self.attention is not None:
            if response.action is Action.END:
                self.attention.sleep()
            else:
                self.attention.keep_awake(event.end)
        return Heard(
            source=source,
            start=event.start,
            end=event.end,
            audio_start=self._audio_start,
            transcript=transcript,
            response=response,
            asr_ms=self._asr_s * 1000,
            match_ms=(done - t) * 1000,
            end_of_speech_to_answer_ms=(done - closed) * 1000,
        )

    def _addressed(self, event: SpeechEnded) -> bool:
        """Whether the person clearly spoke to the skill: audio given to it (files, standard input), a key
        pressed or a follow-up soon after an answer; with continuous listening, speech close to the microphone."""
        attention = self.attention
        if attention is None or attention.trigger is not Trigger.ALWAYS:
            return True
        return event.snr_db >= self.settings.near_speech_db

    def _tell(self, event: object) -> None:
        if self.on_event is not None:
            self.on_event(event)

    def _understandable(self, transcript: Transcript) -> tuple[Transcript, bool]:
        """Choose among the hypotheses, safety first; and whether the choice is urgent.

        A warning sign in any hypothesis (the recogniser's alternatives, or a second engine's opinion)
        wins: when the recogniser is unsure whether it heard "bleeding heavily", the skill answers as if
        it did. Otherwise the best hypothesis is kept unless it cannot be answered and one of the
        recogniser's own runners-up can (a second opinion is never answered on its own merit).
        """
        matcher = self.conversation.matcher
        best = matcher.match(transcript.text)
        if best.urgent:
            return transcript, True
        for alternative in (*transcript.alternatives, *transcript.second_opinion):
            if matcher.triage.scan(self.normalizer(alternative)):
                return replace(transcript, text=alternative, words=(), doubt=None), True
        if best.decision is Decision.ANSWER or transcript.doubt is not None:
            return transcript, False
        for alternative in transcript.alternatives:
            if matcher.match(alternative).decision is Decision.ANSWER:
                return replace(transcript, text=alternative, words=()), False
        return transcript, False
