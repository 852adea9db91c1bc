"""The supervision loop end to end in a real browser (issue 11's "done when"): an official
fills a round of ten projects in one save and raises a blocker with a photo; the zone lead
assigns it and escalates it to the city; the city's leadership works and resolves it; the zone
lead confirms and closes it. At every step the 督办 list, the zone dashboard and the API say
the same thing."""

from datetime import date
from io import BytesIO

import pytest
import time_machine
from PIL import Image

from supervision.models import Blocker, ProgressUpdate
from tests.api.cases import client_for
from tests.factories import PASSWORD, AnnualPlanEntryFactory, ProjectFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def shanghai_noon():
    with time_machine.travel("2026-11-22 12:00 +0800", tick=True):
        yield


@pytest.fixture
def site_photo(tmp_path):
    """A photo from the site, as a phone would send it."""
    path = tmp_path / "现场照片.jpg"
    buffer = BytesIO()
    Image.new("RGB", (1200, 900), (90, 140, 60)).save(buffer, "JPEG")
    path.write_bytes(buffer.getvalue())
    return path


def log_in(page, url, username, landing):
    page.context.clear_cookies()
    page.goto(f"{url}{landing}")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit].btn-primary")
    page.wait_for_url(f"{url}{landing}")


class Witnesses:
    """The three places a blocker shows, read the way their users read them."""

    def __init__(self, page, url, zone, user):
        self.page, self.url, self.zone, self.user = page, url, zone, user

    def agree(self, blocker, status, level, open_count, closed_count):
        api = client_for(self.user)
        stored = api.get(f"/api/blockers/{blocker.pk}/").json()
        assert (stored["status"], stored["level"]) == (status, level)
        section = api.get("/api/stats/", {"year": 2026}).json()["supervision"]
        assert (section["blockers_open"], section["blockers_closed"]) == (
            open_count,
            closed_count,
        )

        back = self.page.url
        self.page.goto(f"{self.url}/dashboard/zone/{self.zone.pk}/")
        tile = self.page.locator("#supervision-kpis [data-metric=blockers_open]")
        assert tile.get_attribute("data-value") == str(open_count)
        closed = self.page.locator("#supervision-kpis [data-metric=blockers_closed]")
        assert closed.get_attribute("data-value") == str(closed_count)

        self.page.goto(f"{self.url}/blockers/?status={status}&level={level}")
        row = self.page.locator(f"#blocker-table tbody tr:has(a[href$='/blockers/{blocker.pk}/'])")
        assert row.count() == 1, f"the 督办 list does not show it as {status} at {level}"
        self.page.goto(back)


def test_a_round_and_a_blocker_with_a_photo_go_through_the_whole_loop(
    shanghai_noon, watched_page, live_server, alice, carol, dave, zone_a, site_photo
):
    page, url = watched_page.page, live_server.url
    projects = []
    for n in range(10):
        project = ProjectFactory(
            zone=zone_a, code=f"ZA-{n:02d}", name=f"重点项目{n}", cadence="biweekly"
        )
        AnnualPlanEntryFactory(project=project, year=2026)
        projects.append(project)
    witnesses = Witnesses(page, url, zone_a, carol)

    # The official's round: ten projects, one save.
    log_in(page, url, "alice", "/rounds/")
    for n, project in enumerate(projects):
        page.fill(f"#id_p{project.pk}-image_progress", str(20 + n))
        page.fill(f"#id_p{project.pk}-progress", f"第{n}项：主体施工")
    page.click("#save-round")
    page.wait_for_url(f"{url}/rounds/?zone={zone_a.pk}")
    assert ProgressUpdate.objects.filter(period_start=date(2026, 11, 16)).count() == 10
    section = client_for(carol).get("/api/stats/", {"year": 2026}).json()["supervision"]
    assert (section["updates_due"], section["updates_received"]) == (10, 10)

    # She raises a blocker on the first project, with a photo from the site.
    page.goto(f"{url}/projects/{projects[0].pk}/")
    page.click("#blocker-raise")
    page.fill("#id_title", "供电线路未接入")
    page.select_option("#id_category", "utilities")
    page.fill("#id_responsible_unit", "新区经发局")
    page.fill("#id_deadline", "2026-12-06")
    page.set_input_files("#id_attachments", str(site_photo))
    page.click("#save-blocker")
    page.wait_for_url(f"{url}/blockers/*/")
    blocker = Blocker.objects.get(title="供电线路未接入")
    thumbnail = page.locator(
        f"#evidence img[src$='/evidence/{blocker.evidence.get().pk}/thumbnail/']"
    )
    assert thumbnail.count() == 1
    # The thumbnail is made on its first request: on a busy machine it may still be loading.
    thumbnail.evaluate(
        "img => img.complete || new Promise(done => img.onload = img.onerror = done)"
    )
    assert thumbnail.evaluate("img => img.complete && img.naturalWidth > 0")
    watched_page.screenshot("loop-01-raised")
    witnesses.agree(blocker, "open", "zone", open_count=1, closed_count=0)

    # The zone lead hands it to the power company, then escalates it to the city.
    log_in(page, url, "carol", f"/blockers/{blocker.pk}/")
    page.fill("#id_responsible_unit", "国网供电公司")
    page.fill("#id_responsible_leader", "李经理")
    page.fill("#id_comment", "请供电公司一周内给出接入方案")
    page.click("#action-assign")
    page.wait_for_url(f"{url}/blockers/{blocker.pk}/")
    assert "国网供电公司" in page.locator("#timeline [data-assigned]").inner_text()
    page.fill("#id_comment", "涉及跨区线路走廊，需市级协调")
    page.click("#action-escalate")
    page.wait_for_url(f"{url}/blockers/{blocker.pk}/")
    page.click("#action-escalate")
    page.wait_for_url(f"{url}/blockers/{blocker.pk}/")
    assert page.locator("#blocker-level").inner_text() == "市级"
    witnesses.agree(blocker, "open", "city", open_count=1, closed_count=0)

    # The city's leadership finds it on the city's list, works it and resolves it.
    log_in(page, url, "dave", "/blockers/")
    page.click("text=供电线路未接入")
    page.click("#action-start")
    page.wait_for_url(f"{url}/blockers/{blocker.pk}/")
    page.fill("#id_resolution", "市发改委协调线路走廊，供电公司已完成接入")
    page.click("#action-resolve")
    page.wait_for_url(f"{url}/blockers/{blocker.pk}/")
    assert page.locator("#blocker-status").inner_text() == "已解决"
    assert page.locator("#action-close").count() == 0  # confirming is the zone's
    witnesses.agree(blocker, "resolved", "city", open_count=0, closed_count=0)

    # The zone lead checks on the ground and closes it.
    log_in(page, url, "carol", f"/blockers/{blocker.pk}/")
    page.fill("#id_comment", "现场核实已通电，同意销号")
    page.click("#action-close")
    page.wait_for_url(f"{url}/blockers/{blocker.pk}/")
    assert page.locator("#blocker-status").inner_text() == "已销号"
    steps = page.locator("#timeline li[data-action]")
    assert [steps.nth(i).get_attribute("data-action") for i in range(steps.count())] == [
        "assign",
        "escalate",
        "escalate",
        "start",
        "resolve",
        "close",
    ]
    watched_page.screenshot("loop-02-closed")
    witnesses.agree(blocker, "closed", "city", open_count=0, closed_count=1)

    assert watched_page.errors == []
    assert watched_page.outside_requests() == []
