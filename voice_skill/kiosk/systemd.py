"""systemd's service notifications (``sd_notify``), with the standard library only.

Under ``Type=notify`` systemd hands the service ``$NOTIFY_SOCKET``, a unix datagram socket (a path, or
``@name`` in the abstract namespace); with ``WatchdogSec=`` it also sets ``$WATCHDOG_USEC`` (and
``$WATCHDOG_PID``) and restarts the service when no ``WATCHDOG=1`` arrives in time. :class:`Notifier` sends
``READY=1`` once the kiosk hears audio, ``WATCHDOG=1`` at half the interval while the loop is alive (the loop
calls :meth:`Notifier.watchdog`; nothing pings from a thread of its own, so a stuck loop is noticed) and
``STATUS=`` lines for ``systemctl status``. Without ``$NOTIFY_SOCKET`` it does nothing.
"""

from __future__ import annotations

import logging
import os
import socket
import time
from collections.abc import Callable, Mapping

log = logging.getLogger(__name__)

WATCHDOG_FRACTION = 0.5
"""Ping at this share of the watchdog interval, as systemd recommends."""
MICROSECONDS = 1_000_000


class Notifier:
    """Sends notifications to ``socket_path`` (nothing when it is None). ``watchdog_s`` is the watchdog interval
    (None: no watchdog pings)."""

    def __init__(
        self,
        socket_path: str | None,
        watchdog_s: float | None = None,
        *,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.address = "\0" + socket_path[1:] if socket_path and socket_path.startswith("@") else socket_path
        self.watchdog_s = watchdog_s if socket_path else None
        self._clock = clock
        self._next_ping: float | None = None
        self._ready = False
        self._status = ""
        self._failed = False

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Notifier:
        """From ``$NOTIFY_SOCKET``, ``$WATCHDOG_USEC`` and ``$WATCHDOG_PID`` (a watchdog for another process is
        not ours to feed)."""
        env = os.environ if env is None else env
        path = env.get("NOTIFY_SOCKET") or None
        watchdog_s: float | None = None
        pid = env.get("WATCHDOG_PID", "")
        try:
            usec = int(env.get("WATCHDOG_USEC", ""))
            if usec > 0 and (not pid or int(pid) == os.getpid()):
                watchdog_s = usec / MICROSECONDS
        except ValueError:
            watchdog_s = None
        return cls(path, watchdog_s)

    @property
    def enabled(self) -> bool:
        return self.address is not None

    @property
    def ping_every_s(self) -> float | None:
        return None if self.watchdog_s is None else self.watchdog_s * WATCHDOG_FRACTION

    def send(self, *fields: str) -> bool:
        """One datagram of ``KEY=value`` lines; False when there is no socket or sending failed (logged once)."""
        if self.address is None:
            return False
        try:
            with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as sock:
                sock.sendto("\n".join(fields).encode(), self.address)
        except OSError as exc:
            if not self._failed:
                log.warning("cannot notify systemd (%s)", exc.strerror or exc)
                self._failed = True
            return False
        self._failed = False
        return True

    def ready(self, status: str = "") -> None:
        """The service is up (once; later calls only update the status)."""
        if not self._ready:
            self._ready = True
            self._status = status
            self.send("READY=1", *([f"STATUS={status}"] if status else []))
        else:
            self.status(status)

    def status(self, text: str) -> None:
        """What ``systemctl status`` shows (sent only when it changes)."""
        if text and text != self._status:
            self._status = text
            self.send(f"STATUS={text}")

    def watchdog(self) -> None:
        """The loop is alive: ``WATCHDOG=1`` if one is due (cheap to call on every chunk)."""
        every = self.ping_every_s
        if every is None:
            return
        now = self._clock()
        if self._next_ping is None or now >= self._next_ping:
            self._next_ping = now + every
            self.send("WATCHDOG=1")

    def stopping(self, status: str = "") -> None:
        self.send("STOPPING=1", *([f"STATUS={status}"] if status else []))

    def sleep(self, seconds: float, sleep: Callable[[float], None] | None = None) -> None:
        """``sleep(seconds)`` (default :func:`time.sleep`) in slices, feeding the watchdog between them, so a long
        back-off is not a hang."""
        sleep = sleep if sleep is not None else time.sleep
        every = self.ping_every_s
        if every is None:
            sleep(seconds)
            return
        left = seconds
        while left > 0:
            self.watchdog()
            step = min(left, every)
            sleep(step)
            left -= step
        self.watchdog()
