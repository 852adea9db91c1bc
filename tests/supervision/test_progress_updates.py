"""Progress updates (调度记录): the period's start, lateness, the round's projects, the API."""

from datetime import date
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError

from supervision.models import ProgressUpdate, key_projects
from tests.api.cases import APICases, client_for
from tests.factories import AnnualPlanEntryFactory, ProjectFactory
from tests.supervision.makers import make_blocker


def make_update(zone=None, project=None, **fields):
    if project is None:
        place = {"zone": zone} if zone else {}
        project = ProjectFactory(cadence="biweekly", **place)
    values = {
        "period_start": date(2026, 11, 16),
        "image_progress": Decimal("35.00"),
        "progress": "主体结构封顶",
        "next_steps": "开始内装",
    }
    return ProgressUpdate.objects.create(project=project, **(values | fields))


pytestmark = pytest.mark.django_db


def test_it_refuses_a_period_start_that_does_not_start_a_period_of_the_cadence(frozen_today):
    project = ProjectFactory(cadence="biweekly")
    update = ProgressUpdate(
        project=project, period_start=date(2026, 11, 10), image_progress=10, progress="x"
    )
    with pytest.raises(ValidationError) as error:
        update.full_clean()
    assert error.value.message_dict["period_start"] == [
        "2026-11-10 不是该项目调度周期（每半月）的起始日；其所在周期从 2026-11-01 开始。"
    ]


def test_it_accepts_the_monday_of_a_weekly_project(frozen_today):
    project = ProjectFactory(cadence="weekly")
    update = ProgressUpdate(
        project=project, period_start=date(2026, 11, 16), image_progress=10, progress="x"
    )
    update.full_clean()


def test_it_refuses_a_period_not_yet_begun_and_a_progress_over_100(frozen_today):
    project = ProjectFactory(cadence="monthly")
    update = ProgressUpdate(
        project=project, period_start=date(2026, 12, 1), image_progress=101, progress="x"
    )
    with pytest.raises(ValidationError) as error:
        update.full_clean()
    assert set(error.value.message_dict) == {"period_start", "image_progress"}


def test_it_refuses_a_second_update_for_the_same_period(frozen_today):
    first = make_update()
    second = ProgressUpdate(
        project=first.project, period_start=first.period_start, image_progress=40, progress="y"
    )
    with pytest.raises(ValidationError) as error:
        second.full_clean()
    assert error.value.message_dict["period_start"] == ["该项目本周期已有调度记录。"]


def test_an_update_reported_after_its_period_ended_is_late():
    # The half month 11-01..11-15 ends on the 15th, Shanghai time.
    with time_machine.travel("2026-11-15 23:30 +0800", tick=False):
        on_time = make_update(period_start=date(2026, 11, 1))
    with time_machine.travel("2026-11-16 00:30 +0800", tick=False):
        late = make_update(period_start=date(2026, 11, 1))
    assert not on_time.is_late
    assert late.is_late


def test_the_round_takes_the_active_projects_on_this_years_plan(zone_a):
    on_plan = ProjectFactory(zone=zone_a)
    AnnualPlanEntryFactory(project=on_plan, year=2026)
    last_year = ProjectFactory(zone=zone_a)
    AnnualPlanEntryFactory(project=last_year, year=2025)
    stalled = ProjectFactory(zone=zone_a, status="stalled", status_reason="资金未到位")
    AnnualPlanEntryFactory(project=stalled, year=2026)
    ProjectFactory(zone=zone_a)
    found = key_projects(zone_a.projects.all(), date(2026, 11, 22))
    assert list(found) == [on_plan]


class TestProgressUpdateAPI(APICases):
    url = "/api/progress-updates/"
    model = ProgressUpdate
    zone_field = "project"
    list_queries = 5  # and one for the blockers each update reports on

    def make(self, zone):
        return make_update(zone)

    def create_data(self, zone):
        return {
            "project": ProjectFactory(zone=zone, cadence="monthly").pk,
            "period_start": "2026-11-01",
            "image_progress": "60.00",
            "progress": "设备安装完成",
            "next_steps": "试生产",
        }

    def update_data(self, obj):
        return {"image_progress": "40.00", "progress": "主体完工"}


