"""The kiosk's caption board, its HTTP server over real sockets, and the page in real headless Chromium."""

from __future__ import annotations

import contextlib
import json
import logging
import re
import socket
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import FrozenInstanceError
from importlib import resources
from pathlib import Path

import pytest

from voice_skill.base.errors import SkillError
from voice_skill.kiosk.captions import CaptionBoard, CaptionError, CaptionServer, CaptionView, Phase
from voice_skill.kiosk.captions.board import SUBSCRIPTION_QUEUE, view_json
from voice_skill.kiosk.captions.server import TALK_HEADER

from .support.caption_page import (
    Page,
    board,
    contrast,
    fetch,
    font_px,
    read_event,
    read_view,
    serve,
    server,
    shot,
    talks,
)

with contextlib.suppress(ImportError):  # the board and server tests still run; the browser fixture says what is missing
    from playwright.sync_api import expect

pytest_plugins = ["tests.support.browser"]
FIXTURES = (board, serve, server, shot, talks)  # pytest finds them by name in this module

HEARD = "can I take a bath tonight"
ANSWER = "Showers are fine. Avoid baths, swimming and sex for 24 hours, or as your provider told you."
URGENT_HEARD = "I have a fever and bad pain"
URGENT_ANSWER = "A fever or pain that gets worse after the test can mean an infection."
SHORT_HEARD = "bath?"
SHORT_ANSWER = "Showers are fine."


# ---------------------------------------------------------------- board


def test_seq_grows_by_one_on_every_change() -> None:
    board = CaptionBoard("911")
    seqs = [board.snapshot().seq]
    board.set_phase(Phase.LISTENING)
    seqs.append(board.snapshot().seq)
    board.set_phase(Phase.LISTENING)  # no change
    seqs.append(board.snapshot().seq)
    board.show(HEARD, ANSWER)
    seqs.append(board.snapshot().seq)
    board.show(HEARD, ANSWER)  # the same turn again is a new turn
    seqs.append(board.snapshot().seq)
    board.notice("Hello")
    seqs.append(board.snapshot().seq)
    board.clear()
    seqs.append(board.snapshot().seq)
    assert seqs == [0, 1, 1, 2, 3, 4, 5]


def test_view_holds_the_turn_and_is_frozen() -> None:
    board = CaptionBoard("112")
    board.set_phase(Phase.SPEAKING)
    board.show(HEARD, ANSWER, intent="bathing", topic="bathing after the test")
    view = board.snapshot()
    assert view == CaptionView(
        phase=Phase.SPEAKING,
        heard=HEARD,
        answer=ANSWER,
        urgent=False,
        emergency_number="112",
        seq=2,
        intent="bathing",
        topic="bathing after the test",
    )
    with pytest.raises(FrozenInstanceError):
        view.answer = "changed"  # type: ignore[misc]


def test_one_answer_at_a_time_no_history_of_earlier_turns() -> None:
    """The page shows one answer, as large as fits: nothing of earlier turns is kept or sent."""
    board = CaptionBoard("911")
    for n in range(1, 4):
        board.show(f"q{n}", f"a{n}", intent=f"i{n}")
    view = board.snapshot()
    assert (view.heard, view.answer, view.intent) == ("q3", "a3", "i3")
    assert "history" not in json.loads(view_json(view, talk=False))
    assert "q1" not in view_json(view, talk=False).decode()


def test_urgent_banner_stays_through_a_notice_and_goes_on_the_next_plain_turn() -> None:
    board = CaptionBoard("911")
    board.show(URGENT_HEARD, URGENT_ANSWER, urgent=True, intent="fever")
    board.notice("Hello")
    assert board.snapshot().urgent
    board.show(HEARD, ANSWER)
    assert not board.snapshot().urgent


def test_clear_wipes_what_the_last_visitor_said() -> None:
    board = CaptionBoard("911")
    board.set_phase(Phase.THINKING)
    board.show("first", "one")
    board.show(URGENT_HEARD, URGENT_ANSWER, urgent=True, intent="fever")
    board.clear()
    view = board.snapshot()
    assert (view.heard, view.answer, view.urgent, view.topic, view.intent) == ("", "", False, "", None)
    assert view.phase == Phase.THINKING
    assert view.emergency_number == "911"


