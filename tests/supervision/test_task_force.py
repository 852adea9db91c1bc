"""/api/task-force-members/: the shared cases, the lead-first order and who reads the phone."""

import pytest

from supervision.choices import TaskForceRole
from supervision.models import TaskForceMember
from tests.api.cases import APICases, client_for
from tests.factories import ProjectFactory


def make_member(zone=None, project=None, **fields):
    project = project or ProjectFactory(zone=zone)
    values = {
        "name": "张伟",
        "unit": "经济发展局",
        "position": "副局长",
        "role": TaskForceRole.MEMBER,
        "duty": "协调用电报装",
        "phone": "0511-88886666",
    }
    return TaskForceMember.objects.create(project=project, **(values | fields))


class TestTaskForceMemberAPI(APICases):
    url = "/api/task-force-members/"
    model = TaskForceMember
    zone_field = "project"

    def make(self, zone):
        return make_member(zone)

    def create_data(self, zone):
        return {
            "project": ProjectFactory(zone=zone).pk,
            "name": "李娜",
            "unit": "自然资源和规划局",
            "position": "科长",
            "role": "lead",
            "duty": "专班组长，统筹用地报批",
            "phone": "13800001111",
        }

    def update_data(self, obj):
        return {"duty": "负责征迁协调", "phone": "13900002222"}


@pytest.fixture
def api(frozen_today):
    return client_for


def test_the_lead_comes_first_then_the_members_in_the_order_they_were_added(api, alice, zone_a):
    project = ProjectFactory(zone=zone_a)
    first = make_member(project=project, name="成员甲")
    lead = make_member(project=project, name="组长", role=TaskForceRole.LEAD)
    second = make_member(project=project, name="成员乙")
    response = api(alice).get("/api/task-force-members/", {"project": project.pk})
    assert [row["id"] for row in response.data["results"]] == [lead.pk, first.pk, second.pk]


def test_the_zone_official_and_the_city_leadership_read_the_phone(api, alice, dave, zone_a):
    member = make_member(zone_a, phone="13800001111")
    for user in (alice, dave):
        response = api(user).get(f"/api/task-force-members/{member.pk}/")
        assert response.data["phone"] == "13800001111", user.username


def test_anyone_outside_the_zone_and_the_regions_above_it_gets_an_empty_phone(bob, zone_a):
    member = TaskForceMember.objects.select_related("project__zone__region").get(
        pk=make_member(zone_a, phone="13800001111").pk
    )
    assert member.phone_for(bob) == ""
    assert member.phone_for(None) == ""


def test_it_refuses_a_phone_with_letters_and_writes_nothing(api, alice, zone_a):
    data = TestTaskForceMemberAPI().create_data(zone_a) | {"phone": "call me"}
    response = api(alice).post("/api/task-force-members/", data, format="json")
    assert response.status_code == 400
    assert list(response.data) == ["phone"]
    assert not TaskForceMember.objects.exists()
