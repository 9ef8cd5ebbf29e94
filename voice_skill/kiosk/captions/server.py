"""The caption page over HTTP, on the loopback interface by default, with the standard library.

Routes: ``GET /`` the page, and its files ``/captions.js``, ``/captions.css`` and ``/favicon.svg`` (all
from ``web/`` beside this module); ``GET /events`` (server-sent events: the current view at once, then every
change, and a ``ping`` event every few seconds so the page can tell a live server from a lost one);
``GET /state`` (the current view as JSON); ``GET /healthz`` (state, uptime and last error, never a visitor's
words: 200 while the kiosk can hear, 503 while it cannot or is restarting); ``POST /talk`` (calls ``on_talk``;
404 when there is none); any other path is 404. The JSON of a view is
:func:`~voice_skill.kiosk.captions.board.view_json`: the view's fields plus ``"talk"``, whether the page offers
push-to-talk.

Hostile or broken requests get a short plain-text 4xx and the server goes on: a path that is not a plain
absolute path is 400, other methods 405 (with ``Allow``), a header line over 64 KiB or over 100 headers 431, a
request line over 64 KiB 414, a malformed request line 400, and a client that sends nothing is dropped after
:data:`REQUEST_TIMEOUT_S`.
"""

from __future__ import annotations

import errno
import logging
import socket
import socketserver
import threading
import time
from collections.abc import Callable
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from typing import cast
from urllib.parse import urlsplit

from ...base.errors import SkillError
from .board import CaptionBoard, Subscription, view_json
from .network import format_host, is_loopback, reachable_hosts

log = logging.getLogger(__name__)

KEEPALIVE_S = 5.0
"""Seconds between ``ping`` events on an event stream; the page calls the server lost after a few missed."""

REQUEST_TIMEOUT_S = 10.0
"""A client that has not sent its request (or stops reading) this long is dropped."""

ALLOWED_METHODS = ("GET", "POST")

RETRY_MS = 2000
"""How soon a page's EventSource reconnects after the stream drops."""

TALK_HEADER = "X-Caption-Talk"
"""``POST /talk`` needs this header: a custom header makes a browser ask first (CORS preflight), which this server
never allows, so another web site open on the machine cannot switch the microphone on."""

_STATIC: dict[str, tuple[str, str]] = {
    "/": ("captions.html", "text/html; charset=utf-8"),
    "/captions.js": ("captions.js", "text/javascript; charset=utf-8"),
    "/captions.css": ("captions.css", "text/css; charset=utf-8"),
    "/favicon.svg": ("favicon.svg", "image/svg+xml"),
}

CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)


class CaptionError(SkillError):
    """The caption page cannot be served (port in use, address unavailable, page files missing)."""

    exit_code = 9


def _read_static() -> dict[str, tuple[bytes, str]]:
    web = resources.files(__package__) / "web"
    files: dict[str, tuple[bytes, str]] = {}
    for route, (name, content_type) in _STATIC.items():
        try:
            files[route] = ((web / name).read_bytes(), content_type)
        except OSError as exc:
            raise CaptionError(
                f"caption page file missing: voice_skill/kiosk/captions/web/{name} ({exc.strerror})"
            ) from None
    return files


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, owner: CaptionServer, address: tuple[str, int]) -> None:
        self.owner = owner
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        super().__init__(address, _Handler, bind_and_activate=True)

    def server_bind(self) -> None:
        # HTTPServer.server_bind looks the host's name up (getfqdn), which can stall on a machine without DNS.
        socketserver.TCPServer.server_bind(self)
        host, port = self.server_address[:2]
        self.server_name, self.server_port = str(host), int(port)

    def handle_error(self, request: object, client_address: object) -> None:
        log.debug("caption page: error serving %s", client_address, exc_info=True)


