"""What the caption page says and how it fits, in real headless Chromium: a state pill that tells the truth in
words and colour (never green when the kiosk cannot hear, "Offline" when the page lost the server), answers
scaled to fit any screen with nothing scrolled away or under the talk button, and an idle screen that invites."""

from __future__ import annotations

import contextlib
import os
import re
import signal
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from voice_skill import Skill
from voice_skill.kiosk.captions import CaptionBoard, CaptionServer, Phase
from voice_skill.kiosk.welcome import welcome

from .conftest import ROOT
from .support.caption_page import Page, background, board, contrast, font_px, is_green, serve, server, shot, talks

with contextlib.suppress(ImportError):  # the browser fixture says what is missing
    from playwright.sync_api import Browser, expect

pytest_plugins = ["tests.support.browser"]
FIXTURES = (board, serve, server, shot, talks)  # pytest finds them by name in this module

VIEWPORTS = {"laptop": (1280, 800), "small-panel": (800, 480), "portrait": (1080, 1920)}
MIN_READABLE_PX = 18
"""However long the answer, the fitted text stays at least this large on the smallest screen tested."""


@pytest.fixture
def screen(chromium_browser: Browser, console_errors: list[str]) -> Iterator[Callable[[int, int], Page]]:
    """A page of a given viewport size (fresh context each)."""
    contexts = []

    def open_page(width: int, height: int) -> Page:
        context = chromium_browser.new_context(viewport={"width": width, "height": height}, service_workers="block")
        contexts.append(context)
        page = context.new_page()
        page.on("console", lambda m: console_errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda error: console_errors.append(f"uncaught: {error}"))
        return page

    yield open_page
    for context in contexts:
        context.close()


def long_cramping_answer(skill: Skill) -> str:
    """The longest thing the kiosk says about cramping: greeting, answer and the detail a follow-up gives."""
    cramping = skill.intents["cramping"]
    return f"{skill.intents.language.responses.greeting} {cramping.answer} {cramping.detail}"


def layout(page: Page) -> dict[str, float]:
    got: dict[str, float] = page.evaluate(
        """() => {
            const root = document.scrollingElement, box = document.getElementById("captions");
            const answer = document.getElementById("answer").getBoundingClientRect();
            const talk = document.getElementById("talk");
            const talkTop = talk.hidden ? innerHeight : talk.getBoundingClientRect().top;
            return {
                pageHeight: root.scrollHeight, pageWidth: root.scrollWidth, viewHeight: innerHeight,
                viewWidth: innerWidth, boxScroll: box.scrollHeight, boxHeight: box.clientHeight,
                answerBottom: answer.bottom, answerHeight: answer.height, talkTop: talkTop,
            };
        }"""
    )
    return got


def assert_fits(page: Page, what: str) -> None:
    got = layout(page)
    assert got["pageHeight"] <= got["viewHeight"], (what, got)  # the page never scrolls
    assert got["pageWidth"] <= got["viewWidth"], (what, got)
    assert got["boxScroll"] <= got["boxHeight"] + 1, (what, got)  # nothing cut off inside the caption area
    assert got["answerBottom"] <= got["talkTop"], (what, got)  # nothing under the talk button


# ---------------------------------------------------------------- the state pill


