"""Large captions for the kiosk: what the page shows, held in memory (never on disk).

:class:`CaptionBoard` holds the current view and hands every change to its subscribers;
:class:`~voice_skill.kiosk.captions.server.CaptionServer` serves it over HTTP:

    board = CaptionBoard(emergency_number="911", welcome=Welcome(examples=("Is cramping normal?",)))
    server = CaptionServer(board, port=8080, on_talk=push_to_talk.set)
    server.start()                      # CaptionError if the port is taken
    board.set_phase(Phase.LISTENING)
    board.show("", "Showers are fine; avoid baths for ...", intent="bathing", topic="bathing after the test")
    board.not_hearing("no microphone")  # the page says so, /healthz answers 503
    board.clear()                       # new visitor: nothing of the last one stays on screen
    server.close()

One answer is on screen at a time: no history of earlier turns (it would be too small to read across a room,
and would keep one visitor's questions on screen for the next).
"""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from enum import StrEnum

SUBSCRIPTION_QUEUE = 4
"""Views a subscriber may fall behind by; older ones are dropped (each view is the whole state)."""


class Phase(StrEnum):
    """What the assistant is doing; the page shows it as text and colour."""

    IDLE = "idle"
    """Waiting for the talk button or the wake phrase (never shown as listening)."""
    LISTENING = "listening"
    THINKING = "thinking"
    SPEAKING = "speaking"
    NOT_HEARING = "not_hearing"
    """No audio comes in (no microphone, the input has ended): :attr:`CaptionView.reason` says why."""
    RESTARTING = "restarting"
    """A speech engine failed and is being restarted."""

    @property
    def healthy(self) -> bool:
        """Whether the kiosk can hear in this phase (``/healthz`` answers 503 when not)."""
        return self not in (Phase.NOT_HEARING, Phase.RESTARTING)


@dataclass(frozen=True)
class Welcome:
    """What the idle screen offers a passer-by: example questions and the disclaimer (the page adds its heading,
    "Ask me about your HSG test", and "Nothing you say is recorded"). ``wake_phrase`` is set when the kiosk waits
    for it, so the page can say it."""

    examples: tuple[str, ...] = ()
    disclaimer: str = ""
    wake_phrase: str = ""


@dataclass(frozen=True)
class CaptionView:
    """Everything the page shows at one moment; ``seq`` grows by one on every change of the board.

    ``heard`` is what the visitor said, or empty when the kiosk shows only the matched topic's title
    (``topic``; ``kiosk.show_question: false``). ``reason`` says why the kiosk is not hearing (empty otherwise).
    An empty ``answer`` (and no banner) is the idle screen, which offers ``welcome``."""

    phase: Phase
    heard: str
    answer: str
    urgent: bool
    emergency_number: str
    seq: int
    intent: str | None = None
    topic: str = ""
    reason: str = ""
    welcome: Welcome = field(default_factory=Welcome)


@dataclass(frozen=True)
class Health:
    """What ``/healthz`` reports: no words of any visitor, only the state and the last problem."""

    state: Phase
    reason: str
    uptime_s: float
    last_error: str | None
    last_error_age_s: float | None

    @property
    def healthy(self) -> bool:
        return self.state.healthy

    def json(self) -> bytes:
        body = {**asdict(self), "healthy": self.healthy, "uptime_s": round(self.uptime_s, 1)}
        if self.last_error_age_s is not None:
            body["last_error_age_s"] = round(self.last_error_age_s, 1)
        return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()


class Subscription:
    """The views of a :class:`CaptionBoard`, newest last, for one reader. Holds at most a few views: a reader that
    falls behind loses the older ones, never the newest, and never slows the board down."""

    def __init__(self, board: CaptionBoard, first: CaptionView, maxlen: int = SUBSCRIPTION_QUEUE) -> None:
        self._board = board
        self._views: deque[CaptionView] = deque([first], maxlen=max(1, maxlen))
        self._cond = threading.Condition()
        self._closed = False

    @property
    def closed(self) -> bool:
        return self._closed

    def get(self, timeout: float | None = None) -> CaptionView | None:
        """The next view; None when ``timeout`` seconds pass first or the subscription is closed."""
        with self._cond:
            self._cond.wait_for(lambda: self._views or self._closed, timeout)
            if self._closed or not self._views:
                return None
            return self._views.popleft()

    def close(self) -> None:
        """Stop receiving views; a reader blocked in :meth:`get` returns None at once. Safe to call twice."""
        self._board.unsubscribe(self)
        with self._cond:
            self._closed = True
            self._views.clear()
            self._cond.notify_all()

    def deliver(self, view: CaptionView) -> None:
        """Hand on a new view (the board calls this); the oldest is dropped when the reader is behind."""
        with self._cond:
            if not self._closed:
                self._views.append(view)
                self._cond.notify_all()


