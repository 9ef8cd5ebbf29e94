"""Shared pieces of the caption tests: a board and servers on free ports, HTTP and event-stream readers, and what
the page looks like in Chromium (screenshots, colours, contrast, sizes).

Use its fixtures from a test module: ``from .support.caption_page import board, serve, server, shot, talks``
(with ``pytest_plugins = ["tests.support.browser"]`` for Chromium).
"""

from __future__ import annotations

import http.client
import json
import re
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from voice_skill.kiosk.captions import CaptionBoard, CaptionServer


@pytest.fixture
def board() -> CaptionBoard:
    return CaptionBoard("911")


@pytest.fixture
def talks() -> list[float]:
    return []


@pytest.fixture
def serve(board: CaptionBoard) -> Iterator[Callable[..., CaptionServer]]:
    """Start a CaptionServer on a free port; closed at the end of the test."""
    servers: list[CaptionServer] = []

    def start(**kwargs: object) -> CaptionServer:
        server = CaptionServer(board, port=kwargs.pop("port", 0), **kwargs)  # type: ignore[arg-type]
        server.start()
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.close()


@pytest.fixture
def server(serve: Callable[..., CaptionServer]) -> CaptionServer:
    return serve()


def fetch(url: str, method: str = "GET", headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        with error:
            return error.code, dict(error.headers), error.read()


def read_event(response: http.client.HTTPResponse) -> tuple[str, dict[str, object] | None]:
    """The next event of a stream: ('data', view), ('ping', {"every_s": ...}) or ('comment', None); skips 'retry'."""
    data: dict[str, object] | None = None
    name = "data"
    comment = False
    while True:
        line = response.readline()
        if not line:
            raise EOFError("stream ended")
        text = line.decode().rstrip("\n")
        if text == "":
            if data is not None:
                return name, data
            if comment:
                return "comment", None
            continue
        if text.startswith(":"):
            comment = True
        elif text.startswith("event: "):
            name = text[len("event: ") :]
        elif text.startswith("data: "):
            data = json.loads(text[len("data: ") :])


def read_view(response: http.client.HTTPResponse) -> dict[str, object]:
    """The next view on a stream, skipping pings."""
    while True:
        kind, data = read_event(response)
        if kind == "data" and data is not None:
            return data


try:
    from playwright.sync_api import Page
except ImportError:  # the board and server tests still run; the browser fixture fails saying how to install it
    Page = object  # type: ignore[assignment,misc]


@pytest.fixture
def shot(artifacts: Path) -> Callable[[Page, str], Path]:
    """Save a screenshot as test-artifacts/captions/NAME.png and check it is a PNG."""
    folder = artifacts / "captions"
    folder.mkdir(exist_ok=True)

    def take(page: Page, name: str) -> Path:
        path = folder / f"{name}.png"
        page.screenshot(path=str(path))
        data = path.read_bytes()
        assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) > 1000, path
        return path

    return take


def parse_rgb(value: str) -> tuple[float, float, float, float]:
    match = re.fullmatch(r"rgba?\(\s*([\d.]+),\s*([\d.]+),\s*([\d.]+)(?:,\s*([\d.]+))?\s*\)", value)
    assert match, f"unexpected colour {value!r}"
    r, g, b, a = match.groups()
    return float(r), float(g), float(b), float(a) if a is not None else 1.0


def luminance(rgb: tuple[float, float, float, float]) -> float:
    def channel(c: float) -> float:
        c /= 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b, _ = rgb
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(page: Page, selector: str) -> float:
    """WCAG contrast ratio of an element's text colour against the first opaque background behind it."""
    colours = page.eval_on_selector(
        selector,
        """el => {
            const fg = getComputedStyle(el).color;
            let node = el, bg = "rgba(0, 0, 0, 0)";
            while (node) {
                bg = getComputedStyle(node).backgroundColor;
                if (!/^rgba\\(.*,\\s*0\\)$/.test(bg) && bg !== "transparent") break;
                node = node.parentElement;
            }
            return [fg, bg];
        }""",
    )
    fg, bg = parse_rgb(colours[0]), parse_rgb(colours[1])
    assert fg[3] == 1.0 and bg[3] == 1.0, colours
    light, dark = sorted((luminance(fg), luminance(bg)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def font_px(page: Page, selector: str) -> float:
    return float(page.eval_on_selector(selector, "el => parseFloat(getComputedStyle(el).fontSize)"))


def background(page: Page, selector: str) -> tuple[float, float, float, float]:
    return parse_rgb(page.eval_on_selector(selector, "el => getComputedStyle(el).backgroundColor"))


def is_green(rgb: tuple[float, float, float, float]) -> bool:
    """A colour a visitor would call green: green well above both red and blue."""
    r, g, b, _ = rgb
    return g > r + 40 and g > b + 40