class _Handler(BaseHTTPRequestHandler):
    server_version = "voice-skill-captions"
    sys_version = ""
    protocol_version = "HTTP/1.0"
    timeout = REQUEST_TIMEOUT_S

    @property
    def owner(self) -> CaptionServer:
        return cast(_Server, self.server).owner

    def log_message(self, format: str, *args: object) -> None:
        """No request log on stderr."""

    def parse_request(self) -> bool:
        """The standard checks (request line, version, headers), then: a method this server has, and a plain
        absolute path (no scheme, no ``//host``, no ``..`` segment)."""
        if not super().parse_request():
            return False
        if self.command not in ALLOWED_METHODS:
            self.send_error(HTTPStatus.METHOD_NOT_ALLOWED)
            return False
        path = urlsplit(self.path).path if self.path.startswith("/") and not self.path.startswith("//") else ""
        if not path or ".." in path.split("/") or "\\" in path:
            self.send_error(HTTPStatus.BAD_REQUEST, "Bad path")
            return False
        return True

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """Errors as short plain text with the same headers as every answer, and the connection closed."""
        status = HTTPStatus(code)
        self.close_connection = True
        if self.request_version == "HTTP/0.9":
            self.request_version = "HTTP/1.0"  # a status line even for a request line too broken to know its version
        body = f"{message or status.phrase}\n".encode("ascii", "replace")
        self._headers(status, "text/plain; charset=utf-8")
        if status is HTTPStatus.METHOD_NOT_ALLOWED:
            self.send_header("Allow", ", ".join(ALLOWED_METHODS))
        self.send_header("Connection", "close")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        if not self._host_allowed():
            return
        path = urlsplit(self.path).path
        owner = self.owner
        static = owner.static_file(path)
        if static is not None:
            body, content_type = static
            self._send(HTTPStatus.OK, body, content_type)
        elif path == "/state":
            body = view_json(owner.board.snapshot(), talk=owner.talk_enabled)
            self._send(HTTPStatus.OK, body, "application/json; charset=utf-8")
        elif path == "/healthz":
            health = owner.board.health()
            status = HTTPStatus.OK if health.healthy else HTTPStatus.SERVICE_UNAVAILABLE
            self._send(status, health.json(), "application/json; charset=utf-8")
        elif path == "/events":
            self._stream_events()
        else:
            self._send(HTTPStatus.NOT_FOUND, b"Not found\n", "text/plain; charset=utf-8")

    def do_POST(self) -> None:
        if not self._host_allowed():
            return
        path = urlsplit(self.path).path
        on_talk = self.owner.on_talk
        if path != "/talk" or on_talk is None:
            self._send(HTTPStatus.NOT_FOUND, b"Not found\n", "text/plain; charset=utf-8")
            return
        origin = self.headers.get("Origin")
        if self.headers.get(TALK_HEADER) is None or (origin is not None and origin != self._own_origin()):
            self._send(HTTPStatus.FORBIDDEN, b"Forbidden\n", "text/plain; charset=utf-8")
            return
        try:
            on_talk()
        except Exception:
            log.exception("caption page: on_talk failed")
            self._send(HTTPStatus.INTERNAL_SERVER_ERROR, b"Push-to-talk failed\n", "text/plain; charset=utf-8")
            return
        self._send(HTTPStatus.NO_CONTENT, b"", None)

    def _own_origin(self) -> str:
        return f"http://{self.headers.get('Host', '')}"

    def _host_allowed(self) -> bool:
        """On loopback, only answer requests addressed to a loopback name: a web page that rebinds its own
        domain name to 127.0.0.1 must not read what the patient asked."""
        if not is_loopback(self.owner.host):
            return True
        host = self.headers.get("Host", "")
        name = host.rsplit(":", 1)[0] if not host.endswith("]") else host
        if is_loopback(name.strip("[]")):
            return True
        self._send(HTTPStatus.FORBIDDEN, b"Forbidden\n", "text/plain; charset=utf-8")
        return False

    def _headers(self, status: HTTPStatus, content_type: str | None) -> None:
        self.send_response(status)
        if content_type is not None:
            self.send_header("Content-Type", content_type)
        self.send_header("Cache-Control", "no-store")
        self.send_header("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")

    def _send(self, status: HTTPStatus, body: bytes, content_type: str | None) -> None:
        self._headers(status, content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if body:
            self.wfile.write(body)

    def _stream_events(self) -> None:
        owner = self.owner
        subscription = owner.open_stream()
        self.close_connection = True
        try:
            self._headers(HTTPStatus.OK, "text/event-stream; charset=utf-8")
            self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(f"retry: {RETRY_MS}\n\n".encode())
            self.wfile.write(b'event: ping\ndata: {"every_s":%g}\n\n' % owner.keepalive_s)
            next_ping = time.monotonic() + owner.keepalive_s
            while not subscription.closed:
                view = subscription.get(timeout=max(0.0, next_ping - time.monotonic()))
                if view is not None:
                    data = view_json(view, talk=owner.talk_enabled)
                    self.wfile.write(b"id: %d\ndata: %s\n\n" % (view.seq, data))
                elif not subscription.closed and time.monotonic() >= next_ping:
                    self.wfile.write(b'event: ping\ndata: {"every_s":%g}\n\n' % owner.keepalive_s)
                    next_ping = time.monotonic() + owner.keepalive_s
        except OSError:
            pass  # the page went away
        finally:
            owner.close_stream(subscription)


class CaptionServer:
    """Serves the caption page of ``board`` over HTTP from a daemon thread (loopback only by default).

    ``on_talk`` is called on a server thread when the page's push-to-talk button is pressed; it should return
    quickly (set an event). Without it the page shows no button and ``POST /talk`` is 404."""

    def __init__(
        self,
        board: CaptionBoard,
        host: str = "127.0.0.1",
        port: int = 8080,
        on_talk: Callable[[], None] | None = None,
    ) -> None:
        self.board = board
        self.host = host
        self.port = port
        self.on_talk = on_talk
        self.keepalive_s = KEEPALIVE_S
        self._static = _read_static()
        self._httpd: _Server | None = None
        self._thread: threading.Thread | None = None
        self._streams: set[Subscription] = set()
        self._lock = threading.Lock()
        self._closing = False

    @property
    def talk_enabled(self) -> bool:
        return self.on_talk is not None

    @property
    def address(self) -> tuple[str, int]:
        """The host and port served; the port is the real one once started (port 0 picks a free one)."""
        if self._httpd is None:
            return self.host, self.port
        host, port = self._httpd.server_address[:2]
        return str(host), int(port)

    @property
    def url(self) -> str:
        host, port = self.address
        return f"http://{format_host(host)}:{port}/"

    @property
    def urls(self) -> list[str]:
        """The addresses the page can really be opened at: for ``0.0.0.0`` or ``::``, this machine's own."""
        host, port = self.address
        return [f"http://{format_host(h)}:{port}/" for h in reachable_hosts(host)]

    def start(self) -> None:
        """Bind and serve in a daemon thread. Raises :class:`CaptionError` if the address cannot be bound."""
        if self._httpd is not None:
            return
        where = f"{format_host(self.host)}:{self.port}"
        try:
            httpd = _Server(self, (self.host, self.port))
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                reason = "the port is in use (another caption page or program?)"
            else:
                reason = exc.strerror or str(exc)
            raise CaptionError(f"cannot serve the caption page on {where}: {reason}") from None
        self._httpd = httpd
        self._closing = False
        self._thread = threading.Thread(
            target=httpd.serve_forever, kwargs={"poll_interval": 0.1}, name="caption-server", daemon=True
        )
        self._thread.start()
        if not is_loopback(self.host):
            log.warning(
                "the caption page is reachable beyond this machine, at %s: anyone on the network can read the "
                "captions (set kiosk.captions_host: 127.0.0.1 to keep it here)",
                ", ".join(self.urls),
            )

    def close(self) -> None:
        """Stop serving and end every open event stream. Safe to call twice, or without :meth:`start`."""
        httpd, thread = self._httpd, self._thread
        with self._lock:
            self._closing = True
            streams = list(self._streams)
        for subscription in streams:
            subscription.close()
        if httpd is None:
            return
        if thread is not None and thread is not threading.current_thread():
            httpd.shutdown()
            thread.join(timeout=2)
        httpd.server_close()
        self._httpd = None
        self._thread = None

    def __enter__(self) -> CaptionServer:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def static_file(self, path: str) -> tuple[bytes, str] | None:
        """The body and content type of a page file, or None when ``path`` is not one."""
        return self._static.get(path)

    def open_stream(self) -> Subscription:
        """A subscription for one event stream (closed at once when the server is closing)."""
        subscription = self.board.subscribe()
        with self._lock:
            if self._closing:
                subscription.close()
            else:
                self._streams.add(subscription)
        return subscription

    def close_stream(self, subscription: Subscription) -> None:
        """The event stream of ``subscription`` ended."""
        subscription.close()
        with self._lock:
            self._streams.discard(subscription)
