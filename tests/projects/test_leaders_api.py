"""/api/leaders/ (the shared cases) and a project's ``leaders`` over /api/projects/."""

import pytest
from django.core.cache import cache

from parks.choices import Role
from projects.models import Leader, Project
from tests.api.cases import APICases, client_for
from tests.factories import (
    LeaderFactory,
    MembershipFactory,
    ProjectFactory,
    RegionFactory,
    UserFactory,
    ZoneFactory,
)


@pytest.fixture
def official_of_another_city(db):
    """Frank: official of a zone in another province, who sees none of 镇江's leaders."""
    other = RegionFactory(name="安徽省", code="AH")
    frank = UserFactory(username="frank")
    MembershipFactory(user=frank, zone=ZoneFactory(code="ZX", region=other), role=Role.OFFICIAL)
    return frank


class TestLeaderAPI(APICases):
    url = "/api/leaders/"
    model = Leader
    writer = "carol"  # a zone lead
    reader = "alice"  # an official reads the leaders of its city
    outsider = "official_of_another_city"
    outsider_create_status = outsider_write_status = 403  # an official writes no leader
    zone_field = "region"

    def make(self, zone):
        return LeaderFactory(region=zone.region)

    def create_data(self, zone):
        return {
            "name": "王建国",
            "title": "副市长",
            "level": "city",
            "region": zone.region.pk,
            "user": None,
        }

    def update_data(self, obj):
        return {"title": "常务副市长", "level": "district"}


@pytest.fixture
def api(frozen_today):
    cache.clear()  # API throttling counts requests in the cache
    return client_for


def test_a_project_takes_its_leaders_primary_first_and_names_the_primary(api, alice, zone_a):
    deputy = LeaderFactory(name="李副区长", region=zone_a.region)
    mayor = LeaderFactory(name="王市长", region=zone_a.region.parent)  # the province above
    project = ProjectFactory(zone=zone_a)

    url = f"/api/projects/{project.pk}/"
    response = api(alice).patch(url, {"leaders": [mayor.pk, deputy.pk]}, format="json")

    assert response.status_code == 200, response.data
    assert (response.data["leaders"], response.data["leader"]) == ([mayor.pk, deputy.pk], "王市长")
    assert api(alice).get(url).data["leaders"] == [mayor.pk, deputy.pk]
    project.refresh_from_db()
    assert project.leader == "王市长"
    swapped = api(alice).patch(url, {"leaders": [deputy.pk, mayor.pk]}, format="json")
    assert (swapped.data["leaders"], swapped.data["leader"]) == ([deputy.pk, mayor.pk], "李副区长")


def test_it_refuses_a_leader_of_a_region_beside_the_zone_and_writes_nothing(
    api, alice, zone_a, city
):
    county = RegionFactory(name="丹徒区", code="JS-ZJ-DT", parent=city)
    elsewhere = LeaderFactory(name="赵区长", region=county)
    dave_leader = LeaderFactory(name="王市长", region=city)
    project = ProjectFactory(zone=zone_a)
    project.set_leaders([dave_leader])

    # The county holds none of alice's zones: for her its leader does not exist.
    hidden = api(alice).patch(
        f"/api/projects/{project.pk}/", {"leaders": [elsewhere.pk]}, format="json"
    )
    assert hidden.status_code == 400
    assert list(hidden.data) == ["leaders"]

    admin = UserFactory(username="root", is_superuser=True)
    response = api(admin, language="en").patch(
        f"/api/projects/{project.pk}/", {"leaders": [elsewhere.pk]}, format="json"
    )
    assert response.status_code == 400
    assert response.data == {
        "leaders": ["赵区长 is a leader of 丹徒区, which does not include the zone 镇江新区."]
    }
    assert list(project.project_leaders.values_list("leader__name", flat=True)) == ["王市长"]
    assert Project.objects.get(pk=project.pk).leader == "王市长"


def test_leadership_reads_leaders_but_may_not_write_them(api, dave, city):
    leader = LeaderFactory(region=city)
    assert api(dave).get(f"/api/leaders/{leader.pk}/").status_code == 200
    response = api(dave).patch(f"/api/leaders/{leader.pk}/", {"title": "市长"}, format="json")
    assert response.status_code == 403


def test_it_refuses_to_delete_a_leader_who_still_answers_for_a_project(api, carol, zone_a):
    leader = LeaderFactory(region=zone_a.region)
    ProjectFactory(zone=zone_a).set_leaders([leader])
    response = api(carol).delete(f"/api/leaders/{leader.pk}/")
    assert response.status_code == 400
    assert Leader.objects.filter(pk=leader.pk).exists()


def test_a_leader_links_one_user_account_at_most(api, carol, alice, zone_a):
    LeaderFactory(region=zone_a.region, user=alice)
    data = {"name": "孙书记", "level": "zone", "region": zone_a.region.pk, "user": "alice"}
    response = api(carol).post("/api/leaders/", data, format="json")
    assert response.status_code == 400
    assert list(response.data) == ["user"]
