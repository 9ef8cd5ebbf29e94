"""A local HTTP server on 127.0.0.1 for download tests: files by path, HTTP Range, and cut-short transfers.

Use its fixtures from a test module: ``from .support.local_http import LocalServer, no_proxies, server``.
"""

from __future__ import annotations

import re
import threading
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest


@dataclass
class Seen:
    path: str
    range: str | None


@dataclass
class ServerState:
    files: dict[str, bytes] = field(default_factory=dict)
    requests: list[Seen] = field(default_factory=list)
    cut_after: dict[str, int] = field(default_factory=dict)
    """One-shot: send only this many body bytes of the path, then close the connection."""
    ignore_range: bool = False
    lock: threading.Lock = field(default_factory=threading.Lock)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    state: ServerState

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a client that stops reading early is expected here


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        state = self.server.state
        path = urllib.parse.urlsplit(self.path).path
        asked = self.headers.get("Range")
        with state.lock:
            state.requests.append(Seen(path, asked))
            cut = state.cut_after.pop(path, None)
            body = state.files.get(path)
        if body is None:
            self.send_error(404)
            return
        start, status = 0, 200
        match = re.fullmatch(r"bytes=(\d+)-", (asked or "").strip())
        if match and not state.ignore_range:
            start = int(match[1])
            if start >= len(body):
                self.send_response(416)
                self.send_header("Content-Range", f"bytes */{len(body)}")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            status = 206
        payload = body[start:]
        self.send_response(status)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Content-Length", str(len(payload)))
        if status == 206:
            self.send_header("Content-Range", f"bytes {start}-{len(body) - 1}/{len(body)}")
        self.end_headers()
        if cut is not None:
            payload = payload[:cut]
            self.close_connection = True
        self.wfile.write(payload)
        self.wfile.flush()


@dataclass
class LocalServer:
    base: str
    state: ServerState

    def url(self, path: str) -> str:
        return self.base + path

    def serve(self, path: str, body: bytes) -> str:
        self.state.files[path] = body
        return self.url(path)


@pytest.fixture(autouse=True)
def no_proxies(monkeypatch: pytest.MonkeyPatch) -> None:
    """urllib must talk to 127.0.0.1 directly, never through a proxy."""
    for key in ("http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("no_proxy", "*")
    monkeypatch.setenv("NO_PROXY", "*")


@pytest.fixture
def server() -> Iterator[LocalServer]:
    httpd = _Server(("127.0.0.1", 0), _Handler)
    httpd.state = ServerState()
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True)
    thread.start()
    try:
        yield LocalServer(f"http://127.0.0.1:{httpd.server_address[1]}", httpd.state)
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=2)
