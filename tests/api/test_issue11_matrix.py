"""Every list and page of the supervision loop (issue 11) against the permission rules of
SPEC section 7 and the query bar of section 11: another zone's object is 404, a read-only
role's write is 403, anonymous is sent to log in (pages) or 401 (API), and a list costs the
same queries for 3 zones as for 30."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from supervision.models import ProgressUpdate, TaskForceMember
from tests.api.cases import client_for
from tests.builders import make_plan
from tests.factories import LeaderFactory, ProjectFactory, ZoneFactory
from tests.supervision.makers import make_blocker, make_notice

pytestmark = pytest.mark.usefixtures("frozen_today")  # 2026-11-22


def fill(zone):
    """One of everything issue 11 lists, in ``zone``: a key project with its leader, task
    force member, this month's update, a blocker and a notice."""
    project = ProjectFactory(zone=zone, cadence="monthly")
    project.set_leaders([LeaderFactory(region=zone.region)])
    make_plan(project)
    TaskForceMember.objects.create(project=project, name="张三", unit="发改局", role="member")
    ProgressUpdate.objects.create(
        project=project, period_start=date(2026, 11, 1), image_progress=Decimal(5), progress="x"
    )
    make_blocker(project=project)
    make_notice(project=project)
    return project


API_LISTS = [
    "/api/blockers/",
    "/api/notices/",
    "/api/task-force-members/",
    "/api/progress-updates/",
    "/api/leaders/",
    "/api/stats/leaders/",
]
# The dashboards' supervision part is pinned for 3 and 30 zones in
# tests/reports/dashboards/test_dashboard.py.
PAGES = ["/blockers/", "/notices/", "/rounds/", "/leaders/"]


def queries(call) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = call()
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("url", API_LISTS)
def test_an_api_list_costs_the_same_queries_for_3_zones_and_30(url, dave, city):
    api = client_for(dave)
    for _ in range(3):
        fill(ZoneFactory(region=city))
    few = queries(lambda: api.get(url, {"page_size": 500}))
    for _ in range(27):
        fill(ZoneFactory(region=city))
    assert queries(lambda: api.get(url, {"page_size": 500})) == few


@pytest.mark.parametrize("url", PAGES)
def test_a_page_costs_the_same_queries_for_3_zones_and_30(url, client, dave, city):
    client.force_login(dave)
    for _ in range(3):
        fill(ZoneFactory(region=city))
    few = queries(lambda: client.get(url))
    for _ in range(27):
        fill(ZoneFactory(region=city))
    assert queries(lambda: client.get(url)) == few


def test_my_projects_costs_the_same_queries_for_3_zones_and_30(client, dave, city):
    leader = LeaderFactory(region=city, user=dave)
    client.force_login(dave)

    def spread(count):
        for _ in range(count):
            fill(ZoneFactory(region=city)).set_leaders([leader])

    spread(3)
    few = queries(lambda: client.get(reverse("reports:my_projects")))
    spread(27)
    assert queries(lambda: client.get(reverse("reports:my_projects"))) == few


# -- permissions ---------------------------------------------------------------------------


@pytest.fixture
def theirs(zone_b):
    """Zone B's objects, which alice (official of zone A) must not reach."""
    project = fill(zone_b)
    return {
        "project": project,
        "blocker": project.blockers.get(),
        "leader": project.project_leaders.get().leader,
    }


def test_another_zones_objects_are_404_on_the_api(alice, theirs):
    api = client_for(alice)
    blocker = theirs["blocker"]
    for url in (
        f"/api/blockers/{blocker.pk}/",
        f"/api/blockers/{blocker.pk}/steps/",
        f"/api/task-force-members/{theirs['project'].task_force.get().pk}/",
        f"/api/progress-updates/{theirs['project'].progress_updates.get().pk}/",
    ):
        assert api.get(url).status_code == 404, url
    response = api.post(f"/api/blockers/{blocker.pk}/transition/", {"action": "start"})
    assert response.status_code == 404


def test_another_zones_pages_are_404(client, alice, zone_b, theirs):
    client.force_login(alice)
    for url in (
        reverse("supervision:blocker", args=[theirs["blocker"].pk]),
        f"{reverse('supervision:round')}?zone={zone_b.pk}",
    ):
        assert client.get(url).status_code == 404, url


def test_a_read_only_role_may_not_write(client, dave, zone_b, theirs):
    blocker = theirs["blocker"]
    api = client_for(dave)
    response = api.post(f"/api/blockers/{blocker.pk}/transition/", {"action": "start"})
    assert response.status_code == 403
    assert api.patch(f"/api/blockers/{blocker.pk}/", {"title": "x"}).status_code == 403
    member = theirs["project"].task_force.get()
    assert api.delete(f"/api/task-force-members/{member.pk}/").status_code == 403
    client.force_login(dave)
    assert client.post(f"{reverse('supervision:round')}?zone={zone_b.pk}").status_code == 403


@pytest.mark.parametrize("url", PAGES + ["/my/projects/"])
def test_anonymous_is_sent_to_log_in(url, client, zone_a):
    response = client.get(url)
    assert response.status_code == 302 and "login" in response.url


@pytest.mark.parametrize("url", API_LISTS)
def test_anonymous_api_is_401(url, zone_a):
    assert client_for(None).get(url).status_code == 401
