"""/api/projects/ and /api/milestones/: the shared cases, then what is particular to each."""

from datetime import date
from decimal import Decimal

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from projects.models import Milestone, Project
from tests.api.cases import APICases, client_for, official_who_only_reads_zone_b
from tests.factories import (
    MilestoneFactory,
    ParkFactory,
    ProjectFactory,
    RegionFactory,
    ZoneFactory,
)


class TestProjectAPI(APICases):
    url = "/api/projects/"
    model = Project
    list_queries = 5  # and the leader links, one query for the page

    def make(self, zone):
        return ProjectFactory(zone=zone)

    def create_data(self, zone):
        return {
            "code": "ZA-2026-001",
            "name": "新能源电池项目",
            "zone": zone.pk,
            "category": "manufacturing",
            "total_investment": "150000.00",
        }

    def update_data(self, obj):
        return {"name": "新能源电池项目（二期）", "total_investment": "180000.50"}


class TestMilestoneAPI(APICases):
    url = "/api/milestones/"
    model = Milestone
    zone_field = "project"

    def make(self, zone):
        return MilestoneFactory(project=ProjectFactory(zone=zone))

    def create_data(self, zone):
        project = ProjectFactory(zone=zone)
        return {
            "project": project.pk,
            "kind": "signing",
            "planned_on": "2026-03-01",
            "actual_on": "2026-03-05",
            "note": "签约仪式",
        }

    def update_data(self, obj):
        return {"planned_on": "2026-04-01", "note": "推迟"}


@pytest.fixture
def api(frozen_today):
    cache.clear()  # API throttling counts requests in the cache
    return client_for


def milestone(project, kind, actual_on=None, planned_on=None):
    return MilestoneFactory(project=project, kind=kind, actual_on=actual_on, planned_on=planned_on)


# -- projects: what a write stores and refuses ----------------------------------------------


def test_it_answers_money_as_strings_with_two_decimals_and_ignores_a_posted_stage(api, alice):
    response = api(alice).post(
        "/api/projects/",
        {
            "code": "P-1",
            "name": "电池",
            "zone": alice.memberships.get().zone_id,
            "category": "manufacturing",
            "total_investment": 150000,
            "foreign_investment_usd": "9000.5",
            "stage": "in_production",
        },
        format="json",
    )
    assert response.status_code == 201, response.data
    assert response.data["total_investment"] == "150000.00"
    assert response.data["foreign_investment_usd"] == "9000.50"
    assert response.data["stage"] == "negotiating"
    # The optional fields were omitted and took the model's defaults.
    assert response.data["level"] == "general"
    assert response.data["is_attracted"] is True
    assert response.data["park"] is None


def test_it_refuses_a_park_of_another_zone_with_the_model_message(api, admin_user, zone_a, zone_b):
    park_b = ParkFactory(zone=zone_b)
    data = {"code": "P-1", "name": "x", "zone": zone_a.pk, "park": park_b.pk}
    data |= {"category": "services", "total_investment": "1.00"}
    response = api(admin_user, language="en").post("/api/projects/", data, format="json")
    assert response.status_code == 400
    assert response.data == {"park": ["The park must belong to the project's zone."]}
    assert not Project.objects.exists()


def test_it_refuses_a_stalled_project_without_a_reason(api, alice, zone_a):
    project = ProjectFactory(zone=zone_a)
    response = api(alice).patch(f"/api/projects/{project.pk}/", {"status": "stalled"})
    assert response.status_code == 400
    assert response.data == {"status_reason": ["项目停滞或取消时须填写原因。"]}
    project.refresh_from_db()
    assert project.status == "active"


def test_it_refuses_a_negative_investment_with_the_model_message(api, alice, zone_a):
    project = ProjectFactory(zone=zone_a)
    response = api(alice).patch(f"/api/projects/{project.pk}/", {"total_investment": "-1"})
    assert response.status_code == 400
    assert response.data == {"total_investment": ["不能为负数。"]}