def test_the_pill_says_what_is_true_in_words_and_colour(
    board: CaptionBoard,
    serve: Callable[..., CaptionServer],
    browser_page: Page,
    console_errors: list[str],
    shot: Callable[[Page, str], Path],
) -> None:
    page = browser_page
    server = serve(on_talk=lambda: None)
    page.goto(server.url)
    pill = page.locator("#phase")
    expect(pill).to_have_text("Tap to talk")  # push-to-talk waits for the button: it says so, not "Ready"
    colours = {"idle": background(page, "#phase")}
    states = [
        (lambda: board.set_phase(Phase.LISTENING), "listening", "Listening"),
        (lambda: board.set_phase(Phase.THINKING), "thinking", "Thinking"),
        (lambda: board.set_phase(Phase.SPEAKING), "speaking", "Speaking"),
        (lambda: board.not_hearing("no microphone"), "not_hearing", "Not hearing: no microphone"),
        (lambda: board.set_phase(Phase.RESTARTING), "restarting", "Restarting"),
    ]
    talk, heading = page.get_by_role("button", name="Tap to talk"), page.locator("#welcome h1")
    for change, phase, words in states:
        change()
        expect(pill).to_have_attribute("data-phase", phase)
        expect(pill).to_have_text(words)
        if phase in ("not_hearing", "restarting"):  # nothing invites a visitor to speak to a kiosk that cannot hear
            expect(talk).to_be_disabled()
            expect(heading).to_have_text("Sorry, I can’t hear you right now")
        else:
            expect(talk).to_be_enabled()
            expect(heading).to_have_text("Ask me about your HSG test")
        colours[phase] = background(page, "#phase")
        assert contrast(page, "#phase-text") >= 7, phase
        shot(page, f"pill-{phase}")
    server.close()  # the page loses the server
    expect(pill).to_have_attribute("data-phase", "offline")
    expect(pill).to_have_text("Offline")
    expect(talk).to_be_disabled()
    colours["offline"] = background(page, "#phase")
    assert contrast(page, "#phase-text") >= 7
    shot(page, "pill-offline")
    assert is_green(colours["listening"])
    assert [p for p, c in colours.items() if is_green(c)] == ["listening"], "green only while it can hear"
    assert len(set(colours.values())) == len(colours), "a colour of its own for each state, besides the words"
    assert console_errors == []


def test_idle_with_a_wake_phrase_says_the_phrase(serve: Callable[..., CaptionServer], browser_page: Page) -> None:
    from voice_skill.kiosk.captions import Welcome

    server = CaptionServer(CaptionBoard("911", Welcome(wake_phrase="hey helper")), port=0)
    with server:
        browser_page.goto(server.url)
        expect(browser_page.locator("#phase")).to_have_text("Say “hey helper”")


STUCK_SERVER = """
import sys, time
from voice_skill.kiosk.captions import CaptionBoard, CaptionServer, Phase
board = CaptionBoard("911")
server = CaptionServer(board, port=0)
server.keepalive_s = 0.3
server.start()
board.set_phase(Phase.LISTENING)
print(server.url, flush=True)
time.sleep(600)
"""


def test_the_page_goes_offline_when_the_pings_stop_and_back_when_they_return(browser_page: Page) -> None:
    """A server that is stuck (here: stopped with SIGSTOP, its connections still open) sends nothing: after a few
    missed pings the page says "Offline", and it reconnects by itself once the server runs again."""
    process = subprocess.Popen([sys.executable, "-c", STUCK_SERVER], stdout=subprocess.PIPE, text=True, cwd=ROOT)
    try:
        assert process.stdout is not None
        url = process.stdout.readline().strip()
        page = browser_page
        page.goto(url)
        pill = page.locator("#phase")
        expect(pill).to_have_text("Listening")
        os.kill(process.pid, signal.SIGSTOP)
        expect(pill).to_have_attribute("data-phase", "offline", timeout=5000)
        expect(pill).to_have_text("Offline")
        expect(page.locator("#conn")).to_be_visible()
        os.kill(process.pid, signal.SIGCONT)
        expect(pill).to_have_text("Listening", timeout=10_000)
        expect(page.locator("#conn")).to_be_hidden()
    finally:
        os.kill(process.pid, signal.SIGCONT)
        process.kill()
        process.wait(timeout=10)


# ---------------------------------------------------------------- fitting the screen


@pytest.mark.parametrize("name", list(VIEWPORTS))
def test_the_long_answer_fits_every_screen_without_scrolling_or_the_button_covering_it(
    name: str,
    skill: Skill,
    board: CaptionBoard,
    serve: Callable[..., CaptionServer],
    screen: Callable[[int, int], Page],
    console_errors: list[str],
    shot: Callable[[Page, str], Path],
) -> None:
    width, height = VIEWPORTS[name]
    text = long_cramping_answer(skill)
    server = serve(on_talk=lambda: None)  # the talk button takes its share of the screen
    page = screen(width, height)
    board.show("", text, intent="cramping", topic="cramping after the test")
    page.goto(server.url)
    expect(page.locator("#answer")).to_have_text(text)
    assert_fits(page, name)
    assert font_px(page, "#answer") >= MIN_READABLE_PX
    shot(page, f"fit-{name}")
    board.show("", text, urgent=True, intent="urgent_pain", topic="severe pain")  # the banner takes room too
    expect(page.get_by_role("alert")).to_be_visible()
    assert_fits(page, f"{name} urgent")
    shot(page, f"fit-{name}-urgent")
    page.get_by_role("button", name="Larger text").click()  # a larger chosen size still fits
    page.get_by_role("button", name="Larger text").click()
    assert_fits(page, f"{name} larger")
    board.clear()  # the idle screen fits as well
    expect(page.locator("#welcome")).to_be_visible()
    assert_fits(page, f"{name} idle")
    assert console_errors == []


