"""/api/blockers/ and /api/notices/: the shared cases, then transitions, filters and numbers."""

from datetime import date

import pytest
from django.core.cache import cache
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from supervision.models import Blocker, Notice
from tests.api.cases import APICases, client_for
from tests.factories import ProjectFactory, RegionFactory, ZoneFactory

from .makers import make_blocker, make_notice


class TestBlockerAPI(APICases):
    url = "/api/blockers/"
    model = Blocker
    zone_field = "project"

    def make(self, zone):
        return make_blocker(zone)

    def create_data(self, zone):
        return {
            "project": ProjectFactory(zone=zone).pk,
            "title": "征迁未完成",
            "category": "demolition",
            "level": "district",
            "responsible_unit": "征收办",
            "responsible_leader": "王副区长",
            "raised_on": "2026-11-20",
            "deadline": "2026-12-20",
        }

    def update_data(self, obj):
        return {"deadline": "2026-12-31", "responsible_unit": "住建局"}


class TestNoticeAPI(APICases):
    url = "/api/notices/"
    model = Notice
    zone_field = "project"

    def make(self, zone):
        return make_notice(zone)

    def create_data(self, zone):
        return {
            "project": ProjectFactory(zone=zone).pk,
            "unit": "供电公司",
            "issued_on": "2026-11-21",
            "deadline": "2026-11-30",
            "required_reply": "书面说明接电时间。",
        }

    def update_data(self, obj):
        return {"reply": "12月5日前完成接电。"}


@pytest.fixture
def api(frozen_today):
    cache.clear()  # API throttling counts requests in the cache
    return client_for


def transition(client, blocker, action, **body):
    return client.post(
        f"/api/blockers/{blocker.pk}/transition/", {"action": action, **body}, format="json"
    )


# -- blockers --------------------------------------------------------------------------------


def test_a_new_blocker_is_open_and_records_who_raised_it(api, alice, zone_a):
    data = TestBlockerAPI().create_data(zone_a) | {"status": "closed", "resolution": "无"}
    response = api(alice).post("/api/blockers/", data, format="json")
    assert response.status_code == 201, response.data
    assert response.data["status"] == "open"
    assert response.data["resolution"] == ""
    assert response.data["raised_by"] == "alice"


def test_it_walks_a_blocker_to_closure_over_the_api(api, alice, carol, zone_a):
    blocker = make_blocker(zone_a)
    response = transition(api(alice), blocker, "start", comment="已召开协调会")
    assert response.status_code == 200, response.data
    assert response.data["status"] == "in_progress"
    response = transition(api(alice), blocker, "resolve", resolution="指标已调剂")
    assert (response.data["status"], response.data["resolution"]) == ("resolved", "指标已调剂")
    response = transition(api(carol), blocker, "close")
    assert (response.data["status"], response.data["closed_on"]) == ("closed", "2026-11-22")
    steps = api(alice).get(f"/api/blockers/{blocker.pk}/steps/")
    assert [step["action"] for step in steps.data] == ["start", "resolve", "close"]
    assert steps.data[0]["comment"] == "已召开协调会"


def test_an_illegal_transition_is_409_with_a_clear_message(api, carol, zone_a):
    blocker = make_blocker(zone_a)
    response = api(carol, "zh-hans").post(
        f"/api/blockers/{blocker.pk}/transition/", {"action": "close"}, format="json"
    )
    assert response.status_code == 409
    assert response.data == {"detail": "状态为“未解决”的问题不能执行“确认销号”。"}
    assert Blocker.objects.get(pk=blocker.pk).status == "open"
    assert not blocker.steps.exists()


def test_closing_is_403_for_an_official(api, alice, zone_a):
    blocker = make_blocker(zone_a)
    transition(api(alice), blocker, "start")
    transition(api(alice), blocker, "resolve", resolution="已解决")
    response = transition(api(alice), blocker, "close")
    assert response.status_code == 403
    assert Blocker.objects.get(pk=blocker.pk).status == "resolved"


@pytest.mark.parametrize("who, status", [("dave", 403), ("bob", 404), (None, 401)])
def test_a_transition_by_someone_without_write_access_changes_nothing(
    api, request, zone_a, who, status
):
    blocker = make_blocker(zone_a)
    user = request.getfixturevalue(who) if who else None
    assert transition(api(user), blocker, "start").status_code == status
    assert Blocker.objects.get(pk=blocker.pk).status == "open"