def test_it_reports_a_duplicate_code_once_on_the_code_field(api, alice, zone_a):
    ProjectFactory(zone=zone_a, code="ZA-1")
    data = {"code": "ZA-1", "name": "x", "zone": zone_a.pk, "category": "urban"}
    response = api(alice).post("/api/projects/", data | {"total_investment": "1"}, format="json")
    assert response.status_code == 400
    assert list(response.data) == ["code"]
    assert len(response.data["code"]) == 1
    assert Project.objects.count() == 1


def test_an_official_cannot_move_a_project_to_a_zone_it_only_reads(api, zone_a, zone_b, city):
    erin = official_who_only_reads_zone_b(zone_a, city)
    project = ProjectFactory(zone=zone_a)
    response = api(erin).patch(f"/api/projects/{project.pk}/", {"zone": zone_b.pk})
    assert response.status_code == 403
    project.refresh_from_db()
    assert project.zone == zone_a
    assert project.history.count() == 1


def test_an_official_cannot_create_a_project_in_a_zone_it_only_reads(api, zone_a, zone_b, city):
    erin = official_who_only_reads_zone_b(zone_a, city)
    data = {"code": "ZB-9", "name": "x", "zone": zone_b.pk, "category": "urban"}
    response = api(erin).post("/api/projects/", data | {"total_investment": "1"}, format="json")
    assert response.status_code == 403
    assert not Project.objects.exists()


def test_a_zone_it_cannot_see_does_not_exist_for_a_move(api, alice, zone_a, zone_b):
    project = ProjectFactory(zone=zone_a)
    response = api(alice, language="en").patch(f"/api/projects/{project.pk}/", {"zone": zone_b.pk})
    assert response.status_code == 400
    assert response.data == {"zone": [f'Invalid pk "{zone_b.pk}" - object does not exist.']}
    project.refresh_from_db()
    assert project.zone == zone_a


def test_a_put_replaces_every_writable_field(api, alice, zone_a):
    project = ProjectFactory(zone=zone_a, attraction_team="招商一局", industry="新材料")
    data = {"code": project.code, "name": "新名称", "zone": zone_a.pk, "category": "services"}
    data |= {"total_investment": "20.00", "attraction_team": "", "industry": ""}
    response = api(alice).put(f"/api/projects/{project.pk}/", data, format="json")
    assert response.status_code == 200, response.data
    project.refresh_from_db()
    assert (project.name, project.attraction_team, project.category) == ("新名称", "", "services")


def test_an_api_write_records_its_user_in_the_history(api, alice, zone_a):
    project = ProjectFactory(zone=zone_a)
    api(alice).patch(f"/api/projects/{project.pk}/", {"name": "改名"})
    assert project.history.first().history_user == alice


# -- projects: lost updates (If-Match) -------------------------------------------------------


def later():
    """Five minutes after the frozen "now": a second write gets a later updated_at."""
    return time_machine.travel("2026-11-22 12:05 +0800", tick=False)


def test_a_write_with_a_stale_if_match_is_refused_with_412(api, alice, carol, zone_a):
    project = ProjectFactory(zone=zone_a, name="原名")
    url = f"/api/projects/{project.pk}/"
    read = api(alice).get(url)
    etag = read["ETag"]
    assert etag
    with later():
        carol_write = api(carol).patch(url, {"name": "carol 的修改"}, HTTP_IF_MATCH=etag)
        assert carol_write.status_code == 200
        assert carol_write["ETag"] != etag

        response = api(alice, language="en").patch(url, {"name": "alice 的"}, HTTP_IF_MATCH=etag)

    assert response.status_code == 412
    assert "changed this object after you read it" in response.data["detail"]
    project.refresh_from_db()
    assert project.name == "carol 的修改"


