"""Browser fixtures: Debian's headless Chromium, driven by Playwright's sync API against live_server."""

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.db import connections

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOT_DIR = Path(__file__).resolve().parent / "screenshots"
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def browser(live_server) -> Iterator[object]:
    """One Chromium per test. It depends on live_server so it starts after the server and closes before the
    database is flushed: Playwright's event loop must not be running while Django tears the test down."""
    if not CHROMIUM.exists():
        pytest.skip(f"browser tests need Debian's Chromium at {CHROMIUM}, which is not installed")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an asyncio loop in this thread; the ORM calls the test makes would refuse.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            try:
                yield chromium
            finally:
                chromium.close()
                # Connections the test opened while Playwright's loop ran live in that context's storage;
                # close them here, or the test database cannot be dropped at the end of the session.
                connections.close_all()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def page(browser) -> Iterator[object]:
    context = browser.new_context(viewport=DESKTOP, locale="en-GB")
    context.set_default_timeout(10_000)
    tab = context.new_page()
    yield tab
    context.close()


@pytest.fixture
def screenshot(page) -> Callable[[str], None]:
    """Save full-page screenshots of the current page at 1280 px and 390 px into tests/screenshots/.

    On the way it checks what every page must get right at both widths: one h1, nothing wider than the
    viewport (the header nav wraps instead of overflowing).
    """
    SCREENSHOT_DIR.mkdir(exist_ok=True)

    def take(name: str) -> None:
        assert page.locator("h1").count() == 1, f"{name}: expected exactly one h1"
        for label, viewport in (("1280", DESKTOP), ("390", PHONE)):
            page.set_viewport_size(viewport)
            overflow = page.evaluate("document.documentElement.scrollWidth")
            assert overflow <= viewport["width"], f"{name} is {overflow}px wide at {label}px"
            page.screenshot(path=SCREENSHOT_DIR / f"{name}-{label}.png", full_page=True)
        page.set_viewport_size(DESKTOP)

    return take


@pytest.fixture
def shoot() -> Iterator[Callable[[object, str], None]]:
    """For a journey across several pages and tabs: save a full-page screenshot of a page at 1280 px and at
    390 px as `journey-<name>-<width>.png`, then return to 1280 px.

    It checks on the way what every page must get right at both widths (exactly one h1, nothing wider than
    the viewport); the problems are gathered and reported together at the end, so one page's overflow
    still lets the journey reach, and photograph, every later page.
    """
    SCREENSHOT_DIR.mkdir(exist_ok=True)
    problems: list[str] = []

    def take(page, name: str) -> None:
        headings = page.locator("h1").count()
        if headings != 1:
            problems.append(f"{name}: {headings} h1 elements instead of one")
        for label, viewport in (("1280", DESKTOP), ("390", PHONE)):
            page.set_viewport_size(viewport)
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > viewport["width"]:
                problems.append(f"{name} is {width}px wide at {label}px")
            page.screenshot(path=SCREENSHOT_DIR / f"journey-{name}-{label}.png", full_page=True)
        page.set_viewport_size(DESKTOP)

    yield take
    assert not problems, "\n".join(problems)


@pytest.fixture
def second_page(browser) -> Iterator[object]:
    """A second, separate browser session, so the student and the employer are signed in side by side."""
    context = browser.new_context(viewport=DESKTOP, locale="en-GB")
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()