def test_subscription_starts_with_the_current_view_then_each_change() -> None:
    board = CaptionBoard("911")
    board.show(HEARD, ANSWER)
    subscription = board.subscribe()
    first = subscription.get(timeout=1)
    assert first is not None
    assert first.answer == ANSWER
    assert subscription.get(timeout=0.05) is None  # nothing new
    board.set_phase(Phase.LISTENING)
    second = subscription.get(timeout=1)
    assert second is not None
    assert (second.phase, second.seq) == (Phase.LISTENING, first.seq + 1)
    subscription.close()


def test_slow_subscriber_loses_old_views_keeps_the_newest_and_never_blocks_the_board() -> None:
    board = CaptionBoard("911")
    slow = board.subscribe()
    start = time.monotonic()
    for n in range(1000):
        board.show(f"q{n}", f"a{n}")
    assert time.monotonic() - start < 1.0
    got = []
    while (view := slow.get(timeout=0)) is not None:
        got.append(view)
    assert 1 <= len(got) <= SUBSCRIPTION_QUEUE
    assert got[-1].seq == 1000
    assert got[-1].answer == "a999"
    assert [v.seq for v in got] == sorted(v.seq for v in got)


def test_close_wakes_a_waiting_reader_and_stops_delivery() -> None:
    board = CaptionBoard("911")
    subscription = board.subscribe()
    assert subscription.get(timeout=1) is not None
    woke: list[float] = []

    def reader() -> None:
        t0 = time.monotonic()
        assert subscription.get(timeout=10) is None
        woke.append(time.monotonic() - t0)

    thread = threading.Thread(target=reader)
    thread.start()
    time.sleep(0.05)
    subscription.close()
    thread.join(timeout=2)
    assert woke and woke[0] < 1
    board.show(HEARD, ANSWER)
    assert subscription.get(timeout=0) is None
    assert subscription.closed
    subscription.close()  # twice is fine


def test_board_is_thread_safe() -> None:
    board = CaptionBoard("911")
    reader = board.subscribe()
    writers, per_writer = 4, 250
    seen: list[int] = []
    done = threading.Event()

    def write(w: int) -> None:
        for n in range(per_writer):
            if n % 5 == 0:
                board.set_phase(Phase.LISTENING if n % 2 else Phase.THINKING)
            board.show(f"w{w} q{n}", f"w{w} a{n}")

    def read() -> None:
        while True:
            view = reader.get(timeout=0.01)
            if view is not None:
                seen.append(view.seq)
            elif done.is_set():
                return

    threads = [threading.Thread(target=write, args=(w,)) for w in range(writers)]
    read_thread = threading.Thread(target=read)
    read_thread.start()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    done.set()
    read_thread.join(timeout=5)
    view = board.snapshot()
    shows = writers * per_writer
    assert shows < view.seq <= shows + writers * per_writer // 5
    assert seen == sorted(set(seen))
    assert seen[-1] == view.seq


# ---------------------------------------------------------------- server over real HTTP


def test_state_is_the_view_as_json(board: CaptionBoard, server: CaptionServer) -> None:
    board.show(URGENT_HEARD, URGENT_ANSWER, urgent=True, intent="fever")
    status, headers, body = fetch(server.url + "state")
    assert status == 200
    assert headers["Content-Type"].startswith("application/json")
    assert headers["Cache-Control"] == "no-store"
    state = json.loads(body)
    assert state == {
        "phase": "idle",
        "heard": URGENT_HEARD,
        "answer": URGENT_ANSWER,
        "urgent": True,
        "emergency_number": "911",
        "seq": 1,
        "intent": "fever",
        "topic": "",
        "reason": "",
        "welcome": {"examples": [], "disclaimer": "", "wake_phrase": ""},
        "talk": False,
    }


