"""The account pages (password, API token) and the lockout page at a phone's width and at
1440 px: no sideways scrolling, the user menu reaches both pages, no CSP errors."""

import pytest

from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SIZES = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1440, "height": 900}}


def _overflow(page):
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


@pytest.mark.parametrize("size", SIZES)
def test_the_account_pages_fit_and_open_from_the_user_menu(
    watched_page, live_server, alice, size, settings
):
    settings.AXES_FAILURE_LIMIT = 1
    page = watched_page.page
    url = live_server.url
    page.set_viewport_size(SIZES[size])
    page.goto(f"{url}/login/")
    page.fill("#id_username", "alice")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit].btn-primary")
    page.wait_for_url(lambda address: "/login/" not in address)

    if size == "phone":
        page.click(".navbar-toggler")
    page.click("#nav-user-menu")
    page.click("#nav-token")
    page.wait_for_url("**/account/token/")
    page.click("#token-create")
    assert page.locator("#new-token code").is_visible()
    watched_page.screenshot(f"{size}-account-token")
    assert _overflow(page) <= 0

    if size == "phone":
        page.click(".navbar-toggler")
    page.click("#nav-user-menu")
    page.click("#nav-password")
    page.wait_for_url("**/account/password/")
    watched_page.screenshot(f"{size}-account-password")
    assert _overflow(page) <= 0

    # One wrong guess (limit 1 here) shows the lockout page.
    page.context.clear_cookies()
    page.goto(f"{url}/login/")
    page.fill("#id_username", "alice")
    page.fill("#id_password", "wrong")
    page.click("button[type=submit].btn-primary")
    page.wait_for_selector("#login-error")
    assert "登录失败次数过多" in page.inner_text("#login-error")
    watched_page.screenshot(f"{size}-locked-out")
    assert _overflow(page) <= 0
    # The browser reports the lockout page's status (429) as a console error; nothing else.
    assert [e for e in watched_page.errors if "429" not in e] == []
