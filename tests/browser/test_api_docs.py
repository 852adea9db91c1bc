"""/api/docs/ in a real Chromium with every request off this server cut off."""

import pytest
from django.core.cache import cache

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_api_docs_render_offline_under_the_csp(watched_page, live_server):
    cache.clear()  # API throttling counts requests in the cache
    page = watched_page.page
    origin = live_server.url
    page.route(
        "**/*",
        lambda route: route.continue_() if route.request.url.startswith(origin) else route.abort(),
    )
    page.goto(f"{origin}/api/docs/")
    page.locator(".opblock-summary-path", has_text="/api/projects/{id}/").first.wait_for()
    assert page.locator(".opblock-tag", has_text="milestones").count() == 1
    assert page.locator(".opblock").count() >= 40  # 8 resources × 5 operations, and more
    assert watched_page.outside_requests() == []
    assert watched_page.errors == []  # a CSP refusal would be logged here
    watched_page.screenshot("api-docs")