def test_page_and_its_files_are_served_with_a_strict_policy(server: CaptionServer) -> None:
    assert re.fullmatch(r"http://127\.0\.0\.1:\d+/", server.url)
    status, headers, page = fetch(server.url + "?size=1.5")
    assert status == 200
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    assert headers["Cache-Control"] == "no-store"
    csp = headers["Content-Security-Policy"]
    assert "default-src 'none'" in csp
    assert "script-src 'self'" in csp
    assert "connect-src 'self'" in csp
    assert b'src="/captions.js"' in page
    assert b'href="/captions.css"' in page
    assert b"<script>" not in page  # no inline script: the policy would block it
    for name, content_type in (("captions.js", "text/javascript"), ("captions.css", "text/css")):
        status, headers, body = fetch(server.url + name)
        assert status == 200
        assert headers["Content-Type"].startswith(content_type)
        assert headers["Cache-Control"] == "no-store"
        assert body


def test_page_uses_no_external_resources() -> None:
    web = resources.files("voice_skill.kiosk.captions") / "web"
    for name in ("captions.html", "captions.css", "captions.js"):
        text = (web / name).read_text(encoding="utf-8")
        assert not re.search(r"https?:|//[a-z]|@import|@font-face|url\(", text), name


def test_unknown_routes_are_404(server: CaptionServer) -> None:
    for path, method in (("nope", "GET"), ("web/captions.html", "GET"), ("talk", "GET"), ("state", "POST")):
        status, headers, _ = fetch(server.url + path, method=method)
        assert status == 404, (path, method)
        assert headers["Cache-Control"] == "no-store"
    status, _, _ = fetch(server.url + "talk", method="POST", headers={TALK_HEADER: "1"})
    assert status == 404  # no push-to-talk without on_talk


def test_events_send_the_current_view_at_once_then_each_change(board: CaptionBoard, server: CaptionServer) -> None:
    board.show(HEARD, ANSWER)
    start = time.monotonic()
    with urllib.request.urlopen(server.url + "events", timeout=5) as response:
        assert response.headers["Content-Type"].startswith("text/event-stream")
        assert response.headers["Cache-Control"] == "no-store"
        first = read_view(response)
        assert time.monotonic() - start < 1
        assert (first["answer"], first["seq"], first["talk"]) == (ANSWER, 1, False)
        board.set_phase(Phase.LISTENING)
        second = read_view(response)
        assert (second["phase"], second["seq"]) == ("listening", 2)


def test_events_send_pings_saying_how_often(server: CaptionServer) -> None:
    """The page tells a live server from a lost one by these: they come at once, then every keepalive_s."""
    server.keepalive_s = 0.2
    with urllib.request.urlopen(server.url + "events", timeout=5) as response:
        assert read_event(response) == ("ping", {"every_s": 0.2})
        assert read_event(response)[0] == "data"
        start = time.monotonic()
        assert read_event(response) == ("ping", {"every_s": 0.2})
        assert time.monotonic() - start < 1


def test_close_ends_an_open_event_stream_within_a_second(board: CaptionBoard, server: CaptionServer) -> None:
    with urllib.request.urlopen(server.url + "events", timeout=5) as response:
        read_view(response)
        start = time.monotonic()
        server.close()
        with pytest.raises(EOFError):
            read_event(response)
        assert time.monotonic() - start < 1
    with pytest.raises(urllib.error.URLError):
        urllib.request.urlopen(server.url + "state", timeout=2)


def test_post_talk_calls_on_talk(serve: Callable[..., CaptionServer], talks: list[float]) -> None:
    server = serve(on_talk=lambda: talks.append(time.monotonic()))
    assert json.loads(fetch(server.url + "state")[2])["talk"] is True
    status, _, body = fetch(server.url + "talk", method="POST", headers={TALK_HEADER: "1"})
    assert (status, body, len(talks)) == (204, b"", 1)
    # Another web site cannot press the button: no custom header (no preflight), or a foreign Origin.
    assert fetch(server.url + "talk", method="POST")[0] == 403
    status = fetch(server.url + "talk", method="POST", headers={TALK_HEADER: "1", "Origin": "http://evil.example"})[0]
    assert status == 403
    assert len(talks) == 1


def test_on_talk_failure_is_a_500_not_a_dead_server(serve: Callable[..., CaptionServer]) -> None:
    def broken() -> None:
        raise RuntimeError("microphone gone")

    server = serve(on_talk=broken)
    assert fetch(server.url + "talk", method="POST", headers={TALK_HEADER: "1"})[0] == 500
    assert fetch(server.url + "state")[0] == 200


