"""Playwright driving Debian's Chromium (never a downloaded browser) against live_server.

Without Chromium the browser tests skip with the reason, unless CI is set: then they fail.
"""

import os
import shutil
from pathlib import Path

import pytest


def find_chromium():
    return os.environ.get("ZONETRACK_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"


CHROMIUM = find_chromium()
LAUNCH_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"


@pytest.fixture(scope="session")
def chromium_browser():
    if not Path(CHROMIUM).exists():
        reason = (
            f"Chromium not found at {CHROMIUM} (apt-get install chromium, or set "
            "ZONETRACK_CHROMIUM)"
        )
        if os.environ.get("CI"):
            pytest.fail(f"CI must run the browser tests: {reason}")
        pytest.skip(f"BROWSER TESTS SKIPPED: {reason}")
    # Playwright's sync API runs an event loop in this thread; Django's ORM calls made by the
    # test around it are still synchronous and safe.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        yield browser
        browser.close()


class PageWatch:
    """Records every request the page makes and every console error or page error."""

    def __init__(self, page, origin):
        self.page = page
        self.origin = origin
        self.requests = []
        self.errors = []
        page.on("request", lambda request: self.requests.append(request.url))
        page.on(
            "console",
            lambda message: self.errors.append(message.text) if message.type == "error" else None,
        )
        page.on("pageerror", lambda error: self.errors.append(str(error)))

    def outside_requests(self):
        return [
            url
            for url in self.requests
            if not (url.startswith(self.origin + "/") or url.startswith(("data:", "blob:")))
        ]

    def screenshot(self, name):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        # Playwright hides the caret by styling every input and leaves style="" behind; an
        # htmx swap that settles such an input then trips the page's CSP.
        self.page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True, caret="initial")


@pytest.fixture
def watched_page(chromium_browser, live_server, settings):
    # A browser-session cookie: the server's clock is fixed by the test, the browser's is not.
    settings.SESSION_EXPIRE_AT_BROWSER_CLOSE = True
    context = chromium_browser.new_context(
        locale="zh-CN", viewport={"width": 1366, "height": 900}, accept_downloads=True
    )
    page = context.new_page()
    page.set_default_timeout(15000)
    watch = PageWatch(page, live_server.url)
    yield watch
    context.close()


@pytest.fixture(autouse=True)
def rollups_agree_after_the_writes(transactional_db):
    """After each browser test's writes through the pages, every rollup current for its day
    agrees with the data, and every region row with the zone rows below it (issue 14)."""
    yield
    from datetime import date

    from reports.figures.verify import region_differences, verify_rollups
    from reports.models import ZoneRollup

    days = ZoneRollup.objects.exclude(as_of=date.min).values_list("as_of", flat=True).distinct()
    for day in days:
        assert verify_rollups(day).differences == [], day
    assert region_differences()[1] == []
