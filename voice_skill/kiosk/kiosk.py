"""The kiosk: unattended listening in a waiting room, for one stranger after another.

:class:`Kiosk` runs the listener over an endless stream of audio and keeps going whatever
happens: a speech engine that fails is restarted with back-off, audio it cannot use is
skipped, and a quiet spell ends the conversation so the next visitor starts afresh (greeted,
with nothing of the last visitor on the caption screen).

Privacy by design: nothing heard is written anywhere. The log holds only
intent ids, decisions, scores and timings; the captions live in memory (see
:mod:`voice_skill.kiosk.captions`) and, unless ``kiosk.show_question`` is set, show the matched topic's
title rather than the visitor's words. The kiosk does no printing: the command line sets up logging.

The caption page tells the truth about hearing: :meth:`Kiosk.not_hearing` (no microphone, the input has
ended) and an engine restart are shown, and systemd is told (:mod:`.systemd`) when a notifier is given.

Only engine failures restart the engines (:mod:`.supervisor`); any other exception while handling
an utterance is logged with its traceback (frames only, never the message, which could hold what a
visitor said) and that utterance is dropped.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import time
import traceback
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

import numpy as np

from ..asr import Recognizer
from ..audio import SPEECH_RATE, DenoiseSettings, EndpointSettings, SpeechEnded, SpeechStarted
from ..dialogue import Action, Conversation
from ..duplex import Duplex
from ..pipeline import Heard, Ignored, Listener, Woke
from ..tts import Speaker, SpeechSettings
from ..wake import Attention, Trigger, WakeSpotter
from .captions import CaptionBoard, Phase
from .settings import KioskSettings
from .supervisor import ENGINE_ERRORS, Supervisor
from .systemd import Notifier

log = logging.getLogger(__name__)


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
    errors: int = 0
    """Utterances dropped because handling them failed (not an engine failure: a bug)."""


def _count(n: int, thing: str) -> str:
    return f"{n} {thing}{'' if n == 1 else 's'}"


def _duration(seconds: float) -> str:
    """``3h 04m 05s``, ``4m 05s`` or ``5s``."""
    whole = round(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}h {minutes:02d}m {secs:02d}s"
    return f"{minutes}m {secs:02d}s" if minutes else f"{secs}s"


_STATUS = {
    Trigger.ALWAYS: "Listening",
    Trigger.PUSH: "Waiting for the talk button",
    Trigger.WAKE: "Waiting for the wake phrase",
}


class Kiosk:
    """Listens, answers, shows captions and speaks, for as long as audio comes.

    ``open_engine`` opens a fresh recogniser (at start and after a failure); ``open_spotter``
    opens a wake-phrase spotter for a recogniser (the trigger :attr:`Trigger.WAKE` needs one),
    likewise at start and after a failure, since a failure of either drops both. ``voice`` is the
    configured voice id for the answers and earcons. ``notifier`` tells systemd it is ready (at the first audio)
    and alive (on every chunk and through back-off waits).
    """

    def __init__(
        self,
        conversation: Conversation,
        settings: KioskSettings,
        open_engine: Callable[[], Recognizer],
        *,
        attention: Attention,
        endpoint: EndpointSettings | None = None,
        denoise: DenoiseSettings | None = None,
        open_spotter: Callable[[Recognizer], WakeSpotter] | None = None,
        speaker: Speaker | None = None,
        board: CaptionBoard | None = None,
        voice: str | None = None,
        sleep: Callable[[float], None] = time.sleep,
        notifier: Notifier | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.conversation = conversation
        self.settings = settings
        self.open_engine = open_engine
        self.open_spotter = open_spotter
        self.attention = attention
        self.speaker = speaker
        self.board = board
        self.voice = voice
        self.notifier = notifier or Notifier(None)
        if self.notifier.ping_every_s is not None:  # back-off waits feed the watchdog: waiting is not hanging
            sleep = functools.partial(self.notifier.sleep, sleep=sleep)
        self.supervisor = Supervisor(settings.restart_backoff_max_s, sleep)
        self.stats = KioskStats()
        self._clock = clock
        self.started_s = clock()
        self._hearing = True
        self._after_speaking: Callable[[], None] | None = None
        self._duplex: Duplex | None = None
        self._chunks: Iterator[np.ndarray] | None = None
        self._chunk_ended_at: Callable[[], float | None] = lambda: None
        recognizer = open_engine()
        self.listener = Listener(
            recognizer,
            conversation,
            conversation.intents.normalizer,
            endpoint,
            on_event=self._on_event,
            attention=attention,
            spotter=open_spotter(recognizer) if open_spotter is not None else None,
            denoise=denoise,
        )
        self._audio_s = 0.0
        self._last_activity_s: float | None = None
        self._visitor_turns = 0
        self._thinking = False
        self._phase(self._resting_phase)

    # -- the loop ----------------------------------------------------------------------

    def run(
        self,
        chunks: Iterable[np.ndarray],
        source: str,
        *,
        after_speaking: Callable[[], None] | None = None,
        duplex: Duplex | None = None,
        chunk_ended_at: Callable[[], float | None] = lambda: None,
    ) -> None:
        """Answer every admitted utterance in ``chunks`` (endless for a microphone). ``after_speaking``
        drops what the microphone queued (run when an answer has been spoken, and, full duplex, before).
        ``duplex`` (``wake.barge_in.kiosk``): ``chunks`` are read while answers are spoken, and a stop word
        stops them (``chunk_ended_at``: when the chunk just read was delivered)."""
        self._after_speaking = after_speaking
        self._duplex = duplex
        self._chunks = iter(chunks)
        self._chunk_ended_at = chunk_ended_at
        self.listener.reset()
        try:
            for chunk in self._chunks:
                self.process(chunk, source)
            self._guarded(lambda: self._answer_all(self.listener.flush(source)))
        finally:
            self._after_speaking, self._duplex, self._chunks = None, None, None

    def process(self, chunk: np.ndarray, source: str) -> None:
        """One chunk of 16 kHz mono int16 audio; unusable audio is skipped, never fatal."""
        if not isinstance(chunk, np.ndarray) or chunk.ndim != 1 or chunk.dtype != np.int16:
            self.stats.skipped_chunks += 1
            log.warning("skipped a chunk of unusable audio")
            return
        self._audio_s += len(chunk) / SPEECH_RATE
        self.notifier.watchdog()
        if not self._hearing:
            self._hearing = True
            self._phase(self._waiting_phase)
            log.info("hearing again")
        self.notifier.ready(self._status)
        self._maybe_new_visitor()
        self._guarded(lambda: self._answer_all(self.listener.feed(chunk, source)))

    def press(self) -> None:
        """Push-to-talk (a key, or the caption page's button): the next utterance is a question."""
        self.attention.press()
        log.info("talk pressed")
        self._phase(Phase.LISTENING)
        self._cue("listening")

    def not_hearing(self, reason: str, problem: str | None = None) -> None:
        """No audio comes in: the page shows "Not hearing: ``reason``" (``no microphone``, ``the input has ended``)
        until audio flows again, ``/healthz`` answers 503, and systemd's status says so. ``problem`` (a device's
        message, never a visitor's words) is kept as the last error."""
        self._hearing = False
        if self.board is not None:
            self.board.not_hearing(reason)
            if problem is not None:
                self.board.report_error(problem)
        self.notifier.status(f"Not hearing: {reason}")

    @property
    def uptime_s(self) -> float:
        return self._clock() - self.started_s

    def summary(self, why: str = "") -> str:
        """One line for the log when the kiosk stops: what it did and for how long."""
        s = self.stats
        because = f" ({why})" if why else ""
        counts = ", ".join(
            (
                _count(s.turns, "question") + " answered",
                _count(s.visitors, "visitor"),
                f"{s.urgent} urgent",
                _count(s.restarts, "engine restart"),
                _count(s.skipped_chunks, "chunk") + " skipped",
            )
        )
        return f"kiosk stopped{because} after {_duration(self.uptime_s)}: {counts}"

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
        self.supervisor.succeeded()

    def _answer(self, heard: Heard) -> None:
        response = heard.response
        if self._visitor_turns == 0:
            self.stats.visitors += 1
            log.info("visitor %d started", self.stats.visitors)
        answer = response.answer
        if self._visitor_turns == 0 and self.settings.greeting and not response.urgent:
            answer = f"{self.conversation.responses.greeting} {answer}".strip()
        self._visitor_turns += 1
        self._last_activity_s = self._audio_s
        self.stats.turns += 1
        self.stats.urgent += response.urgent
        log.info(
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
            intents = self.conversation.intents
            matched = intents.intents.get(response.intent)
            topic = matched.title if matched is not None and matched.is_topic else ""
            said = heard.transcript.text if self.settings.show_question else ""
            self.board.show(said, answer, urgent=response.urgent, intent=response.intent, topic=topic)
        if self.speaker is not None and answer and response.action is not Action.STOP:
            self._phase(Phase.SPEAKING)
            settings = SpeechSettings(response.voice.rate, response.voice.volume, self.voice)
            self._speak(self.speaker, answer, settings)
            self.speaker.wait()
            for problem in self.speaker.errors:
                log.error("speech output: %s", problem)
            self.speaker.errors.clear()
            if self._after_speaking is not None:
                self._after_speaking()
        if response.action is Action.END:
            self._new_visitor("goodbye")
        self._phase(self._waiting_phase)

    def _speak(self, speaker: Speaker, answer: str, settings: SpeechSettings) -> None:
        if self._duplex is None or self._chunks is None:
            speaker.say(answer, settings)
            return
        if self._after_speaking is not None:
            self._after_speaking()  # heard while the answer was worked out: the answer starts now
        hit = self._duplex.speak(lambda: speaker.say(answer, settings), self._chunks, self._chunk_ended_at)
        if hit is not None:
            log.info("answer stopped by voice (heard '%s')", hit.word)

    def _maybe_new_visitor(self) -> None:
        last = self._last_activity_s
        if last is not None and self._audio_s - last >= self.settings.new_visitor_after_s:
            self._new_visitor("quiet")

    def _new_visitor(self, why: str) -> None:
        if self._visitor_turns:
            log.info("visitor %d ended (%s) after %d turns", self.stats.visitors, why, self._visitor_turns)
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
        except ENGINE_ERRORS as exc:
            self._restart_engines(exc)
        except Exception as exc:  # noqa: BLE001 - the kiosk outlives a bug; the utterance is dropped
            self.stats.errors += 1
            frames = "".join(traceback.format_tb(exc.__traceback__))
            # The type and the frames only: an exception's message may hold words a visitor said.
            log.error("handling an utterance failed (%s); it was dropped\n%s", type(exc).__name__, frames.rstrip())
            if self.board is not None:
                self.board.report_error(f"handling an utterance failed ({type(exc).__name__})")
            self.listener.reset()
            self._thinking = False
            self._phase(self._resting_phase)

    def _restart_engines(self, exc: Exception) -> None:
        """Drop the utterance in progress and open a fresh engine (and wake-phrase spotter),
        waiting longer each time."""
        log.error("speech engine failed (%s); restarting it", exc)
        self._phase(Phase.RESTARTING)
        if self.board is not None:
            self.board.report_error(f"speech engine failed ({exc})")
        self.notifier.status("Restarting the speech engine")
        self.close()

        def open_both() -> tuple[Recognizer, WakeSpotter | None]:
            recognizer = self.open_engine()
            return recognizer, self.open_spotter(recognizer) if self.open_spotter is not None else None

        recognizer, spotter = self.supervisor.reopen(open_both, "the speech engine")
        self.listener.replace_engines(recognizer, spotter)
        self.stats.restarts += 1
        self._phase(self._resting_phase)
        self.notifier.status(self._status)
        log.info("speech engine restarted")

    # -- what the screen and the earcons say ----------------------------------------------

    @property
    def _status(self) -> str:
        """systemd's status line while all is well."""
        return _STATUS[self.attention.trigger]

    @property
    def _resting_phase(self) -> Phase:
        return Phase.LISTENING if self.attention.trigger is Trigger.ALWAYS else Phase.IDLE

    @property
    def _waiting_phase(self) -> Phase:
        """Listening during a follow-up window, else the resting phase."""
        return Phase.LISTENING if self.attention.awake(self.listener.endpointer.now) else self._resting_phase

    def _on_event(self, event: object) -> None:
        if isinstance(event, SpeechStarted) and self.attention.trigger is Trigger.ALWAYS:
            self._phase(Phase.LISTENING)
        elif isinstance(event, SpeechEnded) and event.kept:
            self._thinking = True
            self._phase(Phase.THINKING)
        elif isinstance(event, Woke):
            log.info("woke")
            self._phase(Phase.LISTENING)
            self._cue("listening")
        elif isinstance(event, Ignored):
            self._phase(self._resting_phase)

    def _phase(self, phase: Phase) -> None:
        if self.board is not None:
            self.board.set_phase(phase)

    def _cue(self, kind: str) -> None:
        if self.speaker is not None:
            v = self.conversation.voice_range
            self.speaker.cue(kind, SpeechSettings(v.rate, v.volume, self.voice))