def test_requests_for_another_host_name_are_refused(server: CaptionServer) -> None:
    """DNS rebinding: a web page whose name now points at 127.0.0.1 must not read what was asked."""
    assert fetch(server.url + "state", headers={"Host": "evil.example"})[0] == 403
    assert fetch(server.url + "state", headers={"Host": f"localhost:{server.address[1]}"})[0] == 200


def test_port_in_use_is_a_skill_error_naming_the_address(board: CaptionBoard, server: CaptionServer) -> None:
    port = server.address[1]
    other = CaptionServer(board, port=port)
    with pytest.raises(CaptionError, match=rf"^cannot serve the caption page on 127\.0\.0\.1:{port}: .*in use") as info:
        other.start()
    assert isinstance(info.value, SkillError)
    assert info.value.exit_code == 9
    assert "\n" not in str(info.value)
    other.close()


def _listening_addresses(port: int) -> list[str]:
    """Local addresses with a TCP socket listening on ``port``, from /proc/net/tcp and tcp6."""
    found = []
    for name in ("tcp", "tcp6"):
        path = Path("/proc/net") / name
        if not path.exists():
            continue
        for line in path.read_text().splitlines()[1:]:
            fields = line.split()
            local, state = fields[1], fields[3]
            address, port_hex = local.split(":")
            if state == "0A" and int(port_hex, 16) == port:
                found.append(address)
    return found


def test_binds_loopback_only_by_default(server: CaptionServer) -> None:
    host, port = server.address
    assert host == "127.0.0.1"
    if not Path("/proc/net/tcp").exists():
        pytest.skip("no /proc/net/tcp on this system")
    assert _listening_addresses(port) == ["0100007F"]  # 127.0.0.1, little-endian hex; not 00000000 (0.0.0.0)


def test_close_is_safe_without_start_and_twice(board: CaptionBoard) -> None:
    server = CaptionServer(board, port=0)
    server.close()
    server.start()
    server.close()
    server.close()


def test_no_request_log_on_stderr(server: CaptionServer, capfd: pytest.CaptureFixture[str]) -> None:
    fetch(server.url)
    fetch(server.url + "nope")
    assert capfd.readouterr().err == ""


# ---------------------------------------------------------------- the page in headless Chromium


def test_page_shows_idle_then_each_phase(
    board: CaptionBoard,
    server: CaptionServer,
    browser_page: Page,
    console_errors: list[str],
    shot: Callable[[Page, str], Path],
) -> None:
    page = browser_page
    page.goto(server.url)
    expect(page.locator("#phase")).to_have_text(re.compile("Ready"))
    expect(page.locator("#phase")).to_have_attribute("data-phase", "idle")
    expect(page.locator("#talk")).to_be_hidden()
    expect(page.locator("#conn")).to_be_hidden()
    board.notice("Hello. Ask me about your HSG test.")
    expect(page.locator("#answer")).to_have_text("Hello. Ask me about your HSG test.")
    expect(page.locator("#heard")).to_be_hidden()
    shot(page, "idle")
    seen_colours = set()
    for phase, label in ((Phase.LISTENING, "Listening"), (Phase.THINKING, "Thinking"), (Phase.SPEAKING, "Speaking")):
        board.set_phase(phase)
        expect(page.locator("#phase")).to_have_text(label)
        seen_colours.add(page.eval_on_selector("#phase", "el => getComputedStyle(el).backgroundColor"))
        assert contrast(page, "#phase-text") >= 7, phase
    assert len(seen_colours) == 3  # a colour per phase, besides the word
    assert console_errors == []


def test_page_shows_what_was_heard_and_the_answer(
    board: CaptionBoard,
    server: CaptionServer,
    browser_page: Page,
    console_errors: list[str],
    shot: Callable[[Page, str], Path],
) -> None:
    page = browser_page
    page.goto(server.url)
    expect(page.locator("#phase")).to_have_attribute("data-phase", "idle")
    board.show("first question", "first answer")
    board.show(HEARD, ANSWER, intent="bathing")
    expect(page.locator("#heard")).to_have_text(f"You asked: {HEARD}")
    expect(page.locator("#answer")).to_have_text(ANSWER)
    live = page.locator("[aria-live]")
    expect(live).to_have_count(1)
    expect(live).to_contain_text(HEARD)
    expect(live).to_contain_text(ANSWER)
    assert "first answer" not in page.inner_text("body"), "one answer at a time: no history too small to read"
    assert font_px(page, "#answer") >= 48
    shot(page, "answer")
    assert console_errors == []


