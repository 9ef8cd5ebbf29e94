"""Real headless Chromium for tests, driven by Playwright: Debian's ``chromium`` (no browser download).

Use from a test module:

    pytest_plugins = ["tests.browser"]

    def test_page(browser_page, console_errors):
        browser_page.goto(url)
        expect(browser_page.locator("#answer")).to_have_text("...")
        assert console_errors == []

Fixtures: ``chromium_browser`` (one browser for the session), ``browser_page`` (a fresh context and page per
test: its own localStorage, 1280x800), ``console_errors`` (console errors and uncaught exceptions of that page,
CSP violations included), ``artifacts`` (test-artifacts/ at the repository root, git-ignored, created).
Missing Chromium or Playwright FAILS the tests that use them, saying how to install them; scripts/bootstrap installs
both. CHROMIUM=/path/to/chromium picks another binary.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page, ViewportSize

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORT: ViewportSize = {"width": 1280, "height": 800}
TIMEOUT_MS = 5000
"""Default wait for anything a page should show: changes arrive within milliseconds, so this only bounds failures."""

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def chromium_path() -> str:
    """The Chromium binary to drive, or a test failure saying how to install it."""
    path = CHROMIUM if os.sep in CHROMIUM else (shutil.which(CHROMIUM) or CHROMIUM)
    if not (Path(path).is_file() and os.access(path, os.X_OK)):
        pytest.fail(
            f"Chromium not found at {path}: install the Debian package 'chromium' (scripts/bootstrap does), "
            "or set CHROMIUM to a Chromium binary",
            pytrace=False,
        )
    return path


@pytest.fixture(scope="session")
def chromium_browser() -> Iterator[Browser]:
    try:
        from playwright.sync_api import expect, sync_playwright
    except ImportError:
        pytest.fail(
            "Playwright is not installed: pip install -e '.[dev]' (scripts/bootstrap does); "
            "do not run 'playwright install', the tests use Debian's chromium",
            pytrace=False,
        )
    path = chromium_path()
    expect.set_options(timeout=TIMEOUT_MS)
    playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS, timeout=30_000)
        try:
            yield browser
        finally:
            browser.close()
    finally:
        playwright.stop()


@pytest.fixture
def console_errors() -> list[str]:
    """Console errors and uncaught exceptions of ``browser_page``; a test asserts it is empty when it cares."""
    return []


@pytest.fixture
def browser_page(chromium_browser: Browser, console_errors: list[str]) -> Iterator[Page]:
    context = chromium_browser.new_context(viewport=VIEWPORT, service_workers="block")
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    page.on("console", lambda message: console_errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: console_errors.append(f"uncaught: {error}"))
    try:
        yield page
    finally:
        context.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """test-artifacts/ under the repository root (git-ignored, created): screenshots and such to look at."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS
