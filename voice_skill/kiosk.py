"""The kiosk: unattended listening in a waiting room, for one stranger after another.

:class:`Kiosk` runs the listener over an endless stream of audio and keeps going whatever
happens: a speech engine that fails is restarted with back-off, audio it cannot use is
skipped, and a quiet spell ends the conversation so the next visitor starts afresh (greeted,
with nothing of the last visitor on the caption screen).

Privacy by design: nothing heard is written anywhere. The log (:data:`LOG`) holds only
intent ids, decisions, scores and timings; the captions live in memory (see
:mod:`voice_skill.captions`). The kiosk does no printing: the command line sets up logging.
"""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np

from .captions import CaptionBoard, Phase
from .config import KioskSettings
from .denoise import DenoiseSettings
from .dialogue import Action, Conversation
from .endpoint import EndpointSettings, SpeechEnded, SpeechStarted
from .listen import Heard, Ignored, Listener, Woke
from .recognize import Recognizer
from .skill import Skill
from .speaker import Speaker
from .synthesis import SpeechSettings
from .wake import Attention, Trigger, WakeSpotter

LOG = logging.getLogger("voice_skill.kiosk")
SAMPLE_RATE = 16000
FIRST_RESTART_WAIT_S = 0.5
"""The first wait before restarting a failed engine; it doubles up to ``restart_backoff_max_s``."""


@dataclass(frozen=True)
class TurnLog:
    """What the log keeps of one answered utterance: no words, only ids and numbers."""

    intent: str
    decision: str
    score: float
    urgent: bool
    asr_ms: float
    match_ms: float
    answer_ms: float
    speech_s: float

    def log_line(self) -> str:
        return (
            f"turn intent={self.intent} decision={self.decision} score={self.score:.1f} "
            f"urgent={'yes' if self.urgent else 'no'} asr_ms={self.asr_ms:.1f} match_ms={self.match_ms:.1f} "
            f"answer_ms={self.answer_ms:.1f} speech_s={self.speech_s:.2f}"
        )


@dataclass
class KioskStats:
    """Counts since the kiosk started."""

    turns: int = 0
    visitors: int = 0
    urgent: int = 0
    restarts: int = 0
    skipped_chunks: int = 0