def test_urgent_answer_shows_a_full_width_banner_until_the_next_plain_turn(
    board: CaptionBoard, server: CaptionServer, browser_page: Page, shot: Callable[[Page, str], Path]
) -> None:
    page = browser_page
    page.goto(server.url)
    banner = page.get_by_role("alert")
    expect(page.locator("#phase")).to_have_attribute("data-phase", "idle")
    expect(banner).to_be_hidden()
    board.show(URGENT_HEARD, URGENT_ANSWER, urgent=True, intent="fever")
    expect(banner).to_be_visible()
    expect(banner).to_have_text("Call your provider now. If it feels like an emergency, call 911.")
    box = banner.bounding_box()
    width = page.evaluate("document.documentElement.clientWidth")
    assert box is not None
    assert box["x"] == 0 and box["y"] == 0
    assert abs(box["width"] - width) <= 1 and width >= page.viewport_size["width"] - 20
    assert contrast(page, "#banner") >= 7
    shot(page, "urgent")
    board.show(HEARD, ANSWER)
    expect(banner).to_be_hidden()
    expect(page.locator("#answer")).to_have_text(ANSWER)


def test_clear_removes_the_last_visitors_words(board: CaptionBoard, server: CaptionServer, browser_page: Page) -> None:
    page = browser_page
    board.show("older question", "older answer")
    board.show(URGENT_HEARD, URGENT_ANSWER, urgent=True)
    page.goto(server.url)
    expect(page.locator("#answer")).to_have_text(URGENT_ANSWER)
    expect(page.get_by_role("alert")).to_be_visible()
    board.clear()
    expect(page.locator("#answer")).to_have_text("")
    expect(page.locator("#heard")).to_be_hidden()
    expect(page.get_by_role("alert")).to_be_hidden()
    expect(page.locator("#welcome")).to_be_visible()
    body = page.inner_text("body")
    for words in ("older", URGENT_HEARD, URGENT_ANSWER):
        assert words not in body


def test_text_size_buttons_and_url_size(
    board: CaptionBoard, server: CaptionServer, browser_page: Page, shot: Callable[[Page, str], Path]
) -> None:
    """A short answer, so that even twice the size fits the screen (a longer one is shrunk to fit)."""
    page = browser_page
    board.show(SHORT_HEARD, SHORT_ANSWER)
    page.goto(server.url)
    expect(page.locator("#answer")).to_have_text(SHORT_ANSWER)
    base, base_heard = font_px(page, "#answer"), font_px(page, "#heard")
    page.get_by_role("button", name="Larger text").click()
    page.keyboard.press("Enter")  # the focused button works from the keyboard too
    larger = font_px(page, "#answer")
    assert larger == pytest.approx(base * 1.2 * 1.2, rel=0.02)
    assert font_px(page, "#heard") == pytest.approx(base_heard * 1.2 * 1.2, rel=0.02)
    page.reload()
    expect(page.locator("#answer")).to_have_text(SHORT_ANSWER)
    assert font_px(page, "#answer") == pytest.approx(larger, rel=0.01)
    shot(page, "large-font")
    page.get_by_role("button", name="Smaller text").click()
    assert font_px(page, "#answer") == pytest.approx(larger / 1.2, rel=0.02)
    page.goto(server.url + "?size=2")
    expect(page.locator("#answer")).to_have_text(SHORT_ANSWER)
    assert font_px(page, "#answer") == pytest.approx(base * 2, rel=0.02)


