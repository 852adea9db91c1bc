"""A round (调度) in a real browser: an official fills ten key projects and saves once; the
home page's due list and /api/stats/ follow."""

from datetime import date

import pytest
import time_machine

from supervision.models import ProgressUpdate
from tests.api.cases import client_for
from tests.factories import PASSWORD, AnnualPlanEntryFactory, ProjectFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def shanghai_noon():
    with time_machine.travel("2026-11-22 12:00 +0800", tick=True):
        yield


def test_an_official_fills_a_round_of_ten_projects_in_one_save(
    shanghai_noon, watched_page, live_server, alice, zone_a
):
    page, url = watched_page.page, live_server.url
    projects = []
    for n in range(10):
        project = ProjectFactory(
            zone=zone_a, code=f"ZA-{n:02d}", name=f"重点项目{n}", cadence="biweekly"
        )
        AnnualPlanEntryFactory(project=project, year=2026)
        projects.append(project)

    page.goto(f"{url}/")
    page.fill("#id_username", "alice")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit].btn-primary")
    page.wait_for_url(f"{url}/")
    assert page.locator("#updates-due-count").inner_text() == "10"

    page.click("#nav-round")
    page.wait_for_url(f"{url}/rounds/")
    rows = page.locator("#round-grid tbody tr")
    assert rows.count() == 10
    for n, project in enumerate(projects):
        page.fill(f"#id_p{project.pk}-image_progress", str(10 + n))
        page.fill(f"#id_p{project.pk}-progress", f"第{n}项进展")
    # One bad cell: nothing is saved, the row is marked.
    page.fill(f"#id_p{projects[3].pk}-image_progress", "130")
    page.click("#save-round")
    page.wait_for_load_state()
    assert page.locator("#round-grid tr.table-danger").count() == 1
    assert ProgressUpdate.objects.count() == 0
    watched_page.screenshot("round-01-refused")

    page.fill(f"#id_p{projects[3].pk}-image_progress", "13")
    page.click("#save-round")
    page.wait_for_url(f"{url}/rounds/?zone={zone_a.pk}")
    assert ProgressUpdate.objects.filter(period_start=date(2026, 11, 16)).count() == 10
    assert page.locator("#round-grid tr.zt-reported").count() == 10
    watched_page.screenshot("round-02-saved")

    page.goto(f"{url}/")
    assert page.locator("#updates-due-count").inner_text() == "0"
    section = client_for(alice).get("/api/stats/", {"year": 2026}).json()["supervision"]
    assert (section["updates_due"], section["updates_received"]) == (10, 10)