def test_the_api_records_who_reported_and_filters_by_zone_and_period(
    alice, zone_a, zone_b, frozen_today
):
    project = ProjectFactory(zone=zone_a, cadence="biweekly")
    make_update(project=project, period_start=date(2026, 11, 1))
    response = client_for(alice).post(
        "/api/progress-updates/",
        {
            "project": project.pk,
            "period_start": "2026-11-16",
            "image_progress": "45.5",
            "progress": "钢结构吊装",
            "reported_by": "someone-else",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["reported_by"] == "alice"
    assert response.json()["late"] is False
    listed = client_for(alice).get(
        "/api/progress-updates/", {"zone": zone_a.pk, "period_start": "2026-11-16"}
    )
    assert [row["image_progress"] for row in listed.json()["results"]] == ["45.50"]


def test_the_api_refuses_a_period_start_off_the_cadence_and_writes_nothing(
    alice, zone_a, frozen_today
):
    project = ProjectFactory(zone=zone_a, cadence="weekly")
    response = client_for(alice).post(
        "/api/progress-updates/",
        {
            "project": project.pk,
            "period_start": "2026-11-18",
            "image_progress": "5",
            "progress": "x",
        },
        format="json",
    )
    assert response.status_code == 400
    assert "period_start" in response.json()
    assert not ProgressUpdate.objects.exists()


def test_an_update_records_the_blockers_it_reports_on_and_the_api_filters_by_them(
    alice, zone_a, frozen_today
):
    project = ProjectFactory(zone=zone_a, cadence="biweekly")
    land, power = make_blocker(project=project, title="用地指标"), make_blocker(project=project)
    response = client_for(alice).post(
        "/api/progress-updates/",
        {
            "project": project.pk,
            "period_start": "2026-11-16",
            "image_progress": "20",
            "progress": "等待用地指标",
            "blockers": [land.pk],
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["blockers"] == [land.pk]
    assert list(land.updates.values_list("pk", flat=True)) == [response.json()["id"]]
    listed = client_for(alice).get("/api/progress-updates/", {"blocker": power.pk})
    assert listed.json()["results"] == []
    listed = client_for(alice).get("/api/progress-updates/", {"blocker": land.pk})
    assert [row["id"] for row in listed.json()["results"]] == [response.json()["id"]]


def test_an_update_refuses_another_projects_blocker_and_writes_nothing(alice, zone_a, frozen_today):
    project = ProjectFactory(zone=zone_a, cadence="biweekly")
    elsewhere = make_blocker(project=ProjectFactory(zone=zone_a), title="外部供电")
    response = client_for(alice).post(
        "/api/progress-updates/",
        {
            "project": project.pk,
            "period_start": "2026-11-16",
            "image_progress": "20",
            "progress": "x",
            "blockers": [elsewhere.pk],
        },
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["blockers"] == ["外部供电：不是本项目的堵点。"]
    assert not ProgressUpdate.objects.exists()


def test_an_update_cannot_name_a_blocker_of_another_zone(alice, zone_a, zone_b, frozen_today):
    project = ProjectFactory(cadence="biweekly", zone=zone_a)
    hidden = make_blocker(zone=zone_b)
    response = client_for(alice).post(
        "/api/progress-updates/",
        {
            "project": project.pk,
            "period_start": "2026-11-16",
            "image_progress": "20",
            "progress": "x",
            "blockers": [hidden.pk],
        },
        format="json",
    )
    assert response.status_code == 400
    assert f"“{hidden.pk}”" in response.json()["blockers"][0]
    assert not ProgressUpdate.objects.exists()


def test_the_blocker_page_lists_the_updates_that_report_on_it(client, alice, zone_a, frozen_today):
    project = ProjectFactory(zone=zone_a, cadence="biweekly")
    blocker = make_blocker(project=project)
    make_update(project=project, progress="供电线路已报装").blockers.add(blocker)
    make_update(project=project, period_start=date(2026, 11, 1), progress="无关")
    client.force_login(alice)
    page = client.get(f"/blockers/{blocker.pk}/")
    assert page.status_code == 200
    assert "供电线路已报装" in page.content.decode()
    assert "无关" not in page.content.decode()