def test_talk_button_only_with_on_talk_and_it_calls_on_talk(
    board: CaptionBoard,
    serve: Callable[..., CaptionServer],
    browser_page: Page,
    console_errors: list[str],
    shot: Callable[[Page, str], Path],
) -> None:
    page = browser_page
    pressed = threading.Event()
    server = serve(on_talk=pressed.set)
    board.notice("Hello. Ask me about your HSG test.")
    page.goto(server.url)
    talk = page.get_by_role("button", name="Tap to talk")
    expect(talk).to_be_visible()
    box = talk.bounding_box()
    assert box is not None and box["height"] >= 60
    talk.click()
    assert pressed.wait(5)
    board.set_phase(Phase.LISTENING)
    expect(page.locator("#phase")).to_have_text("Listening")
    shot(page, "talk-listening")
    assert console_errors == []
    plain = serve()
    page.goto(plain.url)
    expect(page.locator("#phase")).to_have_attribute("data-phase", "listening")
    expect(page.locator("#talk")).to_be_hidden()


def test_accessibility_of_the_page(board: CaptionBoard, server: CaptionServer, browser_page: Page) -> None:
    page = browser_page
    board.show(HEARD, ANSWER)
    page.goto(server.url)
    expect(page.locator("#answer")).to_have_text(ANSWER)
    assert page.get_attribute("html", "lang") == "en"
    live = page.locator("#live")
    assert live.get_attribute("aria-live") == "polite"
    assert live.get_attribute("role") in ("status", "log")
    assert page.locator("#banner").get_attribute("role") == "alert"
    assert page.eval_on_selector("#banner", "el => el.closest('[aria-live]') === null")  # not nested in the log
    for button in page.locator("button").all():
        name = button.get_attribute("aria-label") or button.inner_text()
        assert name.strip(), button
    for name in ("Larger text", "Smaller text"):
        button = page.get_by_role("button", name=name)
        button.focus()
        assert page.evaluate("document.activeElement.id") == button.get_attribute("id")
    assert contrast(page, "#answer") >= 7
    assert contrast(page, "#heard-text") >= 7
    assert contrast(page, "#larger") >= 7


def test_page_says_disconnected_and_reconnects(board: CaptionBoard, server: CaptionServer, browser_page: Page) -> None:
    page = browser_page
    page.goto(server.url)
    expect(page.locator("#phase")).to_have_attribute("data-phase", "idle")
    port = server.address[1]
    server.close()
    expect(page.locator("#phase")).to_have_attribute("data-phase", "offline")
    expect(page.locator("#phase")).to_have_text("Offline")
    expect(page.locator("#conn")).to_be_visible()
    expect(page.locator("#conn")).to_have_text(re.compile("Lost the kiosk"))
    board.show(HEARD, ANSWER)
    again = CaptionServer(board, port=port)
    again.start()
    try:
        expect(page.locator("#answer")).to_have_text(ANSWER, timeout=10_000)
        expect(page.locator("#conn")).to_be_hidden()
        expect(page.locator("#phase")).to_have_attribute("data-phase", "idle")
    finally:
        again.close()


# ---------------------------------------------------------------- /healthz


def test_healthz_is_200_while_it_can_hear_and_503_when_not(board: CaptionBoard, server: CaptionServer) -> None:
    board.set_phase(Phase.LISTENING)
    board.show(HEARD, ANSWER, intent="bathing", topic="bathing")
    status, headers, body = fetch(server.url + "healthz")
    assert status == 200 and headers["Content-Type"].startswith("application/json")
    health = json.loads(body)
    assert health["state"] == "listening" and health["healthy"] is True and health["last_error"] is None
    assert 0 <= health["uptime_s"] < 60
    for change, state in (
        (lambda: board.not_hearing("no microphone"), "not_hearing"),
        (lambda: board.set_phase(Phase.RESTARTING), "restarting"),
    ):
        change()
        board.report_error("no microphone (default) found")
        status, _, body = fetch(server.url + "healthz")
        health = json.loads(body)
        assert (status, health["state"], health["healthy"]) == (503, state, False)
        assert health["last_error"] == "no microphone (default) found" and health["last_error_age_s"] >= 0
    board.set_phase(Phase.SPEAKING)
    status, _, body = fetch(server.url + "healthz")
    assert status == 200
    for words in (HEARD, ANSWER, "bathing"):
        assert words not in body.decode(), "never what a visitor said or was told"


def test_healthz_counts_uptime_from_the_start() -> None:
    now = [100.0]
    board = CaptionBoard("911", clock=lambda: now[0])
    now[0] = 112.5
    assert board.health().uptime_s == 12.5