def test_a_short_answer_is_not_shrunk(
    board: CaptionBoard, server: CaptionServer, screen: Callable[[int, int], Page]
) -> None:
    page = screen(1280, 800)
    board.show("", "Showers are fine.")
    page.goto(server.url)
    expect(page.locator("#answer")).to_have_text("Showers are fine.")
    assert font_px(page, "#answer") == pytest.approx(64, rel=0.02)  # clamp(48px, 5vw, 112px) at 1280 px
    page.set_viewport_size({"width": 1280, "height": 300})  # the window shrinks: the text follows
    assert_fits(page, "resized")


# ---------------------------------------------------------------- what it shows


def test_the_idle_screen_invites_with_examples_from_the_intents(
    skill: Skill, browser_page: Page, console_errors: list[str], shot: Callable[[Page, str], Path]
) -> None:
    idle = welcome(skill.intents)
    assert len(idle.examples) == 3
    shipped = {example for intent in skill.intents for example in intent.examples}
    for question in idle.examples:
        assert question.endswith("?") and question[0].isupper()
        assert question.rstrip("?").lower() in shipped, question
    with CaptionServer(CaptionBoard("911", idle), port=0, on_talk=lambda: None) as server:
        page = browser_page
        page.goto(server.url)
        welcome_box = page.locator("#welcome")
        expect(welcome_box).to_be_visible()
        expect(welcome_box.get_by_role("heading")).to_have_text("Ask me about your HSG test")
        expect(page.locator("#examples li")).to_have_count(3)
        for question in idle.examples:
            expect(welcome_box).to_contain_text(question)
        expect(welcome_box).to_contain_text("Nothing you say is recorded")
        expect(welcome_box).to_contain_text(skill.intents.language.responses.disclaimer)
        assert font_px(page, "#welcome h1") >= 48
        assert font_px(page, "#examples li") >= 32
        shot(page, "idle-welcome")
        server.board.show("", "Showers are fine.", topic="bathing")
        expect(welcome_box).to_be_hidden()
    assert console_errors == []


def test_the_topic_title_is_shown_instead_of_the_visitors_words(
    board: CaptionBoard, server: CaptionServer, browser_page: Page
) -> None:
    page = browser_page
    page.goto(server.url)
    board.show("", "Cramping is common after an HSG.", intent="cramping", topic="cramping after the test")
    expect(page.locator("#topic")).to_have_text("Cramping after the test")
    expect(page.locator("#heard")).to_be_hidden()
    assert "You asked" not in page.inner_text("body")
    board.show("is cramping normal", "Cramping is common after an HSG.", topic="cramping after the test")
    expect(page.locator("#heard")).to_have_text("You asked: is cramping normal")
    expect(page.locator("#topic")).to_be_hidden()


def test_history_is_gone_from_the_page(board: CaptionBoard, server: CaptionServer, browser_page: Page) -> None:
    board.show("", "first answer")
    board.show("", "second answer")
    browser_page.goto(server.url)
    expect(browser_page.locator("#answer")).to_have_text("second answer")
    assert not re.search("first answer|Earlier", browser_page.inner_text("body"))
    assert browser_page.locator("#history").count() == 0


def test_talk_button_does_not_cover_the_answer_when_pressed(
    skill: Skill, board: CaptionBoard, serve: Callable[..., CaptionServer], screen: Callable[[int, int], Page]
) -> None:
    pressed = threading.Event()
    server = serve(on_talk=pressed.set)
    page = screen(800, 480)
    board.show("", long_cramping_answer(skill))
    page.goto(server.url)
    page.get_by_role("button", name="Tap to talk").click()
    assert pressed.wait(5)
    assert_fits(page, "after a press")