class CaptionBoard:
    """The current captions. Thread-safe, in memory only (never writes anything to disk), no network."""

    def __init__(
        self,
        emergency_number: str,
        welcome: Welcome | None = None,
        *,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.emergency_number = emergency_number
        self.welcome = welcome or Welcome()
        self._clock = clock
        self._started = clock()
        self._lock = threading.Lock()
        self._phase = Phase.IDLE
        self._reason = ""
        self._heard = ""
        self._answer = ""
        self._urgent = False
        self._intent: str | None = None
        self._topic = ""
        self._last_error: tuple[str, float] | None = None
        self._seq = 0
        self._subscribers: set[Subscription] = set()

    def set_phase(self, phase: Phase) -> None:
        """Show what the assistant is doing; setting the phase it already has is no change. Use
        :meth:`not_hearing` for :attr:`Phase.NOT_HEARING` (it needs a reason)."""
        phase = Phase(phase)
        with self._lock:
            if phase == self._phase and not self._reason:
                return
            self._phase, self._reason = phase, ""
            self._publish()

    def not_hearing(self, reason: str) -> None:
        """No audio comes in (``reason``: "no microphone", "the input has ended"): the page says so, in words and
        colour, until the next :meth:`set_phase`; ``/healthz`` answers 503 meanwhile."""
        with self._lock:
            if (self._phase, self._reason) == (Phase.NOT_HEARING, reason):
                return
            self._phase, self._reason = Phase.NOT_HEARING, reason
            self._publish()

    def report_error(self, message: str) -> None:
        """Remember the last problem for ``/healthz`` (a device or engine message, never words a visitor said)."""
        with self._lock:
            self._last_error = (message, self._clock())

    def show(
        self, heard: str, answer: str, *, urgent: bool = False, intent: str | None = None, topic: str = ""
    ) -> None:
        """A turn: what was heard (or nothing, when only ``topic`` is shown) and the answer. ``urgent`` shows the
        banner; a non-urgent turn hides it."""
        with self._lock:
            self._heard, self._answer, self._urgent, self._intent = heard, answer, urgent, intent
            self._topic = topic
            self._publish()

    def notice(self, text: str) -> None:
        """Show ``text`` as the answer with nothing heard (greeting, disclaimer). An urgent banner stays up: only a
        non-urgent turn or :meth:`clear` takes it down."""
        with self._lock:
            self._heard, self._answer, self._intent, self._topic = "", text, None, ""
            self._publish()

    def clear(self) -> None:
        """New visitor: wipe what was heard, the answer and the banner (back to the idle screen)."""
        with self._lock:
            self._heard, self._answer, self._urgent, self._intent, self._topic = "", "", False, None, ""
            self._publish()

    def snapshot(self) -> CaptionView:
        with self._lock:
            return self._view()

    def health(self) -> Health:
        with self._lock:
            now = self._clock()
            error, when = self._last_error if self._last_error is not None else (None, None)
            return Health(
                state=self._phase,
                reason=self._reason,
                uptime_s=now - self._started,
                last_error=error,
                last_error_age_s=None if when is None else now - when,
            )

    def subscribe(self) -> Subscription:
        """A subscription whose first :meth:`Subscription.get` returns the current view, then each change."""
        with self._lock:
            subscription = Subscription(self, self._view())
            self._subscribers.add(subscription)
            return subscription

    def unsubscribe(self, subscription: Subscription) -> None:
        """Stop handing views to ``subscription`` (:meth:`Subscription.close` calls this)."""
        with self._lock:
            self._subscribers.discard(subscription)

    def _view(self) -> CaptionView:
        return CaptionView(
            phase=self._phase,
            heard=self._heard,
            answer=self._answer,
            urgent=self._urgent,
            emergency_number=self.emergency_number,
            seq=self._seq,
            intent=self._intent,
            topic=self._topic,
            reason=self._reason,
            welcome=self.welcome,
        )

    def _publish(self) -> None:
        self._seq += 1
        view = self._view()
        for subscription in self._subscribers:
            subscription.deliver(view)


def view_json(view: CaptionView, *, talk: bool) -> bytes:
    """The wire form of a view: its fields, plus whether the page offers push-to-talk."""
    return json.dumps({**asdict(view), "talk": talk}, ensure_ascii=False, separators=(",", ":")).encode()
