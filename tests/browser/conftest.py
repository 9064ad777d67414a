"""Real-browser journeys: Playwright for Python driving Debian's Chromium against
pytest-django's live_server. Skipped (with the reason) where Chromium is not installed;
CI installs it."""

from __future__ import annotations

import datetime
import importlib
import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
DEMO_TODAY = datetime.date.today()

pytestmark = pytest.mark.browser


def _chromium_missing() -> str | None:
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        return f"Chromium not found at {CHROMIUM} (apt-get install chromium)"
    try:
        importlib.import_module("playwright.sync_api")
    except ImportError:
        return "playwright is not installed (pip install -r requirements-dev.txt)"
    return None


@pytest.fixture(scope="session")
def browser():
    reason = _chromium_missing()
    if reason:
        if os.environ.get("REQUIRE_BROWSER"):
            pytest.fail(f"browser journeys required (REQUIRE_BROWSER=1): {reason}")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; Django's ORM calls made by
    # the test itself are still synchronous and safe.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-dev-shm-usage"],
        )
        yield browser
        browser.close()


@pytest.fixture
def demo(transactional_db, reseed):
    """The demo agency, loaded into the live server's database."""
    from demo.services import demo_load

    return demo_load(today=DEMO_TODAY)


@pytest.fixture
def page_for(browser, live_server):
    """page_for("canbo") → a logged-in page (logged in by typing, as a person does)."""
    contexts = []

    def open_page(username: str | None = None, *, viewport=(1366, 900), locale="vi-VN"):
        context = browser.new_context(
            viewport={"width": viewport[0], "height": viewport[1]}, locale=locale, accept_downloads=True
        )
        context.set_default_timeout(15_000)
        contexts.append(context)
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.on(
            "console",
            lambda msg: errors.append(msg.text) if msg.type == "error" and "favicon" not in msg.text else None,
        )
        page.js_errors = errors
        page.goto(live_server.url + "/")
        if username:
            page.get_by_label("Tên đăng nhập").fill(username)
            page.get_by_label("Mật khẩu").fill("cchc-demo")
            page.get_by_role("button", name="Đăng nhập").click()
            page.wait_for_load_state("networkidle")
        return page

    yield open_page
    for context in contexts:
        context.close()


def screenshot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=False)
