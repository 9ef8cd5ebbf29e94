"""Large captions for the kiosk: what the page shows, held in memory (never on disk).

:class:`CaptionBoard` holds the current view and hands every change to its subscribers;
:class:`~voice_skill.kiosk.captions.server.CaptionServer` serves it over HTTP:

    board = CaptionBoard(emergency_number="911")
    server = CaptionServer(board, port=8080, on_talk=push_to_talk.set)
    server.start()                      # CaptionError if the port is taken
    board.set_phase(Phase.LISTENING)
    board.show("can I take a bath", "Showers are fine; avoid baths for ...", intent="bathing")
    board.clear()                       # new visitor: nothing of the last one stays on screen
    server.close()
"""

from __future__ import annotations

import json
import threading
from collections import deque
from dataclasses import asdict, dataclass
from enum import StrEnum

SUBSCRIPTION_QUEUE = 4
"""Views a subscriber may fall behind by; older ones are dropped (each view is the whole state)."""


class Phase(StrEnum):
    """What the assistant is doing; the page shows it as text and colour."""

    IDLE = "idle"
    LISTENING = "listening"
    THINKING = "thinking"
    SPEAKING = "speaking"


@dataclass(frozen=True)
class Turn:
    """One question and its answer."""

    heard: str
    answer: str
    urgent: bool = False
    intent: str | None = None


@dataclass(frozen=True)
class CaptionView:
    """Everything the page shows at one moment. ``history`` holds past turns, oldest first (notices are not kept);
    ``seq`` grows by one on every change of the board."""

    phase: Phase
    heard: str
    answer: str
    urgent: bool
    emergency_number: str
    history: tuple[Turn, ...]
    seq: int
    intent: str | None = None


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

    def __init__(self, emergency_number: str, history: int = 3) -> None:
        if history < 0:
            raise ValueError(f"history must be 0 or more, not {history}")
        self.emergency_number = emergency_number
        self._lock = threading.Lock()
        self._history: deque[Turn] = deque(maxlen=history)
        self._phase = Phase.IDLE
        self._heard = ""
        self._answer = ""
        self._urgent = False
        self._intent: str | None = None
        self._current: Turn | None = None  # the turn on screen, None for a notice or nothing
        self._seq = 0
        self._subscribers: set[Subscription] = set()

    def set_phase(self, phase: Phase) -> None:
        """Show what the assistant is doing; setting the phase it already has is no change."""
        phase = Phase(phase)
        with self._lock:
            if phase == self._phase:
                return
            self._phase = phase
            self._publish()

    def show(self, heard: str, answer: str, *, urgent: bool = False, intent: str | None = None) -> None:
        """A turn: what was heard and the answer. ``urgent`` shows the banner; a non-urgent turn hides it."""
        with self._lock:
            self._retire_current()
            self._current = Turn(heard, answer, urgent, intent)
            self._heard, self._answer, self._urgent, self._intent = heard, answer, urgent, intent
            self._publish()

    def notice(self, text: str) -> None:
        """Show ``text`` as the answer with nothing heard (greeting, disclaimer, "Microphone problem, retrying").
        An urgent banner stays up: only a non-urgent turn or :meth:`clear` takes it down."""
        with self._lock:
            self._retire_current()
            self._current = None
            self._heard, self._answer, self._intent = "", text, None
            self._publish()

    def clear(self) -> None:
        """New visitor: wipe what was heard, the answer, the history and the banner."""
        with self._lock:
            self._history.clear()
            self._current = None
            self._heard, self._answer, self._urgent, self._intent = "", "", False, None
            self._publish()

    def snapshot(self) -> CaptionView:
        with self._lock:
            return self._view()

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

    def _retire_current(self) -> None:
        if self._current is not None and self._history.maxlen:
            self._history.append(self._current)

    def _view(self) -> CaptionView:
        return CaptionView(
            phase=self._phase,
            heard=self._heard,
            answer=self._answer,
            urgent=self._urgent,
            emergency_number=self.emergency_number,
            history=tuple(self._history),
            seq=self._seq,
            intent=self._intent,
        )

    def _publish(self) -> None:
        self._seq += 1
        view = self._view()
        for subscription in self._subscribers:
            subscription.deliver(view)


def view_json(view: CaptionView, *, talk: bool) -> bytes:
    """The wire form of a view: its fields, plus whether the page offers push-to-talk."""
    return json.dumps({**asdict(view), "talk": talk}, ensure_ascii=False, separators=(",", ":")).encode()
