#!/usr/bin/env python3
"""The browser half of scripts/stack_smoke.sh: Debian's Chromium through nginx.

    python scripts/stack_browser.py https://127.0.0.1:PORT USERNAME PASSWORD

Logs in, opens the project list and the dashboard, and checks on each page that every
stylesheet came back 200 with its rules (so nginx served collectstatic's files) and that the
browser saw no console error, no page error and no failed request. Prints one line per step
and exits 1 at the first surprise.
"""

import argparse
import os
import shutil
import sys

from playwright.sync_api import sync_playwright

LAUNCH_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
PAGES = [("/projects/", "project list"), ("/dashboard/", "dashboard")]


class SmokeError(Exception):
    pass


def check_page(page, base_url, path, name, problems):
    problems.clear()
    response = page.goto(base_url + path)
    if response is None or response.status != 200:
        raise SmokeError(f"{name}: {path} answered {response and response.status}")
    page.wait_for_load_state("networkidle")
    sheets = page.evaluate(
        """() => Array.from(document.styleSheets).map(sheet => {
            let rules = -1;
            try { rules = sheet.cssRules.length; } catch (error) {}
            return {href: sheet.href, rules: rules};
        })"""
    )
    own = [sheet for sheet in sheets if sheet["href"] and "/static/" in sheet["href"]]
    if not own or any(sheet["rules"] <= 0 for sheet in own):
        raise SmokeError(f"{name}: stylesheets not loaded: {sheets}")
    if "zonetrack" not in " ".join(sheet["href"] for sheet in own):
        raise SmokeError(f"{name}: the app's own stylesheet is missing: {own}")
    if problems:
        raise SmokeError(f"{name}: {problems}")
    print(f"ok  {name}: {path}, {len(own)} stylesheets from /static/, no console error")


def _failed(request, problems):
    """A failed request is a problem, except the favicon the browser fetches on its own and
    cancels (net::ERR_ABORTED) when the page navigates before it arrives: nothing failed."""
    if "/favicon" in request.url and request.failure == "net::ERR_ABORTED":
        return
    problems.append(f"failed: {request.url} ({request.failure})")


def run(base_url, username, password):
    chromium = os.environ.get("ZONETRACK_CHROMIUM") or shutil.which("chromium")
    if not chromium:
        raise SmokeError("Chromium not found (apt-get install chromium, or ZONETRACK_CHROMIUM)")
    problems = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=LAUNCH_ARGS)
        # The CI certificate is self-signed; curl and api_scenario.py verify it, the browser
        # is only told to accept it.
        context = browser.new_context(locale="zh-CN", ignore_https_errors=True)
        page = context.new_page()
        page.set_default_timeout(30000)
        page.on(
            "console",
            lambda message: problems.append(message.text) if message.type == "error" else None,
        )
        page.on("pageerror", lambda error: problems.append(str(error)))
        page.on("requestfailed", lambda request: _failed(request, problems))
        page.on(
            "response",
            lambda response: (
                problems.append(f"{response.status}: {response.url}")
                if response.status >= 400
                else None
            ),
        )

        page.goto(base_url + "/login/")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", password)
        with page.expect_navigation():
            page.click("button[type=submit]")
        if "/login/" in page.url:
            raise SmokeError(f"login as {username} failed: still on {page.url}")
        if problems:
            raise SmokeError(f"login: {problems}")
        print(f"ok  logged in as {username} through nginx ({page.url})")

        for path, name in PAGES:
            check_page(page, base_url, path, name, problems)
        browser.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("base_url")
    parser.add_argument("username")
    parser.add_argument("password")
    args = parser.parse_args()
    try:
        run(args.base_url.rstrip("/"), args.username, args.password)
    except SmokeError as error:
        print(f"FAIL {error}")
        sys.exit(1)


if __name__ == "__main__":
    main()