def test_a_write_with_the_current_etag_or_none_goes_through(api, alice, zone_a):
    project = ProjectFactory(zone=zone_a)
    url = f"/api/projects/{project.pk}/"
    etag = api(alice).get(url)["ETag"]
    assert api(alice).patch(url, {"name": "一"}, HTTP_IF_MATCH=etag).status_code == 200
    assert api(alice).patch(url, {"name": "二"}).status_code == 200
    assert api(alice).patch(url, {"name": "三"}, HTTP_IF_MATCH="*").status_code == 200


def test_a_delete_with_a_stale_if_match_is_refused(api, alice, zone_a):
    project = ProjectFactory(zone=zone_a)
    url = f"/api/projects/{project.pk}/"
    etag = api(alice).get(url)["ETag"]
    with later():
        api(alice).patch(url, {"name": "改"})
        assert api(alice).delete(url, HTTP_IF_MATCH=etag).status_code == 412
    assert Project.objects.filter(pk=project.pk).exists()


def test_a_write_locks_the_row_it_checks_if_match_against(api, alice, zone_a):
    # Without the lock two writes could both pass the If-Match check before either saves.
    project = ProjectFactory(zone=zone_a)
    with CaptureQueriesContext(connection) as queries:
        api(alice).patch(f"/api/projects/{project.pk}/", {"name": "锁"})
    locked = [q["sql"] for q in queries if "FOR UPDATE" in q["sql"]]
    assert len(locked) == (1 if connection.features.has_select_for_update else 0)


# -- projects: filters, ordering, pagination ------------------------------------------------


@pytest.fixture
def portfolio(zone_a, zone_b, city, frozen_today):
    """Four projects; every filter below is worked out by hand against them."""
    county = RegionFactory(code="JS-ZJ-DY", parent=city)
    zone_c = ZoneFactory(code="ZC", region=county)
    park = ParkFactory(zone=zone_a)
    battery = ProjectFactory(
        code="A-1", name="电池工厂", zone=zone_a, park=park, total_investment=Decimal("150000")
    )
    hotel = ProjectFactory(
        code="A-2",
        name="酒店",
        zone=zone_a,
        category="services",
        level="city_key",
        investor="锦江集团",
        total_investment=Decimal("5000"),
    )
    road = ProjectFactory(
        code="B-1",
        name="道路",
        zone=zone_b,
        category="infrastructure",
        is_attracted=False,
        status="stalled",
        status_reason="资金未到位",
        total_investment=Decimal("9999.99"),
    )
    chips = ProjectFactory(code="C-1", name="芯片", zone=zone_c, total_investment=Decimal("10000"))
    milestone(battery, "signing", actual_on=date(2026, 3, 5))
    milestone(battery, "groundbreaking", actual_on=date(2026, 6, 1))
    milestone(hotel, "signing", actual_on=date(2025, 12, 31))
    milestone(chips, "signing", planned_on=date(2026, 12, 1))
    return {"battery": battery, "hotel": hotel, "road": road, "chips": chips, "zone_c": zone_c}


@pytest.mark.parametrize(
    "query, expected",
    [
        ({}, ["A-1", "A-2", "B-1", "C-1"]),
        ({"stage": "under_construction"}, ["A-1"]),
        ({"stage": "signed"}, ["A-2"]),
        ({"category": "services"}, ["A-2"]),
        ({"level": "city_key"}, ["A-2"]),
        ({"status": "stalled"}, ["B-1"]),
        ({"is_attracted": "false"}, ["B-1"]),
        ({"min_investment": "10000"}, ["A-1", "C-1"]),
        ({"signed_from": "2026-01-01"}, ["A-1"]),
        ({"signed_to": "2026-01-01"}, ["A-2"]),
        ({"signed_from": "2025-12-31", "signed_to": "2026-03-05"}, ["A-1", "A-2"]),
        ({"q": "锦江"}, ["A-2"]),
        ({"q": "b-1"}, ["B-1"]),
        ({"q": "芯片"}, ["C-1"]),
    ],
)
def test_the_project_filters(api, dave, portfolio, query, expected):
    response = api(dave).get("/api/projects/", query)
    assert response.status_code == 200, response.data
    assert sorted(row["code"] for row in response.data["results"]) == expected


