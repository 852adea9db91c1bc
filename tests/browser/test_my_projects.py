"""leader_wang, the demo's city leader, finds "My projects" in the navigation and his eight
projects on it; a leadership login that is no leader has no such entry."""

from datetime import date

import pytest
import time_machine

from devtools.demo import seed_demo

from .test_roles import log_in, photograph

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_city():
    with time_machine.travel("2026-11-22 12:00 +0800", tick=True):
        seed_demo(date(2026, 11, 22), projects_per_zone=6)
        yield


def test_leader_wang_opens_his_projects_from_the_navigation(demo_city, watched_page, live_server):
    page = watched_page.page
    log_in(watched_page, live_server.url, "leader_wang")
    page.click("#nav-my-projects")
    page.wait_for_url(lambda address: address.endswith("/my/projects/"))
    assert page.locator("#my-projects-table tbody tr").count() == 8
    assert "王建国" in page.inner_text("#my-leader")
    photograph(watched_page, "leader_wang", "my-projects")


def test_leadership_without_a_leader_has_no_entry(demo_city, watched_page, live_server):
    page = watched_page.page
    log_in(watched_page, live_server.url, "leader")
    page.wait_for_load_state("networkidle")
    assert page.locator("#nav-my-projects").count() == 0