# ---------------------------------------------------------------- hostile requests


def raw_request(server: CaptionServer, data: bytes, timeout: float = 5) -> bytes:
    """Send ``data`` as it is and read the answer until the server closes the connection."""
    host, port = server.address
    with socket.create_connection((host, port), timeout=timeout) as sock:
        with contextlib.suppress(OSError):  # the server may answer and close before all of it is sent
            sock.sendall(data)
        chunks = []
        with contextlib.suppress(OSError):
            while chunk := sock.recv(65536):
                chunks.append(chunk)
    return b"".join(chunks)


def status_of(answer: bytes) -> int:
    match = re.match(rb"HTTP/1\.[01] (\d{3}) ", answer)
    assert match, answer[:200]
    return int(match.group(1))


HOSTILE = {
    "traversal": b"GET /../captions.html HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
    "traversal-deep": b"GET /web/../../../etc/passwd HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
    "traversal-encoded": b"GET /%2e%2e/%2e%2e/etc/passwd HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
    "backslash": b"GET /..\\..\\captions.js HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
    "no-slash": b"GET captions.js HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
    "double-slash": b"GET //evil.example/state HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
    "nul": b"GET /state%00.html HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
    "unknown": b"GET /etc/passwd HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
    "put": b"PUT /state HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 2\r\n\r\n{}",
    "delete": b"DELETE / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
    "options": b"OPTIONS /talk HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: http://evil.example\r\n\r\n",
    "head": b"HEAD / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
    "made-up-method": b"BREW /coffee HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
    "garbage": b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03garbage\r\n\r\n",
    "no-version": b"GET / HTTP/one\r\n\r\n",
    "too-many-words": b"GET / HTTP/1.1 extra words\r\n\r\n",
    "huge-header": b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " + b"a" * 70_000 + b"\r\n\r\n",
    "many-headers": b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n"
    + b"".join(b"X-%d: 1\r\n" % n for n in range(150))
    + b"\r\n",
    "huge-url": b"GET /" + b"a" * 70_000 + b" HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
}


@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_requests_get_a_clean_4xx_and_the_server_goes_on(name: str, server: CaptionServer) -> None:
    answer = raw_request(server, HOSTILE[name])
    status = status_of(answer)
    assert 400 <= status < 500, (name, answer[:300])
    head, _, body = answer.partition(b"\r\n\r\n")
    assert b"Content-Security-Policy: default-src 'none'" in head, "the same headers as every answer"
    assert len(body) < 200 and b"<" not in body and b"Traceback" not in body, body
    if status == 405:
        assert b"Allow: GET, POST" in head
    assert fetch(server.url + "state")[0] == 200, "the server goes on"


def test_a_client_that_sends_nothing_is_dropped_and_does_not_block_others(
    server: CaptionServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    from voice_skill.kiosk.captions import server as server_module

    monkeypatch.setattr(server_module._Handler, "timeout", 0.5)
    host, port = server.address
    with socket.create_connection((host, port), timeout=5) as idle:
        idle.sendall(b"GET / HTTP/1.1\r\n")  # and never the rest
        assert fetch(server.url + "state")[0] == 200, "others are served meanwhile"
        start = time.monotonic()
        assert idle.recv(1024) == b"", "the idle connection is closed"
        assert time.monotonic() - start < 3


# ---------------------------------------------------------------- beyond loopback


def test_binding_beyond_loopback_warns_naming_the_real_addresses(
    board: CaptionBoard, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="voice_skill")
    with CaptionServer(board, host="0.0.0.0", port=0) as server:
        warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
        assert len(warnings) == 1, warnings
        message = warnings[0]
        assert "0.0.0.0" not in message and "reachable beyond this machine" in message
        urls = re.findall(r"http://[^ ,:]+:\d+/", message)
        assert urls == server.urls and urls, message
        assert any(not u.startswith("http://127.") for u in urls) or len(urls) == 1
        for url in urls:  # each named address really serves the page
            assert fetch(url + "healthz")[0] == 200, url
    caplog.clear()
    with CaptionServer(board, port=0):
        assert not [r for r in caplog.records if r.levelno == logging.WARNING], "no warning on loopback"