def test_resolving_without_a_resolution_is_400_on_the_resolution(api, alice, zone_a):
    blocker = make_blocker(zone_a)
    transition(api(alice), blocker, "start")
    response = transition(api(alice), blocker, "resolve")
    assert response.status_code == 400
    assert list(response.data) == ["resolution"]
    assert Blocker.objects.get(pk=blocker.pk).status == "in_progress"


def test_an_unknown_action_is_400(api, alice, zone_a):
    response = transition(api(alice), make_blocker(zone_a), "delete")
    assert response.status_code == 400
    assert list(response.data) == ["action"]


def test_the_status_cannot_be_written_directly(api, alice, zone_a):
    blocker = make_blocker(zone_a)
    response = api(alice).patch(f"/api/blockers/{blocker.pk}/", {"status": "closed"}, format="json")
    assert response.status_code == 200
    assert Blocker.objects.get(pk=blocker.pk).status == "open"


def test_the_blocker_filters(api, alice, zone_a, zone_b, dave):
    late = make_blocker(zone_a, deadline=date(2026, 11, 21), category="funding")
    due = make_blocker(zone_a, deadline=date(2026, 11, 22), level="city")
    other = make_blocker(zone_b, deadline=date(2026, 11, 1))
    transition(api(alice), due, "start")

    def ids(**params):
        response = api(dave).get("/api/blockers/", params)
        assert response.status_code == 200, response.data
        return {row["id"] for row in response.data["results"]}

    assert ids(overdue="true") == {late.pk, other.pk}
    assert ids(overdue="false") == {due.pk}
    assert ids(zone=zone_a.pk) == {late.pk, due.pk}
    assert ids(status="in_progress") == {due.pk}
    assert ids(category="funding") == {late.pk}
    assert ids(level="city") == {due.pk}
    assert ids(project=other.project_id) == {other.pk}


def test_the_blocker_filters_of_the_list_are_the_apis_too(api, dave, city, zone_a, zone_b):
    county = RegionFactory(code="JS-ZJ-DY", parent=city)
    zone_c = ZoneFactory(code="ZC", region=county)
    power = make_blocker(
        zone_a,
        responsible_unit="供电公司",
        responsible_leader="王副市长",
        raised_on=date(2026, 10, 1),
    )
    plan = make_blocker(zone_b, responsible_unit="规划局", raised_on=date(2026, 11, 1))
    below = make_blocker(zone_c, responsible_unit="生态环境局", raised_on=date(2026, 11, 20))

    def ids(**params):
        response = api(dave).get("/api/blockers/", params)
        assert response.status_code == 200, response.data
        return {row["id"] for row in response.data["results"]}

    assert ids(region=city.pk) == {power.pk, plan.pk, below.pk}
    assert ids(region=county.pk) == {below.pk}
    assert ids(responsible_unit="局") == {plan.pk, below.pk}
    assert ids(responsible_leader="王") == {power.pk}
    # Raised before 2026-11-01 (21 days before the 22nd): October's only.
    assert ids(older_than=21) == {power.pk}
    assert ids(older_than=2) == {power.pk, plan.pk}
    assert api(dave).get("/api/blockers/", {"older_than": -1}).status_code == 400
    # Ten years (3650 days) at most: schemathesis' 99999999999 days overflowed the date (500).
    assert ids(older_than=3650) == set()
    assert api(dave).get("/api/blockers/", {"older_than": 3651}).status_code == 400
    assert api(dave).get("/api/blockers/", {"older_than": 99999999999}).status_code == 400


# -- notices ---------------------------------------------------------------------------------


def test_notices_are_numbered_per_zone_and_year(api, alice, bob, zone_a, zone_b):
    make_notice(zone_a, issued_on=date(2025, 12, 30))
    numbers = []
    for user, zone in ((alice, zone_a), (alice, zone_a), (bob, zone_b)):
        data = TestNoticeAPI().create_data(zone) | {"number": "〔2026〕99号"}
        response = api(user).post("/api/notices/", data, format="json")
        assert response.status_code == 201, response.data
        numbers.append(response.data["number"])
    assert numbers == ["〔2026〕1号", "〔2026〕2号", "〔2026〕1号"]


def test_a_notice_on_a_blocker_takes_its_project_and_zone(api, alice, zone_a):
    blocker = make_blocker(zone_a)
    data = {
        "blocker": blocker.pk,
        "unit": "自然资源和规划局",
        "deadline": "2026-11-29",
        "required_reply": "说明办理进度。",
    }
    response = api(alice).post("/api/notices/", data, format="json")
    assert response.status_code == 201, response.data
    assert (response.data["project"], response.data["zone"]) == (blocker.project_id, zone_a.pk)
    assert (response.data["issued_on"], response.data["status"]) == ("2026-11-22", "issued")