class Kiosk:
    """Listens, answers, shows captions and speaks, for as long as audio comes.

    ``open_engine`` opens a fresh recogniser (at start and after a failure); ``open_spotter``
    opens a wake-phrase spotter for a recogniser (the trigger :attr:`Trigger.WAKE` needs one),
    likewise at start and after a failure, since a failure of either drops both. ``after_speaking``
    runs when an answer has been spoken (a microphone drops what it heard meanwhile).
    """

    def __init__(
        self,
        skill: Skill,
        settings: KioskSettings,
        open_engine: Callable[[], Recognizer],
        *,
        attention: Attention,
        endpoint: EndpointSettings | None = None,
        denoise: DenoiseSettings | None = None,
        open_spotter: Callable[[Recognizer], WakeSpotter] | None = None,
        speaker: Speaker | None = None,
        board: CaptionBoard | None = None,
        after_speaking: Callable[[], None] | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.skill = skill
        self.settings = settings
        self.open_engine = open_engine
        self.open_spotter = open_spotter
        self.attention = attention
        self.speaker = speaker
        self.board = board
        self.after_speaking = after_speaking
        self.sleep = sleep
        self.stats = KioskStats()
        self.conversation: Conversation = skill.conversation()
        recognizer = open_engine()
        self.listener = Listener(
            recognizer,
            self.conversation,
            skill.intents.normalizer,
            endpoint,
            on_event=self._on_event,
            attention=attention,
            spotter=open_spotter(recognizer) if open_spotter is not None else None,
            denoise=denoise,
        )
        self._audio_s = 0.0
        self._last_activity_s: float | None = None
        self._visitor_turns = 0
        self._failures = 0
        self._thinking = False
        self._phase(self._resting_phase)

    # -- the loop ----------------------------------------------------------------------

    def run(self, chunks: Iterable[np.ndarray], source: str) -> None:
        """Answer every admitted utterance in ``chunks`` (endless for a microphone)."""
        self.listener.reset()
        for chunk in chunks:
            self.process(chunk, source)
        self._guarded(lambda: self._answer_all(self.listener.flush(source)))

    def process(self, chunk: np.ndarray, source: str) -> None:
        """One chunk of 16 kHz mono int16 audio; unusable audio is skipped, never fatal."""
        if not isinstance(chunk, np.ndarray) or chunk.ndim != 1 or chunk.dtype != np.int16:
            self.stats.skipped_chunks += 1
            LOG.warning("skipped a chunk of unusable audio")
            return
        self._audio_s += len(chunk) / SAMPLE_RATE
        self._maybe_new_visitor()
        self._guarded(lambda: self._answer_all(self.listener.feed(chunk, source)))

    def press(self) -> None:
        """Push-to-talk (a key, or the caption page's button): the next utterance is a question."""
        self.attention.press()
        LOG.info("talk pressed")
        self._phase(Phase.LISTENING)
        self._cue("listening")

    def close(self) -> None:
        if self.listener.spotter is not None:
            with contextlib.suppress(Exception):
                self.listener.spotter.close()
        with contextlib.suppress(Exception):
            self.listener.recognizer.close()

    # -- turns -------------------------------------------------------------------------

    def _answer_all(self, heard: list[Heard]) -> None:
        for item in heard:
            self._answer(item)
        if self._thinking and not heard:
            self._phase(self._waiting_phase)  # nothing worth answering (a cough, noise)
        self._thinking = False
        self._failures = 0

    def _answer(self, heard: Heard) -> None:
        response = heard.response
        if self._visitor_turns == 0:
            self.stats.visitors += 1
            LOG.info("visitor %d started", self.stats.visitors)
        answer = response.answer
        if self._visitor_turns == 0 and self.settings.greeting and not response.urgent:
            answer = f"{self.skill.intents.language.responses.greeting} {answer}".strip()
        self._visitor_turns += 1
        self._last_activity_s = self._audio_s
        self.stats.turns += 1
        self.stats.urgent += response.urgent
        LOG.info(
            TurnLog(
                intent=response.intent,
                decision=response.decision.value,
                score=response.score,
                urgent=response.urgent,
                asr_ms=heard.asr_ms,
                match_ms=heard.match_ms,
                answer_ms=heard.end_of_speech_to_answer_ms,
                speech_s=heard.end - heard.start,
            ).log_line()
        )
        if self.board is not None:
            self.board.show(heard.transcript.text, answer, urgent=response.urgent, intent=response.intent)
        if self.speaker is not None and answer and response.action is not Action.STOP:
            self._phase(Phase.SPEAKING)
            self.speaker.say(answer, SpeechSettings(response.voice.rate, response.voice.volume, self._voice))
            self.speaker.wait()
            for problem in self.speaker.errors:
                LOG.error("speech output: %s", problem)
            self.speaker.errors.clear()
            if self.after_speaking is not None:
                self.after_speaking()
        if response.action is Action.END:
            self._new_visitor("goodbye")
        self._phase(self._waiting_phase)

    def _maybe_new_visitor(self) -> None:
        last = self._last_activity_s
        if last is not None and self._audio_s - last >= self.settings.new_visitor_after_s:
            self._new_visitor("quiet")

    def _new_visitor(self, why: str) -> None:
        if self._visitor_turns:
            LOG.info("visitor %d ended (%s) after %d turns", self.stats.visitors, why, self._visitor_turns)
        self._visitor_turns = 0
        self._last_activity_s = None
        self.conversation.reset()
        self.attention.sleep()
        if self.board is not None:
            self.board.clear()
        self._phase(self._resting_phase)

    # -- keeping going -----------------------------------------------------------------

    def _guarded(self, step: Callable[[], None]) -> None:
        try:
            step()
        except Exception as exc:  # noqa: BLE001 - the kiosk must outlive any engine failure
            self._restart_engine(exc)

    def _restart_engine(self, exc: Exception) -> None:
        """Drop the utterance in progress and open a fresh engine (and wake-phrase spotter),
        waiting longer each time."""
        LOG.error("speech engine failed (%s); restarting it", type(exc).__name__)
        self.close()
        self.listener.spotter = None
        while True:
            self._failures += 1
            wait = min(self.settings.restart_backoff_max_s, FIRST_RESTART_WAIT_S * 2 ** (self._failures - 1))
            self.sleep(wait)
            try:
                recognizer = self.open_engine()
                spotter = self.open_spotter(recognizer) if self.open_spotter is not None else None
            except Exception as again:  # noqa: BLE001 - keep trying, with back-off
                LOG.error("speech engine did not start (%s); retrying in up to %g s", type(again).__name__, wait * 2)
                continue
            break
        self.listener.recognizer, self.listener.spotter = recognizer, spotter
        self.stats.restarts += 1
        self.listener.reset()
        self._phase(self._resting_phase)
        LOG.info("speech engine restarted")

    # -- what the screen and the earcons say ----------------------------------------------

    @property
    def _resting_phase(self) -> Phase:
        return Phase.LISTENING if self.attention.trigger is Trigger.ALWAYS else Phase.IDLE

    @property
    def _waiting_phase(self) -> Phase:
        """Listening during a follow-up window, else the resting phase."""
        return Phase.LISTENING if self.attention.awake(self.listener.endpointer.now) else self._resting_phase

    @property
    def _voice(self) -> str | None:
        return self.skill.config.voice.voice

    def _on_event(self, event: object) -> None:
        if isinstance(event, SpeechStarted) and self.attention.trigger is Trigger.ALWAYS:
            self._phase(Phase.LISTENING)
        elif isinstance(event, SpeechEnded) and event.kept:
            self._thinking = True
            self._phase(Phase.THINKING)
        elif isinstance(event, Woke):
            LOG.info("woke")
            self._phase(Phase.LISTENING)
            self._cue("listening")
        elif isinstance(event, Ignored):
            self._phase(self._resting_phase)

    def _phase(self, phase: Phase) -> None:
        if self.board is not None:
            self.board.set_phase(phase)

    def _cue(self, kind: str) -> None:
        if self.speaker is not None:
            v = self.skill.config.voice
            self.speaker.cue(kind, SpeechSettings(v.rate, v.volume, v.voice))