def test_the_zone_park_and_region_filters(api, dave, portfolio, zone_a, city):
    def codes(**query):
        return sorted(r["code"] for r in api(dave).get("/api/projects/", query).data["results"])

    park = portfolio["battery"].park
    assert codes(zone=zone_a.pk) == ["A-1", "A-2"]
    assert codes(park=park.pk) == ["A-1"]
    assert codes(region=city.pk) == ["A-1", "A-2", "B-1", "C-1"]  # the county's zone too
    assert codes(region=portfolio["zone_c"].region_id) == ["C-1"]


def test_a_filter_naming_a_zone_it_cannot_see_is_refused(api, alice, portfolio, zone_b):
    response = api(alice).get("/api/projects/", {"zone": zone_b.pk})
    assert response.status_code == 400
    assert list(response.data) == ["zone"]


def test_an_official_lists_only_its_zone(api, alice, portfolio):
    codes = [r["code"] for r in api(alice).get("/api/projects/").data["results"]]
    assert codes == ["A-1", "A-2"]


def test_the_list_orders_by_request(api, dave, portfolio):
    response = api(dave).get("/api/projects/", {"ordering": "-total_investment"})
    assert [r["code"] for r in response.data["results"]] == ["A-1", "C-1", "B-1", "A-2"]


def test_the_list_is_paginated_with_count_next_and_previous(api, dave, portfolio):
    first = api(dave).get("/api/projects/", {"page_size": 3})
    assert first.data["count"] == 4
    assert len(first.data["results"]) == 3
    assert first.data["previous"] is None
    second = api(dave).get(first.data["next"])
    assert [r["code"] for r in second.data["results"]] == ["C-1"]
    assert second.data["next"] is None


def test_a_nul_byte_in_a_filter_is_a_400(api, alice):
    assert api(alice).get("/api/projects/", {"q": "电池\x00"}).status_code == 400