def test_a_notice_needs_a_blocker_or_a_project(api, alice, zone_a):
    data = {"zone": zone_a.pk, "unit": "供电公司", "deadline": "2026-11-29", "required_reply": "x"}
    response = api(alice).post("/api/notices/", data, format="json")
    assert response.status_code == 400
    assert list(response.data) == ["project"]
    assert not Notice.objects.exists()


def test_a_notice_refuses_a_project_of_another_blocker(api, alice, zone_a):
    blocker = make_blocker(zone_a)
    data = TestNoticeAPI().create_data(zone_a) | {"blocker": blocker.pk}
    response = api(alice).post("/api/notices/", data, format="json")
    assert response.status_code == 400
    assert list(response.data) == ["project"]


def test_a_reply_marks_the_notice_replied_on_the_day(api, alice, zone_a):
    notice = make_notice(zone_a)
    response = api(alice).patch(f"/api/notices/{notice.pk}/", {"reply": "已落实。"}, format="json")
    assert response.status_code == 200, response.data
    assert (response.data["status"], response.data["replied_on"]) == ("replied", "2026-11-22")
    assert response.data["number"] == notice.number == "〔2026〕1号"


# -- locks: two requests at once apply one after the other ----------------------------------


def for_update(queries, table):
    return [q["sql"] for q in queries if "FOR UPDATE" in q["sql"] and table in q["sql"]]


def test_a_transition_locks_the_blocker_it_checks(api, alice, zone_a):
    # Without the lock two people could both start (or close) the same blocker.
    blocker = make_blocker(zone_a)
    with CaptureQueriesContext(connection) as queries:
        assert transition(api(alice), blocker, "start").status_code == 200
    expected = 1 if connection.features.has_select_for_update else 0
    assert len(for_update(queries, "supervision_blocker")) == expected


def test_numbering_a_notice_locks_its_zone(api, alice, zone_a):
    # Without the lock two notices issued at once would read the same last number.
    data = TestNoticeAPI().create_data(zone_a)
    with CaptureQueriesContext(connection) as queries:
        assert api(alice).post("/api/notices/", data, format="json").status_code == 201
    expected = 1 if connection.features.has_select_for_update else 0
    assert len(for_update(queries, "parks_zone")) == expected


def test_the_database_refuses_a_second_notice_with_the_same_number(zone_a):
    notice = make_notice(zone_a)
    twin = make_notice(zone_a)
    twin.seq = notice.seq
    with pytest.raises(IntegrityError), transaction.atomic():
        twin.save()


def test_a_notice_on_a_closed_blocker_is_refused_and_nothing_is_written(api, carol, zone_a):
    blocker = make_blocker(zone_a)
    blocker.transition("start", carol)
    blocker.transition("resolve", carol, resolution="已解决")
    blocker.transition("close", carol)
    data = TestNoticeAPI().create_data(zone_a) | {"blocker": blocker.pk}
    del data["project"]  # taken from the blocker
    response = api(carol).post("/api/notices/", data, format="json")
    assert response.status_code == 400
    assert response.data == {"blocker": ["已解决或已销号的问题无需督办。"]}
    assert not Notice.objects.exists()


def test_a_zone_lead_assigns_over_the_api_and_the_steps_show_to_whom(api, carol, zone_a):
    blocker = make_blocker(zone_a)
    response = transition(
        api(carol),
        blocker,
        "assign",
        responsible_unit="供电公司",
        responsible_leader="李局长",
        deadline="2026-12-10",
    )
    assert response.status_code == 200, response.data
    assert (response.data["responsible_unit"], response.data["deadline"]) == (
        "供电公司",
        "2026-12-10",
    )
    steps = api(carol).get(f"/api/blockers/{blocker.pk}/steps/").data
    assert [(s["action"], s["unit"], s["leader"], s["deadline"]) for s in steps] == [
        ("assign", "供电公司", "李局长", "2026-12-10")
    ]


def test_an_assignment_without_a_unit_is_400_on_the_unit(api, carol, zone_a):
    blocker = make_blocker(zone_a)
    response = transition(api(carol), blocker, "assign", deadline="2026-12-10")
    assert response.status_code == 400
    assert list(response.data) == ["responsible_unit"]
    assert Blocker.objects.get(pk=blocker.pk).deadline == date(2026, 11, 30)