def test_an_anonymous_request_is_a_401_with_a_token_challenge(api, db):
    response = api(None).get("/api/projects/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


# -- milestones ------------------------------------------------------------------------------


def test_a_milestone_records_who_wrote_it_and_moves_the_stage(api, alice, zone_a):
    project = ProjectFactory(zone=zone_a)
    data = {"project": project.pk, "kind": "signing", "actual_on": "2026-03-05"}
    response = api(alice).post("/api/milestones/", data, format="json")
    assert response.status_code == 201, response.data
    assert response.data["recorded_by"] == "alice"
    assert Milestone.objects.get().recorded_by == alice
    assert api(alice).get(f"/api/projects/{project.pk}/").data["stage"] == "signed"


def test_it_reports_a_duplicate_milestone_once_on_kind(api, alice, zone_a):
    project = ProjectFactory(zone=zone_a)
    milestone(project, "signing")
    data = {"project": project.pk, "kind": "signing"}
    response = api(alice).post("/api/milestones/", data, format="json")
    assert response.status_code == 400
    assert response.data == {"kind": ["该项目已有此类节点。"]}


def test_a_refused_milestone_changes_nothing(api, alice, zone_a):
    project = ProjectFactory(zone=zone_a)
    milestone(project, "signing", actual_on=date(2026, 5, 1))
    project.refresh_from_db()
    before = (
        Milestone.objects.count(),
        Milestone.history.count(),
        Project.history.count(),
        project.updated_at,
    )
    data = {"project": project.pk, "kind": "groundbreaking", "actual_on": "2026-04-30"}
    response = api(alice).post("/api/milestones/", data, format="json")
    assert response.status_code == 400
    assert response.data == {"actual_on": ["开工日期不能早于签约日期（2026-05-01）。"]}
    project.refresh_from_db()
    after = (
        Milestone.objects.count(),
        Milestone.history.count(),
        Project.history.count(),
        project.updated_at,
    )
    assert after == before
    assert project.stage == "signed"


def test_an_attracted_project_needs_its_earlier_milestones(api, alice, zone_a):
    project = ProjectFactory(zone=zone_a, is_attracted=True)
    data = {"project": project.pk, "kind": "groundbreaking", "actual_on": "2026-04-30"}
    response = api(alice, language="en").post("/api/milestones/", data, format="json")
    assert response.status_code == 400
    assert list(response.data) == ["actual_on"]
    assert "Signing" in response.data["actual_on"][0]


def test_deleting_a_milestone_a_later_one_needs_is_a_400(api, alice, zone_a):
    project = ProjectFactory(zone=zone_a)
    signing = milestone(project, "signing", actual_on=date(2026, 3, 1))
    milestone(project, "groundbreaking", actual_on=date(2026, 4, 1))
    response = api(alice).delete(f"/api/milestones/{signing.pk}/")
    assert response.status_code == 400
    assert response.data == {"actual_on": ["开工已有实际日期，此节点日期不能为空。"]}
    assert Milestone.objects.count() == 2


def test_a_milestone_cannot_point_at_a_project_of_a_zone_only_read(api, zone_a, zone_b, city):
    erin = official_who_only_reads_zone_b(zone_a, city)
    theirs = ProjectFactory(zone=zone_b)
    data = {"project": theirs.pk, "kind": "signing", "planned_on": "2026-12-01"}
    assert api(erin).post("/api/milestones/", data, format="json").status_code == 403
    mine = milestone(ProjectFactory(zone=zone_a), "signing")
    moved = api(erin).patch(f"/api/milestones/{mine.pk}/", {"project": theirs.pk})
    assert moved.status_code == 403
    assert Milestone.objects.get().project.zone == zone_a


def test_a_milestone_cannot_point_at_a_project_it_cannot_see(api, alice, zone_b):
    theirs = ProjectFactory(zone=zone_b)
    data = {"project": theirs.pk, "kind": "signing"}
    response = api(alice).post("/api/milestones/", data, format="json")
    assert response.status_code == 400
    assert list(response.data) == ["project"]
    assert not Milestone.objects.exists()


def test_the_milestone_filters(api, alice, zone_a):
    one, two = ProjectFactory(zone=zone_a), ProjectFactory(zone=zone_a)
    a = milestone(one, "signing")
    b = milestone(one, "groundbreaking")
    c = milestone(two, "signing")

    def ids(**query):
        return {r["id"] for r in api(alice).get("/api/milestones/", query).data["results"]}

    assert ids(project=one.pk) == {a.pk, b.pk}
    assert ids(kind="signing") == {a.pk, c.pk}
    assert ids(project=two.pk, kind="groundbreaking") == set()
    assert ids(zone=zone_a.pk) == {a.pk, b.pk, c.pk}


# -- languages -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "language, message",
    [
        (None, "日期不能晚于今天。"),
        ("zh-hans", "日期不能晚于今天。"),
        ("en", "The date cannot be in the future."),
    ],
)
def test_messages_follow_accept_language(api, alice, zone_a, language, message):
    project = ProjectFactory(zone=zone_a)
    data = {"project": project.pk, "kind": "signing", "actual_on": "2026-11-23"}
    response = api(alice, language=language).post("/api/milestones/", data, format="json")
    assert response.status_code == 400
    assert response.data == {"actual_on": [message]}


def test_the_browsable_api_renders_a_project_for_a_browser_session(alice, zone_a):
    cache.clear()
    project = ProjectFactory(zone=zone_a)
    client = APIClient()
    client.force_login(alice)
    response = client.get(f"/api/projects/{project.pk}/", HTTP_ACCEPT="text/html")
    assert response.status_code == 200
    assert project.code in response.content.decode()
